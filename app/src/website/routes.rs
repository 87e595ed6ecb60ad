//! Every public page of the website, in one list: the sitemap and the tests read it;
//! `App`'s router must (and a test checks that it does) serve each of them.

/// Paths of the public website pages.
pub const PUBLIC_PAGES: &[&str] = &[
    "/",
    "/about",
    "/contact",
    "/partners",
    "/demo",
    "/status",
    "/roadmap",
    "/changelog",
    "/migration",
    "/brand",
    "/sla",
    "/cookies",
    "/terms",
    "/privacy",
    "/dpa",
];

/// Pages with an intake form (`forms::IntakeForm`): the server answers a post
/// to them by rendering the page with the posted form.
pub const FORM_PAGES: &[&str] = &["/", "/demo"];

/// Legal documents we have but have not published on the site yet: their slugs get
/// a "contact us" page instead of the not-found page.
pub const PENDING_LEGAL_SLUGS: &[&str] = &["subprocessors", "acceptable-use", "security"];

/// `sitemap.xml` for the public origin.
pub fn sitemap_xml(origin: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for path in PUBLIC_PAGES {
        let loc = format!("{origin}{path}");
        xml.push_str(&format!("  <url>\n    <loc>{loc}</loc>\n"));
        if *path != "/brand" {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"da\" href=\"{loc}\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{loc}?lang=en\"/>\n"
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything public may be indexed; the portals may not.
pub fn robots_txt(origin: &str) -> String {
    let disallow: String = crate::faces::signed_in_prefixes()
        .map(|p| format!("Disallow: /{p}/\n"))
        .collect();
    format!("User-agent: *\nAllow: /\n{disallow}\nSitemap: {origin}/sitemap.xml\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_every_page_once() {
        let xml = sitemap_xml("https://dezky.eu");
        for page in PUBLIC_PAGES {
            assert_eq!(
                xml.matches(&format!("<loc>https://dezky.eu{page}</loc>"))
                    .count(),
                1,
                "{page}"
            );
        }
        assert!(!xml.contains("dezky.com"));
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        let robots = robots_txt("https://dezky.eu");
        assert!(robots.contains("Sitemap: https://dezky.eu/sitemap.xml"));
        for face in ["/portal/", "/admin/", "/partner/", "/operator/"] {
            assert!(robots.contains(&format!("Disallow: {face}")), "{face}");
        }
    }
}

//! THE face table: which URL prefixes belong to which face, which OIDC client
//! signs people into it, and its navigation. The server's area guard, robots.txt
//! and every signed-in shell read this one table; the router declares each
//! face's pages under the same prefixes.
//!
//! Adding a page to a signed-in face: add its route in `app.rs` and, if it has a
//! place in the sidebar, a [`NavItem`] here (see docs/ARCHITECTURE.md).
use crate::domain::model::ClientKind;
use crate::domain::views::Attention;

/// The four faces of the product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    Website,
    Portal,
    Partner,
    Operator,
}

impl Face {
    /// The face's name on the wire (`operator`), for server functions that
    /// serve several faces.
    pub fn key(self) -> &'static str {
        match self {
            Face::Website => "website",
            Face::Portal => "portal",
            Face::Partner => "partner",
            Face::Operator => "operator",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [Face::Website, Face::Portal, Face::Partner, Face::Operator]
            .into_iter()
            .find(|f| f.key() == key)
    }
}

/// A sidebar label; translated by the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavLabel {
    Home,
    Overview,
    Members,
    Audit,
    Customers,
    Flags,
    Infrastructure,
    SsoApps,
    Security,
    Domains,
    PartnerAccess,
    Team,
    Users,
    Tenants,
    Partners,
    Settings,
    Branding,
    Billing,
    Pricing,
    Reports,
    // Group headings.
    Personal,
    Organisation,
    Partner,
    Platform,
}

/// One sidebar link.
#[derive(Clone, Copy, Debug)]
pub struct NavItem {
    pub href: &'static str,
    pub label: NavLabel,
    /// Stable id for tests (`nav-admin`).
    pub test_id: &'static str,
    /// Shown only to admins of a tenant (the pages refuse others anyway).
    pub tenant_admin_only: bool,
    /// The count shown as a badge on the entry, when there is something.
    pub attention: Option<Attention>,
}

/// A titled group of sidebar links.
#[derive(Clone, Copy, Debug)]
pub struct NavGroup {
    pub heading: NavLabel,
    pub items: &'static [NavItem],
}

#[derive(Clone, Copy, Debug)]
pub struct FaceSpec {
    pub face: Face,
    /// First path segments that belong to this face.
    pub prefixes: &'static [&'static str],
    /// The OIDC client of a signed-in face (None: the public website).
    pub client: Option<ClientKind>,
    pub nav: &'static [NavGroup],
}

const fn item(href: &'static str, label: NavLabel, test_id: &'static str) -> NavItem {
    NavItem {
        href,
        label,
        test_id,
        tenant_admin_only: false,
        attention: None,
    }
}

const fn admin_item(href: &'static str, label: NavLabel, test_id: &'static str) -> NavItem {
    NavItem {
        tenant_admin_only: true,
        ..item(href, label, test_id)
    }
}

const fn badged(
    href: &'static str,
    label: NavLabel,
    test_id: &'static str,
    attention: Attention,
) -> NavItem {
    NavItem {
        attention: Some(attention),
        ..item(href, label, test_id)
    }
}

pub const FACES: [FaceSpec; 4] = [
    FaceSpec {
        face: Face::Portal,
        prefixes: &["portal", "admin"],
        client: Some(ClientKind::Portal),
        nav: &[
            NavGroup {
                heading: NavLabel::Personal,
                items: &[item("/portal", NavLabel::Home, "nav-portal")],
            },
            NavGroup {
                heading: NavLabel::Organisation,
                items: &[
                    admin_item("/admin", NavLabel::Overview, "nav-admin"),
                    admin_item("/admin/users", NavLabel::Members, "nav-admin-users"),
                    NavItem {
                        attention: Some(Attention::DomainsNeedAttention),
                        ..admin_item("/admin/domains", NavLabel::Domains, "nav-domains")
                    },
                    admin_item("/admin/security", NavLabel::Security, "nav-security"),
                    NavItem {
                        attention: Some(Attention::AccessRequests),
                        ..admin_item(
                            "/admin/partner-access",
                            NavLabel::PartnerAccess,
                            "nav-partner-access",
                        )
                    },
                    admin_item("/admin/apps", NavLabel::SsoApps, "nav-sso-apps"),
                    admin_item("/admin/branding", NavLabel::Branding, "nav-branding"),
                    admin_item("/admin/billing", NavLabel::Billing, "nav-billing"),
                    admin_item("/admin/audit", NavLabel::Audit, "nav-tenant-audit"),
                ],
            },
        ],
    },
    FaceSpec {
        face: Face::Partner,
        prefixes: &["partner"],
        client: Some(ClientKind::Portal),
        nav: &[NavGroup {
            heading: NavLabel::Partner,
            items: &[
                badged(
                    "/partner",
                    NavLabel::Customers,
                    "nav-partner",
                    Attention::SuspendedCustomers,
                ),
                item("/partner/team", NavLabel::Team, "nav-partner-team"),
                item("/partner/billing", NavLabel::Billing, "nav-partner-billing"),
                item("/partner/reports", NavLabel::Reports, "nav-partner-reports"),
                item(
                    "/partner/settings",
                    NavLabel::Settings,
                    "nav-partner-settings",
                ),
            ],
        }],
    },
    FaceSpec {
        face: Face::Operator,
        prefixes: &["operator"],
        client: Some(ClientKind::Operator),
        nav: &[NavGroup {
            heading: NavLabel::Platform,
            items: &[
                item("/operator", NavLabel::Overview, "nav-overview"),
                item("/operator/tenants", NavLabel::Tenants, "nav-tenants"),
                item("/operator/partners", NavLabel::Partners, "nav-partners"),
                item(
                    "/operator/billing",
                    NavLabel::Billing,
                    "nav-operator-billing",
                ),
                item("/operator/pricing", NavLabel::Pricing, "nav-pricing"),
                item("/operator/reports", NavLabel::Reports, "nav-reports"),
                badged(
                    "/operator/audit",
                    NavLabel::Audit,
                    "nav-audit",
                    Attention::AuditFailures,
                ),
                item("/operator/flags", NavLabel::Flags, "nav-flags"),
                item(
                    "/operator/infrastructure",
                    NavLabel::Infrastructure,
                    "nav-infrastructure",
                ),
                item("/operator/users", NavLabel::Users, "nav-users"),
                item("/operator/team", NavLabel::Team, "nav-team"),
            ],
        }],
    },
    FaceSpec {
        face: Face::Website,
        prefixes: &[],
        client: None,
        nav: &[],
    },
];

/// The face a path belongs to, by its first segment (the website for anything
/// not claimed by a signed-in face).
pub fn face_of(path: &str) -> &'static FaceSpec {
    let first = path
        .trim_start_matches('/')
        .split(['/', '?'])
        .next()
        .unwrap_or("");
    FACES
        .iter()
        .find(|f| f.prefixes.contains(&first))
        .unwrap_or(&FACES[3])
}

/// The table entry of a face.
pub fn spec(face: Face) -> &'static FaceSpec {
    FACES.iter().find(|f| f.face == face).unwrap_or(&FACES[3])
}

/// The attention kinds a face's sidebar shows (none: the shell asks nothing).
pub fn attention_of(face: Face) -> impl Iterator<Item = Attention> {
    spec(face)
        .nav
        .iter()
        .flat_map(|g| g.items.iter())
        .filter_map(|i| i.attention)
}

/// Every prefix of a signed-in face (`/portal/`, `/admin/`, ...): never indexed.
pub fn signed_in_prefixes() -> impl Iterator<Item = &'static str> {
    FACES
        .iter()
        .filter(|f| f.client.is_some())
        .flat_map(|f| f.prefixes.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_belong_to_faces_by_their_first_segment() {
        assert_eq!(face_of("/operator").face, Face::Operator);
        assert_eq!(face_of("/operator/flags").face, Face::Operator);
        assert_eq!(face_of("/admin").face, Face::Portal);
        assert_eq!(face_of("/admin/audit?x=1").face, Face::Portal);
        assert_eq!(face_of("/partner").face, Face::Partner);
        assert_eq!(
            face_of("/partners").face,
            Face::Website,
            "the public partner page"
        );
        assert_eq!(face_of("/").face, Face::Website);
        assert_eq!(face_of("/portalx").face, Face::Website);
    }

    #[test]
    fn face_keys_round_trip() {
        for spec in FACES {
            assert_eq!(Face::parse(spec.face.key()), Some(spec.face));
        }
        assert_eq!(Face::parse("nonsense"), None);
    }

    #[test]
    fn every_nav_link_stays_in_its_face() {
        for spec in FACES {
            for group in spec.nav {
                for item in group.items {
                    assert_eq!(face_of(item.href).face, spec.face, "{}", item.href);
                }
            }
        }
    }
}

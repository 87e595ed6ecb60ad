//! A tenant's own single-sign-on applications: what the admin types, checked
//! the same way in the browser and on the server.
use super::slug;
use super::validate::FieldError;
use serde::{Deserialize, Serialize};

/// An application as the tenant admin typed it: the redirect addresses one
/// per line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoAppForm {
    pub name: String,
    pub redirect_uris: String,
    pub launch_url: String,
}

/// A checked application, ready for the identity provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedSsoApp {
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub launch_url: Option<String>,
}

/// A tenant's single-sign-on application (an OAuth2/OIDC provider plus the
/// application that exposes it, bound to the tenant's group).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoApp {
    pub slug: String,
    pub name: String,
    pub provider_id: i64,
    pub client_id: String,
    pub redirect_uris: Vec<String>,
    pub launch_url: Option<String>,
}

/// The client secret is shown once, when the app is made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedSsoApp {
    pub app: SsoApp,
    pub client_secret: String,
}

const MAX_URIS: usize = 10;

fn fail(field: &'static str, reason: &'static str) -> FieldError {
    FieldError { field, reason }
}

/// An address the identity provider may send people back to: `https://`, or
/// `http://` only to this machine (development), with a host, without a
/// fragment or spaces.
pub fn valid_app_url(url: &str) -> bool {
    let rest = if let Some(r) = url.strip_prefix("https://") {
        r
    } else if let Some(r) = url.strip_prefix("http://") {
        let host = r.split(['/', ':', '?']).next().unwrap_or_default();
        if host != "localhost" && host != "127.0.0.1" {
            return false;
        }
        r
    } else {
        return false;
    };
    let host = rest.split(['/', '?']).next().unwrap_or_default();
    let host_name = host.rsplit_once(':').map_or(host, |(h, _)| h);
    !host_name.is_empty()
        && host_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
        && !host_name.starts_with(['.', '-'])
        && url.len() <= 2000
        && !url.contains('#')
        && !url.chars().any(char::is_whitespace)
}

impl SsoAppForm {
    pub fn checked(&self) -> Result<CheckedSsoApp, FieldError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(fail("name", "required"));
        }
        if name.chars().count() > 80 {
            return Err(fail("name", "too_long"));
        }
        if slug::derive(name).is_empty() {
            return Err(fail("name", "no_letters"));
        }
        let uris: Vec<String> = self
            .redirect_uris
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if uris.is_empty() {
            return Err(fail("redirect_uris", "required"));
        }
        if uris.len() > MAX_URIS {
            return Err(fail("redirect_uris", "too_many"));
        }
        if !uris.iter().all(|u| valid_app_url(u)) {
            return Err(fail("redirect_uris", "invalid_url"));
        }
        let launch = self.launch_url.trim();
        if !launch.is_empty() && !valid_app_url(launch) {
            return Err(fail("launch_url", "invalid_url"));
        }
        Ok(CheckedSsoApp {
            name: name.to_owned(),
            redirect_uris: uris,
            launch_url: (!launch.is_empty()).then(|| launch.to_owned()),
        })
    }
}

/// The application's slug at the identity provider: the tenant's slug and
/// the name's, so two tenants' "Intranet" never collide.
pub fn app_slug(tenant_slug: &str, name: &str) -> String {
    let mut s = format!("{tenant_slug}-{}", slug::derive(name));
    s.truncate(50);
    s.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, uris: &str, launch: &str) -> SsoAppForm {
        SsoAppForm {
            name: name.into(),
            redirect_uris: uris.into(),
            launch_url: launch.into(),
        }
    }

    #[test]
    fn an_app_is_checked_field_by_field() {
        let ok = form(
            " Intranet ",
            "https://intra.example.dk/callback\n\n http://localhost:3000/cb ",
            "https://intra.example.dk/",
        )
        .checked()
        .unwrap();
        assert_eq!(ok.name, "Intranet");
        assert_eq!(
            ok.redirect_uris,
            [
                "https://intra.example.dk/callback",
                "http://localhost:3000/cb"
            ]
        );
        assert_eq!(ok.launch_url.as_deref(), Some("https://intra.example.dk/"));
        for (f, field, reason) in [
            (form("", "https://a.dk/cb", ""), "name", "required"),
            (form("!!!", "https://a.dk/cb", ""), "name", "no_letters"),
            (form("A", "  \n", ""), "redirect_uris", "required"),
            (
                form("A", "http://a.dk/cb", ""),
                "redirect_uris",
                "invalid_url",
            ),
            (
                form("A", "https://a.dk/cb#x", ""),
                "redirect_uris",
                "invalid_url",
            ),
            (form("A", "https:///cb", ""), "redirect_uris", "invalid_url"),
            (form("A", "ftp://a.dk", ""), "redirect_uris", "invalid_url"),
            (
                form("A", "https://a.dk/cb", "javascript:alert(1)"),
                "launch_url",
                "invalid_url",
            ),
        ] {
            assert_eq!(
                f.checked().unwrap_err(),
                FieldError { field, reason },
                "{f:?}"
            );
        }
        let many = (0..11)
            .map(|i| format!("https://a.dk/{i}\n"))
            .collect::<String>();
        assert_eq!(
            form("A", &many, "").checked().unwrap_err().reason,
            "too_many"
        );
    }

    #[test]
    fn app_slugs_carry_the_tenant() {
        assert_eq!(
            app_slug("fjord-tandklinik", "Intranet & Løn"),
            "fjord-tandklinik-intranet-loen"
        );
    }
}

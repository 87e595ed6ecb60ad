//! The files-admin port: people's accounts and drives at the files server
//! (OCIS' libregraph API). The adapter is `server/src/integrations/ocis/`; it
//! authenticates as a service user through a refresh token obtained once
//! (`dezky files-bootstrap`) and rotated on every use. Its contract suite runs
//! through Prism serving libre-graph-api v1.0 in front of `dev/files`.
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A person's account at the files server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilesUser {
    pub id: String,
    /// The sign-in name (`onPremisesSamAccountName`): dezky uses the email.
    pub username: String,
    pub display_name: String,
    pub email: String,
    /// False: the person cannot use files (suspended); files are kept.
    pub enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFilesUser {
    pub email: String,
    pub display_name: String,
}

/// Space used and allowed (defined with the views: the pages show it).
pub use crate::domain::views::Quota;

/// A drive (OCIS "space"): a person's own, or a shared project drive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drive {
    pub id: String,
    pub name: String,
    /// `personal`, `project`, ... as the server says.
    pub kind: String,
    /// The files-server user id of the owner (personal drives).
    pub owner_id: Option<String>,
    pub quota: Quota,
}

#[async_trait]
pub trait FilesAdmin: Send + Sync + 'static {
    /// "https://files.dezky.eu/graph/", never a token.
    fn describe(&self) -> String;
    /// One authenticated round trip as the service user (a token can be
    /// minted and the files server accepts it).
    async fn check(&self) -> Result<(), FilesAdminError>;

    async fn find_user(&self, email: &str) -> Result<Option<FilesUser>, FilesAdminError>;
    async fn create_user(&self, user: &NewFilesUser) -> Result<FilesUser, FilesAdminError>;
    async fn set_enabled(&self, id: &str, enabled: bool) -> Result<FilesUser, FilesAdminError>;
    /// Removes the account and its personal drive.
    async fn delete_user(&self, id: &str) -> Result<(), FilesAdminError>;
    /// Every drive on the server with its quota (an admin listing).
    async fn drives(&self) -> Result<Vec<Drive>, FilesAdminError>;
}

/// Files-admin failures: the shared API error, with `System::Files`.
pub type FilesAdminError = super::api_error::ApiError;

/// Storage of a set of people (a tenant): the sum over their personal
/// drives; a person without a drive yet counts nothing, and without any
/// drive there is no limit to speak of (`total` None).
pub fn storage_of(drives: &[Drive], owners: &[&str]) -> Quota {
    let mut sum = Quota {
        used: 0,
        total: Some(0),
    };
    let mut any = false;
    for d in drives.iter().filter(|d| {
        d.kind == "personal" && d.owner_id.as_deref().is_some_and(|o| owners.contains(&o))
    }) {
        any = true;
        sum.used += d.quota.used;
        sum.total = match (sum.total, d.quota.total) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
    }
    if !any {
        sum.total = None;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drive(owner: &str, used: u64, total: Option<u64>) -> Drive {
        Drive {
            id: format!("d-{owner}"),
            name: owner.into(),
            kind: "personal".into(),
            owner_id: Some(owner.into()),
            quota: Quota { used, total },
        }
    }

    #[test]
    fn a_tenants_storage_sums_its_peoples_drives() {
        let drives = [
            drive("a", 10, Some(100)),
            drive("b", 5, Some(100)),
            drive("c", 7, Some(100)),
        ];
        assert_eq!(
            storage_of(&drives, &["a", "b"]),
            Quota {
                used: 15,
                total: Some(200)
            }
        );
        let unlimited = [drive("a", 10, Some(100)), drive("b", 5, None)];
        assert_eq!(storage_of(&unlimited, &["a", "b"]).total, None);
        assert_eq!(
            storage_of(&drives, &[]),
            Quota {
                used: 0,
                total: None
            }
        );
    }
}

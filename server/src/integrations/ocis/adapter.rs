//! `FilesAdmin` over OCIS' libregraph (`/graph/v1.0/`), as the service user:
//! each call carries an access token from the `TokenSource`; a 401 drops it
//! and the call is tried once more with a fresh one.
use super::{OcisConfig, TokenSource};
use crate::auth::sealed::TokenKeys;
use crate::integrations::http_api::{Credential, Failure, JsonApi};
use app::domain::System;
use app::ports::api_error::ApiErrorKind as Kind;
use app::ports::files_admin::{
    Drive, FilesAdmin, FilesAdminError as Error, FilesUser, NewFilesUser, Quota,
};
use app::repo::Repo;
use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::sync::Arc;

pub struct Ocis {
    api: JsonApi,
    tokens: Arc<TokenSource>,
}

fn err(op: &'static str, kind: Kind) -> Error {
    Error::new(System::Files, op, kind)
}

#[derive(Deserialize)]
struct User {
    id: String,
    #[serde(rename = "displayName", default)]
    display_name: String,
    #[serde(default)]
    mail: Option<String>,
    #[serde(rename = "onPremisesSamAccountName", default)]
    username: String,
    #[serde(rename = "accountEnabled", default)]
    enabled: Option<bool>,
}

#[derive(Deserialize)]
struct Collection<T> {
    #[serde(default = "Vec::new")]
    value: Vec<T>,
}

#[derive(Deserialize)]
struct WireDrive {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(rename = "driveType", default)]
    drive_type: String,
    #[serde(default)]
    owner: Option<Value>,
    #[serde(default)]
    quota: Option<WireQuota>,
}

#[derive(Deserialize)]
struct WireQuota {
    #[serde(default)]
    used: Option<u64>,
    #[serde(default)]
    total: Option<u64>,
}

fn user(u: User) -> FilesUser {
    FilesUser {
        id: u.id,
        email: u.mail.unwrap_or_default(),
        username: u.username,
        display_name: u.display_name,
        // OCIS leaves it out for an enabled account.
        enabled: u.enabled.unwrap_or(true),
    }
}

fn drive(d: WireDrive) -> Drive {
    let quota = d.quota.map_or_else(Quota::default, |q| Quota {
        used: q.used.unwrap_or(0),
        // OCIS reports 0 for "no limit".
        total: q.total.filter(|t| *t > 0),
    });
    Drive {
        id: d.id,
        name: d.name,
        kind: d.drive_type,
        owner_id: d
            .owner
            .as_ref()
            .and_then(|o| o.pointer("/user/id"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        quota,
    }
}

impl Ocis {
    pub fn new(config: &OcisConfig, repo: Repo, keys: Arc<TokenKeys>) -> Result<Self, String> {
        let tokens = Arc::new(TokenSource::new(config, repo, keys)?);
        Self::with_tokens(config, tokens)
    }

    pub fn with_tokens(config: &OcisConfig, tokens: Arc<TokenSource>) -> Result<Self, String> {
        let base = format!("{}/graph/", config.url.trim_end_matches('/'));
        let api = JsonApi::with_credential(
            &base,
            Credential::Bearer(secrecy::SecretString::from(String::new())),
            config.timeout,
        )
        .map_err(|e| format!("files: {e}"))?;
        Ok(Self { api, tokens })
    }

    pub fn tokens(&self) -> &Arc<TokenSource> {
        &self.tokens
    }

    /// A user by OCIS id; None when there is none (any more).
    pub async fn user_by_id(&self, id: &str) -> Result<Option<FilesUser>, Error> {
        match self
            .json::<User>("look up user", Method::GET, &user_path(id), &[], None)
            .await
        {
            Ok(u) => Ok(Some(user(u))),
            Err(e) if e.kind == Kind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// One call as the service user; a 401 is retried once with a new token.
    async fn send(
        &self,
        op: &'static str,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Vec<u8>, Error> {
        for attempt in 0..2 {
            let token = self.tokens.access_token().await.map_err(|k| err(op, k))?;
            let mut api = self.api.clone();
            api.set_token(token);
            match api.send(method.clone(), path, query, body).await {
                Err(Failure::Status { status, .. })
                    if status == StatusCode::UNAUTHORIZED && attempt == 0 =>
                {
                    self.tokens.invalidate().await;
                }
                other => return other.map_err(|f| err(op, f.kind())),
            }
        }
        Err(err(op, Kind::Unauthorised))
    }

    async fn json<T: DeserializeOwned>(
        &self,
        op: &'static str,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<T, Error> {
        let bytes = self.send(op, method, path, query, body).await?;
        serde_json::from_slice(&bytes)
            .map_err(|e| err(op, Kind::Unavailable(format!("unreadable answer: {e}"))))
    }
}

fn user_path(id: &str) -> String {
    format!("v1.0/users/{}", urlencoding(id))
}

/// Percent-encodes a path segment.
fn urlencoding(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[async_trait]
impl FilesAdmin for Ocis {
    fn describe(&self) -> String {
        self.api.base().to_owned()
    }

    async fn check(&self) -> Result<(), Error> {
        let _: Value = self
            .json("check the service user", Method::GET, "v1.0/me", &[], None)
            .await?;
        Ok(())
    }

    async fn find_user(&self, email: &str) -> Result<Option<FilesUser>, Error> {
        let email = email.trim().to_ascii_lowercase();
        let found: Collection<User> = self
            .json(
                "find user",
                Method::GET,
                "v1.0/users",
                &[("$search", format!("\"{email}\""))],
                None,
            )
            .await?;
        Ok(found
            .value
            .into_iter()
            .find(|u| {
                u.username.eq_ignore_ascii_case(&email)
                    || u.mail
                        .as_deref()
                        .is_some_and(|m| m.eq_ignore_ascii_case(&email))
            })
            .map(user))
    }

    async fn create_user(&self, new: &NewFilesUser) -> Result<FilesUser, Error> {
        let email = new.email.trim().to_ascii_lowercase();
        let body = json!({
            "displayName": new.display_name.trim(),
            "mail": email,
            "onPremisesSamAccountName": email,
            "accountEnabled": true,
        });
        let created: User = self
            .json("create user", Method::POST, "v1.0/users", &[], Some(&body))
            .await?;
        Ok(user(created))
    }

    async fn set_enabled(&self, id: &str, enabled: bool) -> Result<FilesUser, Error> {
        let op = if enabled {
            "enable user"
        } else {
            "disable user"
        };
        let body = json!({ "accountEnabled": enabled });
        let updated: User = self
            .json(op, Method::PATCH, &user_path(id), &[], Some(&body))
            .await?;
        Ok(user(updated))
    }

    async fn delete_user(&self, id: &str) -> Result<(), Error> {
        self.send("remove user", Method::DELETE, &user_path(id), &[], None)
            .await
            .map(|_| ())
    }

    async fn drives(&self) -> Result<Vec<Drive>, Error> {
        let all: Collection<WireDrive> = self
            .json("list drives", Method::GET, "v1.0/drives", &[], None)
            .await?;
        Ok(all.value.into_iter().map(drive).collect())
    }
}

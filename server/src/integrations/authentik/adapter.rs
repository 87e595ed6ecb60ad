//! `IdentityAdmin` over Authentik's REST API (`/api/v3/`), with the shared
//! JSON client (`integrations::http_api`): bearer token, timeout, one retry
//! for reads.
use super::AuthentikConfig;
use super::wire;
use crate::integrations::http_api::{Failure, JsonApi};
use app::domain::System;
use app::ports::identity_admin::{
    Authenticator, CreatedSsoApp, IdentityAdmin, IdentityAdminError as Error,
    IdentityAdminErrorKind as Kind, IdentitySession, IdentityUser, NewIdentityUser, NewSsoApp,
    Recovery, SsoApp,
};
use async_trait::async_trait;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The OIDC scopes a tenant SSO app gets (Authentik's managed scope mappings).
const SSO_SCOPES: [&str; 3] = ["openid", "email", "profile"];

pub struct Authentik {
    api: JsonApi,
    authorization_flow: String,
    invalidation_flow: String,
    signing_key: String,
}

impl Authentik {
    pub fn new(config: &AuthentikConfig) -> Result<Self, String> {
        Ok(Self {
            api: JsonApi::new(&config.api_url, config.token.clone(), config.timeout)
                .map_err(|e| format!("identity: {e}"))?,
            authorization_flow: config.authorization_flow.clone(),
            invalidation_flow: config.invalidation_flow.clone(),
            signing_key: config.signing_key.clone(),
        })
    }

    pub(super) fn api(&self) -> &JsonApi {
        &self.api
    }

    pub(super) fn api_base(&self) -> &str {
        self.api.base()
    }

    async fn call<T: DeserializeOwned>(
        &self,
        op: &'static str,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<serde_json::Value>,
    ) -> Result<T, Error> {
        self.api
            .json(method, path, query, body.as_ref())
            .await
            .map_err(|f| error(op, f))
    }

    /// A call whose success has no body (204).
    async fn call_empty(
        &self,
        op: &'static str,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<serde_json::Value>,
    ) -> Result<(), Error> {
        self.api
            .send(method, path, query, body.as_ref())
            .await
            .map(|_| ())
            .map_err(|f| error(op, f))
    }

    /// Every page of a list (Authentik pages by 20 unless told otherwise).
    async fn list<T: DeserializeOwned>(
        &self,
        op: &'static str,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        let mut page = 1u32;
        loop {
            let mut q = query.to_vec();
            q.push(("page", page.to_string()));
            q.push(("page_size", "100".into()));
            let chunk: wire::Paginated<T> = self.call(op, Method::GET, path, &q, None).await?;
            all.extend(chunk.results);
            if chunk.pagination.next < 1.0 || page >= 100 {
                return Ok(all);
            }
            page += 1;
        }
    }

    async fn group_by_name(
        &self,
        op: &'static str,
        name: &str,
    ) -> Result<Option<wire::Group>, Error> {
        let groups: Vec<wire::Group> = self
            .list(
                op,
                "core/groups/",
                &[("name", name.to_owned()), ("include_users", "false".into())],
            )
            .await?;
        Ok(groups.into_iter().find(|g| g.name == name))
    }

    async fn group_key(&self, op: &'static str, name: &str) -> Result<String, Error> {
        self.group_by_name(op, name)
            .await?
            .map(|g| g.pk)
            .ok_or_else(|| err(op, Kind::Rejected(format!("no group named {name:?}"))))
    }

    async fn flow(&self, op: &'static str, slug: &str) -> Result<String, Error> {
        let flows: Vec<wire::Flow> = self
            .list(op, "flows/instances/", &[("slug", slug.to_owned())])
            .await?;
        flows
            .into_iter()
            .find(|f| f.slug == slug)
            .map(|f| f.pk)
            .ok_or_else(|| {
                err(
                    op,
                    Kind::Rejected(format!("no flow with slug {slug:?} (AUTHENTIK_*_FLOW)")),
                )
            })
    }

    async fn key_pair(&self, op: &'static str) -> Result<String, Error> {
        let pairs: Vec<wire::KeyPair> = self
            .list(
                op,
                "crypto/certificatekeypairs/",
                &[
                    ("search", self.signing_key.clone()),
                    ("has_key", "true".into()),
                ],
            )
            .await?;
        pairs
            .into_iter()
            .find(|p| p.name == self.signing_key)
            .map(|p| p.pk)
            .ok_or_else(|| {
                err(
                    op,
                    Kind::Rejected(format!(
                        "no certificate-key pair named {:?} (AUTHENTIK_SIGNING_KEY)",
                        self.signing_key
                    )),
                )
            })
    }

    async fn scope_mappings(&self, op: &'static str) -> Result<Vec<String>, Error> {
        let mut keys = Vec::new();
        for scope in SSO_SCOPES {
            let found: Vec<wire::ScopeMapping> = self
                .list(
                    op,
                    "propertymappings/provider/scope/",
                    &[("scope_name", scope.to_owned())],
                )
                .await?;
            // Prefer Authentik's own (managed) mapping over a custom one.
            let mut found: Vec<_> = found
                .into_iter()
                .filter(|m| m.scope_name == scope)
                .collect();
            found.sort_by_key(|m| m.managed.is_none());
            let m = found.into_iter().next().ok_or_else(|| {
                err(
                    op,
                    Kind::Rejected(format!("no scope mapping for {scope:?}")),
                )
            })?;
            keys.push(m.pk);
        }
        Ok(keys)
    }

    /// `add_user` / `remove_user` on the group named `group`.
    async fn membership(
        &self,
        op: &'static str,
        action: &str,
        group: &str,
        user_id: i64,
    ) -> Result<(), Error> {
        let key = self.group_key(op, group).await?;
        self.call_empty(
            op,
            Method::POST,
            &format!("core/groups/{key}/{action}/"),
            &[],
            body(&wire::UserAccount { pk: user_id }),
        )
        .await
    }

    async fn provider(&self, op: &'static str, id: i64) -> Result<wire::Provider, Error> {
        self.call(
            op,
            Method::GET,
            &format!("providers/oauth2/{id}/"),
            &[],
            None,
        )
        .await
    }
}

/// A request body as JSON (our wire structs always serialise).
fn body<T: Serialize>(b: &T) -> Option<serde_json::Value> {
    Some(serde_json::to_value(b).unwrap_or_default())
}

fn err(op: &'static str, kind: Kind) -> Error {
    Error::new(System::Identity, op, kind)
}

fn error(op: &'static str, failure: Failure) -> Error {
    err(op, failure.kind())
}

fn user(u: wire::User) -> IdentityUser {
    IdentityUser {
        id: u.pk,
        username: u.username,
        name: u.name,
        email: u.email,
        active: u.is_active,
        last_login: u.last_login,
        groups: u
            .groups_obj
            .unwrap_or_default()
            .into_iter()
            .map(|g| g.name)
            .collect(),
    }
}

/// `authentik_stages_authenticator_totp.TOTPDevice` → `totp`.
fn authenticator_kind(device_type: &str) -> String {
    let app = device_type.split('.').next().unwrap_or(device_type);
    app.rsplit("authenticator_")
        .next()
        .unwrap_or(app)
        .to_owned()
}

fn sso_app(a: wire::Application, p: &wire::Provider) -> SsoApp {
    SsoApp {
        slug: a.slug,
        name: a.name,
        provider_id: p.pk,
        client_id: p.client_id.clone(),
        redirect_uris: p.redirect_uris.iter().map(|r| r.url.clone()).collect(),
        launch_url: Some(a.meta_launch_url).filter(|u| !u.is_empty()),
    }
}

#[async_trait]
impl IdentityAdmin for Authentik {
    fn describe(&self) -> String {
        self.api.base().to_owned()
    }

    async fn check(&self) -> Result<(), Error> {
        // The service account itself: proves the URL and the token.
        let _: serde_json::Value = self
            .call("check the token", Method::GET, "core/users/me/", &[], None)
            .await?;
        Ok(())
    }

    async fn find_user_by_email(&self, email: &str) -> Result<Option<IdentityUser>, Error> {
        let users: Vec<wire::User> = self
            .list(
                "find user by email",
                "core/users/",
                &[
                    ("email", email.to_owned()),
                    ("include_groups", "true".into()),
                ],
            )
            .await?;
        Ok(users
            .into_iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
            .map(user))
    }

    async fn user(&self, id: i64) -> Result<IdentityUser, Error> {
        self.call::<wire::User>(
            "read user",
            Method::GET,
            &format!("core/users/{id}/"),
            &[],
            None,
        )
        .await
        .map(user)
    }

    async fn create_user(&self, new: &NewIdentityUser) -> Result<IdentityUser, Error> {
        let op = "create user";
        let user_request = wire::UserRequest {
            username: &new.email,
            name: &new.name,
            email: &new.email,
            is_active: true,
            path: &new.path,
            kind: "internal",
            groups: &new.groups,
        };
        let created: wire::User = self
            .call(op, Method::POST, "core/users/", &[], body(&user_request))
            .await?;
        // The create answer does not list group names; read them back.
        self.user(created.pk).await.map_err(|e| err(op, e.kind))
    }

    async fn set_password(&self, id: i64, password: &str) -> Result<(), Error> {
        self.call_empty(
            "set password",
            Method::POST,
            &format!("core/users/{id}/set_password/"),
            &[],
            body(&wire::PasswordSet { password }),
        )
        .await
    }

    async fn recovery(&self, id: i64) -> Result<Recovery, Error> {
        let link: Result<wire::Link, Error> = self
            .call(
                "recovery link",
                Method::POST,
                &format!("core/users/{id}/recovery/"),
                &[],
                body(&wire::RecoveryRequest {}),
            )
            .await;
        match link {
            Ok(l) => Ok(Recovery::Link(l.link)),
            Err(Error {
                kind: Kind::Rejected(m),
                ..
            }) if m.contains("No recovery flow") => {
                // The brand has no recovery flow: hand over a temporary
                // password instead (shown once to the admin).
                let password = app::services::passwords::one_time();
                self.set_password(id, &password)
                    .await
                    .map_err(|e| err("recovery (temporary password)", e.kind))?;
                Ok(Recovery::TemporaryPassword(password))
            }
            Err(e) => Err(e),
        }
    }

    async fn set_active(&self, id: i64, active: bool) -> Result<IdentityUser, Error> {
        let op = if active {
            "activate user"
        } else {
            "deactivate user"
        };
        let _: wire::User = self
            .call(
                op,
                Method::PATCH,
                &format!("core/users/{id}/"),
                &[],
                body(&wire::UserActivePatch { is_active: active }),
            )
            .await?;
        self.user(id).await.map_err(|e| err(op, e.kind))
    }

    async fn delete_user(&self, id: i64) -> Result<(), Error> {
        self.call_empty(
            "delete user",
            Method::DELETE,
            &format!("core/users/{id}/"),
            &[],
            None,
        )
        .await
    }

    async fn sessions(&self, user_id: i64) -> Result<Vec<IdentitySession>, Error> {
        let op = "list sessions";
        let u = self.user(user_id).await.map_err(|e| err(op, e.kind))?;
        let sessions: Vec<wire::Session> = self
            .list(
                op,
                "core/authenticated_sessions/",
                &[("user__username", u.username)],
            )
            .await?;
        Ok(sessions
            .into_iter()
            .filter(|s| s.user == user_id)
            .map(|s| IdentitySession {
                id: s.uuid,
                user_id: s.user,
                last_ip: s.last_ip,
                user_agent: s.last_user_agent,
                last_used: s.last_used,
                expires: s.expires,
            })
            .collect())
    }

    async fn end_sessions(&self, user_id: i64) -> Result<usize, Error> {
        let sessions = self
            .sessions(user_id)
            .await
            .map_err(|e| err("end sessions", e.kind))?;
        let mut ended = 0;
        for s in &sessions {
            match self
                .call_empty(
                    "end sessions",
                    Method::DELETE,
                    &format!("core/authenticated_sessions/{}/", s.id),
                    &[],
                    None,
                )
                .await
            {
                Ok(()) => ended += 1,
                // Ended meanwhile (expired, or the person signed out).
                Err(Error {
                    kind: Kind::NotFound,
                    ..
                }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(ended)
    }

    async fn authenticators(&self, user_id: i64) -> Result<Vec<Authenticator>, Error> {
        let devices: Vec<wire::Device> = self
            .call(
                "list authenticators",
                Method::GET,
                "authenticators/admin/all/",
                &[("user", user_id.to_string())],
                None,
            )
            .await?;
        Ok(devices
            .into_iter()
            .map(|d| Authenticator {
                id: d.pk,
                name: d.name,
                kind: authenticator_kind(&d.kind),
                confirmed: d.confirmed,
            })
            .collect())
    }

    async fn ensure_group(&self, name: &str) -> Result<String, Error> {
        let op = "find or create group";
        if let Some(g) = self.group_by_name(op, name).await? {
            return Ok(g.pk);
        }
        let created: wire::Group = self
            .call(
                op,
                Method::POST,
                "core/groups/",
                &[],
                body(&wire::GroupRequest { name }),
            )
            .await?;
        Ok(created.pk)
    }

    async fn add_to_group(&self, group: &str, user_id: i64) -> Result<(), Error> {
        self.membership("add to group", "add_user", group, user_id)
            .await
    }

    async fn remove_from_group(&self, group: &str, user_id: i64) -> Result<(), Error> {
        self.membership("remove from group", "remove_user", group, user_id)
            .await
    }

    async fn sso_apps(&self, group: &str) -> Result<Vec<SsoApp>, Error> {
        let op = "list SSO apps";
        let apps: Vec<wire::Application> = self
            .list(op, "core/applications/", &[("group", group.to_owned())])
            .await?;
        let mut out = Vec::new();
        for a in apps {
            let Some(provider_id) = a.provider else {
                continue;
            };
            let p = self.provider(op, provider_id).await?;
            out.push(sso_app(a, &p));
        }
        Ok(out)
    }

    async fn create_sso_app(&self, new: &NewSsoApp) -> Result<CreatedSsoApp, Error> {
        let op = "create SSO app";
        let group_key = self.group_key(op, &new.group).await?;
        let authorization_flow = self.flow(op, &self.authorization_flow).await?;
        let invalidation_flow = self.flow(op, &self.invalidation_flow).await?;
        let signing_key = self.key_pair(op).await?;
        let property_mappings = self.scope_mappings(op).await?;
        let provider: wire::Provider = self
            .call(
                op,
                Method::POST,
                "providers/oauth2/",
                &[],
                body(&wire::ProviderRequest {
                    name: &format!("{} ({})", new.name, new.group),
                    authorization_flow: &authorization_flow,
                    invalidation_flow: &invalidation_flow,
                    client_type: "confidential",
                    redirect_uris: new
                        .redirect_uris
                        .iter()
                        .map(|u| wire::RedirectUri {
                            matching_mode: "strict".into(),
                            url: u.clone(),
                        })
                        .collect(),
                    property_mappings,
                    signing_key: Some(&signing_key),
                    include_claims_in_id_token: true,
                }),
            )
            .await?;
        // From here a failure removes what was made, so nothing half-made stays.
        let rest = async {
            let app: wire::Application = self
                .call(
                    op,
                    Method::POST,
                    "core/applications/",
                    &[],
                    body(&wire::ApplicationRequest {
                        name: &new.name,
                        slug: &new.slug,
                        provider: provider.pk,
                        group: &new.group,
                        meta_launch_url: new.launch_url.as_deref(),
                        policy_engine_mode: "any",
                    }),
                )
                .await?;
            let bound = self
                .call::<serde_json::Value>(
                    op,
                    Method::POST,
                    "policies/bindings/",
                    &[],
                    body(&wire::BindingRequest {
                        target: &app.pbm_uuid,
                        group: &group_key,
                        order: 0,
                        enabled: true,
                        negate: false,
                        timeout: 30,
                    }),
                )
                .await;
            if let Err(e) = bound {
                let _ = self
                    .call_empty(
                        op,
                        Method::DELETE,
                        &format!("core/applications/{}/", app.slug),
                        &[],
                        None,
                    )
                    .await;
                return Err(e);
            }
            Ok(app)
        };
        match rest.await {
            Ok(app) => Ok(CreatedSsoApp {
                client_secret: provider.client_secret.clone(),
                app: sso_app(app, &provider),
            }),
            Err(e) => {
                let _ = self
                    .call_empty(
                        op,
                        Method::DELETE,
                        &format!("providers/oauth2/{}/", provider.pk),
                        &[],
                        None,
                    )
                    .await;
                Err(e)
            }
        }
    }

    async fn delete_sso_app(&self, slug: &str) -> Result<(), Error> {
        let op = "delete SSO app";
        let app: wire::Application = self
            .call(
                op,
                Method::GET,
                &format!("core/applications/{slug}/"),
                &[],
                None,
            )
            .await?;
        self.call_empty(
            op,
            Method::DELETE,
            &format!("core/applications/{slug}/"),
            &[],
            None,
        )
        .await?;
        if let Some(p) = app.provider {
            match self
                .call_empty(
                    op,
                    Method::DELETE,
                    &format!("providers/oauth2/{p}/"),
                    &[],
                    None,
                )
                .await
            {
                Ok(())
                | Err(Error {
                    kind: Kind::NotFound,
                    ..
                }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authenticator_kinds_come_from_the_device_type() {
        assert_eq!(
            authenticator_kind("authentik_stages_authenticator_totp.TOTPDevice"),
            "totp"
        );
        assert_eq!(
            authenticator_kind("authentik_stages_authenticator_webauthn.WebAuthnDevice"),
            "webauthn"
        );
    }
}

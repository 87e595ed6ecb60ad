//! `MailAdmin` over Stalwart's JMAP management API: `x:Domain`, `x:Account`
//! and `x:MailingList` through `/get`, `/query` and `/set` method calls
//! posted to `<STALWART_URL>/jmap`, with the administrator's Basic
//! credentials. Reads (`/get`, `/query`, the session) are retried once; a
//! `/set` is sent once.
use super::StalwartConfig;
use super::wire::{self, CAPABILITY, Request, Response, SetError, SetResponse, USING};
use crate::integrations::http_api::{Credential, Failure, JsonApi};
use app::domain::System;
use app::ports::api_error::ApiErrorKind as Kind;
use app::ports::mail_admin::{
    DomainUsage, DomainZone, MailAdmin, MailAdminError as Error, MailDomain, Mailbox, NewMailbox,
    parse_zone,
};
use async_trait::async_trait;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::OnceCell;

/// What a frozen mailbox may not do: sign in (any protocol) and send. Mail
/// still arrives and is kept, so nothing is bounced while a person is
/// suspended.
const FROZEN: [&str; 3] = ["authenticate", "authenticateWithAlias", "emailSend"];
/// The account properties a `Mailbox` is read from.
const MAILBOX_PROPERTIES: [&str; 7] = [
    "name",
    "emailAddress",
    "description",
    "domainId",
    "permissions",
    "quotas",
    "usedDiskQuota",
];

pub struct Stalwart {
    api: JsonApi,
    provisioning: bool,
    report_address: String,
    /// The administrator dezky signs in as (its own sign-ins are not audited).
    user: String,
    /// The JMAP account the management objects live in (from the session).
    account: OnceCell<String>,
}

fn err(op: &'static str, kind: Kind) -> Error {
    Error::new(System::Mail, op, kind)
}

fn error(op: &'static str, failure: Failure) -> Error {
    err(op, failure.kind())
}

fn malformed(op: &'static str, what: impl std::fmt::Display) -> Error {
    err(op, Kind::Unavailable(format!("unreadable answer: {what}")))
}

/// A refused `/set` in the port's terms.
fn refused(op: &'static str, e: &SetError) -> Error {
    match e.kind.as_str() {
        "notFound" => err(op, Kind::NotFound),
        "forbidden" => err(op, Kind::Unauthorised),
        _ => err(op, Kind::Rejected(e.words())),
    }
}

impl Stalwart {
    pub fn new(config: &StalwartConfig) -> Result<Self, String> {
        let credential = Credential::Basic {
            user: config.user.clone(),
            secret: config.secret.clone(),
        };
        Ok(Self {
            api: JsonApi::with_credential(&config.url, credential, config.timeout)
                .map_err(|e| format!("mail: {e}"))?,
            provisioning: config.provisioning,
            report_address: config.report_address.clone(),
            user: config.user.clone(),
            account: OnceCell::new(),
        })
    }

    pub(super) fn admin_user(&self) -> &str {
        &self.user
    }

    pub(super) fn api_base(&self) -> &str {
        self.api.base()
    }

    async fn account(&self, op: &'static str) -> Result<&str, Error> {
        self.account
            .get_or_try_init(|| async {
                let session: wire::Session = self
                    .api
                    .json(Method::GET, "jmap/session", &[], None::<&()>)
                    .await
                    .map_err(|f| error(op, f))?;
                session
                    .primary_accounts
                    .get(CAPABILITY)
                    .cloned()
                    .or_else(|| session.accounts.keys().next().cloned())
                    .ok_or_else(|| {
                        err(
                            op,
                            Kind::Unavailable(
                                "the JMAP session lists no account for management".into(),
                            ),
                        )
                    })
            })
            .await
            .map(String::as_str)
    }

    /// Posts method calls; answers are returned in order, by call id.
    /// `read`: every call only reads, so the request may be retried.
    pub(super) async fn call(
        &self,
        op: &'static str,
        calls: Vec<(&'static str, Value)>,
        read: bool,
    ) -> Result<Vec<Value>, Error> {
        let account = self.account(op).await?.to_owned();
        let method_calls = calls
            .into_iter()
            .enumerate()
            .map(|(i, (name, mut args))| {
                args["accountId"] = Value::String(account.clone());
                (name, args, i.to_string())
            })
            .collect();
        let request = Request {
            using: USING,
            method_calls,
        };
        let response: Response = if read {
            self.api.post_read("jmap", &request).await
        } else {
            self.api
                .json(Method::POST, "jmap", &[], Some(&request))
                .await
        }
        .map_err(|f| error(op, f))?;
        let mut out = Vec::new();
        for (name, body, _) in response.method_responses {
            if name == "error" {
                // The request itself was wrong for this server (unknown
                // method, bad arguments): nothing was changed.
                let kind = body["type"].as_str().unwrap_or("error");
                let words = body["description"].as_str().unwrap_or_default();
                return Err(err(
                    op,
                    Kind::Unavailable(format!("method refused: {kind} {words}").trim().into()),
                ));
            }
            out.push(body);
        }
        Ok(out)
    }

    /// One `/set`: the single answer, refusals turned into errors.
    async fn set(
        &self,
        op: &'static str,
        method: &'static str,
        args: Value,
    ) -> Result<SetResponse, Error> {
        let answer = self
            .call(op, vec![(method, args)], false)
            .await?
            .pop()
            .ok_or_else(|| malformed(op, "no answer to the call"))?;
        let set: SetResponse = serde_json::from_value(answer).map_err(|e| malformed(op, e))?;
        for refusals in [&set.not_created, &set.not_updated, &set.not_destroyed] {
            if let Some(e) = refusals.as_ref().and_then(|m| m.values().next()) {
                return Err(refused(op, e));
            }
        }
        Ok(set)
    }

    fn require_provisioning(&self, op: &'static str) -> Result<(), Error> {
        if self.provisioning {
            Ok(())
        } else {
            Err(err(
                op,
                Kind::Rejected(
                    "mail provisioning is switched off (STALWART_PROVISIONING_ENABLED)".into(),
                ),
            ))
        }
    }

    async fn domains_where(
        &self,
        op: &'static str,
        filter: Value,
    ) -> Result<Vec<MailDomain>, Error> {
        let answers = self
            .call(
                op,
                vec![
                    ("x:Domain/query", json!({ "filter": filter })),
                    (
                        "x:Domain/get",
                        json!({
                            "#ids": {"resultOf": "0", "name": "x:Domain/query", "path": "/ids"},
                            "properties": ["name", "isEnabled", "createdAt"],
                        }),
                    ),
                ],
                true,
            )
            .await?;
        list(op, answers.get(1))?
            .iter()
            .map(|d| domain(op, d))
            .collect()
    }

    async fn mailbox_by_id(&self, op: &'static str, id: &str) -> Result<Mailbox, Error> {
        let answers = self
            .call(
                op,
                vec![(
                    "x:Account/get",
                    json!({ "ids": [id], "properties": MAILBOX_PROPERTIES }),
                )],
                true,
            )
            .await?;
        let found = list(op, answers.first())?;
        found
            .first()
            .map(|a| mailbox(op, a))
            .unwrap_or_else(|| Err(err(op, Kind::NotFound)))
    }

    async fn update_account(&self, op: &'static str, id: &str, patch: Value) -> Result<(), Error> {
        self.require_provisioning(op)?;
        self.set(op, "x:Account/set", json!({ "update": { id: patch } }))
            .await
            .map(|_| ())
    }
}

pub(super) fn list<'a>(
    op: &'static str,
    answer: Option<&'a Value>,
) -> Result<&'a Vec<Value>, Error> {
    answer
        .and_then(|a| a["list"].as_array())
        .ok_or_else(|| malformed(op, "a /get answer without a list"))
}

fn text(v: &Value, key: &str) -> Option<String> {
    v[key].as_str().map(str::to_owned)
}

fn domain(op: &'static str, d: &Value) -> Result<MailDomain, Error> {
    Ok(MailDomain {
        id: text(d, "id").ok_or_else(|| malformed(op, "a domain without an id"))?,
        name: text(d, "name").unwrap_or_default(),
        enabled: d["isEnabled"].as_bool().unwrap_or(true),
        created_at: text(d, "createdAt"),
    })
}

fn mailbox(op: &'static str, a: &Value) -> Result<Mailbox, Error> {
    let permissions = &a["permissions"];
    let frozen = permissions["@type"].as_str() != Some("Inherit")
        && permissions["disabledPermissions"]["authenticate"] == Value::Bool(true);
    Ok(Mailbox {
        id: text(a, "id").ok_or_else(|| malformed(op, "an account without an id"))?,
        email: text(a, "emailAddress").unwrap_or_default(),
        display_name: text(a, "description"),
        domain_id: text(a, "domainId").unwrap_or_default(),
        frozen,
        used_bytes: a["usedDiskQuota"].as_u64().unwrap_or(0),
        quota_bytes: a["quotas"]["maxDiskQuota"].as_u64(),
    })
}

fn created_id(op: &'static str, set: &SetResponse) -> Result<String, Error> {
    set.created
        .as_ref()
        .and_then(|c| c.get("new"))
        .and_then(|c| c["id"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| malformed(op, "created without an id"))
}

#[async_trait]
impl MailAdmin for Stalwart {
    fn describe(&self) -> String {
        format!("{}jmap", self.api.base())
    }

    fn provisioning_enabled(&self) -> bool {
        self.provisioning
    }

    async fn check(&self) -> Result<(), Error> {
        // The session needs the credentials; one cheap query proves the
        // management methods answer.
        self.call(
            "check the credentials",
            vec![("x:Domain/query", json!({ "limit": 1 }))],
            true,
        )
        .await
        .map(|_| ())
    }

    async fn domains(&self) -> Result<Vec<MailDomain>, Error> {
        self.domains_where("list domains", json!({})).await
    }

    async fn find_domain(&self, name: &str) -> Result<Option<MailDomain>, Error> {
        let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
        Ok(self
            .domains_where("find domain", json!({ "name": name }))
            .await?
            .into_iter()
            .find(|d| d.name == name))
    }

    async fn create_domain(&self, name: &str) -> Result<MailDomain, Error> {
        const OP: &str = "create domain";
        self.require_provisioning(OP)?;
        let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
        // DKIM keys are generated by the server (its default DKIM management
        // is automatic: an Ed25519 and an RSA key); the report address makes
        // the zone carry the DMARC and TLS-RPT records.
        let set = self
            .set(
                OP,
                "x:Domain/set",
                json!({ "create": { "new": {
                    "name": name,
                    "isEnabled": true,
                    "reportAddressUri": self.report_address,
                }}}),
            )
            .await?;
        let id = created_id(OP, &set)?;
        let answers = self
            .call(
                OP,
                vec![(
                    "x:Domain/get",
                    json!({ "ids": [id], "properties": ["name", "isEnabled", "createdAt"] }),
                )],
                true,
            )
            .await?;
        list(OP, answers.first())?
            .first()
            .map(|d| domain(OP, d))
            .unwrap_or_else(|| Err(malformed(OP, "the new domain cannot be read back")))
    }

    async fn zone(&self, domain_id: &str) -> Result<DomainZone, Error> {
        const OP: &str = "read the domain's DNS zone";
        let answers = self
            .call(
                OP,
                vec![(
                    "x:Domain/get",
                    json!({ "ids": [domain_id], "properties": ["name", "dnsZoneFile"] }),
                )],
                true,
            )
            .await?;
        let found = list(OP, answers.first())?;
        let d = found.first().ok_or_else(|| err(OP, Kind::NotFound))?;
        let text = text(d, "dnsZoneFile").unwrap_or_default();
        Ok(DomainZone {
            records: parse_zone(&text),
            text,
        })
    }

    async fn domain_usage(&self, domain_id: &str) -> Result<DomainUsage, Error> {
        const OP: &str = "check what uses the domain";
        let answers = self
            .call(
                OP,
                vec![
                    ("x:Domain/get", json!({ "ids": [domain_id], "properties": ["name"] })),
                    ("x:Account/query", json!({ "filter": {} })),
                    (
                        "x:Account/get",
                        json!({
                            "#ids": {"resultOf": "1", "name": "x:Account/query", "path": "/ids"},
                            "properties": ["emailAddress", "domainId", "aliases"],
                        }),
                    ),
                    ("x:MailingList/query", json!({ "filter": { "domainId": domain_id } })),
                    (
                        "x:MailingList/get",
                        json!({
                            "#ids": {"resultOf": "3", "name": "x:MailingList/query", "path": "/ids"},
                            "properties": ["emailAddress"],
                        }),
                    ),
                ],
                true,
            )
            .await?;
        let name = list(OP, answers.first())?
            .first()
            .and_then(|d| text(d, "name"))
            .ok_or_else(|| err(OP, Kind::NotFound))?;
        let mut usage = DomainUsage::default();
        for account in list(OP, answers.get(2))? {
            if account["domainId"].as_str() == Some(domain_id) {
                usage
                    .mailboxes
                    .push(text(account, "emailAddress").unwrap_or_default());
            }
            if let Some(aliases) = account["aliases"].as_object() {
                for alias in aliases.values() {
                    if alias["domainId"].as_str() == Some(domain_id) {
                        let local = alias["name"].as_str().unwrap_or_default();
                        usage.aliases.push(format!("{local}@{name}"));
                    }
                }
            }
        }
        for l in list(OP, answers.get(4))? {
            usage
                .lists
                .push(text(l, "emailAddress").unwrap_or_default());
        }
        usage.mailboxes.sort();
        usage.aliases.sort();
        usage.lists.sort();
        Ok(usage)
    }

    async fn delete_domain(&self, domain_id: &str) -> Result<(), Error> {
        const OP: &str = "remove domain";
        self.require_provisioning(OP)?;
        match self
            .set(OP, "x:Domain/set", json!({ "destroy": [domain_id] }))
            .await
        {
            Ok(_) => Ok(()),
            // The server's referential integrity refused: name what uses it.
            Err(e) if matches!(&e.kind, Kind::Rejected(w) if w.starts_with("still in use")) => {
                let usage = self.domain_usage(domain_id).await?;
                Err(err(
                    OP,
                    Kind::Rejected(format!("still used by {}", usage.describe())),
                ))
            }
            Err(e) => Err(e),
        }
    }

    async fn find_mailbox(&self, email: &str) -> Result<Option<Mailbox>, Error> {
        const OP: &str = "find mailbox";
        let email = email.trim().to_ascii_lowercase();
        let Some((local, domain_name)) = email.rsplit_once('@') else {
            return Err(err(
                OP,
                Kind::Rejected(format!("{email:?} is not an address")),
            ));
        };
        let Some(domain) = self.find_domain(domain_name).await? else {
            return Ok(None);
        };
        let answers = self
            .call(
                OP,
                vec![
                    (
                        "x:Account/query",
                        json!({ "filter": { "domainId": domain.id } }),
                    ),
                    (
                        "x:Account/get",
                        json!({
                            "#ids": {"resultOf": "0", "name": "x:Account/query", "path": "/ids"},
                            "properties": MAILBOX_PROPERTIES,
                        }),
                    ),
                ],
                true,
            )
            .await?;
        list(OP, answers.get(1))?
            .iter()
            .find(|a| {
                a["@type"].as_str() != Some("Group")
                    && a["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(local))
            })
            .map(|a| mailbox(OP, a))
            .transpose()
    }

    async fn create_mailbox(&self, new: &NewMailbox) -> Result<Mailbox, Error> {
        const OP: &str = "create mailbox";
        self.require_provisioning(OP)?;
        let mut account = json!({
            "@type": "User",
            "name": new.local_part.trim().to_ascii_lowercase(),
            "domainId": new.domain_id,
            "credentials": { "0": { "@type": "Password", "secret": new.password } },
            "permissions": { "@type": "Inherit" },
            "roles": { "@type": "User" },
        });
        if let Some(name) = new.display_name.as_deref().filter(|n| !n.trim().is_empty()) {
            account["description"] = Value::String(name.trim().to_owned());
        }
        if let Some(quota) = new.quota_bytes {
            account["quotas"] = json!({ "maxDiskQuota": quota });
        }
        let set = self
            .set(OP, "x:Account/set", json!({ "create": { "new": account } }))
            .await?;
        let id = created_id(OP, &set)?;
        self.mailbox_by_id(OP, &id).await
    }

    async fn set_frozen(&self, id: &str, frozen: bool) -> Result<Mailbox, Error> {
        let (op, permissions) = if frozen {
            let disabled: serde_json::Map<String, Value> = FROZEN
                .iter()
                .map(|p| ((*p).to_owned(), Value::Bool(true)))
                .collect();
            (
                "freeze mailbox",
                json!({ "@type": "Merge", "enabledPermissions": {}, "disabledPermissions": disabled }),
            )
        } else {
            ("unfreeze mailbox", json!({ "@type": "Inherit" }))
        };
        self.update_account(op, id, json!({ "permissions": permissions }))
            .await?;
        self.mailbox_by_id(op, id).await
    }

    async fn set_password(&self, id: &str, password: &str) -> Result<(), Error> {
        // Replaces every credential: a reset also ends app passwords and API
        // keys the person made (a reset is what an admin does when an
        // account may be in the wrong hands).
        self.update_account(
            "reset mailbox password",
            id,
            json!({ "credentials": { "0": { "@type": "Password", "secret": password } } }),
        )
        .await
    }

    async fn delete_mailbox(&self, id: &str) -> Result<(), Error> {
        const OP: &str = "remove mailbox";
        self.require_provisioning(OP)?;
        self.set(OP, "x:Account/set", json!({ "destroy": [id] }))
            .await
            .map(|_| ())
    }
}

//! The liveness probe of each configured system (`app::ports::probe`), built
//! from its adapter by the composition root. Each is one cheap round trip; the
//! Infrastructure page, the operator overview and `/readyz` run the same ones.
use app::domain::System;
use app::ports::billing::Billing;
use app::ports::dns::DnsLookup;
use app::ports::identity_admin::IdentityAdmin;
use app::ports::mailer::Mailer;
use app::ports::object_storage::ObjectStorage;
use app::ports::probe::Probe;
use app::ports::store::Store;
use app::services::audit::checkpoint::SigningKeyConfig;
use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;

/// The store answers a ping (required: nothing works without it).
pub struct StoreProbe(pub Arc<dyn Store>);

#[async_trait]
impl Probe for StoreProbe {
    fn system(&self) -> System {
        System::Store
    }
    fn target(&self) -> String {
        // The engine only: a MongoDB URL may carry a password.
        self.0.engine().to_owned()
    }
    fn required(&self) -> bool {
        true
    }
    async fn check(&self) -> Result<(), String> {
        self.0
            .ping()
            .await
            .map_err(|e| format!("{} store: {e}", self.0.engine()))
    }
}

/// The identity provider publishes its discovery document (sign-in), and its
/// admin API accepts our token (provisioning), for whichever is configured.
pub struct IdentityProbe {
    http: reqwest::Client,
    issuer: Option<String>,
    admin: Option<Arc<dyn IdentityAdmin>>,
}

impl IdentityProbe {
    pub fn new(issuer: Option<&str>, admin: Option<Arc<dyn IdentityAdmin>>) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Self {
            http,
            issuer: issuer.map(str::to_owned),
            admin,
        }
    }

    async fn discovery(&self, issuer: &str) -> Result<(), String> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let res = self
            .http
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("identity: discovery: {e}"))?;
        if !res.status().is_success() {
            return Err(format!("identity: discovery answered {}", res.status()));
        }
        let doc: serde_json::Value = res
            .json()
            .await
            .map_err(|e| format!("identity: discovery is not JSON: {e}"))?;
        if doc["issuer"].as_str().map(|i| i.trim_end_matches('/'))
            != Some(issuer.trim_end_matches('/'))
        {
            return Err("identity: discovery names another issuer".into());
        }
        Ok(())
    }
}

#[async_trait]
impl Probe for IdentityProbe {
    fn system(&self) -> System {
        System::Identity
    }
    fn target(&self) -> String {
        let sign_in = self.issuer.as_deref().map(|i| format!("sign-in {i}"));
        let admin = self
            .admin
            .as_ref()
            .map(|a| format!("admin API {}", a.describe()));
        [sign_in, admin]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }
    async fn check(&self) -> Result<(), String> {
        if let Some(issuer) = &self.issuer {
            self.discovery(issuer).await?;
        }
        if let Some(admin) = &self.admin {
            admin.check().await.map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

/// The payment provider accepts our key.
pub struct BillingProbe(pub Arc<dyn Billing>);

#[async_trait]
impl Probe for BillingProbe {
    fn system(&self) -> System {
        System::Billing
    }
    fn target(&self) -> String {
        self.0.describe()
    }
    async fn check(&self) -> Result<(), String> {
        self.0.check().await.map_err(|e| e.to_string())
    }
}

/// The mail server's management API accepts our credentials. The target
/// says when provisioning is switched off (reads only).
pub struct MailProbe(pub Arc<dyn app::ports::mail_admin::MailAdmin>);

#[async_trait]
impl Probe for MailProbe {
    fn system(&self) -> System {
        System::Mail
    }
    fn target(&self) -> String {
        if self.0.provisioning_enabled() {
            self.0.describe()
        } else {
            format!("{} (provisioning off)", self.0.describe())
        }
    }
    async fn check(&self) -> Result<(), String> {
        self.0.check().await.map_err(|e| e.to_string())
    }
}

/// The files server accepts a token minted for the service user.
pub struct FilesProbe(pub Arc<dyn app::ports::files_admin::FilesAdmin>);

#[async_trait]
impl Probe for FilesProbe {
    fn system(&self) -> System {
        System::Files
    }
    fn target(&self) -> String {
        self.0.describe()
    }
    async fn check(&self) -> Result<(), String> {
        self.0.check().await.map_err(|e| e.to_string())
    }
}

/// The bucket exists and the credentials may use it.
pub struct ObjectStorageProbe(pub Arc<dyn ObjectStorage>);

#[async_trait]
impl Probe for ObjectStorageProbe {
    fn system(&self) -> System {
        System::ObjectStorage
    }
    fn target(&self) -> String {
        self.0.describe()
    }
    async fn check(&self) -> Result<(), String> {
        self.0.check().await.map_err(|e| e.to_string())
    }
}

/// The resolvers answer for a known name (no records is still an answer).
pub struct DnsProbe {
    pub dns: Arc<dyn DnsLookup>,
    pub name: String,
}

#[async_trait]
impl Probe for DnsProbe {
    fn system(&self) -> System {
        System::Dns
    }
    fn target(&self) -> String {
        format!("{} (asking for {})", self.dns.describe(), self.name)
    }
    async fn check(&self) -> Result<(), String> {
        self.dns
            .txt(&self.name)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The checkpoint key signs, and its signature verifies.
pub struct SigningKeyProbe(pub Arc<SigningKeyConfig>);

#[async_trait]
impl Probe for SigningKeyProbe {
    fn system(&self) -> System {
        System::AuditSigningKey
    }
    fn target(&self) -> String {
        format!("{} · {}", self.0.alg().as_str(), self.0.key_id())
    }
    async fn check(&self) -> Result<(), String> {
        let message = "dezky probe";
        let signature = self.0.sign_message(message);
        if self
            .0
            .verify_keys()
            .verify_message(self.0.alg(), &self.0.key_id(), message, &signature)
        {
            Ok(())
        } else {
            Err("audit signing key: its signature does not verify".into())
        }
    }
}

/// The SMTP relay greets us and accepts our credentials.
pub struct SmtpProbe(pub Arc<dyn Mailer>);

#[async_trait]
impl Probe for SmtpProbe {
    fn system(&self) -> System {
        System::Smtp
    }
    fn target(&self) -> String {
        self.0.describe()
    }
    async fn check(&self) -> Result<(), String> {
        self.0.check().await.map_err(|e| e.to_string())
    }
}

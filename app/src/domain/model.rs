//! The records the platform keeps, as they travel to the browser and into the
//! store. Timestamps are UTC milliseconds since the Unix epoch; ids are opaque.
use serde::{Deserialize, Serialize};

/// UTC milliseconds since the Unix epoch.
pub type Millis = i64;

/// The IdP group whose members may use the operator console (layer 1 and 3).
pub const PLATFORM_ADMIN_GROUP: &str = "dezky-platform-admins";

/// Which OIDC client a session signed in through; it is the ID token's audience.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum ClientKind {
    /// `dezky-portal`: the customer portal and the partner portal.
    Portal,
    /// `dezky-operator`: the operator console.
    Operator,
}

impl ClientKind {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            ClientKind::Portal => "portal",
            ClientKind::Operator => "operator",
        }
    }
}

wire_str!(ClientKind: Portal, Operator);

impl ClientKind {
    pub const ALL: [ClientKind; 2] = [ClientKind::Portal, ClientKind::Operator];

    pub fn client_id(self) -> &'static str {
        match self {
            ClientKind::Portal => "dezky-portal",
            ClientKind::Operator => "dezky-operator",
        }
    }

    /// Where a fresh sign-in through this client lands.
    pub fn home(self) -> &'static str {
        match self {
            ClientKind::Portal => "/portal",
            ClientKind::Operator => "/operator",
        }
    }
}

/// A person's role in ONE tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum TenantRole {
    Admin,
    Member,
}

wire_str!(TenantRole: Admin, Member);

impl TenantRole {
    /// The serialised name (`admin`, `member`).
    pub fn as_str(self) -> &'static str {
        match self {
            TenantRole::Admin => "admin",
            TenantRole::Member => "member",
        }
    }
}

/// A partner staff member's access level inside their partner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum PartnerAccess {
    Owner,
    Admin,
    Member,
}

impl PartnerAccess {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            PartnerAccess::Owner => "owner",
            PartnerAccess::Admin => "admin",
            PartnerAccess::Member => "member",
        }
    }
}

wire_str!(PartnerAccess: Owner, Admin, Member);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum PartnerStatus {
    Prospect,
    Active,
    Suspended,
    Terminated,
}

impl PartnerStatus {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            PartnerStatus::Prospect => "prospect",
            PartnerStatus::Active => "active",
            PartnerStatus::Suspended => "suspended",
            PartnerStatus::Terminated => "terminated",
        }
    }
}

wire_str!(PartnerStatus: Prospect, Active, Suspended, Terminated);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum TenantStatus {
    Active,
    Suspended,
    /// Soft delete: the record stays for audit and billing history.
    Deleted,
}

wire_str!(TenantStatus: Active, Suspended, Deleted);

impl TenantStatus {
    /// The serde name (a page's `data-*` attribute; `domain::tests` checks
    /// the two agree).
    pub const fn as_str(self) -> &'static str {
        match self {
            TenantStatus::Active => "active",
            TenantStatus::Suspended => "suspended",
            TenantStatus::Deleted => "deleted",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum MfaMode {
    Off,
    Optional,
    Required,
}

impl MfaMode {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            MfaMode::Off => "off",
            MfaMode::Optional => "optional",
            MfaMode::Required => "required",
        }
    }
}

wire_str!(MfaMode: Off, Optional, Required);

/// A user's role in one tenant, as stored on the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantMembership {
    pub tenant_id: String,
    pub role: TenantRole,
    /// Suspended by the tenant's admin: no access to the tenant in dezky
    /// (and, through the provisioning job, no sign-in and a frozen mailbox).
    #[serde(default)]
    pub suspended: bool,
}

/// The partner a staff member belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerLink {
    pub partner_id: String,
    pub access: PartnerAccess,
}

/// A person, keyed by the IdP's (issuer, subject); the email is an attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub name: String,
    /// Our half of the operator check; the IdP group is the other half.
    pub platform_admin: bool,
    pub active: bool,
    pub tenant_roles: Vec<TenantMembership>,
    /// Derived from `tenant_roles` on every save, so stores can index membership.
    #[serde(default)]
    pub tenant_ids: Vec<String>,
    pub partner: Option<PartnerLink>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub version: u64,
}

impl User {
    /// The role for THIS tenant; never a global role.
    pub fn role_for_tenant(&self, tenant_id: &str) -> Option<TenantRole> {
        self.membership(tenant_id)
            .filter(|m| !m.suspended)
            .map(|m| m.role)
    }

    /// The membership in THIS tenant, suspended or not (the users page
    /// lists both; access goes by `role_for_tenant`).
    pub fn membership(&self, tenant_id: &str) -> Option<&TenantMembership> {
        self.tenant_roles.iter().find(|m| m.tenant_id == tenant_id)
    }

    /// Keeps the indexed copy of the memberships in step with the memberships.
    pub fn sync_tenant_ids(&mut self) {
        self.tenant_ids = self
            .tenant_roles
            .iter()
            .map(|m| m.tenant_id.clone())
            .collect();
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingDetails {
    pub company: String,
    pub vat_id: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub email: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    pub product_name: Option<String>,
    /// `#rrggbb`.
    pub accent_colour: Option<String>,
    /// The stored logo's id (`domain::logo`; served at `/logos/{id}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
}

/// A partner's overrides of the invitation mail (`mail_text::invitation`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailTemplate {
    /// A paragraph of its own above the link.
    pub message: Option<String>,
    /// In place of dezky's signature.
    pub signature: Option<String>,
}

/// A tenant's security policy (rules and checks in `domain::security`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityPolicy {
    pub mfa_mode: MfaMode,
    pub session_idle_minutes: u32,
    pub session_absolute_hours: u32,
    /// ISO 3166-1 alpha-2 codes; empty: anywhere.
    #[serde(default)]
    pub allowed_countries: Vec<String>,
    /// Addresses and CIDR ranges the tenant's people may reach it from;
    /// empty: anywhere.
    #[serde(default)]
    pub ip_allow_list: Vec<String>,
}

impl Default for SecurityPolicy {
    fn default() -> Self {
        Self {
            mfa_mode: MfaMode::Optional,
            session_idle_minutes: 120,
            session_absolute_hours: 12,
            allowed_countries: Vec::new(),
            ip_allow_list: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub domain: String,
    pub contact_name: String,
    pub contact_email: String,
    pub billing: BillingDetails,
    pub status: PartnerStatus,
    /// 0–100.
    pub margin_pct: u8,
    /// The contract says "progressive": payouts use the published brackets
    /// (`pricing::MARGIN_BRACKETS`) instead of `margin_pct`.
    #[serde(default)]
    pub progressive: bool,
    /// The contract allows standing access: its staff (owners and admins)
    /// enter its customers without a grant each time (white-label
    /// customers; shown as such to the customer, and audited the same).
    #[serde(default)]
    pub standing_access: bool,
    /// The partner lets its customers set their own product name and colour
    /// (`branding::effective`).
    #[serde(default)]
    pub customer_branding: bool,
    /// The partner's overrides of the invitation mail.
    #[serde(default)]
    pub mail: MailTemplate,
    pub branding: Branding,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub version: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: String,
    pub slug: String,
    /// Every tenant belongs to a partner (dezky itself for direct sales).
    pub partner_id: String,
    pub name: String,
    pub plan: String,
    pub status: TenantStatus,
    pub seats: u32,
    pub primary_domain: Option<String>,
    pub billing: BillingDetails,
    pub industry: Option<String>,
    pub brand_colour: Option<String>,
    pub security: SecurityPolicy,
    pub branding: Branding,
    /// When an operator deleted it (status `Deleted`): restorable until the
    /// retention period has passed, then purged.
    #[serde(default)]
    pub deleted_at: Option<Millis>,
    /// Its account at the payment provider (`domain::billing_state`).
    #[serde(default)]
    pub billing_account: super::billing_state::BillingAccount,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub version: u64,
}

#[cfg(test)]
impl Tenant {
    /// A tenant for unit tests: active, one seat, on the standard plan.
    pub fn sample(slug: &str) -> Self {
        Tenant {
            id: "t".into(),
            slug: slug.into(),
            partner_id: "p".into(),
            name: "Fjord Tandklinik".into(),
            plan: "standard".into(),
            status: TenantStatus::Active,
            seats: 1,
            primary_domain: None,
            billing: BillingDetails::default(),
            industry: None,
            brand_colour: None,
            security: SecurityPolicy::default(),
            branding: Branding::default(),
            deleted_at: None,
            billing_account: Default::default(),
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }
}

/// A tenant the signed-in person can reach, with how they reach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantAccess {
    pub slug: String,
    pub name: String,
    pub role: TenantRole,
    /// For the workspace mark in the sidebar.
    pub plan: String,
    pub seats: u32,
    /// THE effective accent (`branding::effective`), for the mark.
    #[serde(default)]
    pub accent: Option<String>,
    /// THE effective logo's address, for the mark.
    #[serde(default)]
    pub logo: Option<String>,
}

/// The "who am I" answer for the signed-in shells.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhoAmI {
    pub name: String,
    pub email: String,
    pub client: ClientKind,
    pub operator: bool,
    pub partner: Option<PartnerSummary>,
    pub tenants: Vec<TenantAccess>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerSummary {
    pub slug: String,
    pub name: String,
    pub access: PartnerAccess,
    /// The white-label accent (`#rrggbb`), if the partner set one.
    #[serde(default)]
    pub accent: Option<String>,
    /// The white-label logo's address, if the partner uploaded one.
    #[serde(default)]
    pub logo: Option<String>,
}

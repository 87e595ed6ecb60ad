//! The operator's in-place edit of a partner: the page sends only the fields
//! that changed (`PartnerPatch`), the server applies them to the stored
//! partner, checks the result by THE partner rule (`validate::partner`) and
//! records the diff (`{ field: { from, to } }`) of what really changed.
use super::model::{Partner, PartnerStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Changed fields only; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerPatch {
    pub name: Option<String>,
    pub domain: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub billing_company: Option<String>,
    pub billing_vat_id: Option<String>,
    pub billing_country: Option<String>,
    pub billing_email: Option<String>,
    pub status: Option<PartnerStatus>,
    pub margin_pct: Option<u8>,
    pub progressive: Option<bool>,
    pub standing_access: Option<bool>,
}

/// The editable fields of a partner as the page holds them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerFields {
    pub name: String,
    pub domain: String,
    pub contact_name: String,
    pub contact_email: String,
    pub billing_company: String,
    pub billing_vat_id: String,
    pub billing_country: String,
    pub billing_email: String,
    pub status: Option<PartnerStatus>,
    pub margin_pct: u8,
    pub progressive: bool,
    pub standing_access: bool,
}

impl PartnerFields {
    pub fn of(p: &Partner) -> Self {
        Self {
            name: p.name.clone(),
            domain: p.domain.clone(),
            contact_name: p.contact_name.clone(),
            contact_email: p.contact_email.clone(),
            billing_company: p.billing.company.clone(),
            billing_vat_id: p.billing.vat_id.clone(),
            billing_country: p.billing.country.clone(),
            billing_email: p.billing.email.clone(),
            status: Some(p.status),
            margin_pct: p.margin_pct,
            progressive: p.progressive,
            standing_access: p.standing_access,
        }
    }

    /// What differs from `before`: the patch Save sends.
    pub fn patch_from(&self, before: &PartnerFields) -> PartnerPatch {
        fn changed<T: PartialEq + Clone>(now: &T, then: &T) -> Option<T> {
            (now != then).then(|| now.clone())
        }
        PartnerPatch {
            name: changed(&self.name, &before.name),
            domain: changed(&self.domain, &before.domain),
            contact_name: changed(&self.contact_name, &before.contact_name),
            contact_email: changed(&self.contact_email, &before.contact_email),
            billing_company: changed(&self.billing_company, &before.billing_company),
            billing_vat_id: changed(&self.billing_vat_id, &before.billing_vat_id),
            billing_country: changed(&self.billing_country, &before.billing_country),
            billing_email: changed(&self.billing_email, &before.billing_email),
            status: changed(&self.status, &before.status).flatten(),
            margin_pct: changed(&self.margin_pct, &before.margin_pct),
            progressive: changed(&self.progressive, &before.progressive),
            standing_access: changed(&self.standing_access, &before.standing_access),
        }
    }
}

impl PartnerPatch {
    pub fn is_empty(&self) -> bool {
        *self == PartnerPatch::default()
    }

    /// The partner with the patch applied (text trimmed; the country in
    /// upper case, the addresses in lower case).
    pub fn apply(&self, p: &Partner) -> Partner {
        let mut out = p.clone();
        let text = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_owned());
        if let Some(v) = text(&self.name) {
            out.name = v;
        }
        if let Some(v) = text(&self.domain) {
            out.domain = v.to_lowercase();
        }
        if let Some(v) = text(&self.contact_name) {
            out.contact_name = v;
        }
        if let Some(v) = text(&self.contact_email) {
            out.contact_email = v.to_lowercase();
        }
        if let Some(v) = text(&self.billing_company) {
            out.billing.company = v;
        }
        if let Some(v) = text(&self.billing_vat_id) {
            out.billing.vat_id = v;
        }
        if let Some(v) = text(&self.billing_country) {
            out.billing.country = v.to_uppercase();
        }
        if let Some(v) = text(&self.billing_email) {
            out.billing.email = v.to_lowercase();
        }
        if let Some(v) = self.status {
            out.status = v;
        }
        if let Some(v) = self.margin_pct {
            out.margin_pct = v;
        }
        if let Some(v) = self.progressive {
            out.progressive = v;
        }
        if let Some(v) = self.standing_access {
            out.standing_access = v;
        }
        out
    }
}

/// The diff of two partners' editable fields for `partner.updated`: THE
/// audit diff (`audit::diff`) over every editable field, so only what
/// differs is in it.
pub fn diff(before: &Partner, after: &Partner) -> Value {
    let (a, b) = (
        serde_json::to_value(PartnerFields::of(before)).unwrap_or(Value::Null),
        serde_json::to_value(PartnerFields::of(after)).unwrap_or(Value::Null),
    );
    let fields: Vec<&str> = a
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    super::audit::diff(&a, &b, &fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{BillingDetails, Branding};
    use serde_json::json;

    fn partner() -> Partner {
        Partner {
            id: "p".into(),
            slug: "nordlys-it".into(),
            name: "Nordlys IT".into(),
            domain: "nordlys-it.example".into(),
            contact_name: String::new(),
            contact_email: "kontakt@nordlys-it.example".into(),
            billing: BillingDetails::default(),
            status: PartnerStatus::Active,
            margin_pct: 30,
            progressive: false,
            standing_access: false,
            customer_branding: false,
            mail: Default::default(),
            branding: Branding::default(),
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }

    #[test]
    fn save_sends_only_what_changed_and_the_diff_names_only_that() {
        let before = PartnerFields::of(&partner());
        let mut now = before.clone();
        assert!(now.patch_from(&before).is_empty());
        now.name = "Nordlys IT ApS".into();
        now.margin_pct = 35;
        now.status = Some(PartnerStatus::Suspended);
        let patch = now.patch_from(&before);
        assert_eq!(
            patch,
            PartnerPatch {
                name: Some("Nordlys IT ApS".into()),
                margin_pct: Some(35),
                status: Some(PartnerStatus::Suspended),
                ..PartnerPatch::default()
            }
        );
        let after = patch.apply(&partner());
        let d = diff(&partner(), &after);
        assert_eq!(
            d,
            json!({
                "name": { "from": "Nordlys IT", "to": "Nordlys IT ApS" },
                "margin_pct": { "from": 30, "to": 35 },
                "status": { "from": "active", "to": "suspended" },
            })
        );
        // The same value typed again is no change.
        let same = PartnerPatch {
            name: Some(" Nordlys IT ".into()),
            ..PartnerPatch::default()
        };
        assert_eq!(diff(&partner(), &same.apply(&partner())), json!({}));
    }
}

//! Field rules for partners and tenants, shared by the browser (live feedback in
//! forms) and the server (the rule that counts). Each refusal names the field and
//! a reason code the UI translates.
use super::model::{BillingDetails, Partner, Tenant};
use super::slug;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub reason: &'static str,
}

fn err(field: &'static str, reason: &'static str) -> Result<(), FieldError> {
    Err(FieldError { field, reason })
}

fn required(field: &'static str, value: &str, max: usize) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        return err(field, "required");
    }
    if value.chars().count() > max {
        return err(field, "too_long");
    }
    Ok(())
}

fn email(field: &'static str, value: &str) -> Result<(), FieldError> {
    if value.is_empty() {
        return Ok(());
    }
    let mut parts = value.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None)
            if !local.is_empty() && domain.contains('.') && !value.contains(' ') =>
        {
            Ok(())
        }
        _ => err(field, "invalid_email"),
    }
}

/// Billing details as stored: the e-mail, a country of two capital
/// letters when given, and THE VAT format (`vat`) for it.
pub fn billing(b: &BillingDetails) -> Result<(), FieldError> {
    email("billing.email", &b.email)?;
    let two_capitals = b.country.len() == 2 && b.country.bytes().all(|c| c.is_ascii_uppercase());
    if !b.country.is_empty() && !two_capitals {
        return err("billing.country", "invalid_country");
    }
    super::vat::normalise(&b.country, &b.vat_id)
        .map(|_| ())
        .map_err(|reason| FieldError {
            field: "billing.vat_id",
            reason,
        })
}

fn colour(field: &'static str, value: Option<&str>) -> Result<(), FieldError> {
    match value {
        Some(v) if super::branding::rgb(v).is_none() => err(field, "invalid_colour"),
        _ => Ok(()),
    }
}

fn slug_rule(value: &str) -> Result<(), FieldError> {
    slug::validate(value).map_err(|e| FieldError {
        field: "slug",
        reason: e.code(),
    })
}

pub fn partner(p: &Partner) -> Result<(), FieldError> {
    slug_rule(&p.slug)?;
    required("name", &p.name, 120)?;
    if p.margin_pct > 100 {
        return err("margin_pct", "out_of_range");
    }
    email("contact_email", &p.contact_email)?;
    billing(&p.billing)?;
    colour(
        "branding.accent_colour",
        p.branding.accent_colour.as_deref(),
    )
}

pub fn tenant(t: &Tenant) -> Result<(), FieldError> {
    slug_rule(&t.slug)?;
    required("name", &t.name, 120)?;
    required("plan", &t.plan, 40)?;
    if t.partner_id.is_empty() {
        return err("partner_id", "required");
    }
    billing(&t.billing)?;
    colour("brand_colour", t.brand_colour.as_deref())?;
    colour(
        "branding.accent_colour",
        t.branding.accent_colour.as_deref(),
    )
}

/// A saved tenant or partner keeps its slug for life.
pub fn slug_unchanged(before: &str, after: &str) -> Result<(), FieldError> {
    if before == after {
        Ok(())
    } else {
        err("slug", "immutable")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::*;

    fn tenant_named(slug: &str) -> Tenant {
        Tenant::sample(slug)
    }

    #[test]
    fn tenants_name_the_failing_field() {
        assert_eq!(tenant(&tenant_named("fjord-tandklinik")), Ok(()));
        assert_eq!(
            tenant(&tenant_named("Fjord")),
            Err(FieldError {
                field: "slug",
                reason: "invalid_characters"
            })
        );
        let mut t = tenant_named("fjord");
        t.partner_id.clear();
        assert_eq!(
            tenant(&t),
            Err(FieldError {
                field: "partner_id",
                reason: "required"
            })
        );
        let mut t = tenant_named("fjord");
        t.brand_colour = Some("red".into());
        assert_eq!(
            tenant(&t),
            Err(FieldError {
                field: "brand_colour",
                reason: "invalid_colour"
            })
        );
        let mut t = tenant_named("fjord");
        t.billing.email = "faktura@".into();
        assert_eq!(
            tenant(&t),
            Err(FieldError {
                field: "billing.email",
                reason: "invalid_email"
            })
        );
    }

    #[test]
    fn partners_margin_is_a_percentage() {
        let mut p = Partner {
            id: "p".into(),
            slug: "nordlys-it".into(),
            name: "Nordlys IT".into(),
            domain: "nordlys.dk".into(),
            contact_name: String::new(),
            contact_email: "kontakt@nordlys.dk".into(),
            billing: BillingDetails::default(),
            status: PartnerStatus::Active,
            margin_pct: 100,
            progressive: false,
            standing_access: false,
            customer_branding: false,
            mail: Default::default(),
            branding: Branding::default(),
            created_at: 0,
            updated_at: 0,
            version: 1,
        };
        assert_eq!(partner(&p), Ok(()));
        p.margin_pct = 101;
        assert_eq!(
            partner(&p),
            Err(FieldError {
                field: "margin_pct",
                reason: "out_of_range"
            })
        );
    }

    #[test]
    fn slugs_are_immutable() {
        assert_eq!(slug_unchanged("a-b", "a-b"), Ok(()));
        assert_eq!(
            slug_unchanged("a-b", "a-c"),
            Err(FieldError {
                field: "slug",
                reason: "immutable"
            })
        );
    }
}

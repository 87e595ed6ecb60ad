//! A customer's billing details as its admin edits them: company, VAT
//! number (THE EU format check, `vat`), country and the billing e-mail.
//! Checked in the browser as typed and on the server when saved.
use super::model::BillingDetails;
use super::validate::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingForm {
    pub company: String,
    pub vat_id: String,
    pub country: String,
    pub email: String,
}

fn refuse(field: &'static str, reason: &'static str) -> FieldError {
    FieldError { field, reason }
}

impl BillingForm {
    pub fn of(b: &BillingDetails) -> Self {
        Self {
            company: b.company.clone(),
            vat_id: b.vat_id.clone(),
            country: b.country.clone(),
            email: b.email.clone(),
        }
    }

    /// The details as stored (trimmed, country in capitals, the VAT number
    /// normalised), or the first field refused and why.
    pub fn checked(&self) -> Result<BillingDetails, FieldError> {
        let company = self.company.trim();
        if company.is_empty() {
            return Err(refuse("company", "required"));
        }
        if company.chars().count() > 120 {
            return Err(refuse("company", "too_long"));
        }
        let country = self.country.trim().to_ascii_uppercase();
        if country.is_empty() {
            return Err(refuse("country", "required"));
        }
        if country.len() != 2 || !country.bytes().all(|c| c.is_ascii_uppercase()) {
            return Err(refuse("country", "invalid_country"));
        }
        let vat_id =
            super::vat::normalise(&country, &self.vat_id).map_err(|r| refuse("vat_id", r))?;
        let email = self.email.trim().to_owned();
        if email.is_empty() {
            return Err(refuse("email", "required"));
        }
        let details = BillingDetails {
            company: company.to_owned(),
            vat_id,
            country,
            email,
        };
        super::validate::billing(&details).map_err(|e| refuse("email", e.reason))?;
        Ok(details)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(company: &str, vat: &str, country: &str, email: &str) -> BillingForm {
        BillingForm {
            company: company.into(),
            vat_id: vat.into(),
            country: country.into(),
            email: email.into(),
        }
    }

    #[test]
    fn details_are_normalised_and_each_refusal_names_its_field() {
        let ok = form(
            " Fjord Tandklinik ApS ",
            "dk 12 34 56 78",
            "dk",
            "faktura@fjord.example",
        )
        .checked()
        .expect("valid");
        assert_eq!(
            (ok.company.as_str(), ok.vat_id.as_str(), ok.country.as_str()),
            ("Fjord Tandklinik ApS", "DK12345678", "DK")
        );
        let refused = |f: BillingForm| f.checked().map_err(|e| (e.field, e.reason)).err();
        assert_eq!(
            refused(form("", "", "DK", "a@b.dk")),
            Some(("company", "required"))
        );
        assert_eq!(
            refused(form("A", "", "", "a@b.dk")),
            Some(("country", "required"))
        );
        assert_eq!(
            refused(form("A", "", "Denmark", "a@b.dk")),
            Some(("country", "invalid_country"))
        );
        assert_eq!(
            refused(form("A", "1234", "DK", "a@b.dk")),
            Some(("vat_id", "vat_format"))
        );
        assert_eq!(
            refused(form("A", "DE123456789", "DK", "a@b.dk")),
            Some(("vat_id", "vat_country"))
        );
        assert_eq!(
            refused(form("A", "", "DK", "")),
            Some(("email", "required"))
        );
        assert_eq!(
            refused(form("A", "", "DK", "faktura")),
            Some(("email", "invalid_email"))
        );
        // No VAT number is allowed (a sole trader below the threshold).
        assert_eq!(
            form("A", "", "DK", "a@b.dk").checked().map(|d| d.vat_id),
            Ok(String::new())
        );
    }
}

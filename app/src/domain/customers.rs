//! A partner's new customer, as the New customer wizard collects it: the
//! workspace (name, slug, plan, seats, an optional mail domain) and its first
//! admin. THE check runs step by step in the browser and whole on the server.
use super::model::TenantRole;
use super::provisioning::NewPerson;
use super::slug::{self, SlugError};
use super::validate::FieldError;
use serde::{Deserialize, Serialize};

/// The most seats a wizard may start a customer with (more is a sales talk).
pub const SEATS_MAX: u32 = 10_000;
pub const NAME_MAX: usize = 120;

/// The wizard's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum WizardStep {
    Workspace,
    Plan,
    Domain,
    Admin,
}

wire_str!(WizardStep: Workspace, Plan, Domain, Admin);

impl WizardStep {
    pub const ALL: [WizardStep; 4] = [
        WizardStep::Workspace,
        WizardStep::Plan,
        WizardStep::Domain,
        WizardStep::Admin,
    ];

    /// The serde name (a page's `data-*` attribute; `domain::tests` checks
    /// the two agree).
    pub const fn as_str(self) -> &'static str {
        match self {
            WizardStep::Workspace => "workspace",
            WizardStep::Plan => "plan",
            WizardStep::Domain => "domain",
            WizardStep::Admin => "admin",
        }
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The step a field is typed on (a refusal from the server takes the
    /// wizard back there).
    pub fn of_field(field: &str) -> WizardStep {
        match field {
            "plan" | "seats" => WizardStep::Plan,
            "domain" => WizardStep::Domain,
            "admin_name" | "admin_email" => WizardStep::Admin,
            _ => WizardStep::Workspace,
        }
    }
}

/// What the partner typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCustomer {
    pub name: String,
    pub slug: String,
    pub plan: String,
    pub seats: String,
    /// Empty: no mail domain yet.
    pub domain: String,
    pub admin_name: String,
    pub admin_email: String,
}

/// The form, checked and normalised (the domain's IDN form is the server's
/// to work out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedCustomer {
    pub name: String,
    pub slug: String,
    pub plan: &'static str,
    pub seats: u32,
    pub domain: Option<String>,
    pub admin: NewPerson,
}

fn refuse<T>(field: &'static str, reason: &'static str) -> Result<T, FieldError> {
    Err(FieldError { field, reason })
}

impl NewCustomer {
    /// THE check of one step's fields.
    pub fn check_step(&self, step: WizardStep) -> Result<(), FieldError> {
        match step {
            WizardStep::Workspace => {
                check_name(&self.name)?;
                slug::validate(self.slug.trim()).map_err(|e: SlugError| FieldError {
                    field: "slug",
                    reason: e.code(),
                })
            }
            WizardStep::Plan => check_plan_seats(&self.plan, &self.seats).map(|_| ()),
            WizardStep::Domain => {
                let d = self.domain.trim();
                if d.contains('@') || d.contains('/') || d.contains(' ') {
                    return refuse("domain", "invalid_domain");
                }
                if !d.is_empty() && !d.trim_end_matches('.').contains('.') {
                    return refuse("domain", "invalid_domain");
                }
                Ok(())
            }
            WizardStep::Admin => self.admin().map(|_| ()),
        }
    }

    /// The first admin, by THE new-person rule (fields renamed for the form).
    fn admin(&self) -> Result<NewPerson, FieldError> {
        NewPerson {
            name: self.admin_name.clone(),
            email: self.admin_email.clone(),
            role: TenantRole::Admin,
        }
        .normalised()
        .map_err(|e| FieldError {
            field: if e.field == "name" {
                "admin_name"
            } else {
                "admin_email"
            },
            reason: e.reason,
        })
    }

    /// Every step, in order; the first refusal.
    pub fn checked(&self) -> Result<CheckedCustomer, FieldError> {
        for step in WizardStep::ALL {
            self.check_step(step)?;
        }
        let (plan, seats) = check_plan_seats(&self.plan, &self.seats)?;
        let domain = self.domain.trim().trim_end_matches('.');
        Ok(CheckedCustomer {
            name: self.name.trim().to_owned(),
            slug: self.slug.trim().to_owned(),
            plan,
            seats,
            domain: (!domain.is_empty()).then(|| domain.to_lowercase()),
            admin: self.admin()?,
        })
    }
}

/// THE rule for a customer's name: required, at most [`NAME_MAX`].
fn check_name(name: &str) -> Result<String, FieldError> {
    let name = name.trim();
    if name.is_empty() {
        return refuse("name", "required");
    }
    if name.chars().count() > NAME_MAX {
        return refuse("name", "too_long");
    }
    Ok(name.to_owned())
}

/// THE rule for a plan (one of `pricing::PLANS`) and its seats (1 to
/// [`SEATS_MAX`]).
fn check_plan_seats(plan: &str, seats: &str) -> Result<(&'static str, u32), FieldError> {
    let Some(plan) = crate::pricing::plan(plan) else {
        return refuse("plan", "required");
    };
    let s = seats.trim();
    if s.is_empty() {
        return refuse("seats", "required");
    }
    match s.parse::<u32>() {
        Ok(n) if (1..=SEATS_MAX).contains(&n) => Ok((plan.id, n)),
        Ok(_) => refuse("seats", "out_of_range"),
        Err(_) => refuse("seats", "not_a_number"),
    }
}

/// A partner's change to one of its customers: name, plan and seats (the
/// slug never changes; the domain has its own page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerEdit {
    pub name: String,
    pub plan: String,
    pub seats: String,
}

/// The edit, checked by THE rules the wizard uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedEdit {
    pub name: String,
    pub plan: &'static str,
    pub seats: u32,
}

impl CustomerEdit {
    pub fn checked(&self) -> Result<CheckedEdit, FieldError> {
        let name = check_name(&self.name)?;
        let (plan, seats) = check_plan_seats(&self.plan, &self.seats)?;
        Ok(CheckedEdit { name, plan, seats })
    }
}

/// The live answer to "is this slug free?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "reason")]
pub enum SlugCheck {
    Available,
    /// Another tenant has it (deleted ones keep theirs until purged).
    Taken,
    Invalid(SlugError),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NewCustomer {
        NewCustomer {
            name: " Nordlys Tandlæger ApS ".into(),
            slug: "nordlys-tandlaeger".into(),
            plan: "standard".into(),
            seats: "12".into(),
            domain: "Nordlys.example.".into(),
            admin_name: "Mette Nordlys".into(),
            admin_email: " Mette@Nordlys.Example ".into(),
        }
    }

    #[test]
    fn an_edit_is_checked_by_the_wizards_rules() {
        let edit = |name: &str, plan: &str, seats: &str| CustomerEdit {
            name: name.into(),
            plan: plan.into(),
            seats: seats.into(),
        };
        assert_eq!(
            edit(" Fjord Tandklinik ApS ", "standard", " 14 ").checked(),
            Ok(CheckedEdit {
                name: "Fjord Tandklinik ApS".into(),
                plan: "standard",
                seats: 14
            })
        );
        for (e, field, reason) in [
            (edit(" ", "standard", "3"), "name", "required"),
            (
                edit(&"x".repeat(NAME_MAX + 1), "standard", "3"),
                "name",
                "too_long",
            ),
            (edit("A", "gold", "3"), "plan", "required"),
            (edit("A", "standard", ""), "seats", "required"),
            (edit("A", "standard", "0"), "seats", "out_of_range"),
            (edit("A", "standard", "10001"), "seats", "out_of_range"),
            (edit("A", "standard", "tre"), "seats", "not_a_number"),
        ] {
            assert_eq!(e.checked(), Err(FieldError { field, reason }), "{e:?}");
        }
    }

    #[test]
    fn a_whole_form_is_normalised() {
        let c = form().checked().expect("valid");
        assert_eq!(c.name, "Nordlys Tandlæger ApS");
        assert_eq!(c.plan, "standard");
        assert_eq!(c.seats, 12);
        assert_eq!(c.domain.as_deref(), Some("nordlys.example"));
        assert_eq!(c.admin.email, "mette@nordlys.example");
        assert_eq!(c.admin.role, TenantRole::Admin);
        let no_domain = NewCustomer {
            domain: "  ".into(),
            ..form()
        };
        assert_eq!(no_domain.checked().expect("valid").domain, None);
    }

    #[test]
    fn each_refusal_names_its_field_and_step() {
        let cases: [(NewCustomer, &str, &str); 9] = [
            (
                NewCustomer {
                    name: " ".into(),
                    ..form()
                },
                "name",
                "required",
            ),
            (
                NewCustomer {
                    slug: "Nordlys".into(),
                    ..form()
                },
                "slug",
                "invalid_characters",
            ),
            (
                NewCustomer {
                    slug: "no".into(),
                    ..form()
                },
                "slug",
                "too_short",
            ),
            (
                NewCustomer {
                    plan: "gold".into(),
                    ..form()
                },
                "plan",
                "required",
            ),
            (
                NewCustomer {
                    seats: "0".into(),
                    ..form()
                },
                "seats",
                "out_of_range",
            ),
            (
                NewCustomer {
                    seats: "tolv".into(),
                    ..form()
                },
                "seats",
                "not_a_number",
            ),
            (
                NewCustomer {
                    domain: "mette@nordlys.dk".into(),
                    ..form()
                },
                "domain",
                "invalid_domain",
            ),
            (
                NewCustomer {
                    admin_name: "".into(),
                    ..form()
                },
                "admin_name",
                "required",
            ),
            (
                NewCustomer {
                    admin_email: "mette".into(),
                    ..form()
                },
                "admin_email",
                "invalid_email",
            ),
        ];
        for (f, field, reason) in cases {
            let e = f.checked().expect_err(field);
            assert_eq!((e.field, e.reason), (field, reason));
            assert!(
                f.check_step(WizardStep::of_field(field)).is_err(),
                "{field} on its own step"
            );
        }
        assert_eq!(
            NewCustomer {
                seats: "10001".into(),
                ..form()
            }
            .checked()
            .unwrap_err()
            .reason,
            "out_of_range"
        );
    }

    #[test]
    fn the_suggested_slug_passes_the_rule() {
        let f = form();
        assert_eq!(slug::derive(&f.name), "nordlys-tandlaeger-aps");
        assert!(slug::validate(&slug::derive(&f.name)).is_ok());
    }
}

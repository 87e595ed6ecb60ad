//! Provisioning jobs: one person across the systems a workplace is made of
//! (the identity provider, the mail server, the files server, and dezky's
//! own membership), recorded step by step so a failure halfway says what was
//! changed and what not, and "Retry" completes it without duplicating
//! anything (every step finds before it creates).
use super::System;
use super::model::{Millis, TenantRole};
use super::validate::FieldError;
use serde::{Deserialize, Serialize};

/// The systems, in the order an add-person job visits them. `Store` is
/// dezky's own membership record.
pub const ADD_PERSON_STEPS: [System; 4] =
    [System::Identity, System::Mail, System::Files, System::Store];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepState {
    /// Not reached yet (an earlier step failed).
    Pending,
    /// Done; `reference` is the account's id in that system, `created`
    /// whether this job made it (false: the person had it already, from
    /// another tenant, and it was left as it was).
    Done { reference: String, created: bool },
    /// Not needed or not possible here, and why (a reason code the UI
    /// translates: `not_connected`, `not_on_mail_domain`).
    Skipped { reason: String },
    /// Failed with the system's words.
    Failed { error: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobStep {
    pub system: System,
    #[serde(flatten)]
    pub state: StepState,
    /// When the step last ran.
    pub at: Millis,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum JobStatus {
    Running,
    Failed,
    Done,
}

wire_str!(JobStatus: Running, Failed, Done);

impl JobStatus {
    /// The serde name (a page's `data-*` attribute; `domain::tests` checks
    /// the two agree).
    pub const fn as_str(self) -> &'static str {
        match self {
            JobStatus::Running => "running",
            JobStatus::Failed => "failed",
            JobStatus::Done => "done",
        }
    }
}

/// What a tenant admin does to a person who is already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Lifecycle {
    /// No sign-in, mailbox frozen (mail still arrives), files disabled, no
    /// access to the tenant in dezky; the password is kept.
    Suspend,
    /// Undoes a suspension.
    Resume,
    /// A new one-time password on the sign-in account and the mailbox.
    ResetPassword,
    /// Out of the tenant: the sign-in account, the mailbox and the files
    /// account are removed, unless the person still belongs to another
    /// tenant (then only this tenant's group and membership go).
    Remove,
}

impl Lifecycle {
    /// The wire name (the serde form).
    pub const fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Suspend => "suspend",
            Lifecycle::Resume => "resume",
            Lifecycle::ResetPassword => "reset_password",
            Lifecycle::Remove => "remove",
        }
    }
}

wire_str!(Lifecycle: Suspend, Resume, ResetPassword, Remove);

impl Lifecycle {
    pub fn kind(self) -> &'static str {
        match self {
            Lifecycle::Suspend => "suspend",
            Lifecycle::Resume => "resume",
            Lifecycle::ResetPassword => "reset_password",
            Lifecycle::Remove => "remove",
        }
    }

    /// The systems the change visits, in order.
    pub fn steps(self) -> &'static [System] {
        match self {
            Lifecycle::Suspend | Lifecycle::Resume | Lifecycle::Remove => {
                &[System::Identity, System::Mail, System::Files, System::Store]
            }
            Lifecycle::ResetPassword => &[System::Identity, System::Mail],
        }
    }
}

/// A recorded multi-system change for one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisioningJob {
    pub id: String,
    pub tenant_id: String,
    /// `add_person`, or a `Lifecycle::kind`.
    pub kind: String,
    pub email: String,
    pub name: String,
    pub role: TenantRole,
    pub steps: Vec<JobStep>,
    pub status: JobStatus,
    /// The dezky user who started it.
    pub started_by: String,
    pub attempts: u32,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub version: u64,
}

impl ProvisioningJob {
    /// The systems already changed (for the report after a failure).
    pub fn changed(&self) -> Vec<System> {
        self.steps
            .iter()
            .filter(|s| matches!(s.state, StepState::Done { .. }))
            .map(|s| s.system)
            .collect()
    }

    /// The reference of a step this job created, from an earlier attempt.
    pub fn created_by_this_job(&self, system: System) -> Option<&str> {
        self.steps.iter().find_map(|s| match &s.state {
            StepState::Done {
                reference,
                created: true,
            } if s.system == system => Some(reference.as_str()),
            _ => None,
        })
    }

    /// The step that failed, if any.
    pub fn failed_step(&self) -> Option<&JobStep> {
        self.steps
            .iter()
            .find(|s| matches!(s.state, StepState::Failed { .. }))
    }
}

/// A person to add, as the tenant admin typed them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub name: String,
    pub email: String,
    pub role: TenantRole,
}

impl NewPerson {
    /// Trimmed, the address in lower case; or the field that is wrong.
    pub fn normalised(&self) -> Result<Self, FieldError> {
        let name = self.name.trim().to_owned();
        let email = self.email.trim().to_ascii_lowercase();
        if name.is_empty() {
            return Err(FieldError {
                field: "name",
                reason: "required",
            });
        }
        if name.chars().count() > 120 {
            return Err(FieldError {
                field: "name",
                reason: "too_long",
            });
        }
        let valid = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !email[local.len() + 1..].contains('@')
                    && local
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "._-+".contains(c))
                    && domain
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
            }
            None => false,
        };
        if email.is_empty() {
            return Err(FieldError {
                field: "email",
                reason: "required",
            });
        }
        if !valid || email.len() > 254 {
            return Err(FieldError {
                field: "email",
                reason: "invalid_email",
            });
        }
        Ok(Self {
            name,
            email,
            role: self.role,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, email: &str) -> NewPerson {
        NewPerson {
            name: name.into(),
            email: email.into(),
            role: TenantRole::Member,
        }
    }

    #[test]
    fn a_new_person_is_checked_field_by_field() {
        let ok = person("  Nina Nyansat ", " Nina@Fjord-Tandklinik.example ")
            .normalised()
            .unwrap();
        assert_eq!(ok.name, "Nina Nyansat");
        assert_eq!(ok.email, "nina@fjord-tandklinik.example");
        for (name, email, field, reason) in [
            ("", "a@b.dk", "name", "required"),
            ("A", "", "email", "required"),
            ("A", "nina", "email", "invalid_email"),
            ("A", "nina@localhost", "email", "invalid_email"),
            ("A", "ni na@b.dk", "email", "invalid_email"),
            ("A", "a@b@c.dk", "email", "invalid_email"),
            ("A", "a@.dk", "email", "invalid_email"),
        ] {
            assert_eq!(
                person(name, email).normalised().unwrap_err(),
                FieldError { field, reason },
                "{name:?} {email:?}"
            );
        }
    }

    #[test]
    fn a_job_reports_what_it_changed() {
        let step = |system, state| JobStep {
            system,
            state,
            at: 0,
        };
        let job = ProvisioningJob {
            id: "j".into(),
            tenant_id: "t".into(),
            kind: "add_person".into(),
            email: "a@b.dk".into(),
            name: "A".into(),
            role: TenantRole::Member,
            steps: vec![
                step(
                    System::Identity,
                    StepState::Done {
                        reference: "7".into(),
                        created: true,
                    },
                ),
                step(
                    System::Mail,
                    StepState::Failed {
                        error: "mail: down".into(),
                    },
                ),
                step(System::Files, StepState::Pending),
                step(System::Store, StepState::Pending),
            ],
            status: JobStatus::Failed,
            started_by: "u".into(),
            attempts: 1,
            created_at: 0,
            updated_at: 0,
            version: 1,
        };
        assert_eq!(job.changed(), vec![System::Identity]);
        assert_eq!(job.failed_step().map(|s| s.system), Some(System::Mail));
    }
}

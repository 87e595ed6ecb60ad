//! Translated names of roles and access levels.
use crate::domain::model::{PartnerAccess, TenantRole};
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// A translated tenant role.
pub fn role_label(role: TenantRole) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || match role {
        TenantRole::Admin => t_string!(i18n, shell.role_admin).to_string(),
        TenantRole::Member => t_string!(i18n, shell.role_member).to_string(),
    })
}

pub fn access_label(access: PartnerAccess) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || match access {
        PartnerAccess::Owner => t_string!(i18n, shell.access_owner).to_string(),
        PartnerAccess::Admin => t_string!(i18n, shell.access_admin).to_string(),
        PartnerAccess::Member => t_string!(i18n, shell.access_member).to_string(),
    })
}

/// The name of an external system, translated ("the mail server").
pub fn system_name(system: crate::domain::System) -> Signal<String> {
    use crate::domain::System;
    let i18n = use_i18n();
    Signal::derive(move || {
        match system {
            System::Store => t_string!(i18n, systems.store),
            System::Identity => t_string!(i18n, systems.identity),
            System::Mail => t_string!(i18n, systems.mail),
            System::Files => t_string!(i18n, systems.files),
            System::Billing => t_string!(i18n, systems.billing),
            System::ObjectStorage => t_string!(i18n, systems.object_storage),
            System::Dns => t_string!(i18n, systems.dns),
            System::Smtp => t_string!(i18n, systems.smtp),
            System::AuditSigningKey => t_string!(i18n, systems.audit_signing_key),
        }
        .to_string()
    })
}

/// The same at the start of a sentence or a line ("The mail server").
pub fn system_title(system: crate::domain::System) -> Signal<String> {
    let name = system_name(system);
    Signal::derive(move || {
        let name = name.get();
        let mut chars = name.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => name,
        }
    })
}

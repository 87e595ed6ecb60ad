//! THE authorisation rules: who may do what to which resource. Pure, so the whole
//! role × action × resource table is unit-tested; every server function calls
//! [`authorize`] on its first line (through `context::authorize`).
use super::model::{ClientKind, PLATFORM_ADMIN_GROUP, PartnerAccess, TenantRole, User};

/// The signed-in person as this request sees them: the user record re-read from
/// the store, the IdP groups and the audience of the session's ID token.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user: User,
    pub groups: Vec<String>,
    pub client: ClientKind,
}

impl Principal {
    /// All three must hold: the operator audience, the IdP group, and our own flag.
    pub fn is_operator(&self) -> bool {
        self.user.active
            && self.client == ClientKind::Operator
            && self.user.platform_admin
            && self.groups.iter().any(|g| g == PLATFORM_ADMIN_GROUP)
    }

    fn partner_access(&self, partner_id: &str) -> Option<PartnerAccess> {
        self.user
            .partner
            .as_ref()
            .filter(|p| p.partner_id == partner_id)
            .map(|p| p.access)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See one's own profile, tenants and the app launcher.
    ViewSelf,
    /// Anything in the operator console.
    Operate,
    /// Read the partner portal of this partner.
    ViewPartner,
    /// Change the partner's customers, team or settings.
    ManagePartner,
    /// Read a tenant's data.
    ViewTenant,
    /// Change a tenant (its admin area).
    AdministerTenant,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource<'a> {
    Me,
    Platform,
    Partner { id: &'a str },
    Tenant { id: &'a str, partner_id: &'a str },
}

/// How access was granted; audit events record it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    SelfService,
    Operator,
    PartnerStaff(PartnerAccess),
    Tenant(TenantRole),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denial {
    /// Nobody is signed in (or the session ended).
    Unauthenticated,
    /// Signed in, but not allowed.
    Forbidden,
}

pub fn authorize(
    principal: Option<&Principal>,
    action: Action,
    resource: Resource<'_>,
) -> Result<Grant, Denial> {
    let p = principal.ok_or(Denial::Unauthenticated)?;
    if !p.user.active {
        return Err(Denial::Unauthenticated);
    }
    let manages =
        |access: PartnerAccess| matches!(access, PartnerAccess::Owner | PartnerAccess::Admin);
    match (action, resource) {
        (Action::ViewSelf, Resource::Me) => Ok(Grant::SelfService),
        (Action::Operate, Resource::Platform) if p.is_operator() => Ok(Grant::Operator),
        (Action::ViewPartner, Resource::Partner { id }) => p
            .partner_access(id)
            .filter(|_| p.client == ClientKind::Portal)
            .map(Grant::PartnerStaff)
            .ok_or(Denial::Forbidden),
        (Action::ManagePartner, Resource::Partner { id }) => p
            .partner_access(id)
            .filter(|a| p.client == ClientKind::Portal && manages(*a))
            .map(Grant::PartnerStaff)
            .ok_or(Denial::Forbidden),
        (Action::ViewTenant | Action::AdministerTenant, Resource::Tenant { id, partner_id }) => {
            // Operators see every tenant; a tenant's workplace (its people,
            // policy, apps) is administered by its own admins and partner,
            // not by the platform's staff on their own say-so.
            if p.is_operator() {
                return match action {
                    Action::ViewTenant => Ok(Grant::Operator),
                    _ => Err(Denial::Forbidden),
                };
            }
            if p.client != ClientKind::Portal {
                return Err(Denial::Forbidden);
            }
            let role = p.user.role_for_tenant(id);
            let staff = p.partner_access(partner_id);
            match action {
                Action::ViewTenant => role
                    .map(Grant::Tenant)
                    .or(staff.map(Grant::PartnerStaff))
                    .ok_or(Denial::Forbidden),
                _ => role
                    .filter(|r| *r == TenantRole::Admin)
                    .map(Grant::Tenant)
                    .or(staff.filter(|a| manages(*a)).map(Grant::PartnerStaff))
                    .ok_or(Denial::Forbidden),
            }
        }
        _ => Err(Denial::Forbidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{PartnerLink, TenantMembership};

    fn user(platform_admin: bool) -> User {
        User {
            id: "u".into(),
            issuer: "https://idp".into(),
            subject: "s".into(),
            email: "a@example.dk".into(),
            name: "A".into(),
            platform_admin,
            active: true,
            tenant_roles: vec![],
            tenant_ids: vec![],
            partner: None,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }

    fn principal(name: &str) -> Option<Principal> {
        let mut u = user(false);
        let mut groups = vec![];
        let mut client = ClientKind::Portal;
        let member = |t: &str, role| TenantMembership {
            tenant_id: t.into(),
            role,
            suspended: false,
        };
        match name {
            "anonymous" => return None,
            "operator" => {
                u.platform_admin = true;
                groups.push(PLATFORM_ADMIN_GROUP.to_owned());
                client = ClientKind::Operator;
            }
            "operator-via-portal" => {
                u.platform_admin = true;
                groups.push(PLATFORM_ADMIN_GROUP.to_owned());
            }
            "group-only" => {
                groups.push(PLATFORM_ADMIN_GROUP.to_owned());
                client = ClientKind::Operator;
            }
            "flag-only" => {
                u.platform_admin = true;
                client = ClientKind::Operator;
            }
            "deactivated-operator" => {
                u.platform_admin = true;
                u.active = false;
                groups.push(PLATFORM_ADMIN_GROUP.to_owned());
                client = ClientKind::Operator;
            }
            "partner-owner" => {
                u.partner = Some(PartnerLink {
                    partner_id: "p1".into(),
                    access: PartnerAccess::Owner,
                })
            }
            "partner-member" => {
                u.partner = Some(PartnerLink {
                    partner_id: "p1".into(),
                    access: PartnerAccess::Member,
                })
            }
            "tenant-admin" => u.tenant_roles.push(member("t1", TenantRole::Admin)),
            "member" => u.tenant_roles.push(member("t1", TenantRole::Member)),
            // Admin in t2, member in t1: the role is per tenant.
            "two-tenants" => {
                u.tenant_roles.push(member("t1", TenantRole::Member));
                u.tenant_roles.push(member("t2", TenantRole::Admin));
            }
            "other-tenant-admin" => u.tenant_roles.push(member("t9", TenantRole::Admin)),
            other => panic!("unknown principal {other}"),
        }
        Some(Principal {
            user: u,
            groups,
            client,
        })
    }

    const PLATFORM: Resource<'static> = Resource::Platform;
    const P1: Resource<'static> = Resource::Partner { id: "p1" };
    const T1: Resource<'static> = Resource::Tenant {
        id: "t1",
        partner_id: "p1",
    };
    const T2: Resource<'static> = Resource::Tenant {
        id: "t2",
        partner_id: "p2",
    };

    /// Every principal × (action, resource): `true` = allowed.
    #[test]
    fn role_action_resource_table() {
        use Action::*;
        let columns: [(Action, Resource<'static>); 9] = [
            (ViewSelf, Resource::Me),
            (Operate, PLATFORM),
            (ViewPartner, P1),
            (ManagePartner, P1),
            (ViewTenant, T1),
            (AdministerTenant, T1),
            (ViewTenant, T2),
            (AdministerTenant, T2),
            (ViewPartner, Resource::Partner { id: "p2" }),
        ];
        #[rustfmt::skip]
        let table: [(&str, [bool; 9]); 13] = [
            //                       self   operate vP1    mP1    vT1    aT1    vT2    aT2    vP2
            ("anonymous",            [false, false, false, false, false, false, false, false, false]),
            ("operator",             [true,  true,  false, false, true,  false, true,  false, false]),
            ("operator-via-portal",  [true,  false, false, false, false, false, false, false, false]),
            ("group-only",           [true,  false, false, false, false, false, false, false, false]),
            ("flag-only",            [true,  false, false, false, false, false, false, false, false]),
            ("deactivated-operator", [false, false, false, false, false, false, false, false, false]),
            ("partner-owner",        [true,  false, true,  true,  true,  true,  false, false, false]),
            ("partner-member",       [true,  false, true,  false, true,  false, false, false, false]),
            ("tenant-admin",         [true,  false, false, false, true,  true,  false, false, false]),
            ("member",               [true,  false, false, false, true,  false, false, false, false]),
            ("two-tenants",          [true,  false, false, false, true,  false, true,  true,  false]),
            ("other-tenant-admin",   [true,  false, false, false, false, false, false, false, false]),
            ("operator-via-portal",  [true,  false, false, false, false, false, false, false, false]),
        ];
        for (name, row) in table {
            let p = principal(name);
            for ((action, resource), want) in columns.iter().zip(row) {
                let got = authorize(p.as_ref(), *action, *resource);
                assert_eq!(got.is_ok(), want, "{name} {action:?} {resource:?}: {got:?}");
            }
        }
    }

    #[test]
    fn anonymous_is_unauthenticated_and_others_forbidden() {
        assert_eq!(
            authorize(None, Action::Operate, PLATFORM),
            Err(Denial::Unauthenticated)
        );
        let member = principal("member");
        assert_eq!(
            authorize(member.as_ref(), Action::Operate, PLATFORM),
            Err(Denial::Forbidden)
        );
    }

    #[test]
    fn grants_say_how_access_came() {
        let p = principal("two-tenants");
        assert_eq!(
            authorize(p.as_ref(), Action::ViewTenant, T1),
            Ok(Grant::Tenant(TenantRole::Member))
        );
        assert_eq!(
            authorize(p.as_ref(), Action::AdministerTenant, T2),
            Ok(Grant::Tenant(TenantRole::Admin))
        );
        let p = principal("partner-owner");
        assert_eq!(
            authorize(p.as_ref(), Action::AdministerTenant, T1),
            Ok(Grant::PartnerStaff(PartnerAccess::Owner))
        );
    }
}

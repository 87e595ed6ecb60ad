//! THE rule for changing a partner's team: who may invite, change an access
//! level or remove a colleague, and the last owner who cannot go. The
//! browser hides what this refuses; the server enforces it.
use super::model::PartnerAccess;

/// Why a team change is refused (the `reason` of the error, on field
/// `access`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamRefusal {
    /// Members read the team; owners and admins change it.
    PartnerAdminOnly,
    /// Only an owner makes, unmakes or removes an owner.
    OwnerOnly,
    /// A partner always keeps one owner.
    LastOwner,
}

impl TeamRefusal {
    pub fn reason(self) -> &'static str {
        match self {
            Self::PartnerAdminOnly => "partner_admin_only",
            Self::OwnerOnly => "owner_only",
            Self::LastOwner => "last_owner",
        }
    }
}

/// May `actor` give someone `access` (an invitation: `current` is None), or
/// change a colleague from `current` to `access` (None: remove them), when
/// the partner has `owners` owners now?
pub fn check_change(
    actor: PartnerAccess,
    current: Option<PartnerAccess>,
    access: Option<PartnerAccess>,
    owners: usize,
) -> Result<(), TeamRefusal> {
    use PartnerAccess::{Admin, Member, Owner};
    match actor {
        Member => return Err(TeamRefusal::PartnerAdminOnly),
        Admin if current == Some(Owner) || access == Some(Owner) => {
            return Err(TeamRefusal::OwnerOnly);
        }
        Owner | Admin => {}
    }
    if current == Some(Owner) && access != Some(Owner) && owners <= 1 {
        return Err(TeamRefusal::LastOwner);
    }
    Ok(())
}

/// The access levels an actor may hand out, for the form's choices.
pub fn grantable(actor: PartnerAccess) -> &'static [PartnerAccess] {
    use PartnerAccess::{Admin, Member, Owner};
    match actor {
        Owner => &[Owner, Admin, Member],
        Admin => &[Admin, Member],
        Member => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PartnerAccess::{Admin, Member, Owner};

    #[test]
    fn members_change_nothing() {
        for (current, access) in [
            (None, Some(Member)),
            (Some(Member), Some(Admin)),
            (Some(Member), None),
        ] {
            assert_eq!(
                check_change(Member, current, access, 2),
                Err(TeamRefusal::PartnerAdminOnly)
            );
        }
        assert!(grantable(Member).is_empty());
    }

    #[test]
    fn only_an_owner_touches_an_owner() {
        assert_eq!(
            check_change(Admin, None, Some(Owner), 1),
            Err(TeamRefusal::OwnerOnly)
        );
        assert_eq!(
            check_change(Admin, Some(Owner), None, 3),
            Err(TeamRefusal::OwnerOnly)
        );
        assert_eq!(
            check_change(Admin, Some(Owner), Some(Admin), 3),
            Err(TeamRefusal::OwnerOnly)
        );
        assert_eq!(check_change(Admin, None, Some(Admin), 1), Ok(()));
        assert_eq!(check_change(Admin, Some(Member), Some(Admin), 1), Ok(()));
        assert_eq!(check_change(Admin, Some(Admin), None, 1), Ok(()));
        assert_eq!(check_change(Owner, Some(Owner), Some(Admin), 2), Ok(()));
        assert_eq!(check_change(Owner, None, Some(Owner), 1), Ok(()));
        assert!(!grantable(Admin).contains(&Owner));
        assert!(grantable(Owner).contains(&Owner));
    }

    #[test]
    fn the_last_owner_stays() {
        assert_eq!(
            check_change(Owner, Some(Owner), None, 1),
            Err(TeamRefusal::LastOwner)
        );
        assert_eq!(
            check_change(Owner, Some(Owner), Some(Member), 1),
            Err(TeamRefusal::LastOwner)
        );
        assert_eq!(check_change(Owner, Some(Owner), Some(Owner), 1), Ok(()));
        assert_eq!(check_change(Owner, Some(Owner), None, 2), Ok(()));
    }
}

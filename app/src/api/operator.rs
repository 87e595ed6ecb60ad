//! The operator console's server functions (`/operator`). Every one authorises
//! `Action::Operate` on the platform first.
mod audit;
mod billing;
mod flags;
mod infrastructure;
mod overview;
mod partners;
mod pricing;
mod reports;
mod team;
mod tenants;

pub use audit::*;
pub use billing::*;
pub use flags::*;
pub use infrastructure::*;
pub use overview::*;
pub use partners::*;
pub use pricing::*;
pub use reports::*;
pub use team::*;
pub use tenants::*;

/// The context of a call, once the caller is known to be an operator.
#[cfg(feature = "ssr")]
async fn operator() -> Result<crate::services::Ctx, crate::domain::AppError> {
    use crate::domain::authz::{Action, Resource};
    let ctx = crate::services::Ctx::load()?;
    ctx.authorize(
        Action::Operate,
        Resource::Platform,
        crate::services::overview::platform_target,
    )
    .await?;
    Ok(ctx)
}

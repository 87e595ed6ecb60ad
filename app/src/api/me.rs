//! Who is signed in: every signed-in page asks once (the shell shares it).
use crate::domain::AppError;
use crate::domain::model::WhoAmI;
use leptos::prelude::*;

/// The signed-in person, their tenants (with the role in each) and partner;
/// `None` when nobody is signed in.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<WhoAmI>, AppError> {
    use crate::domain::authz::{Action, Resource};
    use crate::services::{Ctx, context::Target, me};
    let ctx = Ctx::load()?;
    if ctx.principal().is_none() {
        return Ok(None);
    }
    ctx.authorize(Action::ViewSelf, Resource::Me, Target::default)
        .await?;
    me::who_am_i(&ctx).await
}

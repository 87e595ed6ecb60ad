//! Feature flags: the operator's edits (validated, versioned, audited with the
//! diff) and the evaluation for one tenant.
use super::audit::{Outcome, diff};
use super::context::{Ctx, Target, fail};
use crate::domain::AppError;
use crate::domain::flags::{self, Flag, FlagChange};
use crate::domain::views::FlagInput;
use std::collections::BTreeMap;

pub async fn list(ctx: &Ctx) -> Result<Vec<Flag>, AppError> {
    Ok(ctx.repo().flags().await?)
}

/// Newest first.
pub async fn history(ctx: &Ctx, key: &str) -> Result<Vec<FlagChange>, AppError> {
    Ok(ctx.repo().flag_history(key).await?)
}

fn actor(ctx: &Ctx) -> String {
    ctx.principal()
        .map(|p| p.user.email.clone())
        .unwrap_or_default()
}

fn target(id: &str, key: &str) -> Target {
    Target {
        resource_type: "flag",
        resource_id: id.to_owned(),
        resource_name: key.to_owned(),
        ..Target::default()
    }
}

/// Creates or changes a flag; turning it off with the note "kill-switch" is
/// recorded as `flag.killed`.
pub async fn save(ctx: &Ctx, input: FlagInput) -> Result<Flag, AppError> {
    let key = input.key.trim();
    flags::validate_key(key).map_err(|r| fail(AppError::invalid("key", r)))?;
    flags::validate_state(&input.state).map_err(|r| fail(AppError::invalid("state", r)))?;
    if input.description.chars().count() > 500 {
        return Err(fail(AppError::invalid("description", "too_long")));
    }
    let (before, flag, change) = ctx
        .repo()
        .put_flag(
            key,
            input.description.trim(),
            input.state,
            input.note.trim(),
            &actor(ctx),
            input.version,
        )
        .await?;
    let as_json = |f: &Flag| serde_json::json!({ "description": f.description, "state": f.state, "note": f.note });
    let changed = diff(
        &before.as_ref().map(as_json).unwrap_or_default(),
        &as_json(&flag),
        &["description", "state", "note"],
    );
    ctx.record(
        change.kind.action(),
        Outcome::Success,
        &target(&flag.id, &flag.key),
        serde_json::json!({ "diff": changed }),
    )
    .await;
    Ok(flag)
}

pub async fn remove(ctx: &Ctx, key: &str) -> Result<(), AppError> {
    let change = ctx.repo().remove_flag(key, &actor(ctx)).await?;
    ctx.record(
        change.kind.action(),
        Outcome::Success,
        &target(key, key),
        serde_json::json!({ "from": change.from }),
    )
    .await;
    Ok(())
}

/// The full flag map for one tenant.
pub async fn evaluate_for(
    ctx: &Ctx,
    tenant_slug: &str,
) -> Result<BTreeMap<String, bool>, AppError> {
    let flags = ctx.repo().flags().await?;
    Ok(flags::evaluate(&flags, tenant_slug))
}

//! What the signed-in shell asks once per page, besides "who am I".
use crate::domain::AppError;
use crate::domain::views::{Attention, ShellState};
use leptos::prelude::*;

/// The sidebar's attention badges of a face (`operator`, `partner`, `portal`):
/// the non-zero counts, after the face's own authorisation.
#[server(endpoint = "nav_attention")]
pub async fn nav_attention(face: String) -> Result<Vec<(Attention, u64)>, AppError> {
    use crate::services::{Ctx, attention};
    let ctx = Ctx::load()?;
    attention::counts(&ctx, face_of(&face)?).await
}

/// Everything a face's shell shows around a page, in one answer: who is
/// signed in (`whoami`), the badges where the face's sidebar has any
/// (`nav_attention`), and on the portal the banner of a partner inside
/// `tenant` (`partner_inside`) and the flags on for the person's tenant
/// (`evaluate_flags`). The four are asked in parallel, each with its own
/// authorisation; a failed "who am I" is the answer's error, anything else
/// that fails is left out (no badge, no banner, gated UI hidden).
#[server(name = ShellStateArgs, endpoint = "shell_state")]
pub async fn shell_state(face: String, tenant: Option<String>) -> Result<ShellState, AppError> {
    use crate::api::{evaluate_flags, partner_inside, whoami};
    use crate::faces::{self, Face};
    use crate::services::context::{fail, status_apart};
    let face = face_of(&face)?;
    let counts = async {
        match faces::attention_of(face).next() {
            Some(_) => nav_attention(face.key().to_owned())
                .await
                .unwrap_or_default(),
            None => Vec::new(),
        }
    };
    let inside = async {
        match tenant {
            Some(slug) if face == Face::Portal => partner_inside(slug).await.ok().flatten(),
            _ => None,
        }
    };
    let flags_on = async {
        match face {
            Face::Portal => evaluate_flags(None)
                .await
                .map(|m| {
                    m.into_iter()
                        .filter(|(_, on)| *on)
                        .map(|(k, _)| k)
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    };
    // The parts left out on failure must not make the answer a failure. Each
    // on the heap: the four services' futures side by side overflow a
    // thread's stack in a debug build.
    let (who, counts, inside, flags_on) = status_apart(async {
        futures::join!(
            Box::pin(whoami()),
            Box::pin(counts),
            Box::pin(inside),
            Box::pin(flags_on)
        )
    })
    .await;
    Ok(ShellState {
        who: who.map_err(fail)?,
        counts,
        inside,
        flags_on,
    })
}

/// A face named by its key, or the field's error.
#[cfg(feature = "ssr")]
fn face_of(key: &str) -> Result<crate::faces::Face, AppError> {
    use crate::services::context::fail;
    crate::faces::Face::parse(key).ok_or_else(|| fail(AppError::invalid("face", "unknown")))
}

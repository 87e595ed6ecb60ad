//! What the signed-in shell asks once per page, besides "who am I".
use crate::domain::AppError;
use crate::domain::views::Attention;
use leptos::prelude::*;

/// The sidebar's attention badges of a face (`operator`, `partner`, `portal`):
/// the non-zero counts, after the face's own authorisation.
#[server(endpoint = "nav_attention")]
pub async fn nav_attention(face: String) -> Result<Vec<(Attention, u64)>, AppError> {
    use crate::faces::Face;
    use crate::services::{Ctx, attention, context::fail};
    let ctx = Ctx::load()?;
    let Some(face) = Face::parse(&face) else {
        return Err(fail(AppError::invalid("face", "unknown")));
    };
    attention::counts(&ctx, face).await
}

//! `GET /admin/audit.csv?tenant=SLUG[&category=&outcome=&q=&since=]`: a tenant
//! admin's audit slice as CSV, streamed page by page. The tenant scope is set
//! here on the server; the filter in the query only narrows it. Cells are
//! always quoted and formula-injection-safe.
use crate::AppState;
use app::domain::AppError;
use app::domain::audit::{AuditFilter, AuditRecord, Outcome};
use app::domain::authz::Action;
use app::services::audit::console;
use app::services::context::{Caller, Ctx};
use app::services::tenants;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};
use serde::Deserialize;

pub const HEADER: [&str; 12] = [
    "seq",
    "at",
    "actorType",
    "actorEmail",
    "actorIp",
    "action",
    "outcome",
    "resourceType",
    "resourceId",
    "resourceName",
    "tenantSlug",
    "metadata",
];

/// One CSV cell: quoted, quotes doubled, and a leading `= + - @` (or tab, CR,
/// NUL, which spreadsheets skip before a formula) neutralised with an
/// apostrophe so spreadsheets never evaluate it.
pub fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

pub fn row(e: &AuditRecord) -> String {
    let actor_type = serde_json::to_value(e.actor_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let cells = [
        e.seq.to_string(),
        app::services::audit::canonical::rfc3339_millis(e.at),
        actor_type,
        e.actor_email.clone(),
        e.actor_ip.clone(),
        e.action.clone(),
        e.outcome.as_str().to_owned(),
        e.resource_type.clone(),
        e.resource_id.clone(),
        e.resource_name.clone(),
        e.tenant_slug.clone().unwrap_or_default(),
        e.metadata.to_string(),
    ];
    let mut line = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// The error's status and code, as a server function answers (never the cause).
fn refused(e: &AppError) -> Response {
    super::api_errors::error_response(e)
}

#[derive(Deserialize)]
pub struct CsvQuery {
    tenant: String,
    category: Option<String>,
    /// `success`, `failure`, `denied`, or empty for any.
    outcome: Option<String>,
    #[serde(default)]
    q: String,
    since: Option<i64>,
}

pub async fn export(
    State(state): State<AppState>,
    caller: Option<axum::Extension<Caller>>,
    Query(query): Query<CsvQuery>,
) -> Response {
    let caller = caller.map(|c| c.0).unwrap_or_default();
    let outcome = match query.outcome.as_deref().unwrap_or("") {
        "" => None,
        "success" => Some(Outcome::Success),
        "failure" => Some(Outcome::Failure),
        "denied" => Some(Outcome::Denied),
        _ => return refused(&AppError::invalid("outcome", "unknown")),
    };
    // The same path as a server function: look the tenant up and authorise
    // (a refusal of a signed-in caller is recorded as a denied event).
    let ctx = Ctx::new(state.services.clone(), caller).attempting("audit export");
    let tenant = match tenants::authorized(&ctx, &query.tenant, Action::AdministerTenant).await {
        Ok((tenant, _)) => tenant,
        Err(e) => return refused(&e),
    };
    let filter = AuditFilter {
        category: query.category.filter(|c| !c.is_empty()),
        outcome,
        q: query.q,
        since: query.since,
        tenant: None,
    };
    // The scope comes from the authorised tenant, never from the caller.
    let filter = console::scoped_to(&tenant, filter);
    // Stream: the header, then one page of matches at a time.
    let header = HEADER.iter().map(|h| cell(h)).collect::<Vec<_>>().join(",") + "\r\n";
    let stream = futures_util::stream::unfold(
        (Some(header), None::<String>, false),
        move |(pending, cursor, done)| {
            let ctx = ctx.clone();
            let filter = filter.clone();
            async move {
                if let Some(text) = pending {
                    return Some((Ok::<_, std::io::Error>(text), (None, cursor, done)));
                }
                if done {
                    return None;
                }
                match console::search(&ctx, &filter, cursor.as_deref(), 200).await {
                    Ok(page) => {
                        let text: String = page.items.iter().map(row).collect();
                        let finished = page.next.is_none();
                        Some((Ok(text), (None, page.next, finished)))
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "audit export stopped");
                        Some((
                            Err(std::io::Error::other(e.to_string())),
                            (None, None, true),
                        ))
                    }
                }
            }
        },
    );
    // Fused: the compression layer may poll again after the end.
    let mut res = Body::from_stream(futures_util::StreamExt::fuse(stream)).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"audit-{}.csv\"",
        tenant.slug
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formula_safe() {
        assert_eq!(cell("plain"), "\"plain\"");
        assert_eq!(cell("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx", "\0=1+1"] {
            assert!(cell(lead).starts_with("\"'"), "{lead:?}");
        }
        assert_eq!(cell(""), "\"\"");
    }
}

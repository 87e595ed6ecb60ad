use crate::i18n::{t, t_string, use_i18n};
use crate::kit::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// /sign-in: where the nav's "Log in" leads; both sign-in clients, and the
/// translated reason when a sign-in was refused (`?error=code`, including
/// `not_connected` when this server has no identity provider configured).
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = move || {
        let code = query.read().get("error")?;
        let text = match code.as_str() {
            "not_connected" => t_string!(i18n, auth.error_not_connected),
            "provider_unavailable" => t_string!(i18n, auth.error_provider_unavailable),
            "unknown_login" => t_string!(i18n, auth.error_unknown_login),
            "state_mismatch" => t_string!(i18n, auth.error_state_mismatch),
            "provider_refused" => t_string!(i18n, auth.error_provider_refused),
            "nonce_mismatch" => t_string!(i18n, auth.error_nonce_mismatch),
            "wrong_audience" => t_string!(i18n, auth.error_wrong_audience),
            "wrong_issuer" => t_string!(i18n, auth.error_wrong_issuer),
            "expired" => t_string!(i18n, auth.error_expired),
            "bad_signature" => t_string!(i18n, auth.error_bad_signature),
            "deactivated" => t_string!(i18n, auth.error_deactivated),
            "store_unavailable" => t_string!(i18n, auth.error_store_unavailable),
            _ => t_string!(i18n, auth.error_invalid_token),
        };
        Some(view! {
            <div class="notice notice--error" role="alert" data-testid="sign-in-error" data-error=code>
                <strong>{t!(i18n, auth.error_title)}</strong>" "{text}
            </div>
        })
    };
    view! {
        <PageMeta
            title=crate::i18n::t_signal!(i18n, auth.sign_in_title)
            description=crate::i18n::t_signal!(i18n, auth.sign_in_lead)
        />
        <section class="container page-narrow sign-in" data-testid="sign-in">
            <h1>{t!(i18n, auth.sign_in_title)}</h1>
            {error}
            {view! {
                    <p class="lead">{t!(i18n, auth.sign_in_lead)}</p>
                    <div class="sign-in__choices">
                        // Server routes, not app routes: full page loads.
                        <a class="sign-in__choice" rel="external" href="/auth/login?client=portal" data-testid="sign-in-portal">
                            <strong>{t!(i18n, auth.portal_button)}</strong>
                            <span>{t!(i18n, auth.portal_hint)}</span>
                        </a>
                        <a class="sign-in__choice" rel="external" href="/auth/login?client=operator" data-testid="sign-in-operator">
                            <strong>{t!(i18n, auth.operator_button)}</strong>
                            <span>{t!(i18n, auth.operator_hint)}</span>
                        </a>
                    </div>
            }}
        </section>
    }
}

/// /not-authorised: after the operator guard signed a non-operator out fully.
#[component]
pub fn NotAuthorisedPage() -> impl IntoView {
    let i18n = use_i18n();
    // `?sign_out=1`: the server did not sign out on a GET it could not trust
    // (no Fetch Metadata, or from another site); the person signs out here.
    let query = use_query_map();
    let pending = move || query.read().get("sign_out").is_some();
    view! {
        <PageMeta
            title=crate::i18n::t_signal!(i18n, auth.not_authorised_title)
            description=crate::i18n::t_signal!(i18n, auth.not_authorised_body)
        />
        <section class="container page-narrow" data-testid="not-authorised">
            <h1>{t!(i18n, auth.not_authorised_title)}</h1>
            <Show
                when=pending
                fallback=move || view! { <p>{t!(i18n, auth.not_authorised_body)}</p> }
            >
                <p>{t!(i18n, auth.not_authorised_sign_out_body)}</p>
                <form method="post" action="/auth/logout">
                    <button class="button button--primary" type="submit" data-testid="not-authorised-sign-out">
                        {t!(i18n, auth.sign_out)}
                    </button>
                </form>
            </Show>
            <p>
                <a
                    class=move || if pending() { "button button--ghost" } else { "button button--primary" }
                    href="/sign-in"
                >
                    {t!(i18n, auth.sign_in_again)}
                </a>
                " "
                <a class="button button--ghost" href="/">{t!(i18n, auth.go_home)}</a>
            </p>
        </section>
    }
}

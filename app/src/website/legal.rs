//! /terms, /privacy, /dpa, /cookies and /sla: all in the one shared legal layout.
use crate::format;
use crate::i18n::{t, use_i18n};
use crate::kit::{Clause, LegalDocMeta, LegalLayout, PageMeta};
use crate::tr;
use leptos::prelude::*;

pub const TERMS: LegalDocMeta = LegalDocMeta {
    version: "0.1",
    date: "2026-11-29",
    draft: true,
};
pub const PRIVACY: LegalDocMeta = LegalDocMeta {
    version: "0.1",
    date: "2026-11-29",
    draft: true,
};
pub const DPA: LegalDocMeta = LegalDocMeta {
    version: "0.1",
    date: "2026-11-29",
    draft: true,
};
pub const COOKIES: LegalDocMeta = LegalDocMeta {
    version: "1.0",
    date: "2026-11-29",
    draft: false,
};
pub const SLA: LegalDocMeta = LegalDocMeta {
    version: "1.0",
    date: "2026-11-29",
    draft: false,
};

macro_rules! clauses {
    ($i18n:ident, $doc:ident: $($title:ident / $body:ident),+ $(,)?) => {
        vec![$(Clause { title: tr!($i18n, $doc.$title), body: tr!($i18n, $doc.$body) }),+]
    };
}

macro_rules! legal_page {
    ($i18n:ident, $meta:expr, $doc:ident, $clauses:expr, $extra:expr) => {{
        let i18n = $i18n;
        let meta = $meta;
        view! {
            <LegalLayout
                meta
                title=tr!(i18n, $doc.title)
                intro=tr!(i18n, $doc.intro)
                version_label=tr!(i18n, common.version)
                updated_label=tr!(i18n, common.updated)
                status_label=Signal::derive(move || {
                    if meta.draft {
                        crate::i18n::t_string!(i18n, legal.draft).to_string()
                    } else {
                        crate::i18n::t_string!(i18n, legal.in_force).to_string()
                    }
                })
                draft_banner=tr!(i18n, common.draft_banner)
                toc_label=tr!(i18n, a11y.toc)
                date_text=Signal::derive(move || format::date(i18n.get_locale(), meta.date))
                clauses=$clauses
            >
                {$extra}
                <p class="legal__contact">{t!(i18n, legal.contact_note)}</p>
            </LegalLayout>
        }
    }};
}

#[component]
pub fn TermsPage() -> impl IntoView {
    let i18n = use_i18n();
    let clauses = clauses!(i18n, terms:
        c01_title / c01_body, c02_title / c02_body, c03_title / c03_body, c04_title / c04_body,
        c05_title / c05_body, c06_title / c06_body, c07_title / c07_body, c08_title / c08_body,
        c09_title / c09_body, c10_title / c10_body, c11_title / c11_body, c12_title / c12_body);
    view! {
        <PageMeta title=tr!(i18n, meta.terms_title) description=tr!(i18n, meta.terms_description) />
        {legal_page!(i18n, TERMS, terms, clauses, ())}
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let clauses = clauses!(i18n, privacy:
        c01_title / c01_body, c02_title / c02_body, c03_title / c03_body,
        c04_title / c04_body, c05_title / c05_body, c06_title / c06_body);
    view! {
        <PageMeta title=tr!(i18n, meta.privacy_title) description=tr!(i18n, meta.privacy_description) />
        {legal_page!(i18n, PRIVACY, privacy, clauses, ())}
    }
}

#[component]
pub fn DpaPage() -> impl IntoView {
    let i18n = use_i18n();
    let clauses = clauses!(i18n, dpa:
        c01_title / c01_body, c02_title / c02_body, c03_title / c03_body, c04_title / c04_body,
        c05_title / c05_body, c06_title / c06_body, c07_title / c07_body);
    view! {
        <PageMeta title=tr!(i18n, meta.dpa_title) description=tr!(i18n, meta.dpa_description) />
        {legal_page!(i18n, DPA, dpa, clauses, ())}
    }
}

#[component]
pub fn CookiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let clauses = clauses!(i18n, cookies:
        c01_title / c01_body, c02_title / c02_body, c03_title / c03_body, c04_title / c04_body);
    let table = view! {
        <section class="legal__table" aria-labelledby="cookie-table-title">
            <h2 id="cookie-table-title">{t!(i18n, cookies.table_title)}</h2>
            <table class="stack-table" data-testid="cookie-table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, cookies.col_name)}</th>
                        <th scope="col">{t!(i18n, cookies.col_purpose)}</th>
                        <th scope="col">{t!(i18n, cookies.col_lifetime)}</th>
                        <th scope="col">{t!(i18n, cookies.col_party)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row" data-label=move || crate::i18n::t_string!(i18n, cookies.col_name)><code>{crate::lang::LANG_COOKIE}</code></th>
                        <td data-label=move || crate::i18n::t_string!(i18n, cookies.col_purpose)>{t!(i18n, cookies.lang_purpose)}</td>
                        <td data-label=move || crate::i18n::t_string!(i18n, cookies.col_lifetime)>{t!(i18n, cookies.lang_lifetime)}</td>
                        <td data-label=move || crate::i18n::t_string!(i18n, cookies.col_party)>{t!(i18n, cookies.first_party)}</td>
                    </tr>
                </tbody>
            </table>
        </section>
    };
    view! {
        <PageMeta title=tr!(i18n, meta.cookies_title) description=tr!(i18n, meta.cookies_description) />
        {legal_page!(i18n, COOKIES, cookies, clauses, table)}
    }
}

#[component]
pub fn SlaPage() -> impl IntoView {
    let i18n = use_i18n();
    let clauses = clauses!(i18n, sla:
        c01_title / c01_body, c02_title / c02_body, c03_title / c03_body, c04_title / c04_body);
    let rows = [
        (
            tr!(i18n, sla.sev1),
            tr!(i18n, sla.sev1_example),
            tr!(i18n, sla.sev1_target),
        ),
        (
            tr!(i18n, sla.sev2),
            tr!(i18n, sla.sev2_example),
            tr!(i18n, sla.sev2_target),
        ),
        (
            tr!(i18n, sla.sev3),
            tr!(i18n, sla.sev3_example),
            tr!(i18n, sla.sev3_target),
        ),
    ];
    let (l_sev, l_ex, l_target) = (
        tr!(i18n, sla.col_severity),
        tr!(i18n, sla.col_example),
        tr!(i18n, sla.col_target),
    );
    let table = view! {
        <section class="legal__table" aria-labelledby="sla-table-title">
            <h2 id="sla-table-title">{t!(i18n, sla.table_title)}</h2>
            <table class="stack-table" data-testid="sla-table">
                <thead>
                    <tr>
                        <th scope="col">{move || l_sev.get()}</th>
                        <th scope="col">{move || l_ex.get()}</th>
                        <th scope="col">{move || l_target.get()}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(sev, ex, target)| {
                            view! {
                                <tr>
                                    <th scope="row" data-label=move || l_sev.get()>{move || sev.get()}</th>
                                    <td data-label=move || l_ex.get()>{move || ex.get()}</td>
                                    <td data-label=move || l_target.get()>{move || target.get()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p><a class="text-link" href="/status">{t!(i18n, sla.status_link)}</a></p>
        </section>
    };
    view! {
        <PageMeta title=tr!(i18n, meta.sla_title) description=tr!(i18n, meta.sla_description) />
        {legal_page!(i18n, SLA, sla, clauses, table)}
    }
}

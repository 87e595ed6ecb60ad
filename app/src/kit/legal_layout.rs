use leptos::prelude::*;

/// Version, date and status of a legal document (data, not copy).
#[derive(Clone, Copy, Debug)]
pub struct LegalDocMeta {
    pub version: &'static str,
    /// ISO date, `YYYY-MM-DD`.
    pub date: &'static str,
    pub draft: bool,
}

/// One numbered clause; its body may hold several paragraphs separated by blank lines.
#[derive(Clone)]
pub struct Clause {
    pub title: Signal<String>,
    pub body: Signal<String>,
}

/// The one layout every legal page shares: title, version, date, table of contents,
/// numbered clauses, and a draft banner when the document is a draft.
#[component]
pub fn LegalLayout(
    meta: LegalDocMeta,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] intro: Signal<String>,
    #[prop(into)] version_label: Signal<String>,
    #[prop(into)] updated_label: Signal<String>,
    #[prop(into)] status_label: Signal<String>,
    #[prop(into)] draft_banner: Signal<String>,
    #[prop(into)] toc_label: Signal<String>,
    /// The date as the reader's language writes it.
    #[prop(into)]
    date_text: Signal<String>,
    clauses: Vec<Clause>,
    /// Tables or links after the clauses (cookie table, response-time table).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let toc = clauses.clone();
    view! {
        <article class="legal container" data-testid="legal-doc">
            <header class="legal__header">
                <h1>{move || title.get()}</h1>
                <p class="legal__meta">
                    <span class="legal__badge" class:legal__badge--draft=meta.draft>{move || status_label.get()}</span>
                    <span>{move || version_label.get()} " " {meta.version}</span>
                    <span>{move || updated_label.get()} " " <time datetime=meta.date>{move || date_text.get()}</time></span>
                </p>
                {meta.draft.then(|| view! { <p class="legal__draft" role="note" data-testid="draft-banner">{move || draft_banner.get()}</p> })}
                <p class="legal__intro">{move || intro.get()}</p>
            </header>
            <div class="legal__body">
                <nav class="legal__toc" aria-label=move || toc_label.get()>
                    <h2 class="legal__toc-title">{move || toc_label.get()}</h2>
                    <ol>
                        {toc
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let title = c.title;
                                view! { <li><a href=format!("#c{:02}", i + 1)>{move || title.get()}</a></li> }
                            })
                            .collect_view()}
                    </ol>
                </nav>
                <div class="legal__clauses">
                    {clauses
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let (title, body) = (c.title, c.body);
                            view! {
                                <section class="legal__clause" id=format!("c{:02}", i + 1)>
                                    <h2><span class="legal__num">{i + 1} "."</span> " " {move || title.get()}</h2>
                                    {move || {
                                        body.get()
                                            .split("\n\n")
                                            .map(|p| view! { <p>{p.to_owned()}</p> })
                                            .collect_view()
                                    }}
                                </section>
                            }
                        })
                        .collect_view()}
                    {children.map(|c| c())}
                </div>
            </div>
        </article>
    }
}

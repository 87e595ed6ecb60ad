use leptos::prelude::*;

/// One row of a comparison: the topic and one value per column.
#[derive(Clone)]
pub struct CompareRow {
    pub label: Signal<String>,
    pub values: Vec<Signal<String>>,
}

/// A comparison table. On phones each row stacks and every value is labelled with
/// its column name (from `data-label`), so stacked values are never ambiguous.
/// `highlight` is the index of the column to emphasise (dezky's).
#[component]
pub fn CompareTable(
    #[prop(into)] caption: Signal<String>,
    #[prop(into)] corner: Signal<String>,
    /// Column headers; a header may carry a view (e.g. the logo) before its text.
    columns: Vec<(Option<AnyView>, Signal<String>)>,
    rows: Vec<CompareRow>,
    #[prop(default = 0)] highlight: usize,
    #[prop(optional, into)] testid: Option<&'static str>,
) -> impl IntoView {
    let labels: Vec<Signal<String>> = columns.iter().map(|(_, l)| *l).collect();
    view! {
        <div class="compare" data-testid=testid.unwrap_or("compare-table")>
            <table class="compare__table">
                <caption class="visually-hidden">{move || caption.get()}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || corner.get()}</th>
                        {columns
                            .into_iter()
                            .enumerate()
                            .map(|(i, (logo, label))| {
                                view! {
                                    <th scope="col" class:compare__hl=i == highlight>
                                        <span class="compare__head">{logo}<span>{move || label.get()}</span></span>
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let label = row.label;
                            view! {
                                <tr>
                                    <th scope="row">{move || label.get()}</th>
                                    {row
                                        .values
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, value)| {
                                            let col = labels.get(i).copied();
                                            view! {
                                                <td
                                                    class:compare__hl=i == highlight
                                                    data-label=move || col.map(|c| c.get()).unwrap_or_default()
                                                >
                                                    {move || value.get()}
                                                </td>
                                            }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

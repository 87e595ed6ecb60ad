//! Invoices as a table: number, date, amount, status and the PDF, with the
//! customer when the list spans customers (operator, partner). The
//! customer's own Billing page and the consoles use this one table.
use crate::domain::revenue::{day_label, day_of};
use crate::domain::views::InvoiceRow;
use crate::format;
use crate::i18n::{Locale, t, t_string, use_i18n};
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

fn invoice_status(i18n: I18n, status: &str) -> (&'static str, String) {
    match status {
        "paid" => (
            "status-pill status-pill--ok",
            t_string!(i18n, billing.inv_paid).to_string(),
        ),
        "open" => (
            "status-pill status-pill--warn",
            t_string!(i18n, billing.inv_open).to_string(),
        ),
        "draft" => (
            "status-pill",
            t_string!(i18n, billing.inv_draft).to_string(),
        ),
        "void" => ("status-pill", t_string!(i18n, billing.inv_void).to_string()),
        "uncollectible" => (
            "status-pill status-pill--down",
            t_string!(i18n, billing.inv_uncollectible).to_string(),
        ),
        other => ("status-pill", other.to_owned()),
    }
}

/// `rows`: each invoice with its customer's name (None: the column is not
/// shown when no row has one; "–" for a customer of no tenant).
#[component]
pub fn InvoiceTable(
    rows: Vec<(Option<String>, InvoiceRow)>,
    #[prop(optional)] by_customer: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="invoices">
                <thead><tr>
                    {by_customer.then(|| view! { <th scope="col">{t!(i18n, billing.col_customer)}</th> })}
                    <th scope="col">{t!(i18n, billing.col_number)}</th>
                    <th scope="col">{t!(i18n, billing.col_date)}</th>
                    <th scope="col">{t!(i18n, billing.col_amount)}</th>
                    <th scope="col">{t!(i18n, billing.col_status)}</th>
                    <th scope="col">{t!(i18n, billing.col_pdf)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(customer, i)| {
                        let (class, status) = invoice_status(i18n, &i.status);
                        view! {
                            <tr data-testid="invoice" data-status=i.status.clone()>
                                {by_customer.then(|| view! {
                                    <td data-label=t!(i18n, billing.col_customer)>{customer.clone().unwrap_or_else(|| "–".into())}</td>
                                })}
                                <td data-label=t!(i18n, billing.col_number)>{i.number.clone().unwrap_or_else(|| i.id.clone())}</td>
                                <td data-label=t!(i18n, billing.col_date)>{format::date(lang, &day_label(day_of(i.created * 1000)))}</td>
                                <td data-label=t!(i18n, billing.col_amount)>{format::money(lang, i.amount_minor, &i.currency)}</td>
                                <td data-label=t!(i18n, billing.col_status)><span class=class>{status}</span></td>
                                <td data-label=t!(i18n, billing.col_pdf)>
                                    {i.pdf_url.clone().map(|u| view! {
                                        <a href=u rel="noopener noreferrer" target="_blank" data-testid="invoice-pdf">{t!(i18n, billing.download_pdf)}</a>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

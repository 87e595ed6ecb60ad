//! The payouts table: the operator's ledger and a partner's own payouts
//! show the same columns (partner, month, seats, gross MRR, the margin and
//! how it was found, the payout, status); the operator's has "Mark paid".
use crate::domain::payouts::{MarginBasis, PayoutStatus};
use crate::domain::views::PayoutRow;
use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

#[component]
pub fn PayoutTable(
    rows: Vec<PayoutRow>,
    /// Offered on pending rows: (id, version).
    #[prop(optional)]
    on_mark_paid: Option<Callback<(String, u64)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked();
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="payouts">
                <thead><tr>
                    <th scope="col">{t!(i18n, payouts.col_partner)}</th>
                    <th scope="col">{t!(i18n, payouts.col_month)}</th>
                    <th scope="col">{t!(i18n, payouts.col_seats)}</th>
                    <th scope="col">{t!(i18n, payouts.col_gross)}</th>
                    <th scope="col">{t!(i18n, payouts.col_margin)}</th>
                    <th scope="col">{t!(i18n, payouts.col_payout)}</th>
                    <th scope="col">{t!(i18n, payouts.col_status)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let p = r.payout;
                        let basis = match p.basis {
                            MarginBasis::Contracted { .. } => t_string!(i18n, payouts.contracted).to_string(),
                            MarginBasis::Progressive => t_string!(i18n, payouts.progressive).to_string(),
                        };
                        let paid = p.status == PayoutStatus::Paid;
                        let (id, version) = (p.id.clone(), p.version);
                        view! {
                            <tr data-testid="payout" data-id=p.id.clone() data-status=if paid { "paid" } else { "pending" }
                                data-payout=p.payout_minor.to_string()>
                                <td data-label=t!(i18n, payouts.col_partner)><strong>{r.partner_name.clone()}</strong></td>
                                <td data-label=t!(i18n, payouts.col_month)>
                                    {p.month.clone()}
                                    <br /><span class="add-person__note">{t!(i18n, payouts.as_of)} " " {format::date(lang, &p.as_of)}</span>
                                </td>
                                <td data-label=t!(i18n, payouts.col_seats)>{format::count(lang, p.seats)}</td>
                                <td data-label=t!(i18n, payouts.col_gross)>{format::money(lang, p.gross_minor, &p.currency)}</td>
                                <td data-label=t!(i18n, payouts.col_margin)>
                                    {format::percent_permille(lang, p.margin_permille)}
                                    <br /><span class="add-person__note">{basis}</span>
                                </td>
                                <td data-label=t!(i18n, payouts.col_payout)><strong>{format::money(lang, p.payout_minor, &p.currency)}</strong></td>
                                <td data-label=t!(i18n, payouts.col_status)>
                                    {if paid {
                                        view! { <span class="status-pill status-pill--ok">{t!(i18n, payouts.paid)}</span> }.into_any()
                                    } else {
                                        view! {
                                            <span class="status-pill status-pill--warn">{t!(i18n, payouts.pending)}</span>
                                            {on_mark_paid.map(|cb| view! {
                                                " " <button type="button" class="button button--small" data-testid="payout-mark-paid"
                                                    on:click=move |_| cb.run((id.clone(), version))>
                                                    {t!(i18n, payouts.mark_paid)}
                                                </button>
                                            })}
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

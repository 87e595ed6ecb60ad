use crate::format;
use crate::i18n::{t, use_i18n};
use crate::pricing::LIST_PRICE_ORE;
use leptos::prelude::*;

#[component]
pub fn Pricing() -> impl IntoView {
    let i18n = use_i18n();
    let list_price = move || format::kr(i18n.get_locale(), LIST_PRICE_ORE);
    view! {
        <section class="section" id="pricing" aria-labelledby="pricing-title">
            <div class="container">
                <div class="section__header">
                    <p class="eyebrow">{t!(i18n, home.pricing_eyebrow)}</p>
                    <h2 id="pricing-title">{t!(i18n, home.pricing_title)}</h2>
                    <p class="section__lead">{t!(i18n, home.pricing_lead)}</p>
                </div>
                <div class="tiers">
                    <article class="tier tier--featured" data-testid="price-business">
                        <h3>{t!(i18n, home.pricing_business_name)}</h3>
                        <p class="tier__price"><strong>{list_price}</strong> " " <span>{t!(i18n, common.per_user_month)}</span></p>
                        <ul class="checklist">
                            <li>{t!(i18n, home.pricing_business_f1)}</li>
                            <li>{t!(i18n, home.pricing_business_f2)}</li>
                            <li>{t!(i18n, home.pricing_business_f3)}</li>
                            <li>{t!(i18n, home.pricing_business_f4)}</li>
                            <li>{t!(i18n, home.pricing_business_f5)}</li>
                        </ul>
                        <a class="button button--primary" href="/demo">{t!(i18n, nav.book_demo)}</a>
                    </article>
                    <article class="tier">
                        <h3>{t!(i18n, home.pricing_enterprise_name)}</h3>
                        <p class="tier__price"><strong>{t!(i18n, home.pricing_enterprise_price)}</strong></p>
                        <ul class="checklist">
                            <li>{t!(i18n, home.pricing_enterprise_f1)}</li>
                            <li>{t!(i18n, home.pricing_enterprise_f2)}</li>
                            <li>{t!(i18n, home.pricing_enterprise_f3)}</li>
                            <li>{t!(i18n, home.pricing_enterprise_f4)}</li>
                        </ul>
                        <a class="button button--secondary" href="/demo">{t!(i18n, nav.book_demo)}</a>
                    </article>
                    <article class="tier">
                        <h3>{t!(i18n, home.pricing_partner_name)}</h3>
                        <p class="tier__price"><strong>{t!(i18n, home.pricing_partner_price)}</strong></p>
                        <ul class="checklist">
                            <li>{t!(i18n, home.pricing_partner_f1)}</li>
                            <li>{t!(i18n, home.pricing_partner_f2)}</li>
                        </ul>
                        <a class="button button--secondary" href="/partners">{t!(i18n, home.pricing_partner_cta)}</a>
                    </article>
                </div>
                <p class="fine-print">{t!(i18n, home.pricing_note)}</p>
            </div>
        </section>
    }
}

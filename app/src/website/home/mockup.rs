use crate::i18n::{t, use_i18n};
use crate::kit::NodeMark;
use leptos::prelude::*;

/// A picture of the admin dashboard drawn in HTML/CSS. It is an illustration
/// (`role="img"`), and on phones the whole picture scales down instead of reflowing.
#[component]
pub fn ProductMockup() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section" id="product" aria-labelledby="mockup-title">
            <div class="container">
                <div class="section__header">
                    <p class="eyebrow">{t!(i18n, home.mockup_eyebrow)}</p>
                    <h2 id="mockup-title">{t!(i18n, home.mockup_title)}</h2>
                    <p class="section__lead">{t!(i18n, home.mockup_lead)}</p>
                </div>
                <div class="mockup-frame">
                    <div class="mockup" role="img" aria-label=t!(i18n, a11y.mockup) data-testid="mockup">
                        <div class="mockup__bar"><span></span><span></span><span></span><em>"app.dezky.eu"</em></div>
                        <div class="mockup__body">
                            <div class="mockup__side">
                                <NodeMark on_dark=true size=28 />
                                <b class="is-active">{t!(i18n, home.mockup_nav_dashboard)}</b>
                                <b>{t!(i18n, home.mockup_nav_users)}</b>
                                <b>{t!(i18n, home.mockup_nav_domains)}</b>
                                <b>{t!(i18n, home.mockup_nav_audit)}</b>
                                <b>{t!(i18n, home.mockup_nav_billing)}</b>
                            </div>
                            <div class="mockup__main">
                                <div class="mockup__stats">
                                    <div><small>{t!(i18n, home.mockup_stat_users)}</small><strong>"24"</strong></div>
                                    <div><small>{t!(i18n, home.mockup_stat_storage)}</small><strong>"38 GB"</strong></div>
                                    <div><small>{t!(i18n, home.mockup_stat_domains)}</small><strong>"2"</strong></div>
                                </div>
                                <div class="mockup__table">
                                    <div class="mockup__row mockup__row--head">
                                        <span>{t!(i18n, home.mockup_table_name)}</span>
                                        <span>{t!(i18n, home.mockup_table_role)}</span>
                                        <span>{t!(i18n, home.mockup_table_status)}</span>
                                    </div>
                                    <div class="mockup__row">
                                        <span>"Mette Kjær"</span>
                                        <span>{t!(i18n, home.mockup_role_admin)}</span>
                                        <span class="mockup__ok">{t!(i18n, home.mockup_status_active)}</span>
                                    </div>
                                    <div class="mockup__row">
                                        <span>"Jonas Brandt"</span>
                                        <span>{t!(i18n, home.mockup_role_member)}</span>
                                        <span class="mockup__ok">{t!(i18n, home.mockup_status_active)}</span>
                                    </div>
                                    <div class="mockup__row">
                                        <span>"Sofie Lind"</span>
                                        <span>{t!(i18n, home.mockup_role_member)}</span>
                                        <span class="mockup__wait">{t!(i18n, home.mockup_status_invited)}</span>
                                    </div>
                                </div>
                            </div>
                        </div>
                    </div>
                </div>
            </div>
        </section>
    }
}

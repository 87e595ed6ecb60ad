use super::status_data::{self, INCIDENTS, IncidentKind, SERVICES, Service, ServiceState};
use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::kit::{PageHeader, PageMeta};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn StatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let ok = status_data::all_operational();
    view! {
        <PageMeta title=tr!(i18n, meta.status_title) description=tr!(i18n, meta.status_description) />
        <PageHeader eyebrow=tr!(i18n, status.eyebrow) title=tr!(i18n, status.title) lead=tr!(i18n, status.lead) />
        <section class="section section--tight">
            <div class="container">
                <p class="status-banner" class:status-banner--ok=ok role="status" data-testid="status-banner">
                    {move || if ok { t_string!(i18n, status.all_ok) } else { t_string!(i18n, status.degraded) }}
                </p>
                <h2>{t!(i18n, status.services_title)}</h2>
                <ul class="status-list" role="list">
                    {SERVICES
                        .into_iter()
                        .map(|(service, state)| {
                            let name = move || match service {
                                Service::Mail => t_string!(i18n, status.svc_mail),
                                Service::Files => t_string!(i18n, status.svc_files),
                                Service::Sso => t_string!(i18n, status.svc_sso),
                                Service::Portal => t_string!(i18n, status.svc_portal),
                                Service::Video => t_string!(i18n, status.svc_video),
                                Service::Chat => t_string!(i18n, status.svc_chat),
                            };
                            let (class, label) = match state {
                                ServiceState::Operational => ("ok", tr!(i18n, status.state_operational)),
                                ServiceState::Degraded => ("warn", tr!(i18n, status.state_degraded)),
                                ServiceState::Outage => ("down", tr!(i18n, status.state_outage)),
                                ServiceState::ComingSoon => ("soon", tr!(i18n, status.state_coming_soon)),
                            };
                            view! {
                                <li class="status-list__row">
                                    <span>{name}</span>
                                    <span class=format!("status-pill status-pill--{class}")>{move || label.get()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <h2>{t!(i18n, status.history_title)}</h2>
                <ol class="timeline" role="list">
                    {INCIDENTS
                        .into_iter()
                        .map(|(id, date, kind)| {
                            let title = move || match id {
                                1 => t_string!(i18n, status.incident1_title),
                                _ => t_string!(i18n, status.incident2_title),
                            };
                            let body = move || match id {
                                1 => t_string!(i18n, status.incident1_body),
                                _ => t_string!(i18n, status.incident2_body),
                            };
                            let tag = move || match kind {
                                IncidentKind::Incident => t_string!(i18n, status.resolved),
                                IncidentKind::Maintenance => t_string!(i18n, status.maintenance),
                            };
                            view! {
                                <li class="timeline__item">
                                    <time datetime=date>{move || format::date(i18n.get_locale(), date)}</time>
                                    <h3>{title} " " <span class="status-pill status-pill--ok">{tag}</span></h3>
                                    <p>{body}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                <p><a class="text-link" href="/sla">{t!(i18n, footer.link_sla)}</a></p>
            </div>
        </section>
    }
}

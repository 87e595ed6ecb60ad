//! /admin/branding: the customer's own product name and colour where its
//! partner lets customers brand themselves; otherwise what the partner set,
//! said so. The preview and the readable text are THE kit fields'.
use crate::api::{SaveTenantBranding, tenant_branding};
use crate::domain::AppError;
use crate::domain::branding::BrandingForm;
use crate::domain::views::TenantBrandingView;
use crate::i18n::{t, use_i18n};
use crate::kit::{Async, BrandingFields, ConsoleHeader, ErrorNotice, SaveFooter};
use crate::kit::{settings_field_error as field_error, settings_refusal as refusal};
use crate::shell::admin_page_data;
use leptos::prelude::*;

#[component]
pub fn BrandingPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = admin_page_data(tenant_branding);
    view! {
        <ConsoleHeader
            title=crate::i18n::t_signal!(i18n, settings.branding)
            on_refresh=Callback::new(move |()| data.refetch())
        />
        <Async data let:found>
            {
                let (slug, view) = found;
                view! { <BrandingBody slug view /> }
            }
        </Async>
    }
}

#[component]
fn BrandingBody(slug: String, view: TenantBrandingView) -> impl IntoView {
    let i18n = use_i18n();
    let product = RwSignal::new(view.own.product_name.clone());
    let accent = RwSignal::new(view.own.accent_colour.clone());
    let save = ServerAction::<SaveTenantBranding>::new();
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            saved.set(true);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| {
        product.track();
        accent.track();
        error.set(None);
    });
    let slug = StoredValue::new(slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let form = BrandingForm {
            product_name: product.get_untracked(),
            accent_colour: accent.get_untracked(),
        };
        if let Err(e) = form.checked(&Default::default()) {
            error.set(Some(AppError::invalid(e.field, e.reason)));
            return;
        }
        save.dispatch(SaveTenantBranding {
            slug: slug.get_value(),
            form,
        });
    };
    let general = move || match error.get() {
        Some(AppError::Invalid { field, reason }) if field == "branding" => Some(
            view! { <p class="notice notice--error" role="alert">{refusal(&reason)}</p> }
                .into_any(),
        ),
        Some(AppError::Invalid { .. }) | None => None,
        Some(e) => Some(view! { <ErrorNotice error=e /> }.into_any()),
    };
    let partner = view.partner_name.clone();
    view! {
        <section class="card" data-testid="tenant-branding" data-allowed=view.allowed.to_string() aria-labelledby="tenant-branding-title">
            <h2 id="tenant-branding-title">{t!(i18n, settings.branding)}</h2>
            {if view.allowed {
                view! { <p class="add-person__note">{t!(i18n, settings.tenant_intro)} " " <strong>{partner}</strong>"."</p> }.into_any()
            } else {
                view! { <p class="add-person__note" data-testid="branding-managed">{t!(i18n, settings.tenant_managed)} " " <strong>{partner}</strong>"."</p> }.into_any()
            }}
            <form on:submit=submit novalidate>
                <BrandingFields product accent disabled=!view.allowed
                    product_error=field_error(error, "product_name") accent_error=field_error(error, "accent_colour")
                    fallback_name=view.effective.product_name.clone()
                    fallback_accent=view.effective.accent_colour.clone()
                    logo=Signal::stored(view.logo.clone()) />
                {general}
                <SaveFooter saved pending=save.pending() can_edit=view.allowed prefix="tenant-branding" />
            </form>
        </section>
    }
}

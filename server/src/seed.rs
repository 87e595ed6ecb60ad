//! Demo data for the one-command start: two partners (dezky itself for direct
//! sales, and a reseller), three customers, and the users of the development
//! IdP's demo accounts (README, "Demo accounts"). Runs only on an empty store.
use app::domain::model::*;
use app::ports::store::StoreResult;
use app::repo::Repo;

/// The demo accounts of `dev/oidc/accounts.json` and what they are here.
pub const DEMO_ACCOUNTS: &[(&str, &str)] = &[
    ("operator", "platform admin (operator console)"),
    ("partner", "owner of partner Nordlys IT"),
    ("admin", "admin of tenant Fjord Tandklinik"),
    (
        "member",
        "member of Fjord Tandklinik and of Ravn Arkitekter",
    ),
    ("outsider", "signed-in user with no tenant"),
];

/// A partner as seeded (also the billing benchmark's).
pub fn partner(repo: &Repo, slug: &str, name: &str, domain: &str, margin_pct: u8) -> Partner {
    let now = repo.now();
    Partner {
        id: repo.new_id(),
        slug: slug.into(),
        name: name.into(),
        domain: domain.into(),
        contact_name: String::new(),
        contact_email: format!("kontakt@{domain}"),
        billing: BillingDetails {
            company: name.into(),
            vat_id: String::new(),
            country: "DK".into(),
            email: format!("faktura@{domain}"),
        },
        status: PartnerStatus::Active,
        margin_pct,
        progressive: false,
        standing_access: false,
        customer_branding: false,
        mail: Default::default(),
        branding: Branding::default(),
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// A tenant as seeded (also the billing benchmark's).
pub fn tenant(
    repo: &Repo,
    slug: &str,
    name: &str,
    partner_id: &str,
    seats: u32,
    industry: &str,
) -> Tenant {
    let now = repo.now();
    Tenant {
        id: repo.new_id(),
        slug: slug.into(),
        partner_id: partner_id.into(),
        name: name.into(),
        plan: "standard".into(),
        status: TenantStatus::Active,
        seats,
        primary_domain: Some(format!("{slug}.example")),
        billing: BillingDetails {
            company: name.into(),
            vat_id: String::new(),
            country: "DK".into(),
            email: format!("faktura@{slug}.example"),
        },
        industry: Some(industry.into()),
        brand_colour: None,
        security: SecurityPolicy::default(),
        branding: Branding::default(),
        deleted_at: None,
        billing_account: Default::default(),
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// (subject, name, email, platformAdmin, tenant roles, partner link)
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    Vec<TenantMembership>,
    Option<PartnerLink>,
);

/// Seeds when the store holds no partner yet; returns whether it did.
pub async fn demo(repo: &Repo, issuer: Option<&str>) -> StoreResult<bool> {
    if repo.count_partners().await? > 0 {
        return Ok(false);
    }
    let dezky = partner(repo, "dezky", "dezky (direkte salg)", "dezky.eu", 0);
    let nordlys = partner(repo, "nordlys-it", "Nordlys IT", "nordlys-it.example", 30);
    repo.insert_partner(&dezky).await?;
    repo.insert_partner(&nordlys).await?;
    let fjord = tenant(
        repo,
        "fjord-tandklinik",
        "Fjord Tandklinik",
        &nordlys.id,
        14,
        "health",
    );
    let bager = tenant(
        repo,
        "bager-hansen",
        "Bager Hansen",
        &nordlys.id,
        6,
        "retail",
    );
    let ravn = tenant(
        repo,
        "ravn-arkitekter",
        "Ravn Arkitekter",
        &dezky.id,
        23,
        "architecture",
    );
    for t in [&fjord, &bager, &ravn] {
        repo.insert_tenant(t).await?;
    }
    repo.put_flag(
        app::domain::flags::FILES_APP_FLAG,
        "Files app tile in the portal launcher",
        app::domain::flags::FlagState::On,
        "",
        "demo seed",
        None,
    )
    .await?;
    let Some(issuer) = issuer else {
        tracing::info!("demo partners and tenants seeded (no OIDC issuer: no demo users)");
        return Ok(true);
    };
    let member = |t: &Tenant, role| TenantMembership {
        tenant_id: t.id.clone(),
        role,
        suspended: false,
    };
    let users: [DemoUser; 5] = [
        (
            "operator",
            "Olivia Operatør",
            "operator@dezky.local",
            true,
            vec![],
            None,
        ),
        (
            "partner",
            "Peter Partner",
            "peter@nordlys-it.example",
            false,
            vec![],
            Some(PartnerLink {
                partner_id: nordlys.id.clone(),
                access: PartnerAccess::Owner,
            }),
        ),
        (
            "admin",
            "Astrid Admin",
            "astrid@fjord-tandklinik.example",
            false,
            vec![member(&fjord, TenantRole::Admin)],
            None,
        ),
        (
            "member",
            "Mads Medlem",
            "mads@fjord-tandklinik.example",
            false,
            vec![
                member(&fjord, TenantRole::Member),
                member(&ravn, TenantRole::Member),
            ],
            None,
        ),
        (
            "outsider",
            "Ole Udenfor",
            "ole@example.org",
            false,
            vec![],
            None,
        ),
    ];
    for (subject, name, email, platform_admin, tenant_roles, partner) in users {
        let now = repo.now();
        let mut user = User {
            id: repo.new_id(),
            issuer: issuer.to_owned(),
            subject: subject.into(),
            email: email.into(),
            name: name.into(),
            platform_admin,
            active: true,
            tenant_roles,
            tenant_ids: vec![],
            partner,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        repo.insert_user(&mut user).await?;
    }
    tracing::info!("demo partners, tenants and users seeded");
    Ok(true)
}

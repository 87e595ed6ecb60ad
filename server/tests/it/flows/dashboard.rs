//! The tenant admin's dashboard over the stand-ins: storage per person read
//! from the files server (and "not connected" without one, never zero), a
//! change that stopped halfway and a suspension as attention items, and the
//! tenant's latest events.
use super::auth::session_for;
use super::provisioning::{post, world};
use app::domain::model::ClientKind;
use reqwest::StatusCode;

#[tokio::test]
async fn the_dashboard_reads_storage_per_person_and_lists_what_needs_action() {
    let w = world().await;
    let app = &w.env.app;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let add = |email: &'static str, name: &'static str| {
        [
            ("slug", "fjord-tandklinik"),
            ("name", name),
            ("email", email),
            ("role", "member"),
        ]
    };
    // No mail domain yet: this add stops halfway.
    let (_, stopped) = post(
        app,
        &admin,
        "add_person",
        &add("ida@fjord-tandklinik.example", "Ida Iversen"),
    )
    .await;
    assert_eq!(stopped["job"]["status"], "failed", "{stopped}");
    // With the domain: Jens is added everywhere, then suspended.
    app.state
        .services
        .mail_admin
        .as_ref()
        .unwrap()
        .create_domain("fjord-tandklinik.example")
        .await
        .unwrap();
    let jens = "jens@fjord-tandklinik.example";
    let (_, added) = post(app, &admin, "add_person", &add(jens, "Jens Jensen")).await;
    assert_eq!(added["job"]["status"], "done", "{added}");
    let (_, suspended) = post(
        app,
        &admin,
        "person_lifecycle",
        &[
            ("slug", "fjord-tandklinik"),
            ("email", jens),
            ("what", "suspend"),
        ],
    )
    .await;
    assert_eq!(suspended["job"]["status"], "done", "{suspended}");

    let (status, d) = post(
        app,
        &admin,
        "tenant_dashboard",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    // Astrid, Mads and Jens (Ida never reached the membership step).
    assert_eq!(d["seats_used"], 3, "{d}");
    assert_eq!(d["storage"]["state"], "known", "{d}");
    let people = d["storage"]["people"].as_array().unwrap();
    let of = |email: &str| {
        people
            .iter()
            .find(|p| p["email"] == email)
            .unwrap_or_else(|| panic!("{email} in {d}"))
            .clone()
    };
    // The stand-in, as the tests start it, gives each new person 1 GiB.
    assert_eq!(of(jens)["quota"]["total"], 1_073_741_824u64, "{d}");
    assert_eq!(
        of("astrid@fjord-tandklinik.example")["quota"],
        serde_json::Value::Null
    );
    assert_eq!(d["storage"]["tenant"]["total"], 1_073_741_824u64);
    let items = d["attention"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|i| i["item"] == "suspended" && i["names"][0] == "Jens Jensen"),
        "{d}"
    );
    assert!(
        items
            .iter()
            .any(|i| i["item"] == "stopped_job" && i["name"] == "Ida Iversen"),
        "{d}"
    );
    let recent = d["recent"].as_array().unwrap();
    assert_eq!(recent.len(), 5, "{d}");
    assert_eq!(recent[0]["action"], "person.suspended", "{d}");

    // Retried and done: the item goes.
    let job_id = stopped["job"]["id"].as_str().unwrap();
    let (_, retried) = post(
        app,
        &admin,
        "retry_person_job",
        &[("slug", "fjord-tandklinik"), ("job_id", job_id)],
    )
    .await;
    assert_eq!(retried["job"]["status"], "done", "{retried}");
    let (_, d) = post(
        app,
        &admin,
        "tenant_dashboard",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert!(!d["attention"].to_string().contains("stopped_job"), "{d}");
}

#[tokio::test]
async fn without_a_files_server_storage_is_not_connected_rather_than_zero() {
    let env = super::auth::start().await;
    let app = &env.app;
    let admin = session_for(app, "admin", ClientKind::Portal, &[]).await;
    let (status, d) = post(
        app,
        &admin,
        "tenant_dashboard",
        &[("slug", "fjord-tandklinik")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["storage"]["state"], "not_connected", "{d}");
    assert_eq!(d["seats_used"], 2);
}

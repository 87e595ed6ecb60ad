//! docker-compose.yml can't run here (no container images); this keeps it in step
//! with the configuration the app reads.
use serde_yaml_ng::Value;

fn compose() -> Value {
    let path = format!("{}/../docker-compose.yml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("docker-compose.yml exists");
    serde_yaml_ng::from_str(&text).expect("docker-compose.yml is valid YAML")
}

#[test]
fn the_app_service_sets_every_variable_the_server_reads() {
    let compose = compose();
    let env = &compose["services"]["app"]["environment"];
    let set: Vec<String> = match env {
        Value::Mapping(m) => m
            .keys()
            .filter_map(|k| k.as_str().map(str::to_owned))
            .collect(),
        Value::Sequence(s) => s
            .iter()
            .filter_map(|v| {
                v.as_str()
                    .and_then(|s| s.split('=').next())
                    .map(str::to_owned)
            })
            .collect(),
        other => panic!("services.app.environment must be a map or a list, got {other:?}"),
    };
    for var in server::config::variables() {
        assert!(
            set.iter().any(|s| s == var),
            "docker-compose.yml services.app does not set {var}"
        );
    }
}

#[test]
fn the_production_stack_has_every_system() {
    let compose = compose();
    let services = compose["services"].as_mapping().expect("services");
    for name in [
        "app",
        "mongodb",
        "authentik-server",
        "authentik-worker",
        "authentik-postgres",
        "stalwart",
        "ocis",
        "minio",
        "proxy",
    ] {
        assert!(
            services.contains_key(Value::String(name.into())),
            "docker-compose.yml has no service {name}"
        );
    }
}

/// Layer 1 of the operator console's defence: the Authentik blueprint binds the
/// `dezky-platform-admins` group to the operator application, creates provider and
/// application once (`state: created`), and the worker mounts it.
#[test]
fn the_operator_blueprint_gates_the_application_by_group() {
    let path = format!(
        "{}/../deploy/authentik/blueprints/operator-application.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("blueprint exists");
    let doc: Value = serde_yaml_ng::from_str(&text).expect("blueprint is valid YAML");
    let entries = doc["entries"].as_sequence().expect("entries");
    let entry = |model: &str| {
        entries
            .iter()
            .find(|e| e["model"].as_str() == Some(model))
            .unwrap_or_else(|| panic!("blueprint has a {model}"))
    };
    assert_eq!(
        entry("authentik_core.group")["identifiers"]["name"],
        "dezky-platform-admins"
    );
    let provider = entry("authentik_providers_oauth2.oauth2provider");
    assert_eq!(provider["state"], "created");
    assert_eq!(provider["attrs"]["client_id"], "dezky-operator");
    let app = entry("authentik_core.application");
    assert_eq!(app["state"], "created");
    assert_eq!(app["identifiers"]["slug"], "dezky-operator");
    let binding = entry("authentik_policies.policybinding");
    let tag = |v: &Value| match v {
        Value::Tagged(t) => (t.tag.to_string(), t.value.as_str().map(str::to_owned)),
        other => panic!("expected a !KeyOf reference, got {other:?}"),
    };
    assert_eq!(
        tag(&binding["attrs"]["group"]),
        ("!KeyOf".to_owned(), Some("platform-admins".to_owned()))
    );
    assert_eq!(
        tag(&binding["attrs"]["target"]),
        ("!KeyOf".to_owned(), Some("operator-app".to_owned()))
    );
    assert_eq!(binding["attrs"]["negate"], false);
    let compose = compose();
    let volumes = compose["services"]["authentik-worker"]["volumes"]
        .as_sequence()
        .expect("the worker mounts the blueprints");
    assert!(volumes.iter().any(|v| {
        v.as_str()
            .is_some_and(|s| s.starts_with("./deploy/authentik/blueprints:/blueprints/custom"))
    }));
}

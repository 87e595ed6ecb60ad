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
    for var in server::config::VARIABLES {
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

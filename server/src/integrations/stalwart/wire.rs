//! JMAP on the wire (RFC 8620) as Stalwart's management API speaks it: one
//! request carries method calls, each answered in order; a `/set` answers
//! per object with `created` / `notCreated` and so on, and a refusal is a
//! SetError (`type`, `description`, `properties`, `validationErrors`,
//! `linkedObjects`).
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;

pub const USING: [&str; 2] = ["urn:ietf:params:jmap:core", "urn:stalwart:jmap"];
pub const CAPABILITY: &str = "urn:stalwart:jmap";

#[derive(Serialize)]
pub struct Request<'a> {
    pub using: [&'a str; 2],
    #[serde(rename = "methodCalls")]
    pub method_calls: Vec<(&'a str, Value, String)>,
}

#[derive(Deserialize)]
pub struct Response {
    #[serde(rename = "methodResponses")]
    pub method_responses: Vec<(String, Value, String)>,
}

#[derive(Deserialize)]
pub struct Session {
    #[serde(rename = "primaryAccounts", default)]
    pub primary_accounts: HashMap<String, String>,
    #[serde(default)]
    pub accounts: Map<String, Value>,
}

#[derive(Deserialize, Default)]
pub struct SetResponse {
    #[serde(default)]
    pub created: Option<HashMap<String, Value>>,
    #[serde(rename = "notCreated", default)]
    pub not_created: Option<HashMap<String, SetError>>,
    #[serde(rename = "notUpdated", default)]
    pub not_updated: Option<HashMap<String, SetError>>,
    #[serde(rename = "notDestroyed", default)]
    pub not_destroyed: Option<HashMap<String, SetError>>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct SetError {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub properties: Option<Vec<Value>>,
    #[serde(rename = "validationErrors", default)]
    pub validation_errors: Vec<Value>,
    #[serde(rename = "linkedObjects", default)]
    pub linked_objects: Vec<ObjectRef>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct ObjectRef {
    pub object: String,
    pub id: String,
}

impl SetError {
    /// The server's reason in words a person can act on.
    pub fn words(&self) -> String {
        let properties = self
            .properties
            .iter()
            .flatten()
            .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", ");
        let validation = self
            .validation_errors
            .iter()
            .map(|v| {
                let property = v["property"].as_str().unwrap_or("?");
                match v["type"].as_str().unwrap_or_default() {
                    "Required" => format!("{property} is required"),
                    "Invalid" => format!(
                        "{property} {:?} is not valid",
                        v["value"].as_str().unwrap_or_default()
                    ),
                    other => format!("{property}: {other} {}", v["required"]),
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut words = match self.kind.as_str() {
            "primaryKeyViolation" => "already exists".to_owned(),
            "invalidForeignKey" => "refers to an object that does not exist".to_owned(),
            "objectIsLinked" => {
                let by = self
                    .linked_objects
                    .iter()
                    .map(|o| format!("{} {}", o.object, o.id))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("still in use by {by}")
            }
            "validationFailed" => validation,
            "invalidProperties" => format!("invalid {properties}"),
            other => other.to_owned(),
        };
        if let Some(d) = self.description.as_deref().filter(|d| !d.is_empty()) {
            words.push_str(": ");
            words.push_str(d);
        }
        if self.kind == "primaryKeyViolation" && !properties.is_empty() {
            words.push_str(&format!(" ({properties})"));
        }
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(json: &str) -> SetError {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn set_errors_read_as_words() {
        assert_eq!(
            error(r#"{"type":"validationFailed","validationErrors":[{"type":"Required","property":"name"}]}"#).words(),
            "name is required"
        );
        assert_eq!(
            error(r#"{"type":"primaryKeyViolation","properties":["name"],"objectId":{"object":"Account","id":"b"}}"#).words(),
            "already exists (name)"
        );
        assert_eq!(
            error(r#"{"type":"invalidProperties","properties":["emailAddress"],"description":"server-set property"}"#).words(),
            "invalid emailAddress: server-set property"
        );
        assert_eq!(error(r#"{"type":"forbidden"}"#).words(), "forbidden");
        assert_eq!(
            error(r#"{"type":"objectIsLinked","linkedObjects":[{"object":"Account","id":"b"}]}"#)
                .words(),
            "still in use by Account b"
        );
    }
}

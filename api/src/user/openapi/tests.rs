//! The document against the routes served and the checked-in copy.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use super::calls;
use super::{document, render};
use crate::user::PATHS;

fn checked_in() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/user-api.openapi.json")
}

#[test]
fn every_served_call_is_documented_and_nothing_else() {
    let served: BTreeSet<&str> = PATHS.iter().copied().collect();
    assert_eq!(served.len(), PATHS.len(), "a path is served twice");
    let documented: BTreeSet<&str> = calls::all().map(|c| c.path).collect();
    assert_eq!(
        documented.len(),
        calls::all().count(),
        "a call is documented twice"
    );
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty() && unserved.is_empty(),
        "served but not documented: {undocumented:?}; documented but not served: {unserved:?}"
    );
}

#[test]
fn every_operation_is_complete() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), calls::all().count());
    for (path, item) in paths {
        for method in ["post", "get"] {
            let op = &item[method];
            assert!(op["summary"].is_string(), "{path} {method}: summary");
            assert!(op["responses"]["200"].is_object(), "{path} {method}: 200");
            assert!(
                op["responses"]["default"].is_object(),
                "{path} {method}: errors"
            );
        }
        let body = &item["post"]["requestBody"]["content"]["application/json"]["schema"];
        let properties = body["properties"].as_object().expect("properties");
        for name in body["required"].as_array().into_iter().flatten() {
            let name = name.as_str().expect("name");
            assert!(
                properties.contains_key(name),
                "{path}: required {name} undescribed"
            );
        }
        let query: Vec<&str> = item["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        let unique: BTreeSet<&str> = query.iter().copied().collect();
        assert_eq!(unique.len(), query.len(), "{path}: a parameter twice");
        assert!(
            !unique.contains("hash"),
            "{path}: hash is the security scheme"
        );
        let body_names: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
        assert_eq!(unique, body_names, "{path}: query and body differ");
    }
    assert_eq!(
        doc["paths"]["/user/auth"]["post"]["security"],
        Value::Array(vec![]),
        "logging in takes no hash"
    );
}

/// The copy in docs/ is what the gateway serves. To refresh it after a
/// change: `TRACKGATE_WRITE_OPENAPI=1 cargo test -p trackgate-api openapi`.
#[test]
fn the_checked_in_document_is_the_served_one() {
    let rendered = render(&document());
    let path = checked_in();
    if std::env::var_os("TRACKGATE_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, &rendered).expect("write the document");
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == rendered,
        "{} is out of date; refresh it with TRACKGATE_WRITE_OPENAPI=1 cargo test -p trackgate-api openapi",
        path.display()
    );
}

//! The `labels` filter of `tracker/list` and its constraints, through the
//! User API of a running gateway.

use crate::support;

use serde_json::{Value, json};
use support::user_api::{add_labelled, bad_param, call};

#[test]
fn labels_filter_the_tracker_list_within_their_constraints() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let email = "labels@example.com";
    let (key, _) = gateway.provision(email, "s3cret-pass", "356307042441301");
    for (imei, label) in [
        ("356307042441302", "aa1"),
        ("356307042441303", "bb2"),
        ("356307042441304", "cc3"),
    ] {
        add_labelled(&gateway, &key, email, imei, label);
    }
    let labels_of = |answer: &Value| -> Vec<String> {
        let list = answer["list"]
            .as_array()
            .unwrap_or_else(|| panic!("{answer}"));
        list.iter()
            .filter_map(|t| t["label"].as_str().map(str::to_owned))
            .collect()
    };
    let list = |labels: Value| call(&gateway, "tracker/list", &key, json!({"labels": labels}));

    assert_eq!(labels_of(&list(json!(["aa", "b"]))), ["aa1", "bb2"]);
    assert_eq!(labels_of(&list(json!(["AA"]))), ["aa1"], "case is ignored");
    assert_eq!(labels_of(&list(json!(["zz"]))), Vec::<String>::new());
    assert_eq!(
        labels_of(&call(&gateway, "tracker/list", &key, json!({}))).len(),
        4
    );
    // A GET client sends the array as JSON text.
    let path = format!(
        "/v2/tracker/list?hash={key}&labels={}",
        trackgate_tests::http::encode(r#"["c"]"#)
    );
    assert_eq!(
        labels_of(&trackgate_tests::http::get(gateway.api, &path).json()),
        ["cc3"]
    );

    let too_many: Vec<String> = (0..1025).map(|n| format!("l{n}")).collect();
    for bad in [
        json!([]),
        json!(too_many),
        json!(["a", null]),
        json!(["a", "a"]),
        json!([""]),
        json!(["x".repeat(61)]),
        json!("aa"),
    ] {
        assert_eq!(bad_param(&list(bad.clone())), "labels", "{bad}");
    }
    let most: Vec<String> = (0..1024).map(|n| format!("l{n}")).collect();
    assert_eq!(list(json!(most))["success"], true);
}

//! Reading fields: the three answers, every spelling clients use, and
//! errors that name the field.

use serde_json::json;

use super::*;

fn call(value: Value) -> Call {
    match value {
        Value::Object(fields) => Call::new(fields),
        _ => Call::default(),
    }
}

#[test]
fn empty_means_default_and_absent_means_unchanged() {
    let c = call(json!({"data": {"notes": "", "max_allowed_connections": "0",
        "expire_date": "0", "disabled": "1", "reseller_id": "0"}}));
    let d = c.data().expect("data");
    assert_eq!(d.field("notes").text().expect("text"), Some(None));
    assert_eq!(d.field("missing").text().expect("text"), None);
    assert_eq!(
        d.field("max_allowed_connections").limit().expect("n"),
        Some(None)
    );
    assert_eq!(d.field("expire_date").time().expect("time"), Some(None));
    assert_eq!(d.field("disabled").flag().expect("flag"), Some(Some(true)));
    assert_eq!(d.field("reseller_id").id().expect("id"), Some(None));
}

#[test]
fn values_in_every_spelling_clients_use() {
    let c = call(
        json!({"data": {"expire_date": "1767225600", "when": "2026-01-01",
        "ips": ["10.0.0.1", "::1"], "one": "10.0.0.2", "json": "[\"a\"]",
        "flag": true, "n": 5}, "id": 7}),
    );
    let d = c.data().expect("data");
    assert_eq!(
        d.field("expire_date").time().expect("unix"),
        Some(Some(1_767_225_600_000))
    );
    assert_eq!(
        d.field("when").time().expect("date"),
        Some(Some(1_767_225_600_000))
    );
    assert_eq!(
        d.field("ips").list().expect("list"),
        Some(Some(vec!["10.0.0.1".into(), "::1".into()]))
    );
    assert_eq!(
        d.field("one").list().expect("one"),
        Some(Some(vec!["10.0.0.2".into()]))
    );
    assert_eq!(
        d.field("json").list().expect("json"),
        Some(Some(vec!["a".into()]))
    );
    assert_eq!(d.field("flag").flag().expect("flag"), Some(Some(true)));
    assert_eq!(d.field("n").whole(1).expect("n"), Some(Some(5)));
    assert_eq!(c.top("id").id().expect("id"), Some(Some(7)));
    let json_text = call(json!({"data": "{\"username\": \"x\"}"}));
    assert_eq!(
        json_text
            .data()
            .expect("data")
            .field("username")
            .required()
            .expect("x"),
        "x"
    );
}

#[test]
fn errors_name_the_field_as_the_client_wrote_it() {
    let c = call(json!({"data": {"expire_date": "soon", "disabled": "maybe",
        "max_allowed_connections": "-1", "ips": [["x"]], "username": ["a"]},
        "id": "x"}));
    let d = c.data().expect("data");
    let text = |e: ServerError| e.to_string();
    assert!(
        text(d.field("expire_date").time().unwrap_err())
            .starts_with("data[expire_date] must be a Unix time")
    );
    assert_eq!(
        text(d.field("disabled").flag().unwrap_err()),
        "data[disabled] must be 1 or 0 (true or false)"
    );
    assert_eq!(
        text(d.field("max_allowed_connections").limit().unwrap_err()),
        "data[max_allowed_connections] must be a whole number of at least 0"
    );
    assert_eq!(
        text(d.field("ips").list().unwrap_err()),
        "data[ips][0] must be a single value"
    );
    assert_eq!(
        text(d.field("username").text().unwrap_err()),
        "data[username] must be a single value, not a list"
    );
    assert_eq!(
        text(c.top("id").id().unwrap_err()),
        "id must be a whole number of at least 0"
    );
    assert_eq!(
        text(d.field("absent").required().unwrap_err()),
        "data[absent] is missing"
    );
    assert_eq!(
        text(
            d.check_names(
                &["expire_date"],
                &["disabled", "ips", "max_allowed_connections"],
                "a line"
            )
            .unwrap_err()
        ),
        "data[username] is not a field of a line; known fields: expire_date"
    );
    assert!(call(json!({"data": "x"})).data().is_err());
    assert!(call(json!({"data": ["x"]})).data().is_err());
}

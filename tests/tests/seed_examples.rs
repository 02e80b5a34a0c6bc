//! The curl examples of the User API's reference (seed 003), replayed
//! unchanged against a running gateway: the body each example sends, with
//! only its hash and tracker ids swapped for live ones. Each answers as
//! the reference documents, or with the documented error where the
//! example itself cannot succeed here (a model code trackgate does not
//! have, a body that is not JSON).
//!
//! The examples are in `tests/data/seed003-examples.jsonl` (see the
//! README there).

use crate::support;

use std::time::Duration;

use serde_json::{Value, json};
use support::user_api::add_labelled;
use trackgate_api::user::openapi::conform::conforms;
use trackgate_tests::device::Device;
use trackgate_tests::http;
use trackgate_tests::points::drive;

const SEED_HASH: &str = "a6aa75587e5c59c32d347da438505fc3";
const MAIN: &str = "356307042441013";
const SPARE: &str = "356307042441021";
const VICTIM: &str = "356307042441039";
/// The bundle `register_quick` and `replace_quick` name (14 digits, as in
/// the reference).
const BUNDLE: &str = "35645587458999";

/// What an example must answer.
#[derive(Debug, PartialEq)]
enum Expect {
    Success,
    Code(i64, &'static str),
}

fn expected(call: &str) -> Expect {
    match call {
        "tracker/delete" => Expect::Code(249, "trackgate's trackers are not clones"),
        "tracker/tags/set" | "tracker/send_command" => Expect::Code(
            5,
            "the example's body is not JSON (unescaped quotes, unquoted keys)",
        ),
        "tracker/register" | "tracker/replace" => Expect::Code(
            220,
            "qlgv55lite is not a trackgate model code (see tracker/list_models)",
        ),
        "tracker/replace_quick" => Expect::Code(
            224,
            "the bundle was taken by the register_quick example before",
        ),
        _ => Expect::Success,
    }
}

/// `text` with every whole number `from` replaced by `to`.
fn swap_number(text: &str, from: &str, to: u64) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().last();
        let after = rest[at + from.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(|c| c.is_ascii_digit()) || after.is_some_and(|c| c.is_ascii_digit()) {
            out.push_str(from);
        } else {
            out.push_str(&to.to_string());
        }
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_reference_example_answers_as_documented() {
    let (sms_port, _sms) = support::sms::fake_gateway(200, 10);
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.sms.url = Some(format!("http://127.0.0.1:{sms_port}/send"));
        c.registration.server_host = Some("gw.example.net".into());
    });
    let email = "seed@example.com";
    let (key, main) = gateway.provision(email, "s3cret-pass", MAIN);
    // The spare is registered as a Teltonika device (its model decides
    // the registration commands) and stays offline.
    let spare = gateway.user(
        "tracker/register",
        json!({
            "hash": key, "label": "Spare", "plugin_id": 37, "model": "teltonika",
            "device_id": SPARE, "phone": "79000000001",
        }),
    );
    let spare = spare.json()["value"]["id"].as_u64().expect("spare");
    let victim = add_labelled(&gateway, &key, email, VICTIM, "Victim");
    let bundle = gateway.server(&format!("ADD_OBJECT,{BUNDLE},Bundle,false,2030-01-01"));
    assert_eq!(bundle.body, "OK");
    // The main tracker is online with a point.
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(MAIN), Some(1));
    assert!(device.send_records(&drive(1_700_000_000_000, 2)).is_some());

    let document: Value = http::get(gateway.api, "/v2/openapi.json").json();
    let examples = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seed003-examples.jsonl"
    ))
    .expect("examples");
    let mut replayed = 0;
    for line in examples.lines() {
        let example: Value = serde_json::from_str(line).expect("an example");
        let call = example["call"].as_str().expect("call");
        let seed_line = &example["seed_line"];
        let mut body = example["body"]
            .as_str()
            .expect("body")
            .replace(SEED_HASH, &key);
        let corrupting = call == "tracker/corrupt";
        body = swap_number(&body, "123456", main);
        body = swap_number(&body, "265489", if corrupting { victim } else { main });
        body = swap_number(&body, "999119", spare);
        body = swap_number(&body, "999199", main);
        let answer = http::post_raw(
            gateway.api,
            &format!("/v2/{call}"),
            "application/json",
            &body,
        );
        let json = answer.json();
        match expected(call) {
            Expect::Success => {
                assert_eq!(
                    json["success"], true,
                    "{call} (seed line {seed_line}) with {body}: {json}"
                );
                if let Err(why) = conforms(&document, call, &json) {
                    panic!("{call}: the answer does not fit the OpenAPI document: {why}\n{json}");
                }
            }
            Expect::Code(code, why) => assert_eq!(
                json["status"]["code"], code,
                "{call} (seed line {seed_line}) should answer {code}: {why}; got {json}"
            ),
        }
        replayed += 1;
    }
    assert_eq!(replayed, 23, "every example of the reference");
    std::thread::sleep(Duration::from_millis(10));
    gateway.stop();
}

#[test]
fn numbers_are_swapped_only_whole() {
    assert_eq!(
        swap_number(
            r#"{"tracker_id": 123456, "trackers": [1234567]}"#,
            "123456",
            7
        ),
        r#"{"tracker_id": 7, "trackers": [1234567]}"#
    );
}

//! The request examples of the Navixy Panel API reference, replayed as
//! they are published against a running gateway: each cURL body and each
//! HTTP GET query, with only the reference's hashes and ids swapped for
//! live ones (its example user 231485 becomes the user the example before
//! created, and so on). Every one must succeed, answer the published
//! response's fields that trackgate answers, and fit the Panel OpenAPI
//! document.
//!
//! The examples are in `tests/data/panel-reference.json` (see the README
//! there), in the order a dealer would make them: the administrator logs
//! in, makes a tariff, a user, a tracker for it, imports bundles, and so
//! on, and logs out last.

use crate::support;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use support::panel_api::{all, dealer, post, seed};
use support::user_api;
use trackgate_api::user::openapi::conform::conforms;
use trackgate_tests::http;

/// The hashes the reference's examples send.
const HASHES: [&str; 2] = [
    "fa7bf873fab9333144e171372a321b06",
    "22eac1c27af4be7b9d04da2ce1af111b",
];
/// The administrator of the `account/auth` example.
const LOGIN: &str = "20410";
const PASSWORD: &str = "12f@14Y$";

/// What the reference's ids stand for here, filled in as the examples go.
#[derive(Default)]
struct Swaps {
    values: BTreeMap<String, Value>,
}

impl Swaps {
    fn set(&mut self, reference: impl ToString, live: Value) {
        self.values.insert(reference.to_string(), live);
    }

    /// What the reference's `reference` stands for (it must be known).
    fn live(&self, reference: &str) -> Value {
        self.values
            .get(reference)
            .cloned()
            .unwrap_or_else(|| panic!("{reference} stands for nothing yet"))
    }

    /// The live session hash.
    fn hash(&self) -> String {
        self.live(HASHES[0]).as_str().expect("a hash").to_owned()
    }

    /// `value` with every number or string the reference used for an id
    /// swapped for the live one.
    fn apply(&self, value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.apply(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.apply(v)).collect()),
            Value::Number(n) => self.values.get(&n.to_string()).cloned().unwrap_or(json!(n)),
            Value::String(s) => self.values.get(s).cloned().unwrap_or(json!(s)),
            other => other.clone(),
        }
    }

    /// A published query string with its values swapped (a value that is
    /// a JSON array is swapped inside), percent-encoded.
    fn query(&self, published: &str) -> String {
        published
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                let value = match serde_json::from_str::<Value>(value) {
                    Ok(array @ Value::Array(_)) => self.apply(&array).to_string(),
                    _ => match self.values.get(value) {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => value.to_owned(),
                    },
                };
                format!("{name}={}", http::encode(&value))
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// What an example must answer, when it cannot simply succeed.
#[derive(Debug, PartialEq)]
enum Expect {
    Success,
    Code(i64, &'static str),
}

/// The published examples that cannot succeed as published, and why.
fn expected(call: &str, how: &str) -> Expect {
    match (call, how) {
        ("tracker/bundle/import", "GET") => Expect::Code(
            7,
            "the published GET example sends bundle_id and order_id, not the imeis it needs",
        ),
        _ => Expect::Success,
    }
}

/// Checks one answer: what it must be, the fields named, and the
/// document.
fn check(document: &Value, example: &Value, how: &str, sent: &str, answer: &Value) {
    let call = example["call"].as_str().expect("call");
    let source = &example["source"];
    if let Expect::Code(code, why) = expected(call, how) {
        assert_eq!(
            answer["status"]["code"], code,
            "{call} ({source}) by {how} should answer {code}: {why}; got {answer}"
        );
        return;
    }
    assert_eq!(
        answer["success"], true,
        "{call} ({source}) by {how} with {sent}: {answer}"
    );
    for field in example["answer"].as_array().expect("answer") {
        let field = field.as_str().expect("a field name");
        assert!(
            answer.get(field).is_some(),
            "{call} ({source}) by {how}: no `{field}` in {answer}"
        );
    }
    if let Err(why) = conforms(document, call, answer) {
        panic!("{call} by {how}: the answer does not fit the OpenAPI document: {why}\n{answer}");
    }
}

#[test]
fn every_reference_example_succeeds_as_published() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dealer_id = seed(dir.path(), |store| {
        let id = dealer(store, "Reference");
        reference_admin(store, id);
        id
    });
    let gateway = support::start(dir.path(), |_| {});
    let document: Value = http::get(gateway.api, "/v2/panel/openapi.json").json();
    let data: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/panel-reference.json"
        ))
        .expect("the examples"),
    )
    .expect("JSON");

    let mut swaps = Swaps::default();
    swaps.set(5001, json!(dealer_id.0));
    let mut replayed = 0;
    for example in data["examples"].as_array().expect("examples") {
        let call = example["call"].as_str().expect("call");
        prepare(&gateway, call, &mut swaps);
        if let Some(body) = example.get("post") {
            let body = swaps.apply(body);
            let answer = post(&gateway, call, &body).json();
            check(&document, example, "POST", &body.to_string(), &answer);
            after(call, &answer, &mut swaps);
            replayed += 1;
        }
        if let Some(query) = example.get("get").and_then(Value::as_str) {
            again(&gateway, call, &mut swaps);
            let query = swaps.query(query);
            let answer = http::get(gateway.api, &format!("/v2/panel/{call}?{query}")).json();
            check(&document, example, "GET", &query, &answer);
            after(call, &answer, &mut swaps);
            replayed += 1;
        }
    }
    assert_eq!(replayed, 52, "every published request, POST and GET");
    // The last example logged out: the hash is gone.
    let gone = post(
        &gateway,
        "account/get_permissions",
        &json!({ "hash": swaps.hash() }),
    )
    .json();
    assert_eq!(gone["status"]["code"], 4, "{gone}");
    gateway.stop();
}

/// The reference's administrator, of `dealer`, with every permission: its
/// own login and password, as the `account/auth` example sends them.
fn reference_admin(store: &trackgate_store::EmbeddedStore, dealer: trackgate_store::DealerId) {
    use trackgate_store::{NewPanelAdmin, PanelAdminStore};
    let hash = trackgate_api::auth::Passwords::default()
        .hash_blocking(PASSWORD)
        .expect("hash");
    store
        .create_panel_admin(NewPanelAdmin {
            login: LOGIN.into(),
            password_hash: hash,
            email: "reference@example.com".into(),
            dealer: Some(dealer),
            permissions: all(),
            created_ms: 1_700_000_000_000,
        })
        .expect("administrator");
}

/// A Panel call made by the test itself (not an example), which must
/// succeed.
fn setup(gateway: &support::Running, call: &str, swaps: &Swaps, body: Value) -> Value {
    let answer = support::panel_api::call(gateway, call, &swaps.hash(), body);
    assert_eq!(answer["success"], true, "setup {call}: {answer}");
    answer
}

/// A user of the dealer, made by the test.
fn user(gateway: &support::Running, swaps: &Swaps, login: &str) -> Value {
    let made = setup(
        gateway,
        "user/create",
        swaps,
        json!({ "user": { "login": login, "activated": true },
                "password": "Setup-pass-12!", "time_zone": "UTC" }),
    );
    made["id"].clone()
}

/// What the examples of `call` need that earlier examples did not make.
fn prepare(gateway: &support::Running, call: &str, swaps: &mut Swaps) {
    match call {
        "user/change_password" => {
            // The corrupt example after it names user 231432 and its login.
            let id = user(gateway, swaps, "user@login.com");
            swaps.set(231432, id);
        }
        "tracker/list" => {
            // A tracker of user 231485, registered by that user; the
            // raw command example names it by its device id.
            let owner = swaps.live("231485");
            let session = setup(
                gateway,
                "user/session/create",
                swaps,
                json!({ "user_id": owner }),
            );
            let key = session["hash"].as_str().expect("hash");
            let tracker = user_api::registered(gateway, key, DEVICE, "79123122312");
            swaps.set(1245678, json!(tracker));
            swaps.set("889654248978", json!(DEVICE));
            // The user the move example moves it to.
            let other = user(gateway, swaps, "other@test.com");
            swaps.set(214034, other);
            // The tariff the tariff change example changes to.
            let basic = setup(
                gateway,
                "tariff/create",
                swaps,
                json!({ "tariff": { "name": "Basic", "price": 1.5, "device_limit": 10 } }),
            );
            swaps.set(15843, basic["id"].clone());
        }
        "tracker/tariff/change" => {
            // The example charges the new tariff at once, and its GET twin
            // charges it again: the account can pay both.
            setup(
                gateway,
                "user/transaction/change_balance",
                swaps,
                json!({ "user_id": swaps.live("231485"), "amount": 10, "text": "for the tariff" }),
            );
        }
        _ => {}
    }
}

/// The device the tracker examples name (a Teltonika IMEI).
const DEVICE: &str = "356307042441013";

/// What an answer tells the examples after it.
fn after(call: &str, answer: &Value, swaps: &mut Swaps) {
    match call {
        "account/auth" => {
            let hash = answer["hash"].clone();
            for published in HASHES {
                swaps.set(published, hash.clone());
            }
        }
        "tariff/create" => {
            for reference in [12163, 12345, 12457] {
                swaps.set(reference, answer["id"].clone());
            }
        }
        "user/create" => {
            swaps.set(231485, answer["id"].clone());
            swaps.set(38935, answer["id"].clone());
        }
        "tracker/bundle/list" => {
            // The bundle the import example made is the one the read,
            // assign and update examples name.
            let bundle = answer["list"]
                .as_array()
                .and_then(|l| l.iter().find(|b| b["imei"] == "896654523569742"))
                .unwrap_or_else(|| panic!("the imported bundle is listed: {answer}"));
            swaps.set(1241, bundle["id"].clone());
            swaps.set("835664527777452", json!("896654523569742"));
        }
        "dealer/activation_code/list" => {
            let codes: Vec<Value> = answer["list"]
                .as_array()
                .map(|l| l.iter().map(|c| c["code"].clone()).collect())
                .unwrap_or_default();
            let [first, second, ..] = codes.as_slice() else {
                panic!("the created codes are listed: {answer}");
            };
            swaps.set("12315124", first.clone());
            swaps.set("12451576", second.clone());
        }
        _ => {}
    }
}

/// Before the GET twin of a POST example: undoes what the POST did, so the
/// GET asks for the same change again (and logs in again after a logout).
fn again(gateway: &support::Running, call: &str, swaps: &mut Swaps) {
    match call {
        "tracker/move" => {
            setup(
                gateway,
                "tracker/move",
                swaps,
                json!({ "tracker_id": swaps.live("1245678"), "user_id": swaps.live("231485") }),
            );
        }
        "tracker/tariff/change" => {
            setup(
                gateway,
                "tracker/tariff/change",
                swaps,
                json!({ "tracker_id": swaps.live("1245678"), "tariff_id": swaps.live("12163"),
                        "repay": false, "charge": false }),
            );
        }
        "account/logout" => {
            let answer = post(
                gateway,
                "account/auth",
                &json!({ "login": LOGIN, "password": PASSWORD }),
            )
            .json();
            after("account/auth", &answer, swaps);
        }
        _ => {}
    }
}

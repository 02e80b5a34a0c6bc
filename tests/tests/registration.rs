//! `tracker/register*`, `tracker/replace*`, `tracker/corrupt` and
//! `tracker/delete` against the running gateway: devices brought into an
//! account, moved to another device with their history, taken out again,
//! and the registration commands sent through a (fake, loopback) SMS
//! gateway.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use trackgate_protocols::Protocol;
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

const OLD: &str = "356307042441013";
const NEW: &str = "356307042441021";

fn call(gateway: &support::Running, name: &str, key: &str, body: Value) -> Value {
    let mut body = body;
    body["hash"] = json!(key);
    gateway.user(name, body).json()
}

fn code(answer: &Value) -> i64 {
    answer["status"]["code"].as_i64().unwrap_or(0)
}

fn named(answer: &Value) -> Vec<String> {
    answer["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["parameter"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A user with an API key and no trackers.
fn user(gateway: &support::Running, email: &str) -> String {
    let added = gateway.server(&format!("ADD_USER,{email},false,pass-{email}"));
    assert_eq!(added.body, "OK");
    gateway.server(&format!("GET_USER_API_KEY,{email}")).body
}

fn register_body(imei: &str, phone: &str) -> Value {
    json!({
        "label": "Courier",
        "group_id": 0,
        "plugin_id": 37,
        "model": "teltonika",
        "phone": phone,
        "activation_code": "123123123",
        "device_id": imei,
        "apn_name": "internet",
        "apn_user": "tmobile",
        "apn_password": "tmobile",
    })
}

fn listed(gateway: &support::Running, key: &str) -> Vec<String> {
    call(gateway, "tracker/list", key, json!({}))["list"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["source"]["device_id"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn a_registered_device_reports_into_its_new_tracker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let key = user(&gateway, "reg@example.com");

    let answer = call(
        &gateway,
        "tracker/register",
        &key,
        register_body(OLD, "79123122312"),
    );
    assert_eq!(answer["success"], true, "{answer}");
    let value = &answer["value"];
    assert_eq!(value["label"], "Courier");
    assert_eq!(value["source"]["device_id"], OLD);
    assert_eq!(value["source"]["model"], "teltonika");
    assert_eq!(value["source"]["phone"], "79123122312");
    let id = value["id"].as_u64().expect("id");
    assert_eq!(listed(&gateway, &key), [OLD]);

    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(OLD), Some(1));
    let records = drive(1_700_000_000_000, 2);
    assert!(device.send_records(&records).is_some());
    let last = gateway.last_point(&key, id);
    assert_eq!(last["success"], true, "{last}");

    // The same device again, for this user or another, is taken.
    let again = call(
        &gateway,
        "tracker/register",
        &key,
        register_body(OLD, "79123122399"),
    );
    assert_eq!(code(&again), 224, "{again}");
    let other = user(&gateway, "other@example.com");
    let theirs = call(
        &gateway,
        "tracker/register",
        &other,
        register_body(OLD, "79123122398"),
    );
    assert_eq!(code(&theirs), 224, "{theirs}");
    // So is its phone number.
    let phone = call(
        &gateway,
        "tracker/register",
        &other,
        register_body(NEW, "+79123122312"),
    );
    assert_eq!(code(&phone), 223, "{phone}");
    gateway.stop();
}

#[test]
fn bad_registrations_name_every_bad_parameter_then_the_model_plugin_and_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let key = user(&gateway, "bad@example.com");

    let mut body = register_body(OLD, "12");
    body["label"] = json!("");
    body["apn_user"] = json!("x".repeat(41));
    let answer = call(&gateway, "tracker/register", &key, body);
    assert_eq!(code(&answer), 7, "{answer}");
    assert_eq!(named(&answer), ["label", "phone", "apn_user"]);

    let mut imei = register_body("12345", "79123122312");
    imei["model"] = json!("gt06");
    let answer = call(&gateway, "tracker/register", &key, imei);
    assert_eq!(
        (code(&answer), named(&answer)),
        (7, vec!["device_id".to_string()])
    );

    let mut model = register_body(OLD, "79123122312");
    model["model"] = json!("qlgv55lite");
    assert_eq!(code(&call(&gateway, "tracker/register", &key, model)), 220);
    let mut plugin = register_body(OLD, "79123122312");
    plugin["plugin_id"] = json!(5);
    assert_eq!(code(&call(&gateway, "tracker/register", &key, plugin)), 222);
    let mut group = register_body(OLD, "79123122312");
    group["group_id"] = json!(9);
    assert_eq!(code(&call(&gateway, "tracker/register", &key, group)), 204);
    // A sub-user needs tracker_register.
    let sub = call(
        &gateway,
        "subuser/register",
        &key,
        json!({ "user": { "login": "sub@example.com", "rights": ["tracker_configure"] }, "password": "sub-pass1" }),
    );
    assert_eq!(sub["success"], true, "{sub}");
    let login = gateway.user(
        "user/auth",
        json!({ "login": "sub@example.com", "password": "sub-pass1" }),
    );
    let sub_hash = login.json()["hash"].as_str().expect("hash").to_owned();
    let refused = call(
        &gateway,
        "tracker/register",
        &sub_hash,
        register_body(OLD, "79123122312"),
    );
    assert_eq!(code(&refused), 13, "{refused}");
    // Asked for registration commands without an SMS gateway: 214, and
    // nothing was registered.
    let mut send = register_body(OLD, "79123122312");
    send["send_register_commands"] = json!(true);
    let answer = call(&gateway, "tracker/register", &key, send);
    assert_eq!(code(&answer), 214, "{answer}");
    assert!(listed(&gateway, &key).is_empty());
    gateway.stop();
}

#[test]
fn registration_commands_go_by_sms_in_order_and_are_recorded() {
    let (port, received) = support::sms::fake_gateway(200, 4);
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.sms.url = format!("http://127.0.0.1:{port}/send");
        c.registration.server_host = "gw.example.net".into();
        if let Some(gt06) = c.protocols.get_mut("gt06") {
            gt06.listen.set_port(0);
        }
    });
    let key = user(&gateway, "sms@example.com");
    let mut body = register_body("864717003283581", "79123122312");
    body["model"] = json!("gt06");
    body["apn_user"] = json!("");
    body["apn_password"] = json!("");
    body["send_register_commands"] = json!(true);
    let answer = call(&gateway, "tracker/register", &key, body);
    assert_eq!(answer["success"], true, "{answer}");
    let id = answer["value"]["id"].as_u64().expect("id");

    let texts: Vec<String> = (0..2)
        .map(|_| {
            received
                .recv_timeout(Duration::from_secs(10))
                .expect("an SMS")
                .body
        })
        .collect();
    assert_eq!(texts[0], "to=79123122312&text=APN%2Cinternet%23");
    // Port 0 is not a port devices can reach: the protocol's default is told.
    assert_eq!(
        texts[1],
        format!(
            "to=79123122312&text=SERVER%2C1%2Cgw.example.net%2C{}%2C0%23",
            Protocol::Gt06.default_port()
        )
    );
    let commands = call(
        &gateway,
        "tracker/command/list",
        &key,
        json!({ "tracker_id": id }),
    );
    let list = commands["list"].as_array().expect("list");
    assert_eq!(list.len(), 2, "{commands}");
    assert!(
        list.iter()
            .all(|c| c["channel"] == "sms" && c["status"] == "acknowledged")
    );

    // The device is offline, so a retry sends both again, with a new APN.
    let retry = call(
        &gateway,
        "tracker/register_retry",
        &key,
        json!({ "tracker_id": id, "apn_name": "fleet.apn" }),
    );
    assert_eq!(retry["success"], true, "{retry}");
    let first = received
        .recv_timeout(Duration::from_secs(10))
        .expect("an SMS");
    assert_eq!(first.body, "to=79123122312&text=APN%2Cfleet.apn%23");
    assert!(received.recv_timeout(Duration::from_secs(10)).is_ok());
    gateway.stop();
}

#[test]
fn a_bundle_is_taken_over_with_register_quick_and_replace_quick() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let key = user(&gateway, "quick@example.com");
    assert_eq!(
        gateway
            .server(&format!("ADD_OBJECT,{OLD},Bundle,false,2030-01-01"))
            .body,
        "OK"
    );
    assert_eq!(
        gateway
            .server(&format!("ADD_OBJECT,{NEW},Spare,false,2030-01-01"))
            .body,
        "OK"
    );
    let unknown = json!({ "label": "Courier", "group_id": 0, "imei": "356307042441039" });
    assert_eq!(
        code(&call(&gateway, "tracker/register_quick", &key, unknown)),
        201
    );

    let quick = json!({ "label": "Courier", "group_id": 0, "imei": OLD });
    let answer = call(&gateway, "tracker/register_quick", &key, quick.clone());
    assert_eq!(answer["value"]["label"], "Courier", "{answer}");
    let id = answer["value"]["id"].as_u64().expect("id");
    let other = user(&gateway, "quick2@example.com");
    assert_eq!(
        code(&call(&gateway, "tracker/register_quick", &other, quick)),
        224
    );

    // The tracker keeps its id and label on the spare device; the spare's
    // own record is gone.
    let replaced = call(
        &gateway,
        "tracker/replace_quick",
        &key,
        json!({ "tracker_id": id, "imei": NEW }),
    );
    assert_eq!(replaced["value"]["id"], id, "{replaced}");
    assert_eq!(replaced["value"]["source"]["device_id"], NEW);
    assert_eq!(listed(&gateway, &key), [NEW]);
    let gone = call(
        &gateway,
        "tracker/replace_quick",
        &key,
        json!({ "tracker_id": id, "imei": OLD }),
    );
    assert_eq!(code(&gone), 201, "the old device is no bundle: {gone}");
    gateway.stop();
}

#[test]
fn a_replaced_tracker_keeps_its_history_and_moves_to_the_new_device() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let key = user(&gateway, "replace@example.com");
    let answer = call(
        &gateway,
        "tracker/register",
        &key,
        register_body(OLD, "79123122312"),
    );
    let id = answer["value"]["id"].as_u64().expect("id");

    let mut old = Device::connect(gateway.teltonika);
    assert_eq!(old.login(OLD), Some(1));
    let history = drive(1_700_000_000_000, 3);
    assert!(old.send_records(&history).is_some());

    let mut body = register_body(NEW, "79123122313");
    body["tracker_id"] = json!(id);
    body.as_object_mut().map(|b| b.remove("label"));
    let replaced = call(&gateway, "tracker/replace", &key, body);
    assert_eq!(replaced["value"]["id"], id, "{replaced}");
    assert_eq!(replaced["value"]["source"]["device_id"], NEW);
    assert_eq!(replaced["value"]["source"]["phone"], "79123122313");
    assert!(
        old.is_closed(Duration::from_secs(5)),
        "the old device is let go"
    );

    let mut new = Device::connect(gateway.teltonika);
    assert_eq!(new.login(NEW), Some(1));
    let later = drive(1_700_000_600_000, 1);
    assert!(new.send_records(&later).is_some());
    let track = call(
        &gateway,
        "track/read",
        &key,
        json!({ "tracker_id": id, "from": "2023-11-14 00:00:00", "to": "2023-11-16 00:00:00" }),
    );
    let points = track["list"].as_array().expect("points").len();
    assert_eq!(points, 4, "old and new device's points: {track}");

    let mut old_again = Device::connect(gateway.teltonika);
    assert_ne!(
        old_again.login(OLD),
        Some(1),
        "the old device is unknown now"
    );
    let retry = call(
        &gateway,
        "tracker/replace_retry",
        &key,
        json!({ "tracker_id": 999 }),
    );
    assert_eq!(code(&retry), 204);
    let connected = call(
        &gateway,
        "tracker/register_retry",
        &key,
        json!({ "tracker_id": id }),
    );
    assert_eq!(code(&connected), 242, "{connected}");
    gateway.stop();
}

#[test]
fn a_corrupted_tracker_leaves_the_account_and_frees_its_device() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let key = user(&gateway, "corrupt@example.com");
    let answer = call(
        &gateway,
        "tracker/register",
        &key,
        register_body(OLD, "79123122312"),
    );
    let id = answer["value"]["id"].as_u64().expect("id");

    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(OLD), Some(1));
    let by_id = json!({ "tracker_id": id });
    assert_eq!(
        code(&call(&gateway, "tracker/corrupt", &key, by_id.clone())),
        243
    );
    assert_eq!(
        code(&call(&gateway, "tracker/delete", &key, by_id.clone())),
        249
    );
    drop(device);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let corrupted = loop {
        let answer = call(&gateway, "tracker/corrupt", &key, by_id.clone());
        if answer["success"] == true || std::time::Instant::now() > deadline {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(corrupted["success"], true, "{corrupted}");
    assert!(listed(&gateway, &key).is_empty());
    assert_eq!(
        code(&call(&gateway, "tracker/get", &key, by_id.clone())),
        201
    );
    assert_eq!(code(&call(&gateway, "tracker/corrupt", &key, by_id)), 201);

    // Device and phone are free again: a new tracker, a new id.
    let again = call(
        &gateway,
        "tracker/register",
        &key,
        register_body(OLD, "79123122312"),
    );
    assert_eq!(again["success"], true, "{again}");
    assert_ne!(again["value"]["id"], id);
    gateway.stop();
}

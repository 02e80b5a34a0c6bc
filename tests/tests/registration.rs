//! `tracker/register*`, `tracker/replace*`, `tracker/corrupt` and
//! `tracker/delete` against the running gateway: devices brought into an
//! account, moved to another device with their history, taken out again,
//! and the registration commands sent through a (fake, loopback) SMS
//! gateway.

use crate::support;

use std::time::Duration;

use serde_json::json;
use support::user_api::{call, code, listed, named, register_body, user};
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

const OLD: &str = "356307042441013";
const NEW: &str = "356307042441021";

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
        c.sms.url = Some(format!("http://127.0.0.1:{port}/send"));
        c.registration.server_host = Some("gw.example.net".into());
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
            trackgate_protocols::gt06::PROTOCOL.default_port()
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

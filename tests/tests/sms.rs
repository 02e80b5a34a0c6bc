//! Location requests by SMS through a configured HTTP SMS gateway (a fake
//! one on loopback here): the request it gets, the command it records, and
//! what is answered when the gateway, a phone number or the protocol's SMS
//! form is missing.

use crate::support;

use serde_json::{Value, json};
use trackgate_tests::device::Device;

const IMEI: &str = "356307042441013";

fn call(gateway: &support::Running, name: &str, key: &str, tracker: u64, body: Value) -> Value {
    let mut body = body;
    body["hash"] = json!(key);
    body["tracker_id"] = json!(tracker);
    gateway.user(name, body).json()
}

#[test]
fn a_location_request_by_sms_goes_through_the_gateway_and_is_recorded() {
    let (port, received) = support::sms::fake_gateway(200, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.sms.url = Some(format!("http://127.0.0.1:{port}/send?account=fleet"));
        c.sms
            .headers
            .insert("Authorization".into(), "Bearer s3cret".into());
    });
    let (key, tracker) = gateway.provision("sms@example.com", "s3cret-pass", IMEI);
    // No phone number yet: 214, naming what is missing.
    let no_phone = call(
        &gateway,
        "tracker/location_request",
        &key,
        tracker,
        json!({ "type": "sms" }),
    );
    assert_eq!(no_phone["status"]["code"], 214, "{no_phone}");
    assert_eq!(
        no_phone["errors"][0]["error"],
        "the tracker has no phone number"
    );
    let bad_phone = call(
        &gateway,
        "tracker/change_phone",
        &key,
        tracker,
        json!({ "phone": "12ab" }),
    );
    assert_eq!(bad_phone["status"]["code"], 7, "{bad_phone}");
    let phone = call(
        &gateway,
        "tracker/change_phone",
        &key,
        tracker,
        json!({ "phone": "+37060000000" }),
    );
    assert_eq!(phone["success"], true, "{phone}");
    // The device has connected once, so its protocol (Teltonika) is known.
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));

    let asked = call(
        &gateway,
        "tracker/location_request",
        &key,
        tracker,
        json!({}),
    );
    assert_eq!(asked["success"], true, "{asked}");
    let got = received
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the gateway was called");
    assert_eq!(got.line, "POST /send?account=fleet HTTP/1.1");
    assert!(
        got.headers
            .iter()
            .any(|h| h == "authorization: Bearer s3cret" || h == "Authorization: Bearer s3cret"),
        "{:?}",
        got.headers
    );
    // Teltonika's SMS form: empty login and password, then the command.
    assert_eq!(got.body, "to=%2B37060000000&text=%20%20getgps");
    let list = call(&gateway, "tracker/command/list", &key, tracker, json!({}));
    let command = &list["list"][0];
    assert_eq!(command["channel"], "sms", "{list}");
    assert_eq!(command["status"], "acknowledged", "{list}");
}

#[test]
fn a_gateway_that_refuses_fails_the_command() {
    let (port, _received) = support::sms::fake_gateway(500, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.sms.url = Some(format!("http://127.0.0.1:{port}/send"));
    });
    let (key, tracker) = gateway.provision("refused@example.com", "s3cret-pass", IMEI);
    call(
        &gateway,
        "tracker/change_phone",
        &key,
        tracker,
        json!({ "phone": "37060000000" }),
    );
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    let asked = call(
        &gateway,
        "tracker/location_request",
        &key,
        tracker,
        json!({ "type": "sms" }),
    );
    assert_eq!(asked["success"], false, "{asked}");
    assert!(
        asked["errors"][0]["error"]
            .as_str()
            .unwrap_or("")
            .contains("HTTP 500"),
        "{asked}"
    );
    let list = call(&gateway, "tracker/command/list", &key, tracker, json!({}));
    assert_eq!(list["list"][0]["status"], "failed", "{list}");
}

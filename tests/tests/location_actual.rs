//! `tracker/location_request` answers 256 while the device is connected
//! and its last valid fix is current, and asks the device otherwise.

use crate::support;

use serde_json::json;
use support::user_api::{call, code};
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;

const IMEI: &str = "356307042441013";

#[test]
fn a_current_fix_is_already_actual() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("here@example.com", "s3cret-pass", IMEI);
    let request = |kind: &str| {
        call(
            &gateway,
            "tracker/location_request",
            &key,
            json!({ "tracker_id": tracker, "type": kind }),
        )
    };
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    // Connected, but its only fix is ten minutes old: the request is tried.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    assert_eq!(
        device.send_records(&drive(now - 600_000, 1)),
        Some(vec![0, 0, 0, 1])
    );
    // (By SMS, which no gateway is configured for here: 214, past the check.)
    assert_eq!(code(&request("sms")), 214);
    // A fix of a second ago: already actual, whatever the type.
    assert_eq!(
        device.send_records(&drive(now - 1_000, 1)),
        Some(vec![0, 0, 0, 1])
    );
    for kind in ["gprs", "gsm", "sms"] {
        let answer = request(kind);
        assert_eq!(code(&answer), 256, "{kind}: {answer}");
    }
    let bad = request("carrier-pigeon");
    assert_eq!(
        (code(&bad), bad["errors"][0]["parameter"].clone()),
        (7, json!("type"))
    );
}

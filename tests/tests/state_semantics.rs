//! Connection and movement statuses against the running gateway, with small
//! thresholds from the `[state]` configuration, and state times in the
//! user's zone.
//!
//! A status that changes with the passing of time is waited for (polled up
//! to a deadline), never asserted after a fixed sleep.

use crate::support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use trackgate_protocols::datetime::civil;
use trackgate_protocols::{IoElement, IoKey, IoValue, Record};
use trackgate_tests::device::Device;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}

fn local(ms: i64, offset_s: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(ms + offset_s * 1000);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
}

fn state(gateway: &support::Running, key: &str, tracker: u64) -> Value {
    let answer = gateway
        .user(
            "tracker/get_state",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    assert_eq!(answer["success"], true, "{answer}");
    answer
}

/// Polls `get_state` until `field` is `value`; panics after 10 s.
fn wait_for(
    gateway: &support::Running,
    key: &str,
    tracker: u64,
    field: &str,
    value: &str,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = state(gateway, key, tracker);
        if answer["state"][field] == value {
            return answer;
        }
        assert!(
            Instant::now() < deadline,
            "{field} never became {value}: {answer}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A fix at `at` moving at `speed` km/h, with the ignition as given.
fn fix(at: i64, speed: f64, ignition: bool) -> Record {
    let mut record = Record::at(at, 27.7, 85.3);
    record.speed_kmh = speed;
    record.satellites = Some(9);
    record.io = vec![IoElement {
        key: IoKey::Id(239),
        value: IoValue::Uint {
            value: u64::from(ignition),
            width: 1,
        },
    }];
    record
}

#[test]
fn a_tracker_goes_from_just_registered_to_active_to_offline_with_its_connection_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |config| {
        config.state.offline_after_secs = 2;
        config.state.idle_after_secs = 1;
    });
    let imei = "356307042441101";
    let (key, tracker) = gateway.provision("status@example.com", "s3cret-pass", imei);
    // Kathmandu is 5:45 ahead of UTC all year.
    let update = gateway
        .user(
            "user/settings/update",
            json!({ "hash": key, "time_zone": "Asia/Kathmandu" }),
        )
        .json();
    assert_eq!(update["success"], true, "{update}");
    let settings = gateway
        .user("user/settings/read", json!({ "hash": key }))
        .json();
    assert_eq!(
        settings["settings"]["time_zone"], "Asia/Kathmandu",
        "{settings}"
    );

    let fresh = state(&gateway, &key, tracker);
    assert_eq!(
        fresh["state"]["connection_status"], "just_registered",
        "{fresh}"
    );
    assert_eq!(fresh["state"]["movement_status"], "parked");

    let at = (now_ms() / 1000) * 1000;
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(1));
    assert_eq!(
        device.send_records(&[fix(at, 42.0, true)]),
        Some(vec![0, 0, 0, 1])
    );
    let moving = state(&gateway, &key, tracker);
    let kathmandu = |ms| local(ms, 5 * 3600 + 45 * 60);
    assert_eq!(moving["state"]["movement_status"], "moving", "{moving}");
    assert_eq!(moving["state"]["gps"]["updated"], kathmandu(at));
    assert_eq!(moving["state"]["ignition"], true);
    assert_eq!(moving["state"]["ignition_update"], kathmandu(at));
    assert_eq!(moving["state"]["actual_track_update"], kathmandu(at));
    let user_time = moving["user_time"].as_str().expect("user_time");
    assert!(user_time >= kathmandu(at).as_str(), "{user_time}");
    assert!(user_time <= kathmandu(now_ms()).as_str(), "{user_time}");

    // Without a newer fix the tracker turns idle, then offline although
    // its connection is still open.
    wait_for(&gateway, &key, tracker, "connection_status", "idle");
    let offline = wait_for(&gateway, &key, tracker, "connection_status", "offline");
    assert_eq!(
        offline["state"]["last_update"].as_str().map(str::len),
        Some(19)
    );
    assert!(!device.is_closed(Duration::from_millis(10)));
    gateway.stop();
}

#[test]
fn a_stop_is_stopped_then_parked_and_an_idle_registration_is_signal_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |config| {
        config.state.parked_after_secs = 1;
        config.state.signal_lost_after_secs = 1;
    });
    let imei = "356307042441102";
    let (key, tracker) = gateway.provision("parking@example.com", "s3cret-pass", imei);
    let (silent_key, silent) =
        gateway.provision("silent@example.com", "s3cret-pass", "356307042441103");

    let at = (now_ms() / 1000) * 1000;
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(1));
    let drove_and_stopped = [fix(at - 2_000, 50.0, true), fix(at, 0.0, true)];
    assert_eq!(
        device.send_records(&drove_and_stopped),
        Some(vec![0, 0, 0, 2])
    );
    // The stop began at the last moving fix; a second later it is a parking.
    let parked = wait_for(&gateway, &key, tracker, "movement_status", "parked");
    assert_eq!(
        parked["state"]["movement_status_update"],
        local(at - 1_000, 0),
        "{parked}"
    );
    assert_eq!(parked["state"]["connection_status"], "active");

    // The ignition switched off parks at once, whatever the threshold.
    assert_eq!(
        device.send_records(&[fix(at + 1_000, 0.0, false)]),
        Some(vec![0, 0, 0, 1])
    );
    let off = state(&gateway, &key, tracker);
    assert_eq!(off["state"]["movement_status"], "parked", "{off}");
    assert_eq!(off["state"]["movement_status_update"], local(at - 2_000, 0));
    assert_eq!(off["state"]["ignition"], false);

    wait_for(
        &gateway,
        &silent_key,
        silent,
        "connection_status",
        "signal_lost",
    );
    gateway.stop();
}

#[test]
fn settings_keep_a_valid_zone_and_track_read_takes_local_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "356307042441104";
    let (key, tracker) = gateway.provision("zone@example.com", "s3cret-pass", imei);
    let update = |body: Value| {
        let mut body = body;
        body["hash"] = json!(key);
        gateway.user("user/settings/update", body).json()
    };
    let read = || {
        gateway
            .user("user/settings/read", json!({ "hash": key }))
            .json()["settings"]
            .clone()
    };
    assert_eq!(read()["time_zone"], "UTC");

    // Each bad value is code 7 naming its parameter, and changes nothing.
    for (parameter, value) in [
        ("time_zone", json!("Mars/Olympus_Mons")),
        ("time_zone", json!("+05:45")),
        ("time_zone", json!(7)),
        ("measurement_system", json!("imperial")),
        ("measurement_system", json!("furlongs")),
        ("locale", json!("x")),
        ("geocoder", json!("bing")),
        ("hour_mode", json!("TWENTY_HOURS")),
        ("translit", json!("maybe")),
        ("balance_alert_settings", json!([1])),
    ] {
        let answer = update(json!({ parameter: value }));
        assert_eq!(answer["status"]["code"], 7, "{parameter}: {answer}");
        assert_eq!(answer["errors"][0]["parameter"], parameter, "{answer}");
    }
    assert_eq!(read()["time_zone"], "UTC");

    // Navixy's own example body is accepted; the zone is kept in the
    // database's spelling.
    let example = update(json!({
        "time_zone": "europe/amsterdam", "locale": "nl_NL", "measurement_system": "metric",
        "geocoder": "osm", "route_provider": "google", "translit": false,
        "balance_alert_settings": { "emails": ["a@example.com"] },
        "file_storage_settings": { "auto_overwrite": true },
    }));
    assert_eq!(example["success"], true, "{example}");
    assert_eq!(read()["time_zone"], "Europe/Amsterdam");
    let info = gateway.user("user/get_info", json!({ "hash": key })).json();
    assert_eq!(info["user_info"]["time_zone"], "Europe/Amsterdam");

    // A fix on 2024-01-10 at 12:00:00 UTC is 13:00:00 in Amsterdam.
    let at = 1_704_888_000_000;
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(1));
    assert_eq!(
        device.send_records(&[fix(at, 30.0, true)]),
        Some(vec![0, 0, 0, 1])
    );
    let track = |from: &str, to: &str| {
        gateway
            .user(
                "track/read",
                json!({ "hash": key, "tracker_id": tracker, "from": from, "to": to }),
            )
            .json()
    };
    let local_window = track("2024-01-10 12:30:00", "2024-01-10 13:30:00");
    assert_eq!(
        local_window["list"][0]["get_time"], "2024-01-10 13:00:00",
        "{local_window}"
    );
    // The same clock times read as UTC would hold it; read as Amsterdam's
    // they do not.
    let utc_window = track("2024-01-10 11:30:00", "2024-01-10 12:30:00");
    assert_eq!(utc_window["list"], json!([]), "{utc_window}");
    let last = gateway.last_point(&key, tracker);
    assert_eq!(last["value"]["get_time"], "2024-01-10 13:00:00");
    gateway.stop();
}

//! Trips and track points through the User API: a Teltonika device drives,
//! parks and drives again; `track/list` and `track/read` tell it back.
//!
//! The first drive and the stop reach the gateway from the device's black
//! box, half an hour late; the second drive arrives live. Fix times are
//! set relative to the clock so that "late" means what it does in service.

use crate::support;

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use trackgate_protocols::Record;
use trackgate_protocols::datetime::civil;
use trackgate_tests::device::Device;

/// Metres per degree of latitude.
const M_PER_DEG: f64 = 111_195.0;

fn datetime(secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs * 1000);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

/// A fix at `secs` (epoch seconds), `north_m` north of a point near Riga.
fn fix(secs: i64, north_m: f64, speed_kmh: f64) -> Record {
    let mut record = Record::at(secs * 1000, 56.95 + north_m / M_PER_DEG, 24.1);
    record.speed_kmh = speed_kmh;
    record.course_deg = 0.0;
    record.satellites = Some(10);
    record
}

/// North at 36 km/h (100 m per 10 s), `count` fixes from `start`.
fn drive(start: i64, count: i64, from_m: f64) -> Vec<Record> {
    (0..count)
        .map(|i| fix(start + i * 10, from_m + i as f64 * 100.0, 36.0))
        .collect()
}

struct Scene {
    gateway: support::Running,
    key: String,
    tracker: u64,
    /// Epoch seconds the scene is laid out from: the first drive's start.
    t0: i64,
}

impl Scene {
    fn call(&self, call: &str, extra: Value) -> Value {
        let mut body = json!({
            "hash": self.key,
            "tracker_id": self.tracker,
            "from": datetime(self.t0 - 3_600),
            "to": datetime(self.t0 + 7_200),
        });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        self.gateway.user(call, body).json()
    }
}

fn scene(dir: &std::path::Path) -> Scene {
    let gateway = support::start(dir, |_| {});
    let imei = "356307042449011";
    let (key, tracker) = gateway.provision("history@example.com", "s3cret-pass", imei);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    // Drive 1: t0 .. t0+590 s, 60 fixes, 5.9 km. Parked from t0+600 to
    // t0+1190 (a fix every 10 s, not moving). Drive 2 ends now: t0+1200 ..
    // t0+1320, 13 fixes, 1.2 km.
    let t0 = now - 1_320;
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(0x01));
    let mut old = drive(t0, 60, 0.0);
    old.extend((600..1200).step_by(10).map(|s| fix(t0 + s, 6_000.0, 0.0)));
    for batch in old.chunks(40) {
        let count = batch.len() as u8;
        assert_eq!(device.send_records(batch), Some(vec![0, 0, 0, count]));
    }
    let live = drive(t0 + 1_200, 13, 6_000.0);
    assert_eq!(device.send_records(&live), Some(vec![0, 0, 0, 13]));
    Scene {
        gateway,
        key,
        tracker,
        t0,
    }
}

fn times(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|p| p["get_time"].as_str().expect("get_time").to_owned())
        .collect()
}

#[test]
fn two_drives_around_a_stop_are_two_trips_read_back_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = scene(dir.path());
    let t0 = s.t0;

    let trips = s.call("track/list", json!({ "count_events": true }));
    assert_eq!(trips["success"], true, "{trips}");
    assert_eq!(trips["limit_exceeded"], false);
    let list = trips["list"].as_array().expect("list");
    assert_eq!(list.len(), 2, "{trips}");
    let (first, second) = (&list[0], &list[1]);
    assert_eq!(first["type"], "regular");
    assert_eq!(first["id"], t0);
    assert_eq!(first["start_date"], datetime(t0));
    assert_eq!(first["end_date"], datetime(t0 + 590));
    assert_eq!(first["points"], 60);
    let length = first["length"].as_f64().expect("length");
    assert!((length - 5.9).abs() < 0.02, "{first}");
    assert_eq!(first["max_speed"], 36);
    assert_eq!(first["avg_speed"], 36);
    assert_eq!(first["event_count"], 0);
    assert_eq!(first["start_address"], "");
    assert_eq!(first["gsm_lbs"], false);
    let nw = &first["bounds"]["nw"];
    let se = &first["bounds"]["se"];
    assert!(nw["lat"].as_f64() > se["lat"].as_f64(), "{first}");
    assert_eq!(second["id"], t0 + 1_200);
    assert_eq!(second["points"], 13);
    assert!((second["length"].as_f64().expect("length") - 1.2).abs() < 0.02);

    // One trip's points, by its id: the first drive came late.
    let read = s.call("track/read", json!({ "track_id": t0, "simplify": false }));
    assert_eq!(read["success"], true, "{read}");
    let points = read["list"].as_array().expect("list");
    assert_eq!(points.len(), 60);
    assert_eq!(times(&read["list"])[0], datetime(t0));
    assert_eq!(times(&read["list"])[59], datetime(t0 + 590));
    assert!(
        points
            .iter()
            .all(|p| p["buffered"] == true && p["parking"] == false)
    );
    assert_eq!(points[1]["speed"], 36);
    assert_eq!(points[1]["satellites"], 10);
    assert!((points[59]["mileage"].as_f64().expect("mileage") - 5.9).abs() < 0.02);
    // The second drive came live.
    let read = s.call("track/read", json!({ "track_id": t0 + 1_200 }));
    let points = read["list"].as_array().expect("list");
    assert_eq!(points.len(), 13, "{read}");
    assert!(points.iter().all(|p| p["buffered"] == false));

    // The whole period: trip points only, unless filter is off.
    let trip_points = s.call("track/read", json!({}));
    assert_eq!(trip_points["list"].as_array().map(Vec::len), Some(73));
    let everything = s.call("track/read", json!({ "filter": false }));
    let all = everything["list"].as_array().expect("list");
    assert_eq!(all.len(), 133);
    let parked: Vec<&Value> = all.iter().filter(|p| p["parking"] == true).collect();
    assert_eq!(parked.len(), 60);
    assert_eq!(parked[0]["get_time"], datetime(t0 + 600));

    // Reduced to a budget: a straight drive needs only its ends.
    let reduced = s.call("track/read", json!({ "track_id": t0, "point_limit": 10 }));
    assert_eq!(
        times(&reduced["list"]),
        [datetime(t0), datetime(t0 + 590)],
        "{reduced}"
    );

    // Unsplit: one merged track, without an id.
    let merged = s.call("track/list", json!({ "split": false }));
    let merged = merged["list"].as_array().expect("list");
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0]["type"], "merged");
    assert_eq!(merged[0]["points"], 73);
    assert!(merged[0].get("id").is_none());
    assert!(merged[0].get("event_count").is_none());
}

#[test]
fn bad_calls_are_refused_with_navixy_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = scene(dir.path());
    let code = |answer: &Value| answer["status"]["code"].clone();
    let parameter = |answer: &Value| answer["errors"][0]["parameter"].clone();

    // A time inside a trip is no trip's id.
    let unknown = s.call("track/read", json!({ "track_id": s.t0 + 100 }));
    assert_eq!(code(&unknown), 204, "{unknown}");

    for (call, extra, name) in [
        ("track/read", json!({ "point_limit": 1 }), "point_limit"),
        ("track/list", json!({ "point_limit": 3001 }), "point_limit"),
        ("track/read", json!({ "filter": "maybe" }), "filter"),
        ("track/list", json!({ "split": 2 }), "split"),
        ("track/read", json!({ "track_id": "x" }), "track_id"),
        ("track/list", json!({ "from": "yesterday" }), "from"),
        ("track/list", json!({ "to": datetime(s.t0 - 7_200) }), "to"),
    ] {
        let answer = s.call(call, extra.clone());
        assert_eq!(code(&answer), 7, "{call} {extra}: {answer}");
        assert_eq!(parameter(&answer), name, "{call} {extra}: {answer}");
    }
    let span = s.call(
        "track/list",
        json!({ "from": "2024-01-01 00:00:00", "to": "2024-02-01 00:00:01" }),
    );
    assert_eq!(code(&span), 211, "{span}");
    let month = s.call(
        "track/list",
        json!({ "from": "2024-01-01 00:00:00", "to": "2024-02-01 00:00:00" }),
    );
    assert_eq!(month["success"], true, "31 days is allowed: {month}");

    // Another user's tracker does not exist for this one.
    let (other_key, _) = s
        .gateway
        .provision("other@example.com", "s3cret-pass", "356307042449029");
    for call in ["track/list", "track/read"] {
        let answer = s.gateway.user(
            call,
            json!({
                "hash": other_key,
                "tracker_id": s.tracker,
                "from": datetime(s.t0),
                "to": datetime(s.t0 + 60),
            }),
        );
        assert_eq!(code(&answer.json()), 201, "{call}");
    }
}

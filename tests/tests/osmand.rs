//! OsmAnd devices (phone apps) against the running gateway over real HTTP:
//! a report is answered `200` only once stored, its position comes back
//! through the User API, and refusals use the status each form expects.

use crate::support;

use serde_json::{Value, json};
use trackgate_tests::http;

fn last_point(gateway: &support::Running, key: &str, tracker: u64) -> Value {
    gateway
        .user(
            "tracker/get_last_gps_point",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json()
}

#[test]
fn query_reports_are_stored_before_the_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("phone@example.com", "s3cret-pass", "902064");
    let osmand = gateway.device(trackgate_protocols::osmand::PROTOCOL);

    // A corpus request: percent-encoded ISO time, hdop, altitude, speed.
    let answer = http::get(
        osmand,
        "/?id=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0",
    );
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));
    let last = last_point(&gateway, &key, tracker);
    assert_eq!(last["success"], true, "{last}");
    assert_eq!(last["value"]["get_time"], "2016-01-27 18:55:47", "{last}");
    assert!((last["value"]["lat"].as_f64().expect("lat") - 42.06288).abs() < 1e-6);
    assert!((last["value"]["lng"].as_f64().expect("lng") + 88.23412).abs() < 1e-6);

    // The same report as a form body.
    let answer = http::post_form(
        osmand,
        "/",
        "id=902064&lat=42.07&lon=-88.24&timestamp=1453921000&batt=61",
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let last = last_point(&gateway, &key, tracker);
    assert_eq!(last["value"]["get_time"], "2016-01-27 18:56:40", "{last}");
    let state = gateway
        .user(
            "tracker/get_state",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    assert_eq!(state["state"]["battery_level"], 61, "{state}");
}

#[test]
fn json_reports_and_batches_are_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("geo@example.com", "s3cret-pass", "8737767034");
    let osmand = gateway.device(trackgate_protocols::osmand::PROTOCOL);
    let location = |time: &str, lat: f64| {
        json!({
            "timestamp": time,
            "coords": { "latitude": lat, "longitude": 106.6837015, "speed": 18.67, "heading": 63 },
            "battery": { "level": 0.79, "is_charging": false },
            "is_moving": true,
        })
    };
    let answer = http::post_json(
        osmand,
        "/",
        &json!({ "device_id": "8737767034", "location": location("2021-07-21T08:06:34.444Z", -6.1148096) }),
    );
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));
    let answer = http::post_json(
        osmand,
        "/",
        &json!({ "device_id": "8737767034", "location": [
            location("2021-07-21T08:07:00Z", -6.1150),
            location("2021-07-21T08:07:30Z", -6.1152),
        ] }),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let track = gateway
        .user(
            "track/read",
            json!({
                "hash": key,
                "tracker_id": tracker,
                "from": "2021-07-21 00:00:00",
                "to": "2021-07-22 00:00:00",
            }),
        )
        .json();
    assert_eq!(track["list"].as_array().map(Vec::len), Some(3), "{track}");
    let last = last_point(&gateway, &key, tracker);
    assert_eq!(last["value"]["get_time"], "2021-07-21 08:07:30", "{last}");
    assert_eq!(last["value"]["heading"], 63, "{last}");
}

#[test]
fn bad_and_unknown_reports_are_refused_as_each_form_expects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("known@example.com", "s3cret-pass", "123456");
    let osmand = gateway.device(trackgate_protocols::osmand::PROTOCOL);

    // No device id: 400 with the reason.
    let answer = http::get(osmand, "/?timestamp=1377177267&lat=60.0&lon=30.0");
    assert_eq!(answer.status, 400);
    assert!(answer.body.contains("device id"), "{}", answer.body);
    // Unknown device: 400 in the query form, 404 in the JSON form.
    let answer = http::get(osmand, "/?id=999&timestamp=1377177267&lat=60.0&lon=30.0");
    assert_eq!(answer.status, 400);
    let answer = http::post_json(
        osmand,
        "/",
        &json!({ "device_id": "999", "location": { "coords": { "latitude": 1.0, "longitude": 2.0 } } }),
    );
    assert_eq!(answer.status, 404);
    // Out of range, and not JSON.
    assert_eq!(http::get(osmand, "/?id=123456&lat=95&lon=30").status, 400);
    let answer = http::post_json(osmand, "/", &json!("just a string"));
    assert_eq!(answer.status, 400);
    // None of it was stored, and the known device is still served.
    assert_eq!(last_point(&gateway, &key, tracker)["success"], false);
    let answer = http::get(osmand, "/?id=123456&timestamp=1377177267&lat=60.0&lon=30.0");
    assert_eq!(answer.status, 200);
    assert_eq!(last_point(&gateway, &key, tracker)["success"], true);
}

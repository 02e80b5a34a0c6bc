//! The parts of both forms, one at a time.

use crate::codec::{DecodeError, HttpCodec, HttpRequest};
use crate::record::FixSource;
use crate::sensor::{Sensor, Value};

use super::super::fields::timestamp;
use super::super::query::percent_decode;
use super::{codec, get, post_json, report};

#[test]
fn times_in_every_form_clients_send() {
    let at = 1_401_873_011_000; // 2014-06-04 09:10:11 UTC
    assert_eq!(timestamp("1401873011"), Some(at));
    assert_eq!(timestamp("1401873011000"), Some(at));
    assert_eq!(timestamp("1401873011.25"), Some(at + 250));
    assert_eq!(timestamp("2014-06-04T09:10:11Z"), Some(at));
    assert_eq!(timestamp("2014-06-04 09:10:11"), Some(at));
    assert_eq!(timestamp("2014-06-04T09:10:11.5Z"), Some(at + 500));
    assert_eq!(timestamp("2014-06-04T11:10:11+02:00"), Some(at));
    assert_eq!(timestamp("2014-06-04T04:10:11-0500"), Some(at));
    for bad in [
        "",
        "yesterday",
        "2014-06-04",
        "2014-13-04T09:10:11Z",
        "2014-06-04T09:10:11+25:00",
        "1.2.3",
    ] {
        assert_eq!(timestamp(bad), None, "{bad:?}");
    }
}

#[test]
fn percent_escapes_and_plus_signs() {
    assert_eq!(percent_decode("a%3Ab+c").expect("decodes"), "a:b c");
    assert!(percent_decode("%zz").is_err());
    assert!(percent_decode("%+1").is_err());
    assert!(percent_decode("%4").is_err());
    assert!(percent_decode("%ff").is_err(), "not UTF-8");
}

#[test]
fn query_units_and_named_values() {
    let messages = get("/?id=77&lat=1.5&lon=-2.5&timestamp=1401873011&speed=10&bearing=370&altitude=12.5&batt=87&ignition=true&fuel=24&rpm=933&odometer=1500&charge=0&driverUniqueId=ABC&accuracy=7").expect("decodes");
    let (device, records) = report(&messages);
    assert_eq!(device, "77");
    let r = &records[0];
    assert!((r.speed_kmh - 18.52).abs() < 1e-9, "knots to km/h");
    assert_eq!(r.course_deg, 10.0);
    assert_eq!(r.altitude_m, 12.5);
    let named = |sensor: Sensor| {
        r.values
            .iter()
            .find(|v| v.sensor == sensor)
            .map(|v| v.value.clone())
    };
    assert_eq!(named(Sensor::BatteryLevel), Some(Value::Number(87.0)));
    assert_eq!(named(Sensor::Ignition), Some(Value::Bool(true)));
    assert_eq!(
        named(Sensor::Input("fuel_level".into())),
        Some(Value::Number(24.0))
    );
    assert_eq!(
        named(Sensor::Input("obd_rpm".into())),
        Some(Value::Number(933.0))
    );
    assert_eq!(named(Sensor::OdometerM), Some(Value::Number(1500.0)));
    assert_eq!(
        named(Sensor::State("external_power_state".into())),
        Some(Value::Bool(false))
    );
    assert_eq!(
        named(Sensor::State("hardware_key".into())),
        Some(Value::Text("ABC".into()))
    );
    // Everything that is not a position field is also kept raw.
    assert_eq!(r.io.len(), 8);
}

#[test]
fn a_form_body_is_read_like_a_query() {
    let request = HttpRequest {
        method: "POST",
        target: "/",
        content_type: Some("application/x-www-form-urlencoded"),
        body: b"id=5&lat=10&lon=20&timestamp=1401873011",
    };
    let messages = codec().decode_request(&request).expect("decodes");
    let (device, records) = report(&messages);
    assert_eq!(device, "5");
    assert_eq!((records[0].latitude, records[0].longitude), (10.0, 20.0));
}

#[test]
fn bad_queries_are_refused() {
    for target in [
        "/?lat=1&lon=2",                     // no device
        "/?id=&lat=1&lon=2",                 // empty device
        "/?id=1&lat=91&lon=2",               // out of range
        "/?id=1&lat=1",                      // half a position
        "/?id=1&lat=x&lon=2",                // not a number
        "/?id=1&lat=NaN&lon=2",              // not finite
        "/?id=1&lat=1&lon=2&timestamp=soon", // not a time
        "/?id=1&location=5",                 // not lat,lon
    ] {
        assert!(
            matches!(get(target), Err(DecodeError::Malformed(_))),
            "{target}"
        );
    }
    // A position marked invalid is kept, as invalid.
    let messages = get("/?id=1&lat=1&lon=2&valid=false").expect("decodes");
    assert!(!report(&messages).1[0].valid);
    // No position at all: a record without a fix.
    let messages = get("/?id=1&batt=50").expect("decodes");
    assert_eq!(report(&messages).1[0].source, FixSource::None);
}

#[test]
fn json_batches_units_and_refusals() {
    let one = |time: &str, lat: f64| {
        format!(
            r#"{{"timestamp":"{time}","coords":{{"latitude":{lat},"longitude":3.0,"speed":-1,"heading":-1}},"battery":{{"level":0.5,"is_charging":true}},"is_moving":true}}"#
        )
    };
    let body = format!(
        r#"{{"device_id":4242,"location":[{},{}]}}"#,
        one("2014-06-04T09:10:11Z", 1.0),
        one("2014-06-04T09:10:12Z", 2.0)
    );
    let messages = post_json(&body).expect("decodes");
    let (device, records) = report(&messages);
    assert_eq!(device, "4242");
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].fix_time_ms, 1_401_873_012_000);
    assert_eq!(
        (records[0].speed_kmh, records[0].course_deg),
        (0.0, 0.0),
        "-1 is unknown"
    );
    let values = &records[0].values;
    assert!(
        values
            .iter()
            .any(|v| v.sensor == Sensor::BatteryLevel && v.value == Value::Number(50.0))
    );
    assert!(
        values
            .iter()
            .any(|v| v.sensor == Sensor::Motion && v.value == Value::Bool(true))
    );

    for bad in [
        "not json",
        r#"{"location":{"coords":{"latitude":1,"longitude":2}}}"#,
        r#"{"device_id":"1"}"#,
        r#"{"device_id":"1","location":{"coords":{"latitude":1}}}"#,
        r#"{"device_id":"1","location":{"coords":{"latitude":100,"longitude":2}}}"#,
        r#"{"device_id":"1","location":[]}"#,
        r#"{"device_id":"1","location":[1]}"#,
        r#"{"device_id":"1","location":{"timestamp":"later","coords":{"latitude":1,"longitude":2}}}"#,
    ] {
        assert!(
            matches!(post_json(bad), Err(DecodeError::Malformed(_))),
            "{bad}"
        );
    }
}

#[test]
fn refusals_answer_as_each_form_expects() {
    let json = HttpRequest {
        method: "POST",
        target: "/",
        content_type: Some("Application/JSON"),
        body: b"{}",
    };
    let query = HttpRequest {
        method: "GET",
        target: "/?id=1",
        content_type: None,
        body: &[],
    };
    assert_eq!(codec().refusal_status(&json), 404);
    assert_eq!(codec().refusal_status(&query), 400);
}

//! Replays the device corpus's OsmAnd samples: each is one HTTP request.
//!
//! Of the 15 samples, the one `null` sample names no device and is refused
//! as malformed; every other one decodes to one record naming its device:
//! 12 positions, one cell-and-Wi-Fi report kept without a fix, and one
//! whose asserted attribute is kept raw.

use serde_json::Value as Json;

use crate::codec::{DecodeError, HttpCodec, HttpRequest};
use crate::record::{FixSource, IoKey, IoValue};

use super::{codec, report};

#[test]
fn every_corpus_request_decodes_as_expected() {
    let samples = crate::test_support::corpus("osmand");
    assert_eq!(samples.len(), 15);
    let mut positions = 0;
    for sample in &samples {
        let name = format!("{}#{}", sample["seq"]["method"], sample["seq"]["index"]);
        let http = &sample["http"];
        let uri = http["uri"].as_str().expect("uri");
        let body = http["body"].as_str().unwrap_or("");
        let request = HttpRequest {
            method: http["method"].as_str().expect("method"),
            target: uri,
            content_type: http["headers"]["Content-Type"].as_str(),
            body: body.as_bytes(),
        };
        let result = codec().decode_request(&request);
        match sample["assert"].as_str().expect("assert") {
            // The one `null` sample has no device id: refused, no record.
            "null" => assert!(
                matches!(result, Err(DecodeError::Malformed(_))),
                "{name}: {result:?}"
            ),
            kind => {
                let messages = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                let (device, records) = report(&messages);
                assert!(!device.is_empty(), "{name}");
                assert_eq!(records.len(), 1, "{name}");
                let record = &records[0];
                match kind {
                    "position" => {
                        assert_eq!(record.source, FixSource::Gnss, "{name}");
                        crate::test_support::assert_plausible(record);
                        positions += 1;
                    }
                    // Cell towers and Wi-Fi only: kept without a fix.
                    "not_null" => {
                        assert_eq!(record.source, FixSource::None, "{name}");
                        let lists = record
                            .io
                            .iter()
                            .filter(
                                |e| matches!(&e.key, IoKey::Name(k) if k == "cell" || k == "wifi"),
                            )
                            .count();
                        assert_eq!(lists, 4, "{name}: two cells and two access points");
                    }
                    "attribute" => {
                        let attribute = &sample["expected"]["attribute"];
                        let key = attribute["key"].as_str().expect("key");
                        let raw = record.io.iter().find(|e| e.key == IoKey::Name(key.into()));
                        let expected = attribute["value"].as_i64().expect("a number").to_string();
                        assert_eq!(
                            raw.map(|e| &e.value),
                            Some(&IoValue::Text(expected)),
                            "{name}"
                        );
                    }
                    other => panic!("{name}: unhandled assert {other}"),
                }
            }
        }
    }
    assert_eq!(positions, 12);
}

#[test]
fn corpus_devices_and_times_are_read_exactly() {
    let samples: Vec<Json> = crate::test_support::corpus("osmand");
    let find = |method: &str, index: u64| {
        samples
            .iter()
            .find(|s| s["seq"]["method"] == method && s["seq"]["index"] == index)
            .expect("sample")
    };
    let decode = |sample: &Json| {
        let http = &sample["http"];
        codec()
            .decode_request(&HttpRequest {
                method: http["method"].as_str().expect("method"),
                target: http["uri"].as_str().expect("uri"),
                content_type: http["headers"]["Content-Type"].as_str(),
                body: http["body"].as_str().unwrap_or("").as_bytes(),
            })
            .expect("decodes")
    };
    // `2016-01-27T18%3A55%3A47Z`, percent-encoded ISO 8601.
    let messages = decode(find("testDecodeQuery", 2));
    let (device, records) = report(&messages);
    assert_eq!(device, "902064");
    assert_eq!(records[0].fix_time_ms, 1_453_920_947_000);
    assert!((records[0].latitude - 42.06288).abs() < 1e-9);
    assert!((records[0].longitude + 88.23412).abs() < 1e-9);
    assert_eq!(records[0].hdop, Some(6.0));
    // Milliseconds since the epoch.
    let messages = decode(find("testDecodeQuery", 3));
    assert_eq!(report(&messages).1[0].fix_time_ms, 1_442_068_686_579);
    // `deviceid` instead of `id`, and no time: the server's.
    let messages = decode(find("testDecodeQuery", 7));
    let (device, records) = report(&messages);
    assert_eq!(device, "123456");
    assert_eq!(records[0].fix_time_ms, super::NOW_MS);
    // `location=lat,lon`.
    let messages = decode(find("testDecodeQuery", 9));
    let record = &report(&messages).1[0];
    assert_eq!((record.latitude, record.longitude), (60.0, 30.0));
    assert_eq!(record.fix_time_ms, 1_377_177_267_000);
    // JSON: the time with milliseconds, speed in m/s, heading.
    let messages = decode(find("testDecodeJson", 3));
    let (device, records) = report(&messages);
    assert_eq!(device, "8737767034");
    assert_eq!(records[0].fix_time_ms, 1_626_854_794_444);
    assert!((records[0].speed_kmh - 18.67 * 3.6).abs() < 1e-9);
    assert_eq!(records[0].course_deg, 63.0);
}

//! Replays the device corpus's 25 PT502 decoder samples, in order,
//! through one codec: text lines with CR LF, the photo chunk in its
//! binary frame.
//!
//! Accepted (24):
//! - #0, #2, #4, #6, #10, #15–#20, #22–#24 `$POS` reports; #15 has the
//!   corpus's exact fix (2015-09-10 16:32:37, valid, -32.96956,
//!   27.92392). #0's inputs `00010` give input 2 on (the corpus's
//!   `input` 2). #2, #18 and #20 have status `V`: invalid. #6's
//!   longitude has three digits before the point (`204.6787`: 2°
//!   04.6787'). #4 and #10 end with `#`.
//! - #3, #5, #11, #21 `$PHO…` photo announcements: reports, the photo
//!   not asked for.
//! - #8 `$HDA`, #9 `$HDB`, #12 `$DFR`, #13 `$FDA`: reports, their type
//!   kept raw; #14 `$CPA`: a report with the `power_cut` alarm (the
//!   corpus's `powerCut`).
//! - #7 `$FUS`: firmware details, a location-less record dated on
//!   arrival (the corpus expects no position).
//!
//! Refused on purpose (1): #1, a `$PHD` photo chunk: skipped
//! (`unsupported`), photos are not stored.

use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::drain;

use super::{NOW_MS, codec, samples, wire};

fn named(record: &Record, sensor: &Sensor) -> Option<Value> {
    record
        .values
        .iter()
        .find(|v| &v.sensor == sensor)
        .map(|v| v.value.clone())
}

fn raw<'a>(record: &'a Record, name: &str) -> Option<&'a str> {
    record.io.iter().find_map(|e| match (&e.key, &e.value) {
        (IoKey::Name(n), IoValue::Text(t)) if n == name => Some(t.as_str()),
        _ => None,
    })
}

#[test]
fn samples_replay_in_order() {
    let list = samples(true);
    assert_eq!(list.len(), 25);
    let mut stream = codec();
    for (index, sample) in list.iter().enumerate() {
        let drained = drain(&mut stream, &wire(index));
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}"
        );
        if index == 1 {
            assert_eq!(drained.skipped_kinds(), ["unsupported"]);
            continue;
        }
        assert!(drained.skipped.is_empty(), "#{index}: {drained:?}");
        let [
            Message::Records {
                device,
                records,
                ack: None,
            },
        ] = drained.messages.as_slice()
        else {
            panic!("#{index}: {:?}", drained.messages);
        };
        let text = sample["payload"].as_str().expect("text");
        let id = text.split(',').nth(1).expect("id");
        let record = &records[0];
        if index == 7 {
            assert_eq!(device.as_ref().map(|d| d.as_str()), Some("865328026243864"));
            assert_eq!(
                (record.source, record.fix_time_ms),
                (FixSource::None, NOW_MS)
            );
            assert_eq!(raw(record, "firmware"), Some("510-V1.12,A11-V3.0"));
            continue;
        }
        assert_eq!(device.as_ref().map(|d| d.as_str()), Some(id), "#{index}");
        crate::test_support::assert_plausible(record);
        crate::test_support::assert_expected_fix(&format!("#{index}"), &sample["expected"], record);
        assert_eq!(record.valid, !matches!(index, 2 | 18 | 20), "#{index}");
        let kind = text[1..].split(',').next().expect("type");
        assert_eq!(raw(record, "type"), Some(kind), "#{index}");
        match index {
            0 => {
                assert_eq!(
                    named(record, &Sensor::DigitalInput(2)),
                    Some(Value::Bool(true))
                );
                assert_eq!(
                    named(record, &Sensor::DigitalInput(1)),
                    Some(Value::Bool(false))
                );
                assert_eq!(
                    named(record, &Sensor::OdometerM),
                    Some(Value::Number(250_161_300.0))
                );
                assert_eq!(raw(record, "battery"), Some("fd7"));
            }
            6 => assert!((record.longitude - 2.077_978).abs() < 1e-5, "{record:?}"),
            14 => assert_eq!(
                named(record, &Sensor::Alarm),
                Some(Value::Text("power_cut".into()))
            ),
            _ => assert_eq!(named(record, &Sensor::Alarm), None, "#{index}"),
        }
    }
}

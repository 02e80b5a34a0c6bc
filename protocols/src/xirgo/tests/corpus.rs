//! Replays the device corpus's 15 Xirgo samples through one stream codec
//! per test method, in order, each ended by `##` as on the wire, and again
//! as datagrams.
//!
//! All 15 are accepted; none is refused or skipped.
//!
//! - `testDecodeCustom` #0: firmware details (event 6115, no date) → a
//!   location-less record, its fields raw. #1–#3: configured forms (dates
//!   month first, e.g. 2019-03-30 02:15:22) → a record each, the fields
//!   after the speed raw (the corpus's two forms differ there).
//! - `testDecodeNew` #0–#6: the new form → a record each, engine speed
//!   named (#0: 598 rpm, 12 satellites, HDOP 0.9, 14.5 V). #4 lost its
//!   `##` in the corpus (so did `testDecodeOld` #2, the same message): it
//!   reads as the new form, its 11th field (`0`) an integer.
//! - `testDecodeOld` #0, #1, #3: the old form; #0 has the corpus's exact
//!   fix (2013-01-22 15:36:18, valid, 25.80907, -80.32531) at 19 mph,
//!   course 165.2, 11 satellites, HDOP 0.8, 11.1 V.

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::drain;

use super::super::decode::KMH_PER_MPH;
use super::{NOW_MS, codec, datagram, datagrams, message, samples};

fn number(record: &Record, name: &str) -> Option<f64> {
    record
        .values
        .iter()
        .find_map(|v| match (&v.sensor, &v.value) {
            (Sensor::Input(key), Value::Number(n)) if key == name => Some(*n),
            _ => None,
        })
}

/// Every sample of `method` through one stream codec, then as datagrams:
/// the same records both ways.
fn replay(method: &str) -> Vec<Record> {
    let list = samples(method);
    let mut stream = codec();
    let mut records = Vec::new();
    for (index, sample) in list.iter().enumerate() {
        let name = format!("{method} #{index}");
        let drained = drain(&mut stream, &message(method, index));
        assert!(
            drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty(),
            "{name}: {drained:?}"
        );
        let [
            Message::Records {
                device,
                records: got,
                ack,
            },
        ] = drained.messages.as_slice()
        else {
            panic!("{name}: {:?}", drained.messages);
        };
        assert!(ack.is_none(), "{name}: TCP gets no answer");
        let text = sample["payload"].as_str().expect("text");
        let id = text[2..].split(',').next().expect("id");
        assert_eq!(device.as_ref().map(|d| d.as_str()), Some(id), "{name}");
        let record = &got[0];
        if record.source == FixSource::Gnss {
            crate::test_support::assert_plausible(record);
            crate::test_support::assert_expected_fix(&name, &sample["expected"], record);
            assert!(record.valid, "{name}");
        }
        let over_udp = datagrams()
            .decode_datagram(&datagram(method, index))
            .expect("decodes");
        let [Message::Records { records: udp, .. }] = over_udp.as_slice() else {
            panic!("{name}: {over_udp:?}");
        };
        assert_eq!(udp, got, "{name}");
        records.push(record.clone());
    }
    records
}

#[test]
fn configured_forms_and_firmware_details() {
    let records = replay("testDecodeCustom");
    assert_eq!(records.len(), 4);
    assert_eq!(records[0].source, FixSource::None);
    assert_eq!(
        (records[0].fix_time_ms, records[0].event),
        (NOW_MS, Some(6115))
    );
    assert_eq!(records[0].io.len(), 4, "the four fields after the event");
    // 2019-03-30 02:15:22 UTC.
    assert_eq!(records[1].fix_time_ms, 1_553_912_122_000);
    assert!((records[1].latitude - 46.848_577).abs() < 1e-9);
    assert!(records[1..].iter().all(|r| r.source == FixSource::Gnss));
}

#[test]
fn new_form_reports() {
    let records = replay("testDecodeNew");
    assert_eq!(records.len(), 7);
    let first = &records[0];
    assert_eq!(number(first, "obd_rpm"), Some(598.0));
    assert_eq!(number(first, "board_voltage"), Some(14.5));
    assert_eq!((first.satellites, first.hdop), (Some(12), Some(0.9)));
    assert_eq!((first.altitude_m, first.event), (143.2, Some(4001)));
    // #2: 44.7 mph, course 27.
    assert!((records[2].speed_kmh - 44.7 * KMH_PER_MPH).abs() < 1e-9);
    assert_eq!(records[2].course_deg, 27.0);
    assert_eq!(number(&records[4], "obd_rpm"), Some(0.0));
}

#[test]
fn old_form_reports() {
    let records = replay("testDecodeOld");
    assert_eq!(records.len(), 4);
    let first = &records[0];
    assert!((first.speed_kmh - 19.0 * KMH_PER_MPH).abs() < 1e-9);
    assert_eq!(first.course_deg, 165.2);
    assert_eq!((first.satellites, first.hdop), (Some(11), Some(0.8)));
    assert_eq!(number(first, "board_voltage"), Some(11.1));
    assert_eq!(number(first, "obd_rpm"), None);
    assert_eq!(records[1].satellites, Some(11));
}

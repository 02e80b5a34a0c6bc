//! Replays the device corpus's 7 Sanav samples, in order, through one
//! codec, each as a line with CR LF, and each as a datagram.
//!
//! Accepted (5):
//! - #2 `imei=…&rmc=…,AUTO-4095mv`: the corpus's exact fix (2013-10-17
//!   10:30:48, valid, 47.584, 19.08816), event `AUTO`, 4.095 V.
//! - #3, #4 the older `imei:…rmc:…` form: #4 reads 3950 mV after the
//!   sentence.
//! - #5, #6 (the same report twice): event `AUTO`, no battery.
//!
//! Refused on purpose (2): #0 (`*18`, its sentence gives `0F`) and #1
//! (`*68`, its sentence gives `6A`): NMEA checksum mismatches, skipped
//! (`checksum`) over TCP and refused as datagrams.

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::drain;

use super::super::SanavDatagram;
use super::{codec, line, samples, text};

fn volts(record: &Record) -> Option<f64> {
    record
        .values
        .iter()
        .find_map(|v| match (&v.sensor, &v.value) {
            (Sensor::Input(name), Value::Number(n)) if name == "battery_voltage" => Some(*n),
            _ => None,
        })
}

fn event(record: &Record) -> Option<&str> {
    record.io.iter().find_map(|e| match (&e.key, &e.value) {
        (IoKey::Name(name), IoValue::Text(text)) if name == "event" => Some(text.as_str()),
        _ => None,
    })
}

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 7);
    let mut stream = codec();
    let mut accepted = 0;
    for (index, sample) in list.iter().enumerate() {
        let drained = drain(&mut stream, &line(index));
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}"
        );
        let datagram = SanavDatagram.decode_datagram(&text(index));
        if matches!(index, 0 | 1) {
            assert_eq!(drained.skipped_kinds(), ["checksum"], "#{index}");
            assert_eq!(datagram.map_err(|e| e.kind()).err(), Some("checksum"));
            continue;
        }
        accepted += 1;
        assert!(drained.skipped.is_empty(), "#{index}: {drained:?}");
        assert_eq!(
            drained.messages,
            datagram.expect("the same as a datagram"),
            "#{index}"
        );
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
        let record = &records[0];
        crate::test_support::assert_plausible(record);
        crate::test_support::assert_expected_fix(&format!("#{index}"), &sample["expected"], record);
        assert!(record.valid, "#{index}");
        let id = device.as_ref().map(|d| d.as_str()).expect("a device");
        assert_eq!(id.len(), 15, "#{index}");
        let (want_event, want_volts) = match index {
            2 => (Some("AUTO"), Some(4.095)),
            3 => (Some("AUTO"), Some(4.103)),
            4 => (None, Some(3.95)),
            _ => (Some("AUTO"), None),
        };
        assert_eq!(event(record), want_event, "#{index}");
        assert_eq!(volts(record), want_volts, "#{index}");
    }
    assert_eq!(accepted, 5);
}

//! Exact bytes of every reply, and the values of decoded frames.

use bytes::Bytes;

use crate::codec::DatagramCodec;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::super::{MeitrackDatagram, encode};
use super::corpus::{payload, samples};
use super::{decode_one, fix_checksum, records};

fn sample(index: u64) -> Vec<u8> {
    let all = samples();
    let found = all
        .iter()
        .find(|s| s["seq"]["index"] == index && s["assert"] != "frame")
        .expect("sample");
    payload(found)
}

fn with_crlf(mut bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.ends_with(b"\r\n") {
        bytes.extend_from_slice(b"\r\n");
    }
    bytes
}

#[test]
fn ccc_batches_are_confirmed_with_their_packet_count() {
    let message = decode_one(&sample(48)).expect("CCC");
    let Message::Records {
        ack,
        records,
        device,
    } = &message
    else {
        panic!("{message:?}");
    };
    assert_eq!(device, &Some(DeviceId("369800014090021".into())));
    assert_eq!(records.len(), 1);
    assert_eq!(
        ack.as_deref(),
        Some(&b"@@X27,369800014090021,CCC,1*E4\r\n"[..])
    );

    let message = decode_one(&sample(49)).expect("CCC");
    let Message::Records { ack, records, .. } = &message else {
        panic!("{message:?}");
    };
    assert_eq!(records.len(), 18);
    assert_eq!(
        ack.as_deref(),
        Some(&b"@@G28,369800013460674,CCC,18*1A\r\n"[..])
    );
}

#[test]
fn ccc_ack_length_is_counted_beyond_99_packets() {
    assert_eq!(
        &encode::ccc_ack(b'A', "123456789012345", 100)[..],
        b"@@A29,123456789012345,CCC,100*40\r\n"
    );
}

#[test]
fn aac_is_answered_with_aac_1() {
    assert_eq!(
        decode_one(&with_crlf(sample(50))).expect("AAC"),
        Message::Heartbeat {
            device: Some(DeviceId("861451040910625".into())),
            reply: Some(Bytes::from_static(b"@@z27,861451040910625,AAC,1*0B\r\n")),
        }
    );
}

#[test]
fn text_reports_and_cce_batches_get_no_reply() {
    for index in [15, 8, 0] {
        let message = decode_one(&with_crlf(sample(index))).expect("decodes");
        assert!(
            matches!(message, Message::Records { ack: None, .. }),
            "{index}: {message:?}"
        );
    }
}

#[test]
fn command_answers_are_command_responses() {
    assert_eq!(
        decode_one(&with_crlf(sample(30))).expect("D03"),
        Message::CommandResponse {
            answers: None,
            device: Some(DeviceId("353358017784062".into())),
            text: "D03,OK".into(),
            ack: None,
        }
    );
}

#[test]
fn aaa_values() {
    // Sample 13 fails its own checksum; its values are read with it corrected.
    let message = decode_one(&fix_checksum(&sample(13))).expect("AAA");
    let record = &records(&message)[0];
    assert_eq!(record.event, Some(22));
    assert_eq!(record.altitude_m, 0.0);
    let has = |v: NamedValue| assert!(record.values.contains(&v), "{v:?} in {record:?}");
    has(NamedValue::new(
        Sensor::Input("board_voltage".into()),
        Value::Number(13.95),
    ));
    has(NamedValue::new(
        Sensor::Input("battery_voltage".into()),
        Value::Number(4.01),
    ));
    has(NamedValue::new(Sensor::OdometerM, Value::Number(227_940.0)));
    has(NamedValue::new(Sensor::GsmSignal, Value::Number(0.0)));
    // Decimal volts in the analog field (a newer firmware).
    let message = decode_one(&with_crlf(sample(15))).expect("AAA");
    assert!(records(&message)[0].values.contains(&NamedValue::new(
        Sensor::Input("board_voltage".into()),
        Value::Number(2.69),
    )));
}

#[test]
fn event_codes_raise_alarms() {
    let record = Record::at(1_400_000_000_000, 22.5, 114.0);
    for (event, alarm) in [(1, Some("sos")), (23, Some("power_cut")), (35, None)] {
        let frame = encode::aaa_frame(b'A', "123456789012345", event, &record, 0);
        let message = decode_one(&frame).expect("AAA");
        let found = records(&message)[0]
            .values
            .iter()
            .find(|v| v.sensor == Sensor::Alarm)
            .map(|v| v.value.clone());
        assert_eq!(found, alarm.map(|a| Value::Text(a.into())), "{event}");
    }
}

#[test]
fn cce_values() {
    let message = decode_one(&sample(8)).expect("CCE");
    let record = &records(&message)[0];
    assert_eq!(record.event, Some(0x23));
    assert_eq!(record.source, FixSource::Gnss);
    assert!(!record.valid);
    assert_eq!(record.io(0x47), Some(&IoValue::Uint { value: 2, width: 1 }));
    assert!(record.values.contains(&NamedValue::new(
        Sensor::Input("battery_voltage".into()),
        Value::Number(4.13),
    )));
    // 0x1B inputs/outputs absent here; sample 14 carries input byte 0x80.
    let message = decode_one(&sample(14)).expect("CCE");
    let first = &records(&message)[0];
    assert!(
        first
            .values
            .contains(&NamedValue::new(Sensor::DigitalInput(8), Value::Bool(true)))
    );
    assert!(first.values.contains(&NamedValue::new(
        Sensor::DigitalInput(1),
        Value::Bool(false)
    )));
}

#[test]
fn udp_carries_the_same_replies() {
    let messages = MeitrackDatagram.decode_datagram(&sample(48)).expect("CCC");
    let [Message::Records { ack: Some(ack), .. }] = &messages[..] else {
        panic!("{messages:?}");
    };
    assert_eq!(&ack[..], b"@@X27,369800014090021,CCC,1*E4\r\n");
    assert!(
        MeitrackDatagram
            .decode_datagram(b"$$z27,861451040910625")
            .is_err()
    );
}

#[test]
fn an_encoded_report_decodes_back() {
    let mut record = Record::at(1_400_662_394_000, -7.26676, 112.74355);
    record.speed_kmh = 42.0;
    record.course_deg = 275.0;
    record.satellites = Some(7);
    let frame = encode::aaa_frame(b'B', "013777001293701", 35, &record, 0x0102);
    let message = decode_one(&frame).expect("decodes");
    let got = &records(&message)[0];
    assert_eq!(got.fix_time_ms, record.fix_time_ms);
    assert!((got.latitude - record.latitude).abs() < 1e-6);
    assert!((got.longitude - record.longitude).abs() < 1e-6);
    assert_eq!(
        (got.speed_kmh, got.course_deg, got.satellites),
        (42.0, 275.0, Some(7))
    );
    assert!(
        got.values
            .contains(&NamedValue::new(Sensor::DigitalInput(1), Value::Bool(true)))
    );
    assert!(got.values.contains(&NamedValue::new(
        Sensor::DigitalOutput(2),
        Value::Bool(true)
    )));
}

//! Manufacturer messages, passthrough positions, model layouts and the
//! e-lock's ASCII sentences, checked field by field on corpus frames.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};

use super::super::{Jt808Codec, Jt808Variant};
use super::{codec, decode_one, unhex, wire};

/// The corpus frame of sample `index`, as sent on the wire.
fn frame(index: u64) -> Vec<u8> {
    let sample = crate::test_support::corpus("jt808")
        .into_iter()
        .find(|s| s["seq"]["index"] == index && s["assert"] != "frame")
        .expect("sample");
    wire(&unhex(sample["payload"].as_str().expect("payload")))
}

fn records(message: Option<Message>) -> Vec<Record> {
    match message {
        Some(Message::Records { records, ack, .. }) => {
            assert!(ack.is_some(), "acknowledged once stored");
            records
        }
        other => panic!("expected records, got {other:?}"),
    }
}

fn has(record: &Record, sensor: &Sensor, value: &Value) -> bool {
    record
        .values
        .iter()
        .any(|v| &v.sensor == sensor && &v.value == value)
}

fn alarm(name: &str) -> (Sensor, Value) {
    (Sensor::Alarm, Value::Text(name.into()))
}

#[test]
fn passthrough_f0_alarm_position() {
    let r = &records(decode_one(&mut codec(), &frame(45)))[0];
    // 2023-02-23 15:02:15 GMT+8; status 0x000C000B: valid, west.
    assert_eq!(r.fix_time_ms, 1_677_135_735_000);
    assert!(r.valid);
    assert!((r.latitude - 43.894156).abs() < 1e-9);
    assert!((r.longitude + 79.2728).abs() < 1e-9);
    assert_eq!(r.source, FixSource::Gnss);
}

#[test]
fn passthrough_f0_data_stream_position() {
    let r = &records(decode_one(&mut codec(), &frame(54)))[0];
    // 2022-04-28 06:10:09 GMT+8.
    assert_eq!(r.fix_time_ms, 1_651_097_409_000);
    assert!((r.latitude - 23.111772).abs() < 1e-9);
    assert!((r.longitude - 114.409784).abs() < 1e-9);
    // 0x0546: 0x009899D9 tenths of a km; 0x0536: 0x03B8 rpm.
    assert!(has(r, &Sensor::OdometerM, &Value::Number(1_000_085_700.0)));
    assert!(has(
        r,
        &Sensor::Input("obd_rpm".into()),
        &Value::Number(952.0)
    ));
    assert_eq!(r.io(0x052B).and_then(|v| v.as_u64()), Some(0x50));
}

#[test]
fn passthrough_sensor_log_gives_position_and_samples() {
    let found = records(decode_one(&mut codec(), &frame(112)));
    assert_eq!(found.len(), 3, "the position and two samples");
    assert_eq!(
        found[0].source,
        FixSource::None,
        "no fix: lat/lon zero, invalid"
    );
    // 2024-01-12 03:46:40 GMT+8, then samples at 03:45:21 and 03:45:51.
    assert_eq!(found[0].fix_time_ms, 1_705_002_400_000);
    assert_eq!(found[1].fix_time_ms, 1_705_002_321_000);
    assert_eq!(found[2].fix_time_ms, 1_705_002_351_000);
    let temp = Sensor::Input("temperature".into());
    assert!(has(&found[1], &temp, &Value::Number(24.4)));
    assert!(has(
        &found[2],
        &Sensor::Input("humidity".into()),
        &Value::Number(28.4)
    ));
    assert!(has(
        &found[2],
        &Sensor::Input("air_pressure".into()),
        &Value::Number(1022.0)
    ));
}

#[test]
fn maker_batch_and_battery_report() {
    let batch = records(decode_one(&mut codec(), &frame(48)));
    assert_eq!(batch.len(), 8);
    assert!(batch.iter().all(|r| (r.latitude - 22.607138).abs() < 1e-9));
    let status = &records(decode_one(&mut codec(), &frame(99)))[0];
    assert_eq!(status.source, FixSource::None);
    // 2026-06-18 02:29:57 GMT+8.
    assert_eq!(status.fix_time_ms, 1_781_720_997_000);
    assert!(has(status, &Sensor::BatteryLevel, &Value::Number(79.0)));
}

#[test]
fn maker_text_answer_is_utf16() {
    match decode_one(&mut codec(), &frame(68)) {
        Some(Message::CommandResponse { text, ack, .. }) => {
            assert_eq!(text, "Set OK!");
            assert!(ack.is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn model_layouts_change_only_their_fields() {
    let door = (Sensor::State("door".into()), Value::Bool(true));
    let mut c = codec();
    // Standard: status bit 16 is not read as the door.
    let r = &records(decode_one(&mut c, &frame(102)))[0];
    assert!(!has(r, &door.0, &door.1));
    c.configure("MV710G");
    assert_eq!(c.variant(), Jt808Variant::Mv710g);
    let r = &records(decode_one(&mut c, &frame(102)))[0];
    assert!(has(r, &door.0, &door.1));
    let (a, v) = alarm("door");
    assert!(!has(r, &a, &v), "0x57 carries no door alarm in #102");
    assert!(has(&records(decode_one(&mut c, &frame(103)))[0], &a, &v));

    // AOVX: alarm bit 16 is movement; the standard leaves it reserved.
    let (a, v) = alarm("movement");
    assert!(!has(
        &records(decode_one(&mut codec(), &frame(104)))[0],
        &a,
        &v
    ));
    c.configure("AL300");
    assert!(has(&records(decode_one(&mut c, &frame(104)))[0], &a, &v));

    // Jimi: item 0xE8 is an event code.
    let (a, v) = alarm("sos");
    assert!(!has(
        &records(decode_one(&mut codec(), &frame(106)))[0],
        &a,
        &v
    ));
    c.configure("jc371");
    assert!(has(&records(decode_one(&mut c, &frame(106)))[0], &a, &v));
    c.configure("unknown model");
    assert_eq!(c.variant(), Jt808Variant::Standard);
}

#[test]
fn elock_time_request_is_answered_with_the_time() {
    let mut c = codec();
    let sentence = b"(794104004140,1,001,BASE,2,TIME)";
    match decode_one(&mut c, sentence) {
        Some(Message::Heartbeat { device, reply }) => {
            assert_eq!(device.expect("named").as_str(), "794104004140");
            // The fixed clock: 2024-01-02 03:04:05 UTC.
            let want = b"(794104004140,1,001,BASE,2,20240102030405)";
            assert_eq!(reply.as_deref(), Some(&want[..]));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn elock_sentences_interleave_with_frames() {
    let mut c = codec();
    let mut stream = b"x(noise\x01".to_vec();
    stream.extend_from_slice(b"(740190311185,1,001,ELOCK,3,529439)");
    stream.extend_from_slice(&frame(99));
    stream.extend_from_slice(b"(740190311185,1,00");
    let mut buf = BytesMut::from(&stream[..]);
    match c.decode(&mut buf).expect("usable") {
        Some(Message::CommandResponse {
            device,
            text,
            ack,
            answers: _,
        }) => {
            assert_eq!(device.expect("named").as_str(), "740190311185");
            assert_eq!(text, "(740190311185,1,001,ELOCK,3,529439)");
            assert_eq!(ack, None);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        c.decode(&mut buf).expect("usable"),
        Some(Message::Records { .. })
    ));
    assert_eq!(c.decode(&mut buf).expect("usable"), None, "waits for `)`");
}

#[test]
fn elock_sentence_over_the_limit_ends_the_connection() {
    let mut c = Jt808Codec::new(Limits { max_frame_len: 16 });
    let mut buf = BytesMut::from(&b"(0123456789012345678"[..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

//! Exact bytes of every reply, and the values of decoded reports.

use bytes::Bytes;

use crate::codec::DatagramCodec;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::super::{Gps103Datagram, encode, report};
use super::{NOW_MS, decode_one, fixed_clock, only_record};

fn imei() -> DeviceId {
    DeviceId("359586015829802".into())
}

#[test]
fn login_is_accepted_with_load() {
    assert_eq!(
        decode_one(b"##,imei:359586015829802,A;").expect("login"),
        Message::Login {
            device: imei(),
            accept: Some(Bytes::from_static(b"LOAD")),
            reject: None,
        }
    );
}

#[test]
fn heartbeat_is_answered_on() {
    assert_eq!(
        decode_one(b"359586015829802;").expect("heartbeat"),
        Message::Heartbeat {
            device: Some(imei()),
            reply: Some(Bytes::from_static(b"ON")),
        }
    );
}

#[test]
fn help_me_is_acknowledged_and_raises_sos() {
    let message = decode_one(
        b"imei:359586015829802,help me,0809231429,13554900601,F,062947.294,A,2234.4026,N,11354.3277,E,0.00,;",
    )
    .expect("help me");
    let Message::Records {
        ack,
        records,
        device,
    } = &message
    else {
        panic!("{message:?}");
    };
    assert_eq!(device, &Some(imei()));
    assert_eq!(ack.as_deref(), Some(&b"**,imei:359586015829802,E;"[..]));
    assert!(
        records[0]
            .values
            .contains(&NamedValue::new(Sensor::Alarm, Value::Text("sos".into())))
    );
    // The no-fix form is acknowledged too.
    let message =
        decode_one(b"imei:359710049075097,help me,,,L,,,113b,,558f,,,,,0,0,,,;").expect("L");
    assert!(
        matches!(message, Message::Records { ack: Some(a), .. } if a == "**,imei:359710049075097,E;")
    );
    // Other reports get nothing.
    let message = decode_one(
        b"imei:359586015829802,tracker,0809231429,13554900601,F,062947.294,A,2234.4026,N,11354.3277,E,0.00,;",
    )
    .expect("tracker");
    assert!(matches!(message, Message::Records { ack: None, .. }));
}

#[test]
fn utc_time_is_put_on_the_nearest_day() {
    // Local 2015-10-27 02:59:58, UTC 23:59:57: the day before.
    let message = decode_one(
        b"imei:359710049092324,tracker,151027025958,,F,235957.000,A,2429.5156,N,04424.5828,E,0.01,27.91,,0,0,,,;",
    )
    .expect("report");
    let expected = crate::fix::utc_ms(2015, 10, 26, 23, 59, 57);
    assert_eq!(Some(only_record(&message).fix_time_ms), expected);
    // Local 23:40, UTC 00:10: the day after.
    let message = decode_one(
        b"imei:1,tracker,1502272340,,F,001000.000,A,2429.5156,N,04424.5828,E,0.01,27.91;",
    )
    .expect("report");
    let expected = crate::fix::utc_ms(2015, 2, 28, 0, 10, 0);
    assert_eq!(Some(only_record(&message).fix_time_ms), expected);
    assert_eq!(
        report::local_time("13/02/27 23:40"),
        crate::fix::utc_ms(2013, 2, 27, 23, 40, 0)
    );
    assert_eq!(report::local_time("000000000"), None);
}

#[test]
fn trailing_fields_and_obd_values() {
    let message = decode_one(
        b"imei:353451044508750,001,0809231929,13554900601,F,055403.000,A,2233.1870,N,11354.3067,E,0.00,30.1,65.43,1,0,10.5%,0.0%,28;",
    )
    .expect("report");
    let record = only_record(&message);
    assert_eq!(record.altitude_m, 65.43);
    assert!(
        record
            .values
            .contains(&NamedValue::new(Sensor::Ignition, Value::Bool(true)))
    );
    assert!(record.values.contains(&NamedValue::new(
        Sensor::Input("ext_temp_sensor_1".into()),
        Value::Number(28.0)
    )));
    let message = decode_one(
        b"imei:359710048977327,OBD,180301094003,5000000,0.00,0.00,98,18,68.63%,55,25.10%,1368,14.24,,,,;",
    )
    .expect("OBD");
    let record = only_record(&message);
    assert_eq!(record.source, FixSource::None);
    assert!(record.values.contains(&NamedValue::new(
        Sensor::Input("obd_rpm".into()),
        Value::Number(1368.0)
    )));
    assert!(record.values.contains(&NamedValue::new(
        Sensor::Input("board_voltage".into()),
        Value::Number(14.24)
    )));
}

#[test]
fn missing_hemisphere_and_time_are_invalid() {
    let message = decode_one(
        b"imei:012497000208821,tracker,1301072224,,F,142411.077,A,2227.0739,S,06855.2912,,0,0,;",
    )
    .expect("report");
    let record = only_record(&message);
    assert!(!record.valid);
    assert!(record.longitude > 0.0 && record.latitude < 0.0);
    let message = decode_one(b"imei:1,tracker,000000000,,L,;").expect("L");
    assert_eq!(only_record(&message).fix_time_ms, NOW_MS);
}

#[test]
fn udp_carries_the_same_replies() {
    let udp = Gps103Datagram::with_clock(fixed_clock);
    assert_eq!(
        udp.decode_datagram(b"359586015829802;\r\n")
            .expect("heartbeat"),
        vec![Message::Heartbeat {
            device: Some(imei()),
            reply: Some(Bytes::from_static(b"ON")),
        }]
    );
    assert!(matches!(
        &udp.decode_datagram(b"##,imei:359586015829802,A;")
            .expect("login")[..],
        [Message::Login { .. }]
    ));
    assert!(udp.decode_datagram(b"hello").is_err());
}

#[test]
fn an_encoded_report_decodes_back() {
    let mut record = Record::at(1_446_163_261_000, 54.723_06, -25.215_12);
    record.speed_kmh = 18.52;
    record.course_deg = 47.5;
    let report = encode::tracker_report("359710045559474", "tracker", &record);
    let message = decode_one(report.as_bytes()).expect("decodes");
    let got = only_record(&message);
    assert_eq!(got.fix_time_ms, record.fix_time_ms);
    assert!((got.latitude - record.latitude).abs() < 1e-6);
    assert!((got.longitude - record.longitude).abs() < 1e-6);
    assert!((got.speed_kmh - record.speed_kmh).abs() < 0.01);
    assert!(got.valid);
}

//! Exact bytes of every reply, and the values of decoded sentences.

use bytes::Bytes;

use crate::codec::DatagramCodec;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::super::{Tk103Datagram, encode};
use super::{NOW_MS, decode_one, fixed_clock, only_record};

#[test]
fn handshakes_are_answered_ap01hso() {
    for (sentence, id) in [
        (
            &b"(027044702512BP00027044702512HSO01A4)"[..],
            "027044702512",
        ),
        (b"(087073005534BP00HSO)", "087073005534"),
    ] {
        assert_eq!(
            decode_one(sentence).expect("BP00"),
            Message::Heartbeat {
                device: Some(DeviceId(id.into())),
                reply: Some(Bytes::from(format!("({id}AP01HSO)"))),
            }
        );
    }
}

#[test]
fn logins_are_answered_ap05_after_their_position() {
    let message = decode_one(
        b"(088047365460BP05354188047365460150929A3258.1754S02755.4323E009.4193927301.9000000000L00000000)",
    )
    .expect("BP05");
    let Message::Records {
        device,
        ack,
        records,
    } = &message
    else {
        panic!("{message:?}");
    };
    assert_eq!(device, &Some(DeviceId("088047365460".into())));
    assert_eq!(ack.as_deref(), Some(&b"(088047365460AP05)"[..]));
    assert_eq!(records[0].source, FixSource::Gnss);
    // The comma form is answered the same way.
    let message =
        decode_one(b"(013632651491,BP05,040613,A,2234.0297N,11405.9101E,000.0,040137,178.48)")
            .expect("BP05");
    assert!(matches!(message, Message::Records { ack: Some(a), .. } if a == "(013632651491AP05)"));
    // A position report gets nothing.
    let message = decode_one(
        b"(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.1701000000L00009AA3)",
    )
    .expect("BR00");
    assert!(matches!(message, Message::Records { ack: None, .. }));
}

#[test]
fn br00_values() {
    let message = decode_one(
        b"(088046338039BR00160727A3354.7768N03540.7258E000.0140832068.4700000000L00BEB0D4+017.7)",
    )
    .expect("BR00");
    let record = only_record(&message);
    assert_eq!(record.course_deg, 68.47);
    let has = |v: NamedValue| assert!(record.values.contains(&v), "{v:?} in {record:?}");
    has(NamedValue::new(Sensor::Ignition, Value::Bool(false)));
    has(NamedValue::new(
        Sensor::OdometerM,
        Value::Number(12_497_108.0),
    ));
    let on = decode_one(
        b"(088048003342BR00150917A1352.9801N10030.9050E000.0103224000.0000010000L000003F9)",
    )
    .expect("BR00");
    assert!(
        only_record(&on)
            .values
            .contains(&NamedValue::new(Sensor::Ignition, Value::Bool(false)))
    );
    let on = decode_one(
        b"(027023361470BR00200617A4000.5775N 8415.4076W 46.0173725 87.3101000000L00000000)",
    )
    .expect("BR00");
    let record = only_record(&on);
    assert!(
        record
            .values
            .contains(&NamedValue::new(Sensor::Ignition, Value::Bool(true)))
    );
    assert_eq!((record.speed_kmh, record.course_deg), (46.0, 87.31));
}

#[test]
fn alarms_and_calendar_less_dates() {
    let message = decode_one(
        b"(013666666666BO012110925A1234.5678N01234.5678W000.0025948118.7200000000L000024DE)",
    )
    .expect("BO01");
    let record = only_record(&message);
    assert!(
        record
            .values
            .contains(&NamedValue::new(Sensor::Alarm, Value::Text("sos".into())))
    );
    assert!(record.valid);
    // 2006-18-30 is no date: kept, stamped with the receive time, invalid.
    let message = decode_one(
        b"(013612345678BO012061830A2934.0133N10627.2544E040.0080331309.6200000000L000770AD)",
    )
    .expect("BO01");
    let record = only_record(&message);
    assert_eq!((record.fix_time_ms, record.valid), (NOW_MS, false));
}

#[test]
fn timeless_reports_use_the_receive_time_or_their_own() {
    let message = decode_one(b"(027023361470BV005J6RW2H53HL066029)").expect("BV00");
    let record = only_record(&message);
    assert_eq!(
        (record.fix_time_ms, record.source),
        (NOW_MS, FixSource::None)
    );
    let message = decode_one(b"(013632651491,ZC20,180716,144222,6,392,65535,255)").expect("ZC20");
    let expected = crate::fix::ddmmyy_hhmmss("180716", "144222");
    assert_eq!(Some(only_record(&message).fix_time_ms), expected);
    let message = decode_one(b"(864555555555555,ZC03,191117,234207,$Notice: Device version: 1.0$)")
        .expect("ZC03");
    assert!(
        matches!(message, Message::CommandResponse { text, .. } if text == "Notice: Device version: 1.0")
    );
}

#[test]
fn udp_carries_the_same_replies() {
    let udp = Tk103Datagram::with_clock(fixed_clock);
    let messages = udp
        .decode_datagram(b"(087073005534BP00HSO)\r\n")
        .expect("BP00");
    assert_eq!(
        messages,
        vec![Message::Heartbeat {
            device: Some(DeviceId("087073005534".into())),
            reply: Some(Bytes::from_static(b"(087073005534AP01HSO)")),
        }]
    );
    assert!(udp.decode_datagram(b"(087073005534BP00HSO").is_err());
    assert_eq!(&encode::alarm_ack("1", '2')[..], b"(1AS012)");
}

#[test]
fn an_encoded_sentence_decodes_back() {
    let mut record = Record::at(1_445_665_908_000, -25.922_55, 28.922_22);
    record.speed_kmh = 4.7;
    record.course_deg = 276.17;
    let sentence = encode::br00_sentence("088047365460", &record, "01000000", 0x9AA3);
    let message = decode_one(sentence.as_bytes()).expect("decodes");
    let got = only_record(&message);
    assert_eq!(got.fix_time_ms, record.fix_time_ms);
    assert!((got.latitude - record.latitude).abs() < 1e-5);
    assert!((got.longitude - record.longitude).abs() < 1e-5);
    assert_eq!((got.speed_kmh, got.course_deg), (4.7, 276.17));
}

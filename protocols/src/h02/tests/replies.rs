//! Exact bytes of every reply, and the values of decoded sentences.

use bytes::Bytes;

use crate::codec::DatagramCodec;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::super::{H02Datagram, encode};
use super::{NOW_MS, codec, decode_one, fixed_clock, only_record};

fn id() -> Option<DeviceId> {
    Some(DeviceId("4210051415".into()))
}

#[test]
fn heartbeats_are_echoed() {
    let message = decode_one(&mut codec(), b"*HQ,4210051415,V0,1,2#").expect("V0");
    assert_eq!(
        message,
        Message::Heartbeat {
            device: id(),
            reply: Some(Bytes::from_static(b"*HQ,4210051415,V0#")),
        }
    );
    let message = decode_one(&mut codec(), b"*HQ,135790246811220,HTBT#").expect("HTBT");
    assert_eq!(
        message,
        Message::Heartbeat {
            device: Some(DeviceId("135790246811220".into())),
            reply: Some(Bytes::from_static(b"*HQ,135790246811220,HTBT#")),
        }
    );
}

#[test]
fn a_battery_heartbeat_is_a_record_acked_by_the_echo() {
    let message = decode_one(&mut codec(), b"*HQ,135790246811220,HTBT,100#").expect("HTBT");
    let Message::Records { ack, records, .. } = &message else {
        panic!("{message:?}");
    };
    assert_eq!(ack.as_deref(), Some(&b"*HQ,135790246811220,HTBT#"[..]));
    let record = &records[0];
    assert_eq!(
        (record.fix_time_ms, record.source),
        (NOW_MS, FixSource::None)
    );
    assert_eq!(
        record.values,
        vec![NamedValue::new(Sensor::BatteryLevel, Value::Number(100.0))]
    );
}

#[test]
fn v1_asking_for_confirmation_gets_v4_with_server_time() {
    let sentence =
        b"*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF,V1#";
    let message = decode_one(&mut codec(), sentence).expect("V1");
    let Message::Records { ack, .. } = &message else {
        panic!("{message:?}");
    };
    // NOW_MS is 2024-06-01 12:00:00 UTC.
    assert_eq!(
        ack.as_deref(),
        Some(&b"*HQ,4210051415,V4,V1,20240601120000#"[..])
    );
    // Without the trailing V1, no reply.
    let plain = b"*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF#";
    assert!(matches!(
        decode_one(&mut codec(), plain),
        Ok(Message::Records { ack: None, .. })
    ));
}

#[test]
fn nbr_gets_v4_nbr() {
    let sentence =
        b"*HQ,4210051415,NBR,160453,234,10,0,2,21580,27766,-67,21580,27766,-67,291019,FFFFFBFF,6#";
    let message = decode_one(&mut codec(), sentence).expect("NBR");
    let Message::Records { ack, records, .. } = &message else {
        panic!("{message:?}");
    };
    assert_eq!(
        ack.as_deref(),
        Some(&b"*HQ,4210051415,V4,NBR,20240601120000#"[..])
    );
    assert_eq!(records[0].source, FixSource::None);
    assert_eq!(
        records[0].fix_time_ms,
        crate::fix::ddmmyy_hhmmss("291019", "160453").expect("t")
    );
}

#[test]
fn r12_ack_bytes() {
    assert_eq!(
        &encode::r12_ack("4210051415", NOW_MS)[..],
        b"*HQ,4210051415,R12,120000#"
    );
}

#[test]
fn ignition_follows_the_acc_bit() {
    let on = b"*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF#";
    let off = b"*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFFFF#";
    for (sentence, ignition) in [(&on[..], true), (&off[..], false)] {
        let message = decode_one(&mut codec(), sentence).expect("V1");
        assert_eq!(
            only_record(&message).values,
            vec![NamedValue::new(Sensor::Ignition, Value::Bool(ignition))]
        );
    }
}

#[test]
fn udp_carries_the_same_replies_and_needs_an_id() {
    let udp = H02Datagram::with_clock(fixed_clock);
    let messages = udp.decode_datagram(b"*HQ,4210051415,V0#\r\n").expect("V0");
    assert_eq!(
        messages,
        vec![Message::Heartbeat {
            device: id(),
            reply: Some(Bytes::from_static(b"*HQ,4210051415,V0#")),
        }]
    );
    assert!(udp.decode_datagram(b"*HQ,,V0#").is_err());
    assert!(udp.decode_datagram(b"*HQ,1,V0").is_err());
}

#[test]
fn an_encoded_sentence_decodes_back() {
    let mut record = Record::at(1_450_802_749_000, 9.939_78, -84.111_78);
    record.speed_kmh = 18.52;
    record.course_deg = 47.0;
    let sentence = encode::v1_sentence("4210051415", &record, 0xFFFF_FBFF);
    let back = decode_one(&mut codec(), sentence.as_bytes()).expect("decodes");
    let got = only_record(&back);
    assert_eq!(got.fix_time_ms, record.fix_time_ms);
    assert!((got.latitude - record.latitude).abs() < 1e-5);
    assert!((got.longitude - record.longitude).abs() < 1e-5);
    assert!((got.speed_kmh - record.speed_kmh).abs() < 0.01);
}

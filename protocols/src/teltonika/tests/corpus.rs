//! Replays the device corpus's Teltonika samples.
//!
//! Samples are grouped by test method and replayed in `seq.index` order on
//! one codec, as one device connection would deliver them. Each sample is
//! handed over as if the connection then closed (`decode_eof`), so a sample
//! whose length field claims more bytes than it has is reported as
//! `Truncated` instead of waiting forever.
//!
//! We are deliberately stricter than the source of these samples, which
//! verifies no CRC: samples whose own CRC or length field is wrong
//! (`integrity.ok == false`) must be rejected, and so must the two samples
//! that need Traccar's non-standard `extended` option (2-byte IO ids inside
//! Codec 8), which standard Codec 8 parsing correctly refuses.
//!
//! Of the 52 decoder samples, 41 are accepted and checked (one of them, a
//! UDP sample disabled at its source, through the datagram codec) and 11
//! rejected: 9 with a bad CRC or length field and the 2 needing the
//! `extended` option. None is skipped. The 2 frame samples are cut as
//! expected.

use std::collections::BTreeMap;

use bytes::BytesMut;
use serde_json::Value as Json;

use crate::codec::DeviceCodec;
use crate::codec::{DecodeError, Limits};
use crate::message::Message;
use crate::record::{IoValue, Record};

use super::super::{TeltonikaCodec, TeltonikaDatagram, framing};
use super::{assert_plausible, unhex};
use crate::codec::DatagramCodec;

fn samples() -> Vec<Json> {
    crate::test_support::corpus("teltonika")
}

fn is_frame_sample(sample: &Json) -> bool {
    sample["assert"] == "frame"
}

#[derive(Debug, Default)]
struct Tally {
    accepted: usize,
    rejected: usize,
    skipped: usize,
}

#[test]
fn decoder_samples_replay_in_order() {
    let mut methods: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for sample in samples().into_iter().filter(|s| !is_frame_sample(s)) {
        let method = sample["seq"]["method"].as_str().expect("method").to_owned();
        methods.entry(method).or_default().push(sample);
    }
    let mut tally = Tally::default();
    for (method, mut list) in methods {
        list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
        let mut decoder = TeltonikaCodec::new(Limits::default());
        for sample in &list {
            let name = format!("{method}#{}", sample["seq"]["index"]);
            let payload = unhex(sample["payload"].as_str().expect("payload"));
            // The UDP sample (disabled at its source) goes through the
            // datagram codec: it is one whole datagram.
            if is_udp_sample(sample) {
                check_datagram(&name, &payload);
                tally.accepted += 1;
                continue;
            }
            let mut buf = BytesMut::from(&payload[..]);
            let result = decoder.decode_eof(&mut buf);
            if must_reject(sample) {
                match result.map_err(DecodeError::into_cause) {
                    Err(DecodeError::Checksum { .. })
                    | Err(DecodeError::Malformed(_))
                    | Err(DecodeError::Truncated(_)) => tally.rejected += 1,
                    other => panic!("{name}: expected a rejection, got {other:?}"),
                }
                continue;
            }
            let message = result
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .unwrap_or_else(|| panic!("{name}: no message"));
            assert!(buf.is_empty(), "{name}: {} bytes not consumed", buf.len());
            check(&name, sample, &payload, &message);
            tally.accepted += 1;
        }
    }
    println!("teltonika corpus: {tally:?}");
    // 52 decoder samples: 9 with a bad CRC or length field and 2 needing
    // the non-standard option rejected, 41 accepted (one of them over UDP).
    assert_eq!(
        (tally.accepted, tally.rejected, tally.skipped),
        (41, 11, 0),
        "{tally:?}"
    );
}

fn is_udp_sample(sample: &Json) -> bool {
    sample["decoder_setup"]
        .as_str()
        .is_some_and(|s| s.contains("(null, true)"))
}

/// A UDP sample decodes to its device's records, acknowledged with the
/// envelope's packet id, AVL packet id and the record count.
fn check_datagram(name: &str, payload: &[u8]) {
    let messages = TeltonikaDatagram
        .decode_datagram(payload)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let [
        Message::Records {
            device,
            records,
            ack,
        },
    ] = messages.as_slice()
    else {
        panic!("{name}: expected one records message, got {messages:?}");
    };
    let imei_len = usize::from(u16::from_be_bytes([payload[6], payload[7]]));
    let imei = std::str::from_utf8(&payload[8..8 + imei_len]).expect("ASCII IMEI");
    assert_eq!(device.as_ref().map(|d| d.as_str()), Some(imei), "{name}");
    assert!(!records.is_empty(), "{name}: no records");
    let mut expected = vec![0x00, 0x05, payload[2], payload[3], 0x01, payload[5]];
    expected.push(records.len() as u8);
    assert_eq!(ack.as_deref(), Some(&expected[..]), "{name}: ack");
}

fn must_reject(sample: &Json) -> bool {
    let bad_integrity = sample["integrity"]["ok"] == false;
    let extended_option = sample["decoder_setup"]
        .as_str()
        .is_some_and(|s| s.contains("setExtended(true)"));
    bad_integrity || extended_option
}

fn check(name: &str, sample: &Json, payload: &[u8], message: &Message) {
    let check_location = sample["expected"]["check_location"] != false;
    match sample["assert"].as_str().expect("assert kind") {
        "null" => assert!(
            !matches!(message, Message::Records { .. }),
            "{name}: expected no records, got {message:?}"
        ),
        "positions" | "position" => match message {
            Message::Records { records, ack, .. } => {
                assert!(!records.is_empty(), "{name}: no records");
                let count = records.len() as u32;
                assert_eq!(
                    ack.as_deref(),
                    Some(&count.to_be_bytes()[..]),
                    "{name}: ack"
                );
                if check_location {
                    records.iter().for_each(assert_plausible);
                }
            }
            // Traccar turns command traffic into location-less positions;
            // the corpus marks those samples `check_location: false`.
            Message::CommandResponse { text, ack, .. } => {
                assert!(
                    !check_location,
                    "{name}: command response where a fix was due"
                );
                assert!(matches!(payload.get(8), Some(0x0C | 0x0D)), "{name}: codec");
                assert!(!text.is_empty(), "{name}: empty response");
                assert!(
                    ack.is_none(),
                    "{name}: command responses are not acknowledged"
                );
            }
            other => panic!("{name}: expected records, got {other:?}"),
        },
        "attribute" => check_attribute(name, &sample["expected"]["attribute"], message),
        other => panic!("{name}: unhandled assert kind {other}"),
    }
}

fn only_record<'a>(name: &str, message: &'a Message) -> &'a Record {
    match message {
        Message::Records { records, .. } if records.len() == 1 => &records[0],
        other => panic!("{name}: expected one record, got {other:?}"),
    }
}

/// The attributes the corpus asserts, each traced to the raw element (or
/// response text) that carries it.
fn check_attribute(name: &str, attribute: &Json, message: &Message) {
    let key = attribute["key"].as_str().expect("key");
    match key {
        // EYE sensor temperature (AVL 10800): signed, hundredths of °C.
        "eyeTemp1" => {
            let raw = only_record(name, message)
                .io(10800)
                .and_then(IoValue::as_i64);
            assert_eq!(raw, Some(-1187), "{name}");
            assert_eq!(attribute["value"].as_f64(), Some(-11.87));
        }
        // A beacon list (AVL 10831) whose first beacon carries TLV 0x0E:
        // battery voltage in mV.
        "tag1Battery" => {
            let bytes = nx(name, message, 10831);
            assert_eq!(tlv(&bytes, 0x0E), Some(vec![0x0b, 0xd6]), "{name}");
            assert_eq!(attribute["value"].as_u64(), Some(0x0bd6));
        }
        // A beacon list (AVL 548) whose first beacon carries TLV 0x02; its
        // low byte is the voltage in 10 mV steps above 2000 mV.
        "tag1Voltage" => {
            let bytes = nx(name, message, 548);
            let value = tlv(&bytes, 0x02).expect("voltage TLV");
            let mv = 2000 + 10 * u64::from(value[1]);
            assert_eq!(Some(mv), attribute["value"].as_u64(), "{name}");
        }
        // A Codec 13 message relaying a `GTSL|…` line whose fifth field is
        // the driver's key.
        "driverUniqueId" => {
            let Message::CommandResponse { text, .. } = message else {
                panic!("{name}: expected a command response, got {message:?}");
            };
            let field = text.split('|').nth(4);
            assert_eq!(field, attribute["value"].as_str(), "{name}: {text:?}");
        }
        other => panic!("{name}: no check written for attribute {other}"),
    }
}

fn nx(name: &str, message: &Message, id: u16) -> Vec<u8> {
    match only_record(name, message).io(id) {
        Some(IoValue::Bytes(bytes)) => bytes.clone(),
        other => panic!("{name}: AVL {id} is {other:?}"),
    }
}

/// The value of TLV `kind` in the first beacon of a beacon list:
/// version (1), then per beacon: length (1), then flags (2), RSSI (1) and
/// type-length-value items filling the rest of the beacon.
fn tlv(list: &[u8], kind: u8) -> Option<Vec<u8>> {
    let len = usize::from(*list.get(1)?);
    let beacon = list.get(2..2 + len)?;
    let mut items = beacon.get(3..)?;
    while let [t, l, rest @ ..] = items {
        let value = rest.get(..usize::from(*l))?;
        if *t == kind {
            return Some(value.to_vec());
        }
        items = &rest[usize::from(*l)..];
    }
    None
}

#[test]
fn frame_samples_cut_the_expected_frame() {
    let mut seen = 0;
    for sample in samples().into_iter().filter(is_frame_sample) {
        let payload = unhex(sample["payload"].as_str().expect("payload"));
        let expected = unhex(sample["expected"]["frame"].as_str().expect("frame"));
        let len = framing::check(&payload, &Limits::default())
            .expect("valid stream")
            .expect("a whole frame");
        assert_eq!(&payload[..len], &expected[..]);
        seen += 1;
    }
    assert_eq!(seen, 2);
}

/// Codec 7 fields checked by hand against the sample's bytes: a float
/// latitude/longitude pair and a 2007-based timestamp.
#[test]
fn codec7_sample_decodes_exact_values() {
    // testDecode #37: two GH3000 records with GPS only.
    let packet = "000000000000003107024c61410b013f4231c2c141d0beb9003d000005006483ff4c6140eb013f4231c2c141d0beb9003d000005006483ff02000041df";
    let message = super::decode_one(&mut super::logged_in(), &unhex(packet)).expect("decodes");
    let Message::Records { records, .. } = message else {
        panic!("expected records, got {message:?}");
    };
    assert_eq!(records.len(), 2);
    let first = &records[0];
    // 0x4C61410B: priority 1, 0x0C61410B s after 2007-01-01 = 2013-07-31T22:30:35Z.
    assert_eq!(first.fix_time_ms, 1_375_309_835_000);
    assert!((first.latitude - 44.440_189).abs() < 1e-5);
    assert!((first.longitude - 26.093_126).abs() < 1e-5);
    assert_eq!(first.altitude_m, 61.0);
    assert_eq!(first.satellites, Some(5));
    assert!(first.valid);
    assert_eq!(first.io(0), None);
    assert_eq!(
        first.io.len(),
        2,
        "LAC and cell id kept raw: {:?}",
        first.io
    );
}

//! Replays the device corpus's 44 Meiligao decoder samples and its 3
//! frame-splitting samples.
//!
//! Every packet names its tracker and the codec keeps no state between
//! packets, so each sample goes through a fresh codec, read the way a
//! session reads it (skipped packets counted, the stream closed on an
//! error that loses its position).
//!
//! Accepted (23): #0 (trouble codes `C1E88`, a location-less record), #1
//! (11 satellites, CSQ 28, hex mileage), #6, #7, #17–#19, #25, #26, #40–#43
//! (positions), #8, #11 (alarms `75`, `52`: the code is the event), #9 (one
//! logged position), #12 (an invalid fix; the two `00` bytes after the
//! packet are skipped as bytes before `$$`), #14 (ID `00000000000000`),
//! #16 (three packets in one read: a position and two OBD packets kept
//! raw), #20 (a login, answered `4000 01`), #21 (the corpus's exact fix),
//! #22, #23 (RFID reports; #22 with the corpus's exact fix).
//!
//! Refused on purpose (21):
//! - #4, #5, #10, #13: CRC mismatch, skipped (`checksum`). #4 and #5
//!   (a photo announcement and chunk) carry `FFFF`; #10 and #13 were
//!   edited after their CRC was computed.
//! - #15: starts with `@@`, a server packet's marker, so it is skipped
//!   whole as bytes before a `$$` (`malformed`); its CRC does not match
//!   either.
//! - #2, #3: the length field counts one byte more than the sample holds
//!   (a byte lost from the alarm code's place): the codec waits for it,
//!   and the stream ends mid-packet (`truncated`).
//! - #24, #27–#39 (14 samples): a length field of zero, which cannot frame
//!   a packet: the connection is closed (`malformed`). Their CRCs match
//!   the packets with the real length written in: the length was blanked
//!   when they were made into test data.
//!
//! Frame samples: a lone `00` is skipped and cuts nothing; a whole packet is
//! cut as it is, and again after a leading `00` is skipped.

use serde_json::Value as Json;

use crate::message::Message;
use crate::record::{FixSource, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};
use crate::test_support::{Drained, drain};

use super::super::encode;
use super::super::framing::id_bytes;
use super::{codec, samples, unhex};

/// What became of one sample.
#[derive(Debug, PartialEq)]
enum Outcome {
    Accepted,
    Skipped(&'static str),
    Truncated,
    Closed(&'static str),
}

fn outcome(drained: &Drained) -> Outcome {
    if let Some(error) = &drained.closed {
        return Outcome::Closed(error.kind());
    }
    if !drained.rest.is_empty() {
        return Outcome::Truncated;
    }
    match (
        drained.messages.is_empty(),
        drained.skipped_kinds().as_slice(),
    ) {
        (false, _) => Outcome::Accepted,
        (true, [kind]) => Outcome::Skipped(kind),
        (true, kinds) => panic!("nothing decoded, skipped {kinds:?}"),
    }
}

fn expected_outcome(index: u64) -> Outcome {
    match index {
        4 | 5 | 10 | 13 => Outcome::Skipped("checksum"),
        15 => Outcome::Skipped("malformed"),
        2 | 3 => Outcome::Truncated,
        24 | 27..=39 => Outcome::Closed("malformed"),
        _ => Outcome::Accepted,
    }
}

#[test]
fn decoder_samples_replay_with_the_refusals_listed() {
    let list = samples();
    assert_eq!(list.len(), 44);
    let mut accepted = 0;
    for sample in &list {
        let index = sample["seq"]["index"].as_u64().expect("index");
        let payload = unhex(sample["payload"].as_str().expect("payload"));
        let drained = drain(&mut codec(), &payload);
        let got = outcome(&drained);
        assert_eq!(got, expected_outcome(index), "#{index}: {drained:?}");
        if got == Outcome::Accepted {
            accepted += 1;
            if let Err(why) = check(index, sample, &drained) {
                panic!("#{index}: {why}");
            }
        }
    }
    assert_eq!(accepted, 23);
}

/// What accepted sample `index` must decode to.
fn check(index: u64, sample: &Json, drained: &Drained) -> Result<(), String> {
    let skipped = drained.skipped_kinds();
    expect(
        skipped.is_empty() || (index == 12 && skipped == ["malformed"]),
        format!("skipped {skipped:?}"),
    )?;
    let device = drained.messages[0].device().map(|d| d.0.clone());
    if index == 20 {
        let [Message::Login { accept, .. }] = drained.messages.as_slice() else {
            return Err(format!("{:?}", drained.messages));
        };
        let id = id_bytes("67144025885540").expect("digits");
        expect(accept.as_ref() == Some(&encode::login_reply(&id)), "answer")?;
        return expect(device.as_deref() == Some("67144025885540"), "device");
    }
    let records: Vec<&Record> = drained
        .messages
        .iter()
        .flat_map(|m| match m {
            Message::Records { records, ack, .. } => {
                assert!(ack.is_none(), "reports are not answered");
                records.iter().collect::<Vec<_>>()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    for record in records.iter().filter(|r| r.source == FixSource::Gnss) {
        crate::test_support::plausibility(record)?;
        crate::test_support::assert_expected_fix(&format!("#{index}"), &sample["expected"], record);
    }
    let first = records[0];
    match index {
        0 => {
            expect(first.source == FixSource::None && !first.valid, "no fix")?;
            expect(raw(first, "dtcs") == Some(&text("C1E88")), "the codes")
        }
        1 => {
            expect(first.satellites == Some(11), "11 satellites")?;
            expect(named(first, &Sensor::GsmSignal) == Some(90.0), "CSQ 28")?;
            expect(
                named(first, &Sensor::OdometerM) == Some(f64::from(0x172C_582Cu32)),
                "mileage",
            )?;
            expect(first.hdop == Some(0.8) && first.altitude_m == 123.0, "HDOP")
        }
        8 | 11 => {
            let code = if index == 8 { 0x75 } else { 0x52 };
            expect(
                first.event == Some(code),
                format!("event {:?}", first.event),
            )?;
            expect(first.valid, "valid")
        }
        9 => expect(records.len() == 1 && !first.valid, "one logged, invalid"),
        12 => {
            // 1999-08-22 00:00:00, the receiver's date before its first fix.
            expect(!first.valid && first.fix_time_ms == 935_280_000_000, "time")
        }
        14 => expect(device.as_deref() == Some("00000000000000"), "ID of zeros"),
        16 => {
            expect(records.len() == 3, "three packets")?;
            expect(raw(records[1], "obd_9901").is_some(), "OBD kept raw")?;
            expect(raw(records[2], "obd_9902").is_some(), "more OBD kept raw")
        }
        22 | 23 => {
            expect(raw(first, "rfid").is_some(), "the card data kept")?;
            expect(first.valid, "valid")
        }
        21 => expect(
            (first.speed_kmh - 0.54 * 1.852).abs() < 1e-9 && first.course_deg == 2.42,
            "speed in knots, course",
        ),
        _ => expect(records.len() == 1, "one record"),
    }
}

#[test]
fn frame_samples_cut_the_packet_after_skipping_what_precedes_it() {
    let frames: Vec<Json> = crate::test_support::corpus("meiligao")
        .into_iter()
        .filter(|s| {
            s["assert"]
                .as_str()
                .unwrap_or_default()
                .starts_with("frame")
        })
        .collect();
    assert_eq!(frames.len(), 3);
    for sample in frames {
        let payload = unhex(sample["payload"].as_str().expect("hex"));
        let drained = drain(&mut codec(), &payload);
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "{drained:?}"
        );
        match sample["expected"]["frame"].as_str() {
            None => assert!(drained.messages.is_empty() && drained.skipped.len() == 1),
            Some(frame) => {
                let whole = drain(&mut codec(), &unhex(frame));
                assert_eq!(drained.messages, whole.messages);
                assert_eq!(drained.messages.len(), 1);
                let leading = payload.len() - unhex(frame).len();
                assert_eq!(drained.skipped.len(), usize::from(leading > 0));
            }
        }
    }
}

fn expect(ok: bool, what: impl Into<String>) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what.into()) }
}

fn text(value: &str) -> IoValue {
    IoValue::Text(value.to_owned())
}

fn named(record: &Record, sensor: &Sensor) -> Option<f64> {
    record.values.iter().find_map(|v| match v {
        NamedValue {
            sensor: s,
            value: Value::Number(n),
        } if s == sensor => Some(*n),
        _ => None,
    })
}

fn raw<'a>(record: &'a Record, name: &str) -> Option<&'a IoValue> {
    record
        .io
        .iter()
        .find(|e| e.key == IoKey::Name(name.to_owned()))
        .map(|e| &e.value)
}

//! Replays the device corpus's ATrack decoder samples.
//!
//! Samples are replayed per test method in `seq.index` order on one
//! codec, as one connection would deliver them. Each sample is followed
//! by a keep-alive, as a live connection goes on: a text report ends at a
//! line break followed by the next frame, and the keep-alive's echo shows
//! the stream survived whatever the sample did.
//!
//! Outcomes are counted exactly: the samples in [`SKIPPED`] are not
//! checked (each with its reason), though the stream must survive them;
//! the text report without a line break cannot be cut from a stream
//! (refused there; the UDP test decodes it); every other one is accepted
//! and checked against its assertion. Of the 32 decoder samples
//! (`tests/data/atrack.jsonl`), 28 are accepted and checked (3 of them read
//! in part), 1 is refused on a stream and 3 are skipped. Every sample a
//! datagram can attribute also goes through `AtrackDatagram` with the same
//! reply (`replies`), and the 7 frame samples are cut as expected
//! (`framing`).
//!
//! - Refused on a stream ([`UNDELIMITED`]): `testDecode` #18, a text report
//!   with no line break at its end: nothing delimits it on TCP, so it
//!   stays buffered. As a datagram it decodes.
//! - Skipped, the device's configuration decides the layout:
//!   `testDecode` #8 (dates as `YYYY MM DD hh mm ss`, "long date", and a
//!   `02 03` start) and `testDecodeBeacon` #0 (beacon values in a form set
//!   on the device; the record decodes, the beacon field stays raw).
//! - Skipped, not a frame: `testDecode` #1 starts `03 01` where a report
//!   starts `@P`.
//! - Read in part, custom codes whose binary width is not established:
//!   `testDecode` #11 (`%EO`, `%EH`, `%ZL`, `%ZO`), #16 and #17 (`%CM`,
//!   `%DT`, `%GL`, `%GN`, `%GV`, `%LC`, `%ME`, `%RL`, `%IA`, `%MP`): their
//!   first record's position is read and checked, the bytes from the
//!   unknown code on are kept raw, and the report is acknowledged. They
//!   count as accepted.
//! - `testDecodeCustom` #0 and #1 carry a form set on the device (no
//!   `%CI`): accepted, their custom values kept raw as `extra`.
//! - Text sequence numbers over 65,535 (`testDecode` #4, #5) are
//!   acknowledged with their low 16 bits, the width of the
//!   acknowledgement's field.
//! - 8 of the corpus's 17 text reports carry a CRC (and a length) that
//!   does not match their content, while every field of them parses
//!   (counted in `replies`).

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::message::{DeviceId, Message};
use crate::record::Record;

use super::super::encode::ack;
use super::super::framing::is_text;
use super::{KEEP_ALIVE, codec, is_frame_sample, payload};

/// Samples not checked, by method and index, with the reason: `testDecode`
/// #8 (dates as `YYYY MM DD hh mm ss`, "long date") and `testDecodeBeacon`
/// #0 (the record decodes, the beacon field stays raw) have a layout the
/// device's configuration decides.
pub(super) const SKIPPED: &[(&str, u64, &str)] = &[
    (
        "testDecode",
        1,
        "starts 03 01 where a report starts @P: not a frame",
    ),
    (
        "testDecode",
        8,
        "long dates and a 02 03 start: device configuration",
    ),
    (
        "testDecodeBeacon",
        0,
        "beacon layout from a form set on the device",
    ),
];

/// The text report that ends without a line break (index of `testDecode`):
/// nothing delimits it on TCP, so it stays buffered; as a datagram it
/// decodes.
pub(super) const UNDELIMITED: u64 = 18;

pub(super) fn skipped(sample: &Json) -> bool {
    SKIPPED
        .iter()
        .any(|(m, i, _)| sample["seq"]["method"] == *m && sample["seq"]["index"] == *i)
}

#[test]
fn decoder_samples_replay_in_order() {
    let mut methods: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for sample in crate::test_support::corpus("atrack") {
        if !is_frame_sample(&sample) {
            let method = sample["seq"]["method"].as_str().expect("method").to_owned();
            methods.entry(method).or_default().push(sample);
        }
    }
    let keep_alive = crate::test_support::unhex(KEEP_ALIVE);
    let (mut accepted, mut refused, mut skipped_count) = (0, 0, 0);
    let mut failures = Vec::new();
    for (method, mut list) in methods {
        list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
        let mut codec = codec();
        for sample in &list {
            let index = sample["seq"]["index"].as_u64().expect("index");
            let mut bytes = payload(sample);
            bytes.extend_from_slice(&keep_alive);
            let drained = crate::test_support::drain(&mut codec, &bytes);
            let skipped_frames = drained.skipped.len();
            let (mut messages, rest) = (drained.messages, drained.rest);
            let echo = messages.pop();
            if index == UNDELIMITED && method == "testDecode" {
                // Nothing ends it on a stream: it stays buffered, the
                // keep-alive behind it too.
                if echo.is_none() && rest.len() == bytes.len() {
                    refused += 1;
                } else {
                    failures.push(format!("#{index}: cut without a line break"));
                }
                codec = super::codec();
                continue;
            }
            if !matches!(&echo, Some(Message::Heartbeat { reply: Some(r), .. }) if r[..] == keep_alive[..])
                || !rest.is_empty()
            {
                failures.push(format!("{method} #{index}: the stream did not survive"));
                continue;
            }
            if skipped(sample) {
                skipped_count += 1;
                continue;
            }
            if skipped_frames > 0 {
                failures.push(format!("{method} #{index}: skipped"));
                continue;
            }
            match check(sample, &payload(sample), &messages) {
                Ok(()) => accepted += 1,
                Err(why) => failures.push(format!("{method} #{index}: {why}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // 32 decoder samples: 28 accepted (3 of them read in part), 1 refused
    // on a stream, 3 skipped.
    assert_eq!((accepted, refused, skipped_count), (28, 1, 3));
}

/// The unit id and sequence a report names, read straight from its bytes.
pub(super) fn unit_and_sequence(payload: &[u8]) -> (u64, u16) {
    if is_text(payload) {
        let text = String::from_utf8_lossy(payload);
        let fields: Vec<&str> = text.split(',').collect();
        let sequence: u32 = fields[3].parse().expect("sequence");
        (fields[4].parse().expect("unit"), sequence as u16)
    } else {
        let unit = u64::from_be_bytes(payload[8..16].try_into().expect("8 bytes"));
        let sequence = u16::from_be_bytes(payload[6..8].try_into().expect("2 bytes"));
        (unit, sequence)
    }
}

fn check(sample: &Json, payload: &[u8], messages: &[Message]) -> Result<(), String> {
    let [message] = messages else {
        return Err(format!("expected one message, got {messages:?}"));
    };
    if payload[0] == b'$' {
        let text = String::from_utf8_lossy(&payload[1..]).trim_end().to_owned();
        return match message {
            Message::CommandResponse {
                answers: None,
                text: t,
                ack: None,
                device,
            } if *t == text => {
                let want = text
                    .strip_prefix("INFO=")
                    .map(|r| DeviceId(r.split(',').next().unwrap_or_default().to_owned()));
                if *device == want {
                    Ok(())
                } else {
                    Err(format!("device {device:?}"))
                }
            }
            _ => Err(format!("{message:?}")),
        };
    }
    if payload[0] == 0xFE {
        return match message {
            Message::Heartbeat {
                reply: Some(r),
                device: Some(_),
            } if r[..] == payload[..] => Ok(()),
            _ => Err(format!("keep-alive not echoed: {message:?}")),
        };
    }
    let (unit, sequence) = unit_and_sequence(payload);
    if message.device() != Some(&DeviceId(unit.to_string())) {
        return Err(format!(
            "device {:?}, report names {unit}",
            message.device()
        ));
    }
    let (records, reply): (&[Record], _) = match message {
        Message::Records { records, ack, .. } => (records, ack),
        Message::Heartbeat { reply, .. } => (&[], reply),
        other => return Err(format!("{other:?}")),
    };
    if reply.as_ref() != Some(&ack(unit, sequence)) {
        return Err(format!("reply {reply:?}"));
    }
    let expected = &sample["expected"];
    match sample["assert"].as_str().expect("assert kind") {
        "null" if records.is_empty() => {}
        "positions" if !records.is_empty() => {
            if let Some(lat) = expected["lat"].as_f64() {
                let r = &records[0];
                let lon = expected["lon"].as_f64().expect("lon");
                if (r.latitude - lat).abs() > 1e-5 || (r.longitude - lon).abs() > 1e-5 {
                    return Err(format!("position {} {}", r.latitude, r.longitude));
                }
                let time = expected["time"].as_str().expect("time");
                if Some(r.fix_time_ms) != time_ms(time) {
                    return Err(format!("time {} for {time}", r.fix_time_ms));
                }
                if expected["valid"].as_bool() != Some(r.valid) {
                    return Err("validity".into());
                }
            } else {
                for r in records {
                    crate::test_support::plausibility(r)?;
                }
            }
        }
        other => return Err(format!("assert {other} not met by {message:?}")),
    }
    Ok(())
}

/// `YYYY-MM-DD hh:mm:ss.mmm` in ms since the epoch.
fn time_ms(text: &str) -> Option<i64> {
    let n: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [y, mo, d, h, mi, s, ms] = n[..] else {
        return None;
    };
    crate::datetime::utc_ms(i64::from(y), mo, d, h, mi, s).map(|t| t + i64::from(ms))
}

//! Replays the device corpus's Galileosky decoder samples.
//!
//! Samples are replayed per test method in `seq.index` order on one codec,
//! as one connection would deliver them (the head packet at index 0
//! names the device for index 1). Outcomes are counted exactly: the
//! Iridium sample is refused (it never makes a whole packet), every other
//! one is accepted and checked against its assertion. Of the 14 decoder
//! samples (`tests/data/galileo.jsonl`), 13 are accepted and checked and 1
//! refused on purpose; none is skipped.
//!
//! - Refused: `testDecodeIridium` #0 is an Iridium SBD (Direct IP)
//!   message, a satellite gateway's envelope with a big-endian length, not
//!   Galileosky's TCP framing. Read as Galileosky its length field claims
//!   19,968 bytes, so the codec waits for more data (and a frame limit
//!   under that refuses it).
//! - Decoder samples #4 and #5 are command answers: they come out as
//!   `Message::CommandResponse` with the answer text, where the corpus
//!   source reports them as positions without a fix.
//!
//! The 3 frame samples are replayed in `framing`: 2 cut as expected, and
//! frame sample #0, Iridium SBD too, refused on purpose.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::message::{DeviceId, Message};
use crate::record::Record;

use super::super::encode::confirm;
use super::{codec, decode_all, is_frame_sample, unhex};

#[test]
fn decoder_samples_replay_in_order() {
    let mut methods: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for sample in crate::test_support::corpus("galileo") {
        if !is_frame_sample(&sample) {
            let method = sample["seq"]["method"].as_str().expect("method").to_owned();
            methods.entry(method).or_default().push(sample);
        }
    }
    let (mut accepted, mut refused) = (0, 0);
    let mut failures = Vec::new();
    for (method, mut list) in methods {
        list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
        let mut codec = codec();
        for sample in &list {
            let index = sample["seq"]["index"].as_u64().expect("index");
            let payload = unhex(sample["payload"].as_str().expect("payload"));
            let result = decode_all(&mut codec, &payload);
            if method == "testDecodeIridium" {
                match result {
                    Ok((messages, rest)) if messages.is_empty() && rest.len() == payload.len() => {
                        refused += 1;
                    }
                    other => failures.push(format!("Iridium: expected to wait, got {other:?}")),
                }
                continue;
            }
            let outcome = match result {
                Ok((messages, rest)) if rest.is_empty() => check(sample, &payload, &messages),
                Ok((_, rest)) => Err(format!("{} bytes left over", rest.len())),
                Err(e) => Err(format!("refused: {e}")),
            };
            match outcome {
                Ok(()) => accepted += 1,
                Err(why) => failures.push(format!("{method} #{index}: {why}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // 14 decoder samples: 13 accepted, the Iridium one refused.
    assert_eq!((accepted, refused), (13, 1));
}

/// The IMEI a packet's tag `03` names, found by its position after the
/// header and length (head packets start with it or with tags 01, 02).
fn named_imei(payload: &[u8]) -> Option<String> {
    let data = &payload[3..];
    let at = match data.first()? {
        0x03 => 1,
        0x01 if data.get(4) == Some(&0x03) => 5,
        _ => return None,
    };
    Some(String::from_utf8_lossy(data.get(at..at + 15)?).into_owned())
}

fn check(sample: &Json, payload: &[u8], messages: &[Message]) -> Result<(), String> {
    let [message] = messages else {
        return Err(format!("expected one message, got {messages:?}"));
    };
    let crc = [payload[payload.len() - 2], payload[payload.len() - 1]];
    let photo = payload[0] == 0x07;
    let reply = match message {
        Message::Records { ack, .. } | Message::CommandResponse { ack, .. } => ack,
        Message::Login { accept, .. } => accept,
        Message::Heartbeat { reply, .. } => reply,
    };
    let expected = confirm(if photo { 0x07 } else { 0x02 }, crc);
    if reply.as_ref() != Some(&expected) {
        return Err(format!("reply {reply:?}, expected {expected:?}"));
    }
    if let Some(imei) = named_imei(payload)
        && message.device() != Some(&DeviceId(imei.clone()))
    {
        return Err(format!(
            "device {:?}, packet names {imei}",
            message.device()
        ));
    }
    let records: &[Record] = match message {
        Message::Records { records, .. } => records,
        _ => &[],
    };
    match sample["assert"].as_str().expect("assert kind") {
        "null" => match message {
            Message::Login { .. } if !photo => {}
            Message::Heartbeat { .. } if photo => {}
            _ => return Err(format!("{message:?}")),
        },
        "positions" if sample["expected"]["check_location"] == false => match message {
            Message::CommandResponse { text, .. } if !text.is_empty() => {}
            _ => return Err(format!("expected a command answer, got {message:?}")),
        },
        "positions" => {
            if records.is_empty() {
                return Err(format!("no records in {message:?}"));
            }
            for r in records {
                crate::test_support::plausibility(r)?;
                if r.satellites.is_none() || !r.valid {
                    return Err(format!("no valid fix in {r:?}"));
                }
            }
        }
        other => return Err(format!("unhandled assert kind {other}")),
    }
    Ok(())
}

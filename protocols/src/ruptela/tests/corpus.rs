//! Replays the device corpus's Ruptela samples.
//!
//! All samples belong to one test method and are replayed in `seq.index`
//! order on one codec, as one connection would deliver them. A refused
//! sample ends that connection, so the replay goes on with a fresh codec,
//! as the reconnecting device would.
//!
//! Outcomes are counted exactly: samples failing their own length and CRC
//! check (`integrity.ok == false`) are refused; every other one is
//! accepted and checked against its assertion. Of the 16 decoder samples
//! (`tests/data/ruptela.jsonl`), 14 are accepted and checked and 2 refused
//! on purpose; none is skipped.
//!
//! The refused ones, #6 (a text answer) and #8 (DTCs), carry a length field
//! that does not describe them (17 and 11 where the payload is 36 and 48
//! bytes), so the CRC over the bytes the length names fails. On a real
//! stream the rest of such a packet would be read as the next header.
//! With the length field repaired both CRCs hold and both decode (tested
//! in `framing`).

use serde_json::Value as Json;

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};

use super::super::encode::ack;
use super::{codec, decode_all, unhex};

#[test]
fn decoder_samples_replay_in_order() {
    let mut list = crate::test_support::corpus("ruptela");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    let mut codec = codec();
    let (mut accepted, mut refused) = (0, 0);
    let mut failures = Vec::new();
    for sample in &list {
        let index = sample["seq"]["index"].as_u64().expect("index");
        let payload = unhex(sample["payload"].as_str().expect("payload"));
        let result = decode_all(&mut codec, &payload);
        if sample["integrity"]["ok"] == false {
            match result {
                Err(DecodeError::Checksum { .. }) => refused += 1,
                other => failures.push(format!("#{index}: expected a refusal, got {other:?}")),
            }
            codec = super::codec();
            continue;
        }
        let outcome = match result {
            Ok((messages, rest)) if rest.is_empty() => check(sample, &payload, &messages),
            Ok((_, rest)) => Err(format!("{} bytes left over", rest.len())),
            Err(e) => Err(format!("refused: {e}")),
        };
        match outcome {
            Ok(()) => accepted += 1,
            Err(why) => failures.push(format!("#{index}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // 16 decoder samples: 14 accepted, 2 with a wrong length field refused.
    assert_eq!((accepted, refused), (14, 2));
}

fn check(sample: &Json, payload: &[u8], messages: &[Message]) -> Result<(), String> {
    let [message] = messages else {
        return Err(format!("expected one message, got {messages:?}"));
    };
    let imei = u64::from_be_bytes(payload[2..10].try_into().expect("8 bytes"));
    if message.device() != Some(&DeviceId(imei.to_string())) {
        return Err(format!(
            "device {:?}, packet names {imei}",
            message.device()
        ));
    }
    let command = payload[10];
    let records: &[Record] = match message {
        Message::Records {
            records, ack: a, ..
        } => {
            if a.as_ref() != Some(&ack(command)) {
                return Err(format!("records acknowledged with {a:?}"));
            }
            records
        }
        _ => &[],
    };
    match sample["assert"].as_str().expect("assert kind") {
        "null" => match (command, message) {
            (15, Message::Login { accept, .. }) if accept.as_ref() == Some(&ack(15)) => {}
            (37, Message::Heartbeat { reply: None, .. }) => {}
            _ => return Err(format!("command {command}: {message:?}")),
        },
        "positions" => {
            if records.is_empty() {
                return Err(format!("no records in {message:?}"));
            }
            for r in records {
                crate::test_support::plausibility(r)?;
                if r.io.is_empty() {
                    return Err("a record without its priority element".into());
                }
            }
            if sample["expected"]["check_location"] == false
                && !records.iter().all(|r| r.source == FixSource::None)
            {
                return Err("the no-fix marker was read as a location".into());
            }
        }
        "attributes" => match message {
            Message::CommandResponse {
                text, ack: None, ..
            } if text.as_bytes() == &payload[11..payload.len() - 2] && !text.is_empty() => {}
            _ => return Err(format!("expected the text answer, got {message:?}")),
        },
        "attribute" => {
            let attr = &sample["expected"]["attribute"];
            if attr["key"] != "driverUniqueId" {
                return Err(format!("no check written for {attr}"));
            }
            let want = Value::Text(attr["value"].as_str().expect("text").to_owned());
            let key = Sensor::State("hardware_key".into());
            let found = records
                .iter()
                .flat_map(|r| &r.values)
                .any(|v| v.sensor == key && v.value == want);
            if !found {
                return Err(format!("{want:?} not found in {records:?}"));
            }
        }
        other => return Err(format!("unhandled assert kind {other}")),
    }
    Ok(())
}

//! Replays the device corpus's Eelink samples.
//!
//! All samples belong to one test method, replayed in `seq.index` order:
//! `EL` samples through the datagram codec, the rest through one stream
//! codec, as one device would deliver them. The corpus shares one decoder
//! (and so one identity) across both transports; here the transports are
//! apart, so after each `EL` sample the stream codec receives a login
//! packet (built by the encoder) for the envelope's IMEI, as the device's
//! own TCP login would name it. Without that, TCP samples #1, #2 and
//! #5–#11, which precede the corpus's first TCP login, would be dropped as
//! packets before login (tested in `framing`).
//!
//! Of the 36 decoder samples (`tests/data/eelink.jsonl`), all are accepted
//! and checked, none refused or skipped. The four `EL` samples (#0, #3, #4,
//! #12) go through the datagram codec, the rest through the stream codec.

use serde_json::Value as Json;

use crate::codec::DatagramCodec;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};

use super::super::decode::imei;
use super::super::encode::encode_login;
use super::{codec, datagram, decode_all, unhex};

#[test]
fn decoder_samples_replay_in_order() {
    let mut list = crate::test_support::corpus("eelink");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    let mut stream = codec();
    let udp = datagram();
    let mut failures = Vec::new();
    let (mut accepted, mut over_udp) = (0, 0);
    for sample in &list {
        let index = sample["seq"]["index"].as_u64().expect("index");
        let payload = unhex(sample["payload"].as_str().expect("payload"));
        let outcome = if payload.starts_with(b"EL") {
            over_udp += 1;
            replay_datagram(&udp, &payload).and_then(|(device, messages)| {
                let (login, rest) = decode_all(&mut stream, &encode_login(device.as_str(), 1));
                assert!(rest.is_empty() && matches!(login.as_slice(), [Message::Login { .. }]));
                check(sample, &messages)
            })
        } else {
            let drained = crate::test_support::drain(&mut stream, &payload);
            let (messages, rest) = (drained.messages, drained.rest);
            if !rest.is_empty() || !drained.skipped.is_empty() || drained.closed.is_some() {
                Err(format!("dropped, or {} bytes left over", rest.len()))
            } else if stream.device().is_none() {
                Err("no device after the packet".into())
            } else {
                check(sample, &messages)
            }
        };
        match outcome {
            Ok(()) => accepted += 1,
            Err(why) => failures.push(format!("#{index}: {why}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 36 decoder samples, 4 of them UDP: every one accepted and checked.
    assert_eq!((accepted, over_udp), (36, 4));
}

/// Decodes a datagram; every message must name the envelope's device.
fn replay_datagram(
    udp: &impl DatagramCodec,
    payload: &[u8],
) -> Result<(DeviceId, Vec<Message>), String> {
    let device = imei(&payload[6..14]).map_err(|e| e.to_string())?;
    let messages = udp.decode_datagram(payload).map_err(|e| e.to_string())?;
    if messages.iter().any(|m| m.device() != Some(&device)) {
        return Err(format!("a message does not name {device}: {messages:?}"));
    }
    Ok((device, messages))
}

fn records(messages: &[Message]) -> Vec<&Record> {
    messages
        .iter()
        .flat_map(|m| match m {
            Message::Records { records, .. } => records.iter().collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn check(sample: &Json, messages: &[Message]) -> Result<(), String> {
    let expected = &sample["expected"];
    let records = records(messages);
    if messages.is_empty() {
        return Err("no message".into());
    }
    match sample["assert"].as_str().expect("assert kind") {
        "null" => {
            if !records.is_empty() {
                return Err(format!("expected no records, got {records:?}"));
            }
            if !messages.iter().all(|m| matches!(m, Message::Login { .. })) {
                return Err(format!("expected a login, got {messages:?}"));
            }
        }
        kind @ ("position" | "positions") => {
            if records.is_empty() || (kind == "position" && records.len() != 1) {
                return Err(format!("{} records for {kind}", records.len()));
            }
            if expected["check_location"] != false {
                for r in &records {
                    if r.source != FixSource::Gnss {
                        return Err(format!("no GNSS location: {r:?}"));
                    }
                    crate::test_support::plausibility(r)?;
                }
            }
        }
        "attributes" => {
            if records.len() != 1 || records[0].io.is_empty() {
                return Err(format!("expected one record with I/O, got {records:?}"));
            }
        }
        "attribute" => return attribute(&expected["attribute"], &records),
        other => return Err(format!("unhandled assert kind {other}")),
    }
    Ok(())
}

fn value<'a>(records: &[&'a Record], sensor: &Sensor) -> Option<&'a Value> {
    records
        .iter()
        .flat_map(|r| r.values.iter())
        .find(|v| &v.sensor == sensor)
        .map(|v| &v.value)
}

fn attribute(attr: &Json, records: &[&Record]) -> Result<(), String> {
    let key = attr["key"].as_str().expect("key");
    let want = &attr["value"];
    let found = match key {
        // The corpus's alarm names are ours for the codes it holds.
        "alarm" => {
            value(records, &Sensor::Alarm) == want.as_str().map(|s| Value::Text(s.into())).as_ref()
        }
        "ignition" => value(records, &Sensor::Ignition) == Some(&Value::Bool(want == true)),
        "temp2" => matches!(
            value(records, &Sensor::Input("ext_temp_sensor_2".into())),
            Some(Value::Number(n)) if (n - want.as_f64().expect("degrees")).abs() < 1e-9
        ),
        other => return Err(format!("no check written for attribute {other}")),
    };
    if found {
        Ok(())
    } else {
        Err(format!("{key} = {want} not found in {records:?}"))
    }
}

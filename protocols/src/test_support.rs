//! What every protocol's tests share: the corpus copy, the plausibility
//! check decoded records must pass, corpus mutation for property tests,
//! and encoding a command for one device.

use std::time::{SystemTime, UNIX_EPOCH};

use proptest::sample::Index;
use serde_json::Value as Json;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Transport};
use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target};
use crate::message::DeviceId;
use crate::message::Message;
use crate::record::Record;

/// Every sample of `protocols/tests/data/<protocol>.jsonl`, in file order.
pub(crate) fn corpus(protocol: &str) -> Vec<Json> {
    let path = format!("{}/tests/data/{protocol}.jsonl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

/// The bytes hex `text` spells; panics on anything else (test data is wrong).
pub(crate) fn unhex(text: &str) -> Vec<u8> {
    crate::hex::decode(text).unwrap_or_else(|| panic!("not hex: {text}"))
}

/// The bounds every decoded location must keep (those of the corpus's
/// source tests, with its 869-knot speed limit in km/h).
pub(crate) fn plausibility(r: &Record) -> Result<(), String> {
    const Y1999_MS: i64 = 915_148_800_000;
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64;
    let checks = [
        (
            "fix time",
            (Y1999_MS..=now_ms + 25 * 3_600_000).contains(&r.fix_time_ms),
        ),
        ("latitude", (-90.0..=90.0).contains(&r.latitude)),
        ("longitude", (-180.0..=180.0).contains(&r.longitude)),
        ("altitude", (-12262.0..=18000.0).contains(&r.altitude_m)),
        ("speed", (0.0..=1609.0).contains(&r.speed_kmh)),
        ("course", (0.0..=360.0).contains(&r.course_deg)),
    ];
    match checks.iter().find(|(_, ok)| !ok) {
        Some((what, _)) => Err(format!("implausible {what}: {r:?}")),
        None => Ok(()),
    }
}

/// The corpus's `YYYY-MM-DD HH:MM:SS[.mmm]` UTC time, in ms (whole seconds).
pub(crate) fn corpus_time(text: &str) -> i64 {
    let n = |range: std::ops::Range<usize>| {
        text.get(range)
            .and_then(|digits| digits.parse::<u32>().ok())
            .unwrap_or_else(|| panic!("corpus time {text:?}"))
    };
    crate::datetime::utc_ms(
        i64::from(n(0..4)),
        n(5..7),
        n(8..10),
        n(11..13),
        n(14..16),
        n(17..19),
    )
    .unwrap_or_else(|| panic!("corpus time {text:?}"))
}

/// Checks `record` against a position sample's `expected` when it gives an
/// exact fix: its time, validity, and coordinates within 1e-5 degrees.
pub(crate) fn assert_expected_fix(name: &str, expected: &Json, record: &Record) {
    let Some(time) = expected["time"].as_str() else {
        return;
    };
    assert_eq!(record.fix_time_ms, corpus_time(time), "{name}: time");
    assert_eq!(
        Some(record.valid),
        expected["valid"].as_bool(),
        "{name}: valid"
    );
    let lat = expected["lat"].as_f64().expect("lat");
    let lon = expected["lon"].as_f64().expect("lon");
    assert!((record.latitude - lat).abs() < 1e-5, "{name}: {record:?}");
    assert!((record.longitude - lon).abs() < 1e-5, "{name}: {record:?}");
}

/// Panics unless `r` is plausible.
pub(crate) fn assert_plausible(r: &Record) {
    if let Err(why) = plausibility(r) {
        panic!("{why}");
    }
}

/// One corpus frame, picked, overwritten at a few places and cut short, as
/// the property tests feed codecs.
pub(crate) fn mutate(
    frames: &[Vec<u8>],
    pick: Index,
    edits: Vec<(Index, u8)>,
    cut: Index,
) -> Vec<u8> {
    let mut frame = frames[pick.index(frames.len())].clone();
    if !frame.is_empty() {
        for (at, byte) in edits {
            let i = at.index(frame.len());
            frame[i] = byte;
        }
    }
    frame.truncate(cut.index(frame.len() + 1));
    frame
}

/// Every sample of every protocol's corpus as bytes, read once: binary
/// samples decoded from hex, text samples as their ISO-8859-1 bytes and then
/// again with the CR LF the corpus strips, HTTP samples as URI and body.
pub(crate) fn wire_samples(protocol: crate::spec::Protocol) -> &'static [Vec<u8>] {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static ALL: OnceLock<HashMap<&'static str, Vec<Vec<u8>>>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        crate::catalogue::ALL
            .iter()
            .map(|p| {
                let mut frames = Vec::new();
                for sample in corpus(p.name()) {
                    let payload = sample["payload"].as_str().unwrap_or_default();
                    match sample["kind"].as_str() {
                        Some("binary") => frames.extend(crate::hex::decode(payload)),
                        Some("http") => {
                            let uri = sample["http"]["uri"].as_str().unwrap_or_default();
                            let body = sample["http"]["body"].as_str().unwrap_or_default();
                            frames.push(format!("{uri}{body}").into_bytes());
                        }
                        _ => {
                            let bytes: Vec<u8> = payload.chars().map(|c| c as u32 as u8).collect();
                            frames.push([&bytes[..], b"\r\n"].concat());
                            frames.push(bytes);
                        }
                    }
                }
                (p.name(), frames)
            })
            .collect()
    });
    &all[protocol.name()]
}

/// The bytes of every binary (hex) sample of `protocol`'s corpus.
pub(crate) fn binary_payloads(protocol: &str) -> Vec<Vec<u8>> {
    corpus(protocol)
        .iter()
        .filter(|sample| sample["kind"] == "binary")
        .filter_map(|sample| crate::hex::decode(sample["payload"].as_str()?))
        .collect()
}

/// `command` as `encoder` encodes it for `device`, numbered `serial`, over
/// `transport`.
pub(crate) fn encode_command(
    encoder: &dyn CommandEncoder,
    command: &Command,
    device: &str,
    serial: u16,
    transport: Transport,
) -> Result<Encoded, CommandError> {
    let device = DeviceId(device.into());
    encoder.encode(
        command,
        &Target {
            device: &device,
            serial,
            transport,
        },
    )
}

/// What a codec made of a stream, read the way a session reads it: skipped
/// frames are noted and reading goes on; an error that ends the stream
/// stops it.
#[derive(Debug, Default)]
pub(crate) struct Drained {
    /// The messages decoded, in order.
    pub messages: Vec<Message>,
    /// The frames skipped, in order (each a [`DecodeError::Skipped`]).
    pub skipped: Vec<DecodeError>,
    /// The error that would close the connection, if one came.
    pub closed: Option<DecodeError>,
    /// Bytes left unconsumed.
    pub rest: BytesMut,
}

impl Drained {
    /// The kinds of the skipped frames' causes, in order.
    pub fn skipped_kinds(&self) -> Vec<&'static str> {
        self.skipped.iter().map(DecodeError::kind).collect()
    }
}

/// Decodes all of `bytes` with `codec` as a session would.
pub(crate) fn drain(codec: &mut dyn DeviceCodec, bytes: &[u8]) -> Drained {
    let mut drained = Drained {
        rest: BytesMut::from(bytes),
        ..Drained::default()
    };
    loop {
        match codec.decode(&mut drained.rest) {
            Ok(Some(message)) => drained.messages.push(message),
            Ok(None) => return drained,
            Err(error) if error.can_resume() => drained.skipped.push(error),
            Err(error) => {
                drained.closed = Some(error);
                return drained;
            }
        }
    }
}

/// The cause of a frame the codec skipped; panics unless the error says
/// the stream goes on.
pub(crate) fn skipped_cause(error: DecodeError) -> DecodeError {
    assert!(
        error.can_resume(),
        "expected a skipped frame, got {error:?}"
    );
    error.into_cause()
}

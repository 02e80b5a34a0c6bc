//! The device-message corpus, as frames a decoder can be timed on.
//!
//! Each protocol's samples live in `protocols/tests/data/<name>.jsonl`, one
//! JSON object a line: `kind` is `binary` (the `payload` is hex) or `text`
//! (the payload is the exact text). Only samples the codec decodes whole are
//! worth timing: those with a wrong CRC or length are rejected on purpose by
//! the codec's own tests. Most frames need the connection to have identified
//! first (records without a device cannot be stored), so each frame is
//! paired with the login, if any, that must precede it.

use std::path::PathBuf;

use bytes::BytesMut;
use serde_json::Value;
use trackgate_protocols::{Limits, Message, Protocol};

/// One corpus frame the codec decodes whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// `method#index` from the corpus, for the benchmark's name.
    pub name: String,
    /// The frame's bytes.
    pub bytes: Vec<u8>,
    /// A login frame to decode first on a fresh codec, if the frame needs one.
    pub login: Option<Vec<u8>>,
}

/// Why the corpus could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The file is missing or unreadable.
    #[error("reading {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not a corpus sample.
    #[error("line {line}: {why}")]
    Line {
        /// One-based line number.
        line: usize,
        /// What was wrong.
        why: String,
    },
}

/// Where `protocol`'s corpus is, in this source tree.
pub fn path(protocol: Protocol) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../protocols/tests/data")
        .join(format!("{}.jsonl", protocol.name()))
}

/// Every sample of `text` (JSON lines) as `(name, bytes)`, disabled ones left out.
pub fn samples(text: &str) -> Result<Vec<(String, Vec<u8>)>, CorpusError> {
    let mut out = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let bad = |why: &str| CorpusError::Line {
            line: i + 1,
            why: why.to_owned(),
        };
        let v: Value = serde_json::from_str(line).map_err(|e| bad(&e.to_string()))?;
        if v["disabled"] == true {
            continue;
        }
        let payload = v["payload"].as_str().ok_or_else(|| bad("no payload"))?;
        let bytes = match v["kind"].as_str() {
            Some("binary") => unhex(payload).ok_or_else(|| bad("payload is not hex"))?,
            Some("text") => text_bytes(payload),
            _ => return Err(bad("kind is neither binary nor text")),
        };
        let name = format!(
            "{}#{}",
            v["seq"]["method"].as_str().unwrap_or("sample"),
            v["seq"]["index"]
        );
        out.push((name, bytes));
    }
    Ok(out)
}

/// A text sample's bytes: the corpus writes each byte of a frame as the
/// character of the same number (binary type bytes in text protocols,
/// such as TK102's `F0`, are characters above 127), so a text of such
/// characters only is read back byte for byte; any other text is UTF-8.
fn text_bytes(payload: &str) -> Vec<u8> {
    if payload.chars().all(|c| u32::from(c) <= 0xFF) {
        payload.chars().map(|c| u32::from(c) as u8).collect()
    } else {
        payload.as_bytes().to_vec()
    }
}

/// The frames of `protocol`'s corpus its stream codec decodes whole.
pub fn frames(protocol: Protocol) -> Result<Vec<Frame>, CorpusError> {
    let path = path(protocol);
    let text =
        std::fs::read_to_string(&path).map_err(|source| CorpusError::Read { path, source })?;
    Ok(decodable(protocol, samples(&text)?))
}

/// The samples `protocol` decodes whole, each with the login it needs;
/// duplicates (same bytes) are kept once.
pub fn decodable(protocol: Protocol, samples: Vec<(String, Vec<u8>)>) -> Vec<Frame> {
    let login = samples
        .iter()
        .flat_map(|(_, b)| wire_forms(b))
        .find(|b| matches!(decode_once(protocol, None, b), Some(Message::Login { .. })));
    let mut frames: Vec<Frame> = Vec::new();
    for (name, raw) in samples {
        let candidates = wire_forms(&raw);
        let decodes =
            |bytes: &[u8], login: Option<&[u8]>| decode_once(protocol, login, bytes).is_some();
        let found = candidates.iter().find_map(|bytes| {
            if decodes(bytes, None) {
                Some((bytes.clone(), None))
            } else if login.is_some() && decodes(bytes, login.as_deref()) {
                Some((bytes.clone(), login.clone()))
            } else {
                None
            }
        });
        let Some((bytes, needs)) = found else {
            continue;
        };
        if frames.iter().any(|f| f.bytes == bytes) {
            continue;
        }
        frames.push(Frame {
            name,
            bytes,
            login: needs,
        });
    }
    frames
}

/// A sample as stored, then with each end the corpus strips from text
/// samples: CR LF (line protocols), CR (Suntech), `)` (Topflytech,
/// Pretrace), `#` (Gotop), `!` (GlobalSat), `;` (MiniFinder) or `##`
/// (Xirgo); and with a 2-byte length that counts itself in front, as the
/// corpus's datagrams travel over TCP (Skypatrol).
fn wire_forms(raw: &[u8]) -> [Vec<u8>; 9] {
    let ended = |end: &[u8]| [raw, end].concat();
    let prefixed = u16::try_from(raw.len() + 2)
        .map(|len| [&len.to_be_bytes()[..], raw].concat())
        .unwrap_or_default();
    [
        raw.to_vec(),
        ended(b"\r\n"),
        ended(b"\r"),
        ended(b")"),
        ended(b"#"),
        ended(b"!"),
        ended(b";"),
        ended(b"##"),
        prefixed,
    ]
}

/// Decodes `frame` on a fresh codec (after `login`, if given); the message,
/// if the frame decodes whole with nothing left over.
pub fn decode_once(protocol: Protocol, login: Option<&[u8]>, frame: &[u8]) -> Option<Message> {
    let mut codec = protocol.stream_codec(Limits::default())?;
    if let Some(login) = login {
        let mut buf = BytesMut::from(login);
        codec.decode(&mut buf).ok()??;
    }
    let mut buf = BytesMut::from(frame);
    let message = codec.decode(&mut buf).ok()??;
    buf.is_empty().then_some(message)
}

/// Bytes from hex text (either case, surrounding space ignored), or
/// `None` if it is not hex.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    trackgate_protocols::hex::decode(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use trackgate_protocols::Transport;

    #[test]
    fn unhex_reads_both_cases_and_refuses_junk() {
        assert_eq!(unhex("00fF1a"), Some(vec![0, 255, 26]));
        assert_eq!(unhex(""), Some(vec![]));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn samples_read_binary_and_text_and_skip_disabled() {
        let text = r#"{"kind":"binary","payload":"0102","seq":{"method":"m","index":0}}
{"kind":"text","payload":"$GPRMC,1*00\r\n","seq":{"method":"m","index":1}}

{"kind":"binary","payload":"03","disabled":true,"seq":{"method":"m","index":2}}
"#;
        let s = samples(text).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0], ("m#0".to_owned(), vec![1, 2]));
        assert_eq!(s[1].1, b"$GPRMC,1*00\r\n".to_vec());
        // A character above 127 is the byte of that number, as the corpus
        // writes binary type bytes in text protocols.
        let typed = samples(r#"{"kind":"text","payload":"[\u00f0]"}"#).unwrap();
        assert_eq!(typed[0].1, vec![b'[', 0xF0, b']']);
        assert!(matches!(
            samples(r#"{"kind":"binary","payload":"0"}"#),
            Err(CorpusError::Line { line: 1, .. })
        ));
    }

    #[test]
    fn every_protocol_has_frames_that_decode() {
        let streamed = trackgate_protocols::catalogue::ALL
            .iter()
            .filter(|p| p.serves(Transport::Tcp));
        let mut short = Vec::new();
        for &protocol in streamed {
            let frames = frames(protocol).unwrap();
            // A few protocols have only one or two corpus samples.
            let samples = samples(&std::fs::read_to_string(path(protocol)).unwrap())
                .unwrap()
                .len();
            if frames.len() < samples.min(10) / 2 || frames.is_empty() {
                short.push(format!(
                    "{}: {} frames of {samples} samples",
                    protocol.name(),
                    frames.len()
                ));
            }
            for f in &frames {
                assert!(
                    decode_once(protocol, f.login.as_deref(), &f.bytes).is_some(),
                    "{}",
                    f.name
                );
            }
        }
        assert!(short.is_empty(), "{}", short.join("\n"));
        // Teltonika's AVL data needs the IMEI first; the IMEI packet itself
        // does not. (Protocols whose every frame names its device need none.)
        let teltonika = frames(trackgate_protocols::teltonika::PROTOCOL).unwrap();
        assert!(teltonika.iter().any(|f| f.login.is_some()));
        assert!(teltonika.iter().any(|f| f.login.is_none()));
    }

    #[test]
    fn corrupt_samples_are_left_out() {
        let frames = frames(trackgate_protocols::teltonika::PROTOCOL).unwrap();
        let mut bad = frames
            .iter()
            .find(|f| f.login.is_some())
            .unwrap()
            .bytes
            .clone();
        let last = bad.len() - 1;
        bad[last] ^= 0xFF;
        let kept = decodable(
            trackgate_protocols::teltonika::PROTOCOL,
            vec![
                (
                    "login".into(),
                    unhex("000f313233343536373839303132333435").unwrap(),
                ),
                ("bad".into(), bad),
            ],
        );
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].name, "login");
    }
}

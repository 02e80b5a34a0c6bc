//! The answers Laipac devices expect, and sentences for tests.

use bytes::Bytes;

use super::framing::sentence;

/// The device password `$AVCFG` answers carry: the factory default.
pub const DEFAULT_PASSWORD: &str = "00000000";

/// The confirmation of a report whose status letter is lower case:
/// `$EAVACK,<event>,<the report's checksum>*XX` and CR LF.
pub fn eavack(event: &str, checksum: &str) -> Bytes {
    sentence(&format!("EAVACK,{event},{checksum}"))
}

/// The configuration answer an event asks for, if it asks for one:
/// events `3`, `M`, `S`/`T`, `X`/`4`, `Y`, `Z` are answered
/// `$AVCFG,<password>,<d / m / t / x / y / z>*XX` and CR LF.
pub fn avcfg(event: &str) -> Option<Bytes> {
    let letter = match event {
        "3" => 'd',
        "M" => 'm',
        "S" | "T" => 't',
        "X" | "4" => 'x',
        "Y" => 'y',
        "Z" => 'z',
        _ => return None,
    };
    Some(sentence(&format!("AVCFG,{DEFAULT_PASSWORD},{letter}")))
}

/// The answer to `$ECHK`: the sentence itself, with CR LF.
pub fn echk(line: &[u8]) -> Bytes {
    Bytes::from([line, b"\r\n"].concat())
}

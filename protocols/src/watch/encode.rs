//! 3G watch replies, and frames a simulator could send.

use bytes::Bytes;

use super::framing::{Header, STUFFING};

/// A frame from the server to the device: the device's maker and id, the
/// index for the numbered variant, the content length as 4 hex digits.
pub fn frame(header: &Header, content: &str) -> Bytes {
    let index = header
        .index
        .as_deref()
        .map_or(String::new(), |i| format!("{i}*"));
    format!(
        "[{}*{}*{index}{:04X}*{content}]",
        header.maker,
        header.id,
        content.len()
    )
    .into_bytes()
    .into()
}

/// The reply a message of type `kind` expects, if any: `LK` → `LK`,
/// `INIT` → `INIT,1`, any `AL…` → `AL`, `TKQ` / `TKQ2` echoed.
pub fn reply(header: &Header, kind: &str) -> Option<Bytes> {
    let content = match kind {
        "LK" => "LK",
        "INIT" => "INIT,1",
        "TKQ" => "TKQ",
        "TKQ2" => "TKQ2",
        k if k.starts_with("AL") => "AL",
        _ => return None,
    };
    Some(frame(header, content))
}

/// A device frame whose content is `text` followed by stuffed `binary`
/// (voice messages: `TK,` + AMR audio).
pub fn binary_frame(header: &Header, text: &str, binary: &[u8]) -> Bytes {
    let mut out = format!(
        "[{}*{}*{}{:04X}*{text}",
        header.maker,
        header.id,
        header
            .index
            .as_deref()
            .map_or(String::new(), |i| format!("{i}*")),
        text.len() + binary.len()
    )
    .into_bytes();
    out.extend_from_slice(&STUFFING.escape(binary));
    out.push(b']');
    out.into()
}

/// A `UD` position content for a record (no network part), as a device
/// would send it.
pub fn position_content(record: &crate::record::Record) -> String {
    let (y, mo, d, h, mi, s) = crate::fix::civil(record.fix_time_ms);
    format!(
        "UD,{d:02}{mo:02}{:02},{h:02}{mi:02}{s:02},{},{:.6},{},{:.6},{},{:.2},{:.1},{:.1},{},100,100,0,0,00000000",
        y.rem_euclid(100),
        if record.valid { 'A' } else { 'V' },
        record.latitude.abs(),
        if record.latitude < 0.0 { 'S' } else { 'N' },
        record.longitude.abs(),
        if record.longitude < 0.0 { 'W' } else { 'E' },
        record.speed_kmh,
        record.course_deg,
        record.altitude_m,
        record.satellites.unwrap_or(0),
    )
}

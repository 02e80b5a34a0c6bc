//! What a PT502 line means.
//!
//! `$<TYPE>,<id>,<hhmmss.sss>,<A|V>,<DDMM.MMMM>,<N|S>,<DDDMM.MMMM>,<E|W>,
//! <knots>,<course>,<ddmmyy>,…/<I/O and readings>` ([`super::io`]): the
//! fields of an NMEA `RMC` sentence with the device id after the type,
//! read by [`crate::nmea::fields`]; no checksum.
//!
//! | line | becomes |
//! |---|---|
//! | `$POS` and every other type with those fields (`$PHO<size>[-<n>]` photo taken, `$HDA`, `$HDB`, `$DFR`, `$FDA`, `$CPA`…) | one record, the type kept raw (`type`); `$CPA` is a `power_cut` alarm |
//! | `$FUS<id>,<firmware>…` | one location-less record dated on arrival, the firmware kept raw |
//! | `$PHD…` photo data | unsupported: photos are not stored |

use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// Decodes one line (without its end); `now_ms` dates location-less
/// records.
pub fn line(bytes: &[u8], now_ms: i64) -> Result<(DeviceId, Record), DecodeError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| DecodeError::malformed("a line is ASCII text"))?;
    let text = text.trim_end_matches('#');
    let body = text
        .strip_prefix('$')
        .ok_or_else(|| DecodeError::malformed("a line starts with $"))?;
    if body.starts_with("PHD") {
        return Err(DecodeError::Unsupported("photo data: not stored".into()));
    }
    if let Some(rest) = body.strip_prefix("FUS") {
        let (id, firmware) = rest.split_once(',').unwrap_or((rest, ""));
        let mut record = Record::at(now_ms, 0.0, 0.0);
        record.valid = false;
        record.source = FixSource::None;
        record.io.push(text_io("firmware", firmware));
        return Ok((device(id)?, record));
    }
    let (head, tail) = body.split_once('/').unwrap_or((body, ""));
    let f: Vec<&str> = head.split(',').collect();
    let kind = f[0];
    if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(DecodeError::malformed(format!("type {kind:?}")));
    }
    let id = device(f.get(1).copied().unwrap_or_default())?;
    let mut record = crate::nmea::fields(&f[1..])?;
    record.io.push(text_io("type", kind));
    if kind == "CPA" {
        record.values.push(NamedValue::new(
            Sensor::Alarm,
            Value::Text("power_cut".into()),
        ));
    }
    super::io::tail(&mut record, tail);
    Ok((id, record))
}

/// A device id: 1 to 20 ASCII digits.
fn device(id: &str) -> Result<DeviceId, DecodeError> {
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("device id {id:?}")));
    }
    Ok(DeviceId(id.to_owned()))
}

pub(super) fn text_io(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}

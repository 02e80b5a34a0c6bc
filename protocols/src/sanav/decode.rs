//! What a Sanav message means.
//!
//! `imei=<id>&rmc=<sentence>,<fields…>` (or `imei:<id>rmc:<sentence>…`,
//! as older firmware writes it): the device's IMEI, an NMEA `RMC`
//! sentence with its checksum ([`crate::nmea`]), then the event and the
//! readings, which vary by model ([`super::io`]).
//!
//! | part | becomes |
//! |---|---|
//! | the id | the device (1 to 20 digits) |
//! | the sentence | the record's fix: valid for status `A`, speed in knots |
//! | the fields after it | the event and the battery ([`super::io`]), every one kept raw |

use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::record::Record;

/// Decodes one message (without its line end).
pub fn message(bytes: &[u8]) -> Result<(DeviceId, Record), DecodeError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| DecodeError::malformed("a message is ASCII text"))?;
    let lower = text.to_ascii_lowercase();
    if !lower.starts_with("imei") {
        return Err(DecodeError::malformed("a message starts with imei"));
    }
    let rmc = lower
        .find("rmc")
        .ok_or_else(|| DecodeError::malformed("no rmc= sentence"))?;
    let id = text[4..rmc]
        .trim_start_matches(['=', ':'])
        .trim_end_matches('&');
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("device id {id:?}")));
    }
    let rest = text[rmc + 3..].trim_start_matches(['=', ':']);
    let span = crate::nmea::find_rmc(rest.as_bytes())
        .filter(|span| span.start <= 1)
        .ok_or_else(|| DecodeError::malformed("no RMC sentence after rmc="))?;
    let mut record = crate::nmea::rmc(&rest[span.clone()])?;
    let tail = rest[span.end..].trim_start_matches(',');
    super::io::tail(&mut record, tail);
    Ok((DeviceId(id.to_owned()), record))
}

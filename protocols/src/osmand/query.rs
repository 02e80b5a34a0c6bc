//! The query-string form: `/?id=…&lat=…&lon=…&timestamp=…&…`.
//!
//! The parameters come from the request's query and, for a `POST` with a
//! form body (`application/x-www-form-urlencoded`), from the body too.
//! Keys: `id` or `deviceid`; `timestamp`; `lat` and `lon`, or `location`
//! as `lat,lon`; `speed` (knots); `bearing` or `heading`; `altitude`;
//! `hdop`; `valid`; `sat`; the named values of [`super::fields::named`];
//! anything else raw (`cell` and `wifi` lists, `accuracy`, …).

use crate::codec::{DecodeError, HttpRequest};
use crate::message::DeviceId;
use crate::record::{FixSource, Record};

use super::Clock;
use super::fields::{self, KMH_PER_KNOT};

/// The device and its record.
pub fn decode(request: &HttpRequest<'_>, clock: Clock) -> Result<(DeviceId, Record), DecodeError> {
    let query = request.target.split_once('?').map_or("", |(_, q)| q);
    let form = request.content_type.is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    });
    let body = if form {
        std::str::from_utf8(request.body)
            .map_err(|_| DecodeError::malformed("form body is not UTF-8"))?
    } else {
        ""
    };
    let mut params = Vec::new();
    for part in query.split('&').chain(body.split('&')) {
        if part.is_empty() {
            continue;
        }
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        params.push((percent_decode(key)?, percent_decode(value)?));
    }
    from_params(&params, clock)
}

fn from_params(
    params: &[(String, String)],
    clock: Clock,
) -> Result<(DeviceId, Record), DecodeError> {
    let mut device = None;
    let mut time = None;
    let (mut lat, mut lon) = (None, None);
    let mut valid = None;
    let mut record = Record::at(0, 0.0, 0.0);
    for (key, value) in params {
        match key.as_str() {
            "id" | "deviceid" => device = Some(value.clone()),
            "timestamp" => {
                time = Some(fields::timestamp(value).ok_or_else(|| {
                    DecodeError::malformed(format!("timestamp {value:?} is not a time"))
                })?);
            }
            "lat" => lat = Some(fields::number(key, value)?),
            "lon" => lon = Some(fields::number(key, value)?),
            "location" => {
                let (a, b) = value
                    .split_once(',')
                    .ok_or_else(|| DecodeError::malformed("location is not lat,lon"))?;
                lat = Some(fields::number("location", a)?);
                lon = Some(fields::number("location", b)?);
            }
            "speed" => record.speed_kmh = fields::number(key, value)?.max(0.0) * KMH_PER_KNOT,
            "bearing" | "heading" => {
                record.course_deg = fields::number(key, value)?.rem_euclid(360.0)
            }
            "altitude" => record.altitude_m = fields::number(key, value)?,
            "hdop" => record.hdop = Some(fields::number(key, value)?),
            "sat" => record.satellites = value.trim().parse().ok(),
            "valid" => valid = fields::flag(value),
            _ => {
                if let Some(named) = fields::named(key, value) {
                    record.values.push(named);
                }
                record.io.push(fields::raw(key, value.as_str()));
            }
        }
    }
    let device = device
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| DecodeError::malformed("no device id (id or deviceid)"))?;
    record.fix_time_ms = time.unwrap_or_else(clock);
    match (lat, lon) {
        (Some(lat), Some(lon)) => {
            (record.latitude, record.longitude) = fields::coordinates(lat, lon)?;
            record.valid = valid.unwrap_or(true);
        }
        (None, None) => {
            record.source = FixSource::None;
            record.valid = false;
        }
        _ => {
            return Err(DecodeError::malformed(
                "lat without lon, or lon without lat",
            ));
        }
    }
    Ok((DeviceId(device.trim().to_owned()), record))
}

/// Decodes `%XX` escapes and `+` (a space in a form-encoded value).
pub fn percent_decode(text: &str) -> Result<String, DecodeError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| DecodeError::malformed("bad %-escape in the query"))?;
                out.push(hex);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| DecodeError::malformed("query is not UTF-8"))
}

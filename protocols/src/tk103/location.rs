//! The fixed-width position block of the classic sentences (`BR00`, `BP05`,
//! `BO01`, `BQ81`, `BP02`, …):
//!
//! `yymmdd A|V lat(DDMM.MMMM) N|S lon(DDDMM.MMMM) E|W speed(5) hhmmss course status L mileage [extra]`
//!
//! - speed: five characters, km/h, space-padded (` 46.0`, `000.0`, `00000`);
//! - course: six characters (`276.17`, ` 87.31`, `000000`) — or two digits
//!   on one firmware, told apart by what is left before `L`;
//! - status: eight characters (see [`super::io`]), optionally after a comma;
//! - mileage: hex metres after `L`;
//! - anything after (`+017.7`, `T113`, `,170228,194530`, `,7`) is kept raw.
//!
//! A date that is not a calendar date (`000007`: a receiver that has not
//! had a fix; `061830`) cannot time the fix: the record is stamped with the
//! receive time and marked invalid, so its position is kept but never
//! trusted as current.

use crate::codec::DecodeError;
use crate::fix;
use crate::record::Record;

use super::io;

/// Where a position block starts in `text`: six digits, `A`/`V`, then a
/// decimal latitude and its letter, then a decimal longitude and its
/// letter (hex data such as `…0000A00FA…` is not mistaken for one).
pub fn find(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(7)).find(|&i| {
        b[i..i + 6].iter().all(u8::is_ascii_digit)
            && matches!(b[i + 6], b'A' | b'V')
            && coordinate_shape(&b[i + 7..], b"NS")
                .and_then(|n| coordinate_shape(&b[i + 7 + n..], b"EW"))
                .is_some()
    })
}

/// The length of `[ ]digits.digits<letter>` at the front of `b`, if it is one.
fn coordinate_shape(b: &[u8], letters: &[u8]) -> Option<usize> {
    let end = b.iter().take(12).position(|c| letters.contains(c))?;
    let number = b[..end].trim_ascii_start();
    let ok = number.contains(&b'.')
        && number.first().is_some_and(u8::is_ascii_digit)
        && number.iter().all(|&c| c.is_ascii_digit() || c == b'.');
    ok.then_some(end + 1)
}

fn bad(what: &str) -> DecodeError {
    DecodeError::malformed(format!("position block: invalid {what}"))
}

/// Splits `text` after the first byte that is one of `letters`.
fn until<'a>(
    text: &'a str,
    letters: &[u8],
    what: &str,
) -> Result<(&'a str, &'a str, &'a str), DecodeError> {
    let at = text
        .bytes()
        .take(12)
        .position(|b| letters.contains(&b))
        .ok_or_else(|| bad(what))?;
    Ok((&text[..at], &text[at..=at], &text[at + 1..]))
}

fn take<'a>(text: &'a str, n: usize, what: &str) -> Result<(&'a str, &'a str), DecodeError> {
    if text.len() < n || !text.is_char_boundary(n) {
        return Err(bad(what));
    }
    Ok(text.split_at(n))
}

/// Decodes the block that starts `text`.
pub fn decode(text: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let (date, rest) = take(text, 6, "date")?;
    if fix::digits(date).is_none() {
        return Err(bad("date"));
    }
    let (validity, rest) = take(rest, 1, "validity")?;
    let (lat, ns, rest) = until(rest, b"NS", "latitude")?;
    let (lon, ew, rest) = until(rest, b"EW", "longitude")?;
    let latitude = fix::coordinate(lat, ns, 90.0).ok_or_else(|| bad("latitude"))?;
    let longitude = fix::coordinate(lon, ew, 180.0).ok_or_else(|| bad("longitude"))?;
    let (speed, rest) = take(rest, 5, "speed")?;
    let (time, rest) = take(rest, 6, "time")?;
    let speed = fix::decimal(speed).ok_or_else(|| bad("speed"))?;
    if fix::digits(time).is_none() {
        return Err(bad("time"));
    }
    let swapped = format!("{}{}{}", &date[4..], &date[2..4], &date[..2]);
    let fix_time = fix::ddmmyy_hhmmss(&swapped, time);
    let mut record = Record::at(fix_time.unwrap_or(now_ms), latitude, longitude);
    record.valid = validity == "A" && fix_time.is_some();
    record.speed_kmh = speed;
    if fix_time.is_none() {
        record.io.push(io::text("date", date));
    }

    // Course and status: 6 + 8 characters before `L` (a comma may sit
    // between them), or 2 + 8 on one firmware; else a course on its own.
    let (course, status, rest) = match rest.find('L') {
        Some(at)
            if rest[..at].is_ascii() && matches!(rest[..at].replace(',', "").len(), 14 | 10) =>
        {
            let head = rest[..at].replace(',', "");
            let (course, status) = head.split_at(head.len() - 8);
            (course.to_owned(), Some(status.to_owned()), &rest[at..])
        }
        _ => {
            let (course, rest) = take(rest, 6.min(rest.len()), "course")?;
            let rest = rest.strip_prefix(',').unwrap_or(rest);
            match rest
                .get(..8)
                .filter(|s| s.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                Some(status) => (course.to_owned(), Some(status.to_owned()), &rest[8..]),
                None => (course.to_owned(), None, rest),
            }
        }
    };
    record.course_deg = if course.trim().is_empty() {
        0.0
    } else {
        fix::decimal(&course)
            .filter(|c| *c <= 360.0)
            .ok_or_else(|| bad("course"))?
    };
    if let Some(status) = status {
        io::status(&mut record, &status)?;
    }
    let rest = match rest.strip_prefix('L') {
        Some(mileage) => {
            let hex_len = mileage.bytes().take_while(u8::is_ascii_hexdigit).count();
            let (hex, rest) = mileage.split_at(hex_len.min(16));
            if !hex.is_empty() {
                let metres = u64::from_str_radix(hex, 16).map_err(|_| bad("mileage"))?;
                record.io.push(io::text("mileage", hex));
                record.values.push(io::odometer(metres as f64));
            }
            rest
        }
        None => rest,
    };
    if !rest.is_empty() {
        record.io.push(io::text("extra", rest));
    }
    Ok(record)
}

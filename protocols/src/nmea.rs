//! The NMEA `RMC` sentence that several protocols carry inside their own
//! messages (Sanav's `rmc=` query, the `$GPRMC` text of Enfora and
//! Skypatrol modems).
//!
//! `<talker>RMC,<hhmmss[.sss]>,<A|V>,<DDMM.MMMM>,<N|S>,<DDDMM.MMMM>,<E|W>,
//! <knots>,<course>,<ddmmyy>,<variation…>*XX`: the receiver's own fields,
//! UTC, speed in knots. `XX` is the XOR of every byte between the `$` (or
//! the talker, when the `$` is left out) and the `*`, verified. Read once
//! here; every function is checked and returns an error for anything out
//! of range, never panics.

use crate::codec::DecodeError;
use crate::fix::{KMH_PER_KNOT, coordinate, ddmmyy_hhmmss, decimal, digits};
use crate::record::Record;

/// Where the first `RMC` sentence in `text` is: from its talker (`GPRMC`,
/// `GNRMC`…, without the `$`) to the end of its two checksum digits.
pub fn find_rmc(text: &[u8]) -> Option<std::ops::Range<usize>> {
    let at = crate::framing::delimited::find(text, b"RMC,")?;
    let start = at.checked_sub(2)?;
    let star = text[at..].iter().position(|&b| b == b'*')? + at;
    let end = star + 3;
    (end <= text.len()).then_some(start..end)
}

/// Decodes one sentence, `[$]<talker>RMC,…*XX`, its checksum verified:
/// a valid record for status `A`, an invalid one (its coordinates as
/// sent) for anything else.
pub fn rmc(sentence: &str) -> Result<Record, DecodeError> {
    let text = sentence.strip_prefix('$').unwrap_or(sentence);
    let (body, checksum) = text
        .rsplit_once('*')
        .ok_or_else(|| DecodeError::malformed("an RMC sentence ends with *XX"))?;
    crate::checksum::check_hex_xor8(body, checksum)?;
    let f: Vec<&str> = body.split(',').collect();
    if f.len() < 10 || f[0].len() != 5 || !f[0].ends_with("RMC") {
        return Err(DecodeError::malformed(format!(
            "an RMC sentence has 10 fields or more: {body:?}"
        )));
    }
    fields(&f)
}

/// The record of an RMC sentence's fields, `f[1]` (time) to `f[9]`
/// (date), whatever `f[0]` is: protocols that write the same fields
/// after a header of their own (PT502) read them with this.
pub fn fields(f: &[&str]) -> Result<Record, DecodeError> {
    if f.len() < 10 {
        return Err(DecodeError::malformed(format!(
            "{} fields, not the 10 of an RMC sentence",
            f.len()
        )));
    }
    let bad = |what: &str, field: &str| DecodeError::malformed(format!("{what}: {field:?}"));
    let (whole, fraction) = f[1].split_once('.').unwrap_or((f[1], ""));
    let mut time = ddmmyy_hhmmss(f[9], whole).ok_or_else(|| bad("date and time", f[1]))?;
    if !fraction.is_empty() {
        let padded = format!("{fraction:0<3}");
        let ms = digits(padded.get(..3).unwrap_or_default()).ok_or_else(|| bad("time", f[1]))?;
        time += i64::from(ms);
    }
    let latitude = coordinate(f[3], f[4], 90.0).ok_or_else(|| bad("latitude", f[3]))?;
    let longitude = coordinate(f[5], f[6], 180.0).ok_or_else(|| bad("longitude", f[5]))?;
    let mut record = Record::at(time, latitude, longitude);
    record.valid = f[2] == "A";
    if !f[7].is_empty() {
        record.speed_kmh = decimal(f[7]).ok_or_else(|| bad("speed", f[7]))? * KMH_PER_KNOT;
    }
    if !f[8].is_empty() {
        record.course_deg = decimal(f[8])
            .filter(|c| *c <= 360.0)
            .ok_or_else(|| bad("course", f[8]))?;
    }
    Ok(record)
}

/// `$GPRMC,…*XX` for `record`, with its checksum: what devices send, for
/// tests and simulators.
pub fn rmc_sentence(record: &Record) -> String {
    let (year, month, day, hour, minute, second) = crate::datetime::civil(record.fix_time_ms);
    let dm = |value: f64, width: usize| {
        let value = value.abs();
        let degrees = value.trunc();
        let minutes = (value - degrees) * 60.0;
        format!("{:0width$}{minutes:07.4}", degrees as u32)
    };
    let body = format!(
        "GPRMC,{hour:02}{minute:02}{second:02}.000,{},{},{},{},{},{:.2},{:.2},{day:02}{month:02}{:02},,",
        if record.valid { 'A' } else { 'V' },
        dm(record.latitude, 2),
        if record.latitude < 0.0 { 'S' } else { 'N' },
        dm(record.longitude, 3),
        if record.longitude < 0.0 { 'W' } else { 'E' },
        record.speed_kmh / KMH_PER_KNOT,
        record.course_deg,
        year % 100,
    );
    format!("${body}*{:02X}", crate::checksum::xor8(body.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_reads_with_its_fraction_and_round_trips() {
        let text = "$GPRMC,103048.250,A,4735.0399,N,01905.2895,W,1.00,12.5,171013,,*";
        let body = &text[1..text.len() - 1];
        let sentence = format!("{text}{:02X}", crate::checksum::xor8(body.as_bytes()));
        let record = rmc(&sentence).expect("reads");
        assert_eq!(record.fix_time_ms % 1000, 250);
        assert!((record.latitude - 47.584_00).abs() < 1e-5);
        assert!((record.longitude + 19.088_16).abs() < 1e-5);
        assert!((record.speed_kmh - 1.852).abs() < 1e-9);
        let again = rmc(&rmc_sentence(&record)).expect("round trip");
        assert!((again.latitude - record.latitude).abs() < 1e-5);
        assert_eq!(again.fix_time_ms, record.fix_time_ms - 250);
        assert_eq!(find_rmc(b"x $GPRMC,1*00,y"), Some(3..13));
        assert_eq!(find_rmc(b"RMC,1*00"), None);
        assert_eq!(find_rmc(b"GPRMC,1*0"), None);
    }

    #[test]
    fn bad_sentences_are_errors() {
        assert_eq!(rmc("GPRMC,1*00").map_err(|e| e.kind()), Err("checksum"));
        assert!(matches!(rmc("GPRMC,1"), Err(DecodeError::Malformed(_))));
        let short = "GPRMC,1,A";
        let sentence = format!("{short}*{:02X}", crate::checksum::xor8(short.as_bytes()));
        assert!(matches!(rmc(&sentence), Err(DecodeError::Malformed(_))));
    }
}

//! `UEX` data: serial data an external device (driver ID reader, fuel
//! sensor, tachograph, display) passed through the tracker.
//!
//! The sentence gives the data's length and, after it, `CHK_SUM`: the low
//! byte of the sum of the data bytes, as two hex digits. Binary data is
//! escaped (`01 10` for `00`, `01 11` for `01`) and its length counts
//! unescaped bytes.
//!
//! The checksum is **not verified**: it covers only the passed-through
//! data, never the position around it, and data that lost its trailing
//! `\r\n` on the way matches neither its length nor its checksum, while
//! the report is otherwise sound. A
//! length that does not end at a `;` is not trusted either: the data then
//! runs to the next `;`.
//!
//! What the data is named as, by its shape:
//!
//! | data                                | named / raw                                  |
//! |-------------------------------------|----------------------------------------------|
//! | anything                            | raw `serial` (text without its line end, or bytes) |
//! | `GTSL|…|<driver>|…` (driver login)  | hardware_key = the fifth `|` field; raw `driver_id` |
//! | `t_i=<hex>;N_i=<hex level>…` (LLS fuel sensors) | fuel_level = sum of the `N_i` levels; raw `lls_level_i`, `lls_temp_i` |
//! | `CabAVL"CabMensaje,a,b,…,FinMensaje"FinAVL` | raw `cab_1`, `cab_2`, … |

use crate::record::Record;

use super::super::framing::{raw_len, unescape};
use super::super::io;
use super::latin1;

/// Splits what follows a length field into the (unescaped) data and the rest.
pub fn split_data(bytes: &[u8], len: usize) -> (Vec<u8>, &[u8]) {
    if let Some(raw) = raw_len(bytes, len) {
        match bytes.get(raw) {
            Some(b';') => return (unescape(&bytes[..raw]), &bytes[raw + 1..]),
            None => return (unescape(&bytes[..raw]), &[]),
            _ => {}
        }
    }
    match bytes.iter().position(|&b| b == b';') {
        Some(end) => (unescape(&bytes[..end]), &bytes[end + 1..]),
        None => (unescape(bytes), &[]),
    }
}

/// Names what the data holds.
pub fn interpret(data: &[u8], record: &mut Record) {
    let printable = data
        .iter()
        .all(|&b| b == b'\r' || b == b'\n' || (0x20..0x7f).contains(&b));
    if !printable {
        record.io.push(io::bytes("serial", data));
        return;
    }
    let text = latin1(data);
    let text = text.trim_end_matches(['\r', '\n']);
    record.io.push(io::text("serial", text));
    if let Some(rest) = text.strip_prefix("GTSL|") {
        if let Some(driver) = rest.split('|').nth(3).filter(|d| !d.is_empty()) {
            let (raw, named) = io::driver(driver);
            record.io.push(raw);
            record.values.extend(named);
        }
    } else if text.contains("N_0=") {
        lls(text, record);
    } else if let Some(body) = text
        .strip_prefix("CabAVL\"CabMensaje,")
        .and_then(|b| b.split_once(",FinMensaje"))
        .map(|(b, _)| b)
    {
        for (i, value) in body.split(',').enumerate() {
            if !value.is_empty() {
                record.io.push(io::text(format!("cab_{}", i + 1), value));
            }
        }
    }
}

/// LLS fuel sensors: `t_<i>=<hex temperature>` and `N_<i>=<hex level>.<frac>`.
fn lls(text: &str, record: &mut Record) {
    let mut total = None::<f64>;
    for pair in text.split(';') {
        let Some((key, value)) = pair.trim().split_once('=') else {
            continue;
        };
        let hex = |v: &str| {
            let (int, frac) = v.split_once('.').unwrap_or((v, ""));
            let int = u32::from_str_radix(int, 16).ok()?;
            let frac = if frac.is_empty() {
                0.0
            } else {
                format!("0.{frac}").parse::<f64>().ok()?
            };
            Some(f64::from(int) + frac)
        };
        if let Some(i) = key.strip_prefix("N_") {
            if let Some(level) = hex(value) {
                record.io.push(io::text(format!("lls_level_{i}"), value));
                total = Some(total.unwrap_or(0.0) + level);
            }
        } else if let Some(i) = key.strip_prefix("t_") {
            record.io.push(io::text(format!("lls_temp_{i}"), value));
        }
    }
    if let Some(total) = total {
        record.values.push(io::input("fuel_level", total));
    }
}

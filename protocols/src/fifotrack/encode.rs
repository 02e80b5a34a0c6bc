//! The answer Fifotrack devices expect to an `A03` report.

use bytes::Bytes;

use crate::datetime::civil;

/// `##<len>,<imei>,<index>,A03,<yyMMddHHmmss>*XX` and CR LF: the report's
/// device and index, the server's time `now_ms` (UTC); the length counts
/// the bytes from after its comma through the `*`, as in the devices'
/// messages; `XX` is the byte sum of everything before it, `*` included,
/// in two hex digits.
pub fn a03(imei: &str, index: &str, now_ms: i64) -> Bytes {
    let (y, mo, d, h, mi, s) = civil(now_ms);
    let rest = format!(
        "{imei},{index},A03,{:02}{mo:02}{d:02}{h:02}{mi:02}{s:02}*",
        y % 100
    );
    let head = format!("##{},{rest}", rest.len());
    let sum = crate::checksum::sum8(head.as_bytes());
    Bytes::from(format!("{head}{sum:02X}\r\n"))
}

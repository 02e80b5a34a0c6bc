//! A simulated JT/T 808-2013 terminal, known by its 12-digit phone number.
//!
//! | login → reply | packet of K records → reply |
//! |---|---|
//! | registration (0x0100) → 0x8100 | one 0x0704 batch of K reports → 0x8001 |
//!
//! The platform numbers its replies from 0 on each connection, so those
//! are predictable too.

use bytes::{BufMut, BytesMut};

use super::encode::{self, RegisterResult, ReplyResult};
use super::framing::Header;
use crate::datetime::civil;
use crate::record::Record;
use crate::simulate::{DeviceSimulator, Exchange, next_serial};

/// The JT/T 808 simulator.
#[derive(Debug)]
pub struct Simulator;

impl DeviceSimulator for Simulator {
    fn login(&self, phone: &str, serial: &mut u16) -> Exchange {
        let n = next_serial(serial);
        // Province, city, maker, model, terminal id, plate colour: unused.
        let body = [0u8; 37];
        let header = header(phone, 0x0100, n);
        Exchange {
            send: super::encode_message(phone, None, 0x0100, n, &body),
            expect: encode::register_reply(&header, n - 1, RegisterResult::Success, phone),
            refused: Some(encode::register_reply(
                &header,
                n - 1,
                RegisterResult::UnknownTerminal,
                "",
            )),
        }
    }

    fn packet(
        &self,
        phone: &str,
        records: &[Record],
        serial: &mut u16,
    ) -> Result<Exchange, String> {
        let mut body = BytesMut::new();
        body.put_u16(records.len() as u16);
        body.put_u8(0);
        for record in records {
            let report = report(record);
            body.put_u16(report.len() as u16);
            body.extend_from_slice(&report);
        }
        let n = next_serial(serial);
        Ok(Exchange {
            send: super::encode_message(phone, None, 0x0704, n, &body),
            expect: encode::general_reply(&header(phone, 0x0704, n), n - 1, ReplyResult::Success),
            refused: None,
        })
    }
}

/// The header of a 2013 message from `phone` (12 digits).
fn header(phone: &str, id: u16, serial: u16) -> Header {
    let digits: Vec<u8> = format!("{phone:0>12}").bytes().map(|c| c - b'0').collect();
    Header {
        id,
        version: None,
        phone: digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect(),
        serial,
        packet: None,
        encrypted: false,
    }
}

/// A basic location report (0x0200 body) for `record`; its time in GMT+8.
fn report(record: &Record) -> BytesMut {
    let mut out = BytesMut::with_capacity(28);
    out.put_u32(0); // alarms
    let mut status = 0u32;
    if record.valid {
        status |= 1 << 1;
    }
    if record.latitude < 0.0 {
        status |= 1 << 2;
    }
    if record.longitude < 0.0 {
        status |= 1 << 3;
    }
    out.put_u32(status);
    out.put_u32((record.latitude.abs() * 1e6).round() as u32);
    out.put_u32((record.longitude.abs() * 1e6).round() as u32);
    out.put_u16(record.altitude_m.round().clamp(0.0, 65_535.0) as u16);
    out.put_u16((record.speed_kmh * 10.0).round().clamp(0.0, 65_535.0) as u16);
    out.put_u16(record.course_deg.round().rem_euclid(360.0) as u16);
    let (y, mo, d, h, mi, s) = civil(record.fix_time_ms + 8 * 3_600_000);
    for n in [y.rem_euclid(100) as u32, mo, d, h, mi, s] {
        out.put_u8((((n / 10) << 4) | (n % 10)) as u8);
    }
    out
}

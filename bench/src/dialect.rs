//! What a simulated device says in each protocol, and the exact bytes it
//! expects back.
//!
//! Every packet is encoded with the `protocols` crate's encoders and ends
//! with a message the protocol answers, so each one has an exact expected
//! reply. That reply is also the packet's acknowledgement: the gateway
//! reads nothing more from a connection while a commit is pending, so an
//! answer to the last message means every record before it is stored.
//!
//! | protocol | login → reply | packet of K records → reply |
//! |---|---|---|
//! | Teltonika | IMEI → `01` | one Codec 8E AVL packet → the count as 4 bytes |
//! | Wialon IPS 2.0 | `#L#2.0;imei;NA;crc` → `#AL#1` | K `#D#` packets → K × `#AD#1` |
//! | GT06 | login (0x01) → its ack | K 0x12 locations (not answered by the protocol) and a 0x23 heartbeat → its ack |
//! | H02 | `V0` heartbeat → its echo | K `V1` positions (not answered) and a `V0` heartbeat → its echo |
//! | JT/T 808 (2013) | registration (0x0100) → 0x8100 | one 0x0704 batch of K reports → 0x8001 |
//! | Queclink @Track | `+ACK:GTHBD` heartbeat → `+SACK:GTHBD` | K `+RESP:GTFRI` reports → K × `+SACK:<count>` |
//! | GPS103 (Coban) | `##,imei:…,A;` → `LOAD` | K `tracker` reports (not answered) and a heartbeat → `ON` |
//! | TK103 | `BP00` handshake → `AP01HSO` | K `BR00` positions (not answered) and a handshake → `AP01HSO` |
//!
//! A JT/T 808 terminal is known by its 12-digit phone number, and a TK103
//! by its 12-character id: the IMEI's last 12 digits ([`Dialect::device_id`]). The platform numbers its
//! replies from 0 on each connection, so those are predictable too.
//!
//! The GT06 heartbeat carries a battery voltage, which the gateway stores as
//! one more (location-less) record per packet; it is not counted as an
//! acknowledged record.

use std::net::{Ipv4Addr, SocketAddr};

use bytes::{BufMut, Bytes, BytesMut};
use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use trackgate_protocols::Protocol;
use trackgate_protocols::Record;
use trackgate_protocols::datetime::civil;
use trackgate_protocols::gl200::encode as gl200;
use trackgate_protocols::gps103::encode as gps103;
use trackgate_protocols::gt06::encode as gt06;
use trackgate_protocols::h02::encode as h02;
use trackgate_protocols::jt808;
use trackgate_protocols::jt808::encode::{RegisterResult, ReplyResult};
use trackgate_protocols::teltonika::{AvlCodec, encode as teltonika};
use trackgate_protocols::tk103::encode as tk103;
use trackgate_protocols::wialon::encode as wialon;

/// GT06 packet kinds the simulator sends.
const GT06_LOGIN: u8 = 0x01;
const GT06_HEARTBEAT: u8 = 0x23;
/// The Queclink protocol version the simulator reports (a GV300-class device).
const GL200_VERSION: &str = "8020040703";

/// The protocol a simulated device speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Teltonika, Codec 8E.
    Teltonika,
    /// Wialon IPS 2.0.
    Wialon,
    /// Concox GT06.
    Gt06,
    /// H02 text sentences.
    H02,
    /// JT/T 808-2013.
    Jt808,
    /// Queclink @Track ASCII.
    Gl200,
    /// GPS103 (Coban).
    Gps103,
    /// TK103.
    Tk103,
}

/// Bytes to send and the exact reply they must get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// What the device writes.
    pub send: Bytes,
    /// What the gateway must answer, byte for byte.
    pub expect: Bytes,
    /// What the gateway answers when it refuses the device, if that differs.
    pub refused: Option<Bytes>,
}

impl Dialect {
    /// The gateway's protocol.
    pub fn protocol(self) -> Protocol {
        match self {
            Self::Teltonika => Protocol::Teltonika,
            Self::Wialon => Protocol::Wialon,
            Self::Gt06 => Protocol::Gt06,
            Self::H02 => Protocol::H02,
            Self::Jt808 => Protocol::Jt808,
            Self::Gl200 => Protocol::Gl200,
            Self::Gps103 => Protocol::Gps103,
            Self::Tk103 => Protocol::Tk103,
        }
    }

    /// The id the gateway knows device `imei` by (what to provision).
    pub fn device_id(self, imei: &str) -> String {
        match self {
            Self::Jt808 | Self::Tk103 => imei[imei.len().saturating_sub(12)..].to_owned(),
            _ => imei.to_owned(),
        }
    }

    /// The protocol's listener on this machine, at its default port.
    pub fn default_target(self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.protocol().default_port()))
    }

    /// How device `imei` identifies itself at the start of a session.
    /// `serial` numbers the session's messages (and, for JT/T 808, the
    /// platform's replies); start it at 0 with each connection.
    pub fn login(self, imei: &str, serial: &mut u16) -> Exchange {
        match self {
            Self::Teltonika => Exchange {
                send: teltonika::encode_imei(imei),
                expect: Bytes::from_static(&teltonika::IMEI_ACCEPT),
                refused: Some(Bytes::from_static(&teltonika::IMEI_REJECT)),
            },
            Self::Wialon => Exchange {
                send: Bytes::from(wialon::login_packet(imei, "NA", true)),
                expect: Bytes::from_static(b"#AL#1\r\n"),
                refused: Some(Bytes::from_static(b"#AL#0\r\n")),
            },
            Self::Gt06 => {
                let n = next(serial);
                Exchange {
                    send: gt06::encode_login(imei, n),
                    expect: gt06::ack(false, GT06_LOGIN, n),
                    refused: None,
                }
            }
            Self::H02 => h02_heartbeat(imei),
            Self::Gl200 => {
                let count = next(serial);
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis() as i64);
                Exchange {
                    send: Bytes::from(gl200::heartbeat_sentence(GL200_VERSION, imei, now, count)),
                    expect: gl200::heartbeat_sack(GL200_VERSION, &format!("{count:04X}")),
                    refused: None,
                }
            }
            Self::Gps103 => Exchange {
                send: Bytes::from(format!("##,imei:{imei},A;")),
                expect: gps103::login_reply(),
                refused: None,
            },
            Self::Tk103 => tk103_handshake(&self.device_id(imei)),
            Self::Jt808 => {
                let phone = self.device_id(imei);
                let n = next(serial);
                // Province, city, maker, model, terminal id, plate colour: unused.
                let body = [0u8; 37];
                Exchange {
                    send: jt808::encode_message(&phone, None, 0x0100, n, &body),
                    expect: jt808::encode::register_reply(
                        &jt808_header(&phone, 0x0100, n),
                        n - 1,
                        RegisterResult::Success,
                        &phone,
                    ),
                    refused: Some(jt808::encode::register_reply(
                        &jt808_header(&phone, 0x0100, n),
                        n - 1,
                        RegisterResult::UnknownTerminal,
                        "",
                    )),
                }
            }
        }
    }

    /// One packet of `records` from device `imei`, with its expected reply.
    pub fn packet(
        self,
        imei: &str,
        records: &[Record],
        serial: &mut u16,
    ) -> Result<Exchange, String> {
        Ok(match self {
            Self::Teltonika => Exchange {
                send: teltonika::encode_avl(AvlCodec::Codec8E, records)
                    .map_err(|e| e.to_string())?,
                expect: teltonika::records_ack(records.len() as u32),
                refused: None,
            },
            Self::Wialon => {
                let mut send = BytesMut::new();
                let mut expect = BytesMut::new();
                for record in records {
                    send.extend_from_slice(wialon::data_packet(record, true).as_bytes());
                    expect.extend_from_slice(b"#AD#1\r\n");
                }
                Exchange {
                    send: send.freeze(),
                    expect: expect.freeze(),
                    refused: None,
                }
            }
            Self::Gt06 => {
                let mut send = BytesMut::new();
                for record in records {
                    send.extend_from_slice(&gt06::encode_location(record, next(serial)));
                }
                // Terminal info (GPS on, charging), 4.10 V, GSM level 4.
                let n = next(serial);
                send.extend_from_slice(&gt06::packet(
                    false,
                    GT06_HEARTBEAT,
                    &[0x46, 0x01, 0x9A, 0x04],
                    n,
                ));
                Exchange {
                    send: send.freeze(),
                    expect: gt06::ack(false, GT06_HEARTBEAT, n),
                    refused: None,
                }
            }
            Self::H02 => {
                let mut send = BytesMut::new();
                for record in records {
                    // Status word: all flags clear (no alarms, ignition off).
                    send.extend_from_slice(h02::v1_sentence(imei, record, 0xFFFF_FFFF).as_bytes());
                }
                let heartbeat = h02_heartbeat(imei);
                send.extend_from_slice(&heartbeat.send);
                Exchange {
                    send: send.freeze(),
                    expect: heartbeat.expect,
                    refused: None,
                }
            }
            Self::Gl200 => {
                let (mut send, mut expect) = (BytesMut::new(), BytesMut::new());
                for record in records {
                    let count = next(serial);
                    send.extend_from_slice(
                        gl200::fri_sentence(GL200_VERSION, imei, record, count).as_bytes(),
                    );
                    expect.extend_from_slice(&gl200::sack(&format!("{count:04X}")));
                }
                Exchange {
                    send: send.freeze(),
                    expect: expect.freeze(),
                    refused: None,
                }
            }
            Self::Gps103 => {
                let mut send = BytesMut::new();
                for record in records {
                    send.extend_from_slice(
                        gps103::tracker_report(imei, "tracker", record).as_bytes(),
                    );
                }
                send.extend_from_slice(format!("{imei};").as_bytes());
                Exchange {
                    send: send.freeze(),
                    expect: gps103::heartbeat_reply(),
                    refused: None,
                }
            }
            Self::Tk103 => {
                let id = self.device_id(imei);
                let mut send = BytesMut::new();
                for record in records {
                    send.extend_from_slice(
                        tk103::br00_sentence(&id, record, "00000000", 0).as_bytes(),
                    );
                }
                let handshake = tk103_handshake(&id);
                send.extend_from_slice(&handshake.send);
                Exchange {
                    send: send.freeze(),
                    expect: handshake.expect,
                    refused: None,
                }
            }
            Self::Jt808 => {
                let phone = self.device_id(imei);
                let mut body = BytesMut::new();
                body.put_u16(records.len() as u16);
                body.put_u8(0);
                for record in records {
                    let report = jt808_report(record);
                    body.put_u16(report.len() as u16);
                    body.extend_from_slice(&report);
                }
                let n = next(serial);
                Exchange {
                    send: jt808::encode_message(&phone, None, 0x0704, n, &body),
                    expect: jt808::encode::general_reply(
                        &jt808_header(&phone, 0x0704, n),
                        n - 1,
                        ReplyResult::Success,
                    ),
                    refused: None,
                }
            }
        })
    }
}

fn h02_heartbeat(id: &str) -> Exchange {
    Exchange {
        send: Bytes::from(format!("*HQ,{id},V0#")),
        expect: h02::heartbeat_reply("*HQ", id, "V0"),
        refused: None,
    }
}

fn tk103_handshake(id: &str) -> Exchange {
    Exchange {
        send: Bytes::from(format!("({id}BP00HSO)")),
        expect: tk103::handshake_reply(id),
        refused: None,
    }
}

/// The header of a 2013 message from `phone` (12 digits).
fn jt808_header(phone: &str, id: u16, serial: u16) -> jt808::framing::Header {
    let digits: Vec<u8> = format!("{phone:0>12}").bytes().map(|c| c - b'0').collect();
    jt808::framing::Header {
        id,
        version: None,
        phone: digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect(),
        serial,
        packet: None,
        encrypted: false,
    }
}

/// A basic location report (0x0200 body) for `record`; its time in GMT+8.
fn jt808_report(record: &Record) -> BytesMut {
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

/// The next message serial number (1, 2, … wrapping).
fn next(serial: &mut u16) -> u16 {
    *serial = serial.wrapping_add(1);
    *serial
}

#[cfg(test)]
mod tests {
    use bytes::BytesMut;
    use trackgate_protocols::{Limits, Message};

    use super::*;

    const ALL: [Dialect; 8] = [
        Dialect::Teltonika,
        Dialect::Wialon,
        Dialect::Gt06,
        Dialect::H02,
        Dialect::Jt808,
        Dialect::Gl200,
        Dialect::Gps103,
        Dialect::Tk103,
    ];

    fn records(n: usize) -> Vec<Record> {
        (0..n)
            .map(|i| {
                let mut r = Record::at(1_700_000_000_000 + i as i64 * 1_000, 52.52, 13.405);
                r.satellites = Some(9);
                r.speed_kmh = 36.0;
                r.course_deg = 90.0;
                r
            })
            .collect()
    }

    /// Feeds what a device sends through the gateway's own codec: every
    /// record arrives, and the replies the codec produces are exactly the
    /// ones the device expects.
    fn through_codec(dialect: Dialect, exchanges: &[Exchange]) -> (Vec<u8>, usize, Option<String>) {
        let mut codec = dialect
            .protocol()
            .stream_codec(Limits::default())
            .expect("every dialect is a TCP protocol");
        let (mut replies, mut records, mut device) = (Vec::new(), 0, None);
        for exchange in exchanges {
            let mut input = BytesMut::from(&exchange.send[..]);
            while let Some(message) = codec.decode(&mut input).expect("decodes") {
                match message {
                    Message::Login {
                        device: d, accept, ..
                    } => {
                        device.get_or_insert(d.0);
                        replies.extend_from_slice(&accept.unwrap_or_default());
                    }
                    Message::Records {
                        records: r,
                        ack,
                        device: d,
                    } => {
                        if let Some(d) = d {
                            device.get_or_insert(d.0);
                        }
                        records += r.len();
                        replies.extend_from_slice(&ack.unwrap_or_default());
                    }
                    Message::Heartbeat { reply, device: d } => {
                        if let Some(d) = d {
                            device.get_or_insert(d.0);
                        }
                        replies.extend_from_slice(&reply.unwrap_or_default());
                    }
                    Message::CommandResponse { .. } => panic!("no command responses expected"),
                }
            }
            assert!(input.is_empty(), "{dialect:?}: every byte forms a frame");
        }
        (replies, records, device)
    }

    #[test]
    fn every_dialect_gets_exactly_the_replies_it_expects() {
        let imei = "350000000000018";
        for dialect in ALL {
            let mut serial = 0;
            let login = dialect.login(imei, &mut serial);
            let first = dialect.packet(imei, &records(3), &mut serial).unwrap();
            let second = dialect.packet(imei, &records(1), &mut serial).unwrap();
            let expected: Vec<u8> = [&login.expect, &first.expect, &second.expect]
                .iter()
                .flat_map(|b| b.iter().copied())
                .collect();
            let (replies, stored, device) = through_codec(dialect, &[login, first, second]);
            assert_eq!(replies, expected, "{dialect:?}");
            let extra = usize::from(dialect == Dialect::Gt06) * 2;
            assert_eq!(stored, 4 + extra, "{dialect:?}: every record decoded");
            let id = dialect.device_id(imei);
            assert_eq!(
                device.as_deref(),
                Some(id.as_str()),
                "{dialect:?}: identified"
            );
        }
    }

    #[test]
    fn each_dialect_targets_its_own_port() {
        let ports: std::collections::HashSet<u16> =
            ALL.iter().map(|d| d.default_target().port()).collect();
        assert_eq!(ports.len(), ALL.len());
        assert_eq!(Dialect::Teltonika.default_target().port(), 5027);
    }
}

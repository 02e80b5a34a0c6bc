//! A simulated Wialon IPS 2.0 device.
//!
//! | login → reply | packet of K records → reply |
//! |---|---|
//! | `#L#2.0;imei;NA;crc` → `#AL#1` (refused: `#AL#0`) | K `#D#` packets → K × `#AD#1` |

use bytes::{Bytes, BytesMut};

use super::encode;
use crate::record::Record;
use crate::simulate::{DeviceSimulator, Exchange};

/// The Wialon IPS simulator.
#[derive(Debug)]
pub struct Simulator;

impl DeviceSimulator for Simulator {
    fn login(&self, device: &str, _serial: &mut u16) -> Exchange {
        Exchange {
            send: Bytes::from(encode::login_packet(device, "NA", true)),
            expect: Bytes::from_static(b"#AL#1\r\n"),
            refused: Some(Bytes::from_static(b"#AL#0\r\n")),
        }
    }

    fn packet(
        &self,
        _device: &str,
        records: &[Record],
        _serial: &mut u16,
    ) -> Result<Exchange, String> {
        let mut send = BytesMut::new();
        let mut expect = BytesMut::new();
        for record in records {
            send.extend_from_slice(encode::data_packet(record, true).as_bytes());
            expect.extend_from_slice(b"#AD#1\r\n");
        }
        Ok(Exchange {
            send: send.freeze(),
            expect: expect.freeze(),
            refused: None,
        })
    }
}

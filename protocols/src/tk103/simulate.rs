//! A simulated TK103 device, known by a 12-character id.
//!
//! | login → reply | packet of K records → reply |
//! |---|---|
//! | `BP00` handshake → `AP01HSO` | K `BR00` positions (not answered) and a handshake → `AP01HSO` |

use bytes::{Bytes, BytesMut};

use super::encode;
use crate::record::Record;
use crate::simulate::{DeviceSimulator, Exchange};

/// The TK103 simulator.
#[derive(Debug)]
pub struct Simulator;

fn handshake(id: &str) -> Exchange {
    Exchange {
        send: Bytes::from(format!("({id}BP00HSO)")),
        expect: encode::handshake_reply(id),
        refused: None,
    }
}

impl DeviceSimulator for Simulator {
    fn login(&self, device: &str, _serial: &mut u16) -> Exchange {
        handshake(device)
    }

    fn packet(
        &self,
        device: &str,
        records: &[Record],
        _serial: &mut u16,
    ) -> Result<Exchange, String> {
        let mut send = BytesMut::new();
        for record in records {
            send.extend_from_slice(encode::br00_sentence(device, record, "00000000", 0).as_bytes());
        }
        let handshake = handshake(device);
        send.extend_from_slice(&handshake.send);
        Ok(Exchange {
            send: send.freeze(),
            expect: handshake.expect,
            refused: None,
        })
    }
}

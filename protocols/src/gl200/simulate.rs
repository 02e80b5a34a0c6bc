//! A simulated Queclink @Track device (a GV300-class unit, ASCII reports).
//!
//! | login → reply | packet of K records → reply |
//! |---|---|
//! | `+ACK:GTHBD` heartbeat → `+SACK:GTHBD` | K `+RESP:GTFRI` reports → K × `+SACK:<count>` |

use bytes::{Bytes, BytesMut};

use super::encode;
use crate::record::Record;
use crate::simulate::{DeviceSimulator, Exchange, next_serial};

/// The protocol version the simulator reports.
const VERSION: &str = "8020040703";

/// The Queclink simulator.
#[derive(Debug)]
pub struct Simulator;

impl DeviceSimulator for Simulator {
    fn login(&self, device: &str, serial: &mut u16) -> Exchange {
        let count = next_serial(serial);
        let now = crate::datetime::system_clock();
        Exchange {
            send: Bytes::from(encode::heartbeat_sentence(VERSION, device, now, count)),
            expect: encode::heartbeat_sack(VERSION, &format!("{count:04X}")),
            refused: None,
        }
    }

    fn packet(
        &self,
        device: &str,
        records: &[Record],
        serial: &mut u16,
    ) -> Result<Exchange, String> {
        let (mut send, mut expect) = (BytesMut::new(), BytesMut::new());
        for record in records {
            let count = next_serial(serial);
            send.extend_from_slice(encode::fri_sentence(VERSION, device, record, count).as_bytes());
            expect.extend_from_slice(&encode::sack(&format!("{count:04X}")));
        }
        Ok(Exchange {
            send: send.freeze(),
            expect: expect.freeze(),
            refused: None,
        })
    }
}

//! A simulated GPS103 (Coban) device.
//!
//! | login → reply | packet of K records → reply |
//! |---|---|
//! | `##,imei:…,A;` → `LOAD` | K `tracker` reports (not answered) and an `imei;` heartbeat → `ON` |

use bytes::{Bytes, BytesMut};

use super::encode;
use crate::record::Record;
use crate::simulate::{DeviceSimulator, Exchange};

/// The GPS103 simulator.
#[derive(Debug)]
pub struct Simulator;

impl DeviceSimulator for Simulator {
    fn login(&self, device: &str, _serial: &mut u16) -> Exchange {
        Exchange {
            send: Bytes::from(format!("##,imei:{device},A;")),
            expect: encode::login_reply(),
            refused: None,
        }
    }

    fn packet(
        &self,
        device: &str,
        records: &[Record],
        _serial: &mut u16,
    ) -> Result<Exchange, String> {
        let mut send = BytesMut::new();
        for record in records {
            send.extend_from_slice(encode::tracker_report(device, "tracker", record).as_bytes());
        }
        send.extend_from_slice(format!("{device};").as_bytes());
        Ok(Exchange {
            send: send.freeze(),
            expect: encode::heartbeat_reply(),
            refused: None,
        })
    }
}

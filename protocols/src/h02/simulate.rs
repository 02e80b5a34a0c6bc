//! A simulated H02 device.
//!
//! | login → reply | packet of K records → reply |
//! |---|---|
//! | `V0` heartbeat → its echo | K `V1` positions (not answered) and a `V0` heartbeat → its echo |

use bytes::{Bytes, BytesMut};

use super::encode;
use crate::record::Record;
use crate::simulate::{DeviceSimulator, Exchange};

/// The H02 simulator.
#[derive(Debug)]
pub struct Simulator;

fn heartbeat(id: &str) -> Exchange {
    Exchange {
        send: Bytes::from(format!("*HQ,{id},V0#")),
        expect: encode::heartbeat_reply("*HQ", id, "V0"),
        refused: None,
    }
}

impl DeviceSimulator for Simulator {
    fn login(&self, device: &str, _serial: &mut u16) -> Exchange {
        heartbeat(device)
    }

    fn packet(
        &self,
        device: &str,
        records: &[Record],
        _serial: &mut u16,
    ) -> Result<Exchange, String> {
        let mut send = BytesMut::new();
        for record in records {
            // Status word: all flags clear (no alarms, ignition off).
            send.extend_from_slice(encode::v1_sentence(device, record, 0xFFFF_FFFF).as_bytes());
        }
        let heartbeat = heartbeat(device);
        send.extend_from_slice(&heartbeat.send);
        Ok(Exchange {
            send: send.freeze(),
            expect: heartbeat.expect,
            refused: None,
        })
    }
}

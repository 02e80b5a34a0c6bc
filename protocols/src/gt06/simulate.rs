//! A simulated Concox GT06 device.
//!
//! | login → reply | packet of K records → reply |
//! |---|---|
//! | login (0x01) → its ack | K 0x12 locations (the protocol does not answer them) and a 0x23 heartbeat → its ack |
//!
//! GT06 frames carry one location each, so a packet is K + 1 commits in a
//! row. The heartbeat carries a battery voltage, which the gateway stores
//! as one more location-less record per packet.

use bytes::BytesMut;

use super::encode;
use crate::record::Record;
use crate::simulate::{DeviceSimulator, Exchange, next_serial};

/// Packet kinds the simulator sends.
const LOGIN: u8 = 0x01;
const HEARTBEAT: u8 = 0x23;

/// The GT06 simulator.
#[derive(Debug)]
pub struct Simulator;

impl DeviceSimulator for Simulator {
    fn login(&self, device: &str, serial: &mut u16) -> Exchange {
        let n = next_serial(serial);
        Exchange {
            send: encode::encode_login(device, n),
            expect: encode::ack(false, LOGIN, n),
            refused: None,
        }
    }

    fn packet(
        &self,
        _device: &str,
        records: &[Record],
        serial: &mut u16,
    ) -> Result<Exchange, String> {
        let mut send = BytesMut::new();
        for record in records {
            send.extend_from_slice(&encode::encode_location(record, next_serial(serial)));
        }
        // Terminal info (GPS on, charging), 4.10 V, GSM level 4.
        let n = next_serial(serial);
        send.extend_from_slice(&encode::packet(
            false,
            HEARTBEAT,
            &[0x46, 0x01, 0x9A, 0x04],
            n,
        ));
        Ok(Exchange {
            send: send.freeze(),
            expect: encode::ack(false, HEARTBEAT, n),
            refused: None,
        })
    }

    fn extra_records_per_packet(&self) -> usize {
        1
    }
}

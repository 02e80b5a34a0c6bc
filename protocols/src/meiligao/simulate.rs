//! A simulated Meiligao tracker.
//!
//! | login → reply | packet of K records → reply |
//! |---|---|
//! | `5000` login → `4000 01` | K `9955` position reports (not answered) and a `0001` heartbeat → `0001 01` |
//!
//! The tracker ID holds at most 14 digits, so a simulated tracker is the
//! last 14 digits of its IMEI.

use bytes::BytesMut;

use super::decode::{HEARTBEAT, LOGIN, POSITION};
use super::encode;
use super::framing::{ID_LEN, id_bytes};
use crate::record::Record;
use crate::simulate::{DeviceSimulator, Exchange};
use crate::spec::IdType;

/// The Meiligao simulator.
#[derive(Debug)]
pub struct Simulator;

fn id(device: &str) -> [u8; ID_LEN] {
    id_bytes(device).unwrap_or([0xFF; ID_LEN])
}

impl DeviceSimulator for Simulator {
    fn device_id(&self, imei: &str, _id_type: IdType) -> String {
        IdType::Digits(14).from_imei(imei)
    }

    fn login(&self, device: &str, _serial: &mut u16) -> Exchange {
        let id = id(device);
        Exchange {
            send: encode::device(&id, LOGIN, &[]),
            expect: encode::login_reply(&id),
            refused: None,
        }
    }

    fn packet(
        &self,
        device: &str,
        records: &[Record],
        _serial: &mut u16,
    ) -> Result<Exchange, String> {
        let id = id_bytes(device).ok_or_else(|| format!("{device:?} is not 1 to 14 digits"))?;
        let mut send = BytesMut::new();
        for record in records {
            let report = encode::report(record);
            send.extend_from_slice(&encode::device(&id, POSITION, report.as_bytes()));
        }
        send.extend_from_slice(&encode::device(&id, HEARTBEAT, &[]));
        Ok(Exchange {
            send: send.freeze(),
            expect: encode::heartbeat_reply(&id),
            refused: None,
        })
    }
}

//! A simulated Teltonika device: the IMEI packet, then Codec 8E AVL packets.
//!
//! | login → reply | packet of K records → reply |
//! |---|---|
//! | IMEI → `01` (refused: `00`) | one Codec 8E AVL packet → the record count as 4 bytes |

use bytes::Bytes;

use super::{AvlCodec, encode};
use crate::record::Record;
use crate::simulate::{DeviceSimulator, Exchange};

/// The Teltonika simulator.
#[derive(Debug)]
pub struct Simulator;

impl DeviceSimulator for Simulator {
    fn login(&self, device: &str, _serial: &mut u16) -> Exchange {
        Exchange {
            send: encode::encode_imei(device),
            expect: Bytes::from_static(&encode::IMEI_ACCEPT),
            refused: Some(Bytes::from_static(&encode::IMEI_REJECT)),
        }
    }

    fn packet(
        &self,
        _device: &str,
        records: &[Record],
        _serial: &mut u16,
    ) -> Result<Exchange, String> {
        Ok(Exchange {
            send: encode::encode_avl(AvlCodec::Codec8E, records).map_err(|e| e.to_string())?,
            expect: encode::records_ack(records.len() as u32),
            refused: None,
        })
    }
}

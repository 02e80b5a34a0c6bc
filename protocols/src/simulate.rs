//! How a simulated device speaks a protocol, and the exact bytes it must
//! get back: the contract each protocol's `simulate` module implements for
//! the load generator (`trackgate-bench`) and the tests.
//!
//! Every packet a simulator builds ends with a message the protocol
//! answers, so each one has one exact expected reply. The gateway reads
//! nothing more from a connection while a commit is pending, so that reply
//! arrives only once every record before it is stored: it is the packet's
//! acknowledgement.

use bytes::Bytes;

use crate::record::Record;
use crate::spec::IdType;

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

/// A simulated device of one protocol.
///
/// `device` is the id the device identifies itself with (see
/// [`DeviceSimulator::device_id`]); `serial` numbers
/// the session's messages (and, where the protocol numbers its replies, the
/// gateway's replies): start it at 0 with each connection.
pub trait DeviceSimulator: Send + Sync + 'static {
    /// The id a simulated device with IMEI `imei` identifies itself with:
    /// what the protocol's id type makes of the IMEI, unless the protocol
    /// cannot carry that (a Meiligao tracker ID holds 14 digits at most).
    fn device_id(&self, imei: &str, id_type: IdType) -> String {
        id_type.from_imei(imei)
    }

    /// How the device identifies itself at the start of a session.
    fn login(&self, device: &str, serial: &mut u16) -> Exchange;

    /// One packet of `records`, with its expected reply.
    fn packet(
        &self,
        device: &str,
        records: &[Record],
        serial: &mut u16,
    ) -> Result<Exchange, String>;

    /// Location-less records the gateway stores for every packet beyond the
    /// ones sent (a protocol whose answered message carries a reading of
    /// its own, such as GT06's heartbeat with its battery voltage).
    fn extra_records_per_packet(&self) -> usize {
        0
    }
}

/// The next message serial number (1, 2, … wrapping).
pub fn next_serial(serial: &mut u16) -> u16 {
    *serial = serial.wrapping_add(1);
    *serial
}

#[cfg(test)]
mod tests {
    use bytes::BytesMut;

    use crate::catalogue;
    use crate::codec::Limits;
    use crate::message::Message;
    use crate::record::Record;
    use crate::spec::Protocol;

    use super::Exchange;

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

    /// Feeds what a device sends through the protocol's own stream codec:
    /// the replies it produces, the records it decodes and the device it
    /// identifies.
    fn through_codec(
        protocol: Protocol,
        exchanges: &[Exchange],
    ) -> (Vec<u8>, usize, Option<String>) {
        let mut codec = protocol
            .stream_codec(Limits::default())
            .expect("every simulated protocol is served over TCP");
        let (mut replies, mut records, mut device) = (Vec::new(), 0, None);
        for exchange in exchanges {
            let mut input = BytesMut::from(&exchange.send[..]);
            while let Some(message) = codec.decode(&mut input).expect("decodes") {
                if let Some(d) = message.device() {
                    device.get_or_insert(d.0.clone());
                }
                match message {
                    Message::Login { accept, .. } => {
                        replies.extend_from_slice(&accept.unwrap_or_default());
                    }
                    Message::Records {
                        records: r, ack, ..
                    } => {
                        records += r.len();
                        replies.extend_from_slice(&ack.unwrap_or_default());
                    }
                    Message::Heartbeat { reply, .. } => {
                        replies.extend_from_slice(&reply.unwrap_or_default());
                    }
                    Message::CommandResponse { .. } => panic!("no command responses expected"),
                }
            }
            assert!(input.is_empty(), "{protocol}: every byte forms a frame");
        }
        (replies, records, device)
    }

    /// Every simulator's packets go through the gateway's own codec: every
    /// record arrives, the device is identified by the id its model's id
    /// type gives, and the replies are exactly the ones the device expects.
    #[test]
    fn every_simulator_gets_exactly_the_replies_it_expects() {
        let imei = "350000000000018";
        let simulated: Vec<Protocol> = catalogue::ALL
            .iter()
            .copied()
            .filter(|p| p.simulator().is_some())
            .collect();
        assert!(simulated.len() >= 8, "the simulators are in the catalogue");
        for protocol in simulated {
            let simulator = protocol.simulator().expect("filtered");
            let id = simulator.device_id(imei, protocol.model().id_type);
            let mut serial = 0;
            let login = simulator.login(&id, &mut serial);
            let first = simulator.packet(&id, &records(3), &mut serial).unwrap();
            let second = simulator.packet(&id, &records(1), &mut serial).unwrap();
            let expected: Vec<u8> = [&login.expect, &first.expect, &second.expect]
                .iter()
                .flat_map(|b| b.iter().copied())
                .collect();
            let (replies, stored, device) = through_codec(protocol, &[login, first, second]);
            assert_eq!(replies, expected, "{protocol}");
            let extra = simulator.extra_records_per_packet() * 2;
            assert_eq!(stored, 4 + extra, "{protocol}: every record decoded");
            assert_eq!(
                device.as_deref(),
                Some(id.as_str()),
                "{protocol}: identified"
            );
        }
    }
}

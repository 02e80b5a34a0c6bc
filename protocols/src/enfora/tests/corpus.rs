//! Replays the device corpus's 5 Enfora samples, in order: #1–#4 (which
//! keep their TCP length) through one TCP codec, and all five as
//! datagrams.
//!
//! Accepted (4):
//! - #0 API 10 with modem id 011070000570267: a keep-alive. Its first two
//!   bytes are the API number, not a length (they say 10, it has 24), so
//!   it is the unprefixed form a datagram carries, and only sent as one.
//! - #2 and #3 (API 4) and #4 (API 10, its sentence without the `$`): the
//!   modem id, then a `GPRMC` sentence whose checksum holds. #2 has the
//!   corpus's exact fix (2012-06-02 22:31:52, valid, 35.16434,
//!   33.37906); #3 is of 2012-07-17, #4 of 2014-08-22 in the south
//!   (-34.54487, -58.51704).
//!
//! Refused on purpose (1), as unsupported: #1 (API 5, command 2, message
//! type 0: a binary report without its mask, laid out by a mask
//! configured on the device), skipped over TCP and refused as a
//! datagram. The corpus expects nothing of it either.

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::test_support::drain;

use super::super::EnforaDatagram;
use super::{codec, sample};

#[test]
fn samples_replay_in_order() {
    let mut list = crate::test_support::corpus("enfora");
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    assert_eq!(list.len(), 5);
    let keep_alive = EnforaDatagram.decode_datagram(&sample(0)).expect("decodes");
    assert!(matches!(
        keep_alive.as_slice(),
        [Message::Heartbeat { device: Some(d), reply: None }] if d.as_str() == "011070000570267"
    ));
    let mut stream = codec();
    for (index, expected) in list.iter().enumerate().skip(1) {
        let drained = drain(&mut stream, &sample(index));
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}"
        );
        let over_udp = EnforaDatagram.decode_datagram(&sample(index));
        if index == 1 {
            assert_eq!(drained.skipped_kinds(), ["unsupported"]);
            assert_eq!(over_udp.map_err(|e| e.kind()).err(), Some("unsupported"));
            continue;
        }
        assert_eq!(drained.messages, over_udp.expect("decodes"), "#{index}");
        let [
            Message::Records {
                device,
                records,
                ack: None,
            },
        ] = drained.messages.as_slice()
        else {
            panic!("#{index}: {:?}", drained.messages);
        };
        let record = &records[0];
        crate::test_support::assert_plausible(record);
        crate::test_support::assert_expected_fix(
            &format!("#{index}"),
            &expected["expected"],
            record,
        );
        assert!(record.valid, "#{index}");
        let (id, day) = match index {
            2 => ("123456789012345", "2012-06-02 22:31:52"),
            3 => ("011892000608189", "2012-07-17 17:18:41"),
            _ => ("861074021719656", "2014-08-22 16:12:48"),
        };
        assert_eq!(device.as_ref().map(|d| d.as_str()), Some(id), "#{index}");
        assert_eq!(
            record.fix_time_ms,
            crate::test_support::corpus_time(day),
            "#{index}"
        );
        if index == 4 {
            assert!((record.latitude + 34.544_868).abs() < 1e-5, "{record:?}");
            assert!((record.longitude + 58.517_036).abs() < 1e-5, "{record:?}");
        }
    }
}

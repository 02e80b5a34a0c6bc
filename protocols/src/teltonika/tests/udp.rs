//! The UDP envelope: decoding, acknowledgements, refusals.

use crate::codec::{DatagramCodec, DecodeError};
use crate::message::Message;
use crate::record::Record;

use super::super::udp::{Envelope, encode_datagram};
use super::super::{AvlCodec, TeltonikaDatagram, encode_avl};

const IMEI: &str = "352093081452251";

fn avl_data(records: &[Record]) -> Vec<u8> {
    let packet = encode_avl(AvlCodec::Codec8, records).expect("encodes");
    packet[8..packet.len() - 4].to_vec()
}

fn records() -> Vec<Record> {
    vec![
        Record::at(1_700_000_000_000, 54.6872, 25.2797),
        Record::at(1_700_000_060_000, 54.6880, 25.2810),
    ]
}

fn envelope(acked: bool) -> Envelope {
    Envelope {
        packet_id: 0xBEEF,
        acked,
        avl_packet_id: 0x07,
    }
}

#[test]
fn a_datagram_decodes_to_its_devices_records_and_ack() {
    let records = records();
    let datagram = encode_datagram(envelope(true), IMEI, &avl_data(&records)).expect("encodes");
    let messages = TeltonikaDatagram
        .decode_datagram(&datagram)
        .expect("decodes");
    let [
        Message::Records {
            device,
            records: back,
            ack,
        },
    ] = messages.as_slice()
    else {
        panic!("expected records, got {messages:?}");
    };
    assert_eq!(device.as_ref().map(|d| d.as_str()), Some(IMEI));
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].fix_time_ms, records[0].fix_time_ms);
    assert!((back[1].latitude - records[1].latitude).abs() < 1e-7);
    // 00 05, the packet id echoed, 01, the AVL packet id, 2 records.
    assert_eq!(
        ack.as_deref(),
        Some(&[0x00, 0x05, 0xBE, 0xEF, 0x01, 0x07, 0x02][..])
    );
}

#[test]
fn a_datagram_that_asks_for_no_answer_gets_none() {
    let datagram = encode_datagram(envelope(false), IMEI, &avl_data(&records())).expect("encodes");
    let messages = TeltonikaDatagram
        .decode_datagram(&datagram)
        .expect("decodes");
    assert!(matches!(
        messages.as_slice(),
        [Message::Records { ack: None, records, .. }] if records.len() == 2
    ));
}

#[test]
fn malformed_envelopes_are_refused() {
    let good = encode_datagram(envelope(true), IMEI, &avl_data(&records())).expect("encodes");
    let refuse = |bytes: &[u8], why: &str| {
        let result = TeltonikaDatagram.decode_datagram(bytes);
        assert!(
            matches!(result, Err(DecodeError::Malformed(_))),
            "{why}: {result:?}"
        );
    };
    refuse(
        &good[..good.len() - 1],
        "one byte short of its length field",
    );
    let mut longer = good.to_vec();
    longer.push(0);
    refuse(&longer, "one byte over its length field");
    let mut bad_type = good.to_vec();
    bad_type[4] = 0x02;
    refuse(&bad_type, "unknown packet type");
    let mut letters = good.to_vec();
    letters[8] = b'A';
    refuse(&letters, "IMEI with a letter");
    let mut count = good.to_vec();
    let last = count.len() - 1;
    count[last] = 3;
    refuse(&count, "closing record count disagrees");
    refuse(&[], "empty datagram");
    refuse(&[0x00, 0x00], "envelope without fields");
}

#[test]
fn command_responses_name_the_device_and_are_not_acknowledged() {
    // Codec 12, one type-06 response "OK", as a device answers a command.
    let mut data = vec![0x0C, 0x01, 0x06, 0x00, 0x00, 0x00, 0x02, b'O', b'K', 0x01];
    let datagram = encode_datagram(envelope(true), IMEI, &data).expect("encodes");
    let messages = TeltonikaDatagram
        .decode_datagram(&datagram)
        .expect("decodes");
    match messages.as_slice() {
        [
            Message::CommandResponse {
                device,
                text,
                ack,
                answers: _,
            },
        ] => {
            assert_eq!(device.as_ref().map(|d| d.as_str()), Some(IMEI));
            assert_eq!(text, "OK");
            assert!(ack.is_none());
        }
        other => panic!("expected a command response, got {other:?}"),
    }
    data[1] = 0x02;
    let datagram = encode_datagram(envelope(true), IMEI, &data).expect("encodes");
    assert!(TeltonikaDatagram.decode_datagram(&datagram).is_err());
}

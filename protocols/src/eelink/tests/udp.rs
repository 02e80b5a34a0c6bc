//! The `EL` envelope: decoding, wrapped answers, refusals.

use crate::codec::{DatagramCodec, DecodeError};
use crate::message::Message;
use crate::record::Record;

use super::super::encode::{encode_location, imei_bcd, reply, udp_checksum, udp_wrap};
use super::{NOW_MS, datagram, unhex};

const IMEI: &str = "352544071677471";

#[test]
fn corpus_login_datagram_is_answered_in_an_envelope() {
    // Corpus #3.
    let bytes = unhex(
        "454c0027e753035254407167747167670100180002035254407167747100200205020500010432000086bd",
    );
    let messages = datagram().decode_datagram(&bytes).expect("decodes");
    let [
        Message::Login {
            device,
            accept: Some(accept),
            reject: None,
        },
    ] = messages.as_slice()
    else {
        panic!("{messages:?}");
    };
    assert_eq!(device.as_str(), IMEI);
    // 67 67 01, size 9, sequence 2, time, version 00 01, mask 00.
    let inner = unhex("67670100090002 65e1c340 000100".replace(' ', "").as_str());
    let crc = udp_checksum(&inner).to_be_bytes();
    let mut want = unhex("454c0018");
    want.extend_from_slice(&crc);
    want.extend_from_slice(&unhex("0352544071677471"));
    want.extend_from_slice(&inner);
    assert_eq!(accept.to_vec(), want);
    // CRC-16/XMODEM's catalogue check value.
    assert_eq!(udp_checksum(b"123456789"), 0x31C3);
}

#[test]
fn every_packet_of_a_datagram_becomes_a_message_naming_the_device() {
    let first = Record::at(NOW_MS - 60_000, 52.2268, 5.1757);
    let second = Record::at(NOW_MS, -37.8410, 145.0394);
    let packets = [
        encode_location(&first, 1, 0x0003),
        encode_location(&second, 2, 0),
    ]
    .concat();
    let bytes = udp_wrap(IMEI, &packets);
    let messages = datagram().decode_datagram(&bytes).expect("decodes");
    assert_eq!(messages.len(), 2);
    for (message, (index, sent)) in messages.iter().zip([(1u16, &first), (2, &second)]) {
        let Message::Records {
            device: Some(device),
            records,
            ack: Some(ack),
        } = message
        else {
            panic!("{message:?}");
        };
        assert_eq!(device.as_str(), IMEI);
        assert_eq!(ack, &udp_wrap(IMEI, &reply(0x12, index)));
        assert_eq!(records[0].fix_time_ms, sent.fix_time_ms);
        assert!((records[0].latitude - sent.latitude).abs() < 1e-6);
        assert!((records[0].longitude - sent.longitude).abs() < 1e-6);
    }
    assert_eq!(
        imei_bcd(IMEI),
        [0x03, 0x52, 0x54, 0x40, 0x71, 0x67, 0x74, 0x71]
    );
}

#[test]
fn malformed_envelopes_are_refused() {
    let good = udp_wrap(IMEI, &reply(0x03, 9)).to_vec();
    assert!(datagram().decode_datagram(&good).is_ok());
    let refuse = |bytes: &[u8], why: &str| {
        let result = datagram().decode_datagram(bytes);
        assert!(
            matches!(result, Err(DecodeError::Malformed(_))),
            "{why}: {result:?}"
        );
    };
    refuse(&good[..good.len() - 1], "one byte short of its size");
    refuse(&[good.clone(), vec![0]].concat(), "one byte over its size");
    let mut mark = good.clone();
    mark[1] = b'M';
    refuse(&mark, "wrong marker");
    let mut imei = good.clone();
    imei[6] = 0xAB;
    refuse(&imei, "IMEI not BCD");
    refuse(&udp_wrap(IMEI, &[]), "no packets");
    refuse(&udp_wrap(IMEI, &unhex("6767030004")), "packet cut short");
    refuse(&[], "empty");
}

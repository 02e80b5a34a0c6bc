//! The UDP form: `[2.0;]imei#TYPE#body` per line of a datagram.

use crate::DatagramCodec;
use crate::message::{DeviceId, Message};

use super::super::WialonDatagram;

#[test]
fn corpus_datagrams_name_their_device() {
    // testDecode #13 and #9 of the corpus.
    let short = b"99999999#SD#270413;205601;5544.6025;N;03739.6834;E;1;2;3;4";
    let full = b"2.0;99999999#D#101118;061143;0756.0930;N;12338.6403;E;18.223;99.766;-4.000;10;0.800;NA;NA;NA;NA;101_521347:1:521249,101_521126:1:6593598,101_521127:1:774780,101_521072_21.1:1:0,101_521072_21.2:1:71353;F24A\r\n";
    for (datagram, ack) in [(&short[..], &b"#ASD#1\r\n"[..]), (&full[..], b"#AD#1\r\n")] {
        let messages = WialonDatagram.decode_datagram(datagram).expect("decodes");
        match messages.as_slice() {
            [
                Message::Records {
                    device,
                    records,
                    ack: Some(a),
                },
            ] => {
                assert_eq!(device, &Some(DeviceId("99999999".into())));
                assert_eq!(records.len(), 1);
                assert_eq!(&a[..], ack);
            }
            other => panic!("expected one record, got {other:?}"),
        }
    }
}

#[test]
fn every_datagram_message_names_its_device() {
    let two = b"7#P#\r\n7#SD#NA;NA;NA;NA;NA;NA;NA;NA;NA;NA\r\n";
    let messages = WialonDatagram.decode_datagram(two).expect("decodes");
    assert_eq!(messages.len(), 2);
    assert!(matches!(
        &messages[0],
        Message::Heartbeat { device: Some(_), reply: Some(r) } if &r[..] == b"#AP#\r\n"
    ));
    assert!(WialonDatagram.decode_datagram(b"#P#\r\n").is_err());
    assert!(WialonDatagram.decode_datagram(b"").is_err());
    // A 2.0 prefix requires the CRC.
    let messages = WialonDatagram
        .decode_datagram(b"2.0;7#SD#NA;NA;NA;NA;NA;NA;NA;NA;NA;NA")
        .expect("answered");
    assert!(matches!(
        &messages[0],
        Message::Heartbeat { reply: Some(r), .. } if &r[..] == b"#ASD#-1\r\n"
    ));
}

//! The login and heartbeat answers byte for byte, the reports that get
//! none, and the same over UDP.

use crate::codec::DatagramCodec;
use crate::message::Message;

use super::super::MeiligaoDatagram;
use super::super::decode::{HEARTBEAT, LOGIN};
use super::super::encode;
use super::super::framing::id_bytes;
use super::{NOW_MS, decode_one, sample, unhex};

#[test]
fn a_login_is_answered_4000_01() {
    let Message::Login { accept, reject, .. } = decode_one(&sample(20)).expect("decodes") else {
        panic!("a login");
    };
    // @@, length 18, ID 67144025885540, 4000, 01, CRC-16/IBM-3740, CR LF.
    assert_eq!(
        &accept.expect("answered")[..],
        &unhex("4040001267144025885540400001d8e10d0a")[..]
    );
    assert!(reject.is_none());
}

#[test]
fn a_heartbeat_is_answered_0001_01() {
    let id = id_bytes("1361234567").expect("digits");
    let heartbeat = encode::device(&id, HEARTBEAT, &[]);
    assert_eq!(&heartbeat[..13], &unhex("242400111361234567ffff0001")[..]);
    let Message::Heartbeat { reply, device } = decode_one(&heartbeat).expect("decodes") else {
        panic!("a heartbeat");
    };
    assert_eq!(device.expect("named").as_str(), "1361234567");
    assert_eq!(
        &reply.expect("answered")[..],
        &unhex("404000121361234567ffff000101a9c70d0a")[..]
    );
}

#[test]
fn reports_and_command_answers_are_not_answered() {
    for index in [0, 1, 8, 9, 21, 22] {
        match decode_one(&sample(index)).expect("decodes") {
            Message::Records { ack: None, .. } => {}
            other => panic!("#{index} answered: {other:?}"),
        }
    }
    let id = id_bytes("1361234567").expect("digits");
    let answer = encode::device(&id, 0x4114, &[0x01]);
    assert!(matches!(
        decode_one(&answer).expect("decodes"),
        Message::CommandResponse { ack: None, answers: None, ref text, .. } if text == "4114,01"
    ));
}

#[test]
fn datagrams_are_decoded_and_answered_alike() {
    let udp = MeiligaoDatagram::with_clock(|| NOW_MS);
    let messages = udp.decode_datagram(&sample(20)).expect("decodes");
    let [Message::Login { accept, device, .. }] = messages.as_slice() else {
        panic!("{messages:?}");
    };
    assert_eq!(device.as_str(), "67144025885540");
    assert_eq!(
        accept.as_deref(),
        Some(&unhex("4040001267144025885540400001d8e10d0a")[..])
    );
    let [Message::Records { records, .. }] = &udp.decode_datagram(&sample(21)).expect("ok")[..]
    else {
        panic!("a position");
    };
    assert!(records[0].valid);
    // A datagram is one whole packet: anything else is refused.
    let login = sample(20);
    assert!(udp.decode_datagram(&login[..login.len() - 1]).is_err());
    assert!(
        udp.decode_datagram(&[b"x".as_slice(), &login].concat())
            .is_err()
    );
    assert!(udp.decode_datagram(&[&login[..], &login].concat()).is_err());
    let id = id_bytes("1").expect("digits");
    assert!(
        udp.decode_datagram(&encode::device(&id, LOGIN, &[]))
            .is_ok()
    );
}

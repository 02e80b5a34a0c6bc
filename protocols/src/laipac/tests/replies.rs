//! The Laipac answers, byte for byte, and the reports that get none.

use crate::message::Message;

use super::{decode_one, line};

fn ack(index: usize) -> Option<String> {
    match decode_one(&line(index)).expect("decodes") {
        Message::Records { ack, .. } => ack.map(|a| String::from_utf8(a.to_vec()).expect("text")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn lower_case_statuses_are_confirmed_with_the_reports_checksum() {
    // #0: status `r`, event `a`, checksum 78.
    assert_eq!(ack(0).as_deref(), Some("$EAVACK,a,78*75\r\n"));
    // #7: status `a`, event 0, checksum 17.
    assert_eq!(ack(7).as_deref(), Some("$EAVACK,0,17*2D\r\n"));
    // #15: status `v`, event 0, checksum 23.
    assert_eq!(ack(15).as_deref(), Some("$EAVACK,0,23*2A\r\n"));
}

#[test]
fn configuration_events_get_their_avcfg_answer() {
    assert_eq!(ack(10).as_deref(), Some("$AVCFG,00000000,t*21\r\n"));
    assert_eq!(ack(11).as_deref(), Some("$AVCFG,00000000,t*21\r\n"));
    assert_eq!(ack(12).as_deref(), Some("$AVCFG,00000000,d*31\r\n"));
    assert_eq!(ack(13).as_deref(), Some("$AVCFG,00000000,x*2D\r\n"));
    assert_eq!(ack(14).as_deref(), Some("$AVCFG,00000000,x*2D\r\n"));
}

#[test]
fn other_reports_and_system_details_are_not_answered() {
    for index in [1, 3, 4, 6, 16, 21, 33] {
        assert_eq!(ack(index), None, "#{index}");
    }
}

#[test]
fn a_check_is_echoed_with_cr_lf() {
    let Message::Heartbeat { reply, .. } = decode_one(&line(2)).expect("decodes") else {
        panic!("a heartbeat");
    };
    assert_eq!(reply.as_deref(), Some(&b"$ECHK,99999999,0*35\r\n"[..]));
}

//! The Totem answers, byte for byte, and the layouts behind them.

use crate::message::Message;
use crate::record::FixSource;

use super::super::encode::message;
use super::super::framing::Form;
use super::{decode_one, wire};

fn answer(bytes: &[u8]) -> String {
    let bytes = match decode_one(bytes).expect("decodes") {
        Message::Records { ack, .. } => ack,
        Message::Heartbeat { reply, .. } => reply,
        other => panic!("{other:?}"),
    };
    String::from_utf8(bytes.expect("answered").to_vec()).expect("text")
}

#[test]
fn long_form_messages_echo_the_four_characters_before_their_checksum() {
    // #1 ends `…0186` + `0E`: `$$0014AA0186` and its XOR.
    assert_eq!(answer(&wire(1)), "$$0014AA01860A");
    // #3 ends `…2949` + `7E`.
    assert_eq!(answer(&wire(3)), "$$0014AA294903");
    // A keep-alive (the corpus's first frame sample) is answered alike.
    assert_eq!(answer(b"$$0025BB8620100372948613E"), "$$0014AA48610E");
}

#[test]
fn short_form_reports_are_answered_ack_ok() {
    for index in [15, 18, 22, 24, 27] {
        assert_eq!(answer(&wire(index)), "ACK OK\r\n", "#{index}");
    }
}

#[test]
fn the_piped_layout_decodes_when_its_crc_holds() {
    // Corpus #21's layout (its own CRC fails), the CRC recomputed.
    let rebuilt = message(
        Form::Short,
        "862170017861566|AA180613080657|A|2237.1901|N|11402.1369|E|1.579|178|8.70|100000001000|13811|00000000|253162F5|00000000|0.0000|0014|",
    );
    let Message::Records { records, ack, .. } = decode_one(&rebuilt).expect("decodes") else {
        panic!("a report");
    };
    assert_eq!(ack.as_deref(), Some(&b"ACK OK\r\n"[..]));
    let record = &records[0];
    // 2013-06-18 08:06:57, as the corpus expects of #21.
    assert_eq!(record.fix_time_ms, 1_371_542_817_000);
    assert!(record.valid);
    assert!((record.latitude - 22.61984).abs() < 1e-5);
    assert!((record.longitude - 114.03562).abs() < 1e-5);
    assert_eq!((record.course_deg, record.hdop), (178.0, Some(8.7)));
}

#[test]
fn a_report_without_a_date_is_kept_without_a_position() {
    let Message::Records { records, .. } = decode_one(&wire(24)).expect("decodes") else {
        panic!("a report");
    };
    assert_eq!(records[0].source, FixSource::None);
    assert_eq!(records[0].fix_time_ms, super::NOW_MS);
}

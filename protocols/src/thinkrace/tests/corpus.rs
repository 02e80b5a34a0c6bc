//! Replays the device corpus's 2 ThinkRace samples, in order, through one
//! codec. Both checksums (the 16-bit sum of every byte before them) hold.
//!
//! Accepted (2):
//! - #0: the `80` login, command `01`, IMEI `460001461962948` (the
//!   header's id is `SIH014700148`), answered `HR` + id + `2C 80 0002
//!   8000 0000`.
//! - #1: a `90` position of that device, unanswered: 2015-06-04 09:12:20
//!   UTC, 22.365796 N 114.014227 E (flags `D7`: north, east), course 122.
//!
//! None is refused or skipped.

use crate::message::Message;
use crate::test_support::drain;

use super::super::encode::login_answer;
use super::{ID, codec, packet};

#[test]
fn samples_replay_in_order() {
    let mut stream = codec();
    let login = drain(&mut stream, &packet(0));
    assert!(login.skipped.is_empty() && login.closed.is_none() && login.rest.is_empty());
    match login.messages.as_slice() {
        [Message::Login { device, accept, .. }] => {
            assert_eq!(device.as_str(), "460001461962948");
            assert_eq!(accept.as_ref(), Some(&login_answer(ID)));
        }
        other => panic!("{other:?}"),
    }
    let position = drain(&mut stream, &packet(1));
    assert!(position.skipped.is_empty() && position.closed.is_none() && position.rest.is_empty());
    let [
        Message::Records {
            device,
            records,
            ack,
        },
    ] = position.messages.as_slice()
    else {
        panic!("{:?}", position.messages);
    };
    assert_eq!((device, ack), (&None, &None), "the login named the device");
    let record = &records[0];
    crate::test_support::assert_plausible(record);
    assert_eq!(
        record.fix_time_ms,
        crate::test_support::corpus_time("2015-06-04 09:12:20")
    );
    assert!(record.valid);
    assert!((record.latitude - 22.365_796).abs() < 1e-9);
    assert!((record.longitude - 114.014_227).abs() < 1e-9);
    assert_eq!((record.speed_kmh, record.course_deg), (0.0, 122.0));
}

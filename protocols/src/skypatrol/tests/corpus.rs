//! Replays the device corpus's 6 Skypatrol samples, in order, as
//! datagrams and, each with its length in front, through one TCP codec.
//!
//! Accepted (4):
//! - #0 API 10 with modem id 011722001357983: a keep-alive.
//! - #1 (5-byte header form) and #5 (API 4): the modem id then a
//!   `$GPRMC` sentence: valid fixes of 2017-07-06 14:09:17 (-33.03669,
//!   -71.59798) and 2014-07-19 22:48:39 (3.47398, -76.52680). The
//!   corpus expects nothing of these text reports; they carry a whole,
//!   checksummed fix, which is stored.
//! - #2 the binary event report with every mask bit set: modem id
//!   11477583, valid, 2012-07-17 22:07:43 UTC, 25.80211, -80.33228,
//!   23 m, 5 satellites.
//!
//! Refused on purpose (2), as unsupported: #3 (API 5, command type 0:
//! the later 5-byte-header binary form, whose layout is not published)
//! and #4 (API 5, command 2, message type 0: a binary report without a
//! mask, laid out by a mask configured on the device).

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::record::Record;
use crate::test_support::drain;

use super::super::SkypatrolDatagram;
use super::{codec, datagram, frame};

fn fix(index: usize, record: &Record, want: (&str, f64, f64)) {
    crate::test_support::assert_plausible(record);
    assert!(record.valid, "#{index}");
    let time = crate::test_support::corpus_time(want.0);
    assert_eq!(record.fix_time_ms, time, "#{index}");
    assert!(
        (record.latitude - want.1).abs() < 1e-5,
        "#{index}: {record:?}"
    );
    assert!(
        (record.longitude - want.2).abs() < 1e-5,
        "#{index}: {record:?}"
    );
}

#[test]
fn samples_replay_in_order() {
    let mut stream = codec();
    for index in 0..6 {
        let over_udp = SkypatrolDatagram.decode_datagram(&datagram(index));
        let drained = drain(&mut stream, &frame(index));
        assert!(
            drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}"
        );
        if matches!(index, 3 | 4) {
            assert_eq!(drained.skipped_kinds(), ["unsupported"], "#{index}");
            assert_eq!(over_udp.map_err(|e| e.kind()).err(), Some("unsupported"));
            continue;
        }
        let messages = over_udp.expect("decodes");
        assert_eq!(drained.messages, messages, "#{index}: the same over TCP");
        let device = messages[0].device().map(|d| d.as_str().to_owned());
        match (index, messages.as_slice()) {
            (0, [Message::Heartbeat { reply: None, .. }]) => {
                assert_eq!(device.as_deref(), Some("011722001357983"));
            }
            (
                _,
                [
                    Message::Records {
                        records, ack: None, ..
                    },
                ],
            ) => {
                let record = &records[0];
                match index {
                    1 => {
                        assert_eq!(device.as_deref(), Some("011722001357983"));
                        fix(
                            index,
                            record,
                            ("2017-07-06 14:09:17", -33.036_685, -71.597_973),
                        );
                    }
                    2 => {
                        assert_eq!(device.as_deref(), Some("11477583"));
                        fix(
                            index,
                            record,
                            ("2012-07-17 22:07:43", 25.802_110, -80.332_282),
                        );
                        assert_eq!((record.altitude_m, record.satellites), (23.0, Some(5)));
                        assert_eq!((record.speed_kmh, record.course_deg), (0.0, 0.0));
                        assert_eq!(record.io.len(), 13, "every raw field kept");
                    }
                    _ => {
                        assert_eq!(device.as_deref(), Some("011722001185178"));
                        fix(
                            index,
                            record,
                            ("2014-07-19 22:48:39", 3.473_980, -76.526_795),
                        );
                    }
                }
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
}

//! Replays the device corpus's 18 Tramigo decoder samples, in order,
//! through one codec. Every sample is accepted and answered; none is
//! refused or skipped.
//!
//! - #0, #1: binary (`04`) reports of unit 35262569, answered with the
//!   24-byte acknowledgement. #1 (report type `00`) is a position at its
//!   header's time (2000-01-01 00:00:16: the unit's clock was not set),
//!   -17.85727, 31.01805 (Harare). #0 (report type `04`, no position at
//!   its source) is a location-less record at 2023-02-15 08:56:52, its
//!   body raw.
//! - #6: a text `ping` → a keep-alive, answered `gprs,ack,15642`.
//! - #2–#5, #7–#17: text reports, each a record at its header's time with
//!   the two decimal degrees of its text (#16 in French, ISO-8859-1), and
//!   the heading and speed when the text gives them (#2: NW, 10 km/h),
//!   answered `gprs,ack,<index>`.

use crate::message::Message;
use crate::record::FixSource;
use crate::test_support::{corpus_time, drain};

use super::{codec, packet, samples};

#[test]
fn samples_replay_in_order() {
    let list = samples("Protocol");
    assert_eq!(list.len(), 18);
    let mut stream = codec();
    for index in 0..list.len() {
        let bytes = packet(index);
        let drained = drain(&mut stream, &bytes);
        assert!(
            drained.skipped.is_empty() && drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        let [message] = drained.messages.as_slice() else {
            panic!("#{index}: {:?}", drained.messages);
        };
        match (index, message) {
            (6, Message::Heartbeat { reply, .. }) => {
                assert_eq!(reply.as_deref(), Some(&b"gprs,ack,15642"[..]));
            }
            (
                0 | 1,
                Message::Records {
                    records,
                    device,
                    ack,
                },
            ) => {
                assert_eq!(device.as_ref().map(|d| d.as_str()), Some("35262569"));
                assert_eq!(ack.as_ref().map(|a| a.len()), Some(24));
                let record = &records[0];
                crate::test_support::assert_plausible(record);
                if index == 0 {
                    assert_eq!(record.source, FixSource::None);
                    assert_eq!(record.fix_time_ms, corpus_time("2023-02-15 08:56:52"));
                } else {
                    assert_eq!(record.fix_time_ms, corpus_time("2000-01-01 00:00:16"));
                    assert!((record.latitude + 17.857_27).abs() < 1e-9);
                    assert!((record.longitude - 31.018_05).abs() < 1e-9);
                }
            }
            (_, Message::Records { records, ack, .. }) => {
                let index_field = u16::from_be_bytes([bytes[2], bytes[3]]);
                let expected_ack = format!("gprs,ack,{index_field}");
                assert_eq!(ack.as_deref(), Some(expected_ack.as_bytes()), "#{index}");
                let record = &records[0];
                crate::test_support::assert_plausible(record);
                assert!(record.valid && record.source == FixSource::Gnss, "#{index}");
                // The two decimal degrees of the text, as written.
                let text = String::from_utf8_lossy(&bytes[20..]).into_owned();
                let shown = format!("{:.5}, {:.5}", record.latitude, record.longitude);
                assert!(text.contains(&shown), "#{index}: {shown} in {text}");
                if index == 2 {
                    assert_eq!((record.course_deg, record.speed_kmh), (315.0, 10.0));
                    assert_eq!(record.fix_time_ms, corpus_time("2017-08-09 00:49:17"));
                }
            }
            (_, other) => panic!("#{index}: {other:?}"),
        }
    }
}

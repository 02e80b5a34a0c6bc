//! Replays the device corpus's 2 Pretrace samples, in order, through one
//! codec, each ended by `)` as on the wire.
//!
//! Both are accepted, unanswered (the corpus gives no exact fix):
//! - #0: device 867967021915915, 2017-01-20 15:00:10, valid, 22.63617,
//!   114.032207, speed 0, course 264; extras `&P11A4,F1050` kept raw.
//! - #1: device 864244029498838, 2015-09-25 06:53:07, valid, course 196;
//!   four extras kept raw.
//!
//! Their `^XX` checksums are not verified (no rule reproduces them).

use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};
use crate::test_support::drain;

use super::{codec, report, samples};

fn raw<'a>(record: &'a Record, name: &str) -> Option<&'a str> {
    record.io.iter().find_map(|e| match (&e.key, &e.value) {
        (IoKey::Name(key), IoValue::Text(text)) if key == name => Some(text.as_str()),
        _ => None,
    })
}

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 2);
    let mut stream = codec();
    let mut records = Vec::new();
    for (index, sample) in list.iter().enumerate() {
        let drained = drain(&mut stream, &report(index));
        assert!(
            drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        let [
            Message::Records {
                device,
                records: got,
                ack,
            },
        ] = drained.messages.as_slice()
        else {
            panic!("#{index}: {:?}", drained.messages);
        };
        assert!(ack.is_none());
        let text = sample["payload"].as_str().expect("text");
        assert_eq!(
            device.as_ref().map(|d| d.as_str()),
            text.get(1..16),
            "#{index}"
        );
        crate::test_support::assert_plausible(&got[0]);
        assert!(got[0].valid, "#{index}");
        assert_eq!(raw(&got[0], "type"), Some("U1110"));
        records.push(got[0].clone());
    }
    let first = &records[0];
    // 2017-01-20 15:00:10 UTC.
    assert_eq!(first.fix_time_ms, 1_484_924_410_000);
    assert!((first.latitude - (22.0 + 38.17 / 60.0)).abs() < 1e-9);
    assert!((first.longitude - (114.0 + 1.9324 / 60.0)).abs() < 1e-9);
    assert_eq!((first.speed_kmh, first.course_deg), (0.0, 264.0));
    assert_eq!(raw(first, "status"), Some("000000000009001790000000"));
    assert_eq!(raw(first, "extras"), Some("&P11A4,F1050"));
    // 2015-09-25 06:53:07 UTC.
    assert_eq!(records[1].fix_time_ms, 1_443_163_987_000);
    assert_eq!(records[1].course_deg, 196.0);
    assert_eq!(
        raw(&records[1], "extras"),
        Some("&P195%,T1050,F14A5,R104C51E47B")
    );
}

//! Replays the device corpus's 11 MXT decoder samples, in order, through
//! one codec, each as the device sends it (stuffed, between `01` and
//! `04`).
//!
//! - #0–#10: positions (type `31`) from five devices in Brazil → one valid
//!   fix each, answered. The corpus gives no expected values; the fixes
//!   here are read from the bytes: #1 is device 8277012 at 2016-02-11
//!   21:27:52, -25.398199, -49.299892 (Curitiba); #5, #8 and #9 are one
//!   device (8321507) 1 min 27 s and 1 min 20 s apart with sequence
//!   numbers `0AF4`, `0AFA`, `0AFE`. #0 is dated 2002-02-07, the one
//!   sample whose time is not in 2015 or 2016: kept as the device sent it.
//!   #7 and #10 are the same bytes.
//! - Nothing is refused: every sample's CRC holds over the unstuffed
//!   bytes (`10 21`, `10 24`, `10 30`, `10 31` stand for `01`, `04`, `10`,
//!   `11`). #0 also carries a bare `01` inside, which is data (see
//!   `framing.rs`).

use crate::message::Message;
use crate::record::FixSource;
use crate::test_support::{corpus_time, drain};

use super::{codec, samples, wire};

/// The device id each sample names.
const DEVICES: [&str; 11] = [
    "8086183", "8277012", "8003126", "8222744", "8222653", "8321507", "8222744", "8222744",
    "8321507", "8321507", "8222744",
];

#[test]
fn samples_replay_in_order() {
    let list = samples();
    assert_eq!(list.len(), 11);
    let mut stream = codec();
    for index in 0..list.len() {
        let drained = drain(&mut stream, &wire(index));
        assert!(
            drained.skipped.is_empty() && drained.closed.is_none() && drained.rest.is_empty(),
            "#{index}: {drained:?}"
        );
        let [
            Message::Records {
                device,
                records,
                ack,
            },
        ] = drained.messages.as_slice()
        else {
            panic!("#{index}: {:?}", drained.messages);
        };
        assert!(ack.is_some(), "#{index}");
        assert_eq!(
            device.as_ref().map(|d| d.as_str()),
            Some(DEVICES[index]),
            "#{index}"
        );
        let [record] = records.as_slice() else {
            panic!("#{index}: {records:?}");
        };
        crate::test_support::assert_plausible(record);
        crate::test_support::assert_expected_fix(
            &format!("#{index}"),
            &list[index]["expected"],
            record,
        );
        assert_eq!(record.source, FixSource::Gnss, "#{index}");
        assert!(record.valid, "#{index}");
        // All in Brazil.
        assert!(
            (-34.0..=0.0).contains(&record.latitude) && (-74.0..=-34.0).contains(&record.longitude),
            "#{index}: {record:?}"
        );
        assert_eq!(record.io.len(), 5, "#{index}: raw kept");
    }
}

#[test]
fn sample_1_is_curitiba_on_2016_02_11() {
    let drained = drain(&mut codec(), &wire(1));
    let Message::Records { records, .. } = &drained.messages[0] else {
        panic!("{drained:?}");
    };
    let record = &records[0];
    assert_eq!(record.fix_time_ms, corpus_time("2016-02-11 21:27:52"));
    assert_eq!(record.latitude, -25.398199);
    assert_eq!(record.longitude, -49.299892);
    assert_eq!(
        record.io[2].value.as_u64(),
        Some(0xD23A),
        "the sequence number"
    );
}

#[test]
fn one_devices_positions_follow_each_other() {
    let times: Vec<(i64, u64)> = [5, 8, 9]
        .into_iter()
        .map(|index| {
            let drained = drain(&mut codec(), &wire(index));
            let Message::Records { records, .. } = &drained.messages[0] else {
                panic!("{drained:?}");
            };
            let sequence = records[0].io[2].value.as_u64().expect("sequence");
            (records[0].fix_time_ms, sequence)
        })
        .collect();
    assert_eq!(times[0].0, corpus_time("2015-06-17 01:22:24"));
    assert_eq!(times[1].0 - times[0].0, 87_000);
    assert_eq!(times[2].0 - times[1].0, 80_000);
    assert_eq!(
        times.iter().map(|t| t.1).collect::<Vec<_>>(),
        [0x0AF4, 0x0AFA, 0x0AFE]
    );
}

#[test]
fn sample_0_keeps_its_2002_time() {
    let drained = drain(&mut codec(), &wire(0));
    let Message::Records { records, .. } = &drained.messages[0] else {
        panic!("{drained:?}");
    };
    assert_eq!(records[0].fix_time_ms, corpus_time("2002-02-07 08:21:00"));
    assert_eq!(records[0].latitude, -16.074838);
    assert_eq!(records[0].longitude, -47.980564);
}

//! Replays the device corpus's 32 GoSafe samples: the 30 decoder samples
//! through one stream codec, in order (each text one ended by `#` as on
//! the wire), and again as datagrams; the two frame-splitting samples
//! through codecs of their own.
//!
//! 29 decoder samples are accepted and answered `1234`; one is skipped.
//!
//! - #0, the one binary report, is skipped: its CRC-16/XMODEM holds, but
//!   the binary layout is not decoded (no public document settles it).
//! - #1 (`RST`), #22 and #26 (the IMEI alone) are keep-alives.
//! - The others are reports, 1 to 7 records each (#14: 7, the last six
//!   dated `000000000000`, so dated on arrival and not trusted). #3 and
//!   #4 carry temperatures (#3: sensor index 3 at 24.0 °C, #4: index 0 at
//!   22.5 °C, as the corpus expects); #5's first record has event `1C`
//!   (28, as the corpus expects); #21 is the `02` form (2016-01-17
//!   23:00:40, -1.166829, 36.934287). Fixes flagged `V` or `L` (#9, #13,
//!   #14, #16–#20) are not valid.
//! - Frame samples: a whole text message in one chunk, cut with its `#`
//!   dropped; a stuffed binary report (`1B 00` inside), unstuffed to the
//!   corpus's frame and skipped like #0.

use crate::codec::{DatagramCodec, DecodeError};
use crate::message::Message;
use crate::record::{FixSource, Record};
use crate::sensor::{Sensor, Value};
use crate::test_support::{assert_plausible, drain, skipped_cause};

use super::{NOW_MS, codec, datagram, datagrams, frame_samples, message, samples};

/// Record counts per decoder sample (0: a keep-alive; `None`: skipped).
const RECORDS: [Option<usize>; 30] = [
    None,
    Some(0),
    Some(2),
    Some(1),
    Some(1),
    Some(2),
    Some(5),
    Some(2),
    Some(1),
    Some(1),
    Some(1),
    Some(1),
    Some(1),
    Some(1),
    Some(7),
    Some(1),
    Some(1),
    Some(1),
    Some(2),
    Some(1),
    Some(1),
    Some(1),
    Some(0),
    Some(1),
    Some(1),
    Some(1),
    Some(0),
    Some(5),
    Some(1),
    Some(4),
];

fn number(record: &Record, name: &str) -> Option<f64> {
    record
        .values
        .iter()
        .find_map(|v| match (&v.sensor, &v.value) {
            (Sensor::Input(key), Value::Number(n)) if key == name => Some(*n),
            _ => None,
        })
}

/// The records of sample `index`, over TCP and UDP alike.
fn records(index: usize) -> Vec<Record> {
    let name = format!("testDecode #{index}");
    let drained = drain(&mut codec(), &message(index));
    assert!(
        drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty(),
        "{name}: {drained:?}"
    );
    let udp = datagrams()
        .decode_datagram(&datagram(index))
        .expect("decodes");
    assert_eq!(
        format!("{:?}", drained.messages),
        format!("{udp:?}"),
        "{name}"
    );
    let imei = samples()[index]["payload"].as_str().expect("text")[6..]
        .split([',', '#'])
        .next()
        .expect("imei")
        .to_owned();
    match drained.messages.as_slice() {
        [
            Message::Heartbeat {
                device,
                reply: Some(_),
            },
        ] => {
            assert_eq!(
                device.as_ref().map(|d| d.as_str()),
                Some(imei.as_str()),
                "{name}"
            );
            Vec::new()
        }
        [
            Message::Records {
                device,
                records,
                ack: Some(_),
            },
        ] => {
            assert_eq!(
                device.as_ref().map(|d| d.as_str()),
                Some(imei.as_str()),
                "{name}"
            );
            for record in records
                .iter()
                .filter(|r| r.source == FixSource::Gnss && r.valid)
            {
                assert_plausible(record);
            }
            records.clone()
        }
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn every_sample_in_order() {
    assert_eq!(samples().len(), 30);
    let stream: Vec<u8> = (0..30).flat_map(message).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(
        drained.closed.is_none() && drained.rest.is_empty(),
        "{drained:?}"
    );
    assert_eq!(drained.skipped_kinds(), ["unsupported"]);
    assert_eq!(drained.messages.len(), 29);
    for (index, expected) in RECORDS.iter().enumerate() {
        match expected {
            None => {
                let mut c = codec();
                let mut buf = bytes::BytesMut::from(&message(index)[..]);
                let error =
                    crate::codec::DeviceCodec::decode(&mut c, &mut buf).expect_err("skipped");
                assert!(matches!(skipped_cause(error), DecodeError::Unsupported(_)));
                assert!(datagrams().decode_datagram(&datagram(index)).is_err());
            }
            Some(count) => assert_eq!(records(index).len(), *count, "#{index}"),
        }
    }
}

#[test]
fn reports_of_the_current_form() {
    let second = records(2);
    // 2023-05-30 18:12:55 UTC.
    assert_eq!(second[0].fix_time_ms, 1_685_470_375_000);
    assert!(second[0].valid);
    assert_eq!(
        (second[0].latitude, second[0].longitude),
        (31.551_856, 74.366_92)
    );
    assert_eq!(
        (second[0].satellites, second[0].hdop),
        (Some(5), Some(2.15))
    );
    assert_eq!(number(&second[0], "board_voltage"), Some(10.78));
    assert_eq!(number(&records(3)[0], "ext_temp_sensor_4"), Some(24.0));
    assert_eq!(number(&records(4)[0], "ext_temp_sensor_1"), Some(22.5));
    let fifth = records(5);
    assert_eq!((fifth[0].event, fifth[1].event), (Some(28), None));
    assert!((fifth[0].latitude + 25.7502).abs() < 1e-9);
}

#[test]
fn queued_records_without_a_time_are_not_trusted() {
    let all = records(14);
    assert!(!all[0].valid, "GPS:L");
    assert!(all[1..].iter().all(|r| r.fix_time_ms == NOW_MS && !r.valid));
    assert_eq!(all[3].event, Some(0x93));
}

#[test]
fn the_02_form() {
    let [record] = records(21).try_into().expect("one record");
    // 2016-01-17 23:00:40 UTC.
    assert_eq!(record.fix_time_ms, 1_453_071_640_000);
    assert!(record.valid);
    assert_eq!(
        (record.latitude, record.longitude),
        (-1.166_829, 36.934_287)
    );
    assert_eq!(number(&record, "board_voltage"), None);
}

#[test]
fn the_frame_samples_are_cut_exactly() {
    let frames = frame_samples();
    let (text, frame) = &frames[0];
    assert_eq!(text, frame);
    let drained = drain(&mut codec(), text);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
    assert!(matches!(
        drained.messages.as_slice(),
        [Message::Records { .. }]
    ));
    let (stuffed, frame) = &frames[1];
    let mut buf = bytes::BytesMut::from(&stuffed[..]);
    let cut = super::super::framing::cut(&mut buf, 4096)
        .expect("ok")
        .expect("a frame");
    assert_eq!(
        cut,
        super::super::framing::Frame::Binary(frame[1..frame.len() - 1].to_vec().into())
    );
    assert!(buf.is_empty());
    let drained = drain(&mut codec(), stuffed);
    assert_eq!(drained.skipped_kinds(), ["unsupported"]);
}

//! The corpus's Topflytech sample (assert `position`, no exact values):
//! checked against the values its fix block spells out.
//!
//! The corpus's one sample is stored without its closing `)`; the test
//! appends it (`sample_wire`). No sample is refused or skipped.

use crate::message::Message;
use crate::record::{IoKey, IoValue};

use super::{decode_one, sample_wire};

#[test]
fn the_sample_decodes_to_its_fix() {
    let message = decode_one(&sample_wire()).expect("decodes");
    assert_eq!(
        message.device().map(|d| d.as_str()),
        Some("880316890094910")
    );
    let Message::Records {
        records, ack: None, ..
    } = &message
    else {
        panic!("{message:?}");
    };
    let [record] = &records[..] else {
        panic!("{records:?}");
    };
    crate::test_support::assert_plausible(record);
    // 130531 152205: 2013-05-31 15:22:05 UTC.
    assert_eq!(record.fix_time_ms, 1_370_013_725_000);
    assert!(record.valid);
    assert!((record.latitude + (7.0 + 6.1395 / 60.0)).abs() < 1e-9);
    assert!((record.longitude - (110.0 + 24.0965 / 60.0)).abs() < 1e-9);
    assert_eq!(record.speed_kmh, 0.0);
    assert!((record.course_deg - 251.25).abs() < 1e-9);
    assert_eq!(record.io[0].key, IoKey::Name("status".into()),);
    assert_eq!(
        record.io[0].value,
        IoValue::Text("BP00XG00b600000000L00074b54S00000000R0C0F0014000100f0".into())
    );
}

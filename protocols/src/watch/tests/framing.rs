//! The 3G watch framer: the corpus frame samples, bracket balance,
//! stuffing, resync and the frame limit.

use bytes::BytesMut;

use crate::codec::DecodeError;

use super::super::framing::{Framer, cut, header};
use super::samples;

#[test]
fn corpus_frame_samples_cut_the_expected_frame() {
    let frames: Vec<_> = samples()
        .into_iter()
        .filter(|s| s["assert"] == "frame")
        .collect();
    assert_eq!(frames.len(), 7);
    for sample in frames {
        let name = format!("frame #{}", sample["seq"]["index"]);
        let input = crate::test_support::unhex(sample["payload"].as_str().expect("hex"));
        let expected =
            crate::test_support::unhex(sample["expected"]["frame"].as_str().expect("hex"));
        let mut buf = BytesMut::from(&input[..]);
        let frame = cut(&mut buf, 4096)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .unwrap_or_else(|| panic!("{name}: no frame"));
        assert_eq!(&frame[..], &expected[..], "{name}");
    }
}

#[test]
fn brackets_inside_text_are_balanced_and_resync_skips_garbage() {
    let mut framer = Framer::default();
    let mut buf = BytesMut::from(&b"xx[3G*1*0009*UD,[a]b,c][3G*1*0002*LK"[..]);
    assert_eq!(
        framer.cut(&mut buf, 1024).expect("ok").as_deref(),
        Some(&b"[3G*1*0009*UD,[a]b,c]"[..])
    );
    assert_eq!(
        framer.cut(&mut buf, 1024).expect("ok"),
        None,
        "second frame open"
    );
    buf.extend_from_slice(b",[x");
    assert_eq!(framer.cut(&mut buf, 1024).expect("ok"), None, "still open");
    buf.extend_from_slice(b"]]");
    assert_eq!(
        framer.cut(&mut buf, 1024).expect("ok").as_deref(),
        Some(&b"[3G*1*0002*LK,[x]]"[..])
    );
    let mut junk = BytesMut::from(&b"no frame here"[..]);
    assert_eq!(cut(&mut junk, 1024).expect("ok"), None);
    assert!(junk.is_empty());
}

#[test]
fn stuffing_and_headers_are_checked() {
    let mut bad = BytesMut::from(&b"[CS*1*0002*TK\x7d\x09]"[..]);
    assert!(matches!(
        cut(&mut bad, 1024),
        Err(DecodeError::Malformed(_))
    ));
    let (h, start) = header(b"[ZJ*0141*0034*0009*LK,0]")
        .expect("whole")
        .expect("valid");
    assert_eq!((h.index.as_deref(), h.length, start), (Some("0034"), 9, 19));
    let (h, start) = header(b"[3G*42*000B*oxygen,0,98]")
        .expect("whole")
        .expect("valid");
    assert_eq!((h.index, h.length, start), (None, 11, 12));
    assert!(header(b"[3G*42*00").is_none(), "header not complete yet");
    assert!(header(b"[3G*42*0002*AB").is_none(), "AB may start an index");
    assert!(matches!(header(b"[3G*42*xyz*LK]"), Some(Err(_))));
}

#[test]
fn frames_over_the_limit_are_refused() {
    let mut declared = BytesMut::from(&b"[3G*1*FFFF*UD,"[..]);
    assert!(matches!(
        cut(&mut declared, 1024),
        Err(DecodeError::Oversize {
            len: 0xFFFF,
            max: 1024
        })
    ));
    let mut open = BytesMut::from(&b"[3G*1*0002*LK,"[..]);
    open.extend_from_slice(&[b'0'; 64]);
    assert!(matches!(
        cut(&mut open, 32),
        Err(DecodeError::Oversize { .. })
    ));
}

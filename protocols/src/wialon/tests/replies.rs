//! Exact bytes of every answer the codec returns.

use bytes::Bytes;

use crate::codec::{DecodeError, Limits};
use crate::message::{DeviceId, Message};

use super::super::{WialonCodec, encode};
use super::{feed, logged_in};

fn reply(message: &Message) -> &[u8] {
    match message {
        Message::Records { ack: Some(b), .. }
        | Message::Heartbeat { reply: Some(b), .. }
        | Message::CommandResponse { ack: Some(b), .. } => b,
        other => panic!("no reply in {other:?}"),
    }
}

#[test]
fn logins_1_1_and_2_0() {
    let mut codec = WialonCodec::new(Limits::default());
    let message = feed(&mut codec, "#L#2002;NA\r\n").expect("1.1 login");
    assert_eq!(
        message,
        Message::Login {
            device: DeviceId("2002".into()),
            accept: Some(Bytes::from_static(b"#AL#1\r\n")),
            reject: Some(Bytes::from_static(b"#AL#0\r\n")),
        }
    );
    assert!(!codec.session().version2);
    let v2 = encode::login_packet("42001300083", "secret", true);
    assert_eq!(v2, "#L#2.0;42001300083;secret;451B\r\n");
    assert!(matches!(feed(&mut codec, &v2), Ok(Message::Login { .. })));
    assert!(codec.session().version2);
    let damaged = "#L#2.0;42001300083;secret;451C\r\n";
    assert!(matches!(
        feed(&mut WialonCodec::new(Limits::default()), damaged)
            .map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Checksum { .. })
    ));
}

#[test]
fn data_acks() {
    let mut codec = logged_in();
    let sd = "#SD#270413;205601;5544.6025;N;03739.6834;E;1;2;3;4\r\n";
    assert_eq!(reply(&feed(&mut codec, sd).expect("sd")), b"#ASD#1\r\n");
    let d = "#D#021214;065947;2237.7552;N;11404.8851;E;0.000;;170.9;5;1.74;NA;NA;NA;NA;NA\r\n";
    assert_eq!(reply(&feed(&mut codec, d).expect("d")), b"#AD#1\r\n");
    let b = "#B#110914;102132;5027.50728;N;03026.20369;E;1.979;288.170;NA;NA|110914;102133;5027.50728;N;03026.20369;E;1.979;288.170;NA;NA\r\n";
    assert_eq!(reply(&feed(&mut codec, b).expect("b")), b"#AB#2\r\n");
    assert_eq!(reply(&feed(&mut codec, "#P#\r\n").expect("p")), b"#AP#\r\n");
    let m = feed(&mut codec, "#M#hello base\r\n").expect("m");
    assert_eq!(reply(&m), b"#AM#1\r\n");
    assert!(matches!(m, Message::CommandResponse { ref text, .. } if text == "hello base"));
}

#[test]
fn version_2_checksums_and_error_codes() {
    let mut codec = WialonCodec::new(Limits::default());
    feed(&mut codec, &encode::login_packet("42001300083", "NA", true)).expect("login");
    // From the corpus: a 2.0 SD whose CRC verifies.
    let sd = "#SD#300924;154245;5554.350052;N;3644.670410;E;2.92;NA;NA;NA;7A01\r\n";
    assert_eq!(reply(&feed(&mut codec, sd).expect("sd")), b"#ASD#1\r\n");
    let bad_sd = "#SD#300924;154245;5554.350052;N;3644.670410;E;2.92;NA;NA;NA;7A02\r\n";
    assert_eq!(
        reply(&feed(&mut codec, bad_sd).expect("sd")),
        b"#ASD#13\r\n"
    );
    // A 2.0 session must send the CRC.
    let no_crc = "#SD#300924;154245;5554.350052;N;3644.670410;E;2.92;NA;NA;NA\r\n";
    assert_eq!(
        reply(&feed(&mut codec, no_crc).expect("sd")),
        b"#ASD#-1\r\n"
    );
    let bad_d = "#D#120319;112003;NA;NA;NA;NA;0.000;NA;NA;0;NA;NA;NA;NA;NA;NA;626B\r\n";
    assert_eq!(reply(&feed(&mut codec, bad_d).expect("d")), b"#AD#16\r\n");
    let b = format!(
        "#B#{}\r\n",
        encode::with_crc("110914;102132;5027.50728;N;03026.20369;E;1.979;288.170;NA;NA|")
    );
    assert_eq!(reply(&feed(&mut codec, &b).expect("b")), b"#AB#1\r\n");
    let bad_b = "#B#110914;102132;5027.50728;N;03026.20369;E;1.979;288.170;NA;NA|0000\r\n";
    assert_eq!(reply(&feed(&mut codec, bad_b).expect("b")), b"#AB#0\r\n");
    let m = format!("#M#{}\r\n", encode::with_crc("hi;"));
    assert_eq!(reply(&feed(&mut codec, &m).expect("m")), b"#AM#1\r\n");
    assert_eq!(
        reply(&feed(&mut codec, "#M#hi;0000\r\n").expect("m")),
        b"#AM#0\r\n"
    );
}

#[test]
fn field_errors_name_the_field() {
    let mut codec = logged_in();
    let cases = [
        (
            "#D#NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA\r\n",
            "#AD#-1\r\n",
        ),
        (
            "#D#320413;205601;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA\r\n",
            "#AD#0\r\n",
        ),
        (
            "#D#NA;NA;9544.6025;N;03739.6834;E;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA\r\n",
            "#AD#10\r\n",
        ),
        (
            "#D#NA;NA;NA;NA;NA;NA;fast;NA;NA;NA;NA;NA;NA;NA;NA;NA\r\n",
            "#AD#11\r\n",
        ),
        (
            "#D#NA;NA;NA;NA;NA;NA;NA;NA;NA;300;NA;NA;NA;NA;NA;NA\r\n",
            "#AD#12\r\n",
        ),
        (
            "#D#NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;x;NA;NA;NA;NA\r\n",
            "#AD#13\r\n",
        ),
        (
            "#D#NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;1,x;NA;NA\r\n",
            "#AD#14\r\n",
        ),
        (
            "#D#NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;a:9:1\r\n",
            "#AD#15\r\n",
        ),
        ("#SD#NA;NA;NA;NA;NA;NA;NA;NA;NA\r\n", "#ASD#-1\r\n"),
    ];
    for (line, answer) in cases {
        let message = feed(&mut codec, line).expect("answered");
        assert!(matches!(message, Message::Heartbeat { .. }), "{line}");
        assert_eq!(reply(&message), answer.as_bytes(), "{line}");
    }
}

#[test]
fn data_before_login_and_unknown_types_are_refused() {
    let mut codec = WialonCodec::new(Limits::default());
    let d = "#D#NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA;NA\r\n";
    assert!(matches!(
        feed(&mut codec, d).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::BeforeLogin)
    ));
    assert!(matches!(
        feed(&mut logged_in(), "#I#1;0;1;NA;NA;a.jpg\r\n"),
        Err(DecodeError::Unsupported(_))
    ));
}

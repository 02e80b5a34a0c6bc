//! Every protocol with a command channel gets its commands over its real
//! connection: a device identifies itself with a real frame, a command is
//! sent through the User API, and the device reads exactly the bytes its
//! protocol's encoder makes for it (the encoders' own tests pin those
//! bytes against the protocols' documents).

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use trackgate_tests::hex::unhex;

use bytes::BytesMut;
use serde_json::json;
use trackgate_protocols::command::{Command, Target};
use trackgate_protocols::{DeviceId, Limits, Message, Protocol, Transport};

/// The device a frame names and the bytes the gateway answers it with.
fn identify(protocol: Protocol, frame: &[u8]) -> (String, Vec<u8>) {
    let mut codec = protocol.stream_codec(Limits::default()).expect("TCP");
    let mut buf = BytesMut::from(frame);
    let message = codec.decode(&mut buf).expect("decodes").expect("a frame");
    let device = message.device().expect("names its device").0.clone();
    let answer = match message {
        Message::Login { accept, .. } => accept,
        Message::Records { ack, .. } => ack,
        Message::Heartbeat { reply, .. } => reply,
        Message::CommandResponse { ack, .. } => ack,
    };
    (device, answer.map(|b| b.to_vec()).unwrap_or_default())
}

fn delivers(protocol: Protocol, frame: &[u8], command: Command, api_text: &str) {
    let (device_id, answer) = identify(protocol, frame);
    let want = protocol
        .command_encoder()
        .expect("a command channel")
        .encode(
            &command,
            &Target {
                device: &DeviceId(device_id.clone()),
                serial: 1,
                transport: Transport::Tcp,
            },
        )
        .unwrap_or_else(|e| panic!("{}: {e}", protocol.name()))
        .bytes;
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let email = format!("{}-cmd@example.com", protocol.name());
    let (key, tracker) = gateway.provision(&email, "s3cret-pass", &device_id);
    let mut device = TcpStream::connect(gateway.device(protocol)).expect("connect");
    device
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    device.write_all(frame).expect("identify");
    let mut got = vec![0u8; answer.len()];
    device
        .read_exact(&mut got)
        .expect("the answer to the frame");
    // Whether the command reaches the session by message or is loaded by
    // it at identification, the device gets it exactly once.
    let sent = gateway
        .user(
            "tracker/raw_command",
            json!({ "hash": key, "tracker_id": tracker, "command": api_text }),
        )
        .json();
    assert_eq!(sent["success"], true, "{}: {sent}", protocol.name());
    let mut got = vec![0u8; want.len()];
    device.read_exact(&mut got).expect("the command");
    assert_eq!(got, want.to_vec(), "{}", protocol.name());
    // Once, not twice.
    device
        .set_read_timeout(Some(Duration::from_millis(300)))
        .expect("timeout");
    let mut more = [0u8; 1];
    assert!(
        matches!(device.peek(&mut more), Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)),
        "{}: the command was written twice",
        protocol.name()
    );
}

fn text(text: &str) -> (Command, &str) {
    (Command::Text(text.into()), text)
}

#[test]
fn h02_meitrack_and_wialon_devices_get_their_commands() {
    let (command, api) = text("S20,1,1");
    delivers(
        trackgate_protocols::h02::PROTOCOL,
        b"*HQ,4210051415,V0#",
        command,
        api,
    );
    let (command, api) = text("A11,60");
    delivers(
        trackgate_protocols::meitrack::PROTOCOL,
        b"$$V177,863835026871173,AAA,35,34.516428,10.470160,170915154043,A,9,12,68,74,0.9,9,1988259,525882,605|2|008C|0007B5A6,0200,0003|0000|0000|01A6|0571,00000001,,3,0000,010A92,360,511*74\r\n",
        command,
        api,
    );
    let (command, api) = text("Hello driver");
    delivers(
        trackgate_protocols::wialon::PROTOCOL,
        b"#L#42001300083;NA\r\n",
        command,
        api,
    );
}

#[test]
fn tk103_gps103_and_watch_devices_get_their_commands() {
    let (command, api) = text("AP00");
    delivers(
        trackgate_protocols::tk103::PROTOCOL,
        b"(088047365460BP00HSO)",
        command,
        api,
    );
    let (command, api) = text("B");
    delivers(
        trackgate_protocols::gps103::PROTOCOL,
        b"##,imei:359710045559474,A;",
        command,
        api,
    );
    let (command, api) = text("CR");
    delivers(
        trackgate_protocols::watch::PROTOCOL,
        b"[3G*9031853319*0009*LK,0,0,100]",
        command,
        api,
    );
}

#[test]
fn binary_protocol_devices_get_their_commands() {
    let (command, api) = text("STATUS#");
    delivers(
        trackgate_protocols::eelink::PROTOCOL,
        &unhex("676701000c007b03525440717505180104"),
        command,
        api,
    );
    let (command, api) = text(" coords");
    delivers(
        trackgate_protocols::ruptela::PROTOCOL,
        &unhex(
            "00800003167d765c155d01000160cd0a310000faae43f7176ee45702332b0c12000006070d05007300cfff260082008600870088000f00d7021100d801c900061d0000c500001e0e988300008900008b000002d0000c9bca720c889a0b047e00000000000000007f0000000000000000800000000000000000810000000000000000a341",
        ),
        command,
        api,
    );
    let (command, api) = text("Status");
    delivers(
        trackgate_protocols::galileo::PROTOCOL,
        &unhex(
            "011801018202130338363833343530333230343234323604640010a406207caa9f5b300c830a7901ca0ec802330000000034b802350540003e41703f422b1043234504004600e09000000000a000a100a200a300a400a500a600a700a800a900aa00ab00ac00ad00ae00af00b00000b10000b20000b30000b40000b50000b60000b70000b80000b90000c000000000c100000000c200000000c300000000c400c500c600c700c800c900ca00cb00cc00cd00ce00cf00d000d100d200d4d3140000d60000d70000d80000d90000da0000db00000000dc00000000dd00000000de00000000df00000000f000000000f100000000f200000000f300000000f400000000f500000000f600000000f700000000f800000000f9000000008960",
        ),
        command,
        api,
    );
    let (command, api) = text("AT$INFO=?");
    delivers(
        trackgate_protocols::atrack::PROTOCOL,
        b"@P,1126,121,104547,358901048091554,20180412143513,20180412143514,20180413060000,16423389,48178700,108,2,6.5,9,0,0,0,0,0,2000,2000,\r\n",
        command,
        api,
    );
    let (command, api) = text("ST300CMD;807587388;02;StatusReq");
    delivers(
        trackgate_protocols::suntech::PROTOCOL,
        b"ST419STT;807587388;306;41;04;30062;724;2;-65;5221;255;30061;724;2;5221;0;0;30212;724;2;5221;0;0;30071;724;2;5221;0;0;30222;724;2;5221;0;0;30213;724;2;5221;0;0;30063;724;2;5221;0;0;3.92;1;0185;1;00010000;26.1;1;20240729;19:22:43;-22.754650;-043.437569;000.185;297.35;6;1\r",
        command,
        api,
    );
}

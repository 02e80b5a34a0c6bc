//! Commands to devices whose answers name the command (GT06's server flag,
//! JT/T 808's serial, Queclink's count), against the running gateway over
//! real TCP: an answer naming another command is not taken, the answer
//! naming this one is, and `tracker/command/list` shows it.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use trackgate_protocols::Protocol;
use trackgate_protocols::gt06::encode::{encode_login, packet};
use trackgate_protocols::jt808::encode_message;

fn connect(gateway: &support::Running, protocol: Protocol) -> TcpStream {
    let stream = TcpStream::connect(gateway.device(protocol)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
}

fn read(stream: &mut TcpStream, n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    stream
        .read_exact(&mut bytes)
        .expect("bytes from the gateway");
    bytes
}

/// Sends `command` as text through the API; returns its id.
fn raw_command(gateway: &support::Running, key: &str, tracker: u64, command: &str) -> u64 {
    let sent = gateway
        .user(
            "tracker/raw_command",
            json!({ "hash": key, "tracker_id": tracker, "command": command }),
        )
        .json();
    assert_eq!(sent["success"], true, "{sent}");
    sent["command_id"].as_u64().expect("an id")
}

/// Waits until command `id` has `status`; returns it as listed.
fn wait_status(
    gateway: &support::Running,
    key: &str,
    tracker: u64,
    id: u64,
    status: &str,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let list = gateway
            .user(
                "tracker/command/list",
                json!({ "hash": key, "tracker_id": tracker }),
            )
            .json();
        let found = list["list"]
            .as_array()
            .and_then(|l| l.iter().find(|c| c["id"] == id).cloned())
            .expect("listed");
        if found["status"] == status {
            return found;
        }
        assert!(Instant::now() < deadline, "still {found}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn gt06_answers_are_matched_by_the_server_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "864717003283581";
    let (key, tracker) = gateway.provision("gt06cmd@example.com", "s3cret-pass", imei);
    let mut device = connect(&gateway, trackgate_protocols::gt06::PROTOCOL);
    device.write_all(&encode_login(imei, 1)).expect("login");
    read(&mut device, 10);

    let id = raw_command(&gateway, &key, tracker, "STATUS#");
    // 78 78, length, 0x80, command length, server flag (4), text, serial, CRC, 0D 0A.
    let head = read(&mut device, 3);
    let rest = read(&mut device, usize::from(head[2]) + 2);
    assert_eq!(rest[0], 0x80);
    assert_eq!(&rest[6..6 + 7], b"STATUS#");
    let flag = u32::from_be_bytes([rest[2], rest[3], rest[4], rest[5]]);
    wait_status(&gateway, &key, tracker, id, "sent");
    let answer = |flag: u32, text: &[u8], serial: u16| {
        let mut content = vec![(4 + text.len()) as u8];
        content.extend_from_slice(&flag.to_be_bytes());
        content.extend_from_slice(text);
        content.extend_from_slice(&[0x00, 0x02]);
        packet(false, 0x15, &content, serial)
    };
    device
        .write_all(&answer(flag.wrapping_add(7), b"NOT YOURS", 2))
        .expect("answer");
    device
        .write_all(&answer(flag, b"Battery:4.1V", 3))
        .expect("answer");
    let answered = wait_status(&gateway, &key, tracker, id, "answered");
    assert_eq!(answered["reply"], "Battery:4.1V");
}

#[test]
fn jt808_answers_are_matched_by_the_platform_serial() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let phone = "001601285614";
    let (key, tracker) = gateway.provision("jt808cmd@example.com", "s3cret-pass", phone);
    let mut device = connect(&gateway, trackgate_protocols::jt808::PROTOCOL);
    // Authentication identifies the terminal; 0x8001 answers it.
    device
        .write_all(&encode_message(phone, None, 0x0102, 1, phone.as_bytes()))
        .expect("auth");
    read_frame(&mut device);

    let id = raw_command(&gateway, &key, tracker, "hello driver");
    // 0x8300 text message; its header serial is the command's.
    let frame = read_frame(&mut device);
    assert_eq!(&frame[..2], &[0x83, 0x00], "a 0x8300 text message");
    let serial = u16::from_be_bytes([frame[10], frame[11]]);
    assert!(frame.windows(12).any(|w| w == b"hello driver"));
    wait_status(&gateway, &key, tracker, id, "sent");
    // 0x0001 general answers: reply serial, reply id, result 0.
    let general = |reply_to: u16, serial: u16| {
        let mut body = reply_to.to_be_bytes().to_vec();
        body.extend_from_slice(&0x8300u16.to_be_bytes());
        body.push(0);
        encode_message(phone, None, 0x0001, serial, &body)
    };
    device
        .write_all(&general(serial.wrapping_add(3), 2))
        .expect("answer");
    device.write_all(&general(serial, 3)).expect("answer");
    wait_status(&gateway, &key, tracker, id, "answered");
}

/// One `7E … 7E` frame, unescaped, flags dropped.
fn read_frame(stream: &mut TcpStream) -> Vec<u8> {
    let mut frame = Vec::new();
    let mut byte = [0u8; 1];
    while frame.len() < 2 || frame.last() != Some(&0x7E) {
        stream.read_exact(&mut byte).expect("a frame");
        if frame.is_empty() && byte[0] != 0x7E {
            continue;
        }
        frame.push(byte[0]);
    }
    let mut out = Vec::new();
    let mut escaped = false;
    for &b in &frame[1..frame.len() - 1] {
        match (escaped, b) {
            (true, 0x01) => {
                out.push(0x7D);
                escaped = false;
            }
            (true, 0x02) => {
                out.push(0x7E);
                escaped = false;
            }
            (false, 0x7D) => escaped = true,
            _ => out.push(b),
        }
    }
    out
}

#[test]
fn queclink_answers_are_matched_by_their_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "866314060299813";
    let (key, tracker) = gateway.provision("gl200cmd@example.com", "s3cret-pass", imei);
    let mut device = connect(&gateway, trackgate_protocols::gl200::PROTOCOL);
    device
        .write_all(format!("+ACK:GTHBD,8020040703,{imei},,20260514010400,11F0$").as_bytes())
        .expect("heartbeat");
    read_until_dollar(&mut device);

    let id = raw_command(&gateway, &key, tracker, "AT+GTRTO=gv300,1,,,,,,0A0B$");
    assert_eq!(
        read_until_dollar(&mut device),
        "AT+GTRTO=gv300,1,,,,,,0A0B$"
    );
    wait_status(&gateway, &key, tracker, id, "sent");
    for count in ["0A0C", "0A0B"] {
        device
            .write_all(
                format!("+ACK:GTRTO,8020040703,{imei},,RTL,{count},20260514010500,11F1$")
                    .as_bytes(),
            )
            .expect("answer");
    }
    let answered = wait_status(&gateway, &key, tracker, id, "answered");
    assert!(
        answered["reply"].as_str().unwrap_or("").contains("0A0B"),
        "{answered}"
    );
}

fn read_until_dollar(stream: &mut TcpStream) -> String {
    let mut text = Vec::new();
    let mut byte = [0u8; 1];
    while text.last() != Some(&b'$') {
        stream.read_exact(&mut byte).expect("text");
        text.push(byte[0]);
    }
    String::from_utf8(text).expect("ASCII")
}

//! Real corpus messages of protocols without a test file of their own, sent
//! over each protocol's real transport to the running gateway: the exact
//! answers the corpus's reply table gives, each written after storage, and
//! the last valid fix read back through the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API. The helpers are
//! shared: `support/devices.rs`.

use crate::support;

use std::io::{Read, Write};
use std::net::{TcpStream, UdpSocket};
use std::time::Duration;
use trackgate_tests::hex::unhex;

use support::devices::{expected, over_tcp, time_text};
use trackgate_protocols::Message;

#[test]
fn ruptela_records_are_acknowledged_after_storage() {
    let records = unhex(
        "00800003167d765c155d01000160cd0a310000faae43f7176ee45702332b0c12000006070d05007300cfff260082008600870088000f00d7021100d801c900061d0000c500001e0e988300008900008b000002d0000c9bca720c889a0b047e00000000000000007f0000000000000000800000000000000000810000000000000000a341",
    );
    over_tcp(
        trackgate_protocols::ruptela::PROTOCOL,
        &[(records, Some(unhex("0002640113bc")))],
    );
}

#[test]
fn galileosky_packets_are_acknowledged_with_their_checksum() {
    let packet = unhex(
        "011801018202130338363833343530333230343234323604640010a406207caa9f5b300c830a7901ca0ec802330000000034b802350540003e41703f422b1043234504004600e09000000000a000a100a200a300a400a500a600a700a800a900aa00ab00ac00ad00ae00af00b00000b10000b20000b30000b40000b50000b60000b70000b80000b90000c000000000c100000000c200000000c300000000c400c500c600c700c800c900ca00cb00cc00cd00ce00cf00d000d100d200d4d3140000d60000d70000d80000d90000da0000db00000000dc00000000dd00000000de00000000df00000000f000000000f100000000f200000000f300000000f400000000f500000000f600000000f700000000f800000000f9000000008960",
    );
    // `02` and the packet's own two checksum bytes, as received.
    over_tcp(
        trackgate_protocols::galileo::PROTOCOL,
        &[(packet, Some(unhex("028960")))],
    );
}

#[test]
fn atrack_reports_are_acknowledged_with_unit_id_and_sequence() {
    let report =
        b"@P,1126,121,104547,358901048091554,20180412143513,20180412143514,20180413060000,16423389,48178700,108,2,6.5,9,0,0,0,0,0,2000,2000,\r\n"
            .to_vec();
    // FE 02, the unit id as 8 bytes, the sequence number (104547, its low
    // 16 bits: the field is 2 bytes wide).
    let mut answer = vec![0xFE, 0x02];
    answer.extend_from_slice(&358_901_048_091_554u64.to_be_bytes());
    answer.extend_from_slice(&((104_547u32 & 0xFFFF) as u16).to_be_bytes());
    over_tcp(
        trackgate_protocols::atrack::PROTOCOL,
        &[(report.clone(), Some(answer.clone()))],
    );

    // The same report as a datagram gets the same answer.
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) =
        gateway.provision("atrack-udp@example.com", "s3cret-pass", "358901048091554");
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    socket
        .send_to(
            &report,
            gateway.udp_device(trackgate_protocols::atrack::PROTOCOL),
        )
        .expect("send");
    let mut got = [0u8; 64];
    let (len, _) = socket.recv_from(&mut got).expect("an answer");
    assert_eq!(&got[..len], &answer[..]);
    let (_, fix) = expected(trackgate_protocols::atrack::PROTOCOL, &[report]);
    gateway.wait_last_point(&key, tracker, &time_text(fix.fix_time_ms));
}

#[test]
fn suntech_reports_are_stored_without_answers() {
    let report = b"ST419STT;807587388;306;41;04;30062;724;2;-65;5221;255;30061;724;2;5221;0;0;30212;724;2;5221;0;0;30071;724;2;5221;0;0;30222;724;2;5221;0;0;30213;724;2;5221;0;0;30063;724;2;5221;0;0;3.92;1;0185;1;00010000;26.1;1;20240729;19:22:43;-22.754650;-043.437569;000.185;297.35;6;1\r".to_vec();
    over_tcp(trackgate_protocols::suntech::PROTOCOL, &[(report, None)]);
}

#[test]
fn xexun_reports_are_stored_without_answers() {
    let report =
        b"GPRMC,113518.000,A,5303.4150,N,10.2368,E,60.73,207.42,260216,00,0000.0,A*74,F,,imei:351525018007873,"
            .to_vec();
    over_tcp(trackgate_protocols::xexun::PROTOCOL, &[(report, None)]);
}

#[test]
fn xexun2_frames_are_acknowledged() {
    let frame = unhex(
        "faaf00140cf18626490454584530002bf2dd0200130013d360efd7f514006402010d46322c4a450ba026d460efd7fa14006402010d46322c4a450ba026faaf",
    );
    // FA AF, type and index echoed, the IMEI, 00 01 FF FE 01, FA AF.
    let answer = unhex("faaf00140cf186264904545845300001fffe01faaf");
    over_tcp(
        trackgate_protocols::xexun2::PROTOCOL,
        &[(frame, Some(answer))],
    );
}

#[test]
fn xexun3_frames_are_acknowledged() {
    let frame = unhex(
        "fc0040032006086104508038701564216913f223403693012f635344405c829142b302f7427f33331a2e000000a40011046a1055ffff1f0000000000ffffff04ff09ff1a30cf",
    );
    // FC 00 0C 03, type and index, the IMEI, 00, CRC-16/CCITT-FALSE, CF.
    let answer = unhex("fc000c032006086104508038701500a511cf");
    over_tcp(
        trackgate_protocols::xexun3::PROTOCOL,
        &[(frame, Some(answer))],
    );
}

#[test]
fn watches_are_answered_and_their_positions_stored() {
    over_tcp(
        trackgate_protocols::watch::PROTOCOL,
        &[
            (
                b"[3G*9031853319*0009*LK,0,0,100]".to_vec(),
                Some(b"[3G*9031853319*0002*LK]".to_vec()),
            ),
            (
                b"[3G*9031853319*004E*UD2,220322,055105,A,22.761162,N,114.360192,E,0,0,47,14,100,64,0,0,00000008,0,0]".to_vec(),
                None,
            ),
        ],
    );
}

#[test]
fn topflytech_reports_are_stored_without_answers() {
    let report = b"(880316890094910BP00XG00b600000000L00074b54S00000000R0C0F0014000100f0130531152205A0706.1395S11024.0965E000.0251.25)".to_vec();
    over_tcp(trackgate_protocols::topflytech::PROTOCOL, &[(report, None)]);
}

#[test]
fn eelink_devices_log_in_and_are_answered_over_tcp_and_udp() {
    use trackgate_protocols::eelink::encode as eelink;

    let login = unhex("676701000c007b03525440717505180104");
    // An alarm packet (0x04, index 0x01A4) with a fix; it is answered.
    let alarm = unhex("676704001c01a4569ff2dd0517a0f7020b0d9a06011000d8001e005b0004450183");
    let (device, fix) = expected(
        trackgate_protocols::eelink::PROTOCOL,
        &[login.clone(), alarm.clone()],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("eelink@example.com", "s3cret-pass", &device);

    let mut stream =
        TcpStream::connect(gateway.device(trackgate_protocols::eelink::PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(&login).expect("login");
    // 67 67 01, length 9, the login's index, the server's Unix time,
    // protocol version 1, no action.
    let mut answer = [0u8; 14];
    stream.read_exact(&mut answer).expect("login answer");
    assert_eq!(&answer[..7], &[0x67, 0x67, 0x01, 0x00, 0x09, 0x00, 0x7B]);
    let server_time = u32::from_be_bytes([answer[7], answer[8], answer[9], answer[10]]);
    let now = now_s();
    assert!(server_time.abs_diff(now) <= 5, "{server_time} vs {now}");
    assert_eq!(&answer[11..], &[0x00, 0x01, 0x00]);
    stream.write_all(&alarm).expect("alarm");
    let mut answer = [0u8; 7];
    stream.read_exact(&mut answer).expect("alarm answer");
    assert_eq!(answer, [0x67, 0x67, 0x04, 0x00, 0x02, 0x01, 0xA4]);
    let last = gateway.wait_last_point(&key, tracker, &time_text(fix.fix_time_ms));
    assert!((last["value"]["lat"].as_f64().expect("lat") - fix.latitude).abs() < 1e-6);

    // A corpus datagram: the "EL" envelope names the device; the answer to
    // its location packet (0x12, index 0x0021) comes back wrapped the same way.
    let datagram = unhex(
        "454c0050eae2035254407167747167671200410021590bd93803026b940d0c3952ad0021000000000501cc0001a53f0170f0ab1305890f11000000000000c2d0001c001600000000000000000000000000000000",
    );
    let codec = trackgate_protocols::eelink::PROTOCOL
        .datagram_codec()
        .expect("a UDP protocol");
    let messages = codec.decode_datagram(&datagram).expect("decodes");
    let imei = messages[0].device().expect("names its device").0.clone();
    let Some(Message::Records { records, .. }) = messages.into_iter().next() else {
        panic!("a location");
    };
    let (key, tracker) = gateway.provision("eelink-udp@example.com", "s3cret-pass", &imei);
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    socket
        .send_to(
            &datagram,
            gateway.udp_device(trackgate_protocols::eelink::PROTOCOL),
        )
        .expect("send");
    let mut got = [0u8; 64];
    let (len, _) = socket.recv_from(&mut got).expect("an answer");
    assert_eq!(
        &got[..len],
        &eelink::udp_wrap(&imei, &eelink::reply(0x12, 0x0021))[..]
    );
    gateway.wait_last_point(&key, tracker, &time_text(records[0].fix_time_ms));
}

fn now_s() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as u32)
}

#[test]
fn gt02_heartbeats_are_answered_and_locations_stored() {
    // Corpus #7 and #8, one device: a heartbeat, answered once its record
    // (power and GSM levels) is stored, then a location, which the
    // protocol does not answer.
    let heartbeat = unhex("6868110603035889905101276600001a0402292d0d0a");
    let location = unhex(
        "68682500a403588990510127660001100e09060a1d1b00ade1c90b79ea3000011b000000000000050d0a",
    );
    over_tcp(
        trackgate_protocols::gt02::PROTOCOL,
        &[(heartbeat, Some(unhex("54681a0d0a"))), (location, None)],
    );
}

#[test]
fn meiligao_trackers_are_answered_over_tcp_and_udp() {
    use trackgate_protocols::meiligao::{PROTOCOL, decode, encode, framing};

    // Corpus #21 (tracker 67965020791089, a valid fix), after a login and
    // followed by a heartbeat from the same tracker: the login and the
    // heartbeat are answered, the report is not.
    let position = unhex(
        "242400706796502079108999553131333131382e3030302c412c313033372e393637382c4e2c30363132312e353637392c572c302e35342c322e34322c3330303931352c2c2c412a37307c302e37377c392e397c303030307c303030302c303161327c3030313138373132374cae0d0a",
    );
    let id = framing::id_bytes("67965020791089").expect("digits");
    let login = encode::device(&id, decode::LOGIN, &[]).to_vec();
    let heartbeat = encode::device(&id, decode::HEARTBEAT, &[]).to_vec();
    over_tcp(
        PROTOCOL,
        &[
            (login, Some(encode::login_reply(&id).to_vec())),
            (position, None),
            (
                heartbeat.clone(),
                Some(encode::heartbeat_reply(&id).to_vec()),
            ),
        ],
    );

    // Over UDP: a report from another tracker, then its heartbeat, answered
    // to the datagram's source once the report is stored.
    let other = framing::id_bytes("35689603067601").expect("digits");
    let report = encode::device(
        &other,
        decode::POSITION,
        b"110924.000,A,4534.2585,N,01938.6514,E,0.00,,270714,,,A*71|1.7|100|8000|077B,0000",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) =
        gateway.provision("meiligao-udp@example.com", "s3cret-pass", "35689603067601");
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let target = gateway.udp_device(PROTOCOL);
    socket.send_to(&report, target).expect("send");
    socket
        .send_to(&encode::device(&other, decode::HEARTBEAT, &[]), target)
        .expect("send");
    let mut got = [0u8; 64];
    let (len, _) = socket.recv_from(&mut got).expect("an answer");
    assert_eq!(&got[..len], &encode::heartbeat_reply(&other)[..]);
    // 2014-07-27 11:09:24 UTC.
    let last = gateway.wait_last_point(&key, tracker, "2014-07-27 11:09:24");
    assert!((last["value"]["lat"].as_f64().expect("lat") - 45.570975).abs() < 1e-6);
}

#[test]
fn laipac_reports_get_the_answers_their_events_ask_for() {
    // Corpus #31 (event 3: a configuration answer) and #33 (event H: no
    // answer), one device.
    let configured = b"$AVRMC,358174067149865,142945,R,5050.1254,N,00420.0490,E,0.00,0.00,190318,3,3455,119,1,0,0,3EE4A617,020610*53\r\n";
    let report = b"$AVRMC,358174067149865,143648,A,5050.1141,N,00420.0525,E,1.24,174.38,190318,H,3455,119,1,0,0,3EE4A617,020610*3E\r\n";
    over_tcp(
        trackgate_protocols::laipac::PROTOCOL,
        &[
            (
                configured.to_vec(),
                Some(b"$AVCFG,00000000,d*31\r\n".to_vec()),
            ),
            (report.to_vec(), None),
        ],
    );
}

#[test]
fn gotop_reports_are_stored_without_answers() {
    // Corpus #11, then a report of the same device a day later (with a
    // leading `#` and a line end, as some firmware writes them): the later
    // fix is read back.
    let earlier = b"353327020115804,CMD-T,A,DATE:090329,TIME:223252,LAT:22.7634066N,LOT:114.3964783E,Speed:000.0,1-1-0-84-20,000#";
    let report = b"#353327020115804,CMD-T,A,DATE:090330,TIME:101500,LAT:22.7634066N,LOT:114.3964783E,Speed:012.5,84-20,090#\r\n";
    over_tcp(
        trackgate_protocols::gotop::PROTOCOL,
        &[(earlier.to_vec(), None), (report.to_vec(), None)],
    );
}

#[test]
fn globalsat_reports_are_answered_ack() {
    // Corpus #0's keep-alive and #1's report, rewritten for one device
    // (their checksums recomputed), then a `$` report, which gets no answer.
    use trackgate_protocols::globalsat::framing::message;
    let keepalive = message("GSh,358173053992353,3,M,ea04");
    let report = message(
        "GSb,GTR-388,358173053992353,0000,5,8080,3,270419,113326,E01020.6223,N6323.1937,129,0.01,154,10,0.8,12380mV,3128mV,0,0,11,242,02,10EB,120FC1B",
    );
    let dollar = b"$358173053992353,0,13,270419,113500,E01020.7000,N6323.2000,130,0.5,,07!";
    over_tcp(
        trackgate_protocols::globalsat::PROTOCOL,
        &[
            (keepalive.to_vec(), Some(b"ACK\r".to_vec())),
            (report.to_vec(), Some(b"ACK\r".to_vec())),
            (dollar.to_vec(), None),
        ],
    );
}

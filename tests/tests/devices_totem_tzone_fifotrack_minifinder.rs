//! Totem, TZone, Fifotrack and MiniFinder devices over their real
//! transport to the running gateway: corpus messages, the exact answers
//! the corpus's reply table gives (each written after storage), and the
//! last valid fix read back through the User API.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use support::devices::{expected, over_tcp, time_text};
use trackgate_tests::hex::unhex;

#[test]
fn totem_reports_are_answered_in_their_own_form() {
    use trackgate_protocols::totem::encode::{long_reply, message};
    use trackgate_protocols::totem::framing::Form;

    // A keep-alive of corpus #3's device, then #3 itself (a long-form
    // report with the corpus's exact fix): both answered `$$0014AA` + the
    // four characters before their checksum + the answer's XOR.
    let keepalive = message(Form::Long, "BB862010037348253");
    let keepalive_body =
        String::from_utf8(keepalive[..keepalive.len() - 2].to_vec()).expect("text");
    let report = b"$$0113AA862010037348253|588040001901220851494212000000753AE901655121700100000.800000002632.6084S02803.3289E29497E";
    over_tcp(
        trackgate_protocols::totem::PROTOCOL,
        &[
            (
                keepalive.to_vec(),
                Some(long_reply(&keepalive_body).to_vec()),
            ),
            (report.to_vec(), Some(b"$$0014AA294903".to_vec())),
        ],
    );
    // Corpus #15, a short-form `$GPRMC` report ended by CR LF: `ACK OK`.
    let short = b"$$BE863771024392112|AA$GPRMC,044704.000,A,1439.3334,N,12059.1417,E,0.00,0.00,200815,,,A*67|01.7|00.8|01.4|000000000000|20150820044704|14291265|00000000|4EECBF8B31|0000|0.0000|0002|00000|56E7\r\n";
    over_tcp(
        trackgate_protocols::totem::PROTOCOL,
        &[(short.to_vec(), Some(b"ACK OK\r\n".to_vec()))],
    );
}

#[test]
fn tzone_packets_are_answered_with_their_index_and_the_server_time() {
    use trackgate_protocols::tzone::PROTOCOL;

    // Corpus #13: a vehicle unit's packet, index 242, with the corpus's
    // exact fix.
    let packet = unhex(
        "545a00912424010b021e000008661040203754350f061807083800160400ce5adc041447620f0618070838000a0000060c7c0004253378370010aac000000c37018504e500000000800000000000000000390b0a0014061113000000051200140610600014061220001000133800140610070010001473001000151100101500640010000920001000148400000000000000f2ef570d0a",
    );
    let (device, fix) = expected(PROTOCOL, std::slice::from_ref(&packet));
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("tzone@example.com", "s3cret-pass", &device);
    let mut stream = TcpStream::connect(gateway.device(PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let before = now_text();
    stream.write_all(&packet).expect("send");
    let prefix = b"@ACK,242#@UTC time:";
    let mut answer = vec![0u8; prefix.len() + 19];
    stream.read_exact(&mut answer).expect("the answer");
    assert_eq!(&answer[..prefix.len()], prefix);
    let time = String::from_utf8(answer[prefix.len()..].to_vec()).expect("text");
    let after = now_text();
    assert!(
        before <= time && time <= after,
        "{before} <= {time} <= {after}"
    );
    let last = gateway.wait_last_point(&key, tracker, &time_text(fix.fix_time_ms));
    assert!((last["value"]["lat"].as_f64().expect("lat") - 22.53946).abs() < 1e-5);
}

/// The time now as the answers write it, `YYYY-MM-DD HH:MM:SS` UTC.
fn now_text() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    time_text(ms)
}

#[test]
fn fifotrack_a03_reports_are_answered_with_the_server_time() {
    use trackgate_protocols::fifotrack::{PROTOCOL, framing::message};

    // Corpus #2 (an `A03` report with a fix, answered), then an `A01`
    // report of the same device a minute later (not answered).
    let a03 = b"$$95,866104023192332,1,A03,,210414055249,460|0|25FC|104C,4.18,100,000F,0,A,2,9,22.643175,114.018150*75\r\n".to_vec();
    let a01 = message(
        "866104023192332,2,A01,,210414055349,A,22.643200,114.018200,12,90,40,1000,0,0000,00,0,460|0|25FC|104C,1A3|4F6|832|0,1,",
    )
    .to_vec();
    let (device, fix) = expected(PROTOCOL, &[a03.clone(), a01.clone()]);
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("fifotrack@example.com", "s3cret-pass", &device);
    let mut stream = TcpStream::connect(gateway.device(PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let before = now_text();
    stream.write_all(&a03).expect("send");
    let head = b"##35,866104023192332,1,A03,";
    let mut answer = vec![0u8; head.len() + 12 + 5];
    stream.read_exact(&mut answer).expect("the answer");
    let after = now_text();
    assert_eq!(&answer[..head.len()], head);
    // yyMMddHHmmss, then `*`, the byte sum of all before it, CR LF.
    let time = String::from_utf8(answer[head.len()..head.len() + 12].to_vec()).expect("text");
    let compact = |t: &str| t[2..].replace(['-', ' ', ':'], "");
    assert!(
        compact(&before) <= time && time <= compact(&after),
        "{time}"
    );
    let star = head.len() + 12;
    let sum = answer[..=star]
        .iter()
        .fold(0u8, |acc, b| acc.wrapping_add(*b));
    assert_eq!(&answer[star..], format!("*{sum:02X}\r\n").as_bytes());
    stream.write_all(&a01).expect("send");
    let last = gateway.wait_last_point(&key, tracker, &time_text(fix.fix_time_ms));
    assert!((last["value"]["lat"].as_f64().expect("lat") - 22.6432).abs() < 1e-6);
}

#[test]
fn minifinder_devices_log_in_and_their_reports_are_stored_without_answers() {
    // Corpus #17's login, then #18 (the corpus's exact fix) and #19 on the
    // same connection, which name no device themselves.
    over_tcp(
        trackgate_protocols::minifinder::PROTOCOL,
        &[
            (b"!1,860719020212696;".to_vec(), None),
            (
                b"!D,22/2/14,13:40:58,56.899601,14.811541,0,0,1,176.0,98,5,16,0;\0".to_vec(),
                None,
            ),
            (
                b"!D,22/2/14,13:47:51,56.899517,14.811665,0,0,b0001,179.3,97,5,16,0;".to_vec(),
                None,
            ),
        ],
    );
}

//! What a hostile or broken device cannot do to the gateway: hold the start
//! of a frame forever, make trackers out of made-up identifiers, or grow the
//! process by a thread per never-seen device.

mod support;

use std::io::Read;
use std::net::TcpStream;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use trackgate_tests::device::Device;
use trackgate_tests::http;
use trackgate_tests::points::drive;

/// 2024-05-01 08:00:00 UTC.
const T0: i64 = 1_714_550_400_000;

/// Held by each test of this file for its whole run: one of them counts
/// the process's threads, which a gateway another test starts meanwhile
/// would add to.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    // A test that failed holding it leaves nothing to repair.
    ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The value of the metric line starting with `prefix`, if there is one.
fn metric(gateway: &support::Running, prefix: &str) -> Option<f64> {
    let body = http::get(gateway.api, "/metrics").body;
    body.lines()
        .find(|line| line.starts_with(prefix))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

/// The IMEI with body `body` (14 digits) and its Luhn check digit.
fn imei(body: u64) -> String {
    let body = format!("{body:014}");
    let check = trackgate_protocols::luhn_check_digit(&body);
    format!("{body}{check}")
}

fn threads_of_this_process() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|tasks| tasks.count())
        .unwrap_or(0)
}

#[test]
fn an_unfinished_frame_closes_its_connection_after_the_frame_timeout() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| c.devices.frame_timeout_secs = 1);
    let device_id = "356307042441013";
    gateway.provision("frames@example.com", "s3cret-pass", device_id);

    let mut holding = Device::connect(gateway.teltonika);
    assert_eq!(holding.login(device_id), Some(0x01));
    // The start of an AVL packet that declares far more than is sent.
    let packet = Device::packet(&drive(T0, 20));
    holding.send(&packet[..40]);
    let started = Instant::now();
    assert!(
        holding.is_closed(Duration::from_secs(10)),
        "the connection holding half a frame is closed"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "not before the timeout"
    );
    let closed = metric(
        &gateway,
        "trackgate_sessions_closed_total{protocol=\"teltonika\",reason=\"frame_timeout\"}",
    );
    assert_eq!(closed, Some(1.0));

    // A device that sends whole frames is not touched by it.
    let mut healthy = Device::connect(gateway.teltonika);
    assert_eq!(healthy.login(device_id), Some(0x01));
    std::thread::sleep(Duration::from_millis(1_500));
    assert_eq!(healthy.send_records(&drive(T0, 2)), Some(vec![0, 0, 0, 2]));
}

#[test]
fn only_plausible_identifiers_of_unknown_devices_become_trackers() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| c.devices.register_unknown = true);
    let good = imei(35_630_704_244_102);
    let mut bad = good.clone();
    // The same body with a wrong check digit, and a fuzzed identifier.
    let wrong_digit = (bad.pop().expect("digit").to_digit(10).expect("digit") + 1) % 10;
    bad.push(char::from_digit(wrong_digit, 10).expect("digit"));
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(&bad), Some(0x00), "{bad}");
    assert!(device.is_closed(Duration::from_secs(5)));
    // Teltonika's codec already refuses an IMEI that is not digits.
    let mut device = Device::connect(gateway.teltonika);
    assert_ne!(device.login("868487p04353181"), Some(0x01));
    assert!(device.is_closed(Duration::from_secs(5)));
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(&good), Some(0x01));

    let objects = gateway.server("GET_OBJECTS").json();
    let imeis: Vec<&str> = objects
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|o| o["imei"].as_str())
        .collect();
    assert_eq!(imeis, [good.as_str()], "only the plausible one: {objects}");
    let invalid = metric(
        &gateway,
        "trackgate_logins_refused_total{protocol=\"teltonika\",reason=\"invalid\"}",
    );
    assert_eq!(invalid, Some(1.0));
}

#[test]
fn a_burst_of_unknown_devices_is_registered_on_a_bounded_pool() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.devices.register_unknown = true;
        c.devices.register_unknown_burst = 1_000;
    });
    let before = threads_of_this_process();
    // 300 never-seen devices log in at once: every login is written before
    // any answer is read.
    let mut devices: Vec<(String, TcpStream)> = (0..300)
        .map(|i| {
            let imei = imei(35_000_000_000_000 + i);
            let stream = TcpStream::connect(gateway.teltonika).expect("connect");
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .expect("timeout");
            (imei, stream)
        })
        .collect();
    for (imei, stream) in &mut devices {
        let login = trackgate_protocols::teltonika::encode::encode_imei(imei);
        std::io::Write::write_all(stream, &login).expect("login");
    }
    let mut peak = threads_of_this_process();
    for (imei, stream) in &mut devices {
        let mut answer = [0u8];
        stream.read_exact(&mut answer).expect("an answer");
        assert_eq!(answer, [0x01], "{imei} registered");
        peak = peak.max(threads_of_this_process());
    }
    assert!(
        peak <= before + 8,
        "threads grew from {before} to {peak} for 300 new devices"
    );
}

#[test]
fn trackers_for_unknown_devices_are_created_no_faster_than_the_rate() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.devices.register_unknown = true;
        c.devices.register_unknown_per_second = 1;
        c.devices.register_unknown_burst = 5;
    });
    let answers: Vec<Option<u8>> = (0..10)
        .map(|i| Device::connect(gateway.teltonika).login(&imei(35_100_000_000_000 + i)))
        .collect();
    let accepted = answers.iter().filter(|a| **a == Some(0x01)).count();
    // Five at once, and perhaps one more if the run took over a second.
    assert!((5..=7).contains(&accepted), "{answers:?}");
    let limited = metric(
        &gateway,
        "trackgate_logins_refused_total{protocol=\"teltonika\",reason=\"rate_limited\"}",
    );
    assert!(limited.is_some_and(|n| n >= 3.0), "{limited:?}");
}

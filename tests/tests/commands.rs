//! Commands to a Teltonika device through the User API, against the running
//! gateway over real TCP: delivered at once or on connect, answered and
//! listed, refused as seed 003 says, cancelled, and kept across a restart.

use crate::support;

use serde_json::{Value, json};
use trackgate_protocols::checksum::crc16_arc;
use trackgate_protocols::teltonika::encode::encode_command;
use trackgate_tests::device::Device;

const IMEI: &str = "356307042441013";

/// The device's Codec 12 answer (item type 06) carrying `text`.
fn answer(text: &str) -> Vec<u8> {
    let mut data = vec![0x0C, 0x01, 0x06];
    data.extend_from_slice(&(text.len() as u32).to_be_bytes());
    data.extend_from_slice(text.as_bytes());
    data.push(0x01);
    let mut packet = vec![0, 0, 0, 0];
    packet.extend_from_slice(&(data.len() as u32).to_be_bytes());
    packet.extend_from_slice(&data);
    packet.extend_from_slice(&u32::from(crc16_arc(&data)).to_be_bytes());
    packet
}

/// Reads the Codec 12 command packet for `text` the gateway must write.
fn expect_command(device: &mut Device, text: &str) {
    let want = encode_command(text);
    assert_eq!(
        device.read_exact(want.len()).as_deref(),
        Some(&want[..]),
        "the command packet for {text:?}"
    );
}

fn commands(gateway: &support::Running, key: &str, tracker: u64) -> Vec<Value> {
    let list = gateway
        .user(
            "tracker/command/list",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    assert_eq!(list["success"], true, "{list}");
    list["list"].as_array().cloned().unwrap_or_default()
}

/// Waits until command `id` has `status`; returns it.
fn wait_status(
    gateway: &support::Running,
    key: &str,
    tracker: u64,
    id: u64,
    status: &str,
) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let found = commands(gateway, key, tracker)
            .into_iter()
            .find(|c| c["id"] == id)
            .expect("listed");
        if found["status"] == status {
            return found;
        }
        assert!(std::time::Instant::now() < deadline, "still {found}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_raw_command_reaches_a_connected_device_and_its_answer_is_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("cmd@example.com", "s3cret-pass", IMEI);
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));

    let sent = gateway
        .user(
            "tracker/raw_command",
            json!({ "hash": key, "tracker_id": tracker, "command": "getinfo" }),
        )
        .json();
    assert_eq!(sent["success"], true, "{sent}");
    let id = sent["command_id"].as_u64().expect("an id");
    expect_command(&mut device, "getinfo");
    wait_status(&gateway, &key, tracker, id, "sent");
    device.send(&answer("RTC:2024/6/1 12:00"));
    let answered = wait_status(&gateway, &key, tracker, id, "answered");
    assert_eq!(answered["reply"], "RTC:2024/6/1 12:00");
    assert_eq!(answered["attempts"], 1);

    // Typed: output 2 on is `setdigout ?1`; hex is the bytes as given.
    let output = gateway
        .user(
            "tracker/output/set",
            json!({ "hash": key, "tracker_id": tracker, "output": 2, "enable": true }),
        )
        .json();
    assert_eq!(output["success"], true, "{output}");
    expect_command(&mut device, "setdigout ?1");
    device.send(&answer("DOUT2:1"));
    let hex = gateway
        .user(
            "tracker/raw_command/send",
            json!({ "hash": key, "tracker_id": tracker, "command": "676574766572", "type": "hex" }),
        )
        .json();
    assert_eq!(hex["success"], true, "{hex}");
    expect_command(&mut device, "getver");
}

#[test]
fn a_reliable_command_waits_for_its_device_even_across_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, tracker, id) = {
        let gateway = support::start(dir.path(), |_| {});
        let (key, tracker) = gateway.provision("later@example.com", "s3cret-pass", IMEI);
        let queued = gateway
            .user(
                "tracker/raw_command",
                json!({ "hash": key, "tracker_id": tracker, "command": "getgps" }),
            )
            .json();
        assert_eq!(queued["success"], true, "{queued}");
        let id = queued["command_id"].as_u64().expect("an id");
        assert_eq!(commands(&gateway, &key, tracker)[0]["status"], "queued");
        gateway.stop();
        (key, tracker, id)
    };
    let gateway = support::start(dir.path(), |_| {});
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    expect_command(&mut device, "getgps");
    device.send(&answer("GPS:1 Sat:7 Lat:54.6872 Long:25.2797"));
    wait_status(&gateway, &key, tracker, id, "answered");
}

#[test]
fn refusals_follow_seed_003() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("no@example.com", "s3cret-pass", IMEI);
    let call = |name: &str, body: Value| {
        let mut body = body;
        body["hash"] = json!(key);
        body["tracker_id"] = json!(tracker);
        gateway.user(name, body).json()
    };

    // A non-hex string: 7 with the parameter named.
    let bad = call(
        "tracker/raw_command",
        json!({ "command": "zz", "type": "hex" }),
    );
    assert_eq!(bad["status"]["code"], 7, "{bad}");
    assert_eq!(bad["errors"][0]["parameter"], "command");
    assert_eq!(bad["errors"][0]["error"], "Non-hex string");
    // Not reliable and the device is offline: 213 at once, listed as failed.
    let offline = call(
        "tracker/raw_command",
        json!({ "command": "getinfo", "reliable": false }),
    );
    assert_eq!(offline["status"]["code"], 213, "{offline}");
    assert_eq!(commands(&gateway, &key, tracker)[0]["status"], "failed");
    // A location request needs the device online; by SMS it needs a gateway.
    let located = call("tracker/location_request", json!({ "type": "gprs" }));
    assert_eq!(located["status"]["code"], 213, "{located}");
    let sms = call("tracker/location_request", json!({}));
    assert_eq!(sms["status"]["code"], 214, "{sms}");
    // Lock commands: once the device has said which protocol it speaks,
    // one without locks answers 214, and nothing is queued.
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    let lock = call(
        "tracker/send_command",
        json!({ "command": { "name": "electronic_lock_command", "command_code": "unseal" } }),
    );
    assert_eq!(lock["status"]["code"], 214, "{lock}");
    let bad_code = call(
        "tracker/send_command",
        json!({ "command": { "name": "electronic_lock_command", "command_code": "open" } }),
    );
    assert_eq!(bad_code["status"]["code"], 7, "{bad_code}");
    // Another user's tracker is not found.
    let (other_key, _) = gateway.provision("other@example.com", "s3cret-pass", "356307042441014");
    let foreign = gateway
        .user(
            "tracker/raw_command",
            json!({ "hash": other_key, "tracker_id": tracker, "command": "getinfo" }),
        )
        .json();
    assert_eq!(foreign["status"]["code"], 201, "{foreign}");
}

#[test]
fn a_queued_command_can_be_cancelled_and_is_then_never_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("cancel@example.com", "s3cret-pass", IMEI);
    let queue = |text: &str| {
        gateway
            .user(
                "tracker/raw_command",
                json!({ "hash": key, "tracker_id": tracker, "command": text }),
            )
            .json()["command_id"]
            .as_u64()
            .expect("an id")
    };
    let cancelled = queue("cpureset");
    let kept = queue("getinfo");
    let answer_of_cancel = gateway
        .user(
            "tracker/command/cancel",
            json!({ "hash": key, "tracker_id": tracker, "command_id": cancelled }),
        )
        .json();
    assert_eq!(
        answer_of_cancel["value"]["status"], "cancelled",
        "{answer_of_cancel}"
    );
    let again = gateway
        .user(
            "tracker/command/cancel",
            json!({ "hash": key, "tracker_id": tracker, "command_id": cancelled }),
        )
        .json();
    assert_eq!(again["status"]["code"], 7, "already final: {again}");

    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    // Only the command that was not cancelled goes out.
    expect_command(&mut device, "getinfo");
    wait_status(&gateway, &key, tracker, kept, "sent");
}

#[test]
fn a_command_that_outlives_its_ttl_expires_and_is_never_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("ttl@example.com", "s3cret-pass", IMEI);
    let queue = |text: &str, ttl: Option<u64>| {
        let mut body = json!({ "hash": key, "tracker_id": tracker, "command": text });
        if let Some(ttl) = ttl {
            body["ttl"] = json!(ttl);
        }
        gateway.user("tracker/raw_command", body).json()["command_id"]
            .as_u64()
            .expect("an id")
    };
    let expiring = queue("cpureset", Some(1));
    let lasting = queue("getinfo", None);
    let bad = gateway
        .user(
            "tracker/raw_command",
            json!({ "hash": key, "tracker_id": tracker, "command": "x", "ttl": 0 }),
        )
        .json();
    assert_eq!(bad["errors"][0]["parameter"], "ttl", "{bad}");
    std::thread::sleep(std::time::Duration::from_millis(1200));
    wait_status(&gateway, &key, tracker, expiring, "expired");
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    expect_command(&mut device, "getinfo");
    wait_status(&gateway, &key, tracker, lasting, "sent");
}

#[test]
fn a_reliable_command_sent_before_a_restart_is_sent_again_after_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, tracker, id) = {
        let gateway = support::start(dir.path(), |_| {});
        let (key, tracker) = gateway.provision("resend@example.com", "s3cret-pass", IMEI);
        let mut device = Device::connect(gateway.teltonika);
        assert_eq!(device.login(IMEI), Some(1));
        let id = gateway
            .user(
                "tracker/raw_command",
                json!({ "hash": key, "tracker_id": tracker, "command": "getver" }),
            )
            .json()["command_id"]
            .as_u64()
            .expect("an id");
        expect_command(&mut device, "getver");
        let sent = wait_status(&gateway, &key, tracker, id, "sent");
        assert_eq!(sent["attempts"], 1);
        // The gateway stops before the device answers.
        gateway.stop();
        (key, tracker, id)
    };
    let gateway = support::start(dir.path(), |_| {});
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    expect_command(&mut device, "getver");
    device.send(&answer("Ver:03.27.07"));
    let answered = wait_status(&gateway, &key, tracker, id, "answered");
    assert_eq!(
        answered["attempts"], 2,
        "written once before and once after the restart"
    );
    assert_eq!(answered["reply"], "Ver:03.27.07");
}

#[test]
fn a_lock_command_queued_before_the_protocol_is_known_fails_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("lock@example.com", "s3cret-pass", IMEI);
    let queued = gateway
        .user(
            "tracker/send_command",
            json!({
                "hash": key,
                "tracker_id": tracker,
                "command": {
                    "name": "electronic_lock_command",
                    "command_code": "unseal",
                    "special_settings": { "type": "electronic_lock_password", "password": "345892" },
                },
            }),
        )
        .json();
    assert_eq!(queued["success"], true, "{queued}");
    let id = queued["command_id"].as_u64().expect("an id");
    let listed = wait_status(&gateway, &key, tracker, id, "queued");
    assert_eq!(listed["command"]["command_code"], "unseal");
    // The device turns out to speak Teltonika, which has no lock.
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    let failed = wait_status(&gateway, &key, tracker, id, "failed");
    assert!(
        failed["failure"]
            .as_str()
            .unwrap_or("")
            .contains("electronic lock"),
        "{failed}"
    );
}

#[test]
fn a_command_for_a_sim_behind_nat_goes_only_right_after_the_device_speaks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("nat@example.com", "s3cret-pass", IMEI);
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let queued = gateway
        .user(
            "tracker/raw_command",
            json!({
                "hash": key,
                "tracker_id": tracker,
                "command": "getinfo",
                "send_within": 1,
                "expires": "2099-01-01 00:00:00",
            }),
        )
        .json();
    assert_eq!(queued["success"], true, "{queued}");
    let id = queued["command_id"].as_u64().expect("an id");
    // The device spoke over a second ago: its NAT may be closed.
    assert!(device.is_silent(std::time::Duration::from_millis(300)));
    assert_eq!(
        wait_status(&gateway, &key, tracker, id, "queued")["attempts"],
        0
    );
    // A ping opens it, and the command follows at once.
    device.send(&[0xFF]);
    expect_command(&mut device, "getinfo");
    wait_status(&gateway, &key, tracker, id, "sent");
}

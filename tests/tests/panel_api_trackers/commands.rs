//! `tracker/raw_command/send`: through the command queue to a connected
//! Teltonika device (Codec 12), kept for an offline one, refused for a
//! blocked, unknown or other dealer's tracker.

use serde_json::{Value, json};
use trackgate_protocols::checksum::crc16_arc;
use trackgate_protocols::teltonika::encode::encode_command;
use trackgate_tests::device::Device;

use super::{ADA_IMEI, BOB_IMEI, World, world};

fn send(w: &World, hash: &str, body: Value) -> Value {
    w.call("tracker/raw_command/send", hash, body)
}

/// Reads the Codec 12 packet carrying `text` from the device.
fn expect_command(device: &mut Device, text: &str) {
    let want = encode_command(text);
    assert_eq!(
        device.read_exact(want.len()).as_deref(),
        Some(&want[..]),
        "the command packet for {text:?}"
    );
}

/// The device's Codec 12 reply (type 06) with `text`: the gateway writes
/// a device's next command once the one before is answered.
fn reply(device: &mut Device, text: &str) {
    let mut data = vec![0x0C, 0x01, 0x06];
    data.extend_from_slice(&u32::try_from(text.len()).expect("short").to_be_bytes());
    data.extend_from_slice(text.as_bytes());
    data.push(0x01);
    let mut packet = vec![0, 0, 0, 0];
    packet.extend_from_slice(&u32::try_from(data.len()).expect("short").to_be_bytes());
    packet.extend_from_slice(&data);
    packet.extend_from_slice(&u32::from(crc16_arc(&data)).to_be_bytes());
    device.send(&packet);
}

/// The commands of `tracker` as the User API lists them to its owner.
fn listed(w: &World, hash: &str, tracker: u64) -> Vec<Value> {
    let list = w
        .gateway
        .user(
            "tracker/command/list",
            json!({ "hash": hash, "tracker_id": tracker }),
        )
        .json();
    list["list"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_raw_command_reaches_the_connected_device_through_the_queue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = world(dir.path(), |_, _| {}, |_| {});
    let mut device = Device::connect(w.gateway.teltonika);
    assert_eq!(device.login(ADA_IMEI), Some(1));

    // By Navixy's device_id, and by tracker_id.
    let sent = send(
        &w,
        &w.north,
        json!({ "device_id": ADA_IMEI, "command": "getinfo" }),
    );
    assert_eq!(sent, json!({ "success": true }));
    expect_command(&mut device, "getinfo");
    reply(&mut device, "RTC:2024/6/1 12:00");
    let hex = send(
        &w,
        &w.north,
        json!({ "tracker_id": w.ada_tracker, "command": "676574766572", "type": "hex" }),
    );
    assert_eq!(hex["success"], true, "{hex}");
    expect_command(&mut device, "getver");
    reply(&mut device, "Ver:03.27");
    let hash = w.user_hash(w.ada);
    let commands = listed(&w, &hash, w.ada_tracker);
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(commands[0]["command"]["command"], "getinfo");

    // Offline: kept for the device (reliable), or 213.
    let kept = send(
        &w,
        &w.north,
        json!({ "tracker_id": w.bob_tracker, "command": "getgps" }),
    );
    assert_eq!(kept["success"], true, "{kept}");
    let unreliable = send(
        &w,
        &w.north,
        json!({ "tracker_id": w.bob_tracker, "command": "getgps", "reliable": false }),
    );
    assert_eq!(unreliable["status"]["code"], 213, "{unreliable}");
    let mut bob = Device::connect(w.gateway.teltonika);
    assert_eq!(bob.login(BOB_IMEI), Some(1));
    expect_command(&mut bob, "getgps");

    // Blocked: 208.
    w.ok(
        "tracker/source/update",
        &w.north,
        json!({ "tracker_id": w.bob_tracker, "blocked": true }),
    );
    let blocked = send(
        &w,
        &w.north,
        json!({ "tracker_id": w.bob_tracker, "command": "getgps" }),
    );
    assert_eq!(blocked["status"]["code"], 208, "{blocked}");

    // Bad input, unknown and other dealers' trackers.
    for (body, expected) in [
        (json!({ "command": "getgps" }), 7),
        (json!({ "tracker_id": w.ada_tracker, "command": "" }), 7),
        (
            json!({ "tracker_id": w.ada_tracker, "command": "zz", "type": "hex" }),
            7,
        ),
        (
            json!({ "device_id": "000000000000000", "command": "getgps" }),
            201,
        ),
        (
            json!({ "tracker_id": w.cyd_tracker, "command": "getgps" }),
            201,
        ),
    ] {
        let answer = send(&w, &w.north, body.clone());
        assert_eq!(answer["status"]["code"], expected, "{body}: {answer}");
    }
    let south = send(
        &w,
        &w.south,
        json!({ "device_id": ADA_IMEI, "command": "getgps" }),
    );
    assert_eq!(south["status"]["code"], 201, "{south}");

    // su: a user commands its own tracker only.
    let own = send(
        &w,
        &w.north,
        json!({ "tracker_id": w.ada_tracker, "command": "getio", "su": "ada@example.com" }),
    );
    assert_eq!(own["success"], true, "{own}");
    expect_command(&mut device, "getio");
    let other = send(
        &w,
        &w.north,
        json!({ "tracker_id": w.bob_tracker, "command": "getio", "su": "ada@example.com" }),
    );
    assert_eq!(other["status"]["code"], 201, "{other}");
    w.gateway.stop();
}

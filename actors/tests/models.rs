//! A session reads a device's packets with the layout of the tracker's
//! model once it knows the tracker: the same GT06 status packet means
//! different things from a reseller's device and from a standard one.

mod support;

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use trackgate_actors::config::SessionConfig;
use trackgate_actors::session::messages::GetState;
use trackgate_protocols::Value;
use trackgate_protocols::gt06::encode::encode_login;
use trackgate_store::*;

/// An LW4G-style status packet (0x13, serial 0x0CCF): in that reseller's
/// layout its last two content bytes are the external voltage, 13.1 V;
/// the documented layout has no such field.
const STATUS: &str = "78780a13560604f0830ccf986f0d0a";

/// Logs a GT06 device of a tracker of `model` in, sends the status packet,
/// and returns the board voltage the session's live state then holds.
async fn board_voltage_for(model: &str) -> Option<f64> {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(EmbeddedStore::open(dir.path()).expect("store"));
    let imei = "864717003283581";
    let tracker = store
        .create_tracker(NewTracker {
            device_id: imei.into(),
            label: "t".into(),
            model: model.into(),
            owner: None,
            created_ms: 0,
        })
        .expect("tracker");
    let (env, writer) = support::session_env(store.clone(), SessionConfig::default());
    let mut device = support::connect(&env, trackgate_protocols::gt06::PROTOCOL).await;

    device
        .write_all(&encode_login(imei, 1))
        .await
        .expect("login");
    let mut ack = [0u8; 10];
    device.read_exact(&mut ack).await.expect("login ack");
    device
        .write_all(&trackgate_protocols::hex::decode(STATUS).expect("hex"))
        .await
        .expect("status");
    // The status is acknowledged once stored and applied to the state.
    device.read_exact(&mut ack).await.expect("status ack");
    assert_eq!(ack[3], 0x13, "the status packet's own acknowledgement");
    let entry = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            if let Some(entry) = env.registry.get(tracker.id) {
                return entry;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("registered");
    let state = entry
        .addr
        .send(GetState)
        .await
        .expect("answer")
        .expect("a state");
    drop(writer);
    match state.values.get("board_voltage").map(|timed| &timed.value) {
        Some(Value::Number(volts)) => Some(*volts),
        _ => None,
    }
}

#[actix_rt::test]
async fn a_resellers_model_changes_how_its_packets_read() {
    assert_eq!(board_voltage_for("LW4G-4B").await, Some(13.1));
    assert_eq!(board_voltage_for("gt06").await, None);
}

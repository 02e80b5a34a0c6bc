//! Starts the real gateway in-process, on ephemeral loopback ports, with
//! its own actix system on a thread of its own, the way `trackgate serve`
//! runs it.

#![allow(dead_code)] // each test file uses a different part

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

use serde_json::{Value, json};
use tokio::sync::oneshot;
use trackgate_gateway::{Config, Gateway};
use trackgate_protocols::Protocol;
use trackgate_store::Store;
use trackgate_tests::http;

pub mod devices;
pub mod nats;
pub mod panel_api;
pub mod panel_bundles;
pub mod push;
pub mod server_api;
pub mod server_rest;
pub mod sms;
pub mod smtp;
pub mod user_api;

pub const SERVER_KEY: &str = "0123456789ABCDEF0123456789ABCDEF";

/// A gateway running on a thread of its own.
pub struct Running {
    pub api: SocketAddr,
    pub teltonika: SocketAddr,
    /// Every enabled protocol's listener.
    pub devices: Vec<(Protocol, SocketAddr)>,
    /// Every protocol's UDP socket.
    pub udp: Vec<(Protocol, SocketAddr)>,
    /// The gateway's store, for calling what a surface of another branch
    /// will (a payment through `trackgate_api::money`), never to read
    /// what a test should ask the APIs.
    pub store: Arc<dyn Store>,
    /// Sends whether to stop at once (as SIGKILL would) or gracefully.
    stop: Option<oneshot::Sender<bool>>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    /// A Teltonika device for `imei`, logged in, that has stored three
    /// records (acknowledged).
    pub fn reporting_device(&self, imei: &str) -> trackgate_tests::device::Device {
        let mut device = trackgate_tests::device::Device::connect(self.teltonika);
        assert_eq!(device.login(imei), Some(1));
        let records = trackgate_tests::points::drive(1_709_294_400_000, 3);
        assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 3]));
        device
    }
}

/// Starts a gateway over `data_dir`; `tweak` adjusts the test configuration.
pub fn start(data_dir: &Path, tweak: impl FnOnce(&mut Config)) -> Running {
    start_on(data_dir, None, tweak)
}

/// Starts a gateway over `data_dir` on `store` when given (nodes of one
/// cluster sharing a store), else on the store `data_dir` holds.
pub fn start_on(
    data_dir: &Path,
    store: Option<Arc<dyn Store>>,
    tweak: impl FnOnce(&mut Config),
) -> Running {
    let mut config = Config {
        data_dir: data_dir.to_owned(),
        shards: 2,
        ..Config::default()
    };
    config.api.listen = "127.0.0.1:0".parse().expect("addr");
    config.api.workers = 1;
    config.server_api.key = Some(SERVER_KEY.into());
    for listener in config.protocols.values_mut() {
        listener.listen = "127.0.0.1:0".parse().expect("addr");
    }
    tweak(&mut config);
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = oneshot::channel::<bool>();
    let thread = std::thread::spawn(move || {
        actix_rt::System::new().block_on(async move {
            match Gateway::start_on(config, store).await {
                Ok(gateway) => {
                    let _ = ready_tx.send(Ok((
                        gateway.api_addr,
                        gateway.device_addrs.clone(),
                        gateway.udp_addrs.clone(),
                        gateway.store(),
                    )));
                    match stop_rx.await {
                        Ok(true) => gateway.kill().await,
                        _ => gateway.shutdown().await,
                    }
                }
                Err(error) => {
                    let _ = ready_tx.send(Err(format!("{error:#}")));
                }
            }
        });
    });
    let (api, devices, udp, store) = ready_rx
        .recv()
        .expect("gateway thread answered")
        .expect("gateway started");
    let teltonika = device_addr(&devices, trackgate_protocols::teltonika::PROTOCOL);
    Running {
        api,
        teltonika,
        devices,
        udp,
        store,
        stop: Some(stop_tx),
        thread: Some(thread),
    }
}

fn device_addr(devices: &[(Protocol, SocketAddr)], protocol: Protocol) -> SocketAddr {
    devices
        .iter()
        .find(|(p, _)| *p == protocol)
        .map(|(_, a)| *a)
        .unwrap_or_else(|| panic!("no {} listener", protocol.name()))
}

impl Running {
    /// Where `protocol`'s devices connect.
    pub fn device(&self, protocol: Protocol) -> SocketAddr {
        device_addr(&self.devices, protocol)
    }

    /// Where `protocol`'s devices send datagrams.
    pub fn udp_device(&self, protocol: Protocol) -> SocketAddr {
        device_addr(&self.udp, protocol)
    }

    /// Shuts down gracefully and waits until everything is closed.
    pub fn stop(mut self) {
        self.shutdown();
    }

    /// Stops at once, as SIGKILL would (`Gateway::kill`), and waits for
    /// the gateway's thread to end.
    pub fn kill(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(thread) = self.thread.take() {
            thread.join().expect("gateway thread ended");
        }
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(false);
        }
        if let Some(thread) = self.thread.take() {
            thread.join().expect("gateway thread ended cleanly");
        }
    }

    /// A Server API command, by GET.
    pub fn server(&self, cmd: &str) -> http::Response {
        http::get(
            self.api,
            &format!(
                "/api/api.php?api=server&key={SERVER_KEY}&cmd={}",
                http::encode(cmd)
            ),
        )
    }

    /// A User API call with a JSON body.
    pub fn user(&self, call: &str, body: Value) -> http::Response {
        http::post_json(self.api, &format!("/v2/{call}"), &body)
    }

    /// The tracker's last GPS point, as `tracker/get_last_gps_point` answers.
    pub fn last_point(&self, key: &str, tracker: u64) -> Value {
        self.user(
            "tracker/get_last_gps_point",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json()
    }

    /// Waits (up to 10 s) until the tracker's last GPS point has fix time
    /// `time`, for records the protocol does not acknowledge; returns it.
    pub fn wait_last_point(&self, key: &str, tracker: u64, time: &str) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let last = self.last_point(key, tracker);
            if last["value"]["get_time"] == time {
                return last;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no point at {time}: {last}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// Creates a user owning one tracker for `imei`; returns (API key, tracker id).
    pub fn provision(&self, email: &str, password: &str, imei: &str) -> (String, u64) {
        let ok = |r: http::Response| assert_eq!((r.status, r.body.as_str()), (200, "OK"));
        ok(self.server(&format!("ADD_USER,{email},false,{password}")));
        ok(self.server(&format!("ADD_OBJECT,{imei},Van {imei},false,2030-01-01")));
        ok(self.server(&format!("ADD_USER_OBJECT,{email},{imei}")));
        let key = self.server(&format!("GET_USER_API_KEY,{email}"));
        assert_eq!(key.status, 200, "{}", key.body);
        let list = self
            .user("tracker/list", json!({ "hash": key.body }))
            .json();
        let id = list["list"]
            .as_array()
            .and_then(|l| l.iter().find(|t| t["source"]["device_id"] == imei))
            .and_then(|t| t["id"].as_u64())
            .expect("the new tracker is listed");
        (key.body, id)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown();
    }
}

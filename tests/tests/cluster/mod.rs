//! Gateway nodes over NATS: three real gateways in one process share one
//! store and a NATS server of the test's own, and a device connected to
//! one node is answered for, commanded, watched and taken over through
//! the others; a node killed or NATS lost loses nothing acknowledged.

use crate::support;

mod calls;
mod failures;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use trackgate_store::{EmbeddedStore, Store};

use support::Running;
use support::nats::Nats;

/// The device every test connects.
pub(crate) const IMEI: &str = "356307042441013";

/// Three nodes, `a`, `b` and `c` (ids 1, 2, 3), on one store and one NATS.
pub(crate) struct Cluster {
    /// `None` once killed.
    pub(crate) nodes: Vec<Option<Running>>,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) nats: Nats,
    _dirs: Vec<tempfile::TempDir>,
}

impl Cluster {
    pub(crate) fn start() -> Self {
        let nats = Nats::start();
        let store_dir = tempfile::tempdir().expect("tempdir");
        let store: Arc<dyn Store> =
            Arc::new(EmbeddedStore::open(store_dir.path()).expect("the shared store opens"));
        let mut dirs = vec![store_dir];
        let mut nodes = Vec::new();
        for (id, name) in [(1, "a"), (2, "b"), (3, "c")] {
            let dir = tempfile::tempdir().expect("tempdir");
            let url = nats.url();
            nodes.push(Some(support::start_on(
                dir.path(),
                Some(store.clone()),
                |c| {
                    c.shards = 1;
                    c.protocols.retain(|name, _| name == "teltonika");
                    c.cluster.nats_urls = vec![url];
                    c.cluster.node_id = id;
                    c.cluster.node_name = name.into();
                    c.cluster.heartbeat_ms = 200;
                    // Generous: under a whole test run's load on two cores a
                    // holder may take a while to answer; no case waits on it.
                    c.cluster.call_timeout_ms = 5_000;
                },
            )));
            dirs.push(dir);
        }
        let cluster = Self {
            nodes,
            store,
            nats,
            _dirs: dirs,
        };
        cluster.wait_for_members();
        cluster
    }

    fn node(&self, n: usize) -> &Running {
        self.nodes[n].as_ref().expect("the node runs")
    }

    /// The fleet every case works with: a user with the tracker of
    /// [`IMEI`], made through node A; its API key and the tracker's id.
    pub(crate) fn fleet(&self) -> (String, u64) {
        self.a().provision("fleet@example.com", "s3cret-pass", IMEI)
    }

    pub(crate) fn a(&self) -> &Running {
        self.node(0)
    }

    pub(crate) fn b(&self) -> &Running {
        self.node(1)
    }

    pub(crate) fn c(&self) -> &Running {
        self.node(2)
    }

    /// Stops `a` at once, as SIGKILL would.
    pub(crate) fn kill_a(&mut self) {
        if let Some(a) = self.nodes[0].take() {
            a.kill();
        }
    }

    /// Waits until every node lists the three, each alive.
    fn wait_for_members(&self) {
        for node in self.nodes.iter().flatten() {
            wait("every node hears the others", || {
                let servers = support::server_rest::ok(node, "servers/list", &json!({}));
                let alive = servers["servers"]
                    .as_array()
                    .map_or(0, |l| l.iter().filter(|s| s["status"] == 1).count());
                alive == 3
            });
        }
    }
}

/// Waits (up to 10 s) until `done`; fails naming `what`.
#[track_caller]
pub(crate) fn wait(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out: {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// `tracker/get_state` on `node`.
pub(crate) fn get_state(node: &Running, key: &str, tracker: u64) -> Value {
    node.user(
        "tracker/get_state",
        json!({ "hash": key, "tracker_id": tracker }),
    )
    .json()
}

/// The connection `mag/info` shows for `IMEI` on `node` (Null: none).
pub(crate) fn connection(node: &Running) -> Value {
    let info = support::server_rest::ok(node, "mag/info", &json!({ "imei": IMEI }));
    info["mag_conn_info"][0].clone()
}

/// A device of [`IMEI`] connected to `node` and logged in.
pub(crate) fn logged_in(node: &Running) -> trackgate_tests::device::Device {
    let mut device = trackgate_tests::device::Device::connect(node.teltonika);
    assert_eq!(device.login(IMEI), Some(1));
    device
}

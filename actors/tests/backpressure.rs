//! While the store is slow, a session neither acknowledges nor reads on:
//! its reader waits for the commit, so the device's bytes stay in the
//! socket. The session itself still answers messages meanwhile.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use actix::Arbiter;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use trackgate_actors::config::{SessionConfig, WriterConfig};
use trackgate_actors::registry::Registry;
use trackgate_actors::session::messages::{GetState, Shutdown};
use trackgate_actors::session::{DeviceSession, SessionEnv};
use trackgate_actors::writer::TrackWriter;
use trackgate_protocols::teltonika::AvlCodec;
use trackgate_protocols::teltonika::encode::{encode_avl, encode_imei};
use trackgate_protocols::{IoElement, Record};
use trackgate_store::*;

#[path = "gated/money.rs"]
mod gated_money;
#[path = "gated/operator.rs"]
mod gated_operator;
#[path = "gated/tenancy.rs"]
mod gated_tenancy;

/// An embedded store whose commits wait at a gate the test opens.
#[derive(Debug)]
struct GatedStore {
    inner: EmbeddedStore,
    open: Mutex<bool>,
    opened: Condvar,
    commits_started: AtomicUsize,
}

impl GatedStore {
    fn release(&self) {
        *self.open.lock().expect("gate") = true;
        self.opened.notify_all();
    }
}

impl TrackStore for GatedStore {
    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError> {
        if !batch.points.is_empty() {
            self.commits_started.fetch_add(1, Ordering::SeqCst);
            let mut open = self.open.lock().expect("gate");
            while !*open {
                open = self.opened.wait(open).expect("gate");
            }
        }
        self.inner.commit(batch)
    }
    fn read_track(
        &self,
        t: TrackerId,
        from: i64,
        to: i64,
        limit: usize,
    ) -> Result<Vec<StoredPoint>, StoreError> {
        self.inner.read_track(t, from, to, limit)
    }
    fn state(&self, t: TrackerId) -> Result<Option<TrackerState>, StoreError> {
        self.inner.state(t)
    }
}

impl CommandStore for GatedStore {
    fn create_command(&self, new: NewCommand) -> Result<CommandRecord, StoreError> {
        self.inner.create_command(new)
    }
    fn update_command(&self, command: &CommandRecord) -> Result<(), StoreError> {
        self.inner.update_command(command)
    }
    fn command(
        &self,
        tracker: TrackerId,
        id: CommandId,
    ) -> Result<Option<CommandRecord>, StoreError> {
        self.inner.command(tracker, id)
    }
    fn tracker_commands(&self, tracker: TrackerId) -> Result<Vec<CommandRecord>, StoreError> {
        self.inner.tracker_commands(tracker)
    }
}

impl AccountStore for GatedStore {
    fn create_user(&self, new: NewUser) -> Result<User, StoreError> {
        self.inner.create_user(new)
    }
    fn update_user(&self, user: &User) -> Result<(), StoreError> {
        self.inner.update_user(user)
    }
    fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.inner.user(id)
    }
    fn user_by_login(&self, login: &str) -> Result<Option<User>, StoreError> {
        self.inner.user_by_login(login)
    }
    fn users(&self) -> Result<Vec<User>, StoreError> {
        self.inner.users()
    }
    fn delete_user(&self, id: UserId) -> Result<bool, StoreError> {
        self.inner.delete_user(id)
    }
    fn create_tracker(&self, new: NewTracker) -> Result<Tracker, StoreError> {
        self.inner.create_tracker(new)
    }
    fn update_tracker(&self, tracker: &Tracker) -> Result<(), StoreError> {
        self.inner.update_tracker(tracker)
    }
    fn tracker(&self, id: TrackerId) -> Result<Option<Tracker>, StoreError> {
        self.inner.tracker(id)
    }
    fn tracker_by_device(&self, device_id: &str) -> Result<Option<Tracker>, StoreError> {
        self.inner.tracker_by_device(device_id)
    }
    fn trackers(&self) -> Result<Vec<Tracker>, StoreError> {
        self.inner.trackers()
    }
    fn user_trackers(&self, user: UserId) -> Result<Vec<Tracker>, StoreError> {
        self.inner.user_trackers(user)
    }
    fn delete_tracker(&self, id: TrackerId) -> Result<bool, StoreError> {
        self.inner.delete_tracker(id)
    }
    fn create_clone(
        &self,
        source: TrackerId,
        owner: UserId,
        created_ms: i64,
    ) -> Result<Tracker, StoreError> {
        self.inner.create_clone(source, owner, created_ms)
    }
    fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        self.inner.put_session(session)
    }
    fn session(&self, digest: &SecretDigest) -> Result<Option<Session>, StoreError> {
        self.inner.session(digest)
    }
    fn delete_session(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        self.inner.delete_session(digest)
    }
    fn sweep_sessions(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.inner.sweep_sessions(now_ms)
    }
    fn put_api_key(&self, key: &ApiKey) -> Result<(), StoreError> {
        self.inner.put_api_key(key)
    }
    fn api_key(&self, digest: &SecretDigest) -> Result<Option<ApiKey>, StoreError> {
        self.inner.api_key(digest)
    }
    fn user_api_keys(&self, user: UserId) -> Result<Vec<ApiKey>, StoreError> {
        self.inner.user_api_keys(user)
    }
    fn delete_api_key(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        self.inner.delete_api_key(digest)
    }
}

fn records(start_ms: i64, n: usize) -> Vec<Record> {
    (0..n)
        .map(|i| {
            let mut r = Record::at(start_ms + i as i64 * 1000, 10.0, 20.0);
            r.satellites = Some(7);
            r.io = Vec::<IoElement>::new();
            r
        })
        .collect()
}

/// A logged-in Teltonika device whose session commits through a gated store.
struct Fixture {
    store: Arc<GatedStore>,
    env: Arc<SessionEnv>,
    device: tokio::net::TcpStream,
    _writer: TrackWriter,
    _dir: tempfile::TempDir,
}

async fn logged_in_device() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(GatedStore {
        inner: EmbeddedStore::open(dir.path()).expect("store"),
        open: Mutex::new(false),
        opened: Condvar::new(),
        commits_started: AtomicUsize::new(0),
    });
    let imei = "356307042441112";
    store
        .create_tracker(NewTracker {
            device_id: imei.into(),
            label: "t".into(),
            model: "teltonika".into(),
            owner: None,
            created_ms: 0,
        })
        .expect("tracker");
    let writer = TrackWriter::start(store.clone(), WriterConfig::default()).expect("writer");
    let env = Arc::new(
        SessionEnv::new(
            store.clone(),
            writer.handle(),
            Arc::new(Registry::new()),
            SessionConfig::default(),
        )
        .expect("session environment"),
    );

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let mut device = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (socket, peer) = listener.accept().expect("accept");
    socket.set_nonblocking(true).expect("nonblocking");
    DeviceSession::spawn(
        env.clone(),
        &Arbiter::current(),
        0,
        trackgate_protocols::teltonika::PROTOCOL,
        socket,
        peer,
        env.slots.try_take().expect("a slot"),
    );

    device.write_all(&encode_imei(imei)).await.expect("login");
    let mut byte = [0u8; 1];
    device.read_exact(&mut byte).await.expect("login reply");
    assert_eq!(byte, [1]);
    Fixture {
        store,
        env,
        device,
        _writer: writer,
        _dir: dir,
    }
}

/// Sends two packets back to back (3 and 2 records): both are in the
/// session's socket before it has committed anything.
async fn send_two_packets(device: &mut tokio::net::TcpStream) {
    let first = encode_avl(AvlCodec::Codec8E, &records(1_700_000_000_000, 3)).expect("encode");
    let second = encode_avl(AvlCodec::Codec8E, &records(1_700_000_100_000, 2)).expect("encode");
    device.write_all(&first).await.expect("send");
    device.write_all(&second).await.expect("send");
}

#[actix_rt::test]
async fn a_slow_store_stops_the_session_reading_and_acking() {
    let Fixture {
        store,
        env,
        mut device,
        ..
    } = logged_in_device().await;
    send_two_packets(&mut device).await;

    // The first commit is held: no ack comes, and the second packet is not
    // even read, so no second commit is asked for.
    let mut ack = [0u8; 4];
    let early = tokio::time::timeout(Duration::from_millis(500), device.read_exact(&mut ack)).await;
    assert!(early.is_err(), "no ack while the commit is held");
    assert_eq!(store.commits_started.load(Ordering::SeqCst), 1);
    assert_eq!(
        env.writer.queued_records(),
        3,
        "only the first packet was read and submitted; the second waits in the socket"
    );

    // The session itself is not blocked: it answers a state read at once,
    // with the state as last committed (the held records are not in it).
    let entry = env.registry.get(TrackerId(1)).expect("registered");
    let live = tokio::time::timeout(Duration::from_millis(500), entry.addr.send(GetState))
        .await
        .expect("the session answers while its commit is held")
        .expect("mailbox")
        .expect("identified");
    assert!(live.last_record.is_none());

    store.release();
    device.read_exact(&mut ack).await.expect("first ack");
    assert_eq!(ack, [0, 0, 0, 3]);
    device.read_exact(&mut ack).await.expect("second ack");
    assert_eq!(ack, [0, 0, 0, 2]);
    let stored = store
        .read_track(TrackerId(1), 0, i64::MAX, 100)
        .expect("read");
    assert_eq!(stored.len(), 5);
}

#[actix_rt::test]
async fn a_shutdown_during_a_commit_acks_it_then_closes() {
    let Fixture {
        store,
        env,
        mut device,
        ..
    } = logged_in_device().await;
    send_two_packets(&mut device).await;
    while store.commits_started.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    let entry = env.registry.get(TrackerId(1)).expect("registered");
    entry.addr.send(Shutdown).await.expect("mailbox");
    let mut ack = [0u8; 4];
    let early = tokio::time::timeout(Duration::from_millis(300), device.read_exact(&mut ack)).await;
    assert!(
        early.is_err(),
        "still open and unacknowledged while the commit is held"
    );

    store.release();
    device
        .read_exact(&mut ack)
        .await
        .expect("the held commit is acknowledged");
    assert_eq!(ack, [0, 0, 0, 3]);
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), device.read_to_end(&mut rest))
        .await
        .expect("the session closes after the ack");
    assert!(
        closed.is_ok() && rest.is_empty(),
        "nothing after the ack: {rest:?}"
    );
    assert_eq!(
        store
            .read_track(TrackerId(1), 0, i64::MAX, 100)
            .expect("read")
            .len(),
        3,
        "the packet never read is not stored (the device still holds it)"
    );
}

#[actix_rt::test]
async fn a_full_writer_queue_makes_submitters_wait() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(GatedStore {
        inner: EmbeddedStore::open(dir.path()).expect("store"),
        open: Mutex::new(false),
        opened: Condvar::new(),
        commits_started: AtomicUsize::new(0),
    });
    let config = WriterConfig {
        max_batch_records: 1,
        max_delay: Duration::ZERO,
        queue_capacity: 1,
    };
    let writer = TrackWriter::start(store.clone(), config).expect("writer");
    let batch = |t: i64| CommitBatch {
        points: vec![StoredPoint {
            tracker: TrackerId(9),
            received_ms: 0,
            record: Record::at(t, 1.0, 1.0),
        }],
        states: Vec::new(),
    };
    // One commit held in the store, one waiting in the queue: a third
    // submitter cannot even enqueue until the store moves.
    let handle = writer.handle();
    let held = actix_rt::spawn({
        let h = handle.clone();
        let b = batch(1);
        async move { h.commit(b).await }
    });
    while store.commits_started.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let queued = actix_rt::spawn({
        let h = handle.clone();
        let b = batch(2);
        async move { h.commit(b).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let third = tokio::time::timeout(Duration::from_millis(300), handle.commit(batch(3))).await;
    assert!(
        third.is_err(),
        "the third submitter waits while the queue is full"
    );

    store.release();
    held.await.expect("task").expect("first commit");
    queued.await.expect("task").expect("second commit");
    handle
        .commit(batch(4))
        .await
        .expect("queue drains once the store moves");
    writer.close().await;
    assert_eq!(
        store
            .read_track(TrackerId(9), 0, 10, 10)
            .expect("read")
            .len(),
        3
    );
}

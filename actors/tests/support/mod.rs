//! What the actor tests share: a session environment over a store, and a
//! device connected to a real session over loopback TCP.

#![allow(dead_code)] // each test file uses a different part

use std::sync::Arc;

use actix::Arbiter;
use tokio::net::TcpStream;
use trackgate_actors::config::{SessionConfig, WriterConfig};
use trackgate_actors::registry::Registry;
use trackgate_actors::session::{DeviceSession, SessionEnv};
use trackgate_actors::writer::TrackWriter;
use trackgate_protocols::Protocol;
use trackgate_store::Store;

/// Sessions' environment over `store`, with its running writer (keep it
/// alive for as long as the sessions run).
pub fn session_env(store: Arc<dyn Store>, config: SessionConfig) -> (Arc<SessionEnv>, TrackWriter) {
    let writer = TrackWriter::start(store.clone(), WriterConfig::default()).expect("writer");
    let env = Arc::new(
        SessionEnv::new(store, writer.handle(), Arc::new(Registry::new()), config)
            .expect("session environment"),
    );
    (env, writer)
}

/// A device connected to a new session of `protocol` on the current arbiter.
pub async fn connect(env: &Arc<SessionEnv>, protocol: Protocol) -> TcpStream {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let device = TcpStream::connect(listener.local_addr().expect("addr"))
        .await
        .expect("connect");
    let (socket, peer) = listener.accept().expect("accept");
    socket.set_nonblocking(true).expect("nonblocking");
    let slot = env.slots.try_take().expect("a slot");
    DeviceSession::spawn(
        env.clone(),
        &Arbiter::current(),
        0,
        protocol,
        socket,
        peer,
        slot,
    );
    device
}

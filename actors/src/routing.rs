//! Virtual sessions: the sessions of devices that reach the gateway by UDP
//! datagrams or HTTP requests instead of a connection.
//!
//! Each listener of that kind owns a [`Router`]. It hands each decoded
//! message to the session of the device the message names, creating the
//! session on the next shard when there is none. From there such a device
//! is handled exactly like a TCP one: the session identifies it, commits
//! its records, and only then answers, where the message came from.
//!
//! Bounds: each session's inbox holds [`INBOX`] messages, so a device whose
//! session is still busy with earlier messages (a store commit pending) has
//! further ones refused, and a flooding device costs a bounded amount of
//! memory. A session ends after the idle timeout, like a silent TCP
//! connection; the router forgets ended sessions on [`Router::sweep`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use dashmap::DashMap;
use tokio::net::UdpSocket;
use tokio::sync::mpsc::{self, error::TrySendError};
use trackgate_protocols::{DeviceId, Message, Protocol};

use crate::session::{DeviceSession, Inbound, Origin, SessionEnv};
use crate::shards::Shards;

/// Messages waiting for one device's session.
pub const INBOX: usize = 32;
/// How often listeners drop routes to ended sessions.
pub const SWEEP_EVERY: Duration = Duration::from_secs(30);

/// Why a message did not reach a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undelivered {
    /// The device's session still has a full inbox.
    Busy,
    /// The shards are stopped: the gateway is shutting down.
    Stopped,
}

/// One listener's routes: device → its session's inbox.
#[derive(Debug)]
pub struct Router {
    protocol: Protocol,
    env: Arc<SessionEnv>,
    shards: Arc<Shards>,
    /// The UDP listener's socket, which its sessions answer through.
    socket: Option<Arc<UdpSocket>>,
    routes: DashMap<DeviceId, mpsc::Sender<Inbound>>,
}

impl Router {
    /// A router for one listener. `socket` is the UDP socket answers go out
    /// through, for a UDP listener.
    pub fn new(
        protocol: Protocol,
        env: Arc<SessionEnv>,
        shards: Arc<Shards>,
        socket: Option<Arc<UdpSocket>>,
    ) -> Self {
        Self {
            protocol,
            env,
            shards,
            socket,
            routes: DashMap::new(),
        }
    }

    /// The sessions' environment (settings, store, writer).
    pub fn env(&self) -> &SessionEnv {
        &self.env
    }

    /// Hands `message`, which names `device`, to that device's session.
    pub fn deliver(
        &self,
        device: &DeviceId,
        origin: Origin,
        peer: SocketAddr,
        message: Message,
    ) -> Result<(), Undelivered> {
        let mut inbound = Inbound { origin, message };
        if let Some(inbox) = self.routes.get(device) {
            match inbox.try_send(inbound) {
                Ok(()) => return Ok(()),
                Err(TrySendError::Full(_)) => return Err(Undelivered::Busy),
                // The session ended (idle, refused, replaced): start another.
                Err(TrySendError::Closed(returned)) => inbound = returned,
            }
        }
        let (inbox, messages) = mpsc::channel(INBOX);
        // A fresh channel has room: this cannot fail.
        let _ = inbox.try_send(inbound);
        let (index, arbiter) = self.shards.next();
        let spawned = DeviceSession::spawn_virtual(
            self.env.clone(),
            arbiter,
            index,
            self.protocol,
            self.socket.clone(),
            peer,
            messages,
        );
        if !spawned {
            return Err(Undelivered::Stopped);
        }
        // Two messages of a new device may race here; the later session
        // wins the route and the earlier one idles out after its message.
        self.routes.insert(device.clone(), inbox);
        Ok(())
    }

    /// Forgets routes to sessions that ended.
    pub fn sweep(&self) {
        self.routes.retain(|_, inbox| !inbox.is_closed());
        self.routes.shrink_to_fit();
    }

    /// Routes held now (live sessions, and ended ones not yet swept).
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether no route is held.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }
}

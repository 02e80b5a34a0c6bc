//! UDP listeners: datagrams routed to the virtual session of their device.
//!
//! UDP has no connection, so the listener stands in for one. It decodes
//! every datagram with its protocol's [`DatagramCodec`](crate::protocols::DatagramCodec)
//! (every message of a datagram names its device) and hands each message to
//! the session of that device, creating the session on the next shard when
//! there is none. From there a UDP device is handled exactly like a TCP one:
//! the session identifies it, commits its records, and only then sends the
//! acknowledgement, as a datagram to the address the device last sent from.
//!
//! Bounds:
//! - A datagram that does not decode is dropped and counted; no session
//!   sees it, and the device resends what was not acknowledged.
//! - Each session's inbox holds [`INBOX`] messages. A device whose session
//!   is still busy with earlier datagrams (its store commit pending) has
//!   further datagrams dropped and counted as `busy`, so a flooding device
//!   costs a bounded amount of memory.
//! - A session ends after the idle timeout, like a silent TCP connection;
//!   the listener forgets ended sessions every [`SWEEP_EVERY`].

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::UdpSocket;
use tokio::sync::mpsc::{self, error::TrySendError};
use tokio::sync::watch;
use trackgate_protocols::{DatagramCodec, DeviceId, Message, Protocol};

use crate::metrics as m;
use crate::session::{Datagram, DeviceSession, SessionEnv};
use crate::shards::Shards;

/// Messages waiting for one device's session.
pub const INBOX: usize = 32;
/// How often routes to ended sessions are dropped.
pub const SWEEP_EVERY: Duration = Duration::from_secs(30);

/// Receives on `socket` until `stop` changes. Does nothing for a protocol
/// without a datagram codec.
pub async fn serve(
    socket: Arc<UdpSocket>,
    protocol: Protocol,
    env: Arc<SessionEnv>,
    shards: Arc<Shards>,
    mut stop: watch::Receiver<bool>,
) {
    let Some(codec) = protocol.datagram_codec() else {
        tracing::warn!(
            protocol = protocol.name(),
            "protocol has no UDP form; listener not run"
        );
        return;
    };
    let mut router = Router {
        protocol,
        codec,
        socket: socket.clone(),
        env,
        shards,
        routes: HashMap::new(),
    };
    // One byte over the frame limit tells an oversize datagram from one
    // exactly at it.
    let mut buf = vec![0u8; router.env.config.limits.max_frame_len + 1];
    let mut sweep = tokio::time::interval(SWEEP_EVERY);
    sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            received = socket.recv_from(&mut buf) => match received {
                Ok((len, peer)) => router.datagram(&buf[..len], peer),
                Err(error) => {
                    tracing::debug!(protocol = protocol.name(), %error, "UDP receive failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
            _ = sweep.tick() => router.sweep(),
            _ = stop.changed() => break,
        }
    }
    tracing::debug!(protocol = protocol.name(), "UDP listener stopped");
}

/// The listener's routing table: device → its session's inbox.
struct Router {
    protocol: Protocol,
    codec: Box<dyn DatagramCodec>,
    socket: Arc<UdpSocket>,
    env: Arc<SessionEnv>,
    shards: Arc<Shards>,
    routes: HashMap<DeviceId, mpsc::Sender<Datagram>>,
}

impl Router {
    fn datagram(&mut self, datagram: &[u8], peer: SocketAddr) {
        let protocol = self.protocol.name();
        metrics::counter!(m::UDP_DATAGRAMS, "protocol" => protocol).increment(1);
        let max = self.env.config.limits.max_frame_len;
        let decoded = if datagram.len() > max {
            Err(trackgate_protocols::DecodeError::Oversize {
                len: datagram.len(),
                max,
            })
        } else {
            self.codec.decode_datagram(datagram)
        };
        let messages = match decoded {
            Ok(messages) => messages,
            Err(error) => {
                metrics::counter!(m::DECODE_ERRORS, "protocol" => protocol, "kind" => error.kind())
                    .increment(1);
                tracing::debug!(protocol, %peer, reason = %error, "datagram dropped: undecodable");
                return;
            }
        };
        for message in messages {
            match message.device().cloned() {
                Some(device) => self.deliver(device, peer, message),
                None => {
                    metrics::counter!(m::DECODE_ERRORS, "protocol" => protocol, "kind" => "anonymous")
                        .increment(1);
                    tracing::debug!(protocol, %peer, "datagram message names no device; dropped");
                }
            }
        }
    }

    fn deliver(&mut self, device: DeviceId, peer: SocketAddr, message: Message) {
        let mut message = message;
        if let Some(inbox) = self.routes.get(&device) {
            match inbox.try_send((peer, message)) {
                Ok(()) => return,
                Err(TrySendError::Full(_)) => {
                    metrics::counter!(
                        m::UDP_DATAGRAMS_DROPPED,
                        "protocol" => self.protocol.name(),
                        "reason" => "busy",
                    )
                    .increment(1);
                    return;
                }
                // The session ended (idle, refused, replaced): start another.
                Err(TrySendError::Closed((_, returned))) => {
                    message = returned;
                    self.routes.remove(&device);
                }
            }
        }
        let (inbox, messages) = mpsc::channel(INBOX);
        // A fresh channel has room: this cannot fail.
        let _ = inbox.try_send((peer, message));
        let (index, arbiter) = self.shards.next();
        let spawned = DeviceSession::spawn_datagram(
            self.env.clone(),
            arbiter,
            index,
            self.protocol,
            self.socket.clone(),
            peer,
            messages,
        );
        if spawned {
            self.routes.insert(device, inbox);
        } else {
            tracing::warn!(%peer, shard = index, "shard is stopped; datagram dropped");
        }
    }

    fn sweep(&mut self) {
        self.routes.retain(|_, inbox| !inbox.is_closed());
        if self.routes.capacity() > 64 && self.routes.len() < self.routes.capacity() / 4 {
            self.routes.shrink_to_fit();
        }
    }
}

//! TCP device listeners: accept connections and hand each to a shard.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::watch;
use trackgate_actors::session::{DeviceSession, SessionEnv};
use trackgate_actors::shards::Shards;
use trackgate_protocols::Protocol;

/// Backlog asked of the kernel; it caps it at `net.core.somaxconn`.
const BACKLOG: u32 = 4096;

/// Binds a listening socket with a deep backlog, so connection storms queue
/// in the kernel instead of being refused.
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Accepts until `stop` changes, spreading connections over the shards.
///
/// Each connection takes a slot of the device budget (`env.slots`) before
/// it is accepted and gives it back when its session ends; with none free,
/// the listener stops accepting until one is, and new connections wait in
/// the kernel's backlog. So a flood of connections cannot take the
/// descriptors the store and the API need.
pub async fn accept_loop(
    listener: TcpListener,
    protocol: Protocol,
    env: Arc<SessionEnv>,
    shards: Arc<Shards>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let slot = tokio::select! {
            slot = env.slots.take() => slot,
            _ = stop.changed() => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        match accepted {
            Ok((stream, peer)) => match stream.into_std() {
                Ok(socket) => {
                    let (index, shard) = shards.next();
                    DeviceSession::spawn(env.clone(), shard, index, protocol, socket, peer, slot);
                }
                Err(error) => tracing::warn!(%peer, %error, "could not detach accepted socket"),
            },
            Err(error) => {
                // Out of descriptors despite the budget (something else
                // took them), or a connection reset before it was taken:
                // back off instead of spinning.
                tracing::warn!(protocol = protocol.name(), %error, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    tracing::debug!(protocol = protocol.name(), "listener stopped");
}

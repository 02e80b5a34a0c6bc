//! UDP listeners: datagrams routed to the virtual session of their device.
//!
//! UDP has no connection, so the listener stands in for one. It decodes
//! every datagram with its protocol's [`DatagramCodec`]
//! (every message of a datagram names its device) and routes each message
//! to the virtual session of that device ([`trackgate_actors::routing`]), which sends
//! the acknowledgement, once the records are stored, as a datagram to the
//! address the device last sent from.
//!
//! A datagram that does not decode is dropped and counted; no session sees
//! it, and the device resends what was not acknowledged. So is one whose
//! device's session is still busy (`trackgate_udp_datagrams_dropped_total`,
//! `reason="busy"`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::UdpSocket;
use tokio::sync::watch;
use trackgate_protocols::{DatagramCodec, DecodeError, Protocol};

use trackgate_actors::metrics as m;
use trackgate_actors::routing::{Router, SWEEP_EVERY, Undelivered};
use trackgate_actors::session::{Origin, SessionEnv};
use trackgate_actors::shards::Shards;

/// Binds a UDP socket for device datagrams.
pub fn bind(addr: SocketAddr) -> std::io::Result<UdpSocket> {
    let socket = std::net::UdpSocket::bind(addr)?;
    socket.set_nonblocking(true)?;
    UdpSocket::from_std(socket)
}

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
    let max = env.config.limits.max_frame_len;
    let router = Router::new(protocol, env, shards, Some(socket.clone()));
    // One byte over the frame limit tells an oversize datagram from one
    // exactly at it.
    let mut buf = vec![0u8; max + 1];
    let mut sweep = tokio::time::interval(SWEEP_EVERY);
    sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            received = socket.recv_from(&mut buf) => match received {
                Ok((len, peer)) => datagram(&router, &*codec, protocol, max, &buf[..len], peer),
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

fn datagram(
    router: &Router,
    codec: &dyn DatagramCodec,
    protocol: Protocol,
    max: usize,
    datagram: &[u8],
    peer: SocketAddr,
) {
    let name = protocol.name();
    metrics::counter!(m::UDP_DATAGRAMS, "protocol" => name).increment(1);
    let decoded = if datagram.len() > max {
        Err(DecodeError::Oversize {
            len: datagram.len(),
            max,
        })
    } else {
        codec.decode_datagram(datagram)
    };
    let messages = match decoded {
        Ok(messages) => messages,
        Err(error) => {
            metrics::counter!(m::DECODE_ERRORS, "protocol" => name, "kind" => error.kind())
                .increment(1);
            tracing::debug!(protocol = name, %peer, reason = %error, "datagram dropped: undecodable");
            return;
        }
    };
    for message in messages {
        let Some(device) = message.device().cloned() else {
            metrics::counter!(m::DECODE_ERRORS, "protocol" => name, "kind" => "anonymous")
                .increment(1);
            tracing::debug!(protocol = name, %peer, "datagram message names no device; dropped");
            continue;
        };
        match router.deliver(&device, Origin::Udp(peer), peer, message) {
            Ok(()) => {}
            Err(Undelivered::Busy) => {
                metrics::counter!(m::UDP_DATAGRAMS_DROPPED, "protocol" => name, "reason" => "busy")
                    .increment(1);
            }
            Err(Undelivered::Stopped) => {
                tracing::debug!(protocol = name, %peer, "shards stopped; datagram dropped");
            }
        }
    }
}

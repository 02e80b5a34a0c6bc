//! A NATS server as a child process, for the cluster scenario: started on
//! free loopback ports (clients and monitoring), asked for its message
//! counters, killed when dropped.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::time::{Instant, sleep};

use crate::http::client::Client;

/// A running `nats-server`.
#[derive(Debug)]
pub struct NatsServer {
    child: Child,
    /// Where clients connect.
    pub client: SocketAddr,
    /// Its monitoring endpoint (`/varz`).
    pub monitor: SocketAddr,
}

/// Messages the server has received and sent since it started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageCounts {
    /// Messages published to it.
    pub in_msgs: u64,
    /// Messages it delivered to subscribers.
    pub out_msgs: u64,
}

fn free_port() -> std::io::Result<SocketAddr> {
    TcpListener::bind("127.0.0.1:0")?.local_addr()
}

impl NatsServer {
    /// Starts `bin` and waits (up to `within`) until it accepts clients.
    pub async fn start(bin: &Path, within: Duration) -> std::io::Result<Self> {
        let client = free_port()?;
        let monitor = free_port()?;
        let child = Command::new(bin)
            .args(["-a", "127.0.0.1", "-p", &client.port().to_string()])
            .args(["-m", &monitor.port().to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let server = Self {
            child,
            client,
            monitor,
        };
        let started = Instant::now();
        while tokio::net::TcpStream::connect(server.client).await.is_err() {
            if started.elapsed() > within {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("{} did not accept clients within {within:?}", bin.display()),
                ));
            }
            sleep(Duration::from_millis(20)).await;
        }
        Ok(server)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The `nats://` URL clients connect to.
    pub fn url(&self) -> String {
        format!("nats://{}", self.client)
    }

    /// Its message counters now.
    pub async fn counts(&self) -> Result<MessageCounts, String> {
        let mut client = Client::new(self.monitor, Duration::from_secs(5));
        let response = client
            .get("/varz")
            .await
            .map_err(|e| format!("nats /varz: {e}"))?;
        parse_varz(&response.body)
    }
}

/// Reads the message counters out of a `/varz` answer.
pub fn parse_varz(body: &[u8]) -> Result<MessageCounts, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("nats /varz is not JSON: {e}"))?;
    let field = |name: &str| {
        value[name]
            .as_u64()
            .ok_or_else(|| format!("nats /varz has no {name}"))
    };
    Ok(MessageCounts {
        in_msgs: field("in_msgs")?,
        out_msgs: field("out_msgs")?,
    })
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varz_counters_are_read_and_their_absence_named() {
        let counts =
            parse_varz(br#"{"server_id":"x","in_msgs":12,"out_msgs":30,"in_bytes":9}"#).unwrap();
        assert_eq!(
            counts,
            MessageCounts {
                in_msgs: 12,
                out_msgs: 30
            }
        );
        assert!(
            parse_varz(br#"{"in_msgs":1}"#)
                .unwrap_err()
                .contains("out_msgs")
        );
        assert!(parse_varz(b"<html>").is_err());
    }
}

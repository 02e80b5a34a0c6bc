//! A NATS server as a child process, for the cluster scenario: started on
//! loopback ports it picks itself (clients and monitoring, read back from
//! its ports file), asked for its message counters, killed when dropped.

use std::net::SocketAddr;
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

/// Where a ports file (`{"nats":["nats://…"],"monitoring":["http://…"]}`)
/// says the server listens: clients, then monitoring.
pub fn parse_ports(text: &str) -> Option<(SocketAddr, SocketAddr)> {
    let ports: serde_json::Value = serde_json::from_str(text).ok()?;
    let client = ports["nats"][0]
        .as_str()?
        .strip_prefix("nats://")?
        .parse()
        .ok()?;
    let monitor = ports["monitoring"][0]
        .as_str()?
        .strip_prefix("http://")?
        .parse()
        .ok()?;
    Some((client, monitor))
}

impl NatsServer {
    /// Starts `bin` on ports of its own choice (`-p -1 -m -1`, so nothing
    /// else can take them meanwhile) and waits (up to `within`) until its
    /// ports file says where it listens and it accepts clients.
    pub async fn start(bin: &Path, within: Duration) -> std::io::Result<Self> {
        let dir = tempfile::tempdir()?;
        let mut child = Command::new(bin)
            .args(["-a", "127.0.0.1", "-p", "-1", "-m", "-1"])
            .arg("--ports_file_dir")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let file = dir.path().join(format!("nats-server_{}.ports", child.id()));
        let started = Instant::now();
        let timed_out = || {
            std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("{} did not accept clients within {within:?}", bin.display()),
            )
        };
        let (client, monitor) = loop {
            if let Some(ports) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|t| parse_ports(&t))
            {
                break ports;
            }
            if let Some(status) = child.try_wait()? {
                return Err(std::io::Error::other(format!(
                    "{} exited at start: {status}",
                    bin.display()
                )));
            }
            if started.elapsed() > within {
                let _ = child.kill();
                let _ = child.wait();
                return Err(timed_out());
            }
            sleep(Duration::from_millis(20)).await;
        };
        let server = Self {
            child,
            client,
            monitor,
        };
        while tokio::net::TcpStream::connect(server.client).await.is_err() {
            if started.elapsed() > within {
                return Err(timed_out());
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

    #[test]
    fn a_ports_file_names_the_client_and_monitoring_addresses() {
        let (client, monitor) = parse_ports(
            r#"{"nats":["nats://127.0.0.1:45975"],"monitoring":["http://127.0.0.1:43149"]}"#,
        )
        .unwrap();
        assert_eq!(client.port(), 45975);
        assert_eq!(monitor.port(), 43149);
        assert!(parse_ports(r#"{"nats":["nats://127.0.0.1:1"]}"#).is_none());
    }
}

//! A NATS server of the test's own, on a free loopback port: started,
//! killed and started again on the same port, and killed when dropped.

use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running (or stopped) `nats-server` on one loopback port.
pub struct Nats {
    binary: PathBuf,
    addr: SocketAddr,
    child: Option<Child>,
    /// Where the server writes the ports it listens on.
    ports: tempfile::TempDir,
}

/// The client address a ports file (`{"nats":["nats://127.0.0.1:4222"]}`) names.
fn client_addr(text: &str) -> Option<SocketAddr> {
    let ports: serde_json::Value = serde_json::from_str(text).ok()?;
    ports["nats"][0]
        .as_str()?
        .strip_prefix("nats://")?
        .parse()
        .ok()
}

/// `nats-server` in one of the PATH's directories, /usr/sbin or /usr/bin.
fn find() -> Option<PathBuf> {
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
        .map(|dir| dir.join("nats-server"))
        .find(|path| path.is_file())
}

fn apt_install() -> bool {
    Command::new("apt-get")
        .args(["install", "-y", "-q", "nats-server"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Where `nats-server` is: on PATH, in /usr/sbin, or installed now (as root).
fn binary() -> PathBuf {
    if let Some(path) = find() {
        return path;
    }
    let root = rustix::process::geteuid().is_root();
    if root {
        if !apt_install() {
            let _ = Command::new("apt-get")
                .args(["update", "-q"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            apt_install();
        }
        if let Some(path) = find() {
            return path;
        }
    }
    panic!(
        "these tests need a NATS server: `nats-server` is not on PATH nor in /usr/sbin{}; \
         install Debian's nats-server package (apt-get install nats-server)",
        if root {
            ", and installing it failed"
        } else {
            ""
        }
    );
}

impl Nats {
    /// Starts a server on a port it picks itself (so no other test's
    /// server, nor any connection's source port, can take it meanwhile).
    pub fn start() -> Self {
        let mut nats = Self {
            binary: binary(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            child: None,
            ports: tempfile::tempdir().expect("a directory for the ports file"),
        };
        nats.restart();
        nats
    }

    /// The URL clients connect to.
    pub fn url(&self) -> String {
        format!("nats://{}", self.addr)
    }

    /// Starts the server again, on the port it had (the first start: a
    /// port of its own choice), and waits until it says it listens.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "already running");
        // `-p -1`: a random free port, which the ports file then names.
        let port = match self.addr.port() {
            0 => "-1".to_owned(),
            port => port.to_string(),
        };
        let mut child = Command::new(&self.binary)
            .args(["-a", "127.0.0.1", "-p", &port])
            .arg("--ports_file_dir")
            .arg(self.ports.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", self.binary.display()));
        // The server writes `nats-server_<pid>.ports` once it listens: that
        // is this server, not whatever else may answer on the port.
        let file = self
            .ports
            .path()
            .join(format!("nats-server_{}.ports", child.id()));
        let deadline = Instant::now() + Duration::from_secs(10);
        let listening = loop {
            if let Some(addr) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|t| client_addr(&t))
            {
                break addr;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("nats-server exited at start ({status}), port {port}");
            }
            assert!(
                Instant::now() < deadline,
                "nats-server did not start (port {port})"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        self.addr = listening;
        self.child = Some(child);
        while TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nats-server did not answer on {}",
                self.addr
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills the server at once (SIGKILL) and waits for it to end.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        self.kill();
    }
}

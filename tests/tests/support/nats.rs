//! A NATS server of the test's own, on a free loopback port: started,
//! killed and started again on the same port, and killed when dropped.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running (or stopped) `nats-server` on one loopback port.
pub struct Nats {
    binary: PathBuf,
    addr: SocketAddr,
    child: Option<Child>,
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
    /// Starts a server on a free loopback port.
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut nats = Self {
            binary: binary(),
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            child: None,
        };
        nats.restart();
        nats
    }

    /// `nats://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("nats://{}", self.addr)
    }

    /// Starts the server again on the same port (after [`Nats::kill`]),
    /// and waits until it accepts connections.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "already running");
        let child = Command::new(&self.binary)
            .args(["-a", "127.0.0.1", "-p", &self.addr.port().to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", self.binary.display()));
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nats-server did not start on {}",
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

//! The gateway as a child process: started on a data directory with every
//! listener on a loopback port of its own, killed, restarted on the same
//! ports, and stopped.
//!
//! Ports are chosen at random below the kernel's ephemeral range and found
//! free by binding them (TCP, and UDP on the same number, since a
//! protocol's datagrams share its TCP port), then released for the gateway
//! to bind. Below that range no outgoing connection is ever given one of
//! them, so they stay free while a killed gateway restarts (a port from the
//! ephemeral range can meanwhile become the source port of any connection on
//! the machine, the probe that checks the gateway is up included). Another
//! process can still bind one explicitly; the gateway then exits at startup,
//! and [`Launch::start_fresh`] tries again with new ports. A restart must keep
//! its ports (devices connect to them), so [`Launch::start`] only retries on
//! the same ones.
//!
//! A [`Running`] gateway dropped without being stopped is killed, so a run
//! that fails half-way leaves no gateway behind.
//!
//! The process can be given a lower open-file limit than this one's (set by
//! the shell it is then started through, `ulimit -n`, which `exec`s it so
//! its pid stays the gateway's), more environment, and a log file for its
//! stderr. The data directory is a [`DataDir`].

use std::fs::File;
use std::net::SocketAddr;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use rustix::process::{Pid, Signal, kill_process};
use tokio::time::{Instant, sleep, timeout};
use trackgate_protocols::Protocol;

mod data_dir;
pub mod nats;
mod ports;

pub use data_dir::{DataDir, DataDirError};
use ports::FreePorts;

/// Attempts at finding ports nobody takes before the gateway binds them.
const FRESH_ATTEMPTS: u32 = 5;
/// How often readiness and exit are polled.
const POLL: Duration = Duration::from_millis(20);

/// Why the gateway could not be started or stopped.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// The binary could not be run at all.
    #[error("cannot run {bin}: {source}")]
    Spawn {
        /// The gateway binary.
        bin: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// It exited before its ports answered (a port taken, a store it cannot open).
    #[error("the gateway exited before it was ready: {0}")]
    Exited(ExitStatus),
    /// Its ports did not answer in time.
    #[error("the gateway's ports did not answer within {0:?}")]
    NotReady(Duration),
    /// Signalling or waiting for it failed.
    #[error("signalling or waiting for the gateway: {0}")]
    Io(#[from] std::io::Error),
}

/// How to start the gateway: its binary, data directory and ports, and
/// what its process is started with.
#[derive(Debug, Clone)]
pub struct Launch {
    bin: PathBuf,
    data_dir: PathBuf,
    server_key: String,
    api: SocketAddr,
    listeners: Vec<(Protocol, SocketAddr)>,
    register_unknown: bool,
    nofile: Option<u64>,
    env: Vec<(String, String)>,
    log: Option<PathBuf>,
    args: Vec<String>,
    ready_also: Vec<SocketAddr>,
}

impl Launch {
    /// `bin` on `data_dir`, with fresh free ports for the API and every protocol.
    pub fn new(bin: &Path, data_dir: &Path, server_key: &str) -> std::io::Result<Self> {
        let mut ports = FreePorts::new();
        let api = ports.next()?;
        let listeners = trackgate_protocols::catalogue::ALL
            .iter()
            .map(|&p| Ok((p, ports.next()?)))
            .collect::<std::io::Result<_>>()?;
        Ok(Self {
            bin: bin.to_path_buf(),
            data_dir: data_dir.to_path_buf(),
            server_key: server_key.to_owned(),
            api,
            listeners,
            register_unknown: true,
            nofile: None,
            env: Vec::new(),
            log: None,
            args: Vec::new(),
            ready_also: Vec::new(),
        })
    }

    /// Whether devices with unknown ids get trackers (`true` unless set).
    pub fn register_unknown(mut self, register: bool) -> Self {
        self.register_unknown = register;
        self
    }

    /// Starts the gateway with at most `limit` open files (soft and hard),
    /// set by the shell it is started through (`ulimit -n`), so this
    /// process's own limit stays as it is.
    pub fn nofile(mut self, limit: Option<u64>) -> Self {
        self.nofile = limit;
        self
    }

    /// Sets these environment variables for the gateway, after (and so
    /// over) the ones the launch sets itself.
    pub fn env(mut self, vars: &[(String, String)]) -> Self {
        self.env = vars.to_vec();
        self
    }

    /// Passes `args` to `trackgate serve` (e.g. `--nodes 2`).
    pub fn args(mut self, args: &[String]) -> Self {
        self.args = args.to_vec();
        self
    }

    /// Also waits for `ports` to accept connections before the start counts
    /// as done (the other nodes of `--nodes`).
    pub fn ready_also(mut self, ports: &[SocketAddr]) -> Self {
        self.ready_also = ports.to_vec();
        self
    }

    /// Appends the gateway's log (its stderr) to `path` instead of this
    /// process's stderr.
    pub fn log_to(mut self, path: &Path) -> Self {
        self.log = Some(path.to_path_buf());
        self
    }

    /// The HTTP API's address.
    pub fn api(&self) -> SocketAddr {
        self.api
    }

    /// Where `protocol`'s devices connect.
    pub fn listener(&self, protocol: Protocol) -> SocketAddr {
        self.listeners
            .iter()
            .find(|(p, _)| *p == protocol)
            .map(|(_, addr)| *addr)
            .expect("every protocol has a port")
    }

    /// Starts the gateway and waits until the API and `ready_on` answer,
    /// choosing new ports when it exits at startup (a port found free was
    /// taken meanwhile). Returns the ports it runs on with it.
    pub async fn start_fresh(
        mut self,
        ready_on: Protocol,
        within: Duration,
    ) -> Result<(Self, Running), LaunchError> {
        let mut attempt = 1;
        loop {
            match self.start(ready_on, within).await {
                Err(LaunchError::Exited(_)) if attempt < FRESH_ATTEMPTS => {
                    attempt += 1;
                    let fresh = Self::new(&self.bin, &self.data_dir, &self.server_key)?;
                    self = Self {
                        api: fresh.api,
                        listeners: fresh.listeners,
                        ..self
                    };
                }
                Ok(running) => return Ok((self, running)),
                Err(e) => return Err(e),
            }
        }
    }

    /// Starts the gateway on these ports and waits until the API and
    /// `ready_on`'s port accept connections.
    pub async fn start(
        &self,
        ready_on: Protocol,
        within: Duration,
    ) -> Result<Running, LaunchError> {
        let mut command = match self.nofile {
            // `exec` keeps the shell's process id: the pid is the gateway's.
            Some(limit) => {
                let mut sh = Command::new("/bin/sh");
                let script = format!("ulimit -n {limit} && exec \"$0\" serve \"$@\"");
                sh.arg("-c").arg(script).arg(&self.bin).args(&self.args);
                sh
            }
            None => {
                let mut direct = Command::new(&self.bin);
                direct.arg("serve").args(&self.args);
                direct
            }
        };
        for (protocol, addr) in &self.listeners {
            let name = protocol.name().to_ascii_uppercase();
            command.env(format!("TRACKGATE_{name}_LISTEN"), addr.to_string());
        }
        let stderr = match &self.log {
            Some(path) => {
                // A file is read by people and programs, not a terminal.
                command.env("NO_COLOR", "1");
                Stdio::from(File::options().create(true).append(true).open(path)?)
            }
            None => Stdio::inherit(),
        };
        let register = if self.register_unknown {
            "true"
        } else {
            "false"
        };
        let child = command
            .env("TRACKGATE_API_LISTEN", self.api.to_string())
            .env("TRACKGATE_DATA_DIR", &self.data_dir)
            .env("TRACKGATE_SERVER_KEY", &self.server_key)
            .env("TRACKGATE_REGISTER_UNKNOWN", register)
            .env("TRACKGATE_LOG", "warn")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|source| LaunchError::Spawn {
                bin: self.bin.clone(),
                source,
            })?;
        let started = Instant::now();
        let mut running = Running {
            pid: child.id(),
            child: Some(child),
            ready_after: Duration::ZERO,
        };
        let mut ports = vec![self.api, self.listener(ready_on)];
        ports.extend(&self.ready_also);
        loop {
            if let Some(status) = running.try_wait()? {
                return Err(LaunchError::Exited(status));
            }
            if answers(&ports).await {
                running.ready_after = started.elapsed();
                return Ok(running);
            }
            if started.elapsed() >= within {
                return Err(LaunchError::NotReady(within));
            }
            sleep(POLL).await;
        }
    }
}

/// Whether every one of `ports` accepts a TCP connection now.
async fn answers(ports: &[SocketAddr]) -> bool {
    for port in ports {
        let connect = tokio::net::TcpStream::connect(port);
        if !matches!(timeout(Duration::from_secs(1), connect).await, Ok(Ok(_))) {
            return false;
        }
    }
    true
}

/// A started gateway process.
#[derive(Debug)]
pub struct Running {
    pid: u32,
    /// `None` once the process has been reaped.
    child: Option<Child>,
    ready_after: Duration,
}

/// How a gateway process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    /// Its exit code, if it exited.
    pub code: Option<i32>,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
    /// From the signal to the process being reaped.
    pub took: Duration,
}

impl Running {
    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// From spawning it to its ports answering.
    pub fn ready_after(&self) -> Duration {
        self.ready_after
    }

    /// Kills it with SIGKILL and reaps it.
    pub async fn kill(mut self) -> Result<Ended, LaunchError> {
        self.signal(Signal::KILL)?;
        let started = Instant::now();
        // SIGKILL cannot be caught: the process is gone once the kernel
        // has closed its files, which takes milliseconds.
        self.reap(started, Duration::from_secs(30))
            .await?
            .ok_or(LaunchError::NotReady(Duration::from_secs(30)))
    }

    /// Asks it to stop with SIGTERM and waits up to `within` for it to exit;
    /// if it has not, kills it. `Ok(None)` means it had to be killed.
    pub async fn terminate(mut self, within: Duration) -> Result<Option<Ended>, LaunchError> {
        self.signal(Signal::TERM)?;
        let started = Instant::now();
        if let Some(ended) = self.reap(started, within).await? {
            return Ok(Some(ended));
        }
        self.signal(Signal::KILL)?;
        self.reap(Instant::now(), Duration::from_secs(30)).await?;
        Ok(None)
    }

    fn signal(&self, signal: Signal) -> std::io::Result<()> {
        let pid = i32::try_from(self.pid)
            .ok()
            .and_then(Pid::from_raw)
            .ok_or_else(|| std::io::Error::other("not a process id"))?;
        kill_process(pid, signal).map_err(std::io::Error::from)
    }

    /// Waits up to `within` for the process to end; `None` if it did not.
    async fn reap(&mut self, since: Instant, within: Duration) -> std::io::Result<Option<Ended>> {
        loop {
            if let Some(status) = self.try_wait()? {
                return Ok(Some(Ended {
                    code: status.code(),
                    signal: status.signal(),
                    took: since.elapsed(),
                }));
            }
            if since.elapsed() >= within {
                return Ok(None);
            }
            sleep(POLL).await;
        }
    }

    /// Whether it has exited (reaping it if so), without waiting.
    pub fn try_wait(&mut self) -> std::io::Result<Option<ExitStatus>> {
        let Some(child) = self.child.as_mut() else {
            return Err(std::io::Error::other("the gateway was already reaped"));
        };
        let status = child.try_wait()?;
        if status.is_some() {
            self.child = None;
        }
        Ok(status)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[cfg(test)]
mod tests;

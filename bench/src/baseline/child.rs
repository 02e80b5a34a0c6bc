//! A baseline or floor server as a child process of a run.
//!
//! The child is this same executable with a server subcommand, listening on
//! loopback port 0; the port is read from its first line on stdout
//! (`listening on <addr>`). It runs until it is stopped: [`ServerChild::stop`]
//! kills and reaps it, and a [`ServerChild`] dropped without being stopped
//! (a run that failed half-way) is killed and reaped too, so none is ever
//! left behind.
//! A run that is itself killed with SIGKILL cannot kill it; a run starts
//! its servers `--with-parent` for that case, and they exit within a second
//! of it ([`super::exit_with_parent`]).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::LISTENING;

/// How long a child has to print its address.
pub const START_WITHIN: Duration = Duration::from_secs(10);

/// Why a server child could not be started or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ChildError {
    /// The executable could not be run.
    #[error("cannot run {bin}: {source}")]
    Spawn {
        /// The executable.
        bin: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// It printed no address line in time (or exited first).
    #[error("the server printed no `{LISTENING}<addr>` line within {0:?}")]
    NoAddress(Duration),
    /// Its first line is not `listening on` a loopback address.
    #[error("the server's first line is not `{LISTENING}<loopback addr>`: {0:?}")]
    BadAddress(String),
    /// Reading its stdout, killing or reaping it failed.
    #[error("talking to the server process: {0}")]
    Io(#[from] std::io::Error),
}

/// A running server child.
#[derive(Debug)]
pub struct ServerChild {
    /// `None` once reaped.
    child: Option<Child>,
    pid: u32,
    addr: SocketAddr,
}

impl ServerChild {
    /// Runs `bin args…` and waits up to `within` for its address line.
    pub fn start(bin: &Path, args: &[String], within: Duration) -> Result<Self, ChildError> {
        let mut child = Command::new(bin)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|source| ChildError::Spawn {
                bin: bin.to_path_buf(),
                source,
            })?;
        let stdout = child.stdout.take();
        // From here on, any early return kills the child.
        let mut me = Self {
            pid: child.id(),
            child: Some(child),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        let stdout = stdout.ok_or_else(|| std::io::Error::other("no stdout pipe"))?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let read = BufReader::new(stdout).read_line(&mut line).map(|_| line);
            let _ = tx.send(read);
        });
        let line = match rx.recv_timeout(within) {
            Ok(read) => read?,
            Err(_) => return Err(ChildError::NoAddress(within)),
        };
        if line.is_empty() {
            return Err(ChildError::NoAddress(within));
        }
        me.addr = parse_address_line(&line).ok_or(ChildError::BadAddress(line))?;
        Ok(me)
    }

    /// Its process id (for CPU and memory sampling).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Kills it (SIGKILL) and reaps it.
    pub fn stop(mut self) -> std::io::Result<ExitStatus> {
        match self.child.take() {
            Some(mut child) => {
                child.kill()?;
                child.wait()
            }
            None => Err(std::io::Error::other("the server was already reaped")),
        }
    }
}

impl Drop for ServerChild {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The loopback address in a `listening on <addr>` line.
pub fn parse_address_line(line: &str) -> Option<SocketAddr> {
    let addr = line.trim().strip_prefix(LISTENING)?.parse().ok()?;
    crate::addr::check_target(addr).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_loopback_address_line_is_read() {
        assert_eq!(
            parse_address_line("listening on 127.0.0.1:4100\n"),
            Some("127.0.0.1:4100".parse().unwrap())
        );
        assert_eq!(parse_address_line("listening on 10.0.0.1:4100"), None);
        assert_eq!(parse_address_line("listening on 127.0.0.1:0"), None);
        assert_eq!(parse_address_line("ready 127.0.0.1:4100"), None);
    }

    #[test]
    fn a_child_that_prints_nothing_is_refused_and_killed() {
        let started = std::time::Instant::now();
        let result = ServerChild::start(Path::new("/bin/true"), &[], Duration::from_secs(5));
        assert!(
            matches!(result, Err(ChildError::NoAddress(_))),
            "{result:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        let silent = ServerChild::start(
            Path::new("/bin/sleep"),
            &["30".into()],
            Duration::from_millis(200),
        );
        assert!(
            matches!(silent, Err(ChildError::NoAddress(_))),
            "{silent:?}"
        );
    }

    #[test]
    fn a_dropped_child_is_killed_and_reaped() {
        let script = format!("echo '{LISTENING}127.0.0.1:4100'; exec sleep 30");
        let child = ServerChild::start(
            Path::new("/bin/sh"),
            &["-c".into(), script],
            Duration::from_secs(5),
        )
        .unwrap();
        assert_eq!(child.addr().port(), 4100);
        let proc_dir = PathBuf::from(format!("/proc/{}", child.pid()));
        assert!(proc_dir.exists());
        drop(child);
        assert!(!proc_dir.exists(), "the child was left behind");
    }
}

//! The servers trackgate is measured against, in the same run on the same
//! machine: what the gateway's numbers are compared with.
//!
//! - [`server`]: the **baseline server**. It decodes every frame with the
//!   gateway's own stream codec for the protocol and writes exactly the
//!   replies the codec hands back (the login's accept, the records' ack),
//!   and does nothing else: no identity lookup, no store, no state kept
//!   between frames beyond the codec's own. It is the fastest a server that
//!   really understands the protocol can answer on this machine, so the
//!   gateway's throughput and CPU per packet are read against it.
//! - [`floor`]: the **floor server** for connection storms. It accepts, reads
//!   a Teltonika login and one AVL packet by their length fields alone,
//!   answers `01` and the packet's record count without decoding or
//!   checking anything, and closes: what the kernel and a runtime cost per
//!   session when a server does next to nothing.
//! - [`child`]: either one as a child process of a run, its port read from
//!   its first line on stdout, killed when the run is done (or dropped).
//! - [`versus`]: an ingest or storm plan run again against one of them, and
//!   the ratio of the two runs.
//!
//! Both servers listen on loopback only, print `listening on <addr>` once
//! bound, and run until killed. Their listen backlog is the gateway's
//! (4,096), so a storm's connections queue the same way against either.

use std::io::Write;
use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpSocket};

pub mod child;
pub mod floor;
pub mod server;
pub mod versus;

pub use child::{ChildError, ServerChild};
pub use versus::Versus;

/// The listen backlog asked of the kernel, as the gateway asks it.
pub const BACKLOG: u32 = 4096;

/// The line a server prints once bound, before its address.
pub const LISTENING: &str = "listening on ";

/// Binds `addr` (loopback, port 0 for any) with the gateway's backlog.
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

/// Prints `listening on <addr>` on stdout and flushes it, so a parent
/// reading the pipe learns the port at once.
pub fn announce(addr: SocketAddr) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{LISTENING}{addr}")?;
    out.flush()
}

/// How often a server started `--with-parent` checks its parent is alive.
pub const PARENT_CHECK: std::time::Duration = std::time::Duration::from_secs(1);

/// Ends this process once the process that started it has exited (it is
/// then reparented), checking every [`PARENT_CHECK`]: a run killed with
/// SIGKILL, which cannot kill its children on the way out, leaves no
/// server behind for longer than that. Spawn it on the server's runtime.
pub async fn exit_with_parent() {
    let parent = rustix::process::getppid();
    loop {
        tokio::time::sleep(PARENT_CHECK).await;
        if rustix::process::getppid() != parent {
            std::process::exit(0);
        }
    }
}

/// A multi-threaded runtime of `threads` workers (the number of cores when
/// `None`).
pub fn runtime(threads: Option<usize>) -> std::io::Result<tokio::runtime::Runtime> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = threads {
        builder.worker_threads(n.max(1));
    }
    builder.enable_all().build()
}

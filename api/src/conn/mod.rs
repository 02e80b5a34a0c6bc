//! The API's connections: how many each address may hold, and the socket
//! under each one, for the cases where the API must end a connection
//! itself.
//!
//! [`Connections::on_connect`] runs for every connection the API accepts
//! (`HttpServer::on_connect`). actix-web cannot refuse a connection at
//! accept, so one over its address's limit ([`admit`]) is shut down there
//! and then, before a byte of it is read. An admitted one holds its place
//! in the count until it ends, and a handle to its socket (a duplicate
//! descriptor, closed with the connection): the live-push channel takes it
//! ([`Socket::of`]) to end a connection the HTTP layer would keep open,
//! such as a client that stopped reading (its frames and the close after
//! them would sit in the socket's buffers forever) or one that broke the
//! WebSocket protocol.
//!
//! # Layout
//!
//! - this file: [`Connections`] and [`Socket`].
//! - [`admit`]: the count of connections per address.
//! - [`idle`]: the head of a kept-alive connection's next request must arrive in time too.

pub mod admit;
pub mod idle;

use std::any::Any;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpRequest;
use actix_web::dev::Extensions;
use actix_web::rt::net::TcpStream;

use admit::Admission;

/// How long a connection is kept alive for its next request: actix-web's
/// default, set here since [`idle`] counts on it.
pub const KEEP_ALIVE: Duration = Duration::from_secs(5);

/// Every API connection's bounds, shared by the workers.
#[derive(Debug)]
pub struct Connections {
    admission: Arc<Admission>,
    idle_limit: Duration,
}

impl Connections {
    /// At most `max_per_ip` connections open at once from one address, and
    /// the head of a request after the first given `head_timeout`, as the
    /// first one is.
    pub fn new(max_per_ip: usize, head_timeout: Duration) -> Self {
        Self {
            admission: Arc::new(Admission::new(max_per_ip)),
            idle_limit: KEEP_ALIVE + head_timeout,
        }
    }

    /// Admits the connection or shuts it down (`HttpServer::on_connect`);
    /// an admitted one keeps its place, a handle to its socket and its
    /// count of requests in flight in the connection's data until it ends,
    /// and is watched for a next request head that takes too long.
    pub fn on_connect(&self, io: &dyn Any, extensions: &mut Extensions) {
        let Some(stream) = io.downcast_ref::<TcpStream>() else {
            return;
        };
        // A connection without a peer address is already gone.
        let Ok(peer) = stream.peer_addr() else {
            return;
        };
        match self.admission.admit(peer.ip()) {
            Some(admitted) => {
                extensions.insert(admitted);
            }
            None => {
                reset(stream.as_fd());
                return;
            }
        }
        let Ok(fd) = stream.as_fd().try_clone_to_owned() else {
            return;
        };
        let fd = Arc::new(fd);
        let activity = idle::Activity::new();
        actix_web::rt::spawn(idle::watch(
            Rc::downgrade(&activity),
            Arc::downgrade(&fd),
            self.idle_limit,
        ));
        extensions.insert(activity);
        extensions.insert(Socket(fd));
    }
}

/// A handle to a connection's socket, valid for as long as it is held.
#[derive(Debug, Clone)]
pub struct Socket(Arc<OwnedFd>);

impl Socket {
    /// The socket of the connection `req` came on; `None` when the server
    /// keeps no handles.
    pub fn of(req: &HttpRequest) -> Option<Self> {
        req.conn_data::<Socket>().cloned()
    }

    /// Resets the connection: whatever is still queued for the peer is
    /// dropped, the peer gets a reset, and the server's side fails and
    /// closes. Errors are ignored: the connection may already be gone.
    pub fn reset(self) {
        reset(self.0.as_fd());
    }

    /// Ends the connection in both directions: what is queued for the peer
    /// still goes out, followed by the end of the stream; the server's
    /// reads end once what already arrived is read, and anything the peer
    /// sends after is answered with a reset. Errors are ignored, as for
    /// [`Socket::reset`].
    pub fn shut_down(self) {
        let _ = rustix::net::shutdown(self.0.as_fd(), rustix::net::Shutdown::Both);
    }
}

/// Drops what is queued, ends both directions and makes the last close of
/// the socket send a reset.
fn reset(fd: BorrowedFd<'_>) {
    let _ = rustix::net::sockopt::set_socket_linger(fd, Some(Duration::ZERO));
    let _ = rustix::net::shutdown(fd, rustix::net::Shutdown::Both);
}

//! The socket under an API connection, for the one case where a handler
//! must end a connection itself: a live-push client that stopped reading.
//!
//! Such a client leaves the frames already written (and the close frame
//! after them) in the socket's buffers, so the connection would never
//! finish closing on its own. [`on_connect`] keeps a handle to each
//! connection's socket (a duplicate descriptor, closed with the
//! connection); the push channel takes it ([`Socket::of`]) and resets the
//! connection with it ([`Socket::reset`]).

use std::any::Any;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpRequest;
use actix_web::dev::Extensions;
use actix_web::rt::net::TcpStream;

/// A handle to a connection's socket, valid for as long as it is held.
#[derive(Debug, Clone)]
pub struct Socket(Arc<OwnedFd>);

/// Keeps a handle to the connection's socket (`HttpServer::on_connect`).
pub fn on_connect(io: &dyn Any, extensions: &mut Extensions) {
    if let Some(stream) = io.downcast_ref::<TcpStream>()
        && let Ok(fd) = stream.as_fd().try_clone_to_owned()
    {
        extensions.insert(Socket(Arc::new(fd)));
    }
}

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
        let fd = self.0.as_fd();
        let _ = rustix::net::sockopt::set_socket_linger(fd, Some(Duration::ZERO));
        let _ = rustix::net::shutdown(fd, rustix::net::Shutdown::Both);
    }
}

//! A small HTTP/1.1 client for the gateway's API, and the API calls the
//! `api` scenario makes.
//!
//! Only what a benchmark against trackgate needs: keep-alive connections,
//! `Content-Length` bodies, loopback targets. It is written here rather than
//! taken from a crate so that what is timed is the gateway, not a client's
//! connection pool or redirects.
//!
//! # Layout
//!
//! - [`head`]: parsing a response's status line and headers.
//! - [`client`]: one keep-alive connection sending requests in turn.
//! - [`navixy`]: the Server and User API calls, and checking their replies.
//! - [`load`]: HTTP clients calling at a fixed aggregate rate.

pub mod client;
pub mod head;
pub mod load;
pub mod navixy;

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// Connecting, writing or reading failed, or the server closed early.
    #[error("i/o: {0}")]
    Io(String),
    /// No whole response within the timeout.
    #[error("timed out")]
    Timeout,
    /// The response is not HTTP/1.1 this client understands.
    #[error("malformed response: {0}")]
    Malformed(String),
}

impl From<std::io::Error> for HttpError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e.to_string())
    }
}

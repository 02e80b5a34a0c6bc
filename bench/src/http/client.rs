//! One keep-alive HTTP/1.1 connection, one request at a time.
//!
//! The connection is opened on first use and reopened after the server
//! closes it. A request that fails on a connection that had already served
//! one is retried once on a fresh connection: the server may have closed an
//! idle keep-alive connection just as the request went out.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

use super::{HttpError, head};

/// Largest body accepted (a `get_states` of 2,000 trackers is well below).
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// A response: status and whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The body.
    pub body: Bytes,
}

/// A client on one connection to `addr`.
#[derive(Debug)]
pub struct Client {
    addr: SocketAddr,
    /// The address connections are made from; `None`: the system's choice.
    source: Option<std::net::IpAddr>,
    timeout: Duration,
    stream: Option<TcpStream>,
    used: bool,
    buf: BytesMut,
    /// Connections opened so far.
    pub connects: u64,
}

impl Client {
    /// A client for `addr`, giving each request `timeout` in all.
    pub fn new(addr: SocketAddr, timeout: Duration) -> Self {
        Self {
            addr,
            source: None,
            timeout,
            stream: None,
            used: false,
            buf: BytesMut::with_capacity(16 * 1024),
            connects: 0,
        }
    }

    /// Connections from `source` (a loopback address of the run's own),
    /// or the system's choice for `None`.
    pub fn from_source(mut self, source: Option<std::net::IpAddr>) -> Self {
        self.source = source;
        self
    }

    /// `GET target` (path and query).
    pub async fn get(&mut self, target: &str) -> Result<Response, HttpError> {
        self.request("GET", target, None).await
    }

    /// `POST target` with a JSON body.
    pub async fn post_json(&mut self, target: &str, body: &[u8]) -> Result<Response, HttpError> {
        self.request("POST", target, Some(body)).await
    }

    async fn request(
        &mut self,
        method: &str,
        target: &str,
        body: Option<&[u8]>,
    ) -> Result<Response, HttpError> {
        let mut request = format!("{method} {target} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        if let Some(body) = body {
            request.push_str("Content-Type: application/json\r\n");
            request.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(body.unwrap_or_default());
        let reused = self.stream.is_some() && self.used;
        match timeout(self.timeout, self.exchange(&bytes)).await {
            Ok(Err(HttpError::Io(_))) if reused => {
                self.stream = None;
                timeout(self.timeout, self.exchange(&bytes))
                    .await
                    .map_err(|_| self.fail(HttpError::Timeout))?
            }
            Ok(result) => result,
            Err(_) => Err(self.fail(HttpError::Timeout)),
        }
        .map_err(|e| self.fail(e))
    }

    /// Drops the connection (its state is unknown after an error).
    fn fail(&mut self, e: HttpError) -> HttpError {
        self.stream = None;
        e
    }

    async fn exchange(&mut self, request: &[u8]) -> Result<Response, HttpError> {
        if self.stream.is_none() {
            let stream = match self.source {
                None => TcpStream::connect(self.addr).await?,
                Some(source) => {
                    let socket = match self.addr {
                        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
                        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
                    };
                    socket.bind(SocketAddr::new(source, 0))?;
                    socket.connect(self.addr).await?
                }
            };
            stream.set_nodelay(true)?;
            self.stream = Some(stream);
            self.used = false;
            self.connects += 1;
            self.buf.clear();
        }
        let stream = self.stream.as_mut().expect("connected above");
        stream.write_all(request).await?;
        self.used = true;
        let head = loop {
            if let Some(head) = head::parse(&self.buf)? {
                break head;
            }
            read_more(stream, &mut self.buf).await?;
        };
        if head.content_length > MAX_BODY {
            return Err(HttpError::Malformed(format!(
                "{}-byte body",
                head.content_length
            )));
        }
        let _ = self.buf.split_to(head.len);
        while self.buf.len() < head.content_length {
            read_more(stream, &mut self.buf).await?;
        }
        let body = self.buf.split_to(head.content_length).freeze();
        if head.close {
            self.stream = None;
        }
        Ok(Response {
            status: head.status,
            body,
        })
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut BytesMut) -> Result<(), HttpError> {
    buf.reserve(16 * 1024);
    match stream.read_buf(buf).await? {
        0 => Err(HttpError::Io("connection closed mid-response".into())),
        _ => Ok(()),
    }
}

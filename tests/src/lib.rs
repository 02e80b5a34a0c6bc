//! Clients for trackgate's integration tests: they talk to a running gateway
//! the way devices and API users do, over real sockets, and know nothing of
//! its insides.
//!
//! # Layout
//!
//! - [`http`]: a minimal blocking HTTP/1.1 client.
//! - [`device`]: a Teltonika device over TCP.
//! - [`hex`]: hex text to bytes.
//! - [`points`]: realistic records to send.
//! - [`ws`]: a raw WebSocket client, for frames no client library would send.

pub mod device;
pub mod hex;
pub mod http;
pub mod points;
pub mod ws;

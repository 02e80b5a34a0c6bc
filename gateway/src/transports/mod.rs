//! How devices reach the gateway: one listener kind per transport, all
//! handing what they receive to the same device sessions.
//!
//! # Layout
//!
//! - [`tcp`]: TCP listeners; each accepted connection becomes a session on
//!   a shard.
//! - [`udp`]: UDP listeners; each datagram's messages go to the virtual
//!   session of the device they name.
//! - [`http`]: HTTP listeners for devices that report by HTTP requests,
//!   each answered once its records are stored.

pub mod http;
pub mod tcp;
pub mod udp;

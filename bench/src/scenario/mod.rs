//! Load patterns, one module each.
//!
//! - [`ingest`]: many devices sending AVL packets at a fixed aggregate rate
//!   (the `latency` subcommand is this load, reported as a latency ladder).
//! - [`idle`]: memory per open, mostly silent connection.
//! - [`storm`]: every device connecting at once.
//! - [`api`]: User API reads under an ingest load.
//! - [`push`]: live push to WebSocket subscribers under an ingest load.
//! - [`chaos`]: the gateway killed with SIGKILL under load, and its store checked.
//! - [`flood`]: a hostile client's flood, and whether legitimate users recover.
//! - [`retention`]: the store removing history older than billing plans keep.
//! - [`common`]: the file limit, CPU and memory probes and the hard stop they share.

pub mod api;
pub mod chaos;
pub mod cluster;
pub mod common;
pub mod flood;
pub mod idle;
pub mod ingest;
pub mod push;
pub mod retention;
pub mod storm;

//! Load patterns, one module each.
//!
//! - [`ingest`]: many devices sending AVL packets at a fixed aggregate rate.

pub mod ingest;

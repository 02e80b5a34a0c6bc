//! Storage for trackgate: the ports the rest of the gateway talks to, and the
//! adapters behind them.
//!
//! The gateway never names a storage engine outside this crate. It holds an
//! `Arc<dyn Store>` and calls the traits below; the embedded adapter (fjall,
//! in-process, the default) and the ScyllaDB adapter (clusters) implement them
//! and both pass the same [`contract`] suite.
//!
//! # Layout
//!
//! - [`model`]: the stored entities (users, trackers, sessions, API keys, points, last state);
//!   `commands_model`: commands to devices ([`CommandRecord`]).
//! - [`ports`]: the traits [`TrackStore`], [`AccountStore`] and [`CommandStore`], and [`StoreError`].
//! - [`embedded`]: the fjall adapter ([`EmbeddedStore`], [`EmbeddedOptions`]).
//! - [`contract`]: the behaviour every adapter must show, as functions over `&dyn Store`.

mod commands_model;
pub mod contract;
pub mod embedded;
pub mod model;
pub mod ports;

pub use commands_model::*;
pub use embedded::{EmbeddedOptions, EmbeddedStore};
pub use model::*;
pub use ports::{AccountStore, CommandStore, Store, StoreError, TrackStore};

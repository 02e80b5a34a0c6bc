//! Storage for trackgate: the ports the rest of the gateway talks to, and the
//! adapters behind them.
//!
//! The gateway never names a storage engine outside this crate. It holds an
//! `Arc<dyn Store>` and calls the traits below. One adapter implements them
//! today: the embedded store (fjall, in-process, the default). The
//! [`contract`] suite is the behaviour every adapter must show, written once
//! over `&dyn Store`, so the next adapter (ScyllaDB, for clusters) is held
//! to the same cases from the same code.
//!
//! # Layout
//!
//! - [`model`]: the stored entities (users, trackers, sessions, API keys, points, last state);
//!   [`secret`]: the digest the store keeps in place of a session hash or API key;
//!   `commands_model`: commands to devices ([`CommandRecord`]); `tenancy_model`: tags, tracker
//!   groups and sub-users ([`Tag`], [`Group`], [`SubUser`]); `operator_model`: privileges,
//!   billing plans and the audit log ([`Privilege`], [`BillingPlan`], [`AuditEntry`]);
//!   `panel_model`: dealers (resellers), panel administrators and their sessions ([`Dealer`],
//!   [`PanelAdmin`], [`PanelSession`]);
//!   `node_ports`: the gateway's nodes as the operator describes them ([`Node`], [`NodeStore`]);
//!   [`money`]: exact amounts ([`Money`]); `money_model`: balances' ledger and plan renewals
//!   ([`Transaction`], [`Renewal`]); `bundle_model`: devices imported before users register
//!   them ([`Bundle`]); `activation_model`: activation codes ([`ActivationCode`]).
//! - [`ports`]: the traits [`TrackStore`], [`AccountStore`] and [`CommandStore`], and [`StoreError`];
//!   `tenancy_ports`: [`TagStore`], [`GroupStore`] and [`SubUserStore`]; `operator_ports`:
//!   [`OperatorStore`] and [`AuditStore`]; `panel_ports`: [`DealerStore`], [`PanelAdminStore`]
//!   and [`PanelSessionStore`]; `money_ports`: [`LedgerStore`] and [`BundleStore`];
//!   `activation_ports`: [`ActivationStore`].
//! - [`embedded`]: the fjall adapter ([`EmbeddedStore`], [`EmbeddedOptions`]).
//! - `live_state`: how records change a [`TrackerState`]; [`recovery`]: a persisted state brought
//!   up to date from the points stored after it.
//! - [`contract`]: the behaviour every adapter must show, as functions over `&dyn Store`.

mod activation_model;
mod activation_ports;
mod bundle_model;
mod commands_model;
pub mod contract;
pub mod embedded;
mod live_state;
pub mod model;
pub mod money;
mod money_model;
mod money_ports;
mod node_ports;
mod operator_model;
mod operator_ports;
mod panel_model;
mod panel_ports;
pub mod ports;
pub mod recovery;
pub mod secret;
mod tenancy_model;
mod tenancy_ports;

pub use activation_model::*;
pub use activation_ports::ActivationStore;
pub use bundle_model::*;
pub use commands_model::*;
pub use embedded::{EmbeddedOptions, EmbeddedStore};
pub use model::*;
pub use money::Money;
pub use money_model::*;
pub use money_ports::{BundleStore, LedgerStore};
pub use node_ports::{Node, NodeId, NodeStore};
pub use operator_model::*;
pub use operator_ports::{AuditStore, OperatorStore};
pub use panel_model::*;
pub use panel_ports::{DealerStore, MAX_DEALER_DEPTH, PanelAdminStore, PanelSessionStore};
pub use ports::{AccountStore, CommandStore, EngineMemory, Store, StoreError, TrackStore};
pub use recovery::current_state;
pub use secret::SecretDigest;
pub use tenancy_model::*;
pub use tenancy_ports::{GroupStore, SubUserStore, TagStore};

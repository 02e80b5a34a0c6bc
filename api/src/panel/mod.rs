//! The Panel API (Navixy style, seeds 002 and 004): `/v2/panel/<entity>/<action>`,
//! for dealers and their staff.
//!
//! An administrator logs in with `account/auth` and passes the session
//! `hash` to every other call, or sends `authinfo=login:password` with each
//! call instead. Every call is checked against the administrator's seed 002
//! permissions (13 when one is missing) and sees only what its dealer owns
//! ([`tenancy`]; 201 otherwise). Answers are JSON by default, XML or text
//! with `out=`, error descriptions in the language of `lang=`.
//!
//! # Layout
//!
//! - [`routes`]: every call in one table: its path, the permissions it needs,
//!   what `su` means for it, its parameters and answer (the OpenAPI document
//!   is built from the same table), and its handler; [`dispatch`] serves them.
//! - [`call`]: who is calling: a session hash or `authinfo`, the permission
//!   check, and `su`.
//! - [`conventions`]: seed 004's `out`, `lang`, `func` and `sok`;
//!   [`render`]: writing an answer as JSON, XML or text; [`lang`]: the
//!   error descriptions in each language.
//! - [`tenancy`]: the one rule of which dealer's users and tariffs an
//!   administrator sees.
//! - [`listing`]: filter, order and page, as the list calls take them.
//! - The calls: [`account`] (`account/*`), [`dealer`] (`dealer/get_info`),
//!   [`users`], [`user_access`] and [`user_view`] (`user/*`), [`tariffs`] and [`tariff_view`]
//!   (`tariff/*`), [`bundles`] and [`bundle_view`] (`tracker/bundle/*`),
//!   [`transactions`] (`user/transaction/*`), [`trackers`] and [`tracker_view`]
//!   (`tracker/list|read`), [`tracker_changes`] (`tracker/move`, `settings/update`,
//!   `source/update`), [`tracker_tariff`] and [`tracker_refund`] (`tracker/tariff/change`),
//!   [`tracker_command`] (`tracker/raw_command/send`), [`activation_codes`] and
//!   [`activation_view`] (`dealer/activation_code/*`).
//! - [`openapi`]: the document served at `/v2/panel/openapi.json`.
//! - [`bootstrap`]: the administrator the configuration asks for on start.

pub mod account;
pub mod activation_codes;
pub mod activation_view;
pub mod bootstrap;
pub mod bundle_view;
pub mod bundles;
pub mod call;
pub mod conventions;
pub mod dealer;
pub mod lang;
pub mod listing;
pub mod openapi;
pub mod render;
pub mod routes;
pub mod tariff_view;
pub mod tariffs;
pub mod tenancy;
pub mod tracker_changes;
pub mod tracker_command;
pub mod tracker_refund;
pub mod tracker_tariff;
pub mod tracker_view;
pub mod trackers;
pub mod transactions;
pub mod user_access;
pub mod user_view;
pub mod users;

use std::time::Duration;

use crate::AllowList;

pub use routes::{ROUTES, configure, dispatch};

/// How the Panel API treats sessions and `authinfo`, from configuration.
#[derive(Debug, Clone)]
pub struct PanelSettings {
    /// How long an `account/auth` session lasts at most.
    pub session_ttl: Duration,
    /// A session unused for this long has ended; `None` = no idle timeout.
    pub idle_timeout: Option<Duration>,
    /// Addresses `authinfo=login:password` is accepted from (the socket
    /// peer's address).
    pub authinfo_from: AllowList,
}

impl Default for PanelSettings {
    /// Navixy's 30 days, no idle timeout, `authinfo` from loopback only.
    fn default() -> Self {
        Self {
            session_ttl: Duration::from_secs(30 * 86_400),
            idle_timeout: None,
            authinfo_from: AllowList::loopback(),
        }
    }
}

//! Live push over WebSocket (`/v2/event/subscription`): a real WebSocket
//! client subscribes, real devices report, and the states they cause are
//! pushed; tenancy, credentials, slow clients and frame lengths are enforced.

#[path = "../support/mod.rs"]
mod support;

mod client;
mod frames;
mod pushes;
mod refusals;

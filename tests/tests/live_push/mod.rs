//! Live push over WebSocket (`/v2/event/subscription`): a real WebSocket
//! client subscribes, real devices report, and the states they cause are
//! pushed; tenancy, credentials, slow clients and frame lengths are enforced.

mod client;
mod frames;
mod pushes;
mod refusals;

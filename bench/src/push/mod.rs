//! The live-push side of the `push` scenario: WebSocket clients of the
//! gateway's `/v2/event/subscription`, and the bookkeeping that turns the
//! states they receive into push delays.
//!
//! - [`client`]: opening and subscribing a client; slow clients that never read.
//! - [`subscriber`]: subscribers that read and time every state.
//! - [`event`]: reading events into the few fields the bench needs.
//! - [`sent`]: what each device sent and when, to match states against.
//! - [`tcpstate`]: whether the gateway closed a client that does not read.

pub mod client;
pub mod event;
pub mod sent;
pub mod subscriber;
pub mod tcpstate;

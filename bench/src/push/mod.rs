//! The live-push side of the `push` scenario: WebSocket clients of the
//! gateway's `/v2/event/subscription`, and the bookkeeping that turns the
//! states they receive into push delays.
//!
//! - [`client`]: subscribers that read and time every state, and slow
//!   clients that subscribe and never read.
//! - [`event`]: reading events into the few fields the bench needs.
//! - [`sent`]: what each device sent and when, to match states against.
//! - [`tcpstate`]: whether the gateway closed a client that does not read.

pub mod client;
pub mod event;
pub mod sent;
pub mod tcpstate;

//! Messages other parts of the gateway send a device session.

use std::sync::Arc;

use actix::prelude::*;
use trackgate_store::{CommandId, CommandRecord, TrackerState};

use super::DeviceSession;
use super::lifecycle::Ending;

/// A newer connection of the same tracker took over: close this one.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Replaced;

/// The tracker was made inactive, or its service ended: finish what is in
/// flight and close. Its next login is refused.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Deactivated;

/// The gateway is shutting down: finish what is in flight and close.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Shutdown;

/// The shard's clock ticked: check the login and idle timeouts.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Tick;

/// Asks a connected tracker's session for its live state.
#[derive(Debug, Message)]
#[rtype(result = "Option<Arc<TrackerState>>")]
pub struct GetState;

/// A command to deliver to the session's device; it is already stored.
/// The session takes the stored record, so a command it already loaded,
/// sent or finished is not sent twice.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Deliver(pub CommandRecord);

/// An operator withdrew a command: drop it if it is still waiting here.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Cancel(pub CommandId);

impl Handler<Cancel> for DeviceSession {
    type Result = ();

    fn handle(&mut self, Cancel(id): Cancel, ctx: &mut Context<Self>) {
        self.forget_command(id, ctx);
    }
}

impl Handler<Deliver> for DeviceSession {
    type Result = ();

    fn handle(&mut self, Deliver(command): Deliver, ctx: &mut Context<Self>) {
        self.deliver_command(command, ctx);
    }
}

impl Handler<GetState> for DeviceSession {
    type Result = Option<Arc<TrackerState>>;

    fn handle(&mut self, _: GetState, _ctx: &mut Context<Self>) -> Self::Result {
        self.identity.as_ref()?;
        Some(self.state.clone())
    }
}

impl Handler<Replaced> for DeviceSession {
    type Result = ();

    fn handle(&mut self, _: Replaced, ctx: &mut Context<Self>) {
        let _span = self.span.clone().entered();
        tracing::info!("a newer connection of this tracker took over; closing");
        self.abort(Ending::Replaced, ctx);
    }
}

impl Handler<Deactivated> for DeviceSession {
    type Result = ();

    fn handle(&mut self, _: Deactivated, ctx: &mut Context<Self>) {
        let _span = self.span.clone().entered();
        tracing::info!("the tracker is no longer active; closing");
        // What was received is stored and acknowledged first: the device
        // need not send it again when (if) it is let back in.
        self.close(Ending::Deactivated, ctx);
    }
}

impl Handler<Shutdown> for DeviceSession {
    type Result = ();

    fn handle(&mut self, _: Shutdown, ctx: &mut Context<Self>) {
        // A pending commit finishes and is acknowledged first. Anything this
        // session acknowledged has already been written; close the socket
        // once those bytes are flushed.
        self.close(Ending::Shutdown, ctx);
    }
}

impl Handler<Tick> for DeviceSession {
    type Result = ();

    fn handle(&mut self, _: Tick, ctx: &mut Context<Self>) {
        self.check_timeouts(ctx);
    }
}

//! Messages other parts of the gateway send a device session.

use actix::prelude::*;

use super::DeviceSession;

/// A newer connection of the same tracker took over: close this one.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Replaced;

/// The gateway is shutting down: finish what is in flight and close.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Shutdown;

/// The shard's clock ticked: check the login and idle timeouts.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Tick;

impl Handler<Replaced> for DeviceSession {
    type Result = ();

    fn handle(&mut self, _: Replaced, ctx: &mut Context<Self>) {
        let _span = self.span.clone().entered();
        tracing::info!("a newer connection of this tracker took over; closing");
        self.replaced = true;
        ctx.stop();
    }
}

impl Handler<Shutdown> for DeviceSession {
    type Result = ();

    fn handle(&mut self, _: Shutdown, ctx: &mut Context<Self>) {
        // Anything this session acknowledged has already been written; close
        // the socket once those bytes are flushed.
        self.close_after_flush(ctx);
    }
}

impl Handler<Tick> for DeviceSession {
    type Result = ();

    fn handle(&mut self, _: Tick, ctx: &mut Context<Self>) {
        self.check_timeouts(ctx);
    }
}

//! Who the device is: logins, and frames that name their device, resolved
//! to a tracker.
//!
//! Looking up a known device is two point reads the store serves from
//! memory, so it runs right on the shard thread: a thread hop per login
//! costs more than the lookup. Creating an unknown device's tracker writes
//! durably, so that alone goes to the registrar's small pool
//! ([`crate::registrar`]: bounded, rate-limited), while the session waits in
//! its resolving phase. Only ids plausible for the protocol get that far.

use actix::prelude::*;
use bytes::Bytes;
use trackgate_protocols::{DeviceId, Message};
use trackgate_store::StoreError;

use super::DeviceSession;
use super::lifecycle::Ending;
use crate::directory::{self, Refusal, Resolution};
use crate::metrics as m;
use crate::registrar::Declined;

/// What a session does with a message, given who it knows the device to be.
pub(super) enum Admission {
    /// Handle it: it is the session's device.
    Handle,
    /// Find out who the device it names is first.
    Resolve(DeviceId),
    /// Close: it names another device, or none before any identification.
    Refuse,
}

/// A login waiting for its device to be resolved.
pub(super) struct Login {
    pub(super) device: DeviceId,
    pub(super) accept: Option<Bytes>,
    pub(super) reject: Option<Bytes>,
    /// The message that named the device, handled once it is known.
    pub(super) then: Option<Message>,
}

impl DeviceSession {
    /// Whether a message naming `device` (or none) may be handled now.
    pub(super) fn admit(&self, device: Option<&DeviceId>) -> Admission {
        let _span = self.span.clone().entered();
        match (&self.identity, device) {
            (Some(identity), Some(device)) if &*identity.device_id != device.as_str() => {
                tracing::warn!(%device, "frame names another device than the session's; closing");
                Admission::Refuse
            }
            (Some(_), _) => Admission::Handle,
            (None, Some(device)) => Admission::Resolve(device.clone()),
            (None, None) => {
                tracing::warn!("data before identification; closing");
                Admission::Refuse
            }
        }
    }

    /// A login: the first resolves the device; a repeated one on the same
    /// connection is answered again; one naming another device closes.
    pub(super) fn on_login(&mut self, login: Login, ctx: &mut Context<Self>) {
        match &self.identity {
            None => self.identify(login, ctx),
            Some(identity) if &*identity.device_id == login.device.as_str() => {
                if let Some(accept) = login.accept {
                    self.send(&accept, ctx);
                }
            }
            Some(_) => {
                let _span = self.span.clone().entered();
                tracing::warn!(device = %login.device, "second login with another identity; closing");
                self.abort(Ending::WrongDevice, ctx);
            }
        }
    }

    /// Resolves the device: at once when it is known (or refused), through
    /// the blocking pool when its tracker has to be created.
    pub(super) fn identify(&mut self, login: Login, ctx: &mut Context<Self>) {
        let env = self.env.clone();
        let protocol = self.protocol;
        match directory::resolve(&*env.store, &login.device, protocol, false, crate::now_ms()) {
            Ok(Resolution::Refused(Refusal::Unknown)) if env.config.register_unknown => {}
            outcome => return self.identified(outcome, login, ctx),
        }
        // An unknown device whose id is not plausible is refused here,
        // before it costs the registrar anything.
        if !protocol.model().id_type.is_plausible(login.device.as_str()) {
            let refused = Ok(Resolution::Refused(Refusal::Invalid));
            return self.identified(refused, login, ctx);
        }
        let device = login.device.clone();
        let store = env.store.clone();
        let submitted = env
            .registrar
            .submit(move || directory::resolve(&*store, &device, protocol, true, crate::now_ms()));
        let created = match submitted {
            Ok(created) => created,
            Err(declined) => {
                let refused = Ok(Resolution::Refused(match declined {
                    Declined::RateLimited => Refusal::RateLimited,
                    Declined::Busy => Refusal::Busy,
                }));
                return self.identified(refused, login, ctx);
            }
        };
        self.begin_resolving();
        ctx.spawn(created.into_actor(self).map(move |outcome, act, ctx| {
            if !act.is_resolving() {
                // Told to close meanwhile.
                return;
            }
            let outcome =
                outcome.unwrap_or_else(|_| Err(StoreError::engine_state("the registrar stopped")));
            act.identified(outcome, login, ctx);
        }));
    }

    fn identified(
        &mut self,
        outcome: Result<Resolution, StoreError>,
        login: Login,
        ctx: &mut Context<Self>,
    ) {
        let _span = self.span.clone().entered();
        let Login {
            device,
            accept,
            reject,
            then,
        } = login;
        match outcome {
            Ok(Resolution::Accepted { tracker, state }) => {
                self.span.record("imei", device.as_str());
                tracing::info!(tracker = tracker.id.0, "device identified");
                self.become_ready(&tracker, *state, ctx);
                if let Some(accept) = accept {
                    self.send(&accept, ctx);
                }
                self.load_commands(ctx);
                if let Some(message) = then {
                    self.handle_identified(message, ctx);
                }
            }
            Ok(Resolution::Refused(why)) => {
                let protocol = self.protocol.name();
                metrics::counter!(m::LOGINS_REFUSED, "protocol" => protocol, "reason" => why.as_str()).increment(1);
                tracing::warn!(%device, reason = why.as_str(), "login refused");
                match reject {
                    Some(reject) => {
                        self.send(&reject, ctx);
                        self.close(Ending::Refused, ctx);
                    }
                    None => self.abort(Ending::Refused, ctx),
                }
            }
            Err(error) => {
                // No answer at all: the device retries later, nothing is lost.
                tracing::error!(%error, "identity lookup failed; closing");
                self.abort(Ending::LookupFailed, ctx);
            }
        }
    }
}

//! What a session does with each decoded message.

use actix::prelude::*;
use bytes::Bytes;
use std::sync::Arc;
use trackgate_protocols::{DeviceId, Message, Record};

use trackgate_store::{CommitBatch, StoreError, StoredPoint, TrackerState};

use super::{DeviceSession, Identity};
use crate::directory::{self, Refusal, Resolution};
use crate::live_state;
use crate::metrics as m;

impl DeviceSession {
    pub(super) fn on_message(&mut self, message: Message, ctx: &mut Context<Self>) {
        if let Message::Login {
            device,
            accept,
            reject,
        } = message
        {
            return self.on_login(device, accept, reject, ctx);
        }
        match self.check_identity(message.device(), ctx) {
            Some(true) => self.handle_identified(message, ctx),
            Some(false) => {}
            // The frame names its device and the session has not resolved it
            // yet: resolve first, then handle the frame.
            None => {
                if let Some(device) = message.device().cloned() {
                    self.identify(device, None, None, Some(message), ctx);
                }
            }
        }
    }

    /// Handles a non-login message once the session knows its tracker.
    fn handle_identified(&mut self, message: Message, ctx: &mut Context<Self>) {
        match message {
            Message::Login { .. } => {}
            Message::Records { records, ack, .. } => self.on_records(records, ack, ctx),
            Message::Heartbeat { reply, .. } => {
                Arc::make_mut(&mut self.state).last_update_ms = Some(crate::now_ms());
                self.publish_state();
                if let Some(reply) = reply {
                    self.send(&reply, ctx);
                }
            }
            Message::CommandResponse {
                text, ack, answers, ..
            } => {
                if let Some(ack) = ack {
                    self.send(&ack, ctx);
                }
                let matched = self.on_command_answer(&text, answers, ctx);
                let _span = self.span.clone().entered();
                tracing::info!(response = %text, matched, "device answered a command");
            }
        }
        // A command waiting for the device to speak (NAT) may go now.
        if self.commands.is_some() {
            self.send_next_command(ctx);
        }
    }

    /// Whether a message may be handled now: `Some(true)` yes, `Some(false)`
    /// no (and the session is stopping), `None` when the frame carries an
    /// identity that still has to be resolved.
    fn check_identity(
        &mut self,
        device: Option<&DeviceId>,
        ctx: &mut Context<Self>,
    ) -> Option<bool> {
        let _span = self.span.clone().entered();
        match (&self.identity, device) {
            (Some(identity), Some(device)) if &*identity.device_id != device.as_str() => {
                tracing::warn!(%device, "frame names another device than the session's; closing");
                ctx.stop();
                Some(false)
            }
            (Some(_), _) => Some(true),
            (None, Some(_)) => None,
            (None, None) => {
                tracing::warn!("data before identification; closing");
                ctx.stop();
                Some(false)
            }
        }
    }

    fn on_login(
        &mut self,
        device: DeviceId,
        accept: Option<Bytes>,
        reject: Option<Bytes>,
        ctx: &mut Context<Self>,
    ) {
        match &self.identity {
            None => self.identify(device, accept, reject, None, ctx),
            Some(identity) if &*identity.device_id == device.as_str() => {
                // A repeated login on the same connection: answer it again.
                if let Some(accept) = accept {
                    self.send(&accept, ctx);
                }
            }
            Some(_) => {
                let _span = self.span.clone().entered();
                tracing::warn!(%device, "second login with another identity; closing");
                ctx.stop();
            }
        }
    }

    /// Resolves the device; on success registers the session, answers
    /// `accept`, and handles the frame that came with the identity.
    ///
    /// Looking up a known device is two point reads the store serves from
    /// memory, so it runs right here: a thread hop per login costs more than
    /// the lookup (and a burst of logins would grow the blocking pool by
    /// hundreds of threads). Creating an unknown device writes durably, so
    /// that alone goes to the blocking pool.
    fn identify(
        &mut self,
        device: DeviceId,
        accept: Option<Bytes>,
        reject: Option<Bytes>,
        then: Option<Message>,
        ctx: &mut Context<Self>,
    ) {
        let env = self.env.clone();
        let model = self.protocol.name();
        let login = Login {
            device,
            accept,
            reject,
            then,
        };
        match directory::resolve(&*env.store, &login.device, model, false, crate::now_ms()) {
            Ok(Resolution::Refused(Refusal::Unknown)) if env.config.register_unknown => {}
            outcome => return self.identified(outcome, login, ctx),
        }
        let device = login.device.clone();
        let create = tokio::task::spawn_blocking(move || {
            directory::resolve(&*env.store, &device, model, true, crate::now_ms())
        });
        ctx.wait(create.into_actor(self).map(move |outcome, act, ctx| {
            let outcome = outcome
                .unwrap_or_else(|e| Err(StoreError::Engine(format!("lookup task failed: {e}"))));
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
            Ok(Resolution::Accepted { tracker, mut state }) => {
                self.span.record("imei", device.as_str());
                tracing::info!(tracker = tracker.id.0, "device identified");
                state.connected_ms = Some(crate::now_ms());
                state.disconnected_ms = None;
                self.state = Arc::new(*state);
                // Protocols whose resellers vary the layout read this
                // device's packets from now on as its model writes them.
                self.gate.configure(&tracker.model);
                self.identity = Some(Identity {
                    tracker: tracker.id,
                    device_id: tracker.device_id.into_boxed_str(),
                });
                self.register(ctx);
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
                        self.close_after_flush(ctx);
                    }
                    None => ctx.stop(),
                }
            }
            Err(error) => {
                // No answer at all: the device retries later, nothing is lost.
                tracing::error!(%error, "identity lookup failed; closing");
                ctx.stop();
            }
        }
    }

    /// Commits records, then (and only then) acknowledges them.
    pub(super) fn on_records(
        &mut self,
        records: Vec<Record>,
        ack: Option<Bytes>,
        ctx: &mut Context<Self>,
    ) {
        let Some(identity) = &self.identity else {
            return;
        };
        let tracker = identity.tracker;
        let protocol = self.protocol.name();
        let count = records.len();
        metrics::counter!(m::RECORDS_DECODED, "protocol" => protocol).increment(count as u64);
        let now = crate::now_ms();
        let mut state = TrackerState::clone(&self.state);
        live_state::apply_records(&mut state, &records, now);
        let points = records
            .into_iter()
            .map(|record| StoredPoint {
                tracker,
                received_ms: now,
                record,
            })
            .collect();
        let batch = CommitBatch {
            points,
            states: vec![(tracker, state.clone())],
        };
        let state = Arc::new(state);
        self.committing = Some(state.clone());
        // Nothing more is read from the device until this commit is done.
        self.gate.pause();
        let writer = self.env.writer.clone();
        let commit = async move { writer.commit(batch).await };
        ctx.spawn(commit.into_actor(self).map(move |result, act, ctx| match result {
            Ok(()) => {
                act.committing = None;
                act.state = state;
                act.publish_state();
                if let Some(ack) = ack {
                    // Counted before it is written: whoever reads the ack
                    // and then the metrics finds it counted.
                    metrics::counter!(m::ACKS_SENT, "protocol" => protocol).increment(1);
                    act.send(&ack, ctx);
                }
                if act.close_when_committed {
                    act.close_after_flush(ctx);
                } else {
                    act.gate.resume();
                }
            }
            Err(error) => {
                let _span = act.span.clone().entered();
                tracing::error!(%error, records = count, "records not stored; closing without ack");
                ctx.stop();
            }
        }));
    }
}

/// A login waiting for its identity to be resolved.
struct Login {
    device: DeviceId,
    accept: Option<Bytes>,
    reject: Option<Bytes>,
    then: Option<Message>,
}

//! What a session does with each decoded message.

use std::sync::Arc;
use std::time::Instant;

use actix::prelude::*;
use bytes::Bytes;
use trackgate_protocols::{Message, Record};
use trackgate_store::{CommitBatch, StoredPoint, TrackerState};

use super::DeviceSession;
use super::identify::{Admission, Login};
use super::lifecycle::Ending;

impl DeviceSession {
    pub(super) fn on_message(&mut self, message: Message, ctx: &mut Context<Self>) {
        if let Message::Login {
            device,
            accept,
            reject,
        } = message
        {
            let login = Login {
                device,
                accept,
                reject,
                then: None,
            };
            return self.on_login(login, ctx);
        }
        match self.admit(message.device()) {
            Admission::Handle => self.handle_identified(message, ctx),
            Admission::Refuse => self.abort(Ending::WrongDevice, ctx),
            // The frame names its device and the session has not resolved it
            // yet: resolve first, then handle the frame.
            Admission::Resolve(device) => {
                let login = Login {
                    device,
                    accept: None,
                    reject: None,
                    then: Some(message),
                };
                self.identify(login, ctx);
            }
        }
    }

    /// Handles a non-login message once the session knows its tracker.
    pub(super) fn handle_identified(&mut self, message: Message, ctx: &mut Context<Self>) {
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
        let count = records.len();
        self.counters.decoded.increment(count as u64);
        let now = crate::now_ms();
        self.env.registry.records().add(count as u64, now);
        let mut state = TrackerState::clone(&self.state);
        state.apply_records(&records, now);
        let points = records
            .into_iter()
            .map(|record| StoredPoint {
                tracker,
                received_ms: now,
                record,
            })
            .collect();
        // The points are what an ack promises; the state follows from them
        // and is persisted only now and then (see `trackgate_store::recovery`).
        let states = if self.state_checkpoint_due() {
            self.state_saved = Some(Instant::now());
            vec![(tracker, state.clone())]
        } else {
            Vec::new()
        };
        let batch = CommitBatch { points, states };
        self.begin_commit(Arc::new(state));
        let writer = self.env.writer.clone();
        let commit = async move { writer.commit(batch).await };
        ctx.spawn(commit.into_actor(self).map(move |result, act, ctx| match result {
            Ok(()) => act.committed(ack, ctx),
            Err(error) => {
                let _span = act.span.clone().entered();
                tracing::error!(%error, records = count, "records not stored; closing without ack");
                act.abort(Ending::NotStored, ctx);
            }
        }));
    }

    /// Whether this commit persists the tracker's state: the session's
    /// first does, then one every checkpoint interval.
    fn state_checkpoint_due(&self) -> bool {
        self.state_saved
            .is_none_or(|saved| saved.elapsed() >= self.env.config.state_checkpoint)
    }
}

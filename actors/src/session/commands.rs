//! Commands to the session's device: loaded when it is identified, sent one
//! at a time, resent on timeout while reliable, matched to their answers,
//! and every change of status written to the store.
//!
//! A session that has no command to deliver holds none of this (an idle
//! connection's footprint is what scales): the queue exists only while a
//! command is pending.
//!
//! Order of events for one command: `Queued` (in the store, and here) →
//! written to the device: `Sent`, or `Acknowledged` when the protocol gives
//! no answer to this command → the device's answer, matched by the serial
//! it echoes or, for protocols whose answers name nothing, as the answer to
//! the one outstanding command: `Answered`. No answer within the answer
//! timeout: a reliable command is written again until its attempts are
//! used up, then `Failed`. A command that expires while queued is
//! `Expired`; one whose protocol cannot say it is `Failed` with the reason.
//! A command waiting for its device's next inbound packet (the NAT policy)
//! stays queued until the device speaks. The answer to a location request,
//! where the protocol answers with text, is read as a position and stored
//! like any record, so it becomes the tracker's last point.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix::prelude::*;
use trackgate_protocols::DeviceId;
use trackgate_protocols::command::{Command, CommandError, Target};
use trackgate_store::{CommandId, CommandRecord, CommandStatus, SendPolicy, Timed};

use super::DeviceSession;

/// The commands a session is delivering.
#[derive(Debug, Default)]
pub(super) struct CommandQueue {
    pending: VecDeque<CommandRecord>,
    outstanding: Option<Outstanding>,
    serial: u16,
}

#[derive(Debug)]
struct Outstanding {
    record: CommandRecord,
    deadline: Instant,
}

impl DeviceSession {
    /// Loads the tracker's unfinished commands once the device is
    /// identified, and starts delivering them.
    pub(super) fn load_commands(&mut self, ctx: &mut Context<Self>) {
        let Some(identity) = &self.identity else {
            return;
        };
        match self.env.store.tracker_commands(identity.tracker) {
            Ok(commands) => {
                for command in commands.into_iter().filter(|c| !c.status.is_final()) {
                    self.queue_command(command, ctx);
                }
            }
            Err(error) => {
                let _span = self.span.clone().entered();
                tracing::warn!(%error, "could not load the tracker's commands");
            }
        }
    }

    /// A command the API stored for this session's tracker: queued from its
    /// stored record, unless it is finished (this session may have loaded,
    /// sent and finished it already) or not this tracker's.
    pub(super) fn deliver_command(&mut self, command: CommandRecord, ctx: &mut Context<Self>) {
        let Some(identity) = &self.identity else {
            return;
        };
        if command.request.tracker != identity.tracker {
            return;
        }
        match self.env.store.command(identity.tracker, command.id) {
            Ok(Some(stored)) if !stored.status.is_final() => self.queue_command(stored, ctx),
            Ok(_) => {}
            Err(error) => {
                let _span = self.span.clone().entered();
                tracing::warn!(%error, "could not read a command to deliver");
            }
        }
    }

    /// Adds a command to deliver, and delivers it now if nothing is waiting
    /// for an answer.
    pub(super) fn queue_command(&mut self, command: CommandRecord, ctx: &mut Context<Self>) {
        let queue = self.commands.get_or_insert_with(Box::default);
        let known = queue.pending.iter().any(|c| c.id == command.id)
            || queue
                .outstanding
                .as_ref()
                .is_some_and(|o| o.record.id == command.id);
        if !known {
            queue.pending.push_back(command);
        }
        self.send_next_command(ctx);
    }

    /// Writes the next deliverable command, unless one is outstanding.
    pub(super) fn send_next_command(&mut self, ctx: &mut Context<Self>) {
        loop {
            let Some(queue) = self.commands.as_mut() else {
                return;
            };
            if queue.outstanding.is_some() {
                return;
            }
            let Some(front) = queue.pending.front() else {
                self.commands = None;
                return;
            };
            let now_ms = crate::now_ms();
            if front.request.expires_ms.is_some_and(|at| at <= now_ms) {
                let mut record = queue.pending.pop_front().expect("front exists");
                finish(&mut record, CommandStatus::Expired, now_ms);
                self.persist_command(record, ctx);
                continue;
            }
            if let SendPolicy::WithinSecondsOfInbound(seconds) = front.request.policy
                && self.last_rx.elapsed() > Duration::from_secs(u64::from(seconds))
            {
                // Sent when the device next speaks (its NAT is open then).
                return;
            }
            let mut record = queue.pending.pop_front().expect("front exists");
            queue.serial = queue.serial.wrapping_add(1);
            let serial = queue.serial;
            match self.encode_command(&record.request.command, serial) {
                Err(error) => {
                    record.failure = Some(error.to_string());
                    finish(&mut record, CommandStatus::Failed, now_ms);
                    self.persist_command(record, ctx);
                }
                Ok(encoded) => {
                    self.send(&encoded.bytes, ctx);
                    record.attempts = record.attempts.saturating_add(1);
                    record.sent_ms = Some(now_ms);
                    record.serial = encoded.serial;
                    record.encoded = Some(encoded.bytes.to_vec());
                    if encoded.answered {
                        record.status = CommandStatus::Sent;
                        let timeout = self.env.config.command_answer_timeout;
                        if let Some(queue) = self.commands.as_mut() {
                            queue.outstanding = Some(Outstanding {
                                record: record.clone(),
                                deadline: Instant::now() + timeout,
                            });
                        }
                        self.persist_command(record, ctx);
                        return;
                    }
                    finish(&mut record, CommandStatus::Acknowledged, now_ms);
                    self.persist_command(record, ctx);
                }
            }
        }
    }

    fn encode_command(
        &self,
        command: &Command,
        serial: u16,
    ) -> Result<trackgate_protocols::command::Encoded, CommandError> {
        let identity = self
            .identity
            .as_ref()
            .ok_or_else(|| CommandError::Unsupported("the device is not identified".into()))?;
        let encoder = self.protocol.command_encoder().ok_or_else(|| {
            CommandError::Unsupported(format!("{} has no command channel", self.protocol.name()))
        })?;
        let device = DeviceId(identity.device_id.to_string());
        encoder.encode(
            command,
            &Target {
                device: &device,
                serial,
                transport: self.out.transport(),
            },
        )
    }

    /// Matches a device's answer to the outstanding command: by the serial
    /// the command was sent with, or, for a protocol whose answers name
    /// nothing, as the answer to the one outstanding. Returns whether it
    /// matched.
    pub(super) fn on_command_answer(
        &mut self,
        text: &str,
        answers: Option<u32>,
        ctx: &mut Context<Self>,
    ) -> bool {
        let Some(queue) = self.commands.as_mut() else {
            return false;
        };
        // A command sent with a serial is answered only by an answer naming
        // it (other traffic of the same kind, such as GT06 serial data, is
        // not its answer); one sent without is answered by the next answer.
        let matches = queue
            .outstanding
            .as_ref()
            .is_some_and(|o| match o.record.serial {
                Some(serial) => answers == Some(serial),
                None => true,
            });
        if !matches {
            return false;
        }
        let Some(Outstanding { mut record, .. }) = queue.outstanding.take() else {
            return false;
        };
        let now_ms = crate::now_ms();
        record.reply = Some(text.to_owned());
        finish(&mut record, CommandStatus::Answered, now_ms);
        self.apply_answered(&record.request.command, now_ms);
        let position = matches!(record.request.command, Command::LocationRequest)
            .then(|| self.protocol.command_encoder()?.answer_position(text))
            .flatten();
        self.persist_command(record, ctx);
        if let Some(record) = position {
            // Stored like any record, so it becomes the last point.
            self.on_records(vec![record], None, ctx);
        }
        self.send_next_command(ctx);
        true
    }

    /// An answered output command changes the outputs the state shows at once.
    fn apply_answered(&mut self, command: &Command, now_ms: i64) {
        if let Command::Output { index, on } = command {
            let state = Arc::make_mut(&mut self.state);
            state.values.insert(
                format!("output_{index}").into(),
                Timed {
                    value: trackgate_protocols::Value::Bool(*on),
                    updated_ms: now_ms,
                },
            );
            self.publish_state();
        }
    }

    /// On each clock tick: an outstanding command whose answer is overdue
    /// is written again if reliable and attempts remain, or fails.
    pub(super) fn check_command_timeout(&mut self, ctx: &mut Context<Self>) {
        let Some(queue) = self.commands.as_mut() else {
            return;
        };
        if queue
            .outstanding
            .as_ref()
            .is_none_or(|o| o.deadline > Instant::now())
        {
            return;
        }
        let Some(Outstanding { mut record, .. }) = queue.outstanding.take() else {
            return;
        };
        if record.request.reliable && record.attempts < record.request.max_attempts {
            queue.pending.push_front(record);
        } else {
            record.failure = Some(format!("no answer after {} attempts", record.attempts));
            finish(&mut record, CommandStatus::Failed, crate::now_ms());
            self.persist_command(record, ctx);
        }
        self.send_next_command(ctx);
    }

    /// Drops a cancelled command: from the queue, or as the outstanding one
    /// (a late answer then matches nothing). The store already says
    /// `Cancelled`.
    pub(super) fn forget_command(&mut self, id: CommandId, ctx: &mut Context<Self>) {
        let Some(queue) = self.commands.as_mut() else {
            return;
        };
        queue.pending.retain(|c| c.id != id);
        if queue
            .outstanding
            .as_ref()
            .is_some_and(|o| o.record.id == id)
        {
            queue.outstanding = None;
        }
        self.send_next_command(ctx);
    }

    /// When the session ends: an outstanding command that may not wait
    /// fails; reliable ones stay in the store for the next connection.
    pub(super) fn release_commands(&mut self) {
        let Some(queue) = self.commands.take() else {
            return;
        };
        if let Some(Outstanding { mut record, .. }) = queue.outstanding
            && !record.request.reliable
        {
            record.failure = Some("the device disconnected before answering".into());
            finish(&mut record, CommandStatus::Failed, crate::now_ms());
            let store = self.env.store.clone();
            tokio::task::spawn_blocking(move || store.update_command(&record));
        }
    }

    /// Writes a command's new status to the store before the session
    /// handles anything else, so the stored lifecycle keeps its order.
    fn persist_command(&mut self, record: CommandRecord, ctx: &mut Context<Self>) {
        let store = self.env.store.clone();
        let write = tokio::task::spawn_blocking(move || store.update_command(&record));
        ctx.wait(write.into_actor(self).map(|result, act, _| {
            let failed = match result {
                Ok(Ok(())) => return,
                Ok(Err(error)) => error.to_string(),
                Err(error) => error.to_string(),
            };
            let _span = act.span.clone().entered();
            tracing::error!(error = %failed, "could not store a command's status");
        }));
    }
}

fn finish(record: &mut CommandRecord, status: CommandStatus, now_ms: i64) {
    record.status = status;
    record.finished_ms = Some(now_ms);
}

//! A session's life, in one place: its phases and every change between them.
//!
//! ```text
//!                    login, or a frame naming its device
//!   Unidentified ─────────────────────────────────────────► Ready ◄──────────┐
//!        │  unknown device, registered off the shard           │ records      │ stored:
//!        └──────────► Resolving ──── accepted ────────────────►│              │ ack written
//!                         │ refused                             ▼              │
//!                         │                                 Committing ────────┘
//!                         ▼                                     │ told to close meanwhile:
//!                      Closing ◄────────────────────────────────┘ after the ack
//! ```
//!
//! - **Unidentified**: connected, nothing has named the device yet.
//! - **Resolving**: an unknown device's tracker is being created off the
//!   shard thread; nothing more is read until it is.
//! - **Ready**: the device is known; messages are handled as they come.
//! - **Committing**: records are on their way to the store; nothing more is
//!   read until it answers, then their acknowledgement is written. Acks
//!   therefore go out in order, each after its records are durable.
//! - **Closing**: the session is ending; once what it wrote is flushed (or
//!   5 s have passed), it stops.
//!
//! A session is *closed* gracefully (a pending commit finishes and is
//! acknowledged first, what was written is flushed) or *aborted* (it stops
//! now, nothing pending is acknowledged). Either way, when it stops it
//! deregisters and persists the tracker's last state, unless a newer
//! connection of the same tracker replaced it.

use std::sync::Arc;
use std::time::Duration;

use actix::prelude::*;
use bytes::Bytes;
use trackgate_store::{CommitBatch, Tracker, TrackerState};

use super::{DeviceSession, Identity};
use crate::metrics as m;
use crate::registry::Entry;

/// How long a closing session waits for its device to take what it wrote.
const FLUSH_GRACE: Duration = Duration::from_secs(5);

/// Where a session is in its life.
#[derive(Debug)]
pub(super) enum Phase {
    /// Connected; nothing has named the device yet.
    Unidentified,
    /// An unknown device's tracker is being created; the reader is paused.
    Resolving,
    /// The device is known and messages are handled as they come.
    Ready,
    /// A commit is pending; the reader is paused.
    Committing(Commit),
    /// Ending, for this reason; the reader is paused.
    Closing(Ending),
}

/// A pending commit.
#[derive(Debug)]
pub(super) struct Commit {
    /// The state the commit makes current.
    state: Arc<TrackerState>,
    /// Close once it is acknowledged, for this reason.
    then_close: Option<Ending>,
}

/// Why a session ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ending {
    /// The device closed its side.
    DeviceClosed,
    /// The gateway is shutting down.
    Shutdown,
    /// A newer connection of the same tracker took over.
    Replaced,
    /// The device was refused at login.
    Refused,
    /// The tracker was made inactive or its service ended.
    Deactivated,
    /// No login within the login timeout.
    LoginTimeout,
    /// Silent for the idle timeout.
    Idle,
    /// Held the start of a frame for the frame timeout without its end.
    FrameTimeout,
    /// Input whose frame boundaries were lost.
    Undecodable,
    /// A frame named another device than the session's, or came before any
    /// identification.
    WrongDevice,
    /// The store refused a commit: nothing was acknowledged.
    NotStored,
    /// Looking the device up failed.
    LookupFailed,
    /// Writing to the device failed.
    WriteFailed,
    /// The device leaves its replies unread.
    Unread,
}

impl Ending {
    /// A short stable label, for metrics and logs.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::DeviceClosed => "device_closed",
            Self::Shutdown => "shutdown",
            Self::Replaced => "replaced",
            Self::Refused => "refused",
            Self::Deactivated => "deactivated",
            Self::LoginTimeout => "login_timeout",
            Self::Idle => "idle",
            Self::FrameTimeout => "frame_timeout",
            Self::Undecodable => "undecodable",
            Self::WrongDevice => "wrong_device",
            Self::NotStored => "not_stored",
            Self::LookupFailed => "lookup_failed",
            Self::WriteFailed => "write_failed",
            Self::Unread => "unread",
        }
    }
}

impl DeviceSession {
    /// Unidentified → Resolving: an unknown device's tracker is being
    /// created off the shard thread; nothing more is read meanwhile.
    pub(super) fn begin_resolving(&mut self) {
        self.phase = Phase::Resolving;
        self.gate.pause();
    }

    /// Whether the session is still waiting for a resolution (it may have
    /// been told to close meanwhile).
    pub(super) fn is_resolving(&self) -> bool {
        matches!(self.phase, Phase::Resolving)
    }

    /// Unidentified or Resolving → Ready: the device is `tracker`, last
    /// seen in `state`. Registers the session, replacing an older
    /// connection of the same tracker.
    pub(super) fn become_ready(
        &mut self,
        tracker: &Tracker,
        mut state: TrackerState,
        ctx: &mut Context<Self>,
    ) {
        state.connected_ms = Some(crate::now_ms());
        state.disconnected_ms = None;
        self.state = Arc::new(state);
        self.identity = Some(Identity {
            tracker: tracker.id,
            device_id: tracker.device_id.clone().into_boxed_str(),
        });
        // Protocols whose resellers vary the layout read this device's
        // packets from now on as its model writes them.
        self.model.set(&tracker.model);
        self.phase = Phase::Ready;
        self.gate.resume();
        let entry = Entry {
            addr: ctx.address(),
            conn: self.conn,
            peer: self.peer,
            protocol: self.protocol,
            state: self.state.clone(),
        };
        if let Some(old) = self.env.registry.register(tracker.id, entry)
            && old.conn != self.conn
        {
            tracing::info!(
                old_conn = old.conn,
                "replacing the tracker's previous connection"
            );
            old.addr.do_send(super::messages::Replaced);
        }
    }

    /// Ready → Committing: `state` becomes current once the store has the
    /// records; nothing more is read until it answers.
    pub(super) fn begin_commit(&mut self, state: Arc<TrackerState>) {
        self.phase = Phase::Committing(Commit {
            state,
            then_close: None,
        });
        self.gate.pause();
    }

    /// Committing → Ready: the records are durable. The state they make
    /// becomes current and is published, `ack` is written, and the session
    /// reads again, or closes if it was told to meanwhile.
    pub(super) fn committed(&mut self, ack: Option<Bytes>, ctx: &mut Context<Self>) {
        let Phase::Committing(commit) = std::mem::replace(&mut self.phase, Phase::Ready) else {
            return;
        };
        self.state = commit.state;
        self.publish_state();
        if let Some(ack) = ack {
            // Counted before it is written: whoever reads the ack and then
            // the metrics finds it counted.
            self.counters.acks.increment(1);
            self.send(&ack, ctx);
        }
        match commit.then_close {
            Some(why) => self.close(why, ctx),
            None if matches!(self.phase, Phase::Ready) => self.gate.resume(),
            // Writing the ack ended the session.
            None => {}
        }
    }

    /// Ends the session gracefully: a pending commit finishes and is
    /// acknowledged first, then what was written is flushed, then it stops.
    pub(super) fn close(&mut self, why: Ending, ctx: &mut Context<Self>) {
        match &mut self.phase {
            Phase::Committing(commit) => {
                commit.then_close.get_or_insert(why);
            }
            Phase::Closing(_) => {}
            _ => {
                self.enter_closing(why);
                if self.out.is_flushed() {
                    ctx.stop();
                } else {
                    // A peer that never reads must not keep the session alive.
                    ctx.run_later(FLUSH_GRACE, |_, ctx| ctx.stop());
                }
            }
        }
    }

    /// Ends the session now: nothing pending is acknowledged.
    pub(super) fn abort(&mut self, why: Ending, ctx: &mut Context<Self>) {
        if let Phase::Committing(commit) = &self.phase {
            // Queued ahead of the final write: start from the state it
            // carries so that write does not undo it.
            self.state = commit.state.clone();
        }
        if !matches!(self.phase, Phase::Closing(_)) {
            self.enter_closing(why);
        }
        ctx.stop();
    }

    fn enter_closing(&mut self, why: Ending) {
        let _span = self.span.clone().entered();
        tracing::debug!(reason = why.as_str(), "session closing");
        metrics::counter!(
            m::SESSIONS_CLOSED,
            "protocol" => self.protocol.name(),
            "reason" => why.as_str(),
        )
        .increment(1);
        self.phase = Phase::Closing(why);
        self.gate.pause();
    }

    /// Everything written has reached the socket: a closing session stops.
    pub(super) fn flushed(&mut self, ctx: &mut Context<Self>) {
        if matches!(self.phase, Phase::Closing(_)) {
            ctx.stop();
        }
    }

    /// The session stopped: it deregisters, and persists the tracker's
    /// last state with its disconnect time, so the API reports the tracker
    /// offline from the right moment, unless a newer connection replaced
    /// it (whose state is newer).
    pub(super) fn ended(&mut self) {
        let Some(identity) = self.identity.take() else {
            return;
        };
        self.env.registry.deregister(identity.tracker, self.conn);
        if matches!(self.phase, Phase::Closing(Ending::Replaced)) {
            return;
        }
        let mut state = std::mem::take(&mut self.state);
        Arc::make_mut(&mut state).disconnected_ms = Some(crate::now_ms());
        let batch = CommitBatch {
            points: Vec::new(),
            states: vec![(identity.tracker, Arc::unwrap_or_clone(state))],
        };
        let writer = self.env.writer.clone();
        // Shutdown waits for this write too.
        let drain = self.drain.take();
        actix::spawn(async move {
            if let Err(error) = writer.commit(batch).await {
                tracing::warn!(%error, "could not persist state on disconnect");
            }
            drop(drain);
        });
    }
}

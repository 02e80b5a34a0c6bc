//! Node membership: every node announces itself and its figures every
//! heartbeat, and keeps what it heard of the others.

use std::sync::Arc;

use dashmap::DashMap;
use futures_util::StreamExt;
use trackgate_actors::now_ms;

use crate::link::Ctx;
use crate::wire::{self, Heartbeat};

/// Another node, as last heard.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    /// Its last heartbeat.
    pub heartbeat: Heartbeat,
    /// When it was heard, ms since the epoch (this node's clock).
    pub heard_ms: i64,
    /// Whether it was heard within the last few heartbeats.
    pub alive: bool,
}

/// The other nodes heard, by id.
#[derive(Debug, Default)]
pub(crate) struct Members {
    heard: DashMap<u64, (Heartbeat, i64)>,
}

impl Members {
    /// Every node heard since this one started, alive or not, by id.
    pub(crate) fn peers(&self, alive_for_ms: i64) -> Vec<Peer> {
        let now = now_ms();
        let mut peers: Vec<Peer> = self
            .heard
            .iter()
            .map(|e| {
                let (heartbeat, heard_ms) = e.value().clone();
                Peer {
                    heartbeat,
                    heard_ms,
                    alive: now - heard_ms <= alive_for_ms,
                }
            })
            .collect();
        peers.sort_by_key(|p| p.heartbeat.node);
        peers
    }

    fn heard(&self, heartbeat: Heartbeat) {
        self.heard.insert(heartbeat.node, (heartbeat, now_ms()));
    }
}

/// This node's heartbeat now.
fn heartbeat(ctx: &Ctx) -> Heartbeat {
    let now = now_ms();
    let records = ctx.registry.records();
    Heartbeat {
        node: ctx.node,
        name: ctx.config.node_name.clone(),
        api: ctx
            .api_address
            .lock()
            .map(|a| a.clone())
            .unwrap_or_default(),
        started_ms: ctx.registry.started_ms(),
        sent_ms: now,
        trackers_online: ctx.registry.len() as u64,
        connections: ctx.slots.held() as u64,
        connection_slots: ctx.slots.total() as u64,
        accepting: !ctx.slots.is_exhausted(),
        records_last_minute: records.last_minute(now),
        records_total: records.total(),
    }
}

/// Announces this node every heartbeat interval.
pub(crate) async fn beat(ctx: Arc<Ctx>) {
    let subject = wire::heartbeat_subject(&ctx.prefix, ctx.node);
    let mut clock = tokio::time::interval(ctx.config.heartbeat);
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        clock.tick().await;
        ctx.publish(subject.clone(), wire::encode(&heartbeat(&ctx)))
            .await;
    }
}

/// Keeps every other node's last heartbeat.
pub(crate) async fn listen(ctx: Arc<Ctx>) {
    let subject = wire::heartbeats_wildcard(&ctx.prefix);
    let mut beats = loop {
        match ctx.client.subscribe(subject.clone()).await {
            Ok(beats) => break beats,
            Err(error) => {
                tracing::warn!(%error, "could not subscribe to heartbeats; trying again");
                tokio::time::sleep(ctx.config.heartbeat).await;
            }
        }
    };
    while let Some(message) = beats.next().await {
        match wire::decode::<Heartbeat>(&message.payload) {
            Ok(beat) if beat.node != ctx.node => ctx.members.heard(beat),
            Ok(beat) if beat.name != ctx.config.node_name => tracing::warn!(
                node = beat.node,
                other = beat.name,
                "another node has this node's id; node ids must be unique"
            ),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "unreadable heartbeat"),
        }
    }
}

//! A held tracker's subscription: the node answers for the device while it
//! holds it, and settles claims from other nodes.

use std::sync::Arc;

use futures_util::StreamExt;
use trackgate_actors::session::messages::{Cancel, Deactivated, Deliver, Replaced};
use trackgate_store::{CommandId, TrackerId};

use crate::claim::{Claim, Verdict};
use crate::link::Ctx;
use crate::wire::{self, FromHolder, Holding, ToHolder};

/// Subscribes to `tracker`'s holder subject, claims it, and answers for it
/// until `release` fires (or the task is aborted). Released, it lets go
/// gracefully: it unsubscribes and still answers the calls already on their
/// way (the device is gone from this node, so they learn it is offline)
/// instead of leaving them to time out.
pub(crate) async fn hold(
    ctx: Arc<Ctx>,
    tracker: TrackerId,
    claim: Claim,
    mut release: tokio::sync::oneshot::Receiver<()>,
) {
    let subject = wire::holder_subject(&ctx.prefix, tracker);
    let subscribed = tokio::time::timeout(ctx.call_timeout, ctx.client.subscribe(subject.clone()));
    let mut calls = match subscribed.await {
        Ok(Ok(calls)) => calls,
        Ok(Err(error)) => {
            tracing::warn!(tracker = tracker.0, %error, "could not subscribe for a held tracker");
            return;
        }
        Err(_) => {
            tracing::warn!(
                tracker = tracker.0,
                "subscribing for a held tracker timed out"
            );
            return;
        }
    };
    ctx.publish(subject.clone(), wire::encode(&ToHolder::Claim(claim)))
        .await;
    loop {
        let message = tokio::select! {
            message = calls.next() => message,
            _ = &mut release => break,
        };
        let Some(message) = message else {
            return;
        };
        respond(&ctx, tracker, &subject, message).await;
    }
    // Unsubscribed, then the calls NATS had already routed here are
    // answered until the stream ends (bounded by the call timeout).
    if calls.drain().await.is_err() {
        return;
    }
    let _ = tokio::time::timeout(ctx.call_timeout, async {
        while let Some(message) = calls.next().await {
            respond(&ctx, tracker, &subject, message).await;
        }
    })
    .await;
}

/// Answers one call that reached this node's subscription for `tracker`.
async fn respond(ctx: &Ctx, tracker: TrackerId, subject: &str, message: async_nats::Message) {
    let call = match wire::decode::<ToHolder>(&message.payload) {
        Ok(call) => call,
        Err(error) => {
            tracing::warn!(tracker = tracker.0, %error, "unreadable call for a held tracker");
            return;
        }
    };
    let answer = answer(ctx, tracker, subject, call).await;
    if let (Some(reply), Some(answer)) = (message.reply, answer) {
        ctx.publish(reply.to_string(), wire::encode(&answer)).await;
    }
}

/// What the holder does with one call; `None` for what is not answered (claims).
async fn answer(
    ctx: &Ctx,
    tracker: TrackerId,
    subject: &str,
    call: ToHolder,
) -> Option<FromHolder> {
    let Some(entry) = ctx.registry.get(tracker) else {
        return Some(FromHolder::Gone);
    };
    match call {
        ToHolder::Claim(other) => {
            let own = Claim {
                connected_ms: entry.state.connected_ms.unwrap_or_default(),
                node: ctx.node,
            };
            match own.against(other) {
                Verdict::Yield => {
                    tracing::info!(
                        tracker = tracker.0,
                        node = other.node,
                        "a newer connection of this tracker on another node took over"
                    );
                    entry.addr.do_send(Replaced);
                }
                Verdict::Insist => {
                    ctx.publish(subject.to_owned(), wire::encode(&ToHolder::Claim(own)))
                        .await;
                }
                Verdict::Same => {}
            }
            None
        }
        ToHolder::Ask => Some(FromHolder::Held(Box::new(Holding {
            node: ctx.node,
            protocol: entry.protocol.name().to_owned(),
            peer: entry.peer.to_string(),
            state: (*entry.state).clone(),
        }))),
        ToHolder::Deliver { command } => {
            let store = ctx.store.clone();
            let read =
                tokio::task::spawn_blocking(move || store.command(tracker, CommandId(command)));
            let taken = match read.await {
                Ok(Ok(Some(record))) => {
                    entry.addr.do_send(Deliver(record));
                    true
                }
                Ok(Ok(None)) => false,
                Ok(Err(error)) => {
                    tracing::warn!(tracker = tracker.0, command, %error, "could not read a command to deliver");
                    false
                }
                Err(_) => false,
            };
            Some(FromHolder::Done { taken })
        }
        ToHolder::Cancel { command } => {
            let taken = entry.addr.send(Cancel(CommandId(command))).await.is_ok();
            Some(FromHolder::Done { taken })
        }
        ToHolder::Deactivate => {
            entry.addr.do_send(Deactivated);
            Some(FromHolder::Done { taken: true })
        }
    }
}

/// Hands the state changes other nodes publish for `tracker` to this
/// node's feed, until the task is aborted.
pub(crate) async fn relay(ctx: Arc<Ctx>, tracker: TrackerId) {
    let subject = wire::state_subject(&ctx.prefix, tracker);
    let subscribed = tokio::time::timeout(ctx.call_timeout, ctx.client.subscribe(subject));
    let mut changes = match subscribed.await {
        Ok(Ok(changes)) => changes,
        _ => {
            tracing::warn!(
                tracker = tracker.0,
                "could not subscribe to a watched tracker's changes"
            );
            return;
        }
    };
    while let Some(message) = changes.next().await {
        match wire::decode::<wire::StateChange>(&message.payload) {
            Ok(change) if change.node != ctx.node => {
                let state = Arc::new(change.state);
                ctx.registry
                    .feed()
                    .notify(tracker, &state, change.connected);
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(tracker = tracker.0, %error, "unreadable state change"),
        }
    }
}

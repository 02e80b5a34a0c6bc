//! Subscribing and unsubscribing: who the caller is, which of the trackers
//! it names it may watch, and the current states every subscription starts with.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use serde_json::json;
use trackgate_actors::now_ms;
use trackgate_store::{Tracker, User};

use super::access::{self, Access};
use super::connection::{Connection, End, Owner};
use super::limits;
use super::render::{self, Formatted};
use super::request::{Kind, Request, Target};
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::user::account::auth::authenticate;
use crate::user::routes::CallKind;
use crate::user::scope::Scope;
use crate::user::status::Since;
use crate::user::tracker::get::current_state;

impl Connection {
    /// The user `hash` stands for; the connection serves one user at a time.
    pub(super) async fn caller(&mut self, hash: Option<&str>) -> Result<User, ApiError> {
        let params = Params::from_json(json!({ "hash": hash }));
        let (user, _) = authenticate(&self.api, &params, self.peer).await?;
        match &self.owner {
            Some(owner) if owner.user.id != user.id => {
                Err(ApiError::code(Code::OperationNotPermitted))
            }
            _ => {
                self.owner = Some(Owner {
                    user: user.clone(),
                    hash: hash.unwrap_or_default().to_owned(),
                });
                Ok(user)
            }
        }
    }

    pub(super) async fn subscribe(
        &mut self,
        user: User,
        requests: &[Request],
    ) -> Result<Answer, ApiError> {
        // Live push only reads: a manager watches its users' trackers too.
        let scope = Scope::of(&self.api, &user, CallKind::Reads)?;
        let mut resolved = Vec::with_capacity(requests.len());
        let mut new: HashSet<u64> = HashSet::new();
        for request in requests {
            let trackers = match &request.target {
                Target::All => access::all(&self.api, &scope)?,
                Target::Selected(ids) => {
                    let mut trackers = Vec::with_capacity(ids.len());
                    for &id in ids {
                        trackers.push((id, access::access(&self.api, &scope, id)?));
                    }
                    trackers
                }
            };
            for (_, access) in &trackers {
                if let Access::Normal(t) = access
                    && !self.watched.ids.contains(&t.source().0)
                {
                    new.insert(t.source().0);
                }
            }
            resolved.push((request, trackers));
        }
        if self.watched.ids.len() + new.len() > limits::WATCHED {
            let limit = limits::WATCHED;
            let error = format!("would watch more than {limit} trackers on one connection");
            return Err(ApiError::invalid("requests", error));
        }
        let mut answer = Answer::default();
        for (request, trackers) in resolved {
            let statuses = answer.outcome.entry(request.kind).or_default();
            for (id, access) in trackers {
                statuses.insert(id, access.status());
                let Access::Normal(tracker) = access else {
                    continue;
                };
                // Changes come by the source's id (a clone's device is its
                // source's); unsubscribing names the id asked for.
                let source = tracker.source().0;
                if let Ok(asked) = u64::try_from(id) {
                    self.aliases.insert(asked, source);
                }
                self.watched.add(source);
                self.seen.watch(source, Since::of(&tracker));
                match request.kind {
                    Kind::State => {
                        self.state_ids.insert(source);
                        answer.initial.push((Kind::State, *tracker));
                    }
                    Kind::StateBatch => {
                        self.batch_ids.insert(source);
                        answer.initial.push((Kind::StateBatch, *tracker));
                    }
                }
            }
            match request.kind {
                Kind::State => self.state_format = request.format,
                Kind::StateBatch => {
                    self.batch_format = request.format;
                    self.batcher.set_interval(request.rate_limit);
                }
            }
        }
        Ok(answer)
    }

    pub(super) fn unsubscribe(&mut self, requests: &[Request]) -> Answer {
        let mut answer = Answer::default();
        for request in requests {
            let ids = match request.kind {
                Kind::State => &mut self.state_ids,
                Kind::StateBatch => &mut self.batch_ids,
            };
            // (id answered, id watched, status)
            let removed: Vec<(i64, u64, &'static str)> = match &request.target {
                Target::All => ids.drain().map(|id| (id as i64, id, "normal")).collect(),
                Target::Selected(list) => list
                    .iter()
                    .map(|&asked| {
                        let Ok(id) = u64::try_from(asked) else {
                            return (asked, 0, "unknown");
                        };
                        let watched = self.aliases.get(&id).copied().unwrap_or(id);
                        let was = ids.remove(&watched);
                        (asked, watched, if was { "normal" } else { "unknown" })
                    })
                    .collect(),
            };
            let statuses = answer.outcome.entry(request.kind).or_default();
            for (asked, id, status) in removed {
                statuses.insert(asked, status);
                if status != "normal" {
                    continue;
                }
                if request.kind == Kind::StateBatch {
                    self.batcher.remove(id);
                }
                if !self.state_ids.contains(&id) && !self.batch_ids.contains(&id) {
                    self.watched.remove(id);
                    self.seen.forget(id);
                }
            }
        }
        answer
    }

    /// The current states that follow a subscription: one `state` event per
    /// tracker, and one batch for the `state_batch` trackers.
    pub(super) async fn send_initial(&mut self, initial: Vec<(Kind, Tracker)>) -> Result<(), End> {
        let mut batch = Vec::new();
        for (kind, tracker) in initial {
            let Ok((state, _)) = current_state(&self.api, &tracker).await else {
                continue;
            };
            self.seen.pushed(
                tracker.source().0,
                state.clone(),
                now_ms(),
                &self.api.status,
            );
            match kind {
                Kind::State => {
                    let now = now_ms();
                    let zone = self.zone();
                    let view = Formatted::new(
                        tracker.source().0,
                        &state,
                        Since::of(&tracker),
                        now,
                        (&zone, &self.api.status),
                        self.state_format,
                    );
                    let text = render::state_event(now, &zone, view);
                    self.send(text).await?;
                }
                Kind::StateBatch => {
                    self.batcher.remove(tracker.source().0);
                    batch.push((tracker.source().0, state));
                }
            }
        }
        if batch.is_empty() {
            return Ok(());
        }
        self.batcher.sent(Instant::now());
        self.send_batch(&batch).await
    }
}

/// What a subscribe or unsubscribe answers, and the states that follow it.
#[derive(Default)]
pub(super) struct Answer {
    pub(super) outcome: BTreeMap<Kind, BTreeMap<i64, &'static str>>,
    pub(super) initial: Vec<(Kind, Tracker)>,
}

//! The sessions living on this shard thread, and the shard's clock.
//!
//! Each shard keeps a thread-local list of weak addresses of its sessions.
//! One clock per shard ticks them (login and idle timeouts), and shutdown
//! reaches them through the same lists, so no session pays for a timer of
//! its own or for an entry in a global map.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use actix::WeakAddr;
use actix::prelude::*;

use super::DeviceSession;
use super::messages::{Shutdown, Tick};
use crate::shards::Shards;

thread_local! {
    static SESSIONS: RefCell<HashMap<u64, WeakAddr<DeviceSession>>> = RefCell::new(HashMap::new());
}

/// Adds a session to this thread's list.
pub(super) fn add(conn: u64, addr: WeakAddr<DeviceSession>) {
    SESSIONS.with(|s| s.borrow_mut().insert(conn, addr));
}

/// Removes a session from this thread's list.
pub(super) fn remove(conn: u64) {
    SESSIONS.with(|s| {
        let mut sessions = s.borrow_mut();
        sessions.remove(&conn);
        if sessions.capacity() > 64 && sessions.len() < sessions.capacity() / 4 {
            sessions.shrink_to_fit();
        }
    });
}

fn send_all<M>(message: impl Fn() -> M)
where
    M: Message<Result = ()> + Send + 'static,
    DeviceSession: Handler<M>,
{
    let addrs: Vec<Addr<DeviceSession>> =
        SESSIONS.with(|s| s.borrow().values().filter_map(WeakAddr::upgrade).collect());
    for addr in addrs {
        addr.do_send(message());
    }
}

/// Starts a clock on every shard that ticks its sessions every `every`.
pub fn start_clocks(shards: &Shards, every: Duration) {
    shards.on_each(move || {
        actix::spawn(async move {
            let mut interval = tokio::time::interval(every);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                send_all(|| Tick);
            }
        });
    });
}

/// Asks every session on every shard to finish and close.
pub fn shutdown_all(shards: &Shards) {
    shards.on_each(|| send_all(|| Shutdown));
}

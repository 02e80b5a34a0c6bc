//! Id sequences shared by every gateway node: users, trackers, plans and
//! the rest are numbered 1, 2, 3, ... as on the embedded store, and each
//! number is taken by a compare-and-set on its sequence's row, so no two
//! nodes ever hand out the same one.

use trackgate_store::StoreError;

use crate::db::{Db, Stmt};

/// The statements of the sequences.
pub(crate) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "ids.read",
        cql: "SELECT next FROM ids WHERE name = ?",
    },
    Stmt {
        name: "ids.start",
        cql: "INSERT INTO ids (name, next) VALUES (?, ?) IF NOT EXISTS",
    },
    Stmt {
        name: "ids.advance",
        cql: "UPDATE ids SET next = ? WHERE name = ? IF next = ?",
    },
];

/// Tries before a contended sequence gives up.
const TRIES: u32 = 64;

/// Takes the next id of the sequence `name` (the first is 1).
pub(crate) fn next_id(db: &Db, name: &str) -> Result<u64, StoreError> {
    for attempt in 0..TRIES {
        let current: Option<(Option<i64>,)> = db.query_one("ids.read", (name,))?;
        let taken = match current.and_then(|(next,)| next) {
            None => {
                if db.applied("ids.start", (name, 2_i64))? {
                    Some(1)
                } else {
                    None
                }
            }
            Some(next) => {
                if db.applied("ids.advance", (next + 1, name, next))? {
                    Some(next)
                } else {
                    None
                }
            }
        };
        if let Some(id) = taken {
            return u64::try_from(id)
                .map_err(|_| StoreError::Corrupt(format!("sequence {name} is at {id}")));
        }
        // Another node took this one: back off a little, more each time.
        std::thread::sleep(std::time::Duration::from_millis(
            u64::from(attempt.min(10)) * 2,
        ));
    }
    Err(StoreError::engine_state(format!(
        "sequence {name}: no id after {TRIES} contended tries"
    )))
}

/// The sequence's next id without taking it (0 when it never started).
pub(crate) fn peek(db: &Db, name: &str) -> Result<u64, StoreError> {
    let current: Option<(Option<i64>,)> = db.query_one("ids.read", (name,))?;
    Ok(current
        .and_then(|(next,)| next)
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(0))
}

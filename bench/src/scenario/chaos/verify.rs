//! Checking what the store holds against what the devices were told.
//!
//! Every record of a run is told apart by its device and its fix time: a
//! device's fix times are whole seconds, one apart, never reused (see
//! `device`), so two stored points with the same device and fix
//! time are the same record stored twice. The devices note what they sent
//! and what was acknowledged in a [`Ledger`]; [`verify`] sets the stored
//! records against it:
//!
//! - an acknowledged record that is not stored is **lost**: the promise broken;
//! - a record stored more than once is **duplicated**;
//! - a stored record no device sent (at that time) is **unexpected**: a
//!   record stored with a wrong time or for the wrong device;
//! - a record stored but never acknowledged is allowed (the gateway stored
//!   it and was killed before its ack went out; the device would send it
//!   again) and only counted.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

/// Lost or duplicated records named in a verdict, at most.
const EXAMPLES: usize = 10;

/// One record of a run: who sent it, and its fix time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId {
    /// The device's index in the run.
    pub device: u32,
    /// Its fix time, ms since the epoch.
    pub fix_ms: i64,
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "device {} at {} ms", self.device, self.fix_ms)
    }
}

/// What the devices sent, and which of it was acknowledged.
#[derive(Debug, Default, Clone)]
pub struct Ledger {
    sent: HashSet<RecordId>,
    acked: HashSet<RecordId>,
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }

    /// Notes that `id` was sent (perhaps never acknowledged).
    pub fn sent(&mut self, id: RecordId) {
        self.sent.insert(id);
    }

    /// Notes that `id` was acknowledged (and so sent).
    pub fn acked(&mut self, id: RecordId) {
        self.sent.insert(id);
        self.acked.insert(id);
    }

    /// Records acknowledged.
    pub fn acked_count(&self) -> u64 {
        self.acked.len() as u64
    }
}

/// The outcome of setting the store against the ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Records acknowledged to the devices.
    pub acked: u64,
    /// Distinct sent records found in the store.
    pub stored: u64,
    /// Acknowledged records not in the store: must be 0.
    pub lost: u64,
    /// Extra copies of stored records: must be 0.
    pub duplicated: u64,
    /// Stored points that match no record sent: must be 0.
    pub unexpected: u64,
    /// Records stored but never acknowledged (allowed: the device resends them).
    pub stored_unacked: u64,
    /// Some of the lost, duplicated and unexpected records, to look for.
    pub examples: Vec<String>,
}

impl Verdict {
    /// Whether nothing acknowledged was lost and nothing was stored twice or made up.
    pub fn passed(&self) -> bool {
        self.lost == 0 && self.duplicated == 0 && self.unexpected == 0
    }
}

/// Sets the `stored` records (one item per stored point) against `ledger`.
pub fn verify(ledger: &Ledger, stored: impl IntoIterator<Item = RecordId>) -> Verdict {
    let mut copies: HashMap<RecordId, u64> = HashMap::new();
    for id in stored {
        *copies.entry(id).or_default() += 1;
    }
    let mut verdict = Verdict {
        acked: ledger.acked_count(),
        ..Verdict::default()
    };
    let mut duplicated = Vec::new();
    let mut unexpected = Vec::new();
    for (&id, &n) in &copies {
        if !ledger.sent.contains(&id) {
            verdict.unexpected += n;
            unexpected.push(id);
            continue;
        }
        verdict.stored += 1;
        if n > 1 {
            verdict.duplicated += n - 1;
            duplicated.push(id);
        }
        if !ledger.acked.contains(&id) {
            verdict.stored_unacked += 1;
        }
    }
    let mut lost: Vec<RecordId> = ledger
        .acked
        .iter()
        .filter(|id| !copies.contains_key(id))
        .copied()
        .collect();
    verdict.lost = lost.len() as u64;
    for (what, ids) in [
        ("lost", &mut lost),
        ("stored more than once", &mut duplicated),
        ("stored but never sent", &mut unexpected),
    ] {
        ids.sort_unstable();
        for id in ids.iter().take(EXAMPLES) {
            verdict.examples.push(format!("{what}: {id}"));
        }
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(device: u32, second: i64) -> RecordId {
        RecordId {
            device,
            fix_ms: 1_700_000_000_000 + second * 1_000,
        }
    }

    /// Devices 0 and 1 each had records 0..10 acknowledged and 10..12 sent
    /// without an ack.
    fn ledger() -> Ledger {
        let mut ledger = Ledger::new();
        for device in 0..2 {
            for s in 0..10 {
                ledger.acked(id(device, s));
            }
            for s in 10..12 {
                ledger.sent(id(device, s));
            }
        }
        ledger
    }

    fn acked_ones() -> Vec<RecordId> {
        (0..2)
            .flat_map(|d| (0..10).map(move |s| id(d, s)))
            .collect()
    }

    #[test]
    fn every_acked_record_stored_once_passes() {
        let verdict = verify(&ledger(), acked_ones());
        assert!(verdict.passed(), "{verdict:?}");
        assert_eq!((verdict.acked, verdict.stored), (20, 20));
        assert_eq!((verdict.lost, verdict.duplicated), (0, 0));
        assert!(verdict.examples.is_empty());
    }

    #[test]
    fn a_missing_acked_record_is_lost() {
        let stored = acked_ones().into_iter().filter(|r| *r != id(1, 4));
        let verdict = verify(&ledger(), stored);
        assert!(!verdict.passed());
        assert_eq!(verdict.lost, 1);
        assert_eq!(verdict.stored, 19);
        assert_eq!(verdict.examples, [format!("lost: {}", id(1, 4))]);
    }

    #[test]
    fn a_record_stored_twice_is_duplicated() {
        let mut stored = acked_ones();
        stored.push(id(0, 7));
        stored.push(id(0, 11));
        stored.push(id(0, 11));
        let verdict = verify(&ledger(), stored);
        assert!(!verdict.passed());
        assert_eq!(verdict.duplicated, 2, "{verdict:?}");
        assert_eq!(verdict.lost, 0);
        assert_eq!(verdict.stored_unacked, 1);
        assert_eq!(
            verdict.examples,
            [
                format!("stored more than once: {}", id(0, 7)),
                format!("stored more than once: {}", id(0, 11)),
            ]
        );
    }

    #[test]
    fn stored_but_unacked_records_are_allowed_and_counted() {
        let mut stored = acked_ones();
        stored.extend([id(0, 10), id(1, 10), id(1, 11)]);
        let verdict = verify(&ledger(), stored);
        assert!(verdict.passed(), "{verdict:?}");
        assert_eq!((verdict.stored, verdict.stored_unacked), (23, 3));
    }

    #[test]
    fn a_record_nobody_sent_is_unexpected() {
        let mut stored = acked_ones();
        // Another device's time, and a time device 0 never sent.
        stored.extend([id(2, 0), id(0, 99)]);
        let verdict = verify(&ledger(), stored);
        assert!(!verdict.passed());
        assert_eq!(verdict.unexpected, 2);
        assert_eq!(verdict.stored, 20);
    }

    #[test]
    fn an_empty_store_loses_everything_acked() {
        let verdict = verify(&ledger(), []);
        assert_eq!(verdict.lost, 20);
        assert_eq!(verdict.examples.len(), EXAMPLES);
        assert!(verify(&Ledger::new(), []).passed());
    }
}

//! Which of two connections of one device survives: the newer claim.
//!
//! A node that identifies a device claims it with when the connection was
//! made and the node's id. Claims are totally ordered by
//! `(connected_ms, node)`, so when two nodes hold the same device each
//! compares the other's claim with its own and exactly one, the lesser,
//! closes its session; equal times fall to the higher node id.

use serde::{Deserialize, Serialize};

/// One node's claim on a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Claim {
    /// When the claiming connection was made, ms since the epoch.
    pub connected_ms: i64,
    /// The claiming node's id.
    pub node: u64,
}

/// What a holder does when it hears another node's claim on its device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The other claim is newer: close this node's session.
    Yield,
    /// This node's claim is newer: tell the other node so it yields.
    Insist,
    /// The claim is this node's own (an echo): nothing to do.
    Same,
}

impl Claim {
    /// What the holder of `self` does on hearing `other`.
    pub fn against(self, other: Claim) -> Verdict {
        if other.node == self.node {
            return Verdict::Same;
        }
        if other > self {
            Verdict::Yield
        } else {
            Verdict::Insist
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(connected_ms: i64, node: u64) -> Claim {
        Claim { connected_ms, node }
    }

    #[test]
    fn the_newer_connection_wins() {
        let old = claim(1_000, 7);
        let new = claim(2_000, 3);
        assert_eq!(old.against(new), Verdict::Yield);
        assert_eq!(new.against(old), Verdict::Insist);
    }

    #[test]
    fn equal_times_fall_to_the_higher_node_and_exactly_one_yields() {
        let a = claim(5_000, 1);
        let b = claim(5_000, 2);
        assert_eq!(a.against(b), Verdict::Yield);
        assert_eq!(b.against(a), Verdict::Insist);
    }

    #[test]
    fn for_any_two_nodes_exactly_one_survives() {
        for (ta, tb) in [(1, 2), (2, 1), (3, 3)] {
            for (na, nb) in [(1, 2), (2, 1)] {
                let (a, b) = (claim(ta, na), claim(tb, nb));
                let yields = [a.against(b), b.against(a)]
                    .iter()
                    .filter(|v| **v == Verdict::Yield)
                    .count();
                assert_eq!(yields, 1, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn a_nodes_own_claim_is_an_echo() {
        assert_eq!(claim(1, 4).against(claim(9, 4)), Verdict::Same);
    }
}

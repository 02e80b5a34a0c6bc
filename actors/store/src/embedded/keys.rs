//! Key encoding. Every key is big-endian so byte order is numeric order,
//! which is what makes range scans and prefix scans work.
//!
//! | keyspace          | key                                           | value            |
//! |-------------------|-----------------------------------------------|------------------|
//! | `points`          | tracker u64 · fix time (i64, sign flipped) · digest u64 | `(received_ms, Record)` |
//! | `states`          | tracker u64                                   | `TrackerState`   |
//! | `users`           | user u64                                      | `User`           |
//! | `user_logins`     | login bytes                                   | user u64 (raw)   |
//! | `trackers`        | tracker u64                                   | `Tracker`        |
//! | `tracker_devices` | device id bytes                               | tracker u64 (raw)|
//! | `tracker_owners`  | user u64 · tracker u64                        | empty            |
//! | `sessions`        | digest of the hash (32 bytes)                 | `Session`        |
//! | `user_sessions`   | user u64 · digest                             | empty            |
//! | `api_keys`        | digest of the key (32 bytes)                  | `ApiKey`         |
//! | `user_api_keys`   | user u64 · created (i64, sign flipped) · digest | empty          |
//! | `commands`        | tracker u64 · command u64                     | `CommandRecord`  |
//! | `tags`            | tag u64                                       | `Tag`            |
//! | `user_tags`       | owner u64 · tag u64                           | empty            |
//! | `tracker_tags`    | tracker u64                                   | `Vec<TagBinding>` |
//! | `tag_trackers`    | tag u64 · tracker u64                         | empty            |
//! | `groups`          | group u64                                     | `Group`          |
//! | `user_groups`     | owner u64 · group u64                         | empty            |
//! | `tracker_groups`  | tracker u64                                   | group u64 (raw)  |
//! | `group_trackers`  | group u64 · tracker u64                       | empty            |
//! | `subusers`        | user u64                                      | `SubUserLink`    |
//! | `master_subusers` | master u64 · user u64                         | empty            |
//! | `subuser_trackers`| user u64 · tracker u64                        | empty            |
//! | `tracker_subusers`| tracker u64 · user u64                        | empty            |
//! | `plans`           | plan u64                                      | `BillingPlan`    |
//! | `manager_users`   | manager u64 · user u64                        | empty            |
//! | `dealers`         | dealer u64                                    | `Dealer`         |
//! | `dealer_users`    | dealer u64 · user u64                         | empty            |
//! | `panel_admins`    | panel administrator u64                       | `PanelAdmin`     |
//! | `panel_admin_logins` | login bytes                                | administrator u64 (raw) |
//! | `panel_sessions`  | digest of the hash (32 bytes)                 | `PanelSession`   |
//! | `panel_admin_sessions` | administrator u64 · digest               | empty            |
//! | `tracker_expiries`| expiry (i64, sign flipped) · tracker u64      | empty            |
//! | `audit`           | entry u64                                     | `NewAuditEntry`  |
//! | `balances`        | user u64                                      | `Money`          |
//! | `transactions`    | user u64 · time (i64, sign flipped) · id u64  | `Transaction`    |
//! | `renewals`        | user u64                                      | `Renewal`        |
//! | `bundles`         | bundle u64                                    | `Bundle`         |
//! | `bundle_imeis`    | IMEI bytes                                    | bundle u64 (raw) |
//! | `bundle_phones`   | bundled SIM's phone bytes                     | bundle u64 (raw) |
//! | `activation_codes`| code (digits)                                 | `ActivationCode` |
//! | `session_expiries`| expiry (i64, sign flipped) · digest           | empty            |
//! | `panel_session_expiries` | expiry (i64, sign flipped) · digest    | empty            |
//! | `meta`            | name bytes                                    | counters, purge markers, format version |
//!
//! Entity values carry the format-version byte (see `codec`); index values
//! are bare 8-byte ids, fully derived from the entities, so a migration can
//! rebuild them instead of converting them. `tracker_tags` and
//! `tracker_groups` are the source of truth for bindings; `tag_trackers`,
//! `group_trackers` and `tracker_subusers` are their reverse indexes;
//! `manager_users`, `dealer_users` and `tracker_expiries` index the users'
//! `manager` and `dealer` and the trackers' `expires_ms`;
//! `session_expiries` and `panel_session_expiries` the sessions'
//! `expires_ms`, so that the sessions that ended are found without a scan.

use crate::model::{TrackerId, UserId};
use crate::ports::StoreError;
use crate::secret::SecretDigest;

/// The longest login or device id that can be keyed:
/// fjall keys are at most 65,535 bytes and the longest index key adds 16
/// bytes of ids in front.
pub(super) const MAX_NAME_LEN: usize = 65_535 - 16;

/// Length of a point key.
pub(super) const POINT_KEY_LEN: usize = 24;

/// A signed time as 8 bytes that sort like the number: flipping the sign
/// bit moves negative values below positive ones in unsigned order.
pub(super) fn time_bytes(ms: i64) -> [u8; 8] {
    (ms.cast_unsigned() ^ (1 << 63)).to_be_bytes()
}

/// `tracker · fix time · digest`.
pub(super) fn point_key(tracker: TrackerId, fix_ms: i64, digest: u64) -> [u8; POINT_KEY_LEN] {
    let mut key = [0; POINT_KEY_LEN];
    key[..8].copy_from_slice(&tracker.0.to_be_bytes());
    key[8..16].copy_from_slice(&time_bytes(fix_ms));
    key[16..].copy_from_slice(&digest.to_be_bytes());
    key
}

/// The first and last possible point keys of `tracker` within
/// `from_ms..=to_ms`, for an inclusive range scan.
pub(super) fn point_bounds(
    tracker: TrackerId,
    from_ms: i64,
    to_ms: i64,
) -> ([u8; POINT_KEY_LEN], [u8; POINT_KEY_LEN]) {
    (
        point_key(tracker, from_ms, 0),
        point_key(tracker, to_ms, u64::MAX),
    )
}

/// Two ids back to back: `user · tracker` in the owner index, or a
/// tracker-and-something prefix.
pub(super) fn pair_key(first: u64, second: u64) -> [u8; 16] {
    let mut key = [0; 16];
    key[..8].copy_from_slice(&first.to_be_bytes());
    key[8..].copy_from_slice(&second.to_be_bytes());
    key
}

/// `expiry · tracker` in the expiry index: a range scan over times yields
/// the trackers whose service ends in that span, soonest first.
pub(super) fn expiry_key(expires_ms: i64, tracker: u64) -> [u8; 16] {
    let mut key = [0; 16];
    key[..8].copy_from_slice(&time_bytes(expires_ms));
    key[8..].copy_from_slice(&tracker.to_be_bytes());
    key
}

/// `user · digest` in the session index.
pub(super) fn user_session_key(user: UserId, digest: &SecretDigest) -> Vec<u8> {
    [&user.0.to_be_bytes()[..], digest.as_bytes()].concat()
}

/// `expiry · digest` in a session expiry index: a range scan from the
/// start yields the sessions that ended first.
pub(super) fn session_expiry_key(expires_ms: i64, digest: &SecretDigest) -> Vec<u8> {
    [&time_bytes(expires_ms)[..], digest.as_bytes()].concat()
}

/// `user · created · digest` in the API key index: a prefix scan on the
/// user yields the keys oldest first.
pub(super) fn user_api_key_key(user: UserId, created_ms: i64, digest: &SecretDigest) -> Vec<u8> {
    [
        &user.0.to_be_bytes()[..],
        &time_bytes(created_ms)[..],
        digest.as_bytes(),
    ]
    .concat()
}

/// Checks that `name` can be part of a key: fjall refuses (by panicking)
/// empty keys and keys over 64 KiB, so they are turned away here. There is
/// no "invalid input" error in the port; the engine's limit is the reason,
/// so it is reported as an engine error.
pub(super) fn check_name(name: &str, what: &str) -> Result<(), StoreError> {
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(StoreError::engine_state(format!(
            "{what} of {} bytes cannot be stored: 1 to {MAX_NAME_LEN} bytes",
            name.len()
        )));
    }
    Ok(())
}

/// Reads the big-endian u64 at `at` in `bytes`; `what` names the key or
/// value in the error.
pub(super) fn u64_at(bytes: &[u8], at: usize, what: &str) -> Result<u64, StoreError> {
    bytes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes)
        .ok_or_else(|| StoreError::Corrupt(format!("{what}: {} bytes, id expected", bytes.len())))
}

/// The 32 bytes of `key` after its first `at` bytes, as a digest.
pub(super) fn digest_after(key: &[u8], at: usize, what: &str) -> Result<SecretDigest, StoreError> {
    key.get(at..)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .map(SecretDigest::from_bytes)
        .ok_or_else(|| StoreError::Corrupt(format!("{what}: bad key")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_keys_sort_by_tracker_then_time() {
        let times = [i64::MIN, -86_400_000, -1, 0, 1, 1_700_000_000_000, i64::MAX];
        let mut keys = Vec::new();
        for tracker in [1, 2, 256] {
            for &t in times.iter().rev() {
                keys.push((point_key(TrackerId(tracker), t, 0), (tracker, t)));
            }
        }
        keys.sort();
        let order: Vec<_> = keys.into_iter().map(|(_, v)| v).collect();
        let mut expected: Vec<_> = [1, 2, 256]
            .into_iter()
            .flat_map(|tr| times.iter().map(move |&t| (tr, t)))
            .collect();
        expected.sort();
        assert_eq!(order, expected);
    }

    #[test]
    fn bounds_enclose_every_digest_at_the_edges() {
        let (lo, hi) = point_bounds(TrackerId(3), 10, 20);
        for digest in [0, 1, u64::MAX] {
            for t in [10, 15, 20] {
                let key = point_key(TrackerId(3), t, digest);
                assert!(lo <= key && key <= hi);
            }
            assert!(point_key(TrackerId(3), 9, digest) < lo);
            assert!(point_key(TrackerId(3), 21, digest) > hi);
        }
    }

    #[test]
    fn short_ids_are_corrupt() {
        assert_eq!(u64_at(&pair_key(1, 2), 8, "k").unwrap(), 2);
        assert!(matches!(
            u64_at(&[1, 2, 3], 0, "k"),
            Err(StoreError::Corrupt(_))
        ));
        assert!(matches!(
            digest_after(&[0xff; 40], 0, "k"),
            Err(StoreError::Corrupt(_))
        ));
    }
}

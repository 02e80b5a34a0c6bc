//! Format version 2 to 3: users and trackers get the operator's fields.
//!
//! A user gains a display name, a privilege, a manager, an expiry, a
//! billing plan and a dealer (all unset: an ordinary user, as every user
//! was); a tracker's end date, text (`YYYY-MM-DD`, or with a time) that
//! nothing enforced, becomes `expires_ms`, the instant it names in UTC,
//! now enforced, and is entered in the expiry index. One durable batch
//! converts every record and writes version 3.

use fjall::Readable;
use serde::{Deserialize, Serialize};

use super::migrate_v4::UserV3;
use super::migrate_v5::TrackerV3;
use super::{EmbeddedStore, codec, engine, keys};
use crate::model::{Apn, TrackerId, UserId};
use crate::operator_model::Privilege;
use crate::ports::StoreError;

/// A user as format 2 stored it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct UserV2 {
    pub(super) id: UserId,
    pub(super) login: String,
    pub(super) password_hash: String,
    pub(super) created_ms: i64,
    pub(super) blocked: bool,
    pub(super) time_zone: String,
}

/// A tracker as format 2 stored it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct TrackerV2 {
    pub(super) id: TrackerId,
    pub(super) device_id: String,
    pub(super) label: String,
    pub(super) model: String,
    pub(super) owner: Option<UserId>,
    pub(super) created_ms: i64,
    pub(super) blocked: bool,
    pub(super) phone: Option<String>,
    pub(super) expires: Option<String>,
    pub(super) apn: Option<Apn>,
    pub(super) corrupted: bool,
    pub(super) clone_of: Option<TrackerId>,
    pub(super) replaced_ms: Option<i64>,
}

impl From<UserV2> for UserV3 {
    fn from(old: UserV2) -> Self {
        UserV3 {
            id: old.id,
            login: old.login,
            password_hash: old.password_hash,
            created_ms: old.created_ms,
            blocked: old.blocked,
            time_zone: old.time_zone,
            username: None,
            privilege: Privilege::User,
            manager: None,
            expires_ms: None,
            plan: None,
            dealer: None,
        }
    }
}

impl TrackerV2 {
    fn into_v3(self) -> TrackerV3 {
        let expires_ms = self.expires.as_deref().and_then(|text| {
            let at = utc_ms(text);
            if at.is_none() {
                tracing::warn!(
                    tracker = self.id.0,
                    end = text,
                    "a tracker's end date is no date; it is dropped"
                );
            }
            at
        });
        TrackerV3 {
            id: self.id,
            device_id: self.device_id,
            label: self.label,
            model: self.model,
            owner: self.owner,
            created_ms: self.created_ms,
            blocked: self.blocked,
            phone: self.phone,
            expires_ms,
            apn: self.apn,
            corrupted: self.corrupted,
            clone_of: self.clone_of,
            replaced_ms: self.replaced_ms,
        }
    }
}

impl EmbeddedStore {
    /// Version 2 to 3; see the module docs.
    pub(super) fn operator_fields(&self) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        let snapshot = self.db.snapshot();
        let mut users = 0_usize;
        for guard in snapshot.iter(&self.ks.users) {
            let (key, value) = guard.into_inner().map_err(engine)?;
            let old: UserV2 = codec::decode(&value, "user (format 2)")?;
            batch.insert(&self.ks.users, key, codec::encode(&UserV3::from(old))?);
            users += 1;
        }
        let mut trackers = 0_usize;
        for guard in snapshot.iter(&self.ks.trackers) {
            let (key, value) = guard.into_inner().map_err(engine)?;
            let old: TrackerV2 = codec::decode(&value, "tracker (format 2)")?;
            let tracker = old.into_v3();
            if let Some(at) = tracker.expires_ms {
                batch.insert(
                    &self.ks.tracker_expiries,
                    keys::expiry_key(at, tracker.id.0),
                    [],
                );
            }
            batch.insert(&self.ks.trackers, key, codec::encode(&tracker)?);
            trackers += 1;
        }
        self.write_format_version(&mut batch, 3)?;
        batch.commit().map_err(engine)?;
        if users + trackers > 0 {
            tracing::info!(
                users,
                trackers,
                "users and trackers given privileges, managers, plans and expiries (store format 3)"
            );
        }
        Ok(())
    }
}

/// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`, read as UTC, in ms since the
/// epoch; `None` when it is neither or names no real date.
pub(super) fn utc_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once(' ').unwrap_or((text, "00:00:00"));
    let mut date = date.split('-');
    let year: i64 = date.next()?.parse().ok()?;
    let month: u32 = date.next()?.parse().ok()?;
    let day: u32 = date.next()?.parse().ok()?;
    let mut time = time.split(':');
    let hour: i64 = time.next()?.parse().ok()?;
    let minute: i64 = time.next()?.parse().ok()?;
    let second: i64 = time.next()?.parse().ok()?;
    if date.next().is_some() || time.next().is_some() {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=9999).contains(&year)
        || !(1..=month_days).contains(&day)
        || !(0..24).contains(&hour)
        || !(0..60).contains(&minute)
        || !(0..60).contains(&second)
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Years counted from March, so the leap day ends a year.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::utc_ms;

    #[test]
    fn end_dates_read_as_utc_instants() {
        assert_eq!(utc_ms("1970-01-01"), Some(0));
        assert_eq!(utc_ms("2000-03-01"), Some(951_868_800_000));
        assert_eq!(utc_ms("2024-02-29 12:30:15"), Some(1_709_209_815_000));
        assert_eq!(utc_ms("2031-12-31"), Some(1_956_441_600_000));
        for bad in [
            "",
            "2023-02-29",
            "2024-13-01",
            "2024-01-01 24:00:00",
            "soon",
            "2024-1",
        ] {
            assert_eq!(utc_ms(bad), None, "{bad:?}");
        }
    }
}

/// Writes users and trackers the way format version 2 did, for migration tests.
#[cfg(test)]
pub(super) mod v2 {
    use super::*;

    impl EmbeddedStore {
        /// Stores `users` and `trackers` in the version 2 layout, with
        /// their indexes and id counters, and marks the store as version 2.
        pub(in crate::embedded) fn write_v2(
            &self,
            users: &[UserV2],
            trackers: &[TrackerV2],
        ) -> Result<(), StoreError> {
            let mut batch = self.durable_batch();
            for user in users {
                let id = user.id.0;
                batch.insert(&self.ks.users, id.to_be_bytes(), codec::encode(user)?);
                batch.insert(&self.ks.user_logins, user.login.as_str(), id.to_be_bytes());
            }
            for tracker in trackers {
                let id = tracker.id.0;
                batch.insert(&self.ks.trackers, id.to_be_bytes(), codec::encode(tracker)?);
                batch.insert(
                    &self.ks.tracker_devices,
                    tracker.device_id.as_str(),
                    id.to_be_bytes(),
                );
                if let Some(owner) = tracker.owner {
                    batch.insert(&self.ks.tracker_owners, keys::pair_key(owner.0, id), []);
                }
            }
            let next = |ids: &mut dyn Iterator<Item = u64>| ids.max().unwrap_or(0) + 1;
            let next_user = next(&mut users.iter().map(|u| u.id.0));
            let next_tracker = next(&mut trackers.iter().map(|t| t.id.0));
            batch.insert(&self.ks.meta, b"next_id/user", codec::encode(&next_user)?);
            batch.insert(
                &self.ks.meta,
                b"next_id/tracker",
                codec::encode(&next_tracker)?,
            );
            self.write_format_version(&mut batch, 2)?;
            batch.commit().map_err(engine)
        }
    }
}

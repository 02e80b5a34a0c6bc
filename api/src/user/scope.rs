//! Who may see which tracker: the one visibility check of the User API.
//!
//! A caller works on an account. A master user's account is its own, and
//! it sees all of its trackers. A sub-user works on its master's account
//! and sees only the trackers bound to it. A manager (a master user with
//! the manager privilege) also reads the trackers of the users assigned to
//! it: calls that read ([`CallKind::Reads`]) see them, calls that change
//! anything answer 13 for them. Every call that reads or acts on a tracker
//! asks [`Scope::sees`] (through [`Scope::tracker`] or [`Scope::trackers`]);
//! a tracker the caller does not see is answered as if it did not exist.

use std::collections::BTreeSet;

use trackgate_actors::now_ms;
use trackgate_store::{Privilege, Tracker, TrackerId, User, UserId};

use super::routes::CallKind;
use super::subusers::rights::Right;
use crate::ApiState;
use crate::error::{ApiError, Code};

/// The account a caller works on, and what it may do there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The account (master user) whose trackers, tags and groups these are.
    pub account: UserId,
    /// `None` for the master itself, else what the sub-user was given.
    pub subuser: Option<SubUserScope>,
    /// For a manager: the users assigned to it, whose trackers it reads.
    pub managed: BTreeSet<UserId>,
    /// Whether the call reads or changes.
    pub kind: CallKind,
}

/// A sub-user's rights and trackers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubUserScope {
    /// Rights its master gave it (never [`Right::Admin`]).
    pub rights: BTreeSet<Right>,
    /// The trackers bound to it.
    pub trackers: BTreeSet<TrackerId>,
}

impl Scope {
    /// The scope of a master user who manages nobody.
    pub fn master(user: UserId, kind: CallKind) -> Self {
        Self {
            account: user,
            subuser: None,
            managed: BTreeSet::new(),
            kind,
        }
    }

    /// `user`'s scope for a call of `kind`, read from the store. A sub-user
    /// whose master is gone, blocked or expired is refused like a blocked
    /// user (4).
    pub fn of(state: &ApiState, user: &User, kind: CallKind) -> Result<Self, ApiError> {
        let Some(subuser) = state.store.subuser(user.id)? else {
            let mut scope = Self::master(user.id, kind);
            if user.privilege == Privilege::Manager {
                scope.managed = state
                    .store
                    .managed_users(user.id)?
                    .into_iter()
                    .map(|u| u.id)
                    .collect();
            }
            return Ok(scope);
        };
        let master = subuser.link.master;
        match state.store.user(master)? {
            Some(account) if account.is_active_at(now_ms()) => {}
            _ => return Err(ApiError::code(Code::SessionNotFound)),
        }
        let rights = subuser
            .link
            .rights
            .iter()
            .filter_map(|name| Right::from_name(name))
            .filter(|right| *right != Right::Admin)
            .collect();
        let trackers = state.store.subuser_trackers(user.id)?.into_iter().collect();
        Ok(Self {
            account: master,
            subuser: Some(SubUserScope { rights, trackers }),
            managed: BTreeSet::new(),
            kind,
        })
    }

    /// Whether the caller holds `right`: a master holds all of them.
    pub fn allows(&self, right: Right) -> bool {
        match &self.subuser {
            None => true,
            Some(sub) => right != Right::Admin && sub.rights.contains(&right),
        }
    }

    /// Whether `tracker` belongs to a user this caller manages.
    fn manages(&self, tracker: &Tracker) -> bool {
        tracker
            .owner
            .is_some_and(|owner| self.managed.contains(&owner))
            && !tracker.corrupted
    }

    /// Whether the caller may see `tracker`: it is the account's (or, for
    /// a call that reads, a managed user's), not corrupted, and, for a
    /// sub-user, bound to it.
    pub fn sees(&self, tracker: &Tracker) -> bool {
        if self.kind == CallKind::Reads && self.manages(tracker) {
            return true;
        }
        tracker.owner == Some(self.account)
            && !tracker.corrupted
            && self
                .subuser
                .as_ref()
                .is_none_or(|sub| sub.trackers.contains(&tracker.id))
    }

    /// The tracker with `id` if the caller sees it (a clone as
    /// [`with_source`] shows it).
    pub fn find(&self, state: &ApiState, id: TrackerId) -> Result<Option<Tracker>, ApiError> {
        match state.store.tracker(id)?.filter(|t| self.sees(t)) {
            Some(tracker) => with_source(state, tracker),
            None => Ok(None),
        }
    }

    /// The tracker with `id`: 201 unless the caller sees it, 13 when a
    /// call that changes names a managed user's tracker, 208 when it is
    /// blocked or its service has ended.
    pub fn tracker(&self, state: &ApiState, id: TrackerId) -> Result<Tracker, ApiError> {
        let Some(tracker) = self.find(state, id)? else {
            let managed = !self.managed.is_empty()
                && state.store.tracker(id)?.is_some_and(|t| self.manages(&t));
            return Err(ApiError::code(if managed {
                Code::OperationNotPermitted
            } else {
                Code::NotFound
            }));
        };
        if !tracker.is_active_at(now_ms()) {
            return Err(ApiError::code(Code::DeviceBlocked));
        }
        Ok(tracker)
    }

    /// Every tracker the caller sees, by id (the account's own first, then
    /// each managed user's).
    pub fn trackers(&self, state: &ApiState) -> Result<Vec<Tracker>, ApiError> {
        let mut owners = vec![self.account];
        if self.kind == CallKind::Reads {
            owners.extend(self.managed.iter().copied());
        }
        let mut all = Vec::new();
        for owner in owners {
            for tracker in state.store.user_trackers(owner)? {
                if self.sees(&tracker)
                    && let Some(tracker) = with_source(state, tracker)?
                {
                    all.push(tracker);
                }
            }
        }
        Ok(all)
    }
}

/// 219 for a clone: calls that change the device (its phone, its
/// registration, corrupting or replacing it) belong to the source's owner.
pub fn not_a_clone(tracker: &Tracker) -> Result<(), ApiError> {
    match tracker.clone_of {
        Some(_) => Err(ApiError::code(Code::NotAllowedForClones)),
        None => Ok(()),
    }
}

/// A clone as its user sees it: its own id, label, owner and creation
/// date, and its source's device (id, model, phone, APN) and standing
/// (blocked, end date, corrupted). `None` once the source is gone or
/// corrupted. Any other tracker is as it is.
pub fn with_source(state: &ApiState, tracker: Tracker) -> Result<Option<Tracker>, ApiError> {
    let Some(source) = tracker.clone_of else {
        return Ok(Some(tracker));
    };
    let Some(source) = state.store.tracker(source)?.filter(|s| !s.corrupted) else {
        return Ok(None);
    };
    Ok(Some(Tracker {
        device_id: source.device_id,
        model: source.model,
        phone: source.phone,
        apn: source.apn,
        blocked: source.blocked,
        expires_ms: source.expires_ms,
        corrupted: source.corrupted,
        replaced_ms: source.replaced_ms,
        ..tracker
    }))
}

#[cfg(test)]
mod tests {
    use trackgate_store::NewTracker;

    use super::*;

    fn tracker(id: u64, owner: Option<u64>) -> Tracker {
        Tracker::created(
            TrackerId(id),
            NewTracker {
                device_id: format!("dev{id}"),
                label: String::new(),
                model: "teltonika".into(),
                owner: owner.map(UserId),
                created_ms: 0,
            },
        )
    }

    fn sub(rights: &[Right], trackers: &[u64]) -> Scope {
        Scope {
            account: UserId(1),
            subuser: Some(SubUserScope {
                rights: rights.iter().copied().collect(),
                trackers: trackers.iter().map(|&t| TrackerId(t)).collect(),
            }),
            managed: BTreeSet::new(),
            kind: CallKind::Reads,
        }
    }

    #[test]
    fn masters_see_their_trackers_and_hold_every_right() {
        let master = Scope::master(UserId(1), CallKind::Changes);
        assert!(master.sees(&tracker(5, Some(1))));
        assert!(!master.sees(&tracker(6, Some(2))));
        assert!(!master.sees(&tracker(7, None)));
        let mut corrupted = tracker(8, Some(1));
        corrupted.corrupted = true;
        assert!(!master.sees(&corrupted), "a corrupted tracker is gone");
        assert!(Right::ALL.iter().all(|r| master.allows(*r)));
    }

    #[test]
    fn sub_users_see_bound_trackers_of_their_account_only() {
        let scope = sub(&[Right::TrackerConfigure], &[5, 6]);
        assert!(scope.sees(&tracker(5, Some(1))));
        assert!(!scope.sees(&tracker(8, Some(1))), "not bound");
        assert!(!scope.sees(&tracker(6, Some(2))), "bound but moved away");
        assert!(scope.allows(Right::TrackerConfigure));
        assert!(!scope.allows(Right::TrackerSetOutput));
        assert!(!sub(&[Right::Admin], &[]).allows(Right::Admin));
    }

    #[test]
    fn managers_read_their_users_trackers_and_change_only_their_own() {
        let mut reads = Scope::master(UserId(1), CallKind::Reads);
        reads.managed = [UserId(2)].into();
        assert!(reads.sees(&tracker(5, Some(1))));
        assert!(reads.sees(&tracker(6, Some(2))), "a managed user's");
        assert!(!reads.sees(&tracker(7, Some(3))), "anyone else's");
        let mut corrupted = tracker(8, Some(2));
        corrupted.corrupted = true;
        assert!(!reads.sees(&corrupted));
        let changes = Scope {
            kind: CallKind::Changes,
            ..reads
        };
        assert!(changes.sees(&tracker(5, Some(1))));
        assert!(!changes.sees(&tracker(6, Some(2))), "read only");
        assert!(changes.manages(&tracker(6, Some(2))));
    }
}

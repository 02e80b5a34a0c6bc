//! Tags and tracker groups, and removing what belongs to a tracker or an
//! account when it goes.
//!
//! A tracker's tags, group and sub-user bindings always belong to its
//! owner: binding another account's tag or group is `NotFound`, and a
//! tracker that changes owner loses them. That is what lets deleting an
//! account find every binding through its own trackers.
//!
//! Writes hold the account lock and commit one durable batch, like the
//! other account writes. A batch never both writes and removes one key:
//! its operations share one sequence number, so which would win is not
//! defined.

use std::collections::BTreeSet;

use fjall::OwnedWriteBatch;

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::{Tracker, TrackerId, User, UserId};
use crate::ports::StoreError;
use crate::tenancy_model::*;
use crate::tenancy_ports::{GroupStore, SubUserStore, TagStore};

/// `meta` key of the next tag id to hand out.
const NEXT_TAG_ID: &[u8] = b"next_id/tag";
/// `meta` key of the next group id to hand out.
const NEXT_GROUP_ID: &[u8] = b"next_id/group";

impl EmbeddedStore {
    /// `NotFound` unless user `id` exists.
    pub(super) fn require_user(&self, id: UserId) -> Result<User, StoreError> {
        self.entity(&self.ks.users, id.0, "user")?
            .ok_or_else(|| StoreError::NotFound(format!("user {}", id.0)))
    }

    /// `NotFound` unless tracker `id` exists.
    pub(super) fn require_tracker(&self, id: TrackerId) -> Result<Tracker, StoreError> {
        self.entity(&self.ks.trackers, id.0, "tracker")?
            .ok_or_else(|| StoreError::NotFound(format!("tracker {}", id.0)))
    }

    /// The ids after the first 8 bytes of every key of `ks` that starts
    /// with `prefix`.
    pub(super) fn ids_under(ks: &fjall::Keyspace, prefix: u64) -> Result<Vec<u64>, StoreError> {
        ks.prefix(prefix.to_be_bytes())
            .map(|guard| keys::u64_at(&guard.key().map_err(engine)?, 8, "index"))
            .collect()
    }

    /// The entities of `entities` whose ids `index` lists under `prefix`.
    pub(super) fn listed<T: serde::de::DeserializeOwned>(
        &self,
        index: &fjall::Keyspace,
        prefix: u64,
        entities: &fjall::Keyspace,
        what: &str,
    ) -> Result<Vec<T>, StoreError> {
        Self::ids_under(index, prefix)?
            .into_iter()
            .map(|id| {
                self.entity(entities, id, what)?.ok_or_else(|| {
                    StoreError::Corrupt(format!("{what} index points at missing id {id}"))
                })
            })
            .collect()
    }

    /// Adds the removal of the tracker's tag bindings, group membership and
    /// sub-user bindings to `batch`. The caller holds the account lock.
    pub(super) fn remove_tracker_tenancy(
        &self,
        batch: &mut OwnedWriteBatch,
        tracker: u64,
    ) -> Result<(), StoreError> {
        for binding in self.tracker_tags(TrackerId(tracker))? {
            batch.remove(
                &self.ks.tag_trackers,
                keys::pair_key(binding.tag.0, tracker),
            );
        }
        batch.remove(&self.ks.tracker_tags, tracker.to_be_bytes());
        if let Some(group) = self.tracker_group(TrackerId(tracker))? {
            batch.remove(&self.ks.group_trackers, keys::pair_key(group.0, tracker));
        }
        batch.remove(&self.ks.tracker_groups, tracker.to_be_bytes());
        for subuser in Self::ids_under(&self.ks.tracker_subusers, tracker)? {
            batch.remove(&self.ks.subuser_trackers, keys::pair_key(subuser, tracker));
            batch.remove(&self.ks.tracker_subusers, keys::pair_key(tracker, subuser));
        }
        Ok(())
    }

    /// Adds the removal of everything the user holds besides its trackers
    /// to `batch`: its trackers' bindings, its tags, groups and sub-users,
    /// and its own sub-user link. The caller holds the account lock.
    pub(super) fn remove_user_tenancy(
        &self,
        batch: &mut OwnedWriteBatch,
        user: UserId,
    ) -> Result<(), StoreError> {
        for tracker in Self::ids_under(&self.ks.tracker_owners, user.0)? {
            self.remove_tracker_tenancy(batch, tracker)?;
        }
        for tag in Self::ids_under(&self.ks.user_tags, user.0)? {
            batch.remove(&self.ks.tags, tag.to_be_bytes());
            batch.remove(&self.ks.user_tags, keys::pair_key(user.0, tag));
        }
        for group in Self::ids_under(&self.ks.user_groups, user.0)? {
            batch.remove(&self.ks.groups, group.to_be_bytes());
            batch.remove(&self.ks.user_groups, keys::pair_key(user.0, group));
        }
        for subuser in Self::ids_under(&self.ks.master_subusers, user.0)? {
            if let Some(account) = self.entity::<User>(&self.ks.users, subuser, "user")? {
                batch.remove(&self.ks.users, subuser.to_be_bytes());
                batch.remove(&self.ks.user_logins, account.login.as_str());
            }
            self.remove_user_access(batch, UserId(subuser))?;
            self.remove_subuser_link(batch, UserId(subuser), user)?;
        }
        if let Some(own) = self.subuser(user)? {
            self.remove_subuser_link(batch, user, own.link.master)?;
        }
        Ok(())
    }

    /// `NotFound` unless the tag exists and belongs to `owner`.
    fn require_tag_of(&self, id: TagId, owner: Option<UserId>) -> Result<Tag, StoreError> {
        match self.tag(id)? {
            Some(tag) if Some(tag.owner) == owner => Ok(tag),
            _ => Err(StoreError::NotFound(format!("tag {} of the owner", id.0))),
        }
    }
}

impl TagStore for EmbeddedStore {
    fn create_tag(&self, new: NewTag) -> Result<Tag, StoreError> {
        let _lock = self.lock_accounts();
        self.require_user(new.owner)?;
        let (id, next) = self.next_id(NEXT_TAG_ID)?;
        let tag = Tag {
            id: TagId(id),
            owner: new.owner,
            name: new.name,
            color: new.color,
        };
        let mut batch = self.durable_batch();
        batch.insert(&self.ks.tags, id.to_be_bytes(), codec::encode(&tag)?);
        batch.insert(&self.ks.user_tags, keys::pair_key(tag.owner.0, id), []);
        batch.insert(&self.ks.meta, NEXT_TAG_ID, next);
        batch.commit().map_err(engine)?;
        Ok(tag)
    }

    fn update_tag(&self, tag: &Tag) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let old = self
            .tag(tag.id)?
            .ok_or_else(|| StoreError::NotFound(format!("tag {}", tag.id.0)))?;
        let updated = Tag {
            owner: old.owner,
            ..tag.clone()
        };
        let mut batch = self.durable_batch();
        batch.insert(
            &self.ks.tags,
            tag.id.0.to_be_bytes(),
            codec::encode(&updated)?,
        );
        batch.commit().map_err(engine)
    }

    fn tag(&self, id: TagId) -> Result<Option<Tag>, StoreError> {
        self.entity(&self.ks.tags, id.0, "tag")
    }

    fn user_tags(&self, owner: UserId) -> Result<Vec<Tag>, StoreError> {
        self.listed(&self.ks.user_tags, owner.0, &self.ks.tags, "tag")
    }

    fn delete_tag(&self, id: TagId) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(tag) = self.tag(id)? else {
            return Ok(false);
        };
        let mut batch = self.durable_batch();
        for tracker in Self::ids_under(&self.ks.tag_trackers, id.0)? {
            let left: Vec<TagBinding> = self
                .tracker_tags(TrackerId(tracker))?
                .into_iter()
                .filter(|b| b.tag != id)
                .collect();
            if left.is_empty() {
                batch.remove(&self.ks.tracker_tags, tracker.to_be_bytes());
            } else {
                batch.insert(
                    &self.ks.tracker_tags,
                    tracker.to_be_bytes(),
                    codec::encode(&left)?,
                );
            }
            batch.remove(&self.ks.tag_trackers, keys::pair_key(id.0, tracker));
        }
        batch.remove(&self.ks.tags, id.0.to_be_bytes());
        batch.remove(&self.ks.user_tags, keys::pair_key(tag.owner.0, id.0));
        batch.commit().map_err(engine)?;
        Ok(true)
    }

    fn set_tracker_tags(&self, tracker: TrackerId, tags: &[TagBinding]) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let owner = self.require_tracker(tracker)?.owner;
        for binding in tags {
            self.require_tag_of(binding.tag, owner)?;
        }
        let mut batch = self.durable_batch();
        // A key written twice in one batch has no defined winner: only
        // tags that go are removed from the reverse index.
        for old in self.tracker_tags(tracker)? {
            if !tags.iter().any(|new| new.tag == old.tag) {
                batch.remove(&self.ks.tag_trackers, keys::pair_key(old.tag.0, tracker.0));
            }
        }
        for new in tags {
            batch.insert(
                &self.ks.tag_trackers,
                keys::pair_key(new.tag.0, tracker.0),
                [],
            );
        }
        if tags.is_empty() {
            batch.remove(&self.ks.tracker_tags, tracker.0.to_be_bytes());
        } else {
            batch.insert(
                &self.ks.tracker_tags,
                tracker.0.to_be_bytes(),
                codec::encode(tags)?,
            );
        }
        batch.commit().map_err(engine)
    }

    fn tracker_tags(&self, tracker: TrackerId) -> Result<Vec<TagBinding>, StoreError> {
        Ok(self
            .entity(&self.ks.tracker_tags, tracker.0, "tag bindings")?
            .unwrap_or_default())
    }
}

impl GroupStore for EmbeddedStore {
    fn create_group(&self, new: NewGroup) -> Result<Group, StoreError> {
        let _lock = self.lock_accounts();
        self.require_user(new.owner)?;
        let (id, next) = self.next_id(NEXT_GROUP_ID)?;
        let group = Group {
            id: GroupId(id),
            owner: new.owner,
            title: new.title,
            color: new.color,
        };
        let mut batch = self.durable_batch();
        batch.insert(&self.ks.groups, id.to_be_bytes(), codec::encode(&group)?);
        batch.insert(&self.ks.user_groups, keys::pair_key(group.owner.0, id), []);
        batch.insert(&self.ks.meta, NEXT_GROUP_ID, next);
        batch.commit().map_err(engine)?;
        Ok(group)
    }

    fn update_group(&self, group: &Group) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let old = self
            .group(group.id)?
            .ok_or_else(|| StoreError::NotFound(format!("group {}", group.id.0)))?;
        let updated = Group {
            owner: old.owner,
            ..group.clone()
        };
        let mut batch = self.durable_batch();
        batch.insert(
            &self.ks.groups,
            group.id.0.to_be_bytes(),
            codec::encode(&updated)?,
        );
        batch.commit().map_err(engine)
    }

    fn group(&self, id: GroupId) -> Result<Option<Group>, StoreError> {
        self.entity(&self.ks.groups, id.0, "group")
    }

    fn user_groups(&self, owner: UserId) -> Result<Vec<Group>, StoreError> {
        self.listed(&self.ks.user_groups, owner.0, &self.ks.groups, "group")
    }

    fn delete_group(&self, id: GroupId) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(group) = self.group(id)? else {
            return Ok(false);
        };
        let mut batch = self.durable_batch();
        for tracker in Self::ids_under(&self.ks.group_trackers, id.0)? {
            batch.remove(&self.ks.tracker_groups, tracker.to_be_bytes());
            batch.remove(&self.ks.group_trackers, keys::pair_key(id.0, tracker));
        }
        batch.remove(&self.ks.groups, id.0.to_be_bytes());
        batch.remove(&self.ks.user_groups, keys::pair_key(group.owner.0, id.0));
        batch.commit().map_err(engine)?;
        Ok(true)
    }

    fn set_tracker_group(
        &self,
        trackers: &[TrackerId],
        group: Option<GroupId>,
    ) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let target = group
            .map(|id| {
                self.group(id)?
                    .ok_or_else(|| StoreError::NotFound(format!("group {}", id.0)))
            })
            .transpose()?;
        let trackers: BTreeSet<TrackerId> = trackers.iter().copied().collect();
        let mut batch = self.durable_batch();
        for tracker in trackers {
            let owner = self.require_tracker(tracker)?.owner;
            if let Some(target) = &target
                && Some(target.owner) != owner
            {
                return Err(StoreError::NotFound(format!(
                    "group {} of the owner of tracker {}",
                    target.id.0, tracker.0
                )));
            }
            let old = self.tracker_group(tracker)?;
            if old == group {
                continue;
            }
            if let Some(old) = old {
                batch.remove(&self.ks.group_trackers, keys::pair_key(old.0, tracker.0));
            }
            match group {
                Some(new) => {
                    batch.insert(
                        &self.ks.tracker_groups,
                        tracker.0.to_be_bytes(),
                        new.0.to_be_bytes(),
                    );
                    batch.insert(
                        &self.ks.group_trackers,
                        keys::pair_key(new.0, tracker.0),
                        [],
                    );
                }
                None => batch.remove(&self.ks.tracker_groups, tracker.0.to_be_bytes()),
            }
        }
        batch.commit().map_err(engine)
    }

    fn tracker_group(&self, tracker: TrackerId) -> Result<Option<GroupId>, StoreError> {
        self.ks
            .tracker_groups
            .get(tracker.0.to_be_bytes())
            .map_err(engine)?
            .map(|raw| keys::u64_at(&raw, 0, "tracker group").map(GroupId))
            .transpose()
    }
}

//! The storage ports for what an account holds besides its trackers: tags,
//! tracker groups and sub-users (entities in `tenancy_model`).
//!
//! Deleting a tracker removes its tag bindings, its group membership and
//! every sub-user's binding to it; deleting a user removes its tags,
//! groups and sub-users (sub-users with their sessions and API keys), and
//! its own sub-user link if it is one.

use crate::model::{NewUser, TrackerId, UserId};
use crate::ports::StoreError;
use crate::tenancy_model::*;

/// Tags and the trackers they are bound to.
pub trait TagStore: Send + Sync {
    /// Creates a tag; `NotFound` if its owner does not exist.
    fn create_tag(&self, new: NewTag) -> Result<Tag, StoreError>;
    /// Overwrites a tag's name and colour; `NotFound` if it does not exist.
    /// The owner never changes.
    fn update_tag(&self, tag: &Tag) -> Result<(), StoreError>;
    /// A tag by id.
    fn tag(&self, id: TagId) -> Result<Option<Tag>, StoreError>;
    /// An account's tags, by id.
    fn user_tags(&self, owner: UserId) -> Result<Vec<Tag>, StoreError>;
    /// Deletes a tag and unbinds it from every tracker. Returns whether it existed.
    fn delete_tag(&self, id: TagId) -> Result<bool, StoreError>;
    /// Replaces a tracker's tag bindings (an empty list clears them);
    /// `NotFound` if the tracker or one of the tags does not exist.
    fn set_tracker_tags(&self, tracker: TrackerId, tags: &[TagBinding]) -> Result<(), StoreError>;
    /// A tracker's tag bindings, in the order they were set.
    fn tracker_tags(&self, tracker: TrackerId) -> Result<Vec<TagBinding>, StoreError>;
}

/// Tracker groups and which group each tracker is in.
pub trait GroupStore: Send + Sync {
    /// Creates a group; `NotFound` if its owner does not exist.
    fn create_group(&self, new: NewGroup) -> Result<Group, StoreError>;
    /// Overwrites a group's title and colour; `NotFound` if it does not
    /// exist. The owner never changes.
    fn update_group(&self, group: &Group) -> Result<(), StoreError>;
    /// A group by id.
    fn group(&self, id: GroupId) -> Result<Option<Group>, StoreError>;
    /// An account's groups, by id.
    fn user_groups(&self, owner: UserId) -> Result<Vec<Group>, StoreError>;
    /// Deletes a group; its trackers are then in no group. Returns whether it existed.
    fn delete_group(&self, id: GroupId) -> Result<bool, StoreError>;
    /// Puts trackers in a group, or in none; `NotFound` if a tracker or the
    /// group does not exist (and then nothing changes).
    fn set_tracker_group(
        &self,
        trackers: &[TrackerId],
        group: Option<GroupId>,
    ) -> Result<(), StoreError>;
    /// The group a tracker is in, if any.
    fn tracker_group(&self, tracker: TrackerId) -> Result<Option<GroupId>, StoreError>;
}

/// Sub-users: users linked to a master account, and their trackers.
pub trait SubUserStore: Send + Sync {
    /// Creates a user and its sub-user link in one step; `Conflict` if the
    /// login is taken, `NotFound` if the master does not exist or is itself
    /// a sub-user. `blocked` is the new user's blocked flag.
    fn create_subuser(
        &self,
        user: NewUser,
        blocked: bool,
        link: SubUserLink,
    ) -> Result<SubUser, StoreError>;
    /// Overwrites a sub-user's rights and profile; `NotFound` if the user
    /// is not a sub-user. The master never changes.
    fn update_subuser(&self, subuser: &SubUser) -> Result<(), StoreError>;
    /// The sub-user link of a user, if it is a sub-user.
    fn subuser(&self, id: UserId) -> Result<Option<SubUser>, StoreError>;
    /// A master's sub-users, by id.
    fn master_subusers(&self, master: UserId) -> Result<Vec<SubUser>, StoreError>;
    /// Lets a sub-user see trackers (binding one twice is no error);
    /// `NotFound` if it is not a sub-user or a tracker does not exist (and
    /// then nothing changes).
    fn bind_trackers(&self, subuser: UserId, trackers: &[TrackerId]) -> Result<(), StoreError>;
    /// Stops a sub-user seeing trackers (unbinding one that is not bound is
    /// no error); `NotFound` if it is not a sub-user.
    fn unbind_trackers(&self, subuser: UserId, trackers: &[TrackerId]) -> Result<(), StoreError>;
    /// The trackers a sub-user may see, by id.
    fn subuser_trackers(&self, subuser: UserId) -> Result<Vec<TrackerId>, StoreError>;
}

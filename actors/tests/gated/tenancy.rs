//! The gated store's tags, groups and sub-users: straight to the inner store.

use trackgate_store::*;

use super::GatedStore;

impl TagStore for GatedStore {
    fn create_tag(&self, new: NewTag) -> Result<Tag, StoreError> {
        self.inner.create_tag(new)
    }
    fn update_tag(&self, tag: &Tag) -> Result<(), StoreError> {
        self.inner.update_tag(tag)
    }
    fn tag(&self, id: TagId) -> Result<Option<Tag>, StoreError> {
        self.inner.tag(id)
    }
    fn user_tags(&self, owner: UserId) -> Result<Vec<Tag>, StoreError> {
        self.inner.user_tags(owner)
    }
    fn delete_tag(&self, id: TagId) -> Result<bool, StoreError> {
        self.inner.delete_tag(id)
    }
    fn set_tracker_tags(&self, tracker: TrackerId, tags: &[TagBinding]) -> Result<(), StoreError> {
        self.inner.set_tracker_tags(tracker, tags)
    }
    fn tracker_tags(&self, tracker: TrackerId) -> Result<Vec<TagBinding>, StoreError> {
        self.inner.tracker_tags(tracker)
    }
}

impl GroupStore for GatedStore {
    fn create_group(&self, new: NewGroup) -> Result<Group, StoreError> {
        self.inner.create_group(new)
    }
    fn update_group(&self, group: &Group) -> Result<(), StoreError> {
        self.inner.update_group(group)
    }
    fn group(&self, id: GroupId) -> Result<Option<Group>, StoreError> {
        self.inner.group(id)
    }
    fn user_groups(&self, owner: UserId) -> Result<Vec<Group>, StoreError> {
        self.inner.user_groups(owner)
    }
    fn delete_group(&self, id: GroupId) -> Result<bool, StoreError> {
        self.inner.delete_group(id)
    }
    fn set_tracker_group(
        &self,
        trackers: &[TrackerId],
        group: Option<GroupId>,
    ) -> Result<(), StoreError> {
        self.inner.set_tracker_group(trackers, group)
    }
    fn tracker_group(&self, tracker: TrackerId) -> Result<Option<GroupId>, StoreError> {
        self.inner.tracker_group(tracker)
    }
}

impl SubUserStore for GatedStore {
    fn create_subuser(
        &self,
        user: NewUser,
        blocked: bool,
        link: SubUserLink,
    ) -> Result<SubUser, StoreError> {
        self.inner.create_subuser(user, blocked, link)
    }
    fn update_subuser(&self, subuser: &SubUser) -> Result<(), StoreError> {
        self.inner.update_subuser(subuser)
    }
    fn subuser(&self, id: UserId) -> Result<Option<SubUser>, StoreError> {
        self.inner.subuser(id)
    }
    fn master_subusers(&self, master: UserId) -> Result<Vec<SubUser>, StoreError> {
        self.inner.master_subusers(master)
    }
    fn bind_trackers(&self, subuser: UserId, trackers: &[TrackerId]) -> Result<(), StoreError> {
        self.inner.bind_trackers(subuser, trackers)
    }
    fn unbind_trackers(&self, subuser: UserId, trackers: &[TrackerId]) -> Result<(), StoreError> {
        self.inner.unbind_trackers(subuser, trackers)
    }
    fn subuser_trackers(&self, subuser: UserId) -> Result<Vec<TrackerId>, StoreError> {
        self.inner.subuser_trackers(subuser)
    }
}

//! What an account holds besides its trackers: tags, tracker groups and
//! sub-users.
//!
//! All three belong to one account (a master user). A tracker carries at
//! most one group and a few tag bindings; a sub-user is a user of its own
//! (it logs in like any other) linked to its master, with rights and the
//! trackers it may see.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::UserId;

/// A tag's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TagId(pub u64);

/// A tracker group's id (Navixy's `group_id`; 0, "no group", is never stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GroupId(pub u64);

/// Fields of a tag to create; the store assigns the id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTag {
    /// The account it belongs to.
    pub owner: UserId,
    /// Display name.
    pub name: String,
    /// RGB colour, six hex digits.
    pub color: String,
}

/// A tag: a label an account puts on its trackers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// Assigned id.
    pub id: TagId,
    /// The account it belongs to.
    pub owner: UserId,
    /// Display name.
    pub name: String,
    /// RGB colour, six hex digits.
    pub color: String,
}

/// One tag on one tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagBinding {
    /// Which tag.
    pub tag: TagId,
    /// Its place (or kind) among the tracker's tags.
    pub ordinal: u8,
}

/// Fields of a tracker group to create; the store assigns the id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGroup {
    /// The account it belongs to.
    pub owner: UserId,
    /// Display title.
    pub title: String,
    /// RGB colour, six hex digits.
    pub color: String,
}

/// A tracker group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Assigned id, never 0.
    pub id: GroupId,
    /// The account it belongs to.
    pub owner: UserId,
    /// Display title.
    pub title: String,
    /// RGB colour, six hex digits.
    pub color: String,
}

/// What makes a user a sub-user, besides the user itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubUserLink {
    /// The master account whose trackers it works on.
    pub master: UserId,
    /// The rights granted, by name.
    pub rights: BTreeSet<String>,
    /// Descriptive fields (names, phone, addresses ...), by name.
    pub profile: BTreeMap<String, String>,
}

/// A sub-user: the user with this id is linked to a master account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubUser {
    /// The sub-user's own user id.
    pub id: UserId,
    /// Master, rights and profile.
    pub link: SubUserLink,
}

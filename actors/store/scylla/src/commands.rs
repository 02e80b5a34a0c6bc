//! commands: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn create_command(
    store: &ScyllaStore,
    new: NewCommand,
) -> Result<CommandRecord, StoreError> {
    Err(crate::unbuilt("CommandStore::create_command"))
}

pub(crate) fn update_command(
    store: &ScyllaStore,
    command: &CommandRecord,
) -> Result<(), StoreError> {
    Err(crate::unbuilt("CommandStore::update_command"))
}

pub(crate) fn command(
    store: &ScyllaStore,
    tracker: TrackerId,
    id: CommandId,
) -> Result<Option<CommandRecord>, StoreError> {
    Err(crate::unbuilt("CommandStore::command"))
}

pub(crate) fn tracker_commands(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<Vec<CommandRecord>, StoreError> {
    Err(crate::unbuilt("CommandStore::tracker_commands"))
}

/// Removes every command of a deleted tracker. Called by `accounts::delete_tracker`.
pub(crate) fn remove_tracker_commands(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<(), StoreError> {
    Err(crate::unbuilt("commands::remove_tracker_commands"))
}

//! Contract: commands to devices.

use trackgate_protocols::command::Command;

use super::{expect_err, new_tracker, ok};
use crate::commands_model::*;
use crate::model::TrackerId;
use crate::ports::Store;

fn queue(store: &dyn Store, tracker: TrackerId, command: Command) -> CommandRecord {
    ok(
        store.create_command(NewCommand {
            tracker,
            command,
            reliable: true,
            expires_ms: Some(1_700_000_600_000),
            policy: SendPolicy::WhenConnected,
            max_attempts: 3,
            created_ms: 1_700_000_000_000,
        }),
        "create_command",
    )
}

/// Commands are queued with fresh ids, listed oldest first per tracker,
/// read one by one, and updated in place.
pub fn commands_are_queued_listed_updated(store: &dyn Store) {
    let first_tracker = new_tracker(store, "contract-commands-1", None);
    let other = new_tracker(store, "contract-commands-2", None);
    let first = queue(store, first_tracker.id, Command::Text("getinfo".into()));
    let second = queue(
        store,
        first_tracker.id,
        Command::Output { index: 2, on: true },
    );
    let elsewhere = queue(store, other.id, Command::LocationRequest);
    assert!(first.id < second.id && second.id < elsewhere.id, "ids grow");
    assert_eq!(first.status, CommandStatus::Queued);
    assert_eq!(
        (first.attempts, first.serial, &first.reply),
        (0, None, &None)
    );

    let listed = ok(store.tracker_commands(first_tracker.id), "tracker_commands");
    assert_eq!(
        listed,
        vec![first.clone(), second.clone()],
        "oldest first, own only"
    );
    assert_eq!(
        ok(store.command(first_tracker.id, second.id), "command"),
        Some(second.clone())
    );
    assert_eq!(
        ok(store.command(other.id, second.id), "command"),
        None,
        "a command is found only under its own tracker"
    );

    let mut answered = first.clone();
    answered.status = CommandStatus::Answered;
    answered.attempts = 1;
    answered.serial = Some(7);
    answered.sent_ms = Some(1_700_000_001_000);
    answered.finished_ms = Some(1_700_000_002_000);
    answered.reply = Some("RTC:2024/01/01".into());
    ok(store.update_command(&answered), "update_command");
    assert_eq!(
        ok(store.command(first_tracker.id, first.id), "command"),
        Some(answered)
    );
    assert_eq!(
        ok(store.tracker_commands(first_tracker.id), "tracker_commands").len(),
        2,
        "an update adds nothing"
    );
}

/// A command for a missing tracker, or an update of a missing command, is
/// `NotFound`; ids are not reused after a tracker is deleted, and its
/// commands go with it.
pub fn commands_need_their_tracker(store: &dyn Store) {
    let mut ghost = queue(
        store,
        new_tracker(store, "contract-commands-3", None).id,
        Command::LocationRequest,
    );
    expect_err(
        store.create_command(NewCommand {
            tracker: TrackerId(u64::MAX),
            ..ghost.request.clone()
        }),
        "NotFound",
        "command for a missing tracker",
    );
    let tracker = ghost.request.tracker;
    assert!(ok(store.delete_tracker(tracker), "delete_tracker"));
    assert_eq!(
        ok(store.tracker_commands(tracker), "tracker_commands"),
        vec![]
    );
    ghost.status = CommandStatus::Cancelled;
    expect_err(
        store.update_command(&ghost),
        "NotFound",
        "update of a deleted command",
    );
    let later = queue(
        store,
        new_tracker(store, "contract-commands-4", None).id,
        Command::LocationRequest,
    );
    assert!(later.id > ghost.id, "ids are never reused");
}

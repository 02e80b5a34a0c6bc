//! Commands to devices ([`CommandStore`]): the `commands` table, one
//! partition per tracker, rows by command id (from the `commands`
//! sequence, so oldest first), the record in `body`.
//!
//! A command is written once when created and then overwritten as it
//! goes (sent, answered, ...). Writes are plain (not conditional): ids are
//! unique by their sequence, and an update is refused (`NotFound`) unless
//! the command is there when it is read, as in the embedded store. A
//! tracker's deletion removes its partition.

use trackgate_store::{AccountStore, CommandId, CommandRecord, NewCommand, StoreError, TrackerId};

use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::ids;
use crate::values::{id, key};

/// The sequence command ids come from.
const SEQUENCE: &str = "commands";

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "commands.put",
        cql: "INSERT INTO commands (tracker, id, body) VALUES (?, ?, ?)",
    },
    Stmt {
        name: "commands.get",
        cql: "SELECT body FROM commands WHERE tracker = ? AND id = ?",
    },
    Stmt {
        name: "commands.of_tracker",
        cql: "SELECT id, body FROM commands WHERE tracker = ?",
    },
    Stmt {
        name: "commands.delete_tracker",
        cql: "DELETE FROM commands WHERE tracker = ?",
    },
];

/// Stores a new command as `Queued` with a fresh id; `NotFound` if its
/// tracker does not exist.
pub(crate) fn create_command(
    store: &ScyllaStore,
    new: NewCommand,
) -> Result<CommandRecord, StoreError> {
    let tracker = new.tracker;
    if store.tracker(tracker)?.is_none() {
        return Err(StoreError::NotFound(format!("tracker {}", tracker.0)));
    }
    let command_id = ids::next_id(store.db(), SEQUENCE)?;
    let record = CommandRecord::queued(CommandId(command_id), new);
    put(store, &record)?;
    Ok(record)
}

fn put(store: &ScyllaStore, record: &CommandRecord) -> Result<(), StoreError> {
    store
        .db()
        .execute(
            "commands.put",
            (
                key(record.request.tracker.0),
                key(record.id.0),
                codec::encode(record)?,
            ),
        )
        .map(|_| ())
}

/// Overwrites a command; `NotFound` if it does not exist.
pub(crate) fn update_command(
    store: &ScyllaStore,
    command: &CommandRecord,
) -> Result<(), StoreError> {
    if self::command(store, command.request.tracker, command.id)?.is_none() {
        return Err(StoreError::NotFound(format!("command {}", command.id.0)));
    }
    put(store, command)
}

/// One command of a tracker.
pub(crate) fn command(
    store: &ScyllaStore,
    tracker: TrackerId,
    command_id: CommandId,
) -> Result<Option<CommandRecord>, StoreError> {
    let row: Option<(Option<Vec<u8>>,)> = store
        .db()
        .query_one("commands.get", (key(tracker.0), key(command_id.0)))?;
    row.and_then(|(body,)| body)
        .map(|body| decode(tracker, command_id.0, &body))
        .transpose()
}

/// A tracker's commands, oldest first.
pub(crate) fn tracker_commands(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<Vec<CommandRecord>, StoreError> {
    let rows: Vec<(i64, Option<Vec<u8>>)> =
        store.db().query("commands.of_tracker", (key(tracker.0),))?;
    from_rows(tracker, rows)
}

/// The commands of `commands.of_tracker` rows, in their (id) order.
fn from_rows(
    tracker: TrackerId,
    rows: Vec<(i64, Option<Vec<u8>>)>,
) -> Result<Vec<CommandRecord>, StoreError> {
    rows.into_iter()
        .map(|(column, body)| {
            let command_id = id(column);
            let body =
                body.ok_or_else(|| StoreError::Corrupt(format!("command {command_id}: no body")))?;
            decode(tracker, command_id, &body)
        })
        .collect()
}

/// A command's body, which must name the tracker and id it is stored under.
fn decode(tracker: TrackerId, command_id: u64, body: &[u8]) -> Result<CommandRecord, StoreError> {
    let record: CommandRecord = codec::decode(body, "command")?;
    if record.id.0 != command_id || record.request.tracker != tracker {
        return Err(StoreError::Corrupt(format!(
            "command {command_id} of tracker {}: the body is command {} of tracker {}",
            tracker.0, record.id.0, record.request.tracker.0
        )));
    }
    Ok(record)
}

/// Removes every command of a deleted tracker. Called by `accounts::delete_tracker`.
pub(crate) fn remove_tracker_commands(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<(), StoreError> {
    store
        .db()
        .execute("commands.delete_tracker", (key(tracker.0),))
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use trackgate_protocols::command::Command;
    use trackgate_store::{CommandChannel, CommandStatus, SendPolicy};

    use super::*;

    fn request(tracker: u64) -> NewCommand {
        NewCommand {
            tracker: TrackerId(tracker),
            command: Command::Text("getinfo".into()),
            reliable: true,
            expires_ms: Some(1_700_000_600_000),
            policy: SendPolicy::WithinSecondsOfInbound(30),
            max_attempts: 3,
            created_ms: 1_700_000_000_000,
        }
    }

    fn row(record: &CommandRecord) -> (i64, Option<Vec<u8>>) {
        (key(record.id.0), Some(codec::encode(record).unwrap()))
    }

    #[test]
    fn a_new_command_is_queued_and_untouched() {
        let record = CommandRecord::queued(CommandId(9), request(4));
        assert_eq!(record.id, CommandId(9));
        assert_eq!(record.status, CommandStatus::Queued);
        assert_eq!(record.channel, CommandChannel::Connection);
        assert_eq!((record.attempts, record.serial), (0, None));
        assert_eq!(record.request, request(4));
        assert!(record.sent_ms.is_none() && record.reply.is_none() && record.failure.is_none());
    }

    #[test]
    fn rows_read_back_in_order_with_every_field() {
        let first = CommandRecord::queued(CommandId(3), request(4));
        let mut second = CommandRecord::queued(CommandId(8), request(4));
        second.status = CommandStatus::Answered;
        second.attempts = 2;
        second.serial = Some(17);
        second.encoded = Some(vec![1, 2, 3]);
        second.sent_ms = Some(5);
        second.finished_ms = Some(6);
        second.reply = Some("OK".into());
        second.channel = CommandChannel::Sms;
        let listed = from_rows(TrackerId(4), vec![row(&first), row(&second)]).unwrap();
        assert_eq!(listed, [first, second]);
    }

    #[test]
    fn a_body_under_another_key_or_damaged_is_corrupt() {
        let record = CommandRecord::queued(CommandId(3), request(4));
        let under_other_tracker = from_rows(TrackerId(5), vec![row(&record)]);
        assert!(matches!(under_other_tracker, Err(StoreError::Corrupt(_))));
        let under_other_id = from_rows(TrackerId(4), vec![(key(4), row(&record).1)]);
        assert!(matches!(under_other_id, Err(StoreError::Corrupt(_))));
        for body in [None, Some(vec![1]), Some(vec![])] {
            assert!(matches!(
                from_rows(TrackerId(4), vec![(key(3), body)]),
                Err(StoreError::Corrupt(_))
            ));
        }
    }
}

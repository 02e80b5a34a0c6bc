//! Replaying the track write-ahead log on open (see `wal`).

use super::apply::{self, CHECKPOINT_KEY, Target};
use super::wal_files;
use crate::ports::StoreError;

/// Where the log stands after recovery.
#[derive(Debug, Clone, Copy)]
pub(super) struct Recovered {
    /// The newest sequence number in fjall (checkpointed or replayed).
    pub applied: u64,
    /// The segment the log continues in.
    pub next_segment: u64,
}

/// Applies every logged commit newer than fjall's checkpoint, makes fjall
/// durable, and removes the old segments.
pub(super) fn recover(target: &Target) -> Result<Recovered, StoreError> {
    let io = |e: std::io::Error| StoreError::engine("track write-ahead log", e);
    let checkpoint = match target.meta.get(CHECKPOINT_KEY).map_err(super::engine)? {
        Some(value) => u64::from_be_bytes(
            value
                .as_ref()
                .try_into()
                .map_err(|_| StoreError::Corrupt("write-ahead log checkpoint".into()))?,
        ),
        None => 0,
    };
    *apply::mark(&target.checkpointed) = checkpoint;
    let segments = wal_files::segments(&target.wal_dir).map_err(io)?;
    let (Some(&first), Some(&last)) = (segments.first(), segments.last()) else {
        return Ok(Recovered {
            applied: checkpoint,
            next_segment: 1,
        });
    };
    let mut applied = checkpoint;
    let mut replayed = 0usize;
    for &segment in &segments {
        for entries in wal_files::read_segment(&target.wal_dir, segment, segment == last)? {
            // At or below the checkpoint: in fjall already, or an older
            // record of a reused file (see `wal_files`).
            if entries.seq <= checkpoint {
                continue;
            }
            if entries.seq != applied + 1 {
                return Err(StoreError::Corrupt(format!(
                    "the write-ahead log skips from commit {applied} to {} in segment {segment}",
                    entries.seq
                )));
            }
            apply::apply(target, &entries).map_err(super::engine)?;
            applied = entries.seq;
            replayed += 1;
        }
    }
    apply::checkpoint(target, applied, first, last + 1)?;
    if replayed > 0 {
        tracing::info!(
            commits = replayed,
            segments = segments.len(),
            "replayed the track write-ahead log of an unclean shutdown"
        );
    }
    Ok(Recovered {
        applied,
        next_segment: last + 1,
    })
}

//! The track write-ahead log's files: segments, spares, and reading them.
//!
//! # Spares
//!
//! A segment whose every record is durably in fjall is not deleted but
//! kept, up to [`SPARES`] of them, as `<n>.spare`; the next segment the log
//! starts is a spare renamed. Writing over a file's existing blocks leaves
//! its size and its block map as they were, so the `fdatasync` after each
//! append writes the data and flushes the disk's cache, but does not wait
//! for a commit of the file system's journal. Appending to a new file
//! changes its size with every record, and each sync then queues behind
//! the journal, which carries every other file's writes too (fjall's
//! flushes and compactions on the same disk) (docs/benchmarks.md,
//! "Performance, round two, continued").
//!
//! A reused file holds the records of its previous life after the new ones.
//! Those old records are all at or below fjall's checkpoint (a segment
//! becomes a spare only once it is), so recovery skips them, and a segment
//! the log moved on from ends with a seal record (see [`Entries::seal`]),
//! so the old bytes behind it are never read as damage.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use super::wal::{CRC, Entries, HEADER, MAX_PAYLOAD};
use crate::ports::StoreError;

/// Finished segments kept for the log to write over.
pub(super) const SPARES: usize = 2;

pub(super) fn segment_path(dir: &Path, segment: u64) -> PathBuf {
    dir.join(format!("{segment:020}.log"))
}

fn spare_path(dir: &Path, segment: u64) -> PathBuf {
    dir.join(format!("{segment:020}.spare"))
}

/// The numbered files in `dir` ending in `.suffix`, in order.
fn numbered(dir: &Path, suffix: &str) -> io::Result<Vec<u64>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        if let Some(n) = name
            .to_str()
            .and_then(|n| n.strip_suffix(suffix))
            .and_then(|n| n.parse().ok())
        {
            out.push(n);
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// The segments in `dir`, oldest first.
pub(super) fn segments(dir: &Path) -> io::Result<Vec<u64>> {
    numbered(dir, ".log")
}

/// The spares in `dir`.
pub(super) fn spares(dir: &Path) -> io::Result<Vec<u64>> {
    numbered(dir, ".spare")
}

/// Retires segment `segment` of `dir`, whose records are all durably in
/// fjall: it becomes a spare while there are fewer than [`SPARES`], else it
/// is deleted.
pub(super) fn retire_segment(dir: &Path, segment: u64) -> io::Result<()> {
    let path = segment_path(dir, segment);
    if spares(dir)?.len() < SPARES {
        fs::rename(&path, spare_path(dir, segment))
    } else {
        fs::remove_file(&path)
    }
}

/// Renames a spare of `dir` to `path`; false when there is none.
pub(super) fn take_spare(dir: &Path, path: &Path) -> io::Result<bool> {
    match spares(dir)?.first() {
        Some(&spare) => fs::rename(spare_path(dir, spare), path).map(|()| true),
        None => Ok(false),
    }
}

/// Syncs `dir` itself, so files created, renamed or removed in it stay so.
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Every whole record of a segment, in order, up to its seal. `last` says
/// whether it is the newest segment: it has no seal, and it ends at the
/// first record that is not whole (a write a crash cut short, or a reused
/// file's older bytes). In any other segment such a record is damage.
pub(super) fn read_segment(
    dir: &Path,
    segment: u64,
    last: bool,
) -> Result<Vec<Entries>, StoreError> {
    let path = segment_path(dir, segment);
    let bytes = fs::read(&path).map_err(|e| StoreError::engine(path.display().to_string(), e))?;
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match record_at(&bytes[at..]) {
            Some((entries, _)) if entries.is_seal() => break,
            Some((entries, used)) => {
                out.push(entries);
                at += used;
            }
            None if last => {
                tracing::debug!(
                    segment = %path.display(),
                    offset = at,
                    "the write-ahead log's newest segment ends here"
                );
                break;
            }
            None => {
                return Err(StoreError::Corrupt(format!(
                    "write-ahead log segment {} is damaged at byte {at}",
                    path.display()
                )));
            }
        }
    }
    Ok(out)
}

/// The record at the start of `bytes` and its size, if it is whole and intact.
fn record_at(bytes: &[u8]) -> Option<(Entries, usize)> {
    let header: &[u8; HEADER] = bytes.get(..HEADER)?.try_into().ok()?;
    let len = usize::try_from(u32::from_le_bytes(header[..4].try_into().ok()?)).ok()?;
    let crc = u32::from_le_bytes(header[4..].try_into().ok()?);
    if len > MAX_PAYLOAD {
        return None;
    }
    let payload = bytes.get(HEADER..HEADER + len)?;
    if CRC.checksum(payload) != crc {
        return None;
    }
    Some((Entries::decode(payload)?, HEADER + len))
}

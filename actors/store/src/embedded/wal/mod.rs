//! The track write-ahead log: what makes a track commit durable.
//!
//! A track commit is appended here as one framed record and `fdatasync`ed;
//! only then does `commit` return (and the gateway acknowledge the device).
//! The same entries are applied to fjall afterwards, off the caller's path
//! (see `apply`), and fjall is persisted at checkpoints. This keeps fjall's
//! background work (memtable rotation, journal rotation, flushes and
//! compactions, which hold its journal lock for tens of milliseconds at
//! times) out of the acknowledgement latency.
//!
//! # Files
//!
//! `wal/<segment>.log`, segments numbered upwards; a new one is started
//! when the current one passes [`SEGMENT_BYTES`], and the one before ends
//! with a seal. A record is `len: u32 LE · crc32c(payload): u32 LE ·
//! payload`, and a payload is `seq: u64 LE · points · states` (see
//! [`Entries`]). Once every record of a segment is durably in fjall, the
//! segment is retired: kept as a spare for the log to write over, or
//! deleted (see `wal_files`).
//!
//! # Recovery
//!
//! On open, every remaining segment is read in order and each record whose
//! sequence number is above fjall's checkpoint is applied again (applying a
//! record twice leaves the same keys and values); those records must follow
//! the checkpoint without a gap. The newest segment ends at its first
//! record that is not whole: a write the crash interrupted, whose commit
//! never returned, or the older bytes of a reused file. A damaged record in
//! any other segment, or a gap in the sequence, means the log cannot be
//! trusted, and the store refuses to open.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crc::{CRC_32_ISCSI, Crc};

use super::keys::POINT_KEY_LEN;
use super::wal_files::{segment_path, sync_dir, take_spare};

/// A segment is closed and a new one started past this size.
pub(super) const SEGMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Bytes before a record's payload: its length and checksum.
pub(super) const HEADER: usize = 8;

/// The largest payload a record may claim; anything above is damage.
pub(super) const MAX_PAYLOAD: usize = 1 << 30;

pub(super) const CRC: Crc<u32> = Crc::<u32>::new(&CRC_32_ISCSI);

/// A point's encoded key and value.
pub(super) type PointEntry = ([u8; POINT_KEY_LEN], Vec<u8>);
/// A tracker state's encoded key and value.
pub(super) type StateEntry = ([u8; 8], Vec<u8>);

/// The sequence number of a seal: the record that ends a segment the log
/// has moved on from. No commit gets it (the log would need 2^64 commits).
const SEAL_SEQ: u64 = u64::MAX;

/// What one track commit writes, already encoded for fjall.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Entries {
    /// The commit's sequence number: one more than the previous commit's.
    pub seq: u64,
    pub points: Vec<PointEntry>,
    pub states: Vec<StateEntry>,
}

impl Entries {
    /// The framed record: header (filled in by [`Wal::append`]) and payload.
    pub fn record(&self) -> Vec<u8> {
        let values: usize = self.points.iter().map(|(_, v)| v.len() + 4).sum::<usize>()
            + self.states.iter().map(|(_, v)| v.len() + 4).sum::<usize>();
        let keys = self.points.len() * POINT_KEY_LEN + self.states.len() * 8;
        let mut out = Vec::with_capacity(HEADER + 16 + keys + values);
        out.extend_from_slice(&[0; HEADER]);
        out.extend_from_slice(&self.seq.to_le_bytes());
        out.extend_from_slice(&len32(self.points.len()));
        for (key, value) in &self.points {
            out.extend_from_slice(key);
            out.extend_from_slice(&len32(value.len()));
            out.extend_from_slice(value);
        }
        out.extend_from_slice(&len32(self.states.len()));
        for (key, value) in &self.states {
            out.extend_from_slice(key);
            out.extend_from_slice(&len32(value.len()));
            out.extend_from_slice(value);
        }
        out
    }

    /// The record that ends a segment the log has moved on from.
    pub fn seal() -> Self {
        Self {
            seq: SEAL_SEQ,
            ..Self::default()
        }
    }

    /// Whether this is a segment's seal rather than a commit.
    pub fn is_seal(&self) -> bool {
        self.seq == SEAL_SEQ
    }

    /// The size of the keys and values, roughly what fjall writes for them.
    pub fn bytes(&self) -> usize {
        let points: usize = self.points.iter().map(|(k, v)| k.len() + v.len()).sum();
        let states: usize = self.states.iter().map(|(k, v)| k.len() + v.len()).sum();
        points + states
    }

    /// Reads a payload written by [`Entries::record`].
    pub fn decode(payload: &[u8]) -> Option<Self> {
        let mut input = Input(payload);
        let seq = u64::from_le_bytes(input.array()?);
        let mut points = Vec::new();
        for _ in 0..input.len()? {
            let key = input.array()?;
            let len = input.len()?;
            points.push((key, input.take(len)?.to_vec()));
        }
        let mut states = Vec::new();
        for _ in 0..input.len()? {
            let key = input.array()?;
            let len = input.len()?;
            states.push((key, input.take(len)?.to_vec()));
        }
        input.0.is_empty().then_some(Self {
            seq,
            points,
            states,
        })
    }
}

fn len32(len: usize) -> [u8; 4] {
    // A commit is bounded far below 4 GiB (the writer's batch limit).
    u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes()
}

/// A bounds-checked cursor over a payload.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(u32::from_le_bytes(self.array()?)).ok()
    }
}

/// The log being written: the newest segment, open for writing.
#[derive(Debug)]
pub(super) struct Wal {
    dir: PathBuf,
    file: File,
    segment: u64,
    len: u64,
    /// An append failed: what reached the disk is unknown, so nothing more
    /// may be acknowledged until the store is reopened (and recovers).
    failed: bool,
}

impl Wal {
    /// Starts segment `segment` in `dir` (which must exist), in a spare
    /// when there is one (see `wal_files`).
    pub fn create(dir: &Path, segment: u64) -> io::Result<Self> {
        let path = segment_path(dir, segment);
        // No segment numbered `segment` holds records: numbers only go up.
        // A file by that name is a spare an earlier attempt renamed, and
        // is written over like any other.
        take_spare(dir, &path)?;
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        sync_dir(dir)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            file,
            segment,
            len: 0,
            failed: false,
        })
    }

    /// Appends `record` (from [`Entries::record`]) and syncs it to disk.
    /// Returns the segment it went to.
    pub fn append(&mut self, record: &mut [u8]) -> io::Result<u64> {
        if self.failed {
            return Err(io::Error::other(
                "an earlier write-ahead log write failed; reopen the store",
            ));
        }
        let result = self.write(record);
        if result.is_err() {
            self.failed = true;
        }
        result
    }

    /// Swaps the segment's handle for a read-only one, so the next append
    /// fails as a write of unknown outcome does.
    #[cfg(test)]
    pub fn refuse_writes_for_test(&mut self) {
        self.file = File::open(segment_path(&self.dir, self.segment)).expect("segment exists");
    }

    /// Whether an append failed, leaving the log's end unknown.
    pub fn has_failed(&self) -> bool {
        self.failed
    }

    fn write(&mut self, record: &mut [u8]) -> io::Result<u64> {
        if self.len >= SEGMENT_BYTES {
            // Starting the next segment opens a file. If that fails (out of
            // descriptors, say), nothing is lost: this segment is whole and
            // open, so the record goes here and the next append tries again.
            match Self::create(&self.dir, self.segment + 1) {
                Ok(next) => {
                    if let Err(error) = self.seal() {
                        // This segment stays the newest: without its seal it
                        // must not have a successor.
                        let _ = std::fs::remove_file(segment_path(&self.dir, next.segment));
                        return Err(error);
                    }
                    *self = next;
                }
                Err(error) => tracing::warn!(
                    %error,
                    segment = self.segment,
                    "could not start the next write-ahead log segment; appending to this one"
                ),
            }
        }
        frame(record);
        self.file.write_all(record)?;
        self.file.sync_data()?;
        self.len += record.len() as u64;
        Ok(self.segment)
    }

    /// Ends this segment with a seal, synced before the next segment gets
    /// any record, so what follows the seal in a reused file is never read.
    fn seal(&mut self) -> io::Result<()> {
        let mut record = Entries::seal().record();
        frame(&mut record);
        self.file.write_all(&record)?;
        self.file.sync_data()
    }
}

/// Fills in a record's header: its payload's length and checksum.
fn frame(record: &mut [u8]) {
    let payload_len = record.len() - HEADER;
    let crc = CRC.checksum(&record[HEADER..]);
    record[..4].copy_from_slice(&len32(payload_len));
    record[4..HEADER].copy_from_slice(&crc.to_le_bytes());
}

#[cfg(test)]
mod tests;

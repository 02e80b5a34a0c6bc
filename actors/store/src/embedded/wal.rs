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
//! when the current one passes [`SEGMENT_BYTES`]. A record is
//! `len: u32 LE · crc32c(payload): u32 LE · payload`, and a payload is
//! `seq: u64 LE · points · states` (see [`Entries`]). A segment is deleted
//! once every record in it is durably in fjall.
//!
//! # Recovery
//!
//! On open, every remaining segment is read in order and each record whose
//! sequence number is above fjall's checkpoint is applied again (applying a
//! record twice leaves the same keys and values). A record cut short at the
//! end of the newest segment is a write the crash interrupted, whose commit
//! never returned: it is dropped. A damaged record anywhere else means the
//! log cannot be trusted, and the store refuses to open.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crc::{CRC_32_ISCSI, Crc};

use super::keys::POINT_KEY_LEN;
use crate::ports::StoreError;

/// A segment is closed and a new one started past this size.
pub(super) const SEGMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Bytes before a record's payload: its length and checksum.
const HEADER: usize = 8;

/// The largest payload a record may claim; anything above is damage.
const MAX_PAYLOAD: usize = 1 << 30;

const CRC: Crc<u32> = Crc::<u32>::new(&CRC_32_ISCSI);

/// A point's encoded key and value.
pub(super) type PointEntry = ([u8; POINT_KEY_LEN], Vec<u8>);
/// A tracker state's encoded key and value.
pub(super) type StateEntry = ([u8; 8], Vec<u8>);

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

/// The log being written: the newest segment, open for appending.
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
    /// Starts segment `segment` in `dir` (which must exist).
    pub fn create(dir: &Path, segment: u64) -> io::Result<Self> {
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(segment_path(dir, segment))?;
        File::open(dir)?.sync_all()?;
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
                Ok(next) => *self = next,
                Err(error) => tracing::warn!(
                    %error,
                    segment = self.segment,
                    "could not start the next write-ahead log segment; appending to this one"
                ),
            }
        }
        let payload_len = record.len() - HEADER;
        let crc = CRC.checksum(&record[HEADER..]);
        record[..4].copy_from_slice(&len32(payload_len));
        record[4..HEADER].copy_from_slice(&crc.to_le_bytes());
        self.file.write_all(record)?;
        self.file.sync_data()?;
        self.len += record.len() as u64;
        Ok(self.segment)
    }
}

fn segment_path(dir: &Path, segment: u64) -> PathBuf {
    dir.join(format!("{segment:020}.log"))
}

/// The segments in `dir`, oldest first.
pub(super) fn segments(dir: &Path) -> io::Result<Vec<u64>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        if let Some(n) = name
            .to_str()
            .and_then(|n| n.strip_suffix(".log"))
            .and_then(|n| n.parse().ok())
        {
            out.push(n);
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// Deletes segment `segment` of `dir`.
pub(super) fn remove_segment(dir: &Path, segment: u64) -> io::Result<()> {
    fs::remove_file(segment_path(dir, segment))
}

/// Every whole record of a segment, in order. `last` says whether it is the
/// newest segment, the only one whose end a crash may have cut short.
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
            Some((entries, used)) => {
                out.push(entries);
                at += used;
            }
            None if last => {
                tracing::warn!(
                    segment = %path.display(),
                    offset = at,
                    dropped_bytes = bytes.len() - at,
                    "the write-ahead log ends in an unfinished record (a write cut short); dropping it"
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(seq: u64) -> Entries {
        Entries {
            seq,
            points: vec![
                ([seq as u8; POINT_KEY_LEN], vec![1, 2, 3]),
                ([9; POINT_KEY_LEN], vec![]),
            ],
            states: vec![([4; 8], vec![5; 300])],
        }
    }

    #[test]
    fn records_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut wal = Wal::create(dir.path(), 3).unwrap();
        for seq in 1..=3 {
            assert_eq!(wal.append(&mut entries(seq).record()).unwrap(), 3);
        }
        assert_eq!(segments(dir.path()).unwrap(), vec![3]);
        let read = read_segment(dir.path(), 3, true).unwrap();
        assert_eq!(read, (1..=3).map(entries).collect::<Vec<_>>());
    }

    #[test]
    fn a_cut_short_tail_is_dropped_only_in_the_newest_segment() {
        let dir = tempfile::tempdir().unwrap();
        let mut wal = Wal::create(dir.path(), 1).unwrap();
        wal.append(&mut entries(1).record()).unwrap();
        wal.append(&mut entries(2).record()).unwrap();
        let path = segment_path(dir.path(), 1);
        let bytes = fs::read(&path).unwrap();
        for cut in [bytes.len() - 1, bytes.len() - 200, bytes.len() / 2 + 3] {
            fs::write(&path, &bytes[..cut]).unwrap();
            assert_eq!(read_segment(dir.path(), 1, true).unwrap(), vec![entries(1)]);
            assert!(matches!(
                read_segment(dir.path(), 1, false),
                Err(StoreError::Corrupt(_))
            ));
        }
    }

    #[test]
    fn a_flipped_bit_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let mut wal = Wal::create(dir.path(), 1).unwrap();
        wal.append(&mut entries(1).record()).unwrap();
        let path = segment_path(dir.path(), 1);
        let mut bytes = fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x10;
        fs::write(&path, &bytes).unwrap();
        assert_eq!(read_segment(dir.path(), 1, true).unwrap(), vec![]);
        assert!(read_segment(dir.path(), 1, false).is_err());
    }

    #[test]
    fn a_full_segment_rolls_over_to_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let mut wal = Wal::create(dir.path(), 1).unwrap();
        wal.len = SEGMENT_BYTES;
        assert_eq!(wal.append(&mut entries(1).record()).unwrap(), 2);
        assert_eq!(segments(dir.path()).unwrap(), vec![1, 2]);
        assert_eq!(read_segment(dir.path(), 2, true).unwrap(), vec![entries(1)]);
    }

    /// Starting the next segment opens a file, which can fail for reasons
    /// that pass (out of descriptors): the record goes to the current
    /// segment, the log stays usable, and the next append rolls over.
    #[test]
    fn a_segment_that_cannot_be_started_leaves_the_log_writing_to_the_current_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut wal = Wal::create(dir.path(), 1).unwrap();
        wal.len = SEGMENT_BYTES;
        // A directory where segment 2 would go makes creating it fail.
        fs::create_dir(segment_path(dir.path(), 2)).unwrap();
        assert_eq!(wal.append(&mut entries(1).record()).unwrap(), 1);
        assert!(!wal.has_failed());
        fs::remove_dir(segment_path(dir.path(), 2)).unwrap();
        assert_eq!(wal.append(&mut entries(2).record()).unwrap(), 2);
        assert_eq!(
            read_segment(dir.path(), 1, false).unwrap(),
            vec![entries(1)]
        );
        assert_eq!(read_segment(dir.path(), 2, true).unwrap(), vec![entries(2)]);
    }

    /// A write whose outcome is unknown fails every later append: nothing
    /// more may be acknowledged until the store is reopened.
    #[test]
    fn a_failed_write_refuses_every_later_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut wal = Wal::create(dir.path(), 1).unwrap();
        wal.file = File::open(segment_path(dir.path(), 1)).unwrap();
        assert!(wal.append(&mut entries(1).record()).is_err());
        assert!(wal.has_failed());
        wal.file = OpenOptions::new()
            .append(true)
            .open(segment_path(dir.path(), 1))
            .unwrap();
        assert!(wal.append(&mut entries(2).record()).is_err());
    }

    #[test]
    fn garbage_payloads_do_not_decode() {
        assert_eq!(Entries::decode(&[]), None);
        let record = entries(5).record();
        let payload = &record[HEADER..];
        assert_eq!(Entries::decode(payload), Some(entries(5)));
        assert_eq!(Entries::decode(&payload[..payload.len() - 1]), None);
        let mut longer = payload.to_vec();
        longer.push(0);
        assert_eq!(Entries::decode(&longer), None);
    }
}

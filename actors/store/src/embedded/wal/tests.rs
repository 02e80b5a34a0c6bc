//! Unit tests of the log's format and its writer.

use std::fs;

use super::super::wal_files::{read_segment, retire_segment, segments, spares};
use super::*;
use crate::ports::StoreError;

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

#[test]
fn a_segment_the_log_moved_on_from_ends_with_a_seal() {
    let dir = tempfile::tempdir().unwrap();
    let mut wal = Wal::create(dir.path(), 1).unwrap();
    wal.append(&mut entries(1).record()).unwrap();
    wal.len = SEGMENT_BYTES;
    assert_eq!(wal.append(&mut entries(2).record()).unwrap(), 2);
    let path = segment_path(dir.path(), 1);
    let bytes = fs::read(&path).unwrap();
    let seal = {
        let mut seal = Entries::seal().record();
        frame(&mut seal);
        seal
    };
    assert!(bytes.ends_with(&seal), "the old segment ends in its seal");
    // Whatever follows a seal is never read, even in a non-last segment.
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"older bytes of a reused file");
    fs::write(&path, &longer).unwrap();
    assert_eq!(
        read_segment(dir.path(), 1, false).unwrap(),
        vec![entries(1)]
    );
    // Without its seal, the same bytes are damage there.
    fs::write(
        &path,
        [&bytes[..bytes.len() - seal.len()], b"junk"].concat(),
    )
    .unwrap();
    assert!(read_segment(dir.path(), 1, false).is_err());
}

/// A retired segment is kept as a spare, up to `SPARES`, and the next
/// segment is written over one: the file keeps its size, and reading
/// it gives the new records first, then the old ones behind them.
#[test]
fn retired_segments_are_written_over() {
    let dir = tempfile::tempdir().unwrap();
    for segment in 1..=3 {
        let mut wal = Wal::create(dir.path(), segment).unwrap();
        for seq in 1..=3 {
            wal.append(&mut entries(segment * 10 + seq).record())
                .unwrap();
        }
    }
    let size = fs::metadata(segment_path(dir.path(), 1)).unwrap().len();
    for segment in 1..=3 {
        retire_segment(dir.path(), segment).unwrap();
    }
    assert_eq!(spares(dir.path()).unwrap(), vec![1, 2]);
    assert_eq!(segments(dir.path()).unwrap(), Vec::<u64>::new());

    let mut wal = Wal::create(dir.path(), 4).unwrap();
    wal.append(&mut entries(41).record()).unwrap();
    assert_eq!(spares(dir.path()).unwrap(), vec![2]);
    assert_eq!(
        fs::metadata(segment_path(dir.path(), 4)).unwrap().len(),
        size,
        "written over, not appended to"
    );
    let seqs: Vec<u64> = read_segment(dir.path(), 4, true)
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(
        seqs,
        vec![41, 12, 13],
        "the first old record was overwritten"
    );
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
    // Segment 1 was sealed only once segment 2 existed.
    let sealed = fs::read(segment_path(dir.path(), 1)).unwrap();
    let expected = entries(1).record().len() + Entries::seal().record().len();
    assert_eq!(sealed.len(), expected);
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

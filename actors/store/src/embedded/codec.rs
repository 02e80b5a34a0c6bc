//! Value encoding, and the content digest that keys a point.
//!
//! Every entity value is one format-version byte followed by the postcard
//! bytes of the value. The version byte lets a later release recognise and
//! migrate old values instead of misreading them; today only
//! [`FORMAT_V1`] exists and anything else is reported as corrupt.
//!
//! Decoding never panics: a missing, unknown or trailing byte is a
//! [`StoreError::Corrupt`] naming what was being read.

use serde::Serialize;
use serde::de::DeserializeOwned;
use trackgate_protocols::Record;

use crate::model::StoredPoint;
use crate::ports::StoreError;

/// The first byte of every value written by this version of the adapter.
pub(super) const FORMAT_V1: u8 = 1;

/// Encodes `value` as `FORMAT_V1 | postcard(value)`.
pub(super) fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, StoreError> {
    postcard::to_extend(value, vec![FORMAT_V1]).map_err(encode_error)
}

/// Decodes a value written by [`encode`]; `what` names it in the error.
pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, StoreError> {
    let body = match bytes.split_first() {
        Some((&FORMAT_V1, body)) => body,
        Some((version, _)) => {
            return Err(StoreError::Corrupt(format!(
                "{what}: unknown format version {version}"
            )));
        }
        None => return Err(StoreError::Corrupt(format!("{what}: empty value"))),
    };
    let (value, rest) =
        postcard::take_from_bytes(body).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))?;
    if !rest.is_empty() {
        return Err(StoreError::Corrupt(format!(
            "{what}: {} trailing bytes",
            rest.len()
        )));
    }
    Ok(value)
}

/// Bytes reserved for an encoded point: most records fit.
const POINT_CAPACITY: usize = 256;

/// Encodes a point's value and computes its content digest in one pass.
///
/// The value is `FORMAT_V1 | postcard(received_ms) | postcard(record)`, which
/// is exactly `encode(&(received_ms, record))` because postcard writes a
/// tuple as its fields back to back. The tracker and the fix time are in the
/// key, the tracker only there.
///
/// The digest covers the record's bytes only, so a record re-sent later (a
/// new `received_ms`) maps to the same key.
pub(super) fn encode_point(point: &StoredPoint) -> Result<(u64, Vec<u8>), StoreError> {
    // Room for a typical record up front: growing from one byte would
    // reallocate several times per point on the commit path.
    let mut head = Vec::with_capacity(POINT_CAPACITY);
    head.push(FORMAT_V1);
    let head = postcard::to_extend(&point.received_ms, head).map_err(encode_error)?;
    let record_at = head.len();
    let value = postcard::to_extend(&point.record, head).map_err(encode_error)?;
    let digest = fnv1a64(value.get(record_at..).unwrap_or_default());
    Ok((digest, value))
}

/// Decodes a point value written by [`encode_point`] into `(received_ms, record)`.
pub(super) fn decode_point(bytes: &[u8]) -> Result<(i64, Record), StoreError> {
    decode(bytes, "point")
}

/// 64-bit FNV-1a over `bytes`.
///
/// This is part of the storage format: the digest is the last part of every
/// point key, so changing the function (or the postcard layout of `Record`
/// it is fed) would make a re-sent record land on a new key and be stored
/// twice. It must never change; `tests::digest_is_pinned` holds it in place.
/// Written out here rather than taken from a crate so no dependency update
/// can alter it.
pub(super) fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

fn encode_error(e: postcard::Error) -> StoreError {
    // Our own types always serialise; failing here means something is very
    // wrong with the value, not with the disk, but the caller cannot fix it.
    StoreError::engine("encoding a value", e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NewUser, TrackerId, User, UserId};

    fn user() -> User {
        User::created(
            UserId(7),
            NewUser {
                login: "a@example.com".into(),
                password_hash: String::new(),
                created_ms: 1_700_000_000_000,
            },
        )
    }

    #[test]
    fn value_round_trips_with_version_byte() {
        let bytes = encode(&user()).unwrap();
        assert_eq!(bytes.first(), Some(&FORMAT_V1));
        assert_eq!(decode::<User>(&bytes, "user").unwrap(), user());
    }

    #[test]
    fn bad_bytes_are_corrupt_not_panics() {
        let good = encode(&user()).unwrap();
        let mut unknown_version = good.clone();
        unknown_version[0] = 2;
        let mut trailing = good.clone();
        trailing.push(0);
        let truncated = &good[..good.len() - 3];
        for bad in [
            &[][..],
            &unknown_version,
            &trailing,
            truncated,
            &[FORMAT_V1],
        ] {
            assert!(
                matches!(decode::<User>(bad, "user"), Err(StoreError::Corrupt(_))),
                "{bad:?} decoded"
            );
        }
    }

    #[test]
    fn fnv1a64_matches_reference_vectors() {
        // From the FNV reference test suite.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn point_digest_ignores_received_time() {
        let record = Record::at(1_000, 52.5, 13.4);
        let point = |received_ms| StoredPoint {
            tracker: TrackerId(1),
            received_ms,
            record: record.clone(),
        };
        let (d1, v1) = encode_point(&point(5)).unwrap();
        let (d2, v2) = encode_point(&point(9_999_999)).unwrap();
        assert_eq!(d1, d2);
        assert_ne!(v1, v2);
        assert_eq!(decode_point(&v2).unwrap(), (9_999_999, record));
    }

    #[test]
    fn digest_is_pinned() {
        // If this fails, stored point keys no longer match what a re-sent
        // record maps to: do not update the constant, keep the old format.
        let point = StoredPoint {
            tracker: TrackerId(1),
            received_ms: 0,
            record: Record::at(1_700_000_000_000, 52.5, 13.4),
        };
        let (digest, _) = encode_point(&point).unwrap();
        let record_bytes = postcard::to_stdvec(&point.record).unwrap();
        assert_eq!(digest, fnv1a64(&record_bytes));
        assert_eq!(digest, PINNED_DIGEST, "got {digest:#018x}");
    }

    const PINNED_DIGEST: u64 = 0x6d82_3c23_a963_4125;
}

//! What the table modules share: ids as `bigint` keys, entity bodies read
//! by key or by a list of ids, index partitions read as ids, and the writes
//! of one change gathered into one logged batch.

use futures_util::future::try_join_all;
use scylla::serialize::row::SerializeRow;
use serde::de::DeserializeOwned;
use trackgate_store::StoreError;

use crate::codec;
use crate::db::{Db, Stmt, first_row};

pub(crate) use crate::values::{Writes, key};

/// The id a `bigint` key holds (the inverse of [`key`]).
pub(crate) fn id(key: i64) -> u64 {
    key.cast_unsigned()
}

/// Now, in ms since the epoch.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Decodes a `body` column; a missing one is corrupt.
pub(crate) fn decode_body<T: DeserializeOwned>(
    body: Option<Vec<u8>>,
    what: &str,
) -> Result<T, StoreError> {
    match body {
        Some(bytes) => codec::decode(&bytes, what),
        None => Err(StoreError::Corrupt(format!("{what}: a row without a body"))),
    }
}

/// The entity statement `name` reads (one `body` column) for `values`.
pub(crate) fn body<T: DeserializeOwned>(
    db: &Db,
    name: &str,
    values: impl SerializeRow + Send,
    what: &str,
) -> Result<Option<T>, StoreError> {
    db.query_one::<(Option<Vec<u8>>,)>(name, values)?
        .map(|(body,)| decode_body(body, what))
        .transpose()
}

/// Every entity statement `name` reads (one `body` column per row).
pub(crate) fn bodies<T: DeserializeOwned>(
    db: &Db,
    name: &str,
    values: impl SerializeRow + Send,
    what: &str,
) -> Result<Vec<T>, StoreError> {
    db.query::<(Option<Vec<u8>>,)>(name, values)?
        .into_iter()
        .map(|(body,)| decode_body(body, what))
        .collect()
}

/// The ids statement `name` reads (one `bigint` column per row), in the
/// order it reads them.
pub(crate) fn ids(
    db: &Db,
    name: &str,
    values: impl SerializeRow + Send,
) -> Result<Vec<u64>, StoreError> {
    Ok(db
        .query::<(i64,)>(name, values)?
        .into_iter()
        .map(|(k,)| id(k))
        .collect())
}

/// The entities `name` (a read by one id) finds for each of `ids`, read
/// concurrently, in the order of `ids`. An id without an entity is left
/// out: index entries are written in the same logged batch as their
/// entity, but a reader may see the one before the other.
pub(crate) fn by_ids<T: DeserializeOwned>(
    db: &Db,
    name: &str,
    ids: &[u64],
    what: &str,
) -> Result<Vec<T>, StoreError> {
    Ok(by_ids_with(db, name, ids, what)?
        .into_iter()
        .map(|(_, entity)| entity)
        .collect())
}

/// As [`by_ids`], each entity with its id (for bodies that do not hold it).
pub(crate) fn by_ids_with<T: DeserializeOwned>(
    db: &Db,
    name: &str,
    ids: &[u64],
    what: &str,
) -> Result<Vec<(u64, T)>, StoreError> {
    let results = db.block_on(try_join_all(ids.iter().map(|&i| db.run(name, (key(i),)))))?;
    let mut out = Vec::with_capacity(results.len());
    for (&i, result) in ids.iter().zip(results) {
        if let Some((body,)) = first_row::<(Option<Vec<u8>>,)>(result, name)? {
            out.push((i, decode_body(body, what)?));
        }
    }
    Ok(out)
}

/// How many statements `parts` hold together.
pub(crate) const fn total(parts: &[&[Stmt]]) -> usize {
    let mut sum = 0;
    let mut i = 0;
    while i < parts.len() {
        sum += parts[i].len();
        i += 1;
    }
    sum
}

/// The statements of `parts`, one after another (`N` is [`total`] of them),
/// so a module split into files still declares one list.
pub(crate) const fn join<const N: usize>(parts: &[&[Stmt]]) -> [Stmt; N] {
    let mut out = [Stmt { name: "", cql: "" }; N];
    let mut at = 0;
    let mut i = 0;
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[at] = parts[i][j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// `NotFound` naming `what`.
pub(crate) fn not_found(what: impl std::fmt::Display) -> StoreError {
    StoreError::NotFound(what.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_every_id() {
        for value in [0, 1, 42, i64::MAX.cast_unsigned(), u64::MAX, 1 << 63] {
            assert_eq!(id(key(value)), value);
        }
        assert_eq!(key(7), 7);
        assert_eq!(key(u64::MAX), -1);
        assert!(key(1) < key(2) && key(2) < key(i64::MAX.cast_unsigned()));
    }

    #[test]
    fn bodies_decode_and_a_missing_one_is_corrupt() {
        let bytes = codec::encode(&(3_u64, "x".to_owned())).unwrap();
        let back: (u64, String) = decode_body(Some(bytes), "t").unwrap();
        assert_eq!(back, (3, "x".to_owned()));
        assert!(matches!(
            decode_body::<u64>(None, "t"),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn lists_join_in_order() {
        const A: &[Stmt] = &[Stmt {
            name: "a",
            cql: "1",
        }];
        const B: &[Stmt] = &[
            Stmt {
                name: "b",
                cql: "2",
            },
            Stmt {
                name: "c",
                cql: "3",
            },
        ];
        const PARTS: &[&[Stmt]] = &[A, &[], B];
        const ALL: &[Stmt] = &join::<{ total(PARTS) }>(PARTS);
        assert_eq!(
            ALL.iter().map(|s| s.name).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(total(PARTS), 3);
    }

    #[test]
    fn writes_keep_their_order() {
        let mut writes = Writes::new();
        assert!(writes.is_empty());
        writes.push_row("a.put", (1_i64,));
        writes.push_row("b.delete", (2_i64, "x".to_owned()));
        assert_eq!(writes.names(), ["a.put", "b.delete"]);
        assert!(!writes.is_empty());
    }
}

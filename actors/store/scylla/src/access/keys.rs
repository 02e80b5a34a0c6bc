//! API keys: `api_keys` by the digest of the key, and `user_api_keys`, a
//! partition per user with its keys by creation time then digest (oldest
//! first, as the embedded store lists them).
//!
//! A key and its index entry are written, moved and deleted in one logged
//! batch. Listing reads the user's index partition, then each key, and
//! lists a key only if it still belongs to that user with that creation
//! time, so an entry left behind by two racing writes never shows a key
//! under the wrong user.

use futures_util::future::try_join_all;
use trackgate_store::{ApiKey, SecretDigest, StoreError, UserId};

use crate::codec;
use crate::db::{self, Db};
use crate::values::{Writes, big, blob, digest_blob, digest_of, key};

/// The index entry `(user, created_ms, digest)` of `key`.
fn index_values(api_key: &ApiKey) -> Vec<scylla::value::CqlValue> {
    vec![
        big(key(api_key.user.0)),
        big(api_key.created_ms),
        blob(digest_blob(&api_key.digest)),
    ]
}

/// The rows that replace `old` (if stored) by `new`.
pub(super) fn put_writes(old: Option<&ApiKey>, new: &ApiKey) -> Result<Writes, StoreError> {
    let mut writes = Writes::new();
    if let Some(old) = old
        && (old.user, old.created_ms) != (new.user, new.created_ms)
    {
        writes.push("user_api_keys.delete", index_values(old));
    }
    writes.push(
        "api_keys.put",
        vec![blob(digest_blob(&new.digest)), blob(codec::encode(new)?)],
    );
    writes.push("user_api_keys.put", index_values(new));
    Ok(writes)
}

/// The rows of `api_key` to delete.
pub(super) fn delete_writes(api_key: &ApiKey) -> Writes {
    let mut writes = Writes::new();
    writes.push("api_keys.delete", vec![blob(digest_blob(&api_key.digest))]);
    writes.push("user_api_keys.delete", index_values(api_key));
    writes
}

/// Reads a key's body stored under `digest`: it must name that digest.
fn decode(digest: &SecretDigest, body: &[u8]) -> Result<ApiKey, StoreError> {
    let api_key: ApiKey = codec::decode(body, "api key")?;
    if api_key.digest != *digest {
        return Err(StoreError::Corrupt(format!(
            "api key {}: the body is {}",
            digest.id(),
            api_key.digest.id()
        )));
    }
    Ok(api_key)
}

/// The key stored under `digest`.
pub(super) fn get(db: &Db, digest: &SecretDigest) -> Result<Option<ApiKey>, StoreError> {
    let row: Option<(Option<Vec<u8>>,)> = db.query_one("api_keys.get", (digest_blob(digest),))?;
    row.and_then(|(body,)| body)
        .map(|body| decode(digest, &body))
        .transpose()
}

/// Stores `api_key`, replacing one with the same digest.
pub(super) fn put(db: &Db, api_key: &ApiKey) -> Result<(), StoreError> {
    let old = get(db, &api_key.digest)?;
    put_writes(old.as_ref(), api_key)?.run(db)
}

/// Deletes the key stored under `digest`; whether there was one.
pub(super) fn delete(db: &Db, digest: &SecretDigest) -> Result<bool, StoreError> {
    let Some(old) = get(db, digest)? else {
        return Ok(false);
    };
    delete_writes(&old).run(db)?;
    Ok(true)
}

/// An entry of a user's index: `(created_ms, digest)`.
type Entry = (i64, Option<Vec<u8>>);

/// The user's index entries, read, and the keys they name, read at once.
fn entries_and_keys(db: &Db, user: UserId) -> Result<Vec<(Entry, Option<ApiKey>)>, StoreError> {
    let entries: Vec<Entry> = db.query("user_api_keys.of_user", (key(user.0),))?;
    let reads = entries.iter().map(|(_, column)| async move {
        let Some(column) = column else {
            return Ok(None);
        };
        let digest = digest_of(column, "api key index")?;
        let result = db.run("api_keys.get", (column.clone(),)).await?;
        let row: Option<(Option<Vec<u8>>,)> = db::first_row(result, "api_keys.get")?;
        row.and_then(|(body,)| body)
            .map(|body| decode(&digest, &body))
            .transpose()
    });
    let keys = db.block_on(try_join_all(reads))?;
    Ok(entries.into_iter().zip(keys).collect())
}

/// Whether the index entry `(created_ms)` of `user` names `api_key` as it
/// is stored now.
fn current(user: UserId, created_ms: i64, api_key: &ApiKey) -> bool {
    api_key.user == user && api_key.created_ms == created_ms
}

/// A user's keys, oldest first.
pub(super) fn of_user(db: &Db, user: UserId) -> Result<Vec<ApiKey>, StoreError> {
    Ok(entries_and_keys(db, user)?
        .into_iter()
        .filter_map(|((created_ms, _), api_key)| api_key.filter(|k| current(user, created_ms, k)))
        .collect())
}

/// Deletes every key of `user`, and every entry of its index.
pub(super) fn remove_user(db: &Db, user: UserId) -> Result<(), StoreError> {
    for ((created_ms, column), api_key) in entries_and_keys(db, user)? {
        match api_key {
            Some(api_key) if current(user, created_ms, &api_key) => {
                delete_writes(&api_key).run(db)?;
            }
            _ => {
                let Some(column) = column else { continue };
                let mut writes = Writes::new();
                writes.push(
                    "user_api_keys.delete",
                    vec![big(key(user.0)), big(created_ms), blob(column)],
                );
                writes.run(db)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_key(tag: &str, user: u64, created_ms: i64) -> ApiKey {
        ApiKey {
            digest: SecretDigest::of(tag),
            user: UserId(user),
            created_ms,
            title: format!("key {tag}"),
        }
    }

    #[test]
    fn a_new_key_writes_itself_and_its_index_entry() {
        let new = api_key("a", 4, 100);
        let writes = put_writes(None, &new).unwrap();
        assert_eq!(writes.names(), ["api_keys.put", "user_api_keys.put"]);
        assert_eq!(
            writes.values_for_tests()[1],
            vec![big(4), big(100), blob(digest_blob(&new.digest))]
        );
    }

    #[test]
    fn an_index_entry_moves_only_when_user_or_time_changed() {
        let old = api_key("a", 4, 100);
        let retitled = ApiKey {
            title: "renamed".into(),
            ..old.clone()
        };
        assert_eq!(put_writes(Some(&old), &retitled).unwrap().names().len(), 2);
        for moved in [
            ApiKey {
                user: UserId(5),
                ..old.clone()
            },
            ApiKey {
                created_ms: 50,
                ..old.clone()
            },
        ] {
            let writes = put_writes(Some(&old), &moved).unwrap();
            assert_eq!(
                writes.names(),
                ["user_api_keys.delete", "api_keys.put", "user_api_keys.put"]
            );
            assert_eq!(writes.values_for_tests()[0], index_values(&old));
        }
    }

    #[test]
    fn a_delete_takes_the_key_and_its_entry() {
        let old = api_key("a", 4, 100);
        let writes = delete_writes(&old);
        assert_eq!(writes.names(), ["api_keys.delete", "user_api_keys.delete"]);
        assert_eq!(writes.values_for_tests()[1], index_values(&old));
    }

    #[test]
    fn an_entry_lists_its_key_only_while_it_describes_it() {
        let k = api_key("a", 4, 100);
        assert!(current(UserId(4), 100, &k));
        assert!(!current(UserId(5), 100, &k), "moved to another user");
        assert!(!current(UserId(4), 50, &k), "recreated at another time");
    }

    #[test]
    fn bodies_round_trip_and_a_wrong_one_is_corrupt() {
        let k = api_key("a", 4, 100);
        let body = codec::encode(&k).unwrap();
        assert_eq!(decode(&k.digest, &body).unwrap(), k);
        assert!(matches!(
            decode(&SecretDigest::of("b"), &body),
            Err(StoreError::Corrupt(_))
        ));
        assert!(matches!(
            decode(&k.digest, &[1]),
            Err(StoreError::Corrupt(_))
        ));
    }
}

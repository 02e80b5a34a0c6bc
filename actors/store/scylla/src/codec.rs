//! Entity bodies: one format byte, then the postcard bytes of the entity.
//!
//! Tables keep the columns their reads look up by (ids, logins, owners,
//! times) as real columns, and the entity itself in a `body blob`. The
//! format byte lets a later release read, and migrate, bodies written by
//! this one instead of misreading them.

use serde::Serialize;
use serde::de::DeserializeOwned;
use trackgate_store::StoreError;

/// The format byte of every body this version writes.
pub(crate) const BODY_V1: u8 = 1;

/// `BODY_V1 | postcard(value)`.
pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, StoreError> {
    postcard::to_extend(value, vec![BODY_V1])
        .map_err(|e| StoreError::Corrupt(format!("encoding a body: {e}")))
}

/// Reads a body written by [`encode`]; `what` names it in errors.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, StoreError> {
    let body = match bytes.split_first() {
        Some((&BODY_V1, body)) => body,
        Some((other, _)) => {
            return Err(StoreError::Corrupt(format!(
                "{what}: unknown body format {other}"
            )));
        }
        None => return Err(StoreError::Corrupt(format!("{what}: empty body"))),
    };
    let (value, rest) =
        postcard::take_from_bytes(body).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))?;
    if rest.is_empty() {
        Ok(value)
    } else {
        Err(StoreError::Corrupt(format!(
            "{what}: {} bytes after the body",
            rest.len()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_back_and_damage_is_corrupt() {
        let value = ("abc".to_owned(), 42_u64, vec![1.5_f64]);
        let bytes = encode(&value).unwrap();
        assert_eq!(bytes[0], BODY_V1);
        let back: (String, u64, Vec<f64>) = decode(&bytes, "t").unwrap();
        assert_eq!(back, value);

        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            decode::<(String, u64, Vec<f64>)>(&longer, "t"),
            Err(StoreError::Corrupt(_))
        ));
        let mut other = bytes.clone();
        other[0] = 9;
        assert!(matches!(
            decode::<(String, u64, Vec<f64>)>(&other, "t"),
            Err(StoreError::Corrupt(_))
        ));
        assert!(matches!(
            decode::<u64>(&[], "t"),
            Err(StoreError::Corrupt(_))
        ));
        assert!(matches!(
            decode::<(String, u64, Vec<f64>)>(&bytes[..3], "t"),
            Err(StoreError::Corrupt(_))
        ));
    }
}

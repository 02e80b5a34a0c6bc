//! IMEIs for simulated devices.
//!
//! A device's IMEI is `base + index`, its first 14 digits taken as the body
//! and the 15th replaced by the Luhn check digit, the way a real IMEI ends.
//! So consecutive devices have distinct, valid 15-digit IMEIs as long as the
//! body does not run past 14 digits.

/// Why an IMEI could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImeiError {
    /// The base plus the device index does not fit in 15 digits.
    #[error("IMEI base {base} + {count} devices runs past 15 digits")]
    Overflow {
        /// The first IMEI.
        base: u64,
        /// How many devices.
        count: u64,
    },
}

/// Largest 15-digit number.
const MAX: u64 = 999_999_999_999_999;

/// The IMEI of device `index`: 14 digits of `(base / 10) + index` and a Luhn check digit.
///
/// The base's own last digit is ignored, since it is the check digit's place.
pub fn imei(base: u64, index: u64) -> Result<String, ImeiError> {
    let body = (base / 10)
        .checked_add(index)
        .filter(|b| *b <= MAX / 10)
        .ok_or(ImeiError::Overflow { base, count: index })?;
    let body = format!("{body:014}");
    let check = luhn_check_digit(&body);
    Ok(format!("{body}{check}"))
}

/// Checks that `count` devices from `base` all get valid IMEIs.
pub fn check_range(base: u64, count: u64) -> Result<(), ImeiError> {
    if base > MAX {
        return Err(ImeiError::Overflow { base, count });
    }
    imei(base, count.saturating_sub(1))
        .map(drop)
        .map_err(|_| ImeiError::Overflow { base, count })
}

pub use trackgate_protocols::luhn_check_digit;

/// Whether all of `number` (check digit included) passes the Luhn check.
pub fn luhn_valid(number: &str) -> bool {
    let Some((body, last)) = number.split_at_checked(number.len().saturating_sub(1)) else {
        return false;
    };
    !body.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && last.starts_with(luhn_check_digit(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_imeis_pass_luhn() {
        // The IMEI in Teltonika's protocol documentation, and a textbook one.
        assert!(luhn_valid("356307042441013"));
        assert!(luhn_valid("490154203237518"));
        assert!(!luhn_valid("490154203237517"));
        assert_eq!(luhn_check_digit("35630704244101"), '3');
    }

    #[test]
    fn consecutive_devices_get_distinct_valid_imeis() {
        let base = 350_000_000_000_000;
        let first = imei(base, 0).unwrap();
        assert_eq!(first.len(), 15);
        assert!(first.starts_with("35000000000000"));
        let all: Vec<String> = (0..1_000).map(|i| imei(base, i).unwrap()).collect();
        for imei in &all {
            assert_eq!(imei.len(), 15);
            assert!(luhn_valid(imei), "{imei}");
        }
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        assert_eq!(imei(base, 1).unwrap()[..14], *"35000000000001");
    }

    #[test]
    fn small_bases_are_zero_padded() {
        let imei = imei(0, 7).unwrap();
        assert_eq!(imei.len(), 15);
        assert!(imei.starts_with("00000000000007"));
    }

    #[test]
    fn overflow_is_refused() {
        assert!(check_range(999_999_999_999_990, 1).is_ok());
        assert!(check_range(999_999_999_999_990, 2).is_err());
        assert!(check_range(1_000_000_000_000_000, 1).is_err());
    }
}

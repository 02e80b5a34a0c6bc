//! Amounts of money: exact decimals, never floats.
//!
//! [`Money`] wraps a [`Decimal`] and stores it as its mantissa and scale,
//! two integers, so the stored form depends on no crate's serde format and
//! a damaged value is refused rather than misread.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of money, exact to its decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub Decimal);

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Parses a decimal amount such as `9.99` or `120`; `None` for anything
    /// else (exponents, thousands separators, more than 28 decimals).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let plain = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
        if !plain {
            return None;
        }
        Decimal::from_str(text).ok().map(Self)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.normalize().fmt(f)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.0.mantissa(), self.0.scale()).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (mantissa, scale) = <(i128, u32)>::deserialize(deserializer)?;
        Decimal::try_from_i128_with_scale(mantissa, scale)
            .map(Self)
            .map_err(|e| D::Error::custom(format!("amount out of range: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_exactly_and_print_without_trailing_zeros() {
        let price = Money::parse("9.990").expect("an amount");
        assert_eq!(price.to_string(), "9.99");
        assert_eq!(Money::parse("120").expect("whole").to_string(), "120");
        assert_eq!(
            Money::parse("0.1")
                .expect("a")
                .0
                .checked_add(Money::parse("0.2").expect("b").0),
            Some(Money::parse("0.3").expect("c").0),
            "no binary rounding"
        );
        for bad in ["", "1e3", "1,000", "ten", "1.2.3", " "] {
            assert_eq!(Money::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn stored_form_round_trips_and_refuses_bad_scales() {
        let price = Money::parse("-12.345").expect("an amount");
        let bytes = postcard::to_stdvec(&price).expect("encodes");
        assert_eq!(
            postcard::from_bytes::<Money>(&bytes).expect("decodes"),
            price
        );
        let bad = postcard::to_stdvec(&(1_i128, 99_u32)).expect("encodes");
        assert!(postcard::from_bytes::<Money>(&bad).is_err());
    }
}

//! Filter, order and page, as Navixy's list calls take them: `filter`
//! (text found in any of the listed fields, case-insensitive; empty or
//! blank = no filter), `order_by` (one of the call's fields),
//! `ascending` (default `true`), `offset` (default 0) and `limit`
//! (default: all). `count` is the number of entries the filter keeps,
//! before paging.

use std::cmp::Ordering;

use crate::error::ApiError;
use crate::params::Params;

/// What a list call was asked for.
#[derive(Debug, Clone)]
pub struct Listing {
    /// Lower-case filter text, if any.
    pub filter: Option<String>,
    /// The field to order by (one of the call's).
    pub order_by: &'static str,
    /// Ascending unless `false`.
    pub ascending: bool,
    /// Entries skipped.
    pub offset: usize,
    /// Entries answered at most.
    pub limit: Option<usize>,
}

impl Listing {
    /// Reads the parameters; `order_by` must be one of `orders` (the first
    /// is the default).
    pub fn read(params: &Params, orders: &[&'static str]) -> Result<Self, ApiError> {
        let filter = params
            .opt_str("filter")?
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_lowercase);
        let order_by = match params.opt_str("order_by")? {
            None => orders.first().copied().unwrap_or("id"),
            Some(name) => orders.iter().copied().find(|o| *o == name).ok_or_else(|| {
                ApiError::invalid("order_by", format!("must be one of {}", orders.join(", ")))
            })?,
        };
        let count = |name: &str| -> Result<Option<usize>, ApiError> {
            params
                .opt_int(name)?
                .map(|n| {
                    usize::try_from(n).map_err(|_| ApiError::invalid(name, "must not be negative"))
                })
                .transpose()
        };
        Ok(Self {
            filter,
            order_by,
            ascending: params.opt_bool("ascending")?.unwrap_or(true),
            offset: count("offset")?.unwrap_or(0),
            limit: count("limit")?,
        })
    }

    /// Whether any of `fields` holds the filter text (always, with none).
    pub fn keeps(&self, fields: &[&str]) -> bool {
        self.filter
            .as_deref()
            .is_none_or(|f| fields.iter().any(|field| field.to_lowercase().contains(f)))
    }

    /// Orders `items` by `compare` (for the field asked for; ties by
    /// whatever order they came in), then answers the page and the count.
    pub fn page<T>(
        &self,
        mut items: Vec<T>,
        compare: impl Fn(&T, &T, &str) -> Ordering,
    ) -> (Vec<T>, usize) {
        items.sort_by(|a, b| {
            let order = compare(a, b, self.order_by);
            if self.ascending {
                order
            } else {
                order.reverse()
            }
        });
        let count = items.len();
        let page = items
            .into_iter()
            .skip(self.offset)
            .take(self.limit.unwrap_or(usize::MAX))
            .collect();
        (page, count)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn orders_filters_and_pages() {
        let params = Params::from_json(json!({ "filter": " B ", "order_by": "name",
            "ascending": false, "offset": 1, "limit": 1 }));
        let listing = Listing::read(&params, &["id", "name"]).expect("reads");
        let names = ["abc", "bcd", "xyz", "b"];
        let kept: Vec<&str> = names.into_iter().filter(|n| listing.keeps(&[n])).collect();
        let (page, count) = listing.page(kept, |a, b, _| a.cmp(b));
        assert_eq!((page, count), (vec!["b"], 3));
    }

    #[test]
    fn refuses_unknown_orders_and_negative_pages() {
        let bad = Listing::read(&Params::from_json(json!({ "order_by": "x" })), &["id"]);
        assert_eq!(
            bad.map(|_| ()).map_err(|e| e.errors[0].parameter.clone()),
            Err("order_by".into())
        );
        let bad = Listing::read(&Params::from_json(json!({ "offset": -1 })), &["id"]);
        assert_eq!(
            bad.map(|_| ()).map_err(|e| e.errors[0].parameter.clone()),
            Err("offset".into())
        );
    }
}

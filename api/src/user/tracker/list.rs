//! `tracker/list`: the trackers the caller sees, with their groups and
//! tags, optionally only those whose label contains one of `labels`.

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use crate::ApiState;
use crate::error::ApiError;
use crate::params::Params;
use crate::time::UserZone;
use crate::user::account::auth::UserCall;
use crate::user::{success, view};

/// Most label filters one call may give.
pub const MAX_LABELS: usize = 1024;
/// The longest label filter, in characters.
pub const MAX_LABEL_LEN: usize = 60;

/// `tracker/list`: `labels` (optional) keeps the trackers whose label
/// contains any of them, ignoring case.
pub async fn list(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let filters = labels(&call.params)?;
    let zone = UserZone::of(&call.user);
    let mut list = Vec::new();
    // A tracker's tariff is its owner's plan: one read per owner, not per
    // tracker (a caller's trackers mostly share one).
    let mut tariffs = std::collections::HashMap::new();
    for tracker in call.scope.trackers(&state)? {
        if let Some(filters) = &filters {
            let label = tracker.label.to_lowercase();
            if !filters.iter().any(|f| label.contains(f.as_str())) {
                continue;
            }
        }
        let group = state.store.tracker_group(tracker.id)?;
        let tags = state.store.tracker_tags(tracker.id)?;
        let tariff = match tariffs.get(&tracker.owner) {
            Some(tariff) => *tariff,
            None => {
                let tariff = view::tariff_of(&*state.store, &tracker)?;
                tariffs.insert(tracker.owner, tariff);
                tariff
            }
        };
        list.push(view::tracker_with(&tracker, group, &tags, tariff, &zone));
    }
    Ok(success(json!({ "list": list })))
}

/// The `labels` filter, lower-cased: 1 to 1,024 distinct strings of 1 to
/// 60 characters, or none.
fn labels(params: &Params) -> Result<Option<Vec<String>>, ApiError> {
    let bad = |why: &str| ApiError::invalid("labels", why);
    let Some(value) = params.opt_json("labels")? else {
        return Ok(None);
    };
    let Value::Array(items) = value else {
        return Err(bad("must be an array of strings"));
    };
    if items.is_empty() || items.len() > MAX_LABELS {
        return Err(bad("must hold 1 to 1024 items"));
    }
    let mut seen = Vec::with_capacity(items.len());
    for item in &items {
        let text = match item {
            Value::Null => return Err(bad("must not hold null items")),
            Value::String(text) => text,
            _ => return Err(bad("must be an array of strings")),
        };
        if !(1..=MAX_LABEL_LEN).contains(&text.chars().count()) {
            return Err(bad("items must be 1 to 60 characters long"));
        }
        if seen.contains(&text) {
            return Err(bad("must not hold duplicate items"));
        }
        seen.push(text);
    }
    Ok(Some(seen.into_iter().map(|s| s.to_lowercase()).collect()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(labels: Value) -> Result<Option<Vec<String>>, ApiError> {
        super::labels(&Params::from_json(json!({ "labels": labels })))
    }

    #[test]
    fn labels_are_read_as_json_or_text_and_lower_cased() {
        assert_eq!(
            parse(json!(["Aa", "b"])).expect("array"),
            Some(vec!["aa".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            parse(json!(r#"["x"]"#)).expect("text"),
            Some(vec!["x".to_owned()])
        );
        assert_eq!(labels(&Params::default()).expect("absent"), None);
        let sixty = "é".repeat(60);
        assert!(parse(json!([sixty])).is_ok(), "characters, not bytes");
    }

    #[test]
    fn broken_constraints_name_labels() {
        let many: Vec<String> = (0..=MAX_LABELS).map(|n| n.to_string()).collect();
        for (bad, why) in [
            (json!([]), "empty"),
            (json!(many), "too many"),
            (json!(["a", null]), "null item"),
            (json!(["a", "a"]), "duplicate"),
            (json!([""]), "empty item"),
            (json!(["x".repeat(61)]), "long item"),
            (json!([1]), "not a string"),
            (json!("plain"), "not an array"),
            (json!({"a": 1}), "an object"),
        ] {
            let error = parse(bad).expect_err(why);
            assert_eq!(error.code, 7, "{why}");
            assert_eq!(error.errors[0].parameter, "labels", "{why}");
        }
    }
}

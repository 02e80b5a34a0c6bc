//! Tags: `tag/list`, `tag/create`, `tag/update`, `tag/delete`, and putting
//! them on trackers with `tracker/tags/set`.
//!
//! Tags belong to the account: a sub-user sees its master's tags and needs
//! `tag_update` to change them, and `tracker_update` to tag a tracker it
//! sees. Another account's tag is as unknown as a missing one.

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};
use trackgate_store::{NewTag, Tag, TagBinding, TagId};

use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::user::account::auth::UserCall;
use crate::user::fields;
use crate::user::subusers::rights::Right;
use crate::user::success;

/// The largest ordinal of a tag on a tracker.
pub const MAX_ORDINAL: i64 = 5;
/// Most tags one `tag/delete` may name with `tag_ids`.
const MAX_DELETE: usize = 1000;

fn tag_view(tag: &Tag) -> Value {
    json!({ "id": tag.id.0, "name": tag.name, "color": tag.color })
}

/// The account's tag with `id`, or 201.
fn own_tag(state: &ApiState, call: &UserCall, id: u64) -> Result<Tag, ApiError> {
    state
        .store
        .tag(TagId(id))?
        .filter(|tag| tag.owner == call.scope.account)
        .ok_or_else(|| ApiError::code(Code::NotFound))
}

/// `tag/list`: the account's tags; `filter` (3 to 60 characters) keeps
/// those whose name contains it, ignoring case.
pub async fn list(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let filter = match call.params.opt_str("filter")? {
        None => None,
        Some(f) if (3..=60).contains(&f.chars().count()) => Some(f.to_lowercase()),
        Some(_) => {
            return Err(ApiError::invalid("filter", "must be 3 to 60 characters"));
        }
    };
    let list: Vec<Value> = state
        .store
        .user_tags(call.scope.account)?
        .iter()
        .filter(|tag| {
            filter
                .as_ref()
                .is_none_or(|f| tag.name.to_lowercase().contains(f.as_str()))
        })
        .map(tag_view)
        .collect();
    Ok(success(json!({ "list": list })))
}

/// `tag/create`: `tag` is `{name, color}`; answers the new tag's `id`.
pub async fn create(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::TagUpdate)?;
    let object = fields::object_param(&call.params, "tag")?;
    let new = NewTag {
        owner: call.scope.account,
        name: fields::title(object.get("name"), "tag.name")?,
        color: fields::color(object.get("color"), "tag.color")?,
    };
    let store = state.store.clone();
    let tag = web::block(move || store.create_tag(new)).await??;
    Ok(success(json!({ "id": tag.id.0 })))
}

/// `tag/update`: `tag` is `{id, name, color}`; 201 for an unknown tag.
pub async fn update(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::TagUpdate)?;
    let object = fields::object_param(&call.params, "tag")?;
    let id = fields::id(object.get("id"), "tag.id")?;
    let name = fields::title(object.get("name"), "tag.name")?;
    let color = fields::color(object.get("color"), "tag.color")?;
    let tag = Tag {
        name,
        color,
        ..own_tag(&state, &call, id)?
    };
    let store = state.store.clone();
    web::block(move || store.update_tag(&tag)).await??;
    Ok(success(json!({})))
}

/// `tag/delete`: `tag_id` (201 if unknown) or `tag_ids` (unknown ones are
/// skipped), exactly one of them. Deleted tags leave every tracker.
pub async fn delete(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    call.require(Right::TagUpdate)?;
    let params = &call.params;
    let ids = match (params.raw("tag_id"), params.raw("tag_ids")) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "tag_ids",
                "give tag_id or tag_ids, not both",
            ));
        }
        (Some(_), None) => vec![own_tag(&state, &call, fields::id_param(params, "tag_id")?)?.id],
        (None, Some(_)) => {
            let mut ids = Vec::new();
            for id in fields::ids_param(params, "tag_ids", MAX_DELETE)? {
                if let Ok(tag) = own_tag(&state, &call, id) {
                    ids.push(tag.id);
                }
            }
            ids
        }
        (None, None) => return Err(ApiError::invalid("tag_id", "required")),
    };
    let store = state.store.clone();
    web::block(move || -> Result<(), ApiError> {
        for id in ids {
            store.delete_tag(id)?;
        }
        Ok(())
    })
    .await??;
    Ok(success(json!({})))
}

/// `tracker/tags/set`: replaces the tracker's tags with `tag_bindings`, a
/// list of `{tag_id, ordinal}` with distinct tags and distinct ordinals
/// from 0 to 5 (an empty list removes them all). 204 for a tag the account
/// does not have.
pub async fn set_tracker_tags(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    call.require(Right::TrackerUpdate)?;
    let tracker = call.tracker(&state)?;
    let bindings = bindings(call.params.opt_json("tag_bindings")?)?;
    for binding in &bindings {
        match state.store.tag(binding.tag)? {
            Some(tag) if tag.owner == call.scope.account => {}
            _ => return Err(ApiError::code(Code::EntityNotFound)),
        }
    }
    let store = state.store.clone();
    web::block(move || store.set_tracker_tags(tracker.id, &bindings)).await??;
    Ok(success(json!({})))
}

/// Reads `tag_bindings`.
fn bindings(value: Option<Value>) -> Result<Vec<TagBinding>, ApiError> {
    let bad = |why: &str| ApiError::invalid("tag_bindings", why);
    let items = match value {
        Some(Value::Array(items)) => items,
        None => return Err(bad("required")),
        Some(_) => return Err(bad("must be an array of {tag_id, ordinal} objects")),
    };
    let mut out: Vec<TagBinding> = Vec::with_capacity(items.len());
    for item in &items {
        let object = item
            .as_object()
            .ok_or_else(|| bad("must be an array of {tag_id, ordinal} objects"))?;
        let tag = TagId(fields::id(object.get("tag_id"), "tag_bindings")?);
        let ordinal = object
            .get("ordinal")
            .and_then(Value::as_i64)
            .filter(|o| (0..=MAX_ORDINAL).contains(o))
            .and_then(|o| u8::try_from(o).ok())
            .ok_or_else(|| bad("ordinal must be an integer from 0 to 5"))?;
        if out.iter().any(|b| b.tag == tag) {
            return Err(bad("tag_id must be unique"));
        }
        if out.iter().any(|b| b.ordinal == ordinal) {
            return Err(bad("ordinal must be unique"));
        }
        out.push(TagBinding { tag, ordinal });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_distinct_and_ordinals_bounded() {
        let ok = bindings(Some(
            json!([{"tag_id": 4, "ordinal": 1}, {"tag_id": "5", "ordinal": 0}]),
        ))
        .expect("valid");
        assert_eq!(
            ok,
            [
                TagBinding {
                    tag: TagId(4),
                    ordinal: 1
                },
                TagBinding {
                    tag: TagId(5),
                    ordinal: 0
                }
            ]
        );
        assert_eq!(bindings(Some(json!([]))).expect("empty clears"), []);
        for (bad, why) in [
            (
                json!([{"tag_id": 1, "ordinal": 1}, {"tag_id": 1, "ordinal": 2}]),
                "same tag",
            ),
            (
                json!([{"tag_id": 1, "ordinal": 1}, {"tag_id": 2, "ordinal": 1}]),
                "same ordinal",
            ),
            (json!([{"tag_id": 1, "ordinal": 6}]), "ordinal too big"),
            (json!([{"tag_id": 1, "ordinal": -1}]), "negative ordinal"),
            (json!([{"tag_id": 1}]), "no ordinal"),
            (json!([{"tag_id": 0, "ordinal": 1}]), "tag id 0"),
            (json!([1]), "not an object"),
            (json!({"tag_id": 1}), "not an array"),
        ] {
            let error = bindings(Some(bad)).expect_err(why);
            assert_eq!(error.errors[0].parameter, "tag_bindings", "{why}");
        }
        assert_eq!(
            bindings(None).expect_err("missing").errors[0].error,
            "required"
        );
    }
}

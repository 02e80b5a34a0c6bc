//! `tracker/move`, `tracker/settings/update` and `tracker/source/update`:
//! a tracker's owner, label and device.
//!
//! Whatever gives an account a tracker, or a tracker a device id or a
//! phone number, runs under [`crate::accounts::claims`] with the rules
//! every other surface applies: a move is admitted by
//! [`crate::accounts::admit_tracker`] (the target's plan, account and
//! reseller limits: 221; its reseller's credits: 251), a device id another
//! tracker has is 224, a phone number another tracker has 223, and the
//! number of a SIM bundled with another device 241 (the User API's own
//! checks, `tracker/replace` and `tracker/change_phone`).

use actix_web::web;
use serde_json::Map;
use trackgate_actors::now_ms;
use trackgate_protocols::IdType;
use trackgate_store::{Store, Tracker, UserId};

use super::call::{PanelCall, positive};
use super::routes::Answer;
use super::tracker_view::{self, Seen, not_corrupted};
use crate::ApiState;
use crate::accounts::claims;
use crate::error::{ApiError, Code};
use crate::server::objects::disconnect_if_inactive;
use crate::user::tracker::registration::check_not_bundled_sim;
use crate::user::tracker::registration::device_params::{self as dp, Checks};
use crate::user::tracker::registration::register::{check_phone_free, check_room};
use crate::user::tracker::registration::replace::{disconnect_old, take_device};

/// The longest comment `tracker/settings/update` takes (Navixy's).
const MAX_COMMENT: usize = 3000;

/// `tracker/move`: `tracker_id` to the user `user_id`. 219 for a clone,
/// 252 for a corrupted tracker, 246 when the user is the owner already or
/// is not one the caller sees (a sub-user neither), 247 when the user has
/// a clone of the tracker, 221/251 when the user's account may not take
/// it. The tracker leaves its group, tags and the old owner's sub-users;
/// its history, commands and clones go with it.
pub async fn move_tracker(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let target_id = UserId(positive(&call.params, "user_id")?);
    web::block(move || -> Result<(), ApiError> {
        let Seen { tracker, owner } = tracker_view::named(&state, &call, "tracker_id")?;
        if tracker.clone_of.is_some() {
            return Err(ApiError::code(Code::NotAllowedForClones));
        }
        not_corrupted(&state, &tracker)?;
        let store = &*state.store;
        let target = match store.user(target_id)? {
            Some(user) if call.sees_user(&state, &user)? && store.subuser(user.id)?.is_none() => {
                user
            }
            _ => return Err(ApiError::code(Code::InvalidUserId)),
        };
        if owner.as_ref().is_some_and(|o| o.id == target.id) {
            return Err(ApiError::code(Code::InvalidUserId));
        }
        let _claims = claims();
        let Some(mut tracker) = store
            .tracker(tracker.id)?
            .filter(|t| t.owner == tracker.owner)
        else {
            return Err(ApiError::code(Code::NotFound));
        };
        let has_clone = store
            .user_trackers(target.id)?
            .iter()
            .any(|t| t.clone_of == Some(tracker.id));
        if has_clone {
            return Err(ApiError::code(Code::EntityAlreadyExists));
        }
        let admission = check_room(store, target.id)?;
        let moved = hand_over(store, &mut tracker, target.id);
        if moved.is_err() {
            admission.refund(store)?;
        }
        moved?;
        tracing::info!(
            tracker = tracker.id.0,
            user = target.id.0,
            admin = %call.admin.login,
            "tracker moved by the panel"
        );
        disconnect_if_inactive(&state, &tracker);
        Ok(())
    })
    .await??;
    Ok(Map::new())
}

/// Gives `tracker` to `target`, suspended as the target's renewal says.
/// The store drops the old account's group, tags and sub-user bindings of
/// it in the same write.
fn hand_over(store: &dyn Store, tracker: &mut Tracker, target: UserId) -> Result<(), ApiError> {
    tracker.owner = Some(target);
    tracker.suspended = store.renewal(target)?.is_some_and(|r| r.suspended);
    store.update_tracker(tracker)?;
    Ok(())
}

/// `tracker/settings/update`: `label` (1 to 60 printable characters,
/// without `<` and `>`), `comment` (at most 3,000 characters, accepted and
/// not kept) and `deleted` (`false` only: trackgate keeps no deleted
/// mark). 252 for a corrupted tracker.
pub async fn update_settings(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let mut checks = Checks::default();
    let label = match call.params.raw("label") {
        Some(_) => checks.take("label", dp::label(&call.params).and_then(no_angles)),
        None => None,
    };
    if let Some(comment) = checks.take("comment", call.params.opt_str("comment"))
        && comment.is_some_and(|c| c.chars().count() > MAX_COMMENT)
    {
        checks.fail("comment", "must be at most 3000 characters");
    }
    if checks.take("deleted", call.params.opt_bool("deleted")) == Some(Some(true)) {
        checks.fail(
            "deleted",
            "trackgate keeps no deleted mark; only false is accepted",
        );
    }
    checks.finish()?;
    web::block(move || -> Result<(), ApiError> {
        let Seen { tracker, .. } = tracker_view::named(&state, &call, "tracker_id")?;
        not_corrupted(&state, &tracker)?;
        if let Some(label) = label {
            let _claims = claims();
            let Some(mut tracker) = state.store.tracker(tracker.id)? else {
                return Err(ApiError::code(Code::NotFound));
            };
            tracker.label = label;
            state.store.update_tracker(&tracker)?;
        }
        Ok(())
    })
    .await??;
    Ok(Map::new())
}

/// A label without `<` or `>` (Navixy's rule for panel labels).
fn no_angles(label: String) -> Result<String, ApiError> {
    if label.contains(['<', '>']) {
        Err(ApiError::invalid("label", "must not contain < or >"))
    } else {
        Ok(label)
    }
}

/// What `tracker/source/update` changes, each `None` when not given.
struct SourceChange {
    blocked: Option<bool>,
    device_id: Option<String>,
    /// `Some(None)` takes the phone number away.
    phone: Option<Option<String>>,
}

impl SourceChange {
    fn read(call: &PanelCall) -> Result<Self, ApiError> {
        let params = &call.params;
        let mut checks = Checks::default();
        let blocked = checks.take("blocked", params.opt_bool("blocked")).flatten();
        let device_id = match checks
            .take("device_id", params.opt_str("device_id"))
            .flatten()
        {
            Some(id) => checks.take(
                "device_id",
                dp::device_id("device_id", id.trim(), IdType::Custom),
            ),
            None => None,
        };
        let phone = match checks.take("phone", params.opt_str("phone")).flatten() {
            Some(phone) if phone.trim().is_empty() => Some(None),
            Some(phone) => checks.take("phone", dp::phone(phone)).map(Some),
            None => None,
        };
        checks.finish()?;
        Ok(Self {
            blocked,
            device_id,
            phone,
        })
    }
}

/// `tracker/source/update`: `blocked` (Navixy's), and trackgate's
/// `device_id` (the tracker moves to that device, as `tracker/replace`
/// does: 224 if another tracker has it) and `phone` (223 if another
/// tracker has it, 241 if it is a SIM bundled with another device; empty
/// takes it away). 219 for a clone (its device is its source's), 252 for a
/// corrupted tracker. Blocking closes the device's connection; a new
/// device id closes the old device's.
pub async fn update_source(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let change = SourceChange::read(&call)?;
    web::block(move || -> Result<(), ApiError> {
        let Seen { tracker, .. } = tracker_view::named(&state, &call, "tracker_id")?;
        if tracker.clone_of.is_some() {
            return Err(ApiError::code(Code::NotAllowedForClones));
        }
        not_corrupted(&state, &tracker)?;
        let store = &*state.store;
        let _claims = claims();
        let Some(mut tracker) = store.tracker(tracker.id)?.filter(|t| !t.corrupted) else {
            return Err(ApiError::code(Code::NotFound));
        };
        let replaced = match change.device_id {
            Some(device_id) if device_id != tracker.device_id => {
                take_device(store, &device_id)?;
                tracker.device_id = device_id;
                tracker.replaced_ms = Some(now_ms());
                true
            }
            _ => false,
        };
        if let Some(phone) = change.phone {
            if let Some(phone) = phone.as_deref() {
                check_not_bundled_sim(store, phone, &tracker.device_id)?;
            }
            check_phone_free(store, phone.as_deref(), Some(tracker.id))?;
            tracker.phone = phone;
        }
        if let Some(blocked) = change.blocked {
            tracker.blocked = blocked;
        }
        store.update_tracker(&tracker)?;
        if replaced {
            disconnect_old(&state, &tracker);
        }
        disconnect_if_inactive(&state, &tracker);
        Ok(())
    })
    .await??;
    Ok(Map::new())
}

//! `mag`: seed 001's MAG devices are trackgate's trackers, named by their
//! hardware id. `new`, `update`, `delete`, `info`.
//!
//! The id is `mac_address` (or `imei`): a MAC address written with `:` or
//! `-` (`00:1A:79:79:79:79`) is the device id of its twelve hex digits in
//! upper case (`001A79797979`); any other id is taken as written, 1 to 64
//! letters or digits, as the command API takes IMEIs. A tracker's fields,
//! as `data[...]`: `name` (its label), `expire_date`, `disabled` and
//! `user_id` (the line it belongs to; `0`: none). Giving a tracker to a
//! line follows the line's limits and spends its reseller's credit, as
//! every way of adding a tracker to an account does (`crate::accounts`).

use serde_json::{Value, json};
use trackgate_actors::now_ms;
use trackgate_store::{NewTracker, Store, StoreError, Tracker, User, UserId};

use super::fields::{Call, Data, Field, Given};
use super::lines::IGNORED as LINE_IGNORED;
use super::reply::Answer;
use super::views::{connection, flag, unix, unix_or_null};
use crate::ApiState;
use crate::accounts::{admit_tracker, claims};
use crate::server::ServerError;
use crate::server::objects::{delete_object, disconnect_if_inactive, refusal_text};

/// The fields a tracker takes.
const KNOWN: &[&str] = &[
    "mac_address",
    "imei",
    "name",
    "expire_date",
    "disabled",
    "user_id",
];

/// Seed 001's fields that mean nothing for a tracker, besides a line's: a
/// plan is its account's, and a device has one connection.
const IGNORED: &[&str] = &["subscription_plan_id", "max_allowed_connections"];

/// Characters a device id may have.
const MAX_DEVICE_ID: usize = 64;

/// The device id `text` names (see the module docs), if it names one.
pub fn device_id(text: &str) -> Option<String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split([':', '-']).collect();
    if parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Some(parts.concat().to_ascii_uppercase());
    }
    (!text.is_empty()
        && text.len() <= MAX_DEVICE_ID
        && text.bytes().all(|b| b.is_ascii_alphanumeric()))
    .then(|| text.to_owned())
}

/// The device id in `mac_address`, or else `imei`, of `field`'s kind.
fn named_device<'a>(field: impl Fn(&'a str) -> Field<'a>) -> Result<String, ServerError> {
    let mac = field("mac_address");
    let given = match mac.text()?.flatten() {
        Some(text) => text,
        None => match field("imei").text()?.flatten() {
            Some(text) => text,
            None => return Err(mac.error("is missing")),
        },
    };
    device_id(&given).ok_or_else(|| ServerError::bad("Invalid MAC Address"))
}

/// The tracker of the device the call names (top-level `mac_address` or
/// `imei`).
fn mag(state: &ApiState, call: &Call) -> Result<Tracker, ServerError> {
    let device = named_device(|name| call.top(name))?;
    state
        .store
        .tracker_by_device(&device)?
        .filter(|t| !t.corrupted)
        .ok_or_else(|| ServerError::bad("MAC Address not found"))
}

/// The line `data[user_id]` names, if it names one (`Some(None)`: none).
fn owner(store: &dyn Store, data: &Data) -> Result<Given<User>, ServerError> {
    let field = data.field("user_id");
    match field.id()? {
        None => Ok(None),
        Some(None) => Ok(Some(None)),
        Some(Some(id)) => match store.user(UserId(id))? {
            Some(user) => Ok(Some(Some(user))),
            None => Err(field.error("names no line")),
        },
    }
}

/// A tracker's settings as a call gives them.
struct Settings {
    label: Given<String>,
    expires_ms: Given<i64>,
    blocked: Given<bool>,
}

impl Settings {
    fn read(data: &Data) -> Result<Self, ServerError> {
        Ok(Self {
            label: data.field("name").text()?,
            expires_ms: data.field("expire_date").time()?,
            blocked: data.field("disabled").flag()?,
        })
    }

    fn apply(self, tracker: &mut Tracker) {
        if let Some(label) = self.label {
            tracker.label = label.unwrap_or_else(|| tracker.device_id.clone());
        }
        if let Some(at) = self.expires_ms {
            tracker.expires_ms = at;
        }
        if let Some(blocked) = self.blocked {
            tracker.blocked = blocked.unwrap_or(false);
        }
    }
}

fn check_names(data: &Data) -> Result<(), ServerError> {
    let ignored: Vec<&str> = LINE_IGNORED.iter().chain(IGNORED).copied().collect();
    data.check_names(KNOWN, &ignored, "a MAG device (tracker)")
}

/// `mag/new`: a tracker for the device, given to `data[user_id]` when
/// named.
pub fn new(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let store = &*state.store;
    let data = call.data()?;
    check_names(&data)?;
    let device = named_device(|name| data.field(name))?;
    let settings = Settings::read(&data)?;
    let owner = owner(store, &data)?.flatten();
    let _claims = claims();
    if store.tracker_by_device(&device)?.is_some() {
        return Err(ServerError::bad("MAC Address already exists"));
    }
    let admission = match &owner {
        Some(user) => {
            Some(admit_tracker(store, user.id)?.map_err(|r| ServerError::bad(refusal_text(r)))?)
        }
        None => None,
    };
    let created = store.create_tracker(NewTracker {
        device_id: device.clone(),
        label: device.clone(),
        model: String::new(),
        owner: owner.as_ref().map(|u| u.id),
        created_ms: now_ms(),
    });
    let mut tracker = match created {
        Ok(tracker) => tracker,
        Err(error) => {
            if let Some(admission) = admission {
                admission.refund(store)?;
            }
            return Err(match error {
                StoreError::Conflict(_) => ServerError::bad("MAC Address already exists"),
                other => other.into(),
            });
        }
    };
    settings.apply(&mut tracker);
    if let Err(error) = store.update_tracker(&tracker) {
        // Not half made: the tracker goes again, and its credit back.
        store.delete_tracker(tracker.id)?;
        if let Some(admission) = admission {
            admission.refund(store)?;
        }
        return Err(error.into());
    }
    tracing::info!(tracker = tracker.id.0, device = %device, "MAG device (tracker) added");
    Ok(Answer::ok().with("created_id", tracker.id.0))
}

/// `mag/update`: the tracker gets the fields of `data`; a new
/// `data[user_id]` moves it to that line (its limits and reseller's
/// credit apply), `0` takes it from its line.
pub fn update(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let store = &*state.store;
    let data = call.data()?;
    check_names(&data)?;
    for fixed in ["mac_address", "imei"] {
        if data.has(fixed) {
            return Err(data.field(fixed).error(
                "cannot be changed: a device id moves to another device with tracker/replace",
            ));
        }
    }
    let settings = Settings::read(&data)?;
    let owner = owner(store, &data)?;
    let _claims = claims();
    let mut tracker = mag(state, call)?;
    let mut admission = None;
    if let Some(owner) = owner {
        let id = owner.map(|u| u.id);
        if id != tracker.owner {
            if let Some(user) = id {
                admission = Some(
                    admit_tracker(store, user)?.map_err(|r| ServerError::bad(refusal_text(r)))?,
                );
            }
            tracker.owner = id;
        }
    }
    settings.apply(&mut tracker);
    if let Err(error) = store.update_tracker(&tracker) {
        if let Some(admission) = admission {
            admission.refund(store)?;
        }
        return Err(error.into());
    }
    disconnect_if_inactive(state, &tracker);
    Ok(Answer::ok().with("modified_id", tracker.id.0))
}

/// `mag/delete`: the tracker, as `DEL_OBJECT` deletes it.
pub fn delete(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let tracker = mag(state, call)?;
    delete_object(state, tracker)?;
    Ok(Answer::ok())
}

/// `mag/info`: the tracker (`mag_info`), its device's connection
/// (`mag_conn_info`, empty when it is not connected) and its id
/// (`mag_channel_ids`).
pub fn info(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let store = &*state.store;
    let tracker = mag(state, call)?;
    let owner = tracker
        .owner
        .map(|id| store.user(id))
        .transpose()?
        .flatten();
    let stored = trackgate_store::current_state(store, tracker.id)?;
    let connections: Vec<Value> = connection(state, &tracker, &tracker.device_id)?
        .into_iter()
        .collect();
    let info = json!({
        "id": tracker.id.0,
        "mac_address": tracker.device_id,
        "name": tracker.label,
        "protocol": tracker.model,
        "user_id": tracker.owner.map(|u| u.0),
        "username": owner.map(|u| u.login),
        "expire_date": unix_or_null(tracker.expires_ms),
        "disabled": flag(tracker.blocked),
        "max_allowed_connections": 1,
        "created_at": unix(tracker.created_ms),
        "last_update": unix_or_null(stored.and_then(|s| s.last_update_ms)),
    });
    Ok(Answer::ok()
        .with("mag_info", info)
        .with("mag_conn_info", connections)
        .with("mag_channel_ids", vec![tracker.id.0]))
}

#[cfg(test)]
mod tests {
    use super::device_id;

    #[test]
    fn mac_addresses_and_imeis_name_devices() {
        assert_eq!(
            device_id("00:1a:79:79:79:79").as_deref(),
            Some("001A79797979")
        );
        assert_eq!(
            device_id("00-1A-79-79-79-7F").as_deref(),
            Some("001A7979797F")
        );
        assert_eq!(
            device_id("356307042441013").as_deref(),
            Some("356307042441013")
        );
        for bad in [
            "",
            "00:1A:79:79:79",
            "00:1A:79:79:79:7G",
            "a b",
            &"1".repeat(65),
        ] {
            assert_eq!(device_id(bad), None, "{bad:?}");
        }
    }
}

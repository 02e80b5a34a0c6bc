//! A tracker bundle as the Panel API writes it, and the devices
//! `tracker/bundle/import` reads.
//!
//! Of Navixy's bundle object trackgate answers what it keeps: `id`,
//! `imei`, `iccid`, `model_code`, `order_id` and `assign_time` (when the
//! device was imported, UTC). It has no equipment catalogue, so Navixy's
//! `equip_*` fields are left out. Its own fields say who the device is
//! for and what became of it: `phone` (the bundled SIM's number),
//! `dealer_id`, `used`, and once a user registered it `tracker_id`,
//! `user_id` and `use_time` (`null` before).

use serde_json::{Value, json};
use trackgate_store::{Bundle, DealerId, NewBundle};

use crate::error::ApiError;
use crate::params::Params;
use crate::time::format_datetime;
use crate::user::tracker::registration::device_params;

/// The most devices one import takes.
pub const MAX_IMPORT: usize = 1_000;

/// The longest IMEI (device id) a bundle takes.
const MAX_IMEI: usize = 64;

/// A bundle as answered.
pub fn view(bundle: &Bundle) -> Value {
    json!({
        "id": bundle.id.0,
        "imei": bundle.imei,
        "iccid": bundle.iccid,
        "model_code": bundle.model,
        "order_id": bundle.order_id,
        "assign_time": format_datetime(bundle.created_ms),
        "phone": bundle.phone,
        "dealer_id": bundle.dealer.map(|d| d.0),
        "used": bundle.used.is_some(),
        "tracker_id": bundle.used.map(|u| u.tracker.0),
        "user_id": bundle.used.map(|u| u.user.0),
        "use_time": bundle.used.map(|u| format_datetime(u.time_ms)),
    })
}

/// The texts `filter` looks in: Navixy's `id`, `imei`, `model_code`,
/// `iccid` and `assign_time`.
pub fn filtered_fields(bundle: &Bundle) -> [String; 5] {
    [
        bundle.id.0.to_string(),
        bundle.imei.clone(),
        bundle.model.clone().unwrap_or_default(),
        bundle.iccid.clone().unwrap_or_default(),
        format_datetime(bundle.created_ms),
    ]
}

/// An IMEI (a device id): 1 to 64 printable characters without spaces,
/// as registration's custom device ids are.
pub fn imei(value: &str, name: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if (1..=MAX_IMEI).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(value.to_owned())
    } else {
        Err(ApiError::invalid(
            name,
            "must be 1 to 64 printable characters without spaces",
        ))
    }
}

/// An ICCID: 3 to 20 printable characters (Navixy's rule, as
/// registration checks it).
pub fn iccid(value: &str, name: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if (3..=20).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(value.to_owned())
    } else {
        Err(ApiError::invalid(
            name,
            "must be 3 to 20 printable characters",
        ))
    }
}

/// An order id: a positive integer; `None` when absent, null or 0.
pub fn order_id(params: &Params, name: &str) -> Result<Option<u64>, ApiError> {
    match params.opt_int(name)? {
        None | Some(0) => Ok(None),
        Some(id) => u64::try_from(id)
            .map(Some)
            .map_err(|_| ApiError::invalid(name, "must be a positive integer or null")),
    }
}

/// What `tracker/bundle/import` applies to every device that does not
/// name its own.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// `model_code`.
    pub model: Option<String>,
    /// `order_id`.
    pub order_id: Option<u64>,
}

/// A model code: 1 to 64 printable characters without spaces.
fn model_code(value: &str, name: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if (1..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(value.to_owned())
    } else {
        Err(ApiError::invalid(
            name,
            "must be 1 to 64 printable characters without spaces",
        ))
    }
}

impl Defaults {
    /// Reads `model_code` and `order_id` of the call.
    pub fn read(params: &Params) -> Result<Self, ApiError> {
        let model = match params.opt_str("model_code")? {
            Some(text) => Some(model_code(text, "model_code")?),
            None => None,
        };
        Ok(Self {
            model,
            order_id: order_id(params, "order_id")?,
        })
    }
}

/// The devices of `imeis` (a JSON array, JSON text of one, or IMEIs
/// separated by commas): each an IMEI, or an object with `imei` and
/// optionally `iccid`, `phone`, `model_code` and `order_id`. Errors name
/// the entry (`imeis.2.iccid`).
pub fn devices(
    params: &Params,
    defaults: &Defaults,
    dealer: Option<DealerId>,
    now_ms: i64,
) -> Result<Vec<NewBundle>, ApiError> {
    let entries = match params.opt_json("imeis")? {
        Some(Value::Array(entries)) => entries,
        // A form's `imeis=1,2`.
        Some(Value::String(text)) if !text.trim().is_empty() => text
            .split(',')
            .map(|imei| Value::String(imei.trim().to_owned()))
            .collect(),
        Some(_) => return Err(ApiError::invalid("imeis", "must be an array")),
        None => return Err(ApiError::invalid("imeis", "required")),
    };
    if entries.is_empty() || entries.len() > MAX_IMPORT {
        return Err(ApiError::invalid("imeis", "must hold 1 to 1000 devices"));
    }
    entries
        .into_iter()
        .enumerate()
        .map(|(n, entry)| device(entry, &format!("imeis.{n}"), defaults, dealer, now_ms))
        .collect()
}

/// One entry of `imeis`, named `name` in errors.
fn device(
    entry: Value,
    name: &str,
    defaults: &Defaults,
    dealer: Option<DealerId>,
    now_ms: i64,
) -> Result<NewBundle, ApiError> {
    let field = |f: &str| format!("{name}.{f}");
    let mut new = NewBundle {
        imei: String::new(),
        iccid: None,
        phone: None,
        model: defaults.model.clone(),
        dealer,
        order_id: defaults.order_id,
        created_ms: now_ms,
    };
    match entry {
        Value::String(text) => new.imei = imei(&text, name)?,
        Value::Number(number) => new.imei = imei(&number.to_string(), name)?,
        Value::Object(fields) => {
            let fields = Params::from_json(Value::Object(fields));
            let named = |e: ApiError| super::user_view::inside(name, e);
            new.imei = imei(fields.str("imei").map_err(named)?, &field("imei"))?;
            if let Some(text) = fields.opt_str("iccid").map_err(named)? {
                new.iccid = Some(iccid(text, &field("iccid"))?);
            }
            if let Some(text) = fields.opt_str("phone").map_err(named)? {
                new.phone = Some(device_params::phone(text).map_err(named)?);
            }
            if let Some(text) = fields.opt_str("model_code").map_err(named)? {
                new.model = Some(model_code(text, &field("model_code"))?);
            }
            if fields.raw("order_id").is_some() {
                new.order_id = order_id(&fields, "order_id").map_err(named)?;
            }
        }
        _ => {
            return Err(ApiError::invalid(
                name,
                "must be an IMEI or an object with imei",
            ));
        }
    }
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameter(error: ApiError) -> String {
        error.errors[0].parameter.clone()
    }

    #[test]
    fn imports_imeis_and_objects_and_names_bad_fields() {
        let params = Params::from_json(json!({ "imeis": ["356307042441013",
            { "imei": "754854", "iccid": "8949000011", "phone": "+491700000001",
              "model_code": "fmb120", "order_id": 9 }] }));
        let defaults = Defaults {
            model: Some("teltonika".into()),
            order_id: Some(3),
        };
        let read = devices(&params, &defaults, Some(DealerId(2)), 5).expect("devices");
        assert_eq!(read[0].model.as_deref(), Some("teltonika"));
        assert_eq!(read[0].order_id, Some(3));
        assert_eq!(read[1].iccid.as_deref(), Some("8949000011"));
        assert_eq!(read[1].order_id, Some(9));
        assert_eq!(read[1].dealer, Some(DealerId(2)));

        let bad = Params::from_json(json!({ "imeis": ["1", { "imei": "2", "iccid": "x" }] }));
        let error = devices(&bad, &Defaults::default(), None, 0).map(|_| ());
        assert_eq!(error.map_err(parameter), Err("imeis.1.iccid".into()));
        let bad = Params::from_json(json!({ "imeis": [{ "imei": "2", "phone": "abc" }] }));
        let error = devices(&bad, &Defaults::default(), None, 0).map(|_| ());
        assert_eq!(error.map_err(parameter), Err("imeis.0.phone".into()));
        let bad = Params::from_json(json!({ "imeis": ["with space"] }));
        let error = devices(&bad, &Defaults::default(), None, 0).map(|_| ());
        assert_eq!(error.map_err(parameter), Err("imeis.0".into()));
        let empty = Params::from_json(json!({ "imeis": [] }));
        let error = devices(&empty, &Defaults::default(), None, 0).map(|_| ());
        assert_eq!(error.map_err(parameter), Err("imeis".into()));
    }
}

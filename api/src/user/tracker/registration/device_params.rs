//! The parameters that describe a device, as `tracker/register`,
//! `tracker/replace` and their variants take them: label, model, plugin,
//! device id, phone and APN. Every broken rule is collected, so one
//! answer (code 7) names each bad parameter.

use trackgate_protocols::{IdType, Protocol};
use trackgate_store::Apn;

use crate::error::{ApiError, Code, ParamError};
use crate::params::Params;

/// The registration plugin trackgate serves: the device is named by its
/// id and reached by its SIM's phone number and APN (Navixy's plugin 37).
/// An `activation_code` is a dealer's code, checked and used by
/// `tracker/register` (`super::activation`).
pub const PLUGIN_PHONE_APN: i64 = 37;

/// Longest label (Navixy: 1 to 60 printable characters).
const MAX_LABEL: usize = 60;
/// Longest APN name, user or password.
const MAX_APN: usize = 40;

/// Collects parameter errors, and answers them all at once.
#[derive(Debug, Default)]
pub struct Checks {
    errors: Vec<ParamError>,
}

impl Checks {
    /// The value, or `None` with its errors kept. Errors other than code 7
    /// are kept as an error on the parameter named `parameter`.
    pub fn take<T>(&mut self, parameter: &str, result: Result<T, ApiError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) if error.errors.is_empty() => {
                self.fail(parameter, error.description);
                None
            }
            Err(error) => {
                self.errors.extend(error.errors);
                None
            }
        }
    }

    /// Records one broken rule.
    pub fn fail(&mut self, parameter: &str, error: impl Into<String>) {
        self.errors.push(ParamError {
            parameter: parameter.to_owned(),
            error: error.into(),
        });
    }

    /// Code 7 naming every broken rule, if there was one.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::invalid_all(self.errors))
        }
    }
}

/// `label`: 1 to 60 printable characters.
pub fn label(params: &Params) -> Result<String, ApiError> {
    let label = params.str("label")?;
    let count = label.chars().count();
    if count == 0 || count > MAX_LABEL || label.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "label",
            "must be 1 to 60 printable characters",
        ));
    }
    Ok(label.to_owned())
}

/// `group_id`: 0 (no group, also when absent) or a group's id.
pub fn group_id(params: &Params) -> Result<i64, ApiError> {
    match params.opt_int("group_id")?.unwrap_or(0) {
        id if id >= 0 => Ok(id),
        _ => Err(ApiError::invalid("group_id", "must be 0 or a group id")),
    }
}

/// `model`, as a code of `tracker/list_models`; unknown codes answer 220
/// (after parameter errors, which the caller reports first).
pub fn model(params: &Params) -> Result<Result<Protocol, ApiError>, ApiError> {
    let code = params.str("model")?;
    Ok(trackgate_protocols::catalogue::by_name(code)
        .ok_or_else(|| ApiError::code(Code::UnknownDeviceModel)))
}

/// `plugin_id`: only [`PLUGIN_PHONE_APN`] exists (222 otherwise).
pub fn plugin(params: &Params) -> Result<Result<(), ApiError>, ApiError> {
    let plugin = params.int("plugin_id")?;
    Ok(if plugin == PLUGIN_PHONE_APN {
        Ok(())
    } else {
        Err(ApiError::code(Code::PluginNotFound))
    })
}

/// A device id of the form `id_type` (as `tracker/list_models` gives it):
/// `imei` is 15 digits, `id,N` N digits, anything else 1 to 64 printable
/// characters without spaces.
pub fn device_id(name: &str, value: &str, id_type: IdType) -> Result<String, ApiError> {
    if id_type.accepts(value) {
        return Ok(value.to_owned());
    }
    Err(ApiError::invalid(
        name,
        match id_type {
            IdType::Imei => "must be an IMEI: 15 digits".to_string(),
            other => format!("is not a device id of type {}", other.label()),
        },
    ))
}

/// A phone number: digits, optionally after a `+`, 5 to 20 of them.
pub fn phone(value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    let digits = value.strip_prefix('+').unwrap_or(value);
    if !(5..=20).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::invalid(
            "phone",
            "must be 5 to 20 digits, optionally after +",
        ));
    }
    Ok(value.to_owned())
}

/// `apn_name`, `apn_user`, `apn_password`: each at most 40 characters;
/// `None` when none is given.
pub fn apn(params: &Params, checks: &mut Checks) -> Option<Apn> {
    let mut part = |name: &str| -> Option<String> {
        let value = checks.take(name, params.opt_str(name))??;
        if value.chars().count() > MAX_APN {
            checks.fail(name, "must be at most 40 characters");
            return None;
        }
        Some(value.to_owned())
    };
    let (name, user, password) = (part("apn_name"), part("apn_user"), part("apn_password"));
    if name.is_none() && user.is_none() && password.is_none() {
        return None;
    }
    Some(Apn {
        name: name.unwrap_or_default(),
        user: user.unwrap_or_default(),
        password: password.unwrap_or_default(),
    })
}

/// A new device as `tracker/register` and `tracker/replace` describe it,
/// each parameter read; its model, plugin and id checked by [`Self::resolve`].
#[derive(Debug)]
pub struct DeviceParams {
    model: Result<Protocol, ApiError>,
    plugin: Result<(), ApiError>,
    device_id: String,
    /// The SIM's phone number.
    pub phone: String,
    /// The SIM's APN, if given.
    pub apn: Option<Apn>,
    /// `send_register_commands`, if given.
    pub send: Option<bool>,
}

/// The checked device: its protocol and its id in the model's form.
#[derive(Debug)]
pub struct NewDevice {
    /// The model's protocol.
    pub protocol: Protocol,
    /// The device id.
    pub device_id: String,
}

/// Reads `model`, `plugin_id`, `device_id`, `phone`, the APN and
/// `send_register_commands`; `None` (with the errors in `checks`) when one
/// is malformed.
pub fn device_params(params: &Params, checks: &mut Checks) -> Option<DeviceParams> {
    let model = checks.take("model", model(params));
    let plugin = checks.take("plugin_id", plugin(params));
    let device_id = checks.take("device_id", params.str("device_id"));
    let phone = checks.take("phone", params.str("phone").and_then(phone));
    let apn = apn(params, checks);
    let send = checks.take(
        "send_register_commands",
        params.opt_bool("send_register_commands"),
    );
    Some(DeviceParams {
        model: model?,
        plugin: plugin?,
        device_id: device_id?.to_owned(),
        phone: phone?,
        apn,
        send: send?,
    })
}

impl DeviceParams {
    /// 220 for an unknown model, 222 for an unknown plugin, then 7 for a
    /// device id not of the model's form.
    pub fn resolve(&self) -> Result<NewDevice, ApiError> {
        let protocol = self.model.clone()?;
        self.plugin.clone()?;
        let id_type = protocol.model().id_type;
        Ok(NewDevice {
            protocol,
            device_id: device_id("device_id", &self.device_id, id_type)?,
        })
    }
}

/// `label` and `group_id`, as the `register` calls take them.
pub fn label_and_group(params: &Params, checks: &mut Checks) -> Option<(String, i64)> {
    let label = checks.take("label", label(params));
    let group = checks.take("group_id", group_id(params));
    Some((label?, group?))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn device_ids_follow_their_type() {
        assert!(device_id("device_id", "356307042441013", IdType::Imei).is_ok());
        assert!(device_id("device_id", "35630704244101", IdType::Imei).is_err());
        assert!(device_id("device_id", "35630704244101x", IdType::Imei).is_err());
        assert!(device_id("device_id", "088047365460", IdType::Digits(12)).is_ok());
        assert!(device_id("device_id", "08804736546", IdType::Digits(12)).is_err());
        assert!(device_id("device_id", "my-phone", IdType::Custom).is_ok());
        assert!(device_id("device_id", "my phone", IdType::Custom).is_err());
        assert!(device_id("device_id", "", IdType::Custom).is_err());
    }

    #[test]
    fn labels_are_1_to_60_printable_characters() {
        let of = |v: serde_json::Value| label(&Params::from_json(json!({ "label": v })));
        assert_eq!(of(json!("Courier")).unwrap(), "Courier");
        assert!(of(json!("")).is_err());
        assert!(of(json!("x".repeat(61))).is_err());
        assert!(of(json!("é".repeat(60))).is_ok());
        assert!(of(json!("a\nb")).is_err());
        assert!(of(json!(5)).is_err());
    }

    #[test]
    fn every_broken_apn_part_is_named() {
        let params = Params::from_json(json!({
            "apn_name": "x".repeat(41),
            "apn_user": 5,
            "apn_password": "ok",
        }));
        let mut checks = Checks::default();
        let expected = Apn {
            name: String::new(),
            user: String::new(),
            password: "ok".into(),
        };
        assert_eq!(apn(&params, &mut checks), Some(expected));
        let error = checks.finish().unwrap_err();
        assert_eq!(error.code, 7);
        let named: Vec<_> = error.errors.iter().map(|e| e.parameter.as_str()).collect();
        assert_eq!(named, ["apn_name", "apn_user"]);
        let mut none = Checks::default();
        assert_eq!(apn(&Params::from_json(json!({})), &mut none), None);
        assert!(none.finish().is_ok());
    }

    #[test]
    fn phones_are_digits_with_an_optional_plus() {
        assert_eq!(phone(" +79123122312 ").unwrap(), "+79123122312");
        assert!(phone("6156680000").is_ok());
        assert!(phone("1234").is_err());
        assert!(phone("+1-555-0100").is_err());
    }
}

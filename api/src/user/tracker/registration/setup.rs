//! Registration commands: the SMS texts that point a device at the gateway
//! (its SIM's APN and the gateway's address), sent when a tracker is
//! registered or replaced, and again by the `*_retry` calls.
//!
//! Each text goes through the SMS gateway and is recorded as one of the
//! tracker's commands (channel `sms`), so `tracker/command/list` shows it.

use std::collections::BTreeMap;

use trackgate_protocols::Protocol;
use trackgate_protocols::command::{Command, DeviceSetup};
use trackgate_store::{Apn, TrackerId};

use crate::ApiState;
use crate::error::{ApiError, Code, ParamError};
use crate::user::tracker::location::send_recorded_sms;

/// How devices reach the gateway, for registration commands.
#[derive(Debug, Clone, Default)]
pub struct Registration {
    /// The host name or address devices connect to; `None` when none is
    /// configured (then no registration commands can be sent).
    pub host: Option<String>,
    /// Each protocol's listener port, by protocol name; a protocol not
    /// listed uses its default port.
    pub ports: BTreeMap<String, u16>,
    /// Whether registration commands are sent when a call leaves
    /// `send_register_commands` out (the platform setting).
    pub send_commands: bool,
}

/// Whether a call needs the commands sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Not sent.
    No,
    /// Sent when everything they need is there; skipped otherwise (the
    /// platform setting applied to a call that did not ask).
    IfPossible,
    /// Sent, or the call answers 214 naming what is missing.
    Required,
}

impl Want {
    /// What `send_register_commands` asks for, the platform setting
    /// deciding when it is absent or null.
    pub fn from_param(asked: Option<bool>, registration: &Registration) -> Self {
        match asked {
            Some(true) => Self::Required,
            Some(false) => Self::No,
            None if registration.send_commands => Self::IfPossible,
            None => Self::No,
        }
    }
}

/// The texts to send and where: the phone and the SMS texts in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupPlan {
    /// The SIM's number.
    pub phone: String,
    /// The texts, in order.
    pub texts: Vec<String>,
}

/// Works out the registration commands for a device of `protocol` with
/// `phone` and `apn`, before anything is changed: `Ok(None)` when none are
/// to be sent, 214 naming what is missing when they are [`Want::Required`].
pub fn plan(
    state: &ApiState,
    protocol: Option<Protocol>,
    phone: Option<&str>,
    apn: Option<&Apn>,
    want: Want,
) -> Result<Option<SetupPlan>, ApiError> {
    if want == Want::No {
        return Ok(None);
    }
    let missing = |parameter: &str, why: &str| {
        if want == Want::Required {
            Err(ApiError {
                errors: vec![ParamError {
                    parameter: parameter.into(),
                    error: why.into(),
                }],
                ..ApiError::code(Code::NotSupportedByDevice)
            })
        } else {
            Ok(None)
        }
    };
    if !state.sms.is_configured() {
        return missing("send_register_commands", "no SMS gateway is configured");
    }
    let registration = &state.registration;
    let Some(host) = &registration.host else {
        return missing(
            "send_register_commands",
            "the gateway's address for devices is not configured",
        );
    };
    let Some(phone) = phone else {
        return missing("phone", "the tracker has no phone number");
    };
    let Some(protocol) = protocol else {
        return missing("model", "the tracker's protocol is not known");
    };
    let port = registration
        .ports
        .get(protocol.name())
        .copied()
        .unwrap_or_else(|| protocol.default_port());
    let empty = Apn::default();
    let apn = apn.unwrap_or(&empty);
    let setup = DeviceSetup {
        apn_name: &apn.name,
        apn_user: &apn.user,
        apn_password: &apn.password,
        host,
        port,
    };
    let texts = protocol
        .command_encoder()
        .map(|encoder| encoder.setup_sms(&setup))
        .unwrap_or_default();
    if texts.is_empty() {
        return missing(
            "model",
            "the device's protocol has no documented setup commands",
        );
    }
    Ok(Some(SetupPlan {
        phone: phone.to_owned(),
        texts,
    }))
}

/// Sends a plan's texts in order, each recorded as a command of `tracker`;
/// stops at the first the SMS gateway refuses and answers its error.
pub async fn send(state: &ApiState, tracker: TrackerId, plan: SetupPlan) -> Result<(), ApiError> {
    for text in plan.texts {
        send_recorded_sms(
            state,
            tracker,
            &plan.phone,
            Command::Text(text.clone()),
            text,
        )
        .await?;
    }
    Ok(())
}

//! `tracker/list_models`: the models trackgate's protocols support.
//!
//! One model per protocol, its `code` the protocol's name (the model a
//! tracker registered through a protocol gets). What the model can do is
//! read from the protocol's own code, not written down twice: the outputs
//! its command encoder addresses, whether it can ask for a position over
//! the connection or by SMS. Names, vendors, device kinds and identifier
//! types are each protocol's [`Model`](trackgate_protocols::Model),
//! in its spec.

use actix_web::HttpResponse;
use serde_json::{Value, json};
use trackgate_protocols::command::{Command, CommandEncoder, Target};
use trackgate_protocols::{DeviceId, DeviceKind, Protocol, Transport};

use crate::error::ApiError;
use crate::user::account::auth::UserCall;
use crate::user::success;

/// The outputs `encoder` addresses: the highest index it accepts, from 1.
fn outputs(encoder: &dyn CommandEncoder, target: &Target<'_>) -> u8 {
    (1..=16)
        .take_while(|&index| {
            encoder
                .encode(&Command::Output { index, on: true }, target)
                .is_ok()
        })
        .last()
        .unwrap_or(0)
}

fn model(id: usize, protocol: Protocol) -> Value {
    let model = protocol.model();
    let device = DeviceId(model.id_type.example());
    let transport = protocol
        .transports()
        .first()
        .copied()
        .unwrap_or(Transport::Tcp);
    let target = Target {
        device: &device,
        serial: 1,
        transport,
    };
    let (digital_outputs, gprs_location, sms_location) = match protocol.command_encoder() {
        Some(encoder) => (
            outputs(encoder, &target),
            encoder.encode(&Command::LocationRequest, &target).is_ok(),
            encoder.sms(&Command::LocationRequest).is_some(),
        ),
        None => (0, false, false),
    };
    json!({
        "id": id + 1,
        "code": protocol.name(),
        "type": model.kind.as_str(),
        "name": model.title,
        "vendor": model.vendor,
        "id_type": model.id_type.label(),
        "has_phone": model.kind == DeviceKind::Vehicle,
        "digital_outputs": digital_outputs,
        "has_location_request": sms_location,
        "has_gprs_location_request": gprs_location,
        "has_gsm_lbs_location_request": false,
        "has_chat": false,
        "register": true,
    })
}

/// `tracker/list_models`: every model, or those named in `codes`.
pub async fn list_models(call: UserCall) -> Result<HttpResponse, ApiError> {
    let codes: Option<Vec<String>> = match call.params.raw("codes") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|c| c.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .ok_or_else(|| ApiError::invalid("codes", "must be an array of strings"))?,
        ),
        Some(Value::String(text)) => Some(
            serde_json::from_str::<Vec<String>>(text)
                .map_err(|_| ApiError::invalid("codes", "must be an array of strings"))?,
        ),
        Some(_) => return Err(ApiError::invalid("codes", "must be an array of strings")),
    };
    let list: Vec<Value> = trackgate_protocols::catalogue::ALL
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            codes
                .as_ref()
                .is_none_or(|c| c.iter().any(|c| c == p.name()))
        })
        .map(|(i, p)| model(i, *p))
        .collect();
    Ok(success(json!({ "list": list })))
}

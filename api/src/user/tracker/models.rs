//! `tracker/list_models`: the models trackgate's protocols support.
//!
//! One model per protocol, its `code` the protocol's name (the model a
//! tracker registered through a protocol gets). What the model can do is
//! read from the protocol's own code, not written down twice: the outputs
//! its command encoder addresses, whether it can ask for a position over
//! the connection or by SMS. Names, vendors, device kinds and identifier
//! types are the catalogue below.

use actix_web::HttpResponse;
use serde_json::{Value, json};
use trackgate_protocols::command::{Command, CommandEncoder, Target};
use trackgate_protocols::{DeviceId, Protocol, Transport};

use crate::error::ApiError;
use crate::user::account::auth::UserCall;
use crate::user::success;

/// What the catalogue says of a protocol's devices.
struct Entry {
    name: &'static str,
    vendor: &'static str,
    kind: &'static str,
    id_type: &'static str,
    /// An identifier of that type, to ask the encoder with.
    example_id: &'static str,
}

/// The kind of device id a protocol's devices have: `imei`, `id,N` (N
/// digits) or `custom`.
pub fn id_type(protocol: Protocol) -> &'static str {
    entry(protocol).id_type
}

fn entry(protocol: Protocol) -> Entry {
    let (name, vendor, kind, id_type, example_id) = match protocol {
        Protocol::Teltonika => ("Teltonika FMB/FMC/FMM", "Teltonika", "vehicle", "imei", ""),
        Protocol::Jt808 => (
            "JT/T 808 terminal",
            "JT/T 808",
            "vehicle",
            "id,12",
            "001601285614",
        ),
        Protocol::H02 => ("H02 (Sinotrack and others)", "H02", "vehicle", "imei", ""),
        Protocol::Wialon => ("Wialon IPS device", "Wialon IPS", "vehicle", "imei", ""),
        Protocol::Gt06 => ("Concox GT06 family", "Concox", "vehicle", "imei", ""),
        Protocol::Osmand => ("OsmAnd / phone app", "OsmAnd", "personal", "custom", ""),
        Protocol::Gl200 => ("Queclink @Track (GV/GL)", "Queclink", "vehicle", "imei", ""),
        Protocol::Meitrack => ("Meitrack T/MVT/P series", "Meitrack", "vehicle", "imei", ""),
        Protocol::Tk103 => ("TK103", "TK103", "vehicle", "id,12", "088047365460"),
        Protocol::Gps103 => ("Coban GPS103", "Coban", "vehicle", "imei", ""),
        Protocol::Ruptela => ("Ruptela FM/Trace", "Ruptela", "vehicle", "imei", ""),
        Protocol::Galileo => ("Galileosky", "Galileosky", "vehicle", "imei", ""),
        Protocol::Atrack => ("ATrack AK/AX/AL/AT", "ATrack", "vehicle", "imei", ""),
        Protocol::Suntech => (
            "Suntech ST300/ST600/ST900",
            "Suntech",
            "vehicle",
            "custom",
            "",
        ),
        Protocol::Xexun => ("Xexun TK102/TK103", "Xexun", "personal", "imei", ""),
        Protocol::Xexun2 => ("Xexun (FA AF protocol)", "Xexun", "personal", "imei", ""),
        Protocol::Xexun3 => ("Xexun (protocol 3)", "Xexun", "personal", "imei", ""),
        Protocol::Watch => (
            "3G watch (SeTracker)",
            "3G watch",
            "personal",
            "id,10",
            "9031853319",
        ),
        Protocol::Topflytech => ("Topflytech", "Topflytech", "vehicle", "imei", ""),
        Protocol::Eelink => ("Eelink", "Eelink", "vehicle", "imei", ""),
    };
    Entry {
        name,
        vendor,
        kind,
        id_type,
        example_id: if example_id.is_empty() {
            "356307042441013"
        } else {
            example_id
        },
    }
}

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
    let entry = entry(protocol);
    let device = DeviceId(entry.example_id.to_owned());
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
    let encoder = protocol.command_encoder();
    let (digital_outputs, gprs_location, sms_location) = match &encoder {
        Some(encoder) => (
            outputs(encoder.as_ref(), &target),
            encoder.encode(&Command::LocationRequest, &target).is_ok(),
            encoder.sms(&Command::LocationRequest).is_some(),
        ),
        None => (0, false, false),
    };
    json!({
        "id": id + 1,
        "code": protocol.name(),
        "type": entry.kind,
        "name": entry.name,
        "vendor": entry.vendor,
        "id_type": entry.id_type,
        "has_phone": entry.kind == "vehicle",
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
    let list: Vec<Value> = Protocol::ALL
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

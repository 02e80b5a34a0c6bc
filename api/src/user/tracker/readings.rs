//! The readings calls: `tracker/get_diagnostics` (CAN and OBD inputs, and
//! diagnostic states), `tracker/get_fuel` (fuel inputs), `tracker/get_readings`
//! (other metering inputs) and `tracker/get_inputs` (discrete inputs and the
//! semantic inputs bound to them).
//!
//! Every answer comes from the tracker's state, live from its session when
//! it is connected, else as stored, with times in the caller's zone.
//! Inputs are described by [`super::catalogue`]. `update_time` is the
//! newest update among the values answered (null when there are none).

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use trackgate_actors::now_ms;
use trackgate_protocols::{Sensor, Value as Reading};
use trackgate_store::{Timed, TrackerState};

use super::catalogue::{self, Group};
use super::get::asked_state;
use crate::ApiState;
use crate::error::ApiError;
use crate::time::{LocalTime, UserZone};
use crate::user::account::auth::UserCall;
use crate::user::state_view::{Channels, ReadingText};
use crate::user::success_with;

/// The `input_number` of an ignition reported on a dedicated line rather
/// than on one of the numbered discrete inputs.
pub const DEDICATED_LINE: u32 = 0;

/// One `sensor value` object.
#[derive(Debug, Serialize)]
struct SensorValue<'a> {
    label: std::borrow::Cow<'static, str>,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: f64,
    units_type: &'static str,
    units: &'static str,
    converted_units_type: Option<&'static str>,
    converted_value: Option<f64>,
}

/// A reading as a number: booleans as 1/0, numeric text parsed, other text none.
fn as_number(value: &Reading) -> Option<f64> {
    match value {
        Reading::Number(n) => Some(*n),
        Reading::Bool(on) => Some(f64::from(u8::from(*on))),
        Reading::Text(text) => text.trim().parse().ok().filter(|n: &f64| n.is_finite()),
    }
}

/// The state's inputs that `group` shows, by name, and the newest update.
fn sensor_values(state: &TrackerState, group: Group) -> (Vec<SensorValue<'_>>, Option<i64>) {
    let mut newest = None;
    let values = state
        .values
        .iter()
        .filter_map(|(name, timed)| {
            let description = catalogue::describe(name, group)?;
            let value = as_number(&timed.value)?;
            newest = newest.max(Some(timed.updated_ms));
            Some(SensorValue {
                label: description.label,
                name,
                kind: description.kind,
                value,
                units_type: description.units_type,
                units: description.units,
                converted_units_type: None,
                converted_value: None,
            })
        })
        .collect();
    (values, newest)
}

#[derive(Serialize)]
struct InputsAnswer<'a> {
    user_time: LocalTime,
    inputs: Vec<SensorValue<'a>>,
    update_time: Option<LocalTime>,
}

#[derive(Serialize)]
struct DiagnosticsAnswer<'a> {
    user_time: LocalTime,
    inputs: Vec<SensorValue<'a>>,
    states: BTreeMap<&'a str, String>,
    update_time: Option<LocalTime>,
}

/// The caller's tracker's state and the caller's zone; 201, 208 or 7 as
/// `tracker_id` calls for.
async fn tracker_state(
    state: &ApiState,
    call: &UserCall,
) -> Result<(std::sync::Arc<TrackerState>, UserZone), ApiError> {
    let tracker = call.tracker(state)?;
    let (tracker_state, _) = asked_state(state, &tracker).await?;
    Ok((tracker_state, UserZone::of(&call.user)))
}

/// `tracker/get_diagnostics`: the last CAN and OBD readings, and the
/// diagnostic states (`obd_vin`, `hardware_key`, ...) as text.
pub async fn get_diagnostics(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    let (tracker_state, zone) = tracker_state(&state, &call).await?;
    let (inputs, mut newest) = sensor_values(&tracker_state, Group::Diagnostics);
    let states = tracker_state
        .values
        .iter()
        .filter(|(name, _)| catalogue::is_diagnostic_state(name))
        .map(|(name, timed)| {
            newest = newest.max(Some(timed.updated_ms));
            (&**name, ReadingText(&timed.value).to_string())
        })
        .collect();
    Ok(success_with(DiagnosticsAnswer {
        user_time: zone.at(now_ms()),
        inputs,
        states,
        update_time: zone.at_opt(newest),
    }))
}

/// `tracker/get_fuel`: the last readings of the fuel inputs.
pub async fn get_fuel(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    metering(&state, &call, Group::Fuel).await
}

/// `tracker/get_readings`: the last readings of the other metering inputs
/// (neither CAN/OBD nor fuel).
pub async fn get_readings(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    metering(&state, &call, Group::Readings).await
}

async fn metering(
    state: &ApiState,
    call: &UserCall,
    group: Group,
) -> Result<HttpResponse, ApiError> {
    let (tracker_state, zone) = tracker_state(state, call).await?;
    let (inputs, newest) = sensor_values(&tracker_state, group);
    Ok(success_with(InputsAnswer {
        user_time: zone.at(now_ms()),
        inputs,
        update_time: zone.at_opt(newest),
    }))
}

/// One semantic input of `tracker/get_inputs`.
#[derive(Serialize)]
struct SemanticInput {
    #[serde(rename = "type")]
    kind: &'static str,
    name: Option<&'static str>,
    status: bool,
    input_number: u32,
}

#[derive(Serialize)]
struct DiscreteAnswer<'a> {
    user_time: LocalTime,
    inputs: &'a [bool],
    states: Vec<SemanticInput>,
    update_time: Option<LocalTime>,
}

/// `tracker/get_inputs`: discrete inputs 1..N, and the ignition as a
/// semantic input when the device reports one.
pub async fn get_inputs(
    state: web::Data<ApiState>,
    call: UserCall,
) -> Result<HttpResponse, ApiError> {
    let (tracker_state, zone) = tracker_state(&state, &call).await?;
    let channels = Channels::of(&tracker_state, "input_");
    let mut newest = channels.updated();
    let mut states = Vec::new();
    if let Some(Timed {
        value: Reading::Bool(on),
        updated_ms,
    }) = tracker_state.values.get(Sensor::Ignition.name().as_ref())
    {
        newest = newest.max(Some(*updated_ms));
        states.push(SemanticInput {
            kind: "ignition",
            name: Some("Ignition"),
            status: *on,
            input_number: DEDICATED_LINE,
        });
    }
    Ok(success_with(DiscreteAnswer {
        user_time: zone.at(now_ms()),
        inputs: channels.values(),
        states,
        update_time: zone.at_opt(newest),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(values: &[(&str, Reading, i64)]) -> TrackerState {
        let mut state = TrackerState::default();
        for (name, value, at) in values {
            state.values.insert(
                (*name).into(),
                Timed {
                    value: value.clone(),
                    updated_ms: *at,
                },
            );
        }
        state
    }

    #[test]
    fn each_group_gets_its_own_inputs_and_newest_time() {
        let state = state(&[
            ("obd_rpm", Reading::Number(889.0), 30),
            ("can_fuel", Reading::Number(40.0), 20),
            ("board_voltage", Reading::Number(13.5), 10),
            ("analog_2", Reading::Text("1.25".into()), 15),
            ("ext_temp_sensor_1", Reading::Text("n/a".into()), 99),
            ("humidity", Reading::Number(50.0), 50),
        ]);
        let (diagnostics, at) = sensor_values(&state, Group::Diagnostics);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            (diagnostics[0].name, diagnostics[0].value, at),
            ("obd_rpm", 889.0, Some(30))
        );
        let (fuel, at) = sensor_values(&state, Group::Fuel);
        assert_eq!(
            (fuel[0].name, fuel[0].units_type, at),
            ("can_fuel", "percent", Some(20))
        );
        let (readings, at) = sensor_values(&state, Group::Readings);
        let names: Vec<_> = readings.iter().map(|r| (r.name, r.value)).collect();
        // Text that is no number is left out, and its time with it.
        assert_eq!(names, [("analog_2", 1.25), ("board_voltage", 13.5)]);
        assert_eq!(at, Some(15));
        assert_eq!(sensor_values(&TrackerState::default(), Group::Fuel).1, None);
    }

    #[test]
    fn sensor_values_are_written_as_navixy_shows_them() {
        let state = state(&[("board_voltage", Reading::Number(13.562), 0)]);
        let (values, _) = sensor_values(&state, Group::Readings);
        assert_eq!(
            serde_json::to_value(&values[0]).unwrap(),
            serde_json::json!({
                "label": "Board voltage", "name": "board_voltage", "type": "power",
                "value": 13.562, "units_type": "custom", "units": "V",
                "converted_units_type": null, "converted_value": null,
            })
        );
    }
}

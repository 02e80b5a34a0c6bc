//! `tracker/sensor/input_name/list`: every input and state name trackgate
//! knows, with its description, as Navixy lists them.
//!
//! Inputs come from [`super::catalogue`], the names the readings calls
//! show: one entry per fixed name, and one per numbered family under the
//! family's name without its number (`analog` for `analog_1` to
//! `analog_8`), described with `[N]` where the number goes, as Navixy
//! does. States are the diagnostic states `tracker/get_diagnostics` shows
//! (seed 003's list), with their `value_type` and, where the seed says
//! what 0 and 1 mean, `value_titles`. Descriptions are in English.

use std::collections::BTreeMap;

use actix_web::HttpResponse;
use serde_json::{Value, json};

use super::catalogue::{DIAGNOSTICS, FAMILIES, FUEL, READINGS};
use crate::error::ApiError;
use crate::user::account::auth::UserCall;
use crate::user::success;

/// What 0 and 1 mean for a closed/open state.
const CLOSE_OPEN: Option<(&str, &str)> = Some(("close", "open"));

/// A diagnostic state: name, description, Navixy's value type, and what
/// the values 0 and 1 mean, where known.
type State = (
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);

/// The diagnostic states (seed 003's list, and `obd_mil_status`).
const STATES: &[State] = &[
    ("obd_vin", "OBD: VIN", "String", None),
    (
        "obd_dtc_number",
        "OBD: Number of DTC codes",
        "Integer",
        None,
    ),
    ("obd_dtc_codes", "OBD: DTC codes", "String", None),
    (
        "obd_dtc_cleared_distance",
        "OBD: Distance since DTC codes cleared",
        "Double",
        None,
    ),
    (
        "obd_mil_activated_distance",
        "OBD: Distance with MIL on",
        "Double",
        None,
    ),
    ("obd_mil_status", "OBD: MIL status", "String", None),
    ("hardware_key", "Driver identification key", "String", None),
    ("external_power_state", "External power", "String", None),
    (
        "driver_ident_state",
        "Driver identification",
        "String",
        None,
    ),
    ("tacho_vin", "Tachograph: VIN", "String", None),
    (
        "tacho_card1_sn",
        "Tachograph: card 1 number",
        "String",
        None,
    ),
    (
        "tacho_card2_sn",
        "Tachograph: card 2 number",
        "String",
        None,
    ),
    (
        "tacho_vin_last_download",
        "Tachograph: last download of the vehicle unit",
        "String",
        None,
    ),
    (
        "tacho_card1_last_download",
        "Tachograph: last download of card 1",
        "String",
        None,
    ),
    (
        "tacho_card2_last_download",
        "Tachograph: last download of card 2",
        "String",
        None,
    ),
    ("can_hood_state", "CAN: Hood", "String", CLOSE_OPEN),
    (
        "can_airbag_state",
        "CAN: Airbag",
        "String",
        Some(("normal", "malfunction")),
    ),
    ("can_trunk_state", "CAN: Trunk", "String", CLOSE_OPEN),
    (
        "can_seat_belt_driver_state",
        "CAN: Driver's seat belt",
        "String",
        Some(("untied", "tied")),
    ),
    (
        "can_seat_belt_passenger_state",
        "CAN: Passenger's seat belt",
        "String",
        Some(("untied", "tied")),
    ),
    ("can_door_state", "CAN: Doors", "String", CLOSE_OPEN),
    (
        "can_door_driver_state",
        "CAN: Driver's door",
        "String",
        CLOSE_OPEN,
    ),
    (
        "can_door_passenger_state",
        "CAN: Passenger's door",
        "String",
        CLOSE_OPEN,
    ),
];

/// Every input entry, by name: the fixed names and the families.
fn inputs() -> BTreeMap<String, String> {
    let mut inputs = BTreeMap::new();
    for (name, (label, ..)) in DIAGNOSTICS.iter().chain(FUEL).chain(READINGS) {
        inputs.insert((*name).to_owned(), (*label).to_owned());
    }
    for family in FAMILIES {
        let name = family.prefix.trim_end_matches('_').to_owned();
        inputs.insert(name, format!("{} [N]", family.label));
    }
    inputs
}

/// The whole list, inputs (by name) then states.
pub fn list_entries() -> Vec<Value> {
    let mut list: Vec<Value> = inputs()
        .into_iter()
        .map(|(name, description)| json!({ "input_name": name, "description": description }))
        .collect();
    list.extend(
        STATES
            .iter()
            .map(|(name, description, value_type, titles)| {
                let mut entry = json!({
                    "input_name": name,
                    "description": description,
                    "value_type": value_type,
                });
                if let Some((zero, one)) = titles {
                    entry["value_titles"] = json!({ "0": zero, "1": one });
                }
                entry
            }),
    );
    list
}

/// `tracker/sensor/input_name/list`: only the session is needed.
pub async fn list(_call: UserCall) -> Result<HttpResponse, ApiError> {
    Ok(success(json!({ "list": list_entries() })))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::user::tracker::catalogue::{self, Group};

    #[test]
    fn every_known_input_and_state_is_listed_once() {
        let list = list_entries();
        let names: BTreeSet<&str> = list
            .iter()
            .filter_map(|e| e["input_name"].as_str())
            .collect();
        assert_eq!(names.len(), list.len(), "a name twice");
        for family in ["analog", "raw_can", "can_axle_load", "lls_level", "rs232"] {
            assert!(names.contains(family), "{family}");
        }
        for (name, group) in [
            ("obd_rpm", Group::Diagnostics),
            ("can_fuel_litres", Group::Fuel),
            ("board_voltage", Group::Readings),
        ] {
            assert!(names.contains(name), "{name}");
            let label = catalogue::describe(name, group).map(|d| d.label.into_owned());
            let listed = list.iter().find(|e| e["input_name"] == name);
            assert_eq!(
                listed
                    .and_then(|e| e["description"].as_str())
                    .map(str::to_owned),
                label
            );
        }
        let analog = list.iter().find(|e| e["input_name"] == "analog");
        assert_eq!(
            analog.map(|e| e["description"].clone()),
            Some(json!("Analog input [N]"))
        );
        for state in STATES {
            assert!(catalogue::is_diagnostic_state(state.0), "{}", state.0);
        }
        let hood = list.iter().find(|e| e["input_name"] == "can_hood_state");
        assert_eq!(
            hood.map(|e| e["value_titles"].clone()),
            Some(json!({ "0": "close", "1": "open" }))
        );
    }
}

//! What trackgate knows of each named input without per-tracker sensor
//! configuration: which readings call shows it, and how it is described.
//!
//! Names and the three lists follow seed 003 (`tracker/get_diagnostics`,
//! `tracker/get_fuel`, `tracker/get_readings`): a name on none of the lists
//! is in no readings answer (it still shows in a state's `additional`).
//! `rs232_x` is on both the fuel and the readings list, so it shows in both.
//! Sensor types are Navixy's metering sensor types; units types Navixy's
//! enum (`custom` with a `units` label where the enum has no unit).

use std::borrow::Cow;

/// Which readings call shows an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// `tracker/get_diagnostics`: CAN and OBD inputs.
    Diagnostics,
    /// `tracker/get_fuel`: fuel-related inputs.
    Fuel,
    /// `tracker/get_readings`: other metering inputs.
    Readings,
}

/// How an input is described in a readings answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// `label`, e.g. `OBD: RPM`.
    pub label: Cow<'static, str>,
    /// `type`: Navixy's metering sensor type.
    pub kind: &'static str,
    /// `units_type`: Navixy's unit enum.
    pub units_type: &'static str,
    /// `units`: the unit's label.
    pub units: &'static str,
}

/// A fixed entry: label, type, units type, units.
pub(super) type Entry = (&'static str, &'static str, &'static str, &'static str);

const CELSIUS: (&str, &str, &str) = ("temperature", "celsius", "°C");
const PERCENT: (&str, &str, &str) = ("custom", "percent", "%");
const VOLTS: (&str, &str, &str) = ("power", "custom", "V");
const KMH: (&str, &str, &str) = ("speed", "kmh", "km/h");
const RPM: (&str, &str, &str) = ("rpm", "custom", "rpm");
const LITRES: (&str, &str, &str) = ("fuel", "litre", "l");

/// Builds an entry from a label and a (type, units type, units) triple.
const fn entry(label: &'static str, unit: (&'static str, &'static str, &'static str)) -> Entry {
    (label, unit.0, unit.1, unit.2)
}

pub(super) const DIAGNOSTICS: &[(&str, Entry)] = &[
    (
        "obd_consumption",
        entry("OBD: Fuel consumption", ("fuel_consumption", "litre", "l")),
    ),
    ("obd_rpm", entry("OBD: RPM", RPM)),
    (
        "obd_fuel",
        entry("OBD: Fuel level", ("fuel", "percent", "%")),
    ),
    ("obd_coolant_t", entry("OBD: Coolant temperature", CELSIUS)),
    (
        "obd_intake_air_t",
        entry("OBD: Intake air temperature", CELSIUS),
    ),
    ("obd_throttle", entry("OBD: Throttle position", PERCENT)),
    ("obd_speed", entry("OBD: Speed", KMH)),
    ("obd_engine_load", entry("OBD: Engine load", PERCENT)),
    (
        "obd_absolute_load_value",
        entry("OBD: Absolute load value", PERCENT),
    ),
    (
        "obd_control_module_voltage",
        entry("OBD: Control module voltage", VOLTS),
    ),
    (
        "obd_time_since_engine_start",
        entry("OBD: Time since engine start", ("custom", "custom", "s")),
    ),
    (
        "obd_mil_run_time",
        entry("OBD: Run time with MIL on", ("custom", "custom", "min")),
    ),
    ("can_engine_temp", entry("CAN: Engine temperature", CELSIUS)),
    (
        "can_engine_hours",
        entry("CAN: Engine hours", ("custom", "hour", "h")),
    ),
    ("can_mileage", entry("CAN: Mileage", ("custom", "km", "km"))),
    ("can_throttle", entry("CAN: Throttle position", PERCENT)),
    (
        "can_consumption",
        entry("CAN: Fuel consumption", ("fuel_consumption", "litre", "l")),
    ),
    ("can_rpm", entry("CAN: RPM", RPM)),
    ("can_speed", entry("CAN: Speed", KMH)),
    (
        "can_r_prefix",
        entry("CAN: R prefix", ("custom", "custom", "")),
    ),
    ("can_coolant_t", entry("CAN: Coolant temperature", CELSIUS)),
    (
        "can_intake_air_t",
        entry("CAN: Intake air temperature", CELSIUS),
    ),
    ("can_engine_load", entry("CAN: Engine load", PERCENT)),
    ("can_adblue_level", entry("CAN: AdBlue level", PERCENT)),
    (
        "can_fuel_rate",
        entry("CAN: Fuel rate", ("instant_consumption", "custom", "l/h")),
    ),
];

pub(super) const FUEL: &[(&str, Entry)] = &[
    ("fuel_level", entry("Fuel level", LITRES)),
    (
        "fuel_frequency",
        entry("Fuel sensor frequency", ("fuel", "custom", "Hz")),
    ),
    (
        "fuel_consumption",
        entry("Fuel consumption", ("fuel_consumption", "litre", "l")),
    ),
    (
        "can_fuel",
        entry("CAN: Fuel level", ("fuel", "percent", "%")),
    ),
    (
        "can_fuel_2",
        entry("CAN: Fuel level 2", ("fuel", "percent", "%")),
    ),
    ("can_fuel_litres", entry("CAN: Fuel level", LITRES)),
    (
        "can_fuel_economy",
        entry("CAN: Fuel economy", ("custom", "custom", "km/l")),
    ),
];

pub(super) const READINGS: &[(&str, Entry)] = &[
    (
        "composite",
        entry("Composite sensor", ("custom", "custom", "")),
    ),
    (
        "input_status",
        entry("Input status", ("custom", "custom", "")),
    ),
    ("fuel_temperature", entry("Fuel temperature", CELSIUS)),
    ("board_voltage", entry("Board voltage", VOLTS)),
    ("temp_sensor", entry("Temperature sensor", CELSIUS)),
];

/// A numbered family: `<prefix><n>` with `n` in `1..=max`, its label
/// `<label> <n>`.
pub(super) struct Family {
    pub(super) prefix: &'static str,
    max: u32,
    pub(super) label: &'static str,
    unit: (&'static str, &'static str, &'static str),
    groups: &'static [Group],
}

pub(super) const FAMILIES: &[Family] = &[
    Family {
        prefix: "raw_can_",
        max: 16,
        label: "CAN: Raw value",
        unit: ("custom", "custom", ""),
        groups: &[Group::Diagnostics],
    },
    Family {
        prefix: "can_axle_load_",
        max: 15,
        label: "CAN: Axle load",
        unit: ("custom", "custom", "kg"),
        groups: &[Group::Diagnostics],
    },
    Family {
        prefix: "lls_level_",
        max: 16,
        label: "Fuel level (LLS)",
        unit: LITRES,
        groups: &[Group::Fuel],
    },
    Family {
        prefix: "rs232_",
        max: 6,
        label: "RS-232",
        unit: ("custom", "custom", ""),
        groups: &[Group::Fuel, Group::Readings],
    },
    Family {
        prefix: "analog_",
        max: 8,
        label: "Analog input",
        unit: VOLTS,
        groups: &[Group::Readings],
    },
    Family {
        prefix: "freq_",
        max: 8,
        label: "Frequency input",
        unit: ("custom", "custom", "Hz"),
        groups: &[Group::Readings],
    },
    Family {
        prefix: "impulse_counter_",
        max: 8,
        label: "Impulse counter",
        unit: ("custom", "custom", ""),
        groups: &[Group::Readings],
    },
    Family {
        prefix: "lls_temperature_",
        max: 16,
        label: "Fuel sensor temperature (LLS)",
        unit: CELSIUS,
        groups: &[Group::Readings],
    },
    Family {
        prefix: "ext_temp_sensor_",
        max: 10,
        label: "External temperature sensor",
        unit: CELSIUS,
        groups: &[Group::Readings],
    },
];

/// State names `tracker/get_diagnostics` shows in `states` (seed 003's
/// list, and `obd_mil_status` from its example).
const DIAGNOSTIC_STATES: &[&str] = &[
    "obd_vin",
    "obd_dtc_number",
    "obd_dtc_codes",
    "obd_dtc_cleared_distance",
    "obd_mil_activated_distance",
    "obd_mil_status",
    "hardware_key",
    "external_power_state",
    "driver_ident_state",
    "tacho_vin",
    "tacho_card1_sn",
    "tacho_card2_sn",
    "tacho_vin_last_download",
    "tacho_card1_last_download",
    "tacho_card2_last_download",
    "can_hood_state",
    "can_airbag_state",
    "can_trunk_state",
    "can_seat_belt_driver_state",
    "can_seat_belt_passenger_state",
    "can_door_state",
    "can_door_driver_state",
    "can_door_passenger_state",
];

/// How input `name` is described in the answer of `group`, if it belongs there.
pub fn describe(name: &str, group: Group) -> Option<Description> {
    let fixed = match group {
        Group::Diagnostics => DIAGNOSTICS,
        Group::Fuel => FUEL,
        Group::Readings => READINGS,
    };
    if let Some((_, (label, kind, units_type, units))) = fixed.iter().find(|(n, _)| *n == name) {
        return Some(Description {
            label: Cow::Borrowed(label),
            kind,
            units_type,
            units,
        });
    }
    FAMILIES
        .iter()
        .filter(|family| family.groups.contains(&group))
        .find_map(|family| {
            let number = name.strip_prefix(family.prefix)?;
            // Canonical decimal only: `analog_01` is not `analog_1`.
            let n = number
                .parse::<u32>()
                .ok()
                .filter(|n| number == n.to_string())?;
            (1..=family.max).contains(&n).then(|| Description {
                label: Cow::Owned(format!("{} {n}", family.label)),
                kind: family.unit.0,
                units_type: family.unit.1,
                units: family.unit.2,
            })
        })
}

/// Whether `name` is a state `tracker/get_diagnostics` shows in `states`.
pub fn is_diagnostic_state(name: &str) -> bool {
    DIAGNOSTIC_STATES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(name: &str) -> Vec<Group> {
        [Group::Diagnostics, Group::Fuel, Group::Readings]
            .into_iter()
            .filter(|g| describe(name, *g).is_some())
            .collect()
    }

    #[test]
    fn names_fall_in_the_seed_lists() {
        use Group::*;
        for name in [
            "obd_rpm",
            "can_engine_temp",
            "can_fuel_rate",
            "raw_can_16",
            "can_axle_load_15",
        ] {
            assert_eq!(groups(name), [Diagnostics], "{name}");
        }
        for name in [
            "fuel_level",
            "can_fuel",
            "can_fuel_litres",
            "lls_level_1",
            "lls_level_16",
        ] {
            assert_eq!(groups(name), [Fuel], "{name}");
        }
        for name in [
            "board_voltage",
            "analog_1",
            "analog_8",
            "ext_temp_sensor_10",
            "temp_sensor",
        ] {
            assert_eq!(groups(name), [Readings], "{name}");
        }
        assert_eq!(groups("rs232_3"), [Fuel, Readings]);
    }

    #[test]
    fn names_off_the_lists_or_out_of_range_are_nowhere() {
        for name in [
            "analog_9",
            "analog_0",
            "analog_01",
            "analog_",
            "raw_can_17",
            "can_axle_load_16",
            "ext_temp_sensor_11",
            "battery_voltage",
            "humidity",
            "obd_vin",
            "ignition",
            "input_1",
        ] {
            assert!(groups(name).is_empty(), "{name}");
        }
    }

    #[test]
    fn descriptions_carry_navixy_types_and_units() {
        let rpm = describe("obd_rpm", Group::Diagnostics).unwrap();
        assert_eq!(
            (rpm.label.as_ref(), rpm.kind, rpm.units_type),
            ("OBD: RPM", "rpm", "custom")
        );
        let volts = describe("board_voltage", Group::Readings).unwrap();
        assert_eq!(
            (volts.kind, volts.units_type, volts.units),
            ("power", "custom", "V")
        );
        let temp = describe("ext_temp_sensor_2", Group::Readings).unwrap();
        assert_eq!(temp.label, "External temperature sensor 2");
        assert_eq!((temp.kind, temp.units_type), ("temperature", "celsius"));
        let fuel = describe("lls_level_3", Group::Fuel).unwrap();
        assert_eq!((fuel.kind, fuel.units_type), ("fuel", "litre"));
    }

    #[test]
    fn diagnostic_states_are_the_seed_list() {
        assert!(is_diagnostic_state("obd_vin"));
        assert!(is_diagnostic_state("hardware_key"));
        assert!(is_diagnostic_state("can_door_state"));
        assert!(!is_diagnostic_state("obd_rpm"));
        assert!(!is_diagnostic_state("door"));
    }
}

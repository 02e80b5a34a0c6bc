//! The AVL id → named value mapping: scales, signs and sentinels.

use crate::record::{IoElement, IoKey, IoValue};
use crate::sensor::{Sensor, Value};

use super::super::io::{hdop, named_values};

fn uint(id: u16, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Id(id),
        value: IoValue::Uint { value, width },
    }
}

/// The single named value `element` maps to, if any.
fn one(element: IoElement) -> Option<(String, Value)> {
    let values = named_values(&[element]);
    assert!(values.len() <= 1, "{values:?}");
    values
        .into_iter()
        .next()
        .map(|v| (v.sensor.name().into_owned(), v.value))
}

fn number(element: IoElement) -> (String, f64) {
    match one(element) {
        Some((name, Value::Number(n))) => (name, n),
        other => panic!("expected a number, got {other:?}"),
    }
}

#[test]
fn switches() {
    assert_eq!(
        one(uint(239, 1, 1)),
        Some(("ignition".into(), Value::Bool(true)))
    );
    assert_eq!(
        one(uint(240, 0, 1)),
        Some(("moving".into(), Value::Bool(false)))
    );
    assert_eq!(
        one(uint(3, 1, 1)),
        Some(("input_3".into(), Value::Bool(true)))
    );
    assert_eq!(
        one(uint(180, 1, 1)),
        Some(("output_2".into(), Value::Bool(true)))
    );
}

#[test]
fn scaled_numbers() {
    assert_eq!(number(uint(66, 12458, 2)), ("board_voltage".into(), 12.458));
    assert_eq!(number(uint(9, 4100, 2)), ("analog_1".into(), 4.1));
    assert_eq!(number(uint(21, 4, 1)), ("gsm_signal".into(), 80.0));
    assert_eq!(number(uint(113, 87, 1)), ("battery_level".into(), 87.0));
    assert_eq!(number(uint(16, 329, 4)), ("odometer".into(), 329.0));
    assert_eq!(number(uint(84, 455, 2)), ("can_fuel_litres".into(), 45.5));
    assert_eq!(
        number(uint(87, 123_456, 4)),
        ("can_mileage".into(), 123.456)
    );
    assert_eq!(number(uint(36, 2150, 2)), ("obd_rpm".into(), 2150.0));
    assert_eq!(hdop(&[uint(182, 17, 2)]), Some(1.7));
}

#[test]
fn signed_temperatures_use_their_width() {
    // 0xFF85 = -123 tenths.
    assert_eq!(
        number(uint(72, 0xFF85, 2)),
        ("ext_temp_sensor_1".into(), -12.3)
    );
    assert_eq!(
        number(uint(115, 0xFFF6, 2)),
        ("can_engine_temp".into(), -1.0)
    );
    // 1-byte OBD coolant temperature, whole degrees.
    assert_eq!(number(uint(32, 0xF6, 1)), ("obd_coolant_t".into(), -10.0));
}

#[test]
fn dallas_status_codes_are_not_readings() {
    for code in [850, 2000, 3000, 4000, 5000] {
        assert_eq!(one(uint(73, code, 2)), None, "{code}");
    }
    // On older models id 75 is an 8-byte sensor id, not a temperature.
    assert_eq!(one(uint(75, 0x2800_0000_1234_5678, 8)), None);
    assert_eq!(number(uint(75, 215, 2)), ("ext_temp_sensor_4".into(), 21.5));
}

#[test]
fn identifiers_become_text() {
    let key = one(uint(78, 0x0000_0000_00C2_8C3C, 8));
    assert_eq!(
        key,
        Some((
            "hardware_key".into(),
            Value::Text("0000000000c28c3c".into())
        ))
    );
    // No key attached.
    assert_eq!(one(uint(78, 0, 8)), None);
    let vin = IoElement {
        key: IoKey::Id(256),
        value: IoValue::Bytes(b"WVWZZZ1KZAW000001".to_vec()),
    };
    assert_eq!(
        one(vin),
        Some(("obd_vin".into(), Value::Text("WVWZZZ1KZAW000001".into())))
    );
}

#[test]
fn unknown_and_named_keys_map_to_nothing() {
    assert_eq!(one(uint(10999, 5, 2)), None);
    let named = IoElement {
        key: IoKey::Name("lac".into()),
        value: IoValue::Uint { value: 5, width: 2 },
    };
    assert_eq!(one(named), None);
    assert!(matches!(Sensor::Input("x".into()).name().as_ref(), "x"));
}

//! The readings calls against the running gateway: a Teltonika device sends
//! CAN, OBD, fuel, analog, temperature and input values over its real
//! protocol, and `tracker/get_diagnostics|get_fuel|get_readings|get_inputs`
//! answer them, with times in the user's zone.

use crate::support;

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use trackgate_protocols::datetime::civil;
use trackgate_protocols::{IoElement, IoKey, IoValue, Record};
use trackgate_tests::device::Device;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}

/// `ms` written as a zone `offset_s` seconds east of UTC shows it.
fn local(ms: i64, offset_s: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(ms + offset_s * 1000);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
}

fn io(id: u16, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Id(id),
        value: IoValue::Uint { value, width },
    }
}

fn call(gateway: &support::Running, name: &str, key: &str, tracker: Value) -> Value {
    gateway
        .user(name, json!({ "hash": key, "tracker_id": tracker }))
        .json()
}

/// The `(name, value, type, units_type)` of every input of an answer.
fn inputs(answer: &Value) -> Vec<(String, f64, String, String)> {
    answer["inputs"]
        .as_array()
        .unwrap_or_else(|| panic!("inputs: {answer}"))
        .iter()
        .map(|i| {
            (
                i["name"].as_str().expect("name").to_owned(),
                i["value"].as_f64().expect("value"),
                i["type"].as_str().expect("type").to_owned(),
                i["units_type"].as_str().expect("units_type").to_owned(),
            )
        })
        .collect()
}

fn row(name: &str, value: f64, kind: &str, units: &str) -> (String, f64, String, String) {
    (name.into(), value, kind.into(), units.into())
}

#[test]
fn the_four_readings_calls_answer_what_a_teltonika_device_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "356307042440001";
    let (key, tracker) = gateway.provision("fleet@example.com", "s3cret-pass", imei);
    let (other_key, _) = gateway.provision("other@example.com", "s3cret-pass", "356307042440002");
    // Tokyo keeps +09:00 all year.
    let settings = gateway
        .user(
            "user/settings/update",
            json!({ "hash": key, "time_zone": "Asia/Tokyo" }),
        )
        .json();
    assert_eq!(settings["success"], true, "{settings}");

    // Before any data every call answers, with nothing in it.
    let empty = call(&gateway, "tracker/get_readings", &key, json!(tracker));
    assert_eq!(empty["inputs"], json!([]), "{empty}");
    assert_eq!(empty["update_time"], Value::Null);

    let at = (now_ms() / 1000 - 30) * 1000;
    let mut record = Record::at(at, 35.68, 139.76);
    record.satellites = Some(8);
    record.io = vec![
        io(239, 1, 1),     // ignition on
        io(1, 1, 1),       // input 1 on
        io(2, 0, 1),       // input 2 off
        io(3, 1, 1),       // input 3 on
        io(85, 1_500, 2),  // CAN rpm
        io(36, 900, 2),    // OBD rpm
        io(115, 905, 2),   // CAN engine temperature, 0.1 °C
        io(89, 55, 1),     // CAN fuel, percent
        io(84, 423, 2),    // CAN fuel, 0.1 l
        io(66, 12_850, 2), // board voltage, mV
        io(9, 3_300, 2),   // analog 1, mV
        io(72, 215, 2),    // Dallas 1, 0.1 °C
    ];
    record.io.push(IoElement {
        key: IoKey::Id(256),
        value: IoValue::Bytes(b"WVWZZZ1JZXW000001".to_vec()),
    });
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(1));
    assert_eq!(device.send_records(&[record]), Some(vec![0, 0, 0, 1]));
    let tokyo = |ms| local(ms, 9 * 3600);

    let diagnostics = call(&gateway, "tracker/get_diagnostics", &key, json!(tracker));
    assert_eq!(diagnostics["success"], true, "{diagnostics}");
    assert_eq!(
        inputs(&diagnostics),
        [
            row("can_engine_temp", 90.5, "temperature", "celsius"),
            row("can_rpm", 1500.0, "rpm", "custom"),
            row("obd_rpm", 900.0, "rpm", "custom"),
        ]
    );
    assert_eq!(diagnostics["inputs"][2]["label"], "OBD: RPM");
    assert_eq!(
        diagnostics["states"],
        json!({ "obd_vin": "WVWZZZ1JZXW000001" })
    );
    assert_eq!(diagnostics["update_time"], tokyo(at));
    let user_time = diagnostics["user_time"].as_str().expect("user_time");
    assert!(user_time >= tokyo(at).as_str() && user_time <= tokyo(now_ms()).as_str());

    let fuel = call(&gateway, "tracker/get_fuel", &key, json!(tracker));
    assert_eq!(
        inputs(&fuel),
        [
            row("can_fuel", 55.0, "fuel", "percent"),
            row("can_fuel_litres", 42.3, "fuel", "litre"),
        ]
    );
    assert_eq!(fuel["update_time"], tokyo(at));

    let readings = call(&gateway, "tracker/get_readings", &key, json!(tracker));
    assert_eq!(
        inputs(&readings),
        [
            row("analog_1", 3.3, "power", "custom"),
            row("board_voltage", 12.85, "power", "custom"),
            row("ext_temp_sensor_1", 21.5, "temperature", "celsius"),
        ]
    );
    assert_eq!(readings["inputs"][1]["units"], "V");
    assert_eq!(readings["inputs"][1]["converted_value"], Value::Null);

    let discrete = call(&gateway, "tracker/get_inputs", &key, json!(tracker));
    assert_eq!(discrete["inputs"], json!([true, false, true]), "{discrete}");
    assert_eq!(
        discrete["states"],
        json!([{ "type": "ignition", "name": "Ignition", "status": true, "input_number": 0 }])
    );
    assert_eq!(discrete["update_time"], tokyo(at));

    for name in [
        "tracker/get_diagnostics",
        "tracker/get_fuel",
        "tracker/get_readings",
        "tracker/get_inputs",
    ] {
        // Someone else's tracker is not found; a malformed id is named.
        let foreign = call(&gateway, name, &other_key, json!(tracker));
        assert_eq!(foreign["status"]["code"], 201, "{name}: {foreign}");
        let bad = call(&gateway, name, &key, json!("seven"));
        assert_eq!(bad["status"]["code"], 7, "{name}: {bad}");
        assert_eq!(bad["errors"][0]["parameter"], "tracker_id", "{name}");
        let missing = gateway.user(name, json!({ "hash": key })).json();
        assert_eq!(missing["errors"][0]["parameter"], "tracker_id", "{name}");
    }
    drop(device);
    gateway.stop();
}

#[test]
fn input_name_list_names_the_inputs_and_states_trackgate_knows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, _) = gateway.provision("names@example.com", "s3cret-pass", "356307042440003");
    let answer = gateway
        .user("tracker/sensor/input_name/list", json!({ "hash": key }))
        .json();
    assert_eq!(answer["success"], true, "{answer}");
    let document: Value = trackgate_tests::http::get(gateway.api, "/v2/openapi.json").json();
    if let Err(why) = trackgate_api::user::openapi::conform::conforms(
        &document,
        "tracker/sensor/input_name/list",
        &answer,
    ) {
        panic!("the answer does not fit the document: {why}\n{answer}");
    }
    let list = answer["list"].as_array().expect("list");
    let find = |name: &str| {
        list.iter()
            .find(|e| e["input_name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} is not listed"))
    };
    // What the readings calls describe, under the same labels.
    assert_eq!(find("obd_rpm")["description"], "OBD: RPM");
    assert_eq!(find("can_fuel_litres")["description"], "CAN: Fuel level");
    assert_eq!(find("board_voltage")["description"], "Board voltage");
    // Numbered inputs once, as Navixy lists them.
    assert_eq!(find("analog")["description"], "Analog input [N]");
    assert_eq!(
        find("ext_temp_sensor")["description"],
        "External temperature sensor [N]"
    );
    assert!(list.iter().all(|e| e["input_name"] != "analog_1"));
    // States with their value types, and what 0 and 1 mean where known.
    assert_eq!(find("obd_dtc_number")["value_type"], "Integer");
    assert_eq!(
        find("can_door_state")["value_titles"],
        json!({ "0": "close", "1": "open" })
    );
    assert!(find("obd_rpm").get("value_type").is_none());
    let no_session = gateway
        .user("tracker/sensor/input_name/list", json!({}))
        .json();
    assert_ne!(no_session["success"], true, "{no_session}");
    gateway.stop();
}

//! The objects the User API answers with, as OpenAPI component schemas.
//!
//! Each lists the fields a client can rely on, with their types; objects
//! may carry more (`additionalProperties`). [`super::conform`] checks
//! real answers against them in the tests.

use serde_json::{Map, Value, json};

fn object(required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": true,
    })
}

const STR: fn() -> Value = || json!({ "type": "string" });
const INT: fn() -> Value = || json!({ "type": "integer" });
const NUM: fn() -> Value = || json!({ "type": "number" });
const BOOL: fn() -> Value = || json!({ "type": "boolean" });

fn nullable(mut schema: Value) -> Value {
    schema["nullable"] = json!(true);
    schema
}

/// Every component schema, by name.
pub fn components() -> Map<String, Value> {
    let time =
        || json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$" });
    let mut all = Map::new();
    all.insert(
        "Tracker".into(),
        object(
            &["id", "label", "clone", "group_id", "source"],
            json!({
                "id": INT(), "label": STR(), "clone": BOOL(), "group_id": INT(),
                "source": object(
                    &["id", "device_id", "model", "blocked", "creation_date"],
                    json!({
                        "id": INT(), "device_id": STR(), "model": STR(), "blocked": BOOL(),
                        "tariff_id": nullable(INT()), "status_listing_id": nullable(INT()),
                        "creation_date": STR(), "tariff_end_date": nullable(STR()),
                        "phone": nullable(STR()),
                    }),
                ),
                "tag_bindings": { "type": "array", "items": object(
                    &["tag_id", "ordinal"], json!({ "tag_id": INT(), "ordinal": INT() })) },
            }),
        ),
    );
    all.insert(
        "TrackPoint".into(),
        object(
            &["lat", "lng", "get_time", "heading", "speed"],
            json!({
                "lat": NUM(), "lng": NUM(), "alt": INT(), "satellites": INT(),
                "get_time": time(), "heading": INT(), "speed": INT(),
                "gsm_lbs": BOOL(), "mileage": NUM(), "parking": BOOL(), "buffered": BOOL(),
            }),
        ),
    );
    all.insert(
        "State".into(),
        object(
            &["source_id", "gps", "connection_status", "movement_status", "last_update"],
            json!({
                "source_id": INT(),
                "gps": object(&[], json!({ "updated": nullable(time()), "signal_level": INT() })),
                "connection_status": { "type": "string", "enum": [
                    "active", "idle", "offline", "signal_lost", "just_registered", "just_replaced"] },
                "movement_status": { "type": "string", "enum": ["moving", "stopped", "parked"] },
                "last_update": nullable(time()),
            }),
        ),
    );
    all.insert(
        "Track".into(),
        object(
            &["start_date", "type"],
            json!({
                "id": nullable(INT()), "start_date": time(), "end_date": time(), "type": STR(),
                "length": NUM(), "max_speed": INT(), "avg_speed": INT(), "points": INT(),
                "gsm_lbs": BOOL(),
            }),
        ),
    );
    all.insert(
        "Command".into(),
        object(
            &["id", "command", "reliable", "status", "channel"],
            json!({
                "id": INT(), "command": object(&["type"], json!({ "type": STR() })),
                "reliable": BOOL(), "status": STR(), "channel": STR(), "attempts": INT(),
                "created": nullable(time()), "sent": nullable(time()),
                "finished": nullable(time()),
            }),
        ),
    );
    all.insert(
        "SensorValue".into(),
        object(
            &["label", "name", "type", "value", "units_type"],
            json!({
                "label": STR(), "name": STR(), "type": STR(), "value": NUM(),
                "units_type": STR(), "units": STR(),
            }),
        ),
    );
    all.insert(
        "Tag".into(),
        object(
            &["id", "name"],
            json!({ "id": INT(), "name": STR(), "color": STR() }),
        ),
    );
    all.insert(
        "Group".into(),
        object(
            &["id", "title"],
            json!({ "id": INT(), "title": STR(), "color": STR() }),
        ),
    );
    all.insert(
        "SubUser".into(),
        object(
            &["id", "login"],
            json!({ "id": INT(), "login": STR(), "activated": BOOL() }),
        ),
    );
    all.insert(
        "ApiKey".into(),
        object(
            &["hash", "title"],
            json!({ "hash": STR(), "title": STR(), "create_date": time() }),
        ),
    );
    all.insert(
        "Model".into(),
        object(
            &["code", "name", "id_type"],
            json!({ "code": STR(), "name": STR(), "id_type": STR() }),
        ),
    );
    all.insert(
        "InputName".into(),
        object(
            &["input_name", "description"],
            json!({
                "input_name": STR(),
                "description": STR(),
                "value_type": STR(),
                "value_titles": { "type": "object", "additionalProperties": STR() },
            }),
        ),
    );
    all
}

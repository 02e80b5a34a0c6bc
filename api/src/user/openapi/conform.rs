//! Checks an answer against the document's schema for its call: the
//! subset of OpenAPI schemas the document uses (`$ref`, `type`,
//! `required`, `properties`, `items`, `additionalProperties`, `enum`,
//! `nullable`). The tests hold real answers to it, so the document says
//! what the gateway answers.

use serde_json::Value;

/// `Ok` when `answer` fits the success schema of `path` (`tracker/list`)
/// in `document`; else where and how it does not.
pub fn conforms(document: &Value, path: &str, answer: &Value) -> Result<(), String> {
    let schema = &document["paths"][format!("/{path}")]["post"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    if schema.is_null() {
        return Err(format!("{path} is not documented"));
    }
    check(document, schema, answer, path)
}

fn check(document: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        let target = &document["components"]["schemas"][name];
        if target.is_null() {
            return Err(format!("{at}: no schema {name}"));
        }
        return check(document, target, value, at);
    }
    if value.is_null() {
        return if schema["nullable"] == true || schema["type"].is_null() {
            Ok(())
        } else {
            Err(format!("{at}: null where {} is documented", schema["type"]))
        };
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {}", schema["enum"]));
    }
    let fits = match schema["type"].as_str() {
        None => true,
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some(other) => return Err(format!("{at}: unknown type {other}")),
    };
    if !fits {
        return Err(format!("{at}: {value} is not {}", schema["type"]));
    }
    if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            check(document, &schema["items"], item, &format!("{at}[{i}]"))?;
        }
    }
    let Some(object) = value.as_object() else {
        return Ok(());
    };
    for name in schema["required"].as_array().into_iter().flatten() {
        let name = name.as_str().unwrap_or_default();
        if !object.contains_key(name) {
            return Err(format!("{at}: {name} is missing"));
        }
    }
    for (name, field) in object {
        let at = format!("{at}.{name}");
        match schema["properties"].get(name) {
            Some(property) => check(document, property, field, &at)?,
            None if schema["additionalProperties"].is_object() => {
                check(document, &schema["additionalProperties"], field, &at)?;
            }
            None => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::conforms;
    use crate::user::openapi::document;

    #[test]
    fn answers_are_held_to_their_call_schema() {
        let doc = document();
        let tracker = json!({
            "id": 1, "label": "Van", "clone": false, "group_id": 0, "tag_bindings": [],
            "source": { "id": 1, "device_id": "356307042441013", "model": "teltonika",
                        "blocked": false, "creation_date": "2026-11-30", "phone": null },
        });
        let good = json!({ "success": true, "list": [tracker] });
        assert_eq!(conforms(&doc, "tracker/list", &good), Ok(()));
        let mut missing = good.clone();
        missing["list"][0]["source"]
            .as_object_mut()
            .map(|s| s.remove("model"));
        let error = conforms(&doc, "tracker/list", &missing).expect_err("model missing");
        assert!(error.contains("model"), "{error}");
        let mut wrong = good.clone();
        wrong["list"][0]["id"] = json!("1");
        assert!(conforms(&doc, "tracker/list", &wrong).is_err());
        let status = json!({ "success": true, "user_time": "2026-11-30 10:00:00", "state": {
            "source_id": 1, "gps": null, "connection_status": "asleep",
            "movement_status": "parked", "last_update": null } });
        let error = conforms(&doc, "tracker/get_state", &status).expect_err("not a status");
        assert!(error.contains("asleep"), "{error}");
        assert!(conforms(&doc, "no/such_call", &good).is_err());
    }
}

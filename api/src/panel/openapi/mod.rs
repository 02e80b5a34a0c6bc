//! The Panel API's OpenAPI 3 document, served at `/v2/panel/openapi.json`.
//!
//! Built from the route table ([`super::routes::ROUTES`]): one path per
//! call, with the parameters and answer the table gives it and the
//! permissions it needs in its description. The checked-in copy
//! (`docs/panel-api.openapi.json`) is held equal to it by a test.
//!
//! # Layout
//!
//! - [`docs`]: every call's parameters and answer fields.

pub mod docs;

use std::sync::OnceLock;

use actix_web::HttpResponse;
use serde_json::{Map, Value, json};

use super::routes::{Access, AsUser, ROUTES, Route};
use crate::user::openapi::calls::Call;
use crate::user::openapi::{generic_schemas, path_item, render};

/// `GET /v2/panel/openapi.json`.
pub async fn serve() -> HttpResponse {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let text = DOCUMENT.get_or_init(|| render(&document()));
    HttpResponse::Ok()
        .content_type("application/json")
        .body(text.as_str())
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        paths.insert(format!("/{}", route.path), operation(route));
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "trackgate Panel API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Navixy-compatible Panel API for dealers. Every call takes its \
                parameters as a JSON body, a form or the query string, and `hash` (a session from \
                account/auth) or `authinfo=login:password` the same way. Every call also takes \
                `out` (json, xml or text), `lang` (en, de or ru: error descriptions), `su` (a \
                user's login: run the call as that user), `sok` (accepted), and may be called as \
                /v2/panel/?func=entity.action. Answers are `{\"success\": true, ...}` or the \
                error object.",
        },
        "servers": [{ "url": "/v2/panel" }],
        "security": [{ "hash": [] }],
        "components": {
            "securitySchemes": {
                "hash": { "type": "apiKey", "in": "query", "name": "hash" },
            },
            "schemas": components(),
        },
        "paths": paths,
    })
}

fn operation(route: &Route) -> Value {
    let call = Call {
        path: route.path,
        summary: route.summary,
        authenticated: route.access == Access::Session,
        params: route.params,
        answer: route.answer,
    };
    let mut item = path_item(&call);
    let needs: Vec<String> = route
        .needs
        .iter()
        .map(|(category, operation)| format!("{category}: {operation}"))
        .collect();
    let mut about = if needs.is_empty() {
        "Needs no permission.".to_owned()
    } else {
        format!("Needs the permissions {}.", needs.join(", "))
    };
    if route.as_user == AsUser::Refused && route.access == Access::Session {
        about.push_str(" Refused (13) with su.");
    }
    for method in ["post", "get"] {
        item[method]["operationId"] = json!(format!(
            "panel_{}{}",
            route.path.replace('/', "_"),
            if method == "get" { "_get" } else { "" }
        ));
        item[method]["description"] = json!(about);
    }
    item
}

fn components() -> Map<String, Value> {
    let mut all = generic_schemas();
    let own = json!({
        "Permissions": {
            "type": "object",
            "description": "Each permission category held, with its operations.",
            "additionalProperties": { "type": "array", "items": { "type": "string" } },
        },
        "PanelUser": {
            "type": "object",
            "required": ["id", "login", "activated", "creation_date", "trackers_count", "balance", "bonus"],
            "properties": {
                "id": { "type": "integer" },
                "dealer_id": { "type": "integer", "nullable": true },
                "login": { "type": "string" },
                "activated": { "type": "boolean" },
                "verified": { "type": "boolean" },
                "first_name": { "type": "string" },
                "creation_date": { "type": "string" },
                "trackers_count": { "type": "integer" },
                "balance": { "type": "number" },
                "bonus": { "type": "number" },
                "comment": { "type": "string" },
                "time_zone": { "type": "string" },
            },
        },
        "PanelTracker": {
            "type": "object",
            "required": ["id", "clone", "label", "creation_date", "deleted", "source"],
            "properties": {
                "id": { "type": "integer" },
                "clone": { "type": "boolean" },
                "comment": { "type": "string" },
                "creation_date": { "type": "string" },
                "group_id": { "type": "integer" },
                "dealer_id": { "type": "integer", "nullable": true },
                "deleted": { "type": "boolean" },
                "label": { "type": "string" },
                "user_id": { "type": "integer", "nullable": true },
                "model_name": { "type": "string" },
                "last_connection": { "type": "string", "nullable": true },
                "source": {
                    "type": "object",
                    "required": ["id", "device_id", "model", "blocked", "connection_status"],
                    "properties": {
                        "id": { "type": "integer" },
                        "device_id": { "type": "string" },
                        "model": { "type": "string" },
                        "blocked": { "type": "boolean" },
                        "tariff_id": { "type": "integer", "nullable": true },
                        "creation_date": { "type": "string" },
                        "tariff_end_date": { "type": "string", "nullable": true },
                        "connection_status": {
                            "type": "string",
                            "enum": ["signal_lost", "just_registered", "just_replaced", "offline",
                                "idle", "active"],
                        },
                        "phone": { "type": "string", "nullable": true },
                        "corrupted": { "type": "boolean" },
                    },
                },
            },
        },
        "Tariff": {
            "type": "object",
            "required": ["id", "name", "type", "price", "device_type", "period_days"],
            "properties": {
                "id": { "type": "integer" },
                "name": { "type": "string" },
                "dealer_id": { "type": "integer", "nullable": true },
                "group_id": { "type": "integer" },
                "active": { "type": "boolean" },
                "type": { "type": "string", "enum": ["monthly"] },
                "price": { "type": "number" },
                "early_change_price": { "type": "number", "nullable": true },
                "device_limit": { "type": "integer", "nullable": true },
                "has_reports": { "type": "boolean" },
                "store_period": { "type": "string", "nullable": true },
                "device_type": { "type": "string", "enum": ["tracker"] },
                "proportional_charge": { "type": "boolean" },
                "period_days": { "type": "integer" },
            },
        },
        "Bundle": {
            "type": "object",
            "required": ["id", "imei", "assign_time", "used"],
            "properties": {
                "id": { "type": "integer" },
                "imei": { "type": "string" },
                "iccid": { "type": "string", "nullable": true },
                "model_code": { "type": "string", "nullable": true },
                "order_id": { "type": "integer", "nullable": true },
                "assign_time": { "type": "string" },
                "phone": { "type": "string", "nullable": true },
                "dealer_id": { "type": "integer", "nullable": true },
                "used": { "type": "boolean" },
                "tracker_id": { "type": "integer", "nullable": true },
                "user_id": { "type": "integer", "nullable": true },
                "use_time": { "type": "string", "nullable": true },
            },
        },
        "Transaction": {
            "type": "object",
            "required": ["type", "timestamp", "user_id", "amount", "new_balance", "old_balance"],
            "properties": {
                "description": { "type": "string" },
                "type": { "type": "string", "enum": ["payment", "charge", "correction", "bonus"] },
                "subtype": { "type": "string" },
                "timestamp": { "type": "string" },
                "user_id": { "type": "integer" },
                "dealer_id": { "type": "integer", "nullable": true },
                "tracker_id": { "type": "integer" },
                "amount": { "type": "number" },
                "new_balance": { "type": "number" },
                "old_balance": { "type": "number" },
                "bonus_amount": { "type": "number" },
                "new_bonus": { "type": "number" },
                "old_bonus": { "type": "number" },
            },
        },
        "ActivationCode": {
            "type": "object",
            "required": ["code", "tariff_id", "activated", "device_id"],
            "properties": {
                "code": { "type": "string" },
                "tariff_id": { "type": "integer" },
                "tariff_name": { "type": "string" },
                "bonus_amount": { "type": "number" },
                "money_amount": { "type": "number" },
                "free_days": { "type": "integer" },
                "device_type": { "type": "string", "enum": ["tracker"] },
                "activated": { "type": "boolean" },
                "activation_date": { "type": "string", "nullable": true },
                "device_id": { "type": "integer" },
            },
        },
    });
    if let Value::Object(own) = own {
        all.extend(own);
    }
    all
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn checked_in() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/panel-api.openapi.json")
    }

    #[test]
    fn every_route_is_documented_with_its_permissions() {
        let doc = document();
        let paths = doc["paths"].as_object().expect("paths");
        assert_eq!(paths.len(), ROUTES.len());
        for route in ROUTES {
            let item = &paths[&format!("/{}", route.path)];
            let about = item["post"]["description"].as_str().expect("description");
            for (category, operation) in route.needs {
                assert!(
                    about.contains(&format!("{category}: {operation}")),
                    "{about}"
                );
            }
            assert!(item["get"].is_object(), "{}", route.path);
        }
        assert_eq!(paths["/account/auth"]["post"]["security"], json!([]));
    }

    /// Run with `TRACKGATE_WRITE_OPENAPI=1` to rewrite the copy after a
    /// change to the table.
    #[test]
    fn the_checked_in_copy_is_what_is_served() {
        let served = render(&document());
        if std::env::var_os("TRACKGATE_WRITE_OPENAPI").is_some() {
            std::fs::write(checked_in(), &served).expect("write the copy");
        }
        let copy = std::fs::read_to_string(checked_in()).unwrap_or_default();
        assert!(
            copy == served,
            "docs/panel-api.openapi.json is out of date: run this test with TRACKGATE_WRITE_OPENAPI=1"
        );
    }
}

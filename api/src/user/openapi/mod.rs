//! The User API's OpenAPI 3 document, served at `/v2/openapi.json`.
//!
//! It is built from [`calls::CALLS`], one entry per call with its
//! parameters; a test keeps that table equal to the routes served
//! ([`super::PATHS`]) and the checked-in copy (`docs/user-api.openapi.json`)
//! equal to what is served. Every call takes its parameters as a JSON
//! body, a form, or the query string; the document says so once per call,
//! as a POST with a JSON or form body and a GET with query parameters.
//!
//! # Layout
//!
//! - [`calls`]: every call with its parameters, one entry per served path.
//! - [`schemas`]: the objects answers carry, as component schemas.
//! - [`conform`]: checking a real answer against its call's schema.

pub mod calls;
pub mod conform;
pub mod schemas;

use std::sync::OnceLock;

use actix_web::HttpResponse;
use serde_json::{Map, Value, json};

use calls::{Call, Kind, Param, Shape};

/// `GET /v2/openapi.json`.
pub async fn serve() -> HttpResponse {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let text = DOCUMENT.get_or_init(|| render(&document()));
    HttpResponse::Ok()
        .content_type("application/json")
        .body(text.as_str())
}

/// The document as the checked-in copy holds it: pretty JSON and a newline.
pub fn render(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for call in calls::all() {
        paths.insert(format!("/{}", call.path), path_item(call));
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "trackgate User API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Navixy-compatible User API. Every call takes its parameters as a JSON \
                body, a form or the query string, and `hash` (a session from user/auth or an API \
                key) the same way. Answers are `{\"success\": true, ...}`, or the error object \
                with a status code and, for code 7, the invalid parameters. Live push of tracker \
                states is a WebSocket at /v2/event/subscription (Navixy's event subscription), \
                outside this document.",
        },
        "servers": [{ "url": "/v2" }],
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

/// The component schemas: the answers' objects, and the generic success
/// and error objects.
fn components() -> Map<String, Value> {
    let mut all = schemas::components();
    all.extend(generic_schemas());
    all
}

/// The generic success and error objects (`Success`, `Error`), which the
/// Panel API's document shares.
pub fn generic_schemas() -> Map<String, Value> {
    let generic = json!({
                "Success": {
                    "type": "object",
                    "required": ["success"],
                    "properties": { "success": { "type": "boolean", "enum": [true] } },
                    "additionalProperties": true,
                },
                "Error": {
                    "type": "object",
                    "required": ["success", "status"],
                    "properties": {
                        "success": { "type": "boolean", "enum": [false] },
                        "status": {
                            "type": "object",
                            "required": ["code", "description"],
                            "properties": {
                                "code": { "type": "integer" },
                                "description": { "type": "string" },
                            },
                        },
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "parameter": { "type": "string" },
                                    "error": { "type": "string" },
                                },
                            },
                        },
                    },
                },
    });
    match generic {
        Value::Object(generic) => generic,
        _ => Map::new(),
    }
}

/// A call's path item: a POST with a JSON or form body and a GET with
/// query parameters (the Panel API's document is built with it too).
pub fn path_item(call: &Call) -> Value {
    let id = call.path.replace('/', "_");
    let responses = json!({
        "200": {
            "description": "Success",
            "content": { "application/json": { "schema": answer_schema(call) } },
        },
        "default": {
            "description": "Error (Navixy status code)",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } },
        },
    });
    let body_schema = body_schema(call.params);
    let mut post = json!({
        "operationId": id,
        "summary": call.summary,
        "requestBody": {
            "required": !call.params.is_empty(),
            "content": {
                "application/json": { "schema": body_schema },
                "application/x-www-form-urlencoded": { "schema": body_schema },
            },
        },
        "responses": responses,
    });
    let parameters: Vec<Value> = call.params.iter().map(query_param).collect();
    let mut get = json!({
        "operationId": format!("{id}_get"),
        "summary": call.summary,
        "parameters": parameters,
        "responses": responses,
    });
    if !call.authenticated {
        post["security"] = json!([]);
        get["security"] = json!([]);
    }
    json!({ "post": post, "get": get })
}

/// A call's success answer: `success` and the fields it documents.
fn answer_schema(call: &Call) -> Value {
    if call.answer.is_empty() {
        return json!({ "$ref": "#/components/schemas/Success" });
    }
    let mut properties = Map::new();
    properties.insert(
        "success".into(),
        json!({ "type": "boolean", "enum": [true] }),
    );
    let mut required = vec!["success"];
    for (name, shape) in call.answer {
        properties.insert((*name).to_owned(), shape_schema(*shape));
        required.push(name);
    }
    json!({
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": true,
    })
}

fn shape_schema(shape: Shape) -> Value {
    let reference = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    match shape {
        Shape::Ref(name) => reference(name),
        Shape::List(name) => json!({ "type": "array", "items": reference(name) }),
        Shape::Map(name) => json!({ "type": "object", "additionalProperties": reference(name) }),
        Shape::Of(kind) => schema(kind),
    }
}

fn body_schema(params: &[Param]) -> Value {
    let properties: Map<String, Value> = params
        .iter()
        .map(|p| {
            let mut schema = schema(p.kind);
            schema["description"] = json!(p.about);
            (p.name.to_owned(), schema)
        })
        .collect();
    let required: Vec<&str> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name)
        .collect();
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema
}

fn query_param(p: &Param) -> Value {
    json!({
        "name": p.name,
        "in": "query",
        "required": p.required,
        "description": p.about,
        "schema": schema(p.kind),
    })
}

/// The JSON schema of a parameter kind.
pub fn schema(kind: Kind) -> Value {
    match kind {
        Kind::Int => json!({ "type": "integer", "format": "int64" }),
        Kind::Str => json!({ "type": "string" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::DateTime => {
            json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}:\\d{2})?$" })
        }
        Kind::IntArray => {
            json!({ "type": "array", "items": { "type": "integer", "format": "int64" } })
        }
        Kind::StrArray => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::Object => json!({ "type": "object", "additionalProperties": true }),
        Kind::Any => json!({}),
    }
}

#[cfg(test)]
mod tests;

//! Seed 001's answers: `{"result":true, ...}` with the action's fields, or
//! `{"result":false,"error":"..."}`.
//!
//! A caller's mistake (a bad field, a line that does not exist, a taken
//! username) is answered with status 200, since seed 001's clients read
//! the answer through PHP's `file_get_contents`, which gives them nothing
//! for an error status; refusals of the call itself (allow-list, key,
//! limits, methods, unknown actions) and the gateway's own failures keep
//! their statuses ([`crate::error::http_status`], `ServerRest`).

use actix_web::HttpResponse;
use actix_web::http::header::RETRY_AFTER;
use serde_json::{Map, Value};

use crate::error::{ErrorKind, http_status};
use crate::server::ServerError;

/// A successful answer: `"result": true` and the action's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer(Map<String, Value>);

impl Answer {
    /// `{"result": true}`.
    pub fn ok() -> Self {
        let mut fields = Map::new();
        fields.insert("result".into(), Value::Bool(true));
        Self(fields)
    }

    /// The answer with `name` set to `value`.
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.0.insert(name.to_owned(), value.into());
        self
    }

    /// The answer's fields.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.0
    }

    /// The HTTP response: 200 and the JSON object.
    pub fn response(self) -> HttpResponse {
        HttpResponse::Ok().json(Value::Object(self.0))
    }
}

impl ServerError {
    /// The REST answer of this error: `{"result":false,"error":"<reason>"}`
    /// with the status its kind has there.
    pub fn rest_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(http_status(ErrorKind::ServerRest(self.kind)));
        if let Some(secs) = self.retry_after_secs {
            response.insert_header((RETRY_AFTER, secs.to_string()));
        }
        response.json(serde_json::json!({ "result": false, "error": self.reason }))
    }

    /// The error's text, as answered.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

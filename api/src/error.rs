//! The Navixy error format, and the one place an error becomes an HTTP status.
//!
//! `{"success": false, "status": {"code": N, "description": "..."}}`, with
//! `"errors": [{"parameter": "...", "error": "..."}]` added for invalid
//! parameters (code 7). HTTP statuses follow Navixy's table; 400 otherwise.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use trackgate_store::StoreError;

/// One invalid parameter.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name.
    pub parameter: String,
    /// What is wrong with it.
    pub error: String,
}

/// A User API error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Navixy status code.
    pub code: u32,
    /// Human-readable description.
    pub description: String,
    /// Parameter errors (code 7 only).
    pub errors: Vec<ParamError>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.description)
    }
}

impl ApiError {
    /// An error with a code and its standard description.
    pub fn code(code: u32) -> Self {
        Self {
            code,
            description: describe(code).to_owned(),
            errors: Vec::new(),
        }
    }

    /// Code 7 for one bad parameter.
    pub fn invalid(parameter: &str, error: impl Into<String>) -> Self {
        Self::invalid_all(vec![ParamError {
            parameter: parameter.to_owned(),
            error: error.into(),
        }])
    }

    /// Code 7 for several bad parameters.
    pub fn invalid_all(errors: Vec<ParamError>) -> Self {
        Self {
            errors,
            ..Self::code(7)
        }
    }

    /// The HTTP status this error is answered with.
    pub fn http_status(&self) -> StatusCode {
        match self.code {
            1 | 6 | 254 => StatusCode::INTERNAL_SERVER_ERROR,
            2 | 11 | 13 | 101 | 208 | 219 | 221 | 225 | 238 | 240 | 249 | 250 | 251 | 257 | 261
            | 264 | 265 | 266 | 275 | 276 => StatusCode::FORBIDDEN,
            8 | 14 => StatusCode::SERVICE_UNAVAILABLE,
            9 => StatusCode::PRECONDITION_FAILED,
            15 => StatusCode::TOO_MANY_REQUESTS,
            204 | 229 | 239 | 258 => StatusCode::NOT_FOUND,
            231 | 247 | 277 | 278 => StatusCode::CONFLICT,
            236 | 268 => StatusCode::PAYMENT_REQUIRED,
            271 => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// Navixy's description for a status code.
pub fn describe(code: u32) -> &'static str {
    match code {
        1 => "Database error",
        3 => "Wrong hash",
        4 => "User or API key not found or session ended",
        5 => "Wrong request format",
        6 => "Unexpected error",
        7 => "Invalid parameters",
        9 => "Too large request",
        13 => "Operation not permitted",
        15 => "Too many requests (rate limit exceeded)",
        102 => "Wrong login or password",
        103 => "User not activated",
        111 => "Wrong handler",
        112 => "Wrong method",
        201 => "Not found in the database",
        204 => "Entity not found",
        206 => "Login already in use",
        208 => "Device blocked",
        211 => "Requested time span is too big",
        212 => "Requested limit is too big",
        213 => "Cannot perform action: the device is offline",
        214 => "Requested operation or parameters are not supported by the device",
        217 => "List contains nonexistent entities",
        219 => "Not allowed for clones of the device",
        220 => "Unknown device model",
        222 => "Plugin not found",
        223 => "Phone number already in use",
        224 => "Device ID already in use",
        242 => "Device already connected",
        243 => "Device already connected",
        249 => "Operation available for clones only",
        252 => "Device already corrupted",
        262 => "Entries list is missing some entries or contains nonexistent entries",
        268 => "Over quota",
        _ => "Error",
    }
}

#[derive(Serialize)]
struct Status<'a> {
    code: u32,
    description: &'a str,
}

#[derive(Serialize)]
struct Body<'a> {
    success: bool,
    status: Status<'a>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ParamError],
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.http_status()
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.http_status()).json(Body {
            success: false,
            status: Status {
                code: self.code,
                description: &self.description,
            },
            errors: &self.errors,
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "store call failed");
        Self::code(1)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        tracing::error!(%error, "blocking task failed");
        Self::code(6)
    }
}

//! The errors of both HTTP surfaces, and the one place an error becomes an
//! HTTP status: [`http_status`].
//!
//! A User API error ([`ApiError`]) is written in Navixy's format,
//! `{"success": false, "status": {"code": N, "description": "..."}}`, with
//! `"errors": [{"parameter": "...", "error": "..."}]` added for invalid
//! parameters ([`Code::InvalidParameters`]); its [`Code`] decides its
//! status. A Server API error (`server::ServerError`) is `ERROR: <reason>`
//! text; its [`ServerKind`] decides its status.
//!
//! # Layout
//!
//! - [`code`]: Navixy's status codes, each with its number, HTTP status and
//!   description.

pub mod code;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use trackgate_store::StoreError;

pub use code::{Code, describe};

/// What an API error is, as far as its HTTP status goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A User API error, by its Navixy code.
    UserApi(Code),
    /// A Server API error of the command API (`/api/api.php`).
    ServerApi(ServerKind),
    /// A Server API error of the REST administration (`/api/<entity>/<action>`),
    /// which answers the caller's mistakes with 200 and `"result": false`:
    /// seed 001's clients read that answer through PHP's
    /// `file_get_contents`, which returns nothing for an error status.
    ServerRest(ServerKind),
}

/// Why the Server API refused a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// The request, or one of the command's parameters, is wrong.
    BadRequest,
    /// The key is not the server key.
    WrongKey,
    /// The caller is outside the IP allow-list.
    AccessDenied,
    /// Something the command needs is not configured (an SMTP server).
    NotConfigured,
    /// The mail server did not take a message the command had to send.
    MailFailed,
    /// The caller's address failed the key too often; it must wait.
    Throttled,
    /// An HTTP method other than GET and POST.
    MethodNotAllowed,
    /// The store failed.
    StorageFailure,
    /// Every password hashing thread is busy and its queue is full.
    Busy,
    /// No such entity or action (REST administration).
    UnknownAction,
    /// Another gateway node had to be asked and could not be.
    Unavailable,
}

/// The HTTP status of any API error, User API or Server API: the one
/// mapping. A Navixy code's status is its row in [`code`]'s table
/// (Navixy's own statuses); the Server API answers 4xx for what the caller
/// got wrong, 5xx for what the gateway did.
pub fn http_status(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::UserApi(code) => code.status(),
        ErrorKind::ServerRest(ServerKind::BadRequest) => StatusCode::OK,
        ErrorKind::ServerApi(kind) | ErrorKind::ServerRest(kind) => match kind {
            ServerKind::BadRequest => StatusCode::BAD_REQUEST,
            ServerKind::WrongKey => StatusCode::UNAUTHORIZED,
            ServerKind::AccessDenied => StatusCode::FORBIDDEN,
            ServerKind::NotConfigured => StatusCode::NOT_IMPLEMENTED,
            ServerKind::MailFailed => StatusCode::BAD_GATEWAY,
            ServerKind::Throttled => StatusCode::TOO_MANY_REQUESTS,
            ServerKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ServerKind::StorageFailure => StatusCode::INTERNAL_SERVER_ERROR,
            ServerKind::Busy => StatusCode::TOO_MANY_REQUESTS,
            ServerKind::UnknownAction => StatusCode::NOT_FOUND,
            ServerKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        },
    }
}

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
    pub code: Code,
    /// Human-readable description.
    pub description: String,
    /// Parameter errors ([`Code::InvalidParameters`] only).
    pub errors: Vec<ParamError>,
    /// Seconds until the call may be made again ([`Code::TooManyRequests`]
    /// only), answered as `Retry-After` too.
    pub retry_after_secs: Option<u64>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code.number(), self.description)
    }
}

impl ApiError {
    /// An error with a code and its standard description.
    pub fn code(code: Code) -> Self {
        Self {
            code,
            description: code.description().to_owned(),
            errors: Vec::new(),
            retry_after_secs: None,
        }
    }

    /// [`Code::TooManyRequests`], to be tried again in `secs` seconds: the
    /// description says so, and the answer carries `Retry-After`.
    pub fn too_many_requests(secs: u64) -> Self {
        let code = Code::TooManyRequests;
        Self {
            description: format!("{}: try again in {secs} s", code.description()),
            retry_after_secs: Some(secs),
            ..Self::code(code)
        }
    }

    /// [`Code::InvalidParameters`] for one bad parameter.
    pub fn invalid(parameter: &str, error: impl Into<String>) -> Self {
        Self::invalid_all(vec![ParamError {
            parameter: parameter.to_owned(),
            error: error.into(),
        }])
    }

    /// [`Code::InvalidParameters`] for several bad parameters.
    pub fn invalid_all(errors: Vec<ParamError>) -> Self {
        Self {
            errors,
            ..Self::code(Code::InvalidParameters)
        }
    }

    /// [`Code::QueueServiceError`] (503): another gateway node had to be
    /// asked and could not be; the description says why.
    pub fn unreachable(why: &trackgate_cluster::Unreachable) -> Self {
        Self {
            description: format!("Cluster unavailable: {why}; try again later"),
            ..Self::code(Code::QueueServiceError)
        }
    }

    /// The HTTP status this error is answered with (see [`http_status`]).
    pub fn http_status(&self) -> StatusCode {
        http_status(ErrorKind::UserApi(self.code))
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
        let mut response = HttpResponse::build(self.http_status());
        if let Some(secs) = self.retry_after_secs {
            response.insert_header((actix_web::http::header::RETRY_AFTER, secs.to_string()));
        }
        response.json(Body {
            success: false,
            status: Status {
                code: self.code.number(),
                description: &self.description,
            },
            errors: &self.errors,
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "store call failed");
        Self::code(Code::DatabaseError)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        tracing::error!(%error, "blocking task failed");
        Self::code(Code::UnexpectedError)
    }
}

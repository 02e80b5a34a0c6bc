//! Only the methods each surface documents. The User API (`/v2/...`) and
//! the Server API (`/api/api.php`) take GET and POST (the live-push channel
//! GET only, its upgrade), `/metrics` GET; OPTIONS would join them with
//! CORS, which is not configured. Anything else is answered 405 with an
//! `Allow` header naming what the path takes, in the surface's own error
//! format. Paths no surface has answer as before, whatever the method.

use actix_web::http::header::{ALLOW, HeaderValue};
use actix_web::{HttpResponse, Route, web};

/// What the User API's calls and the Server API take.
pub const GET_POST: &str = "GET, POST";
/// What `/metrics` and the live-push channel take.
pub const GET: &str = "GET";

/// A resource's answer to a method it does not take: `answer` (which
/// carries status 405) with `Allow: allow`.
pub fn refuse(allow: &'static str, answer: fn() -> HttpResponse) -> Route {
    web::to(move || async move {
        let mut response = answer();
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static(allow));
        response
    })
}

/// The answer of a surface without an error format of its own: an empty 405.
pub fn plain() -> HttpResponse {
    HttpResponse::MethodNotAllowed().finish()
}

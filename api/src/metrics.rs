//! Prometheus text at `/metrics`.

use std::sync::Arc;

use actix_web::{HttpResponse, web};

use crate::methods;

/// Renders the current metrics in Prometheus text format.
#[derive(Clone)]
pub struct Render(pub Arc<dyn Fn() -> String + Send + Sync>);

impl std::fmt::Debug for Render {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Render")
    }
}

/// Registers `GET /metrics` (any other method: an empty 405 with
/// `Allow`); needs `web::Data<Render>` in the app.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/metrics")
            .get(metrics)
            .default_service(methods::refuse(methods::GET, methods::plain)),
    );
}

async fn metrics(render: web::Data<Render>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body((render.0)())
}

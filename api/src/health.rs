//! `GET /health`: whether this node can store, for a load balancer.
//!
//! `200` with `"status": "ok"` while the store can write; `503` with
//! `"status": "failing"` and the store's reason once a failure left it
//! unable to (the gateway then exits for a supervisor to restart it; see
//! docs/operations.md). It also says how many device connections are open
//! against their budget, and whether the device listeners are accepting.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::ApiState;

/// Serves `GET /health`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(health));
}

async fn health(state: web::Data<ApiState>) -> HttpResponse {
    let store = state.store.clone();
    let writable = match web::block(move || store.writable()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(error.to_string()),
        Err(error) => Err(format!("the check could not run: {error}")),
    };
    let slots = &state.device_slots;
    let body = json!({
        "status": if writable.is_ok() { "ok" } else { "failing" },
        "store": {
            "writable": writable.is_ok(),
            "error": writable.as_ref().err(),
        },
        "devices": {
            "connections": slots.held(),
            "slots": slots.total(),
            "accepting": !slots.is_exhausted(),
        },
    });
    let status = if writable.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    HttpResponse::build(status).json(body)
}

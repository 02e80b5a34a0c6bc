//! HTTP device listeners: each request is a report, answered once stored.
//!
//! Devices and phone apps that report over HTTP (OsmAnd) get virtual
//! sessions, like UDP devices ([`trackgate_actors::routing`]). The listener
//! decodes each request with its protocol's HTTP codec and routes its
//! messages to the session of the device they name; the request is then
//! answered:
//!
//! - `200 OK`, empty, once every record it carried is durably stored;
//! - `400 Bad Request` (with the reason as text) when it does not decode;
//! - the codec's refusal status (`400` or `404` for OsmAnd) when the device
//!   is not accepted, or its records could not be stored;
//! - `503 Service Unavailable` with `Retry-After` when the device's session
//!   is still busy with earlier requests (its inbox is bounded) or the
//!   gateway is stopping; `504 Gateway Timeout` when no answer came within
//!   [`ANSWER_TIMEOUT`]; `408 Request Timeout`, the connection closed,
//!   when the body did not arrive whole within the frame timeout.
//!
//! Every answer but `200` leaves the device to send the report again.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, RETRY_AFTER};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, dev::ServerHandle, web};
use anyhow::Context as _;
use tokio::sync::{oneshot, watch};
use trackgate_actors::metrics as m;
use trackgate_actors::routing::{Router, SWEEP_EVERY, Undelivered};
use trackgate_actors::session::{Origin, SessionEnv};
use trackgate_actors::shards::Shards;
use trackgate_protocols::{self as protocols, HttpCodec, Protocol};

/// How long a request waits for its records to be stored.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

/// One protocol's HTTP listener state.
struct HttpDevices {
    protocol: Protocol,
    codec: Box<dyn HttpCodec>,
    router: Router,
}

/// Starts `protocol`'s HTTP listener on `addr`; returns where it listens
/// and the handle that stops it.
///
/// At most `max_connections` device connections are open at once; at the
/// limit the listener stops accepting until one closes (its share of the
/// open-file budget).
pub fn start(
    addr: SocketAddr,
    protocol: Protocol,
    env: Arc<SessionEnv>,
    shards: Arc<Shards>,
    stop: watch::Receiver<bool>,
    max_connections: usize,
) -> anyhow::Result<(SocketAddr, ServerHandle)> {
    let codec = protocol
        .http_codec()
        .with_context(|| format!("{} has no HTTP form", protocol.name()))?;
    let limit = env.config.limits.max_frame_len;
    // A report's body is a frame: it must arrive whole within the frame
    // timeout, as a TCP frame must, or the request is answered 408 and its
    // connection (and descriptor) freed.
    let body_deadline = trackgate_api::deadline::BodyDeadline::new(env.config.frame_timeout);
    let devices = web::Data::new(HttpDevices {
        protocol,
        codec,
        router: Router::new(protocol, env, shards, None),
    });
    let sweeper = devices.clone();
    let server = HttpServer::new(move || {
        App::new()
            .wrap(body_deadline)
            .app_data(devices.clone())
            .app_data(web::PayloadConfig::new(limit))
            .default_service(web::to(report))
    })
    // Requests cost little here (decode and route); the sessions on the
    // shards do the work, so one worker serves many devices.
    .workers(1)
    .max_connections(max_connections.max(1))
    .disable_signals()
    .shutdown_timeout(5)
    .bind(addr)?;
    let bound = server
        .addrs()
        .first()
        .copied()
        .context("HTTP device listener bound no address")?;
    let server = server.run();
    let handle = server.handle();
    actix_rt::spawn(server);
    actix_rt::spawn(sweep(sweeper, stop));
    Ok((bound, handle))
}

async fn sweep(devices: web::Data<HttpDevices>, mut stop: watch::Receiver<bool>) {
    let mut every = tokio::time::interval(SWEEP_EVERY);
    loop {
        tokio::select! {
            _ = every.tick() => devices.router.sweep(),
            _ = stop.changed() => break,
        }
    }
}

async fn report(
    req: HttpRequest,
    body: web::Bytes,
    devices: web::Data<HttpDevices>,
) -> HttpResponse {
    let response = answer(&req, &body, &devices).await;
    let status = response.status();
    metrics::counter!(
        m::HTTP_DEVICE_REQUESTS,
        "protocol" => devices.protocol.name(),
        "status" => status.as_str().to_owned(),
    )
    .increment(1);
    response
}

async fn answer(req: &HttpRequest, body: &[u8], devices: &HttpDevices) -> HttpResponse {
    let name = devices.protocol.name();
    let target = req.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let request = protocols::HttpRequest {
        method: req.method().as_str(),
        target,
        content_type: req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        body,
    };
    let messages = match devices.codec.decode_request(&request) {
        Ok(messages) => messages,
        Err(error) => {
            metrics::counter!(m::DECODE_ERRORS, "protocol" => name, "kind" => error.kind())
                .increment(1);
            tracing::debug!(protocol = name, reason = %error, "device request refused");
            return HttpResponse::BadRequest().body(error.to_string());
        }
    };
    let refusal = StatusCode::from_u16(devices.codec.refusal_status(&request))
        .unwrap_or(StatusCode::BAD_REQUEST);
    let peer = req
        .peer_addr()
        .unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 0)));
    let mut answers = Vec::with_capacity(messages.len());
    for message in messages {
        let Some(device) = message.device().cloned() else {
            return HttpResponse::BadRequest().body("the request names no device");
        };
        let (done, answered) = oneshot::channel();
        match devices
            .router
            .deliver(&device, Origin::Http(done), peer, message)
        {
            Ok(()) => answers.push(answered),
            Err(Undelivered::Busy | Undelivered::Stopped) => {
                return HttpResponse::ServiceUnavailable()
                    .insert_header((RETRY_AFTER, "1"))
                    .finish();
            }
        }
    }
    for answered in answers {
        match tokio::time::timeout(ANSWER_TIMEOUT, answered).await {
            Ok(Ok(())) => {}
            // The session ended without storing: refused, or the store failed.
            Ok(Err(_)) => return HttpResponse::new(refusal),
            Err(_) => return HttpResponse::GatewayTimeout().finish(),
        }
    }
    HttpResponse::Ok().finish()
}

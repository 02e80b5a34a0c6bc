//! Live push (Navixy's `event/subscription`): a WebSocket on which a client
//! subscribes to trackers' states and receives every change as it happens.
//!
//! The client opens `/v2/event/subscription` (Atmosphere parameters
//! optional), then sends `subscribe` / `unsubscribe` messages with a `hash`
//! and `requests`: `state` for listed trackers (every change, one event
//! each) and `state_batch` for all or selected trackers (the newest state
//! of each changed tracker, at most one batch per `rate_limit`). Each
//! answer lists every requested tracker as `normal`, `blocked` or
//! `unknown`; the current states follow at once, then changes.
//!
//! Changes come from the registry's change feed (`trackgate_actors::feed`),
//! which never waits for a client: each connection has a bounded queue, and
//! a client that stops reading until it fills is disconnected.
//!
//! # Layout
//!
//! - this file: the route, and the [`limits`] every connection runs with.
//! - `gate`: every frame's length checked from its header, before it is buffered.
//! - `connection`: one client's loop: requests, changes, batches, heartbeats.
//! - `subscribe`: subscribing and unsubscribing, and the states a subscription starts with.
//! - [`request`]: parsing and validating what clients send.
//! - [`access`]: which trackers a user may watch (the tenancy check).
//! - [`batch`]: `state_batch` pacing.
//! - [`render`]: events, answers and errors as JSON.
//! - [`atmosphere`]: the Atmosphere handshake and heartbeat frames.

pub mod access;
pub mod atmosphere;
pub mod batch;
mod connection;
mod gate;
pub mod render;
pub mod request;
mod statuses;
mod subscribe;

use actix_web::{FromRequest, HttpRequest, HttpResponse, web};

use crate::error::{ApiError, Code};
use crate::{ApiState, deadline, methods};

/// The bounds of one push connection.
pub mod limits {
    use std::time::Duration;

    /// Requests one message may carry.
    pub const REQUESTS: usize = 8;
    /// Tracker ids one request may list.
    pub const TRACKERS: usize = 2_000;
    /// Trackers one connection may watch at once, all subscriptions together.
    pub const WATCHED: usize = 10_000;
    /// Changes queued for a connection that has not written them yet; a
    /// client that lets this fill up is disconnected.
    pub const QUEUE: usize = 1_024;
    /// Largest frame a client may send, and largest message, all its
    /// fragments together. Checked from each frame's header, before its
    /// payload is read; beyond it the connection is reset.
    pub const MAX_FRAME_BYTES: usize = 64 * 1024;
    /// `state_batch` pace when the request names none.
    pub const DEFAULT_RATE_LIMIT: Duration = Duration::from_secs(1);
    /// Shortest `rate_limit` accepted.
    pub const MIN_RATE_LIMIT: Duration = Duration::from_millis(100);
    /// Longest `rate_limit` accepted.
    pub const MAX_RATE_LIMIT: Duration = Duration::from_secs(3_600);
    /// How often the server sends a heartbeat (`X` and a ping) and checks
    /// the subscriptions' credential.
    pub const HEARTBEAT: Duration = Duration::from_secs(30);
    /// A client heard nothing from (no frame, no pong) for this long is closed.
    pub const IDLE: Duration = Duration::from_secs(90);
    /// A frame the client has not taken for this long closes the connection.
    pub const SEND_STALL: Duration = Duration::from_secs(90);
    /// How often statuses that change with time alone (idle, offline,
    /// parked) are judged again for the watched trackers.
    pub const STATUS_SWEEP: Duration = Duration::from_secs(1);
    /// How long the close frame may wait for a client that is not reading.
    pub const CLOSE_GRACE: Duration = Duration::from_secs(5);
    /// How long the close frame is given to be written before the
    /// connection is shut down.
    pub const CLOSE_FLUSH: Duration = Duration::from_millis(50);
}

/// The push channel's route: `/v2/event/subscription`, with or without the
/// trailing `/` Navixy's documentation writes. GET only (the upgrade); any
/// other method is answered 405 with code 112.
pub fn resource() -> actix_web::Resource {
    web::resource(["/v2/event/subscription", "/v2/event/subscription/"])
        .get(subscription)
        .default_service(methods::refuse(methods::GET, super::wrong_method))
}

/// `GET /v2/event/subscription`: upgrades to a WebSocket and serves it.
pub async fn subscription(
    state: web::Data<ApiState>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let handshake = atmosphere::Handshake::from_query(req.query_string());
    // Frames are held to their limit as their headers arrive, not once
    // they have been buffered whole.
    let mut gated: actix_web::dev::Payload = actix_web::dev::Payload::Stream {
        payload: Box::pin(gate::FrameGate::new(
            body.into_inner(),
            limits::MAX_FRAME_BYTES,
        )),
    };
    let body = web::Payload::from_request(&req, &mut gated)
        .await
        .map_err(|_| ApiError::code(Code::UnexpectedError))?;
    let (response, session, stream) = actix_ws::handle(&req, body).map_err(|error| {
        tracing::debug!(%error, "push channel opened without a WebSocket upgrade");
        ApiError::code(Code::WrongRequestFormat)
    })?;
    // The payload is now a stream without end, bounded by the channel's
    // own limits rather than the request body's deadline.
    deadline::lift(&req);
    let stream = stream.max_frame_size(limits::MAX_FRAME_BYTES);
    let socket = crate::conn::Socket::of(&req);
    // The TCP peer: a forwarded-for header is whatever the client says.
    let peer = req.peer_addr().map(|addr| addr.ip());
    actix_web::rt::spawn(connection::run(
        state.into_inner(),
        (session, socket),
        stream,
        handshake,
        peer,
    ));
    Ok(response)
}

//! The head of a kept-alive connection's next request must arrive in time
//! too.
//!
//! actix-web times the head of a connection's first request only. Between
//! requests a kept-alive connection is under its keep-alive timer, which
//! stops at the first byte of the next request: a client that sends one
//! byte of its next head, and then nothing, would hold the connection and
//! its descriptors forever. So each connection counts its requests in
//! flight, from the head reaching the application to the end of the
//! answer's body ([`TrackRequests`]), and since when it has had none; a
//! watchdog resets a connection that has had none for longer than the
//! keep-alive time and a head's time together. By then an idle connection
//! would have been closed by its keep-alive timer, so this one is taking
//! longer than a head may over its next request.

use std::cell::Cell;
use std::future::{Ready, ready};
use std::os::fd::OwnedFd;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::Error;
use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::web::Bytes;
use futures_util::future::LocalBoxFuture;
use tokio::time::{Instant, sleep, sleep_until};

/// A connection's requests in flight, and since when it has had none.
#[derive(Debug)]
pub struct Activity {
    in_flight: Cell<usize>,
    idle_since: Cell<Instant>,
}

impl Activity {
    /// A connection just accepted: idle, since now.
    pub fn new() -> Rc<Self> {
        Rc::new(Self {
            in_flight: Cell::new(0),
            idle_since: Cell::new(Instant::now()),
        })
    }

    /// A request reached the application; it is in flight until the guard
    /// is dropped with the end of its answer.
    pub fn start(self: &Rc<Self>) -> InFlight {
        self.in_flight.set(self.in_flight.get() + 1);
        InFlight(self.clone())
    }

    /// When the connection will have been idle for `limit`; `None` while a
    /// request is in flight.
    fn due(&self, limit: Duration) -> Option<Instant> {
        (self.in_flight.get() == 0).then(|| self.idle_since.get() + limit)
    }
}

/// A request in flight on its connection.
#[derive(Debug)]
pub struct InFlight(Rc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let left = self.0.in_flight.get().saturating_sub(1);
        self.0.in_flight.set(left);
        if left == 0 {
            self.0.idle_since.set(Instant::now());
        }
    }
}

/// Watches a connection until it ends; resets it once it has been idle for
/// longer than `limit`. Holds the connection's activity and socket weakly,
/// so it keeps nothing of the connection alive.
pub async fn watch(activity: Weak<Activity>, socket: std::sync::Weak<OwnedFd>, limit: Duration) {
    loop {
        let due = match activity.upgrade() {
            Some(activity) => activity.due(limit),
            None => return,
        };
        match due {
            Some(due) if due <= Instant::now() => break,
            Some(due) => sleep_until(due).await,
            None => sleep(limit).await,
        }
    }
    if let Some(socket) = socket.upgrade() {
        tracing::debug!("API connection reset: its next request head took too long");
        super::Socket(socket).reset();
    }
}

/// Middleware: counts each request in flight on its connection, from its
/// head to the end of its answer's body.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrackRequests;

impl<S, B> Transform<S, ServiceRequest> for TrackRequests
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<Tracked>;
    type Error = Error;
    type Transform = TrackRequestsService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(TrackRequestsService { service }))
    }
}

/// [`TrackRequests`] around the application.
#[derive(Debug)]
pub struct TrackRequestsService<S> {
    service: S,
}

impl<S, B> Service<ServiceRequest> for TrackRequestsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<Tracked>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        // Dropped with the answer's body, or with this future if the
        // connection ends first.
        let in_flight = req.conn_data::<Rc<Activity>>().map(Activity::start);
        let answer = self.service.call(req);
        Box::pin(async move {
            let answer = answer.await?;
            Ok(answer.map_body(|_, body| Tracked {
                body: body.boxed(),
                _in_flight: in_flight,
            }))
        })
    }
}

/// An answer's body, which ends its request's flight when dropped.
#[derive(Debug)]
pub struct Tracked {
    body: BoxBody,
    _in_flight: Option<InFlight>,
}

impl MessageBody for Tracked {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.body).poll_next(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_is_idle_only_with_no_request_in_flight() {
        let limit = Duration::from_secs(10);
        let activity = Activity::new();
        assert!(activity.due(limit).is_some());
        let first = activity.start();
        let second = activity.start();
        assert_eq!(activity.due(limit), None);
        drop(first);
        assert_eq!(activity.due(limit), None, "one is still in flight");
        let before = Instant::now();
        drop(second);
        let due = activity.due(limit).expect("idle");
        assert!(
            due >= before + limit,
            "idle from the end of the last answer"
        );
    }
}

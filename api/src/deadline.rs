//! A request's body must arrive whole in time.
//!
//! actix-web times out a request's head (`client_request_timeout`), not its
//! body: a client that announces a body and then trickles it, or sends
//! nothing more, would hold its connection, both its descriptors and the
//! handler waiting on it for as long as it liked. [`BodyDeadline`] wraps
//! every request's payload in one that fails once the deadline has passed
//! with the body still incomplete (bytes that arrived in time are always
//! handed on); the handler's answer is then replaced by 408 with
//! `Connection: close`, and the connection closes after it, which frees its
//! descriptors.
//!
//! The live-push channel's payload is its WebSocket stream, which has no
//! end: once the upgrade is accepted the channel lifts the deadline
//! ([`lift`]) and its own limits (idle time, frame sizes) take over.

use std::cell::Cell;
use std::future::{Future, Ready, ready};
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::error::PayloadError;
use actix_web::http::ConnectionType;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse};
use futures_util::Stream;
use futures_util::future::LocalBoxFuture;
use tokio::time::{Instant, Sleep, sleep_until};

/// Where a request's body stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    /// The deadline holds.
    Running,
    /// The deadline passed before the body was whole.
    Expired,
    /// The deadline no longer applies (an accepted WebSocket upgrade).
    Lifted,
}

/// The request's handle on its body's deadline, in its extensions.
#[derive(Debug, Clone)]
struct Lift(Rc<Cell<Clock>>);

/// Lifts the deadline of `req`'s body, for a payload that is a stream
/// without end rather than a body (an accepted WebSocket upgrade).
pub fn lift(req: &HttpRequest) {
    if let Some(Lift(clock)) = req.extensions().get::<Lift>() {
        clock.set(Clock::Lifted);
    }
}

/// Middleware: every request's body must arrive whole within `timeout` of
/// the request reaching the application; a late one is answered 408 and
/// its connection closed.
#[derive(Debug, Clone, Copy)]
pub struct BodyDeadline {
    timeout: Duration,
}

impl BodyDeadline {
    /// Bodies get `timeout` to arrive whole.
    pub fn new(timeout: Duration) -> Self {
        Self { timeout }
    }
}

impl<S, B> Transform<S, ServiceRequest> for BodyDeadline
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = BodyDeadlineService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(BodyDeadlineService {
            service,
            timeout: self.timeout,
        }))
    }
}

/// [`BodyDeadline`] around the application.
#[derive(Debug)]
pub struct BodyDeadlineService<S> {
    service: S,
    timeout: Duration,
}

impl<S, B> Service<ServiceRequest> for BodyDeadlineService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, mut req: ServiceRequest) -> Self::Future {
        let clock = Rc::new(Cell::new(Clock::Running));
        let payload = req.take_payload();
        if matches!(payload, Payload::None) {
            req.set_payload(payload);
        } else {
            req.set_payload(Payload::Stream {
                payload: Box::pin(Timed {
                    payload,
                    deadline: Box::pin(sleep_until(Instant::now() + self.timeout)),
                    clock: clock.clone(),
                }),
            });
            req.extensions_mut().insert(Lift(clock.clone()));
        }
        let answer = self.service.call(req);
        Box::pin(async move {
            let answer = answer.await?;
            if clock.get() != Clock::Expired {
                return Ok(answer.map_into_left_body());
            }
            tracing::debug!(
                path = answer.request().path(),
                peer = ?answer.request().peer_addr(),
                "request body not whole in time: answered 408, connection closed"
            );
            let mut timed_out = HttpResponse::RequestTimeout().finish();
            timed_out
                .head_mut()
                .set_connection_type(ConnectionType::Close);
            Ok(answer.into_response(timed_out).map_into_right_body())
        })
    }
}

/// A payload that fails once its deadline passes before its end.
struct Timed {
    payload: Payload,
    deadline: Pin<Box<Sleep>>,
    clock: Rc<Cell<Clock>>,
}

impl Stream for Timed {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.clock.get() == Clock::Expired {
            return Poll::Ready(None);
        }
        // What arrived in time is handed on, whenever it is asked for.
        if let Poll::Ready(item) = Pin::new(&mut this.payload).poll_next(cx) {
            return Poll::Ready(item);
        }
        if this.clock.get() == Clock::Lifted || this.deadline.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        this.clock.set(Clock::Expired);
        Poll::Ready(Some(Err(PayloadError::Io(io::Error::new(
            io::ErrorKind::TimedOut,
            "request body not whole in time",
        )))))
    }
}

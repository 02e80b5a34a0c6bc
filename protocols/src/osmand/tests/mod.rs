//! Tests for the OsmAnd codec.
//!
//! - `corpus`: every OsmAnd sample of the device corpus.
//! - `forms`: times, units, named values, refusals, batches.
//! - `props`: property tests (random and mutated requests).

mod corpus;
mod forms;
mod props;

use crate::codec::{DecodeError, HttpCodec, HttpRequest};
use crate::message::Message;
use crate::record::Record;

use super::OsmandHttp;

/// The server time the tests run at: 2024-06-01 12:00:00 UTC.
pub(super) const NOW_MS: i64 = 1_717_243_200_000;

pub(super) fn codec() -> OsmandHttp {
    OsmandHttp::with_clock(|| NOW_MS)
}

pub(super) fn get(target: &str) -> Result<Vec<Message>, DecodeError> {
    codec().decode_request(&HttpRequest {
        method: "GET",
        target,
        content_type: None,
        body: &[],
    })
}

pub(super) fn post_json(body: &str) -> Result<Vec<Message>, DecodeError> {
    codec().decode_request(&HttpRequest {
        method: "POST",
        target: "/",
        content_type: Some("application/json; charset=utf-8"),
        body: body.as_bytes(),
    })
}

/// The device and records of a request's one message, with its empty ack.
pub(super) fn report(messages: &[Message]) -> (&str, &[Record]) {
    match messages {
        [
            Message::Records {
                device: Some(device),
                records,
                ack: Some(ack),
            },
        ] if ack.is_empty() => (device.as_str(), records),
        other => panic!("expected one report, got {other:?}"),
    }
}

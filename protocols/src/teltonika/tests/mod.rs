//! Tests for the Teltonika codec.
//!
//! - `corpus`: every Teltonika sample of the device corpus, replayed in order.
//! - `framing`: framer edge cases.
//! - `replies`: exact bytes of every reply and command.
//! - `named`: the AVL id → named value mapping.
//! - `props`: property tests (encode/decode round trips).
//! - `udp`: the UDP envelope.
//! - `commands`: commands to devices.

mod commands;
mod corpus;
mod framing;
mod named;
mod props;
mod replies;
mod udp;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::record::Record;

use super::TeltonikaCodec;

/// The IMEI packet used by the corpus: `000F` + "123456789012345".
pub(super) const LOGIN: &str = "000f313233343536373839303132333435";

pub(super) use crate::test_support::unhex;

/// A codec that has already seen [`LOGIN`].
pub(super) fn logged_in() -> TeltonikaCodec {
    let mut codec = TeltonikaCodec::new(Limits::default());
    let mut buf = BytesMut::from(&unhex(LOGIN)[..]);
    let message = codec.decode(&mut buf).expect("login decodes");
    assert!(matches!(message, Some(Message::Login { .. })));
    codec
}

/// Decodes one whole frame and checks it was consumed exactly.
pub(super) fn decode_one(codec: &mut TeltonikaCodec, bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec.decode(&mut buf)?.expect("a whole frame");
    assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    Ok(message)
}

/// The plausibility check applied to every decoded record whose location
/// the corpus says to check: the same bounds Traccar's tests use, with its
/// 869-knot speed limit in km/h.
pub(super) fn assert_plausible(record: &Record) {
    crate::test_support::assert_plausible(record);
}

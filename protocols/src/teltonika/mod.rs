//! Teltonika over TCP. (Interface placeholder; the codec lands in its own change.)

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

/// Per-connection Teltonika TCP codec.
#[derive(Debug)]
pub struct TeltonikaCodec {
    limits: Limits,
}

impl TeltonikaCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for TeltonikaCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let _ = (buf, self.limits);
        Err(DecodeError::Unsupported("not yet".into()))
    }
}

//! Finding frame boundaries, written once for every protocol.
//!
//! Three shapes cover the protocols trackgate speaks:
//!
//! - [`delimited`]: text or binary frames that end with a marker (`\r\n`,
//!   `#`, `$`, `)`, or any one of several bytes), optionally starting with
//!   one. A delimited stream can resynchronise: garbage before a start
//!   marker is skipped.
//! - [`length`]: a header carries the frame's length. Such a stream cannot
//!   resynchronise; a bad header ends the connection.
//! - [`escaped`]: frames between flag bytes with byte stuffing inside
//!   (JT/T 808's `7E`/`7D`, Xexun2's `FA AF`). They resynchronise at the
//!   next flag.
//!
//! Every framer takes the [`Limits`](crate::Limits) and refuses a frame
//! that would exceed `max_frame_len` before buffering more of it. Framers
//! only cut; parsing the frame is the protocol's `decode`.

pub mod delimited;
pub mod escaped;
pub mod length;

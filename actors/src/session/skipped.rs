//! Frames the codec skipped: the stream went on after them, but none is
//! dropped silently. Each is counted by protocol and reason, and logged
//! with its first bytes in hex, at most [`LOGGED_PER_SECOND`] lines a
//! second across the process; the next line logged says how many were
//! left out meanwhile. A device sending nothing but garbage on a protocol
//! that resynchronises therefore costs a counter increment per frame, not
//! a log line.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use trackgate_protocols::DecodeError;

use super::DeviceSession;
use crate::metrics as m;

/// Skipped-frame log lines allowed per second.
pub(super) const LOGGED_PER_SECOND: u32 = 10;

/// How many lines were logged in the current second, and how many left out.
struct Window {
    started: Instant,
    logged: u32,
    left_out: u64,
}

static WINDOW: Mutex<Option<Window>> = Mutex::new(None);

/// Whether a line may be logged now; if so, how many were left out since
/// the last one.
fn admit(now: Instant) -> Option<u64> {
    let mut window = WINDOW.lock().unwrap_or_else(|e| e.into_inner());
    let window = window.get_or_insert(Window {
        started: now,
        logged: 0,
        left_out: 0,
    });
    if now.duration_since(window.started) >= Duration::from_secs(1) {
        window.started = now;
        window.logged = 0;
    }
    if window.logged >= LOGGED_PER_SECOND {
        window.left_out += 1;
        return None;
    }
    window.logged += 1;
    Some(std::mem::take(&mut window.left_out))
}

impl DeviceSession {
    /// A frame the codec consumed without decoding it: nothing of it is
    /// stored or acknowledged, and reading goes on.
    pub(super) fn skipped(&self, error: &DecodeError) {
        metrics::counter!(
            m::FRAMES_SKIPPED,
            "protocol" => self.protocol.name(),
            "reason" => error.kind(),
        )
        .increment(1);
        if let Some(left_out) = admit(Instant::now()) {
            let _span = self.span.clone().entered();
            tracing::warn!(
                reason = error.kind(),
                %error,
                left_out,
                "frame skipped; the connection goes on"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_limited_per_second_and_the_next_one_counts_the_rest() {
        let start = Instant::now() + Duration::from_secs(3600);
        let admitted = (0..25).filter(|_| admit(start).is_some()).count();
        assert_eq!(admitted, LOGGED_PER_SECOND as usize);
        let next = admit(start + Duration::from_secs(1));
        assert_eq!(next, Some(15), "the 15 left out are reported");
        assert_eq!(admit(start + Duration::from_secs(1)), Some(0));
    }
}

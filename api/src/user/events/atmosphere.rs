//! The Atmosphere framing Navixy's push channel speaks on top of WebSocket.
//!
//! An Atmosphere client opens the socket with its protocol parameters in
//! the query (`X-Atmosphere-tracking-id`, `X-Atmosphere-Transport=websocket`,
//! `X-atmo-protocol=true`). With `X-atmo-protocol=true` the server's first
//! frame is `<tracking id>|<heartbeat ms>|X|`; after that both sides send a
//! bare `X` as a heartbeat, and every other frame is JSON. Only the
//! `websocket` transport is served (no long-polling fallback), and messages
//! carry no length prefix (`trackMessageLength: false`).

use std::time::Duration;

/// What the opening request asked of the Atmosphere protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handshake {
    /// The client's tracking id, or a new one; `None` without `X-atmo-protocol=true`.
    pub tracking_id: Option<String>,
}

/// The heartbeat frame, both ways.
pub const HEARTBEAT_FRAME: &str = "X";

impl Handshake {
    /// Reads the opening request's query string.
    pub fn from_query(query: &str) -> Self {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        if get("X-atmo-protocol") != Some("true") {
            return Self { tracking_id: None };
        }
        // A reconnecting client presents the id it was given; "0" asks for one.
        let presented = get("X-Atmosphere-tracking-id").filter(|id| {
            *id != "0"
                && id.len() <= 64
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        let tracking_id = presented.map_or_else(new_tracking_id, str::to_owned);
        Self {
            tracking_id: Some(tracking_id),
        }
    }

    /// The first frame to send, if the client speaks the protocol.
    pub fn first_frame(&self, heartbeat: Duration) -> Option<String> {
        let id = self.tracking_id.as_deref()?;
        Some(format!("{id}|{}|{HEARTBEAT_FRAME}|", heartbeat.as_millis()))
    }
}

/// A fresh tracking id, written like a UUID.
fn new_tracking_id() -> String {
    let hex = crate::random_token();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_protocol_handshake_is_sent_only_when_asked_for() {
        let query = "X-Atmosphere-tracking-id=0&X-Atmosphere-Framework=2.3.6-javascript\
                     &X-Atmosphere-Transport=websocket&Content-Type=application/json\
                     &X-atmo-protocol=true";
        let handshake = Handshake::from_query(query);
        let frame = handshake
            .first_frame(Duration::from_secs(30))
            .expect("a first frame");
        let parts: Vec<&str> = frame.split('|').collect();
        assert_eq!(parts.len(), 4, "{frame}");
        assert_eq!(parts[0].len(), 36);
        assert_eq!(parts[0].matches('-').count(), 4);
        assert_eq!(&parts[1..], ["30000", "X", ""]);

        let again = Handshake::from_query(
            "X-Atmosphere-tracking-id=b623a15d-9623-4fd8-a9d3-697036635c29&X-atmo-protocol=true",
        );
        assert_eq!(
            again.tracking_id.as_deref(),
            Some("b623a15d-9623-4fd8-a9d3-697036635c29")
        );
        let odd = Handshake::from_query("X-Atmosphere-tracking-id=%7C%7C&X-atmo-protocol=true");
        assert_ne!(odd.tracking_id.as_deref(), Some("||"));

        for plain in ["", "X-atmo-protocol=false", "%%%"] {
            let handshake = Handshake::from_query(plain);
            assert_eq!(handshake.first_frame(Duration::from_secs(30)), None);
        }
    }
}

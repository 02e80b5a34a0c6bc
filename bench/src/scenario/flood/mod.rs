//! The flood scenario: a hostile client's flood against a gateway that
//! legitimate users keep using, measured before, during and after.
//!
//! The run starts the gateway binary itself ([`crate::launch`]) on a fresh
//! data directory and free loopback ports, optionally with a lower open-file
//! limit and more environment, and provisions a canary user with K trackers
//! through the Server API. The [`canary`] (K devices sending a record every
//! interval and checking each ack, and a User API client logging in and
//! reading a state every second) runs for the whole run. After `warmup`
//! seconds the flood of one [`FloodKind`] starts; after `flood` seconds it is
//! stopped (its connections closed); the canary goes on for `recovery`
//! seconds. The gateway's RSS, threads and descriptors are sampled every
//! second, and the [`timeline`] of those seconds says whether the canary
//! recovered without a restart.
//!
//! # Layout
//!
//! - this file: the kinds, the plan and its bounds.
//! - `results`: what a run measured, and its verdict.
//! - `run`: starting the gateway, the phases, stopping, collecting.
//! - [`canary`]: the legitimate devices and API client.
//! - [`timeline`]: per-second counts and the recovery judged from them.
//! - [`outcome`]: what the flood's own connections saw.
//! - `spawn`: starting the flood of a kind, and what is read after the run.
//! - `attack`, `ws`, `auth`: the floods.

mod attack;
mod auth;
pub mod canary;
pub mod outcome;
mod results;
mod run;
mod spawn;
pub mod timeline;
mod ws;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use attack::{name_answer, partial_frame};
pub use results::{FloodResults, GatewayFacts, LogSummary, Registered};
pub use run::{FloodError, run, run_blocking};
pub use spawn::{is_invalid, message, strip_colours, unknown_imei};
pub use ws::{close_code, frame_header};

use crate::dialect::Dialect;
use crate::imei;
use timeline::Phases;

/// Most connections a device or slow-body flood opens (each is a socket
/// here and one in the gateway; the canary needs some too).
pub const MAX_CONNECTIONS: u32 = 19_000;
/// Most WebSocket clients.
pub const MAX_WS_CLIENTS: u32 = 64;
/// Most concurrent `user/auth` clients.
pub const MAX_AUTH_CLIENTS: u32 = 256;
/// Most MiB one WebSocket client streams.
pub const MAX_WS_MEGABYTES: u64 = 4_096;
/// Longest phase, seconds.
pub const MAX_PHASE_S: u32 = 600;
/// Most canary devices.
pub const MAX_CANARY: u32 = 1_000;

/// What the hostile client does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum FloodKind {
    /// N TCP connections to the device port that never log in.
    IdleTcp,
    /// N API requests whose body trickles in a byte at a time, never whole.
    SlowBody,
    /// WebSocket clients streaming a frame that declares 2 GiB.
    WsFrame,
    /// Concurrent `user/auth` calls with the canary's login and wrong passwords.
    Auth,
    /// N devices the gateway has never seen, valid and invalid IMEIs, logging
    /// in at once (the gateway registers unknown devices in this run).
    UnknownDevices,
    /// N connections each sending most of a Teltonika frame, then nothing.
    PartialFrames,
}

impl FloodKind {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::IdleTcp => "idle-tcp",
            Self::SlowBody => "slow-body",
            Self::WsFrame => "ws-frame",
            Self::Auth => "auth",
            Self::UnknownDevices => "unknown-devices",
            Self::PartialFrames => "partial-frames",
        }
    }

    /// Connections (or clients) when none are asked for.
    pub fn default_connections(self) -> u32 {
        match self {
            Self::WsFrame => 4,
            Self::Auth => 16,
            _ => 1_000,
        }
    }

    /// The most connections (or clients) allowed.
    pub fn max_connections(self) -> u32 {
        match self {
            Self::WsFrame => MAX_WS_CLIENTS,
            Self::Auth => MAX_AUTH_CLIENTS,
            _ => MAX_CONNECTIONS,
        }
    }

    /// Whether its connections are held open (and so are counted at the peak).
    pub fn holds_connections(self) -> bool {
        self != Self::Auth
    }

    /// Whether it goes to the HTTP API rather than the device port.
    pub fn targets_api(self) -> bool {
        matches!(self, Self::SlowBody | Self::WsFrame | Self::Auth)
    }
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloodPlan {
    /// The flood.
    pub kind: FloodKind,
    /// The `trackgate` binary to start.
    pub gateway_bin: PathBuf,
    /// The data directory (empty or absent); `None`: a temporary one.
    pub data_dir: Option<PathBuf>,
    /// The gateway's open-file limit; `None`: this process's.
    pub gateway_nofile: Option<u64>,
    /// More environment for the gateway.
    pub gateway_env: Vec<(String, String)>,
    /// Where the gateway's log goes; `None`: a file in a temporary directory.
    pub gateway_log: Option<PathBuf>,
    /// The canary devices' protocol (and the device floods' port).
    pub protocol: Dialect,
    /// Flood connections, or clients for `ws-frame` and `auth`.
    pub connections: u32,
    /// The phases' lengths.
    pub phases: Phases,
    /// Canary devices.
    pub canary_devices: u32,
    /// Seconds between one canary device's records.
    pub canary_interval_s: f64,
    /// API rounds (seconds) from one canary `user/auth` to the next.
    pub canary_login_every: u32,
    /// The canary user's login.
    pub email: String,
    /// Its password.
    #[serde(skip_serializing, default)]
    pub password: String,
    /// The first canary IMEI.
    pub imei_base: u64,
    /// The first unknown device's IMEI (`unknown-devices`).
    pub unknown_imei_base: u64,
    /// Share of the unknown devices whose IMEI has a wrong check digit.
    pub invalid_share: f64,
    /// `slow-body`: the body length the head declares.
    pub content_length: u64,
    /// `slow-body`: seconds between the body's bytes.
    pub trickle_interval_s: f64,
    /// `ws-frame`: MiB each client streams, at most.
    pub ws_megabytes: u64,
    /// `partial-frames`: bytes sent of each frame.
    pub frame_bytes: u32,
    /// `partial-frames`: the data length its header declares.
    pub declared_bytes: u32,
    /// Flood connects in progress at once, at most (0: no limit).
    pub max_handshakes: usize,
    /// Seconds a connect, login or request may take.
    pub reply_timeout_s: f64,
}

impl FloodPlan {
    /// Checks every bound; a plan that passes is bounded in count and time.
    pub fn validate(&self) -> Result<(), String> {
        let kind = self.kind.name();
        let max = self.kind.max_connections();
        if !(1..=max).contains(&self.connections) {
            return Err(format!(
                "{kind}: --connections must be 1..={max}, not {}",
                self.connections
            ));
        }
        let p = self.phases;
        for (name, s, min) in [
            ("--warmup", p.warmup_s, 3),
            ("--flood", p.flood_s, 1),
            ("--recovery", p.recovery_s, 2),
        ] {
            if !(min..=MAX_PHASE_S).contains(&s) {
                return Err(format!("{name} must be {min}..={MAX_PHASE_S} s, not {s}"));
            }
        }
        if !(1..=MAX_CANARY).contains(&self.canary_devices) {
            return Err(format!(
                "--canary-devices must be 1..={MAX_CANARY}, not {}",
                self.canary_devices
            ));
        }
        let interval = self.canary_interval_s;
        if !(interval >= 0.1 && interval <= f64::from(p.warmup_s) / 3.0) {
            return Err(format!(
                "--canary-interval must be 0.1 s to a third of --warmup, not {interval}"
            ));
        }
        if !(1..=3_600).contains(&self.canary_login_every) {
            return Err(format!(
                "--canary-login-every must be 1..=3600 rounds, not {}",
                self.canary_login_every
            ));
        }
        if !(0.001..=60.0).contains(&self.reply_timeout_s) {
            return Err(format!(
                "--reply-timeout must be 0.001..=60 s, not {}",
                self.reply_timeout_s
            ));
        }
        if !(0.0..=1.0).contains(&self.invalid_share) {
            return Err("--invalid-share must be 0..=1".into());
        }
        if !(0.1..=60.0).contains(&self.trickle_interval_s) || self.content_length < 2 {
            return Err(
                "--trickle-interval must be 0.1..=60 s and --content-length at least 2".into(),
            );
        }
        if !(1..=MAX_WS_MEGABYTES).contains(&self.ws_megabytes) {
            return Err(format!("--ws-megabytes must be 1..={MAX_WS_MEGABYTES}"));
        }
        let frame = self.frame_bytes;
        if !(16..=16 << 20).contains(&frame)
            || u64::from(self.declared_bytes) + 8 <= u64::from(frame)
        {
            return Err(format!(
                "--frame-bytes must be 16 B..16 MiB and below --declared-bytes + 8 (a frame never \
                 finished), not {frame} of {}",
                self.declared_bytes
            ));
        }
        if self.kind == FloodKind::PartialFrames && self.protocol != Dialect::TELTONIKA {
            return Err("partial-frames sends Teltonika frames: --protocol teltonika".into());
        }
        imei::check_range(self.imei_base, u64::from(self.canary_devices))
            .and_then(|()| imei::check_range(self.unknown_imei_base, u64::from(self.connections)))
            .map_err(|e| e.to_string())
    }

    /// Seconds at the start the canary spends connecting, left out of its baseline.
    pub fn settle_s(&self) -> u32 {
        self.canary_interval_s.ceil() as u32 + 1
    }
}

#[cfg(test)]
mod tests;

//! The flood subcommand's options.

use std::path::PathBuf;

use clap::Args;

use crate::dialect::Dialect;
use crate::scenario::flood::timeline::Phases;
use crate::scenario::flood::{FloodKind, FloodPlan};

/// `trackgate-bench flood`.
#[derive(Debug, Args)]
pub struct FloodArgs {
    /// The flood.
    #[arg(long, value_enum)]
    pub kind: FloodKind,
    /// Flood connections; clients for ws-frame and auth [default: 1000;
    /// ws-frame 4, auth 16]
    #[arg(long)]
    pub connections: Option<u32>,
    /// Seconds of canary alone before the flood.
    #[arg(long, default_value_t = 10)]
    pub warmup: u32,
    /// Seconds the flood lasts.
    #[arg(long, default_value_t = 30)]
    pub flood: u32,
    /// Seconds of canary after the flood is stopped.
    #[arg(long, default_value_t = 20)]
    pub recovery: u32,
    /// The gateway binary to start [default: `trackgate` next to this executable]
    #[arg(long)]
    pub gateway_bin: Option<PathBuf>,
    /// The gateway's data directory; must be empty or not exist, and is
    /// kept [default: a temporary directory, removed afterwards]
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// The gateway's open-file limit (soft and hard) [default: this process's]
    #[arg(long)]
    pub gateway_nofile: Option<u64>,
    /// More environment for the gateway, KEY=VALUE (repeatable).
    #[arg(long, value_parser = parse_env)]
    pub gateway_env: Vec<(String, String)>,
    /// Keep the gateway's log (its stderr) in this file [default: in the
    /// data directory]
    #[arg(long)]
    pub gateway_log: Option<PathBuf>,
    /// The canary devices' protocol (device floods go to its port).
    #[arg(long, value_enum, default_value_t = Dialect::TELTONIKA)]
    pub protocol: Dialect,
    /// Canary devices, each one connection.
    #[arg(long, default_value_t = 20)]
    pub canary_devices: u32,
    /// Seconds between one canary device's records.
    #[arg(long, default_value_t = 1.0)]
    pub canary_interval: f64,
    /// Seconds (API rounds) from one canary user/auth to the next; the
    /// rounds between read the state with the session they have.
    #[arg(long, default_value_t = 1)]
    pub canary_login_every: u32,
    /// The canary user's login.
    #[arg(long, default_value = "canary@bench.example")]
    pub email: String,
    /// Its password.
    #[arg(long, default_value = "canary-pass")]
    pub password: String,
    /// The first canary IMEI; the others count up from it.
    #[arg(long, default_value_t = 352_000_000_000_000)]
    pub imei_base: u64,
    /// unknown-devices: the first unknown IMEI.
    #[arg(long, default_value_t = 353_000_000_000_000)]
    pub unknown_imei_base: u64,
    /// unknown-devices: share of IMEIs with a wrong check digit.
    #[arg(long, default_value_t = 0.5)]
    pub invalid_share: f64,
    /// slow-body: the body length each request's head declares.
    #[arg(long, default_value_t = 1024)]
    pub content_length: u64,
    /// slow-body: seconds between the body's bytes.
    #[arg(long, default_value_t = 5.0)]
    pub trickle_interval: f64,
    /// ws-frame: MiB each client streams, at most.
    #[arg(long, default_value_t = 256)]
    pub ws_megabytes: u64,
    /// partial-frames: bytes of each frame sent.
    #[arg(long, default_value_t = 61_440)]
    pub frame_bytes: u32,
    /// partial-frames: the data length each frame's header declares.
    #[arg(long, default_value_t = 65_000)]
    pub declared_bytes: u32,
    /// Flood connects in progress at once, at most; 0 for no limit
    /// [default: 256; unknown-devices 0, all at once]
    #[arg(long)]
    pub max_handshakes: Option<usize>,
    /// Seconds a connect, login, ack or API request may take.
    #[arg(long, default_value_t = 5.0)]
    pub reply_timeout: f64,
    /// Worker threads for the simulator.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Also write the full results as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// No progress line on stderr (it is also off when stderr is not a terminal).
    #[arg(long)]
    pub quiet: bool,
}

fn parse_env(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("{text:?} is not KEY=VALUE")),
    }
}

impl FloodArgs {
    /// The plan these arguments describe (bounds are checked when it runs).
    pub fn plan(&self) -> std::io::Result<FloodPlan> {
        let gateway_bin = match &self.gateway_bin {
            Some(bin) => bin.clone(),
            None => std::env::current_exe()?.with_file_name("trackgate"),
        };
        let max_handshakes = self.max_handshakes.unwrap_or(match self.kind {
            FloodKind::UnknownDevices => 0,
            _ => 256,
        });
        Ok(FloodPlan {
            kind: self.kind,
            gateway_bin,
            data_dir: self.data_dir.clone(),
            gateway_nofile: self.gateway_nofile,
            gateway_env: self.gateway_env.clone(),
            gateway_log: self.gateway_log.clone(),
            protocol: self.protocol,
            connections: self
                .connections
                .unwrap_or_else(|| self.kind.default_connections()),
            phases: Phases {
                warmup_s: self.warmup,
                flood_s: self.flood,
                recovery_s: self.recovery,
            },
            canary_devices: self.canary_devices,
            canary_interval_s: self.canary_interval,
            canary_login_every: self.canary_login_every,
            email: self.email.clone(),
            password: self.password.clone(),
            imei_base: self.imei_base,
            unknown_imei_base: self.unknown_imei_base,
            invalid_share: self.invalid_share,
            content_length: self.content_length,
            trickle_interval_s: self.trickle_interval,
            ws_megabytes: self.ws_megabytes,
            frame_bytes: self.frame_bytes,
            declared_bytes: self.declared_bytes,
            max_handshakes,
            reply_timeout_s: self.reply_timeout,
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn parse(args: &[&str]) -> FloodArgs {
        let cli = Cli::try_parse_from([&["trackgate-bench", "flood"][..], args].concat()).unwrap();
        let Command::Flood(args) = cli.command else {
            panic!("not flood");
        };
        args
    }

    #[test]
    fn parses_an_idle_flood_with_a_low_gateway_limit() {
        let args = parse(&[
            "--kind",
            "idle-tcp",
            "--connections",
            "2500",
            "--gateway-nofile",
            "2048",
            "--gateway-env",
            "TRACKGATE_SHARDS=1",
            "--canary-login-every",
            "60",
            "--json",
            "idle.json",
        ]);
        let plan = args.plan().unwrap();
        assert_eq!(plan.kind, FloodKind::IdleTcp);
        assert_eq!(
            (plan.connections, plan.gateway_nofile),
            (2_500, Some(2_048))
        );
        assert_eq!(plan.gateway_env, [("TRACKGATE_SHARDS".into(), "1".into())]);
        assert_eq!(plan.phases.total_s(), 60);
        assert_eq!(plan.canary_login_every, 60);
        assert_eq!(plan.max_handshakes, 256);
        assert_eq!(plan.gateway_bin.file_name().unwrap(), "trackgate");
        assert_eq!(plan.validate(), Ok(()));
    }

    #[test]
    fn kinds_have_their_own_defaults_and_bounds() {
        let ws = parse(&["--kind", "ws-frame"]).plan().unwrap();
        assert_eq!(ws.connections, 4);
        let unknown = parse(&["--kind", "unknown-devices"]).plan().unwrap();
        assert_eq!(unknown.max_handshakes, 0, "all at once");
        let too_many = parse(&["--kind", "auth", "--connections", "257"])
            .plan()
            .unwrap();
        assert!(too_many.validate().is_err());
        let finished = parse(&["--kind", "partial-frames", "--frame-bytes", "65008"]);
        assert!(
            finished.plan().unwrap().validate().is_err(),
            "a whole frame"
        );
        let short = parse(&["--kind", "auth", "--warmup", "2"]).plan().unwrap();
        assert!(short.validate().is_err(), "no room for a baseline");
        let cli = Cli::try_parse_from([
            "trackgate-bench",
            "flood",
            "--kind",
            "auth",
            "--gateway-env",
            "X",
        ]);
        assert!(cli.is_err(), "not KEY=VALUE");
    }
}

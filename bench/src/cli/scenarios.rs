//! The idle, storm and api subcommands' options.

use clap::Args;

use super::{Common, LatencyArgs};
use crate::addr::{TargetError, parse_target};
use crate::scenario::api::ApiPlan;
use crate::scenario::idle::IdlePlan;
use crate::scenario::storm::StormPlan;

/// `trackgate-bench idle`.
#[derive(Debug, Args)]
pub struct IdleArgs {
    /// Options every scenario takes.
    #[command(flatten)]
    pub common: Common,
    /// Connections to hold (the process's open-file limit bounds it).
    #[arg(long, default_value_t = 10_000)]
    pub devices: u32,
    /// Seconds between one device's packets (one record each).
    #[arg(long, default_value_t = 300.0)]
    pub interval: f64,
    /// Seconds the run lasts (at most 600).
    #[arg(long, default_value_t = 60.0)]
    pub duration: f64,
    /// Seconds to let each wave settle before sampling memory.
    #[arg(long, default_value_t = 5.0)]
    pub settle: f64,
    /// Connections being set up at once, at most.
    #[arg(long, default_value_t = 256)]
    pub max_handshakes: usize,
}

impl IdleArgs {
    /// The plan these arguments describe.
    pub fn plan(&self) -> Result<IdlePlan, TargetError> {
        let c = &self.common;
        Ok(IdlePlan {
            target: c.target()?,
            protocol: c.protocol,
            devices: self.devices,
            interval_s: self.interval,
            duration_s: self.duration,
            settle_s: self.settle,
            imei_base: c.imei_base,
            reply_timeout_s: c.reply_timeout,
            max_handshakes: self.max_handshakes,
            gateway_pid: c.gateway_pid,
        })
    }
}

/// `trackgate-bench storm`.
#[derive(Debug, Args)]
pub struct StormArgs {
    /// Options every scenario takes.
    #[command(flatten)]
    pub common: Common,
    /// Devices connecting at once.
    #[arg(long, default_value_t = 5_000)]
    pub devices: u32,
    /// Handshakes in flight at once, at most (0: no pacing, the backlog decides).
    #[arg(long, default_value_t = 0)]
    pub max_handshakes: usize,
    /// Seconds to hold every connection open after the last is done.
    #[arg(long, default_value_t = 1.0)]
    pub hold: f64,
    /// Do not run the same storm against the floor server afterwards.
    #[arg(long)]
    pub no_floor: bool,
}

impl StormArgs {
    /// The plan these arguments describe.
    pub fn plan(&self) -> Result<StormPlan, TargetError> {
        let c = &self.common;
        Ok(StormPlan {
            target: c.target()?,
            protocol: c.protocol,
            devices: self.devices,
            imei_base: c.imei_base,
            reply_timeout_s: c.reply_timeout,
            max_handshakes: self.max_handshakes,
            hold_s: self.hold,
            gateway_pid: c.gateway_pid,
        })
    }
}

/// `trackgate-bench api`.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// The device load underneath.
    #[command(flatten)]
    pub ingest: LatencyArgs,
    /// The HTTP API's address; must be 127.0.0.0/8 or ::1.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub api: String,
    /// The Server API key (the gateway prints it, or TRACKGATE_SERVER_KEY).
    #[arg(long, env = "TRACKGATE_SERVER_KEY", hide_env_values = true)]
    pub server_key: String,
    /// The gateway registers unknown devices itself: only bind them to the user.
    #[arg(long)]
    pub register_unknown: bool,
    /// The user the trackers are bound to (created if missing).
    #[arg(long, default_value = "bench@trackgate.test")]
    pub email: String,
    /// That user's password.
    #[arg(long, default_value = "bench-password")]
    pub password: String,
    /// API requests per second, all connections together.
    #[arg(long, default_value_t = 200.0)]
    pub http_rate: f64,
    /// HTTP keep-alive connections.
    #[arg(long, default_value_t = 8)]
    pub http_connections: u32,
    /// Trackers per get_states call (at most 2,000).
    #[arg(long, default_value_t = 500)]
    pub batch: u32,
    /// Weights of get_state, get_states and get_last_gps_point, as A:B:C.
    #[arg(long, default_value = "45:10:45", value_parser = parse_mix)]
    pub mix: [u32; 3],
    /// Seconds of ingest alone first, to take its CPU out of the API's.
    #[arg(long, default_value_t = 2.0)]
    pub baseline: f64,
}

impl ApiArgs {
    /// The plan these arguments describe.
    pub fn plan(&self) -> Result<ApiPlan, TargetError> {
        Ok(ApiPlan {
            ingest: self.ingest.plan()?,
            api: parse_target(&self.api)?,
            server_key: self.server_key.clone(),
            register_unknown: self.register_unknown,
            email: self.email.clone(),
            password: self.password.clone(),
            http_rate_per_s: self.http_rate,
            http_connections: self.http_connections,
            batch: self.batch,
            mix: self.mix,
            baseline_s: self.baseline,
        })
    }
}

/// `A:B:C` weights.
pub fn parse_mix(text: &str) -> Result<[u32; 3], String> {
    let parts: Vec<&str> = text.split(':').collect();
    let [a, b, c] = parts[..] else {
        return Err(format!("{text:?} is not three weights A:B:C"));
    };
    let w = |s: &str| s.trim().parse::<u32>().map_err(|e| format!("{s:?}: {e}"));
    Ok([w(a)?, w(b)?, w(c)?])
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    #[test]
    fn mix_parses_three_weights() {
        assert_eq!(parse_mix("45:10:45"), Ok([45, 10, 45]));
        assert!(parse_mix("1:2").is_err());
        assert!(parse_mix("1:x:2").is_err());
    }

    #[test]
    fn parses_the_new_scenarios() {
        let cli = Cli::try_parse_from(["trackgate-bench", "idle", "--devices", "18000", "--quiet"])
            .unwrap();
        let Command::Idle(idle) = cli.command else {
            panic!("not idle")
        };
        let plan = idle.plan().unwrap();
        assert_eq!((plan.devices, plan.interval_s), (18_000, 300.0));
        assert!(idle.common.quiet);
        assert_eq!(plan.validate(), Ok(()));

        let cli = Cli::try_parse_from(["trackgate-bench", "storm", "--devices", "3000"]).unwrap();
        let Command::Storm(storm) = cli.command else {
            panic!("not storm")
        };
        assert_eq!(storm.plan().unwrap().max_handshakes, 0);

        let cli = Cli::try_parse_from([
            "trackgate-bench",
            "api",
            "--rate",
            "100",
            "--server-key",
            "k",
            "--http-rate",
            "50",
            "--mix",
            "1:1:0",
            "--batch",
            "2000",
            "--api",
            "127.0.0.1:9090",
        ])
        .unwrap();
        let Command::Api(api) = cli.command else {
            panic!("not api")
        };
        let plan = api.plan().unwrap();
        assert_eq!(plan.mix, [1, 1, 0]);
        assert_eq!(plan.api.port(), 9090);
        assert_eq!(plan.ingest.records_per_packet, 1);
        assert_eq!(plan.validate(), Ok(()));
        assert!(
            ApiPlan {
                batch: 2_001,
                ..plan.clone()
            }
            .validate()
            .is_err()
        );
        assert!(
            ApiPlan {
                mix: [0, 0, 0],
                ..plan.clone()
            }
            .validate()
            .is_err()
        );
        assert!(
            ApiPlan {
                api: "10.0.0.1:80".parse().unwrap(),
                ..plan
            }
            .validate()
            .is_err()
        );

        assert!(
            Cli::try_parse_from(["trackgate-bench", "latency"]).is_err(),
            "--rate is required"
        );
    }
}

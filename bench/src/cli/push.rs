//! The push subcommand's options.

use clap::Args;

use super::LatencyArgs;
use crate::addr::{TargetError, parse_target};
use crate::push::client::PushKind;
use crate::scenario::push::PushPlan;

/// `trackgate-bench push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The device load underneath (at most 10,000 devices).
    #[command(flatten)]
    pub ingest: LatencyArgs,
    /// The HTTP API's address; must be 127.0.0.0/8 or ::1.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub api: String,
    /// The Server API key (the gateway prints it, or TRACKGATE_SERVER_KEY).
    #[arg(long, env = "TRACKGATE_SERVER_KEY", hide_env_values = true)]
    pub server_key: String,
    /// The user the trackers are bound to (created if missing).
    #[arg(long, default_value = "bench@trackgate.test")]
    pub email: String,
    /// That user's password.
    #[arg(long, default_value = "bench-password")]
    pub password: String,
    /// WebSocket clients that read every event (at most 64).
    #[arg(long, default_value_t = 1)]
    pub subscribers: u32,
    /// WebSocket clients that subscribe and never read (at most 64).
    #[arg(long, default_value_t = 0)]
    pub slow: u32,
    /// What the clients subscribe to, for all of the user's trackers.
    #[arg(long, value_enum, default_value_t = PushKind::State)]
    pub push: PushKind,
    /// state_batch's rate limit, seconds (0.1..=60).
    #[arg(long, default_value_t = 1.0)]
    pub rate_limit: f64,
    /// Seconds subscribers keep reading after the devices stop (at most 10).
    #[arg(long, default_value_t = 2.0)]
    pub drain: f64,
}

impl PushArgs {
    /// The plan these arguments describe.
    pub fn plan(&self) -> Result<PushPlan, TargetError> {
        Ok(PushPlan {
            ingest: self.ingest.plan()?,
            api: parse_target(&self.api)?,
            server_key: self.server_key.clone(),
            email: self.email.clone(),
            password: self.password.clone(),
            subscribers: self.subscribers,
            slow: self.slow,
            push: self.push,
            rate_limit_s: self.rate_limit,
            drain_s: self.drain,
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    #[test]
    fn parses_a_push_run() {
        let cli = Cli::try_parse_from([
            "trackgate-bench",
            "push",
            "--devices",
            "2000",
            "--records",
            "10",
            "--rate",
            "2300",
            "--server-key",
            "k",
            "--subscribers",
            "4",
            "--slow",
            "2",
            "--push",
            "state-batch",
            "--rate-limit",
            "0.5",
            "--api",
            "127.0.0.1:9090",
        ])
        .unwrap();
        let Command::Push(push) = cli.command else {
            panic!("not push")
        };
        let plan = push.plan().unwrap();
        assert_eq!((plan.subscribers, plan.slow), (4, 2));
        assert_eq!(plan.push, PushKind::StateBatch);
        assert_eq!(plan.rate_limit_s, 0.5);
        assert_eq!(plan.api.port(), 9090);
        assert_eq!(plan.ingest.devices, 2_000);
        assert_eq!(plan.validate(), Ok(()));

        let remote = Cli::try_parse_from([
            "trackgate-bench",
            "push",
            "--rate",
            "10",
            "--server-key",
            "k",
            "--api",
            "10.0.0.1:8080",
        ])
        .unwrap();
        let Command::Push(push) = remote.command else {
            panic!("not push")
        };
        assert!(push.plan().is_err(), "a remote API is refused");
    }
}

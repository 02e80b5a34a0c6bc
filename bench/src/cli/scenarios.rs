//! The idle and storm subcommands' options.

use clap::Args;

use super::Common;
use crate::addr::{TargetError, parse_target};
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
            target: parse_target(&c.target)?,
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
}

impl StormArgs {
    /// The plan these arguments describe.
    pub fn plan(&self) -> Result<StormPlan, TargetError> {
        let c = &self.common;
        Ok(StormPlan {
            target: parse_target(&c.target)?,
            devices: self.devices,
            imei_base: c.imei_base,
            reply_timeout_s: c.reply_timeout,
            max_handshakes: self.max_handshakes,
            hold_s: self.hold,
            gateway_pid: c.gateway_pid,
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::cli::{Cli, Command};

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

        assert!(
            Cli::try_parse_from(["trackgate-bench", "latency"]).is_err(),
            "--rate is required"
        );
    }
}

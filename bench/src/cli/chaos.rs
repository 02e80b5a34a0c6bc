//! The chaos subcommand's options.

use std::path::PathBuf;

use clap::Args;

use crate::dialect::Dialect;
use crate::scenario::chaos::ChaosPlan;

/// `trackgate-bench chaos`.
#[derive(Debug, Args)]
pub struct ChaosArgs {
    /// The gateway binary to start [default: `trackgate` next to this executable]
    #[arg(long)]
    pub gateway_bin: Option<PathBuf>,
    /// The gateway's data directory; must be empty or not exist, and is
    /// kept [default: a temporary directory, removed afterwards]
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// The protocol the simulated devices speak.
    #[arg(long, value_enum, default_value_t = Dialect::TELTONIKA)]
    pub protocol: Dialect,
    /// Simulated devices, each one TCP connection (at most 20,000).
    #[arg(long, default_value_t = 200)]
    pub devices: u32,
    /// Records per packet (1..=255).
    #[arg(long, default_value_t = 10)]
    pub records: u32,
    /// Packets per second offered by all devices together.
    #[arg(long, default_value_t = 200.0)]
    pub rate: f64,
    /// Seconds the devices send for (at most 600).
    #[arg(long, default_value_t = 60.0)]
    pub duration: f64,
    /// SIGKILLs to make (at most 100).
    #[arg(long, default_value_t = 3)]
    pub kills: u32,
    /// Shortest time from the gateway answering to the next kill, seconds.
    #[arg(long, default_value_t = 5.0)]
    pub min_gap: f64,
    /// Longest time from the gateway answering to the next kill, seconds.
    #[arg(long, default_value_t = 15.0)]
    pub max_gap: f64,
    /// Seeds the kill moments: the same seed, the same gaps.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The first device's IMEI; the others count up from it.
    #[arg(long, default_value_t = 350_000_000_000_000)]
    pub imei_base: u64,
    /// Seconds to wait for a connection, a login reply or an ack.
    #[arg(long, default_value_t = 10.0)]
    pub reply_timeout: f64,
    /// Connections being set up at once, at most.
    #[arg(long, default_value_t = 256)]
    pub max_handshakes: usize,
    /// Worker threads for the simulator (leave the other cores to the gateway).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Also write the full results as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// No progress line on stderr (it is also off when stderr is not a terminal).
    #[arg(long)]
    pub quiet: bool,
}

impl ChaosArgs {
    /// The plan these arguments describe (bounds are checked when it runs).
    pub fn plan(&self) -> std::io::Result<ChaosPlan> {
        let gateway_bin = match &self.gateway_bin {
            Some(bin) => bin.clone(),
            None => std::env::current_exe()?.with_file_name("trackgate"),
        };
        Ok(ChaosPlan {
            gateway_bin,
            data_dir: self.data_dir.clone(),
            protocol: self.protocol,
            devices: self.devices,
            records_per_packet: self.records,
            rate_per_s: self.rate,
            duration_s: self.duration,
            kills: self.kills,
            min_gap_s: self.min_gap,
            max_gap_s: self.max_gap,
            seed: self.seed,
            imei_base: self.imei_base,
            reply_timeout_s: self.reply_timeout,
            max_handshakes: self.max_handshakes,
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::cli::{Cli, Command};

    #[test]
    fn parses_a_chaos_command_and_finds_the_gateway_next_to_itself() {
        let cli = Cli::try_parse_from([
            "trackgate-bench",
            "chaos",
            "--devices",
            "1000",
            "--kills",
            "10",
            "--duration",
            "120",
            "--min-gap",
            "4",
            "--max-gap",
            "10",
            "--seed",
            "42",
            "--json",
            "chaos.json",
        ])
        .unwrap();
        let Command::Chaos(args) = cli.command else {
            panic!("not chaos");
        };
        let plan = args.plan().unwrap();
        assert_eq!((plan.devices, plan.kills, plan.seed), (1_000, 10, 42));
        assert_eq!(plan.gateway_bin.file_name().unwrap(), "trackgate");
        assert_eq!(
            plan.gateway_bin.parent(),
            std::env::current_exe().unwrap().parent()
        );
        assert!(plan.validate().is_ok());
    }
}

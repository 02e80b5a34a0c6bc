//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::addr::{TargetError, parse_target};
use crate::dialect::Dialect;
use crate::scenario::ingest::IngestPlan;

mod chaos;
mod cluster;
mod flood;
mod push;
mod retention;
mod scenarios;
mod servers;

pub use chaos::ChaosArgs;
pub use cluster::ClusterArgs;
pub use flood::FloodArgs;
pub use push::PushArgs;
pub use retention::RetentionArgs;
pub use scenarios::{ApiArgs, IdleArgs, StormArgs};
pub use servers::{BaselineServerArgs, FloorServerArgs, parse_streamed};

/// trackgate's device simulator and load generator (loopback targets only).
#[derive(Debug, Parser)]
#[command(name = "trackgate-bench", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate devices sending packets of records at a fixed rate.
    Ingest(IngestArgs),
    /// The ingest load at a chosen rate, few records a packet, reported as
    /// an ack latency ladder.
    Latency(LatencyArgs),
    /// Hold many mostly silent connections; the gateway's memory per connection.
    Idle(IdleArgs),
    /// Connect every device at once; sessions per second.
    Storm(StormArgs),
    /// User API reads (get_state, get_states, get_last_gps_point) under an ingest load.
    Api(ApiArgs),
    /// Live push (WebSocket `state` or `state_batch` subscribers, and clients
    /// that never read) under an ingest load.
    Push(PushArgs),
    /// Start the gateway, kill it with SIGKILL at random moments under load,
    /// restart it, and check every acknowledged record is stored exactly once.
    Chaos(ChaosArgs),
    /// Start a NATS server and two gateway nodes in one process, spread
    /// devices over both, and time get_state through the node holding each
    /// device and through the other one: the cost of the cross-node path.
    Cluster(ClusterArgs),
    /// Start the gateway, flood it as a hostile client would while canary
    /// devices and an API user go on, and report whether they recovered.
    Flood(FloodArgs),
    /// Build a store of accounts on a billing plan with history older
    /// than it keeps, purge it as the store's sweeper does, and check and
    /// time the result.
    Retention(RetentionArgs),
    /// Serve a protocol by decoding every frame with the gateway's codec and
    /// answering it, storing nothing: the bar ingest is compared with.
    BaselineServer(BaselineServerArgs),
    /// Accept, answer a Teltonika login and first packet by their lengths
    /// alone, and close: the floor a connection storm is compared with.
    FloorServer(FloorServerArgs),
    /// Compare two JSON reports: prints B's headline numbers over A's.
    Compare {
        /// The baseline report.
        a: PathBuf,
        /// The report compared with it.
        b: PathBuf,
    },
}

/// Options every device scenario takes.
#[derive(Debug, Args)]
pub struct Common {
    /// The protocol the simulated devices speak.
    #[arg(long, value_enum, default_value_t = Dialect::TELTONIKA)]
    pub protocol: Dialect,
    /// The gateway's TCP address for that protocol; must be 127.0.0.0/8 or
    /// ::1 [default: 127.0.0.1 at the protocol's default port]
    #[arg(long)]
    pub target: Option<String>,
    /// The first device's IMEI; the others count up from it (the last digit
    /// is replaced by each IMEI's Luhn check digit).
    #[arg(long, default_value_t = 350_000_000_000_000)]
    pub imei_base: u64,
    /// Seconds to wait for a connection, a login reply, an ack or a response.
    #[arg(long, default_value_t = 10.0)]
    pub reply_timeout: f64,
    /// The gateway's process id, to report its CPU and memory.
    #[arg(long)]
    pub gateway_pid: Option<u32>,
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

impl Common {
    /// An ingest plan with these common options.
    pub fn ingest_plan(
        &self,
        devices: u32,
        records_per_packet: u32,
        rate_per_s: f64,
        duration_s: f64,
        max_handshakes: usize,
    ) -> Result<IngestPlan, TargetError> {
        Ok(IngestPlan {
            target: self.target()?,
            protocol: self.protocol,
            devices,
            records_per_packet,
            rate_per_s,
            duration_s,
            imei_base: self.imei_base,
            reply_timeout_s: self.reply_timeout,
            max_handshakes,
            gateway_pid: self.gateway_pid,
        })
    }

    /// The address devices connect to.
    pub fn target(&self) -> Result<std::net::SocketAddr, TargetError> {
        match &self.target {
            Some(target) => parse_target(target),
            None => Ok(self.protocol.default_target()),
        }
    }
}

/// `trackgate-bench ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Options every scenario takes.
    #[command(flatten)]
    pub common: Common,
    /// Simulated devices, each one TCP connection (at most 20,000).
    #[arg(long, default_value_t = 100)]
    pub devices: u32,
    /// Records per AVL packet (1..=255).
    #[arg(long, default_value_t = 10)]
    pub records: u32,
    /// Packets per second offered by all devices together.
    #[arg(long, default_value_t = 100.0)]
    pub rate: f64,
    /// Seconds to send for (at most 600).
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
    /// Connections being set up at once, at most.
    #[arg(long, default_value_t = 256)]
    pub max_handshakes: usize,
    /// Do not run the same plan against the baseline server afterwards.
    #[arg(long)]
    pub no_baseline: bool,
}

impl IngestArgs {
    /// The plan these arguments describe (bounds are checked when it runs).
    pub fn plan(&self) -> Result<IngestPlan, TargetError> {
        self.common.ingest_plan(
            self.devices,
            self.records,
            self.rate,
            self.duration,
            self.max_handshakes,
        )
    }
}

/// `trackgate-bench latency`: the ingest load with latency-minded defaults.
#[derive(Debug, Args)]
pub struct LatencyArgs {
    /// Options every scenario takes.
    #[command(flatten)]
    pub common: Common,
    /// Simulated devices, each one TCP connection (at most 20,000).
    #[arg(long, default_value_t = 100)]
    pub devices: u32,
    /// Records per AVL packet (few, so the ack waits on little work).
    #[arg(long, default_value_t = 1)]
    pub records: u32,
    /// Packets per second offered by all devices together (e.g. half of the
    /// highest rate an ingest run sustained).
    #[arg(long)]
    pub rate: f64,
    /// Seconds to send for (at most 600).
    #[arg(long, default_value_t = 30.0)]
    pub duration: f64,
    /// Connections being set up at once, at most.
    #[arg(long, default_value_t = 256)]
    pub max_handshakes: usize,
    /// Do not run the same plan against the baseline server afterwards.
    #[arg(long)]
    pub no_baseline: bool,
}

impl LatencyArgs {
    /// The ingest plan these arguments describe.
    pub fn plan(&self) -> Result<IngestPlan, TargetError> {
        self.common.ingest_plan(
            self.devices,
            self.records,
            self.rate,
            self.duration,
            self.max_handshakes,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_ingest_command() {
        let cli = Cli::try_parse_from([
            "trackgate-bench",
            "ingest",
            "--target",
            "127.0.0.1:6000",
            "--devices",
            "2000",
            "--records",
            "5",
            "--rate",
            "400",
            "--duration",
            "30",
            "--gateway-pid",
            "77",
            "--json",
            "out.json",
        ])
        .unwrap();
        let Command::Ingest(args) = cli.command else {
            panic!("not ingest");
        };
        let plan = args.plan().unwrap();
        assert_eq!(plan.devices, 2_000);
        assert_eq!(plan.records_per_packet, 5);
        assert_eq!(plan.gateway_pid, Some(77));
        assert_eq!(plan.target.port(), 6000);
        assert_eq!(plan.validate(), Ok(()));
        assert_eq!(args.common.json, Some(PathBuf::from("out.json")));
        assert!(!args.common.quiet);
        assert!(!args.no_baseline, "the baseline runs unless left out");
    }

    #[test]
    fn parses_the_servers_and_the_comparisons_left_out() {
        let cli = Cli::try_parse_from([
            "trackgate-bench",
            "baseline-server",
            "--listen",
            "127.0.0.1:0",
            "--protocol",
            "gt06",
            "--threads",
            "3",
        ])
        .unwrap();
        let Command::BaselineServer(args) = cli.command else {
            panic!("not baseline-server");
        };
        assert_eq!((args.protocol.name(), args.threads), ("gt06", Some(3)));
        let cli =
            Cli::try_parse_from(["trackgate-bench", "floor-server", "--listen", "127.0.0.1:0"])
                .unwrap();
        assert!(matches!(cli.command, Command::FloorServer(_)));
        let cli =
            Cli::try_parse_from(["trackgate-bench", "latency", "--rate", "5", "--no-baseline"])
                .unwrap();
        assert!(matches!(cli.command, Command::Latency(a) if a.no_baseline));
        let cli = Cli::try_parse_from(["trackgate-bench", "storm", "--no-floor"]).unwrap();
        assert!(matches!(cli.command, Command::Storm(a) if a.no_floor));
    }

    #[test]
    fn refuses_a_remote_target_before_running() {
        let cli =
            Cli::try_parse_from(["trackgate-bench", "ingest", "--target", "192.168.0.10:5027"])
                .unwrap();
        let Command::Ingest(args) = cli.command else {
            panic!("not ingest");
        };
        assert!(matches!(args.plan(), Err(TargetError::NotLoopback(_))));
    }
}

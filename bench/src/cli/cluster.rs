//! The cluster subcommand's options.

use std::path::PathBuf;

use clap::Args;

use crate::scenario::cluster::ClusterPlan;

/// `trackgate-bench cluster`.
#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// The gateway binary to start [default: `trackgate` next to this executable]
    #[arg(long)]
    pub gateway_bin: Option<PathBuf>,
    /// The NATS server binary to start.
    #[arg(long, default_value = "nats-server")]
    pub nats_bin: PathBuf,
    /// Simulated Teltonika devices, half on each node (at most 20,000).
    #[arg(long, default_value_t = 2_000)]
    pub devices: u32,
    /// Records per packet (1..=255).
    #[arg(long, default_value_t = 10)]
    pub records: u32,
    /// Packets per second offered by all devices together.
    #[arg(long, default_value_t = 500.0)]
    pub rate: f64,
    /// Seconds each window (ingest alone, local calls, remote calls) lasts.
    #[arg(long, default_value_t = 20.0)]
    pub phase: f64,
    /// get_state calls per second in the API windows, all clients together.
    #[arg(long, default_value_t = 400.0)]
    pub http_rate: f64,
    /// HTTP clients per node.
    #[arg(long, default_value_t = 8)]
    pub http_connections: u32,
    /// How far node B's ports are from node A's.
    #[arg(long, default_value_t = 1000)]
    pub port_step: u16,
    /// The first device's IMEI; the others count up from it.
    #[arg(long, default_value_t = 351_000_000_000_000)]
    pub imei_base: u64,
    /// Seconds to wait for a connection, a reply, an ack or an answer.
    #[arg(long, default_value_t = 10.0)]
    pub reply_timeout: f64,
    /// Connections being set up at once, at most.
    #[arg(long, default_value_t = 256)]
    pub max_handshakes: usize,
    /// Worker threads for the simulator.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Also write the full results as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

impl ClusterArgs {
    /// The plan these arguments describe (bounds are checked when it runs).
    pub fn plan(&self) -> std::io::Result<ClusterPlan> {
        let gateway_bin = match &self.gateway_bin {
            Some(bin) => bin.clone(),
            None => std::env::current_exe()?.with_file_name("trackgate"),
        };
        Ok(ClusterPlan {
            gateway_bin,
            nats_bin: self.nats_bin.clone(),
            devices: self.devices,
            records_per_packet: self.records,
            rate_per_s: self.rate,
            phase_s: self.phase,
            http_rate_per_s: self.http_rate,
            http_connections: self.http_connections,
            port_step: self.port_step,
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
    fn parses_a_cluster_command_with_bounds_checked() {
        let cli = Cli::try_parse_from([
            "trackgate-bench",
            "cluster",
            "--devices",
            "1000",
            "--phase",
            "15",
            "--http-rate",
            "300",
        ])
        .unwrap();
        let Command::Cluster(args) = cli.command else {
            panic!("not cluster");
        };
        let plan = args.plan().unwrap();
        assert_eq!(
            (plan.devices, plan.phase_s, plan.http_rate_per_s),
            (1_000, 15.0, 300.0)
        );
        assert!(plan.validate().is_ok());
        assert_eq!(plan.duration_s(), 105.0);
        let too_long = crate::scenario::cluster::ClusterPlan {
            phase_s: 500.0,
            ..plan.clone()
        };
        assert!(too_long.validate().is_err());
        let one = crate::scenario::cluster::ClusterPlan {
            devices: 1,
            ..plan.clone()
        };
        assert!(one.validate().is_err());
        // The two halves' devices never share an IMEI.
        let imeis = |node| {
            let half = plan.half_for_tests(node);
            (0..u64::from(half.devices))
                .map(|i| crate::imei::imei(half.imei_base, i).unwrap())
                .collect::<std::collections::BTreeSet<_>>()
        };
        let (a, b) = (imeis(0), imeis(1));
        assert_eq!(a.len() + b.len(), 1_000);
        assert!(a.is_disjoint(&b));
    }
}

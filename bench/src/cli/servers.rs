//! The baseline-server and floor-server subcommands' options.

use clap::Args;
use trackgate_protocols::{Protocol, Transport, catalogue};

/// `trackgate-bench baseline-server`.
#[derive(Debug, Args)]
pub struct BaselineServerArgs {
    /// Where to listen: a loopback address, port 0 for any free port.
    #[arg(long)]
    pub listen: String,
    /// The protocol served: any protocol of the catalogue with a stream codec.
    #[arg(long, default_value = "teltonika", value_parser = parse_streamed)]
    pub protocol: Protocol,
    /// Runtime worker threads [default: the number of cores].
    #[arg(long)]
    pub threads: Option<usize>,
    /// Exit once the process that started this one has exited (how a run
    /// starts its comparison server).
    #[arg(long, hide = true)]
    pub with_parent: bool,
}

/// `trackgate-bench floor-server`.
#[derive(Debug, Args)]
pub struct FloorServerArgs {
    /// Where to listen: a loopback address, port 0 for any free port.
    #[arg(long)]
    pub listen: String,
    /// Runtime worker threads [default: the number of cores].
    #[arg(long)]
    pub threads: Option<usize>,
    /// Exit once the process that started this one has exited (how a run
    /// starts its comparison server).
    #[arg(long, hide = true)]
    pub with_parent: bool,
}

/// The catalogue's protocol named `name`, if it is served over TCP.
pub fn parse_streamed(name: &str) -> Result<Protocol, String> {
    let protocol = catalogue::by_name(name).ok_or_else(|| format!("no protocol `{name}`"))?;
    if protocol.serves(Transport::Tcp) {
        Ok(protocol)
    } else {
        Err(format!(
            "`{name}` has no stream codec (it is not served over TCP)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tcp_protocols_are_served() {
        assert_eq!(parse_streamed("gt06").map(|p| p.name()), Ok("gt06"));
        assert!(parse_streamed("nonesuch").is_err());
        let not_tcp = catalogue::ALL
            .iter()
            .find(|p| !p.serves(Transport::Tcp))
            .expect("some protocol is served over HTTP or UDP only");
        assert!(parse_streamed(not_tcp.name()).is_err());
    }
}

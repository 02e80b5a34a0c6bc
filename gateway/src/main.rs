//! `trackgate`: the gateway binary.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use trackgate_gateway::{Config, Gateway, telemetry};
use trackgate_protocols::Transport;

/// A device gateway for GPS and telematics trackers.
#[derive(Debug, Parser)]
#[command(name = "trackgate", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the gateway: every protocol listener and the HTTP API.
    Serve {
        /// A TOML configuration file (every key optional).
        #[arg(long, short)]
        config: Option<PathBuf>,
    },
    /// Print the effective configuration (defaults, file, environment) as TOML.
    PrintConfig {
        /// A TOML configuration file.
        #[arg(long, short)]
        config: Option<PathBuf>,
    },
    /// List the device protocols with their default ports and transports.
    Protocols,
}

#[allow(clippy::print_stdout)]
fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::PrintConfig { config } => {
            print!("{}", Config::load(config.as_deref())?.to_toml());
            Ok(())
        }
        Command::Protocols => {
            // Every protocol on its customary port; the UDP socket, where the
            // devices use one, shares the TCP listener's port.
            println!("{:<12} {:>5}  transports", "protocol", "port");
            for protocol in trackgate_protocols::catalogue::ALL {
                let transports: Vec<&str> = protocol
                    .transports()
                    .iter()
                    .map(|t| match t {
                        Transport::Tcp => "tcp",
                        Transport::Udp => "udp",
                        Transport::Http => "http",
                    })
                    .collect();
                println!(
                    "{:<12} {:>5}  {}",
                    protocol.name(),
                    protocol.default_port(),
                    transports.join(", ")
                );
            }
            Ok(())
        }
        Command::Serve { config } => {
            telemetry::init_logging();
            let config = Config::load(config.as_deref())?;
            telemetry::prometheus();
            actix_rt::System::new().block_on(serve(config))
        }
    }
}

#[allow(clippy::print_stdout)]
async fn serve(config: Config) -> anyhow::Result<()> {
    let gateway = Gateway::start(config.clone()).await?;
    if let Some(key) = &gateway.server_key.generated {
        // Shown once: the data dir keeps only its digest.
        println!(
            "Server API key (generated; shown once, only its digest is kept in {}): {key}",
            config
                .data_dir
                .join(trackgate_gateway::keys::KEY_FILE)
                .display(),
        );
    }
    wait_for_signal().await;
    gateway.shutdown().await;
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("signal received");
}

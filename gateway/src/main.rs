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
        /// Run this many gateway nodes in this one process, on one store,
        /// talking over the configured NATS (`[cluster]`): a cluster on one
        /// machine, for trying the cluster out and for benchmarks. Node k
        /// listens on every configured port plus k × `--port-step`.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=16))]
        nodes: u16,
        /// How far apart the nodes' ports are (`--nodes`).
        #[arg(long, default_value_t = 1000)]
        port_step: u16,
    },
    /// Print the effective configuration (defaults, file, environment) as TOML.
    PrintConfig {
        /// A TOML configuration file.
        #[arg(long, short)]
        config: Option<PathBuf>,
    },
    /// List the device protocols with their default ports and transports.
    Protocols,
    /// The store's schema (ScyllaDB: `[store] kind = "scylla"`).
    Store {
        #[command(subcommand)]
        action: StoreAction,
    },
}

#[derive(Debug, Subcommand)]
enum StoreAction {
    /// Create the keyspace if needed and apply the schema versions it lacks.
    Migrate {
        /// A TOML configuration file.
        #[arg(long, short)]
        config: Option<PathBuf>,
    },
    /// Print the schema versions the keyspace holds and the one this build needs.
    Status {
        /// A TOML configuration file.
        #[arg(long, short)]
        config: Option<PathBuf>,
    },
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
        Command::Store { action } => store_command(action),
        Command::Serve {
            config,
            nodes,
            port_step,
        } => {
            telemetry::init_logging();
            let config = Config::load(config.as_deref())?;
            telemetry::prometheus();
            if nodes > 1 {
                return actix_rt::System::new().block_on(serve_nodes(config, nodes, port_step));
            }
            actix_rt::System::new().block_on(serve(config))
        }
    }
}

/// `trackgate store ...`: the schema of the configured ScyllaDB keyspace.
#[allow(clippy::print_stdout)]
fn store_command(action: StoreAction) -> anyhow::Result<()> {
    use trackgate_gateway::config::store::StoreKind;
    use trackgate_store_scylla::ScyllaStore;

    telemetry::init_logging();
    let (StoreAction::Migrate { config } | StoreAction::Status { config }) = &action;
    let config = Config::load(config.as_deref())?;
    if config.store.kind != StoreKind::Scylla {
        anyhow::bail!(
            "the configured store is the embedded one, which migrates itself when it opens; \
             `trackgate store` acts on ScyllaDB ([store] kind = \"scylla\" or TRACKGATE_STORE=scylla)"
        );
    }
    let options = config.store.scylla_options()?;
    let keyspace = options.keyspace.clone();
    match action {
        StoreAction::Migrate { .. } => {
            let applied = ScyllaStore::migrate(options)?;
            if applied.is_empty() {
                println!(
                    "keyspace {keyspace}: schema already at version {}",
                    trackgate_store_scylla::schema::latest()
                );
            } else {
                println!("keyspace {keyspace}: applied schema versions {applied:?}");
            }
        }
        StoreAction::Status { .. } => {
            let status = ScyllaStore::schema_status(options)?;
            println!(
                "keyspace {keyspace}: schema at version {} (applied {:?}); this build needs {}",
                status.current(),
                status.applied,
                status.needed
            );
        }
    }
    Ok(())
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

/// `serve --nodes N`: N nodes in this process on one store.
#[allow(clippy::print_stdout)]
async fn serve_nodes(config: Config, nodes: u16, port_step: u16) -> anyhow::Result<()> {
    let store = Gateway::open_store(&config).await?;
    // The nodes share this process's open-file limit.
    let limit = trackgate_gateway::config::limits::raise_open_file_limit();
    let mut running = Vec::new();
    for k in 0..nodes {
        let node = trackgate_gateway::config::node_config(
            &config,
            k,
            port_step,
            limit / u64::from(nodes),
        )?;
        let api = node.api.listen;
        let gateway = Gateway::start_on(node, Some(store.clone())).await?;
        if let Some(key) = &gateway.server_key.generated {
            println!("Server API key (generated; shown once): {key}");
        }
        println!("node {k}: API on {api}");
        running.push(gateway);
    }
    wait_for_signal().await;
    for gateway in running {
        gateway.shutdown().await;
    }
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

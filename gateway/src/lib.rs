//! The trackgate gateway: the composition root.
//!
//! [`Gateway::start`] opens the store, starts the track writer and the
//! session shards, binds every enabled protocol listener and the HTTP API,
//! and returns the bound addresses. [`Gateway::shutdown`] stops accepting,
//! lets sessions finish what is in flight (so every record that was
//! acknowledged is stored, and nothing unstored is acknowledged), closes
//! them, drains the writer and closes the store. [`Gateway::kill`] drops
//! everything at once instead, as SIGKILL would (tests of a node's loss).
//!
//! With a `[cluster]` section the node joins its cluster over NATS
//! (`trackgate_cluster`); without one it is alone, with no NATS at all.
//!
//! Both must run inside an actix `System` (the binary's `main` makes one;
//! tests make their own).
//!
//! # Layout
//!
//! - [`config`]: the configuration file, defaults and environment overrides.
//! - [`jobs`]: the background jobs (expiries, ended sessions, renewals).
//! - [`keys`]: the Server API key and the secret users' Server API keys are derived from.
//! - [`transports`]: device listeners, TCP, UDP and HTTP.
//! - [`store_watch`]: whether the store can still write, checked while the gateway runs.
//! - [`telemetry`]: logging and the Prometheus recorder.

pub mod config;
pub mod jobs;
pub mod keys;
pub mod memory;
mod store_open;
pub mod store_watch;
pub mod telemetry;
pub mod transports;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use actix_web::{App, HttpServer, dev::ServerHandle, web};
use anyhow::Context as _;
use tokio::sync::watch;
use trackgate_actors::registry::Registry;
use trackgate_actors::session::{SessionEnv, local};
use trackgate_actors::shards::Shards;
use trackgate_actors::slots::DeviceSlots;
use trackgate_actors::writer::TrackWriter;
use trackgate_api::auth::Auth;
use trackgate_api::{AllowList, ApiState, ServerAccess, UserKeys};
use trackgate_protocols::{Protocol, Transport};
use trackgate_store::Store;

pub use config::Config;
pub use keys::{KeySource, ServerKey};

/// How long shutdown waits for sessions to finish before giving up on them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// How often the store is asked whether it can still write.
const STORE_CHECK_EVERY: Duration = Duration::from_secs(1);

/// A running gateway.
#[derive(Debug)]
pub struct Gateway {
    /// Where the HTTP API listens.
    pub api_addr: SocketAddr,
    /// Where each protocol listens.
    pub device_addrs: Vec<(Protocol, SocketAddr)>,
    /// Where each protocol that devices also reach over UDP receives datagrams.
    pub udp_addrs: Vec<(Protocol, SocketAddr)>,
    /// The Server API key's digest, and the key itself when this start
    /// generated it.
    pub server_key: ServerKey,
    stop_listeners: watch::Sender<bool>,
    /// HTTP device listeners; stopped first, so their pending requests are
    /// answered while the sessions still run.
    device_http: Vec<ServerHandle>,
    http: ServerHandle,
    env: Arc<SessionEnv>,
    shards: Arc<Shards>,
    writer: TrackWriter,
    /// Says why, once the store can no longer write.
    store_failure: Option<tokio::sync::oneshot::Receiver<String>>,
    store: Arc<dyn Store>,
    /// The other nodes, if this one is part of a cluster.
    cluster: trackgate_cluster::Cluster,
}

impl Gateway {
    /// Starts everything `config` describes.
    pub async fn start(config: Config) -> anyhow::Result<Self> {
        Self::start_on(config, None).await
    }

    /// Opens the store `config` names, as [`Gateway::start`] would, for
    /// several nodes to share ([`Gateway::start_on`]).
    pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
        let open_file_limit = config::limits::raise_open_file_limit();
        let store_files = config
            .limits
            .store_files_for(config.limits.effective(open_file_limit));
        store_open::open(config, store_files).await
    }

    /// Starts everything `config` describes on `shared_store` when given
    /// (several nodes of a cluster in one process, as tests run them)
    /// instead of opening the store `config` names.
    pub async fn start_on(
        config: Config,
        shared_store: Option<Arc<dyn Store>>,
    ) -> anyhow::Result<Self> {
        // Metrics recorded before the recorder exists are lost: install it first.
        telemetry::prometheus();
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating data dir {}", config.data_dir.display()))?;
        let server_key = keys::server_key(config.server_api.key.as_deref(), &config.data_dir)
            .context("reading or creating the Server API key")?;
        let user_keys = keys::configured_user_keys_secret(
            config.server_api.user_keys_secret.as_deref(),
            &config.data_dir,
        )
        .context("reading or creating the secret of the users' Server API keys")?;
        let allow = AllowList::parse(&config.server_api.allowed_ips).map_err(anyhow::Error::msg)?;
        // Every descriptor counts against one limit: raise it as far as
        // allowed, and give the store its share before it opens a file.
        let open_file_limit = config::limits::raise_open_file_limit();
        let store_files = config
            .limits
            .store_files_for(config.limits.effective(open_file_limit));

        let mail = trackgate_api::mail::Mailer::new(config.smtp.settings()?);
        let store = match shared_store {
            Some(store) => store,
            None => store_open::open(&config, store_files).await?,
        };
        let writer = TrackWriter::start(store.clone(), config.writer())
            .context("starting the track writer")?;
        let store_for_watch = store.clone();
        let registry = Arc::new(Registry::new());
        // The device listeners wait for their slots until the budget is
        // known, once everything is bound.
        let device_slots = Arc::new(DeviceSlots::new(0));
        let env = Arc::new(
            SessionEnv::new(
                store.clone(),
                writer.handle(),
                registry.clone(),
                config.session(),
            )
            .context("starting the sessions' registrar")?
            .with_slots(device_slots.clone()),
        );
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let shards = Arc::new(Shards::start(if config.shards == 0 {
            cores
        } else {
            config.shards
        }));
        // One clock per shard drives every session's login, idle and
        // command answer timeouts.
        let session = config.session();
        let shortest = session
            .login_timeout
            .min(session.idle_timeout)
            .min(session.frame_timeout)
            .min(session.command_answer_timeout);
        let tick = (shortest / 4).max(Duration::from_millis(50));
        local::start_clocks(&shards, tick);

        // The API's and the HTTP devices' connection limits are fitted to
        // the open-file limit before they start; what they leave goes to
        // the device connections once everything is bound (below).
        let enabled: Vec<_> = config
            .protocols
            .iter()
            .filter(|(_, l)| l.enabled)
            .filter_map(|(name, _)| trackgate_protocols::catalogue::by_name(name))
            .collect();
        let http_listeners = enabled.iter().filter(|p| p.serves(Transport::Http)).count() as u64;
        // Each listener still to bind takes at most two (TCP and UDP), and
        // the API's listener and workers a few.
        let to_bind = 2 * enabled.len() as u64 + 16;
        let shares = config.limits.fit(
            open_file_limit,
            config::limits::open_files_now() + to_bind,
            config.api.max_connections as u64,
            http_listeners,
            config.devices.http_max_connections as u64,
        );
        if shares.cut {
            tracing::warn!(
                open_file_limit,
                api_connections = shares.api_connections,
                http_device_connections = shares.http_per_listener,
                "the open-file limit is too low for [api] max_connections and [devices] \
                 http_max_connections: both cut to fit; raise the limit (ulimit -n) to keep them"
            );
        }
        let api_connections = usize::try_from(shares.api_connections).unwrap_or(usize::MAX);
        let http_connections = usize::try_from(shares.http_per_listener).unwrap_or(usize::MAX);

        let (stop_listeners, stop_rx) = watch::channel(false);
        jobs::spawn(&store, &registry, &config, &stop_rx);
        let mut device_addrs = Vec::new();
        let mut udp_addrs = Vec::new();
        let mut device_http = Vec::new();
        for (name, listener) in &config.protocols {
            let Some(protocol) = trackgate_protocols::catalogue::by_name(name) else {
                continue;
            };
            if !listener.enabled {
                continue;
            }
            if protocol.serves(Transport::Http) {
                let (addr, handle) = transports::http::start(
                    listener.listen,
                    protocol,
                    env.clone(),
                    shards.clone(),
                    stop_rx.clone(),
                    http_connections,
                )
                .with_context(|| format!("binding the {name} listener on {}", listener.listen))?;
                tracing::info!(protocol = name.as_str(), %addr, "device HTTP listener up");
                device_addrs.push((protocol, addr));
                device_http.push(handle);
                continue;
            }
            let bound = transports::tcp::bind(listener.listen)
                .with_context(|| format!("binding the {name} listener on {}", listener.listen))?;
            let addr = bound.local_addr()?;
            tracing::info!(protocol = name.as_str(), %addr, "device listener up");
            device_addrs.push((protocol, addr));
            actix_rt::spawn(transports::tcp::accept_loop(
                bound,
                protocol,
                env.clone(),
                shards.clone(),
                stop_rx.clone(),
            ));
            if listener.udp && protocol.serves(Transport::Udp) {
                // The same port as the TCP listener, even when that one was
                // given port 0 and the kernel chose it.
                let socket = transports::udp::bind(addr)
                    .with_context(|| format!("binding the {name} UDP listener on {addr}"))?;
                tracing::info!(protocol = name.as_str(), %addr, "device UDP listener up");
                udp_addrs.push((protocol, addr));
                actix_rt::spawn(transports::udp::serve(
                    Arc::new(socket),
                    protocol,
                    env.clone(),
                    shards.clone(),
                    stop_rx.clone(),
                ));
            }
        }

        let cluster = if config.cluster.is_enabled() {
            let settings = config.cluster.settings(config.api.listen.to_string());
            tracing::info!(
                node = settings.node_id,
                name = settings.node_name.as_str(),
                nats = ?settings.nats_urls,
                "joining the cluster"
            );
            trackgate_cluster::Cluster::start(
                settings,
                registry.clone(),
                store.clone(),
                device_slots.clone(),
            )
            .context("starting the cluster link")?
        } else {
            trackgate_cluster::Cluster::single(registry.clone())
        };
        let api_state = web::Data::new(ApiState {
            store: store.clone(),
            registry,
            cluster: cluster.clone(),
            server: ServerAccess {
                key: server_key.digest,
                allow,
                user_keys: UserKeys::new(user_keys),
                key_failures: config.server_api.key_throttle(),
            },
            auth: Auth::new(config.api.passwords(), config.api.logins()),
            session_ttl: Duration::from_secs(u64::from(config.api.session_ttl_days) * 86_400),
            sms: config.sms.gateway(),
            registration: config.registration(),
            status: config.state.rules(),
            device_slots: device_slots.clone(),
            mail,
            renewals: config.renewals.clock(),
            panel: config.panel.settings()?,
        });
        if let Some(admin) = config.panel.first_admin() {
            let state = api_state.clone();
            let made = tokio::task::spawn_blocking(move || {
                trackgate_api::panel::bootstrap::ensure(
                    &*state.store,
                    &state.auth.passwords,
                    &admin,
                    trackgate_actors::now_ms(),
                )
            })
            .await?
            .map_err(anyhow::Error::msg)
            .context("creating the configured Panel API administrator")?;
            tracing::info!(?made, "Panel API administrator from [panel]");
        }
        let render = web::Data::new(trackgate_api::metrics::Render(Arc::new(|| {
            telemetry::prometheus()
                .map(|h| h.render())
                .unwrap_or_default()
        })));
        // actix-web bounds connections per worker: each gets its share of
        // the total, so that no more than `max_connections` are ever open.
        let (workers, per_worker) = config.api.workers_and_share(cores, api_connections);
        let connections = trackgate_api::conn::Connections::new(
            config.api.max_connections_per_ip,
            config.api.head_timeout(),
        );
        let body_deadline = trackgate_api::deadline::BodyDeadline::new(config.api.body_timeout());
        let server = HttpServer::new(move || {
            App::new()
                .wrap(body_deadline)
                .wrap(trackgate_api::conn::idle::TrackRequests)
                .app_data(api_state.clone())
                .app_data(render.clone())
                .configure(trackgate_api::configure)
                .configure(trackgate_api::metrics::configure)
        })
        .on_connect(move |io, extensions| connections.on_connect(io, extensions))
        .client_request_timeout(config.api.head_timeout())
        .keep_alive(trackgate_api::conn::KEEP_ALIVE)
        .max_connections(per_worker)
        .workers(workers)
        .disable_signals()
        .shutdown_timeout(5)
        .bind(config.api.listen)
        .with_context(|| format!("binding the API on {}", config.api.listen))?;
        let api_addr = server
            .addrs()
            .first()
            .copied()
            .context("API bound no address")?;
        let server = server.run();
        let http = server.handle();
        actix_rt::spawn(server);
        cluster.announce_api(api_addr.to_string());
        tracing::info!(%api_addr, shards = shards.len(), "API up");

        // Everything is open and bound: what the limit leaves is the
        // devices' (docs/operations.md).
        let http_connections = device_http.len() as u64 * http_connections as u64;
        let budget = config
            .limits
            .budget(
                open_file_limit,
                config::limits::open_files_now(),
                api_connections as u64,
                http_connections,
            )
            .map_err(anyhow::Error::msg)?;
        device_slots.grant(usize::try_from(budget.device_slots).unwrap_or(usize::MAX));
        tracing::info!(
            open_file_limit = budget.limit,
            open_at_start = budget.at_start,
            store_files = budget.store_files,
            spare = budget.spare,
            api = budget.api,
            http_devices = budget.http_devices,
            device_connections = budget.device_slots,
            "open-file budget"
        );
        let store_failure = store_watch::spawn(
            move || {
                store_watch::report_memory(&*store_for_watch);
                store_for_watch.writable().map_err(|e| e.to_string())
            },
            STORE_CHECK_EVERY,
        );

        Ok(Self {
            api_addr,
            device_addrs,
            udp_addrs,
            device_http,
            server_key,
            stop_listeners,
            http,
            env,
            shards,
            writer,
            store_failure: Some(store_failure),
            store,
            cluster,
        })
    }

    /// The store the gateway runs on, for what embeds it and calls the
    /// same functions its API surfaces do (`trackgate_api::money`).
    pub fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// Resolves when the store can no longer write (a failure left it
    /// unable to, until the process restarts and recovers), with why.
    pub async fn store_failed(&mut self) -> String {
        match self.store_failure.as_mut() {
            Some(failure) => failure
                .await
                .unwrap_or_else(|_| "the store watch stopped".into()),
            None => std::future::pending().await,
        }
    }

    /// The address a protocol receives UDP datagrams on, if it does.
    pub fn device_udp_addr(&self, protocol: Protocol) -> Option<SocketAddr> {
        self.udp_addrs
            .iter()
            .find(|(p, _)| *p == protocol)
            .map(|(_, a)| *a)
    }

    /// The address a protocol listens on, if enabled.
    pub fn device_addr(&self, protocol: Protocol) -> Option<SocketAddr> {
        self.device_addrs
            .iter()
            .find(|(p, _)| *p == protocol)
            .map(|(_, a)| *a)
    }

    /// Stops gracefully: no new connections, in-flight commits finish and
    /// are acknowledged, sessions close, their last state is persisted, the
    /// writer drains, the store closes.
    pub async fn shutdown(self) {
        tracing::info!("shutting down");
        let _ = self.stop_listeners.send(true);
        for device_http in &self.device_http {
            device_http.stop(true).await;
        }
        self.http.stop(true).await;

        local::shutdown_all(&self.shards);
        if !self.env.drain.wait(SHUTDOWN_GRACE).await {
            tracing::warn!(
                sessions = self.env.drain.held(),
                "sessions still open after the grace period"
            );
        }
        self.writer.close().await;
        let cluster = self.cluster.clone();
        let _ = tokio::task::spawn_blocking(move || cluster.stop()).await;
        if let Ok(shards) = Arc::try_unwrap(self.shards) {
            let _ = tokio::task::spawn_blocking(move || shards.stop()).await;
        }
        tracing::info!("stopped");
    }
}

impl Gateway {
    /// Stops at once, as SIGKILL would: the NATS connection is dropped
    /// (other nodes find this one's devices offline), the listeners stop,
    /// and every session is dropped with its socket, nothing in flight
    /// finishing or acknowledged, no last state written. What was
    /// acknowledged is in the store already (acks follow durable writes).
    pub async fn kill(self) {
        tracing::warn!("killed");
        let cluster = self.cluster.clone();
        let _ = tokio::task::spawn_blocking(move || cluster.stop()).await;
        let _ = self.stop_listeners.send(true);
        for device_http in &self.device_http {
            device_http.stop(false).await;
        }
        self.http.stop(false).await;
        self.shards.halt();
    }
}

/// Runs until `shutdown` resolves, then stops gracefully; or until the
/// store can no longer write, then fails at once, so a supervisor restarts
/// the gateway and the store recovers (nothing acknowledged is lost:
/// acknowledgements follow durable writes).
pub async fn run(
    config: Config,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    let mut gateway = Gateway::start(config).await?;
    tokio::select! {
        () = shutdown => {
            gateway.shutdown().await;
            Ok(())
        }
        why = gateway.store_failed() => {
            tracing::error!(reason = %why, "the store can no longer write; exiting for a restart to recover it");
            anyhow::bail!("the store can no longer write: {why}")
        }
    }
}

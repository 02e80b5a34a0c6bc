//! The gateway's configuration: a TOML file where every key is optional,
//! defaults compiled in, and environment variables over both.
//!
//! `trackgate print-config` prints the effective configuration, which is
//! also the complete list of keys.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use trackgate_actors::config::{SessionConfig, WriterConfig};
use trackgate_actors::registrar::RegistrarConfig;
use trackgate_protocols::Limits;

/// Everything the gateway can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the embedded store, the Server API key's digest and the secret
    /// of the users' Server API keys live.
    pub data_dir: PathBuf,
    /// Where the store's track write-ahead log lives; unset = inside the
    /// store (`data_dir/store/wal`). A separate low-latency device keeps the
    /// store's background writes out of the devices' ack latency.
    /// (`journal_dir` is its earlier name, still read.)
    #[serde(alias = "journal_dir", skip_serializing_if = "Option::is_none")]
    pub wal_dir: Option<PathBuf>,
    /// Session shards (arbiter threads); 0 = one per core.
    pub shards: usize,
    /// The HTTP API.
    pub api: ApiConfig,
    /// The Server API's access control.
    pub server_api: ServerApiConfig,
    /// How device connections are treated.
    pub devices: DevicesConfig,
    /// Group commit.
    pub writer: WriterSettings,
    /// One listener per protocol, by protocol name.
    pub protocols: BTreeMap<String, ListenerConfig>,
    /// The SMS gateway commands may go through.
    pub sms: SmsConfig,
    /// What registration commands tell devices.
    pub registration: RegistrationConfig,
    /// The thresholds of the trackers' statuses.
    pub state: StateConfig,
    /// How the process's open-file limit is shared out.
    pub limits: LimitsConfig,
    /// The mail server `ADD_USER` sends credentials through.
    pub smtp: SmtpConfig,
    /// What the store does on its own (history retention, the audit log).
    pub store: StoreConfig,
    /// Billing plan renewals.
    pub renewals: RenewalsConfig,
    /// The Panel API: sessions, `authinfo`, the first administrator.
    pub panel: PanelConfig,
    /// Other gateway nodes sharing the store, over NATS (none by default).
    pub cluster: ClusterSection,
}

/// How device connections are treated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DevicesConfig {
    /// Create a tracker for an unknown device instead of refusing it.
    pub register_unknown: bool,
    /// Seconds a new connection has to identify itself.
    pub login_timeout_secs: u64,
    /// Seconds of silence after which a connection is closed.
    pub idle_timeout_secs: u64,
    /// Seconds a connection may hold the start of a frame without its end.
    pub frame_timeout_secs: u64,
    /// HTTP device connections (OsmAnd and the like) open at once, at most.
    pub http_max_connections: usize,
    /// Trackers created for unknown devices per second, on average
    /// (`register_unknown`)...
    pub register_unknown_per_second: u32,
    /// ...with bursts of up to this many.
    pub register_unknown_burst: u32,
    /// Longest frame accepted, in bytes.
    pub max_frame_bytes: usize,
    /// Seconds a device has to answer a command before it is sent again
    /// (reliable commands) or fails.
    pub command_answer_timeout_secs: u64,
    /// Seconds between a connected tracker's persisted states (0: with
    /// every commit). Points are always stored before the ack.
    pub state_checkpoint_secs: u64,
}

/// Group commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WriterSettings {
    /// Commit when a batch holds this many records...
    pub max_batch_records: usize,
    /// ...or this many milliseconds after its first record.
    pub max_delay_ms: u64,
    /// Commit requests that may queue before sessions stop reading.
    pub queue_capacity: usize,
}

/// One protocol's listener.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListenerConfig {
    /// Whether the listener runs.
    pub enabled: bool,
    /// Address it listens on.
    pub listen: SocketAddr,
    /// Whether it also receives UDP datagrams on the same address, for a
    /// protocol whose devices use UDP (ignored for the others).
    pub udp: bool,
}

impl Default for Config {
    fn default() -> Self {
        let protocols = trackgate_protocols::catalogue::ALL
            .iter()
            .map(|p| {
                let listen = SocketAddr::from(([0, 0, 0, 0], p.default_port()));
                (
                    p.name().to_owned(),
                    ListenerConfig {
                        enabled: true,
                        listen,
                        udp: true,
                    },
                )
            })
            .collect();
        Self {
            data_dir: PathBuf::from("./data"),
            wal_dir: None,
            shards: 0,
            api: ApiConfig::default(),
            server_api: ServerApiConfig::default(),
            devices: DevicesConfig::default(),
            writer: WriterSettings::default(),
            protocols,
            sms: SmsConfig::default(),
            registration: RegistrationConfig::default(),
            state: StateConfig::default(),
            limits: LimitsConfig::default(),
            smtp: SmtpConfig::default(),
            store: StoreConfig::default(),
            renewals: RenewalsConfig::default(),
            panel: PanelConfig::default(),
            cluster: ClusterSection::default(),
        }
    }
}

impl Default for DevicesConfig {
    fn default() -> Self {
        let session = SessionConfig::default();
        let registrar = RegistrarConfig::default();
        Self {
            register_unknown: session.register_unknown,
            login_timeout_secs: session.login_timeout.as_secs(),
            idle_timeout_secs: session.idle_timeout.as_secs(),
            frame_timeout_secs: session.frame_timeout.as_secs(),
            http_max_connections: 1024,
            register_unknown_per_second: registrar.per_second,
            register_unknown_burst: registrar.burst,
            max_frame_bytes: session.limits.max_frame_len,
            command_answer_timeout_secs: session.command_answer_timeout.as_secs(),
            state_checkpoint_secs: session.state_checkpoint.as_secs(),
        }
    }
}

impl Default for WriterSettings {
    fn default() -> Self {
        let writer = WriterConfig::default();
        Self {
            max_batch_records: writer.max_batch_records,
            max_delay_ms: writer.max_delay.as_millis() as u64,
            queue_capacity: writer.queue_capacity,
        }
    }
}

impl Default for ListenerConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            listen: SocketAddr::from(([0, 0, 0, 0], 0)),
            udp: true,
        }
    }
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// Which file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid configuration.
    #[error("invalid configuration in {path}: {message}")]
    Parse {
        /// Which file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An environment variable has an unusable value.
    #[error("environment variable {name}: {message}")]
    Env {
        /// Which variable.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A protocol section names no known protocol.
    #[error("unknown protocol in [protocols.{0}]")]
    UnknownProtocol(String),
    /// A section holds values that do not go together or are out of range.
    #[error("invalid [{section}]: {message}")]
    Invalid {
        /// Which section.
        section: String,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Defaults, then the file (if given), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut config = match file {
            Some(path) => Self::from_file(path)?,
            None => Self::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        config.validate()?;
        Ok(config)
    }

    fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        // A file that configures one protocol keeps the defaults of the others.
        for (name, listener) in Config::default().protocols {
            config.protocols.entry(name).or_insert(listener);
        }
        Ok(config)
    }

    /// Applies `TRACKGATE_*` overrides read through `var`.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        /// A variable set to an empty value unsets its setting.
        fn set(value: String) -> Option<String> {
            let value = value.trim();
            (!value.is_empty()).then(|| value.to_owned())
        }
        fn parsed<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, ConfigError> {
            value.trim().parse().map_err(|_| ConfigError::Env {
                name: name.to_owned(),
                message: format!("cannot parse {value:?}"),
            })
        }
        if let Some(v) = var("TRACKGATE_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        // TRACKGATE_JOURNAL_DIR is the variable's earlier name, still read.
        if let Some(v) = var("TRACKGATE_WAL_DIR").or_else(|| var("TRACKGATE_JOURNAL_DIR")) {
            self.wal_dir = set(v).map(PathBuf::from);
        }
        if let Some(v) = var("TRACKGATE_API_LISTEN") {
            self.api.listen = parsed("TRACKGATE_API_LISTEN", &v)?;
        }
        if let Some(v) = var("TRACKGATE_SERVER_KEY") {
            self.server_api.key = set(v);
        }
        if let Some(v) = var("TRACKGATE_USER_KEYS_SECRET") {
            self.server_api.user_keys_secret = set(v);
        }
        if let Some(v) = var("TRACKGATE_REGISTER_UNKNOWN") {
            self.devices.register_unknown = match v.trim() {
                "1" | "true" | "yes" | "on" => true,
                "0" | "false" | "no" | "off" => false,
                other => {
                    return Err(ConfigError::Env {
                        name: "TRACKGATE_REGISTER_UNKNOWN".into(),
                        message: format!("expected true or false, got {other:?}"),
                    });
                }
            };
        }
        if let Some(v) = var("TRACKGATE_SERVER_HOST") {
            self.registration.server_host = set(v);
        }
        if let Some(v) = var("TRACKGATE_SHARDS") {
            self.shards = parsed("TRACKGATE_SHARDS", &v)?;
        }
        self.store.apply_env(&var)?;
        self.cluster.apply_env(&var)?;
        for (name, listener) in &mut self.protocols {
            let key = format!("TRACKGATE_{}_LISTEN", name.to_ascii_uppercase());
            if let Some(v) = var(&key) {
                listener.listen = parsed(&key, &v)?;
            }
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ConfigError> {
        self.api.validate()?;
        self.smtp.settings()?;
        self.state.validate()?;
        self.panel.validate()?;
        self.store.validate()?;
        self.cluster.validate()?;
        match self
            .protocols
            .keys()
            .find(|name| trackgate_protocols::catalogue::by_name(name).is_none())
        {
            Some(name) => Err(ConfigError::UnknownProtocol(name.clone())),
            None => self
                .registration
                .validate()
                .map_err(|message| ConfigError::Invalid {
                    section: "registration".into(),
                    message,
                }),
        }
    }

    /// Registration settings for the API: the host, and each enabled
    /// listener's port.
    pub fn registration(&self) -> trackgate_api::user::tracker::registration::setup::Registration {
        trackgate_api::user::tracker::registration::setup::Registration {
            host: self.registration.server_host.clone(),
            ports: self
                .protocols
                .iter()
                .filter(|(_, l)| l.enabled && l.listen.port() != 0)
                .map(|(name, l)| (name.clone(), l.listen.port()))
                .collect(),
            send_commands: self.registration.send_commands,
        }
    }

    /// Session settings for the actors.
    pub fn session(&self) -> SessionConfig {
        SessionConfig {
            login_timeout: Duration::from_secs(self.devices.login_timeout_secs),
            idle_timeout: Duration::from_secs(self.devices.idle_timeout_secs),
            frame_timeout: Duration::from_secs(self.devices.frame_timeout_secs.max(1)),
            limits: Limits {
                max_frame_len: self.devices.max_frame_bytes,
            },
            register_unknown: self.devices.register_unknown,
            command_answer_timeout: Duration::from_secs(self.devices.command_answer_timeout_secs),
            registrar: self.registrar(),
            state_checkpoint: Duration::from_secs(self.devices.state_checkpoint_secs),
        }
    }

    /// How trackers for unknown devices are created.
    pub fn registrar(&self) -> RegistrarConfig {
        RegistrarConfig {
            per_second: self.devices.register_unknown_per_second,
            burst: self.devices.register_unknown_burst,
            ..RegistrarConfig::default()
        }
    }

    /// Writer settings for the actors.
    pub fn writer(&self) -> WriterConfig {
        WriterConfig {
            max_batch_records: self.writer.max_batch_records.max(1),
            max_delay: Duration::from_millis(self.writer.max_delay_ms),
            queue_capacity: self.writer.queue_capacity.max(1),
        }
    }

    /// The configuration as TOML. Settings left unset are shown as
    /// comments, so the output lists every key.
    pub fn to_toml(&self) -> String {
        let text = match toml::to_string_pretty(self) {
            Ok(text) => text,
            Err(e) => return format!("# cannot render: {e}\n"),
        };
        let unset: [(&str, &str, bool); 6] = [
            (
                "",
                "# wal_dir = \"/fast/disk/trackgate-wal\"   # unset: data_dir/store/wal",
                self.wal_dir.is_none(),
            ),
            (
                "[server_api]",
                "# key = \"...\"   # unset: generated on first start, its digest kept in data_dir/server.key",
                self.server_api.key.is_none(),
            ),
            (
                "[sms]",
                "# url = \"https://sms.example.com/send\"   # unset: no SMS gateway",
                self.sms.url.is_none(),
            ),
            (
                "[registration]",
                "# server_host = \"gw.example.net\"   # unset: no registration commands",
                self.registration.server_host.is_none(),
            ),
            (
                "[panel]",
                "# admin_login = \"root\"   # unset: no administrator is created (with admin_password_hash = \"$argon2id$...\")",
                self.panel.admin_login.is_none(),
            ),
            (
                "[smtp]",
                "# host = \"smtp.example.net\"   # unset: no mail (ADD_USER cannot send credentials)",
                self.smtp.host.is_none(),
            ),
        ];
        let mut out = String::with_capacity(text.len() + 512);
        for (section, line, _) in unset.iter().filter(|(s, _, unset)| *unset && s.is_empty()) {
            let _ = section;
            out.push_str(line);
            out.push('\n');
        }
        for text_line in text.lines() {
            out.push_str(text_line);
            out.push('\n');
            for (_, line, _) in unset
                .iter()
                // Top-level settings (no section) were written above, once;
                // a blank line must not match their empty section name.
                .filter(|(section, _, unset)| {
                    *unset && !section.is_empty() && *section == text_line.trim()
                })
            {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

mod api;
mod cluster;
pub mod limits;
mod nodes;
mod panel;
mod registration;
mod renewals;
mod server_api;
mod sms;
mod smtp;
mod state;
pub mod store;

pub use api::ApiConfig;
pub use cluster::ClusterSection;
pub use limits::LimitsConfig;
pub use panel::PanelConfig;
pub use registration::RegistrationConfig;
pub use renewals::RenewalsConfig;
pub use server_api::ServerApiConfig;
pub use sms::SmsConfig;
pub use smtp::SmtpConfig;
pub use state::StateConfig;
pub use store::StoreConfig;

#[cfg(test)]
mod tests;

pub use nodes::node_config;

//! trackgate's device simulator and load generator.
//!
//! `trackgate-bench ingest` opens one real TCP connection per simulated
//! Teltonika device against a gateway on this machine, logs each in with its
//! own IMEI, sends AVL packets at a fixed aggregate rate and checks every
//! reply byte for byte, then reports latency, throughput, failures, and the
//! gateway's CPU and memory. `latency` is the same load reported as a latency
//! ladder; `idle` measures memory per open connection, `storm` how fast
//! sessions are set up when every device connects at once, `api` the User
//! API's reads under an ingest load, and `push` live push (WebSocket
//! subscribers, and clients that never read) under an ingest load. `chaos` starts
//! the gateway itself, kills it with SIGKILL at random moments under load and
//! checks that every acknowledged record is stored exactly once. `flood`
//! starts the gateway too, floods it the way a hostile client would while
//! legitimate devices and an API user go on, and reports whether they recovered.
//! `trackgate-bench compare` sets two ingest or latency reports side by side. Runs are bounded in devices and
//! time, and only loopback targets are accepted.
//!
//! `baseline-server` (decodes with the gateway's codec and answers, stores
//! nothing) and `floor-server` (answers a Teltonika login and packet by their
//! lengths alone, then closes) are the bars the gateway is held to: `ingest`
//! and `latency` run their plan again against the first, `storm` against the
//! second, and report both runs side by side with the ratio.
//!
//! # Layout
//!
//! - [`cli`]: the command line.
//! - [`baseline`]: the baseline and floor servers the gateway is compared
//!   with in the same run.
//! - [`scenario`]: load patterns: ingest, latency, idle, storm, api, push, chaos,
//!   flood, and retention (the store purging history).
//! - [`device`]: one simulated device and its send schedule.
//! - [`schedule`]: when one device sends, and how lag is counted.
//! - [`track`]: the records a simulated vehicle produces.
//! - [`stats`]: counters and latency histograms shared by devices.
//! - [`report`]: results as JSON and Markdown, and comparing two runs.
//! - [`addr`]: loopback-only targets and source-address spreading.
//! - [`corpus`]: the protocols' device-message corpus, for decoder benchmarks.
//! - [`http`]: a small HTTP/1.1 client and the API calls the `api` scenario makes.
//! - [`push`]: the live-push clients of the `push` scenario and their delay bookkeeping.
//! - [`imei`]: device IMEIs with Luhn check digits.
//! - [`launch`]: the gateway as a child process: started, killed, restarted, stopped.
//! - [`progress`]: the live progress line on stderr.
//! - [`procstat`]: a process's CPU time, memory, threads and descriptors from /proc.
//! - [`sockets`]: the kernel's TCP socket table: both ends of every loopback connection.
//! - [`limits`]: raising the open-file limit.
//! - [`machine`]: what machine a run was made on, and when.
//! - [`rng`]: a small seeded random number generator.

pub mod addr;
pub mod baseline;
pub mod cli;
pub mod corpus;
pub mod device;
pub mod dialect;
pub mod http;
pub mod imei;
pub mod launch;
pub mod limits;
pub mod machine;
pub mod procstat;
pub mod progress;
pub mod push;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod schedule;
pub mod sockets;
pub mod stats;
pub mod track;

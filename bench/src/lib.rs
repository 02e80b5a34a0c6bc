//! trackgate's device simulator and load generator.
//!
//! # Layout
//!
//! - [`track`]: the records a simulated vehicle produces.
//! - [`stats`]: counters and latency histograms shared by devices.
//! - [`addr`]: loopback-only targets and source-address spreading.
//! - [`imei`]: device IMEIs with Luhn check digits.
//! - [`procstat`]: a process's CPU time and memory from /proc.
//! - [`limits`]: raising the open-file limit.
//! - [`machine`]: what machine a run was made on, and when.
//! - [`rng`]: a small seeded random number generator.

pub mod addr;
pub mod imei;
pub mod limits;
pub mod machine;
pub mod procstat;
pub mod rng;
pub mod stats;
pub mod track;

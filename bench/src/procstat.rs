//! CPU time and memory of a process, from /proc.
//!
//! `/proc/PID/stat` gives user and system CPU time (fields 14 and 15) in
//! clock ticks; `/proc/PID/status` gives the resident set size (`VmRSS`)
//! and the thread count (`Threads`); `/proc/PID/fd` lists its open file
//! descriptors and `/proc/PID/limits` its open-file limit.
//! Ticks are converted with the kernel's real tick rate (`sysconf(_SC_CLK_TCK)`,
//! almost always 100), not an assumed one. A sample at the start of a run and
//! one at its end give the CPU a process spent on the run.

use std::io;

use serde::{Deserialize, Serialize};

/// One reading of a process's counters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// User plus system CPU time, in seconds.
    pub cpu_s: f64,
    /// Resident set size, in KiB.
    pub rss_kib: u64,
}

/// What a process used between two samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    /// The process id sampled.
    pub pid: u32,
    /// CPU seconds (user + system) spent between the samples.
    pub cpu_s: f64,
    /// CPU time as a share of one core over the run, in percent.
    pub cpu_percent: f64,
    /// Resident set size at the first sample, KiB.
    pub rss_start_kib: u64,
    /// Resident set size at the last sample, KiB.
    pub rss_end_kib: u64,
}

impl Usage {
    /// The usage between `start` and `end`, `wall_s` seconds apart.
    pub fn between(pid: u32, start: Sample, end: Sample, wall_s: f64) -> Self {
        let cpu_s = (end.cpu_s - start.cpu_s).max(0.0);
        Self {
            pid,
            cpu_s,
            cpu_percent: if wall_s > 0.0 {
                100.0 * cpu_s / wall_s
            } else {
                0.0
            },
            rss_start_kib: start.rss_kib,
            rss_end_kib: end.rss_kib,
        }
    }
}

/// Reads process `pid`'s counters now.
pub fn sample(pid: u32) -> io::Result<Sample> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let ticks = parse_cpu_ticks(&stat).ok_or_else(|| invalid("/proc/PID/stat"))?;
    let rss_kib = parse_vm_rss_kib(&status).ok_or_else(|| invalid("/proc/PID/status"))?;
    Ok(Sample {
        cpu_s: ticks as f64 / clock_ticks_per_second() as f64,
        rss_kib,
    })
}

/// What a process holds at one moment: memory, threads, descriptors, and
/// the CPU time it has spent so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Footprint {
    /// User plus system CPU time since it started, in seconds.
    pub cpu_s: f64,
    /// Resident set size, KiB.
    pub rss_kib: u64,
    /// Threads.
    pub threads: u64,
    /// Open file descriptors.
    pub fds: u64,
}

impl Footprint {
    /// The largest of each field of `self` and `other` (CPU time: the later).
    pub fn max(self, other: Self) -> Self {
        Self {
            cpu_s: self.cpu_s.max(other.cpu_s),
            rss_kib: self.rss_kib.max(other.rss_kib),
            threads: self.threads.max(other.threads),
            fds: self.fds.max(other.fds),
        }
    }
}

/// Reads process `pid`'s footprint now.
pub fn footprint(pid: u32) -> io::Result<Footprint> {
    let Sample { cpu_s, rss_kib } = sample(pid)?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let threads = parse_status_field(&status, "Threads:").ok_or_else(|| invalid("Threads"))?;
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))?.count() as u64;
    Ok(Footprint {
        cpu_s,
        rss_kib,
        threads,
        fds,
    })
}

/// Process `pid`'s open-file limit, soft and hard (`None`: unlimited), from
/// `/proc/PID/limits`.
pub fn nofile_limit(pid: u32) -> io::Result<(Option<u64>, Option<u64>)> {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits"))?;
    parse_nofile_limit(&limits).ok_or_else(|| invalid("/proc/PID/limits"))
}

/// The `Max open files` line of `/proc/PID/limits`: soft and hard.
pub fn parse_nofile_limit(limits: &str) -> Option<(Option<u64>, Option<u64>)> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let mut values = line["Max open files".len()..].split_whitespace();
    let mut value = || match values.next()? {
        "unlimited" => Some(None),
        n => n.parse().ok().map(Some),
    };
    Some((value()?, value()?))
}

/// A numeric field of `/proc/PID/status`, by its name with the colon.
pub fn parse_status_field(status: &str, name: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(name))?;
    line[name.len()..].split_whitespace().next()?.parse().ok()
}

/// The kernel's clock tick rate, in which /proc reports CPU times.
pub fn clock_ticks_per_second() -> u64 {
    rustix::param::clock_ticks_per_second()
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("unreadable {what}"))
}

/// utime + stime, in clock ticks, from the text of `/proc/PID/stat`.
///
/// The command name (field 2) is in parentheses and may itself contain
/// spaces and parentheses, so fields are counted from the last `)`.
pub fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    // The first field after the name is field 3 (state); utime is field 14.
    let mut fields = after_name.split_whitespace().skip(14 - 3);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

/// `VmRSS` in KiB from the text of `/proc/PID/status`.
pub fn parse_vm_rss_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let mut parts = line["VmRSS:".len()..].split_whitespace();
    let value: u64 = parts.next()?.parse().ok()?;
    match parts.next() {
        Some("kB") | None => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A real line, with a command name that contains ") (" to trip naive parsers.
    const STAT: &str = "4242 (trackgate) (x)) S 1 4242 4242 0 -1 4194560 1234 0 5 0 \
                        1570 320 0 0 20 0 3 0 987654 123456789 4567 18446744073709551615 \
                        1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

    const STATUS: &str = "Name:\ttrackgate\nUmask:\t0022\nState:\tS (sleeping)\n\
                          VmPeak:\t  200000 kB\nVmRSS:\t   18272 kB\nRssAnon:\t    9000 kB\n";

    #[test]
    fn parses_utime_plus_stime() {
        assert_eq!(parse_cpu_ticks(STAT), Some(1570 + 320));
    }

    #[test]
    fn parses_vm_rss() {
        assert_eq!(parse_vm_rss_kib(STATUS), Some(18_272));
        assert_eq!(parse_vm_rss_kib("Name:\tx\n"), None);
    }

    #[test]
    fn parses_threads_and_the_open_file_limit() {
        let status = "Name:\ttrackgate\nThreads:\t17\nSigQ:\t0/95000\n";
        assert_eq!(parse_status_field(status, "Threads:"), Some(17));
        assert_eq!(parse_status_field(status, "VmRSS:"), None);
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max processes             95000                95000                processes\n\
                      Max open files            2048                 20000                files\n";
        assert_eq!(parse_nofile_limit(limits), Some((Some(2048), Some(20_000))));
        let unlimited =
            "Max open files            unlimited            unlimited            files\n";
        assert_eq!(parse_nofile_limit(unlimited), Some((None, None)));
        assert_eq!(parse_nofile_limit("Max processes 1 1\n"), None);
    }

    #[test]
    fn this_process_has_a_footprint() {
        let me = std::process::id();
        let f = footprint(me).unwrap();
        assert!(f.rss_kib > 0 && f.threads >= 1 && f.fds >= 3, "{f:?}");
        assert!(nofile_limit(me).unwrap().0.is_some());
        let bigger = Footprint {
            fds: f.fds + 5,
            ..Footprint::default()
        };
        assert_eq!(f.max(bigger).fds, f.fds + 5);
        assert_eq!(f.max(bigger).rss_kib, f.rss_kib);
    }

    #[test]
    fn refuses_truncated_stat() {
        assert_eq!(parse_cpu_ticks("4242 (trackgate) S 1 2 3"), None);
        assert_eq!(parse_cpu_ticks("no parenthesis at all"), None);
    }

    #[test]
    fn samples_this_process() {
        let s = sample(std::process::id()).unwrap();
        assert!(s.rss_kib > 0);
        assert!(s.cpu_s >= 0.0);
        assert!(clock_ticks_per_second() > 0);
    }

    #[test]
    fn usage_is_the_difference() {
        let a = Sample {
            cpu_s: 1.5,
            rss_kib: 1_000,
        };
        let b = Sample {
            cpu_s: 3.5,
            rss_kib: 5_000,
        };
        let u = Usage::between(7, a, b, 4.0);
        assert_eq!(u.cpu_s, 2.0);
        assert_eq!(u.cpu_percent, 50.0);
        assert_eq!((u.rss_start_kib, u.rss_end_kib), (1_000, 5_000));
    }
}

//! A live progress line on stderr while a run goes on.
//!
//! Once a second the line is rewritten in place: elapsed time over the run's
//! duration, how many units (acked records, requests) completed in the last
//! second, and failures so far. It is off with `--quiet` and whenever stderr
//! is not a terminal, so logs and pipes never get carriage returns.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior, interval};

/// What the line shows, read once a second: a running total of completed
/// units, and the running total of failures.
pub type Reader = Box<dyn Fn() -> (u64, u64) + Send + Sync>;

/// Whether to show progress: not asked to be quiet, and stderr is a terminal.
pub fn wanted(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// One progress line (without the carriage return).
pub fn line(
    elapsed: Duration,
    duration: Duration,
    per_s: u64,
    unit: &str,
    failures: u64,
) -> String {
    format!(
        "[{:>6.1} / {:.0} s] {} {unit}/s, {failures} failures",
        elapsed.as_secs_f64(),
        duration.as_secs_f64(),
        crate::report::num(per_s as f64).trim_end_matches(".0"),
    )
}

/// The running progress line; erased when finished or dropped.
#[derive(Debug)]
pub struct Progress {
    task: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts updating the line every second if `show`, else does nothing.
    pub fn start(show: bool, duration: Duration, unit: &'static str, read: Reader) -> Self {
        if !show {
            return Self { task: None };
        }
        let start = Instant::now();
        let task = tokio::spawn(async move {
            let mut tick = interval(Duration::from_secs(1));
            tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
            tick.tick().await;
            let mut last = read().0;
            loop {
                tick.tick().await;
                let (done, failures) = read();
                let text = line(
                    start.elapsed(),
                    duration,
                    done.saturating_sub(last),
                    unit,
                    failures,
                );
                last = done;
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2K{text}");
                let _ = err.flush();
            }
        });
        Self { task: Some(task) }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_reads_well() {
        let text = line(
            Duration::from_millis(12_340),
            Duration::from_secs(60),
            12_345,
            "records",
            3,
        );
        assert_eq!(text, "[  12.3 / 60 s] 12,345 records/s, 3 failures");
    }

    #[tokio::test]
    async fn a_hidden_line_spawns_nothing() {
        let p = Progress::start(false, Duration::from_secs(1), "x", Box::new(|| (0, 0)));
        assert!(p.task.is_none());
    }
}

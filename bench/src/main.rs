//! `trackgate-bench`: see the library's docs for what it does.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use serde::Serialize;
use trackgate_bench::addr::parse_listen;
use trackgate_bench::baseline::server::Baseline;
use trackgate_bench::baseline::{self, Versus, floor, versus};
use trackgate_bench::cli::{Cli, Command, Common};
use trackgate_bench::http::load::HttpStats;
use trackgate_bench::machine::Machine;
use trackgate_bench::progress::{self, Progress};
use trackgate_bench::report::{self, Report};
use trackgate_bench::scenario::ingest::{IngestPlan, IngestResults};
use trackgate_bench::scenario::{api, chaos, cluster, flood, idle, ingest, push, retention, storm};
use trackgate_bench::stats::Stats;

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("trackgate-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let machine = Machine::current();
    match cli.command {
        Command::Ingest(args) => {
            let plan = args.plan()?;
            plan.validate()?;
            let (plan, results) = ingest_run(&args.common, plan, !args.no_baseline)?;
            let report = Report::ingest(machine, plan, results);
            emit(&report, &args.common, &report.markdown())
        }
        Command::Latency(args) => {
            let plan = args.plan()?;
            plan.validate()?;
            let (plan, results) = ingest_run(&args.common, plan, !args.no_baseline)?;
            let report = Report::new("latency", machine, plan, results);
            emit(&report, &args.common, &report.markdown())
        }
        Command::Idle(args) => {
            let plan = args.plan()?;
            plan.validate()?;
            let results = device_run(&args.common, plan.duration_s, |stats| async move {
                idle::run(&plan, stats).await.map(|r| (plan, r))
            })?;
            let report = Report::new("idle", machine, results.0, results.1);
            emit(&report, &args.common, &report.markdown())
        }
        Command::Storm(args) => {
            let plan = args.plan()?;
            plan.validate()?;
            let bound = plan.bound().as_secs_f64();
            let (plan, mut results) = device_run(&args.common, bound, |stats| async move {
                storm::run(&plan, stats).await.map(|r| (plan, r))
            })?;
            if !args.no_floor {
                say(&args.common, "the same storm against the floor server");
                let bin = std::env::current_exe().context("finding this executable")?;
                let floor = device_run(&args.common, bound, |stats| async {
                    Ok(versus::storm(&bin, &plan, &results, stats).await)
                })?;
                warn_skipped(&floor);
                results.floor = Some(Box::new(floor));
            }
            let report = Report::new("storm", machine, plan, results);
            emit(&report, &args.common, &report.markdown())
        }
        Command::Api(args) => {
            let plan = args.plan()?;
            plan.validate()?;
            let common = &args.ingest.common;
            let stats = Arc::new(Stats::new());
            let http = Arc::new(HttpStats::default());
            let (s, h) = (stats.clone(), http.clone());
            let reader = Box::new(move || {
                let (ok, failed) = h.done();
                (ok, failed + s.counts.totals().failures())
            });
            let duration = Duration::from_secs_f64(plan.ingest.duration_s);
            let results = runtime(common)?.block_on(async {
                let _progress =
                    Progress::start(progress::wanted(common.quiet), duration, "requests", reader);
                api::run(&plan, stats, http).await
            })?;
            let report = Report::new("api", machine, plan, results);
            emit(&report, common, &report.markdown())
        }
        Command::Push(args) => {
            let plan = args.plan()?;
            plan.validate()?;
            let common = &args.ingest.common;
            let results = device_run(common, plan.ingest.duration_s, |stats| async move {
                push::run(&plan, stats).await.map(|r| (plan, r))
            })?;
            let report = Report::new("push", machine, results.0, results.1);
            emit(&report, common, &report.markdown())
        }
        Command::Chaos(args) => {
            let plan = args.plan().context("finding the gateway binary")?;
            plan.validate()?;
            let stats = Arc::new(Stats::new());
            let watched = stats.clone();
            let reader = Box::new(move || {
                let t = watched.counts.totals();
                (t.records_acked, t.failures())
            });
            let duration = Duration::from_secs_f64(plan.duration_s);
            let show = progress::wanted(args.quiet);
            let results = runtime_with(args.threads)?.block_on(async {
                let _progress = Progress::start(show, duration, "records", reader);
                chaos::run(&plan, stats).await
            })?;
            let report = Report::new("chaos", machine, plan, results);
            write_report(&report, args.json.as_deref(), &report.markdown())?;
            let problems = report.results.problems();
            if problems.is_empty() {
                Ok(())
            } else {
                anyhow::bail!("chaos run failed: {}", problems.join("; "))
            }
        }
        Command::Cluster(args) => {
            let plan = args.plan().context("finding the gateway binary")?;
            plan.validate()?;
            let stats = Arc::new(Stats::new());
            let results = runtime_with(args.threads)?.block_on(cluster::run(&plan, stats))?;
            let report = Report::new("cluster", machine, plan, results);
            write_report(&report, args.json.as_deref(), &report.markdown())
        }
        Command::Flood(args) => {
            let plan = args.plan().context("finding the gateway binary")?;
            plan.validate().map_err(anyhow::Error::msg)?;
            let show = progress::wanted(args.quiet);
            let results = runtime_with(args.threads)?.block_on(flood::run(&plan, show))?;
            let report = Report::new("flood", machine, plan, results);
            write_report(&report, args.json.as_deref(), &report.markdown())?;
            if report.results.passed() {
                Ok(())
            } else {
                anyhow::bail!("flood run failed: the canary did not recover")
            }
        }
        Command::Retention(args) => {
            let plan = args.plan();
            plan.validate().map_err(anyhow::Error::msg)?;
            let temporary;
            let dir = match &args.data_dir {
                Some(dir) => dir.as_path(),
                None => {
                    temporary = tempfile::tempdir()?;
                    temporary.path()
                }
            };
            let results = retention::run(&plan, dir)?;
            let report = Report::new("retention", machine, plan, results);
            write_report(&report, args.json.as_deref(), &report.markdown())?;
            let problems = report.results.problems();
            if problems.is_empty() {
                Ok(())
            } else {
                anyhow::bail!("retention run failed: {}", problems.join("; "))
            }
        }
        Command::BaselineServer(args) => {
            let addr = parse_listen(&args.listen)?;
            let server = Baseline::new(args.protocol)?;
            baseline::runtime(args.threads)?.block_on(async {
                let listener = bound(addr, args.with_parent)?;
                match server.serve(listener).await {}
            })
        }
        Command::FloorServer(args) => {
            let addr = parse_listen(&args.listen)?;
            baseline::runtime(args.threads)?.block_on(async {
                let listener = bound(addr, args.with_parent)?;
                match floor::serve(listener).await {}
            })
        }
        Command::Compare { a, b } => {
            let load = |path: &Path| -> anyhow::Result<Report> {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
            };
            let table = report::compare(&load(&a)?, &load(&b)?);
            std::io::stdout().write_all(table.as_bytes())?;
            Ok(())
        }
    }
}

/// Runs an ingest or latency plan against the gateway, then (if `versus`)
/// against the baseline server.
fn ingest_run(
    common: &Common,
    plan: IngestPlan,
    with_baseline: bool,
) -> anyhow::Result<(IngestPlan, IngestResults)> {
    let (plan, mut results) = device_run(common, plan.duration_s, |stats| async move {
        ingest::run_with(&plan, stats).await.map(|r| (plan, r))
    })?;
    if with_baseline {
        say(common, "the same plan against the baseline server");
        let bin = std::env::current_exe().context("finding this executable")?;
        let baseline = device_run(common, plan.duration_s, |stats| async {
            Ok(versus::ingest(&bin, &plan, &results, stats).await)
        })?;
        warn_skipped(&baseline);
        results.baseline = Some(Box::new(baseline));
    }
    Ok((plan, results))
}

/// Binds a comparison server's listener (inside its runtime) and prints
/// its address; with `with_parent`, the server exits with its parent.
fn bound(addr: std::net::SocketAddr, with_parent: bool) -> anyhow::Result<tokio::net::TcpListener> {
    if with_parent {
        tokio::spawn(baseline::exit_with_parent());
    }
    let listener = baseline::bind(addr).with_context(|| format!("listening on {addr}"))?;
    baseline::announce(listener.local_addr()?)?;
    Ok(listener)
}

/// A line on stderr about what the run does next, unless `--quiet`.
fn say(common: &Common, what: &str) {
    if !common.quiet {
        eprintln!("trackgate-bench: now {what}");
    }
}

/// Says on stderr why a comparison run did not happen, if it did not.
fn warn_skipped<R>(versus: &Versus<R>) {
    if let Some(why) = &versus.skipped {
        eprintln!("trackgate-bench: {} not compared: {why}", versus.server);
    }
}

fn runtime(common: &Common) -> anyhow::Result<tokio::runtime::Runtime> {
    runtime_with(common.threads)
}

fn runtime_with(threads: usize) -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()?)
}

/// Runs a device scenario with the progress line showing acked records/s.
fn device_run<T, F, Fut>(common: &Common, duration_s: f64, scenario: F) -> anyhow::Result<T>
where
    F: FnOnce(Arc<Stats>) -> Fut,
    Fut: std::future::Future<Output = Result<T, ingest::RunError>>,
{
    let stats = Arc::new(Stats::new());
    let watched = stats.clone();
    let reader = Box::new(move || {
        let t = watched.counts.totals();
        (t.records_acked, t.failures())
    });
    let duration = Duration::from_secs_f64(duration_s);
    let show = progress::wanted(common.quiet);
    Ok(runtime(common)?.block_on(async {
        let _progress = Progress::start(show, duration, "records", reader);
        scenario(stats).await
    })?)
}

/// Writes the JSON report if asked, and the Markdown to stdout.
fn emit<T: Serialize>(report: &T, common: &Common, markdown: &str) -> anyhow::Result<()> {
    write_report(report, common.json.as_deref(), markdown)
}

/// Writes the JSON report to `json` if given, and the Markdown to stdout.
fn write_report<T: Serialize>(
    report: &T,
    json: Option<&Path>,
    markdown: &str,
) -> anyhow::Result<()> {
    if let Some(path) = json {
        let json = serde_json::to_string_pretty(report)?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    std::io::stdout().write_all(markdown.as_bytes())?;
    Ok(())
}

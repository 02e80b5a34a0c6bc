//! `trackgate-bench`: see the library's docs for what it does.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use trackgate_bench::cli::{Cli, Command, IngestArgs};
use trackgate_bench::machine::Machine;
use trackgate_bench::report::{self, Report};
use trackgate_bench::scenario::ingest;

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
    match cli.command {
        Command::Ingest(args) => ingest(&args),
        Command::Compare { a, b } => {
            let load = |path: &std::path::Path| -> anyhow::Result<Report> {
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

fn ingest(args: &IngestArgs) -> anyhow::Result<()> {
    let plan = args.plan()?;
    plan.validate()?;
    let machine = Machine::current();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads.max(1))
        .enable_all()
        .build()?;
    let results = runtime.block_on(ingest::run(&plan))?;
    let report = Report::ingest(machine, plan, results);
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&report)?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    std::io::stdout().write_all(report.markdown().as_bytes())?;
    Ok(())
}

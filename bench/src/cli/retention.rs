//! The retention subcommand's options.

use std::path::PathBuf;

use clap::Args;

use crate::scenario::retention::RetentionPlan;

/// `trackgate-bench retention`.
#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// Where to build the store; must be empty or not exist, and is kept
    /// [default: a temporary directory, removed afterwards]
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// User accounts on the plan.
    #[arg(long, default_value_t = 100)]
    pub users: u32,
    /// Trackers each user owns.
    #[arg(long, default_value_t = 100)]
    pub trackers_per_user: u32,
    /// Points each tracker has before the purge.
    #[arg(long, default_value_t = 200)]
    pub points_per_tracker: u32,
    /// Days the points span, ending now.
    #[arg(long, default_value_t = 30)]
    pub span_days: u32,
    /// Days of history the plan keeps.
    #[arg(long, default_value_t = 7)]
    pub keep_days: u32,
    /// Points per commit while building.
    #[arg(long, default_value_t = 1000)]
    pub batch_points: u32,
    /// Also write the full results as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

impl RetentionArgs {
    /// The run these options ask for.
    pub fn plan(&self) -> RetentionPlan {
        RetentionPlan {
            users: self.users,
            trackers_per_user: self.trackers_per_user,
            points_per_tracker: self.points_per_tracker,
            span_days: self.span_days,
            keep_days: self.keep_days,
            batch_points: self.batch_points,
        }
    }
}

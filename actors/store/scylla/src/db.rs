//! The connection to the cluster, and how the store's synchronous ports
//! call the asynchronous driver.
//!
//! The ports are blocking calls (the gateway makes them from its blocking
//! pool and the track writer's thread), the driver is async. The adapter
//! owns a small multi-threaded runtime that runs the driver's connections;
//! each port call blocks its own thread on the request's future. A call made
//! from inside another runtime (which may not block on a nested runtime) is
//! run on a scoped thread of its own instead: correct, a little slower.
//!
//! Every statement is prepared once, when the store opens, from the lists
//! the table modules declare ([`Stmt`]): prepared statements are routed to
//! a replica of their partition (token- and shard-aware), run at the
//! configured consistency, and those without a condition are marked
//! idempotent so the driver may retry them. At most
//! [`ScyllaOptions::max_in_flight`] requests are in flight from this
//! process; more wait for a permit.

use std::collections::HashMap;
use std::future::Future;

use futures_util::TryStreamExt as _;
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::deserialize::row::DeserializeRow;
use scylla::response::query_result::QueryResult;
use scylla::serialize::batch::BatchValues;
use scylla::serialize::row::SerializeRow;
use scylla::statement::batch::{Batch, BatchType};
use scylla::statement::prepared::PreparedStatement;
use scylla::statement::{Consistency, SerialConsistency};
use scylla::value::{CqlValue, Row};
use tokio::sync::Semaphore;
use trackgate_store::StoreError;

use crate::options::ScyllaOptions;

/// One statement a table module runs: a name to call it by, and its CQL
/// (table names unqualified: the session uses the store's keyspace).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stmt {
    /// `table.what`, unique across the adapter.
    pub name: &'static str,
    /// The statement.
    pub cql: &'static str,
}

/// The cluster session, its prepared statements, and the runtime under them.
pub(crate) struct Db {
    runtime: tokio::runtime::Runtime,
    session: Session,
    prepared: HashMap<&'static str, PreparedStatement>,
    permits: Semaphore,
    options: ScyllaOptions,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("contact_points", &self.options.contact_points)
            .field("keyspace", &self.options.keyspace)
            .field("statements", &self.prepared.len())
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Connects to the cluster (no keyspace yet).
    pub(crate) fn connect(options: ScyllaOptions) -> Result<Self, StoreError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(options.threads.max(1))
            .thread_name("scylla")
            .enable_all()
            .build()
            .map_err(|e| StoreError::engine("starting the ScyllaDB runtime", e))?;
        let mut builder = SessionBuilder::new()
            .known_nodes(&options.contact_points)
            .connection_timeout(options.connect_timeout);
        if let Some((user, password)) = &options.credentials {
            builder = builder.user(user, password);
        }
        let session = runtime.block_on(builder.build()).map_err(|e| {
            StoreError::engine(
                format!(
                    "connecting to ScyllaDB at {}",
                    options.contact_points.join(",")
                ),
                e,
            )
        })?;
        Ok(Self {
            runtime,
            session,
            prepared: HashMap::new(),
            permits: Semaphore::new(options.max_in_flight.max(1)),
            options,
        })
    }

    /// The options the store was opened with.
    pub(crate) fn options(&self) -> &ScyllaOptions {
        &self.options
    }

    /// The driver's session, for schema work.
    pub(crate) fn session(&self) -> &Session {
        &self.session
    }

    /// The serial consistency that goes with the configured consistency.
    fn serial(&self) -> SerialConsistency {
        match self.options.consistency {
            Consistency::LocalQuorum | Consistency::LocalOne => SerialConsistency::LocalSerial,
            _ => SerialConsistency::Serial,
        }
    }

    /// Prepares every statement in `lists`, at the store's consistency.
    pub(crate) fn prepare_all(&mut self, lists: &[&[Stmt]]) -> Result<(), StoreError> {
        let mut prepared = HashMap::new();
        for stmt in lists.iter().flat_map(|list| list.iter()) {
            let mut p = self
                .runtime
                .block_on(self.session.prepare(stmt.cql))
                .map_err(|e| StoreError::engine(format!("preparing {}", stmt.name), e))?;
            p.set_consistency(self.options.consistency);
            p.set_serial_consistency(Some(self.serial()));
            p.set_request_timeout(Some(self.options.request_timeout));
            p.set_is_idempotent(!is_conditional(stmt.cql));
            if prepared.insert(stmt.name, p).is_some() {
                return Err(StoreError::engine_state(format!(
                    "two statements are named {}",
                    stmt.name
                )));
            }
        }
        self.prepared = prepared;
        Ok(())
    }

    fn statement(&self, name: &str) -> Result<&PreparedStatement, StoreError> {
        self.prepared
            .get(name)
            .ok_or_else(|| StoreError::engine_state(format!("no statement named {name}")))
    }

    /// Runs `future` to completion from a blocking caller.
    pub(crate) fn block_on<F>(&self, future: F) -> F::Output
    where
        F: Future + Send,
        F::Output: Send,
    {
        if tokio::runtime::Handle::try_current().is_err() {
            return self.runtime.block_on(future);
        }
        std::thread::scope(
            |scope| match scope.spawn(|| self.runtime.block_on(future)).join() {
                Ok(output) => output,
                Err(panic) => std::panic::resume_unwind(panic),
            },
        )
    }

    /// Runs the statement `name` once (one page at most), holding a permit.
    pub(crate) async fn run(
        &self,
        name: &str,
        values: impl SerializeRow,
    ) -> Result<QueryResult, StoreError> {
        let statement = self.statement(name)?;
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| StoreError::engine(name.to_owned(), e))?;
        self.session
            .execute_unpaged(statement, values)
            .await
            .map_err(|e| StoreError::engine(name.to_owned(), e))
    }

    /// Runs `name` and reads every row of every page as `R`.
    pub(crate) async fn run_rows<R>(
        &self,
        name: &str,
        values: impl SerializeRow,
    ) -> Result<Vec<R>, StoreError>
    where
        R: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static,
    {
        let statement = self.statement(name)?.clone();
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| StoreError::engine(name.to_owned(), e))?;
        let pager = self
            .session
            .execute_iter(statement, values)
            .await
            .map_err(|e| StoreError::engine(name.to_owned(), e))?;
        let stream = pager
            .rows_stream::<R>()
            .map_err(|e| StoreError::engine(name.to_owned(), e))?;
        stream
            .try_collect()
            .await
            .map_err(|e| StoreError::engine(name.to_owned(), e))
    }

    /// Runs `name` (blocking) and returns its result.
    pub(crate) fn execute(
        &self,
        name: &str,
        values: impl SerializeRow + Send,
    ) -> Result<QueryResult, StoreError> {
        self.block_on(self.run(name, values))
    }

    /// Runs `name` (blocking) and reads all its rows as `R`.
    pub(crate) fn query<R>(
        &self,
        name: &str,
        values: impl SerializeRow + Send,
    ) -> Result<Vec<R>, StoreError>
    where
        R: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static,
    {
        self.block_on(self.run_rows(name, values))
    }

    /// Runs `name` (blocking) and reads its first row as `R`, if any.
    pub(crate) fn query_one<R>(
        &self,
        name: &str,
        values: impl SerializeRow + Send,
    ) -> Result<Option<R>, StoreError>
    where
        R: for<'f, 'm> DeserializeRow<'f, 'm>,
    {
        let result = self.execute(name, values)?;
        first_row(result, name)
    }

    /// Runs the conditional statement `name` (blocking); whether it applied.
    pub(crate) fn applied(
        &self,
        name: &str,
        values: impl SerializeRow + Send,
    ) -> Result<bool, StoreError> {
        let result = self.execute(name, values)?;
        was_applied(result, name)
    }

    /// Runs the statements `names` as one logged batch (blocking): all of
    /// them happen or, on error, the batch log replays them.
    pub(crate) fn batch(
        &self,
        names: &[&str],
        values: impl BatchValues + Send + Sync,
    ) -> Result<(), StoreError> {
        let mut batch = Batch::new(BatchType::Logged);
        for name in names {
            batch.append_statement(self.statement(name)?.clone());
        }
        batch.set_consistency(self.options.consistency);
        batch.set_serial_consistency(Some(self.serial()));
        batch.set_request_timeout(Some(self.options.request_timeout));
        let what = names.join("+");
        self.block_on(async {
            let _permit = self
                .permits
                .acquire()
                .await
                .map_err(|e| StoreError::engine(what.clone(), e))?;
            self.session
                .batch(&batch, values)
                .await
                .map(|_| ())
                .map_err(|e| StoreError::engine(what.clone(), e))
        })
    }
}

impl Db {
    /// Runs the statements `names`, every one on the same partition of
    /// one table with its condition, as one conditional batch (blocking):
    /// whether it applied (all of it, or none).
    pub(crate) fn batch_applied(
        &self,
        names: &[&str],
        values: impl BatchValues + Send + Sync,
    ) -> Result<bool, StoreError> {
        let mut batch = Batch::new(BatchType::Logged);
        for name in names {
            batch.append_statement(self.statement(name)?.clone());
        }
        batch.set_consistency(self.options.consistency);
        batch.set_serial_consistency(Some(self.serial()));
        batch.set_request_timeout(Some(self.options.request_timeout));
        batch.set_is_idempotent(false);
        let what = names.join("+");
        let result = self.block_on(async {
            let _permit = self
                .permits
                .acquire()
                .await
                .map_err(|e| StoreError::engine(what.clone(), e))?;
            self.session
                .batch(&batch, values)
                .await
                .map_err(|e| StoreError::engine(what.clone(), e))
        })?;
        was_applied(result, &what)
    }
}

/// The first row of `result` as `R`, if any.
pub(crate) fn first_row<R>(result: QueryResult, name: &str) -> Result<Option<R>, StoreError>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let rows = result
        .into_rows_result()
        .map_err(|e| StoreError::engine(name.to_owned(), e))?;
    rows.maybe_first_row::<R>()
        .map_err(|e| StoreError::engine(name.to_owned(), e))
}

/// Whether a conditional statement applied: its first column, `[applied]`.
pub(crate) fn was_applied(result: QueryResult, name: &str) -> Result<bool, StoreError> {
    let rows = result
        .into_rows_result()
        .map_err(|e| StoreError::engine(name.to_owned(), e))?;
    let row = rows
        .maybe_first_row::<Row>()
        .map_err(|e| StoreError::engine(name.to_owned(), e))?;
    match row.and_then(|row| row.columns.into_iter().next().flatten()) {
        Some(CqlValue::Boolean(applied)) => Ok(applied),
        other => Err(StoreError::engine_state(format!(
            "{name}: a conditional statement answered {other:?} instead of [applied]"
        ))),
    }
}

/// Whether `cql` is a lightweight transaction (has an `IF` condition).
pub(crate) fn is_conditional(cql: &str) -> bool {
    cql.split_whitespace()
        .any(|word| word.eq_ignore_ascii_case("IF"))
}

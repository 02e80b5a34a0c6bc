//! The ScyllaDB store adapter: every store port of `trackgate-store` over a
//! ScyllaDB (or Apache Cassandra) cluster, for gateways that outgrow one
//! machine. Several gateway nodes share one keyspace.
//!
//! # Layout
//!
//! - [`ScyllaOptions`]: contact points, keyspace, replication, credentials,
//!   consistency and limits.
//! - `db`: the session, the prepared statements, and the bridge from the
//!   store's blocking ports to the async driver.
//! - [`schema`]: the versioned CQL files in `schema/` and the migration
//!   runner (`trackgate store migrate`).
//! - `codec`: entity bodies (format byte + postcard); `ids`: id sequences
//!   by compare-and-set.
//! - One module per group of tables, each with the statements it runs:
//!   `tracks` (points, last states, history retention), `access` (User and
//!   Panel API sessions, API keys), `commands`, `audit`, `nodes`,
//!   `accounts` (users and trackers with their indexes), `clones`,
//!   `tenancy` (tags, groups), `subusers`, `operator` (plans, managers,
//!   expiries), `panel` (dealers, administrators), `ledger` (balances,
//!   transactions, renewals), `bundles`, `activation`.
//! - `ports_impl`: the port traits, each method handed to its module.
//!
//! The adapter is held to the same contract suite as the embedded store
//! (`tests/contract.rs`), which runs whenever `SCYLLA_URI` names a cluster.

mod access;
mod accounts;
mod activation;
mod audit;
mod bundles;
mod clones;
mod codec;
mod commands;
#[cfg(test)]
mod cql_check;
mod db;
mod ids;
mod kit;
mod ledger;
mod nodes;
mod operator;
pub mod options;
mod panel;
mod ports_impl;
pub mod schema;
mod subusers;
mod tenancy;
mod tracks;
mod unique;
mod values;

pub use options::ScyllaOptions;
pub use schema::SchemaStatus;

use trackgate_store::StoreError;

use crate::db::{Db, Stmt};

/// Every statement the adapter prepares, by module.
pub(crate) const STATEMENTS: &[&[Stmt]] = &[
    ids::STATEMENTS,
    tracks::STATEMENTS,
    access::STATEMENTS,
    commands::STATEMENTS,
    audit::STATEMENTS,
    nodes::STATEMENTS,
    accounts::STATEMENTS,
    clones::STATEMENTS,
    tenancy::STATEMENTS,
    subusers::STATEMENTS,
    operator::STATEMENTS,
    panel::STATEMENTS,
    ledger::STATEMENTS,
    bundles::STATEMENTS,
    activation::STATEMENTS,
];

/// A store on a ScyllaDB cluster.
#[derive(Debug)]
pub struct ScyllaStore {
    db: Db,
    tracks: tracks::Caches,
}

impl ScyllaStore {
    /// Connects, checks (or, with `migrate_on_open`, brings up to date) the
    /// keyspace's schema, and prepares every statement.
    pub fn open(options: ScyllaOptions) -> Result<Self, StoreError> {
        let migrate = options.migrate_on_open;
        let mut db = Db::connect(options)?;
        if migrate {
            db.block_on(schema::migrate(&db))?;
        } else {
            db.block_on(schema::check(&db))?;
        }
        let keyspace = db.options().keyspace.clone();
        db.block_on(db.session().use_keyspace(&keyspace, false))
            .map_err(|e| StoreError::engine(format!("using keyspace {keyspace}"), e))?;
        db.prepare_all(STATEMENTS)?;
        Ok(Self {
            db,
            tracks: tracks::Caches::default(),
        })
    }

    /// Connects and applies the schema versions the keyspace lacks
    /// (creating the keyspace first if needed); the versions applied.
    pub fn migrate(options: ScyllaOptions) -> Result<Vec<i32>, StoreError> {
        let db = Db::connect(options)?;
        db.block_on(schema::migrate(&db))
    }

    /// Connects and reads which schema versions the keyspace holds.
    pub fn schema_status(options: ScyllaOptions) -> Result<SchemaStatus, StoreError> {
        let db = Db::connect(options)?;
        db.block_on(schema::status(&db))
    }

    /// Drops the store's keyspace and everything in it (test clusters).
    pub fn drop_keyspace(self) -> Result<(), StoreError> {
        let keyspace = self.db.options().keyspace.clone();
        let cql = format!("DROP KEYSPACE IF EXISTS {keyspace}");
        self.db
            .block_on(self.db.session().query_unpaged(cql.as_str(), ()))
            .map(|_| ())
            .map_err(|e| StoreError::engine(format!("dropping keyspace {keyspace}"), e))
    }

    pub(crate) fn db(&self) -> &Db {
        &self.db
    }
}

#[cfg(test)]
mod schema_tests {
    use crate::cql_check;
    use crate::schema::{MIGRATIONS, statements};

    /// Every statement the adapter prepares names tables and columns the
    /// schema files create, and reads only by key.
    #[test]
    fn every_statement_fits_the_schema() {
        let all: Vec<String> = MIGRATIONS.iter().flat_map(|m| statements(m.cql)).collect();
        let tables = cql_check::tables(&all).expect("the schema files read");
        let mut problems = Vec::new();
        let mut count = 0;
        for stmt in super::STATEMENTS.iter().flat_map(|list| list.iter()) {
            count += 1;
            problems.extend(
                cql_check::check(stmt.cql, &tables)
                    .into_iter()
                    .map(|p| format!("{}: {p}", stmt.name)),
            );
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(count >= 3, "the adapter prepares {count} statements");
    }

    /// Statement names are unique (they are looked up by name).
    #[test]
    fn statement_names_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for stmt in super::STATEMENTS.iter().flat_map(|list| list.iter()) {
            assert!(seen.insert(stmt.name), "{} twice", stmt.name);
        }
    }
}

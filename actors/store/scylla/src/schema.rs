//! The schema: versioned CQL files in `schema/`, and the runner that
//! brings a keyspace to the version this build needs.
//!
//! Each file is one version, applied in order, statement by statement; the
//! version is recorded in `schema_migrations` only after all of its
//! statements succeeded, so a migration interrupted half way is resumed by
//! the next run (every statement is `IF NOT EXISTS` or otherwise safe to
//! repeat). Two runs at once converge for the same reason. A keyspace at an
//! older version is migrated, never rebuilt; one at a newer version than
//! this build knows is refused.

use trackgate_store::StoreError;

use crate::db::Db;

/// One schema version.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Its number; versions are applied in increasing order.
    pub version: i32,
    /// What it adds.
    pub name: &'static str,
    /// Its CQL.
    pub cql: &'static str,
}

macro_rules! migration {
    ($version:literal, $name:literal, $file:literal) => {
        Migration {
            version: $version,
            name: $name,
            cql: include_str!(concat!("../schema/", $file)),
        }
    };
}

/// Every schema version, in order.
pub const MIGRATIONS: &[Migration] = &[
    migration!(1, "base", "0001_base.cql"),
    migration!(2, "tracks", "0002_tracks.cql"),
    migration!(3, "access", "0003_access.cql"),
    migration!(4, "commands", "0004_commands.cql"),
    migration!(5, "audit and nodes", "0005_audit_nodes.cql"),
    migration!(6, "accounts", "0006_accounts.cql"),
    migration!(7, "tenancy", "0007_tenancy.cql"),
    migration!(8, "operator", "0008_operator.cql"),
    migration!(9, "panel", "0009_panel.cql"),
    migration!(10, "money", "0010_money.cql"),
    migration!(11, "activation", "0011_activation.cql"),
];

/// The version this build needs.
pub fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The statements of a CQL file: comments (`--`, `//`) removed, split at
/// `;` outside string literals, empty ones dropped.
pub fn statements(cql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in cql.lines() {
        let mut in_string = false;
        let mut kept = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\'' {
                in_string = !in_string;
            }
            if !in_string && (c == '-' || c == '/') && chars.get(i + 1) == Some(&c) {
                break;
            }
            if !in_string && c == ';' {
                current.push_str(&kept);
                kept.clear();
                let statement = current.split_whitespace().collect::<Vec<_>>().join(" ");
                if !statement.is_empty() {
                    out.push(statement);
                }
                current.clear();
            } else {
                kept.push(c);
            }
            i += 1;
        }
        current.push_str(&kept);
        current.push('\n');
    }
    let statement = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !statement.is_empty() {
        out.push(statement);
    }
    out
}

/// What a keyspace holds, as far as versions go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaStatus {
    /// The versions applied, in order.
    pub applied: Vec<i32>,
    /// The version this build needs.
    pub needed: i32,
}

impl SchemaStatus {
    /// The highest version applied, 0 for none.
    pub fn current(&self) -> i32 {
        self.applied.iter().copied().max().unwrap_or(0)
    }
}

fn keyspace_cql(db: &Db) -> Result<String, StoreError> {
    let options = db.options();
    if !crate::options::valid_keyspace(&options.keyspace) {
        return Err(StoreError::engine_state(format!(
            "invalid keyspace name {:?}: letters, digits and _ only, starting with a letter",
            options.keyspace
        )));
    }
    Ok(format!(
        "CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {} AND durable_writes = true",
        options.keyspace, options.replication
    ))
}

async fn simple(db: &Db, cql: &str) -> Result<(), StoreError> {
    db.session()
        .query_unpaged(cql, ())
        .await
        .map(|_| ())
        .map_err(|e| StoreError::engine(format!("running {cql}"), e))
}

async fn agree(db: &Db) -> Result<(), StoreError> {
    db.session()
        .await_schema_agreement()
        .await
        .map(|_| ())
        .map_err(|e| StoreError::engine("waiting for schema agreement", e))
}

/// Reads which versions the keyspace holds (none when it does not exist).
pub(crate) async fn status(db: &Db) -> Result<SchemaStatus, StoreError> {
    let keyspace = &db.options().keyspace;
    let cql = format!("SELECT version FROM {keyspace}.schema_migrations");
    let applied = match db.session().query_unpaged(cql.as_str(), ()).await {
        Ok(result) => {
            let rows = result
                .into_rows_result()
                .map_err(|e| StoreError::engine("reading schema_migrations", e))?;
            let mut versions = rows
                .rows::<(i32,)>()
                .map_err(|e| StoreError::engine("reading schema_migrations", e))?
                .map(|row| row.map(|(v,)| v))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| StoreError::engine("reading schema_migrations", e))?;
            versions.sort_unstable();
            versions
        }
        // No keyspace or no table yet: nothing applied.
        Err(e) if is_missing_table(&e.to_string()) => Vec::new(),
        Err(e) => return Err(StoreError::engine("reading schema_migrations", e)),
    };
    Ok(SchemaStatus {
        applied,
        needed: latest(),
    })
}

fn is_missing_table(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    text.contains("unconfigured table")
        || text.contains("does not exist")
        || text.contains("keyspace") && text.contains("not")
}

/// Creates the keyspace if needed and applies every missing version; the
/// versions applied by this run.
pub(crate) async fn migrate(db: &Db) -> Result<Vec<i32>, StoreError> {
    simple(db, &keyspace_cql(db)?).await?;
    let keyspace = db.options().keyspace.clone();
    simple(
        db,
        &format!(
            "CREATE TABLE IF NOT EXISTS {keyspace}.schema_migrations \
             (version int PRIMARY KEY, name text, applied_ms bigint)"
        ),
    )
    .await?;
    agree(db).await?;
    db.session()
        .use_keyspace(&keyspace, false)
        .await
        .map_err(|e| StoreError::engine(format!("using keyspace {keyspace}"), e))?;
    let status = status(db).await?;
    if status.current() > status.needed {
        return Err(newer(&status));
    }
    let mut done = Vec::new();
    for migration in MIGRATIONS {
        if status.applied.contains(&migration.version) {
            continue;
        }
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "applying schema migration"
        );
        for statement in statements(migration.cql) {
            simple(db, &statement).await?;
            agree(db).await?;
        }
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        db.session()
            .query_unpaged(
                "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)",
                (migration.version, migration.name, now_ms),
            )
            .await
            .map_err(|e| StoreError::engine("recording a schema migration", e))?;
        done.push(migration.version);
    }
    Ok(done)
}

fn newer(status: &SchemaStatus) -> StoreError {
    StoreError::engine_state(format!(
        "the keyspace's schema is at version {}, newer than this build's {}: run a newer trackgate",
        status.current(),
        status.needed
    ))
}

/// Refuses a keyspace whose schema is not exactly the one this build needs.
pub(crate) async fn check(db: &Db) -> Result<(), StoreError> {
    let status = status(db).await?;
    let missing: Vec<i32> = MIGRATIONS
        .iter()
        .map(|m| m.version)
        .filter(|v| !status.applied.contains(v))
        .collect();
    if status.current() > status.needed {
        return Err(newer(&status));
    }
    if !missing.is_empty() {
        return Err(StoreError::engine_state(format!(
            "the keyspace {} lacks schema versions {missing:?} (at {}, this build needs {}): run `trackgate store migrate`",
            db.options().keyspace,
            status.current(),
            status.needed
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                migration.version,
                i32::try_from(i).unwrap() + 1,
                "{}",
                migration.name
            );
        }
        assert_eq!(latest(), i32::try_from(MIGRATIONS.len()).unwrap());
    }

    #[test]
    fn statements_split_outside_strings_and_comments() {
        let cql = "-- a comment; with a semicolon\nCREATE TABLE a (x int PRIMARY KEY); // trailing; comment\n\
                   INSERT INTO a (x, s) VALUES (1, 'semi;colon -- not a comment');\n\n;";
        assert_eq!(
            statements(cql),
            vec![
                "CREATE TABLE a (x int PRIMARY KEY)".to_owned(),
                "INSERT INTO a (x, s) VALUES (1, 'semi;colon -- not a comment')".to_owned(),
            ]
        );
    }

    #[test]
    fn a_newer_schema_is_named_as_such() {
        let status = SchemaStatus {
            applied: vec![1, 2, 99],
            needed: 11,
        };
        assert_eq!(status.current(), 99);
        assert!(
            newer(&status)
                .to_string()
                .contains("newer than this build's 11")
        );
    }
}

//! A reader of the schema files and the adapter's statements, for tests:
//! every statement the adapter prepares must name tables and columns the
//! schema creates, restrict only key columns, give the whole partition key
//! when it restricts at all, and never ask for `ALLOW FILTERING`.
//!
//! It understands the CQL this adapter writes (CREATE TABLE, ALTER TABLE
//! ADD, INSERT, UPDATE, DELETE, SELECT), not all of CQL: a statement it
//! cannot read is a failure, so the adapter stays within it.

use std::collections::{BTreeMap, BTreeSet};

/// A table as the schema files leave it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Table {
    /// Every column.
    pub columns: BTreeSet<String>,
    /// The partition key's columns.
    pub partition: Vec<String>,
    /// The clustering columns, in order.
    pub clustering: Vec<String>,
}

impl Table {
    fn is_key(&self, column: &str) -> bool {
        self.partition
            .iter()
            .chain(&self.clustering)
            .any(|c| c == column)
    }
}

/// Splits `text` at `sep` where no (), <> or {} is open and not in a string.
fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0_i32;
    let mut in_string = false;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '\'' => in_string = !in_string,
            '(' | '<' | '{' if !in_string => depth += 1,
            ')' | '>' | '}' if !in_string => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 && !in_string {
            parts.push(current.trim().to_owned());
            current.clear();
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_owned());
    }
    parts
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn lower(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// The text between the first `(` at or after `from` and its matching `)`.
fn parenthesised(text: &str, from: usize) -> Result<(String, usize), String> {
    let open = text[from..]
        .find('(')
        .map(|i| i + from)
        .ok_or_else(|| format!("no '(' in {text}"))?;
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Ok((text[open + 1..open + i].to_owned(), open + i + 1));
                }
            }
            _ => {}
        }
    }
    Err(format!("unbalanced parentheses in {text}"))
}

fn names(list: &str) -> Vec<String> {
    let list = list.trim();
    let list = list
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
        .unwrap_or(list);
    split_top(list, ',')
        .iter()
        .map(|n| lower(n.trim_matches(|c| c == '(' || c == ')').trim()))
        .collect()
}

/// Reads every table the schema statements create or alter.
pub(crate) fn tables(statements: &[String]) -> Result<BTreeMap<String, Table>, String> {
    let mut tables = BTreeMap::new();
    for statement in statements {
        let w = words(statement);
        let upper: Vec<String> = w.iter().map(|s| s.to_ascii_uppercase()).collect();
        match upper
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["CREATE", "TABLE", ..] => {
                let name_at = if upper.get(2).map(String::as_str) == Some("IF") {
                    5
                } else {
                    2
                };
                let name = w.get(name_at).ok_or("CREATE TABLE without a name")?;
                let name = lower(name.split('(').next().unwrap_or(name));
                let (body, _) = parenthesised(statement, 0)?;
                let mut table = Table::default();
                for part in split_top(&body, ',') {
                    let pw = words(&part);
                    let first = pw
                        .first()
                        .map(|s| s.to_ascii_uppercase())
                        .unwrap_or_default();
                    if first == "PRIMARY" {
                        let (key, _) = parenthesised(&part, 0)?;
                        let parts = split_top(&key, ',');
                        let (partition, clustering) =
                            parts.split_first().ok_or("an empty PRIMARY KEY")?;
                        table.partition = names(partition);
                        table.clustering = clustering.iter().map(|c| lower(c)).collect();
                    } else {
                        let column = lower(pw.first().ok_or("an empty column")?);
                        if part.to_ascii_uppercase().contains("PRIMARY KEY") {
                            table.partition = vec![column.clone()];
                        }
                        table.columns.insert(column);
                    }
                }
                if table.partition.is_empty() {
                    return Err(format!("table {name} has no primary key"));
                }
                for key in table.partition.iter().chain(&table.clustering) {
                    if !table.columns.contains(key) {
                        return Err(format!("table {name}: key column {key} is not declared"));
                    }
                }
                tables.insert(name, table);
            }
            ["ALTER", "TABLE", _, "ADD", ..] => {
                let name = lower(w[2]);
                let table: &mut Table = tables
                    .get_mut(&name)
                    .ok_or_else(|| format!("ALTER TABLE {name} before it is created"))?;
                table.columns.insert(lower(w[4]));
            }
            ["CREATE", "KEYSPACE", ..] => {}
            _ => return Err(format!("the schema reader does not know: {statement}")),
        }
    }
    Ok(tables)
}

/// What a statement touches.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Touch {
    /// The table.
    pub table: String,
    /// Columns read, written or set.
    pub columns: Vec<String>,
    /// Columns restricted in WHERE.
    pub restricted: Vec<String>,
    /// Whether WHERE restricts a `token(...)` of the partition key (a scan in ranges).
    pub token_range: bool,
}

fn where_columns(clause: &str) -> (Vec<String>, bool) {
    let mut columns = Vec::new();
    let mut token = false;
    for condition in clause.split(" AND ").flat_map(|c| c.split(" and ")) {
        let c = condition.trim();
        if lower(c).starts_with("token(") {
            token = true;
            continue;
        }
        let end = c
            .find(|ch: char| ch == '=' || ch == '<' || ch == '>' || ch.is_whitespace())
            .unwrap_or(c.len());
        let column = lower(c[..end].trim_matches(|ch| ch == '(' || ch == ')'));
        if !column.is_empty() {
            columns.push(column);
        }
    }
    (columns, token)
}

fn cut<'a>(text: &'a str, keywords: &[&str]) -> &'a str {
    let up = text.to_ascii_uppercase();
    let end = keywords
        .iter()
        .filter_map(|k| {
            up.find(&format!(" {k} ")).or_else(|| {
                up.ends_with(&format!(" {k}"))
                    .then(|| up.len() - k.len() - 1)
            })
        })
        .min()
        .unwrap_or(text.len());
    &text[..end]
}

fn after<'a>(text: &'a str, keyword: &str) -> Option<&'a str> {
    let up = text.to_ascii_uppercase();
    up.find(&format!(" {keyword} "))
        .map(|i| &text[i + keyword.len() + 2..])
}

/// Reads the table and columns of one DML statement.
pub(crate) fn touch(statement: &str) -> Result<Touch, String> {
    let s = statement.trim();
    let up = s.to_ascii_uppercase();
    if up.contains("ALLOW FILTERING") {
        return Err(format!("ALLOW FILTERING in {s}"));
    }
    let w = words(s);
    let verb = w
        .first()
        .map(|v| v.to_ascii_uppercase())
        .unwrap_or_default();
    let mut touch = Touch::default();
    match verb.as_str() {
        "INSERT" => {
            let into = w.get(2).ok_or("INSERT without a table")?;
            touch.table = lower(into.split('(').next().unwrap_or(into));
            let (list, _) = parenthesised(s, 0)?;
            touch.columns = names(&list);
        }
        "UPDATE" => {
            touch.table = lower(w.get(1).ok_or("UPDATE without a table")?);
            let set = after(s, "SET").ok_or("UPDATE without SET")?;
            let set = cut(set, &["WHERE"]);
            for assignment in split_top(set, ',') {
                let column = assignment.split(['=', '[']).next().unwrap_or("").trim();
                touch.columns.push(lower(column));
            }
        }
        "DELETE" => {
            let from = up.find(" FROM ").ok_or("DELETE without FROM")?;
            let list = s[6..from].trim();
            if !list.is_empty() {
                touch.columns = names(list)
                    .into_iter()
                    .map(|c| c.split('[').next().unwrap_or("").to_owned())
                    .collect();
            }
            touch.table = lower(words(&s[from + 6..]).first().ok_or("DELETE FROM what")?);
        }
        "SELECT" => {
            let from = up.find(" FROM ").ok_or("SELECT without FROM")?;
            let list = s[6..from].trim();
            if list != "*" {
                for item in split_top(list, ',') {
                    let item = lower(&item);
                    let column = match item.find('(') {
                        // writetime(x), ttl(x), token(x), count(*)
                        Some(i) => item[i + 1..].trim_end_matches(')').to_owned(),
                        None => item.split_whitespace().next().unwrap_or("").to_owned(),
                    };
                    if column != "*" && !column.is_empty() {
                        touch.columns.push(column);
                    }
                }
            }
            touch.table = lower(words(&s[from + 6..]).first().ok_or("SELECT FROM what")?);
            if let Some(order) = after(s, "ORDER BY") {
                let column = words(order).first().copied().unwrap_or("");
                touch.columns.push(lower(column));
            }
        }
        other => return Err(format!("not a statement the adapter runs: {other} in {s}")),
    }
    if let Some(clause) = after(s, "WHERE") {
        let clause = cut(clause, &["IF", "ORDER", "LIMIT", "PER", "USING"]);
        let (restricted, token) = where_columns(clause);
        touch.restricted = restricted;
        touch.token_range = token;
    }
    if let Some(condition) = after(s, "IF")
        && !lower(condition).starts_with("not exists")
        && !lower(condition).starts_with("exists")
    {
        for c in condition.split(" AND ") {
            let column = c.split(['=', '<', '>', '!', ' ']).next().unwrap_or("");
            touch.columns.push(lower(column));
        }
    }
    Ok(touch)
}

/// Checks one statement against the tables; the problems found.
pub(crate) fn check(statement: &str, tables: &BTreeMap<String, Table>) -> Vec<String> {
    let touch = match touch(statement) {
        Ok(touch) => touch,
        Err(e) => return vec![e],
    };
    let Some(table) = tables.get(&touch.table) else {
        return vec![format!("no table {} (in {statement})", touch.table)];
    };
    let mut problems = Vec::new();
    for column in touch.columns.iter().chain(&touch.restricted) {
        if !table.columns.contains(column) {
            problems.push(format!(
                "no column {}.{column} (in {statement})",
                touch.table
            ));
        }
    }
    for column in &touch.restricted {
        if table.columns.contains(column) && !table.is_key(column) {
            problems.push(format!(
                "WHERE on {column}, not a key column of {} (in {statement})",
                touch.table
            ));
        }
    }
    let restricts_partition = table.partition.iter().all(|c| touch.restricted.contains(c));
    let restricts_some = !touch.restricted.is_empty();
    if restricts_some && !restricts_partition {
        problems.push(format!(
            "WHERE without the whole partition key ({}) of {} (in {statement})",
            table.partition.join(", "),
            touch.table
        ));
    }
    let verb = lower(words(statement).first().copied().unwrap_or(""));
    if verb != "select" && !restricts_partition && !lower(statement).starts_with("insert") {
        problems.push(format!(
            "a write without its partition key (in {statement})"
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::statements;

    fn schema() -> BTreeMap<String, Table> {
        tables(&statements(
            "CREATE TABLE IF NOT EXISTS points (tracker bigint, day int, fix_time bigint, digest bigint, \
             body blob, tags map<text, frozen<list<int>>>, PRIMARY KEY ((tracker, day), fix_time, digest)) \
             WITH CLUSTERING ORDER BY (fix_time ASC, digest ASC) AND compaction = {'class': 'TimeWindowCompactionStrategy'};
             CREATE TABLE users (id bigint PRIMARY KEY, body blob);
             ALTER TABLE users ADD login text;",
        ))
        .unwrap()
    }

    #[test]
    fn tables_and_keys_are_read() {
        let tables = schema();
        let points = &tables["points"];
        assert_eq!(points.partition, vec!["tracker", "day"]);
        assert_eq!(points.clustering, vec!["fix_time", "digest"]);
        assert!(points.columns.contains("tags"));
        assert_eq!(tables["users"].partition, vec!["id"]);
        assert!(tables["users"].columns.contains("login"));
    }

    #[test]
    fn good_statements_pass() {
        let tables = schema();
        for good in [
            "SELECT fix_time, body FROM points WHERE tracker = ? AND day = ? AND fix_time >= ? AND fix_time < ? ORDER BY fix_time ASC LIMIT ?",
            "INSERT INTO points (tracker, day, fix_time, digest, body) VALUES (?, ?, ?, ?, ?) USING TTL ?",
            "UPDATE users SET body = ?, login = ? WHERE id = ? IF login = ?",
            "DELETE FROM users WHERE id = ?",
            "SELECT id, body FROM users WHERE token(id) > ?",
            "SELECT id, body FROM users",
            "INSERT INTO users (id, body) VALUES (?, ?) IF NOT EXISTS",
        ] {
            assert_eq!(check(good, &tables), Vec::<String>::new(), "{good}");
        }
    }

    #[test]
    fn bad_statements_are_named() {
        let tables = schema();
        for (bad, expected) in [
            ("SELECT body FROM nowhere WHERE id = ?", "no table nowhere"),
            (
                "SELECT colour FROM users WHERE id = ?",
                "no column users.colour",
            ),
            ("SELECT body FROM users WHERE login = ?", "not a key column"),
            (
                "SELECT body FROM points WHERE tracker = ?",
                "whole partition key",
            ),
            (
                "SELECT body FROM users WHERE id = ? ALLOW FILTERING",
                "ALLOW FILTERING",
            ),
            (
                "UPDATE users SET body = ? WHERE login = ?",
                "not a key column",
            ),
            ("TRUNCATE users", "not a statement"),
        ] {
            let problems = check(bad, &tables).join("; ");
            assert!(problems.contains(expected), "{bad}: {problems}");
        }
    }
}

//! Form fields as PHP reads them, so that what PHP's `http_build_query`
//! writes arrives as the nested arrays the client built.
//!
//! `http_build_query(['data' => ['username' => 'x', 'allowed_ips' => ['a', 'b']]])`
//! writes `data%5Busername%5D=x&data%5Ballowed_ips%5D%5B0%5D=a&...`: the
//! brackets percent-encoded, the list's indexes spelled out. Hand-written
//! forms use `data[allowed_ips][]=a` instead. Both read, as PHP reads them,
//! as `{"data": {"username": "x", "allowed_ips": ["a", "b"]}}`: a name's
//! first part up to `[` is the field, each `[key]` after it one level
//! deeper, `[]` the next index of a list. A level whose keys are exactly
//! `0, 1, 2, ...` in order is a list; any other is a set of named fields.
//! A later field of the same name replaces an earlier one, as in PHP.
//!
//! Unlike PHP, a name PHP would mangle (an unclosed `[`, text after the
//! last `]`) is refused, naming it, rather than read as something else;
//! and there are bounds: [`MAX_FIELDS`] fields, [`MAX_DEPTH`] levels.

use serde_json::{Map, Value};

/// Fields one form may hold (PHP's `max_input_vars` default).
pub const MAX_FIELDS: usize = 1000;
/// Levels of nesting below a field (`a[b][c]` is two).
pub const MAX_DEPTH: usize = 16;

/// A form that cannot be read, and why, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// Not `application/x-www-form-urlencoded` text.
    #[error("the form is not URL-encoded text")]
    Encoding,
    /// More than [`MAX_FIELDS`] fields.
    #[error("the form has more than {MAX_FIELDS} fields")]
    TooManyFields,
    /// A field name PHP would not read as written.
    #[error(
        "the field name {0} is malformed: brackets must close, and nothing may follow the last"
    )]
    MalformedName(String),
    /// A field nested deeper than [`MAX_DEPTH`].
    #[error("the field {0} is nested deeper than {MAX_DEPTH} levels")]
    TooDeep(String),
}

/// One level of the form as it is built: its entries in the order they
/// came, each a value or a level of its own.
#[derive(Debug, Default)]
struct Level(Vec<(String, Node)>);

#[derive(Debug)]
enum Node {
    Text(String),
    Level(Level),
}

impl Level {
    /// The key `[]` stands for: one past the greatest whole-number key, as
    /// PHP counts.
    fn next_index(&self) -> String {
        self.0
            .iter()
            .filter_map(|(key, _)| key.parse::<u64>().ok())
            .max()
            .map_or(0, |n| n.saturating_add(1))
            .to_string()
    }

    fn slot(&mut self, key: String) -> &mut Node {
        match self.0.iter().position(|(k, _)| *k == key) {
            Some(at) => &mut self.0[at].1,
            None => {
                self.0.push((key, Node::Text(String::new())));
                let last = self.0.len() - 1;
                &mut self.0[last].1
            }
        }
    }

    /// Puts `value` at `path` (each `None` a `[]`), making levels on the way.
    fn insert(&mut self, path: &[Option<String>], value: String) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let key = first.clone().unwrap_or_else(|| self.next_index());
        let slot = self.slot(key);
        if rest.is_empty() {
            *slot = Node::Text(value);
            return;
        }
        if !matches!(slot, Node::Level(_)) {
            *slot = Node::Level(Level::default());
        }
        if let Node::Level(level) = slot {
            level.insert(rest, value);
        }
    }

    fn into_value(self) -> Value {
        let is_list = self
            .0
            .iter()
            .enumerate()
            .all(|(n, (key, _))| *key == n.to_string());
        if is_list && !self.0.is_empty() {
            Value::Array(
                self.0
                    .into_iter()
                    .map(|(_, node)| node.into_value())
                    .collect(),
            )
        } else {
            Value::Object(
                self.0
                    .into_iter()
                    .map(|(key, node)| (key, node.into_value()))
                    .collect(),
            )
        }
    }
}

impl Node {
    fn into_value(self) -> Value {
        match self {
            Node::Text(text) => Value::String(text),
            Node::Level(level) => level.into_value(),
        }
    }
}

/// The parts of a field name: the field, then one entry per bracket
/// (`None` for `[]`).
fn split_name(name: &str) -> Result<(String, Vec<Option<String>>), FormError> {
    let malformed = || FormError::MalformedName(name.to_owned());
    let (field, mut rest) = match name.find('[') {
        Some(at) => (&name[..at], &name[at..]),
        None => (name, ""),
    };
    let mut path = Vec::new();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[').ok_or_else(malformed)?;
        let close = inner.find(']').ok_or_else(malformed)?;
        let key = &inner[..close];
        path.push((!key.is_empty()).then(|| key.to_owned()));
        rest = &inner[close + 1..];
    }
    if field.is_empty() && !path.is_empty() {
        return Err(malformed());
    }
    if path.len() > MAX_DEPTH {
        return Err(FormError::TooDeep(name.to_owned()));
    }
    Ok((field.to_owned(), path))
}

/// Reads a URL-encoded form (a query string or a form body) into its
/// nested fields. Fields without a name are dropped, as PHP drops them.
pub fn parse(bytes: &[u8]) -> Result<Map<String, Value>, FormError> {
    let pairs = serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .map_err(|_| FormError::Encoding)?;
    if pairs.len() > MAX_FIELDS {
        return Err(FormError::TooManyFields);
    }
    let mut top = Level::default();
    for (name, value) in pairs {
        if name.is_empty() {
            continue;
        }
        let (field, path) = split_name(&name)?;
        let mut full = Vec::with_capacity(path.len() + 1);
        full.push(Some(field));
        full.extend(path);
        top.insert(&full, value);
    }
    // The top level is always a set of named fields.
    Ok(top
        .0
        .into_iter()
        .map(|(key, node)| (key, node.into_value()))
        .collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(form: &str) -> Value {
        Value::Object(parse(form.as_bytes()).expect("a form"))
    }

    #[test]
    fn php_http_build_query_output_reads_as_the_arrays_it_came_from() {
        // What PHP writes for ['api_key' => 'K', 'data' => ['username' =>
        // 'a b', 'allowed_ips' => ['10.0.0.1', '::1'], 'expire_date' => 1]].
        let form = "api_key=K&data%5Busername%5D=a+b&data%5Ballowed_ips%5D%5B0%5D=10.0.0.1\
                    &data%5Ballowed_ips%5D%5B1%5D=%3A%3A1&data%5Bexpire_date%5D=1";
        assert_eq!(
            read(form),
            json!({
                "api_key": "K",
                "data": {"username": "a b", "allowed_ips": ["10.0.0.1", "::1"], "expire_date": "1"},
            })
        );
    }

    #[test]
    fn empty_brackets_append_and_named_keys_make_objects() {
        assert_eq!(
            read("ids[]=3&ids[]=4&m[x]=1&m[0]=2&n[2]=a&n[]=b"),
            json!({"ids": ["3", "4"], "m": {"x": "1", "0": "2"}, "n": {"2": "a", "3": "b"}})
        );
        assert_eq!(read("a[b][c][]=1"), json!({"a": {"b": {"c": ["1"]}}}));
    }

    #[test]
    fn a_later_field_replaces_an_earlier_one() {
        assert_eq!(read("a=1&a=2"), json!({"a": "2"}));
        assert_eq!(read("a=1&a[b]=2"), json!({"a": {"b": "2"}}));
        assert_eq!(read("a[b]=2&a=1"), json!({"a": "1"}));
        assert_eq!(read("=x&b="), json!({"b": ""}));
    }

    #[test]
    fn malformed_names_and_oversized_forms_are_refused_by_name() {
        for bad in ["data[username=x", "data[a]b=x", "[a]=x"] {
            let error = parse(bad.as_bytes()).expect_err(bad);
            assert!(matches!(error, FormError::MalformedName(_)), "{bad}");
            assert!(
                error
                    .to_string()
                    .contains(bad.split('=').next().unwrap_or(""))
            );
        }
        let deep = format!("a{}=1", "[x]".repeat(MAX_DEPTH + 1));
        assert!(matches!(parse(deep.as_bytes()), Err(FormError::TooDeep(_))));
        let many = vec!["a=1"; MAX_FIELDS + 1].join("&");
        assert_eq!(parse(many.as_bytes()), Err(FormError::TooManyFields));
    }
}

//! How to reach the cluster and how hard to lean on it.

use std::time::Duration;

use scylla::statement::Consistency;

/// Everything the adapter needs to connect, and its limits.
#[derive(Debug, Clone)]
pub struct ScyllaOptions {
    /// Contact points, `host:port` (the driver discovers the rest of the cluster).
    pub contact_points: Vec<String>,
    /// The keyspace trackgate's tables live in.
    pub keyspace: String,
    /// The keyspace's replication map as CQL, used when the keyspace is
    /// created: `{'class': 'NetworkTopologyStrategy', 'replication_factor': 3}`.
    pub replication: String,
    /// User name and password, when the cluster asks for them.
    pub credentials: Option<(String, String)>,
    /// Consistency of every read and write (LWTs use the matching serial
    /// consistency: `LOCAL_SERIAL` for the `LOCAL_*` levels, `SERIAL` otherwise).
    pub consistency: Consistency,
    /// Requests in flight at once from this process; more wait their turn.
    pub max_in_flight: usize,
    /// How long one request may take before it fails.
    pub request_timeout: Duration,
    /// How long connecting to the cluster may take.
    pub connect_timeout: Duration,
    /// Whether opening the store applies missing schema migrations; when
    /// false, a schema older than this build is an error that says to run
    /// `trackgate store migrate`.
    pub migrate_on_open: bool,
    /// Worker threads of the adapter's own runtime.
    pub threads: usize,
    /// Entries of the audit log kept; older ones are dropped (in buckets
    /// of a thousand).
    pub audit_entries: u64,
}

impl Default for ScyllaOptions {
    fn default() -> Self {
        Self {
            contact_points: vec!["127.0.0.1:9042".to_owned()],
            keyspace: "trackgate".to_owned(),
            replication: "{'class': 'NetworkTopologyStrategy', 'replication_factor': 3}".to_owned(),
            credentials: None,
            consistency: Consistency::LocalQuorum,
            max_in_flight: 1024,
            request_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            migrate_on_open: false,
            threads: 2,
            audit_entries: 100_000,
        }
    }
}

/// Parses a consistency level as CQL spells it (`LOCAL_QUORUM`, `quorum`, `one`, ...).
pub fn parse_consistency(text: &str) -> Option<Consistency> {
    Some(match text.to_ascii_uppercase().as_str() {
        "ANY" => Consistency::Any,
        "ONE" => Consistency::One,
        "TWO" => Consistency::Two,
        "THREE" => Consistency::Three,
        "QUORUM" => Consistency::Quorum,
        "ALL" => Consistency::All,
        "LOCAL_QUORUM" => Consistency::LocalQuorum,
        "EACH_QUORUM" => Consistency::EachQuorum,
        "LOCAL_ONE" => Consistency::LocalOne,
        _ => return None,
    })
}

/// Whether `name` is a keyspace name CQL accepts unquoted (it is spliced
/// into statements, so nothing else is allowed).
pub fn valid_keyspace(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 48
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A cluster's address: where to connect and as whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterAddress {
    /// `host:port` of each contact point.
    pub contact_points: Vec<String>,
    /// User name and password, when given.
    pub credentials: Option<(String, String)>,
}

/// Reads a cluster address as `SCYLLA_URI` gives it:
/// `[scylla://][user:password@]host[:port][,host[:port]...]` (port 9042 when
/// left out); the contact points and the credentials.
pub fn parse_uri(uri: &str) -> Result<ClusterAddress, String> {
    let rest = uri
        .trim()
        .strip_prefix("scylla://")
        .or_else(|| uri.trim().strip_prefix("cassandra://"))
        .unwrap_or(uri.trim());
    let rest = rest.trim_end_matches('/');
    let (credentials, hosts) = match rest.rsplit_once('@') {
        Some((auth, hosts)) => {
            let (user, password) = auth
                .split_once(':')
                .ok_or_else(|| format!("{uri}: credentials are user:password"))?;
            (Some((user.to_owned(), password.to_owned())), hosts)
        }
        None => (None, rest),
    };
    let mut points = Vec::new();
    for host in hosts.split(',').map(str::trim).filter(|h| !h.is_empty()) {
        let has_port = match host.rsplit_once(':') {
            Some((_, port)) if !host.ends_with(']') => {
                port.parse::<u16>()
                    .map_err(|_| format!("{uri}: bad port in {host}"))?;
                true
            }
            _ => false,
        };
        points.push(if has_port {
            host.to_owned()
        } else {
            format!("{host}:9042")
        });
    }
    if points.is_empty() {
        return Err(format!("{uri:?} names no host"));
    }
    Ok(ClusterAddress {
        contact_points: points,
        credentials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(points: Vec<String>, credentials: Option<(String, String)>) -> ClusterAddress {
        ClusterAddress {
            contact_points: points,
            credentials,
        }
    }

    #[test]
    fn uris_give_contact_points_and_credentials() {
        assert_eq!(
            parse_uri("scylla://10.0.0.1,10.0.0.2:19042").unwrap(),
            address(
                vec!["10.0.0.1:9042".to_owned(), "10.0.0.2:19042".to_owned()],
                None
            )
        );
        assert_eq!(
            parse_uri("app:s3cr@t@db.example:9042").unwrap(),
            address(
                vec!["db.example:9042".to_owned()],
                Some(("app".to_owned(), "s3cr@t".to_owned()))
            )
        );
        assert!(parse_uri("scylla://").is_err());
        assert!(parse_uri("host:notaport").is_err());
        assert!(parse_uri("user@host").is_err());
    }

    #[test]
    fn consistency_names_parse_in_any_case() {
        assert_eq!(
            parse_consistency("local_quorum"),
            Some(Consistency::LocalQuorum)
        );
        assert_eq!(parse_consistency("QUORUM"), Some(Consistency::Quorum));
        assert_eq!(
            parse_consistency("each_quorum"),
            Some(Consistency::EachQuorum)
        );
        assert_eq!(parse_consistency("most"), None);
    }

    #[test]
    fn keyspace_names_that_could_inject_are_refused() {
        assert!(valid_keyspace("trackgate"));
        assert!(valid_keyspace("tg_contract_42"));
        assert!(!valid_keyspace("1abc"));
        assert!(!valid_keyspace("a; DROP KEYSPACE x"));
        assert!(!valid_keyspace(""));
        assert!(!valid_keyspace(&"a".repeat(49)));
    }
}

//! The Server API key: configured, or generated once and kept in the data dir.

use std::io::Write;
use std::path::Path;

/// Where the key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// From the configuration (file or `TRACKGATE_SERVER_KEY`).
    Configured,
    /// Read from `server.key` in the data dir.
    Stored,
    /// Generated now and written to `server.key`; shown to the operator once.
    Generated,
}

/// Name of the key file inside the data dir.
pub const KEY_FILE: &str = "server.key";

/// The key to use, and where it came from.
pub fn server_key(
    configured: Option<&str>,
    data_dir: &Path,
) -> std::io::Result<(String, KeySource)> {
    if let Some(configured) = configured {
        return Ok((configured.to_owned(), KeySource::Configured));
    }
    let path = data_dir.join(KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => {
            return Ok((text.trim().to_owned(), KeySource::Stored));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let key = trackgate_api::random_token().to_ascii_uppercase();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path)?;
    file.write_all(key.as_bytes())?;
    file.sync_all()?;
    Ok((key, KeySource::Generated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_stored_and_configured_wins() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (first, source) = server_key(None, dir.path()).expect("generate");
        assert_eq!(source, KeySource::Generated);
        assert_eq!(first.len(), 32);
        let (second, source) = server_key(None, dir.path()).expect("read");
        assert_eq!(
            (second.as_str(), source),
            (first.as_str(), KeySource::Stored)
        );
        let (third, source) = server_key(Some("MYKEY"), dir.path()).expect("configured");
        assert_eq!((third.as_str(), source), ("MYKEY", KeySource::Configured));
    }
}

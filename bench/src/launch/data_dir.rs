//! The gateway's data directory for a run: a temporary one, removed
//! afterwards, or one the caller names, which must be empty and is kept.

use std::path::{Path, PathBuf};

/// Why a data directory cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("data directory {path}: {reason}")]
pub struct DataDirError {
    /// The directory.
    pub path: PathBuf,
    /// What is wrong with it.
    pub reason: String,
}

/// A run's data directory.
#[derive(Debug)]
pub enum DataDir {
    /// Made for the run, removed when dropped.
    Temp(tempfile::TempDir),
    /// Given by the caller, kept.
    Given(PathBuf),
}

impl DataDir {
    /// A new temporary directory named `prefix…`, or `given` if it is empty
    /// or absent (then it is created).
    pub fn prepare(given: Option<&Path>, prefix: &str) -> Result<Self, DataDirError> {
        let refuse = |path: &Path, reason: String| DataDirError {
            path: path.to_path_buf(),
            reason,
        };
        let Some(path) = given else {
            return tempfile::Builder::new()
                .prefix(prefix)
                .tempdir()
                .map(Self::Temp)
                .map_err(|e| refuse(&std::env::temp_dir(), e.to_string()));
        };
        match std::fs::read_dir(path).map(|mut entries| entries.next().is_none()) {
            Ok(true) => {}
            Ok(false) => return Err(refuse(path, "must be empty or not exist".into())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(path).map_err(|e| refuse(path, e.to_string()))?;
            }
            Err(e) => return Err(refuse(path, e.to_string())),
        }
        Ok(Self::Given(path.to_path_buf()))
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        match self {
            Self::Temp(dir) => dir.path(),
            Self::Given(path) => path,
        }
    }

    /// Whether it stays after the run.
    pub fn kept(&self) -> bool {
        matches!(self, Self::Given(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_directory_must_be_empty_and_is_kept() {
        let parent = tempfile::tempdir().unwrap();
        let fresh = parent.path().join("new");
        let dir = DataDir::prepare(Some(&fresh), "x-").unwrap();
        assert!(dir.kept() && fresh.is_dir());
        std::fs::write(fresh.join("file"), "x").unwrap();
        assert!(DataDir::prepare(Some(&fresh), "x-").is_err());

        let temp = DataDir::prepare(None, "trackgate-test-").unwrap();
        let path = temp.path().to_path_buf();
        assert!(!temp.kept() && path.is_dir());
        drop(temp);
        assert!(!path.exists());
    }
}

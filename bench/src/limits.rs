//! The simulator's own open-file limit.
//!
//! Every simulated device holds a socket, so a large run needs more file
//! descriptors than the usual soft limit of 1,024. The soft limit may be
//! raised to the hard limit without privileges, so a run does that first and
//! reports what it got.

use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};

/// The open-file limit before and after raising it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NofileLimit {
    /// The soft limit found at start (`None` = unlimited).
    pub before: Option<u64>,
    /// The soft limit now in force.
    pub now: Option<u64>,
}

/// Raises the RLIMIT_NOFILE soft limit to the hard limit.
pub fn raise_nofile() -> std::io::Result<NofileLimit> {
    let limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        setrlimit(
            Resource::Nofile,
            Rlimit {
                current: limit.maximum,
                maximum: limit.maximum,
            },
        )?;
    }
    Ok(NofileLimit {
        before: limit.current,
        now: getrlimit(Resource::Nofile).current,
    })
}

//! Password hashing and verification, a bounded number at a time.
//!
//! Argon2id is slow and memory-hard on purpose: with trackgate's
//! parameters ([`ARGON2_MEMORY_KIB`], [`ARGON2_ITERATIONS`],
//! [`ARGON2_LANES`]) one hash or verification holds 19 MiB and takes
//! tens of milliseconds of a core. Run unbounded on the blocking pool, a
//! few dozen concurrent logins took gigabytes, which the allocator then
//! kept. So every hash and verification of the process goes through one
//! [`Passwords`]: a fixed set of threads of its own (`at_once`, one per
//! core by default), fed by a queue of at most `waiting` requests. A
//! request beyond that is refused at once ([`PasswordError::Busy`], which
//! the User API answers with code 15) instead of waiting without bound.
//!
//! Threads of its own rather than a semaphore in front of the blocking
//! pool: each keeps one working memory for every hash it runs (`argon`),
//! so the memory is `at_once` times 19 MiB, whatever the load, where a
//! hash allocating afresh on any of the pool's many threads left the
//! allocator holding far more.
//!
//! Verification reads the parameters from the stored PHC string, so a
//! hash made with other parameters keeps verifying. A user without a
//! password (or an unknown login) is verified against [`DUMMY_HASH`], so
//! every `user/auth` runs exactly one verification and the answer's timing
//! does not tell whether the login exists.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};

use argon2::Params;
use tokio::sync::oneshot;

use super::argon::Hasher;

/// Argon2 memory cost, KiB: 19 MiB, the minimum OWASP's password storage
/// guidance gives for Argon2id (with 2 iterations and 1 lane).
pub const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
/// Argon2 iterations (time cost).
pub const ARGON2_ITERATIONS: u32 = 2;
/// Argon2 lanes (parallelism): one, so one hash is one core's work.
pub const ARGON2_LANES: u32 = 1;

/// A PHC string with trackgate's parameters, verified in place of a
/// missing one so that an unknown login costs what a known one does. Its
/// salt spells `trackgate-dummy` and its output was picked at random, not
/// computed, so no password is known to match it (and a match would
/// still be refused).
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$dHJhY2tnYXRlLWR1bW15$3o1L0jkbJlqzL4uG7mNRiNV8d3b1nzNpVzjOV/SyJNo";

/// Why a password could not be hashed or verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Every hashing thread is busy and the queue is full: try later.
    #[error("too many password hashes waiting")]
    Busy,
    /// Hashing failed (the system's randomness, or the pool is gone).
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// How many hashes run at once and how many may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordSettings {
    /// Hashes and verifications running at once (threads); at least 1.
    pub at_once: usize,
    /// Requests that may wait for a thread; beyond them, [`PasswordError::Busy`].
    pub waiting: usize,
}

impl Default for PasswordSettings {
    /// One thread per core, 64 waiting.
    fn default() -> Self {
        Self {
            at_once: std::thread::available_parallelism().map_or(1, |n| n.get()),
            waiting: 64,
        }
    }
}

/// Where a job's answer goes: an async caller or a blocking one.
enum ReplyTo<T> {
    Async(oneshot::Sender<T>),
    Blocking(SyncSender<T>),
}

impl<T> ReplyTo<T> {
    /// Whether the caller stopped waiting (its request was dropped).
    fn abandoned(&self) -> bool {
        match self {
            Self::Async(sender) => sender.is_closed(),
            Self::Blocking(_) => false,
        }
    }

    fn send(self, value: T) {
        // A caller that stopped waiting does not need the answer.
        let _ = match self {
            Self::Async(sender) => sender.send(value).ok(),
            Self::Blocking(sender) => sender.send(value).ok(),
        };
    }
}

enum Job {
    Hash {
        password: String,
        reply: ReplyTo<Result<String, PasswordError>>,
    },
    Verify {
        stored: Option<String>,
        password: String,
        reply: ReplyTo<bool>,
    },
}

/// The process's password hashing; see the module docs. Cheap to share
/// behind the `ApiState`; dropping it lets its threads finish and exit.
pub struct Passwords {
    jobs: SyncSender<Job>,
    settings: PasswordSettings,
    counts: Arc<Counts>,
}

/// What the threads have done, for tests and the curious.
#[derive(Debug, Default)]
struct Counts {
    /// Argon2 computations started.
    runs: AtomicU64,
    /// Computations running now.
    running: AtomicU64,
    /// The most that ever ran at once.
    peak: AtomicU64,
}

impl Counts {
    /// Runs `work` as one counted computation.
    fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        self.runs.fetch_add(1, Ordering::Relaxed);
        let now = self.running.fetch_add(1, Ordering::AcqRel) + 1;
        self.peak.fetch_max(now, Ordering::AcqRel);
        let out = work();
        self.running.fetch_sub(1, Ordering::AcqRel);
        out
    }
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords")
            .field("settings", &self.settings)
            .field("runs", &self.runs())
            .field("peak", &self.peak())
            .finish_non_exhaustive()
    }
}

impl Default for Passwords {
    fn default() -> Self {
        Self::new(PasswordSettings::default())
    }
}

impl Passwords {
    /// Starts `settings.at_once` hashing threads.
    pub fn new(settings: PasswordSettings) -> Self {
        Self::with_params(settings, argon2_params())
    }

    /// As [`Self::new`], hashing with other Argon2 parameters: for tests
    /// that need many hashes and not their cost.
    #[cfg(test)]
    pub(crate) fn cheap(settings: PasswordSettings) -> Self {
        Self::with_params(
            settings,
            Params::new(Params::MIN_M_COST, 1, 1, None).unwrap_or(Params::DEFAULT),
        )
    }

    fn with_params(settings: PasswordSettings, params: Params) -> Self {
        let settings = PasswordSettings {
            at_once: settings.at_once.max(1),
            ..settings
        };
        let (jobs, queue) = mpsc::sync_channel(settings.waiting);
        let queue = Arc::new(Mutex::new(queue));
        let counts = Arc::new(Counts::default());
        for n in 0..settings.at_once {
            let (queue, counts, params) = (queue.clone(), counts.clone(), params.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || work(&queue, &counts, params));
            if let Err(error) = spawned {
                // The threads that did start serve the queue; with none,
                // every request fails rather than hangs (see `submit`).
                tracing::error!(%error, "cannot start a password hashing thread");
            }
        }
        Self {
            jobs,
            settings,
            counts,
        }
    }

    /// How many hashes run at once and may wait.
    pub fn settings(&self) -> PasswordSettings {
        self.settings
    }

    /// Argon2 computations run so far (hashes and verifications, the
    /// dummy ones included).
    pub fn runs(&self) -> u64 {
        self.counts.runs.load(Ordering::Relaxed)
    }

    /// The most Argon2 computations that ever ran at once.
    pub fn peak(&self) -> u64 {
        self.counts.peak.load(Ordering::Acquire)
    }

    /// A PHC string of `password` with a fresh salt.
    pub async fn hash(&self, password: &str) -> Result<String, PasswordError> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Hash {
            password: password.to_owned(),
            reply: ReplyTo::Async(reply),
        })?;
        answer.await.map_err(|_| gone())?
    }

    /// [`Self::hash`] for a caller on a blocking thread.
    pub fn hash_blocking(&self, password: &str) -> Result<String, PasswordError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.submit(Job::Hash {
            password: password.to_owned(),
            reply: ReplyTo::Blocking(reply),
        })?;
        answer.recv().map_err(|_| gone())?
    }

    /// Whether `password` matches `stored` (a PHC string). With no stored
    /// hash (`None` or empty: an unknown login, a user without a password)
    /// the answer is `false` after the same one verification, against
    /// [`DUMMY_HASH`].
    pub async fn verify(
        &self,
        stored: Option<&str>,
        password: &str,
    ) -> Result<bool, PasswordError> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Verify {
            stored: stored.filter(|s| !s.is_empty()).map(str::to_owned),
            password: password.to_owned(),
            reply: ReplyTo::Async(reply),
        })?;
        answer.await.map_err(|_| gone())
    }

    /// [`Self::verify`] for a caller on a blocking thread.
    pub fn verify_blocking(
        &self,
        stored: Option<&str>,
        password: &str,
    ) -> Result<bool, PasswordError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.submit(Job::Verify {
            stored: stored.filter(|s| !s.is_empty()).map(str::to_owned),
            password: password.to_owned(),
            reply: ReplyTo::Blocking(reply),
        })?;
        answer.recv().map_err(|_| gone())
    }

    fn submit(&self, job: Job) -> Result<(), PasswordError> {
        self.jobs.try_send(job).map_err(|error| match error {
            TrySendError::Full(_) => PasswordError::Busy,
            TrySendError::Disconnected(_) => gone(),
        })
    }
}

fn gone() -> PasswordError {
    PasswordError::Failed("no password hashing thread is running".into())
}

/// trackgate's Argon2 parameters.
pub fn argon2_params() -> Params {
    Params::new(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_LANES, None).unwrap_or(Params::DEFAULT)
}

/// One hashing thread: takes jobs until the [`Passwords`] is dropped.
fn work(queue: &Mutex<Receiver<Job>>, counts: &Counts, params: Params) {
    let mut hasher = Hasher::new(params);
    loop {
        // Hold the lock only while taking a job, so the others can take
        // the next one meanwhile.
        let job = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = job else { return };
        match job {
            Job::Hash { password, reply } => {
                if reply.abandoned() {
                    continue;
                }
                let hashed = counts.run(|| hasher.hash(&password));
                reply.send(hashed.map_err(PasswordError::Failed));
            }
            Job::Verify {
                stored,
                password,
                reply,
            } => {
                if reply.abandoned() {
                    continue;
                }
                reply.send(counts.run(|| hasher.verify(stored.as_deref(), &password)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::PasswordHasher;
    use argon2::{Algorithm, Argon2, Version};

    use super::*;

    #[test]
    fn parameters_are_explicit_and_the_dummy_has_them() {
        let params = argon2_params();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (19 * 1024, 2, 1)
        );
        let dummy =
            argon2::password_hash::phc::PasswordHash::new(DUMMY_HASH).expect("a PHC string");
        assert_eq!(dummy.algorithm.as_str(), "argon2id");
        let of_dummy = Params::try_from(&dummy).expect("params");
        assert_eq!(
            (of_dummy.m_cost(), of_dummy.t_cost(), of_dummy.p_cost()),
            (params.m_cost(), params.t_cost(), params.p_cost())
        );
        assert_eq!(dummy.hash.map(|h| h.len()), Some(32));
    }

    #[actix_rt::test]
    async fn hashes_verify_and_old_parameters_still_do() {
        let passwords = Passwords::cheap(PasswordSettings {
            at_once: 1,
            waiting: 4,
        });
        let hash = passwords.hash("s3cret-pass").await.expect("hash");
        assert!(
            passwords
                .verify(Some(&hash), "s3cret-pass")
                .await
                .expect("verify")
        );
        assert!(
            !passwords
                .verify(Some(&hash), "wrong")
                .await
                .expect("verify")
        );
        // Made by `Argon2::default()` of an earlier version (which had
        // the same parameters), or with other ones: each verifies with its own.
        let old = Argon2::default()
            .hash_password(b"old-pass")
            .expect("hash")
            .to_string();
        assert!(
            passwords
                .verify(Some(&old), "old-pass")
                .await
                .expect("verify")
        );
        let other = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x13,
            Params::new(8, 1, 1, None).expect("params"),
        )
        .hash_password(b"other-pass")
        .expect("hash")
        .to_string();
        assert!(
            passwords
                .verify(Some(&other), "other-pass")
                .await
                .expect("verify")
        );
        // Nothing stored, or nothing readable: false, after one verification each.
        let before = passwords.runs();
        for stored in [None, Some(""), Some("not a hash")] {
            assert!(!passwords.verify(stored, "anything").await.expect("verify"));
        }
        assert_eq!(passwords.runs(), before + 3);
        // From a blocking thread, as the Server API hashes.
        let blocking = std::thread::scope(|s| s.spawn(|| passwords.hash_blocking("x")).join());
        let blocking = blocking.expect("thread").expect("hash");
        assert!(
            passwords
                .verify(Some(&blocking), "x")
                .await
                .expect("verify")
        );
    }

    #[actix_rt::test]
    async fn no_more_run_at_once_than_allowed_and_the_queue_is_bounded() {
        let passwords = Passwords::new(PasswordSettings {
            at_once: 2,
            waiting: 2,
        });
        let hash = passwords.hash("s3cret-pass").await.expect("hash");
        let answers =
            futures_util::future::join_all((0..12).map(|_| passwords.verify(Some(&hash), "wrong")))
                .await;
        let busy = answers
            .iter()
            .filter(|a| **a == Err(PasswordError::Busy))
            .count();
        assert!(busy >= 8, "2 running and 2 waiting at most, {busy} refused");
        assert!(
            answers
                .iter()
                .all(|a| matches!(a, Ok(false) | Err(PasswordError::Busy)))
        );
        assert!(
            (1..=2).contains(&passwords.peak()),
            "peak {}",
            passwords.peak()
        );
    }
}

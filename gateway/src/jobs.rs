//! The gateway's background jobs, started once with the listeners and
//! stopped with them: closing the connections of trackers whose service
//! ends, deleting the sessions that ended, billing plan renewals, and
//! giving memory back after a burst of connections.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use trackgate_actors::registry::Registry;
use trackgate_store::Store;

use crate::Config;

/// How often trackers whose service ended are looked for, to close their
/// connections: the most an expired device stays connected.
const EXPIRY_SWEEP_EVERY: Duration = Duration::from_secs(1);
/// How often the sessions that ended are deleted from the store.
const SESSION_SWEEP_EVERY: Duration = Duration::from_secs(600);

/// Starts every job on the current actix runtime, each until `stop`
/// turns true.
pub fn spawn(
    store: &Arc<dyn Store>,
    registry: &Arc<Registry>,
    config: &Config,
    stop: &watch::Receiver<bool>,
) {
    // Connections of trackers whose service ends are closed as it ends.
    trackgate_actors::expiry::spawn(
        store.clone(),
        registry.clone(),
        EXPIRY_SWEEP_EVERY,
        stop.clone(),
    );
    // Sessions that ended leave the store.
    trackgate_actors::ended_sessions::spawn(store.clone(), SESSION_SWEEP_EVERY, stop.clone());
    // Accounts on priced plans pay each period; unpaid ones are suspended.
    trackgate_actors::renewals::spawn(
        store.clone(),
        registry.clone(),
        config.renewals.every(),
        config.renewals.clock(),
        stop.clone(),
    );
    // A storm of logins leaves freed memory behind; it goes back once the
    // storm has gone.
    crate::memory::spawn(registry.clone(), crate::memory::CHECK_EVERY, stop.clone());
}

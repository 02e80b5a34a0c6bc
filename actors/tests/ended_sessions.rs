//! The session sweep on a real store, started as the gateway starts it:
//! the sessions of both APIs that ended leave the store on the first
//! tick, and live ones stay.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use trackgate_actors::{ended_sessions, now_ms};
use trackgate_store::*;

#[actix_rt::test]
async fn ended_sessions_leave_the_store_and_live_ones_stay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(EmbeddedStore::open(dir.path()).expect("store"));
    let user = store
        .create_user(NewUser {
            login: "sweep@example.com".into(),
            password_hash: String::new(),
            created_ms: 1,
        })
        .expect("user");
    let admin = store
        .create_panel_admin(NewPanelAdmin {
            login: "sweep-admin".into(),
            password_hash: String::new(),
            email: "sweep-admin@example.com".into(),
            dealer: None,
            permissions: BTreeSet::new(),
            created_ms: 1,
        })
        .expect("administrator");
    let now = now_ms();
    let session = |tag: &str, expires_ms| Session {
        digest: SecretDigest::of(tag),
        user: user.id,
        created_ms: now - 10_000,
        expires_ms,
    };
    let (ended, live) = (session("ended", now - 1), session("live", now + 3_600_000));
    store.put_session(&ended).expect("put");
    store.put_session(&live).expect("put");
    let panel = PanelSession {
        digest: SecretDigest::of("panel-ended"),
        admin: admin.id,
        created_ms: now - 10_000,
        expires_ms: now - 1,
        last_used_ms: now - 10_000,
    };
    store.put_panel_session(&panel).expect("put");

    let (stop, stopped) = watch::channel(false);
    ended_sessions::spawn(store.clone(), Duration::from_secs(3_600), stopped);
    let deadline = Instant::now() + Duration::from_secs(10);
    while store.session(&ended.digest).expect("read").is_some()
        || store.panel_session(&panel.digest).expect("read").is_some()
    {
        assert!(Instant::now() < deadline, "the first tick sweeps at once");
        actix_rt::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(store.session(&live.digest).expect("read"), Some(live));
    stop.send(true).expect("stop");
}

//! Contract: Panel API sessions, kept apart from User API sessions and by
//! the digest of their hash only.

use std::collections::BTreeSet;

use super::{expect_err, ok};
use crate::model::{Session, UserId};
use crate::panel_model::*;
use crate::ports::Store;
use crate::secret::SecretDigest;

/// A panel administrator with no permissions, logged in as `login`.
#[track_caller]
fn new_admin(store: &dyn Store, login: &str) -> PanelAdmin {
    ok(
        store.create_panel_admin(NewPanelAdmin {
            login: login.into(),
            password_hash: String::new(),
            email: format!("{login}@example.com"),
            dealer: None,
            permissions: BTreeSet::new(),
            created_ms: 7,
        }),
        "create_panel_admin",
    )
}

fn session(hash: &str, admin: PanelAdminId) -> PanelSession {
    PanelSession {
        digest: SecretDigest::of(hash),
        admin,
        created_ms: 1_700_000_000_000,
        expires_ms: 1_700_086_400_000,
        last_used_ms: 1_700_000_000_000,
    }
}

/// A session is found by the digest of its hash, updated in place, and
/// deleted; a session of an administrator that does not exist is refused.
pub fn panel_sessions_are_put_read_deleted(store: &dyn Store) {
    let admin = new_admin(store, "contract-panel-session");
    let first = session("contract-panel-hash-1", admin.id);
    ok(store.put_panel_session(&first), "put_panel_session");
    let digest = SecretDigest::of("contract-panel-hash-1");
    assert_eq!(
        ok(store.panel_session(&digest), "panel_session"),
        Some(first.clone())
    );
    let touched = PanelSession {
        last_used_ms: first.last_used_ms + 60_000,
        ..first
    };
    ok(store.put_panel_session(&touched), "put_panel_session again");
    assert_eq!(
        ok(store.panel_session(&digest), "panel_session"),
        Some(touched)
    );
    assert!(ok(store.delete_panel_session(&digest), "delete"));
    assert!(!ok(store.delete_panel_session(&digest), "delete again"));
    assert_eq!(ok(store.panel_session(&digest), "panel_session"), None);
    expect_err(
        store.put_panel_session(&session("contract-panel-orphan", PanelAdminId(u64::MAX))),
        "NotFound",
        "a session of no administrator",
    );
}

/// A Panel session is not a User API session and the other way round,
/// even with the same digest; deleting an administrator ends its sessions.
pub fn panel_sessions_are_apart_and_end_with_their_admin(store: &dyn Store) {
    let admin = new_admin(store, "contract-panel-apart");
    let panel = session("contract-panel-apart-hash", admin.id);
    ok(store.put_panel_session(&panel), "put_panel_session");
    assert_eq!(
        ok(store.session(&panel.digest), "session"),
        None,
        "a panel hash is no user session"
    );
    let user_session = Session {
        digest: SecretDigest::of("contract-user-not-panel"),
        user: UserId(u64::MAX),
        created_ms: 1,
        expires_ms: 2,
    };
    ok(store.put_session(&user_session), "put_session");
    assert_eq!(
        ok(store.panel_session(&user_session.digest), "panel_session"),
        None,
        "a user hash is no panel session"
    );
    ok(store.delete_session(&user_session.digest), "delete_session");
    let second = session("contract-panel-apart-hash-2", admin.id);
    ok(store.put_panel_session(&second), "put_panel_session");
    assert!(ok(store.delete_panel_admin(admin.id), "delete_panel_admin"));
    for gone in [&panel, &second] {
        assert_eq!(
            ok(store.panel_session(&gone.digest), "panel_session"),
            None,
            "sessions end with their administrator"
        );
    }
}

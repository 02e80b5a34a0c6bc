//! Contract: the sessions that ended are deleted by a sweep, User API and
//! Panel API alike, and nothing else is.
//!
//! The case's sessions end long before the epoch, so its sweeps reach no
//! session another case made.

use std::collections::BTreeSet;

use super::access::session;
use super::{new_user, ok};
use crate::model::Session;
use crate::panel_model::*;
use crate::ports::Store;
use crate::secret::SecretDigest;

/// Far before any other case's times.
const T: i64 = i64::MIN / 2;

/// Sessions that ended are swept (an expiry equal to the sweep's time has
/// ended), sessions renewed past the sweep stay, a deleted user's sessions
/// leave nothing behind that breaks a sweep, and a sweep of one API's
/// sessions leaves the other's.
pub fn ended_sessions_are_swept_and_live_ones_kept(store: &dyn Store) {
    let user = new_user(store, "contract-sweep@example.com");
    let gone = new_user(store, "contract-sweep-gone@example.com");
    let ends_first = session(0x5ee9_0001, user.id, T + 10_000);
    let renewed = session(0x5ee9_0002, user.id, T + 20_000);
    let ends_later = session(0x5ee9_0003, user.id, T + 50_000);
    let of_gone = session(0x5ee9_0004, gone.id, T + 15_000);
    for s in [&ends_first, &renewed, &ends_later, &of_gone] {
        ok(store.put_session(s), "put_session");
    }
    let renewed = Session {
        expires_ms: T + 90_000,
        ..renewed
    };
    ok(store.put_session(&renewed), "renew");
    ok(store.delete_user(gone.id), "delete_user");
    let admin = ok(
        store.create_panel_admin(NewPanelAdmin {
            login: "contract-sweep-admin".into(),
            password_hash: String::new(),
            email: "contract-sweep-admin@example.com".into(),
            dealer: None,
            permissions: BTreeSet::new(),
            created_ms: 7,
        }),
        "create_panel_admin",
    );
    let panel = |tag: &str, expires_ms: i64| PanelSession {
        digest: SecretDigest::of(tag),
        admin: admin.id,
        created_ms: T,
        expires_ms,
        last_used_ms: T,
    };
    let panel_first = panel("contract-sweep-p1", T + 30_000);
    let panel_later = panel("contract-sweep-p2", T + 60_000);
    ok(store.put_panel_session(&panel_first), "put_panel_session");
    ok(store.put_panel_session(&panel_later), "put_panel_session");

    let present = |s: &Session| ok(store.session(&s.digest), "session").is_some();
    assert_eq!(
        ok(store.sweep_sessions(T + 9_999), "sweep"),
        0,
        "none ended yet"
    );
    assert!(present(&ends_first));
    assert_eq!(
        ok(store.sweep_sessions(T + 20_000), "sweep"),
        1,
        "only the first ended: the renewed one's old expiry and the deleted user's entry count for nothing"
    );
    assert!(!present(&ends_first) && present(&renewed) && present(&ends_later));
    assert_eq!(ok(store.sweep_sessions(T + 20_000), "sweep again"), 0);

    assert_eq!(ok(store.sweep_panel_sessions(T + 30_000), "panel sweep"), 1);
    assert_eq!(
        ok(store.panel_session(&panel_first.digest), "panel_session"),
        None
    );
    assert!(ok(store.panel_session(&panel_later.digest), "panel_session").is_some());
    assert!(present(&ends_later), "a panel sweep leaves user sessions");

    assert_eq!(ok(store.sweep_sessions(T + 90_000), "sweep"), 2);
    assert!(!present(&renewed) && !present(&ends_later));
    assert_eq!(ok(store.sweep_panel_sessions(T + 60_000), "panel sweep"), 1);
}

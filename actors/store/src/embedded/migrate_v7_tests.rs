//! A format 6 store opens as format 7 with its sessions indexed by their
//! expiry: the ones that ended before the migration are swept like any.

use std::collections::BTreeSet;

use super::migrate::CURRENT_VERSION;
use super::*;
use crate::model::*;
use crate::panel_model::*;
use crate::panel_ports::{PanelAdminStore, PanelSessionStore};
use crate::ports::AccountStore;
use crate::secret::SecretDigest;

#[test]
fn a_format_6_stores_sessions_are_swept_after_it_opens_as_format_7() {
    let dir = tempfile::tempdir().unwrap();
    let (ended, live, panel_ended) = {
        let store = EmbeddedStore::open(dir.path()).unwrap();
        let user = store
            .create_user(NewUser {
                login: "six@example.com".into(),
                password_hash: String::new(),
                created_ms: 1,
            })
            .unwrap();
        let admin = store
            .create_panel_admin(NewPanelAdmin {
                login: "six-admin".into(),
                password_hash: String::new(),
                email: "six-admin@example.com".into(),
                dealer: None,
                permissions: BTreeSet::new(),
                created_ms: 1,
            })
            .unwrap();
        let session = |tag: &str, expires_ms| Session {
            digest: SecretDigest::of(tag),
            user: user.id,
            created_ms: 1,
            expires_ms,
        };
        let (ended, live) = (session("six-ended", 1_000), session("six-live", 9_000));
        store.put_session(&ended).unwrap();
        store.put_session(&live).unwrap();
        let panel_ended = PanelSession {
            digest: SecretDigest::of("six-panel"),
            admin: admin.id,
            created_ms: 1,
            expires_ms: 2_000,
            last_used_ms: 1,
        };
        store.put_panel_session(&panel_ended).unwrap();
        // What format 6 wrote is this, less the expiry indexes.
        let mut batch = store.durable_batch();
        for index in [&store.ks.session_expiries, &store.ks.panel_session_expiries] {
            for guard in index.iter() {
                batch.remove(index, guard.key().unwrap());
            }
        }
        store.write_format_version(&mut batch, 6).unwrap();
        batch.commit().unwrap();
        assert!(store.ks.session_expiries.is_empty().unwrap());
        (ended, live, panel_ended)
    };
    let store = EmbeddedStore::open(dir.path()).unwrap();
    assert_eq!(store.format_version().unwrap(), CURRENT_VERSION);
    const { assert!(CURRENT_VERSION >= 7) };
    assert_eq!(store.session(&ended.digest).unwrap(), Some(ended.clone()));
    assert_eq!(store.sweep_sessions(5_000).unwrap(), 1);
    assert_eq!(store.session(&ended.digest).unwrap(), None);
    assert_eq!(store.session(&live.digest).unwrap(), Some(live));
    assert_eq!(store.sweep_panel_sessions(5_000).unwrap(), 1);
    assert_eq!(store.panel_session(&panel_ended.digest).unwrap(), None);
}

//! Every tracker-scoped call answers 208 for a blocked tracker, 201 for
//! another user's, and 7 naming `tracker_id` for a malformed id: the User
//! API served in-process over an embedded store.

use std::sync::Arc;
use std::time::Duration;

use actix_web::{App, test, web};
use serde_json::{Value, json};
use trackgate_actors::registry::Registry;
use trackgate_store::{
    AccountStore, ApiKey, EmbeddedStore, NewTracker, NewUser, SecretDigest, Store, TrackerId,
};

use crate::server::access::{AllowList, ServerAccess};
use crate::{ApiState, UserKeys, configure};

/// Every call that takes a `tracker_id`.
const TRACKER_CALLS: &[&str] = &[
    "tracker/get",
    "tracker/read",
    "tracker/get_last_gps_point",
    "tracker/get_state",
    "tracker/change_phone",
    "tracker/get_diagnostics",
    "tracker/get_fuel",
    "tracker/get_readings",
    "tracker/get_inputs",
    "track/read",
    "tracker/raw_command",
    "tracker/raw_command/send",
    "tracker/output/set",
    "tracker/location_request",
    "tracker/send_command",
    "tracker/command/list",
    "tracker/command/cancel",
    "tracker/tags/set",
    "tracker/register_retry",
    "tracker/replace",
    "tracker/replace_quick",
    "tracker/corrupt",
    "tracker/delete",
];

/// A user with an API key, one tracker of its own, one blocked, and
/// another user's tracker, over an embedded store in a temporary directory.
pub(super) struct Fixture {
    _dir: tempfile::TempDir,
    pub(super) state: web::Data<ApiState>,
    pub(super) key: String,
    pub(super) mine: TrackerId,
    blocked: TrackerId,
    others: TrackerId,
}

pub(super) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = EmbeddedStore::open(dir.path()).expect("store");
    let user = |login: &str| {
        store
            .create_user(NewUser {
                login: login.into(),
                password_hash: String::new(),
                created_ms: 0,
            })
            .expect("user")
    };
    let (me, someone) = (user("me@example.com"), user("other@example.com"));
    let tracker = |imei: &str, owner| {
        store
            .create_tracker(NewTracker {
                device_id: imei.into(),
                label: imei.into(),
                model: String::new(),
                owner: Some(owner),
                created_ms: 0,
            })
            .expect("tracker")
    };
    let mut blocked = tracker("111", me.id);
    blocked.blocked = true;
    store.update_tracker(&blocked).expect("block");
    let others = tracker("222", someone.id);
    let mine = tracker("333", me.id);
    let key = "0123456789abcdef0123456789abcdef".to_owned();
    store
        .put_api_key(&ApiKey {
            digest: SecretDigest::of(&key),
            user: me.id,
            created_ms: 0,
            title: "test".into(),
        })
        .expect("key");
    let store: Arc<dyn Store> = Arc::new(store);
    let registry = Arc::new(Registry::new());
    let state = web::Data::new(ApiState {
        store,
        registry: registry.clone(),
        cluster: trackgate_cluster::Cluster::single(registry),
        server: ServerAccess::new(
            SecretDigest::of(&"k".repeat(32)),
            AllowList::parse(&["127.0.0.1"]).expect("allow list"),
            UserKeys::random(),
        ),
        auth: Default::default(),
        session_ttl: Duration::from_secs(60),
        sms: Default::default(),
        registration: Default::default(),
        status: Default::default(),
        device_slots: Arc::new(trackgate_actors::slots::DeviceSlots::unbounded()),
        mail: Default::default(),
        renewals: Default::default(),
        panel: crate::panel::PanelSettings::default(),
    });
    Fixture {
        _dir: dir,
        state,
        key,
        mine: mine.id,
        blocked: blocked.id,
        others: others.id,
    }
}

/// The status code of `call` with `body`, through `app`.
macro_rules! code {
    ($app:expr, $call:expr, $body:expr) => {{
        let request = test::TestRequest::post()
            .uri(&format!("/v2/{}", $call))
            .set_json($body)
            .to_request();
        let answer: Value = test::call_and_read_body_json($app, request).await;
        answer["status"]["code"].clone()
    }};
}

#[actix_web::test]
async fn tracker_calls_refuse_blocked_foreign_and_malformed_trackers() {
    let fixture = fixture();
    let app = test::init_service(
        App::new()
            .app_data(fixture.state.clone())
            .configure(configure),
    )
    .await;
    for call in TRACKER_CALLS {
        let ask = |tracker: Value| json!({ "hash": fixture.key, "tracker_id": tracker });
        assert_eq!(
            code!(&app, call, ask(json!(fixture.blocked.0))),
            208,
            "{call}"
        );
        assert_eq!(
            code!(&app, call, ask(json!(fixture.others.0))),
            201,
            "{call}"
        );
        assert_eq!(code!(&app, call, ask(json!("x1"))), 7, "{call}");
    }
    let states = json!({ "hash": fixture.key, "trackers": [fixture.blocked.0] });
    assert_eq!(code!(&app, "tracker/get_states", states), 208);
}

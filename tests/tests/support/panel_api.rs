//! Panel API helpers: administrators and dealers written into the store
//! before the gateway opens it (the Panel API has no call that makes
//! them, and the tests need permission sets no Server API group has),
//! and calls with their answers.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Value, json};
use trackgate_api::auth::Passwords;
use trackgate_store::{
    DealerId, DealerStore, EmbeddedStore, NewDealer, NewPanelAdmin, PanelAdminStore,
    PanelPermission,
};
use trackgate_tests::http;

use super::Running;

/// Every seeded administrator's password.
pub const PASSWORD: &str = "panel-secret-1";

/// The store of a gateway that will start over `data_dir`, opened for
/// `seed` and closed again before the gateway opens it.
pub fn seed<T>(data_dir: &Path, seed: impl FnOnce(&EmbeddedStore) -> T) -> T {
    let store = EmbeddedStore::open(&data_dir.join("store")).expect("open the store");
    seed(&store)
}

/// A dealer named `name`.
pub fn dealer(store: &EmbeddedStore, name: &str) -> DealerId {
    store
        .create_dealer(NewDealer {
            name: name.into(),
            credits: 10,
            use_credits: false,
            tracker_limit: Some(50),
            parent: None,
            created_ms: 1_700_000_000_000,
        })
        .expect("dealer")
        .id
}

/// Every seed 002 permission.
pub fn all() -> BTreeSet<PanelPermission> {
    PanelPermission::ALL.iter().copied().collect()
}

/// `all()` without the permissions named `(category, operation)`.
pub fn all_but(missing: &[(&str, &str)]) -> BTreeSet<PanelPermission> {
    let mut set = all();
    for (category, operation) in missing {
        set.remove(&PanelPermission::named(category, operation).expect("a seed 002 permission"));
    }
    set
}

/// An administrator `login` with [`PASSWORD`].
pub fn admin(
    store: &EmbeddedStore,
    login: &str,
    dealer: Option<DealerId>,
    permissions: BTreeSet<PanelPermission>,
) {
    static HASH: OnceLock<String> = OnceLock::new();
    let hash = HASH.get_or_init(|| {
        Passwords::default()
            .hash_blocking(PASSWORD)
            .expect("hash the password")
    });
    store
        .create_panel_admin(NewPanelAdmin {
            login: login.into(),
            password_hash: hash.clone(),
            email: format!("{login}@example.com"),
            dealer,
            permissions,
            created_ms: 1_700_000_000_000,
        })
        .expect("administrator");
}

/// A Panel call with a JSON body: the whole response.
pub fn post(gateway: &Running, path: &str, body: &Value) -> http::Response {
    http::post_json(gateway.api, &format!("/v2/panel/{path}"), body)
}

/// A Panel call with `hash`: the answer.
pub fn call(gateway: &Running, path: &str, hash: &str, body: Value) -> Value {
    let mut body = body;
    body["hash"] = json!(hash);
    post(gateway, path, &body).json()
}

/// A session hash for `login`.
pub fn log_in(gateway: &Running, login: &str) -> String {
    let answer = post(
        gateway,
        "account/auth",
        &json!({ "login": login, "password": PASSWORD }),
    )
    .json();
    answer["hash"]
        .as_str()
        .unwrap_or_else(|| panic!("{login} logs in: {answer}"))
        .to_owned()
}

/// The status code of an error answer (0 for a success).
pub fn code(answer: &Value) -> i64 {
    if answer["success"] == true {
        return 0;
    }
    answer["status"]["code"].as_i64().unwrap_or(-1)
}

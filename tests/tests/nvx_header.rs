//! `Authorization: NVX <hash>`, the Navixy reference's recommended way to
//! authenticate, against the running gateway: the User API and the Panel
//! API take the hash from the header by GET and by POST, a header's hash
//! wins over a `hash` parameter, and a malformed NVX header is 3.

use crate::support;

use serde_json::json;
use support::panel_api::{admin, all, log_in, seed};
use trackgate_tests::http;

#[test]
fn the_hash_may_come_in_an_nvx_header_for_the_user_and_panel_apis() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| admin(store, "staff", None, all()));
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("nvx@example.com", "s3cret-pass", "356307042441013");
    let nvx = format!("NVX {key}");
    let with = |method: &str, target: &str, header: &str, body: Option<String>| {
        http::request_with(
            gateway.api,
            method,
            target,
            &[("Authorization", header)],
            body.map(|b| ("application/json", b)),
        )
        .json()
    };

    let listed = with("GET", "/v2/tracker/list", &nvx, None);
    assert_eq!(listed["success"], true, "{listed}");
    assert_eq!(listed["list"][0]["id"], tracker);
    let read = with(
        "POST",
        "/v2/tracker/get",
        &nvx,
        Some(json!({ "tracker_id": tracker }).to_string()),
    );
    assert_eq!(read["value"]["id"], tracker, "{read}");
    // The header's hash is the one used, whatever the parameters say.
    let over = with(
        "GET",
        "/v2/tracker/list?hash=00000000000000000000000000000000",
        &nvx,
        None,
    );
    assert_eq!(over["success"], true, "{over}");
    let wrong = with(
        "GET",
        &format!("/v2/tracker/list?hash={key}"),
        "NVX 00000000000000000000000000000000",
        None,
    );
    assert_eq!(wrong["success"], false, "{wrong}");
    for bad in [format!("NVX{key}"), "NVX".to_owned()] {
        let answer = with("GET", &format!("/v2/tracker/list?hash={key}"), &bad, None);
        assert_eq!(answer["status"]["code"], 3, "{bad}: {answer}");
    }
    // Another scheme is not ours: the parameter is used.
    let basic = with(
        "GET",
        &format!("/v2/tracker/list?hash={key}"),
        "Basic dXNlcjpwYXNz",
        None,
    );
    assert_eq!(basic["success"], true, "{basic}");

    let panel = format!("NVX {}", log_in(&gateway, "staff"));
    let permissions = with("GET", "/v2/panel/account/get_permissions", &panel, None);
    assert_eq!(permissions["success"], true, "{permissions}");
    let users = with("POST", "/v2/panel/user/list", &panel, Some("{}".into()));
    assert_eq!(users["count"], 1, "{users}");
    let logged_out = with("POST", "/v2/panel/account/logout", &panel, None);
    assert_eq!(logged_out["success"], true, "{logged_out}");
    let ended = with("GET", "/v2/panel/account/get_permissions", &panel, None);
    assert_eq!(ended["status"]["code"], 4, "{ended}");
    gateway.stop();
}

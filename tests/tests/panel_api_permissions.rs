//! Every Panel call against its permissions, walking the route table so
//! a new call cannot skip the check: without one of the permissions it
//! needs, 13; with all of them, not 13. And the OpenAPI document: the same
//! as the checked-in copy, every path a call the gateway answers.

use crate::support;

use serde_json::{Value, json};
use support::panel_api::{PASSWORD, admin, all, all_but, code, post, seed};
use trackgate_api::panel::routes::{Access, ROUTES};
use trackgate_tests::http;

#[test]
fn a_call_without_one_of_its_permissions_is_13() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| {
        admin(store, "everything", None, all());
        admin(store, "nothing", None, Default::default());
        for (n, route) in ROUTES.iter().enumerate() {
            for (i, need) in route.needs.iter().enumerate() {
                admin(store, &format!("lacks-{n}-{i}"), None, all_but(&[*need]));
            }
        }
    });
    let gateway = support::start(dir.path(), |_| {});
    let with = |login: &str, path: &str| {
        post(
            &gateway,
            path,
            &json!({ "authinfo": format!("{login}:{PASSWORD}") }),
        )
        .json()
    };
    let mut checked = 0;
    for (n, route) in ROUTES.iter().enumerate() {
        if route.access == Access::Open {
            continue;
        }
        for (i, need) in route.needs.iter().enumerate() {
            let answer = with(&format!("lacks-{n}-{i}"), route.path);
            assert_eq!(
                code(&answer),
                13,
                "{} without {need:?}: {answer}",
                route.path
            );
            assert_eq!(answer["status"]["description"], "Operation not permitted");
            checked += 1;
        }
        let allowed = with("everything", route.path);
        assert_ne!(
            code(&allowed),
            13,
            "{} with every permission: {allowed}",
            route.path
        );
        if route.needs.is_empty() {
            let free = with("nothing", route.path);
            assert_ne!(code(&free), 13, "{} needs nothing: {free}", route.path);
        } else {
            assert_eq!(code(&with("nothing", route.path)), 13, "{}", route.path);
        }
    }
    assert!(checked >= 13, "{checked} refusals checked");
    gateway.stop();
}

#[test]
fn the_document_is_served_and_every_path_in_it_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let served = http::get(gateway.api, "/v2/panel/openapi.json");
    assert_eq!(served.status, 200);
    let document: Value = served.json();
    let copy: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/panel-api.openapi.json"
        ))
        .expect("docs copy"),
    )
    .expect("json");
    assert_eq!(document, copy);
    let paths = document["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), ROUTES.len());
    for path in paths.keys() {
        let answer = post(&gateway, path.trim_start_matches('/'), &json!({})).json();
        let expected = if path == "/account/auth" { 7 } else { 3 };
        assert_eq!(code(&answer), expected, "{path}: {answer}");
    }
    let unknown = post(&gateway, "user/no_such_call", &json!({})).json();
    assert_eq!(code(&unknown), 111);
    let put = http::send(gateway.api, "PUT", "/v2/panel/user/list");
    assert_eq!((put.status, code(&put.json())), (405, 112));
    gateway.stop();
}

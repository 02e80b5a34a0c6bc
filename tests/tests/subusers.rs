//! Sub-users through the User API of a running gateway: a master creates
//! them, binds trackers to them and grants rights; a sub-user logs in like
//! anyone, sees only its bound trackers and does only what its rights allow.

use crate::support;

use serde_json::{Value, json};
use support::user_api::add_labelled;

fn call(gateway: &support::Running, name: &str, hash: &str, extra: Value) -> Value {
    let mut body = extra;
    body["hash"] = json!(hash);
    gateway.user(name, body).json()
}

fn code(answer: &Value) -> i64 {
    answer["status"]["code"].as_i64().unwrap_or(0)
}

fn bad_param(answer: &Value) -> String {
    assert_eq!(code(answer), 7, "{answer}");
    answer["errors"][0]["parameter"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

fn login(gateway: &support::Running, login: &str, password: &str) -> Value {
    gateway
        .user("user/auth", json!({ "login": login, "password": password }))
        .json()
}

fn ids(answer: &Value) -> Vec<u64> {
    let list = answer["list"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"));
    list.iter().filter_map(|t| t["id"].as_u64()).collect()
}

#[test]
fn sub_users_see_bound_trackers_and_act_within_their_rights() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let email = "master@example.com";
    let (master, one) = gateway.provision(email, "s3cret-pass", "356307042441401");
    let two = add_labelled(&gateway, &master, email, "356307042441402", "Car");
    let (stranger, theirs) =
        gateway.provision("stranger@example.com", "s3cret-pass", "356307042441403");

    let user =
        json!({"login": "sub@example.com", "first_name": "Ann", "rights": ["tracker_configure"]});
    let created = call(
        &gateway,
        "subuser/register",
        &master,
        json!({"user": user, "password": "sub-pass1"}),
    );
    let sub_id = created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{created}"));
    assert_eq!(
        code(&call(
            &gateway,
            "subuser/register",
            &master,
            json!({"user": user, "password": "sub-pass1"})
        )),
        206
    );
    assert_eq!(
        bad_param(&call(
            &gateway,
            "subuser/register",
            &master,
            json!({"user": {"login": "x@example.com"}, "password": "short"})
        )),
        "password"
    );
    let admin = json!({"login": "y@example.com", "rights": ["admin"]});
    assert_eq!(
        bad_param(&call(
            &gateway,
            "subuser/register",
            &master,
            json!({"user": admin, "password": "sub-pass1"})
        )),
        "user.rights"
    );
    assert_eq!(
        bad_param(&call(
            &gateway,
            "subuser/register",
            &master,
            json!({"user": {}, "password": "sub-pass1"})
        )),
        "user.login"
    );

    let list = call(&gateway, "subuser/list", &master, json!({}));
    let listed = &list["list"][0];
    assert_eq!(listed["id"], sub_id, "{list}");
    assert_eq!(listed["login"], "sub@example.com");
    assert_eq!(listed["first_name"], "Ann");
    assert_eq!(listed["activated"], true);
    assert_eq!(listed["security_group_id"], Value::Null);
    assert_eq!(listed["rights"], json!(["tracker_configure"]));
    assert_eq!(
        call(&gateway, "subuser/list", &stranger, json!({}))["list"],
        json!([])
    );

    // The sub-user logs in like a master, and sees nothing yet.
    let auth = login(&gateway, "sub@example.com", "sub-pass1");
    let sub = auth["hash"]
        .as_str()
        .unwrap_or_else(|| panic!("{auth}"))
        .to_owned();
    assert_eq!(
        ids(&call(&gateway, "tracker/list", &sub, json!({}))),
        Vec::<u64>::new()
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/get",
            &sub,
            json!({"tracker_id": one})
        )),
        201
    );

    let bind = |trackers: Value, subuser: u64| {
        call(
            &gateway,
            "subuser/tracker/bind",
            &master,
            json!({"subuser_id": subuser, "trackers": trackers}),
        )
    };
    assert_eq!(bind(json!([one]), sub_id)["success"], true);
    assert_eq!(code(&bind(json!([theirs]), sub_id)), 262);
    assert_eq!(code(&bind(json!([one]), 999_999)), 201);
    let stranger_bind = call(
        &gateway,
        "subuser/tracker/bind",
        &stranger,
        json!({"subuser_id": sub_id, "trackers": [theirs]}),
    );
    assert_eq!(code(&stranger_bind), 201);
    assert_eq!(
        call(
            &gateway,
            "subuser/tracker/list",
            &master,
            json!({"subuser_id": sub_id})
        )["list"],
        json!([one])
    );

    // Bound versus unbound, in every call that names trackers.
    assert_eq!(ids(&call(&gateway, "tracker/list", &sub, json!({}))), [one]);
    assert_eq!(
        call(&gateway, "tracker/get", &sub, json!({"tracker_id": one}))["value"]["id"],
        one
    );
    for name in [
        "tracker/get",
        "tracker/get_state",
        "tracker/command/list",
        "tracker/change_phone",
    ] {
        let answer = call(
            &gateway,
            name,
            &sub,
            json!({"tracker_id": two, "phone": "491761234567"}),
        );
        assert_eq!(code(&answer), 201, "{name}: {answer}");
    }
    let track =
        json!({"tracker_id": two, "from": "2024-01-01 00:00:00", "to": "2024-01-02 00:00:00"});
    assert_eq!(code(&call(&gateway, "track/read", &sub, track)), 201);
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/get_states",
            &sub,
            json!({"trackers": [one, two]})
        )),
        217
    );
    let states = call(
        &gateway,
        "tracker/get_states",
        &sub,
        json!({"trackers": [one, two], "allow_not_exist": true}),
    );
    assert_eq!(states["not_exist"], json!([two]), "{states}");
    assert!(states["states"][one.to_string()].is_object(), "{states}");

    // Rights: tracker_configure lets it change the phone, not switch outputs.
    let phone = call(
        &gateway,
        "tracker/change_phone",
        &sub,
        json!({"tracker_id": one, "phone": "491761234567"}),
    );
    assert_eq!(phone["success"], true, "{phone}");
    let output = json!({"tracker_id": one, "output": 1, "enable": true});
    assert_eq!(
        code(&call(&gateway, "tracker/output/set", &sub, output.clone())),
        13
    );
    let raw = json!({"tracker_id": one, "command": "getinfo"});
    assert_eq!(
        code(&call(&gateway, "tracker/raw_command", &sub, raw.clone())),
        13
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tag/create",
            &sub,
            json!({"tag": {"name": "x", "color": "000000"}})
        )),
        13
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/tags/set",
            &sub,
            json!({"tracker_id": one, "tag_bindings": []})
        )),
        13
    );
    for name in [
        "subuser/list",
        "subuser/register",
        "subuser/tracker/list",
        "tracker/group/create",
    ] {
        assert_eq!(code(&call(&gateway, name, &sub, json!({}))), 13, "{name}");
    }
    // Reading the account's groups and tags needs no right.
    assert_eq!(
        call(&gateway, "tracker/group/list", &sub, json!({}))["success"],
        true
    );
    assert_eq!(call(&gateway, "tag/list", &sub, json!({}))["success"], true);

    let grant =
        json!({"user": {"id": sub_id, "rights": ["tracker_configure", "tracker_set_output"]}});
    assert_eq!(
        call(&gateway, "subuser/update", &master, grant)["success"],
        true
    );
    let sent = call(&gateway, "tracker/raw_command", &sub, raw);
    assert!(sent["command_id"].is_u64(), "{sent}");
    assert!(call(&gateway, "tracker/output/set", &sub, output)["command_id"].is_u64());
    let foreign = json!({"user": {"id": sub_id, "first_name": "Bob"}});
    assert_eq!(
        code(&call(&gateway, "subuser/update", &stranger, foreign)),
        201
    );

    // Unbinding hides the tracker again.
    let unbind = json!({"subuser_id": sub_id, "trackers": [one]});
    assert_eq!(
        call(&gateway, "subuser/tracker/unbind", &master, unbind)["success"],
        true
    );
    assert_eq!(
        ids(&call(&gateway, "tracker/list", &sub, json!({}))),
        Vec::<u64>::new()
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/get",
            &sub,
            json!({"tracker_id": one})
        )),
        201
    );
}

#[test]
fn deactivating_and_deleting_a_sub_user_ends_its_access() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (master, _) = gateway.provision("boss@example.com", "s3cret-pass", "356307042441501");
    let (stranger, _) = gateway.provision("other@example.com", "s3cret-pass", "356307042441502");
    let user = json!({"login": "temp@example.com", "phone": "491761234567"});
    let created = call(
        &gateway,
        "subuser/register",
        &master,
        json!({"user": user, "password": 123_456}),
    );
    let sub_id = created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{created}"));
    let session = login(&gateway, "temp@example.com", "123456")["hash"]
        .as_str()
        .expect("a session")
        .to_owned();
    let key = call(
        &gateway,
        "api/key/create",
        &session,
        json!({"title": "script"}),
    );
    let key = key["value"]["hash"]
        .as_str()
        .unwrap_or_else(|| panic!("{key}"))
        .to_owned();
    assert_eq!(
        call(&gateway, "user/get_info", &key, json!({}))["success"],
        true
    );

    let off = json!({"user": {"id": sub_id, "activated": false}});
    assert_eq!(
        call(&gateway, "subuser/update", &master, off)["success"],
        true
    );
    assert_eq!(
        code(&call(&gateway, "tracker/list", &session, json!({}))),
        4
    );
    assert_eq!(code(&login(&gateway, "temp@example.com", "123456")), 103);
    let listed = call(&gateway, "subuser/list", &master, json!({}));
    assert_eq!(listed["list"][0]["activated"], false, "{listed}");
    assert_eq!(listed["list"][0]["phone"], "491761234567");
    let on = json!({"user": {"id": sub_id, "activated": true, "login": "boss@example.com"}});
    assert_eq!(code(&call(&gateway, "subuser/update", &master, on)), 206);

    assert_eq!(
        code(&call(
            &gateway,
            "subuser/delete",
            &stranger,
            json!({"subuser_id": sub_id})
        )),
        201
    );
    assert_eq!(
        call(
            &gateway,
            "subuser/delete",
            &master,
            json!({"subuser_id": sub_id})
        )["success"],
        true
    );
    assert_eq!(
        code(&call(&gateway, "user/get_info", &session, json!({}))),
        4
    );
    assert_eq!(code(&call(&gateway, "user/get_info", &key, json!({}))), 4);
    assert_eq!(code(&login(&gateway, "temp@example.com", "123456")), 102);
    assert_eq!(
        code(&call(
            &gateway,
            "subuser/delete",
            &master,
            json!({"subuser_id": sub_id})
        )),
        201
    );
    assert_eq!(
        call(&gateway, "subuser/list", &master, json!({}))["list"],
        json!([])
    );
}

//! Seed 001's administrators and servers against the running gateway:
//! Panel API accounts with their permission groups, and this node's
//! description, kept across restarts, and status.

use crate::support;

use serde_json::{Value, json};
use support::server_rest::{get, ok, refused};

fn admins(gateway: &support::Running) -> Vec<Value> {
    ok(gateway, "administrators/list", &json!({}))["administrators"]
        .as_array()
        .cloned()
        .expect("a list")
}

#[test]
fn administrators_are_added_updated_and_listed_with_their_groups() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let dealer = ok(
        &gateway,
        "resellers/new",
        &json!({"data": {"name": "north"}}),
    )["created_id"]
        .as_u64()
        .expect("an id");
    // The seed's example.
    let created = ok(
        &gateway,
        "administrators/new",
        &json!({"data": {"username": "test_username", "password": "test_password",
            "email": "admin@example.com", "group_id": 1}}),
    );
    assert_eq!(
        (created["username"].clone(), created["password"].clone()),
        (json!("test_username"), json!("test_password"))
    );
    let id = created["created_id"].as_u64().expect("an id");
    // Generated credentials, a reseller's staff.
    let staff = ok(
        &gateway,
        "administrators/new",
        &json!({"data": {"email": "staff@example.com", "group_id": 2, "reseller_id": dealer}}),
    );
    assert_eq!(staff["username"].as_str().map(str::len), Some(10));
    assert!(staff["password"].as_str().is_some_and(|p| p.len() >= 12));

    let list = admins(&gateway);
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["username"], "test_username");
    assert_eq!(list[0]["group_id"], 1);
    assert_eq!(list[0]["group_name"], "administrators");
    assert_eq!(list[0]["reseller_id"], Value::Null);
    assert_eq!(list[1]["group_name"], "resellers");
    assert_eq!(list[1]["reseller_id"], dealer);
    assert!(
        !serde_json::to_string(&list)
            .expect("json")
            .contains("test_password")
    );

    // The seed's edit, by id; then by username.
    let updated = ok(
        &gateway,
        "administrators/update",
        &json!({"id": id, "data": {"email": "new@example.com"}}),
    );
    assert_eq!(updated["modified_id"], id);
    ok(
        &gateway,
        "administrators/update",
        &json!({"username": "test_username", "data": {"group_id": 3, "disabled": 1}}),
    );
    let listed = &admins(&gateway)[0];
    assert_eq!(listed["email"], "new@example.com");
    assert_eq!(
        (listed["group_id"].clone(), listed["disabled"].clone()),
        (json!(3), json!(1))
    );

    let new = |data: Value| refused(&gateway, "administrators/new", &json!({ "data": data }));
    assert_eq!(new(json!({"group_id": 1})), "data[email] is missing");
    assert_eq!(
        new(json!({"email": "a@example.com"})),
        "data[group_id] is missing"
    );
    assert_eq!(
        new(json!({"email": "a@example.com", "group_id": 4})),
        "data[group_id] names no group: 1 administrators, 2 resellers, 3 viewers"
    );
    assert_eq!(
        new(json!({"email": "nobody", "group_id": 1})),
        "data[email] must be a valid e-mail address"
    );
    assert_eq!(
        new(json!({"username": "test_username", "email": "a@example.com", "group_id": 1})),
        "Username exists."
    );
    assert_eq!(
        new(json!({"email": "a@example.com", "group_id": 1, "reseller_id": 9})),
        "data[reseller_id] names no reseller"
    );
    assert_eq!(
        refused(
            &gateway,
            "administrators/update",
            &json!({"id": 99, "data": {}})
        ),
        "Administrator not found"
    );
    assert_eq!(
        refused(&gateway, "administrators/update", &json!({"data": {}})),
        "id or username is missing"
    );
    assert_eq!(admins(&gateway).len(), 2, "nothing more was made");
}

#[test]
fn servers_show_this_node_and_keep_its_description() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let listed = get(&gateway, "servers/list", &json!({})).json();
    let node = &listed["servers"][0];
    assert_eq!(listed["servers"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        (node["id"].clone(), node["server_name"].clone()),
        (json!(1), json!("main"))
    );
    assert_eq!(
        (node["status"].clone(), node["is_main"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(node["trackers_online"], 0);
    assert!(node["uptime_secs"].as_i64().is_some(), "{node}");
    let info = get(&gateway, "servers/info", &json!({"id": 1})).json();
    assert_eq!(info["server_info"]["id"], 1, "{info}");

    // The seed's edit: a server's addresses.
    let updated = ok(
        &gateway,
        "servers/update",
        &json!({"id": 1, "data": {"server_ip": "198.51.100.7", "vpn_ip": "10.8.0.1",
            "server_name": "riga-1"}}),
    );
    assert_eq!(
        updated,
        json!({"result": true, "modified_id": 1, "name": "riga-1", "IP address": "198.51.100.7"})
    );
    assert_eq!(
        refused(
            &gateway,
            "servers/update",
            &json!({"id": 1, "data": {"server_ip": "198.51.100"}})
        ),
        "Invalid IP address: data[server_ip] is not one"
    );
    assert_eq!(
        refused(&gateway, "servers/update", &json!({"id": 2, "data": {}})),
        "Server not found"
    );
    assert_eq!(
        refused(&gateway, "servers/info", &json!({})),
        "id is missing"
    );
    gateway.stop();

    // Kept across a restart.
    let gateway = support::start(dir.path(), |_| {});
    let node = get(&gateway, "servers/info", &json!({"id": 1})).json()["server_info"].clone();
    assert_eq!(
        (
            node["server_name"].clone(),
            node["server_ip"].clone(),
            node["vpn_ip"].clone()
        ),
        (json!("riga-1"), json!("198.51.100.7"), json!("10.8.0.1"))
    );
}

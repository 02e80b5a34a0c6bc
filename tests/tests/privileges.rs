//! Privileges set with `EDIT_USER` take effect in the User API: a viewer
//! reads but changes nothing and sends no command; a manager reads the
//! trackers of the users assigned to it, and changes only its own.

use crate::support;

use serde_json::{Value, json};
use support::server_api::{ok, refused};
use support::user_api::{call, code};

fn ids(list: &Value) -> Vec<u64> {
    let mut ids: Vec<u64> = list["list"]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .filter_map(|t| t["id"].as_u64())
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn a_viewer_reads_but_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("eyes@example.com", "s3cret-pass", "356307042441013");
    ok(
        &gateway,
        "EDIT_USER,eyes@example.com,false,false,viewer,false",
    );
    let session = gateway
        .user(
            "user/auth",
            json!({ "login": "eyes@example.com", "password": "s3cret-pass" }),
        )
        .json()["hash"]
        .as_str()
        .expect("a viewer logs in")
        .to_owned();

    for hash in [&key, &session] {
        for (name, body) in [
            ("tracker/list", json!({})),
            ("tracker/get", json!({ "tracker_id": tracker })),
            ("tracker/get_state", json!({ "tracker_id": tracker })),
            ("tracker/command/list", json!({ "tracker_id": tracker })),
            ("tag/list", json!({})),
            ("user/get_info", json!({})),
        ] {
            let answer = call(&gateway, name, hash, body);
            assert_eq!(answer["success"], true, "{name}: {answer}");
        }
        for (name, body) in [
            (
                "tracker/raw_command",
                json!({ "tracker_id": tracker, "command": "getinfo" }),
            ),
            (
                "tracker/output/set",
                json!({ "tracker_id": tracker, "output": 1, "enable": true }),
            ),
            (
                "tracker/location_request",
                json!({ "tracker_id": tracker, "type": "gprs" }),
            ),
            (
                "tag/create",
                json!({ "tag": { "name": "mine", "color": "FF0000" } }),
            ),
            (
                "tracker/change_phone",
                json!({ "tracker_id": tracker, "phone": "+491701234567" }),
            ),
            (
                "user/settings/update",
                json!({ "time_zone": "Europe/Berlin" }),
            ),
            ("api/key/create", json!({ "title": "more" })),
        ] {
            let answer = call(&gateway, name, hash, body);
            assert_eq!(code(&answer), 13, "{name}: {answer}");
        }
    }
    // No command was stored, nothing changed.
    let commands = call(
        &gateway,
        "tracker/command/list",
        &key,
        json!({ "tracker_id": tracker }),
    );
    assert_eq!(commands["list"], json!([]), "{commands}");
    // Back to an ordinary user, the same call works.
    ok(
        &gateway,
        "EDIT_USER,eyes@example.com,false,false,user,false",
    );
    let tag = call(
        &gateway,
        "tag/create",
        &key,
        json!({ "tag": { "name": "mine", "color": "FF0000" } }),
    );
    assert_eq!(tag["success"], true, "{tag}");
}

#[test]
fn a_manager_reads_its_users_trackers_and_changes_only_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (boss, own) = gateway.provision("boss@example.com", "s3cret-pass", "356307042441013");
    let (_, ann) = gateway.provision("ann@example.com", "s3cret-pass", "356307042441021");
    let (_, stranger) = gateway.provision("stranger@example.com", "s3cret-pass", "356307042441039");
    // Not a manager yet: assigning to it is refused; once one, it works.
    assert_eq!(
        refused(
            &gateway,
            "EDIT_USER,ann@example.com,false,false,false,boss@example.com",
            400
        ),
        "ERROR: manager e-mail (parameter 5) names a user who is not a manager"
    );
    assert_eq!(
        ids(&call(&gateway, "tracker/list", &boss, json!({}))),
        [own]
    );
    ok(
        &gateway,
        "EDIT_USER,boss@example.com,false,false,manager,false",
    );
    ok(
        &gateway,
        "EDIT_USER,ann@example.com,false,false,false,boss@example.com",
    );

    let mut expected = vec![own, ann];
    expected.sort_unstable();
    assert_eq!(
        ids(&call(&gateway, "tracker/list", &boss, json!({}))),
        expected
    );
    for (name, body) in [
        ("tracker/get", json!({ "tracker_id": ann })),
        ("tracker/get_state", json!({ "tracker_id": ann })),
        ("tracker/get_states", json!({ "trackers": [own, ann] })),
        (
            "track/list",
            json!({ "tracker_id": ann, "from": "2024-03-01 00:00:00", "to": "2024-03-02 00:00:00" }),
        ),
        ("tracker/command/list", json!({ "tracker_id": ann })),
    ] {
        let answer = call(&gateway, name, &boss, body);
        assert_eq!(answer["success"], true, "{name}: {answer}");
    }
    // Reading is all: changes and commands are for the trackers' owner.
    let command = json!({ "tracker_id": ann, "command": "getinfo" });
    assert_eq!(
        code(&call(&gateway, "tracker/raw_command", &boss, command)),
        13
    );
    let label = json!({ "tracker_id": ann, "phone": "+491701234567" });
    assert_eq!(
        code(&call(&gateway, "tracker/change_phone", &boss, label)),
        13
    );
    let own_command = call(
        &gateway,
        "tracker/raw_command",
        &boss,
        json!({ "tracker_id": own, "command": "getinfo" }),
    );
    assert_eq!(own_command["success"], true, "{own_command}");
    // Nobody else's tracker shows.
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/get",
            &boss,
            json!({ "tracker_id": stranger })
        )),
        201
    );

    // Once unassigned, Ann's tracker is out of sight again.
    ok(&gateway, "EDIT_USER,ann@example.com,false,false,false,0");
    assert_eq!(
        ids(&call(&gateway, "tracker/list", &boss, json!({}))),
        [own]
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/get",
            &boss,
            json!({ "tracker_id": ann })
        )),
        201
    );
}

//! Tags and tracker groups, through the User API of a running gateway
//! (the `labels` filter: `tracker_labels.rs`; sub-users: `subusers.rs`).

use crate::support;

use serde_json::{Value, json};
use support::user_api::{add_labelled, bad_param, call, code};

/// The listed tracker with `id`.
fn listed(gateway: &support::Running, key: &str, id: u64) -> Value {
    let list = call(gateway, "tracker/list", key, json!({}));
    list["list"]
        .as_array()
        .and_then(|l| l.iter().find(|t| t["id"] == id))
        .cloned()
        .unwrap_or_else(|| panic!("tracker {id} not in {list}"))
}

#[test]
fn tags_are_managed_and_put_on_trackers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("tags@example.com", "s3cret-pass", "356307042441101");
    let (other_key, _) = gateway.provision("tags2@example.com", "s3cret-pass", "356307042441102");

    let created = call(
        &gateway,
        "tag/create",
        &key,
        json!({"tag": {"name": "Vip", "color": "ff0000"}}),
    );
    let tag = created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{created}"));
    // As GET and form clients send it: the object as JSON text.
    let second = call(
        &gateway,
        "tag/create",
        &key,
        json!({"tag": r#"{"name": "Night", "color": "000000"}"#}),
    );
    let night = second["id"].as_u64().unwrap_or_else(|| panic!("{second}"));
    let theirs = call(
        &gateway,
        "tag/create",
        &other_key,
        json!({"tag": {"name": "Theirs", "color": "00FF00"}}),
    );
    let theirs = theirs["id"].as_u64().expect("id");

    let list = call(&gateway, "tag/list", &key, json!({}));
    assert_eq!(
        list["list"],
        json!([{"id": tag, "name": "Vip", "color": "FF0000"}, {"id": night, "name": "Night", "color": "000000"}])
    );
    let found = call(&gateway, "tag/list", &key, json!({"filter": "VIP"}));
    assert_eq!(found["list"].as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(
        bad_param(&call(&gateway, "tag/list", &key, json!({"filter": "vi"}))),
        "filter"
    );

    assert_eq!(
        bad_param(&call(
            &gateway,
            "tag/create",
            &key,
            json!({"tag": {"name": "x", "color": "red"}})
        )),
        "tag.color"
    );
    assert_eq!(
        bad_param(&call(
            &gateway,
            "tag/create",
            &key,
            json!({"tag": {"color": "FF0000"}})
        )),
        "tag.name"
    );
    assert_eq!(
        bad_param(&call(&gateway, "tag/create", &key, json!({}))),
        "tag"
    );

    let update = json!({"tag": {"id": tag, "name": "VIP", "color": "00ff00"}});
    assert_eq!(call(&gateway, "tag/update", &key, update)["success"], true);
    let list = call(&gateway, "tag/list", &key, json!({}));
    assert_eq!(
        list["list"][0],
        json!({"id": tag, "name": "VIP", "color": "00FF00"})
    );
    let foreign = json!({"tag": {"id": theirs, "name": "mine", "color": "00ff00"}});
    assert_eq!(code(&call(&gateway, "tag/update", &key, foreign)), 201);

    // Bindings show in tracker/list only; the text form of the docs works.
    let bindings = r#"[{"tag_id": TAG, "ordinal": 1}, {"tag_id": NIGHT, "ordinal": 2}]"#
        .replace("TAG", &tag.to_string())
        .replace("NIGHT", &night.to_string());
    let set = call(
        &gateway,
        "tracker/tags/set",
        &key,
        json!({"tracker_id": tracker, "tag_bindings": bindings}),
    );
    assert_eq!(set["success"], true, "{set}");
    assert_eq!(
        listed(&gateway, &key, tracker)["tag_bindings"],
        json!([{"tag_id": tag, "ordinal": 1}, {"tag_id": night, "ordinal": 2}])
    );
    let got = call(
        &gateway,
        "tracker/get",
        &key,
        json!({"tracker_id": tracker}),
    );
    assert_eq!(got["value"]["tag_bindings"], json!([]));

    let set_tags = |bindings: Value| {
        call(
            &gateway,
            "tracker/tags/set",
            &key,
            json!({"tracker_id": tracker, "tag_bindings": bindings}),
        )
    };
    assert_eq!(
        code(&set_tags(json!([{"tag_id": 999_999, "ordinal": 1}]))),
        204
    );
    assert_eq!(
        code(&set_tags(json!([{"tag_id": theirs, "ordinal": 1}]))),
        204
    );
    let twice = json!([{"tag_id": tag, "ordinal": 1}, {"tag_id": night, "ordinal": 1}]);
    assert_eq!(bad_param(&set_tags(twice)), "tag_bindings");
    assert_eq!(
        bad_param(&set_tags(json!([{"tag_id": tag, "ordinal": 6}]))),
        "tag_bindings"
    );
    let other_tracker = call(
        &gateway,
        "tracker/tags/set",
        &other_key,
        json!({"tracker_id": tracker, "tag_bindings": []}),
    );
    assert_eq!(code(&other_tracker), 201);
    assert_eq!(
        listed(&gateway, &key, tracker)["tag_bindings"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    // Deleting a tag takes it off the tracker.
    assert_eq!(
        call(&gateway, "tag/delete", &key, json!({"tag_id": tag}))["success"],
        true
    );
    assert_eq!(
        listed(&gateway, &key, tracker)["tag_bindings"],
        json!([{"tag_id": night, "ordinal": 2}])
    );
    assert_eq!(
        code(&call(&gateway, "tag/delete", &key, json!({"tag_id": tag}))),
        201
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tag/delete",
            &key,
            json!({"tag_id": theirs})
        )),
        201
    );
    let silent = call(
        &gateway,
        "tag/delete",
        &key,
        json!({"tag_ids": [tag, theirs, night]}),
    );
    assert_eq!(silent["success"], true, "{silent}");
    assert_eq!(listed(&gateway, &key, tracker)["tag_bindings"], json!([]));
    assert_eq!(
        call(&gateway, "tag/list", &key, json!({}))["list"],
        json!([])
    );
    assert_eq!(
        call(&gateway, "tag/list", &other_key, json!({}))["list"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        bad_param(&call(
            &gateway,
            "tag/delete",
            &key,
            json!({"tag_id": 1, "tag_ids": [1]})
        )),
        "tag_ids"
    );
    assert_eq!(
        bad_param(&call(&gateway, "tag/delete", &key, json!({}))),
        "tag_id"
    );
}

#[test]
fn groups_hold_trackers_and_deleting_one_moves_them_to_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let email = "groups@example.com";
    let (key, one) = gateway.provision(email, "s3cret-pass", "356307042441201");
    let two = add_labelled(&gateway, &key, email, "356307042441202", "Truck");
    let (other_key, theirs) =
        gateway.provision("groups2@example.com", "s3cret-pass", "356307042441203");

    let created = call(
        &gateway,
        "tracker/group/create",
        &key,
        json!({"title": "Office", "color": "FF6DDC"}),
    );
    let group = created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("{created}"));
    // Both paths serve the same groups.
    let list = call(&gateway, "group/list", &key, json!({}));
    assert_eq!(
        list["list"],
        json!([{"id": group, "title": "Office", "color": "FF6DDC"}])
    );
    assert_eq!(
        call(&gateway, "tracker/group/list", &other_key, json!({}))["list"],
        json!([])
    );
    assert_eq!(
        bad_param(&call(
            &gateway,
            "tracker/group/create",
            &key,
            json!({"title": "", "color": "FF6DDC"})
        )),
        "title"
    );
    assert_eq!(
        bad_param(&call(
            &gateway,
            "group/create",
            &key,
            json!({"title": "x", "color": "#FF6DDC"})
        )),
        "color"
    );

    let assign = |hash: &str, id: u64, trackers: Value| {
        call(
            &gateway,
            "tracker/group/assign",
            hash,
            json!({"id": id, "trackers": trackers}),
        )
    };
    assert_eq!(assign(&key, group, json!([one, two]))["success"], true);
    assert_eq!(listed(&gateway, &key, one)["group_id"], group);
    assert_eq!(listed(&gateway, &key, two)["group_id"], group);
    let got = call(&gateway, "tracker/get", &key, json!({"tracker_id": one}));
    assert_eq!(got["value"]["group_id"], group);
    assert_eq!(code(&assign(&key, group, json!([one, theirs]))), 217);
    assert_eq!(code(&assign(&key, 999_999, json!([one]))), 201);
    assert_eq!(code(&assign(&other_key, group, json!([theirs]))), 201);
    assert_eq!(bad_param(&assign(&key, group, json!([]))), "trackers");
    assert_eq!(assign(&key, 0, json!([two]))["success"], true);
    assert_eq!(listed(&gateway, &key, two)["group_id"], 0);
    assert_eq!(assign(&key, group, json!([two]))["success"], true);

    let update = call(
        &gateway,
        "tracker/group/update",
        &key,
        json!({"id": group, "title": "HQ"}),
    );
    assert_eq!(update["success"], true, "{update}");
    let list = call(&gateway, "tracker/group/list", &key, json!({}));
    assert_eq!(
        list["list"],
        json!([{"id": group, "title": "HQ", "color": "FF6DDC"}])
    );
    let foreign = call(
        &gateway,
        "tracker/group/update",
        &other_key,
        json!({"id": group, "title": "Mine"}),
    );
    assert_eq!(code(&foreign), 201);
    assert_eq!(
        code(&call(
            &gateway,
            "group/delete",
            &other_key,
            json!({"id": group})
        )),
        201
    );

    assert_eq!(
        call(&gateway, "group/delete", &key, json!({"id": group}))["success"],
        true
    );
    assert_eq!(listed(&gateway, &key, one)["group_id"], 0);
    assert_eq!(listed(&gateway, &key, two)["group_id"], 0);
    assert_eq!(
        call(&gateway, "tracker/group/list", &key, json!({}))["list"],
        json!([])
    );
    assert_eq!(
        code(&call(
            &gateway,
            "tracker/group/delete",
            &key,
            json!({"id": group})
        )),
        201
    );
}

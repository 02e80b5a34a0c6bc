//! `dealer/activation_code/*` against the running gateway: codes are
//! made of random digits on one of the dealer's tariffs, listed with
//! Navixy's filter and paging, changed while unused; a dealer sees its
//! own and its sub-dealers' codes, never another dealer's; `create` needs
//! `activation_code: read` besides `create`, as the reference says.

use crate::support;

use std::collections::BTreeSet;

use serde_json::{Value, json};
use support::panel_api::{admin, all, all_but, call, code, dealer, log_in, seed};
use trackgate_api::user::openapi::conform::conforms;
use trackgate_store::{DealerStore, NewDealer};
use trackgate_tests::http;

fn fits(document: &Value, path: &str, answer: &Value) {
    assert_eq!(code(answer), 0, "{path}: {answer}");
    if let Err(why) = conforms(document, path, answer) {
        panic!("{path} does not fit the document: {why}\n{answer}");
    }
}

/// A tariff named `name` of the caller's dealer; its id.
fn tariff(gateway: &support::Running, hash: &str, name: &str) -> u64 {
    let created = call(
        gateway,
        "tariff/create",
        hash,
        json!({ "tariff": { "name": name, "price": 9.5 } }),
    );
    created["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("tariff: {created}"))
}

/// The codes `hash` lists with `params`: the codes, and `count`.
fn listed(gateway: &support::Running, hash: &str, params: Value) -> (Vec<Value>, u64) {
    let answer = call(gateway, "dealer/activation_code/list", hash, params);
    assert_eq!(code(&answer), 0, "{answer}");
    let list = answer["list"].as_array().cloned().expect("list");
    (list, answer["count"].as_u64().expect("count"))
}

fn codes_of(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|c| c["code"].as_str().expect("code").to_owned())
        .collect()
}

#[test]
fn a_dealer_makes_lists_and_changes_its_codes_and_sees_no_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    seed(dir.path(), |store| {
        let north = dealer(store, "North");
        let south = dealer(store, "South");
        let east = store
            .create_dealer(NewDealer {
                name: "North-East".into(),
                credits: 0,
                use_credits: false,
                tracker_limit: None,
                created_ms: 1,
                parent: Some(north),
            })
            .expect("sub-dealer")
            .id;
        admin(store, "north-admin", Some(north), all());
        admin(store, "south-admin", Some(south), all());
        admin(store, "east-admin", Some(east), all());
        admin(store, "staff", None, all());
        admin(
            store,
            "no-read",
            Some(north),
            all_but(&[("activation_code", "read")]),
        );
    });
    let gateway = support::start(dir.path(), |_| {});
    let document: Value = http::get(gateway.api, "/v2/panel/openapi.json").json();
    let north = log_in(&gateway, "north-admin");
    let south = log_in(&gateway, "south-admin");
    let east = log_in(&gateway, "east-admin");
    let staff = log_in(&gateway, "staff");
    let basic = tariff(&gateway, &north, "Basic");
    let premium = tariff(&gateway, &north, "Premium");
    let south_tariff = tariff(&gateway, &south, "Southern");

    let create = json!({ "count": 3, "tariff_id": basic, "bonus_amount": 3, "free_days": 5,
        "money_amount": "20.50" });
    let created = call(
        &gateway,
        "dealer/activation_code/create",
        &north,
        create.clone(),
    );
    fits(&document, "dealer/activation_code/create", &created);
    assert_eq!(created["count"], 3);
    let no_read = log_in(&gateway, "no-read");
    assert_eq!(
        code(&call(
            &gateway,
            "dealer/activation_code/create",
            &no_read,
            create
        )),
        13,
        "create needs activation_code: read too"
    );

    let answer = call(&gateway, "dealer/activation_code/list", &north, json!({}));
    fits(&document, "dealer/activation_code/list", &answer);
    let (list, count) = listed(&gateway, &north, json!({}));
    assert_eq!((list.len(), count), (3, 3));
    let codes = codes_of(&list);
    assert_eq!(codes.iter().collect::<BTreeSet<_>>().len(), 3, "unique");
    for (entry, code) in list.iter().zip(&codes) {
        assert!(
            code.len() == 10 && code.bytes().all(|b| b.is_ascii_digit()),
            "{code}"
        );
        let expected = json!({ "code": code, "tariff_id": basic, "tariff_name": "Basic",
            "bonus_amount": 3, "money_amount": 20.5, "free_days": 5, "device_type": "tracker",
            "activated": false, "activation_date": null, "device_id": 0 });
        assert_eq!(entry, &expected);
    }

    // Another dealer: neither the tariff nor the codes are there for it.
    let foreign = json!({ "count": 1, "tariff_id": basic });
    assert_eq!(
        code(&call(
            &gateway,
            "dealer/activation_code/create",
            &south,
            foreign
        )),
        201
    );
    assert_eq!(listed(&gateway, &south, json!({})).1, 0);
    let steal = json!({ "codes": codes, "tariff_id": south_tariff, "free_days": 0 });
    let stolen = call(&gateway, "dealer/activation_code/update", &south, steal);
    assert_eq!(stolen["count"], 0, "{stolen}");
    let with_foreign = json!({ "codes": codes, "tariff_id": south_tariff });
    assert_eq!(
        code(&call(
            &gateway,
            "dealer/activation_code/update",
            &north,
            with_foreign
        )),
        201
    );

    // A sub-dealer's codes are its parent's to see, not the other way round.
    let east_tariff = tariff(&gateway, &east, "Eastern");
    let east_made = call(
        &gateway,
        "dealer/activation_code/create",
        &east,
        json!({ "count": 1, "tariff_id": east_tariff }),
    );
    assert_eq!(east_made["count"], 1, "{east_made}");
    assert_eq!(listed(&gateway, &north, json!({})).1, 4);
    let (east_list, east_count) = listed(&gateway, &east, json!({}));
    assert_eq!(east_count, 1);
    assert_eq!(
        (
            east_list[0]["bonus_amount"].clone(),
            east_list[0]["free_days"].clone()
        ),
        (json!(0), json!(0))
    );
    assert_eq!(listed(&gateway, &staff, json!({})).1, 4, "staff sees all");

    // Filter, order and paging.
    let one = listed(&gateway, &north, json!({ "filter": codes[1] }));
    assert_eq!(codes_of(&one.0), [codes[1].clone()]);
    let by_tariff = listed(
        &gateway,
        &north,
        json!({ "order_by": "tariff_name", "ascending": false, "limit": 2, "offset": 0 }),
    );
    assert_eq!((by_tariff.0.len(), by_tariff.1), (2, 4));
    assert_eq!(by_tariff.0[0]["tariff_name"], "Eastern");
    for bad in [json!({ "order_by": "price" }), json!({ "offset": -1 })] {
        let answer = call(&gateway, "dealer/activation_code/list", &north, bad);
        assert_eq!(code(&answer), 7, "{answer}");
    }
    for bad in [
        json!({ "count": 0, "tariff_id": basic }),
        json!({ "count": 1001, "tariff_id": basic }),
        json!({ "count": 1, "tariff_id": basic, "bonus_amount": -1 }),
        json!({ "count": 1, "tariff_id": basic, "free_days": 4000 }),
        json!({ "count": 1 }),
    ] {
        let answer = call(&gateway, "dealer/activation_code/create", &north, bad);
        assert_eq!(code(&answer), 7, "{answer}");
    }

    // Update: the codes named, the bonus given, the free days kept.
    let change = json!({ "codes": [codes[0], codes[1], "12345"], "tariff_id": premium,
        "bonus_amount": 1 });
    let changed = call(&gateway, "dealer/activation_code/update", &north, change);
    fits(&document, "dealer/activation_code/update", &changed);
    assert_eq!(changed["count"], 2);
    let (after, _) = listed(&gateway, &north, json!({ "order_by": "code" }));
    for entry in &after {
        let code = entry["code"].as_str().expect("code");
        let moved = code == codes[0] || code == codes[1];
        let expected_tariff = if moved {
            json!(premium)
        } else if code == codes[2] {
            json!(basic)
        } else {
            json!(east_tariff)
        };
        assert_eq!(entry["tariff_id"], expected_tariff, "{entry}");
        if moved {
            assert_eq!(
                (entry["bonus_amount"].clone(), entry["free_days"].clone()),
                (json!(1), json!(5))
            );
            assert_eq!(entry["tariff_name"], "Premium");
        }
    }
    let as_text = json!({ "codes": format!("[\"{}\"]", codes[2]), "tariff_id": premium });
    let text = call(&gateway, "dealer/activation_code/update", &north, as_text);
    assert_eq!(text["count"], 1, "{text}");
    let bad_codes = json!({ "codes": [true], "tariff_id": premium });
    assert_eq!(
        code(&call(
            &gateway,
            "dealer/activation_code/update",
            &north,
            bad_codes
        )),
        7
    );

    // Codes are the dealer's: not run as a user.
    let su = json!({ "su": "nobody@example.com" });
    assert_eq!(
        code(&call(&gateway, "dealer/activation_code/list", &north, su)),
        13
    );
    gateway.stop();
}

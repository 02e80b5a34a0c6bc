//! `user/auth` under attack: failed logins limited per login and per
//! address, one password verification whether the login exists or not,
//! password work bounded, and the session hash handed out once.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::dev::ServiceResponse;
use actix_web::{App, test, web};
use serde_json::{Value, json};
use trackgate_actors::registry::Registry;
use trackgate_store::{AccountStore, EmbeddedStore, NewUser, SecretDigest, Store};

use crate::auth::{Auth, LoginThrottle, PasswordSettings, Passwords, ThrottleSettings};
use crate::server::access::{AllowList, ServerAccess};
use crate::{ApiState, UserKeys, configure};

const PASSWORD: &str = "s3cret-pass";

struct Fixture {
    _dir: tempfile::TempDir,
    state: web::Data<ApiState>,
}

/// A store with `ann@example.com` (password [`PASSWORD`], hashed by
/// `passwords`) and `nopass@example.com` (none), served with `passwords`
/// and the limits `logins`.
async fn fixture(passwords: Passwords, logins: ThrottleSettings) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = EmbeddedStore::open(dir.path()).expect("store");
    for (login, password_hash) in [
        (
            "ann@example.com",
            passwords.hash(PASSWORD).await.expect("hash"),
        ),
        ("nopass@example.com", String::new()),
    ] {
        store
            .create_user(NewUser {
                login: login.into(),
                password_hash,
                created_ms: 0,
            })
            .expect("user");
    }
    let store: Arc<dyn Store> = Arc::new(store);
    let registry = Arc::new(Registry::new());
    let state = web::Data::new(ApiState {
        store,
        registry: registry.clone(),
        cluster: trackgate_cluster::Cluster::single(registry),
        server: ServerAccess::new(
            SecretDigest::of("server key"),
            AllowList::parse(&["127.0.0.1"]).expect("allow list"),
            UserKeys::random(),
        ),
        auth: Auth {
            passwords,
            logins: LoginThrottle::new(logins),
        },
        session_ttl: Duration::from_secs(60),
        sms: Default::default(),
        registration: Default::default(),
        status: Default::default(),
        device_slots: Arc::new(trackgate_actors::slots::DeviceSlots::unbounded()),
        mail: Default::default(),
        renewals: Default::default(),
        panel: crate::panel::PanelSettings::default(),
    });
    Fixture { _dir: dir, state }
}

fn cheap() -> Passwords {
    Passwords::cheap(PasswordSettings {
        at_once: 1,
        waiting: 16,
    })
}

fn limits(per_login: u32, per_address: u32) -> ThrottleSettings {
    ThrottleSettings {
        per_login,
        per_address,
        window: Duration::from_secs(900),
    }
}

/// `user/auth` from `peer`.
fn auth(login: &str, password: &str, peer: &str) -> test::TestRequest {
    test::TestRequest::post()
        .uri("/v2/user/auth")
        .peer_addr(peer.parse::<SocketAddr>().expect("peer"))
        .set_json(json!({ "login": login, "password": password }))
}

/// `user/auth` through `app`: status, `Retry-After` and body.
macro_rules! login {
    ($app:expr, $login:expr, $password:expr, $peer:expr) => {
        answer(test::call_service($app, auth($login, $password, $peer).to_request()).await).await
    };
}

async fn answer(response: ServiceResponse) -> (u16, Option<String>, Value) {
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body: Value = serde_json::from_slice(&test::read_body(response).await).expect("JSON");
    (status, retry, body)
}

macro_rules! app {
    ($fixture:expr) => {
        test::init_service(
            App::new()
                .app_data($fixture.state.clone())
                .configure(configure),
        )
        .await
    };
}

#[actix_web::test]
async fn a_login_is_refused_after_ten_failures_without_a_verification() {
    let fixture = fixture(cheap(), ThrottleSettings::default()).await;
    let app = app!(fixture);
    for n in 0..10 {
        let peer = format!("10.0.0.{n}:4000");
        let (status, _, body) = login!(&app, "ann@example.com", "wrong", &peer);
        assert_eq!(
            (status, &body["status"]["code"]),
            (400, &json!(102)),
            "{body}"
        );
    }
    let runs = fixture.state.auth.passwords.runs();
    // Even the right password, from another address: the login waits.
    let (status, retry, body) = login!(&app, "ann@example.com", PASSWORD, "10.9.9.9:4000");
    assert_eq!(
        (status, &body["status"]["code"]),
        (429, &json!(15)),
        "{body}"
    );
    let secs: u64 = retry.expect("Retry-After").parse().expect("seconds");
    assert!((890..=900).contains(&secs), "{secs}");
    let description = body["status"]["description"].as_str().expect("text");
    assert!(description.starts_with("Too many requests (rate limit exceeded)"));
    assert!(description.contains(&format!("{secs} s")), "{description}");
    assert_eq!(fixture.state.auth.passwords.runs(), runs, "no hash ran");
    // Another login is not affected.
    let (_, _, body) = login!(&app, "nopass@example.com", "x", "10.9.9.9:4000");
    assert_eq!(body["status"]["code"], 102);
}

#[actix_web::test]
async fn success_resets_the_login_and_an_address_is_limited_across_logins() {
    let fixture = fixture(cheap(), limits(3, 5)).await;
    let app = app!(fixture);
    for _ in 0..2 {
        login!(&app, "ann@example.com", "wrong", "192.0.2.1:1");
    }
    let (_, _, body) = login!(&app, "ann@example.com", PASSWORD, "192.0.2.1:1");
    assert_eq!(body["success"], true, "{body}");
    // The count started again: two more failures are still answered 102.
    for _ in 0..2 {
        let (_, _, body) = login!(&app, "ann@example.com", "wrong", "192.0.2.2:1");
        assert_eq!(body["status"]["code"], 102, "{body}");
    }
    // 192.0.2.1 failed twice; three other logins from it reach its limit of 5.
    for login in ["a@example.com", "b@example.com", "c@example.com"] {
        let (_, _, body) = login!(&app, login, "wrong", "192.0.2.1:2");
        assert_eq!(body["status"]["code"], 102, "{body}");
    }
    let (_, _, body) = login!(&app, "nopass@example.com", "x", "192.0.2.1:3");
    assert_eq!(body["status"]["code"], 15, "{body}");
    let (_, _, body) = login!(&app, "nopass@example.com", "x", "192.0.2.3:3");
    assert_eq!(body["status"]["code"], 102, "{body}");
}

#[actix_web::test]
async fn known_and_unknown_logins_cost_one_verification_each() {
    let fixture = fixture(
        Passwords::new(PasswordSettings {
            at_once: 1,
            waiting: 16,
        }),
        ThrottleSettings::default(),
    )
    .await;
    let app = app!(fixture);
    let passwords = &fixture.state.auth.passwords;
    let mut times: [Vec<Duration>; 2] = Default::default();
    for round in 0..5 {
        for (n, login) in ["ann@example.com", "nobody@example.com"]
            .into_iter()
            .enumerate()
        {
            let before = passwords.runs();
            let started = Instant::now();
            let peer = format!("10.1.{n}.{round}:1");
            let (_, _, body) = login!(&app, login, "wrong", &peer);
            times[n].push(started.elapsed());
            assert_eq!(body["status"]["code"], 102, "{body}");
            assert_eq!(passwords.runs(), before + 1, "{login}: one verification");
        }
    }
    let before = passwords.runs();
    let (_, _, body) = login!(&app, "nopass@example.com", "x", "10.2.0.1:1");
    assert_eq!(body["status"]["code"], 102, "{body}");
    assert_eq!(
        passwords.runs(),
        before + 1,
        "no password: one verification"
    );

    // A loose sanity bound on the time itself (the count above is the
    // real check): the medians are within a factor of three.
    let median = |d: &mut Vec<Duration>| {
        d.sort();
        d[d.len() / 2].as_secs_f64()
    };
    let (known, unknown) = (median(&mut times[0]), median(&mut times[1]));
    assert!(
        known < unknown * 3.0 && unknown < known * 3.0,
        "known {known:.4} s, unknown {unknown:.4} s"
    );
}

#[actix_web::test]
async fn password_work_beyond_the_queue_answers_15() {
    let fixture = fixture(
        Passwords::new(PasswordSettings {
            at_once: 1,
            waiting: 1,
        }),
        limits(1000, 1000),
    )
    .await;
    let app = app!(fixture);
    let calls = (0..8).map(|n| {
        let request = auth("ann@example.com", "wrong", &format!("10.3.0.{n}:1"));
        test::call_service(&app, request.to_request())
    });
    let mut codes = Vec::new();
    for response in futures_util::future::join_all(calls).await {
        codes.push(answer(response).await.2["status"]["code"].clone());
    }
    let busy = codes.iter().filter(|c| **c == 15).count();
    assert!(busy >= 1, "{codes:?}");
    assert!(codes.iter().all(|c| *c == 15 || *c == 102), "{codes:?}");
    assert_eq!(fixture.state.auth.passwords.peak(), 1);
}

#[actix_web::test]
async fn the_session_hash_is_answered_once_and_stored_as_its_digest() {
    let fixture = fixture(cheap(), ThrottleSettings::default()).await;
    let app = app!(fixture);
    let (_, _, body) = login!(&app, "ann@example.com", PASSWORD, "10.4.0.1:1");
    let hash = body["hash"].as_str().expect("a hash").to_owned();
    let store = &fixture.state.store;
    let session = store
        .session(&SecretDigest::of(&hash))
        .expect("read")
        .expect("stored");
    assert_eq!(session.digest, SecretDigest::of(&hash));
    assert!(!format!("{session:?}").contains(&hash));
    // The hash works; its digest's hex does not.
    let info = |hash: String| {
        test::TestRequest::post()
            .uri("/v2/user/get_info")
            .set_json(json!({ "hash": hash }))
            .to_request()
    };
    let (_, _, ok) = answer(test::call_service(&app, info(hash.clone())).await).await;
    assert_eq!(ok["user_info"]["login"], "ann@example.com", "{ok}");
    let (_, _, refused) = answer(test::call_service(&app, info(session.digest.id())).await).await;
    assert_eq!(refused["status"]["code"], 4, "{refused}");
}

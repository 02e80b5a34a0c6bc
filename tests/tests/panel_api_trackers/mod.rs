//! The Panel API's tracker calls against the running gateway: listing and
//! reading the dealer's trackers, moving one to another user, its label
//! and device, its owner's tariff (with charges and refunds in the
//! ledger), and raw commands to a connected device. Another dealer's
//! administrator gets 201 for every one of them.

use crate::support;

mod changes;
mod commands;
mod moves;
mod reads;
mod tariffs;

use std::path::Path;

use serde_json::{Value, json};
use support::panel_api::{admin, all, call, code, dealer, log_in, seed};
use trackgate_api::user::openapi::conform::conforms;
use trackgate_gateway::Config;
use trackgate_store::*;
use trackgate_tests::http;

/// The IMEIs of the seeded trackers.
pub(crate) const ADA_IMEI: &str = "356307042441101";
pub(crate) const BOB_IMEI: &str = "356307042441102";
pub(crate) const CYD_IMEI: &str = "356307042441103";

/// A gateway with two dealers and their trackers:
/// - North: users `ada` (on the tariff `basic`, price 10, with one
///   tracker and 100 paid in) and `bob` (no tariff, one tracker);
/// - South: user `cyd` with one tracker, and its own tariff `south`;
/// - administrators `north` and `south` (every permission, of their
///   dealer) and `staff` (every permission, no dealer).
pub(crate) struct World {
    pub(crate) gateway: support::Running,
    pub(crate) document: Value,
    pub(crate) north: String,
    pub(crate) south: String,
    pub(crate) staff: String,
    pub(crate) ada: UserId,
    pub(crate) bob: UserId,
    pub(crate) cyd: UserId,
    pub(crate) ada_tracker: u64,
    pub(crate) bob_tracker: u64,
    pub(crate) cyd_tracker: u64,
    pub(crate) basic: u64,
    pub(crate) south_tariff: u64,
    pub(crate) north_dealer: DealerId,
}

/// Seeds the world, `extra` adding to the store before the gateway
/// opens it, and starts the gateway with `tweak`.
pub(crate) fn world(
    dir: &Path,
    extra: impl FnOnce(&EmbeddedStore, &Seeded),
    tweak: impl FnOnce(&mut Config),
) -> World {
    let seeded = seed(dir, |store| {
        let north = dealer(store, "North");
        let south = dealer(store, "South");
        admin(store, "north", Some(north), all());
        admin(store, "south", Some(south), all());
        admin(store, "staff", None, all());
        let basic = plan(store, "Basic", "10", Some(north), None);
        let south_tariff = plan(store, "South", "5", Some(south), None);
        let ada = user(store, "ada@example.com", Some(north), Some(basic));
        let bob = user(store, "bob@example.com", Some(north), None);
        let cyd = user(store, "cyd@example.com", Some(south), None);
        // Enough for Basic's periods: the renewal at the start charges one.
        store
            .append_transaction(
                NewTransaction {
                    user: ada,
                    time_ms: 1_700_000_000_000,
                    amount: Money::parse("100").expect("an amount"),
                    kind: TransactionType::Payment,
                    description: "paid in".into(),
                    tracker: None,
                    made_by: Some("test".into()),
                },
                None,
            )
            .expect("ada's payment");
        let seeded = Seeded {
            north,
            ada,
            bob,
            cyd,
            ada_tracker: tracker(store, ADA_IMEI, "Ada's van", ada),
            bob_tracker: tracker(store, BOB_IMEI, "Bob's truck", bob),
            cyd_tracker: tracker(store, CYD_IMEI, "Cyd's car", cyd),
            basic,
            south_tariff,
        };
        extra(store, &seeded);
        seeded
    });
    let gateway = support::start(dir, tweak);
    let document: Value = http::get(gateway.api, "/v2/panel/openapi.json").json();
    World {
        north: log_in(&gateway, "north"),
        south: log_in(&gateway, "south"),
        staff: log_in(&gateway, "staff"),
        gateway,
        document,
        ada: seeded.ada,
        bob: seeded.bob,
        cyd: seeded.cyd,
        ada_tracker: seeded.ada_tracker.0,
        bob_tracker: seeded.bob_tracker.0,
        cyd_tracker: seeded.cyd_tracker.0,
        basic: seeded.basic.0,
        south_tariff: seeded.south_tariff.0,
        north_dealer: seeded.north,
    }
}

/// What [`world`] seeded, for `extra`.
pub(crate) struct Seeded {
    pub(crate) north: DealerId,
    pub(crate) ada: UserId,
    pub(crate) bob: UserId,
    pub(crate) cyd: UserId,
    pub(crate) ada_tracker: TrackerId,
    pub(crate) bob_tracker: TrackerId,
    pub(crate) cyd_tracker: TrackerId,
    pub(crate) basic: PlanId,
    pub(crate) south_tariff: PlanId,
}

/// A plan of `dealer` costing `price` per 30 days.
pub(crate) fn plan(
    store: &EmbeddedStore,
    name: &str,
    price: &str,
    dealer: Option<DealerId>,
    tracker_limit: Option<u32>,
) -> PlanId {
    store
        .create_plan(NewBillingPlan {
            name: name.into(),
            price: Money::parse(price).expect("a price"),
            period_days: 30,
            tracker_limit,
            history_days: None,
            dealer,
            unpaid: UnpaidPolicy::Block,
        })
        .expect("plan")
        .id
}

/// A user `login` of `dealer` on `plan`.
pub(crate) fn user(
    store: &EmbeddedStore,
    login: &str,
    dealer: Option<DealerId>,
    plan: Option<PlanId>,
) -> UserId {
    let mut user = store
        .create_user(NewUser {
            login: login.into(),
            password_hash: String::new(),
            created_ms: 1_700_000_000_000,
        })
        .expect("user");
    user.dealer = dealer;
    user.plan = plan;
    store.update_user(&user).expect("dealer and plan");
    user.id
}

/// A Teltonika tracker of `owner`.
pub(crate) fn tracker(store: &EmbeddedStore, imei: &str, label: &str, owner: UserId) -> TrackerId {
    store
        .create_tracker(NewTracker {
            device_id: imei.into(),
            label: label.into(),
            model: "teltonika".into(),
            owner: Some(owner),
            created_ms: 1_700_000_000_000,
        })
        .expect("tracker")
        .id
}

impl World {
    /// A Panel call as `hash`.
    pub(crate) fn call(&self, path: &str, hash: &str, body: Value) -> Value {
        call(&self.gateway, path, hash, body)
    }

    /// A Panel call as `hash` that must succeed and fit the document.
    pub(crate) fn ok(&self, path: &str, hash: &str, body: Value) -> Value {
        let answer = self.call(path, hash, body);
        assert_eq!(code(&answer), 0, "{path}: {answer}");
        if let Err(why) = conforms(&self.document, path, &answer) {
            panic!("{path} does not fit the document: {why}\n{answer}");
        }
        answer
    }

    /// The error code of a Panel call as `hash`.
    pub(crate) fn code(&self, path: &str, hash: &str, body: Value) -> i64 {
        code(&self.call(path, hash, body))
    }

    /// `tracker/read` of `tracker` as the North administrator.
    pub(crate) fn read(&self, tracker: u64) -> Value {
        self.ok(
            "tracker/read",
            &self.north,
            json!({ "tracker_id": tracker }),
        )["value"]
            .clone()
    }

    /// A User API session for `user`, from `user/session/create`.
    pub(crate) fn user_hash(&self, user: UserId) -> String {
        let session = self.ok(
            "user/session/create",
            &self.staff,
            json!({ "user_id": user.0 }),
        );
        session["hash"].as_str().expect("a hash").to_owned()
    }
}

//! The failed-login limits, and the addresses a lock does not keep out.

use super::*;

fn throttle(per_login: u32, per_address: u32) -> LoginThrottle {
    LoginThrottle::new(ThrottleSettings {
        per_login,
        per_address,
        window: Duration::from_secs(900),
    })
}

fn ip(text: &str) -> Option<IpAddr> {
    Some(text.parse().expect("an address"))
}

#[test]
fn a_login_is_refused_after_its_failures_until_its_window_closes() {
    let throttle = throttle(3, 100);
    let start = Instant::now();
    for n in 0..3 {
        let at = start + Duration::from_secs(n);
        throttle
            .begin_at("ann", ip("10.0.0.1"), at)
            .expect("allowed")
            .failed();
    }
    let refused = throttle
        .begin_at("ann", ip("10.0.0.2"), start + Duration::from_secs(100))
        .expect_err("refused");
    assert_eq!(refused.retry_after_secs, 800);
    // Another login from the same address is not affected.
    throttle
        .begin_at("bob", ip("10.0.0.1"), start)
        .expect("bob")
        .failed();
    // The window opened with the first failure closes 900 s later.
    let later = start + Duration::from_secs(900);
    assert!(throttle.begin_at("ann", ip("10.0.0.1"), later).is_ok());
}

#[test]
fn an_address_is_refused_after_its_failures_whatever_the_login() {
    let throttle = throttle(100, 4);
    let now = Instant::now();
    for n in 0..4 {
        throttle
            .begin_at(&format!("user{n}"), ip("192.0.2.7"), now)
            .expect("allowed")
            .failed();
    }
    assert!(throttle.begin_at("someone", ip("192.0.2.7"), now).is_err());
    assert!(
        throttle
            .begin_at("someone", ip("::ffff:192.0.2.7"), now)
            .is_err()
    );
    assert!(throttle.begin_at("someone", ip("192.0.2.8"), now).is_ok());
    // IPv6 counts per /64.
    for n in 0..4 {
        throttle
            .begin_at("v6", ip(&format!("2001:db8::{n}")), now)
            .expect("allowed")
            .failed();
    }
    assert!(throttle.begin_at("x", ip("2001:db8::ffff:1"), now).is_err());
    assert!(throttle.begin_at("x", ip("2001:db8:0:1::1"), now).is_ok());
}

#[test]
fn success_clears_the_login_and_no_verdict_counts_nothing() {
    let throttle = throttle(2, 3);
    let now = Instant::now();
    throttle
        .begin_at("ann", ip("10.0.0.1"), now)
        .expect("1")
        .failed();
    throttle
        .begin_at("ann", ip("10.0.0.1"), now)
        .expect("2")
        .succeeded();
    throttle
        .begin_at("ann", ip("10.0.0.1"), now)
        .expect("3")
        .failed();
    // One failure since the success: one more is allowed.
    drop(
        throttle
            .begin_at("ann", ip("10.0.0.1"), now)
            .expect("no verdict"),
    );
    throttle
        .begin_at("ann", ip("10.0.0.1"), now)
        .expect("4")
        .failed();
    assert!(throttle.begin_at("ann", ip("10.0.0.9"), now).is_err());
    // The address saw 3 failures (the success and the attempt without a
    // verdict did not count): its limit is reached too.
    assert!(throttle.begin_at("bob", ip("10.0.0.1"), now).is_err());
}

#[test]
fn concurrent_attempts_count_before_they_fail() {
    let throttle = throttle(2, 100);
    let now = Instant::now();
    let first = throttle.begin_at("ann", None, now).expect("first");
    let second = throttle.begin_at("ann", None, now).expect("second");
    assert!(
        throttle.begin_at("ann", None, now).is_err(),
        "two are running"
    );
    first.failed();
    second.succeeded();
    assert!(throttle.begin_at("ann", None, now).is_ok());
}

#[test]
fn tables_stay_bounded() {
    let throttle = throttle(10, 10);
    let now = Instant::now();
    for n in 0..MAX_TRACKED + 10 {
        let at = now + Duration::from_millis(n as u64);
        throttle
            .begin_at(&n.to_string(), None, at)
            .expect("allowed")
            .failed();
    }
    let tables = throttle.tables();
    assert_eq!(tables.logins.windows.len(), MAX_TRACKED);
    // The oldest gave way.
    assert!(
        !tables
            .logins
            .windows
            .contains_key(SecretDigest::of("0").as_bytes())
    );
}

#[test]
fn a_locked_login_still_lets_in_an_address_that_logged_in_before() {
    let throttle = throttle(3, 100);
    let now = Instant::now();
    throttle
        .begin_at("ann", ip("10.0.0.1"), now)
        .expect("before the guesser")
        .succeeded();
    for _ in 0..3 {
        throttle
            .begin_at("ann", ip("198.51.100.9"), now)
            .expect("a guess")
            .failed();
    }
    // The guesser, and any address ann never logged in from, are refused.
    assert!(throttle.begin_at("ann", ip("198.51.100.9"), now).is_err());
    assert!(throttle.begin_at("ann", ip("10.0.0.2"), now).is_err());
    // Ann's own address is let in, and her success leaves the lock on.
    throttle
        .begin_at("ann", ip("10.0.0.1"), now)
        .expect("trusted")
        .succeeded();
    assert!(throttle.begin_at("ann", ip("198.51.100.9"), now).is_err());
}

use std::time::Duration;

use super::*;

const PHASES: Phases = Phases {
    warmup_s: 10,
    flood_s: 10,
    recovery_s: 10,
};

/// A run in which every second has `acks` acks and one good API round,
/// then `change` rewrites some seconds.
fn run(acks: u64, change: impl Fn(&mut Second)) -> Vec<Second> {
    (0..PHASES.total_s())
        .map(|at_s| {
            let mut s = Second {
                at_s,
                acks: if at_s < 2 { 0 } else { acks },
                api_ok: 1,
                ..Second::default()
            };
            change(&mut s);
            s
        })
        .collect()
}

#[test]
fn phases_split_the_seconds() {
    assert_eq!(PHASES.total_s(), 30);
    assert_eq!(PHASES.of(9), Phase::Before);
    assert_eq!(PHASES.of(10), Phase::During);
    assert_eq!(PHASES.of(19), Phase::During);
    assert_eq!(PHASES.of(20), Phase::After);
    assert_eq!(PHASES.tail_s(), 5);
    let short = Phases {
        recovery_s: 3,
        ..PHASES
    };
    assert_eq!(short.tail_s(), 1);
}

#[test]
fn an_untouched_canary_recovered_at_once() {
    let r = recovery(&run(20, |_| {}), PHASES, 2, true);
    assert_eq!(r.baseline_acks_per_s, 20.0, "the settling seconds left out");
    assert_eq!(r.normal_acks, 18.0);
    assert_eq!((r.min_acks_during, r.abnormal_seconds_during), (20, 0));
    assert_eq!(r.normal_after_s, Some(0));
    assert!(r.devices_recovered && r.api_recovered && r.recovered);
}

#[test]
fn a_canary_starved_during_the_flood_recovers_when_acks_come_back() {
    let seconds = run(20, |s| {
        if (10..23).contains(&s.at_s) {
            s.acks = 0;
            s.device_failures = 1;
            s.api_ok = 0;
            s.api_failed = 1;
        }
    });
    let r = recovery(&seconds, PHASES, 2, true);
    assert_eq!((r.min_acks_during, r.abnormal_seconds_during), (0, 10));
    assert_eq!(r.normal_after_s, Some(3));
    assert!(r.recovered);
}

#[test]
fn acks_that_stay_low_after_the_flood_are_no_recovery() {
    let seconds = run(20, |s| {
        if s.at_s >= 10 {
            s.acks = 17;
        }
    });
    let r = recovery(&seconds, PHASES, 2, true);
    assert_eq!(r.normal_after_s, None);
    assert!(!r.devices_recovered && r.api_recovered && !r.recovered);

    // Normal again, but too late to fill the tail.
    let late = run(20, |s| {
        if (10..28).contains(&s.at_s) {
            s.acks = 0;
        }
    });
    let r = recovery(&late, PHASES, 2, true);
    assert_eq!(r.normal_after_s, Some(8));
    assert!(!r.devices_recovered);
}

#[test]
fn failing_api_rounds_or_a_dead_gateway_fail_the_recovery() {
    let api_down = run(20, |s| {
        if s.at_s == 28 {
            s.api_ok = 0;
            s.api_failed = 1;
        }
    });
    let r = recovery(&api_down, PHASES, 2, true);
    assert!(r.devices_recovered && !r.api_recovered && !r.recovered);
    let no_rounds = run(20, |s| s.api_ok = 0);
    assert!(!recovery(&no_rounds, PHASES, 2, true).api_recovered);
    assert!(!recovery(&run(20, |_| {}), PHASES, 2, false).recovered);
    assert!(
        !recovery(&run(0, |_| {}), PHASES, 2, true).recovered,
        "no baseline"
    );
}

#[test]
fn the_timeline_counts_in_the_second_things_happen() {
    let start = Instant::now();
    let timeline = Timeline::new(start, PHASES);
    timeline.note(start + Duration::from_millis(10_500), |s| s.acks += 1);
    timeline.note(start + Duration::from_millis(10_900), |s| s.acks += 1);
    timeline.note(start + Duration::from_secs(500), |s| s.api_failed += 1);
    assert_eq!(
        timeline.phase(start + Duration::from_millis(9_999)),
        Phase::Before
    );
    assert_eq!(
        timeline.phase(start + Duration::from_secs(10)),
        Phase::During
    );
    timeline.note_span(
        start + Duration::from_millis(12_500),
        start + Duration::from_millis(17_400),
        |s| s.api_failed += 1,
    );
    assert_eq!(timeline.api_failing_s(Phase::During), 6, "12 to 17");
    let seconds = timeline.seconds();
    assert_eq!(seconds.len(), 30);
    assert_eq!(seconds[10].acks, 2);
    assert_eq!(
        seconds[29].api_failed, 1,
        "late events land in the last second"
    );
}

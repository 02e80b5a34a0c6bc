use super::*;

/// 2024-03-31 01:00:00 UTC: Europe/Berlin goes from +01:00 to +02:00.
const BERLIN_SPRING: i64 = 1_711_846_800_000;
/// 2024-10-27 01:00:00 UTC: Europe/Berlin goes from +02:00 back to +01:00.
const BERLIN_AUTUMN: i64 = 1_729_990_800_000;
const HOUR: i64 = 3_600_000;

fn berlin() -> UserZone {
    UserZone::named("Europe/Berlin").expect("bundled zone")
}

#[test]
fn known_instants() {
    assert_eq!(format_datetime(0), "1970-01-01 00:00:00");
    assert_eq!(format_datetime(1_700_000_000_000), "2023-11-14 22:13:20");
    assert_eq!(format_datetime(951_782_400_000), "2000-02-29 00:00:00");
    assert_eq!(format_datetime(-1_000), "1969-12-31 23:59:59");
    assert_eq!(format_date(1_700_000_000_999), "2023-11-14");
    assert_eq!(
        serde_json::to_string(&DateTime(1_700_000_000_000)).unwrap(),
        r#""2023-11-14 22:13:20""#
    );
}

#[test]
fn parse_round_trips_and_rejects_nonsense() {
    for ms in [
        0,
        1_700_000_000_000,
        951_782_400_000,
        -86_400_000,
        4_102_444_799_000,
    ] {
        assert_eq!(parse_datetime(&format_datetime(ms)), Some(ms));
    }
    assert_eq!(parse_datetime("2024-02-30 00:00:00"), None);
    assert_eq!(parse_datetime("2023-02-29"), None);
    assert_eq!(parse_datetime("2024-01-01 24:00:00"), None);
    assert_eq!(parse_datetime("yesterday"), None);
    assert_eq!(parse_datetime("2024-01-01"), Some(1_704_067_200_000));
}

#[test]
fn zones_are_found_by_iana_name_only() {
    assert_eq!(berlin().name(), "Europe/Berlin");
    assert_eq!(
        UserZone::named("america/new_york").map(|z| z.name().to_owned()),
        Some("America/New_York".to_owned())
    );
    assert_eq!(
        UserZone::named("UTC").map(|z| z.name().to_owned()),
        Some("UTC".into())
    );
    for bad in [
        "",
        "Mars/Olympus",
        "+03:00",
        "EST5EDT,M3.2.0,M11.1.0",
        "../etc/passwd",
    ] {
        assert!(UserZone::named(bad).is_none(), "{bad:?}");
    }
}

#[test]
fn instants_are_written_on_the_zone_clock_across_a_transition() {
    let zone = berlin();
    assert_eq!(
        zone.at(BERLIN_SPRING - 1_000).to_string(),
        "2024-03-31 01:59:59"
    );
    assert_eq!(zone.at(BERLIN_SPRING).to_string(), "2024-03-31 03:00:00");
    // Autumn: 02:30 is shown twice, an hour apart.
    assert_eq!(
        zone.at(BERLIN_AUTUMN - HOUR / 2).to_string(),
        "2024-10-27 02:30:00"
    );
    assert_eq!(
        zone.at(BERLIN_AUTUMN + HOUR / 2).to_string(),
        "2024-10-27 02:30:00"
    );
    assert_eq!(
        serde_json::to_string(&zone.at(1_700_000_000_000)).unwrap(),
        r#""2023-11-14 23:13:20""#
    );
    assert_eq!(zone.date(BERLIN_SPRING - 2 * HOUR), "2024-03-31");
    let new_york = UserZone::named("America/New_York").unwrap();
    assert_eq!(
        new_york.at(1_700_000_000_000).to_string(),
        "2023-11-14 17:13:20"
    );
    assert_eq!(new_york.date(1_700_000_000_000 + 3 * HOUR), "2023-11-14");
    assert_eq!(UserZone::utc().at(0).to_string(), "1970-01-01 00:00:00");
}

#[test]
fn local_times_are_read_in_the_zone() {
    let zone = berlin();
    assert_eq!(
        zone.parse("2023-11-14 23:13:20", Pick::Earlier),
        Some(1_700_000_000_000)
    );
    assert_eq!(zone.parse("2024-02-30 10:00:00", Pick::Earlier), None);
    assert_eq!(zone.parse("soon", Pick::Later), None);
    // A date alone is local midnight.
    assert_eq!(
        zone.parse("2024-01-01", Pick::Earlier),
        Some(1_704_067_200_000 - HOUR)
    );
}

#[test]
fn a_skipped_local_time_is_the_transition() {
    let zone = berlin();
    for pick in [Pick::Earlier, Pick::Later] {
        assert_eq!(zone.parse("2024-03-31 02:30:00", pick), Some(BERLIN_SPRING));
        assert_eq!(zone.parse("2024-03-31 02:00:00", pick), Some(BERLIN_SPRING));
    }
    assert_eq!(
        zone.parse("2024-03-31 03:00:00", Pick::Earlier),
        Some(BERLIN_SPRING)
    );
    assert_eq!(
        zone.parse("2024-03-31 01:59:59", Pick::Earlier),
        Some(BERLIN_SPRING - 1_000)
    );
}

#[test]
fn a_repeated_local_time_is_the_instant_picked() {
    let zone = berlin();
    assert_eq!(
        zone.parse("2024-10-27 02:30:00", Pick::Earlier),
        Some(BERLIN_AUTUMN - HOUR / 2)
    );
    assert_eq!(
        zone.parse("2024-10-27 02:30:00", Pick::Later),
        Some(BERLIN_AUTUMN + HOUR / 2)
    );
    assert_eq!(
        zone.parse("2024-10-27 03:00:00", Pick::Earlier),
        Some(BERLIN_AUTUMN + HOUR)
    );
}

#[test]
fn serialised_times_are_what_they_display() {
    // Every year 0 to 9999 takes the buffer; the years around them, and
    // every hour and minute of a day, are checked against Display.
    let day = 86_400_000i64;
    let mut instants = vec![
        i64::MIN / 2,
        -62_198_755_200_000, // -0001-01-01
        -62_167_219_200_000, // 0000-01-01
        253_402_300_799_000, // 9999-12-31 23:59:59
        253_402_300_800_000, // 10000-01-01
    ];
    instants.extend((0..1_440).map(|minute| 1_714_550_400_000 + minute * 60_000 + 59_999));
    instants.extend((0..400).map(|n| n * 97 * day));
    for ms in instants {
        let utc = serde_json::to_string(&DateTime(ms)).expect("json");
        assert_eq!(utc, format!("\"{}\"", DateTime(ms)), "{ms}");
        for offset_s in [-43_200, 0, 19_800, 50_400] {
            let local = LocalTime { ms, offset_s };
            let json = serde_json::to_string(&local).expect("json");
            assert_eq!(json, format!("\"{local}\""), "{ms} {offset_s}");
        }
    }
}

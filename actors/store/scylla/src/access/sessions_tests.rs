//! Tests of `sessions`: the rows a session writes and deletes.

use scylla::value::CqlValue;
use trackgate_store::{PanelAdminId, UserId};

use super::sessions::*;
use crate::codec;
use crate::values::{big, blob, digest_blob, text};
use trackgate_store::{PanelSession, SecretDigest, Session, StoreError};

fn session(tag: &str, user: u64, expires_ms: i64) -> Session {
    Session {
        digest: SecretDigest::of(tag),
        user: UserId(user),
        created_ms: 1_000,
        expires_ms,
    }
}

const NOW: i64 = 1_700_000_000_000;

#[test]
fn hours_bucket_expiries_on_both_sides_of_zero() {
    assert_eq!(hour_of(0), 0);
    assert_eq!(hour_of(3_599_999), 0);
    assert_eq!(hour_of(3_600_000), 1);
    assert_eq!(hour_of(-1), -1, "rounded down, not toward zero");
    assert_eq!(hour_end(0), 3_599_999);
    assert_eq!(hour_end(-1), -1);
    for t in [i64::MIN / 2 + 10_000, -1, 0, NOW, i64::MAX] {
        let hour = hour_of(t);
        assert!(hour_end(hour - 1) < t && t <= hour_end(hour), "{t}");
    }
    assert_eq!(hour_end(hour_of(i64::MIN)), -9_223_372_036_854_000_001);
    assert!(
        hour_end(hour_of(i64::MIN) - 1) < i64::MIN + 1,
        "no overflow"
    );
    assert_eq!(hour_end(hour_of(i64::MAX)), i64::MAX, "saturates");
}

#[test]
fn a_new_session_writes_its_four_rows_with_one_time_to_live() {
    let new = session("a", 7, NOW + 7_200_000);
    let writes = put_writes(&USER, None, &new, NOW).unwrap();
    assert_eq!(
        writes.names(),
        [
            "sessions.put",
            "user_sessions.put",
            "session_expiries.put",
            "session_hours.put"
        ]
    );
    let values = writes.values_for_tests();
    let ttl = CqlValue::Int(7_200 + 86_400);
    assert_eq!(values[0][2], ttl);
    assert_eq!(
        values[1],
        vec![big(7), blob(digest_blob(&new.digest)), ttl.clone()]
    );
    assert_eq!(
        values[2],
        vec![
            text("user"),
            big(hour_of(NOW + 7_200_000)),
            big(NOW + 7_200_000),
            blob(digest_blob(&new.digest)),
            ttl
        ]
    );
    let body = match &values[0][1] {
        CqlValue::Blob(body) => body.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(decode::<Session>(&USER, &new.digest, &body).unwrap(), new);
    // The hour's row lives at least as long as any entry in it.
    match (&values[3][2], &values[0][2]) {
        (CqlValue::Int(hour), CqlValue::Int(row)) => assert!(hour >= row),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_ended_session_is_kept_for_the_grace() {
    let ended = session("a", 7, 10_000);
    let writes = put_writes(&USER, None, &ended, NOW).unwrap();
    let values = writes.values_for_tests();
    assert_eq!(values[0][2], CqlValue::Int(86_400));
    assert_eq!(values[3][2], CqlValue::Int(86_400));
}

#[test]
fn replacing_moves_only_the_entries_that_changed() {
    let old = session("a", 7, NOW + 1_000);
    let same = put_writes(&USER, Some(&old), &old, NOW).unwrap();
    assert_eq!(
        same.names().len(),
        4,
        "nothing to delete: {:?}",
        same.names()
    );

    let renewed = Session {
        expires_ms: NOW + 90_000_000,
        ..old.clone()
    };
    let writes = put_writes(&USER, Some(&old), &renewed, NOW).unwrap();
    assert_eq!(writes.names()[0], "session_expiries.delete");
    assert_eq!(
        writes.values_for_tests()[0],
        expiry_values(&USER, old.expires_ms, &digest_blob(&old.digest))
    );
    assert_eq!(writes.names().len(), 5);

    let moved = Session {
        user: UserId(8),
        ..old.clone()
    };
    let writes = put_writes(&USER, Some(&old), &moved, NOW).unwrap();
    assert_eq!(writes.names()[0], "user_sessions.delete");
    assert_eq!(
        writes.values_for_tests()[0],
        vec![big(7), blob(digest_blob(&old.digest))]
    );
    assert_eq!(writes.names().len(), 5);
}

#[test]
fn panel_sessions_go_to_their_own_tables() {
    let panel = PanelSession {
        digest: SecretDigest::of("p"),
        admin: PanelAdminId(3),
        created_ms: 1,
        expires_ms: NOW,
        last_used_ms: 2,
    };
    let writes = put_writes(&PANEL, None, &panel, NOW).unwrap();
    assert_eq!(
        writes.names(),
        [
            "panel_sessions.put",
            "admin_sessions.put",
            "session_expiries.put",
            "session_hours.put"
        ]
    );
    assert_eq!(writes.values_for_tests()[2][0], text("panel"));
    assert_eq!(writes.values_for_tests()[1][0], big(3));
}

#[test]
fn deletes_name_every_row_at_the_read_write_time_when_given() {
    let s = session("a", 7, NOW);
    let plain = delete_writes(&USER, &s, None);
    assert_eq!(
        plain.names(),
        [
            "sessions.delete",
            "user_sessions.delete",
            "session_expiries.delete"
        ]
    );
    let at = delete_writes(&USER, &s, Some(123));
    assert_eq!(
        at.names(),
        [
            "sessions.delete_at",
            "user_sessions.delete_at",
            "session_expiries.delete_at"
        ]
    );
    assert!(at.values_for_tests().iter().all(|v| v[0] == big(123)));
    assert_eq!(at.values_for_tests()[1][1], big(7));
}

#[test]
fn a_body_under_another_digest_or_damaged_is_corrupt() {
    let s = session("a", 7, NOW);
    let body = codec::encode(&s).unwrap();
    assert!(matches!(
        decode::<Session>(&USER, &SecretDigest::of("b"), &body),
        Err(StoreError::Corrupt(_))
    ));
    assert!(matches!(
        decode::<Session>(&USER, &s.digest, &body[..body.len() - 1]),
        Err(StoreError::Corrupt(_))
    ));
}

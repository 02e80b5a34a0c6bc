//! How records change a tracker's live state.
//!
//! Devices send buffered records late and out of order, so every part of the
//! state keeps the newest value by fix time, never simply the last arrival.
//! That makes applying records order-free and idempotent (ties aside):
//! the same set of records gives the same state in any order, applied once
//! or twice, which is what lets a state persisted now and then be brought
//! up to date from the points stored after it (see [`crate::recovery`]).

use std::sync::Arc;

use trackgate_protocols::{FixSource, Record, Sensor, Value};

use crate::model::{Timed, TrackerState};

/// Speed above which a record counts as moving when the device does not say.
pub(crate) const MOVING_SPEED_KMH: f64 = 3.0;

impl TrackerState {
    /// Applies records received at `now_ms`.
    pub fn apply_records(&mut self, records: &[Record], now_ms: i64) {
        for record in records {
            apply_record(self, record);
        }
        self.last_update_ms = Some(now_ms);
    }
}

fn apply_record(state: &mut TrackerState, record: &Record) {
    let at = record.fix_time_ms;
    let newest = is_newer(state.last_record.as_deref(), at);
    let gps = record.valid && record.source == FixSource::Gnss;
    let newest_gps = gps && is_newer(state.last_gps.as_deref(), at);
    if newest || newest_gps {
        // One copy of the record, shared by both parts when it is both.
        let timed = Arc::new(Timed {
            value: record.clone(),
            updated_ms: at,
        });
        if newest_gps {
            state.last_gps = Some(timed.clone());
        }
        if newest {
            state.last_record = Some(timed);
        }
    }
    if is_moving(record) && state.last_moving_ms.is_none_or(|t| t < at) {
        state.last_moving_ms = Some(at);
    }
    for named in &record.values {
        let name = named.sensor.name();
        // The name is only allocated for a value the state has not seen yet.
        match state.values.get_mut(name.as_ref()) {
            Some(held) if held.updated_ms <= at => {
                held.value = named.value.clone();
                held.updated_ms = at;
            }
            Some(_) => {}
            None => {
                state.values.insert(
                    Arc::from(name.as_ref()),
                    Timed {
                        value: named.value.clone(),
                        updated_ms: at,
                    },
                );
            }
        }
    }
}

fn is_newer(current: Option<&Timed<Record>>, at: i64) -> bool {
    current.is_none_or(|c| c.updated_ms <= at)
}

/// The device's own motion flag when it sends one, else speed.
fn is_moving(record: &Record) -> bool {
    let flag = record
        .values
        .iter()
        .find_map(|v| match (&v.sensor, &v.value) {
            (Sensor::Motion, Value::Bool(moving)) => Some(*moving),
            _ => None,
        });
    flag.unwrap_or(record.valid && record.speed_kmh > MOVING_SPEED_KMH)
}

#[cfg(test)]
mod tests {
    use trackgate_protocols::NamedValue;

    use super::*;

    fn record(at: i64, lat: f64) -> Record {
        Record::at(at, lat, 10.0)
    }

    #[test]
    fn late_records_do_not_replace_newer_ones() {
        let mut state = TrackerState::default();
        state.apply_records(&[record(2_000, 2.0)], 10);
        state.apply_records(&[record(1_000, 1.0)], 20);
        let last = state.last_gps.as_ref().map(|t| t.value.latitude);
        assert_eq!(last, Some(2.0));
        assert_eq!(state.last_update_ms, Some(20));
    }

    #[test]
    fn invalid_and_lbs_fixes_are_not_gps_points() {
        let mut state = TrackerState::default();
        let mut invalid = record(3_000, 3.0);
        invalid.valid = false;
        let mut lbs = record(4_000, 4.0);
        lbs.source = FixSource::Lbs;
        state.apply_records(&[record(1_000, 1.0), invalid, lbs], 5);
        assert_eq!(state.last_gps.as_ref().map(|t| t.updated_ms), Some(1_000));
        assert_eq!(
            state.last_record.as_ref().map(|t| t.updated_ms),
            Some(4_000)
        );
    }

    #[test]
    fn values_keep_the_newest_reading_and_motion_follows_the_flag() {
        let mut state = TrackerState::default();
        let mut newer = record(2_000, 1.0);
        newer
            .values
            .push(NamedValue::new(Sensor::Ignition, Value::Bool(true)));
        newer
            .values
            .push(NamedValue::new(Sensor::Motion, Value::Bool(true)));
        let mut older = record(1_000, 1.0);
        older
            .values
            .push(NamedValue::new(Sensor::Ignition, Value::Bool(false)));
        older.speed_kmh = 80.0;
        state.apply_records(&[newer, older], 5);
        assert_eq!(state.values["ignition"].value, Value::Bool(true));
        assert_eq!(state.last_moving_ms, Some(2_000));
    }
}

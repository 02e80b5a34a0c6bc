//! How `track/list` and `track/read` write trips and points (Navixy's
//! `track_info` and `point_info`).
//!
//! Addresses are empty strings: trackgate has no geocoder, and Navixy
//! answers "" for a point without a recorded address.

use serde::Serialize;

use crate::time::{LocalTime, UserZone};
use trackgate_history::TrackPoint;
use trackgate_history::geo::{LatLng, distance_m};
use trackgate_history::list::{Cluster, Track, TrackList};
use trackgate_history::read::{ReadPoint, ReadResult};
use trackgate_history::trips::TripSummary;

/// `track/read`'s answer fields.
#[derive(Debug, Serialize)]
pub struct ReadAnswer {
    limit_exceeded: bool,
    list: Vec<PointInfo>,
}

impl ReadAnswer {
    /// The answer for `result`.
    pub fn new(result: &ReadResult, zone: &UserZone) -> Self {
        Self {
            limit_exceeded: result.limit_exceeded,
            list: result
                .points
                .iter()
                .map(|p| PointInfo::from_read(p, zone))
                .collect(),
        }
    }
}

/// `track/list`'s answer fields.
#[derive(Debug, Serialize)]
pub struct ListAnswer {
    limit_exceeded: bool,
    list: Vec<TrackInfo>,
}

impl ListAnswer {
    /// The answer for `list`; `event_count` only with `count_events`,
    /// `points_list` only with `with_points`.
    pub fn new(list: &TrackList, count_events: bool, with_points: bool, zone: &UserZone) -> Self {
        Self {
            limit_exceeded: list.limit_exceeded,
            list: list
                .tracks
                .iter()
                .map(|track| TrackInfo::new(track, count_events, with_points, zone))
                .collect(),
        }
    }
}

/// `track_info`: one of four shapes, told apart by `type`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum TrackInfo {
    /// `regular` and `merged`.
    Trip(TripInfo),
    /// `single_report`.
    Single(SingleInfo),
    /// `cluster`.
    Cluster(ClusterInfo),
}

impl TrackInfo {
    fn new(track: &Track, count_events: bool, with_points: bool, zone: &UserZone) -> Self {
        let points = |points: &[TrackPoint]| with_points.then(|| PointInfo::trip(points, zone));
        match track {
            Track::Trip(trip, list) if trip.points == 1 => Self::Single(SingleInfo {
                id: trip.id,
                start_date: zone.at(trip.first.time_ms),
                start_address: "",
                avg_speed: trip.avg_speed_kmh().round() as i64,
                gsm_lbs: trip.all_lbs(),
                kind: "single_report",
                points_list: points(list),
            }),
            Track::Trip(trip, list) => Self::Trip(TripInfo::new(
                Some(trip.id),
                trip,
                "regular",
                count_events,
                points(list),
                zone,
            )),
            Track::Merged(trip, list) => Self::Trip(TripInfo::new(
                None,
                trip,
                "merged",
                count_events,
                points(list),
                zone,
            )),
            Track::Cluster(cluster) => Self::Cluster(ClusterInfo::new(cluster, zone)),
        }
    }
}

#[derive(Debug, Serialize)]
struct TripInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    start_date: LocalTime,
    start_address: &'static str,
    max_speed: i64,
    end_date: LocalTime,
    end_address: &'static str,
    length: f64,
    points: u64,
    avg_speed: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_count: Option<u64>,
    #[serde(rename = "type")]
    kind: &'static str,
    gsm_lbs: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    points_list: Option<Vec<PointInfo>>,
    bounds: Bounds,
}

impl TripInfo {
    fn new(
        id: Option<i64>,
        trip: &TripSummary,
        kind: &'static str,
        count_events: bool,
        points_list: Option<Vec<PointInfo>>,
        zone: &UserZone,
    ) -> Self {
        Self {
            id,
            start_date: zone.at(trip.first.time_ms),
            start_address: "",
            max_speed: trip.max_speed_kmh.round() as i64,
            end_date: zone.at(trip.last.time_ms),
            end_address: "",
            length: round2(trip.length_m / 1000.0),
            points: trip.points,
            avg_speed: trip.avg_speed_kmh().round() as i64,
            event_count: count_events.then_some(trip.events),
            kind,
            gsm_lbs: trip.all_lbs(),
            points_list,
            bounds: Bounds::new(trip.min, trip.max),
        }
    }
}

#[derive(Debug, Serialize)]
struct SingleInfo {
    id: i64,
    start_date: LocalTime,
    start_address: &'static str,
    avg_speed: i64,
    gsm_lbs: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    points_list: Option<Vec<PointInfo>>,
}

#[derive(Debug, Serialize)]
struct ClusterInfo {
    start_date: LocalTime,
    start_address: &'static str,
    end_date: LocalTime,
    points: Vec<Position>,
    bounds: Bounds,
    #[serde(rename = "type")]
    kind: &'static str,
    gsm_lbs: bool,
}

impl ClusterInfo {
    fn new(cluster: &Cluster, zone: &UserZone) -> Self {
        let first = cluster.reports.first().map_or(0, |r| r.first.time_ms);
        let last = cluster.reports.last().map_or(0, |r| r.last.time_ms);
        let mut min = LatLng {
            lat: f64::INFINITY,
            lng: f64::INFINITY,
        };
        let mut max = LatLng {
            lat: f64::NEG_INFINITY,
            lng: f64::NEG_INFINITY,
        };
        for at in cluster.positions() {
            min.lat = min.lat.min(at.lat);
            min.lng = min.lng.min(at.lng);
            max.lat = max.lat.max(at.lat);
            max.lng = max.lng.max(at.lng);
        }
        Self {
            start_date: zone.at(first),
            start_address: "",
            end_date: zone.at(last),
            points: cluster.positions().map(Position::from).collect(),
            bounds: Bounds::new(min, max),
            kind: "cluster",
            gsm_lbs: cluster.all_lbs(),
        }
    }
}

#[derive(Debug, Serialize)]
struct Position {
    lat: f64,
    lng: f64,
}

impl From<LatLng> for Position {
    fn from(at: LatLng) -> Self {
        Self {
            lat: at.lat,
            lng: at.lng,
        }
    }
}

/// North-west and south-east corners of a bounding box.
#[derive(Debug, Serialize)]
struct Bounds {
    nw: Position,
    se: Position,
}

impl Bounds {
    fn new(min: LatLng, max: LatLng) -> Self {
        Self {
            nw: Position {
                lat: max.lat,
                lng: min.lng,
            },
            se: Position {
                lat: min.lat,
                lng: max.lng,
            },
        }
    }
}

/// `point_info`.
#[derive(Debug, Serialize)]
pub struct PointInfo {
    lat: f64,
    lng: f64,
    alt: i64,
    satellites: u8,
    mileage: f64,
    get_time: LocalTime,
    address: &'static str,
    heading: i64,
    speed: i64,
    gsm_lbs: bool,
    parking: bool,
    buffered: bool,
}

impl PointInfo {
    fn new(p: &TrackPoint, parking: bool, mileage_km: f64, zone: &UserZone) -> Self {
        Self {
            lat: p.at.lat,
            lng: p.at.lng,
            alt: p.alt_m.round() as i64,
            satellites: p.satellites,
            mileage: round2(mileage_km),
            get_time: zone.at(p.time_ms),
            address: "",
            heading: p.heading_deg.round() as i64,
            speed: p.speed_kmh.round() as i64,
            gsm_lbs: p.lbs,
            parking,
            buffered: p.buffered,
        }
    }

    fn from_read(p: &ReadPoint, zone: &UserZone) -> Self {
        Self::new(&p.point, p.parking, p.mileage_km, zone)
    }

    /// A trip's points, with the distance from its first point as mileage.
    fn trip(points: &[TrackPoint], zone: &UserZone) -> Vec<Self> {
        let mut metres = 0.0;
        let mut last: Option<LatLng> = None;
        points
            .iter()
            .map(|p| {
                if let Some(last) = last {
                    metres += distance_m(last, p.at);
                }
                last = Some(p.at);
                Self::new(p, false, metres / 1000.0, zone)
            })
            .collect()
    }
}

/// Rounded to two decimals (km to 10 m).
fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

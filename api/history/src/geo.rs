//! Distances on the Earth, as track history needs them.
//!
//! Great-circle distance (haversine) for lengths and speeds; a local flat
//! projection for the point-to-segment distances of simplification, where
//! segments are short enough for the Earth to be flat.

/// Mean Earth radius, metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A position in WGS-84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLng {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lng: f64,
}

/// Great-circle distance between two positions, metres.
pub fn distance_m(a: LatLng, b: LatLng) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlng = (b.lng - a.lng).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Speed needed to go from `a` at `a_ms` to `b` at `b_ms`, km/h; infinite
/// when they are at one instant but apart.
pub fn implied_speed_kmh(a: LatLng, a_ms: i64, b: LatLng, b_ms: i64) -> f64 {
    let metres = distance_m(a, b);
    let hours = (b_ms - a_ms).unsigned_abs() as f64 / 3_600_000.0;
    if hours == 0.0 {
        if metres == 0.0 { 0.0 } else { f64::INFINITY }
    } else {
        metres / 1000.0 / hours
    }
}

/// Distance from `p` to the segment `a`–`b`, metres, on a plane tangent
/// at `a` (good to well under a metre for segments of tens of km).
pub fn segment_distance_m(p: LatLng, a: LatLng, b: LatLng) -> f64 {
    let cos_lat = a.lat.to_radians().cos();
    let to_xy = |q: LatLng| {
        let mut dlng = q.lng - a.lng;
        // The short way round across the antimeridian.
        if dlng > 180.0 {
            dlng -= 360.0;
        } else if dlng < -180.0 {
            dlng += 360.0;
        }
        (
            dlng.to_radians() * EARTH_RADIUS_M * cos_lat,
            (q.lat - a.lat).to_radians() * EARTH_RADIUS_M,
        )
    };
    let (px, py) = to_xy(p);
    let (bx, by) = to_xy(b);
    let length2 = bx * bx + by * by;
    let t = if length2 == 0.0 {
        0.0
    } else {
        ((px * bx + py * by) / length2).clamp(0.0, 1.0)
    };
    let (dx, dy) = (px - t * bx, py - t * by);
    (dx * dx + dy * dy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RIGA: LatLng = LatLng {
        lat: 56.9496,
        lng: 24.1052,
    };

    #[test]
    fn known_distances() {
        // One degree of latitude is 111.2 km on the mean sphere.
        let north = LatLng {
            lat: RIGA.lat + 1.0,
            lng: RIGA.lng,
        };
        assert!((distance_m(RIGA, north) - 111_195.0).abs() < 5.0);
        // Paris to London, 343.5 km.
        let paris = LatLng {
            lat: 48.8566,
            lng: 2.3522,
        };
        let london = LatLng {
            lat: 51.5074,
            lng: -0.1278,
        };
        assert!((distance_m(paris, london) / 1000.0 - 343.5).abs() < 1.0);
        assert_eq!(distance_m(RIGA, RIGA), 0.0);
    }

    #[test]
    fn speeds_between_fixes() {
        let north = LatLng {
            lat: RIGA.lat + 0.001,
            lng: RIGA.lng,
        };
        // 111.2 m in 10 s is 40 km/h.
        assert!((implied_speed_kmh(RIGA, 0, north, 10_000) - 40.03).abs() < 0.05);
        assert_eq!(implied_speed_kmh(RIGA, 5, RIGA, 5), 0.0);
        assert!(implied_speed_kmh(RIGA, 5, north, 5).is_infinite());
    }

    #[test]
    fn distance_to_a_segment_uses_the_nearest_part() {
        let east = LatLng {
            lat: RIGA.lat,
            lng: RIGA.lng + 0.01,
        };
        // 0.001 degrees north of the middle of an east-west segment: 111 m.
        let above = LatLng {
            lat: RIGA.lat + 0.001,
            lng: RIGA.lng + 0.005,
        };
        assert!((segment_distance_m(above, RIGA, east) - 111.2).abs() < 0.5);
        // Beyond the end, the distance is to the end point.
        let beyond = LatLng {
            lat: RIGA.lat,
            lng: RIGA.lng + 0.02,
        };
        let to_end = distance_m(beyond, east);
        assert!((segment_distance_m(beyond, RIGA, east) - to_end).abs() < 1.0);
        // A segment of one point is that point.
        assert!((segment_distance_m(above, RIGA, RIGA) - distance_m(above, RIGA)).abs() < 1.0);
    }
}

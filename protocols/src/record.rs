//! The normalised record every protocol decodes into.

use serde::{Deserialize, Serialize};

use crate::sensor::NamedValue;

/// How a record's location was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FixSource {
    /// A satellite (GNSS) fix.
    #[default]
    Gnss,
    /// Estimated from cell towers (GSM LBS); excluded from "last GPS point".
    Lbs,
    /// The record carries no location at all (only I/O or status).
    None,
}

/// One telemetry record: a position fix plus the I/O the device sent with it.
///
/// Units are in the field names. Coordinates are WGS-84 degrees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Fix time in milliseconds since the Unix epoch, UTC.
    pub fix_time_ms: i64,
    /// Whether the device considers the fix valid.
    pub valid: bool,
    /// Where the location came from.
    pub source: FixSource,
    /// Latitude in degrees, north positive.
    pub latitude: f64,
    /// Longitude in degrees, east positive.
    pub longitude: f64,
    /// Altitude above sea level in metres.
    pub altitude_m: f64,
    /// Ground speed in km/h.
    pub speed_kmh: f64,
    /// Course over ground in degrees, 0..360, 0 = north.
    pub course_deg: f64,
    /// Satellites used in the fix, when the device reports it.
    pub satellites: Option<u8>,
    /// Horizontal dilution of precision, when reported.
    pub hdop: Option<f64>,
    /// The device's event or trigger code for this record, when it has one.
    pub event: Option<u32>,
    /// Raw I/O exactly as the device sent it, mapped or not.
    pub io: Vec<IoElement>,
    /// The values trackgate understands, under seed 003 names.
    pub values: Vec<NamedValue>,
}

impl Record {
    /// A record with a time and a location and nothing else.
    pub fn at(fix_time_ms: i64, latitude: f64, longitude: f64) -> Self {
        Self {
            fix_time_ms,
            valid: true,
            source: FixSource::Gnss,
            latitude,
            longitude,
            altitude_m: 0.0,
            speed_kmh: 0.0,
            course_deg: 0.0,
            satellites: None,
            hdop: None,
            event: None,
            io: Vec::new(),
            values: Vec::new(),
        }
    }

    /// The raw I/O element with this numeric id, if present.
    pub fn io(&self, id: u16) -> Option<&IoValue> {
        self.io
            .iter()
            .find(|e| e.key == IoKey::Id(id))
            .map(|e| &e.value)
    }
}

/// Identifies a raw I/O element: a numeric id (binary protocols) or a field name (text protocols).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IoKey {
    /// A numeric element id, e.g. Teltonika AVL id 239.
    Id(u16),
    /// A named field of a text protocol.
    Name(String),
}

/// A raw I/O value as it appeared on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IoValue {
    /// An unsigned integer and the number of bytes it occupied (1, 2, 4 or 8).
    Uint { value: u64, width: u8 },
    /// A variable-length byte string.
    Bytes(Vec<u8>),
    /// Text from a text protocol.
    Text(String),
}

impl IoValue {
    /// The value as an unsigned integer, if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Uint { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The value reinterpreted as a two's-complement signed integer of its own width.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Self::Uint { value, width: 1 } => Some(i64::from(value as u8 as i8)),
            Self::Uint { value, width: 2 } => Some(i64::from(value as u16 as i16)),
            Self::Uint { value, width: 4 } => Some(i64::from(value as u32 as i32)),
            Self::Uint { value, .. } => Some(value as i64),
            _ => None,
        }
    }
}

/// One raw I/O element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IoElement {
    /// Which element.
    pub key: IoKey,
    /// Its raw value.
    pub value: IoValue,
}

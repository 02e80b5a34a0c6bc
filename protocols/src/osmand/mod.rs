//! OsmAnd over HTTP: the position report of OsmAnd, Traccar Client and the
//! many phone apps and scripts that speak its form.
//!
//! # Supported
//!
//! - The query form ([`query`]): `GET` (or `POST` with the parameters in
//!   the query or a form body) `/?id=…&lat=…&lon=…&timestamp=…&…`.
//! - The JSON form ([`json`]): `POST` with `Content-Type: application/json`
//!   and a body `{"device_id": …, "location": {"timestamp": …, "coords":
//!   {"latitude": …, …}, "battery": {…}, "extras": {…}, …}}` as the
//!   background-geolocation plugins send it.
//!
//! Each request becomes [`Message::Records`] naming its device, with one
//! record (or one per location of a JSON batch). Its acknowledgement is the empty `200 OK` answer, sent once the
//! record is durably stored. A request without a device id, or whose
//! fields do not parse, is [`DecodeError::Malformed`] and answered
//! `400 Bad Request`. A device the gateway does not accept gets `400` in
//! the query form and `404 Not Found` in the JSON form
//! ([`OsmandHttp::refusal_status`]), which is what these clients expect.
//!
//! A report with neither coordinates nor a `location` field (cell or Wi-Fi
//! only) is kept as a record without a fix ([`FixSource::None`]), its cell
//! and Wi-Fi lists raw. A report without a time is stamped with the
//! server's clock.
//!
//! Units ([`fields`]): `speed` in knots (the convention of the apps that send
//! this form; converted to km/h), `altitude` in metres, `bearing` or
//! `heading` in degrees, `batt` in percent. The JSON form's `coords.speed`
//! is in metres per second, its `battery.level` a fraction of 1.
//!
//! # Named values
//!
//! `batt` / `battery.level` → battery level, `ignition` → ignition,
//! `motion` / `is_moving` → moving, `odometer` (metres) → odometer,
//! `charge` / `battery.is_charging` → `external_power_state`, `fuel` →
//! `fuel_level`, `rpm` → `obd_rpm`, `driverUniqueId` → `hardware_key`.
//! Every other parameter (and every `extras` member) is kept raw, by name.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`query`]: the query-string form; [`json`]: the JSON form.
//! - [`fields`]: times, units and the named values both forms share.

pub mod fields;
pub mod json;
pub mod query;

#[cfg(test)]
mod tests;

use bytes::Bytes;

use crate::codec::{DecodeError, HttpCodec, HttpRequest};
pub use crate::datetime::Clock;
use crate::datetime::system_clock;
use crate::message::{DeviceId, Message};
#[cfg(doc)]
use crate::record::FixSource;
use crate::record::Record;

/// OsmAnd's HTTP codec. Stateless apart from the clock.
#[derive(Debug, Clone, Copy)]
pub struct OsmandHttp {
    clock: Clock,
}

impl Default for OsmandHttp {
    fn default() -> Self {
        Self::new()
    }
}

impl OsmandHttp {
    /// A codec on the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A codec on the given clock (reports without a time get its time).
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

/// Whether a request carries the JSON form.
fn is_json(request: &HttpRequest<'_>) -> bool {
    request.content_type.is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
    })
}

impl HttpCodec for OsmandHttp {
    fn decode_request(&self, request: &HttpRequest<'_>) -> Result<Vec<Message>, DecodeError> {
        let (device, records) = if is_json(request) {
            json::decode(request.body, self.clock)?
        } else {
            let (device, record) = query::decode(request, self.clock)?;
            (device, vec![record])
        };
        Ok(vec![report(device, records)])
    }

    fn refusal_status(&self, request: &HttpRequest<'_>) -> u16 {
        if is_json(request) { 404 } else { 400 }
    }
}

/// A decoded report as the session takes it: the records, and the (empty)
/// acknowledgement that lets the listener answer `200 OK`.
fn report(device: DeviceId, records: Vec<Record>) -> Message {
    Message::Records {
        device: Some(device),
        records,
        ack: Some(Bytes::new()),
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "osmand",
    port: 5055,
    stream: None,
    datagram: None,
    http: Some(|| Box::new(OsmandHttp::new())),
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "OsmAnd / phone app",
        vendor: "OsmAnd",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Custom,
    },
});

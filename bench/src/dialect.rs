//! The protocols a simulated device can speak: every protocol of the
//! gateway's catalogue that has a simulator.
//!
//! What a device sends in each protocol, and the exact bytes it expects
//! back, is written next to the protocol's codec (each protocol module's
//! `simulate`), built with the same crate's encoders. Every packet ends
//! with a message the protocol answers, so each one has an exact expected
//! reply, which is also the packet's acknowledgement: the gateway reads
//! nothing more from a connection while a commit is pending, so an answer
//! to the last message means every record before it is stored.
//!
//! A device is given an IMEI; protocols whose devices are known by a
//! shorter number (a JT/T 808 phone number, a TK103 id) use its last
//! digits ([`Dialect::device_id`]).

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use trackgate_protocols::simulate::DeviceSimulator;
pub use trackgate_protocols::simulate::Exchange;
use trackgate_protocols::{Protocol, Record, catalogue};

/// The protocol a simulated device speaks: one with a simulator.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dialect(Protocol);

impl Dialect {
    /// Teltonika, Codec 8E: the default.
    pub const TELTONIKA: Dialect = Dialect(trackgate_protocols::teltonika::PROTOCOL);

    /// Every protocol that has a simulator, in catalogue order.
    pub fn all() -> &'static [Dialect] {
        static ALL: OnceLock<Vec<Dialect>> = OnceLock::new();
        ALL.get_or_init(|| {
            catalogue::ALL
                .iter()
                .filter(|p| p.simulator().is_some())
                .map(|p| Dialect(*p))
                .collect()
        })
    }

    /// The dialect of `protocol`, if it has a simulator.
    pub fn of(protocol: Protocol) -> Option<Self> {
        protocol.simulator().map(|_| Dialect(protocol))
    }

    /// The gateway's protocol.
    pub fn protocol(self) -> Protocol {
        self.0
    }

    fn simulator(self) -> &'static dyn DeviceSimulator {
        self.0
            .simulator()
            .expect("a dialect is made only of a protocol with a simulator")
    }

    /// The id the gateway knows device `imei` by (what to provision).
    pub fn device_id(self, imei: &str) -> String {
        self.simulator().device_id(imei, self.0.model().id_type)
    }

    /// The protocol's listener on this machine, at its default port.
    pub fn default_target(self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.0.default_port()))
    }

    /// How device `imei` identifies itself at the start of a session.
    /// `serial` numbers the session's messages (and, for JT/T 808, the
    /// platform's replies); start it at 0 with each connection.
    pub fn login(self, imei: &str, serial: &mut u16) -> Exchange {
        self.simulator().login(&self.device_id(imei), serial)
    }

    /// One packet of `records` from device `imei`, with its expected reply.
    pub fn packet(
        self,
        imei: &str,
        records: &[Record],
        serial: &mut u16,
    ) -> Result<Exchange, String> {
        self.simulator()
            .packet(&self.device_id(imei), records, serial)
    }
}

impl Default for Dialect {
    fn default() -> Self {
        Self::TELTONIKA
    }
}

impl fmt::Debug for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

impl FromStr for Dialect {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        catalogue::by_name(name).and_then(Self::of).ok_or_else(|| {
            let known: Vec<String> = Self::all().iter().map(ToString::to_string).collect();
            format!("no simulator for `{name}`; one of: {}", known.join(", "))
        })
    }
}

impl clap::ValueEnum for Dialect {
    fn value_variants<'a>() -> &'a [Self] {
        Self::all()
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name()))
    }
}

impl Serialize for Dialect {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.name())
    }
}

impl<'de> Deserialize<'de> for Dialect {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simulated_protocols_are_the_catalogues_with_a_simulator() {
        let names: Vec<String> = Dialect::all().iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            [
                "teltonika",
                "jt808",
                "h02",
                "wialon",
                "gt06",
                "gl200",
                "tk103",
                "gps103",
                "meiligao"
            ]
        );
        assert_eq!("gt06".parse::<Dialect>().unwrap().protocol().name(), "gt06");
        assert!("osmand".parse::<Dialect>().is_err(), "no simulator");
        assert!("nonesuch".parse::<Dialect>().is_err());
    }

    #[test]
    fn each_dialect_targets_its_own_port() {
        let ports: std::collections::HashSet<u16> = Dialect::all()
            .iter()
            .map(|d| d.default_target().port())
            .collect();
        assert_eq!(ports.len(), Dialect::all().len());
        assert_eq!(Dialect::TELTONIKA.default_target().port(), 5027);
    }

    #[test]
    fn short_ids_are_the_imeis_last_digits() {
        let imei = "350000000000018";
        let jt808: Dialect = "jt808".parse().unwrap();
        assert_eq!(jt808.device_id(imei), "000000000018");
        assert_eq!(Dialect::TELTONIKA.device_id(imei), imei);
        // A Meiligao tracker ID holds 14 digits at most.
        let meiligao: Dialect = "meiligao".parse().unwrap();
        assert_eq!(meiligao.device_id(imei), "50000000000018");
    }

    #[test]
    fn dialects_round_trip_through_json() {
        let gl200: Dialect = "gl200".parse().unwrap();
        let json = serde_json::to_string(&gl200).unwrap();
        assert_eq!(json, "\"gl200\"");
        assert_eq!(serde_json::from_str::<Dialect>(&json).unwrap(), gl200);
    }
}

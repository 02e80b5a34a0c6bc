//! What a protocol is to the rest of the gateway: one [`ProtocolSpec`] value
//! per protocol module, handed around as a [`Protocol`].
//!
//! A spec says everything the gateway, the API and the simulator need to
//! know about a protocol without naming its types: its name and customary
//! port, the constructors of its codecs (a codec per transport it is served
//! on), its command encoder, how a simulated device speaks it, and what the
//! User API tells clients about its devices. The transports a protocol is
//! served on follow from which codecs it has, so they cannot disagree.
//!
//! This module knows no protocol; the list of them is
//! [`crate::catalogue`].

use std::hash::{Hash, Hasher};

use crate::codec::{DatagramCodec, DeviceCodec, HttpCodec, Limits, Transport};
use crate::command::CommandEncoder;
use crate::simulate::DeviceSimulator;

/// Everything about one protocol, as the rest of the gateway sees it.
pub struct ProtocolSpec {
    /// The lower-case name: config keys, metrics, logs, and the model code
    /// of the trackers registered through it.
    pub name: &'static str,
    /// The port its devices customarily use.
    pub port: u16,
    /// A fresh codec for one TCP connection, if served over TCP.
    pub stream: Option<fn(Limits) -> Box<dyn DeviceCodec>>,
    /// Its datagram codec, if served over UDP (on the TCP port).
    pub datagram: Option<fn() -> Box<dyn DatagramCodec>>,
    /// Its HTTP codec, if its devices send HTTP requests.
    pub http: Option<fn() -> Box<dyn HttpCodec>>,
    /// Its command encoder; `None` when it has no documented downlink
    /// (every command is then unsupported).
    pub commands: Option<&'static dyn CommandEncoder>,
    /// How a simulated device speaks it, for the load generator; `None`
    /// when no simulator is written for it.
    pub simulator: Option<&'static dyn DeviceSimulator>,
    /// What the User API's model list says of its devices.
    pub model: Model,
}

/// What the User API tells clients about a protocol's devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Model {
    /// The model's display name.
    pub title: &'static str,
    /// Who makes the devices.
    pub vendor: &'static str,
    /// Vehicle trackers or personal devices.
    pub kind: DeviceKind,
    /// What identifies a device.
    pub id_type: IdType,
}

/// The kind of device a protocol's trackers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceKind {
    /// Installed in a vehicle (and reached by phone for its SIM).
    Vehicle,
    /// Carried by a person (watches, phone apps, personal trackers).
    Personal,
}

impl DeviceKind {
    /// The name the User API uses (`vehicle`, `personal`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vehicle => "vehicle",
            Self::Personal => "personal",
        }
    }
}

/// What identifies a protocol's devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdType {
    /// A 15-digit IMEI.
    Imei,
    /// A number of exactly this many digits (a JT/T 808 phone number, a
    /// TK103 id, a watch's registration code).
    Digits(u8),
    /// Whatever the device is configured with.
    Custom,
}

impl IdType {
    /// The User API's spelling: `imei`, `id,N` or `custom`.
    pub fn label(self) -> String {
        match self {
            Self::Imei => "imei".into(),
            Self::Digits(n) => format!("id,{n}"),
            Self::Custom => "custom".into(),
        }
    }

    /// The id a device with IMEI `imei` has under this scheme: the IMEI
    /// itself, or its last N digits for an N-digit id.
    pub fn from_imei(self, imei: &str) -> String {
        match self {
            Self::Digits(n) => imei[imei.len().saturating_sub(usize::from(n))..].to_owned(),
            Self::Imei | Self::Custom => imei.to_owned(),
        }
    }

    /// Whether `id` has this type's form: 15 digits for an IMEI, exactly N
    /// digits for an N-digit id, 1 to 64 printable ASCII characters for a
    /// custom id.
    pub fn accepts(self, id: &str) -> bool {
        let digits = |n: usize| id.len() == n && id.bytes().all(|b| b.is_ascii_digit());
        match self {
            Self::Imei => digits(15),
            Self::Digits(n) => digits(usize::from(n)),
            Self::Custom => {
                (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic())
            }
        }
    }

    /// Whether `id` could be a real device's: of this type's form and, for
    /// an IMEI, ending in its Luhn check digit. What a gateway that creates
    /// trackers for unknown devices asks before it creates one.
    pub fn is_plausible(self, id: &str) -> bool {
        self.accepts(id) && (self != Self::Imei || luhn_valid(id))
    }

    /// A well-formed id of this type, to probe what an encoder accepts.
    pub fn example(self) -> String {
        self.from_imei("356307042441013")
    }
}

/// Whether the digits of `id` end in their Luhn check digit.
fn luhn_valid(id: &str) -> bool {
    match id.len().checked_sub(1) {
        Some(last) => luhn_check_digit(&id[..last]) == char::from(id.as_bytes()[last]),
        None => false,
    }
}

/// The digit (ASCII digits expected) that makes `body` followed by it pass
/// the Luhn check: what ends an IMEI.
pub fn luhn_check_digit(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.wrapping_sub(b'0'));
            // Doubled from the rightmost body digit, since the check digit follows it.
            if i % 2 == 0 {
                let twice = d * 2;
                twice / 10 + twice % 10
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

/// A protocol: a cheap, copyable handle to its [`ProtocolSpec`].
///
/// Two handles are equal when they name the same protocol.
#[derive(Clone, Copy)]
pub struct Protocol(pub(crate) &'static ProtocolSpec);

impl Protocol {
    /// The protocol's spec.
    pub fn spec(self) -> &'static ProtocolSpec {
        self.0
    }

    /// The protocol's lower-case name, used in config keys, metrics and logs.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// The port devices of this protocol customarily use.
    pub fn default_port(self) -> u16 {
        self.0.port
    }

    /// Whether the protocol is served on `transport`.
    pub fn serves(self, transport: Transport) -> bool {
        match transport {
            Transport::Tcp => self.0.stream.is_some(),
            Transport::Udp => self.0.datagram.is_some(),
            Transport::Http => self.0.http.is_some(),
        }
    }

    /// The transports this protocol is served on, TCP first.
    pub fn transports(self) -> Vec<Transport> {
        [Transport::Tcp, Transport::Udp, Transport::Http]
            .into_iter()
            .filter(|t| self.serves(*t))
            .collect()
    }

    /// A fresh stream codec for one connection, for protocols served over TCP.
    pub fn stream_codec(self, limits: Limits) -> Option<Box<dyn DeviceCodec>> {
        self.0.stream.map(|new| new(limits))
    }

    /// The protocol's datagram codec, for protocols served over UDP.
    pub fn datagram_codec(self) -> Option<Box<dyn DatagramCodec>> {
        self.0.datagram.map(|new| new())
    }

    /// The protocol's HTTP codec, for protocols whose devices send HTTP requests.
    pub fn http_codec(self) -> Option<Box<dyn HttpCodec>> {
        self.0.http.map(|new| new())
    }

    /// The protocol's command encoder, for protocols with a documented
    /// downlink; `None` means every command is unsupported (code 214).
    pub fn command_encoder(self) -> Option<&'static dyn CommandEncoder> {
        self.0.commands
    }

    /// How a simulated device speaks this protocol, if a simulator exists.
    pub fn simulator(self) -> Option<&'static dyn DeviceSimulator> {
        self.0.simulator
    }

    /// What the User API says of the protocol's devices.
    pub fn model(self) -> Model {
        self.0.model
    }
}

impl PartialEq for Protocol {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Protocol {}

impl Hash for Protocol {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl std::fmt::Debug for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name)
    }
}

impl std::fmt::Display for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name)
    }
}

impl std::fmt::Debug for ProtocolSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProtocolSpec")
            .field("name", &self.name)
            .field("port", &self.port)
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imeis_must_end_in_their_check_digit_to_be_plausible() {
        // 49015420323751 and its check digit 8.
        assert!(IdType::Imei.is_plausible("490154203237518"));
        assert!(!IdType::Imei.is_plausible("490154203237517"));
        assert!(
            IdType::Imei.accepts("490154203237517"),
            "the form alone is fine"
        );
        assert!(!IdType::Imei.is_plausible("868487p04353181"));
        assert!(!IdType::Imei.is_plausible("49015420323751"));
        assert!(IdType::Digits(12).is_plausible("088047365460"));
        assert!(!IdType::Digits(12).is_plausible("08804736546"));
        assert!(IdType::Custom.is_plausible("my-phone"));
        assert!(!IdType::Custom.is_plausible("my phone"));
    }
}

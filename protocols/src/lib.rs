//! Device protocol codecs for trackgate.
//!
//! Everything here is pure: bytes in, values out. A codec cuts frames out of a
//! byte stream (or takes one datagram), decodes them into [`Message`]s, and
//! returns the bytes the device expects back as values. It never writes to a
//! socket and never decides *when* a reply is sent: the session writes an
//! acknowledgement only once the records it covers are durably stored.
//!
//! # Layout
//!
//! - [`record`]: the one normalised [`Record`] every protocol decodes into.
//! - [`sensor`]: the named values (seed 003 sensor and state names) raw I/O maps onto.
//! - [`message`]: what a decoded frame means to a session ([`Message`]).
//! - [`framing`]: delimited, length-prefixed and escaped framers, shared by every protocol.
//! - [`fuzzing`]: the contract checks fuzz targets and property tests run every codec through.
//! - [`command`]: commands to devices ([`command::CommandEncoder`]).
//! - [`codec`]: the contract every codec implements: [`DeviceCodec`], [`DatagramCodec`],
//!   [`HttpCodec`], [`DecodeError`], [`Limits`]. It names no protocol.
//! - [`spec`]: what a protocol is to the rest of the gateway ([`ProtocolSpec`], [`Protocol`]).
//! - [`catalogue`]: every protocol, one line each.
//! - [`simulate`]: how a simulated device speaks a protocol (the load generator's dialects).
//! - [`checksum`]: CRCs shared between protocols; `reader`: the bounds-checked cursor binary decoders read with.
//! - [`fix`]: NMEA-style times and coordinates shared by the text protocols.
//! - [`hex`]: bytes as hex text and back.
//! - [`teltonika`]: Teltonika Codec 8 / 8 Extended / 16 / 7 / 12 over TCP and UDP.
//! - [`jt808`]: JT/T 808 (2013 and 2019 headers) over TCP.
//! - [`h02`]: H02 (`*HQ` text and `$` binary) over TCP and UDP.
//! - [`datetime`]: civil UTC dates to Unix time and back.
//! - [`wialon`]: Wialon IPS 1.1 / 2.0 over TCP and UDP.
//! - [`gt06`]: Concox GT06 (`78 78` / `79 79` packets) over TCP.
//! - [`osmand`]: OsmAnd over HTTP (query string and JSON).
//! - [`gl200`]: Queclink @Track (ASCII, HEX and Protocol Pro) over TCP and UDP.
//! - [`meitrack`]: Meitrack (`$$` text and binary frames) over TCP and UDP.
//! - [`tk103`]: TK103 (`(…)` sentences) over TCP and UDP.
//! - [`gps103`]: GPS103 / Coban (`imei:…;` reports) over TCP and UDP.
//! - [`ruptela`]: Ruptela records, extended records and DTCs over TCP.
//! - [`galileo`]: Galileosky tag packets over TCP.
//! - [`atrack`]: ATrack binary and text reports over TCP and UDP.
//! - [`suntech`]: Suntech (legacy and universal text, zip reports) over TCP.
//! - [`xexun`]: Xexun TK102 / TK103 (simple and full text reports) over TCP.
//! - [`xexun2`]: Xexun's binary `FA AF` protocol over TCP.
//! - [`xexun3`]: Xexun's `FC … CF` protocol (version 3) over TCP.
//! - [`watch`]: 3G watches (`[3G*…]` text and voice frames) over TCP.
//! - [`topflytech`]: Topflytech's early `(IMEI…)` text reports over TCP.
//! - [`eelink`]: Eelink (`67 67` packets, `EL` datagrams) over TCP and UDP.
//! - [`gt02`]: Concox GT02 (`68 68` frames) over TCP.
//! - [`meiligao`]: Meiligao (`$$` packets, `@@` answers and commands) over TCP and UDP.
//! - [`jt600`]: Jointech JT600 (binary `$` and text `(`…`)` frames) over TCP.
//! - [`laipac`]: Laipac (`$AVRMC` NMEA-style sentences) over TCP.
//! - [`gotop`]: Gotop (`#`-ended text reports) over TCP.
//! - [`globalsat`]: GlobalSat (`GS…` and `$…` reports ended by `!`) over TCP.
//! - [`tk102`]: TK102 (`[`-framed logins, heartbeats and reports) over TCP.
//! - [`startek`]: Startek (`&&`-framed text reports, checksummed) over TCP.
//! - [`xirgo`]: Xirgo (`$$…##` text reports) over TCP and UDP.
//! - [`pretrace`]: Pretrace (`(…^XX)` fixed-width text reports) over TCP.
//! - [`castel`]: Castel (`@@`/`$$` OBD packets, CRC-16/X-25) over TCP and UDP.
//! - [`totem`]: Totem (`$$`-prefixed reports, two length forms) over TCP.
//! - [`tzone`]: TZone (binary `TZ` packets) over TCP.
//! - [`fifotrack`]: Fifotrack (`$$<len>,…*XX` reports) over TCP.
//! - [`minifinder`]: MiniFinder (`!`-prefixed text messages ended by `;`) over TCP.
//! - [`gator`]: Gator (`24 24` packets with a pseudo-IP) over TCP and UDP.
//! - [`thinkrace`]: ThinkRace (login and position packets with a byte-sum checksum) over TCP.
//! - [`topin`]: Topin (`78 78` packets without a checksum) over TCP.
//! - [`tramigo`]: Tramigo (`80` text and `04` binary reports) over TCP.
//! - [`nmea`]: the NMEA `RMC` sentence several protocols carry inside their messages.
//! - [`sanav`]: Sanav (`imei=…&rmc=$GPRMC…` lines) over TCP and UDP.
//! - [`skypatrol`]: Skypatrol (the Enfora family's binary and text messages) over UDP and TCP.
//! - [`enfora`]: Enfora modems (the same API, length-prefixed over TCP) over TCP and UDP.
//! - [`pt502`]: PT502 (`$POS,…` lines and photo frames) over TCP.
//! - [`cellocator`]: Cellocator (`MCGP` binary messages, byte sum) over TCP and UDP.
//! - [`gosafe`]: GoSafe (`*GS…#` text reports) over TCP and UDP.
//! - [`ulbotech`]: Ulbotech (stuffed `F8` binary frames and `*TS01` text) over TCP.
//! - [`mxt`]: Maxtrack MXT (stuffed `01 … 04` binary positions) over TCP.

pub mod atrack;
pub mod castel;
pub mod catalogue;
pub mod cellocator;
pub mod checksum;
pub mod codec;
pub mod command;
pub mod datetime;
pub mod eelink;
pub mod enfora;
pub mod fifotrack;
pub mod fix;
pub mod framing;
pub mod fuzzing;
pub mod galileo;
pub mod gator;
pub mod gl200;
pub mod globalsat;
pub mod gosafe;
pub mod gotop;
pub mod gps103;
pub mod gt02;
pub mod gt06;
pub mod h02;
pub mod hex;
pub mod jt600;
pub mod jt808;
pub mod laipac;
pub mod meiligao;
pub mod meitrack;
pub mod message;
pub mod minifinder;
pub mod mxt;
pub mod nmea;
pub mod osmand;
pub mod pretrace;
pub mod pt502;
mod reader;
pub mod record;
pub mod ruptela;
pub mod sanav;
pub mod sensor;
pub mod simulate;
pub mod skypatrol;
pub mod spec;
pub mod startek;
pub mod suntech;
pub mod teltonika;
#[cfg(test)]
mod test_support;
pub mod thinkrace;
pub mod tk102;
pub mod tk103;
pub mod topflytech;
pub mod topin;
pub mod totem;
pub mod tramigo;
pub mod tzone;
pub mod ulbotech;
pub mod watch;
pub mod wialon;
pub mod xexun;
pub mod xexun2;
pub mod xexun3;
pub mod xirgo;

pub use codec::{
    DatagramCodec, DecodeError, DeviceCodec, HttpCodec, HttpRequest, Limits, Transport,
};
pub use message::{DeviceId, Message};
pub use record::{FixSource, IoElement, IoKey, IoValue, Record};
pub use sensor::{NamedValue, Sensor, Value};
pub use spec::{DeviceKind, IdType, Model, Protocol, ProtocolSpec, luhn_check_digit};

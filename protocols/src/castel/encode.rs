//! The answers Castel devices expect, and packets for tests.

use bytes::Bytes;

use super::decode::{ALARM, GPS, HEARTBEAT, LOGIN, MPIP_GPS, OTHER_HEARTBEAT};
use super::framing::{Form, ID_LEN, MPIP_START, Packet, START, packet};

/// The answer `packet` asks for, if any; `now_ms` is the server time a
/// login answer carries.
///
/// - versions 3 and 4: login `1001` → `9001` + `FFFFFFFF 0000` + the Unix
///   time (4, little-endian); heartbeat `1003` → `9003`; alarm `4007` →
///   `C007` + the alarm index as received;
/// - other versions: login `4001` → `8001`; heartbeat `4206` → `8206`;
/// - MPIP: `4001` → `4001` with version `FF`; `2001` → a version-less
///   `1001` with `00000000` and eight `FF`.
///
/// Every answer is an `@@` packet naming the device as it named itself.
pub fn reply(p: &Packet, now_ms: i64) -> Option<Bytes> {
    match (p.form, p.kind) {
        (Form::Versioned(v @ (3 | 4)), LOGIN) => {
            let mut content = vec![0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00];
            let secs = u32::try_from(now_ms.div_euclid(1000)).unwrap_or(0);
            content.extend_from_slice(&secs.to_le_bytes());
            Some(versioned(v, &p.id, 0x9001, &content))
        }
        (Form::Versioned(v @ (3 | 4)), HEARTBEAT) => Some(versioned(v, &p.id, 0x9003, &[])),
        (Form::Versioned(v @ (3 | 4)), ALARM) => {
            Some(versioned(v, &p.id, 0xC007, p.data.get(..4)?))
        }
        (Form::Versioned(3 | 4), _) => None,
        (Form::Versioned(v), GPS) => Some(versioned(v, &p.id, 0x8001, &[])),
        (Form::Versioned(v), OTHER_HEARTBEAT) => Some(versioned(v, &p.id, 0x8206, &[])),
        (Form::Mpip, GPS) => Some(versioned(0xFF, &p.id, GPS, &[])),
        (Form::Mpip, MPIP_GPS) => {
            let mut header = p.id.to_vec();
            header.extend_from_slice(&LOGIN.to_be_bytes());
            let mut content = vec![0u8; 4];
            content.extend_from_slice(&[0xFF; 8]);
            Some(packet(START, &header, &content))
        }
        _ => None,
    }
}

/// An `@@` packet: `version`, `id`, `kind` and `content`, with its length,
/// CRC and end marker. Devices send the same shape.
pub fn versioned(version: u8, id: &[u8; ID_LEN], kind: u16, content: &[u8]) -> Bytes {
    let mut header = vec![version];
    header.extend_from_slice(id);
    header.extend_from_slice(&kind.to_be_bytes());
    packet(START, &header, content)
}

/// A `$$` (MPIP) packet from a device, for tests.
pub fn mpip(id: &[u8; ID_LEN], kind: u16, content: &[u8]) -> Bytes {
    let mut header = id.to_vec();
    header.extend_from_slice(&kind.to_be_bytes());
    packet(MPIP_START, &header, content)
}

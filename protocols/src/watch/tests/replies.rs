//! 3G watch replies, byte for byte.

use crate::message::Message;

use super::{codec, decode_one};

fn reply(input: &[u8]) -> Option<Vec<u8>> {
    match decode_one(&mut codec(), input).expect("decodes") {
        Message::Records { ack, .. } => ack.map(|b| b.to_vec()),
        Message::Heartbeat { reply, .. } => reply.map(|b| b.to_vec()),
        Message::CommandResponse { ack, .. } => ack.map(|b| b.to_vec()),
        Message::Login { accept, .. } => accept.map(|b| b.to_vec()),
    }
}

fn text(bytes: Option<Vec<u8>>) -> Option<String> {
    bytes.map(|b| String::from_utf8(b).expect("text"))
}

#[test]
fn heartbeats_init_and_voice_queries_are_answered() {
    assert_eq!(
        text(reply(b"[SG*9081000548*0009*LK,0,100]")).as_deref(),
        Some("[SG*9081000548*0002*LK]")
    );
    assert_eq!(
        text(reply(b"[SG*8800000015*0002*LK]")).as_deref(),
        Some("[SG*8800000015*0002*LK]")
    );
    assert_eq!(
        text(reply(b"[3G*4700186508*000B*LK,0,10,100]")).as_deref(),
        Some("[3G*4700186508*0002*LK]")
    );
    assert_eq!(
        text(reply(b"[3G*8800000015*0004*INIT]")).as_deref(),
        Some("[3G*8800000015*0006*INIT,1]")
    );
    assert_eq!(
        text(reply(b"[3G*8800000015*0003*TKQ]")).as_deref(),
        Some("[3G*8800000015*0003*TKQ]")
    );
    assert_eq!(
        text(reply(b"[3G*8800000015*0004*TKQ2]")).as_deref(),
        Some("[3G*8800000015*0004*TKQ2]")
    );
}

#[test]
fn alarms_are_answered_and_the_numbered_variant_echoes_its_index() {
    assert_eq!(
        text(reply(
            b"[SG*9059011020*0067*AL,240123,181628,V,54.427538,N,6.409275,W,0.00,0,0,0,19,90,0,0,00000000,1,1,234,10,55C0,3B882A2,132,,10]"
        ))
        .as_deref(),
        Some("[SG*9059011020*0002*AL]")
    );
    assert_eq!(
        text(reply(
            b"[3G*6907919734*003e*AL_LTE,170525,214118,V,0,N,0,E,0,0,0,0,0,22,0,0,00010000,0,0,0]"
        ))
        .as_deref(),
        Some("[3G*6907919734*0002*AL]")
    );
    assert_eq!(
        text(reply(b"[ZJ*014111001350304*0034*0009*LK,0,0,19]")).as_deref(),
        Some("[ZJ*014111001350304*0034*0002*LK]")
    );
}

#[test]
fn positions_health_and_voice_are_not_answered() {
    assert_eq!(
        reply(b"[3G*9031853319*004E*UD2,220322,055105,A,22.761162,N,114.360192,E,0,0,47,14,100,64,0,0,00000008,0,0]"),
        None
    );
    assert_eq!(reply(b"[3G*9705141740*000B*oxygen,0,98]"), None);
    assert_eq!(reply(b"[CS*1234567890*0005*TK,\x01\x02]"), None);
    assert_eq!(reply(b"[3G*1*0004*CR,1]"), None);
}

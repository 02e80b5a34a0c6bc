//! Commands to Wialon IPS devices: the `#M#` line, and everything else
//! refused.

use crate::codec::Transport;
use crate::command::{Command, CommandError, Encoded};
use crate::test_support::encode_command;

use super::super::WialonCommands;

fn encode(command: &Command) -> Result<Encoded, CommandError> {
    encode_command(
        &WialonCommands,
        command,
        "123456789012345",
        3,
        Transport::Udp,
    )
}

#[test]
fn text_is_a_message_to_the_driver() {
    let encoded = encode(&Command::Text("Go to depot 4".into())).expect("encodes");
    assert_eq!(&encoded.bytes[..], b"#M#Go to depot 4\r\n");
    assert_eq!(encoded.serial, None);
    assert!(!encoded.answered, "the device sends no #AM#");
}

#[test]
fn text_must_stay_on_one_line() {
    for text in ["two\r\nlines", "line\n", "cr\r"] {
        assert!(matches!(
            encode(&Command::Text(text.into())),
            Err(CommandError::Invalid(_))
        ));
    }
}

#[test]
fn everything_but_text_is_unsupported() {
    for command in [
        Command::Bytes(b"#M#x\r\n".to_vec()),
        Command::Output { index: 1, on: true },
        Command::EngineBlock(true),
        Command::LocationRequest,
    ] {
        assert!(
            matches!(encode(&command), Err(CommandError::Unsupported(_))),
            "{command:?}"
        );
    }
}

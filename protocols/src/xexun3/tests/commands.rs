//! Commands to Xexun3 devices: every kind is refused as unsupported.

use crate::codec::{Protocol, Transport};
use crate::command::{Command, CommandError, Target};
use crate::message::DeviceId;

#[test]
fn every_command_is_refused_as_unsupported() {
    let encoder = Protocol::from_name("xexun3")
        .and_then(Protocol::command_encoder)
        .expect("an encoder that says why it refuses");
    let device = DeviceId("861045080387015".into());
    for command in [
        Command::Text("STATUS".into()),
        Command::Bytes(vec![0x01]),
        Command::Output { index: 1, on: true },
        Command::EngineBlock(true),
        Command::LocationRequest,
    ] {
        let target = Target {
            device: &device,
            serial: 1,
            transport: Transport::Tcp,
        };
        assert!(
            matches!(
                encoder.encode(&command, &target),
                Err(CommandError::Unsupported(_))
            ),
            "{command:?}"
        );
    }
}

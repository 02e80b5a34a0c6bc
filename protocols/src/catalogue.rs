//! Every protocol trackgate speaks: one line per protocol module.
//!
//! The gateway's listeners, the configuration's defaults, the User API's
//! model list and the simulator's dialects all read this slice; adding a
//! protocol is writing its module (with its [`Protocol`] value) and adding
//! it here (see `docs/adding-a-protocol.md`).

use crate::spec::Protocol;

/// Every protocol, in a stable order (the User API numbers its models by it).
pub const ALL: &[Protocol] = &[
    crate::teltonika::PROTOCOL,
    crate::jt808::PROTOCOL,
    crate::h02::PROTOCOL,
    crate::wialon::PROTOCOL,
    crate::gt06::PROTOCOL,
    crate::osmand::PROTOCOL,
    crate::gl200::PROTOCOL,
    crate::meitrack::PROTOCOL,
    crate::tk103::PROTOCOL,
    crate::gps103::PROTOCOL,
    crate::ruptela::PROTOCOL,
    crate::galileo::PROTOCOL,
    crate::atrack::PROTOCOL,
    crate::suntech::PROTOCOL,
    crate::xexun::PROTOCOL,
    crate::xexun2::PROTOCOL,
    crate::xexun3::PROTOCOL,
    crate::watch::PROTOCOL,
    crate::topflytech::PROTOCOL,
    crate::eelink::PROTOCOL,
    crate::gt02::PROTOCOL,
    crate::meiligao::PROTOCOL,
    crate::laipac::PROTOCOL,
    crate::gotop::PROTOCOL,
    crate::globalsat::PROTOCOL,
    crate::tk102::PROTOCOL,
    crate::startek::PROTOCOL,
    crate::xirgo::PROTOCOL,
    crate::pretrace::PROTOCOL,
    crate::castel::PROTOCOL,
    crate::totem::PROTOCOL,
    crate::tzone::PROTOCOL,
    crate::fifotrack::PROTOCOL,
    crate::minifinder::PROTOCOL,
    crate::gator::PROTOCOL,
    crate::thinkrace::PROTOCOL,
    crate::topin::PROTOCOL,
    crate::tramigo::PROTOCOL,
    crate::sanav::PROTOCOL,
    crate::skypatrol::PROTOCOL,
    crate::enfora::PROTOCOL,
    crate::pt502::PROTOCOL,
    crate::cellocator::PROTOCOL,
    crate::gosafe::PROTOCOL,
    crate::ulbotech::PROTOCOL,
    crate::mxt::PROTOCOL,
    crate::jt600::PROTOCOL,
];

/// Looks a protocol up by its name.
pub fn by_name(name: &str) -> Option<Protocol> {
    ALL.iter().copied().find(|p| p.name() == name)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::codec::Transport;

    #[test]
    fn names_and_ports_are_unique() {
        let names: HashSet<_> = ALL.iter().map(|p| p.name()).collect();
        let ports: HashSet<_> = ALL.iter().map(|p| p.default_port()).collect();
        assert_eq!(names.len(), ALL.len());
        assert_eq!(ports.len(), ALL.len());
    }

    #[test]
    fn every_protocol_is_served_somehow_and_found_by_name() {
        for protocol in ALL {
            assert!(!protocol.transports().is_empty(), "{protocol}");
            assert_eq!(by_name(protocol.name()), Some(*protocol));
            // UDP is served on the TCP listener's port.
            if protocol.serves(Transport::Udp) {
                assert!(protocol.serves(Transport::Tcp), "{protocol}");
            }
        }
        assert_eq!(by_name("nonesuch"), None);
    }
}

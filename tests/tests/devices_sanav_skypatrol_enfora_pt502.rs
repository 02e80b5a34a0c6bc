//! Real corpus messages of Sanav, Skypatrol, Enfora and PT502 devices,
//! sent over each protocol's real transport to the running gateway: the
//! exact answers the corpus's reply table gives (none, for most of them)
//! and the last valid fix read back through the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API
//! (`support/devices.rs`).

mod support;

use support::devices::{over_tcp, over_udp};

#[test]
fn sanav_reports_are_stored_over_tcp_and_udp() {
    // Corpus #5 and #6 (the same report twice), each a line, over TCP.
    let report = b"imei:352024020976845rmc:$GPRMC,000201.000,A,4655.7043,N,01941.3796,E,0.54,159.14,171013,,,A*65,AUTO\r\n";
    over_tcp(
        trackgate_protocols::sanav::PROTOCOL,
        &[(report.to_vec(), None), (report.to_vec(), None)],
    );
    // Corpus #2 as a datagram: the corpus's exact fix, no answer.
    let datagram = b"imei=352024028982787&rmc=$GPRMC,103048.000,A,4735.0399,N,01905.2895,E,0.00,0.00,171013,,*05,AUTO-4095mv";
    over_udp(
        trackgate_protocols::sanav::PROTOCOL,
        &[(datagram.to_vec(), None)],
    );
}

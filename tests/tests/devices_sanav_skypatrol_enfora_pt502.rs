//! Real corpus messages of Sanav, Skypatrol, Enfora and PT502 devices,
//! sent over each protocol's real transport to the running gateway: the
//! exact answers the corpus's reply table gives (none, for most of them)
//! and the last valid fix read back through the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API
//! (`support/devices.rs`).

use crate::support;

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

/// Hex test data as bytes.
fn unhex(text: &str) -> Vec<u8> {
    trackgate_protocols::hex::decode(text).expect("hex")
}

#[test]
fn skypatrol_datagrams_are_stored_without_answers() {
    // Corpus #0 (a keep-alive) and #1 (a text report, 2017-07-06), one
    // modem, as datagrams.
    let keep_alive = unhex(
        "000a02171101303131373232303031333537393833060200000006202020202020202020312020202020202030313137323230303133353739383320",
    );
    let report = unhex(
        "000402171101303131373232303031333537393833060200081046202020202020202020392020202020202030313137323230303133353739383320244750524d432c3134303931372e30302c412c333330322e3230313132352c532c30373133352e3837383338332c572c302e302c302e302c3036303731372c322e382c572c412a32370d0a00",
    );
    over_udp(
        trackgate_protocols::skypatrol::PROTOCOL,
        &[(keep_alive, None), (report, None)],
    );
    // Corpus #2 (the binary report) over TCP, its length in front.
    let binary = unhex(
        "00910005021004ffffffff0000000d313134373735383300cb000000000e11070c010184d032fb3841370000000016072b000017050032000000000000024e0c071116072c105900050000000000050000000000050000000003100260b7363b6306c11a00b73637f206bf19b73637f106b50eb73638b106bb0bb7363b6106b80ab73637f306b709000000000000000000",
    );
    over_tcp(trackgate_protocols::skypatrol::PROTOCOL, &[(binary, None)]);
}

#[test]
fn enfora_reports_are_stored_over_tcp_and_udp() {
    // Corpus #2 as sent over TCP (its length in front): the corpus's exact
    // fix, 2012-06-02.
    let report = unhex(
        "007100040200202020202020202020382020202020202031323334353637383930313233343520313320244750524d432c3232333135322e30302c412c333530392e3836303539342c4e2c30333332322e3734333838372c452c302e302c302e302c3032303631322c2c2c412a35320d0a",
    );
    over_tcp(trackgate_protocols::enfora::PROTOCOL, &[(report, None)]);
    // Corpus #4 as a datagram (the length it keeps is dropped).
    let datagram = unhex(
        "006a000a081000202020202020202020333320202020202038363130373430323137313936353620204750524d432c3136313234382e30302c412c333433322e36393231312c532c30353833312e30323231372c572c302e3034382c2c3232303831342c2c2c412a3734",
    );
    over_udp(trackgate_protocols::enfora::PROTOCOL, &[(datagram, None)]);
}

#[test]
fn pt502_reports_are_stored_without_answers() {
    // Corpus #8 (`$HDA`), #10 (`$POS`, ended by `#`) and #9 (`$HDB`), one
    // device, 2016-10-04, each a line; #10 behind the 5-byte binary
    // prefix devices may put before text.
    let first = b"$HDA,20007,134657.000,A,0626.1607,N,00330.2245,E,33.38,81.79,041016,,,A/00010,00000/270,0,0,0/19948900//fa4//\r\n";
    let second = b"\xbf\xfb\x00\x75\x00$POS,20007,134704.000,A,0626.1698,N,00330.2870,E,31.23,79.58,041016,,,A/00010,00000/26c,0,0,0/19949100//fa4//#\r\n";
    let third = b"$HDB,20007,134708.000,A,0626.1759,N,00330.3192,E,26.55,80.37,041016,,,A/00010,00000/23b,0,0,0/19949100//fa4//\r\n";
    over_tcp(
        trackgate_protocols::pt502::PROTOCOL,
        &[
            (first.to_vec(), None),
            (second.to_vec(), None),
            (third.to_vec(), None),
        ],
    );
}

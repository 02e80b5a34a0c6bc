//! Totem, TZone, Fifotrack and MiniFinder devices over their real
//! transport to the running gateway: corpus messages, the exact answers
//! the corpus's reply table gives (each written after storage), and the
//! last valid fix read back through the User API.

mod support;

use support::devices::over_tcp;

#[test]
fn totem_reports_are_answered_in_their_own_form() {
    use trackgate_protocols::totem::encode::{long_reply, message};
    use trackgate_protocols::totem::framing::Form;

    // A keep-alive of corpus #3's device, then #3 itself (a long-form
    // report with the corpus's exact fix): both answered `$$0014AA` + the
    // four characters before their checksum + the answer's XOR.
    let keepalive = message(Form::Long, "BB862010037348253");
    let keepalive_body =
        String::from_utf8(keepalive[..keepalive.len() - 2].to_vec()).expect("text");
    let report = b"$$0113AA862010037348253|588040001901220851494212000000753AE901655121700100000.800000002632.6084S02803.3289E29497E";
    over_tcp(
        trackgate_protocols::totem::PROTOCOL,
        &[
            (
                keepalive.to_vec(),
                Some(long_reply(&keepalive_body).to_vec()),
            ),
            (report.to_vec(), Some(b"$$0014AA294903".to_vec())),
        ],
    );
    // Corpus #15, a short-form `$GPRMC` report ended by CR LF: `ACK OK`.
    let short = b"$$BE863771024392112|AA$GPRMC,044704.000,A,1439.3334,N,12059.1417,E,0.00,0.00,200815,,,A*67|01.7|00.8|01.4|000000000000|20150820044704|14291265|00000000|4EECBF8B31|0000|0.0000|0002|00000|56E7\r\n";
    over_tcp(
        trackgate_protocols::totem::PROTOCOL,
        &[(short.to_vec(), Some(b"ACK OK\r\n".to_vec()))],
    );
}

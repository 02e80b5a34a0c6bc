//! The floor server: the least a server can do for one storm session.
//!
//! It speaks exactly the exchange a `storm` device makes in Teltonika and
//! nothing more: it reads the login (a 2-byte length and that many bytes,
//! the IMEI) and answers `01`; reads the first AVL packet by its lengths
//! alone (4 bytes of preamble, a 4-byte data length, the data, a 4-byte CRC)
//! and answers the 4-byte record count taken from the data's second byte
//! (after the codec id); then closes. Nothing is decoded or checked: not
//! the IMEI, the preamble, the codec, the records or the CRC. A storm device
//! reads nothing after its ack (it only holds its end open until every
//! device is done), so closing after the answer leaves the storm's
//! behaviour unchanged.
//!
//! The one bound: a data length over [`MAX_DATA`] (the gateway's frame
//! limit) or too short to hold a count closes the connection unanswered,
//! so no input makes it allocate without limit.

use std::convert::Infallible;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The longest AVL data read, as the gateway's codec limits frames.
pub const MAX_DATA: usize = 64 * 1024;
/// The login accepted reply.
pub const LOGIN_REPLY: [u8; 1] = [0x01];
/// The pause after a failed accept (descriptors exhausted), before the next.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(10);

/// Accepts connections on `listener` forever, one task each.
pub async fn serve(listener: TcpListener) -> Infallible {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(async move {
                    let _ = session(stream).await;
                });
            }
            Err(_) => tokio::time::sleep(ACCEPT_BACKOFF).await,
        }
    }
}

/// One session: login, `01`, one packet, its count, close.
pub async fn session(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).await?;
    let mut buf = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut buf).await?;
    stream.write_all(&LOGIN_REPLY).await?;

    let mut header = [0u8; 8];
    stream.read_exact(&mut header).await?;
    let data_len = u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as usize;
    if !(2..=MAX_DATA).contains(&data_len) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("AVL data length {data_len} out of 2..={MAX_DATA}"),
        ));
    }
    buf.resize(data_len + 4, 0);
    stream.read_exact(&mut buf).await?;
    let count = u32::from(buf[1]);
    stream.write_all(&count.to_be_bytes()).await?;
    Ok(())
}

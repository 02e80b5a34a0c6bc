//! A fake HTTP SMS gateway on loopback: it answers a set number of
//! requests with one status and reports each request it got.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

/// What the fake gateway received: request line, headers, body.
pub struct Received {
    pub line: String,
    pub headers: Vec<String>,
    pub body: String,
}

/// A gateway that answers `count` requests with `status`, reporting each.
pub fn fake_gateway(status: u16, count: usize) -> (u16, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for _ in 0..count {
            let (stream, _) = listener.accept().expect("a request");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            reader.read_line(&mut line).expect("request line");
            let mut headers = Vec::new();
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).expect("header");
                if header.trim().is_empty() {
                    break;
                }
                headers.push(header.trim().to_owned());
            }
            let length = headers
                .iter()
                .find_map(|h| {
                    h.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().expect("length"))
                })
                .unwrap_or(0);
            let mut body = vec![0u8; length];
            reader.read_exact(&mut body).expect("body");
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = tx.send(Received {
                line: line.trim().to_owned(),
                headers,
                body: String::from_utf8(body).expect("text body"),
            });
        }
    });
    (port, rx)
}

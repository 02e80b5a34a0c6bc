//! A mail server for tests: speaks enough SMTP on loopback to take
//! messages, and hands each one over.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

/// What the server does with a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Takes every message.
    Accept,
    /// Refuses every recipient (`550`).
    RefuseRecipients,
}

/// One message the server took: its envelope and its data.
#[derive(Debug, Clone)]
pub struct Mail {
    /// `MAIL FROM:` as sent.
    pub from: String,
    /// `RCPT TO:` lines as sent.
    pub to: Vec<String>,
    /// The data, dot-unstuffed, without the final `.`.
    pub data: String,
}

/// Starts a server on a free loopback port; returns the port and the
/// messages it takes. It serves connections one after another, for as
/// long as the test process runs.
pub fn start(mode: Mode) -> (u16, mpsc::Receiver<Mail>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind SMTP");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("timeout");
            // A session that breaks off simply ends; the next is served.
            let _ = serve(stream, mode, &tx);
        }
    });
    (port, rx)
}

impl Mail {
    /// A message not begun yet.
    fn empty() -> Self {
        Self {
            from: String::new(),
            to: Vec::new(),
            data: String::new(),
        }
    }
}

/// One SMTP session.
fn serve(stream: std::net::TcpStream, mode: Mode, tx: &mpsc::Sender<Mail>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    let mut say = |text: &str| out.write_all(format!("{text}\r\n").as_bytes());
    say("220 test.invalid ESMTP ready")?;
    let mut mail = Mail::empty();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" | "HELO" => {
                say("250-test.invalid")?;
                say("250 8BITMIME")?;
            }
            "MAIL" => {
                mail.from = command;
                say("250 sender ok")?;
            }
            "RCPT" if mode == Mode::RefuseRecipients => say("550 no such mailbox")?,
            "RCPT" => {
                mail.to.push(command);
                say("250 recipient ok")?;
            }
            "DATA" => {
                say("354 go ahead")?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line)? == 0 {
                        return Ok(());
                    }
                    let text = line.trim_end_matches(['\r', '\n']);
                    if text == "." {
                        break;
                    }
                    data.push_str(text.strip_prefix('.').unwrap_or(text));
                    data.push('\n');
                }
                mail.data = data;
                say("250 queued")?;
                let _ = tx.send(std::mem::replace(&mut mail, Mail::empty()));
            }
            "RSET" | "NOOP" => say("250 ok")?,
            "QUIT" => {
                say("221 bye")?;
                return Ok(());
            }
            _ => say("502 not here")?,
        }
    }
}

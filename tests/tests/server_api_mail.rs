//! `ADD_USER` with "send credentials": the login and a generated password
//! go by e-mail through the configured SMTP server (a real one, on
//! loopback), and the password mailed is the one that logs in.

use crate::support;

use std::time::Duration;

use serde_json::json;
use support::server_api::{ok, refused};
use support::smtp::{self, Mode};

fn with_smtp(port: u16) -> impl FnOnce(&mut trackgate_gateway::Config) {
    move |c| {
        c.smtp.host = Some("127.0.0.1".into());
        c.smtp.port = port;
        c.smtp.security = "none".into();
        c.smtp.from = "Fleet desk <desk@example.com>".into();
        c.smtp.timeout_secs = 5;
    }
}

#[test]
fn credentials_are_mailed_and_the_mailed_password_logs_in() {
    let (port, inbox) = smtp::start(Mode::Accept);
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), with_smtp(port));
    ok(&gateway, "ADD_USER,new.driver@example.com,true");

    let mail = inbox
        .recv_timeout(Duration::from_secs(10))
        .expect("a message reached the SMTP server");
    assert_eq!(mail.from, "MAIL FROM:<desk@example.com>");
    assert_eq!(mail.to, ["RCPT TO:<new.driver@example.com>"]);
    assert!(
        mail.data.contains("To: new.driver@example.com"),
        "{}",
        mail.data
    );
    assert!(
        mail.data.contains("Subject: Your trackgate account"),
        "{}",
        mail.data
    );
    assert!(
        mail.data.contains("Login: new.driver@example.com"),
        "{}",
        mail.data
    );
    let password = mail
        .data
        .lines()
        .find_map(|line| line.strip_prefix("Password: "))
        .expect("the password is in the message")
        .trim()
        .to_owned();
    assert_eq!(password.len(), 12, "{password}");
    let auth = gateway
        .user(
            "user/auth",
            json!({ "login": "new.driver@example.com", "password": password }),
        )
        .json();
    assert_eq!(auth["success"], true, "{auth}");

    // A password given with the command is the one mailed.
    ok(&gateway, "ADD_USER,second@example.com,true,chosen-pass");
    let mail = inbox
        .recv_timeout(Duration::from_secs(10))
        .expect("a message");
    assert!(mail.data.contains("Password: chosen-pass"), "{}", mail.data);
    // Without sending, no mail goes.
    ok(&gateway, "ADD_USER,quiet@example.com,false");
    assert!(inbox.recv_timeout(Duration::from_millis(500)).is_err());
}

#[test]
fn a_refused_message_creates_no_user() {
    let (port, _inbox) = smtp::start(Mode::RefuseRecipients);
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), with_smtp(port));
    let answer = refused(&gateway, "ADD_USER,bounce@example.com,true", 502);
    assert!(answer.contains("could not be sent"), "{answer}");
    assert!(answer.contains("the user was not created"), "{answer}");
    assert_eq!(
        gateway.server("CHECK_USER_EXISTS,bounce@example.com").body,
        "false"
    );
    // The address can be used once mail works.
    ok(&gateway, "ADD_USER,bounce@example.com,false");
}

#[test]
fn without_an_smtp_server_nothing_is_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let answer = refused(&gateway, "ADD_USER,nomail@example.com,true", 501);
    assert_eq!(
        answer,
        "ERROR: credentials cannot be sent: no SMTP server is configured ([smtp]); the user was not created"
    );
    assert_eq!(
        gateway.server("CHECK_USER_EXISTS,nomail@example.com").body,
        "false"
    );
}

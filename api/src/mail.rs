//! E-mail through a configured SMTP server: the credentials `ADD_USER`
//! sends when asked to.
//!
//! Sending is blocking (the Server API's commands run on the blocking
//! pool), one connection per message: accounts are not created often
//! enough to keep a pool. Without settings there is no mail at all, and
//! [`Mailer::send_credentials`] says so rather than pretending.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{SmtpTransport, Transport};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain text throughout (a relay on the same host or network).
    None,
    /// Plain at first, then TLS by `STARTTLS`, required (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// Where and how to send mail.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// The server's host name (also the name its certificate must carry).
    pub host: String,
    /// Its port.
    pub port: u16,
    /// How the connection is protected.
    pub security: SmtpSecurity,
    /// Login and password, when the server wants them.
    pub credentials: Option<(String, String)>,
    /// The sender, `Name <address>` or an address.
    pub from: String,
    /// The name this gateway gives in `EHLO`; `None` = `localhost`.
    pub hello_name: Option<String>,
    /// How long to wait for the server at each step.
    pub timeout: Duration,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("login", &self.credentials.as_ref().map(|(login, _)| login))
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// No SMTP server is configured.
    #[error("no SMTP server is configured ([smtp])")]
    NotConfigured,
    /// An address (the recipient's, or the configured sender) is not one.
    #[error("{0}")]
    Address(String),
    /// The SMTP server could not be reached, or refused the message.
    #[error("the SMTP server did not take the message: {0}")]
    Send(String),
}

/// Sends mail through the configured server, if there is one.
#[derive(Debug, Clone, Default)]
pub struct Mailer {
    settings: Option<SmtpSettings>,
}

impl Mailer {
    /// A mailer for `settings`; `None` = no mail.
    pub fn new(settings: Option<SmtpSettings>) -> Self {
        Self { settings }
    }

    /// Whether an SMTP server is configured.
    pub fn is_configured(&self) -> bool {
        self.settings.is_some()
    }

    /// Tells `to` its login and password. Blocking.
    pub fn send_credentials(&self, to: &str, login: &str, password: &str) -> Result<(), MailError> {
        let settings = self.settings.as_ref().ok_or(MailError::NotConfigured)?;
        let from: Mailbox = settings.from.parse().map_err(|e| {
            MailError::Address(format!("the configured sender {:?}: {e}", settings.from))
        })?;
        let to: Mailbox = to
            .parse()
            .map_err(|e| MailError::Address(format!("the address {to:?}: {e}")))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject("Your trackgate account")
            .header(ContentType::TEXT_PLAIN)
            .body(format!(
                "An account was created for you.\r\n\r\nLogin: {login}\r\nPassword: {password}\r\n\r\n\
                 Please change the password once you have logged in.\r\n"
            ))
            .map_err(|e| MailError::Address(e.to_string()))?;
        transport(settings)?
            .send(&message)
            .map(|_| ())
            .map_err(|e| MailError::Send(e.to_string()))
    }
}

/// A connection setup for `settings`.
fn transport(settings: &SmtpSettings) -> Result<SmtpTransport, MailError> {
    let tls = || {
        TlsParameters::new(settings.host.clone())
            .map_err(|e| MailError::Send(format!("TLS setup: {e}")))
    };
    let tls = match settings.security {
        SmtpSecurity::None => Tls::None,
        SmtpSecurity::StartTls => Tls::Required(tls()?),
        SmtpSecurity::Tls => Tls::Wrapper(tls()?),
    };
    let mut builder = SmtpTransport::builder_dangerous(settings.host.as_str())
        .port(settings.port)
        .tls(tls)
        .timeout(Some(settings.timeout));
    if let Some(name) = &settings.hello_name {
        builder = builder.hello_name(ClientId::Domain(name.clone()));
    }
    if let Some((login, password)) = &settings.credentials {
        builder = builder.credentials(Credentials::new(login.clone(), password.clone()));
    }
    Ok(builder.build())
}

//! The SMS channel: any HTTP SMS gateway, described by configuration.
//!
//! A request is built from a URL, a method, a content type, headers and a
//! body template; `{phone}` and `{text}` in the URL and the body are
//! replaced by the recipient's number and the message, escaped for where
//! they stand (percent-encoded in the URL and in form bodies, JSON-escaped
//! in JSON bodies, as they are otherwise). Any 2xx answer means the gateway
//! took the message. HTTPS is verified against the Mozilla root
//! certificates built in.

use std::time::Duration;

use actix_web::http::Method;
use actix_web::http::header::CONTENT_TYPE;

/// An HTTP SMS gateway; without a `url` none is configured.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SmsGateway {
    /// Where to send, with `{phone}` / `{text}` placeholders allowed.
    pub url: Option<String>,
    /// `POST`, `GET`, ...
    pub method: String,
    /// The body's content type.
    pub content_type: String,
    /// The body, with `{phone}` and `{text}` placeholders.
    pub body: String,
    /// Extra headers (e.g. an `Authorization` the gateway wants).
    pub headers: Vec<(String, String)>,
    /// How long to wait for the gateway.
    pub timeout: Duration,
}

/// Why an SMS was not taken.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    /// No gateway is configured.
    #[error("no SMS gateway is configured")]
    NotConfigured,
    /// The configuration cannot form a request.
    #[error("the SMS gateway configuration is invalid: {0}")]
    Config(String),
    /// The gateway could not be reached.
    #[error("the SMS gateway could not be reached: {0}")]
    Unreachable(String),
    /// The gateway answered with an error status.
    #[error("the SMS gateway refused the message with HTTP {0}")]
    Refused(u16),
}

impl SmsGateway {
    /// Whether a gateway is configured.
    pub fn is_configured(&self) -> bool {
        self.url.is_some()
    }

    /// Sends `text` to `phone`; `Ok` once the gateway answered 2xx.
    pub async fn send(&self, phone: &str, text: &str) -> Result<(), SmsError> {
        let Some(url) = &self.url else {
            return Err(SmsError::NotConfigured);
        };
        let url = fill(url, phone, text, Escape::Percent);
        let escape = if self.content_type.contains("json") {
            Escape::Json
        } else if self.content_type.contains("x-www-form-urlencoded") {
            Escape::Percent
        } else {
            Escape::None
        };
        let body = fill(&self.body, phone, text, escape);
        let method = Method::from_bytes(self.method.as_bytes())
            .map_err(|e| SmsError::Config(format!("method {:?}: {e}", self.method)))?;
        let client = awc::Client::builder().timeout(self.timeout).finish();
        let mut request = client.request(method, url);
        if !self.content_type.is_empty() {
            request = request.insert_header((CONTENT_TYPE, self.content_type.as_str()));
        }
        for (name, value) in &self.headers {
            request = request.insert_header((name.as_str(), value.as_str()));
        }
        let answer = request
            .send_body(body)
            .await
            .map_err(|e| SmsError::Unreachable(e.to_string()))?;
        if answer.status().is_success() {
            Ok(())
        } else {
            Err(SmsError::Refused(answer.status().as_u16()))
        }
    }
}

#[derive(Clone, Copy)]
enum Escape {
    None,
    Percent,
    Json,
}

fn fill(template: &str, phone: &str, text: &str, escape: Escape) -> String {
    let escaped = |value: &str| match escape {
        Escape::None => value.to_owned(),
        Escape::Percent => value
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect(),
        Escape::Json => {
            let quoted = serde_json::Value::String(value.to_owned()).to_string();
            quoted[1..quoted.len() - 1].to_owned()
        }
    };
    template
        .replace("{phone}", &escaped(phone))
        .replace("{text}", &escaped(text))
}

#[cfg(test)]
mod tests {
    use super::{Escape, fill};

    #[test]
    fn placeholders_are_escaped_for_where_they_stand() {
        let text = "  getgps \"now\"&1";
        assert_eq!(
            fill(
                "to={phone}&text={text}",
                "+37060000000",
                text,
                Escape::Percent
            ),
            "to=%2B37060000000&text=%20%20getgps%20%22now%22%261"
        );
        assert_eq!(
            fill(
                r#"{"to":"{phone}","text":"{text}"}"#,
                "+370",
                text,
                Escape::Json
            ),
            r#"{"to":"+370","text":"  getgps \"now\"&1"}"#
        );
        assert_eq!(fill("{text}", "1", "a b", Escape::None), "a b");
    }
}

//! The `[sms]` section: the HTTP SMS gateway commands may go through.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use trackgate_api::sms::SmsGateway;

/// An HTTP SMS gateway. Without a `url` there is none, and SMS requests
/// answer that no SMS gateway is configured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmsConfig {
    /// Where to send; `{phone}` and `{text}` are filled in (percent-encoded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The HTTP method.
    pub method: String,
    /// The body's content type; a form or JSON type escapes the values to suit.
    pub content_type: String,
    /// The body, with `{phone}` and `{text}` filled in.
    pub body: String,
    /// Extra headers, e.g. `Authorization`.
    pub headers: BTreeMap<String, String>,
    /// Seconds to wait for the gateway.
    pub timeout_secs: u64,
}

impl Default for SmsConfig {
    fn default() -> Self {
        Self {
            url: None,
            method: "POST".into(),
            content_type: "application/x-www-form-urlencoded".into(),
            body: "to={phone}&text={text}".into(),
            headers: BTreeMap::new(),
            timeout_secs: 10,
        }
    }
}

impl SmsConfig {
    /// The gateway the API sends through.
    pub fn gateway(&self) -> SmsGateway {
        SmsGateway {
            url: self.url.clone(),
            method: self.method.clone(),
            content_type: self.content_type.clone(),
            body: self.body.clone(),
            headers: self
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            timeout: Duration::from_secs(self.timeout_secs.max(1)),
        }
    }
}

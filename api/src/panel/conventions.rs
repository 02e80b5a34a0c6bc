//! Seed 004's conventions, read the same way on every Panel call:
//!
//! - `out`: `json` (the default), `xml` or `text`; anything else is code 7
//!   (answered as JSON, the one format every client reads).
//! - `lang`: the language of error descriptions ([`Lang`]).
//! - `func`: another spelling of the call's path, `user.list` for
//!   `user/list`, read when the request goes to `/v2/panel/` itself; a
//!   request to a call's own path ignores it.
//! - `sok=ok`: "apply the form". Every trackgate call that changes
//!   something applies at once, so `sok` is accepted and changes nothing.
//!
//! `authinfo` and `su` are about who calls, and live in [`super::call`].

use crate::error::{ApiError, Code};
use crate::params::Params;

use super::lang::Lang;

/// The formats an answer can be written in (`out=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Out {
    /// `json`: Navixy's format.
    #[default]
    Json,
    /// `xml`: the same tree as XML elements.
    Xml,
    /// `text`: one `path=value` line per value.
    Text,
}

impl Out {
    /// The format `out` names; code 7 for one trackgate does not write.
    pub fn named(out: &str) -> Result<Self, ApiError> {
        match out {
            "json" => Ok(Out::Json),
            "xml" => Ok(Out::Xml),
            "text" => Ok(Out::Text),
            _ => Err(ApiError::invalid("out", "must be json, xml or text")),
        }
    }
}

/// How a call is to be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Conventions {
    /// The answer's format.
    pub out: Out,
    /// The language of error descriptions.
    pub lang: Lang,
}

impl Conventions {
    /// `out` and `lang` from `params`. A bad `out` is answered in the
    /// default format, in the language asked for.
    pub fn read(params: &Params) -> (Self, Result<(), ApiError>) {
        let lang = match params.opt_str("lang") {
            Ok(Some(lang)) => Lang::named(lang),
            _ => Lang::English,
        };
        let out = match params.opt_str("out") {
            Ok(None) => Ok(Out::Json),
            Ok(Some(out)) => Out::named(out),
            Err(error) => Err(error),
        };
        match out {
            Ok(out) => (Self { out, lang }, Ok(())),
            Err(error) => (
                Self {
                    out: Out::Json,
                    lang,
                },
                Err(error),
            ),
        }
    }
}

/// The call a request names: the path after `/v2/panel/`, or, when that is
/// empty, `func` with its dots as slashes. 111 when it names none.
pub fn call_path(tail: &str, params: &Params) -> Result<String, ApiError> {
    let tail = tail.trim_matches('/');
    if !tail.is_empty() {
        return Ok(tail.to_owned());
    }
    match params.opt_str("func") {
        Ok(Some(func)) if !func.is_empty() && !func.contains('/') => Ok(func.replace('.', "/")),
        _ => Err(ApiError::code(Code::WrongHandler)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn func_spells_the_path_only_at_the_panel_root() {
        let params = Params::from_json(json!({ "func": "user.session.create" }));
        assert_eq!(
            call_path("", &params).ok(),
            Some("user/session/create".into())
        );
        assert_eq!(
            call_path("/", &params).ok(),
            Some("user/session/create".into())
        );
        assert_eq!(
            call_path("tariff/list", &params).ok(),
            Some("tariff/list".into())
        );
        let none = Params::from_json(json!({}));
        assert_eq!(
            call_path("", &none).map_err(|e| e.code),
            Err(Code::WrongHandler)
        );
        let slashed = Params::from_json(json!({ "func": "user/list" }));
        assert_eq!(
            call_path("", &slashed).map_err(|e| e.code),
            Err(Code::WrongHandler)
        );
    }

    #[test]
    fn out_defaults_to_json_and_refuses_unknown_formats() {
        let (conv, ok) = Conventions::read(&Params::from_json(json!({ "lang": "de" })));
        assert_eq!((conv.out, conv.lang), (Out::Json, Lang::German));
        assert!(ok.is_ok());
        let (conv, bad) = Conventions::read(&Params::from_json(json!({ "out": "html" })));
        assert_eq!(conv.out, Out::Json);
        assert_eq!(
            bad.map_err(|e| e.errors[0].parameter.clone()),
            Err("out".into())
        );
        let (conv, _) = Conventions::read(&Params::from_json(json!({ "out": "xml" })));
        assert_eq!(conv.out, Out::Xml);
    }
}

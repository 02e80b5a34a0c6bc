//! Writing a Panel answer in the format `out=` asks for.
//!
//! Every format writes the same tree, the one the JSON answer has:
//!
//! - JSON: `{"success": true, ...}` or Navixy's error object.
//! - XML: a `<response>` element holding one element per field; an array's
//!   items are `<item>` elements; a field whose name is not an XML name is
//!   written `<field name="...">`. Text is escaped, nothing else changes.
//! - text: one `path=value` line per value, the path joining field names
//!   and array positions with dots (`list.0.login=a@example.com`); line
//!   breaks inside a value are written `\n`, so every line is one value.
//!
//! Errors keep their HTTP status (and `Retry-After`) in every format; their
//! description is in the language `lang=` asked for.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::RETRY_AFTER;
use serde_json::{Map, Value, json};

use super::conventions::{Conventions, Out};
use crate::error::ApiError;

/// A success answer: `success` and `fields`.
pub fn success(conv: Conventions, fields: Map<String, Value>) -> HttpResponse {
    let mut body = Map::new();
    body.insert("success".into(), Value::Bool(true));
    body.extend(fields);
    write(conv.out, StatusCode::OK, &Value::Object(body))
}

/// An error answer, its description in the language asked for.
pub fn error(conv: Conventions, error: &ApiError) -> HttpResponse {
    let described = if error.description == error.code.description() {
        conv.lang.describe(error.code).to_owned()
    } else {
        // A description made for this error (a wait in seconds): kept.
        error.description.clone()
    };
    let mut body = json!({
        "success": false,
        "status": { "code": error.code.number(), "description": described },
    });
    if !error.errors.is_empty() {
        body["errors"] = json!(error.errors);
    }
    let mut response = write(conv.out, error.http_status(), &body);
    if let Some(secs) = error.retry_after_secs
        && let Ok(value) = secs.to_string().parse()
    {
        response.headers_mut().insert(RETRY_AFTER, value);
    }
    response
}

fn write(out: Out, status: StatusCode, body: &Value) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    match out {
        Out::Json => response.json(body),
        Out::Xml => response
            .content_type("application/xml; charset=utf-8")
            .body(xml(body)),
        Out::Text => response
            .content_type("text/plain; charset=utf-8")
            .body(text(body)),
    }
}

/// The answer as an XML document.
pub fn xml(body: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    element(&mut out, "response", body);
    out.push('\n');
    out
}

fn element(out: &mut String, name: &str, value: &Value) {
    if is_xml_name(name) {
        out.push('<');
        out.push_str(name);
        out.push('>');
    } else {
        out.push_str("<field name=\"");
        escape(out, name);
        out.push_str("\">");
    }
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                element(out, key, value);
            }
        }
        Value::Array(items) => {
            for item in items {
                element(out, "item", item);
            }
        }
        Value::String(s) => escape(out, s),
        Value::Null => {}
        other => out.push_str(&other.to_string()),
    }
    out.push_str("</");
    out.push_str(if is_xml_name(name) { name } else { "field" });
    out.push('>');
}

/// Letters, digits and `_`, not starting with a digit, and not `xml...`:
/// every name trackgate's answers use.
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.to_ascii_lowercase().starts_with("xml")
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters XML 1.0 cannot hold at all.
            c if c < ' ' && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// The answer as `path=value` lines.
pub fn text(body: &Value) -> String {
    let mut out = String::new();
    lines(&mut out, "", body);
    out
}

fn lines(out: &mut String, path: &str, value: &Value) {
    let child = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                lines(out, &child(key), value);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                lines(out, &child(&i.to_string()), item);
            }
        }
        Value::String(s) => {
            out.push_str(path);
            out.push('=');
            out.push_str(
                &s.replace('\\', "\\\\")
                    .replace('\n', "\\n")
                    .replace('\r', "\\r"),
            );
            out.push('\n');
        }
        Value::Null => {
            out.push_str(path);
            out.push_str("=\n");
        }
        other => {
            out.push_str(path);
            out.push('=');
            out.push_str(&other.to_string());
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_nests_fields_and_items_and_escapes_text() {
        let body = json!({ "success": true, "list": [{ "login": "a<b>&c" }, { "login": null }],
                           "count": 2, "1st": "x" });
        assert_eq!(
            xml(&body),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<response><field name=\"1st\">x</field>\
             <count>2</count><list><item><login>a&lt;b&gt;&amp;c</login></item><item><login>\
             </login></item></list><success>true</success></response>\n"
        );
    }

    #[test]
    fn text_writes_one_line_per_value() {
        let body = json!({ "success": true, "permissions": { "users": ["read", "create"] },
                           "note": "two\nlines", "gone": null });
        assert_eq!(
            text(&body),
            "gone=\nnote=two\\nlines\npermissions.users.0=read\npermissions.users.1=create\n\
             success=true\n"
        );
    }
}

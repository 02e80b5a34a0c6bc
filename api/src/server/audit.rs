//! The audit log of Server API calls: every call is recorded (when, the
//! caller's address, the command with its parameters, the answer), and
//! `GET_AUDIT_LOG` (a trackgate extension) lists them newest first.
//!
//! The key is never recorded, nor a password: `ADD_USER`'s third parameter
//! is masked. A call refused before it was read (outside the allow-list,
//! or an address over its failed-key limit) is recorded with an empty
//! command.

use std::net::IpAddr;

use serde_json::{Map, Value, json};
use trackgate_store::NewAuditEntry;

use super::args::{Args, param};
use super::{Reply, ServerError};
use crate::ApiState;
use crate::time::format_datetime;

/// Entries `GET_AUDIT_LOG` answers when no limit is given.
const DEFAULT_LIMIT: u64 = 100;
/// The most entries one `GET_AUDIT_LOG` answers.
const MAX_LIMIT: u64 = 10_000;
/// Characters of a command kept in its entry.
const MAX_COMMAND_CHARS: usize = 1_000;

/// `cmd` as the audit log keeps it: secrets masked, cut to a length.
pub fn recorded_command(cmd: &str) -> String {
    let mut parts: Vec<&str> = cmd.split(',').collect();
    let name = parts.first().map(|n| n.trim().to_ascii_uppercase());
    // The password is everything after the third comma (a password may
    // hold commas of its own).
    if name.as_deref() == Some("ADD_USER") && parts.iter().skip(3).any(|p| !p.is_empty()) {
        parts.truncate(3);
        parts.push("***");
    }
    cut(parts.join(","))
}

/// A REST call as the audit log keeps it: its path, then its fields as
/// JSON without the key (`api_key`), every field whose name holds
/// `password` masked, cut to a length.
pub fn recorded_rest_call(path: &str, fields: &Map<String, Value>) -> String {
    let mut shown = fields.clone();
    shown.remove("api_key");
    let mut shown = Value::Object(shown);
    mask_passwords(&mut shown);
    cut(format!("{path} {shown}"))
}

/// Replaces the value of every field whose name holds `password`, at any
/// depth, with `***`.
fn mask_passwords(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                if name.to_ascii_lowercase().contains("password") {
                    *field = Value::String("***".into());
                } else {
                    mask_passwords(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_passwords),
        _ => {}
    }
}

/// `text` cut to [`MAX_COMMAND_CHARS`] characters, `...` marking a cut.
fn cut(text: String) -> String {
    match text.char_indices().nth(MAX_COMMAND_CHARS) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text,
    }
}

/// The entry of one answered call.
pub fn entry(peer: Option<IpAddr>, command: String, status: u16, result: String) -> NewAuditEntry {
    NewAuditEntry {
        time_ms: trackgate_actors::now_ms(),
        caller: peer.map_or_else(|| "-".to_owned(), |ip| ip.to_string()),
        command,
        status,
        result,
    }
}

/// Appends `entry` to the audit log, off the async executor; a failure is
/// logged (the call was answered either way).
pub async fn write(state: &ApiState, entry: NewAuditEntry) {
    let store = state.store.clone();
    match actix_web::web::block(move || store.append_audit(entry)).await {
        Ok(Ok(_)) => {}
        Ok(Err(error)) => tracing::error!(%error, "the audit log could not be written"),
        Err(error) => tracing::error!(%error, "the audit log write did not finish"),
    }
}

/// `GET_AUDIT_LOG[,limit]`: the newest entries first, `limit` of them
/// (100 unless given, at most 10,000).
pub fn get_audit_log(state: &ApiState, a: Args<'_>) -> Result<Reply, ServerError> {
    let limit_param = param(1, "limit");
    let limit = a.number(limit_param, 1)?.unwrap_or(DEFAULT_LIMIT);
    if limit > MAX_LIMIT {
        return Err(limit_param.error(&format!("must be at most {MAX_LIMIT}")));
    }
    let list = state
        .store
        .audit_log(usize::try_from(limit).unwrap_or(usize::MAX))?
        .into_iter()
        .map(|e| {
            json!({
                "id": e.id,
                "time": format_datetime(e.entry.time_ms),
                "address": e.entry.caller,
                "command": e.entry.command,
                "status": e.entry.status,
                "result": e.entry.result,
            })
        })
        .collect();
    Ok(Reply::Json(Value::Array(list)))
}

#[cfg(test)]
mod tests {
    use super::{recorded_command, recorded_rest_call};

    #[test]
    fn rest_calls_are_kept_without_the_key_or_passwords() {
        let fields = serde_json::json!({
            "api_key": "SECRET",
            "username": "u",
            "password": "old",
            "data": {"password": "new", "notes": "n", "list": [{"admin_password": "x"}]},
        });
        let kept = recorded_rest_call("line/update", fields.as_object().expect("object"));
        assert!(kept.starts_with("line/update {"), "{kept}");
        for secret in ["SECRET", "old", "new", "\"x\""] {
            assert!(!kept.contains(secret), "{secret} in {kept}");
        }
        assert!(kept.contains("\"notes\":\"n\""), "{kept}");
    }

    #[test]
    fn passwords_are_masked_and_long_commands_cut() {
        assert_eq!(
            recorded_command("ADD_USER,a@example.com,false,s3cret-pass"),
            "ADD_USER,a@example.com,false,***"
        );
        assert_eq!(
            recorded_command("add_user,a@example.com,true"),
            "add_user,a@example.com,true"
        );
        assert_eq!(
            recorded_command("ADD_USER,a@example.com,false,pass,word"),
            "ADD_USER,a@example.com,false,***"
        );
        assert_eq!(
            recorded_command("DEL_USER,a@example.com"),
            "DEL_USER,a@example.com"
        );
        let long = format!("GET_USERS,{}", "x".repeat(2_000));
        let kept = recorded_command(&long);
        assert_eq!(kept.chars().count(), 1_003);
        assert!(kept.ends_with("..."));
    }
}

//! Starting the flood of the plan's kind, and what is read once the run is
//! over: the trackers unknown devices got, and the gateway's log.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::task::JoinSet;
use trackgate_store::{AccountStore, EmbeddedStore};

use super::attack::{self, Attack};
use super::{FloodKind, FloodPlan, LogSummary, Registered, auth, ws};
use crate::imei;

/// Starts `plan`'s flood: one task per connection (or client) in `flood`.
pub fn flood(
    plan: &FloodPlan,
    attack: &Attack,
    api: SocketAddr,
    flood: &mut JoinSet<()>,
) -> Result<(), String> {
    let n = u64::from(plan.connections);
    let a = || attack.clone();
    match plan.kind {
        FloodKind::IdleTcp => (0..n).for_each(|i| drop(flood.spawn(attack::idle(a(), i)))),
        FloodKind::PartialFrames => {
            let frame = attack::partial_frame(plan.frame_bytes as usize, plan.declared_bytes)?;
            let frame = Arc::new(frame);
            for i in 0..n {
                flood.spawn(attack::partial(a(), i, frame.clone()));
            }
        }
        FloodKind::SlowBody => {
            let every = Duration::from_secs_f64(plan.trickle_interval_s);
            for i in 0..n {
                flood.spawn(attack::slow_body(a(), i, plan.content_length, every));
            }
        }
        FloodKind::UnknownDevices => {
            for i in 0..n {
                let invalid = is_invalid(i, plan.invalid_share);
                let imei = unknown_imei(plan.unknown_imei_base, i, invalid)?;
                flood.spawn(attack::unknown_device(
                    a(),
                    i,
                    plan.protocol,
                    imei,
                    !invalid,
                ));
            }
        }
        FloodKind::WsFrame => {
            let streams: ws::Streams = Arc::new(Mutex::new(Vec::new()));
            flood.spawn(ws::sampler(a(), streams.clone()));
            let bytes = plan.ws_megabytes << 20;
            for i in 0..n {
                flood.spawn(ws::client(a(), i, bytes, streams.clone()));
            }
        }
        FloodKind::Auth => {
            for i in 0..n {
                flood.spawn(auth::client(a(), i, api, plan.email.clone()));
            }
        }
    }
    Ok(())
}

/// Whether unknown device `i` gets an invalid IMEI, so that a `share` of
/// them do, spread evenly.
pub fn is_invalid(i: u64, share: f64) -> bool {
    ((i + 1) as f64 * share).floor() > (i as f64 * share).floor()
}

/// Unknown device `i`'s IMEI from `base`; an invalid one has the wrong check digit.
pub fn unknown_imei(base: u64, i: u64, invalid: bool) -> Result<String, String> {
    let mut imei = imei::imei(base, i).map_err(|e| e.to_string())?;
    if invalid {
        let check = imei.pop().and_then(|c| c.to_digit(10)).unwrap_or(0);
        imei.push(char::from_digit((check + 1) % 10, 10).unwrap_or('0'));
    }
    Ok(imei)
}

/// The trackers the gateway made of the flood's unknown devices, read from
/// its store once it has stopped.
pub async fn registered(plan: &FloodPlan, data_dir: &Path) -> Result<Registered, String> {
    let (base, n, share) = (plan.unknown_imei_base, plan.connections, plan.invalid_share);
    let mut valid = std::collections::HashSet::new();
    let mut invalid = std::collections::HashSet::new();
    for i in 0..u64::from(n) {
        let bad = is_invalid(i, share);
        let id = plan.protocol.device_id(&unknown_imei(base, i, bad)?);
        if bad { &mut invalid } else { &mut valid }.insert(id);
    }
    let store_dir = data_dir.join("store");
    tokio::task::spawn_blocking(move || {
        let store = EmbeddedStore::open(&store_dir).map_err(|e| e.to_string())?;
        let trackers = store.trackers().map_err(|e| e.to_string())?;
        let mut registered = Registered {
            trackers: trackers.len() as u64,
            ..Registered::default()
        };
        for t in &trackers {
            registered.valid += u64::from(valid.contains(&t.device_id));
            registered.invalid += u64::from(invalid.contains(&t.device_id));
        }
        Ok(registered)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// The gateway's log at `path`, counted by level, with its most frequent
/// warnings and errors; its path kept if `kept`.
pub fn log_summary(path: &Path, kept: bool) -> LogSummary {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut summary = LogSummary {
        path: kept.then(|| path.to_path_buf()),
        ..LogSummary::default()
    };
    let mut messages = std::collections::HashMap::<String, u64>::new();
    for line in text.lines().map(strip_colours) {
        summary.lines += 1;
        let mut words = line.split_whitespace();
        let level = words.nth(1).unwrap_or_default();
        match level {
            "WARN" => summary.warnings += 1,
            "ERROR" => summary.errors += 1,
            _ => continue,
        }
        *messages.entry(message(&line)).or_default() += 1;
    }
    let mut top: Vec<(String, u64)> = messages.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(LOG_MESSAGES);
    summary.top = top;
    summary
}

/// How many of the most frequent warnings and errors are kept.
const LOG_MESSAGES: usize = 5;

/// A log line without its terminal colour sequences.
pub fn strip_colours(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ parameters, ending in a letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The message of a `time LEVEL [spans:] target: message key=value …`
/// line: after the target (the first word that is a module path and a
/// colon), up to the first field.
pub fn message(line: &str) -> String {
    let is_target = |word: &str| {
        word.strip_suffix(':').is_some_and(|path| {
            !path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        })
    };
    let words = line
        .split_whitespace()
        .skip(2)
        .skip_while(|w| !is_target(w))
        .skip(1);
    let mut kept = Vec::new();
    for word in words {
        let field = word.split_once('=').is_some_and(|(key, _)| {
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if field {
            break;
        }
        kept.push(word);
    }
    kept.join(" ")
}

//! `auth`: clients calling `user/auth` with a known login and wrong
//! passwords, back to back, for the whole flood.
//!
//! Each client is one keep-alive connection (reopened when the gateway
//! closes it), from the flood's own source addresses like every flood: a
//! guesser somewhere else than the canary's owner. Every answer is counted by name (`HTTP 403 code 12`, say,
//! or a rate limit's code 15) with its latency.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;

use super::attack::{Attack, SOURCE_OFFSET};
use super::canary;
use super::outcome::Tally;
use crate::http::HttpError;
use crate::http::client::Client;

/// Client `index`: wrong passwords for `login` until the flood stops.
pub async fn client(attack: Attack, index: u64, api: SocketAddr, login: String) {
    let tally = &attack.tally;
    let source = crate::addr::source_for(api, SOURCE_OFFSET + index);
    let mut client = Client::new(api, attack.timeout).from_source(source);
    let mut n = 0u64;
    loop {
        let password = format!("wrong-{index}-{n}");
        let body = json!({ "login": login, "password": password }).to_string();
        n += 1;
        let started = Instant::now();
        let answer = tokio::select! {
            answer = client.post_json("/v2/user/auth", body.as_bytes()) => answer,
            () = attack.stopped() => break,
        };
        Tally::bump(&tally.requests);
        match answer {
            Ok(response) => {
                tally.latency.record(started.elapsed());
                tally.answer(&canary::answer(&response).1);
            }
            Err(HttpError::Timeout) => tally.answer("no answer in time"),
            Err(e) => {
                tally.answer(&format!("failed: {e}"));
                // Do not spin on a refused connection.
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(100)) => {}
                    () = attack.stopped() => break,
                }
            }
        }
    }
    tally.opened(client.connects);
}

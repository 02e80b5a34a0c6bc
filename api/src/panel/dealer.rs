//! `dealer/get_info`: the administrator's dealer (with `su`, the user's).
//!
//! trackgate keeps of a dealer its name, its credits, whether it spends
//! them, and its tracker limit; the answer carries those under Navixy's
//! names (`title`, `active_limit`) and the number of trackers its users
//! hold (`active_amount`). An administrator without a dealer has no dealer
//! to describe: 201.

use actix_web::web;
use serde_json::{Map, json};
use trackgate_store::Dealer;

use super::call::PanelCall;
use super::routes::Answer;
use crate::ApiState;
use crate::error::{ApiError, Code};

/// `dealer/get_info`.
pub async fn get_info(state: web::Data<ApiState>, call: PanelCall) -> Answer {
    let dealer_id = match &call.as_user {
        Some(user) => user.dealer,
        None => call.admin.dealer,
    }
    .ok_or_else(|| ApiError::code(Code::NotFound))?;
    let store = state.store.clone();
    let (dealer, trackers) = web::block(move || -> Result<(Dealer, usize), ApiError> {
        let dealer = store
            .dealer(dealer_id)?
            .ok_or_else(|| ApiError::code(Code::NotFound))?;
        let mut trackers = 0;
        for user in store.dealer_users(dealer_id)? {
            trackers += store
                .user_trackers(user.id)?
                .iter()
                .filter(|t| !t.corrupted)
                .count();
        }
        Ok((dealer, trackers))
    })
    .await??;
    let mut answer = Map::new();
    answer.insert("id".into(), json!(dealer.id.0));
    answer.insert("title".into(), json!(dealer.name));
    answer.insert("block_status".into(), json!("NOT_BLOCKED"));
    answer.insert("active_amount".into(), json!(trackers));
    answer.insert("active_limit".into(), json!(dealer.tracker_limit));
    answer.insert("credits".into(), json!(dealer.credits));
    answer.insert("use_credits".into(), json!(dealer.use_credits));
    answer.insert(
        "creation_date".into(),
        json!(crate::time::format_datetime(dealer.created_ms)),
    );
    Ok(answer)
}

//! `user/settings/read` and `user/settings/update`: the caller's settings.
//!
//! trackgate keeps one of Navixy's settings, `time_zone` (an IANA name from
//! the tz database), which every date/time the User API writes and reads
//! for the user follows. Units are metric only: `measurement_system` other
//! than `metric` is refused. The settings that only steer Navixy's own web
//! interface and services (`locale`, `date_format`, `hour_mode`,
//! `geocoder`, `route_provider`, `translit`, balance alerts, file storage)
//! are checked and accepted, and read back as trackgate's fixed values.

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use super::auth::UserCall;
use crate::ApiState;
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::time::UserZone;
use crate::user::success;

/// `user/settings/read`.
pub async fn read(call: UserCall) -> Result<HttpResponse, ApiError> {
    let zone = UserZone::of(&call.user);
    Ok(success(json!({
        "settings": {
            "time_zone": zone.name(),
            "locale": "en_US",
            "measurement_system": "metric",
            "date_format": "yyyyMMdd_hyphens",
            "hour_mode": "TWENTY_FOUR_HOURS",
            "geocoder": "osm",
            "route_provider": "osrm",
            "translit": false,
        },
        "file_storage_settings": { "auto_overwrite": false },
        "balance_alert_settings": { "emails": [] },
    })))
}

/// One of `allowed`, if given.
fn one_of(params: &Params, name: &str, allowed: &[&str]) -> Result<(), ApiError> {
    match params.opt_str(name)? {
        Some(value) if !allowed.contains(&value) => Err(ApiError::invalid(
            name,
            format!("must be one of {}", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// A JSON object, if given (as JSON or as JSON text in a form field).
fn object(params: &Params, name: &str) -> Result<(), ApiError> {
    let ok = match params.raw(name) {
        None | Some(Value::Object(_)) => true,
        Some(Value::String(text)) => matches!(serde_json::from_str(text), Ok(Value::Object(_))),
        Some(_) => false,
    };
    ok.then_some(())
        .ok_or_else(|| ApiError::invalid(name, "must be a JSON object"))
}

/// `user/settings/update`: every parameter optional; only `time_zone` changes
/// what trackgate answers.
pub async fn update(state: web::Data<ApiState>, call: UserCall) -> Result<HttpResponse, ApiError> {
    let params = &call.params;
    let zone = match params.opt_str("time_zone")? {
        None => None,
        Some(name) => Some(UserZone::named(name.trim()).ok_or_else(|| {
            ApiError::invalid(
                "time_zone",
                "must be an IANA time zone name, e.g. Europe/Berlin",
            )
        })?),
    };
    if let Some(locale) = params.opt_str("locale")?
        && (!(2..=16).contains(&locale.len())
            || !locale
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-'))
    {
        return Err(ApiError::invalid(
            "locale",
            "must be a locale code, e.g. en_US",
        ));
    }
    match params.opt_str("measurement_system")? {
        None | Some("metric") => {}
        Some("imperial" | "us" | "metric_gal_us" | "nautical") => {
            return Err(ApiError::invalid(
                "measurement_system",
                "trackgate writes metric units only",
            ));
        }
        Some(_) => {
            return Err(ApiError::invalid(
                "measurement_system",
                "must be one of metric, imperial, us, metric_gal_us, nautical",
            ));
        }
    }
    one_of(
        params,
        "date_format",
        &[
            "ddMMyyyy_dots",
            "ddMMyyyy_slashes",
            "MMddyyyy_hyphens",
            "yyyyMMdd_hyphens",
            "dMMMy",
            "dMMMMy",
        ],
    )?;
    one_of(params, "hour_mode", &["TWENTY_FOUR_HOURS", "TWELVE_HOURS"])?;
    one_of(
        params,
        "geocoder",
        &["google", "yandex", "progorod", "osm", "locationiq"],
    )?;
    one_of(params, "route_provider", &["google", "progorod", "osrm"])?;
    params.opt_bool("translit")?;
    object(params, "balance_alert_settings")?;
    object(params, "file_storage_settings")?;

    if let Some(zone) = zone {
        let store = state.store.clone();
        let id = call.user.id;
        web::block(move || -> Result<(), ApiError> {
            let mut user = store
                .user(id)?
                .ok_or_else(|| ApiError::code(Code::SessionNotFound))?;
            user.time_zone = zone.name().to_owned();
            store.update_user(&user)?;
            Ok(())
        })
        .await??;
    }
    Ok(success(json!({})))
}

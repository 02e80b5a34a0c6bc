//! The account, key, tag, group, sub-user, settings and readings calls.

use super::*;

/// These calls.
pub const CALLS: &[Call] = &[
    Call {
        path: "user/auth",
        summary: "Log in: a session hash for a login and password.",
        authenticated: false,
        params: &[
            req("login", Kind::Str, "The user's login."),
            req("password", Kind::Str, "The user's password."),
        ],
    },
    call("user/get_info", "The calling user's account.", &[]),
    call("user/logout", "Ends the session the hash names.", &[]),
    call(
        "user/session/renew",
        "Extends the session the hash names.",
        &[],
    ),
    call(
        "api/key/create",
        "Creates an API key.",
        &[req("title", Kind::Str, "A title for the key.")],
    ),
    call("api/key/list", "The user's API keys.", &[]),
    call(
        "api/key/delete",
        "Deletes an API key.",
        &[req("key", Kind::Str, "The key to delete.")],
    ),
    call(
        "tag/list",
        "The account's tags.",
        &[opt(
            "filter",
            Kind::Str,
            "Only tags whose name contains this.",
        )],
    ),
    call(
        "tag/create",
        "Creates a tag.",
        &[req("tag", Kind::Object, "The tag: name, color.")],
    ),
    call(
        "tag/update",
        "Changes a tag.",
        &[req("tag", Kind::Object, "The tag: id, name, color.")],
    ),
    call(
        "tag/delete",
        "Deletes a tag, or several.",
        &[
            opt("tag_id", Kind::Int, "The tag's id."),
            opt("tag_ids", Kind::IntArray, "Instead of tag_id: several ids."),
        ],
    ),
    call(
        "tracker/tags/set",
        "Sets a tracker's tags.",
        &[
            TRACKER,
            req("tag_bindings", Kind::Any, "List of {tag_id, ordinal}."),
        ],
    ),
    call("tracker/group/list", "The account's tracker groups.", &[]),
    call("tracker/group/create", "Creates a group.", GROUP_NEW),
    call("tracker/group/update", "Changes a group.", GROUP_CHANGE),
    call(
        "tracker/group/delete",
        "Deletes a group; its trackers move to group 0.",
        GROUP_ID,
    ),
    call(
        "tracker/group/assign",
        "Moves trackers into a group (0: none).",
        GROUP_ASSIGN,
    ),
    call("group/list", "As tracker/group/list.", &[]),
    call("group/create", "As tracker/group/create.", GROUP_NEW),
    call("group/update", "As tracker/group/update.", GROUP_CHANGE),
    call("group/delete", "As tracker/group/delete.", GROUP_ID),
    call("group/assign", "As tracker/group/assign.", GROUP_ASSIGN),
    call(
        "subuser/register",
        "Creates a sub-user of the caller's account.",
        &[
            req(
                "user",
                Kind::Object,
                "The sub-user: login, rights, profile fields.",
            ),
            req("password", Kind::Str, "Its password."),
        ],
    ),
    call("subuser/list", "The account's sub-users.", &[]),
    call(
        "subuser/update",
        "Changes a sub-user.",
        &[req("user", Kind::Object, "The sub-user with its id.")],
    ),
    call("subuser/delete", "Deletes a sub-user.", &[SUBUSER]),
    call(
        "subuser/tracker/list",
        "The trackers bound to a sub-user.",
        &[SUBUSER],
    ),
    call(
        "subuser/tracker/bind",
        "Lets a sub-user see trackers.",
        &[SUBUSER, SUBUSER_TRACKERS],
    ),
    call(
        "subuser/tracker/unbind",
        "Takes trackers from a sub-user.",
        &[SUBUSER, SUBUSER_TRACKERS],
    ),
    call("user/settings/read", "The user's settings.", &[]),
    call(
        "user/settings/update",
        "Changes the user's settings.",
        &[
            opt("time_zone", Kind::Str, "An IANA time zone name."),
            opt("locale", Kind::Str, "A locale, e.g. en_US."),
            opt("measurement_system", Kind::Str, "metric."),
            opt("date_format", Kind::Str, "Navixy's date format names."),
            opt("hour_mode", Kind::Str, "TWELVE_HOURS or TWENTY_FOUR_HOURS."),
            opt("geocoder", Kind::Str, "Navixy's geocoder names."),
            opt(
                "route_provider",
                Kind::Str,
                "Navixy's route provider names.",
            ),
            opt("translit", Kind::Bool, "Transliterate texts."),
            opt("file_storage_settings", Kind::Object, "{auto_overwrite}."),
            opt("balance_alert_settings", Kind::Object, "{emails}."),
        ],
    ),
    call(
        "tracker/get_diagnostics",
        "The newest CAN and OBD readings and states.",
        &[TRACKER],
    ),
    call("tracker/get_fuel", "The newest fuel readings.", &[TRACKER]),
    call(
        "tracker/get_readings",
        "The newest metering readings (not CAN, OBD or fuel).",
        &[TRACKER],
    ),
    call(
        "tracker/get_inputs",
        "The discrete inputs and the semantic inputs bound to them.",
        &[TRACKER],
    ),
];

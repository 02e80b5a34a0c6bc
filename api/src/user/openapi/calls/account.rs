//! The account, key, tag, group, sub-user, settings and readings calls.

use super::*;

/// These calls.
pub const CALLS: &[Call] = &[
    Call {
        path: "user/auth",
        summary: "Log in: a session hash for a login and password. After too many failures of the login, or from the client's address, answers 15 (HTTP 429, with Retry-After).",
        authenticated: false,
        params: &[
            req("login", Kind::Str, "The user's login."),
            req("password", Kind::Str, "The user's password."),
        ],
        answer: &[("hash", Shape::Of(Kind::Str))],
    },
    call("user/get_info", "The calling user's account.", &[])
        .answers(&[("user_info", Shape::Of(Kind::Object))]),
    call("user/logout", "Ends the session the hash names.", &[]),
    call(
        "user/session/renew",
        "Extends the session the hash names.",
        &[],
    ),
    call(
        "api/key/create",
        "Creates an API key. The answer's hash is the key, shown only here.",
        &[req("title", Kind::Str, "A title for the key.")],
    )
    .answers(&[("value", Shape::Ref("ApiKey"))]),
    call(
        "api/key/list",
        "The user's API keys, each named in hash by its id (the key itself is not kept).",
        &[],
    )
    .answers(&[("list", Shape::List("ApiKey"))]),
    call(
        "api/key/delete",
        "Deletes an API key.",
        &[req(
            "key",
            Kind::Str,
            "The key to delete, or its id from api/key/list.",
        )],
    ),
    call(
        "tag/list",
        "The account's tags.",
        &[opt(
            "filter",
            Kind::Str,
            "Only tags whose name contains this.",
        )],
    )
    .answers(&[("list", Shape::List("Tag"))]),
    call(
        "tag/create",
        "Creates a tag.",
        &[req("tag", Kind::Object, "The tag: name, color.")],
    )
    .answers(&[("id", Shape::Of(Kind::Int))]),
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
    call("tracker/group/list", "The account's tracker groups.", &[])
        .answers(&[("list", Shape::List("Group"))]),
    call("tracker/group/create", "Creates a group.", GROUP_NEW)
        .answers(&[("id", Shape::Of(Kind::Int))]),
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
    call("group/list", "As tracker/group/list.", &[]).answers(&[("list", Shape::List("Group"))]),
    call("group/create", "As tracker/group/create.", GROUP_NEW)
        .answers(&[("id", Shape::Of(Kind::Int))]),
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
    )
    .answers(&[("id", Shape::Of(Kind::Int))]),
    call("subuser/list", "The account's sub-users.", &[])
        .answers(&[("list", Shape::List("SubUser"))]),
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
    )
    .answers(&[("list", Shape::Of(Kind::Any))]),
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
    call("user/settings/read", "The user's settings.", &[])
        .answers(&[("settings", Shape::Of(Kind::Object))]),
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
    )
    .answers(&[
        ("user_time", Shape::Of(Kind::DateTime)),
        ("inputs", Shape::List("SensorValue")),
        ("states", Shape::Of(Kind::Object)),
    ]),
    call("tracker/get_fuel", "The newest fuel readings.", &[TRACKER]).answers(&[
        ("user_time", Shape::Of(Kind::DateTime)),
        ("inputs", Shape::List("SensorValue")),
    ]),
    call(
        "tracker/get_readings",
        "The newest metering readings (not CAN, OBD or fuel).",
        &[TRACKER],
    )
    .answers(&[
        ("user_time", Shape::Of(Kind::DateTime)),
        ("inputs", Shape::List("SensorValue")),
    ]),
    call(
        "tracker/get_inputs",
        "The discrete inputs and the semantic inputs bound to them.",
        &[TRACKER],
    )
    .answers(&[
        ("user_time", Shape::Of(Kind::DateTime)),
        ("inputs", Shape::Of(Kind::Any)),
        ("states", Shape::Of(Kind::Any)),
    ]),
    call(
        "tracker/sensor/input_name/list",
        "Every input and state name trackgate knows, with its description.",
        &[],
    )
    .answers(&[("list", Shape::List("InputName"))]),
];

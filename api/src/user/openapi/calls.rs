//! Every User API call with its parameters, as the OpenAPI document
//! describes them. One entry per served path; a test checks the two agree.

/// A parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An integer.
    Int,
    /// Text.
    Str,
    /// `true`/`false`.
    Bool,
    /// `YYYY-MM-DD HH:MM:SS` in the user's time zone.
    DateTime,
    /// An array of integers (JSON, or JSON text in a form or query).
    IntArray,
    /// An array of strings.
    StrArray,
    /// A JSON object.
    Object,
    /// Any JSON value.
    Any,
}

/// One parameter of a call.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Whether the call needs it.
    pub required: bool,
    /// What it is.
    pub about: &'static str,
}

/// One call.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    /// The path after `/v2/`.
    pub path: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// Whether it takes a `hash`.
    pub authenticated: bool,
    /// Its parameters besides `hash`.
    pub params: &'static [Param],
}

const fn req(name: &'static str, kind: Kind, about: &'static str) -> Param {
    Param {
        name,
        kind,
        required: true,
        about,
    }
}

const fn opt(name: &'static str, kind: Kind, about: &'static str) -> Param {
    Param {
        name,
        kind,
        required: false,
        about,
    }
}

const fn call(path: &'static str, summary: &'static str, params: &'static [Param]) -> Call {
    Call {
        path,
        summary,
        authenticated: true,
        params,
    }
}

const TRACKER: Param = req("tracker_id", Kind::Int, "The tracker's id (object_id).");
const APN_NAME: Param = opt(
    "apn_name",
    Kind::Str,
    "The SIM's APN name, at most 40 characters.",
);
const APN_USER: Param = opt(
    "apn_user",
    Kind::Str,
    "The APN user, at most 40 characters.",
);
const APN_PASSWORD: Param = opt(
    "apn_password",
    Kind::Str,
    "The APN password, at most 40 characters.",
);
const SEND_COMMANDS: Param = opt(
    "send_register_commands",
    Kind::Bool,
    "Send the registration commands by SMS; null or absent: the platform setting.",
);
const RELIABLE: Param = opt(
    "reliable",
    Kind::Bool,
    "Queue the command until the device is online (default true); false answers 213 offline.",
);
const TTL: Param = opt(
    "ttl",
    Kind::Int,
    "Seconds until an undelivered command expires.",
);
const EXPIRES: Param = opt(
    "expires",
    Kind::DateTime,
    "When an undelivered command expires.",
);
const SEND_WITHIN: Param = opt(
    "send_within",
    Kind::Int,
    "Send only within this many seconds of the device's last packet (SIMs behind NAT).",
);
const LABEL: Param = req("label", Kind::Str, "1 to 60 printable characters.");
const GROUP: Param = opt("group_id", Kind::Int, "The tracker group, 0 for none.");
const MODEL: Param = req("model", Kind::Str, "A model code of tracker/list_models.");
const PLUGIN: Param = req("plugin_id", Kind::Int, "The registration plugin: 37.");
const DEVICE_ID: Param = req(
    "device_id",
    Kind::Str,
    "The device's id, of the model's id_type.",
);
const PHONE: Param = req(
    "phone",
    Kind::Str,
    "The SIM's phone number, 5 to 20 digits.",
);

const GROUP_ID: &[Param] = &[req("id", Kind::Int, "The group's id.")];
const GROUP_NEW: &[Param] = &[
    req("title", Kind::Str, "The group's title."),
    req("color", Kind::Str, "Its colour, RRGGBB."),
];
const GROUP_CHANGE: &[Param] = &[
    req("id", Kind::Int, "The group's id."),
    opt("title", Kind::Str, "A new title."),
    opt("color", Kind::Str, "A new colour, RRGGBB."),
];
const GROUP_ASSIGN: &[Param] = &[
    req("id", Kind::Int, "The group's id, 0 for none."),
    req("trackers", Kind::IntArray, "The trackers to move."),
];
const SUBUSER: Param = req("subuser_id", Kind::Int, "The sub-user's id.");
const SUBUSER_TRACKERS: Param = req("trackers", Kind::IntArray, "Tracker ids.");

const FROM: Param = req(
    "from",
    Kind::DateTime,
    "Start of the period (at most 31 days).",
);
const TO: Param = req("to", Kind::DateTime, "End of the period.");
const LBS: Param = opt(
    "include_gsm_lbs",
    Kind::Bool,
    "Include cell-tower positions (default true).",
);
const FILTER: Param = opt(
    "filter",
    Kind::Bool,
    "Drop jumps and parking points (default true).",
);
const POINT_LIMIT: Param = opt(
    "point_limit",
    Kind::Int,
    "At most this many points, 2 to 3000.",
);

/// Every call, in the order the routes are registered.
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
        "tracker/list",
        "The trackers the caller sees, with their tags.",
        &[opt(
            "labels",
            Kind::StrArray,
            "Only trackers whose label contains one of these (1 to 1024 items of 1 to 60 characters).",
        )],
    ),
    call("tracker/get", "One tracker.", &[TRACKER]),
    call("tracker/read", "One tracker (as tracker/get).", &[TRACKER]),
    call(
        "tracker/list_models",
        "The device models trackgate supports.",
        &[opt("codes", Kind::StrArray, "Only these model codes.")],
    ),
    call(
        "tracker/get_last_gps_point",
        "The newest valid GNSS fix.",
        &[TRACKER],
    ),
    call(
        "tracker/get_state",
        "The tracker's current state.",
        &[TRACKER],
    ),
    call(
        "tracker/change_phone",
        "Sets the SIM's phone number and APN.",
        &[TRACKER, PHONE, APN_NAME, APN_USER, APN_PASSWORD],
    ),
    call(
        "tracker/get_states",
        "The states of up to 2,000 trackers.",
        &[
            req("trackers", Kind::IntArray, "Tracker ids, 1 to 2,000."),
            opt("list_blocked", Kind::Bool, "Also list blocked trackers."),
            opt(
                "allow_not_exist",
                Kind::Bool,
                "Skip unknown ids instead of 217.",
            ),
        ],
    ),
    call(
        "tracker/register",
        "Registers a device in the user's account.",
        &[
            LABEL,
            GROUP,
            MODEL,
            PLUGIN,
            DEVICE_ID,
            PHONE,
            opt("activation_code", Kind::Str, "Accepted, not checked."),
            APN_NAME,
            APN_USER,
            APN_PASSWORD,
            SEND_COMMANDS,
        ],
    ),
    call(
        "tracker/register_quick",
        "Registers a pre-provisioned device by its IMEI.",
        &[LABEL, GROUP, req("imei", Kind::Str, "The device's id.")],
    ),
    call(
        "tracker/register_retry",
        "Sends the registration commands again.",
        &[
            opt("tracker_id", Kind::Int, "The tracker's id."),
            opt(
                "device_id",
                Kind::Str,
                "Instead of tracker_id: the device's id.",
            ),
            APN_NAME,
            APN_USER,
            APN_PASSWORD,
            SEND_COMMANDS,
        ],
    ),
    call(
        "tracker/replace",
        "Moves the tracker to another device, keeping its history.",
        &[
            TRACKER,
            MODEL,
            PLUGIN,
            DEVICE_ID,
            PHONE,
            APN_NAME,
            APN_USER,
            APN_PASSWORD,
            SEND_COMMANDS,
        ],
    ),
    call(
        "tracker/replace_quick",
        "Moves the tracker to a pre-provisioned device.",
        &[TRACKER, req("imei", Kind::Str, "The new device's id.")],
    ),
    call(
        "tracker/replace_retry",
        "Sends the new device's registration commands again.",
        &[TRACKER, APN_NAME, APN_USER, APN_PASSWORD, SEND_COMMANDS],
    ),
    call(
        "tracker/corrupt",
        "Marks the tracker deleted and frees its device and phone.",
        &[TRACKER],
    ),
    call("tracker/delete", "Deletes a clone.", &[TRACKER]),
    call(
        "track/read",
        "The tracker's points between two times, or of one trip.",
        &[
            TRACKER,
            FROM,
            TO,
            opt(
                "track_id",
                Kind::Int,
                "Only the points of this trip (an id from track/list).",
            ),
            LBS,
            FILTER,
            opt(
                "simplify",
                Kind::Bool,
                "Reduce to point_limit points (default true).",
            ),
            POINT_LIMIT,
        ],
    ),
    call(
        "track/list",
        "The tracker's trips between two times, split by stops.",
        &[
            TRACKER,
            FROM,
            TO,
            FILTER,
            opt(
                "split",
                Kind::Bool,
                "Split by stops (default true); false: one merged track.",
            ),
            LBS,
            opt(
                "cluster_single_reports",
                Kind::Bool,
                "Group lone reports into clusters.",
            ),
            opt("count_events", Kind::Bool, "Add each trip's event_count."),
            opt(
                "omit_addresses",
                Kind::Bool,
                "Accepted; addresses are empty.",
            ),
            opt("with_points", Kind::Bool, "Add each trip's points_list."),
            POINT_LIMIT,
        ],
    ),
    call(
        "tracker/raw_command",
        "Sends text or hex in the device's own command language.",
        &[
            TRACKER,
            req("command", Kind::Str, "The command."),
            opt("type", Kind::Str, "text (default) or hex."),
            RELIABLE,
            TTL,
            EXPIRES,
            SEND_WITHIN,
        ],
    ),
    call(
        "tracker/raw_command/send",
        "As tracker/raw_command.",
        &[
            TRACKER,
            req("command", Kind::Str, "The command."),
            opt("type", Kind::Str, "text (default) or hex."),
            RELIABLE,
            TTL,
            EXPIRES,
            SEND_WITHIN,
        ],
    ),
    call(
        "tracker/output/set",
        "Switches a discrete output.",
        &[
            TRACKER,
            req("output", Kind::Int, "The output's number, from 1."),
            req("enable", Kind::Bool, "On or off."),
            RELIABLE,
            TTL,
            EXPIRES,
            SEND_WITHIN,
        ],
    ),
    call(
        "tracker/location_request",
        "Asks the device for its position.",
        &[
            TRACKER,
            opt("type", Kind::Str, "sms (default), gsm or gprs."),
        ],
    ),
    call(
        "tracker/send_command",
        "Sends a named command (electronic lock, special settings).",
        &[
            TRACKER,
            req("command", Kind::Object, "The command object."),
            RELIABLE,
            TTL,
            EXPIRES,
            SEND_WITHIN,
        ],
    ),
    call(
        "tracker/command/list",
        "The tracker's commands.",
        &[TRACKER],
    ),
    call(
        "tracker/command/cancel",
        "Cancels a command not delivered yet.",
        &[TRACKER, req("command_id", Kind::Int, "The command's id.")],
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

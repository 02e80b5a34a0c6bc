//! The tracker, registration, track and command calls.

use super::*;

const RAW_COMMAND: &[Param] = &[
    TRACKER,
    req("command", Kind::Str, "The command."),
    opt("type", Kind::Str, "text (default) or hex."),
    RELIABLE,
    TTL,
    EXPIRES,
    SEND_WITHIN,
];

/// These calls.
pub const CALLS: &[Call] = &[
    call(
        "tracker/list",
        "The trackers the caller sees, with their tags.",
        &[opt(
            "labels",
            Kind::StrArray,
            "Only trackers whose label contains one of these (1 to 1024 items of 1 to 60 characters).",
        )],
    )
    .answers(&[("list", Shape::List("Tracker"))]),
    call("tracker/get", "One tracker.", &[TRACKER])
    .answers(&[("value", Shape::Ref("Tracker"))]),
    call("tracker/read", "One tracker (as tracker/get).", &[TRACKER])
    .answers(&[("value", Shape::Ref("Tracker"))]),
    call(
        "tracker/list_models",
        "The device models trackgate supports.",
        &[opt("codes", Kind::StrArray, "Only these model codes.")],
    )
    .answers(&[("list", Shape::List("Model"))]),
    call(
        "tracker/get_last_gps_point",
        "The newest valid GNSS fix.",
        &[TRACKER],
    )
    .answers(&[("value", Shape::Ref("TrackPoint"))]),
    call(
        "tracker/get_state",
        "The tracker's current state.",
        &[TRACKER],
    )
    .answers(&[("user_time", Shape::Of(Kind::DateTime)), ("state", Shape::Ref("State"))]),
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
    )
    .answers(&[("user_time", Shape::Of(Kind::DateTime)), ("states", Shape::Map("State"))]),
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
            opt(
                "activation_code",
                Kind::Str,
                "A dealer's activation code: used once, it credits its money and bonus, gives its \
                 free days and its tariff to an account without one (227 if unknown or used).",
            ),
            opt(
                "iccid",
                Kind::Str,
                "The SIM bundled with the device (3 to 20 characters): a bundled device's \
                 ICCID, 226 if it is another, 258 if the device has no bundle.",
            ),
            APN_NAME,
            APN_USER,
            APN_PASSWORD,
            SEND_COMMANDS,
        ],
    )
    .answers(&[("value", Shape::Ref("Tracker"))]),
    call(
        "tracker/register_quick",
        "Registers a pre-provisioned device by its IMEI.",
        &[LABEL, GROUP, req("imei", Kind::Str, "The device's id.")],
    )
    .answers(&[("value", Shape::Ref("Tracker"))]),
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
    )
    .answers(&[("value", Shape::Ref("Tracker"))]),
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
    )
    .answers(&[("value", Shape::Ref("Tracker"))]),
    call(
        "tracker/replace_quick",
        "Moves the tracker to a pre-provisioned device.",
        &[TRACKER, req("imei", Kind::Str, "The new device's id.")],
    )
    .answers(&[("value", Shape::Ref("Tracker"))]),
    call(
        "tracker/replace_retry",
        "Sends the new device's registration commands again.",
        &[TRACKER, APN_NAME, APN_USER, APN_PASSWORD, SEND_COMMANDS],
    )
    .answers(&[("value", Shape::Ref("Tracker"))]),
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
    )
    .answers(&[("limit_exceeded", Shape::Of(Kind::Bool)), ("list", Shape::List("TrackPoint"))]),
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
    )
    .answers(&[("limit_exceeded", Shape::Of(Kind::Bool)), ("list", Shape::List("Track"))]),
    call(
        "tracker/raw_command",
        "Sends text or hex in the device's own command language.",
        RAW_COMMAND,
    )
    .answers(&[("command_id", Shape::Of(Kind::Int))]),
    call(
        "tracker/raw_command/send",
        "As tracker/raw_command.",
        RAW_COMMAND,
    )
    .answers(&[("command_id", Shape::Of(Kind::Int))]),
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
    )
    .answers(&[("command_id", Shape::Of(Kind::Int))]),
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
    )
    .answers(&[("command_id", Shape::Of(Kind::Int))]),
    call(
        "tracker/command/list",
        "The tracker's commands.",
        &[TRACKER],
    )
    .answers(&[("list", Shape::List("Command"))]),
    call(
        "tracker/command/cancel",
        "Cancels a command not delivered yet.",
        &[TRACKER, req("command_id", Kind::Int, "The command's id.")],
    )
    .answers(&[("value", Shape::Ref("Command"))]),
];

//! The parameters and answers of the tracker calls.

use super::{ASCENDING, FILTER, LIMIT, OFFSET};
use crate::user::openapi::calls::{Kind, Param, Shape, opt, req};

const TRACKER: Param = req(
    "tracker_id",
    Kind::Int,
    "The tracker's id; a tracker of the dealer's users.",
);
/// `tracker/list`.
pub const TRACKER_LIST: &[Param] = &[
    opt("user_id", Kind::Int, "Only this user's trackers."),
    opt(
        "tariff_id",
        Kind::Int,
        "Only trackers whose owner is on this tariff.",
    ),
    FILTER,
    opt(
        "order_by",
        Kind::Str,
        "id, label, status, model, device_id, phone, creation_date, last_connection, tariff_id \
         or business_status (by id).",
    ),
    ASCENDING,
    OFFSET,
    LIMIT,
];
/// `tracker/list`'s answer.
pub const TRACKER_LIST_ANSWER: &[(&str, Shape)] = &[
    ("list", Shape::List("PanelTracker")),
    ("count", Shape::Of(Kind::Int)),
];
/// A tracker by id.
pub const TRACKER_ID: &[Param] = &[TRACKER];
/// `tracker/read`'s answer.
pub const TRACKER_READ_ANSWER: &[(&str, Shape)] = &[("value", Shape::Ref("PanelTracker"))];
/// `tracker/move`.
pub const TRACKER_MOVE: &[Param] = &[
    TRACKER,
    req("user_id", Kind::Int, "The user who will own it."),
];
/// `tracker/settings/update`.
pub const TRACKER_SETTINGS: &[Param] = &[
    TRACKER,
    opt(
        "label",
        Kind::Str,
        "1 to 60 printable characters, without < and >.",
    ),
    opt(
        "comment",
        Kind::Str,
        "At most 3000 characters; accepted, not kept.",
    ),
    opt(
        "deleted",
        Kind::Bool,
        "false only: no deleted mark is kept.",
    ),
];
/// `tracker/source/update`.
pub const TRACKER_SOURCE: &[Param] = &[
    TRACKER,
    opt(
        "blocked",
        Kind::Bool,
        "Blocks (true) or unblocks the tracker.",
    ),
    opt(
        "device_id",
        Kind::Str,
        "A new device id: the tracker moves to that device.",
    ),
    opt(
        "phone",
        Kind::Str,
        "The SIM's phone number: 5 to 20 digits, optionally after +; empty: none.",
    ),
];
/// `tracker/tariff/change`.
pub const TRACKER_TARIFF: &[Param] = &[
    TRACKER,
    req(
        "tariff_id",
        Kind::Int,
        "The new tariff, of the owner's dealer; the owner's account moves to it.",
    ),
    opt(
        "repay",
        Kind::Bool,
        "Give back the unused part of the current period of the old tariff.",
    ),
    opt(
        "charge",
        Kind::Bool,
        "Charge the new tariff's first period now (default false).",
    ),
];
/// `tracker/raw_command/send`.
pub const TRACKER_RAW_COMMAND: &[Param] = &[
    opt(
        "device_id",
        Kind::Str,
        "The device id of the tracker (or tracker_id).",
    ),
    opt("tracker_id", Kind::Int, "The tracker's id (or device_id)."),
    req("command", Kind::Str, "The command, as text or hex."),
    opt("type", Kind::Str, "text (default) or hex."),
    opt(
        "reliable",
        Kind::Bool,
        "Kept until the device is connected (default true); false: 213 when offline.",
    ),
];

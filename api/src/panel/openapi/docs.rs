//! The parameters and answers of the Panel calls, as the route table
//! ([`super::super::routes::ROUTES`]) names them for the OpenAPI document.

use crate::user::openapi::calls::{Kind, Param, Shape, opt, req};

/// `account/auth`.
pub const AUTH: &[Param] = &[
    req("login", Kind::Str, "The administrator's login."),
    req("password", Kind::Str, "Its password."),
];
/// `account/auth`'s answer.
pub const AUTH_ANSWER: &[(&str, Shape)] = &[
    ("hash", Shape::Of(Kind::Str)),
    ("permissions", Shape::Ref("Permissions")),
];
/// `account/get_permissions`'s answer.
pub const PERMISSIONS_ANSWER: &[(&str, Shape)] = &[("permissions", Shape::Ref("Permissions"))];
/// `dealer/get_info`'s answer.
pub const DEALER_ANSWER: &[(&str, Shape)] = &[
    ("id", Shape::Of(Kind::Int)),
    ("title", Shape::Of(Kind::Str)),
    ("active_amount", Shape::Of(Kind::Int)),
];

const FILTER: Param = opt(
    "filter",
    Kind::Str,
    "Text to look for in the listed fields.",
);
const ASCENDING: Param = opt("ascending", Kind::Bool, "Ascending order (default true).");
const OFFSET: Param = opt("offset", Kind::Int, "Entries to skip (default 0).");
const LIMIT: Param = opt(
    "limit",
    Kind::Int,
    "Entries to answer at most (default all).",
);

/// `user/list`.
pub const USER_LIST: &[Param] = &[
    FILTER,
    opt(
        "order_by",
        Kind::Str,
        "id, login, last_name, balance, bonus, phone or post_city (the last five order by id).",
    ),
    ASCENDING,
    OFFSET,
    LIMIT,
    opt(
        "hide_inactive",
        Kind::Bool,
        "Leave out users that are not active.",
    ),
];
/// `user/list`'s answer.
pub const USER_LIST_ANSWER: &[(&str, Shape)] = &[
    ("list", Shape::List("PanelUser")),
    ("count", Shape::Of(Kind::Int)),
];
/// A user by id.
pub const USER_ID: &[Param] = &[req("user_id", Kind::Int, "The user's id.")];
/// `user/read`'s answer.
pub const USER_READ_ANSWER: &[(&str, Shape)] = &[
    ("value", Shape::Ref("PanelUser")),
    ("default_tariff_id", Shape::Of(Kind::Any)),
];
const COMMENT: Param = opt("comment", Kind::Str, "A comment, at most 255 characters.");
const TIME_ZONE: Param = opt("time_zone", Kind::Str, "An IANA time zone name.");
const DEFAULT_TARIFF: Param = opt(
    "default_tariff_id",
    Kind::Int,
    "The user's tariff, one of the dealer's (0: none).",
);
/// `user/create`.
pub const USER_CREATE: &[Param] = &[
    req(
        "user",
        Kind::Object,
        "login (required), activated, first_name; dealer_id for an administrator without a dealer.",
    ),
    req("password", Kind::Str, "6 to 255 characters."),
    TIME_ZONE,
    COMMENT,
    DEFAULT_TARIFF,
];
/// `user/update`.
pub const USER_UPDATE: &[Param] = &[
    req(
        "user",
        Kind::Object,
        "id (required) and the fields to change: login, activated, first_name, dealer_id.",
    ),
    TIME_ZONE,
    COMMENT,
    DEFAULT_TARIFF,
];
/// `user/change_password`.
pub const USER_PASSWORD: &[Param] = &[
    req("user_id", Kind::Int, "The user's id."),
    req("password", Kind::Str, "6 to 255 characters."),
];
/// `user/corrupt`.
pub const USER_CORRUPT: &[Param] = &[
    req("user_id", Kind::Int, "The user's id."),
    req("login", Kind::Str, "The user's login, to confirm."),
    opt(
        "corrupt_clones",
        Kind::Bool,
        "Accepted; the user's clones always go.",
    ),
];
/// An id answered.
pub const ID_ANSWER: &[(&str, Shape)] = &[("id", Shape::Of(Kind::Int))];
/// A session hash answered.
pub const HASH_ANSWER: &[(&str, Shape)] = &[("hash", Shape::Of(Kind::Str))];

/// `tariff/list`.
pub const TARIFF_LIST: &[Param] = &[
    opt(
        "device_type",
        Kind::Str,
        "tracker, camera or socket (only trackers have tariffs).",
    ),
    FILTER,
    opt(
        "order_by",
        Kind::Str,
        "id, name, device_type, group_id or price.",
    ),
    ASCENDING,
    OFFSET,
    LIMIT,
];
/// `tariff/list`'s answer.
pub const TARIFF_LIST_ANSWER: &[(&str, Shape)] = &[
    ("list", Shape::List("Tariff")),
    ("count", Shape::Of(Kind::Int)),
];
/// `tariff/read`.
pub const TARIFF_ID: &[Param] = &[req("tariff_id", Kind::Int, "The tariff's id.")];
/// `tariff/read`'s answer.
pub const TARIFF_READ_ANSWER: &[(&str, Shape)] = &[("value", Shape::Ref("Tariff"))];
/// `tariff/create`.
pub const TARIFF_CREATE: &[Param] = &[req(
    "tariff",
    Kind::Object,
    "name and price (required), device_limit, store_period, period_days, type, device_type; \
     dealer_id for an administrator without a dealer.",
)];
/// `tariff/update`.
pub const TARIFF_UPDATE: &[Param] = &[req(
    "tariff",
    Kind::Object,
    "id (required) and the fields to change, as tariff/create takes them.",
)];

/// `tracker/bundle/list`.
pub const BUNDLE_LIST: &[Param] = &[
    opt(
        "clones_filter",
        Kind::Str,
        "exclude_clones, only_include_clones or not_set (a bundle is never a clone).",
    ),
    opt(
        "filter",
        Kind::Str,
        "Text to look for in id, imei, model_code, iccid and assign_time.",
    ),
    opt(
        "order_by",
        Kind::Str,
        "id, imei, model_code, iccid, assign_time, order_id, or Navixy's device_id, model, phone, \
         creation_date, user_id, label, status, comment.",
    ),
    ASCENDING,
    OFFSET,
    LIMIT,
];
/// `tracker/bundle/list`'s answer.
pub const BUNDLE_LIST_ANSWER: &[(&str, Shape)] = &[
    ("list", Shape::List("Bundle")),
    ("count", Shape::Of(Kind::Int)),
];
/// `tracker/bundle/read`.
pub const BUNDLE_READ: &[Param] = &[req("imei", Kind::Str, "The device's IMEI.")];
/// `tracker/bundle/read`'s answer.
pub const BUNDLE_READ_ANSWER: &[(&str, Shape)] = &[("value", Shape::Ref("Bundle"))];
/// `tracker/bundle/import`.
pub const BUNDLE_IMPORT: &[Param] = &[
    req(
        "imeis",
        Kind::Any,
        "1 to 1000 devices (an array, or IMEIs separated by commas): each an IMEI, or an object \
         with imei and optionally iccid, phone, model_code and order_id.",
    ),
    opt(
        "model_code",
        Kind::Str,
        "The model of every device that names none.",
    ),
    opt(
        "order_id",
        Kind::Int,
        "The order of every device that names none.",
    ),
    opt("equip_id", Kind::Int, "Accepted and not kept."),
    opt("factory_preset", Kind::Bool, "Accepted and not kept."),
];
/// `tracker/bundle/assign`.
pub const BUNDLE_ASSIGN: &[Param] = &[
    req("bundle_id", Kind::Int, "The bundle's id."),
    req(
        "iccid",
        Kind::Str,
        "The SIM's ICCID, 3 to 20 printable characters.",
    ),
];
/// `tracker/bundle/order/assign`.
pub const BUNDLE_ORDER: &[Param] = &[
    req("bundle_id", Kind::Int, "The bundle's id."),
    opt("order_id", Kind::Int, "The order; null, absent or 0: none."),
];

/// `user/transaction/list`.
pub const TRANSACTION_LIST: &[Param] = &[
    req("user_id", Kind::Int, "The user's id."),
    req("from", Kind::DateTime, "From this time (UTC), included."),
    req(
        "to",
        Kind::DateTime,
        "To this time (UTC), included; after from.",
    ),
    opt(
        "limit",
        Kind::Int,
        "Transactions to answer at most (default all).",
    ),
    opt(
        "offset",
        Kind::Int,
        "Transactions to skip first (default 0).",
    ),
];
/// `user/transaction/list`'s answer.
pub const TRANSACTION_LIST_ANSWER: &[(&str, Shape)] = &[("list", Shape::List("Transaction"))];
/// `user/transaction/change_balance`.
pub const CHANGE_BALANCE: &[Param] = &[
    req("user_id", Kind::Int, "The user's id."),
    req(
        "amount",
        Kind::Any,
        "What to add (negative: take), at most 2 decimals, not zero.",
    ),
    opt("type", Kind::Str, "balance (default) or bonus."),
    req("text", Kind::Str, "Why: 5 to 255 characters."),
];

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

/// A count answered.
pub const COUNT_ANSWER: &[(&str, Shape)] = &[("count", Shape::Of(Kind::Int))];
const CODE_TARIFF: Param = req(
    "tariff_id",
    Kind::Int,
    "The tariff the codes put an account on; one the administrator sees.",
);
const BONUS: Param = opt(
    "bonus_amount",
    Kind::Any,
    "The bonus a code adds to the balance when used (an amount, 0 or more).",
);
const FREE_DAYS: Param = opt(
    "free_days",
    Kind::Int,
    "Days of service a code gives free (0 to 3650).",
);
/// `dealer/activation_code/create`.
pub const CODE_CREATE: &[Param] = &[
    req("count", Kind::Int, "How many codes to make (1 to 1000)."),
    CODE_TARIFF,
    BONUS,
    FREE_DAYS,
    opt(
        "money_amount",
        Kind::Any,
        "trackgate's own: money a code adds to the balance when used (default 0).",
    ),
];
/// `dealer/activation_code/list`.
pub const CODE_LIST: &[Param] = &[
    FILTER,
    opt(
        "order_by",
        Kind::Str,
        "code, activated, tariff_id, tariff_name, device_type, money_amount, bonus_amount or \
         free_days.",
    ),
    ASCENDING,
    OFFSET,
    LIMIT,
];
/// `dealer/activation_code/list`'s answer.
pub const CODE_LIST_ANSWER: &[(&str, Shape)] = &[
    ("list", Shape::List("ActivationCode")),
    ("count", Shape::Of(Kind::Int)),
];
/// `dealer/activation_code/update`.
pub const CODE_UPDATE: &[Param] = &[
    req(
        "codes",
        Kind::StrArray,
        "The codes to change; used ones stay as they are.",
    ),
    CODE_TARIFF,
    opt(
        "bonus_amount",
        Kind::Any,
        "The new bonus (kept when left out).",
    ),
    opt(
        "free_days",
        Kind::Int,
        "The new free days, 0 to 3650 (kept when left out).",
    ),
];

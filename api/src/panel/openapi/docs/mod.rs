//! The parameters and answers of the Panel calls, as the route table
//! ([`super::super::routes::ROUTES`]) names them for the OpenAPI document:
//! here sessions, the dealer, users and tariffs; trackers in `trackers`,
//! bundles, transactions and activation codes in `money`.

use crate::user::openapi::calls::{Kind, Param, Shape, opt, req};

mod money;
mod trackers;

pub use money::*;
pub use trackers::*;

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

pub(super) const FILTER: Param = opt(
    "filter",
    Kind::Str,
    "Text to look for in the listed fields.",
);
pub(super) const ASCENDING: Param = opt("ascending", Kind::Bool, "Ascending order (default true).");
pub(super) const OFFSET: Param = opt("offset", Kind::Int, "Entries to skip (default 0).");
pub(super) const LIMIT: Param = opt(
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

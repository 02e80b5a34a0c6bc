//! The parameters and answers of the bundle, transaction and activation
//! code calls.

use super::{ASCENDING, FILTER, LIMIT, OFFSET};
use crate::user::openapi::calls::{Kind, Param, Shape, opt, req};

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

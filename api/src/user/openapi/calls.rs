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

/// The type of one field of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A component schema, by name.
    Ref(&'static str),
    /// An array of a component schema.
    List(&'static str),
    /// An object whose values are a component schema (keyed by id).
    Map(&'static str),
    /// A parameter kind's type.
    Of(Kind),
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
    /// The fields its success answer carries besides `success`.
    pub answer: &'static [(&'static str, Shape)],
}

impl Call {
    /// This call answering `answer` on success.
    pub const fn answers(self, answer: &'static [(&'static str, Shape)]) -> Self {
        Self { answer, ..self }
    }
}

/// A required parameter.
pub const fn req(name: &'static str, kind: Kind, about: &'static str) -> Param {
    Param {
        name,
        kind,
        required: true,
        about,
    }
}

/// An optional parameter.
pub const fn opt(name: &'static str, kind: Kind, about: &'static str) -> Param {
    Param {
        name,
        kind,
        required: false,
        about,
    }
}

pub(super) const fn call(
    path: &'static str,
    summary: &'static str,
    params: &'static [Param],
) -> Call {
    Call {
        path,
        summary,
        authenticated: true,
        params,
        answer: &[],
    }
}

pub(super) const TRACKER: Param = req("tracker_id", Kind::Int, "The tracker's id (object_id).");
pub(super) const APN_NAME: Param = opt(
    "apn_name",
    Kind::Str,
    "The SIM's APN name, at most 40 characters.",
);
pub(super) const APN_USER: Param = opt(
    "apn_user",
    Kind::Str,
    "The APN user, at most 40 characters.",
);
pub(super) const APN_PASSWORD: Param = opt(
    "apn_password",
    Kind::Str,
    "The APN password, at most 40 characters.",
);
pub(super) const SEND_COMMANDS: Param = opt(
    "send_register_commands",
    Kind::Bool,
    "Send the registration commands by SMS; null or absent: the platform setting.",
);
pub(super) const RELIABLE: Param = opt(
    "reliable",
    Kind::Bool,
    "Queue the command until the device is online (default true); false answers 213 offline.",
);
pub(super) const TTL: Param = opt(
    "ttl",
    Kind::Int,
    "Seconds until an undelivered command expires.",
);
pub(super) const EXPIRES: Param = opt(
    "expires",
    Kind::DateTime,
    "When an undelivered command expires.",
);
pub(super) const SEND_WITHIN: Param = opt(
    "send_within",
    Kind::Int,
    "Send only within this many seconds of the device's last packet (SIMs behind NAT).",
);
pub(super) const LABEL: Param = req("label", Kind::Str, "1 to 60 printable characters.");
pub(super) const GROUP: Param = opt("group_id", Kind::Int, "The tracker group, 0 for none.");
pub(super) const MODEL: Param = req("model", Kind::Str, "A model code of tracker/list_models.");
pub(super) const PLUGIN: Param = req("plugin_id", Kind::Int, "The registration plugin: 37.");
pub(super) const DEVICE_ID: Param = req(
    "device_id",
    Kind::Str,
    "The device's id, of the model's id_type.",
);
pub(super) const PHONE: Param = req(
    "phone",
    Kind::Str,
    "The SIM's phone number, 5 to 20 digits.",
);

pub(super) const GROUP_ID: &[Param] = &[req("id", Kind::Int, "The group's id.")];
pub(super) const GROUP_NEW: &[Param] = &[
    req("title", Kind::Str, "The group's title."),
    req("color", Kind::Str, "Its colour, RRGGBB."),
];
pub(super) const GROUP_CHANGE: &[Param] = &[
    req("id", Kind::Int, "The group's id."),
    opt("title", Kind::Str, "A new title."),
    opt("color", Kind::Str, "A new colour, RRGGBB."),
];
pub(super) const GROUP_ASSIGN: &[Param] = &[
    req("id", Kind::Int, "The group's id, 0 for none."),
    req("trackers", Kind::IntArray, "The trackers to move."),
];
pub(super) const SUBUSER: Param = req("subuser_id", Kind::Int, "The sub-user's id.");
pub(super) const SUBUSER_TRACKERS: Param = req("trackers", Kind::IntArray, "Tracker ids.");

pub(super) const FROM: Param = req(
    "from",
    Kind::DateTime,
    "Start of the period (at most 31 days).",
);
pub(super) const TO: Param = req("to", Kind::DateTime, "End of the period.");
pub(super) const LBS: Param = opt(
    "include_gsm_lbs",
    Kind::Bool,
    "Include cell-tower positions (default true).",
);
pub(super) const FILTER: Param = opt(
    "filter",
    Kind::Bool,
    "Drop jumps and parking points (default true).",
);
pub(super) const POINT_LIMIT: Param = opt(
    "point_limit",
    Kind::Int,
    "At most this many points, 2 to 3000.",
);

/// Every call: the account, tenancy and settings calls, then the tracker,
/// track and command calls.
pub const CALLS: &[&[Call]] = &[account::CALLS, trackers::CALLS];

/// Every call, one after another.
pub fn all() -> impl Iterator<Item = &'static Call> {
    CALLS.iter().flat_map(|calls| calls.iter())
}

mod account;
mod trackers;

//! Navixy's status codes, each with its number, HTTP status and
//! description written once, in the table at the end of this file.
//!
//! The descriptions are the ones trackgate answers with: Navixy's wording
//! for the codes trackgate raises, plain "Error" for those it knows only
//! by number and status. Statuses follow Navixy's table; 400 where it
//! names none.

use actix_web::http::StatusCode;

/// Declares [`Code`] from rows of `Name = number, STATUS, "description";`.
macro_rules! codes {
    ($(
        $(#[$doc:meta])*
        $name:ident = $number:literal, $status:ident, $description:literal;
    )*) => {
        /// A Navixy status code. The variant's value is the code's number.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum Code {
            $($(#[$doc])* $name = $number,)*
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &[Code] = &[$(Code::$name),*];

            /// The code with this number, if the table has it.
            pub fn from_number(number: u32) -> Option<Self> {
                match number {
                    $($number => Some(Self::$name),)*
                    _ => None,
                }
            }

            /// The description answered with this code.
            pub fn description(self) -> &'static str {
                match self {
                    $(Self::$name => $description,)*
                }
            }

            /// This code's row of the status table; [`super::http_status`]
            /// is where an error's status is decided.
            pub(super) fn status(self) -> StatusCode {
                match self {
                    $(Self::$name => StatusCode::$status,)*
                }
            }
        }
    };
}

impl Code {
    /// The code's number, as written in answers.
    pub fn number(self) -> u32 {
        self as u32
    }
}

/// Codes compare with their numbers (`error.code == 7`).
impl PartialEq<u32> for Code {
    fn eq(&self, number: &u32) -> bool {
        self.number() == *number
    }
}

/// The description answered with code `number`; "Error" for a number the
/// table does not have.
pub fn describe(number: u32) -> &'static str {
    Code::from_number(number).map_or("Error", Code::description)
}

codes! {
    /// A store call failed.
    DatabaseError = 1, INTERNAL_SERVER_ERROR, "Database error";
    /// Navixy: the service could not authenticate itself.
    ServiceAuthError = 2, FORBIDDEN, "Error";
    /// `hash` is missing, or is not 32 hex characters.
    WrongHash = 3, BAD_REQUEST, "Wrong hash";
    /// No live session or API key has that `hash`, or its user is blocked;
    /// also a session-only call made with an API key.
    SessionNotFound = 4, BAD_REQUEST, "User or API key not found or session ended";
    /// The request cannot be read (a body that is not JSON, a broken form
    /// or live-push request).
    WrongRequestFormat = 5, BAD_REQUEST, "Wrong request format";
    /// Something failed that should not have (a blocking task, a missing
    /// part of the server's state).
    UnexpectedError = 6, INTERNAL_SERVER_ERROR, "Unexpected error";
    /// One or more parameters are invalid (listed in `errors`).
    InvalidParameters = 7, BAD_REQUEST, "Invalid parameters";
    /// Navixy: its queue service failed; try again later. trackgate: the
    /// node holding the device cannot be reached (the cluster link is down).
    QueueServiceError = 8, SERVICE_UNAVAILABLE, "Error";
    /// The request body is over its limit.
    TooLargeRequest = 9, PRECONDITION_FAILED, "Too large request";
    /// Access denied: a blocked panel administrator, or `authinfo` from an
    /// address it is not accepted from.
    AccessDenied = 11, FORBIDDEN, "Access denied";
    /// Panel API: `account/auth` (or `authinfo`) with an unknown login or
    /// a wrong password (seed 002).
    DealerNotFound = 12, BAD_REQUEST, "Dealer not found";
    /// The caller may not do this: a sub-user without the right, or
    /// another user's live-push subscription.
    OperationNotPermitted = 13, FORBIDDEN, "Operation not permitted";
    /// Navixy: its database is unavailable.
    DatabaseUnavailable = 14, SERVICE_UNAVAILABLE, "Error";
    /// Navixy: the rate limit was exceeded.
    TooManyRequests = 15, TOO_MANY_REQUESTS, "Too many requests (rate limit exceeded)";
    /// Navixy: the call is disabled in demo mode.
    DisabledInDemo = 101, FORBIDDEN, "Error";
    /// `user/auth` with an unknown login or a wrong password.
    WrongLoginOrPassword = 102, BAD_REQUEST, "Wrong login or password";
    /// `user/auth` by a blocked user.
    UserNotActivated = 103, BAD_REQUEST, "User not activated";
    /// No call at this path.
    WrongHandler = 111, BAD_REQUEST, "Wrong handler";
    /// The HTTP method is not one the call takes (GET and POST), answered
    /// with HTTP's own status for it, which carries the `Allow` header.
    WrongMethod = 112, METHOD_NOT_ALLOWED, "Wrong method";
    /// The entity named is not the caller's, or does not exist.
    NotFound = 201, BAD_REQUEST, "Not found in the database";
    /// The entity a call works on is gone (a command, a trip, a group).
    EntityNotFound = 204, NOT_FOUND, "Entity not found";
    /// The login is another user's.
    LoginAlreadyInUse = 206, BAD_REQUEST, "Login already in use";
    /// The tracker is blocked.
    DeviceBlocked = 208, FORBIDDEN, "Device blocked";
    /// The period asked for is longer than allowed.
    TimeSpanTooBig = 211, BAD_REQUEST, "Requested time span is too big";
    /// Navixy: the limit asked for is over the maximum.
    LimitTooBig = 212, BAD_REQUEST, "Requested limit is too big";
    /// The device is offline and the command may not wait for it.
    DeviceOffline = 213, BAD_REQUEST, "Cannot perform action: the device is offline";
    /// The device's protocol cannot do this.
    NotSupportedByDevice = 214, BAD_REQUEST, "Requested operation or parameters are not supported by the device";
    /// A list names entities that do not exist (or are not the caller's).
    NonexistentEntities = 217, BAD_REQUEST, "List contains nonexistent entities";
    /// The tracker is a clone of another account's device, and the call
    /// changes the device.
    NotAllowedForClones = 219, FORBIDDEN, "Not allowed for clones of the device";
    /// No protocol by that model code.
    UnknownDeviceModel = 220, BAD_REQUEST, "Unknown device model";
    /// The account's billing plan allows no more trackers.
    DeviceLimitExceeded = 221, FORBIDDEN, "Device limit exceeded";
    /// A registration plugin trackgate does not have.
    PluginNotFound = 222, BAD_REQUEST, "Plugin not found";
    /// The phone number is another tracker's.
    PhoneAlreadyInUse = 223, BAD_REQUEST, "Phone number already in use";
    /// The device id is another tracker's.
    DeviceIdAlreadyInUse = 224, BAD_REQUEST, "Device ID already in use";
    /// Navixy: not allowed for the account's legal type.
    NotAllowedForLegalType = 225, FORBIDDEN, "Error";
    /// The ICCID given is not the one bundled with the device.
    WrongIccid = 226, BAD_REQUEST, "Wrong ICCID";
    /// The activation code given is unknown or used.
    WrongActivationCode = 227, BAD_REQUEST, "Wrong activation code";
    /// Navixy: the data asked for is not ready yet.
    DataNotReady = 229, NOT_FOUND, "Error";
    /// Navixy: the entity is of another type.
    EntityTypeMismatch = 231, CONFLICT, "Error";
    /// Navixy: the tariff does not include the feature.
    TariffRestriction = 236, PAYMENT_REQUIRED, "Error";
    /// Navixy: the tariff may not be changed.
    TariffChangeNotAllowed = 238, FORBIDDEN, "Changing tariff is not allowed";
    /// Navixy: the new tariff does not exist.
    TariffNotFound = 239, NOT_FOUND, "New tariff does not exist";
    /// Navixy: the tariff was changed too recently.
    TariffChangeTooFrequent = 240, FORBIDDEN, "Error";
    /// The phone number is that of a SIM bundled with a device.
    BundledSim = 241, BAD_REQUEST, "Cannot change phone to bundled sim. Contact tech support.";
    /// `tracker/register_retry` while the device is connected.
    RetryWhileConnected = 242, BAD_REQUEST, "Device already connected";
    /// The device is connected (a connected tracker cannot be corrupted).
    DeviceAlreadyConnected = 243, BAD_REQUEST, "Device already connected";
    /// Panel API: another of the dealer's tariffs has this name.
    DuplicateEntityLabel = 244, BAD_REQUEST, "Duplicate entity label";
    /// Panel API: the user named is the owner already, or not the dealer's.
    InvalidUserId = 246, BAD_REQUEST, "Invalid user ID";
    /// Navixy: the entity exists already.
    EntityAlreadyExists = 247, CONFLICT, "Entity already exists";
    /// The call works on clones only (`tracker/delete`).
    ClonesOnly = 249, FORBIDDEN, "Operation available for clones only";
    /// Navixy: the device is deleted.
    DeviceDeleted = 250, FORBIDDEN, "Error";
    /// Navixy: the account's balance is too low.
    InsufficientFunds = 251, FORBIDDEN, "Insufficient funds";
    /// The tracker is corrupted already.
    DeviceAlreadyCorrupted = 252, BAD_REQUEST, "Device already corrupted";
    /// Navixy: a file could not be saved.
    CannotSaveFile = 254, INTERNAL_SERVER_ERROR, "Error";
    /// `tracker/location_request` for a device whose fix is current.
    LocationAlreadyActual = 256, BAD_REQUEST, "Location already actual";
    /// Navixy: registration is forbidden.
    RegistrationForbidden = 257, FORBIDDEN, "Error";
    /// No bundled device has the device id given (or not for the caller's dealer).
    BundleNotFound = 258, NOT_FOUND, "Bundle not found";
    /// Navixy: the entity has links outside the account.
    HasExternalLinks = 261, FORBIDDEN, "Error";
    /// A list misses some of the entries or names ones that do not exist.
    EntriesMismatch = 262, BAD_REQUEST, "Entries list is missing some entries or contains nonexistent entries";
    /// Navixy: the waiting time has not passed yet.
    TimeoutNotReached = 264, FORBIDDEN, "Error";
    /// Navixy: done already.
    AlreadyDone = 265, FORBIDDEN, "Error";
    /// Navixy: not possible in the device's current status.
    WrongDeviceStatus = 266, FORBIDDEN, "Cannot perform action for the device in current status";
    /// A limit on how many the account may hold is reached (API keys).
    OverQuota = 268, PAYMENT_REQUIRED, "Over quota";
    /// Navixy: the file is over the maximum size.
    FileTooLarge = 271, PAYLOAD_TOO_LARGE, "Error";
    /// Navixy: the user is blocked.
    UserBlocked = 275, FORBIDDEN, "Error";
    /// Navixy: not allowed with this kind of session.
    WrongSessionType = 276, FORBIDDEN, "Error";
    /// Navixy: the security group still has users.
    SecurityGroupHasUsers = 277, CONFLICT, "Error";
    /// Navixy: the security group is the default one.
    DefaultSecurityGroup = 278, CONFLICT, "Error";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_found_by_its_number() {
        for &code in Code::ALL {
            assert_eq!(Code::from_number(code.number()), Some(code));
            assert_eq!(describe(code.number()), code.description());
        }
        assert_eq!(Code::from_number(999), None);
        assert_eq!(describe(999), "Error");
    }

    #[test]
    fn codes_compare_with_their_numbers() {
        assert_eq!(Code::NotFound, 201);
        assert_eq!(Code::WrongHash.number(), 3);
        assert_eq!(Code::EntityNotFound.description(), "Entity not found");
    }
}

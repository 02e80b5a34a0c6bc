//! Registration: how a device becomes one of an account's trackers,
//! moves to another device, and leaves.
//!
//! Every change of who holds a device id or a phone number is made under
//! one process-wide lock (`register::CLAIMS`), so two calls cannot both
//! take the same one.
//!
//! # Layout
//!
//! - [`register`]: `tracker/register`, `register_quick`; [`retry`]: `register_retry`.
//! - [`replace`]: `tracker/replace`, `replace_quick`, `replace_retry`.
//! - [`phone`]: the SIM's phone number, `tracker/change_phone`.
//! - [`lifecycle`]: `tracker/corrupt`, `tracker/delete`.
//! - [`device_params`]: the parameters those calls take, every broken rule
//!   collected into one answer.
//! - [`setup`]: the registration commands sent to the device by SMS.
//! - `bundled`: devices dealers imported by IMEI, taken over by registration;
//!   `activation`: activation codes used by registration.

mod activation;
mod bundled;
pub mod device_params;
pub mod lifecycle;
pub mod phone;
pub mod register;
pub mod replace;
pub mod retry;
pub mod setup;

pub(crate) use bundled::check_not_bundled_sim;

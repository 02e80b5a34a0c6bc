//! The `tracker/*` calls: reading trackers and their state, their inputs,
//! the models they can be, commands to their devices, and registration.
//!
//! # Layout
//!
//! - [`get`]: `tracker/get` (`read`), `tracker/get_last_gps_point`,
//!   `tracker/get_state`; how a tracker's state is fetched.
//! - [`list`]: `tracker/list` with its `labels` filter.
//! - [`states`]: `tracker/get_states`, many trackers at once.
//! - [`readings`]: `tracker/get_diagnostics`, `get_fuel`, `get_readings`,
//!   `get_inputs`; inputs described by [`catalogue`]; [`input_names`]:
//!   `tracker/sensor/input_name/list`, every input and state name known.
//! - [`models`]: `tracker/list_models`, from the protocols' own code.
//! - [`commands`]: commands to devices (`tracker/raw_command`,
//!   `tracker/output/set`, `tracker/send_command`,
//!   `tracker/command/list|cancel`); [`location`]:
//!   `tracker/location_request`, over the connection or by SMS.
//! - [`registration`]: how a device becomes, changes and stops being a
//!   tracker (`tracker/register*`, `replace*`, `change_phone`, `corrupt`,
//!   `delete`).

pub mod catalogue;
pub mod commands;
pub mod get;
pub mod input_names;
pub mod list;
pub mod location;
pub mod models;
pub mod readings;
pub mod registration;
pub mod states;

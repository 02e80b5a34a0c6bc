//! The gateway end to end: real gateways over real sockets, each test
//! with a store of its own, all in one test binary. One binary links the
//! gateway once instead of once per file, which keeps a clean build's
//! disk and link time small.
//!
//! Run one area with a filter: `cargo test -p trackgate-tests --test
//! suite cluster::`. Three files read process-wide state (the thread
//! count, exact metric values) and stay binaries of their own:
//! `device_bounds`, `skipped_frames` and `udp`.

mod support;

mod account;
mod activation_codes;
mod api;
mod api_limits;
mod bundles;
mod clones;
mod cluster;
mod commands;
mod commands_delivered;
mod commands_matched;
mod corpus_devices;
mod devices_castel;
mod devices_cellocator_gosafe;
mod devices_gator_thinkrace_topin_tramigo;
mod devices_jt600;
mod devices_mxt;
mod devices_sanav_skypatrol_enfora_pt502;
mod devices_tk102_startek_xirgo_pretrace;
mod devices_totem_tzone_fifotrack_minifinder;
mod devices_ulbotech;
mod gl200;
mod gps103;
mod gt06;
mod h02;
mod history;
mod jt808;
mod live_push;
mod location_actual;
mod meitrack;
mod nvx_header;
mod openapi;
mod osmand;
mod panel_api_activation;
mod panel_api_bundles;
mod panel_api_bundles_used;
mod panel_api_calls;
mod panel_api_conventions;
mod panel_api_permissions;
mod panel_api_reference;
mod panel_api_sessions;
mod panel_api_subdealers;
mod panel_api_trackers;
mod panel_api_transactions;
mod privileges;
mod readings;
mod registration;
mod renewals;
mod replacement;
mod secrets;
mod seed_examples;
mod server_api_access;
mod server_api_mail;
mod server_api_objects;
mod server_api_plans;
mod server_api_users;
mod server_rest_access;
mod server_rest_admins;
mod server_rest_lines;
mod server_rest_resellers;
mod server_rest_streams;
mod sms;
mod state_checkpoints;
mod state_semantics;
mod subusers;
mod teltonika_gateway;
mod tenancy;
mod tk103;
mod tracker_labels;
mod wialon;

//! `servers`: seed 001's servers are trackgate's gateway nodes. `list`,
//! `info`, `update`.
//!
//! This node is server `cluster.node_id()` (1 when it is alone). What the
//! operator says of a node (its name, `server_ip`, `vpn_ip`) is kept in the
//! store; what it is doing is live: its status, the device connections open
//! against their slots, the trackers connected, the records received over
//! the last minute and since it started. The other nodes of a cluster
//! answer for themselves through their heartbeats: every node heard since
//! this one started is listed, `status` 1 while its heartbeats come, 0 once
//! they stopped. A node described in the store but never heard is listed
//! with its description and no live figures.

use std::net::IpAddr;

use serde_json::{Value, json};
use trackgate_actors::now_ms;
use trackgate_actors::rates::WINDOW_SECS;
use trackgate_store::{Node, NodeId};

use super::fields::{Call, Field, Given};
use super::reply::Answer;
use super::views::unix;
use crate::ApiState;
use crate::server::ServerError;

/// The name of a node no one has named.
const DEFAULT_NAME: &str = "main";

/// The fields a server takes.
const KNOWN: &[&str] = &["server_name", "server_ip", "vpn_ip"];

/// Seed 001's product's server fields that mean nothing here.
const IGNORED: &[&str] = &[
    "domain_name",
    "http_broadcast_port",
    "https_broadcast_port",
    "rtmp_port",
    "total_clients",
    "network_interface",
    "network_guaranteed_speed",
    "timeshift_only",
];

/// This node's description: the stored one, or its defaults (the address
/// devices are told to reach it at, from `[registration] server_host`).
fn this_node(state: &ApiState) -> Result<Node, ServerError> {
    let id = NodeId(state.cluster.node_id());
    Ok(state.store.node(id)?.unwrap_or_else(|| Node {
        id,
        name: state.cluster.node_name().into(),
        server_ip: state.registration.host.clone(),
        vpn_ip: None,
    }))
}

/// Every node: this one first, then any other the store describes, then
/// any other heard but not described (named as it names itself).
fn nodes(state: &ApiState) -> Result<Vec<Node>, ServerError> {
    let this = NodeId(state.cluster.node_id());
    let mut nodes = vec![this_node(state)?];
    nodes.extend(state.store.nodes()?.into_iter().filter(|n| n.id != this));
    for peer in state.cluster.peers() {
        let id = NodeId(peer.heartbeat.node);
        if nodes.iter().all(|n| n.id != id) {
            nodes.push(Node {
                id,
                name: peer.heartbeat.name,
                server_ip: None,
                vpn_ip: None,
            });
        }
    }
    Ok(nodes)
}

/// A node as `servers/list` and `servers/info` show it.
fn view(state: &ApiState, node: &Node) -> Value {
    let mut view = json!({
        "id": node.id.0,
        "server_name": node.name,
        "server_ip": node.server_ip,
        "vpn_ip": node.vpn_ip,
        "is_main": u8::from(node.id == NodeId(state.cluster.node_id())),
    });
    if node.id != NodeId(state.cluster.node_id()) {
        let peer = state
            .cluster
            .peers()
            .into_iter()
            .find(|p| p.heartbeat.node == node.id.0);
        let Some(peer) = peer else {
            view["status"] = Value::Null;
            return view;
        };
        let beat = &peer.heartbeat;
        let live = json!({
            "status": u8::from(peer.alive),
            "api_address": beat.api,
            "last_seen": unix(peer.heard_ms),
            "started_at": unix(beat.started_ms),
            "uptime_secs": unix(beat.sent_ms - beat.started_ms),
            "connections": beat.connections,
            "connection_slots": beat.connection_slots,
            "accepting": beat.accepting,
            "trackers_online": beat.trackers_online,
            "records_last_minute": beat.records_last_minute,
            "records_per_second": (beat.records_last_minute as f64 / WINDOW_SECS as f64 * 10.0).round() / 10.0,
            "records_total": beat.records_total,
        });
        if let (Value::Object(view), Value::Object(live)) = (&mut view, live) {
            view.extend(live);
        }
        return view;
    }
    let now = now_ms();
    let registry = &state.registry;
    let last_minute = registry.records().last_minute(now);
    let live = json!({
        "status": 1,
        "version": env!("CARGO_PKG_VERSION"),
        "started_at": unix(registry.started_ms()),
        "uptime_secs": unix(now - registry.started_ms()),
        "connections": state.device_slots.held(),
        "connection_slots": state.device_slots.total(),
        "accepting": !state.device_slots.is_exhausted(),
        "trackers_online": registry.len(),
        "records_last_minute": last_minute,
        "records_per_second": (last_minute as f64 / WINDOW_SECS as f64 * 10.0).round() / 10.0,
        "records_total": registry.records().total(),
    });
    if let (Value::Object(view), Value::Object(live)) = (&mut view, live) {
        view.extend(live);
    }
    view
}

/// `servers/list`: every node with its status (`servers`).
pub fn list(state: &ApiState, _call: &Call) -> Result<Answer, ServerError> {
    let list: Vec<Value> = nodes(state)?.iter().map(|n| view(state, n)).collect();
    Ok(Answer::ok().with("servers", list))
}

/// The node the call's `id` (or `server_id`) names.
fn named(state: &ApiState, call: &Call) -> Result<Node, ServerError> {
    let id = match call.top("id").id()?.flatten() {
        Some(id) => id,
        None => call
            .top("server_id")
            .id()?
            .flatten()
            .ok_or_else(|| ServerError::bad("id is missing"))?,
    };
    nodes(state)?
        .into_iter()
        .find(|n| n.id == NodeId(id))
        .ok_or_else(|| ServerError::bad("Server not found"))
}

/// `servers/info`: one node with its status (`server_info`).
pub fn info(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let node = named(state, call)?;
    Ok(Answer::ok().with("server_info", view(state, &node)))
}

/// An IP address, seed 001's way of refusing anything else.
fn address(field: Field<'_>) -> Result<Given<String>, ServerError> {
    let given = field.text()?;
    if let Some(Some(text)) = &given
        && text.trim().parse::<IpAddr>().is_err()
    {
        return Err(ServerError::bad(format!(
            "Invalid IP address: {} is not one",
            field.name()
        )));
    }
    Ok(given.map(|text| text.map(|t| t.trim().to_owned())))
}

/// `servers/update`: the node `id` gets the name and addresses of `data`.
pub fn update(state: &ApiState, call: &Call) -> Result<Answer, ServerError> {
    let data = call.data()?;
    data.check_names(KNOWN, IGNORED, "a server")?;
    let name = data.field("server_name").text()?;
    let server_ip = address(data.field("server_ip"))?;
    let vpn_ip = address(data.field("vpn_ip"))?;
    let mut node = named(state, call)?;
    if let Some(name) = name {
        node.name = name.unwrap_or_else(|| DEFAULT_NAME.into());
    }
    if let Some(ip) = server_ip {
        node.server_ip = ip;
    }
    if let Some(ip) = vpn_ip {
        node.vpn_ip = ip;
    }
    state.store.put_node(&node)?;
    Ok(Answer::ok()
        .with("modified_id", node.id.0)
        .with("name", node.name)
        .with("IP address", node.server_ip))
}

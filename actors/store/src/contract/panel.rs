//! Contract: the audit log, dealers, panel administrators and nodes.

use std::collections::BTreeSet;

use super::{expect_err, new_user, ok};
use crate::model::*;
use crate::operator_model::NewAuditEntry;
use crate::panel_model::*;
use crate::ports::Store;

/// An audit entry of the call `command`.
fn entry(command: &str, status: u16) -> NewAuditEntry {
    NewAuditEntry {
        time_ms: 1_700_000_000_000,
        caller: "192.0.2.1".into(),
        command: command.into(),
        status,
        result: if status == 200 {
            "OK".into()
        } else {
            "ERROR: wrong key".into()
        },
    }
}

/// Entries get increasing ids and are listed newest first, `limit` at most.
pub fn audit_log_lists_newest_first(store: &dyn Store) {
    let appended: Vec<_> = ["GET_USERS", "DEL_USER,a@example.com", ""]
        .iter()
        .enumerate()
        .map(|(n, command)| {
            let status = if n == 1 { 401 } else { 200 };
            ok(store.append_audit(entry(command, status)), "append_audit")
        })
        .collect();
    assert!(
        appended.windows(2).all(|w| w[0].id < w[1].id),
        "increasing ids"
    );
    assert_eq!(appended[1].entry, entry("DEL_USER,a@example.com", 401));

    let newest: Vec<_> = appended.iter().rev().cloned().collect();
    assert_eq!(ok(store.audit_log(3), "audit_log"), newest);
    assert_eq!(ok(store.audit_log(2), "audit_log"), newest[..2]);
    assert!(ok(store.audit_log(0), "audit_log").is_empty());
    assert!(ok(store.audit_log(usize::MAX), "audit_log").len() >= 3);
}

/// Dealers keep their credits (never below zero) and list the users that
/// name them.
pub fn dealers_hold_credits_and_users(store: &dyn Store) {
    let dealer = ok(
        store.create_dealer(NewDealer {
            name: "contract-dealer".into(),
            credits: 10,
            use_credits: true,
            tracker_limit: Some(3),
            created_ms: 5,
            parent: None,
        }),
        "create_dealer",
    );
    assert_eq!((dealer.credits, dealer.created_ms), (10, 5));
    assert_eq!((dealer.use_credits, dealer.tracker_limit), (true, Some(3)));
    assert_eq!(
        ok(store.dealer(dealer.id), "dealer").as_ref(),
        Some(&dealer)
    );
    assert!(ok(store.dealers(), "dealers").contains(&dealer));

    assert_eq!(ok(store.change_credits(dealer.id, -4), "spend").credits, 6);
    expect_err(store.change_credits(dealer.id, -7), "Conflict", "overspend");
    assert_eq!(
        ok(store.dealer(dealer.id), "dealer").map(|d| d.credits),
        Some(6)
    );
    expect_err(
        store.change_credits(DealerId(u64::MAX), 1),
        "NotFound",
        "a missing dealer",
    );
    let renamed = Dealer {
        name: "contract-dealer-renamed".into(),
        credits: 100,
        use_credits: false,
        tracker_limit: None,
        ..dealer.clone()
    };
    ok(store.update_dealer(&renamed), "update_dealer");
    assert_eq!(
        ok(store.dealer(dealer.id), "dealer").as_ref(),
        Some(&renamed)
    );
    expect_err(
        store.update_dealer(&Dealer {
            credits: -1,
            ..renamed.clone()
        }),
        "Conflict",
        "negative credits",
    );

    let user = new_user(store, "contract-dealer-user@example.com");
    let user = User {
        dealer: Some(dealer.id),
        tracker_limit: Some(4),
        allowed_ips: vec!["192.0.2.0/24".into(), "::1".into()],
        notes: "contract notes".into(),
        ..user
    };
    ok(store.update_user(&user), "give the user to the dealer");
    assert_eq!(
        ok(
            store.user(user.id),
            "a user's own limit, addresses and notes"
        )
        .as_ref(),
        Some(&user)
    );
    assert_eq!(
        ok(store.dealer_users(dealer.id), "dealer_users"),
        std::slice::from_ref(&user)
    );
    assert!(ok(store.delete_user(user.id), "delete_user"));
    assert!(ok(store.dealer_users(dealer.id), "dealer_users").is_empty());
}

/// Panel administrators are found by id and login, keep their permission
/// set, and their logins are unique.
pub fn panel_admins_are_kept_with_their_permissions(store: &dyn Store) {
    let permissions: BTreeSet<PanelPermission> = [("trackers", "read"), ("users", "create")]
        .into_iter()
        .filter_map(|(c, o)| PanelPermission::named(c, o))
        .collect();
    assert_eq!(permissions.len(), 2);
    let new = |login: &str| NewPanelAdmin {
        login: login.into(),
        password_hash: String::new(),
        email: format!("{login}@example.com"),
        dealer: None,
        permissions: permissions.clone(),
        created_ms: 7,
    };
    let admin = ok(
        store.create_panel_admin(new("contract-admin")),
        "create_panel_admin",
    );
    assert!(!admin.blocked);
    assert_eq!(admin.permissions, permissions);
    assert_eq!(
        ok(store.panel_admin(admin.id), "by id").as_ref(),
        Some(&admin)
    );
    assert_eq!(
        ok(store.panel_admin_by_login("contract-admin"), "by login").as_ref(),
        Some(&admin)
    );
    expect_err(
        store.create_panel_admin(new("contract-admin")),
        "Conflict",
        "a taken login",
    );
    expect_err(
        store.create_panel_admin(NewPanelAdmin {
            dealer: Some(DealerId(u64::MAX)),
            ..new("contract-admin-2")
        }),
        "NotFound",
        "a missing dealer",
    );

    let changed = PanelAdmin {
        login: "contract-admin-renamed".into(),
        permissions: BTreeSet::new(),
        blocked: true,
        ..admin.clone()
    };
    ok(store.update_panel_admin(&changed), "update_panel_admin");
    assert_eq!(
        ok(store.panel_admin_by_login("contract-admin"), "old"),
        None
    );
    assert_eq!(
        ok(store.panel_admin_by_login("contract-admin-renamed"), "new"),
        Some(changed.clone())
    );
    assert!(ok(store.panel_admins(), "list").contains(&changed));
    assert!(ok(store.delete_panel_admin(admin.id), "delete"));
    assert_eq!(ok(store.panel_admin(admin.id), "gone"), None);
    assert!(!ok(store.delete_panel_admin(admin.id), "delete again"));
}

/// Nodes' descriptions are written, replaced and listed by id.
pub fn nodes_are_described(store: &dyn Store) {
    use crate::node_ports::{Node, NodeId};
    // High ids: a gateway sharing the store describes itself as node 1.
    let node = Node {
        id: NodeId(u64::MAX - 1),
        name: "contract-node".into(),
        server_ip: Some("192.0.2.10".into()),
        vpn_ip: None,
    };
    assert_eq!(ok(store.node(node.id), "node"), None);
    ok(store.put_node(&node), "put_node");
    assert_eq!(ok(store.node(node.id), "node"), Some(node.clone()));
    let renamed = Node {
        name: "contract-node-renamed".into(),
        vpn_ip: Some("10.8.0.2".into()),
        ..node.clone()
    };
    ok(store.put_node(&renamed), "put_node again");
    let other = Node {
        id: NodeId(u64::MAX),
        ..node
    };
    ok(store.put_node(&other), "put_node");
    let listed = ok(store.nodes(), "nodes");
    let at = listed
        .iter()
        .position(|n| n.id == renamed.id)
        .expect("listed");
    assert_eq!(listed[at], renamed);
    assert_eq!(listed.get(at + 1), Some(&other), "by id");
}

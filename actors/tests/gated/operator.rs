//! The gated store's operator model, audit log, dealers and panel
//! administrators (and their sessions) and nodes: straight to the inner store.

use trackgate_store::*;

use super::GatedStore;

impl OperatorStore for GatedStore {
    fn create_plan(&self, new: NewBillingPlan) -> Result<BillingPlan, StoreError> {
        self.inner.create_plan(new)
    }
    fn update_plan(&self, plan: &BillingPlan) -> Result<(), StoreError> {
        self.inner.update_plan(plan)
    }
    fn delete_plan(&self, id: PlanId) -> Result<(), StoreError> {
        self.inner.delete_plan(id)
    }
    fn plan(&self, id: PlanId) -> Result<Option<BillingPlan>, StoreError> {
        self.inner.plan(id)
    }
    fn plans(&self) -> Result<Vec<BillingPlan>, StoreError> {
        self.inner.plans()
    }
    fn managed_users(&self, manager: UserId) -> Result<Vec<User>, StoreError> {
        self.inner.managed_users(manager)
    }
    fn trackers_expiring(
        &self,
        after_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<TrackerId>, StoreError> {
        self.inner.trackers_expiring(after_ms, until_ms)
    }
    fn purge_history(&self, now_ms: i64) -> Result<u64, StoreError> {
        self.inner.purge_history(now_ms)
    }
}

impl AuditStore for GatedStore {
    fn append_audit(&self, entry: NewAuditEntry) -> Result<AuditEntry, StoreError> {
        self.inner.append_audit(entry)
    }
    fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        self.inner.audit_log(limit)
    }
}

impl DealerStore for GatedStore {
    fn create_dealer(&self, new: NewDealer) -> Result<Dealer, StoreError> {
        self.inner.create_dealer(new)
    }
    fn update_dealer(&self, dealer: &Dealer) -> Result<(), StoreError> {
        self.inner.update_dealer(dealer)
    }
    fn dealer(&self, id: DealerId) -> Result<Option<Dealer>, StoreError> {
        self.inner.dealer(id)
    }
    fn dealers(&self) -> Result<Vec<Dealer>, StoreError> {
        self.inner.dealers()
    }
    fn change_credits(&self, id: DealerId, delta: i64) -> Result<Dealer, StoreError> {
        self.inner.change_credits(id, delta)
    }
    fn dealer_users(&self, id: DealerId) -> Result<Vec<User>, StoreError> {
        self.inner.dealer_users(id)
    }
}

impl PanelAdminStore for GatedStore {
    fn create_panel_admin(&self, new: NewPanelAdmin) -> Result<PanelAdmin, StoreError> {
        self.inner.create_panel_admin(new)
    }
    fn update_panel_admin(&self, admin: &PanelAdmin) -> Result<(), StoreError> {
        self.inner.update_panel_admin(admin)
    }
    fn panel_admin(&self, id: PanelAdminId) -> Result<Option<PanelAdmin>, StoreError> {
        self.inner.panel_admin(id)
    }
    fn panel_admin_by_login(&self, login: &str) -> Result<Option<PanelAdmin>, StoreError> {
        self.inner.panel_admin_by_login(login)
    }
    fn panel_admins(&self) -> Result<Vec<PanelAdmin>, StoreError> {
        self.inner.panel_admins()
    }
    fn delete_panel_admin(&self, id: PanelAdminId) -> Result<bool, StoreError> {
        self.inner.delete_panel_admin(id)
    }
}

impl PanelSessionStore for GatedStore {
    fn put_panel_session(&self, session: &PanelSession) -> Result<(), StoreError> {
        self.inner.put_panel_session(session)
    }
    fn panel_session(&self, digest: &SecretDigest) -> Result<Option<PanelSession>, StoreError> {
        self.inner.panel_session(digest)
    }
    fn delete_panel_session(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        self.inner.delete_panel_session(digest)
    }
    fn sweep_panel_sessions(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.inner.sweep_panel_sessions(now_ms)
    }
}

impl NodeStore for GatedStore {
    fn put_node(&self, node: &Node) -> Result<(), StoreError> {
        self.inner.put_node(node)
    }
    fn node(&self, id: NodeId) -> Result<Option<Node>, StoreError> {
        self.inner.node(id)
    }
    fn nodes(&self) -> Result<Vec<Node>, StoreError> {
        self.inner.nodes()
    }
}

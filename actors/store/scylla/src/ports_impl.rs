//! The store ports on [`ScyllaStore`]: each method hands over to the
//! function of the table module that owns it (`tracks`, `accounts`, ...).

use trackgate_store::*;

use crate::ScyllaStore;

impl CommandStore for ScyllaStore {
    fn create_command(&self, new: NewCommand) -> Result<CommandRecord, StoreError> {
        crate::commands::create_command(self, new)
    }
    fn update_command(&self, command: &CommandRecord) -> Result<(), StoreError> {
        crate::commands::update_command(self, command)
    }
    fn command(
        &self,
        tracker: TrackerId,
        id: CommandId,
    ) -> Result<Option<CommandRecord>, StoreError> {
        crate::commands::command(self, tracker, id)
    }
    fn tracker_commands(&self, tracker: TrackerId) -> Result<Vec<CommandRecord>, StoreError> {
        crate::commands::tracker_commands(self, tracker)
    }
}

impl TrackStore for ScyllaStore {
    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError> {
        crate::tracks::commit(self, batch)
    }
    fn read_track(
        &self,
        tracker: TrackerId,
        from_ms: i64,
        to_ms: i64,
        limit: usize,
    ) -> Result<Vec<StoredPoint>, StoreError> {
        crate::tracks::read_track(self, tracker, from_ms, to_ms, limit)
    }
    fn state(&self, tracker: TrackerId) -> Result<Option<TrackerState>, StoreError> {
        crate::tracks::state(self, tracker)
    }
}

impl AccountStore for ScyllaStore {
    fn create_user(&self, new: NewUser) -> Result<User, StoreError> {
        crate::accounts::create_user(self, new)
    }
    fn update_user(&self, user: &User) -> Result<(), StoreError> {
        crate::accounts::update_user(self, user)
    }
    fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        crate::accounts::user(self, id)
    }
    fn user_by_login(&self, login: &str) -> Result<Option<User>, StoreError> {
        crate::accounts::user_by_login(self, login)
    }
    fn users(&self) -> Result<Vec<User>, StoreError> {
        crate::accounts::users(self)
    }
    fn delete_user(&self, id: UserId) -> Result<bool, StoreError> {
        crate::accounts::delete_user(self, id)
    }
    fn create_tracker(&self, new: NewTracker) -> Result<Tracker, StoreError> {
        crate::accounts::create_tracker(self, new)
    }
    fn update_tracker(&self, tracker: &Tracker) -> Result<(), StoreError> {
        crate::accounts::update_tracker(self, tracker)
    }
    fn tracker(&self, id: TrackerId) -> Result<Option<Tracker>, StoreError> {
        crate::accounts::tracker(self, id)
    }
    fn tracker_by_device(&self, device_id: &str) -> Result<Option<Tracker>, StoreError> {
        crate::accounts::tracker_by_device(self, device_id)
    }
    fn trackers(&self) -> Result<Vec<Tracker>, StoreError> {
        crate::accounts::trackers(self)
    }
    fn user_trackers(&self, user: UserId) -> Result<Vec<Tracker>, StoreError> {
        crate::accounts::user_trackers(self, user)
    }
    fn delete_tracker(&self, id: TrackerId) -> Result<bool, StoreError> {
        crate::accounts::delete_tracker(self, id)
    }
    fn create_clone(
        &self,
        source: TrackerId,
        owner: UserId,
        created_ms: i64,
    ) -> Result<Tracker, StoreError> {
        crate::clones::create_clone(self, source, owner, created_ms)
    }
    fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        crate::access::put_session(self, session)
    }
    fn session(&self, digest: &SecretDigest) -> Result<Option<Session>, StoreError> {
        crate::access::session(self, digest)
    }
    fn delete_session(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        crate::access::delete_session(self, digest)
    }
    fn sweep_sessions(&self, now_ms: i64) -> Result<usize, StoreError> {
        crate::access::sweep_sessions(self, now_ms)
    }
    fn put_api_key(&self, key: &ApiKey) -> Result<(), StoreError> {
        crate::access::put_api_key(self, key)
    }
    fn api_key(&self, digest: &SecretDigest) -> Result<Option<ApiKey>, StoreError> {
        crate::access::api_key(self, digest)
    }
    fn user_api_keys(&self, user: UserId) -> Result<Vec<ApiKey>, StoreError> {
        crate::access::user_api_keys(self, user)
    }
    fn delete_api_key(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        crate::access::delete_api_key(self, digest)
    }
}

impl TagStore for ScyllaStore {
    fn create_tag(&self, new: NewTag) -> Result<Tag, StoreError> {
        crate::tenancy::create_tag(self, new)
    }
    fn update_tag(&self, tag: &Tag) -> Result<(), StoreError> {
        crate::tenancy::update_tag(self, tag)
    }
    fn tag(&self, id: TagId) -> Result<Option<Tag>, StoreError> {
        crate::tenancy::tag(self, id)
    }
    fn user_tags(&self, owner: UserId) -> Result<Vec<Tag>, StoreError> {
        crate::tenancy::user_tags(self, owner)
    }
    fn delete_tag(&self, id: TagId) -> Result<bool, StoreError> {
        crate::tenancy::delete_tag(self, id)
    }
    fn set_tracker_tags(&self, tracker: TrackerId, tags: &[TagBinding]) -> Result<(), StoreError> {
        crate::tenancy::set_tracker_tags(self, tracker, tags)
    }
    fn tracker_tags(&self, tracker: TrackerId) -> Result<Vec<TagBinding>, StoreError> {
        crate::tenancy::tracker_tags(self, tracker)
    }
}

impl GroupStore for ScyllaStore {
    fn create_group(&self, new: NewGroup) -> Result<Group, StoreError> {
        crate::tenancy::create_group(self, new)
    }
    fn update_group(&self, group: &Group) -> Result<(), StoreError> {
        crate::tenancy::update_group(self, group)
    }
    fn group(&self, id: GroupId) -> Result<Option<Group>, StoreError> {
        crate::tenancy::group(self, id)
    }
    fn user_groups(&self, owner: UserId) -> Result<Vec<Group>, StoreError> {
        crate::tenancy::user_groups(self, owner)
    }
    fn delete_group(&self, id: GroupId) -> Result<bool, StoreError> {
        crate::tenancy::delete_group(self, id)
    }
    fn set_tracker_group(
        &self,
        trackers: &[TrackerId],
        group: Option<GroupId>,
    ) -> Result<(), StoreError> {
        crate::tenancy::set_tracker_group(self, trackers, group)
    }
    fn tracker_group(&self, tracker: TrackerId) -> Result<Option<GroupId>, StoreError> {
        crate::tenancy::tracker_group(self, tracker)
    }
}

impl SubUserStore for ScyllaStore {
    fn create_subuser(
        &self,
        user: NewUser,
        blocked: bool,
        link: SubUserLink,
    ) -> Result<SubUser, StoreError> {
        crate::subusers::create_subuser(self, user, blocked, link)
    }
    fn update_subuser(&self, subuser: &SubUser) -> Result<(), StoreError> {
        crate::subusers::update_subuser(self, subuser)
    }
    fn subuser(&self, id: UserId) -> Result<Option<SubUser>, StoreError> {
        crate::subusers::subuser(self, id)
    }
    fn master_subusers(&self, master: UserId) -> Result<Vec<SubUser>, StoreError> {
        crate::subusers::master_subusers(self, master)
    }
    fn bind_trackers(&self, subuser: UserId, trackers: &[TrackerId]) -> Result<(), StoreError> {
        crate::subusers::bind_trackers(self, subuser, trackers)
    }
    fn unbind_trackers(&self, subuser: UserId, trackers: &[TrackerId]) -> Result<(), StoreError> {
        crate::subusers::unbind_trackers(self, subuser, trackers)
    }
    fn subuser_trackers(&self, subuser: UserId) -> Result<Vec<TrackerId>, StoreError> {
        crate::subusers::subuser_trackers(self, subuser)
    }
}

impl OperatorStore for ScyllaStore {
    fn create_plan(&self, new: NewBillingPlan) -> Result<BillingPlan, StoreError> {
        crate::operator::create_plan(self, new)
    }
    fn update_plan(&self, plan: &BillingPlan) -> Result<(), StoreError> {
        crate::operator::update_plan(self, plan)
    }
    fn delete_plan(&self, id: PlanId) -> Result<(), StoreError> {
        crate::operator::delete_plan(self, id)
    }
    fn plan(&self, id: PlanId) -> Result<Option<BillingPlan>, StoreError> {
        crate::operator::plan(self, id)
    }
    fn plans(&self) -> Result<Vec<BillingPlan>, StoreError> {
        crate::operator::plans(self)
    }
    fn managed_users(&self, manager: UserId) -> Result<Vec<User>, StoreError> {
        crate::operator::managed_users(self, manager)
    }
    fn trackers_expiring(
        &self,
        after_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<TrackerId>, StoreError> {
        crate::operator::trackers_expiring(self, after_ms, until_ms)
    }
    fn purge_history(&self, now_ms: i64) -> Result<u64, StoreError> {
        crate::tracks::purge_history(self, now_ms)
    }
}

impl AuditStore for ScyllaStore {
    fn append_audit(&self, entry: NewAuditEntry) -> Result<AuditEntry, StoreError> {
        crate::audit::append_audit(self, entry)
    }
    fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        crate::audit::audit_log(self, limit)
    }
}

impl DealerStore for ScyllaStore {
    fn create_dealer(&self, new: NewDealer) -> Result<Dealer, StoreError> {
        crate::panel::create_dealer(self, new)
    }
    fn update_dealer(&self, dealer: &Dealer) -> Result<(), StoreError> {
        crate::panel::update_dealer(self, dealer)
    }
    fn dealer(&self, id: DealerId) -> Result<Option<Dealer>, StoreError> {
        crate::panel::dealer(self, id)
    }
    fn dealers(&self) -> Result<Vec<Dealer>, StoreError> {
        crate::panel::dealers(self)
    }
    fn change_credits(&self, id: DealerId, delta: i64) -> Result<Dealer, StoreError> {
        crate::panel::change_credits(self, id, delta)
    }
    fn dealer_users(&self, id: DealerId) -> Result<Vec<User>, StoreError> {
        crate::panel::dealer_users(self, id)
    }
}

impl PanelAdminStore for ScyllaStore {
    fn create_panel_admin(&self, new: NewPanelAdmin) -> Result<PanelAdmin, StoreError> {
        crate::panel::create_panel_admin(self, new)
    }
    fn update_panel_admin(&self, admin: &PanelAdmin) -> Result<(), StoreError> {
        crate::panel::update_panel_admin(self, admin)
    }
    fn panel_admin(&self, id: PanelAdminId) -> Result<Option<PanelAdmin>, StoreError> {
        crate::panel::panel_admin(self, id)
    }
    fn panel_admin_by_login(&self, login: &str) -> Result<Option<PanelAdmin>, StoreError> {
        crate::panel::panel_admin_by_login(self, login)
    }
    fn panel_admins(&self) -> Result<Vec<PanelAdmin>, StoreError> {
        crate::panel::panel_admins(self)
    }
    fn delete_panel_admin(&self, id: PanelAdminId) -> Result<bool, StoreError> {
        crate::panel::delete_panel_admin(self, id)
    }
}

impl PanelSessionStore for ScyllaStore {
    fn put_panel_session(&self, session: &PanelSession) -> Result<(), StoreError> {
        crate::access::put_panel_session(self, session)
    }
    fn panel_session(&self, digest: &SecretDigest) -> Result<Option<PanelSession>, StoreError> {
        crate::access::panel_session(self, digest)
    }
    fn delete_panel_session(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        crate::access::delete_panel_session(self, digest)
    }
    fn sweep_panel_sessions(&self, now_ms: i64) -> Result<usize, StoreError> {
        crate::access::sweep_panel_sessions(self, now_ms)
    }
}

impl NodeStore for ScyllaStore {
    fn put_node(&self, node: &Node) -> Result<(), StoreError> {
        crate::nodes::put_node(self, node)
    }
    fn node(&self, id: NodeId) -> Result<Option<Node>, StoreError> {
        crate::nodes::node(self, id)
    }
    fn nodes(&self) -> Result<Vec<Node>, StoreError> {
        crate::nodes::nodes(self)
    }
}

impl LedgerStore for ScyllaStore {
    fn balance(&self, user: UserId) -> Result<Money, StoreError> {
        crate::ledger::balance(self, user)
    }
    fn append_transaction(
        &self,
        new: NewTransaction,
        floor: Option<Money>,
    ) -> Result<Transaction, StoreError> {
        crate::ledger::append_transaction(self, new, floor)
    }
    fn transactions(
        &self,
        user: UserId,
        from_ms: i64,
        to_ms: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Transaction>, StoreError> {
        crate::ledger::transactions(self, user, from_ms, to_ms, offset, limit)
    }
    fn renewal(&self, user: UserId) -> Result<Option<Renewal>, StoreError> {
        crate::ledger::renewal(self, user)
    }
    fn renew(&self, step: RenewalStep) -> Result<RenewalOutcome, StoreError> {
        crate::ledger::renew(self, step)
    }
    fn end_renewal(&self, user: UserId) -> Result<bool, StoreError> {
        crate::ledger::end_renewal(self, user)
    }
    fn renewing_users(&self) -> Result<Vec<UserId>, StoreError> {
        crate::ledger::renewing_users(self)
    }
}

impl BundleStore for ScyllaStore {
    fn import_bundles(&self, new: Vec<NewBundle>) -> Result<Vec<Bundle>, StoreError> {
        crate::bundles::import_bundles(self, new)
    }
    fn bundle(&self, id: BundleId) -> Result<Option<Bundle>, StoreError> {
        crate::bundles::bundle(self, id)
    }
    fn bundle_by_imei(&self, imei: &str) -> Result<Option<Bundle>, StoreError> {
        crate::bundles::bundle_by_imei(self, imei)
    }
    fn bundles(
        &self,
        filter: &BundleFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<Bundle>, usize), StoreError> {
        crate::bundles::bundles(self, filter, offset, limit)
    }
    fn update_bundle(&self, bundle: &Bundle) -> Result<(), StoreError> {
        crate::bundles::update_bundle(self, bundle)
    }
    fn use_bundle(
        &self,
        id: BundleId,
        tracker: TrackerId,
        user: UserId,
        time_ms: i64,
    ) -> Result<Bundle, StoreError> {
        crate::bundles::use_bundle(self, id, tracker, user, time_ms)
    }
    fn bundle_by_phone(&self, phone: &str) -> Result<Option<Bundle>, StoreError> {
        crate::bundles::bundle_by_phone(self, phone)
    }
}

impl ActivationStore for ScyllaStore {
    fn create_activation_codes(
        &self,
        new: Vec<NewActivationCode>,
    ) -> Result<Vec<ActivationCode>, StoreError> {
        crate::activation::create_activation_codes(self, new)
    }
    fn activation_code(&self, code: &str) -> Result<Option<ActivationCode>, StoreError> {
        crate::activation::activation_code(self, code)
    }
    fn activation_codes(
        &self,
        dealers: Option<&[DealerId]>,
    ) -> Result<Vec<ActivationCode>, StoreError> {
        crate::activation::activation_codes(self, dealers)
    }
    fn update_activation_codes(
        &self,
        codes: &[String],
        dealers: Option<&[DealerId]>,
        terms: &CodeTerms,
    ) -> Result<Vec<ActivationCode>, StoreError> {
        crate::activation::update_activation_codes(self, codes, dealers, terms)
    }
    fn activate_code(&self, activation: Activation) -> Result<Activated, StoreError> {
        crate::activation::activate_code(self, activation)
    }
}

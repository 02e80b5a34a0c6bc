//! The gated store's ledger, renewals, bundles and activation codes: straight to the inner
//! store.

use trackgate_store::*;

use super::GatedStore;

impl LedgerStore for GatedStore {
    fn balance(&self, user: UserId) -> Result<Money, StoreError> {
        self.inner.balance(user)
    }
    fn append_transaction(
        &self,
        new: NewTransaction,
        floor: Option<Money>,
    ) -> Result<Transaction, StoreError> {
        self.inner.append_transaction(new, floor)
    }
    fn transactions(
        &self,
        user: UserId,
        from_ms: i64,
        to_ms: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Transaction>, StoreError> {
        self.inner.transactions(user, from_ms, to_ms, offset, limit)
    }
    fn renewal(&self, user: UserId) -> Result<Option<Renewal>, StoreError> {
        self.inner.renewal(user)
    }
    fn renew(&self, step: RenewalStep) -> Result<RenewalOutcome, StoreError> {
        self.inner.renew(step)
    }
    fn end_renewal(&self, user: UserId) -> Result<bool, StoreError> {
        self.inner.end_renewal(user)
    }
    fn renewing_users(&self) -> Result<Vec<UserId>, StoreError> {
        self.inner.renewing_users()
    }
}

impl BundleStore for GatedStore {
    fn import_bundles(&self, new: Vec<NewBundle>) -> Result<Vec<Bundle>, StoreError> {
        self.inner.import_bundles(new)
    }
    fn bundle(&self, id: BundleId) -> Result<Option<Bundle>, StoreError> {
        self.inner.bundle(id)
    }
    fn bundle_by_imei(&self, imei: &str) -> Result<Option<Bundle>, StoreError> {
        self.inner.bundle_by_imei(imei)
    }
    fn bundles(
        &self,
        filter: &BundleFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<Bundle>, usize), StoreError> {
        self.inner.bundles(filter, offset, limit)
    }
    fn update_bundle(&self, bundle: &Bundle) -> Result<(), StoreError> {
        self.inner.update_bundle(bundle)
    }
    fn use_bundle(
        &self,
        id: BundleId,
        tracker: TrackerId,
        user: UserId,
        time_ms: i64,
    ) -> Result<Bundle, StoreError> {
        self.inner.use_bundle(id, tracker, user, time_ms)
    }
    fn bundle_by_phone(&self, phone: &str) -> Result<Option<Bundle>, StoreError> {
        self.inner.bundle_by_phone(phone)
    }
}

impl ActivationStore for GatedStore {
    fn create_activation_codes(
        &self,
        new: Vec<NewActivationCode>,
    ) -> Result<Vec<ActivationCode>, StoreError> {
        self.inner.create_activation_codes(new)
    }
    fn activation_code(&self, code: &str) -> Result<Option<ActivationCode>, StoreError> {
        self.inner.activation_code(code)
    }
    fn activation_codes(
        &self,
        dealers: Option<&[DealerId]>,
    ) -> Result<Vec<ActivationCode>, StoreError> {
        self.inner.activation_codes(dealers)
    }
    fn update_activation_codes(
        &self,
        codes: &[String],
        dealers: Option<&[DealerId]>,
        terms: &CodeTerms,
    ) -> Result<Vec<ActivationCode>, StoreError> {
        self.inner.update_activation_codes(codes, dealers, terms)
    }
    fn activate_code(&self, activation: Activation) -> Result<Activated, StoreError> {
        self.inner.activate_code(activation)
    }
}

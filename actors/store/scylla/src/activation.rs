//! activation: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn create_activation_codes(
    store: &ScyllaStore,
    new: Vec<NewActivationCode>,
) -> Result<Vec<ActivationCode>, StoreError> {
    Err(crate::unbuilt("ActivationStore::create_activation_codes"))
}

pub(crate) fn activation_code(
    store: &ScyllaStore,
    code: &str,
) -> Result<Option<ActivationCode>, StoreError> {
    Err(crate::unbuilt("ActivationStore::activation_code"))
}

pub(crate) fn activation_codes(
    store: &ScyllaStore,
    dealers: Option<&[DealerId]>,
) -> Result<Vec<ActivationCode>, StoreError> {
    Err(crate::unbuilt("ActivationStore::activation_codes"))
}

pub(crate) fn update_activation_codes(
    store: &ScyllaStore,
    codes: &[String],
    dealers: Option<&[DealerId]>,
    terms: &CodeTerms,
) -> Result<Vec<ActivationCode>, StoreError> {
    Err(crate::unbuilt("ActivationStore::update_activation_codes"))
}

pub(crate) fn activate_code(
    store: &ScyllaStore,
    activation: Activation,
) -> Result<Activated, StoreError> {
    Err(crate::unbuilt("ActivationStore::activate_code"))
}

//! The storage port for activation codes (entities in `activation_model`).

use crate::activation_model::*;
use crate::panel_model::DealerId;
use crate::ports::StoreError;

/// Activation codes: made by dealers, used once by registrations.
pub trait ActivationStore: Send + Sync {
    /// Creates codes, all or none: `Conflict` if a code exists already or
    /// appears twice, or is not 1 to [`MAX_CODE_LEN`] digits; `NotFound`
    /// if a dealer or plan does not exist.
    fn create_activation_codes(
        &self,
        new: Vec<NewActivationCode>,
    ) -> Result<Vec<ActivationCode>, StoreError>;

    /// A code (exact match), if it exists.
    fn activation_code(&self, code: &str) -> Result<Option<ActivationCode>, StoreError>;

    /// The codes of `dealers` (`None`: every code), ordered by code.
    fn activation_codes(
        &self,
        dealers: Option<&[DealerId]>,
    ) -> Result<Vec<ActivationCode>, StoreError>;

    /// Applies `terms` to each of `codes` that exists, belongs to one of
    /// `dealers` (`None`: any) and is not used yet, in one write; returns
    /// the codes changed. `NotFound` (nothing changed) if the plan does
    /// not exist.
    fn update_activation_codes(
        &self,
        codes: &[String],
        dealers: Option<&[DealerId]>,
        terms: &CodeTerms,
    ) -> Result<Vec<ActivationCode>, StoreError>;

    /// Marks the code used, appends its transactions, puts the account on
    /// its plan (if it is on none) and records its renewal, all in one
    /// durable write. `NotFound` if the code (or the user, or the plan)
    /// does not exist; `Conflict`, with nothing written, if the code is
    /// used already, a transaction is for another user or out of range, or
    /// the stored renewal is not the one expected.
    fn activate_code(&self, activation: Activation) -> Result<Activated, StoreError>;
}

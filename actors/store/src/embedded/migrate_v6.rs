//! Format version 5 to 6: activation codes.
//!
//! Codes live in a keyspace of their own (`activation_codes`) that starts
//! empty, and no stored record changes shape, so the migration converts
//! nothing: it writes version 6, in one durable batch. The version still
//! moves so that an older trackgate, which would not see the codes (and
//! would let a used one's tracker keep what it carried while a new code
//! could not be checked), refuses the store instead of misreading it.

use super::{EmbeddedStore, engine};
use crate::ports::StoreError;

impl EmbeddedStore {
    /// Version 5 to 6; see the module docs.
    pub(super) fn activation_codes_keyspace(&self) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        self.write_format_version(&mut batch, 6)?;
        batch.commit().map_err(engine)?;
        tracing::info!("activation codes get a keyspace of their own (store format 6)");
        Ok(())
    }
}

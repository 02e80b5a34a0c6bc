//! The embedded (fjall) adapter. (Lands in its own change.)

/// The embedded store.
#[derive(Debug)]
pub struct EmbeddedStore;

//! API (skeleton).

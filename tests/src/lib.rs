//! Integration test support (skeleton).

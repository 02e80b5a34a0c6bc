//! Bench (skeleton).

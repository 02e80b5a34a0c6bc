//! Gateway (skeleton).

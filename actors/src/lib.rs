//! Actors (skeleton).

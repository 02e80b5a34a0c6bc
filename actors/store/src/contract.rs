//! The behaviour every storage adapter must show. (Filled in with the embedded adapter.)

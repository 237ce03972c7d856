//! Pieces of a page rendered on their own and kept between rebuilds.
//!
//! A page that shows a little of everything (the disagreements page, the
//! print view) changes after almost any edit, but most of its pieces do
//! not: each piece is rendered from its own template and kept by the
//! digest of what it was rendered from, and a rebuild renders again only
//! the pieces whose digest is new (see `cards` and `print`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The pieces one build rendered, by the digest of their inputs, for the
/// next.
#[derive(Debug, Default)]
pub struct Fragments(Mutex<HashMap<u128, Arc<str>>>);

impl Fragments {
    /// The last build's pieces, taken out.
    pub fn take(&self) -> HashMap<u128, Arc<str>> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Keeps this build's pieces (and only those) for the next.
    pub fn keep(&self, now: HashMap<u128, Arc<str>>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }
}

//! Pieces of a page rendered on their own and kept between rebuilds.
//!
//! A page that shows a little of everything (the disagreements page, the
//! print view, the timeline) changes after almost any edit, but most of
//! its pieces do not: each piece is rendered from its own template and
//! kept by the digest of what it was rendered from, and a rebuild renders
//! again only the pieces whose digest is new (see `cards`, `print` and
//! `timeline`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::error::Result;

/// The pieces one build rendered, by the digest of their inputs, for the
/// next.
#[derive(Debug, Default)]
pub struct Fragments(Mutex<HashMap<u128, Arc<str>>>);

impl Fragments {
    /// One build's round of pieces: the last build's are taken out of
    /// `kept` (if any: a clean build keeps nothing), to be looked up by
    /// digest, and this build's are gathered to be kept for the next.
    pub fn round(kept: Option<&Fragments>) -> Round<'_> {
        let last = kept.map_or_else(HashMap::new, |k| {
            std::mem::take(&mut *k.0.lock().unwrap_or_else(|e| e.into_inner()))
        });
        Round {
            kept,
            last,
            now: Mutex::default(),
        }
    }
}

/// See [`Fragments::round`]. Used from many threads at once.
pub struct Round<'f> {
    kept: Option<&'f Fragments>,
    last: HashMap<u128, Arc<str>>,
    now: Mutex<HashMap<u128, Arc<str>>>,
}

impl Round<'_> {
    /// The piece whose inputs have the digest `digest()` (asked only when
    /// pieces are kept): the last build's when it has one, else
    /// `render()`; kept for the next build either way.
    pub fn piece(
        &self,
        digest: impl FnOnce() -> Option<u128>,
        render: impl FnOnce() -> Result<String>,
    ) -> Result<Arc<str>> {
        let digest = self.kept.and_then(|_| digest());
        let html = match self.last(digest) {
            Some(html) => Arc::clone(html),
            None => Arc::from(render()?),
        };
        self.note(digest, &html);
        Ok(html)
    }

    /// The last build's piece of the digest, if it has one.
    pub fn last(&self, digest: Option<u128>) -> Option<&Arc<str>> {
        self.last.get(&digest?)
    }

    /// Keeps `html` for the next build, by its digest.
    pub fn note(&self, digest: Option<u128>, html: &Arc<str>) {
        if let (Some(d), Some(_)) = (digest, self.kept) {
            self.now
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(d, Arc::clone(html));
        }
    }

    /// Leaves this round's pieces (and only those) for the next build.
    pub fn finish(self) {
        if let Some(kept) = self.kept {
            *kept.0.lock().unwrap_or_else(|e| e.into_inner()) =
                self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        }
    }
}

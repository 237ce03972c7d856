//! What an article's reading looked up in the dossier's word sets.
//!
//! Some of an article's readings depend on word sets made from the whole
//! dossier: a figure's frame leaves out the common words and the words of
//! people's names, a theme phrase stops at a name. When one edit adds a
//! person, those sets change by a word or two, and every article read with
//! them would have to be read again, though almost none of them holds
//! those words. So a reading sees the sets only through a [`WordSet`],
//! which notes every word it looks up ([`Noted`]); the reading is a
//! function of its article and of the answers to those lookups, so it
//! still holds for a changed set as long as no word it looked up went in
//! or out ([`Changes::touch`]). The words are noted as 32-bit hashes (a few
//! hundred per article, kept while serving): two words with one hash can
//! only make a reading be read again needlessly, never kept wrongly.

use std::cell::RefCell;
use std::collections::BTreeSet;

/// Which of a reading's word sets a lookup was in: the same word means
/// different things in different sets.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Set {
    Common = 0,
    PersonStems = 1,
    PersonWords = 2,
    Outlets = 3,
}

fn hash(set: Set, word: &str) -> u32 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&[set as u8]);
    h.update(word.as_bytes());
    h.digest() as u32
}

/// The words one reading looked up, noted only when the reading is kept
/// for a rebuild. One per reading, so never shared between threads.
#[derive(Debug, Default)]
pub(crate) struct Noted {
    on: bool,
    hashes: RefCell<Vec<u32>>,
}

impl Noted {
    /// Notes nothing: a clean build, or a test.
    pub fn off() -> Noted {
        Noted::default()
    }

    /// Notes every lookup.
    pub fn on() -> Noted {
        Noted {
            on: true,
            hashes: RefCell::default(),
        }
    }

    /// The hashes of the words looked up, sorted, each once.
    pub fn finish(self) -> Box<[u32]> {
        let mut h = self.hashes.into_inner();
        h.sort_unstable();
        h.dedup();
        h.into_boxed_slice()
    }
}

/// A dossier-wide word set as one reading sees it: only by looking a word
/// up, and every lookup is noted.
#[derive(Clone, Copy)]
pub(crate) struct WordSet<'a> {
    words: &'a BTreeSet<String>,
    set: Set,
    noted: &'a Noted,
}

impl<'a> WordSet<'a> {
    pub fn new(words: &'a BTreeSet<String>, set: Set, noted: &'a Noted) -> WordSet<'a> {
        WordSet { words, set, noted }
    }

    pub fn contains(&self, word: &str) -> bool {
        if self.noted.on {
            self.noted.hashes.borrow_mut().push(hash(self.set, word));
        }
        self.words.contains(word)
    }
}

/// How a reading's word sets changed since the last analysis: every
/// word that went in or out, hashed as [`WordSet`] notes them; or
/// everything, when the last analysis had no such sets or something
/// besides them changed.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    everything: bool,
    hashes: Vec<u32>,
}

impl Changes {
    /// Everything changed: no reading of this kind is kept.
    pub fn everything() -> Changes {
        Changes {
            everything: true,
            hashes: Vec::new(),
        }
    }

    /// Adds the words that are in only one of `old` and `new`.
    pub fn add(&mut self, set: Set, old: &BTreeSet<String>, new: &BTreeSet<String>) {
        self.hashes
            .extend(old.symmetric_difference(new).map(|w| hash(set, w.as_str())));
        self.hashes.sort_unstable();
    }

    /// Whether the sets are exactly the last analysis's.
    pub fn is_none(&self) -> bool {
        !self.everything && self.hashes.is_empty()
    }

    /// Whether a reading that looked up `noted` may have come out
    /// otherwise.
    pub fn touch(&self, noted: &[u32]) -> bool {
        self.everything || self.hashes.iter().any(|h| noted.binary_search(h).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[&str]) -> BTreeSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn a_reading_is_touched_only_by_changes_to_words_it_looked_up() {
        let old = set(&["costa", "lima"]);
        let noted = Noted::on();
        let words = WordSet::new(&old, Set::PersonWords, &noted);
        assert!(words.contains("lima"));
        assert!(!words.contains("harbour"));
        let noted = noted.finish();
        let changes = |new: &[&str], set_changed: Set| {
            let mut c = Changes::default();
            c.add(set_changed, &old, &set(new));
            c.touch(&noted)
        };
        // A new name the reading never looked up.
        assert!(!changes(&["costa", "lima", "okafor"], Set::PersonWords));
        // A word it looked up comes in, or goes out.
        assert!(changes(&["costa", "harbour", "lima"], Set::PersonWords));
        assert!(changes(&["costa"], Set::PersonWords));
        // The same word in another set is another lookup.
        assert!(!changes(&["costa", "harbour", "lima"], Set::Common));
        assert!(Changes::everything().touch(&noted));
        // Nothing noted when noting is off.
        let off = Noted::off();
        WordSet::new(&old, Set::Common, &off).contains("lima");
        assert!(off.finish().is_empty());
    }
}

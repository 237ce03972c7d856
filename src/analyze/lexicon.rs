//! The general word lists the analysis uses, loaded once from `data/`.
//!
//! None of them knows anything about a particular story: they are lists of
//! titles, given names, place words and the like, kept as plain text so
//! that anyone can read and extend them.

use foldhash::{HashMap, HashSet};
use std::sync::LazyLock;

use super::names::fold;
use crate::model::TopicKind;
use crate::text::with_lowercase;

pub struct Lexicon {
    /// Role and title head words ("president", "envoy", "gov").
    pub role_words: HashSet<String>,
    /// "mr", "dr", "sheikh": written before a name, part of it as written.
    pub honorifics: HashSet<String>,
    /// Given names, folded.
    pub first_names: HashSet<String>,
    /// Words that make a name an organisation or place, with the kind.
    pub org_words: HashMap<String, TopicKind>,
    /// Places, folded, including multi-word ones ("new york").
    pub places: HashSet<String>,
    pub stop_words: HashSet<String>,
    pub speech_verbs: HashSet<String>,
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon {
    role_words: lines(include_str!("../../data/role_words.txt"))
        .map(str::to_lowercase)
        .collect(),
    honorifics: lines(include_str!("../../data/honorifics.txt"))
        .map(str::to_lowercase)
        .collect(),
    first_names: lines(include_str!("../../data/first_names.txt"))
        .map(fold)
        .collect(),
    org_words: lines(include_str!("../../data/org_words.txt"))
        .map(|l| {
            let (word, kind) = l.split_once('=').unwrap_or((l, "organization"));
            let kind = match kind.trim() {
                "place" => TopicKind::Place,
                _ => TopicKind::Organization,
            };
            (word.trim().to_lowercase(), kind)
        })
        .collect(),
    places: lines(include_str!("../../data/places.txt"))
        .map(fold)
        .collect(),
    stop_words: lines(include_str!("../../data/stop_words.txt"))
        .map(str::to_lowercase)
        .collect(),
    speech_verbs: lines(include_str!("../../data/speech_verbs.txt"))
        .map(str::to_lowercase)
        .collect(),
});

/// Calls `f` with `fold(word)`. These lookups run for most words of a
/// dossier, and most words and names are plain ASCII letters and digits
/// (names with single spaces between words), which `fold` only
/// lower-cases: those are not copied to the heap.
fn with_folded<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if super::names::is_plain(word) {
        return with_lowercase(word, f);
    }
    f(&fold(word))
}

/// Whether `set` holds `word` in the form the lists use (no trailing
/// period, lower case), without copying the word when it is already in
/// that form (most words are), nor on the heap when it is short: these
/// lookups run for every word of the dossier, most capitalised.
fn has_key(set: &HashSet<String>, word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
        set.contains(w)
    } else {
        with_lowercase(w, |w| set.contains(w))
    }
}

impl Lexicon {
    pub fn is_role(&self, word: &str) -> bool {
        has_key(&self.role_words, word)
    }
    pub fn is_honorific(&self, word: &str) -> bool {
        has_key(&self.honorifics, word)
    }
    pub fn is_first_name(&self, word: &str) -> bool {
        with_folded(word, |w| self.first_names.contains(w))
    }
    pub fn org_kind(&self, word: &str) -> Option<TopicKind> {
        // The form the list uses (no trailing period, lower case), a
        // short word copied on the stack, not the heap.
        with_lowercase(word.trim_end_matches('.'), |w| {
            self.org_words.get(w).copied()
        })
    }
    pub fn is_place(&self, name: &str) -> bool {
        with_folded(name, |n| self.places.contains(n))
    }
    pub fn is_stop(&self, word: &str) -> bool {
        has_key(&self.stop_words, word)
    }
    pub fn is_speech_verb(&self, word: &str) -> bool {
        if word
            .bytes()
            .all(|b| !b.is_ascii_uppercase() && b.is_ascii())
        {
            self.speech_verbs.contains(word)
        } else {
            self.speech_verbs.contains(&word.to_lowercase())
        }
    }
}

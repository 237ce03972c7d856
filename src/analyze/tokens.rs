//! Words of a sentence with their byte offsets, and runs of capitalised
//! words: the raw material of people, places and organisations.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{Lexicon, LEXICON};
use crate::text::is_abbreviation;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok<'a> {
    /// As written, possessive included ("Grant’s").
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    /// A word (else a single punctuation character).
    pub word: bool,
}

impl<'a> Tok<'a> {
    /// The word without a possessive ending: "Grant’s" → "Grant",
    /// "News’" → "News".
    pub fn base(&self) -> &'a str {
        let t = self.text;
        for suffix in ["’s", "'s", "’S", "'S"] {
            if let Some(b) = t.strip_suffix(suffix) {
                return b;
            }
        }
        match t.strip_suffix('’').or_else(|| t.strip_suffix('\'')) {
            Some(b) if b.ends_with('s') => b,
            _ => t,
        }
    }

    pub fn is_possessive(&self) -> bool {
        self.base().len() != self.text.len()
    }

    pub fn is_capitalized(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// "GENEVA", "RDIF": capitals only, no dots.
    pub fn is_all_caps(&self) -> bool {
        // Most words start with a small letter: no need to find their base.
        if self
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && !c.is_uppercase())
        {
            return false;
        }
        let mut letters = 0;
        for c in self.base().chars().filter(|c| c.is_alphabetic()) {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
        letters >= 2 && !self.text.contains('.')
    }

    pub fn is_number(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }

    pub fn is(&self, s: &str) -> bool {
        self.text == s
    }
}

/// Splits a sentence into words and punctuation. A period stays with an
/// abbreviation ("Mr.", "Gov."), an initial ("J.") and a dotted acronym
/// ("U.S."); apostrophes and hyphens inside a word stay in it.
///
/// Every sentence of the dossier goes through here twice (people, then
/// topics), so it reads the text in place, a character at a time, with
/// no table of characters and no lookahead it does not need.
pub fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let bytes = s.as_bytes();
    let char_at = |i: usize| match bytes.get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    };
    // About one token for every five bytes of news prose.
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let mut i = 0;
    while let Some(c) = char_at(i) {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if !c.is_alphanumeric() {
            let end = i + c.len_utf8();
            out.push(Tok {
                text: &s[i..end],
                start: i,
                end,
                word: false,
            });
            i = end;
            continue;
        }
        let start = i;
        loop {
            while let Some(c) = char_at(i) {
                let next = i + c.len_utf8();
                // (No combining mark is ASCII.)
                if c.is_alphanumeric()
                    || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
                    || (matches!(c, '\'' | '’' | '-' | '‐')
                        && char_at(next).is_some_and(char::is_alphanumeric))
                {
                    i = next;
                } else if matches!(c, '\'' | '’') && i > start && s[..i].ends_with('s') {
                    // Plural possessive: "News’ chief".
                    i = next;
                    break;
                } else {
                    break;
                }
            }
            if char_at(i) == Some('.') {
                let word = &s[start..i];
                let letter_follows = char_at(i + 1).is_some_and(char::is_alphabetic);
                let mut chars = word.chars();
                let single =
                    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
                if letter_follows && word.chars().next_back().is_some_and(char::is_alphabetic) {
                    i += 1; // "U.S": keep reading
                    continue;
                }
                if single || is_abbreviation(word) || word.contains('.') {
                    i += 1;
                }
            }
            break;
        }
        out.push(Tok {
            text: &s[start..i],
            start,
            end: i,
            word: true,
        });
    }
    out
}

const PARTICLES: [&str; 22] = [
    "van", "von", "de", "der", "den", "da", "di", "du", "dos", "das", "del", "della", "la", "le",
    "bin", "ibn", "bint", "ben", "ter", "ten", "y", "do",
];

static ARABIC_ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:al|el|ad|ar|as|at|az|ash|an|ul)-\p{Lu}").unwrap());

/// A token that can be part of a capitalised name.
pub fn name_like(t: &Tok<'_>) -> bool {
    t.word && ((t.is_capitalized() && !t.is_all_caps() && !t.is_number()) || arabic_article(t.text))
}

/// "al-Hakim", "el-Amin": checked by the regex only when the word could
/// match it (it starts like one of the articles and has its hyphen), since
/// this runs for every lower-case word of the dossier.
fn arabic_article(text: &str) -> bool {
    let b = text.as_bytes();
    matches!(b.first(), Some(b'a' | b'e' | b'u'))
        && (b.get(2) == Some(&b'-') || b.get(3) == Some(&b'-'))
        && ARABIC_ARTICLE.is_match(text)
}

fn particle(t: &Tok<'_>) -> bool {
    t.word && PARTICLES.contains(&t.text)
}

fn connector(t: &Tok<'_>) -> bool {
    t.is("of") || t.is("and") || t.is("&")
}

/// A run of capitalised words, as token indexes. Particles ("van",
/// "bin") and connectors ("of", "and") may stand inside a run when a
/// capitalised word follows them.
pub fn runs(toks: &[Tok<'_>], lex: &Lexicon) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !name_like(&toks[i]) {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i;
        while !toks[j].is_possessive() {
            let next = j + 1;
            if next < toks.len() && name_like(&toks[next]) {
                run.push(next);
                j = next;
                continue;
            }
            // "van Dijk", "Bank of England": a lower-case link followed
            // by a capitalised word.
            let link = next < toks.len() && (particle(&toks[next]) || connector(&toks[next]));
            if link && next + 1 < toks.len() && name_like(&toks[next + 1]) {
                run.push(next);
                run.push(next + 1);
                j = next + 1;
                continue;
            }
            break;
        }
        // Leading sentence words ("The", "When", "According") are not names.
        // A given name that is also a stop word ("Jan", "June") stays when
        // more of the name follows it.
        let given = |k: usize| {
            lex.is_first_name(toks[k].text) && !toks[k].text.ends_with('.') && run.len() > 1
        };
        let skip = run
            .iter()
            .take_while(|&&k| {
                (lex.is_stop(toks[k].base()) && !given(k))
                    || connector(&toks[k])
                    || particle(&toks[k])
            })
            .count();
        let run: Vec<usize> = run[skip..].to_vec();
        if !run.is_empty() {
            out.push(run);
        }
        i = j + 1;
    }
    out
}

/// Whether a sentence reads like a headline: mostly capitalised words and
/// no closing period. (A sentence full of names still ends with one.)
pub fn headline_like(toks: &[Tok<'_>]) -> bool {
    if toks.last().is_some_and(|t| t.is(".")) {
        return false;
    }
    let words: Vec<&Tok<'_>> = toks
        .iter()
        .filter(|t| t.word && t.text.chars().count() >= 4 && !LEXICON.is_stop(t.text))
        .collect();
    words.len() >= 4 && words.iter().filter(|t| t.is_capitalized()).count() * 4 >= words.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokens_at_the_edges_of_words() {
        // Combining accents stay in their word; a plural possessive keeps
        // its apostrophe; a hyphen or apostrophe joins only letters.
        assert_eq!(
            words("Jose\u{301} Nu\u{301}n\u{303}ez spoke"),
            ["Jose\u{301}", "Nu\u{301}n\u{303}ez", "spoke"]
        );
        assert_eq!(
            words("the Joneses’ car, Chris' idea"),
            ["the", "Joneses’", "car", ",", "Chris'", "idea"]
        );
        assert_eq!(
            words("well- known x-ray -5 ‐a"),
            ["well", "-", "known", "x-ray", "-", "5", "‐", "a"]
        );
        assert_eq!(
            words("U.S.A. Dr.Smith J. R. R. Tolkien, e.g. rain"),
            ["U.S.A.", "Dr.Smith", "J.", "R.", "R.", "Tolkien", ",", "e.g.", "rain"]
        );
        assert_eq!(words("İzmir’s ΟΔΟΣ."), ["İzmir’s", "ΟΔΟΣ", "."]);
        let t = tokenize("Ā b");
        assert_eq!((t[1].start, t[1].end), (3, 4));
    }

    #[test]
    fn tokens_keep_abbreviations_and_possessives() {
        assert_eq!(
            words("Mr. Grant’s envoy met U.S. officials, Gov. Ruiz-Lopez said."),
            vec![
                "Mr.",
                "Grant’s",
                "envoy",
                "met",
                "U.S.",
                "officials",
                ",",
                "Gov.",
                "Ruiz-Lopez",
                "said",
                "."
            ]
        );
        assert_eq!(words("CBS News’ chief"), vec!["CBS", "News’", "chief"]);
        let t = tokenize("News’ Grant’s");
        assert_eq!(t[0].base(), "News");
        assert_eq!(t[1].base(), "Grant");
    }

    #[test]
    fn headlines() {
        let h = tokenize("Envoys Meet Premier as Border Peace Efforts Continue");
        assert!(headline_like(&h));
        let s = tokenize("Secretary of State Helen Brooks met U.S. special envoy Mark Delaney.");
        assert!(!headline_like(&s));
    }

    #[test]
    fn name_runs() {
        let s = "Secretary of State Helen Brooks met Jan van Dijk and Abd al-Karim al-Rashidi in the Bank of Norland.";
        let toks = tokenize(s);
        let runs: Vec<String> = runs(&toks, &LEXICON)
            .into_iter()
            .map(|r| {
                r.iter()
                    .map(|&i| toks[i].text)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(
            runs,
            // "and" stays inside a run; people and organisations split it later.
            vec![
                "Secretary of State Helen Brooks",
                "Jan van Dijk and Abd al-Karim al-Rashidi",
                "Bank of Norland"
            ]
        );
    }
}

//! Small text tools every stage needs: sentence boundaries, slugs, word
//! counts. They know nothing about any story; the word lists they use are
//! general and live as data files under `data/`.

use foldhash::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// How a period after an abbreviation behaves.
#[derive(Debug, Default)]
struct Abbreviations {
    /// "Mr.", "Gov.": never end a sentence.
    title: HashSet<String>,
    /// "Dec.", "No.": do not end a sentence before a number.
    before_number: HashSet<String>,
    /// "Inc.", "e.g.": end one only before a usual sentence opener.
    other: HashSet<String>,
}

fn word_list(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

static ABBREVIATIONS: LazyLock<Abbreviations> = LazyLock::new(|| {
    let mut a = Abbreviations::default();
    let mut section = "other";
    for line in word_list(include_str!("../data/abbreviations.txt")) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = match name {
                "title" => "title",
                "before-number" => "before_number",
                _ => "other",
            };
            continue;
        }
        let set = match section {
            "title" => &mut a.title,
            "before_number" => &mut a.before_number,
            _ => &mut a.other,
        };
        set.insert(line.to_lowercase());
    }
    a
});

static SENTENCE_STARTERS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../data/sentence_starters.txt")).collect());

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '*' | '_')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '*' | '_')
}

/// Splits prose into sentences and returns their byte ranges, trimmed of
/// surrounding white space.
///
/// A period ends a sentence unless it belongs to an abbreviation ("Mr.",
/// "Dec. 2"), an initial ("Paul J. Grant") or a dotted acronym ("U.S.")
/// that is not followed by a usual sentence opener. Closing quotes and
/// brackets after the end mark stay with the sentence they close. A line
/// break always ends a sentence. A lowercase word after `?` or `!` ("“Why?”
/// he asked") continues it.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    // Byte offsets throughout, each on a character boundary: this reads
    // every paragraph of a dossier, and most of its text is neither an
    // end mark nor a line break, so it is skipped byte by byte.
    let len = text.len();
    let at = |i: usize| text[i..].chars().next().expect("a character at a boundary");
    let is_end_mark = |c: char| matches!(c, '.' | '!' | '?' | '…');
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    let push = |out: &mut Vec<Range<usize>>, from: usize, to: usize| {
        let s = &text[from..to];
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if !trimmed.is_empty() {
            push_bounded(text, out, from + lead..from + lead + trimmed.len());
        }
    };
    while i < len {
        // The next line break or end mark ('…' starts with 0xE2, as do
        // other characters: those are passed over below).
        match text.as_bytes()[i..]
            .iter()
            .position(|b| matches!(b, b'\n' | b'.' | b'!' | b'?' | 0xE2))
        {
            Some(skip) => i += skip,
            None => break,
        }
        let c = at(i);
        if c == '\n' {
            push(&mut out, start, i);
            start = i + 1;
            i += 1;
            continue;
        }
        if !is_end_mark(c) {
            i += c.len_utf8();
            continue;
        }
        let mut j = i + c.len_utf8();
        while j < len && (is_end_mark(at(j)) || is_closing(at(j))) {
            j += at(j).len_utf8();
        }
        if j >= len {
            break;
        }
        if !at(j).is_whitespace() {
            i = j;
            continue;
        }
        let mut k = j;
        while k < len && at(k).is_whitespace() && at(k) != '\n' {
            k += at(k).len_utf8();
        }
        if k >= len || at(k) == '\n' {
            push(&mut out, start, j);
            start = j;
            i = k;
            continue;
        }
        if ends_sentence(text, start, i, k) {
            push(&mut out, start, j);
            start = k;
        }
        i = k;
    }
    push(&mut out, start, len);
    out
}

/// The longest run of text treated as one sentence, in bytes. Real
/// sentences stay far below it; text without end marks (a scraped page on
/// one line, a list of names) does not, and every later step works
/// sentence by sentence, so an unbounded "sentence" would make the
/// analysis, and the evidence shown for it, grow with the square of its
/// length.
pub const MAX_SENTENCE_BYTES: usize = 1000;

/// Pushes `range`, cut into pieces of at most [`MAX_SENTENCE_BYTES`] when
/// it is longer: after the last `;` or `,` in a piece if there is one in
/// its second half, else at the last space, else anywhere on a character
/// boundary.
fn push_bounded(text: &str, out: &mut Vec<Range<usize>>, range: Range<usize>) {
    let mut start = range.start;
    while range.end - start > MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let piece = &text[start..limit];
        let half = piece.len() / 2;
        let cut = piece
            .rfind([';', ','])
            .filter(|&i| i >= half)
            .map(|i| i + 1)
            .or_else(|| piece.rfind(' ').filter(|&i| i >= half))
            .unwrap_or(piece.len());
        let end = start + cut;
        let s = &text[start..end];
        if !s.trim().is_empty() {
            out.push(start..start + s.trim_end().len());
        }
        start = end;
        while start < range.end && text[start..].starts_with(char::is_whitespace) {
            start += text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
}

/// Whether the end mark at byte `mark` ends a sentence that began at
/// byte `start`, given that the next sentence would begin at byte `next`.
fn ends_sentence(text: &str, start: usize, mark: usize, next: usize) -> bool {
    let n = text[next..].chars().next().expect("a character");
    if n.is_lowercase() || matches!(n, ',' | ';' | ':' | ')' | '-' | '–' | '—') {
        return false;
    }
    if !text[mark..].starts_with('.') {
        return true;
    }
    // The word before the period, without opening punctuation.
    let w = text[start..mark]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(start, |(b, c)| start + b + c.len_utf8());
    let word: String = text[w..mark].trim_start_matches(is_opening).to_string();
    let lower = word.to_lowercase();
    let next_word = next_word_lower(&text[next..]);
    let opener = SENTENCE_STARTERS.contains(next_word.as_str());
    let a = &*ABBREVIATIONS;
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        // An initial: "Paul J. Grant".
        if first.is_uppercase() {
            return false;
        }
    }
    if a.title.contains(&lower) {
        return false;
    }
    if a.before_number.contains(&lower) {
        return !n.is_ascii_digit();
    }
    if a.other.contains(&lower) || lower.contains('.') {
        // "U.S.", "a.m.", "Inc.": a new sentence only if one clearly starts.
        return opener;
    }
    true
}

/// Whether `word` (with or without its period) is an abbreviation from
/// `data/abbreviations.txt`, such as "Mr", "Gov" or "Sept".
pub fn is_abbreviation(word: &str) -> bool {
    let a = &*ABBREVIATIONS;
    with_lowercase(word.trim_end_matches('.'), |w| {
        a.title.contains(w) || a.before_number.contains(w) || a.other.contains(w)
    })
}

/// Calls `f` with `word` lower-cased: copied on the stack when it is a
/// short ASCII word, as most are, and on the heap otherwise. For lookups
/// that run for most words of a dossier.
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    const SHORT: usize = 32;
    if word.is_ascii() && word.len() <= SHORT {
        let mut buf = [0u8; SHORT];
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        return f(std::str::from_utf8(b).expect("ASCII stays ASCII"));
    }
    f(&word.to_lowercase())
}

fn next_word_lower(text: &str) -> String {
    text.chars()
        .skip_while(|&c| is_opening(c))
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A URL- and file-safe slug: ASCII letters and digits joined by `-`, at
/// most `max` bytes, cut at a word boundary. Accents are folded ("João" →
/// "joao"); what has no ASCII form is dropped, so the result may be empty.
pub fn slugify(text: &str, max: usize) -> String {
    let mut slug = String::new();
    let mut dash = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'ß' => 's',
            'ø' | 'Ø' => 'o',
            'æ' | 'Æ' => 'a',
            'đ' | 'Đ' => 'd',
            'ł' | 'Ł' => 'l',
            'ı' => 'i',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() && !c.is_ascii() {
            // Other scripts are spelled out in Latin letters ("Совет" →
            // "sovet", "市" → "shi"), so that every title gives a readable
            // name that works in any URL and on any file system.
            let latin = deunicode::deunicode_char(c).unwrap_or("");
            for l in latin.chars() {
                if l.is_ascii_alphanumeric() {
                    if dash && !slug.is_empty() {
                        slug.push('-');
                    }
                    dash = false;
                    slug.push(l.to_ascii_lowercase());
                } else {
                    dash = true;
                }
            }
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    if slug.len() > max {
        let cut = slug[..=max]
            .rfind('-')
            .filter(|&i| i > max / 2)
            .unwrap_or(max);
        slug.truncate(cut);
    }
    slug
}

/// Hands out unique slugs: the first candidate that slugs to something,
/// then `-2`, `-3`… when it is taken. Used for every id on the site, so
/// that all of them follow one rule.
#[derive(Debug, Default)]
pub struct UniqueSlugs {
    used: foldhash::HashSet<String>,
    /// The next number to try after each taken base, so that a thousand
    /// articles with one headline do not each walk past all the others.
    next_number: foldhash::HashMap<String, usize>,
}

impl UniqueSlugs {
    pub fn next(&mut self, candidates: &[&str], fallback: &str) -> String {
        self.next_of(UniqueSlugs::base(candidates, fallback))
    }

    /// The slug [`next`](Self::next) starts from: the first candidate
    /// that makes one, or `fallback`. It depends on nothing else, so many
    /// can be made in parallel and handed to [`next_of`](Self::next_of)
    /// in order.
    pub fn base(candidates: &[&str], fallback: &str) -> String {
        candidates
            .iter()
            .map(|c| slugify(c, 60))
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    }

    /// [`next`](Self::next) for the slug [`base`](Self::base) made.
    pub fn next_of(&mut self, base: String) -> String {
        // `index` is each folder's list page (`people/index.html`).
        if base != "index" && self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_number.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Words in a text, for counts shown to readers: runs of non-space
/// characters with a letter or digit in them.
pub fn word_count(text: &str) -> usize {
    // One pass, byte by byte where the text is ASCII: pages count the
    // words of every article, and `split_whitespace` was a few percent of
    // a rebuild. Same answer as splitting at `char::is_whitespace`.
    // `counted`: the word being read has been counted (it has a letter
    // or digit).
    let (mut count, mut counted) = (0, false);
    let mut step = |space: bool, alnum: bool| {
        if space {
            counted = false;
        } else if alnum && !counted {
            counted = true;
            count += 1;
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            step(matches!(b, b' ' | b'\t'..=b'\r'), b.is_ascii_alphanumeric());
            i += 1;
        } else {
            let c = text[i..].chars().next().expect("a char starts here");
            step(c.is_whitespace(), c.is_alphanumeric());
            i += c.len_utf8();
        }
    }
    count
}

/// The first `max_words` words of `text`, with an ellipsis when cut.
pub fn shorten(text: &str, max_words: usize) -> String {
    shorten_words(text.split_whitespace(), max_words)
}

/// [`shorten`] of a text given as its words.
pub fn shorten_words<'a>(words: impl Iterator<Item = &'a str>, max_words: usize) -> String {
    // Only one word past the limit is needed to know the text is cut.
    let words: Vec<&str> = words.take(max_words + 1).collect();
    if words.len() <= max_words {
        return words.join(" ");
    }
    let cut = words[..max_words]
        .join(" ")
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_counts_runs_with_a_letter_or_digit() {
        let slow = |t: &str| {
            t.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        for t in [
            "",
            "  one two\tthree\nfour  ",
            "— a dash, “quoted” words… and 3.5%",
            "naïve café\u{00a0}crème\u{2003}brûlée",
            "-- ?? ... !!",
            "x\u{3000}y\u{85}z\u{0b}w\u{0c}v\rq",
            "日本語 テキスト",
        ] {
            assert_eq!(word_count(t), slow(t), "{t:?}");
        }
        assert_eq!(word_count("Hello, world — again"), 3);
    }

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sentences(
                "Mr. Grant met Rep. Jim Carter on Nov. 14 in the U.S. Capitol. Then he left."
            ),
            vec![
                "Mr. Grant met Rep. Jim Carter on Nov. 14 in the U.S. Capitol.",
                "Then he left."
            ]
        );
        assert_eq!(
            sentences("Paul J. Grant spoke at 7 a.m. Tuesday. It rained."),
            vec!["Paul J. Grant spoke at 7 a.m. Tuesday.", "It rained."]
        );
        assert_eq!(
            sentences("He will wear the No. 8 shirt. Fans cheered."),
            vec!["He will wear the No. 8 shirt.", "Fans cheered."]
        );
    }

    #[test]
    fn acronym_at_sentence_end() {
        assert_eq!(
            sentences("They flew back to the U.S. The talks resume Monday."),
            vec!["They flew back to the U.S.", "The talks resume Monday."]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("“We had a good night.” He smiled. “Why?” she asked. Done!"),
            vec![
                "“We had a good night.”",
                "He smiled.",
                "“Why?” she asked.",
                "Done!"
            ]
        );
        assert_eq!(
            sentences("Rates fell to 3.75% on Thursday. Analysts were surprised."),
            vec![
                "Rates fell to 3.75% on Thursday.",
                "Analysts were surprised."
            ]
        );
    }

    #[test]
    fn dashes_and_line_breaks() {
        assert_eq!(
            sentences("Washington — Talks began. More followed — slowly.\nA new line"),
            vec![
                "Washington — Talks began.",
                "More followed — slowly.",
                "A new line"
            ]
        );
    }

    #[test]
    fn end_marks_among_other_scripts_and_marks() {
        // Multi-byte characters next to the marks: the ellipsis, curly
        // quotes (which share its first byte), a no-break space, accents.
        assert_eq!(
            sentences("Zoë waited… “Enough!”\u{a0}Élise said. Ça va? Oui… it went on.\nFin"),
            vec![
                "Zoë waited…",
                "“Enough!”",
                "Élise said.",
                "Ça va?",
                "Oui… it went on.",
                "Fin"
            ]
        );
        assert_eq!(
            sentences("Dr. Şahin met “M. Ørsted”. Then—nothing."),
            vec!["Dr. Şahin met “M. Ørsted”.", "Then—nothing."]
        );
    }

    #[test]
    fn runaway_sentences_are_cut() {
        // A page scraped onto one line, without a single end mark.
        let words: Vec<String> = (0..3000).map(|i| format!("word{i}")).collect();
        let text = format!("Short one. Then {}, more", words.join(" "));
        let parts = split_sentences(&text);
        assert_eq!(&text[parts[0].clone()], "Short one.");
        assert!(parts.len() > 20);
        for p in &parts {
            assert!(p.len() <= MAX_SENTENCE_BYTES, "{}", p.len());
            assert_eq!(text[p.clone()].trim(), &text[p.clone()]);
        }
        // No word is lost or cut in two.
        let joined: Vec<&str> = parts
            .iter()
            .flat_map(|p| text[p.clone()].split(' '))
            .collect();
        assert_eq!(joined, text.split(' ').collect::<Vec<_>>());
        // Without spaces it cuts on character boundaries.
        let dense = "é".repeat(2000);
        let parts = split_sentences(&dense);
        assert_eq!(
            parts.iter().map(|p| &dense[p.clone()]).collect::<String>(),
            dense
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Record breaker: Zoë Ferrão signs!", 80),
            "record-breaker-zoe-ferrao-signs"
        );
        assert_eq!(slugify("../../x", 80), "x");
        assert_eq!(slugify("🎉🎉", 80), "");
        assert_eq!(slugify("?!…", 80), "");
        assert_eq!(slugify("Совет утвердил", 80), "sovet-utverdil");
        assert_eq!(slugify("Ελλάδα", 80), "ellada");
        let mut ids = UniqueSlugs::default();
        assert_eq!(ids.next(&["Index"], "x"), "index-2");
        assert_eq!(ids.next(&["Storm"], "x"), "storm");
        assert_eq!(ids.next(&["storm"], "x"), "storm-2");
        assert_eq!(slugify("Grant's plan", 80), "grants-plan");
        assert_eq!(slugify("alpha beta gamma delta", 12), "alpha-beta");
    }

    #[test]
    fn shorten_words() {
        assert_eq!(shorten("one two three, four", 3), "one two three…");
        assert_eq!(shorten("one two", 3), "one two");
    }
}

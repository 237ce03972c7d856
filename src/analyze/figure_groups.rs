//! The parts of a figure the `NUMBER` pattern of `claims` matched: the
//! hedge ("about"), currency, number, scale ("million"), percent sign and
//! unit.
//!
//! Why not the pattern's own capture groups: finding a match is one pass
//! of a lazy DFA, but capturing its groups is a second, backtracking pass
//! over every match, and a dossier has hundreds of thousands of figures
//! (most of them in sentences that are read for nothing else). Once the
//! match is known, its groups follow from a short left-to-right reading,
//! because everything after the number is optional: the pattern's first
//! choice at each optional part always leads to a match, so its groups are
//! the greedy reading of each part in turn.
//!
//! The reading below covers ASCII text only. A match holding any other
//! character (a non-breaking space, a currency sign other than `$`, a
//! digit of another script, the Kelvin sign that case folding makes a
//! "k") is captured by the pattern instead, and so is any match this
//! reading would end elsewhere than the pattern did. In debug builds both
//! readings are made and compared, so the tests check the one against the
//! other on every figure of every fixture.

use std::ops::Range;

/// Where each part of a figure lies in its text (byte ranges).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FigureGroups {
    pub whole: Range<usize>,
    pub hedge: Option<Range<usize>>,
    pub cur: Option<Range<usize>>,
    pub num: Range<usize>,
    pub scale: Option<Range<usize>>,
    pub pct: Option<Range<usize>>,
    pub unit: Option<Range<usize>>,
}

/// The hedges of the pattern, in its order (the first that fits is read).
pub(crate) const HEDGES: [&str; 22] = [
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "close to",
    "some",
    "more than",
    "over",
    "at least",
    "up to",
    "under",
    "less than",
    "fewer than",
    "just over",
    "just under",
    "an estimated",
    "as many as",
    "upwards of",
    "only",
    "just",
];

/// The numbers written as words, in the pattern's order.
pub(crate) const NUMBER_WORDS: [&str; 29] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "a dozen",
    "dozen",
];

/// The scales after a number ("million", "bn"), in the pattern's order.
pub(crate) const SCALES: [&str; 6] = ["million", "billion", "trillion", "thousand", "bn", "m"];

/// `\s` of the pattern, for ASCII.
fn space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// A byte of a word, as an ASCII word boundary sees it.
fn word(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// Whether `text` has `literal` (lower-case ASCII) at `at`, in any case.
fn has_at(text: &[u8], at: usize, literal: &str) -> bool {
    text.get(at..at + literal.len())
        .is_some_and(|t| t.eq_ignore_ascii_case(literal.as_bytes()))
}

fn digits(text: &[u8], at: usize) -> usize {
    text.get(at..)
        .map_or(0, |t| t.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// The number at `at`: digits with thousands separators, plain digits
/// with any decimals, or a number word standing alone. Where it ends.
fn number(text: &[u8], at: usize) -> Option<usize> {
    let d = digits(text, at);
    let fraction = |end: usize| match (text.get(end), digits(text, end + 1)) {
        (Some(b'.'), n) if n > 0 => end + 1 + n,
        _ => end,
    };
    if d > 0 {
        // "1,250,000": one to three digits, then groups of three. (Only
        // all of a run of up to three digits can be followed by a comma.)
        let mut end = at + d;
        if d <= 3 {
            while text.get(end) == Some(&b',') && digits(text, end + 1) >= 3 {
                end += 4;
            }
        }
        return Some(fraction(end));
    }
    if at > 0 && word(text.get(at - 1)) {
        return None;
    }
    NUMBER_WORDS
        .iter()
        .find(|w| has_at(text, at, w) && !word(text.get(at + w.len())))
        .map(|w| at + w.len())
}

/// The currency sign and number at `at`, if there is a number.
fn money_and_number(text: &[u8], at: usize) -> Option<(Option<Range<usize>>, Range<usize>)> {
    if text.get(at) == Some(&b'$') {
        let cur_end = at + 1 + usize::from(text.get(at + 1).is_some_and(|b| space(*b)));
        if let Some(end) = number(text, cur_end) {
            return Some((Some(at..cur_end), cur_end..end));
        }
    }
    number(text, at).map(|end| (None, at..end))
}

/// `literal` at `at`, or after one space there, ending at a word's end
/// when `bounded`: where it lies.
fn after_optional_space(
    text: &[u8],
    at: usize,
    literals: &[&str],
    bounded: impl Fn(&str) -> bool,
) -> Option<Range<usize>> {
    let starts = if text.get(at).is_some_and(|b| space(*b)) {
        [Some(at + 1), Some(at)]
    } else {
        [Some(at), None]
    };
    starts.into_iter().flatten().find_map(|from| {
        literals
            .iter()
            .find(|l| has_at(text, from, l) && !(bounded(l) && word(text.get(from + l.len()))))
            .map(|l| from..from + l.len())
    })
}

impl FigureGroups {
    /// The parts of the match `whole` of `text`, when all of it is ASCII
    /// and the reading ends where the match does (see the module's notes).
    pub(crate) fn read(text: &str, whole: Range<usize>) -> Option<FigureGroups> {
        if !text.get(whole.clone())?.is_ascii() {
            return None;
        }
        let t = text.as_bytes();
        let s = whole.start;
        // A hedge counts when a number follows it (and it starts a word).
        let word_start = s == 0 || !word(t.get(s - 1));
        let hedged = HEDGES.iter().find_map(|h| {
            if !word_start || !has_at(t, s, h) || !t.get(s + h.len()).is_some_and(|b| space(*b)) {
                return None;
            }
            let after = s + h.len() + t[s + h.len()..].iter().take_while(|b| space(**b)).count();
            money_and_number(t, after).map(|found| (s..after, found))
        });
        let (hedge, (cur, num)) = match hedged {
            Some((h, found)) => (Some(h), found),
            None => (None, money_and_number(t, s)?),
        };
        let mut end = num.end;
        let scale = after_optional_space(t, end, &SCALES, |_| true);
        if let Some(r) = &scale {
            end = r.end;
        }
        let pct = after_optional_space(t, end, &["%", "percent", "per cent"], |l| l != "%");
        if let Some(r) = &pct {
            end = r.end;
        }
        let unit = match (t.get(end), t.get(end + 1)) {
            (Some(b), Some(c)) if (*b == b'-' || space(*b)) && c.is_ascii_alphabetic() => {
                let len = t[end + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic() || **b == b'-')
                    .count();
                Some(end + 1..end + 1 + len)
            }
            _ => None,
        };
        if let Some(r) = &unit {
            end = r.end;
        }
        (end == whole.end).then_some(FigureGroups {
            whole,
            hedge,
            cur,
            num,
            scale,
            pct,
            unit,
        })
    }

    /// The parts as the pattern captured them.
    pub(crate) fn captured(c: &regex::Captures<'_>) -> FigureGroups {
        let group = |name: &str| c.name(name).map(|m| m.range());
        FigureGroups {
            whole: c.get(0).expect("a match").range(),
            hedge: group("hedge"),
            cur: group("cur"),
            num: group("num").expect("a number"),
            scale: group("scale"),
            pct: group("pct"),
            unit: group("unit"),
        }
    }
}

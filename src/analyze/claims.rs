//! Numbers and dates as claims, and the disagreements between them.
//!
//! A figure is only comparable with another when both are about the same
//! thing at the same time. Each claim therefore carries:
//!
//! - its **unit** ("hour", "%", "money:$", "acre", "vote", "age"), which
//!   must match exactly;
//! - its **frame**: the content words of its sentence, stemmed and mapped
//!   through a small synonym list ("meeting" and "talks" alike), of which
//!   two claims must share at least one;
//! - its **anchors**: the weekdays, dates, parts of day and years its
//!   sentence (or, failing that, the sentence before) ties it to, which
//!   must not contradict each other ("Sunday" vs "Tuesday" are different
//!   events, not a conflict);
//! - **markers** that take it out of comparison: a figure the text marks
//!   as changed ("originally 28 points"), a possibility ("could rise to"),
//!   or a forecast compared with a fact.
//!
//! Hedges make ranges ("about 4,800", "more than 12,000"), so that a
//! rounded figure does not contradict an exact one. Claims are grouped by
//! an index on (unit, frame word), never by comparing every pair of
//! sentences, and a disagreement lists only claims that agree with one side
//! of a conflicting pair and are the same event as both.

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, LazyLock};

use super::compact::{SortedMap, SortedSet};

use regex::{Regex, RegexSet, SetMatches};

use super::figure_groups::FigureGroups;

use super::clock::clock_times;
use super::disagree::stable_id;
use super::lexicon::LEXICON;
use super::lookups::{Changes, Noted, Set, WordSet};
use super::memo::Tracked;
use super::sentences::article_prose;
use crate::date::{days_in_month, month_number, relative_dates, weekday_number, Date, PartialDate};
use crate::model::{
    Article, ArticleAnalysis, BlockKind, Claim, ClaimKind, Corpus, Disagreement, Person,
    SentenceRef,
};

/// Changed / hypothetical / forecast words, and the synonym map.
struct Markers {
    weak: foldhash::HashSet<String>,
    /// Canonical words that name events ("!" in the synonym list).
    events: foldhash::HashSet<String>,
    changed: foldhash::HashSet<String>,
    hypothetical: foldhash::HashSet<String>,
    forecast: foldhash::HashSet<String>,
    synonyms: HashMap<String, String>,
    /// Weak, changed, hypothetical and forecast words together: none is
    /// what a figure or date is about (one lookup for every word near one).
    not_frame: foldhash::HashSet<String>,
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
    // (Sets looked into for the words near every figure and date: hashed,
    // not ordered.)
    let mut m = Markers {
        weak: Default::default(),
        events: Default::default(),
        changed: Default::default(),
        hypothetical: Default::default(),
        forecast: Default::default(),
        synonyms: HashMap::new(),
        not_frame: Default::default(),
    };
    let mut section = "";
    for line in include_str!("../../data/claim_markers.txt")
        .lines()
        .map(str::trim)
    {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            section = match line {
                "[changed]" => "changed",
                "[hypothetical]" => "hypothetical",
                "[weak]" => "weak",
                _ => "forecast",
            };
            continue;
        }
        match section {
            "changed" => &mut m.changed,
            "hypothetical" => &mut m.hypothetical,
            "weak" => &mut m.weak,
            _ => &mut m.forecast,
        }
        .insert(if section == "weak" {
            stem(line)
        } else {
            line.to_string()
        });
    }
    for line in include_str!("../../data/frame_synonyms.txt")
        .lines()
        .map(str::trim)
    {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((head, rest)) = line.split_once(':') {
            let event = head.trim().starts_with('!');
            let head = stem(head.trim().trim_start_matches('!'));
            if event {
                m.events.insert(head.clone());
            }
            for w in rest.split_whitespace() {
                m.synonyms.insert(stem(w), head.clone());
            }
            m.synonyms.insert(head.clone(), head);
        }
    }
    m.not_frame = [&m.weak, &m.changed, &m.hypothetical, &m.forecast]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    m
});

/// A crude English stemmer: enough to make "containment", "contained"
/// and "contain" one word.
pub(crate) fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// [`stem`] into `out` (cleared first): a caller that stems every word of
/// an article reuses one buffer.
fn stem_into(word: &str, out: &mut String) {
    // Runs for most words of the dossier: no Unicode tables for plain
    // ASCII words.
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
    out.truncate(stem_end(out));
}

/// Where the stem of `lower` (a lower-cased word) ends: before a plural or
/// verbal ending that leaves at least four letters.
fn stem_end(lower: &str) -> usize {
    for suffix in ["ments", "ment", "ings", "ing", "ed", "es", "s"] {
        if let Some(b) = lower.strip_suffix(suffix) {
            if b.chars().count() >= 4 {
                return b.len();
            }
        }
    }
    lower.len()
}

/// What a sentence ties its figures to in time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Anchors(Vec<(u8, String)>);

impl Anchors {
    /// Adds an anchor; the list stays sorted and without duplicates.
    fn add(&mut self, kind: u8, value: impl Into<String>) {
        let item = (kind, value.into());
        if let Err(i) = self.0.binary_search(&item) {
            self.0.insert(i, item);
        }
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Whether two sets of anchors can describe the same moment: for every
    /// kind of anchor both have, they share a value.
    fn compatible(&self, other: &Anchors) -> bool {
        // Few anchors per fact: plain loops, no allocation (this runs for
        // every candidate pair).
        self.0.iter().all(|(k, _)| {
            let mut theirs = other.0.iter().filter(|(x, _)| x == k).peekable();
            theirs.peek().is_none()
                || theirs.any(|(_, v)| self.0.iter().any(|(x, w)| x == k && w == v))
        })
    }
}

const WEEKDAY: u8 = 0;
const DAY: u8 = 1;
const PART: u8 = 2;
const YEAR: u8 = 3;
const MONTH: u8 = 4;

static DATE_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?:day|nesday|sday|urday|\.)?,?\s+)?(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+((?:19|20)\d{2}))?|(?-u:\b)((?:19|20)\d{2})-(\d{2})-(\d{2})(?-u:\b)|(?-u:\b)(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+((?:19|20)\d{2}))?").unwrap()
});
static WEEKDAY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:’s|'s)?(?-u:\b)",
    )
    .unwrap()
});
static PART_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(morning|afternoon|evening|night|overnight|midday|noon|midnight|tonight|close|closed|minutes after|first \d+ (?:hours|days|weeks))(?-u:\b)").unwrap()
});
static YEAR_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)((?:19|20)\d{2})(?-u:\b)").unwrap());
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(January|February|March|April|June|July|August|September|October|November|December)(?-u:\b)",
    )
    .unwrap()
});

/// The date a `DATE_IN_TEXT` match writes, as far as it goes.
fn partial_of(c: &regex::Captures<'_>) -> PartialDate {
    let year = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
    let number = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    if c.get(5).is_some() {
        PartialDate {
            year: year(5),
            month: number(6).unwrap_or(0),
            day: number(7).unwrap_or(0),
            weekday: None,
            day_month_ambiguous: false,
        }
    } else if c.get(8).is_some() {
        PartialDate {
            year: year(10),
            month: month_number(&c[9]).unwrap_or(0),
            day: number(8).unwrap_or(0),
            weekday: None,
            day_month_ambiguous: false,
        }
    } else {
        PartialDate {
            year: year(4),
            month: month_number(&c[2]).unwrap_or(0),
            day: number(3).unwrap_or(0),
            weekday: c.get(1).and_then(|w| weekday_number(w.as_str())),
            day_month_ambiguous: false,
        }
    }
}

fn anchors_of(text: &str, article_date: Option<Date>) -> Anchors {
    // Most clauses name no time: one pass over the text says so (and
    // which of the patterns match) before any of them runs.
    anchors_named(text, article_date, &ANCHOR_WORDS.matches(text))
}

/// The anchor patterns, by number: `SINCE` (0), `DATE_IN_TEXT` (1),
/// `WEEKDAY_WORD` (2), `PART_WORD` (3), `YEAR_WORD` (4), `MONTH_ALONE` (5).
/// A clause cut at punctuation or at the start of a word matches only
/// what its sentence does (the patterns assert nothing but ASCII word
/// boundaries), so a sentence the set does not match has no anchor in any
/// of its clauses either.
static ANCHOR_WORDS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        SINCE.as_str(),
        DATE_IN_TEXT.as_str(),
        WEEKDAY_WORD.as_str(),
        PART_WORD.as_str(),
        YEAR_WORD.as_str(),
        MONTH_ALONE.as_str(),
    ])
    .unwrap()
});

/// "trapped since Sunday", "since a tunnel collapsed on Sunday": when a
/// state began, not when the figure holds.
static SINCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)since\s+(?:[\w’']+\s+){0,5}?(?:(?:on|in|last|early|late)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?:\s+\d{1,2})?(?:,?\s+\d{4})?").unwrap()
});

/// [`anchors_of`] for a text of which `which` says what anchor patterns
/// match.
fn anchors_named(text: &str, article_date: Option<Date>, which: &SetMatches) -> Anchors {
    let mut a = Anchors::default();
    if !which.matched_any() {
        return a;
    }
    // What "since" begins is cut; the rest is read again by every pattern
    // (the cut joins what was around it). Otherwise only the patterns
    // that match run.
    let cut = which.matched(0);
    let text = &if cut {
        SINCE.replace_all(text, "")
    } else {
        Cow::Borrowed(text)
    };
    let runs = |i: usize| cut || which.matched(i);
    for c in only_if(runs(1), || DATE_IN_TEXT.captures_iter(text)) {
        let partial = Some(partial_of(&c));
        if let Some(p) = partial {
            let years: Vec<i32> = article_date.map(|d| vec![d.year]).unwrap_or_default();
            if let Some(d) = p.resolve(article_date, &years) {
                a.add(DAY, d.to_string());
                a.add(WEEKDAY, d.weekday().to_string());
            } else if let Some(w) = p.weekday {
                a.add(WEEKDAY, w.to_string());
            }
        }
    }
    // These patterns' group is the whole match (less a possessive):
    // finding the matches is enough, and far cheaper than capturing.
    for m in only_if(runs(2), || WEEKDAY_WORD.find_iter(text)) {
        if let Some(w) = weekday_number(without_possessive(m.as_str())) {
            a.add(WEEKDAY, w.to_string());
        }
    }
    for m in only_if(runs(3), || PART_WORD.find_iter(text)) {
        let p = m.as_str().to_lowercase();
        let p = match p.as_str() {
            "overnight" | "tonight" | "midnight" => "night".to_string(),
            "noon" | "midday" => "afternoon".to_string(),
            "closed" => "close".to_string(),
            _ => p,
        };
        a.add(PART, p);
    }
    for m in only_if(runs(4), || YEAR_WORD.find_iter(text)) {
        a.add(YEAR, m.as_str());
    }
    if a.0.iter().all(|(k, _)| *k != DAY) {
        for m in only_if(runs(5), || MONTH_ALONE.find_iter(text)) {
            if let Some(m) = month_number(m.as_str()) {
                a.add(MONTH, m.to_string());
            }
        }
    }
    a
}

/// What `items` gives when `on`, else nothing: a pattern run only when a
/// set of patterns said it can match.
fn only_if<I: IntoIterator>(on: bool, items: impl FnOnce() -> I) -> impl Iterator<Item = I::Item> {
    on.then(items).into_iter().flatten()
}

/// A word without the possessive "’s" or "'s" a pattern let follow it.
fn without_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// A figure in a sentence, before it is compared.
#[derive(Debug, Clone)]
struct Figure {
    start: usize,
    end: usize,
    unit: String,
    lo: f64,
    hi: f64,
    display: String,
}

/// The figure pattern. Its word lists are [`figure_groups`]'s, which reads
/// the parts of its matches by hand: one list for both, in one order.
///
/// [`figure_groups`]: super::figure_groups
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    use super::figure_groups::{HEDGES, NUMBER_WORDS, SCALES};
    // (Free-spacing mode: a space in a phrase is escaped.)
    let any = |words: &[&str]| words.join("|").replace(' ', "\\ ");
    Regex::new(&format!(
        r"(?ix)
        (?P<hedge>(?-u:\b)(?:{hedges})\s+)?
        (?P<cur>[$€£¥]\s?)?
        (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?-u:\b)(?:{numbers})(?-u:\b))
        (?:\s?(?P<scale>{scales})(?-u:\b))?
        (?:\s?(?P<pct>%|percent(?-u:\b)|per\ cent(?-u:\b)))?
        (?:(?:-|\s)(?P<unit>[a-z][a-z-]*))?",
        hedges = any(&HEDGES),
        numbers = any(&NUMBER_WORDS),
        scales = any(&SCALES),
    ))
    .unwrap()
});

/// The word after white space at the start of `text` (ASCII letters and
/// hyphens, starting with a letter), if it starts so.
fn next_word(text: &str) -> Option<&str> {
    let rest = text.trim_start();
    if rest.len() == text.len() || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic() || *b == b'-')
        .count();
    Some(&rest[..len])
}

/// Words that describe rather than count: "external", "Russian", "other".
fn adjective_like(w: &str) -> bool {
    let l = w.to_lowercase();
    matches!(
        l.as_str(),
        "foreign"
            | "local"
            | "other"
            | "new"
            | "former"
            | "more"
            | "additional"
            | "further"
            | "senior"
            | "young"
            | "old"
            | "big"
            | "small"
            | "large"
            | "top"
            | "key"
            | "main"
            | "major"
            | "separate"
            | "different"
    ) || [
        "al", "ian", "ese", "ish", "ic", "ive", "ous", "ern", "ior", "an", "i",
    ]
    .iter()
    .any(|e| l.ends_with(e))
        && l.len() > 4
        || w.chars().next().is_some_and(char::is_uppercase)
}

/// Numbers written as words, with their values.
const NUMBER_WORDS: [(&str, f64); 28] = [
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

fn word_value(w: &str) -> Option<f64> {
    // Digits, mostly: no word to look up, nothing to copy.
    if w.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let w = w.to_lowercase();
    if matches!(w.as_str(), "a dozen" | "dozen") {
        return Some(12.0);
    }
    NUMBER_WORDS.iter().find(|(x, _)| *x == w).map(|&(_, v)| v)
}

fn singular(unit: &str) -> String {
    let u = unit.to_lowercase();
    let u = u.trim_end_matches('-');
    if let Some(b) = u.strip_suffix("ies") {
        return format!("{b}y");
    }
    if u.ends_with("ss") {
        return u.to_string();
    }
    u.strip_suffix('s').unwrap_or(u).to_string()
}

/// Whether `text` can hold a figure at all: every pattern [`figures`]
/// reads needs a digit or one of a few words ("three", "dozen", "half",
/// "noon"), and most sentences of an article have none, so they are
/// passed over without running the patterns.
fn may_hold_figure(text: &str) -> bool {
    // The patterns ignore case, and Unicode case folding makes "ſ" an "s"
    // and the Kelvin sign a "k": text with those is always read.
    text.bytes().any(|b| b.is_ascii_digit())
        || text.contains(['\u{17f}', '\u{212a}'])
        || text
            .as_bytes()
            .split(|b| !b.is_ascii_alphabetic())
            .any(is_figure_word)
}

/// Whether an ASCII word is one of the number words or one of the few
/// other words ("dozen", "half", "noon") the figure patterns read, in
/// any case. (Lower-cased on the stack: this runs for every word of the
/// sentences with no digit.)
fn is_figure_word(word: &[u8]) -> bool {
    const LONGEST: usize = 9;
    if !(3..=LONGEST).contains(&word.len()) {
        return false;
    }
    let mut lower = [0u8; LONGEST];
    let lower = &mut lower[..word.len()];
    lower.copy_from_slice(word);
    lower.make_ascii_lowercase();
    NUMBER_WORDS.iter().any(|(x, _)| x.as_bytes() == &*lower)
        || matches!(
            &*lower,
            b"dozen" | b"quarter" | b"half" | b"noon" | b"midday" | b"midnight"
        )
}

fn figures(text: &str) -> Vec<Figure> {
    if !may_hold_figure(text) {
        return Vec::new();
    }
    let lex = &*LEXICON;
    let mut out = Vec::new();
    let lower = text.to_lowercase();
    // "a quarter point", "a half-point", "a quarter of a percentage point".
    static BP_WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?-u:\b)(a\s+)?(quarter|half)(?:-|\s+of\s+a\s+|\s+a\s+|\s+)(?:percentage[- ])?point(?-u:\b)",
        )
        .unwrap()
    });
    // Times of day first, so that "2:40" in "2:40 a.m." is not a count.
    for t in clock_times(text) {
        out.push(Figure {
            start: t.start,
            end: t.end,
            unit: if t.zone.is_empty() {
                "clock".into()
            } else {
                format!("clock:{}", t.zone)
            },
            lo: t.lo,
            hi: t.hi,
            display: t.display,
        });
    }
    // (Only a text with one of these words can match: the pattern's other
    // letters have no other case than ASCII's.)
    let bp = lower.contains("quarter") || lower.contains("half");
    for c in only_if(bp, || BP_WORDS.captures_iter(text)) {
        let m = c.get(0).expect("match");
        let v = if c[2].eq_ignore_ascii_case("quarter") {
            25.0
        } else {
            50.0
        };
        out.push(Figure {
            start: m.start(),
            end: m.end(),
            unit: "bp".into(),
            lo: v,
            hi: v,
            display: format!("{v} basis points"),
        });
    }
    for m in NUMBER.find_iter(text) {
        let captured = || {
            let c = NUMBER
                .captures_at(text, m.start())
                .expect("the match again");
            FigureGroups::captured(&c)
        };
        let g = FigureGroups::read(text, m.range()).unwrap_or_else(captured);
        debug_assert_eq!(g, captured(), "the parts of {:?}", m.as_str());
        let num = &text[g.num.clone()];
        if out
            .iter()
            .any(|f| f.start < g.num.end && g.num.start < f.end)
        {
            continue;
        }
        let mut value = match word_value(num) {
            Some(v) => v,
            None => match num.replace(',', "").parse::<f64>() {
                Ok(v) => v,
                Err(_) => continue,
            },
        };
        let is_word = word_value(num).is_some();
        // Not a figure: part of a date, a time, a label ("Level 3", "No. 8"),
        // a year, a vote split, a decimal inside another token.
        let before = &text[..g.whole.start];
        let prev_word = before
            .trim_end()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let after = &text[g.num.end..];
        if month_number(prev_word).is_some() && g.cur.is_none() {
            continue; // "Sept. 3"
        }
        if after.starts_with(':') || after.starts_with(" a.m") || after.starts_with(" p.m") {
            continue;
        }
        if !is_word
            && (1900.0..2100.0).contains(&value)
            && !num.contains(',')
            && g.cur.is_none()
            && g.pct.is_none()
        {
            continue;
        }
        if prev_word.chars().next().is_some_and(char::is_uppercase)
            && g.cur.is_none()
            && g.pct.is_none()
            && !prev_word
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic())
            && !before.trim_end().is_empty()
            && !LEXICON.is_stop(prev_word)
        {
            continue; // "Level 3", "Highway 58", "No. 8"
        }
        if after.starts_with('-') && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
            continue; // "7-2": a vote, read separately
        }
        if before.ends_with('-') || before.ends_with('.') || before.ends_with('/') {
            continue;
        }
        let scale = g.scale.clone().map(|s| text[s].to_lowercase());
        let factor = match scale.as_deref() {
            Some("thousand") => 1e3,
            Some("million") | Some("m") => 1e6,
            Some("billion") | Some("bn") => 1e9,
            Some("trillion") => 1e12,
            _ => 1.0,
        };
        value *= factor;
        let (unit, display_unit) = if let Some(cur) = g.cur.clone() {
            let cur = text[cur].trim().to_string();
            (format!("money:{cur}"), String::new())
        } else if g.pct.is_some() {
            ("%".to_string(), String::new())
        } else if let Some(u) = g.unit.clone() {
            let (u_end, u) = (u.end, &text[u]);
            // "two external members", "three Russian engineers": the noun
            // after an adjective is the unit.
            let next = next_word(&text[u_end..]).filter(|w| {
                w.chars().all(|c| c.is_lowercase() || c == '-')
                    && !lex.is_stop(w)
                    && !w.ends_with("ed")
                    && !w.ends_with("ing")
            });
            let word = match next.filter(|_| adjective_like(u)) {
                Some(n) => n,
                None => u,
            };
            let s = if word.eq_ignore_ascii_case("basis") {
                "basis".to_string()
            } else {
                singular(word)
            };
            if s == "basis"
                || (s == "percentage" && lower[u_end..].trim_start().starts_with("point"))
            {
                (
                    if s == "basis" { "bp" } else { "pp" }.to_string(),
                    if s == "basis" {
                        "basis points".into()
                    } else {
                        "percentage points".into()
                    },
                )
            } else if lex.is_stop(&s)
                || s.len() < 3
                || s.ends_with("ed")
                || s.ends_with("ing")
                || s == "year-old"
            {
                if s == "year-old" {
                    ("age".to_string(), "years old".to_string())
                } else {
                    continue;
                }
            } else {
                (
                    s.clone(),
                    if value == 1.0 {
                        s
                    } else {
                        word.trim_end_matches('-').to_string()
                    },
                )
            }
        } else {
            continue;
        };
        // "60 meters of the chamber", "20% of the territory": a measure
        // relative to something, not the thing's own size.
        let unit =
            if text[g.whole.end..].trim_start().starts_with("of ") && !unit.starts_with("money:") {
                format!("{unit}-of")
            } else {
                unit
            };
        let hedge = g.hedge.clone().map(|h| text[h].trim().to_lowercase());
        let round = value >= 100.0 && value % 100.0 == 0.0;
        let (mut lo, mut hi) = (value, value);
        match hedge.as_deref() {
            Some("about" | "around" | "approximately" | "roughly" | "some" | "an estimated") => {
                lo = value * 0.9;
                hi = value * 1.1;
            }
            Some("nearly" | "almost" | "close to" | "just under") => {
                lo = value * 0.9;
            }
            Some("more than" | "over" | "at least" | "just over" | "upwards of") => {
                hi = f64::INFINITY
            }
            Some("up to" | "under" | "less than" | "fewer than" | "as many as") => lo = 0.0,
            _ if round => {
                lo = value * 0.95;
                hi = value * 1.05;
            }
            _ => {}
        }
        let shown = if let Some(cur) = unit.strip_prefix("money:") {
            match scale.as_deref() {
                Some(s) => format!("{cur}{num} {s}"),
                None => format!("{cur}{num}"),
            }
        } else if unit == "%" {
            format!("{num}%")
        } else {
            format!(
                "{} {}",
                if is_word {
                    value.to_string()
                } else {
                    num.to_string()
                },
                display_unit
            )
        };
        let shown = match hedge.as_deref() {
            Some(h) if !matches!(h, "only" | "just") => format!("{h} {shown}"),
            _ => shown,
        };
        let end = if g.cur.is_some() || g.pct.is_some() {
            [g.pct.as_ref(), g.scale.as_ref(), Some(&g.num)]
                .into_iter()
                .flatten()
                .map(|m| m.end)
                .max()
                .unwrap_or(g.num.end)
        } else {
            g.whole.end
        };
        // "seven other hostages": a part of a larger group, not a total.
        if g.unit
            .clone()
            .is_some_and(|u| text[u].eq_ignore_ascii_case("other"))
        {
            continue;
        }
        out.push(Figure {
            start: g.whole.start + g.hedge.as_ref().map_or(0, |h| h.len()),
            end,
            unit,
            lo,
            hi,
            display: shown.trim().to_string(),
        });
    }
    // Vote splits: "voted 7-2", "a 6-3 vote", "seven to two".
    static VOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(\d{1,2})-(\d{1,2})(?-u:\b)|(?-u:\b)voted\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+to\s+(one|two|three|four|five|six|seven|eight|nine|ten|zero|none)(?-u:\b)").unwrap()
    });
    if lower.contains("vote") || lower.contains("split") {
        for c in VOTE.captures_iter(text) {
            let m = c.get(0).expect("match");
            let (a, b) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(a), Some(b), _, _) => (
                    a.as_str().parse().unwrap_or(0.0),
                    b.as_str().parse().unwrap_or(0.0),
                ),
                (_, _, Some(a), Some(b)) => (
                    word_value(a.as_str()).unwrap_or(0.0),
                    word_value(b.as_str()).unwrap_or(0.0),
                ),
                _ => continue,
            };
            let v = a * 100.0 + b;
            let start = c.get(3).map_or(m.start(), |x| x.start());
            out.push(Figure {
                start,
                end: m.end(),
                unit: "vote".into(),
                lo: v,
                hi: v,
                display: format!("{a}-{b}"),
            });
        }
    }
    out
}

/// What a claim is about: canonical frame words (stemmed, synonyms
/// mapped) and, for each, the word as the text wrote it.
type Frame = BTreeMap<String, String>;

/// A frame as a reader sees it: the words as written.
fn shown(frame: &Frame) -> String {
    let mut out = String::new();
    for (i, w) in frame.values().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(w);
    }
    out
}

/// The facts of a dossier, boxed: they are made per article (or
/// sentence) in parallel and then joined into one list, and joining
/// boxes moves pointers. Joining the facts themselves held all of them
/// twice for a moment, the peak memory of a large build (20,000 articles:
/// 1.05 GB, boxed under 1 GB).
#[allow(clippy::vec_box)]
pub(crate) type Facts = Vec<Box<Fact>>;

/// A figure or date ready to compare.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    pub claim: Claim,
    /// For dates: what the text pins down.
    when: Option<When>,
    /// Listed places in the sentence: events in different places are
    /// different events.
    places: SortedSet<String>,
    /// Capitalised names in a date's sentence: who or what takes part.
    participants: SortedSet<String>,
    /// A date still to come.
    future: bool,
    unit: String,
    lo: f64,
    hi: f64,
    /// What the figure or date is about: content words (stemmed), each
    /// with the form the text wrote it in, for subjects and explanations.
    frame: SortedMap,
    anchors: Anchors,
    changed: bool,
    hypothetical: bool,
    forecast: bool,
}

impl Fact {
    /// A frame word as the text wrote it.
    fn show<'a>(&'a self, w: &'a str) -> &'a str {
        self.frame.get(w).unwrap_or(w)
    }
}

/// The content words around a figure (five words each side), stemmed and
/// mapped through the synonym list: what the figure is about.
fn frame_words(text: &str, skip: (usize, usize), common: &WordSet<'_>) -> Frame {
    let (a, b) = clause(text, skip);
    let window = frame_window(&text[..b], (skip.0, skip.1), common, 5, 5);
    // Words of the clause only. (A clause is a few words and the window
    // at most ten: a list is quicker to make and to search than a set. An
    // ASCII word, in small letters here, is its stem's start: not copied.)
    let lower = if window.is_empty() {
        String::new()
    } else {
        text[a..b].to_lowercase()
    };
    let clause_words: Vec<Cow<'_, str>> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|x| {
            let s: Cow<'_, str> = if x.is_ascii() {
                Cow::Borrowed(&x[..stem_end(x)])
            } else {
                Cow::Owned(stem(x))
            };
            match MARKERS.synonyms.get(&*s) {
                Some(synonym) => Cow::Borrowed(synonym.as_str()),
                None => s,
            }
        })
        .collect();
    let own = window
        .into_iter()
        .filter(|(w, _)| clause_words.iter().any(|c| **c == **w))
        .collect::<Frame>();
    if own.is_empty() {
        frame_window(text, skip, common, 5, 5)
    } else {
        own
    }
}

/// The byte range of the clause around a span: up to the nearest comma,
/// semicolon, dash, bracket or "and".
fn clause(text: &str, span: (usize, usize)) -> (usize, usize) {
    let is_break = |c: char| matches!(c, ',' | ';' | '—' | '–' | '(' | ')' | ':');
    let mut start = text[..span.0]
        .char_indices()
        .rev()
        .find(|(_, c)| is_break(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    if let Some(i) = text[start..span.0].rfind(" and ") {
        start += i + 5;
    }
    let mut end = text[span.1..]
        .char_indices()
        .find(|(_, c)| is_break(*c))
        .map_or(text.len(), |(i, _)| span.1 + i);
    if let Some(i) = text[span.1..end].find(" and ") {
        end = span.1 + i;
    }
    (start, end)
}

/// The content words within `before` and `after` words of a span.
fn frame_window(
    text: &str,
    skip: (usize, usize),
    common: &WordSet<'_>,
    before_n: usize,
    after_n: usize,
) -> Frame {
    let m = &*MARKERS;
    let word = |w: &&str| w.len() >= 3 && !w.chars().any(|c| c.is_ascii_digit());
    let boundary = |c: char| !(c.is_alphanumeric() || c == '-');
    // Only the nearest few words are needed: read outwards from the span.
    // (Most words are in small letters already: not copied.)
    fn lower(w: &str) -> Cow<'_, str> {
        if w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Borrowed(w)
        } else {
            Cow::Owned(w.to_lowercase())
        }
    }
    let before = text[..skip.0.min(text.len())]
        .rsplit(boundary)
        .filter(word)
        .map(lower);
    let after = text[skip.1.min(text.len())..]
        .split(boundary)
        .filter(word)
        .map(lower);
    let keep = |w: &Cow<'_, str>| {
        !LEXICON.is_stop(w)
            && !LEXICON.is_speech_verb(w)
            && weekday_number(w).is_none()
            && month_number(w).is_none()
            && !matches!(
                &**w,
                "morning"
                    | "afternoon"
                    | "evening"
                    | "night"
                    | "overnight"
                    | "million"
                    | "billion"
                    | "thousand"
                    | "percent"
                    | "cent"
            )
    };
    // Five content words on each side.
    before
        .filter(keep)
        .take(before_n)
        .chain(after.filter(keep).take(after_n))
        .map(|w| {
            let s = stem(&w);
            (m.synonyms.get(&s).cloned().unwrap_or(s), w)
        })
        .filter(|(w, _)| !common.contains(w) && !m.not_frame.contains(w))
        .fold(Frame::new(), |mut frame, (w, surface)| {
            // The nearest use of a word is the one shown.
            frame.entry(w).or_insert_with(|| surface.into_owned());
            frame
        })
}

/// The words of `text`, last first.
fn words_back(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
}

/// The first three words of `text`, lower-cased.
fn first_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .map(str::to_lowercase)
        .collect()
}

/// Where marker words count around a figure or date: the six words
/// before it (`before` is lower-cased already) and the three after.
fn marker_window<'a>(before: &'a str, after: &'a [String]) -> Vec<&'a str> {
    words_back(before)
        .take(6)
        .chain(after.iter().map(String::as_str))
        .collect()
}

fn has_marker(words: &[impl AsRef<str>], set: &foldhash::HashSet<String>) -> bool {
    words.iter().any(|w| set.contains(w.as_ref()))
}

/// What [`article_number_facts`] reads besides the article: the same
/// for every article of a dossier. Its word sets are read only through
/// [`WordSet`]s, so that a reading can be kept when they change in words
/// it never looked up.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct NumberContext {
    common: BTreeSet<String>,
    person_stems: BTreeSet<String>,
    dossier_year: Option<i32>,
}

impl NumberContext {
    pub(crate) fn new(corpus: &Corpus, people: &[Person], common: &BTreeSet<String>) -> Self {
        NumberContext {
            common: common.clone(),
            // The words of people's names are never what a figure is about.
            person_stems: super::people::name_words(people, stem),
            dossier_year: dossier_year(corpus),
        }
    }

    /// What changed since `old`, the context of the last analysis.
    pub(crate) fn changes_since(&self, old: Option<&NumberContext>) -> Changes {
        match old {
            Some(old) if old.dossier_year == self.dossier_year => {
                let mut changes = Changes::default();
                changes.add(Set::Common, &old.common, &self.common);
                changes.add(Set::PersonStems, &old.person_stems, &self.person_stems);
                changes
            }
            _ => Changes::everything(),
        }
    }
}

/// The figures and times of day of article `ai`, in reading order.
pub(crate) fn article_number_facts(
    article: &Article,
    analysis: &ArticleAnalysis,
    context: &NumberContext,
    noted: &Noted,
    ai: usize,
) -> Facts {
    let m = &*MARKERS;
    let common = &WordSet::new(&context.common, Set::Common, noted);
    let person_words = WordSet::new(&context.person_stems, Set::PersonStems, noted);
    let dossier_year = context.dossier_year;
    let mut out = Vec::new();
    let mut previous: Option<&str> = None;
    for s in analysis.sentences.iter() {
        let kind = &article.blocks[s.block].kind;
        if matches!(kind, BlockKind::Heading { .. } | BlockKind::Code { .. }) {
            continue;
        }
        // Most sentences hold no figure: their time anchors are
        // worked out only when the next sentence needs them.
        let before = previous.replace(&s.text);
        let figures = figures(&s.text);
        if figures.is_empty() {
            continue;
        }
        // A clause can name a time only when its sentence does.
        let which = ANCHOR_WORDS.matches(&s.text);
        let may_anchor = which.matched_any();
        let own = anchors_named(&s.text, article.date, &which);
        // Only the sentence just before lends its anchors, and only to a
        // sentence that refers back to it ("The discussions lasted…").
        let refers_back = s.text.split_whitespace().next().is_some_and(|w| {
            matches!(
                w,
                "The" | "This" | "These" | "That" | "Those" | "It" | "They" | "He" | "She"
            )
        });
        let mut anchors = match before {
            Some(text) if own.is_empty() && refers_back => anchors_of(text, article.date),
            _ => own,
        };
        // A sentence with no year of its own is about the article's year.
        if anchors.0.iter().all(|(k, _)| *k != YEAR) {
            if let Some(y) = article.date.map(|d| d.year).or(dossier_year) {
                anchors.add(YEAR, y.to_string());
            }
        }
        // Whether the sentence has one of these words, in any case. (Only
        // an ASCII word lower-cases to one of them: no other character
        // becomes an ASCII letter but the Kelvin sign, a "k".)
        let has_word = |targets: &[&str]| {
            s.text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.is_ascii() && targets.iter().any(|t| w.eq_ignore_ascii_case(t)))
        };
        // The sentence itself says its figures are earlier values.
        let sentence_changed = has_word(&["originally", "initially", "previously"]);
        let at = SentenceRef {
            article: ai,
            sentence: s.index,
        };
        for f in figures {
            let clock = is_clock(&f.unit);
            // An embedded post's time stamp says when it was posted.
            if clock && matches!(kind, BlockKind::Embed) {
                continue;
            }
            // The figure's own clause pins its time when it can.
            let mut clause_start = s.text[..f.start]
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, ',' | ';' | '—' | '('))
                .map_or(0, |(i, c)| i + c.len_utf8());
            // "…on Thursday, near the chamber where 15 miners are
            // sheltering": a relative clause describes a standing state,
            // not the main clause's day.
            let relative = RELATIVE_PRONOUN
                .find_iter(&s.text[clause_start..f.start])
                .last()
                .map(|m| clause_start + m.start());
            if let Some(r) = relative {
                clause_start = r;
            }
            let clause_end = s.text[f.end..]
                .find([',', ';', '—', ')'])
                .map_or(s.text.len(), |i| f.end + i);
            let clause = if may_anchor {
                anchors_of(&s.text[clause_start..clause_end], article.date)
            } else {
                Anchors::default()
            };
            // The figure's own clause says when it holds, when it says so;
            // otherwise the sentence does.
            let mut anchors = anchors.clone();
            if relative.is_some()
                || clause
                    .0
                    .iter()
                    .any(|(k, _)| *k == PART || *k == WEEKDAY || *k == DAY)
            {
                anchors.0.retain(|(k, _)| *k == YEAR);
                for (k, v) in clause.0.into_iter().filter(|(k, _)| *k != YEAR) {
                    anchors.add(k, v);
                }
            }
            // A time of day belongs to the event its clause names, which
            // is often the subject, far from the time itself.
            let mut frame = if clock {
                clause_event_words(&s.text, (f.start, f.end), common)
            } else {
                frame_words(&s.text, (f.start, f.end), common)
            };
            frame.retain(|w, _| !person_words.contains(w));
            // "rose to" a value says when, not what changed; a value
            // "reduced to", "originally" N is an earlier or later one.
            let near_before = s.text[..f.start].to_lowercase();
            let near: Vec<&str> = words_back(&near_before).take(4).collect();
            let old_value = near
                .first()
                .is_some_and(|w| *w == "from" && s.text[f.end..].contains(" to "))
                || near_before.trim_end().ends_with("down from")
                || near_before.trim_end().ends_with("up from")
                || near_before.trim_end().ends_with("compared to")
                || near_before.trim_end().ends_with("compared with");
            let after_words = first_words(&s.text[f.end.min(s.text.len())..]);
            let window = marker_window(&near_before, &after_words);
            let hypothetical = has_marker(&window, &m.hypothetical)
                || after_words
                    .first()
                    .is_some_and(|w| matches!(w.as_str(), "target" | "goal" | "threshold"));
            let forecast =
                has_marker(&window, &m.forecast) && !near_before.trim_end().ends_with("as");
            let changed = old_value
                || has_marker(&near, &m.changed)
                || has_marker(&after_words[..after_words.len().min(2)], &m.changed)
                || sentence_changed;
            out.push(Box::new(Fact {
                claim: Claim {
                    kind: if clock {
                        ClaimKind::Date
                    } else {
                        ClaimKind::Number
                    },
                    at,
                    value: f.display.as_str().into(),
                    span: (f.start, f.end),
                    frame: shown(&frame).into(),
                    person: None,
                    when: None,
                },
                frame: frame.into(),
                when: None,
                places: SortedSet::default(),
                participants: SortedSet::default(),
                // A time still to come ("will", "can attend") is not the
                // time of one that happened.
                future: clock && (FUTURE.is_match(&s.text) || has_word(&["can"])),
                unit: f.unit,
                lo: f.lo,
                hi: f.hi,
                anchors: anchors.clone(),
                changed,
                hypothetical,
                forecast,
            }));
        }
    }
    out
}

/// The ages given after people's names ("Name, 54,"): number facts that
/// depend on who the people are, so they are read after every article's.
pub(crate) fn age_facts(sentences: &[ArticleAnalysis], people: &[Person]) -> Facts {
    // Each person's on their own, in parallel, joined in order: every
    // mention is looked at, a few hundred thousand in a large dossier,
    // and a rebuild reads them again whenever it reads the figures.
    people
        .par_iter()
        .enumerate()
        .flat_map_iter(|(pi, p)| person_ages(sentences, pi, p))
        .collect()
}

/// The ages given after person `pi`'s names: "Name, 54,".
fn person_ages(sentences: &[ArticleAnalysis], pi: usize, p: &Person) -> Facts {
    let mut out = Facts::new();
    static AGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^,\s*(\d{1,3})\s*[,.)]").unwrap());
    for mention in &p.mentions {
        let s = &sentences[mention.at.article].sentences[mention.at.sentence];
        let rest = &s.text[mention.end.min(s.text.len())..];
        // (Most names are not followed by a comma: no need to run the
        // pattern, which starts with one, after them.)
        if !rest.starts_with(',') {
            continue;
        }
        if let Some(c) = AGE.captures(rest) {
            let v: f64 = c[1].parse().unwrap_or(0.0);
            let g = c.get(1).expect("group");
            let start = mention.end + g.start();
            out.push(Box::new(Fact {
                claim: Claim {
                    kind: ClaimKind::Number,
                    at: mention.at,
                    value: format!("{} years old", &c[1]).into(),
                    span: (start, mention.end + g.end()),
                    frame: p.name.as_str().into(),
                    person: Some(pi),
                    when: None,
                },
                when: None,
                places: SortedSet::default(),
                participants: SortedSet::default(),
                future: false,
                unit: format!("age:{pi}"),
                lo: v,
                hi: v,
                frame: [(format!("person:{pi}"), format!("person:{pi}"))]
                    .into_iter()
                    .collect(),
                anchors: Anchors::default(),
                changed: false,
                hypothetical: false,
                forecast: false,
            }));
        }
    }
    out
}

static WEEKDAY_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?:on|by|since|until|last|next|this|from|late|early)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:’s|'s)?(?-u:\b)").unwrap()
});
static MONTH_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:since|in|until|from|by|last|early|late|mid-)\s*(January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)(?:\s+((?:19|20)\d{2}))?").unwrap()
});
static YEAR_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:of|in|since|from|until|by)\s+((?:19|20)\d{2})(?-u:\b)|(?-u:\b)((?:19|20)\d{2})(?:’s|'s)(?-u:\b)",
    )
    .unwrap()
});
static RELATIVE_PRONOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:where|which|who|whom|whose)(?-u:\b)").unwrap());
static PRESENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:today|tonight|this (?:morning|afternoon|evening)|(?:are|is) (?:now )?(?:underway|meeting|holding|in talks)|ha(?:ve|s) (?:now )?(?:arrived|begun|started|landed|opened))(?-u:\b)").unwrap()
});
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:will|scheduled|due|next|expected|plans?|set to|is to|are to|upcoming)(?-u:\b)")
        .unwrap()
});

/// The patterns [`date_facts_of`] reads, by number: `FUTURE` (0),
/// `DATE_IN_TEXT` (1), relative dates (2), `WEEKDAY_MENTION` (3),
/// `MONTH_MENTION` (4), `PRESENT` (5), `YEAR_MENTION` (6).
static DATE_PATTERNS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        FUTURE.as_str(),
        DATE_IN_TEXT.as_str(),
        crate::date::relative_pattern(),
        WEEKDAY_MENTION.as_str(),
        MONTH_MENTION.as_str(),
        PRESENT.as_str(),
        YEAR_MENTION.as_str(),
    ])
    .expect("date patterns")
});

/// Whether `text` can date anything at all: every pattern [`date_facts_of`]
/// reads (and [`relative_dates`]) needs one of these words or a year, and
/// most sentences have none, so they skip the patterns. The test ignores
/// case the way they do, Unicode folding included.
fn may_date(text: &str) -> bool {
    static ANY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|night|morning|afternoon|evening|week|mon|year|ago|underway|meeting|holding|talks|arrived|begun|started|landed|opened|(?:19|20)\d\d",
        )
        .expect("date words")
    });
    ANY.is_match(text)
}

/// The event words around a date: lower-case content words only, because
/// names ("Geneva") would tie together different events in one place.
fn event_words(text: &str, skip: (usize, usize), common: &WordSet<'_>) -> Frame {
    // ", where 14 miners have been trapped": a relative clause tells of
    // another happening than the date's own, unless the date is in it.
    static RELATIVE_CLAUSE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r",\s+(?:where|who|whom|whose)(?-u:\b)[^,;—()]*").unwrap());
    let clauses: Vec<(usize, usize)> = RELATIVE_CLAUSE
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .filter(|(a, b)| !(*a <= skip.0 && skip.1 <= *b))
        .collect();
    // (Copied only to blank a clause out, byte offsets kept.)
    let mut text = Cow::Borrowed(text);
    for (a, b) in clauses {
        text.to_mut().replace_range(a..b, &" ".repeat(b - a));
    }
    frame_window(&without_names(&text), skip, common, 3, 2)
}

/// The event words of the clause around a span: its lower-case content
/// words, eight before and four after.
fn clause_event_words(text: &str, skip: (usize, usize), common: &WordSet<'_>) -> Frame {
    let (a, b) = clause(text, skip);
    // Blank out the rest of the sentence, keeping byte offsets.
    let within: String = text
        .char_indices()
        .map(|(i, c)| {
            if (a..b).contains(&i) {
                c.to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    frame_window(&without_names(&within), skip, common, 8, 4)
}

/// The text with capitalised words blanked, byte offsets kept: names
/// ("Geneva") would tie together different events in one place.
fn without_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_inclusive(char::is_whitespace) {
        if w.chars().next().is_some_and(char::is_uppercase) {
            out.extend(std::iter::repeat_n(' ', w.len()));
        } else {
            out.push_str(w);
        }
    }
    out
}

/// The date claims of article `ai`, in reading order.
/// `common` is the dossier's common words, and noted as they are looked
/// up (see `lookups`).
pub(crate) fn article_date_facts(
    article: &Article,
    analysis: &ArticleAnalysis,
    common: &BTreeSet<String>,
    noted: &Noted,
    ai: usize,
) -> Facts {
    let common = WordSet::new(common, Set::Common, noted);
    article_prose(article, analysis, ai)
        .flat_map(|(at, s)| date_facts_of(article, &common, at, s))
        .collect()
}

/// The date facts of one sentence.
fn date_facts_of(
    article: &Article,
    common: &WordSet<'_>,
    at: SentenceRef,
    s: &crate::model::Sentence,
) -> Facts {
    let m = &*MARKERS;
    {
        let mut out = Vec::new();
        let ai = at.article;
        {
            let text = &s.text;
            if !may_date(text) {
                return out;
            }
            // One pass says which of the patterns below match at all;
            // only those run.
            let which = DATE_PATTERNS.matches(text);
            let future = which.matched(0);
            let first_word = text.split_whitespace().next().unwrap_or("");
            let mut found: Vec<(usize, usize, When, String, bool)> = Vec::new();
            let taken = |found: &Vec<(usize, usize, When, String, bool)>, a: usize, b: usize| {
                found.iter().any(|(x, y, _, _, _)| a < *y && *x < b)
            };
            for c in only_if(which.matched(1), || DATE_IN_TEXT.captures_iter(text)) {
                let whole = c.get(0).expect("match");
                let (day_text, weekday) = (
                    whole.as_str().to_string(),
                    c.get(1).and_then(|w| weekday_number(w.as_str())),
                );
                let partial = partial_of(&c);
                // The year from the text, or the article's; a weekday that does
                // not fit the date is kept as written, to be compared.
                let year = partial.year.or(article.date.map(|d| d.year));
                let day = year.and_then(|y| Date::new(y, partial.month, partial.day));
                let when = When {
                    day: day.filter(|d| weekday.is_none_or(|w| d.weekday() == w)),
                    weekday: weekday.or(day.map(|d| d.weekday())),
                    month: Some(partial.month),
                    year,
                    range: None,
                };
                let value = match day {
                    Some(d) if weekday.is_none_or(|w| d.weekday() == w) => d.to_string(),
                    _ => day_text.trim().to_string(),
                };
                found.push((whole.start(), whole.end(), when, value, future));
            }
            // "last week", "three days ago", "late November": a stretch of
            // days counted from the article's date.
            for r in only_if(which.matched(2), || {
                relative_dates(text, article.date, future)
            }) {
                if taken(&found, r.start, r.end) {
                    continue;
                }
                let phrase = &text[r.start..r.end];
                let (when, value) = if r.from == r.to {
                    (
                        When {
                            day: Some(r.from),
                            weekday: Some(r.from.weekday()),
                            month: Some(r.from.month),
                            year: Some(r.from.year),
                            range: None,
                        },
                        format!("{phrase} ({})", r.from),
                    )
                } else {
                    (
                        When {
                            range: Some((r.from, r.to)),
                            ..When::default()
                        },
                        format!("{phrase} ({} to {})", r.from, r.to),
                    )
                };
                found.push((r.start, r.end, when, value, future));
            }
            // The patterns' groups are found in their matches, not captured
            // (capturing costs a second pass over each match).
            for m in only_if(which.matched(3), || WEEKDAY_MENTION.find_iter(text)) {
                // The weekday is the last word, before any possessive.
                let day = without_possessive(m.as_str());
                let start = m.start() + day.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                let g = (start, m.start() + day.len());
                let name = &text[g.0..g.1];
                if taken(&found, g.0, g.1) {
                    continue;
                }
                let w = weekday_number(name).unwrap_or(0);
                // "Thursday's meeting": a named day of a past event.
                let possessive = day.len() < m.as_str().len();
                let future = future && !possessive;
                let resolved = article.date.map(|d| {
                    let today = d.weekday() as i64;
                    let delta = if future {
                        (w as i64 - today).rem_euclid(7)
                    } else {
                        -((today - w as i64).rem_euclid(7))
                    };
                    let days = d.days_since_epoch() + delta;
                    Date::from_days(days)
                });
                let when = When {
                    day: resolved,
                    weekday: Some(w),
                    month: resolved.map(|d| d.month),
                    year: resolved.map(|d| d.year),
                    range: None,
                };
                let value = resolved.map_or_else(|| name.to_string(), |d| format!("{name} ({d})"));
                found.push((g.0, g.1, when, value, future));
            }
            for m in only_if(which.matched(4), || MONTH_MENTION.find_iter(text)) {
                // The month is the first capitalised word (the words before
                // it are lower-case); a year, if any, ends the match.
                let whole = m.as_str();
                let at = whole
                    .find(|c: char| c.is_ascii_uppercase())
                    .expect("a month");
                let len = whole[at..]
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(whole.len() - at);
                let name = &whole[at..at + len];
                // (Its last two digits may be any script's.)
                let written_year = (at + len < whole.len()).then(|| {
                    let from = whole.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
                    &whole[from..]
                });
                if taken(&found, m.start() + at, m.end()) {
                    continue;
                }
                let year = written_year
                    .and_then(|y| y.parse().ok())
                    .or(article.date.map(|d| d.year));
                let month = month_number(name);
                let when = When {
                    day: None,
                    weekday: None,
                    month,
                    year,
                    range: None,
                };
                let value = match year {
                    Some(y) => format!("{y}-{:02}", month.unwrap_or(0)),
                    None => name.to_string(),
                };
                found.push((m.start() + at, m.end(), when, value, future));
            }
            // "have arrived in Geneva for talks", "are underway": the event is
            // on the day the article is dated.
            if found.is_empty() {
                let present = || which.matched(5).then(|| PRESENT.find(text)).flatten();
                if let (Some(d), Some(m)) = (article.date, present()) {
                    found.push((
                        m.start(),
                        m.end(),
                        When {
                            day: Some(d),
                            weekday: Some(d.weekday()),
                            month: Some(d.month),
                            year: Some(d.year),
                            range: None,
                        },
                        format!("{d} (the article's date)"),
                        false,
                    ));
                }
            }
            for m in only_if(which.matched(6), || YEAR_MENTION.find_iter(text)) {
                // The year is the match's four digits (no other has any; the
                // last two may be any script's).
                let at = m.start()
                    + m.as_str()
                        .find(|c: char| c.is_ascii_digit())
                        .expect("a year");
                let end = text[at..]
                    .char_indices()
                    .nth(4)
                    .map_or(text.len(), |(i, _)| at + i);
                if taken(&found, at, end) {
                    continue;
                }
                let year: i32 = text[at..end].parse().unwrap_or(0);
                found.push((
                    at,
                    end,
                    When {
                        year: Some(year),
                        ..When::default()
                    },
                    year.to_string(),
                    future,
                ));
            }
            if found.is_empty() {
                return out;
            }
            // Who and where, only for sentences that date something.
            let participants: SortedSet<String> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .filter(|w| {
                    w.len() > 2
                        && w.chars().next().is_some_and(char::is_uppercase)
                        && *w != first_word
                })
                .filter(|w| {
                    !LEXICON.is_stop(w)
                        && weekday_number(w).is_none()
                        && month_number(w).is_none()
                        && !LEXICON.is_role(w)
                })
                .map(super::names::fold)
                .collect();
            let places: SortedSet<String> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '.'))
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && LEXICON.is_place(w))
                .map(super::names::fold)
                .collect();
            for (start, end, when, value, future) in found {
                let before = text[..start].to_lowercase();
                // "by Monday morning", "as of Monday", "until Tuesday": the
                // time of a measurement or a deadline, not an event's date.
                let lead = before.trim_end();
                if [
                    "by", "as of", "until", "through", "before", "after", "within", "till",
                ]
                .iter()
                .any(|p| lead.strip_suffix(p).is_some_and(|rest| rest.ends_with(' ')) || lead == *p)
                {
                    continue;
                }
                // "said early Monday", "told reporters on Sunday": when it was
                // said, not when it happened.
                let said_then = words_back(&before)
                    .take(4)
                    .any(|w| LEXICON.is_speech_verb(w) || w == "post" || w == "statement");
                if said_then {
                    continue;
                }
                let after = first_words(&text[end..]);
                let window = marker_window(&before, &after);
                let frame = event_words(text, (start, end), common);
                out.push(Box::new(Fact {
                    claim: Claim {
                        kind: ClaimKind::Date,
                        at: SentenceRef {
                            article: ai,
                            sentence: s.index,
                        },
                        value: value.into(),
                        span: (start, end),
                        frame: shown(&frame).into(),
                        person: None,
                        when: when
                            .bounds()
                            .map(|(a, b)| (Date::from_days(a), Date::from_days(b))),
                    },
                    when: Some(when),
                    places: places.clone(),
                    participants: participants.clone(),
                    future,
                    unit: "date".into(),
                    lo: 0.0,
                    hi: 0.0,
                    frame: frame.into(),
                    anchors: Anchors::default(),
                    changed: has_marker(&window, &m.changed),
                    hypothetical: has_marker(&window, &m.hypothetical),
                    forecast: false,
                }));
            }
        }
        out
    }
}

/// The subject of a date disagreement: its event and who takes part.
pub(crate) fn date_subject(f: &Fact) -> String {
    let event = f
        .frame
        .iter()
        .find(|w| MARKERS.events.contains(*w))
        .or_else(|| f.frame.iter().next())
        .map_or("the event", |w| f.show(w));
    let who: Vec<String> = f
        .participants
        .iter()
        .take(2)
        .map(|p| title_case(p))
        .collect();
    if who.is_empty() {
        format!("When it happened: {event}")
    } else {
        format!("When it happened: {event} ({})", who.join(", "))
    }
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The year most of the dossier's dated articles are from.
fn dossier_year(corpus: &Corpus) -> Option<i32> {
    let mut years: Vec<i32> = corpus
        .articles
        .iter()
        .filter_map(|a| a.date.map(|d| d.year))
        .collect();
    years.sort_unstable();
    years.get(years.len() / 2).copied()
}

/// How many of an article's sentences hold each word (stemmed), and how
/// many sentences it has: what [`common_words`] adds up. The words are
/// kept one after another in one string (an article has hundreds, a
/// dossier millions, and they are kept while serving): two allocations
/// per article, not one per word.
#[derive(Debug, Default)]
pub(crate) struct WordCounts {
    sentences: usize,
    words: String,
    /// Where each word of `words` ends, and its count of sentences.
    ends: Vec<(u32, u32)>,
}

impl WordCounts {
    /// Each word with its count of sentences.
    fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, count)| {
            let word = &self.words[start..end as usize];
            start = end as usize;
            (word, count as usize)
        })
    }
}

/// The [`WordCounts`] of one article.
pub(crate) fn word_counts(analysis: &ArticleAnalysis) -> WordCounts {
    // Each word's count of sentences, and the last sentence that counted
    // it (a word twice in a sentence counts once). A word written in small
    // ASCII letters, as most are, is its own stem's start and is not
    // copied; any other is stemmed into one buffer and copied only when
    // first seen.
    let mut df: HashMap<Cow<'_, str>, (usize, usize)> = HashMap::new();
    let mut stemmed = String::new();
    for (k, s) in analysis.sentences.iter().enumerate() {
        for w in s.text.split(|c: char| !c.is_alphanumeric()) {
            if w.len() < 3 {
                continue;
            }
            let plain = w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase());
            let key = if plain {
                &w[..stem_end(w)]
            } else {
                stem_into(w, &mut stemmed);
                stemmed.as_str()
            };
            match df.get_mut(key) {
                Some((count, last)) => {
                    if *last != k {
                        *count += 1;
                        *last = k;
                    }
                }
                None => {
                    let key = if plain {
                        Cow::Borrowed(&w[..key.len()])
                    } else {
                        Cow::Owned(key.to_string())
                    };
                    df.insert(key, (1, k));
                }
            }
        }
    }
    let mut counts = WordCounts {
        sentences: analysis.sentences.len(),
        words: String::with_capacity(df.keys().map(|w| w.len()).sum()),
        ends: Vec::with_capacity(df.len()),
    };
    for (w, (count, _)) in df {
        counts.words.push_str(&w);
        let end = u32::try_from(counts.words.len()).expect("an article under 4 GB");
        counts.ends.push((end, count as u32));
    }
    counts
}

/// Words that appear in more than a third of all sentences say nothing
/// about which thing a figure or date is about.
pub(crate) fn common_words(counts: &[Arc<WordCounts>]) -> BTreeSet<String> {
    let mut df: HashMap<&str, usize> = HashMap::new();
    let mut n = 0;
    for c in counts {
        n += c.sentences;
        for (w, k) in c.iter() {
            *df.entry(w).or_default() += k;
        }
    }
    over_a_third(n, df.into_iter())
}

/// The words of `df` (each with its number of sentences) in more than a
/// third of `sentences`.
fn over_a_third<'a>(
    sentences: usize,
    df: impl Iterator<Item = (&'a str, usize)>,
) -> BTreeSet<String> {
    let limit = (sentences / 3).max(3);
    df.filter(|(_, c)| *c > limit)
        .map(|(w, _)| w.to_string())
        .collect()
}

/// The articles' [`WordCounts`] added up, kept between rebuilds (see
/// `analyze::Cache`): an edit to one article takes its old counts off
/// and adds its new ones, where adding up every article's again was a
/// sixth of a rebuild's analysis.
#[derive(Debug, Default)]
pub(crate) struct WordTotals {
    sentences: usize,
    df: HashMap<String, usize>,
}

impl WordTotals {
    /// Takes `before` (an article's counts last time) off the totals and
    /// adds `now` (its counts this time).
    pub fn replace(&mut self, before: Option<&WordCounts>, now: Option<&WordCounts>) {
        if let Some(b) = before {
            self.sentences -= b.sentences;
            for (w, k) in b.iter() {
                if let Some(total) = self.df.get_mut(w) {
                    *total -= k;
                    if *total == 0 {
                        self.df.remove(w);
                    }
                }
            }
        }
        if let Some(n) = now {
            self.sentences += n.sentences;
            for (w, k) in n.iter() {
                match self.df.get_mut(w) {
                    Some(total) => *total += k,
                    None => {
                        self.df.insert(w.to_string(), k);
                    }
                }
            }
        }
    }

    /// What [`common_words`] makes of the counts added up.
    pub fn common(&self) -> BTreeSet<String> {
        over_a_third(
            self.sentences,
            self.df.iter().map(|(w, &c)| (w.as_str(), c)),
        )
    }
}

fn overlaps(a: &Fact, b: &Fact) -> bool {
    match (&a.when, &b.when) {
        (Some(x), Some(y)) => x.compatible(y),
        _ => a.lo <= b.hi && b.lo <= a.hi,
    }
}

/// A moment as far as a text pins it down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct When {
    day: Option<Date>,
    weekday: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
    /// First and last day, for "last week" or "late November".
    range: Option<(Date, Date)>,
}

impl When {
    /// The first and last day this can be, when the text pins that down.
    fn bounds(&self) -> Option<(i64, i64)> {
        if let Some(d) = self.day {
            let d = d.days_since_epoch();
            return Some((d, d));
        }
        if let Some((a, b)) = self.range {
            return Some((a.days_since_epoch(), b.days_since_epoch()));
        }
        let year = self.year?;
        let (first, last) = match self.month {
            Some(m) => (
                Date::new(year, m, 1)?,
                Date::new(year, m, days_in_month(year, m))?,
            ),
            None => (Date::new(year, 1, 1)?, Date::new(year, 12, 31)?),
        };
        Some((first.days_since_epoch(), last.days_since_epoch()))
    }

    /// Whether this spans more than a month ("last year", "in 2024"): too
    /// loose to tie to an event by one shared word.
    fn vague(&self) -> bool {
        self.bounds().is_some_and(|(a, b)| b - a > 31)
    }

    fn compatible(&self, o: &When) -> bool {
        if let (Some(a), Some(b)) = (self.day, o.day) {
            return a == b;
        }
        if let (Some(a), Some(b)) = (self.weekday, o.weekday) {
            if a != b {
                return false;
            }
        }
        if let (Some((a0, a1)), Some((b0, b1))) = (self.bounds(), o.bounds()) {
            return a0 <= b1 && b0 <= a1;
        }
        if let (Some(a), Some(b)) = (self.month, o.month) {
            if a != b {
                return false;
            }
        }
        true
    }
}

/// Whether a unit is a time of day ("clock", "clock:GMT").
pub(crate) fn is_clock(unit: &str) -> bool {
    unit == "clock" || unit.starts_with("clock:")
}

/// A counted noun specific enough to say what is counted ("miners",
/// "acres"), unlike percentages, money, time spans or people in general.
fn specific_unit(unit: &str) -> bool {
    !(unit.starts_with("money:")
        || unit.starts_with("age:")
        || is_clock(unit)
        || matches!(
            unit,
            "%" | "bp"
                | "pp"
                | "vote"
                | "date"
                | "hour"
                | "day"
                | "week"
                | "month"
                | "year"
                | "minute"
                | "time"
                | "point"
                | "people"
                | "person"
                | "member"
                | "percent"
                | "other"
                | "more"
                | "dozen"
        ))
}

/// The frame words of the facts [`conflicts`] compares, numbered: two
/// facts of one unit share a word exactly when they share its number, and
/// sorted numbers are compared far faster than the words (this runs for
/// every candidate pair).
struct FrameIds {
    /// Where each fact's numbers start in `of_ids` (and, last, its length).
    of_start: Vec<u32>,
    /// Each fact's numbers, sorted, one fact after another.
    of_ids: Vec<u32>,
    /// Whether the word numbered so is an event word ("meeting").
    event: Vec<bool>,
}

impl FrameIds {
    /// Fact `i`'s numbers, sorted.
    fn of(&self, i: usize) -> &[u32] {
        &self.of_ids[self.of_start[i] as usize..self.of_start[i + 1] as usize]
    }

    /// How many words facts `i` and `j` (of one unit) share, and whether
    /// one of them is an event word.
    fn shared(&self, i: usize, j: usize) -> (usize, bool) {
        super::compact::common(self.of(i).iter(), self.of(j).iter())
            .fold((0, false), |(n, event), &id| {
                (n + 1, event || self.event[id as usize])
            })
    }
}

/// Whether facts `i` and `j` are about the same thing at the same time,
/// and may be compared.
fn same_event(facts: &[&Fact], ids: &FrameIds, i: usize, j: usize) -> bool {
    let (a, b) = (facts[i], facts[j]);
    // The cheap tests first: this runs for every candidate pair.
    if a.unit != b.unit
        || a.changed
        || b.changed
        || a.hypothetical
        || b.hypothetical
        || a.future != b.future
        || a.forecast != b.forecast
    {
        return false;
    }
    let (shared, event) = ids.shared(i, j);
    // A date's frame must share an event word, or two words of any kind.
    let shared_enough = (a.when.is_none() && !is_clock(&a.unit)) || {
        let vague = [a, b].iter().any(|f| f.when.is_some_and(|w| w.vague()));
        shared >= 2 || (!vague && event)
    };
    // Dates: the same people or names take part, and both are past or both
    // are to come.
    let same_cast = a.participants.is_empty()
        || b.participants.is_empty()
        || !a.participants.is_disjoint(&b.participants);
    shared_enough
        && same_cast
        && (a.places.is_empty() || b.places.is_empty() || !a.places.is_disjoint(&b.places))
        && (shared > 0 || specific_unit(&a.unit))
        && a.anchors.compatible(&b.anchors)
        && b.anchors.compatible(&a.anchors)
}

/// A card and the pair of facts that made it.
type Made = ((usize, usize), Disagreement);

/// What [`conflicts`] leaves for the next comparison: the lists of facts
/// it read (kept alive, so that a fact of the next comparison is the same
/// as one of these only when it is), each list's facts' units (by their
/// number in `numbers`), and, unit by unit, which of their facts it
/// compared and the cards it found.
#[derive(Default)]
pub(crate) struct UnitCards {
    lists: Vec<Arc<Tracked<Facts>>>,
    list_units: Vec<Arc<[u32]>>,
    numbers: HashMap<String, u32>,
    units: HashMap<u32, KeptUnit>,
}

/// A fact's unit number in [`UnitCards::list_units`] when the comparison
/// does not take the fact.
const NOT_TAKEN: u32 = u32::MAX;

impl std::fmt::Debug for UnitCards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnitCards")
            .field("lists", &self.lists.len())
            .field("units", &self.units.len())
            .finish()
    }
}

/// One unit's facts and cards, as [`UnitCards`] keeps them.
struct KeptUnit {
    /// Each fact's list and place in it, in order.
    members: Vec<(u32, u32)>,
    /// The cards, each with the pair that made it (indexes into `members`).
    cards: Vec<Made>,
}

/// Disagreements between the facts of `lists` that `pick` takes:
/// conflicting pairs from different articles, each grown by the facts
/// that are the same event as both.
///
/// Facts of different units are never compared, so each unit's cards are
/// found on their own (in parallel) and then put in the order one pass
/// over all the facts would have made them: by the pair that made each.
/// For a rebuild, a unit whose facts are, in order, those `last` compared
/// (the very facts, or equal ones) has the cards it had, and only the
/// units an edit touched are compared again (a figure edit at 5,000
/// articles compared all 137,000 facts for one changed figure). Returns
/// what to keep for the next comparison, when `keep` (else an empty one).
///
/// The cards of a unit depend on nothing but its facts in order, and
/// `subject_of` must say the same of equal facts in both comparisons.
pub(crate) fn conflicts(
    lists: &[Arc<Tracked<Facts>>],
    pick: &(dyn Fn(&Fact) -> bool + Sync),
    kind: ClaimKind,
    subject_of: &(dyn Fn(&Fact) -> String + Sync),
    last: Option<&UnitCards>,
    keep: bool,
) -> (Vec<Disagreement>, UnitCards) {
    // Each list's facts' units, by number: taken from `last` for a list
    // it read (the very same facts), else read, in parallel, each list
    // numbering its own units first. (Reading every fact's kind and unit
    // waited on memory: the facts lie all over it.)
    let old_place: HashMap<usize, usize> = last
        .map(|l| {
            l.lists
                .iter()
                .enumerate()
                .map(|(i, list)| (Arc::as_ptr(list) as usize, i))
                .collect()
        })
        .unwrap_or_default();
    let kept_units = |list: &Arc<Tracked<Facts>>| {
        let &i = old_place.get(&(Arc::as_ptr(list) as usize))?;
        Some(Arc::clone(&last?.list_units[i]))
    };
    type Read<'f> = std::result::Result<Arc<[u32]>, (Vec<&'f str>, Vec<u32>)>;
    let read: Vec<Read> = lists
        .par_iter()
        .with_max_len(64)
        .map(|list| match kept_units(list) {
            Some(units) => Ok(units),
            None => {
                let mut order: Vec<&str> = Vec::new();
                let ids = list
                    .value
                    .iter()
                    .map(|f| {
                        if !pick(f) {
                            return NOT_TAKEN;
                        }
                        let u = f.unit.as_str();
                        match order.iter().position(|x| *x == u) {
                            Some(i) => i as u32,
                            None => {
                                order.push(u);
                                order.len() as u32 - 1
                            }
                        }
                    })
                    .collect();
                Err((order, ids))
            }
        })
        .collect();
    let mut numbers: HashMap<String, u32> = last.map_or_else(HashMap::new, |l| l.numbers.clone());
    let list_units: Vec<Arc<[u32]>> = read
        .into_iter()
        .map(|r| match r {
            Ok(units) => units,
            Err((order, ids)) => {
                let global: Vec<u32> = order
                    .into_iter()
                    .map(|u| match numbers.get(u) {
                        Some(&i) => i,
                        None => {
                            let i = numbers.len() as u32;
                            numbers.insert(u.to_string(), i);
                            i
                        }
                    })
                    .collect();
                ids.into_iter()
                    .map(|i| {
                        if i == NOT_TAKEN {
                            i
                        } else {
                            global[i as usize]
                        }
                    })
                    .collect()
            }
        })
        .collect();
    // The facts taken, in order, with where each is; each unit's (as
    // indexes into them), units in the order they first appear.
    let mut facts: Vec<&Fact> = Vec::new();
    let mut at: Vec<(u32, u32)> = Vec::new();
    let mut slot = vec![NOT_TAKEN; numbers.len()];
    let mut units: Vec<Vec<usize>> = Vec::new();
    let mut unit_numbers: Vec<u32> = Vec::new();
    for (l, (list, ids)) in lists.iter().zip(&list_units).enumerate() {
        for (k, &u) in ids.iter().enumerate() {
            if u == NOT_TAKEN {
                continue;
            }
            let s = &mut slot[u as usize];
            if *s == NOT_TAKEN {
                *s = units.len() as u32;
                units.push(Vec::new());
                unit_numbers.push(u);
            }
            units[*s as usize].push(facts.len());
            facts.push(&list.value[k]);
            at.push((l as u32, k as u32));
        }
    }
    // Whether the facts `members` are, in order, those `kept` holds.
    let same = |kept: &KeptUnit, members: &[usize], last: &UnitCards| {
        kept.members.len() == members.len()
            && kept.members.iter().zip(members).all(|(&(ol, ok), &i)| {
                let (nl, nk) = at[i];
                let (old, new) = (&last.lists[ol as usize], &lists[nl as usize]);
                (Arc::ptr_eq(old, new) && ok == nk)
                    || old.value[ok as usize] == new.value[nk as usize]
            })
    };
    // Each unit's cards in the dossier's numbering, and what to keep of it.
    type Found = (Vec<Made>, Option<(u32, KeptUnit)>);
    let found: Vec<Found> = units
        .par_iter()
        .zip(&unit_numbers)
        .map(|(members, &unit)| {
            let kept = last.and_then(|l| l.units.get(&unit).filter(|k| same(k, members, l)));
            let local = match kept {
                Some(k) => k.cards.clone(),
                None => {
                    let own: Vec<&Fact> = members.iter().map(|&i| facts[i]).collect();
                    unit_cards(&own, kind, subject_of)
                }
            };
            let global = |((a, b), card): Made| ((members[a], members[b]), card);
            if !keep {
                return (local.into_iter().map(global).collect(), None);
            }
            let made = local.iter().cloned().map(global).collect();
            let members = members.iter().map(|&i| at[i]).collect();
            let kept = KeptUnit {
                members,
                cards: local,
            };
            (made, Some((unit, kept)))
        })
        .collect();
    let mut next = UnitCards::default();
    if keep {
        next.lists = lists.to_vec();
        next.list_units = list_units.clone();
        next.numbers = numbers;
    }
    let mut cards = Vec::with_capacity(found.len());
    for (made, kept) in found {
        cards.push(made);
        if let Some((unit, k)) = kept {
            next.units.insert(unit, k);
        }
    }
    (in_order_made(cards), next)
}

/// The cards of every unit, in the order of the pairs that made them.
fn in_order_made(units: Vec<Vec<Made>>) -> Vec<Disagreement> {
    let mut all: Vec<Made> = units.into_iter().flatten().collect();
    // Each pair makes one card at most: no two keys are equal.
    all.sort_unstable_by_key(|(pair, _)| *pair);
    all.into_iter().map(|(_, card)| card).collect()
}

/// The cards of the facts of one unit, each with the pair of facts
/// (indexes into `facts`) that made it, in the order made.
fn unit_cards(
    facts: &[&Fact],
    kind: ClaimKind,
    subject_of: &(dyn Fn(&Fact) -> String + Sync),
) -> Vec<Made> {
    // Index by frame word: only facts sharing one are compared. Each word
    // gets a number, so that a pair sharing several is compared once: in
    // the list of the first they share whose list is short enough to
    // compare all of (very common words are skipped). The numbers and the
    // lists of facts are flat arrays, each fact's numbers and each
    // number's facts a slice of one: a list per number and per fact was
    // most of the time a rebuild took to compare a large dossier's
    // figures. (Which word has which number changes nothing found: a pair
    // is compared in the list of the first word it shares, whichever that
    // is, and only once.)
    let ids = {
        let mut numbers: HashMap<&str, u32> = HashMap::new();
        let mut event = Vec::new();
        let mut of_start = Vec::with_capacity(facts.len() + 1);
        let mut of_ids = Vec::new();
        for f in facts {
            of_start.push(of_ids.len() as u32);
            let from = of_ids.len();
            for w in f.frame.iter() {
                let next = numbers.len() as u32;
                of_ids.push(*numbers.entry(w).or_insert_with(|| {
                    event.push(MARKERS.events.contains(w));
                    next
                }));
            }
            of_ids[from..].sort_unstable();
        }
        of_start.push(of_ids.len() as u32);
        FrameIds {
            of_start,
            of_ids,
            event,
        }
    };
    // Each number's facts, in order.
    let (list_start, listed) = {
        let n = ids.event.len();
        let mut start = vec![0u32; n + 1];
        for &id in &ids.of_ids {
            start[id as usize + 1] += 1;
        }
        for k in 0..n {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut listed = vec![0usize; ids.of_ids.len()];
        for i in 0..facts.len() {
            for &id in ids.of(i) {
                listed[fill[id as usize] as usize] = i;
                fill[id as usize] += 1;
            }
        }
        (start, listed)
    };
    let list = |id: u32| -> &[usize] {
        &listed[list_start[id as usize] as usize..list_start[id as usize + 1] as usize]
    };
    let comparable: Vec<bool> = (0..ids.event.len() as u32)
        .map(|id| list(id).len() <= 400)
        .collect();
    let first_shared = |a: &[u32], b: &[u32]| -> Option<u32> {
        let (mut x, mut y) = (0, 0);
        while x < a.len() && y < b.len() {
            match a[x].cmp(&b[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    if comparable[a[x] as usize] {
                        return Some(a[x]);
                    }
                    x += 1;
                    y += 1;
                }
            }
        }
        None
    };
    let lists: Vec<(u32, &[usize])> = (0..ids.event.len() as u32)
        .filter(|&id| comparable[id as usize])
        .map(|id| (id, list(id)))
        .collect();
    let pairs: BTreeSet<(usize, usize)> = lists
        .par_iter()
        .flat_map_iter(|&(word, list)| {
            let mut found = Vec::new();
            for (x, &i) in list.iter().enumerate() {
                for &j in &list[x + 1..] {
                    let (a, b) = (&facts[i], &facts[j]);
                    if a.claim.at.article != b.claim.at.article
                        && first_shared(ids.of(i), ids.of(j)) == Some(word)
                        && same_event(facts, &ids, i, j)
                        && !overlaps(a, b)
                    {
                        found.push((i.min(j), i.max(j)));
                    }
                }
            }
            found
        })
        .collect();
    let mut out: Vec<Card> = Vec::new();
    // The groups each fact is in, numbered in order: a pair already in one
    // group needs no group of its own. (A set of every pair in every group
    // grew with the square of the group sizes: hundreds of megabytes for
    // the dates of a large dossier.)
    let mut groups_of: Vec<Vec<u32>> = vec![Vec::new(); facts.len()];
    // The cards (indexes into `out`) each fact is on.
    let mut cards_of: Vec<Vec<u32>> = vec![Vec::new(); facts.len()];
    let mut groups: u32 = 0;
    let together =
        |a: &[u32], b: &[u32]| super::compact::common(a.iter(), b.iter()).next().is_some();
    for &(i, j) in &pairs {
        if together(&groups_of[i], &groups_of[j]) {
            continue;
        }
        // Facts that are the same event as both, agreeing with one side:
        // looked for among those that share a frame word with either, so
        // that growing a card does not scan every fact.
        let mut members = vec![i, j];
        let mut near: Vec<usize> = Vec::new();
        for x in [i, j] {
            for &id in ids.of(x) {
                // As for pairs, a word too common to compare all facts
                // that have it does not make a fact the same event.
                if comparable[id as usize] {
                    near.extend(list(id));
                }
            }
        }
        near.sort_unstable();
        near.dedup();
        for k in near {
            let f = &facts[k];
            if k == i || k == j || f.unit != facts[i].unit {
                continue;
            }
            // A claim consistent with both values takes no side. (The
            // cheap test first: this runs for every fact near every pair.)
            if (overlaps(f, facts[i]) != overlaps(f, facts[j]))
                && same_event(facts, &ids, k, i)
                && same_event(facts, &ids, k, j)
            {
                members.push(k);
            }
        }
        members.sort_unstable();
        members.dedup();
        for &x in &members {
            groups_of[x].push(groups);
        }
        groups += 1;
        // One claim per sentence and value.
        let mut seen = BTreeSet::new();
        let claims: Vec<Claim> = members
            .iter()
            .map(|&k| facts[k].claim.clone())
            .filter(|c| seen.insert((c.at, c.value.clone())))
            .collect();
        let articles: BTreeSet<usize> = claims.iter().map(|c| c.at.article).collect();
        if articles.len() < 2 {
            continue;
        }
        let (a, b) = (&facts[i], &facts[j]);
        let shared: Vec<&str> = a.frame.intersection(&b.frame).take(4).collect();
        let about = shared
            .iter()
            .map(|s| format!("“{}”", a.show(s)))
            .collect::<Vec<_>>()
            .join(", ");
        let what = match a.unit.as_str() {
            "date" => "Both date the same event,".to_string(),
            u if is_clock(u) => "Both give the time of day of the same event,".to_string(),
            u => format!("Both figures are in {} and", unit_name(u)),
        };
        let why = format!(
            "{what} about {about}{}; {} and {} cannot both be right{}.",
            if a.anchors.is_empty() && b.anchors.is_empty() {
                ""
            } else if is_clock(&a.unit) {
                " on the same day"
            } else {
                " at the same time"
            },
            a.claim.value,
            b.claim.value,
            if a.lo != a.hi || b.lo != b.hi {
                " even allowing for the hedges"
            } else {
                ""
            }
        );
        // The subject names what both sides are about.
        let subject = if shared.is_empty() {
            subject_of(a)
        } else {
            let mut about = Fact::clone(a);
            about.frame = shared
                .iter()
                .map(|s| (s.to_string(), a.show(s).to_string()))
                .collect();
            subject_of(&about)
        };
        let key = format!("{}:{}:{}", kind.as_str(), a.unit, shared.join(","));
        // A card for the same conflict found from another pair joins this
        // one when every fact of both is the same event as every other:
        // the first such card among those holding one of these facts
        // (found through `cards_of`, not by reading every card made so
        // far, which grew with the square of the dossier).
        let mut candidates: Vec<u32> = members
            .iter()
            .flat_map(|&x| cards_of[x].iter().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let joined = candidates.into_iter().find(|&c| {
            members
                .iter()
                .all(|&y| out[c as usize].fits(y, facts, &ids))
        });
        if let Some(c) = joined {
            let Card {
                card, members: m, ..
            } = &mut out[c as usize];
            for &x in &members {
                if !cards_of[x].contains(&c) {
                    cards_of[x].push(c);
                    m.push(x);
                }
            }
            for c in claims {
                if !card
                    .claims
                    .iter()
                    .any(|x| x.at == c.at && x.value == c.value)
                {
                    card.claims.push(c);
                }
            }
            card.claims.sort_by_key(|c| c.at);
            continue;
        }
        for &x in &members {
            cards_of[x].push(out.len() as u32);
        }
        out.push(Card::new(
            (i, j),
            Disagreement {
                id: stable_id(kind, &key, &claims),
                kind,
                subject,
                why,
                weight: 3 + articles.len() as u32,
                person: a.claim.person,
                claims,
                editor: None,
            },
            members,
        ));
    }
    out.into_iter().map(|c| (c.made, c.card)).collect()
}

/// A disagreement while [`conflicts`] grows it: the facts on it, and what
/// is known of each fact tested for joining it.
struct Card {
    /// The pair of facts that made it.
    made: (usize, usize),
    card: Disagreement,
    /// The facts on the card, in the order they joined, each once.
    members: Vec<usize>,
    /// For each fact tested: whether it is the same event as every member
    /// up to the count recorded. A card of a large dossier gathers
    /// hundreds of facts, and testing each newcomer against all of them
    /// again for every pair made the date comparison grow with the square
    /// of the dossier; a member added later is tested once, when it joins.
    verdicts: HashMap<usize, (usize, bool)>,
}

impl Card {
    fn new(made: (usize, usize), card: Disagreement, members: Vec<usize>) -> Card {
        Card {
            made,
            card,
            members,
            verdicts: HashMap::new(),
        }
    }

    /// Whether fact `y` is the same event as every fact on the card (or
    /// is that fact).
    fn fits(&mut self, y: usize, facts: &[&Fact], ids: &FrameIds) -> bool {
        let (checked, fits) = self.verdicts.get(&y).copied().unwrap_or((0, true));
        // A fact that fails one member fails the card for good: members
        // are only ever added.
        let fits = fits
            && self.members[checked..]
                .iter()
                .all(|&x| x == y || same_event(facts, ids, x, y));
        self.verdicts.insert(y, (self.members.len(), fits));
        fits
    }
}

/// A card whose claims another card already shows adds nothing.
pub(crate) fn drop_contained(cards: Vec<Disagreement>) -> Vec<Disagreement> {
    let key = |d: &Disagreement| -> BTreeSet<(SentenceRef, Arc<str>)> {
        d.claims.iter().map(|c| (c.at, c.value.clone())).collect()
    };
    let keys: Vec<BTreeSet<(SentenceRef, Arc<str>)>> = cards.iter().map(key).collect();
    // The cards holding each claim: a card can only be inside those that
    // hold its rarest claim (comparing every card with every other grew
    // with the square of the dossier).
    let mut holding: HashMap<(SentenceRef, &str), Vec<usize>> = HashMap::new();
    for (j, k) in keys.iter().enumerate() {
        for (at, value) in k {
            holding.entry((*at, &**value)).or_default().push(j);
        }
    }
    let inside = |i: usize| -> bool {
        // (A card without claims is inside any other with claims, or any
        // before it; `conflicts` makes none.)
        if keys[i].is_empty() {
            return (0..keys.len()).any(|j| j != i && (!keys[j].is_empty() || j < i));
        }
        let rarest = keys[i]
            .iter()
            .filter_map(|(at, value)| holding.get(&(*at, &**value)))
            .min_by_key(|cards| cards.len());
        rarest.is_some_and(|cards| {
            cards.iter().any(|&j| {
                j != i && keys[i].is_subset(&keys[j]) && (keys[i].len() < keys[j].len() || j < i)
            })
        })
    };
    let keep: Vec<bool> = (0..cards.len()).map(|i| !inside(i)).collect();
    cards
        .into_iter()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .map(|(d, _)| d)
        .collect()
}

fn unit_name(unit: &str) -> String {
    if let Some(cur) = unit.strip_prefix("money:") {
        return format!("money ({cur})");
    }
    match unit {
        "%" => "percentages".into(),
        "bp" => "basis points".into(),
        "vote" => "a vote count".into(),
        "date" => "dates".into(),
        u if is_clock(u) => "times of day".into(),
        u if u.starts_with("age:") => "an age".into(),
        u => format!("{u}s"),
    }
}

/// The one-line subject of a number disagreement.
pub(crate) fn number_subject(f: &Fact, people: &[Person]) -> String {
    if let Some(p) = f.claim.person {
        return format!("{}'s age", people[p].name);
    }
    if is_clock(&f.unit) {
        let event = f
            .frame
            .iter()
            .find(|w| MARKERS.events.contains(*w))
            .or_else(|| f.frame.iter().next())
            .map_or("it", |w| f.show(w));
        return format!("What time of day: {event}");
    }
    let about: Vec<&str> = f.frame.iter().take(3).map(|w| f.show(w)).collect();
    let head = if specific_unit(&f.unit) && !f.unit.ends_with("-of") {
        format!("How many {}", unit_name(&f.unit))
    } else {
        format!("A figure in {}", unit_name(&f.unit))
    };
    if about.is_empty() {
        head
    } else {
        format!("{head}: {}", about.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_inside_another_is_dropped_and_of_two_equal_cards_the_first_kept() {
        let card = |id: &str, claims: &[(usize, &str)]| Disagreement {
            id: id.into(),
            kind: ClaimKind::Number,
            subject: String::new(),
            claims: claims
                .iter()
                .map(|&(article, value)| Claim {
                    kind: ClaimKind::Number,
                    at: SentenceRef {
                        article,
                        sentence: 0,
                    },
                    value: value.into(),
                    span: (0, 0),
                    frame: "".into(),
                    person: None,
                    when: None,
                })
                .collect(),
            why: String::new(),
            person: None,
            weight: 0,
            editor: None,
        };
        let ids = |cards: Vec<Disagreement>| -> Vec<String> {
            drop_contained(cards).into_iter().map(|d| d.id).collect()
        };
        let small = card("small", &[(0, "4"), (1, "5")]);
        let same = card("same", &[(1, "5"), (0, "4")]);
        let large = card("large", &[(0, "4"), (1, "5"), (2, "6")]);
        let other = card("other", &[(0, "4"), (3, "7")]);
        assert_eq!(
            ids(vec![small.clone(), same.clone(), other.clone()]),
            ["small", "other"]
        );
        assert_eq!(ids(vec![same, large, small, other]), ["large", "other"]);
    }

    fn fig(text: &str) -> Vec<(String, String, f64, f64)> {
        figures(text)
            .into_iter()
            .map(|f| (f.unit, f.display, f.lo, f.hi))
            .collect()
    }

    #[test]
    fn figures_with_units_and_hedges() {
        let f = fig("They met for four hours after a four-hour delay.");
        assert_eq!(f[0].0, "hour");
        assert_eq!(f[1].0, "hour");
        let f = fig("It would cost $100 billion and about 4,800 residents left.");
        assert_eq!(f[0].0, "money:$");
        // A round figure is read with a little tolerance.
        assert!(f[0].2 <= 1e11 && 1e11 <= f[0].3 && f[0].3 < 1.1e11);
        assert_eq!(f[1].0, "resident");
        assert!(f[1].2 < 4800.0 && f[1].3 > 4800.0);
        let f = fig("Containment stood at 15 percent; more than 12,000 acres burned.");
        assert_eq!(f[0].0, "%");
        assert_eq!(f[1].3, f64::INFINITY);
        let f = fig("The bank cut by a quarter point after the committee voted seven to two.");
        assert!(f.iter().any(|x| x.0 == "bp" && x.2 == 25.0));
        assert!(f.iter().any(|x| x.0 == "vote" && x.1 == "7-2"));
    }

    /// The parts of a figure read by hand are the ones the pattern
    /// captures, and the reading by hand is what most figures get.
    #[test]
    fn figure_parts_read_as_the_pattern_captures_them() {
        let texts = [
            "About 5 million people, just over 1,250,000.5 tons and just 7-ton trucks.",
            "Some 40 percent, roughly 3 per cent, nearly 12%, up to $ 4.5bn and $30m.",
            "Over 3,000,00 miles; 1234,567 cars; 12,345,678 votes; 7.25 points.",
            "Seventeen workers, seventy two-thirds, a dozen eggs, A dozen, dozens.",
            "JUST UNDER 9 Million barrels; as many as  6\tcrew-members; an estimated 80 000.",
            "A380 jets, 5 m, 5 more, 5 millions, 5%s, 40 percentage points, 2 percenter.",
            "just over the 5 rafts, about about 4 boats, fewer than twenty-five, some one.",
            "upwards of 7 feet-, only 3 x, at least 2-year-old, close to 9_000 units.",
            // Characters the reading by hand leaves to the pattern.
            "about\u{a0}5 tons, €40 million, 5\u{a0}million, 3 \u{212a}ilns, 4 ſhips, ٣5 boats.",
            "seven\u{2009}hundred, $\u{a0}9, 12 thouſand, 8 kilos\u{17f}",
        ];
        let mut by_hand = 0;
        for text in texts {
            for m in NUMBER.find_iter(text) {
                let c = NUMBER
                    .captures_at(text, m.start())
                    .expect("the match again");
                let captured = FigureGroups::captured(&c);
                match FigureGroups::read(text, m.range()) {
                    Some(read) => {
                        assert_eq!(read, captured, "{:?} in {text:?}", m.as_str());
                        by_hand += 1;
                    }
                    None => assert!(!m.as_str().is_ascii(), "{:?} in {text:?}", m.as_str()),
                }
            }
        }
        assert!(by_hand >= 30, "{by_hand}");
    }

    #[test]
    fn not_figures() {
        // Only the time of day is a claim: not the date, the level or the road.
        let f = fig("On Sept. 3, 2024, at 7 a.m., Level 3 orders on Highway 58 stood.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1.as_str()), ("clock", "07:00"));
    }

    #[test]
    fn civil_days_round_trip() {
        for d in [
            Date::new(2025, 12, 2).unwrap(),
            Date::new(2024, 2, 29).unwrap(),
            Date::new(1999, 1, 1).unwrap(),
        ] {
            assert_eq!(Date::from_days(d.days_since_epoch()), d);
        }
    }

    #[test]
    fn anchors() {
        let a = anchors_of("On Sunday morning the talks began.", None);
        let b = anchors_of("The talks on March 12, 2024 began.", None);
        assert!(!a.compatible(&b), "{a:?} {b:?}");
        let c = anchors_of("By Sunday night it had burned.", None);
        assert!(!a.compatible(&c));
        assert!(a.compatible(&Anchors::default()));
    }
}

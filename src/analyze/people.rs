//! People: finding names, telling people from places and organisations,
//! merging the variants of one person, and reading how each article
//! describes them.
//!
//! There is no model here. A run of capitalised words is a person when the
//! text gives evidence for it: a title before it ("Secretary of State"),
//! a courtesy title ("Mr."), a speech verb ("…, said X"), an appositive
//! (", a senior aide to …", ", 37,"), or, more weakly, a common given name
//! seen more than once. Names with an organisation or place word in them
//! ("George Whitfield Stadium", "Lakeland County") or that are places are not
//! people; they are handed to the topics.
//!
//! Variants are merged by comparing given names and surnames with the
//! weighted edit distance of [`super::names`]; surname-only mentions are
//! attached afterwards, to the only person with that surname, or to the
//! nearest earlier full mention in the same article, or to no one.

use foldhash::{HashMap, HashMapExt};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{Lexicon, LEXICON};
use super::names::{fold, same_given, same_part, skeleton};
use super::sentences::article_prose;
use super::tokens::{headline_like, runs, tokenize, Tok};
use crate::model::{
    Article, ArticleAnalysis, Corpus, Mention, NameVariant, Person, Role, SentenceRef, TopicKind,
};
use crate::text::UniqueSlugs;
use std::sync::Arc;

/// A capitalised name that is not a person: material for topics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedThing {
    pub name: String,
    pub kind: TopicKind,
    pub at: SentenceRef,
}

/// Where a person is mentioned, for the later stages (quotes, rendering).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedMention {
    pub person: usize,
    pub mention: Mention,
}

#[derive(Debug, Default)]
pub struct PeopleFound {
    pub people: Vec<Person>,
    pub things: Vec<NamedThing>,
    /// Every attached mention, in reading order.
    pub mentions: Vec<ResolvedMention>,
}

/// A name as one sentence gives it, before names are merged.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    at: SentenceRef,
    /// Byte range of the name (honorific and title excluded).
    start: usize,
    end: usize,
    /// The name as written, possessive removed.
    name: String,
    /// `name` folded (`names::fold`): the key people are merged by, made
    /// with the article's reading so that a rebuild does not make it again.
    key: String,
    /// With a courtesy title, if written with one ("Mr. Grant"); `None`
    /// when written as `name` (most mentions: not copied).
    written: Option<String>,
    tokens: usize,
    role: Option<String>,
    /// Evidence of a person as such: a title, a courtesy title, an
    /// appositive with a role or an age.
    personal: bool,
    /// A speech verb next to the name. Organisations and places "say"
    /// things too, so this counts only with a known given name.
    speech: bool,
    /// Written after "in", "at", "near": how places are written.
    locative: bool,
    /// Starts with a known given name.
    given_known: bool,
    /// Contains an organisation or place word, or is a place.
    not_person: Option<TopicKind>,
    /// Preceded by a title word or honorific inside the sentence, which
    /// makes a single capitalised word safe to read as a surname.
    titled: bool,
    /// From "Mr."/"Ms." or a gendered role ("mother", "spokesman").
    gender: Option<Gender>,
    /// The role came from words before the name (so it also describes the
    /// names coordinated with it: "external members X and Y").
    role_before: bool,
    /// A stop word or a role word (of one or two words, as
    /// [`attach_key`] reads names): never read as a surname. (Looked up
    /// with the article's reading, which a rebuild keeps, not each time
    /// people are found.)
    common_word: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Female,
    Male,
}

fn honorific_gender(word: &str) -> Option<Gender> {
    match word.trim_end_matches('.').to_lowercase().as_str() {
        "mr" | "sir" | "lord" | "sheikh" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "dame" | "lady" | "sheikha" => Some(Gender::Female),
        _ => None,
    }
}

fn role_gender(role: &str) -> Option<Gender> {
    const F: [&str; 16] = [
        "mother",
        "sister",
        "wife",
        "daughter",
        "spokeswoman",
        "chairwoman",
        "businesswoman",
        "congresswoman",
        "actress",
        "queen",
        "princess",
        "aunt",
        "niece",
        "widow",
        "grandmother",
        "girlfriend",
    ];
    const M: [&str; 16] = [
        "father",
        "brother",
        "husband",
        "son",
        "spokesman",
        "chairman",
        "businessman",
        "congressman",
        "actor",
        "king",
        "prince",
        "uncle",
        "nephew",
        "widower",
        "grandfather",
        "boyfriend",
    ];
    role.split(|c: char| !c.is_alphanumeric()).find_map(|w| {
        let w = w.to_lowercase();
        if F.contains(&w.as_str()) {
            Some(Gender::Female)
        } else if M.contains(&w.as_str()) {
            Some(Gender::Male)
        } else {
            None
        }
    })
}

/// Lower-case words that end a walk back over a role's modifiers: past
/// tenses and the verbs that introduce a name ("sent", "replacing").
static NOT_MODIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z]+ed|including|replacing|following|joining|meeting|leaving|naming|calling|quoting|citing|thanking|urging|accusing|praising|saying|telling|asking|becoming|being|having|like|unlike|whom|by|sent|met|led|told|saw|see|made|took|gave|got|sign|signs|meet|meets|join|joins|thank|thanks|hire|hires|name|names)$").unwrap()
});
const KEEP_ED: [&str; 5] = ["retired", "embattled", "disgraced", "elected", "appointed"];

fn modifier(t: &Tok<'_>, lex: &Lexicon) -> bool {
    if !t.word || lex.is_stop(t.base()) || lex.is_speech_verb(t.text) {
        return false;
    }
    let lower = t.text.to_lowercase();
    if t.is_number() && !t.text.contains('-') {
        return false;
    }
    !NOT_MODIFIER.is_match(&lower) || KEEP_ED.contains(&lower.as_str())
}

fn is_role_word(t: &Tok<'_>, lex: &Lexicon) -> bool {
    t.word && {
        let b = t.base();
        lex.is_role(b) || (b.len() > 4 && b.ends_with('s') && lex.is_role(&b[..b.len() - 1]))
    }
}

/// Walks back from token `head` (a role word) over its modifiers and
/// returns the index of the first token of the role.
fn role_start(toks: &[Tok<'_>], head: usize, lex: &Lexicon) -> usize {
    let mut s = head;
    let mut taken = 0;
    while s > 0 && taken < 6 {
        let prev = &toks[s - 1];
        if modifier(prev, lex) {
            s -= 1;
            taken += 1;
        } else {
            break;
        }
    }
    s
}

fn text_between<'a>(sentence: &'a str, toks: &[Tok<'_>], from: usize, to: usize) -> &'a str {
    &sentence[toks[from].start..toks[to].end]
}

/// The head of a role written before a name and a comma: "the governor's
/// spokeswoman, X" or "Russia's ambassador to Norland, X".
fn comma_role_head(toks: &[Tok<'_>], run_start: usize, lex: &Lexicon) -> Option<usize> {
    if run_start < 2 || !toks[run_start - 1].is(",") {
        return None;
    }
    let before = run_start - 2;
    if is_role_word(&toks[before], lex) {
        return Some(before);
    }
    // Back over a short capitalised name and its preposition.
    let mut j = before;
    let mut names = 0;
    while j > 0 && toks[j].is_capitalized() && names < 4 {
        j -= 1;
        names += 1;
    }
    let preposition = matches!(toks[j].text, "to" | "of" | "for" | "at" | "in");
    (names > 0 && preposition && j > 0 && is_role_word(&toks[j - 1], lex)).then(|| j - 1)
}

/// An appositive after the name: ", the incident commander for the state
/// team," → its text (None for a bare age) and the index after it.
fn appositive_after(
    sentence: &str,
    toks: &[Tok<'_>],
    after: usize,
    lex: &Lexicon,
) -> Option<(Option<String>, usize)> {
    if !toks.get(after)?.is(",") {
        return None;
    }
    let first = toks.get(after + 1)?;
    let lower = first.text.to_lowercase();
    let starts = matches!(
        lower.as_str(),
        "a" | "an" | "the" | "his" | "her" | "their" | "its" | "who" | "one" | "former"
    ) || (first.is_capitalized() && first.is_possessive())
        || is_role_word(first, lex);
    if first.is_number() && toks.get(after + 2).is_none_or(|t| !t.word) {
        return Some((None, after + 2)); // ", 58,"
    }
    if !starts {
        return None;
    }
    let mut end = after + 1;
    let mut words = 0;
    while end < toks.len() {
        let t = &toks[end];
        if !t.word && !matches!(t.text, "'" | "’" | "-" | "&") {
            break;
        }
        let l = t.text.to_lowercase();
        if end > after + 1
            && matches!(
                l.as_str(),
                "that" | "which" | "where" | "when" | "while" | "who" | "but"
            )
        {
            break;
        }
        words += 1;
        end += 1;
    }
    if words == 0 || words > 16 {
        return None;
    }
    let span = &toks[after + 1..end];
    // ", Grant’s son-in-law Tom Avery and …" introduces someone else.
    // (After a preposition it is part of the description: "chief of staff
    // to President Anna Novak".)
    let introduces_other = span.windows(2).enumerate().any(|(k, w)| {
        let after_preposition = k > 0
            && matches!(
                span[k - 1].text.to_lowercase().as_str(),
                "to" | "of" | "for" | "with" | "under" | "at" | "by"
            );
        is_role_word(&w[0], lex)
            && w[1].is_capitalized()
            && lex.is_first_name(w[1].base())
            && !after_preposition
    });
    if introduces_other {
        return Some((None, end));
    }
    let has_role = lower == "who" || span.iter().any(|t| is_role_word(t, lex));
    has_role.then(|| {
        (
            Some(text_between(sentence, toks, after + 1, end - 1).to_string()),
            end,
        )
    })
}

/// Finds the names in one sentence.
fn scan_sentence(
    text: &str,
    at: SentenceRef,
    lex: &Lexicon,
    out: &mut Vec<Found>,
    things: &mut Vec<NamedThing>,
) {
    let toks = tokenize(text);
    if headline_like(&toks) {
        return;
    }
    for run in runs(&toks, lex) {
        // "Avery and Delaney": two names; "Bank of England", "National
        // Security and Defense Council": one organisation.
        let whole_kind = run.iter().rev().find_map(|&i| lex.org_kind(toks[i].base()));
        let has_connector = run
            .iter()
            .any(|&i| toks[i].is("and") || toks[i].is("&") || toks[i].is("of"));
        let last_is_org = run
            .last()
            .and_then(|&i| lex.org_kind(toks[i].base()))
            .is_some();
        // "Nordmark Lines and Baltic Feeder Company": two organisations,
        // each named in full before and after the "and".
        let and_at = run
            .iter()
            .position(|&i| toks[i].is("and") || toks[i].is("&"));
        let left_is_org =
            and_at.is_some_and(|p| p > 0 && lex.org_kind(toks[run[p - 1]].base()).is_some());
        if has_connector && last_is_org {
            let parts: Vec<&[usize]> = match and_at {
                Some(p) if left_is_org => vec![&run[..p], &run[p + 1..]],
                _ => vec![&run[..]],
            };
            for part in parts.into_iter().filter(|p| !p.is_empty()) {
                let name = text_between(text, &toks, part[0], *part.last().unwrap());
                things.push(NamedThing {
                    name: trim_possessive(name),
                    kind: part
                        .iter()
                        .rev()
                        .find_map(|&i| lex.org_kind(toks[i].base()))
                        .or(whole_kind)
                        .unwrap_or(TopicKind::Organization),
                    at,
                });
            }
            continue;
        }
        let first_found = out.len();
        let mut segment = Vec::new();
        for &i in &run {
            if toks[i].is("and") || toks[i].is("&") {
                scan_segment(text, &toks, &segment, at, lex, out, things);
                segment.clear();
            } else {
                segment.push(i);
            }
        }
        scan_segment(text, &toks, &segment, at, lex, out, things);
        // "external members Prof. Karin Holm and Lars Berg": the
        // words before the first name describe every name joined to it.
        // Only a plural role does ("ACME CEO X and Grant" does not).
        let plural_role = out
            .get(first_found)
            .and_then(|f| f.role.as_deref())
            .is_some_and(|r| {
                let last = r.rsplit(' ').next().unwrap_or(r).to_lowercase();
                last.len() > 4 && last.ends_with('s') && lex.is_role(&last[..last.len() - 1])
            });
        if out.len() > first_found + 1 && out[first_found].role_before && plural_role {
            let (role, gender) = (out[first_found].role.clone(), out[first_found].gender);
            for f in &mut out[first_found + 1..] {
                if f.role.is_none() && f.not_person.is_none() {
                    f.role = role.clone();
                    f.personal = true;
                    f.gender = f.gender.or(gender);
                }
            }
        }
    }
}

fn trim_possessive(s: &str) -> String {
    for suffix in ["’s", "'s"] {
        if let Some(b) = s.strip_suffix(suffix) {
            return b.to_string();
        }
    }
    s.trim_end_matches(['’', '\'']).to_string()
}

#[allow(clippy::too_many_arguments)]
fn scan_segment(
    text: &str,
    toks: &[Tok<'_>],
    seg: &[usize],
    at: SentenceRef,
    lex: &Lexicon,
    out: &mut Vec<Found>,
    things: &mut Vec<NamedThing>,
) {
    if seg.is_empty() {
        return;
    }
    // The title inside the run: "Lakeland County Fire Chief | Gary Holt",
    // "Secretary of State | Helen Brooks". The last title word that has a
    // name after it wins.
    let mut title_end: Option<usize> = None; // position in seg
    for (p, &i) in seg.iter().enumerate() {
        if is_role_word(&toks[i], lex) && p + 1 < seg.len() {
            let mut end = p;
            // "Secretary of State": a title may take "of" and one word.
            if p + 3 < seg.len() && toks[seg[p + 1]].is("of") {
                end = p + 2;
            }
            if seg[end + 1..].iter().any(|&k| {
                toks[k].is_capitalized()
                    && !lex.is_honorific(toks[k].text)
                    && !is_role_word(&toks[k], lex)
            }) {
                title_end = Some(end);
            }
        }
    }
    let mut name_from = title_end.map_or(0, |e| e + 1);
    let mut honorific = false;
    let mut gender = None;
    while name_from < seg.len() && lex.is_honorific(toks[seg[name_from]].text) {
        honorific = true;
        gender = gender.or(honorific_gender(toks[seg[name_from]].text));
        name_from += 1;
    }
    if name_from >= seg.len() {
        return;
    }
    let mut name_idx = &seg[name_from..];
    // "Jim Carter of Ohio": a person of a place.
    if let Some(p) = name_idx.iter().position(|&i| toks[i].is("of")) {
        let left = &name_idx[..p];
        let right = &name_idx[p + 1..];
        let left_is_name = left.len() >= 2
            && left.iter().all(|&i| lex.org_kind(toks[i].base()).is_none())
            && (lex.is_first_name(toks[left[0]].base()) || title_end.is_some() || honorific);
        if left_is_name && !right.is_empty() {
            let place = trim_possessive(text_between(text, toks, right[0], *right.last().unwrap()));
            things.push(NamedThing {
                kind: right
                    .iter()
                    .find_map(|&i| lex.org_kind(toks[i].base()))
                    .unwrap_or(TopicKind::Place),
                name: place,
                at,
            });
            name_idx = left;
        }
    }
    let first = name_idx[0];
    let last = *name_idx.last().unwrap();
    let name = trim_possessive(text_between(text, toks, first, last));
    if name_idx.iter().any(|&i| toks[i].is("of")) {
        things.push(NamedThing {
            name,
            kind: name_idx
                .iter()
                .find_map(|&i| lex.org_kind(toks[i].base()))
                .unwrap_or(TopicKind::Organization),
            at,
        });
        return;
    }
    let org = name_idx
        .iter()
        .rev()
        .find_map(|&i| lex.org_kind(toks[i].base()));
    let place = lex.is_place(&name)
        || name_idx.iter().any(|&i| lex.is_place(toks[i].base()))
        || name_idx
            .windows(2)
            .any(|w| lex.is_place(text_between(text, toks, w[0], w[1])));
    // A listed place is a place even when it holds an organisation word
    // ("United States").
    let not_person = place.then_some(TopicKind::Place).or(org);
    // A lone generic word ("Port", "News", "League") names nothing by itself.
    let generic = name_idx.len() == 1 && org.is_some() && !place;
    if let Some(kind) = not_person.filter(|_| !generic) {
        things.push(NamedThing {
            name: name.clone(),
            kind,
            at,
        });
    }

    // Role before the name: in the run, or lower-case words before it.
    let mut role = None;
    // A role like "chief executive of operator X" may describe a company,
    // so it is recorded but is no evidence of a person.
    let mut role_is_evidence = true;
    let run_start = seg[0];
    let mut before = run_start; // first token index of the whole mention
    if let Some(e) = title_end {
        let head_last = seg[e];
        let s = role_start(toks, seg[0], lex);
        before = s;
        role = Some(text_between(text, toks, s, head_last).to_string());
    } else if run_start > 0 {
        let mut head = run_start - 1;
        // "director of football Eva Strand"
        if !is_role_word(&toks[head], lex)
            && head >= 2
            && toks[head - 1].is("of")
            && is_role_word(&toks[head - 2], lex)
        {
            head -= 2;
            role_is_evidence = false;
        }
        if is_role_word(&toks[head], lex) && !toks[head].is_capitalized()
            || (toks[head].is_all_caps() && is_role_word(&toks[head], lex))
        {
            let s = role_start(toks, head, lex);
            before = s;
            role = Some(text_between(text, toks, s, run_start - 1).to_string());
        } else if let Some(head) = comma_role_head(toks, run_start, lex) {
            // "the governor's spokeswoman, Ana Ruiz", "Russia's ambassador
            // to Norland, Ivan Petrov,"
            let s = role_start(toks, head, lex);
            let det = s.checked_sub(1).filter(|&d| {
                toks[d].is_number()
                    || matches!(
                        toks[d].text.to_lowercase().as_str(),
                        "the"
                            | "a"
                            | "an"
                            | "his"
                            | "her"
                            | "their"
                            | "its"
                            | "our"
                            | "two"
                            | "three"
                            | "both"
                    )
            });
            let opens = det.is_some() || s == 0 || !toks[s - 1].word;
            if opens {
                let s = det.unwrap_or(s);
                before = s;
                role = Some(text_between(text, toks, s, run_start - 2).to_string());
            }
        }
    }
    let titled = title_end.is_some() || honorific || role.is_some();
    let role_before = role.is_some() && title_end.is_none();

    // After the name: an appositive, then perhaps a speech verb.
    let possessive = toks[last].is_possessive();
    let mut after = last + 1;
    let mut appositive = false;
    if !possessive {
        if let Some((text_role, next)) = appositive_after(text, toks, after, lex) {
            appositive = true;
            if role.is_none() {
                role = text_role;
            }
            after = next;
            if toks.get(after).is_some_and(|t| t.is(",")) {
                after += 1;
            }
        }
    }
    let speech_after = !possessive
        && toks
            .get(after)
            .is_some_and(|t| t.word && lex.is_speech_verb(t.text));
    let speech_before = before > 0 && {
        let p = &toks[before - 1];
        (p.word && lex.is_speech_verb(p.text) && !p.is("told") && !p.is("asked"))
            || (p.is("to")
                && before >= 2
                && toks[before - 2].text.eq_ignore_ascii_case("according"))
    };
    let personal =
        honorific || title_end.is_some() || (role.is_some() && role_is_evidence) || appositive;
    let gender = gender.or_else(|| role.as_deref().and_then(role_gender));
    let locative = before > 0
        && matches!(
            toks[before - 1].text.to_lowercase().as_str(),
            "in" | "at" | "near" | "outside" | "inside" | "across" | "around" | "throughout"
        );
    let written = honorific
        .then(|| trim_possessive(text_between(text, toks, seg[name_from - 1], last)))
        .filter(|w| *w != name);
    let tokens = name_idx.iter().filter(|&&i| !toks[i].is("of")).count();
    out.push(Found {
        at,
        start: toks[first].start,
        end: toks[first].start + name.len(),
        given_known: lex.is_first_name(toks[first].base()),
        tokens,
        common_word: tokens <= 2 && (lex.is_stop(&name) || lex.is_role(&name)),
        key: fold(&name),
        name,
        written,
        role,
        personal,
        speech: speech_after || speech_before,
        locative,
        not_person,
        titled,
        gender,
        role_before,
    });
}

/// The outlets' names, folded: an outlet is neither a person nor a topic.
pub(crate) fn outlet_keys(corpus: &Corpus) -> BTreeSet<String> {
    corpus
        .articles
        .iter()
        .filter_map(|a| a.outlet.as_deref())
        .map(fold)
        .collect()
}

/// One article's credit lines: its byline, photo credits and the
/// "Reporting by" lines of its text.
fn credit_lines(article: &Article) -> Vec<String> {
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:reporting|editing|writing|additional reporting|photos?|photograph|video|graphics?)\s+by\s+([^;()]+)").unwrap()
    });
    let mut lines: Vec<String> = article
        .byline
        .iter()
        .chain(&article.credits)
        .cloned()
        .collect();
    for block in article.blocks.iter() {
        for c in BY.captures_iter(&block.text) {
            lines.push(c[1].to_string());
        }
    }
    lines
}

/// The names of an article's authors (folded), from its credit lines.
fn authors_of(credits: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for line in credits {
        for part in line
            .split([',', ';', '/', '|'])
            .flat_map(|p| p.split(" and "))
        {
            let p = part.trim();
            if p.split_whitespace().count() >= 2 {
                out.push(fold(p));
            }
        }
    }
    out
}

/// Tallies of one name across the dossier.
#[derive(Debug, Default)]
struct Tally {
    display: BTreeMap<String, usize>,
    personal: usize,
    speech: usize,
    locative: usize,
    count: usize,
    given_known: bool,
    not_person: Option<TopicKind>,
    tokens: usize,
}

/// Union-find over accepted names.
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn find(&mut self, x: usize) -> usize {
        let p = self.parent[x];
        if p == x {
            return x;
        }
        let r = self.find(p);
        self.parent[x] = r;
        r
    }
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        self.parent[hi] = lo;
        true
    }
}

fn parts(folded: &str) -> Vec<&str> {
    folded.split(' ').collect()
}

const SUFFIXES: [&str; 5] = ["jr", "sr", "ii", "iii", "iv"];

/// The blocks a folded full name is compared within: its surname's
/// skeleton and its given name.
fn name_blocks(folded: &str) -> [String; 2] {
    let surname = folded.rsplit(' ').next().unwrap_or(folded);
    let given = folded.split(' ').next().unwrap_or(folded);
    [format!("s:{}", skeleton(surname)), format!("g:{given}")]
}

/// Why two full names (folded) are one person, or `None`.
fn same_person(a: &str, b: &str) -> Option<String> {
    if a == b {
        return Some("the same name".into());
    }
    let (pa, pb) = (parts(a), parts(b));
    if pa.len() < 2 || pb.len() < 2 {
        return None;
    }
    // "Ana Maria" is the start of "Ana Maria Souza".
    let (short, long) = if pa.len() < pb.len() {
        (&pa, &pb)
    } else {
        (&pb, &pa)
    };
    if short.len() < long.len()
        && long[..short.len()] == short[..]
        && !SUFFIXES.contains(long.last().unwrap())
    {
        return Some("the shorter name is the start of the longer one".into());
    }
    let (sa, sb) = (pa[pa.len() - 1], pb[pb.len() - 1]);
    let given_equal = pa[0] == pb[0];
    let surname = same_part(sa, sb, given_equal)?;
    let given_a = pa[..pa.len() - 1].concat();
    let given_b = pb[..pb.len() - 1].concat();
    let given = same_given(pa[0], pb[0]).or_else(|| same_part(&given_a, &given_b, false))?;
    let mut why = Vec::new();
    if surname > 0.0 {
        why.push(format!(
            "surnames {sa}/{sb} differ only in spelling (cost {surname:.2})"
        ));
    }
    if given > 0.0 {
        why.push(format!(
            "given names differ only in spelling (cost {given:.2})"
        ));
    }
    if pa.len() != pb.len() {
        why.push("one form has extra middle names".into());
    }
    if why.is_empty() {
        why.push("the same name once accents and punctuation are set aside".into());
    }
    Some(why.join("; "))
}

/// How a mention is attached to a person: by its full name, by a lone
/// word (a surname, or a given name), or not at all.
#[derive(Clone, Copy)]
enum AttachKey<'a> {
    Full(&'a str),
    Short(&'a str),
    Skipped,
}

/// The key a mention is attached by, and how.
fn attach_key<'a>(f: &'a Found, index: &HashMap<&str, usize>) -> AttachKey<'a> {
    let key = f.key.as_str();
    // "De Vries", "Van Gaal", "Al-Harthi": a surname with its particle.
    let particle_surname = f.tokens == 2
        && matches!(
            key.split(' ').next(),
            Some("de" | "van" | "von" | "al" | "el" | "da" | "di" | "du" | "le" | "la")
        )
        && !index.contains_key(key);
    if f.tokens >= 2 && !particle_surname {
        return AttachKey::Full(key);
    }
    if f.not_person.is_some() && !f.titled && !particle_surname {
        return AttachKey::Skipped;
    }
    if f.common_word {
        return AttachKey::Skipped;
    }
    AttachKey::Short(if particle_surname {
        key.rsplit(' ').next().unwrap_or_default()
    } else {
        key
    })
}

/// Every word of every person's names, in the form `form` makes of it:
/// words that stand for a person, not for a topic or what a figure is
/// about.
pub(crate) fn name_words(people: &[Person], form: fn(&str) -> String) -> BTreeSet<String> {
    people
        .iter()
        .flat_map(|p| &p.variants)
        .flat_map(|v| v.text.split_whitespace().map(form))
        .collect()
}

/// The names one article gives, before any are merged, and who wrote
/// it: all that [`find`] reads of each article, kept by
/// `analyze::Cache` between builds because it depends on nothing but the
/// article. Two equal lists of scans make the same people, so a rebuild
/// whose scans are all the last build's takes its people too.
#[derive(Debug, Default, PartialEq)]
pub struct NameScan {
    found: Vec<Found>,
    things: Vec<NamedThing>,
    /// The names (folded) in its byline and credit lines: authors, not
    /// people the dossier is about. (Folded with the article's reading,
    /// so that a rebuild folds only the edited article's.)
    authors: Vec<String>,
    /// Its outlet's name, folded: neither a person nor a topic.
    outlet: Option<String>,
    /// Whether `found` is in reading order (it is, as scanned; checked
    /// once per article, not for the whole dossier every build).
    in_order: bool,
}

/// Every name in article `ai`'s running text, in reading order, and its
/// credits.
pub(crate) fn scan_article(article: &Article, analysis: &ArticleAnalysis, ai: usize) -> NameScan {
    let mut scan = NameScan {
        authors: authors_of(&credit_lines(article)),
        outlet: article.outlet.as_deref().map(fold),
        ..NameScan::default()
    };
    for (at, s) in article_prose(article, analysis, ai) {
        scan_sentence(&s.text, at, &LEXICON, &mut scan.found, &mut scan.things);
    }
    scan.in_order = scan.found.is_sorted_by_key(|f| (f.at, f.start));
    scan
}

/// Finds the people of the corpus from each article's [`NameScan`]
/// (and nothing else, so equal scans find equal people).
pub fn find(scans: &[Arc<NameScan>]) -> PeopleFound {
    let lex = &*LEXICON;
    let authors: foldhash::HashSet<&str> = scans
        .iter()
        .flat_map(|s| &s.authors)
        .map(String::as_str)
        .collect();
    let outlets: foldhash::HashSet<&str> =
        scans.iter().filter_map(|s| s.outlet.as_deref()).collect();

    // 1. Every name in every sentence, in reading order.
    let found: Vec<&Found> = scans.iter().flat_map(|s| &s.found).collect();
    let things: Vec<NamedThing> = scans
        .iter()
        .flat_map(|s| s.things.iter().cloned())
        .collect();

    // 2. Which full names are people.
    // By the mentions' own keys, hashed: only looked up, and the names
    // accepted are sorted below.
    let mut tallies: HashMap<&str, Tally> = HashMap::new();
    for f in found.iter().filter(|f| f.tokens >= 2) {
        let t = tallies.entry(f.key.as_str()).or_default();
        match t.display.get_mut(&f.name) {
            Some(n) => *n += 1,
            None => {
                t.display.insert(f.name.clone(), 1);
            }
        }
        t.personal += usize::from(f.personal);
        t.speech += usize::from(f.speech);
        t.locative += usize::from(f.locative);
        t.count += 1;
        t.given_known |= f.given_known;
        t.not_person = t.not_person.or(f.not_person);
        t.tokens = f.tokens;
    }
    let mut accepted: Vec<&str> = tallies
        .iter()
        .filter(|(k, t)| {
            !authors.contains(*k)
                && !outlets.contains(*k)
                && t.tokens <= 5
                && match t.not_person {
                    None if t.locative * 2 > t.count => t.personal > 0 && t.given_known,
                    None => t.personal > 0 || (t.given_known && (t.speech > 0 || t.count >= 2)),
                    Some(_) => t.given_known && t.personal + t.speech >= 2,
                }
        })
        .map(|(k, _)| *k)
        .collect();
    accepted.sort_unstable();

    // 3. Merge the variants of one person.
    let index: HashMap<&str, usize> = accepted.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut sets = Sets {
        parent: (0..accepted.len()).collect(),
    };
    let mut reasons: Vec<(usize, usize, String)> = Vec::new();
    // Compare only names that `same_person` could match: those whose
    // surnames share a skeleton (a strict spelling match), or that share
    // the given name (a lenient surname match, or the shorter form
    // starting the longer). Blocking keeps this linear.
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, k) in accepted.iter().enumerate() {
        for b in name_blocks(k) {
            blocks.entry(b).or_default().push(i);
        }
    }
    for members in blocks.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if let Some(why) = same_person(accepted[i], accepted[j]) {
                    if sets.union(i, j) {
                        reasons.push((i, j, why));
                    }
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..accepted.len() {
        let r = sets.find(i);
        groups.entry(r).or_default().push(i);
    }
    let group_of: Vec<usize> = {
        let mut g = vec![0; accepted.len()];
        for (gi, members) in groups.values().enumerate() {
            for &m in members {
                g[m] = gi;
            }
        }
        g
    };
    let groups: Vec<Vec<usize>> = groups.into_values().collect();
    // Surnames and given names per group, folded.
    let mut surnames: HashMap<String, BTreeSet<usize>> = HashMap::new();
    let mut givens: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (gi, members) in groups.iter().enumerate() {
        for &m in members {
            let p = parts(accepted[m]);
            surnames
                .entry(p[p.len() - 1].to_string())
                .or_default()
                .insert(gi);
            givens.entry(p[0].to_string()).or_default().insert(gi);
        }
    }

    // A strict spelling match shares the skeleton (see `names::skeleton`).
    let mut surnames_by_skeleton: HashMap<String, Vec<&str>> = HashMap::new();
    for s in surnames.keys() {
        surnames_by_skeleton
            .entry(skeleton(s))
            .or_default()
            .push(s.as_str());
    }
    for list in surnames_by_skeleton.values_mut() {
        list.sort_unstable();
    }

    // What the full mentions say of each person's gender.
    let mut group_gender: Vec<Option<Gender>> = vec![None; groups.len()];
    for f in found.iter().filter(|f| f.tokens >= 2) {
        if let (Some(g), Some(&i)) = (f.gender, index.get(f.key.as_str())) {
            group_gender[group_of[i]].get_or_insert(g);
        }
    }

    // 4. Attach every mention, in reading order. The only state is per
    // article (who was last named in full there), so articles are
    // attached on their own, in parallel, and joined in order.
    let mut order: Vec<usize> = (0..found.len()).collect();
    // (Each article's scan is in reading order already, and the scans
    // are in the order of their articles.)
    let in_order = {
        let mut last: Option<(SentenceRef, usize)> = None;
        scans.iter().all(|s| {
            let follows = match (last, s.found.first()) {
                (Some(l), Some(f)) => l <= (f.at, f.start),
                _ => true,
            };
            if let Some(f) = s.found.last() {
                last = Some((f.at, f.start));
            }
            s.in_order && follows
        })
    };
    if !in_order {
        order.sort_by_key(|&i| (found[i].at, found[i].start));
    }
    // Which group a name that is not an accepted full name stands for
    // depends on nothing but its key (and, for a lone word, whether it
    // is titled or gendered, applied below): worked out once per key, in
    // parallel, not once per mention. (A dossier names its people
    // hundreds of thousands of times with a few thousand keys, and the
    // spelling comparisons were most of the attaching.)
    let attach_keys: Vec<AttachKey> = {
        use rayon::prelude::*;
        found.par_iter().map(|f| attach_key(f, &index)).collect()
    };
    // Each key once (in no particular order: each is worked out on its
    // own, into a map).
    let (full_keys, short_keys) = {
        let mut full: foldhash::HashSet<&str> = Default::default();
        let mut short: foldhash::HashSet<&str> = Default::default();
        for (f, key) in found.iter().zip(&attach_keys) {
            match *key {
                AttachKey::Full(key) if !index.contains_key(key) && f.not_person.is_none() => {
                    full.insert(key);
                }
                AttachKey::Short(key) => {
                    short.insert(key);
                }
                AttachKey::Full(_) | AttachKey::Skipped => {}
            }
        }
        (
            full.into_iter().collect::<Vec<_>>(),
            short.into_iter().collect::<Vec<_>>(),
        )
    };
    // Per key: the one group a full name matches, if one; the groups a
    // lone word may stand for.
    type Matches<'a, T> = HashMap<&'a str, T>;
    let (full_match, short_match): (Matches<Option<usize>>, Matches<BTreeSet<usize>>) = rayon::join(
        || {
            use rayon::prelude::*;
            full_keys
                .par_iter()
                .map(|&key| {
                    // A form not accepted alone but matching a known
                    // person ("Ana Maria" for "Ana Maria Souza").
                    let candidates: BTreeSet<usize> = name_blocks(key)
                        .iter()
                        .filter_map(|b| blocks.get(b))
                        .flatten()
                        .filter(|&&i| same_person(key, accepted[i]).is_some())
                        .map(|&i| group_of[i])
                        .collect();
                    let one = (candidates.len() == 1).then(|| *candidates.iter().next().unwrap());
                    (key, one)
                })
                .collect()
        },
        || {
            use rayon::prelude::*;
            short_keys
                .par_iter()
                .map(|&key| {
                    let mut candidates = surnames.get(key).cloned().unwrap_or_default();
                    // "Ruiz-Lopez" on its own: a hyphenated surname
                    // that folds to two words.
                    if candidates.is_empty() && key.contains(' ') {
                        let suffix = format!(" {key}");
                        for (i, k) in accepted.iter().enumerate() {
                            if k.ends_with(&suffix) {
                                candidates.insert(group_of[i]);
                            }
                        }
                    }
                    if candidates.is_empty() {
                        for s in surnames_by_skeleton
                            .get(skeleton(key).as_str())
                            .into_iter()
                            .flatten()
                        {
                            if s.len() >= 5 && same_part(s, key, false).is_some_and(|d| d <= 0.35) {
                                candidates.extend(&surnames[*s]);
                            }
                        }
                    }
                    (key, candidates)
                })
                .collect()
        },
    );
    let attach = |run: &[usize]| -> Vec<(usize, usize)> {
        let mut attached = Vec::new();
        // group -> where it was last named in full in this article.
        let mut last_seen: HashMap<usize, (usize, usize)> = HashMap::new();
        for &i in run {
            let f = &found[i];
            let (group, full) = match attach_keys[i] {
                AttachKey::Skipped => continue,
                AttachKey::Full(key) => (
                    index.get(key).map(|&i| group_of[i]).or_else(|| {
                        if f.not_person.is_some() {
                            return None;
                        }
                        full_match[key]
                    }),
                    true,
                ),
                AttachKey::Short(key) => {
                    let empty = BTreeSet::new();
                    let mut candidates = &short_match[key];
                    if candidates.is_empty() && !f.titled {
                        candidates = givens.get(key).unwrap_or(&empty);
                    }
                    // "Mrs. Costa" is not one of the Costa brothers.
                    // (Copied only then: most mentions have no gender.)
                    let gendered;
                    if let Some(g) = f.gender {
                        let mut kept = candidates.clone();
                        kept.retain(|&c| group_gender[c].is_none_or(|x| x == g));
                        let known: BTreeSet<usize> = kept
                            .iter()
                            .copied()
                            .filter(|&c| group_gender[c] == Some(g))
                            .collect();
                        gendered = if known.len() == 1 { known } else { kept };
                        candidates = &gendered;
                    }
                    let group = match candidates.len() {
                        0 => None,
                        1 => candidates.iter().next().copied(),
                        // Two people share the name: the one last
                        // mentioned in full before it in this article,
                        // if any.
                        _ => candidates
                            .iter()
                            .filter_map(|&g| last_seen.get(&g).map(|&s| (s, g)))
                            .max()
                            .map(|(_, g)| g),
                    };
                    (group, false)
                }
            };
            let Some(g) = group else { continue };
            if full {
                last_seen.insert(g, (f.at.sentence, f.start));
            }
            attached.push((g, i));
        }
        attached
    };
    let attached: Vec<Vec<(usize, usize)>> = {
        use rayon::prelude::*;
        let runs: Vec<&[usize]> = order
            .chunk_by(|&a, &b| found[a].at.article == found[b].at.article)
            .collect();
        runs.into_par_iter().map(attach).collect()
    };
    let mut by_group: Vec<Vec<&Found>> = vec![Vec::new(); groups.len()];
    for (g, i) in attached.into_iter().flatten() {
        by_group[g].push(found[i]);
    }

    // 5. People, with their variants, roles and the evidence for merging.
    // Each group on its own, in parallel: a rebuild finds every person
    // again, and this was the longest single-threaded part of finding
    // them.
    let mut reasons_of: Vec<Vec<(usize, usize, &str)>> = vec![Vec::new(); groups.len()];
    for (i, j, why) in &reasons {
        // Merged names are in one group, so `i`'s is `j`'s.
        reasons_of[group_of[*i]].push((*i, *j, why.as_str()));
    }
    let shared_names = surnames.values().any(|g| g.len() > 1);
    let person_of = |(gi, members): (usize, &Vec<usize>)| -> Option<Person> {
        let mentions: &[&Found] = &by_group[gi];
        if mentions.is_empty() {
            return None;
        }
        // Keyed by the mentions' own strings: copied once per variant, not
        // once per mention. The mentions are in reading order, so each
        // variant's articles come in order, and sorting the variants
        // once gives them as a sorted map would.
        let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for &m in mentions {
            let written = m.written.as_deref().unwrap_or(&m.name);
            let also = (written != m.name).then_some(m.name.as_str());
            for text in std::iter::once(written).chain(also) {
                let articles = by_text.entry(text).or_default();
                if articles.last() != Some(&m.at.article) {
                    articles.push(m.at.article);
                }
            }
        }
        let mut variants: Vec<(&str, Vec<usize>)> = by_text.into_iter().collect();
        variants.sort_unstable_by_key(|&(text, _)| text);
        // The most complete form that most sources use.
        let name = variants
            .iter()
            .filter(|(v, _)| {
                v.split_whitespace().count() >= 2
                    && !lex.is_honorific(v.split_whitespace().next().unwrap_or(""))
            })
            .max_by(|(va, aa), (vb, ab)| {
                (
                    aa.len(),
                    va.split_whitespace().count(),
                    std::cmp::Reverse(*va),
                )
                    .cmp(&(
                        ab.len(),
                        vb.split_whitespace().count(),
                        std::cmp::Reverse(*vb),
                    ))
            })
            .map(|(v, _)| v.to_string())
            .unwrap_or_else(|| {
                tallies[&accepted[members[0]]]
                    .display
                    .keys()
                    .next()
                    .cloned()
                    .unwrap_or_default()
            });
        let mut evidence: Vec<String> = reasons_of[gi]
            .iter()
            .map(|&(i, j, why)| {
                let show = |k: usize| {
                    tallies[&accepted[k]]
                        .display
                        .keys()
                        .next()
                        .cloned()
                        .unwrap_or_default()
                };
                format!("“{}” and “{}”: {why}", show(i), show(j))
            })
            .collect();
        let short: BTreeSet<&str> = mentions
            .iter()
            .filter(|m| m.tokens == 1)
            .map(|m| m.name.as_str())
            .collect();
        if !short.is_empty() {
            evidence.push(format!(
                "{} on {} own: the surname or given name of this person{}",
                short
                    .iter()
                    .map(|s| format!("“{s}”"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if short.len() == 1 { "its" } else { "their" },
                if shared_names {
                    "; where two people share it, the one last named in full in the same article"
                } else {
                    ""
                }
            ));
        }
        let mut roles: Vec<Role> = Vec::new();
        // First use of each role per article (a set, not a scan of the
        // list: someone named in thousands of articles has thousands).
        let mut seen_roles: foldhash::HashSet<(usize, &str)> = Default::default();
        for &m in mentions {
            if let Some(r) = &m.role {
                if seen_roles.insert((m.at.article, r.as_str())) {
                    roles.push(Role {
                        at: m.at,
                        text: r.clone(),
                    });
                }
            }
        }
        Some(Person {
            id: String::new(),
            name,
            variants: variants
                .into_iter()
                .map(|(text, articles)| NameVariant {
                    text: text.to_string(),
                    articles,
                })
                .collect(),
            mentions: mentions
                .iter()
                .map(|m| Mention {
                    at: m.at,
                    start: m.start,
                    end: m.end,
                    text: m.name.clone(),
                })
                .collect(),
            roles,
            quotes: Vec::new(),
            evidence,
            description: None,
        })
    };
    let mut people: Vec<Person> = {
        use rayon::prelude::*;
        groups
            .par_iter()
            .enumerate()
            .filter_map(person_of)
            .collect()
    };
    people.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut slugs = UniqueSlugs::default();
    let mut out = PeopleFound {
        things,
        ..PeopleFound::default()
    };
    for p in &mut people {
        p.id = slugs.next(&[&p.name], "person");
    }
    {
        use rayon::prelude::*;
        out.mentions = people
            .par_iter()
            .enumerate()
            .flat_map_iter(|(pi, p)| {
                p.mentions.iter().map(move |m| ResolvedMention {
                    person: pi,
                    mention: m.clone(),
                })
            })
            .collect();
        // Stable, as the order of people breaks ties.
        out.mentions
            .par_sort_by_key(|m| (m.mention.at, m.mention.start));
    }
    out.people = people;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> (Vec<Found>, Vec<NamedThing>) {
        let mut found = Vec::new();
        let mut things = Vec::new();
        scan_sentence(
            text,
            SentenceRef {
                article: 0,
                sentence: 0,
            },
            &LEXICON,
            &mut found,
            &mut things,
        );
        (found, things)
    }

    /// Full names with their roles. (Single capitalised words are found too,
    /// but count only if they turn out to be a known person's surname.)
    fn roles(text: &str) -> Vec<(String, Option<String>)> {
        scan(text)
            .0
            .into_iter()
            .filter(|f| f.tokens >= 2 && f.not_person.is_none())
            .map(|f| (f.name, f.role))
            .collect()
    }

    #[test]
    fn titles_and_roles_before_names() {
        assert_eq!(
            roles("Secretary of State Helen Brooks met U.S. special envoy Mark Delaney."),
            vec![
                ("Helen Brooks".into(), Some("Secretary of State".into())),
                ("Mark Delaney".into(), Some("U.S. special envoy".into()))
            ]
        );
        assert_eq!(
            roles("It quoted former Lakeland County Fire Chief Gary Holt at length."),
            vec![(
                "Gary Holt".into(),
                Some("former Lakeland County Fire Chief".into())
            )]
        );
        assert_eq!(
            roles("Asked by NBC News’ chief Capitol Hill correspondent Laura Finch whether he agreed."),
            vec![("Laura Finch".into(), Some("NBC News’ chief Capitol Hill correspondent".into()))]
        );
        assert_eq!(
            roles("His agent, Jürgen Weiß, was there."),
            vec![("Jürgen Weiß".into(), Some("His agent".into()))]
        );
    }

    #[test]
    fn coordinated_names_share_the_role_before_them() {
        assert_eq!(
            roles("Among the rescued were two sisters, Ana Costa and Rita Costa."),
            vec![
                ("Ana Costa".into(), Some("two sisters".into())),
                ("Rita Costa".into(), Some("two sisters".into()))
            ]
        );
        assert_eq!(
            roles("The dissenters, external members Prof. Karin Holm and Lars Berg, voted no."),
            vec![
                ("Karin Holm".into(), Some("external members".into())),
                ("Lars Berg".into(), Some("external members".into()))
            ]
        );
    }

    #[test]
    fn a_singular_role_describes_only_its_own_name() {
        let r = roles("From left: ACME CEO Paul Grant and Smith special envoy Dana Cole.");
        assert!(
            r.contains(&("Paul Grant".into(), Some("ACME CEO".into()))),
            "{r:?}"
        );
        let (found, _) = scan("From left: ACME CEO Paul Grant and Smith special envoy Dana Cole.");
        assert!(found
            .iter()
            .filter(|f| f.name == "Smith")
            .all(|f| f.role.is_none()));
    }

    #[test]
    fn appositives_after_names() {
        assert_eq!(
            roles("Aaron Webb, the incident commander for the state team that took over, said so."),
            vec![(
                "Aaron Webb".into(),
                Some("the incident commander for the state team".into())
            )]
        );
        let (f, _) = scan("The other is Dmitry Sazonov, 37.");
        assert!(f[0].personal);
        assert_eq!(
            roles("On Sunday, Republican Rep. Jim Carter of Ohio voiced concerns."),
            vec![("Jim Carter".into(), Some("Republican Rep.".into()))]
        );
    }

    #[test]
    fn places_and_organisations_are_not_people() {
        let (f, things) = scan("Fans gathered at the George Whitfield Stadium and in Porto Alegre near the Bank of Norland.");
        assert!(
            f.iter()
                .filter(|f| f.tokens >= 2)
                .all(|f| f.not_person.is_some()),
            "{f:?}"
        );
        let names: Vec<&str> = things.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "George Whitfield Stadium",
                "Porto Alegre",
                "Bank of Norland"
            ]
        );
    }

    #[test]
    fn merging_rules() {
        assert!(same_person("yuri petrov", "yury petrov").is_some());
        assert!(same_person("oleh tarasevsky", "oleh tarasevskyy").is_some());
        assert!(same_person("ana maria", "ana maria souza").is_some());
        assert!(same_person("abd al karim al rashidi", "abdulkarim al rashidy").is_some());
        assert!(same_person("claire martin", "etienne martin").is_none());
        assert!(same_person("olena tarasevska", "oleh tarasevsky").is_none());
        assert!(same_person("anna tarasevska", "anna tarasevsky").is_none());
    }
}

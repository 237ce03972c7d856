//! Disagreements that come from what the people analysis knows: how each
//! source spells a name, what title it gives a person, how it words a
//! person's quotation, and whom it credits with a quotation.
//!
//! Each kind has its own notion of "the same thing" (the same person; the
//! same quotation) and of "cannot both be true" (a different spelling; a
//! sitting vs a former title; different words for one quotation; different
//! speakers for the same words). A pair that is merely different is not
//! reported: "TV pundit" and "former captain" can both be true.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::lexicon::LEXICON;
use super::names::fold;
use crate::model::{
    ArticleAnalysis, Claim, ClaimKind, Corpus, Disagreement, EditorVerdict, Person, Quote,
    SentenceRef, VerdictEdit, Warning,
};

/// A stable id: kind and subject hashed with where the claims are.
pub fn stable_id(kind: ClaimKind, key: &str, claims: &[Claim]) -> String {
    // FNV-1a: small, fixed, and the same on every machine.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |s: &str| {
        for b in s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(kind.as_str());
    feed(key);
    let mut at: Vec<SentenceRef> = claims.iter().map(|c| c.at).collect();
    at.sort();
    at.dedup();
    for a in at {
        feed(&format!("/{}:{}", a.article, a.sentence));
    }
    format!("{}-{:012x}", kind.as_str(), h & 0xffff_ffff_ffff)
}

/// Byte range of `needle` in `hay`, or the whole of `hay`.
fn span_of(hay: &str, needle: &str) -> (usize, usize) {
    hay.find(needle)
        .map(|i| (i, i + needle.len()))
        .or_else(|| {
            let lower = hay.to_lowercase();
            lower
                .find(&needle.to_lowercase())
                .filter(|&i| hay.is_char_boundary(i) && hay.is_char_boundary(i + needle.len()))
                .map(|i| (i, i + needle.len()))
        })
        .unwrap_or((0, hay.len()))
}

fn sentence(sentences: &[ArticleAnalysis], at: SentenceRef) -> &str {
    sentences[at.article]
        .sentences
        .get(at.sentence)
        .map_or("", |s| s.text.as_str())
}

fn distinct_articles(claims: &[Claim]) -> usize {
    claims
        .iter()
        .map(|c| c.at.article)
        .collect::<BTreeSet<_>>()
        .len()
}

/// Different spellings of one person's name across sources.
pub fn spellings(people: &[Person], sentences: &[ArticleAnalysis]) -> Vec<Disagreement> {
    let lex = &*LEXICON;
    let mut out = Vec::new();
    for (pi, p) in people.iter().enumerate() {
        // Per article: how it spells the surname and the given names.
        let mut by_article: BTreeMap<usize, (BTreeSet<String>, BTreeSet<String>, String)> =
            BTreeMap::new();
        // A given name on its own ("Luis") is not a spelling of the surname.
        let given_names: BTreeSet<String> = p
            .variants
            .iter()
            .filter(|v| v.text.split_whitespace().count() >= 2)
            .filter_map(|v| {
                v.text
                    .split_whitespace()
                    .find(|w| !lex.is_honorific(w))
                    .map(fold)
            })
            .collect();
        for v in &p.variants {
            let words: Vec<&str> = v
                .text
                .split_whitespace()
                .filter(|w| !lex.is_honorific(w))
                .collect();
            if words.is_empty() || (words.len() == 1 && given_names.contains(&fold(words[0]))) {
                continue;
            }
            let surname = words[words.len() - 1].to_lowercase();
            let given =
                (words.len() >= 2).then(|| words[..words.len() - 1].join(" ").to_lowercase());
            for &a in &v.articles {
                let e = by_article.entry(a).or_default();
                e.0.insert(surname.clone());
                e.1.extend(given.clone());
                if words.len() > e.2.split_whitespace().count() {
                    e.2 = words.join(" ");
                }
            }
        }
        let surnames: BTreeSet<&String> = by_article.values().flat_map(|e| &e.0).collect();
        // Given names compared only where written in full (not initials).
        let givens: BTreeSet<&String> = by_article
            .values()
            .flat_map(|e| &e.1)
            .filter(|g| g.chars().count() > 2)
            .collect();
        // A spelling counts when it differs beyond case and the sources split
        // on it (the same source using both is not a disagreement between
        // sources, but we still show it if another source differs).
        let differs = |set: &BTreeSet<&String>| {
            let folded: BTreeSet<String> = set.iter().map(|s| s.replace(['’', '\''], "")).collect();
            folded.len() > 1
        };
        let given_differs = differs(&givens) && {
            // Only given names that are spellings of one another ("Yuri" and
            // "Yury"), not a first name against a full one ("Ana" / "Ana Maria").
            let g: Vec<&&String> = givens.iter().collect();
            g.iter().any(|a| {
                g.iter().any(|b| {
                    a != b
                        && fold(a) != fold(b)
                        && !fold(a).starts_with(&fold(b))
                        && !fold(b).starts_with(&fold(a))
                })
            }) || g
                .iter()
                .any(|a| g.iter().any(|b| a != b && fold(a) == fold(b)))
        };
        if !(differs(&surnames) || given_differs) {
            continue;
        }
        // One article per spelling (the first to use it), with up to three
        // of its sentences: a source that spells the name like another adds
        // nothing to the disagreement, and the card lists every source.
        let mut claims = Vec::new();
        let mut spellings_seen: BTreeSet<String> = BTreeSet::new();
        for (&a, (_, _, full)) in &by_article {
            if !spellings_seen.insert(full.to_lowercase()) {
                continue;
            }
            let written: Vec<&crate::model::Mention> = p
                .mentions
                .iter()
                .filter(|m| {
                    m.at.article == a && (full.ends_with(m.text.as_str()) || m.text == *full)
                })
                .collect();
            let mut picked: Vec<&crate::model::Mention> = written
                .iter()
                .copied()
                .filter(|m| m.text == *full)
                .take(3)
                .collect();
            if picked.is_empty() {
                picked = written.into_iter().take(1).collect();
            }
            for m in picked {
                let text = sentence(sentences, m.at);
                claims.push(Claim {
                    kind: ClaimKind::Spelling,
                    at: m.at,
                    value: full.as_str().into(),
                    span: (m.start.min(text.len()), m.end.min(text.len())),
                    frame: p.name.as_str().into(),
                    person: Some(pi),
                    when: None,
                });
            }
        }
        let values: BTreeSet<String> = claims.iter().map(|c| c.value.to_lowercase()).collect();
        if values.len() < 2 || distinct_articles(&claims) < 2 {
            continue;
        }
        let forms: Vec<String> = values.iter().cloned().collect();
        let key = format!("spelling:{}", fold(&p.name));
        out.push(Disagreement {
            id: stable_id(ClaimKind::Spelling, &key, &claims),
            kind: ClaimKind::Spelling,
            subject: format!("How to spell {}", p.name),
            why: format!(
                "The sources write this person's name as {}. The forms were merged as one person because {}.",
                forms.iter().map(|f| format!("“{f}”")).collect::<Vec<_>>().join(" and "),
                p.evidence.first().map_or("they match once spelling is set aside".to_string(), |e| e.clone())
            ),
            weight: 1 + distinct_articles(&claims) as u32,
            person: Some(pi),
            claims,
            editor: None,
        });
    }
    out
}

/// Office titles, whose holders can be contradicted; descriptions such as
/// "resident" or "physician" are not.
const OFFICES: [&str; 38] = [
    "president",
    "minister",
    "secretary",
    "governor",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "chief",
    "commander",
    "manager",
    "coach",
    "captain",
    "adviser",
    "ambassador",
    "envoy",
    "spokesperson",
    "mayor",
    "senator",
    "representative",
    "sheriff",
    "judge",
    "head",
    "leader",
    "member",
    "officer",
    "treasurer",
    "editor",
    "premier",
    "chancellor",
    "speaker",
    "commissioner",
    "general",
    "prosecutor",
    "pundit",
    "negotiator",
    "superintendent",
];

fn canonical_word(w: &str) -> String {
    let w = w
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_lowercase();
    let w = w
        .strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .unwrap_or(&w)
        .to_string();
    let w = match w.as_str() {
        "gov" => "governor",
        "sen" => "senator",
        "rep" => "representative",
        "pres" => "president",
        "advisor" => "adviser",
        "spokesman" | "spokeswoman" => "spokesperson",
        "chairperson" => "chair",
        "boss" => "head",
        _ => &w,
    }
    .to_string();
    match w.strip_suffix('s') {
        Some(b) if OFFICES.contains(&b) => b.to_string(),
        _ => w,
    }
}

/// The parts of a role that decide whether two roles conflict.
#[derive(Debug)]
struct RoleShape {
    head: String,
    words: BTreeSet<String>,
    former: bool,
    deputy: bool,
}

fn role_shape(text: &str) -> Option<RoleShape> {
    let words: Vec<String> = text.split_whitespace().map(canonical_word).collect();
    // The office named last before any "of/at/to" phrase is the head.
    let cut = words
        .iter()
        .position(|w| {
            matches!(
                w.as_str(),
                "of" | "at" | "to" | "for" | "with" | "in" | "on"
            )
        })
        .unwrap_or(words.len());
    let head = words[..cut]
        .iter()
        .rev()
        .find(|w| OFFICES.contains(&w.as_str()))?
        .clone();
    let head = if head == "head" || head == "leader" {
        "chief".to_string()
    } else {
        head
    };
    Some(RoleShape {
        former: words.iter().any(|w| {
            matches!(
                w.as_str(),
                "former" | "ex" | "then" | "outgoing" | "retired"
            )
        }),
        deputy: words
            .iter()
            .any(|w| matches!(w.as_str(), "deputy" | "vice" | "assistant" | "under")),
        words: words
            .into_iter()
            .map(|w| {
                if w == "head" || w == "leader" {
                    "chief".into()
                } else {
                    w
                }
            })
            .collect(),
        head,
    })
}

/// Why two roles of one person cannot both be true, or `None`.
fn roles_conflict(a: &RoleShape, b: &RoleShape) -> Option<&'static str> {
    if a.head == b.head {
        if a.former != b.former {
            return Some("one source calls the post former, another current");
        }
        if a.deputy != b.deputy {
            return Some("one source gives the deputy post, another the post itself");
        }
        return None;
    }
    // "former captain" and "TV pundit" can both be true; so can
    // "intelligence chief" and "chief negotiator".
    if a.former || b.former || a.words.contains(&b.head) || b.words.contains(&a.head) {
        return None;
    }
    // "external member" and "deputy governor" of one committee conflict;
    // "member" against a title in another body would not, but a person's
    // roles in one story are about the same body.
    Some("the sources give different posts")
}

/// Conflicting titles for one person.
pub fn roles(people: &[Person], sentences: &[ArticleAnalysis]) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for (pi, p) in people.iter().enumerate() {
        // Each role as written is read once: someone named in hundreds
        // of articles is given the same few roles hundreds of times.
        let mut shapes: Vec<RoleShape> = Vec::new();
        let mut shape_of: foldhash::HashMap<&str, Option<usize>> = Default::default();
        let claims: Vec<(Claim, usize)> = p
            .roles
            .iter()
            .filter_map(|r| {
                let shape = (*shape_of.entry(r.text.as_str()).or_insert_with(|| {
                    let shape = role_shape(&r.text)?;
                    shapes.push(shape);
                    Some(shapes.len() - 1)
                }))?;
                let text = sentence(sentences, r.at);
                Some((
                    Claim {
                        kind: ClaimKind::Role,
                        at: r.at,
                        value: r.text.as_str().into(),
                        span: span_of(text, &r.text),
                        frame: p.name.as_str().into(),
                        person: Some(pi),
                        when: None,
                    },
                    shape,
                ))
            })
            .collect();
        // The first pair of claims from different articles that conflict
        // gives the reason; each pair of roles as written is compared
        // once.
        let mut compared: foldhash::HashMap<(usize, usize), Option<&'static str>> =
            Default::default();
        let mut reason = None;
        'pairs: for (i, (ca, a)) in claims.iter().enumerate() {
            for (cb, b) in &claims[i + 1..] {
                if ca.at.article == cb.at.article {
                    continue;
                }
                let why = *compared
                    .entry((*a, *b))
                    .or_insert_with(|| roles_conflict(&shapes[*a], &shapes[*b]));
                if why.is_some() {
                    reason = why;
                    break 'pairs;
                }
            }
        }
        let Some(reason) = reason else { continue };
        // Every office claim about the person goes on the card, one per
        // article and value, so a reader sees who says what.
        let mut seen = BTreeSet::new();
        let claims: Vec<Claim> = claims
            .into_iter()
            .map(|(c, _)| c)
            .filter(|c| seen.insert((c.at.article, c.value.to_lowercase())))
            .collect();
        let key = format!("role:{}", fold(&p.name));
        out.push(Disagreement {
            id: stable_id(ClaimKind::Role, &key, &claims),
            kind: ClaimKind::Role,
            subject: format!("{}'s post", p.name),
            why: format!("All claims describe {}; {reason}.", p.name),
            weight: 2 + distinct_articles(&claims) as u32,
            person: Some(pi),
            claims,
            editor: None,
        });
    }
    out
}

/// Words of a quotation for comparing wordings: lower case, apostrophes
/// made straight, punctuation dropped (each borrowed from the text when
/// it already is so, as most words are).
fn quote_words(text: &str) -> Vec<Cow<'_, str>> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '‘')))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if !w.is_ascii() {
                Cow::Owned(w.replace(['’', '‘'], "'").to_lowercase())
            } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(w.to_ascii_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
        .collect()
}

/// The words that say what a quotation is about, sorted and distinct,
/// borrowed from its words.
fn content<'a>(words: &'a [Cow<'_, str>]) -> Vec<&'a str> {
    let mut content: Vec<&str> = words
        .iter()
        .map(|w| &**w)
        .filter(|w| w.len() > 2 && !LEXICON.is_stop(w))
        .collect();
    content.sort_unstable();
    content.dedup();
    content
}

fn contains_words(long: &[Cow<str>], short: &[Cow<str>]) -> bool {
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

/// Which quotations are the same quotation in other words (`reworded`:
/// the same speaker) and which the same words from other speakers
/// (`misattributed`): pairs of indices into the quotations, in order.
/// Reads nothing of the quotations but their words, speakers and
/// articles, so quotations with the same [`quotes_digest`] make the same
/// pairs: a rebuild keeps them (finding them is most of the comparison).
#[derive(Debug, Default, PartialEq)]
pub struct QuotePairs {
    pub reworded: Vec<(usize, usize)>,
    pub misattributed: Vec<(usize, usize)>,
}

/// A digest of what [`quote_pairs`] reads of the quotations.
pub fn quotes_digest(quotes: &[Quote]) -> u128 {
    use std::hash::{Hash, Hasher};
    let mut d = crate::digest::Digest::new();
    d.write_usize(quotes.len());
    for q in quotes {
        (&q.text, q.speaker, q.at.article).hash(&mut d);
    }
    d.finish128()
}

/// The pairs of quotations that are one quotation (see [`QuotePairs`]).
pub fn quote_pairs(quotes: &[Quote]) -> QuotePairs {
    use rayon::prelude::*;
    let words: Vec<Vec<Cow<str>>> = quotes.par_iter().map(|q| quote_words(&q.text)).collect();
    let contents: Vec<Vec<&str>> = words.par_iter().map(|w| content(w)).collect();
    // Candidate pairs share a content word; the index keeps this linear in
    // practice. (Its order does not matter: the pairs are sorted.)
    let mut by_word: foldhash::HashMap<&str, Vec<usize>> = Default::default();
    for (i, c) in contents.iter().enumerate() {
        if words[i].len() < 4 || c.len() < 2 {
            continue;
        }
        for &w in c {
            by_word.entry(w).or_default().push(i);
        }
    }
    let lists: Vec<&Vec<usize>> = by_word.values().filter(|l| l.len() <= 200).collect();
    let mut pairs: Vec<(usize, usize)> = lists
        .par_iter()
        .flat_map_iter(|list| {
            list.iter().enumerate().flat_map(move |(x, &i)| {
                list[x + 1..]
                    .iter()
                    .filter(move |&&j| quotes[i].at.article != quotes[j].at.article)
                    .map(move |&j| (i.min(j), i.max(j)))
            })
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    // Union the pairs that are "the same quotation" (each pair judged on
    // its own, in parallel; kept in pair order).
    let judged: Vec<(bool, (usize, usize))> = pairs
        .par_iter()
        .filter_map(|&(i, j)| {
            let (a, b) = (&words[i], &words[j]);
            let shared = super::compact::common(contents[i].iter(), contents[j].iter()).count();
            // How alike the two wordings are: shared content words over
            // the smaller set.
            let sim = shared as f64 / contents[i].len().min(contents[j].len()).max(1) as f64;
            let same_words = a == b || contains_words(a, b) || contains_words(b, a);
            match (quotes[i].speaker, quotes[j].speaker) {
                (Some(x), Some(y)) if x != y && (same_words || sim >= 0.8) && shared >= 4 => {
                    Some((false, (i, j)))
                }
                // Short quotations may share all their content words instead of three.
                (Some(x), Some(y))
                    if x == y
                        && !same_words
                        && sim >= 0.5
                        && (shared >= 3
                            || (shared >= 2
                                && shared == contents[i].len().min(contents[j].len()))) =>
                {
                    Some((true, (i, j)))
                }
                _ => None,
            }
        })
        .collect();
    let (reworded, misattributed): (Vec<_>, Vec<_>) = judged.into_iter().partition(|(r, _)| *r);
    QuotePairs {
        reworded: reworded.into_iter().map(|(_, p)| p).collect(),
        misattributed: misattributed.into_iter().map(|(_, p)| p).collect(),
    }
}

/// The same quotation in other words, and the same words from other
/// speakers, as disagreements: the groups of `pairs` (the
/// [`quote_pairs`] of `quotes`).
pub fn quotes(
    quotes: &[Quote],
    pairs: &QuotePairs,
    people: &[Person],
    sentences: &[ArticleAnalysis],
) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for (kind, pairs) in [
        (ClaimKind::Quote, &pairs.reworded),
        (ClaimKind::Attribution, &pairs.misattributed),
    ] {
        for group in components(pairs) {
            let speakers: BTreeSet<usize> =
                group.iter().filter_map(|&q| quotes[q].speaker).collect();
            let claims: Vec<Claim> = group
                .iter()
                .map(|&q| {
                    let quote = &quotes[q];
                    let text = sentence(sentences, quote.at);
                    let span = span_of(text, &quote.text);
                    Claim {
                        kind,
                        at: quote.at,
                        value: if kind == ClaimKind::Attribution {
                            quote.speaker.map_or("", |s| people[s].name.as_str()).into()
                        } else {
                            std::sync::Arc::clone(&quote.text)
                        },
                        span,
                        frame: std::sync::Arc::clone(&quote.text),
                        person: quote.speaker,
                        when: None,
                    }
                })
                .collect();
            let values: BTreeSet<String> = claims.iter().map(|c| c.value.to_lowercase()).collect();
            if values.len() < 2 || distinct_articles(&claims) < 2 {
                continue;
            }
            let names: Vec<String> = speakers.iter().map(|&s| people[s].name.clone()).collect();
            let first = &claims[0].frame;
            let short = first
                .split_whitespace()
                .take(8)
                .collect::<Vec<_>>()
                .join(" ");
            let (subject, why) = if kind == ClaimKind::Quote {
                (
                    format!("{}'s words: “{short}…”", names.join(", ")),
                    format!(
                        "The sources quote {} saying nearly the same thing in different words; a quotation should read the same everywhere.",
                        names.join(" and ")
                    ),
                )
            } else {
                (
                    format!("Who said “{short}…”"),
                    format!(
                        "The sources attribute the same words to {}.",
                        names.join(" and ")
                    ),
                )
            };
            let key = format!("{}:{}", kind.as_str(), fold(first));
            out.push(Disagreement {
                id: stable_id(kind, &key, &claims),
                kind,
                subject,
                why,
                weight: 2 + distinct_articles(&claims) as u32,
                person: speakers
                    .iter()
                    .next()
                    .copied()
                    .filter(|_| speakers.len() == 1),
                claims,
                editor: None,
            });
        }
    }
    out
}

/// Connected groups of a set of pairs, each sorted, in a fixed order.
fn components(pairs: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut parent: BTreeMap<usize, usize> = BTreeMap::new();
    fn find(p: &mut BTreeMap<usize, usize>, x: usize) -> usize {
        let px = *p.entry(x).or_insert(x);
        if px == x {
            return x;
        }
        let r = find(p, px);
        p.insert(x, r);
        r
    }
    for &(a, b) in pairs {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let keys: Vec<usize> = parent.keys().copied().collect();
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for k in keys {
        let r = find(&mut parent, k);
        groups.entry(r).or_default().push(k);
    }
    groups.into_values().collect()
}

/// Applies the editor's verdicts from `content/disagreements.toml`.
pub fn apply_verdicts(
    corpus: &Corpus,
    sentences: &[ArticleAnalysis],
    disagreements: &mut Vec<Disagreement>,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let file = "content/disagreements.toml".to_string();
    for v in &corpus.verdicts {
        match v {
            VerdictEdit::Dismiss { id, reason, line } => {
                match disagreements.iter_mut().find(|d| &d.id == id) {
                    Some(d) => {
                        d.editor = Some(EditorVerdict::Dismissed {
                            reason: reason.clone(),
                        })
                    }
                    None => warnings.push(unknown_id(&file, *line, id)),
                }
            }
            VerdictEdit::Confirm { id, note, line } => {
                match disagreements.iter_mut().find(|d| &d.id == id) {
                    Some(d) => {
                        d.editor = Some(EditorVerdict::Confirmed { note: note.clone() });
                        // Confirmed cards go first.
                        d.weight += 100;
                    }
                    None => warnings.push(unknown_id(&file, *line, id)),
                }
            }
            VerdictEdit::Add {
                kind,
                subject,
                note,
                claims,
                line,
            } => {
                let mut out = Vec::new();
                for (f, n, value) in claims {
                    let Some(ai) = corpus.articles.iter().position(|a| &a.file == f) else {
                        warnings.push(Warning {
                            file: file.clone(),
                            line: Some(*line),
                            message: format!("no article file `{f}` under content/"),
                        });
                        continue;
                    };
                    let Some(s) = sentences[ai].sentences.get(*n) else {
                        warnings.push(Warning {
                            file: file.clone(),
                            line: Some(*line),
                            message: format!("`{f}` has no sentence {n} (the anchors on its page are #s0 to #s{})", sentences[ai].sentences.len().saturating_sub(1)),
                        });
                        continue;
                    };
                    out.push(Claim {
                        kind: *kind,
                        at: SentenceRef {
                            article: ai,
                            sentence: *n,
                        },
                        value: value.as_str().into(),
                        span: span_of(&s.text, value),
                        frame: subject.as_str().into(),
                        person: None,
                        when: None,
                    });
                }
                if out.len() >= 2 {
                    disagreements.push(Disagreement {
                        id: stable_id(*kind, &format!("editor:{subject}"), &out),
                        kind: *kind,
                        subject: subject.clone(),
                        why: "Added by the editor.".into(),
                        weight: 100,
                        person: None,
                        claims: out,
                        editor: Some(EditorVerdict::Added { note: note.clone() }),
                    });
                }
            }
        }
    }
    warnings
}

fn unknown_id(file: &str, line: usize, id: &str) -> Warning {
    Warning {
        file: file.to_string(),
        line: Some(line),
        message: format!("no disagreement has the id `{id}`; copy it from the card on the page"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(s: &str) -> RoleShape {
        role_shape(s).unwrap_or_else(|| panic!("no office in {s}"))
    }

    #[test]
    fn role_conflicts() {
        assert!(roles_conflict(&shape("President"), &shape("former President")).is_some());
        assert!(roles_conflict(&shape("Gov."), &shape("Oregon Gov.")).is_none());
        assert!(roles_conflict(
            &shape("foreign minister"),
            &shape("national security adviser")
        )
        .is_some());
        assert!(roles_conflict(&shape("Former club captain"), &shape("TV pundit")).is_none());
        assert!(
            roles_conflict(&shape("intelligence chief"), &shape("His chief negotiator")).is_none()
        );
        assert!(roles_conflict(
            &shape("the head of the intelligence service"),
            &shape("intelligence chief")
        )
        .is_none());
        assert!(roles_conflict(&shape("Deputy Governor"), &shape("Governor")).is_some());
        assert!(role_shape("a 58-year-old resident").is_none());
    }

    #[test]
    fn ids_are_stable() {
        let c = Claim {
            kind: ClaimKind::Role,
            at: SentenceRef {
                article: 1,
                sentence: 2,
            },
            value: "x".into(),
            span: (0, 1),
            frame: "f".into(),
            person: None,
            when: None,
        };
        assert_eq!(
            stable_id(ClaimKind::Role, "k", std::slice::from_ref(&c)),
            stable_id(ClaimKind::Role, "k", &[c])
        );
    }
}

//! Topics: the themes, places and organisations the articles cover.
//!
//! Themes are key phrases in the manner of RAKE: runs of content words
//! between stop words and punctuation, cut into two- and three-word
//! phrases, stemmed, and scored by how many articles use them. A phrase
//! one article repeats is that article's vocabulary; a phrase several
//! outlets use is the story's. Places and organisations come from the
//! capitalised names that the people analysis set aside, and from
//! acronyms and names that recur across articles.

use foldhash::{HashMap, HashMapExt};
use std::collections::{BTreeMap, BTreeSet};

use super::lexicon::Lexicon;
use super::lexicon::LEXICON;
use super::lookups::{Changes, Noted, Set, WordSet};
use super::memo::Tracked;
use super::names::fold;
use super::people::{NamedThing, ResolvedMention};
use super::tokens::{runs, tokenize, Tok};
use crate::model::{
    Article, ArticleAnalysis, BlockKind, Corpus, Person, SentenceRef, Topic, TopicKind,
};
use crate::text::UniqueSlugs;

/// A word's comparable form: lower case, plural folded.
fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    if w.len() > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for end in ["sses", "shes", "ches", "xes"] {
        if w.len() > end.len() + 2 && w.ends_with(end) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        return w[..w.len() - 1].to_string();
    }
    w
}

/// "Russian", "European", "Chinese": adjectives of place that belong in a
/// theme ("frozen Russian assets") although capitalised.
fn demonym(word: &str) -> bool {
    let word = word.strip_suffix('s').unwrap_or(word);
    ["an", "ian", "ese", "ish", "ic", "i", "ch"]
        .iter()
        .any(|e| word.ends_with(e))
        && word.len() > 4
}

/// Common irregular past tenses: a phrase ending in a verb is not a theme.
const PAST: [&str; 34] = [
    "came", "went", "took", "made", "gave", "got", "saw", "knew", "began", "became", "left",
    "held", "kept", "put", "set", "ran", "won", "lost", "met", "felt", "sent", "brought", "bought",
    "thought", "found", "stood", "fell", "rose", "drew", "grew", "led", "paid", "let", "spoke",
];

fn ends_like_a_verb(word: &str) -> bool {
    let w = word.to_lowercase();
    PAST.contains(&w.as_str()) || (w.ends_with("ed") && w.len() > 4)
}

/// Whether a word may stand in a theme phrase, as far as the word itself
/// says: never, always, or unless it starts its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ThemeWord {
    Never,
    Always,
    NotFirst,
}

/// Whether a token may stand in a theme phrase. `seen` keeps what each
/// word's own tests gave in this article: they are most of the work
/// (this runs for every word of the dossier), and words repeat.
fn theme_word<'t>(
    t: &Tok<'t>,
    sentence_start: bool,
    person_words: &WordSet<'_>,
    seen: &mut HashMap<&'t str, ThemeWord>,
) -> bool {
    if !t.word {
        return false;
    }
    let kind = match seen.get(t.text) {
        Some(kind) => *kind,
        None => {
            let kind = theme_word_kind(t, person_words);
            seen.insert(t.text, kind);
            kind
        }
    };
    match kind {
        ThemeWord::Never => false,
        ThemeWord::Always => true,
        ThemeWord::NotFirst => !sentence_start,
    }
}

/// [`theme_word`] for a word not seen before: a function of its text
/// alone (and of the people's words, looked up through `person_words`,
/// which notes the lookup once per article, as often as it counts).
fn theme_word_kind(t: &Tok<'_>, person_words: &WordSet<'_>) -> ThemeWord {
    let lex = &*LEXICON;
    if t.is_number() || t.text.chars().count() < 3 || t.is_possessive() {
        return ThemeWord::Never;
    }
    // Cheapest tests first.
    if t.text
        .chars()
        .any(|c| c.is_ascii_digit() || c == '’' || c == '\'')
    {
        return ThemeWord::Never;
    }
    // (Most words are written in small letters already: not copied.)
    let lower: std::borrow::Cow<'_, str> =
        if t.text.is_ascii() && !t.text.bytes().any(|b| b.is_ascii_uppercase()) {
            t.text.into()
        } else {
            t.text.to_lowercase().into()
        };
    if matches!(
        &*lower,
        "million" | "billion" | "trillion" | "thousand" | "hundred" | "percent" | "dozen"
    ) || lex.is_stop(&lower)
        || lex.is_speech_verb(&lower)
        || lex.is_role(&lower)
        || lex.is_role(&stem(&lower))
        || person_words.contains(&fold(t.text))
    {
        return ThemeWord::Never;
    }
    match t.text.chars().next() {
        Some(c) if c.is_uppercase() => {
            if demonym(t.text) && !t.is_all_caps() {
                ThemeWord::NotFirst
            } else {
                ThemeWord::Never
            }
        }
        _ if lower.ends_with("ly") => ThemeWord::Never,
        _ => ThemeWord::Always,
    }
}

/// How many themes, places and organisations to keep for a dossier of
/// `articles` articles: a handful for a few articles, a few dozen at most.
fn budget(articles: usize) -> (usize, usize) {
    let themes = (6 + articles / 2).min(20);
    let names = (6 + articles / 3).min(15);
    (themes, names)
}

/// A candidate topic: its key, display forms and where it occurs.
///
/// Every 2- and 3-word phrase of every sentence is a candidate, most of
/// them seen once: plain vectors (sorted and deduplicated by [`finish`]
/// before anything reads them) rather than B-trees, whose smallest node
/// is a few hundred bytes, keep the candidates of a 20,000-article dossier
/// to a third of the memory.
///
/// [`finish`]: Candidate::finish
#[derive(Debug, Default, PartialEq)]
struct Candidate {
    /// Each written form with how often it was seen (a handful at most).
    forms: Vec<(String, usize)>,
    at: Vec<SentenceRef>,
    articles: Vec<usize>,
    kind: Option<TopicKind>,
}

impl Candidate {
    /// One more occurrence, written `form`, in sentence `at`.
    fn add(&mut self, form: &str, at: SentenceRef) {
        match self.forms.iter_mut().find(|(f, _)| f == form) {
            Some((_, n)) => *n += 1,
            None => self.forms.push((form.to_string(), 1)),
        }
        // Sentences come in reading order, so repeats are next to each
        // other; `finish` sorts and deduplicates whatever is left.
        if self.at.last() != Some(&at) {
            self.at.push(at);
        }
        if self.articles.last() != Some(&at.article) {
            self.articles.push(at.article);
        }
    }

    /// Adds what a later article saw of the same key, as if its sentences
    /// had been read after these (so articles can be read in parallel and
    /// merged in order): counts add up, places join, and the kind is the
    /// first one found unless the later article found it to be a place
    /// (see `count_single`).
    fn merge_owned(&mut self, later: Candidate) {
        if self.forms.is_empty() && self.at.is_empty() {
            let kind = self.kind;
            *self = later;
            self.kind = match self.kind {
                Some(TopicKind::Place) => Some(TopicKind::Place),
                k => kind.or(k),
            };
            return;
        }
        self.merge(&later);
    }

    /// [`Candidate::merge_owned`] from a shared candidate.
    fn merge(&mut self, later: &Candidate) {
        for (form, n) in &later.forms {
            match self.forms.iter_mut().find(|(f, _)| f == form) {
                Some((_, m)) => *m += n,
                None => self.forms.push((form.clone(), *n)),
            }
        }
        self.at.extend_from_slice(&later.at);
        self.articles.extend_from_slice(&later.articles);
        self.kind = match later.kind {
            Some(TopicKind::Place) => Some(TopicKind::Place),
            k => self.kind.or(k),
        };
    }

    /// Sorts and deduplicates the places, which makes them sets.
    fn finish(mut self) -> Self {
        self.at.sort_unstable();
        self.at.dedup();
        self.articles.sort_unstable();
        self.articles.dedup();
        self
    }

    /// Whether every article of this (finished) candidate has `other`'s.
    fn in_articles_of(&self, other: &Candidate) -> bool {
        super::compact::common(self.articles.iter(), other.articles.iter()).count()
            == self.articles.len()
    }

    /// The form written most often (the first in sorted order on a tie).
    fn name(&self) -> String {
        self.forms
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(f, _)| f.clone())
            .unwrap_or_default()
    }
}

/// What [`article_counts`] reads besides the article: the same for every
/// article of a dossier. An article's reading looks into its sets only
/// through [`WordSet`]s (see `lookups`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct TopicContext {
    person_words: BTreeSet<String>,
    outlets: BTreeSet<String>,
}

impl TopicContext {
    pub(crate) fn new(corpus: &Corpus, people: &[Person]) -> Self {
        TopicContext {
            // Words that are people's names are never topics.
            person_words: super::people::name_words(people, fold),
            outlets: super::people::outlet_keys(corpus),
        }
    }

    /// What changed since `old`, the context of the last analysis.
    pub(crate) fn changes_since(&self, old: Option<&TopicContext>) -> Changes {
        match old {
            Some(old) => {
                let mut changes = Changes::default();
                changes.add(Set::PersonWords, &old.person_words, &self.person_words);
                changes.add(Set::Outlets, &old.outlets, &self.outlets);
                changes
            }
            None => Changes::everything(),
        }
    }
}

/// One article's candidate topics: its phrases (themes), its single
/// names of places and organisations, and how often each name is
/// introduced as a place ("in", "at"). Articles are read on their own, in
/// parallel, and their counts then merged in order by [`find`], which
/// gives the same result as reading them one after another.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct TopicCounts {
    themes: HashMap<String, Candidate>,
    named: HashMap<String, Candidate>,
    locative: HashMap<String, (usize, usize)>,
}

/// The [`TopicCounts`] of article `ai`.
pub(crate) fn article_counts(
    article: &Article,
    analysis: &ArticleAnalysis,
    context: &TopicContext,
    noted: &Noted,
    ai: usize,
) -> TopicCounts {
    let lex = &*LEXICON;
    // The context's sets are looked into only through these, which note
    // what this article's reading depends on (see `lookups`).
    let person_words = &WordSet::new(&context.person_words, Set::PersonWords, noted);
    let outlets = &WordSet::new(&context.outlets, Set::Outlets, noted);
    let mut themes: HashMap<String, Candidate> = HashMap::new();
    let mut named: HashMap<String, Candidate> = HashMap::new();
    let mut locative: HashMap<String, (usize, usize)> = HashMap::new();
    let mut seen = HashMap::new();
    for s in analysis.sentences.iter() {
        if matches!(article.blocks[s.block].kind, BlockKind::Code { .. }) {
            continue;
        }
        let at = SentenceRef {
            article: ai,
            sentence: s.index,
        };
        let toks = tokenize(&s.text);
        // Themes: runs of theme words, as 2- and 3-word phrases, outside
        // quotations (a quote repeated by several outlets is not a theme).
        let quoted = quoted_ranges(&s.text);
        let inside = |t: &Tok<'_>| quoted.iter().any(|&(a, b)| t.start >= a && t.end <= b);
        let mut run: Vec<&Tok<'_>> = Vec::new();
        let first_word = toks.iter().position(|t| t.word).unwrap_or(0);
        for (i, t) in toks.iter().enumerate() {
            if theme_word(t, i == first_word, person_words, &mut seen) && !inside(t) {
                run.push(t);
                continue;
            }
            add_phrases(&run, &s.text, at, &mut themes);
            run.clear();
        }
        add_phrases(&run, &s.text, at, &mut themes);
        // Single capitalised names and acronyms that are not people:
        // runs of one word ("Pentagon", "Interpol") and lone acronyms
        // ("NATO"), not a word cut out of a longer name.
        let mut count = |i: usize| {
            count_single(
                &toks[i],
                &toks,
                i,
                at,
                lex,
                person_words,
                outlets,
                &mut named,
                &mut locative,
            )
        };
        for run in runs(&toks, lex) {
            if run.len() != 1 || run[0] == first_word {
                continue;
            }
            let i = run[0];
            let t = &toks[i];
            let after_name = i > 0 && (toks[i - 1].is_capitalized() || toks[i - 1].is_all_caps());
            let before_name = toks
                .get(i + 1)
                .is_some_and(|n| n.is_capitalized() || n.is_all_caps());
            if after_name || before_name || t.text.contains('.') || t.text.chars().count() < 3 {
                continue;
            }
            count(i);
        }
        for (i, t) in toks.iter().enumerate() {
            let lone = || {
                !(i > 0 && (toks[i - 1].is_all_caps() || toks[i - 1].is_capitalized()))
                    && !toks
                        .get(i + 1)
                        .is_some_and(|n| n.is_all_caps() || n.is_capitalized())
            };
            let acronym = t.is_all_caps()
                && (2..=6).contains(&t.text.chars().count())
                && t.text.chars().all(|c| c.is_alphabetic());
            // (Not a dateline: "SALEM — Crews …".)
            if acronym
                && lone()
                && i != first_word
                && lex.org_kind(t.text).is_none()
                && !lex.is_stop(t.text)
            {
                count(i);
            }
        }
    }
    TopicCounts {
        themes,
        named,
        locative,
    }
}

/// Adds the counts of a name introduced as a place.
fn add_locative(map: &mut HashMap<String, (usize, usize)>, key: String, (a, b): (usize, usize)) {
    let e = map.entry(key).or_default();
    e.0 += a;
    e.1 += b;
}

/// Adds `c` to the candidate of `key`, which it makes if there is none.
fn merge_into(map: &mut HashMap<String, Candidate>, key: &str, c: &Candidate) {
    if let Some(e) = map.get_mut(key) {
        e.merge(c);
    } else {
        let mut e = Candidate::default();
        e.merge(c);
        map.insert(key.to_string(), e);
    }
}

/// Finds the topics of the corpus from each article's [`TopicCounts`].
pub(crate) fn find(
    corpus: &Corpus,
    context: &TopicContext,
    counts: Vec<std::sync::Arc<Tracked<TopicCounts>>>,
    things: &[NamedThing],
    mentions: &[ResolvedMention],
) -> Vec<Topic> {
    let n_articles = corpus.articles.len();
    let (theme_budget, name_budget) = budget(n_articles);
    let min_articles = 2.min(n_articles.max(1));
    let (person_words, outlets) = (&context.person_words, &context.outlets);

    let mut named: HashMap<String, Candidate> = HashMap::new();
    for t in things {
        let key = fold(&t.name);
        if outlets.contains(&key) || person_words.contains(&key) {
            continue;
        }
        let c = named.entry(key).or_default();
        c.add(&t.name, t.at);
        c.kind = Some(c.kind.map_or(t.kind, |k| k.min(t.kind)));
    }
    let mut themes: HashMap<String, Candidate> = HashMap::new();
    let mut locative: HashMap<String, (usize, usize)> = HashMap::new();
    // Moved where no cache shares an article's counts, copied where one
    // does.
    for counts in counts {
        match std::sync::Arc::try_unwrap(counts).map(|t| t.value) {
            Ok(c) => {
                for (k, c) in c.themes {
                    themes.entry(k).or_default().merge_owned(c);
                }
                for (k, c) in c.named {
                    named.entry(k).or_default().merge_owned(c);
                }
                for (k, l) in c.locative {
                    add_locative(&mut locative, k, l);
                }
            }
            Err(c) => {
                for (k, c) in &c.value.themes {
                    merge_into(&mut themes, k, c);
                }
                for (k, c) in &c.value.named {
                    merge_into(&mut named, k, c);
                }
                for (k, l) in &c.value.locative {
                    add_locative(&mut locative, k.clone(), *l);
                }
            }
        }
    }
    // Themes: phrases several articles share, best first, without repeats.
    let mut ranked: Vec<(String, Candidate)> = themes
        .into_iter()
        .map(|(k, c)| (k, c.finish()))
        .filter(|(_, c)| c.articles.len() >= min_articles)
        .collect();
    ranked.sort_by(|(ka, a), (kb, b)| {
        let score = |k: &str, c: &Candidate| {
            let words = k.split(' ').count() as f64;
            c.articles.len() as f64 * (1.0 + 0.25 * (words - 2.0)) + c.at.len() as f64 * 0.05
        };
        score(kb, b)
            .total_cmp(&score(ka, a))
            .then_with(|| ka.cmp(kb))
    });
    let mut chosen: Vec<(String, Candidate)> = Vec::new();
    for (key, c) in ranked {
        if chosen.len() >= theme_budget {
            break;
        }
        let words: BTreeSet<&str> = key.split(' ').collect();
        let overlaps = chosen.iter().any(|(k, other)| {
            let shared = k.split(' ').filter(|w| words.contains(w)).count();
            shared > 0
                && (k.contains(key.as_str()) || key.contains(k.as_str()) || shared >= 2)
                && c.in_articles_of(other)
        });
        if !overlaps {
            chosen.push((key, c));
        }
    }
    let mut topics: Vec<(TopicKind, Candidate)> = chosen
        .into_iter()
        .map(|(_, c)| (TopicKind::Theme, c))
        .collect();

    // Places and organisations that recur across articles.
    let mut names: Vec<(String, Candidate)> = named
        .into_iter()
        .map(|(k, c)| (k, c.finish()))
        .filter(|(_, c)| c.articles.len() >= min_articles)
        .collect();
    names.sort_by(|(ka, a), (kb, b)| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.at.len().cmp(&a.at.len()))
            .then_with(|| ka.cmp(kb))
    });
    for (key, mut c) in names.into_iter().take(name_budget * 2) {
        let kind = c.kind.unwrap_or_else(|| match locative.get(&key) {
            Some(&(loc, all)) if loc * 2 >= all => TopicKind::Place,
            _ => TopicKind::Organization,
        });
        c.kind = Some(kind);
        topics.push((kind, c));
    }
    let mut per_kind: BTreeMap<TopicKind, usize> = BTreeMap::new();
    topics.retain(|(k, _)| {
        let n = per_kind.entry(*k).or_default();
        *n += 1;
        *k == TopicKind::Theme || *n <= name_budget
    });

    let mut out: Vec<Topic> = topics
        .into_iter()
        .map(|(kind, c)| Topic {
            id: String::new(),
            name: c.name(),
            kind,
            articles: c.articles,
            sentences: c.at,
            people: Vec::new(),
            related: Vec::new(),
            description: None,
        })
        .collect();
    out.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.sentences.len().cmp(&a.sentences.len()))
            .then_with(|| a.name.cmp(&b.name))
    });
    // People in each topic's sentences; related topics by shared sentences.
    let shared = Shared::count(&out, mentions);
    shared.set_people(&mut out);
    shared.set_related(&mut out);
    assign_ids(&mut out);
    out
}

/// Counts a single-word name of a place or organisation.
#[allow(clippy::too_many_arguments)]
fn count_single(
    t: &Tok<'_>,
    toks: &[Tok<'_>],
    i: usize,
    at: SentenceRef,
    lex: &Lexicon,
    person_words: &WordSet<'_>,
    outlets: &WordSet<'_>,
    named: &mut HashMap<String, Candidate>,
    locative: &mut HashMap<String, (usize, usize)>,
) {
    let base = t.base();
    let key = fold(base);
    let acronym = t.is_all_caps();
    if lex.is_stop(base)
        || lex.is_role(base)
        || lex.is_honorific(base)
        || person_words.contains(&key)
        || outlets.contains(&key)
        || (demonym(base) && !acronym && !lex.is_place(base))
    {
        return;
    }
    let c = named.entry(key.clone()).or_default();
    c.add(base, at);
    if acronym {
        c.kind.get_or_insert(TopicKind::Organization);
    } else if lex.is_place(base) {
        c.kind = Some(TopicKind::Place);
    } else if let Some(k) = lex.org_kind(base) {
        c.kind.get_or_insert(k);
    }
    let l = locative.entry(key).or_default();
    l.1 += 1;
    if i > 0
        && matches!(
            toks[i - 1].text.to_lowercase().as_str(),
            "in" | "to" | "from" | "at" | "across" | "near" | "into" | "outside"
        )
    {
        l.0 += 1;
    }
}

/// Byte ranges of a sentence that stand inside quotation marks.
fn quoted_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '“') | (None, '"') => open = Some(i),
            (Some(o), '”') | (Some(o), '"') => {
                out.push((o, i));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push((o, text.len()));
    }
    out
}

fn add_phrases(
    run: &[&Tok<'_>],
    text: &str,
    at: SentenceRef,
    themes: &mut HashMap<String, Candidate>,
) {
    for n in 2..=3 {
        for w in run.windows(n) {
            // Only words written next to each other.
            let contiguous = w
                .windows(2)
                .all(|p| text[p[0].end..p[1].start].trim().is_empty());
            if !contiguous {
                continue;
            }
            if ends_like_a_verb(w[n - 1].text) {
                continue;
            }
            let key = w.iter().map(|t| stem(t.text)).collect::<Vec<_>>().join(" ");
            let form = text[w[0].start..w[n - 1].end].to_string();
            let form = if form.chars().next().is_some_and(char::is_uppercase) && !demonym(w[0].text)
            {
                form.to_lowercase()
            } else {
                form
            };
            themes.entry(key).or_default().add(&form, at);
        }
    }
}

/// Topics that share sentences, most shared first.
pub(crate) fn link_related(topics: &mut [Topic]) {
    Shared::count(topics, &[]).set_related(topics);
}

/// What topics share with people and with each other, sentence by
/// sentence: how many of each topic's sentences name each person, and
/// how many sentences each two topics share.
///
/// Counted in one walk of each article's topic sentences beside its
/// mentions (both in reading order), the articles shared out between
/// threads: a topic of a large dossier is in tens of thousands of
/// sentences, and intersecting every two topics' sets, then looking up
/// each sentence's people in a map, were the slowest parts of finding
/// topics. (Topics are a few dozen, people a few hundred: the tables are
/// small.)
struct Shared {
    topics: usize,
    people: usize,
    /// `topics × people`: sentences of topic `t` naming person `p`.
    named: Vec<u32>,
    /// `topics × topics`: sentences topics `i` and `j` share.
    with: Vec<u32>,
}

impl Shared {
    /// `mentions` in reading order.
    fn count(topics: &[Topic], mentions: &[ResolvedMention]) -> Shared {
        use rayon::prelude::*;
        let n = topics.len();
        let people = mentions.iter().map(|m| m.person + 1).max().unwrap_or(0);
        let articles = topics
            .iter()
            .filter_map(|t| t.sentences.last())
            .map(|s| s.article + 1)
            .max()
            .unwrap_or(0);
        // Per article: its sentences with each topic in them, in order
        // (each topic's sentences are a sorted set: no pair twice).
        let mut by_article: Vec<Vec<(usize, usize)>> = vec![Vec::new(); articles];
        for (i, t) in topics.iter().enumerate() {
            for s in &t.sentences {
                by_article[s.article].push((s.sentence, i));
            }
        }
        by_article.par_iter_mut().for_each(|v| v.sort_unstable());
        let empty = || Shared {
            topics: n,
            people,
            named: vec![0; n * people],
            with: vec![0; n * n],
        };
        let parts = rayon::current_num_threads().max(1);
        let per_part = articles.div_ceil(parts).max(1);
        let count_part = |part: &[Vec<(usize, usize)>], first: usize| {
            let mut out = empty();
            let mut named_here: Vec<usize> = Vec::new();
            for (k, list) in part.iter().enumerate() {
                let article = first + k;
                // This article's mentions.
                let from = mentions.partition_point(|m| m.mention.at.article < article);
                let to = mentions.partition_point(|m| m.mention.at.article <= article);
                let mut ms = mentions[from..to].iter().peekable();
                for same in list.chunk_by(|a, b| a.0 == b.0) {
                    let sentence = same[0].0;
                    while ms.next_if(|m| m.mention.at.sentence < sentence).is_some() {}
                    named_here.clear();
                    while let Some(m) = ms.next_if(|m| m.mention.at.sentence == sentence) {
                        named_here.push(m.person);
                    }
                    named_here.sort_unstable();
                    named_here.dedup();
                    for &(_, i) in same {
                        for &p in &named_here {
                            out.named[i * people + p] += 1;
                        }
                        for &(_, j) in same {
                            if i != j {
                                out.with[i * n + j] += 1;
                            }
                        }
                    }
                }
            }
            out
        };
        by_article
            .par_chunks(per_part)
            .enumerate()
            .map(|(k, part)| count_part(part, k * per_part))
            .reduce(empty, |mut a, b| {
                a.named.iter_mut().zip(&b.named).for_each(|(x, y)| *x += y);
                a.with.iter_mut().zip(&b.with).for_each(|(x, y)| *x += y);
                a
            })
    }

    /// Each topic's people: those named in its sentences, most often
    /// first.
    fn set_people(&self, topics: &mut [Topic]) {
        for (i, t) in topics.iter_mut().enumerate() {
            let row = &self.named[i * self.people..(i + 1) * self.people];
            let mut people: Vec<(usize, u32)> = row
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .map(|(p, &c)| (p, c))
                .collect();
            people.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            t.people = people.into_iter().map(|(p, _)| p).collect();
        }
    }

    /// Each topic's related topics: the six it shares most sentences
    /// with.
    fn set_related(&self, topics: &mut [Topic]) {
        let n = self.topics;
        for (i, t) in topics.iter_mut().enumerate() {
            let mut shared: Vec<(usize, u32)> = (0..n)
                .filter(|&j| j != i)
                .map(|j| (j, self.with[i * n + j]))
                .filter(|&(_, shared)| shared > 0)
                .collect();
            shared.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            t.related = shared.into_iter().take(6).map(|(j, _)| j).collect();
        }
    }
}

pub(crate) fn assign_ids(topics: &mut [Topic]) {
    let mut slugs = UniqueSlugs::default();
    for t in topics {
        t.id = slugs.next(&[&t.name], "topic");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(stem("guarantees"), "guarantee");
        assert_eq!(stem("assets"), "asset");
        assert_eq!(stem("talks"), "talk");
        assert_eq!(stem("countries"), "country");
        assert_eq!(stem("crisis"), "crisis");
    }
}

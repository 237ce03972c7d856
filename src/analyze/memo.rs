//! What one analysis keeps for the next.
//!
//! `dossier serve` analyses the whole dossier again after every edit, and
//! most of that work is each article's own reading: its sentences and the
//! names, word counts, dates, figures and candidate topics in them. Each of
//! those depends only on the article and, for some, on a few word sets
//! that are the same for every article of the dossier (the common words,
//! the words of people's names); the functions that read them take the
//! article and those word sets, never the corpus, so what a reading may
//! depend on is in its signature. A [`Cache`] keeps each article's readings
//! with a 128-bit digest of the article they were made from and the word
//! sets they used; the next analysis takes them again for every article
//! whose digest is unchanged at the same place, as long as the word sets
//! it would use are the same.
//! The dossier-wide steps (merging names into people, ranking topics,
//! comparing claims) run in full on all the readings, so a rebuild ends in
//! exactly the clean build's analysis; except that a step which reads
//! nothing but one kind of reading is skipped when every reading of that
//! kind is equal to the last analysis's (taken from the cache, or read
//! again to the same value: an edit that changes no name leaves the
//! names as they were), and its last result is taken instead
//! ([`Reuse::all_same`], [`Reuse::again_or`], [`Results`]).

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::claims::{Facts, NumberContext, UnitCards, WordCounts, WordTotals};
use super::disagree::QuotePairs;
use super::lookups::{Changes, Noted, Set};
use super::people::{NameScan, PeopleFound};
use super::topics::{TopicContext, TopicCounts};
use crate::model::{ArticleAnalysis, Block, Claim, Corpus, Disagreement, Quote, Topic};
use std::collections::BTreeSet;

/// The readings of one article.
#[derive(Debug, Default, Clone)]
pub(crate) struct Memo {
    pub sentences: Option<Arc<ArticleAnalysis>>,
    pub names: Option<Arc<NameScan>>,
    pub words: Option<Arc<WordCounts>>,
    pub dates: Option<Arc<Tracked<Facts>>>,
    pub numbers: Option<Arc<Tracked<Facts>>>,
    pub topics: Option<Arc<Tracked<TopicCounts>>>,
    pub quotes: Option<Arc<Keyed<Vec<Quote>>>>,
}

/// A reading that depends on dossier-wide word sets, with the words it
/// looked up in them (see [`Reuse::each_tracked`]). Two are equal when
/// their readings are.
#[derive(Debug)]
pub(crate) struct Tracked<T> {
    pub value: T,
    pub lookups: Box<[u32]>,
}

impl<T: PartialEq> PartialEq for Tracked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

/// A reading that depends on more than the article, with a digest of
/// that more (see [`Reuse::each_keyed`]).
#[derive(Debug)]
pub(crate) struct Keyed<T> {
    pub key: u128,
    pub value: T,
}

/// Each article's readings from the last analysis, for the next one
/// (see the module's documentation). Owned by its caller, like
/// `load::Cache`; an empty cache makes a full analysis.
#[derive(Debug, Default)]
pub struct Cache {
    /// A digest of each article as it was analysed, in corpus order (a
    /// copy of every article cost as much time and memory as the
    /// readings).
    articles: Vec<u128>,
    /// The digest of each article's text, by the address of the shared
    /// blocks it was made from (held, so that no other text can take the
    /// address): digesting every article's text again was a sixth of a
    /// rebuild's analysis.
    texts: std::collections::HashMap<usize, KeptText>,
    memos: Vec<Memo>,
    /// The dossier-wide inputs every memo of a kind was read with.
    common: Option<BTreeSet<String>>,
    /// The sum of every memo's word counts.
    word_totals: Option<WordTotals>,
    numbers: Option<NumberContext>,
    topics: Option<TopicContext>,
    results: Results,
    /// Where each article's figures, times and dates are in the last
    /// analysis's list of claims, and that list once its caller handed
    /// it back ([`Cache::keep_claims`]).
    claims: Option<(ClaimsLayout, Option<Vec<Claim>>)>,
}

/// Where the claims of each article's facts are in an analysis's list of
/// claims, by the address of the facts (which the cache holds, so no
/// other facts can take the address): the figures, and the times of day
/// (or, for date facts, the dates and nothing); and where the
/// quotations' claims are.
#[derive(Debug, Default)]
pub(crate) struct ClaimsLayout {
    pub parts: std::collections::HashMap<usize, (Range<usize>, Range<usize>)>,
    pub quotes: Range<usize>,
    pub len: usize,
}

/// What the dossier-wide steps that read only one kind of reading made
/// of them last time.
#[derive(Debug, Default)]
pub(crate) struct Results {
    /// `people::find` of the names.
    pub people: Option<Arc<PeopleFound>>,
    /// `topics::find` of the candidates, in the context and with the
    /// people they were read with.
    pub topics: Option<Arc<Vec<Topic>>>,
    /// The date conflicts of the date facts.
    pub date_conflicts: Option<Arc<Vec<Disagreement>>>,
    /// The ages after names (read from the people), and the number and
    /// time-of-day conflicts of the figures and those ages.
    pub ages: Option<Arc<Tracked<Facts>>>,
    pub number_conflicts: Option<Arc<[Vec<Disagreement>; 2]>>,
    /// What the figures' and times' comparisons kept, unit by unit.
    pub number_units: Option<Arc<[UnitCards; 2]>>,
    /// The pairs of quotations that are one, with the digest of the
    /// quotations they were found in.
    pub quote_pairs: Option<Arc<(u128, QuotePairs)>>,
}

impl Cache {
    /// Hands back the list of claims of the analysis that left this
    /// cache, once its caller is done with it: the next analysis moves
    /// the claims of the articles it reuses out of it instead of copying
    /// them from their facts (which fetched the shared words of 290,000
    /// claims at 5,000 articles to count another holder, 15 ms). A list
    /// of another length than that analysis's is ignored.
    pub fn keep_claims(&mut self, claims: Vec<Claim>) {
        if let Some((layout, kept)) = &mut self.claims {
            if layout.len == claims.len() {
                *kept = Some(claims);
            }
        }
    }

    /// How many articles' readings it holds.
    pub fn len(&self) -> usize {
        self.memos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.memos.is_empty()
    }
}

/// An article's text, and its digest.
#[derive(Debug)]
struct KeptText {
    blocks: Arc<Vec<Block>>,
    digest: u128,
}

/// One analysis's view of the previous one's [`Cache`].
pub(crate) struct Reuse {
    previous: Cache,
    /// The digest of each article of this corpus (empty for a clean
    /// build).
    digests: Vec<u128>,
    /// Each article's text and its digest, for the next [`Cache`].
    texts: Vec<KeptText>,
    /// Per article of this corpus: whether the previous analysis read the
    /// very same article at the same place.
    same: Vec<bool>,
    /// Whether this analysis's readings are kept (not for a clean build).
    keep: bool,
}

/// Everything one analysis read of each article, to keep for the next.
pub(crate) struct Readings {
    pub sentences: Vec<Arc<ArticleAnalysis>>,
    pub names: Vec<Arc<NameScan>>,
    pub words: Vec<Arc<WordCounts>>,
    pub dates: Vec<Arc<Tracked<Facts>>>,
    pub numbers: Vec<Arc<Tracked<Facts>>>,
    pub topics: Vec<Arc<Tracked<TopicCounts>>>,
    pub quotes: Vec<Arc<Keyed<Vec<Quote>>>>,
    pub common: BTreeSet<String>,
    /// The sum of `words`.
    pub word_totals: Option<WordTotals>,
    pub number_context: NumberContext,
    pub topic_context: TopicContext,
    pub results: Results,
    /// Where this analysis put each article's claims in its list.
    pub claims: ClaimsLayout,
}

impl Reuse {
    /// Nothing to reuse, nothing kept: a clean build.
    pub fn none(corpus: &Corpus) -> Reuse {
        Reuse {
            previous: Cache::default(),
            digests: Vec::new(),
            texts: Vec::new(),
            same: vec![false; corpus.articles.len()],
            keep: false,
        }
    }

    /// Reuses `previous` where it still holds; this analysis's readings
    /// are kept.
    pub fn from(previous: Cache, corpus: &Corpus) -> Reuse {
        let (digests, texts): (Vec<u128>, Vec<KeptText>) = corpus
            .articles
            .par_iter()
            .map(|a| {
                let text = previous
                    .texts
                    .get(&(Arc::as_ptr(&a.blocks) as usize))
                    .filter(|k| Arc::ptr_eq(&k.blocks, &a.blocks))
                    .map_or_else(|| crate::digest::of_value(&*a.blocks), |k| k.digest);
                let kept = KeptText {
                    blocks: Arc::clone(&a.blocks),
                    digest: text,
                };
                (a.digest_with_text(text), kept)
            })
            .unzip();
        let same = digests
            .iter()
            .enumerate()
            .map(|(i, d)| previous.articles.get(i) == Some(d))
            .collect();
        Reuse {
            previous,
            digests,
            texts,
            same,
            keep: true,
        }
    }

    /// Whether this analysis's readings are kept for the next.
    pub fn keeps(&self) -> bool {
        self.keep
    }

    /// Each article's reading of one kind, in corpus order: the previous
    /// analysis's where the article is unchanged and `holds` says it still
    /// holds, `read` otherwise (in parallel). `slot` picks the kind out of
    /// a [`Memo`].
    fn each_where<M: Send + Sync>(
        &self,
        slot: fn(&Memo) -> &Option<Arc<M>>,
        holds: impl Fn(usize, &M) -> bool + Sync + Send,
        read: impl Fn(usize) -> M + Sync + Send,
    ) -> Vec<Arc<M>> {
        // Small pieces: these passes run beside the other branch of the
        // analysis, and rayon otherwise leaves one thread the last large
        // undivided run of articles once that branch is done.
        self.same
            .par_iter()
            .with_max_len(8)
            .enumerate()
            .map(|(ai, &same)| {
                same.then(|| self.previous.memos.get(ai).and_then(|m| slot(m).clone()))
                    .flatten()
                    .filter(|m| holds(ai, m))
                    .unwrap_or_else(|| Arc::new(read(ai)))
            })
            .collect()
    }

    /// Each article's reading of a kind that depends on nothing but the
    /// article: the previous one wherever the article is unchanged.
    pub fn each<T: Send + Sync>(
        &self,
        slot: fn(&Memo) -> &Option<Arc<T>>,
        read: impl Fn(usize) -> T + Sync + Send,
    ) -> Vec<Arc<T>> {
        self.each_where(slot, |_, _| true, read)
    }

    /// [`each`](Self::each) for a reading whose inputs besides the
    /// article are particular to it: the previous reading is taken where
    /// the article is unchanged and `key(ai)`, a digest of those inputs,
    /// is the one it was made with. Keys are worked out only when the
    /// readings are kept. With `same_inputs` (the caller knows those
    /// inputs are the previous analysis's, for every article) an
    /// unchanged article's previous reading holds without its key being
    /// worked out: each was made, or found to hold, with those inputs.
    pub fn each_keyed<T: Send + Sync>(
        &self,
        slot: fn(&Memo) -> &Option<Arc<Keyed<T>>>,
        same_inputs: bool,
        key: impl Fn(usize) -> u128 + Sync + Send,
        read: impl Fn(usize) -> T + Sync + Send,
    ) -> Vec<Arc<Keyed<T>>> {
        let key = |ai| if self.keep { key(ai) } else { 0 };
        self.each_where(
            slot,
            |ai, kept| same_inputs || kept.key == key(ai),
            |ai| Keyed {
                key: key(ai),
                value: read(ai),
            },
        )
    }

    /// [`each`](Self::each) for a reading that looks into dossier-wide
    /// word sets (through a `lookups::WordSet`, which notes each word it
    /// looks up): the previous reading is taken where the article is
    /// unchanged and `changes` (how the sets changed since) touch none of
    /// the words it looked up. Lookups are noted only when the readings
    /// are kept.
    pub fn each_tracked<T: Send + Sync>(
        &self,
        slot: fn(&Memo) -> &Option<Arc<Tracked<T>>>,
        changes: &Changes,
        read: impl Fn(usize, &Noted) -> T + Sync + Send,
    ) -> Vec<Arc<Tracked<T>>> {
        self.each_where(
            slot,
            |_, kept| !changes.touch(&kept.lookups),
            |ai| {
                let noted = if self.keep { Noted::on() } else { Noted::off() };
                let value = read(ai, &noted);
                Tracked {
                    value,
                    lookups: noted.finish(),
                }
            },
        )
    }

    /// Whether every reading of one kind (`slot`) is the previous
    /// analysis's: the same article count, and each reading either taken
    /// from the cache or read again to an equal value. A step that reads
    /// nothing else then makes what it made last time. Always false for
    /// a clean build.
    pub fn all_same<T: PartialEq>(
        &self,
        slot: fn(&Memo) -> &Option<Arc<T>>,
        now: &[Arc<T>],
    ) -> bool {
        self.keep
            && self.previous.memos.len() == now.len()
            && now.iter().zip(&self.previous.memos).all(|(n, m)| {
                slot(m)
                    .as_ref()
                    .is_some_and(|p| Arc::ptr_eq(p, n) || **p == **n)
            })
    }

    /// What the dossier-wide steps made last time (see [`Results`]).
    pub fn results(&self) -> &Results {
        &self.previous.results
    }

    /// A dossier-wide step's result: `last` (picked out of the last
    /// [`Results`]) when `unchanged` says everything the step reads is as
    /// it was, `make()` otherwise.
    pub fn again_or<T>(
        &self,
        last: fn(&Results) -> &Option<Arc<T>>,
        unchanged: bool,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        match last(&self.previous.results).as_ref().filter(|_| unchanged) {
            Some(last) => Arc::clone(last),
            None => Arc::new(make()),
        }
    }

    /// How the common words changed since the previous analysis.
    pub fn common_changes(&self, common: &BTreeSet<String>) -> Changes {
        match &self.previous.common {
            Some(old) => {
                let mut changes = Changes::default();
                changes.add(Set::Common, old, common);
                changes
            }
            None => Changes::everything(),
        }
    }

    /// How the context of figures changed since the previous analysis.
    pub fn number_changes(&self, context: &NumberContext) -> Changes {
        context.changes_since(self.previous.numbers.as_ref())
    }

    /// How the context of topics changed since the previous analysis.
    pub fn topic_changes(&self, context: &TopicContext) -> Changes {
        context.changes_since(self.previous.topics.as_ref())
    }

    /// The cache for the next analysis: `readings` of `corpus`'s articles.
    pub fn finish(self, corpus: &Corpus, readings: Readings) -> Cache {
        debug_assert_eq!(self.digests.len(), corpus.articles.len());
        let Readings {
            sentences,
            names,
            words,
            dates,
            numbers,
            topics,
            quotes,
            common,
            word_totals,
            number_context,
            topic_context,
            results,
            claims,
        } = readings;
        let mut memos = vec![Memo::default(); corpus.articles.len()];
        for (i, m) in memos.iter_mut().enumerate() {
            m.sentences = sentences.get(i).cloned();
            m.names = names.get(i).cloned();
            m.words = words.get(i).cloned();
            m.dates = dates.get(i).cloned();
            m.numbers = numbers.get(i).cloned();
            m.topics = topics.get(i).cloned();
            m.quotes = quotes.get(i).cloned();
        }
        Cache {
            articles: self.digests,
            texts: self
                .texts
                .into_iter()
                .map(|k| (Arc::as_ptr(&k.blocks) as usize, k))
                .collect(),
            memos,
            common: Some(common),
            word_totals,
            numbers: Some(number_context),
            topics: Some(topic_context),
            results,
            claims: Some((claims, None)),
        }
    }

    /// The articles' word counts as the last analysis added them up, to
    /// hand to [`word_totals`](Self::word_totals).
    pub fn take_word_totals(&mut self) -> Option<WordTotals> {
        self.previous.word_totals.take()
    }

    /// `last` (the articles' word counts as the last analysis added them
    /// up) brought to `now` (this analysis's counts): only the articles
    /// whose counts are not the very same are taken off and added again.
    /// `None` for a clean build.
    pub fn word_totals(
        &self,
        last: Option<WordTotals>,
        now: &[Arc<WordCounts>],
    ) -> Option<WordTotals> {
        if !self.keep {
            return None;
        }
        let memos = &self.previous.memos;
        let Some(mut totals) = last else {
            let mut totals = WordTotals::default();
            for n in now {
                totals.replace(None, Some(n));
            }
            return Some(totals);
        };
        for i in 0..memos.len().max(now.len()) {
            let before = memos.get(i).and_then(|m| m.words.as_ref());
            let after = now.get(i);
            if let (Some(b), Some(a)) = (before, after) {
                if Arc::ptr_eq(b, a) {
                    continue;
                }
            }
            totals.replace(before.map(|b| &**b), after.map(|a| &**a));
        }
        Some(totals)
    }

    /// The last analysis's list of claims, as a list each claim can be
    /// moved out of once, and where each article's claims are in it; if
    /// its caller handed it back.
    pub fn take_claims(&mut self) -> Option<(ClaimsLayout, Vec<Option<Claim>>)> {
        match self.previous.claims.take()? {
            (layout, Some(list)) => Some((layout, list.into_iter().map(Some).collect())),
            _ => None,
        }
    }
}

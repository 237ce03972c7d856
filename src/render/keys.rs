//! Keys of what person, topic and article pages are made from, so that a rebuild
//! can tell the pages an edit leaves as they were without making them.
//!
//! A rebuild finds unchanged pages by digesting each page's model (see
//! [`super::Reuse`]), which means making every model first. A person's
//! or topic's model lists thousands of links at 5,000 articles, and
//! making and digesting the models of every person and topic page took
//! about 35 ms of processor time in every rebuild, most often to find
//! that none of them changed.
//!
//! A key instead digests what the model is made from. What many pages
//! read (every person's names, mentions and roles; every topic; every
//! article's id, title and outlet) is digested once per build; what only
//! one page reads (a person's quotations and disagreements, the sentences
//! a topic's page shows) per page.
//!
//! An article page's key digests the article (its text by a digest kept
//! from the last build while the text is the very same shared one, see
//! [`TextDigests`]) and what its page shows of the analysis: the people
//! named in it, the disagreements about its sentences, its topics and
//! its neighbours in reading order. Making and digesting the 5,000
//! article models of a rebuild took about 55 ms of processor time.
//!
//! A key must cover everything its page's model reads. Debug builds make
//! the model anyway and check that a page whose key is unchanged has an
//! unchanged model too (see `render_each_reusing`), so a test that edits
//! an input a key misses fails there.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::pages::{topic_sample, ArticleLookup, PeopleLookup};
use crate::digest::Digest;
use crate::model::{Analysis, Article, Block, Corpus, Sentence};

/// The keys of one build's person, topic and article pages.
#[derive(Debug)]
pub struct PageKeys {
    people: u128,
    topics: u128,
    /// Every article's fields but its text, and its number of sentences.
    meta: u128,
    /// Per article: a digest of the article itself.
    articles: Vec<u128>,
    /// Each page's key, made by whichever asks first: the print view's
    /// entries are kept by their pages' keys, and making the keys of the
    /// entries again (a hundred people with all their quotations, two
    /// hundred articles) took 10 ms of a rebuild. A build asks with the
    /// same lookups every time, so the first answer is the answer.
    person_keys: Vec<OnceLock<u128>>,
    topic_keys: Vec<OnceLock<u128>>,
    article_keys: Vec<OnceLock<u128>>,
}

/// What a rebuild keeps of the last build's article digests: each by the
/// text it was made from, by address. A `serve` rebuild hands unchanged
/// articles the very same shared blocks and sentences, and one held here
/// cannot be freed, so its address cannot be given to other text: the
/// same address is the same text. (Digesting the dossier's text again
/// took 18 ms of processor time in every rebuild at 5,000 articles.)
#[derive(Debug, Default)]
pub struct TextDigests(Mutex<HashMap<usize, KeptText>>);

#[derive(Debug)]
struct KeptText {
    blocks: Arc<Vec<Block>>,
    sentences: Arc<Vec<Sentence>>,
    digest: u128,
}

/// A digest of `article`: every field of it, with its text (its blocks
/// and `sentences`) taken from `kept` when it is the same shared text;
/// and what to keep of the text for the next build.
fn article_digest(
    article: &Article,
    sentences: &Arc<Vec<Sentence>>,
    kept: &HashMap<usize, KeptText>,
) -> (u128, KeptText) {
    let blocks = &article.blocks;
    let text = kept
        .get(&(Arc::as_ptr(blocks) as usize))
        .filter(|k| Arc::ptr_eq(&k.blocks, blocks) && Arc::ptr_eq(&k.sentences, sentences))
        .map_or_else(
            || {
                let mut d = Digest::new();
                (blocks, sentences).hash(&mut d);
                d.finish128()
            },
            |k| k.digest,
        );
    let keep = KeptText {
        blocks: Arc::clone(blocks),
        sentences: Arc::clone(sentences),
        digest: text,
    };
    (article.digest_with_text(text), keep)
}

impl PageKeys {
    /// The keys' shared parts; `texts` keeps the articles' digests from
    /// one build for the next.
    pub fn new(corpus: &Corpus, analysis: &Analysis, texts: Option<&TextDigests>) -> PageKeys {
        let own = {
            let empty = Mutex::default();
            let memo = texts.map_or(&empty, |t| &t.0);
            let mut kept = memo.lock().unwrap_or_else(|e| e.into_inner());
            let (digests, now): (Vec<u128>, HashMap<usize, KeptText>) = corpus
                .articles
                .par_iter()
                .zip(&analysis.articles)
                .map(|(a, x)| {
                    let (digest, text) = article_digest(a, &x.sentences, &kept);
                    (digest, (Arc::as_ptr(&text.blocks) as usize, text))
                })
                .unzip();
            *kept = now;
            digests
        };
        // What every page links to: articles by id, title and outlet.
        let mut articles = Digest::new();
        corpus.articles.len().hash(&mut articles);
        for a in &corpus.articles {
            (&a.id, &a.display_title, &a.outlet).hash(&mut articles);
        }
        // What lists of articles show of each (the data export, the
        // sources page): an edit to an article's text leaves it as it was.
        let meta = {
            let mut d = Digest::new();
            corpus.articles.len().hash(&mut d);
            for (a, x) in corpus.articles.iter().zip(&analysis.articles) {
                (&a.id, &a.file, &a.title, &a.display_title, &a.outlet).hash(&mut d);
                (&a.byline, a.date, &a.url, &a.dateline, &a.tags).hash(&mut d);
                x.sentences.len().hash(&mut d);
            }
            d.finish128()
        };
        let (people, topics) = rayon::join(
            || {
                // Everything of every person but the quotations, which
                // are indexes into a list any article's edit renumbers:
                // each page digests its own.
                let mut d = articles.clone();
                analysis.people.len().hash(&mut d);
                for p in &analysis.people {
                    (&p.id, &p.name, &p.variants, &p.mentions).hash(&mut d);
                    (&p.roles, &p.evidence, &p.description).hash(&mut d);
                }
                // A person's page lists the topics they are in.
                analysis.topics.len().hash(&mut d);
                for t in &analysis.topics {
                    (&t.id, &t.name, t.kind, &t.people).hash(&mut d);
                }
                d.finish128()
            },
            || {
                let mut d = articles.clone();
                analysis.people.len().hash(&mut d);
                for p in &analysis.people {
                    (&p.id, &p.name).hash(&mut d);
                }
                analysis.topics.hash(&mut d);
                d.finish128()
            },
        );
        let cells = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        PageKeys {
            people,
            topics,
            meta,
            person_keys: cells(analysis.people.len()),
            topic_keys: cells(analysis.topics.len()),
            article_keys: cells(own.len()),
            articles: own,
        }
    }

    /// The key of `data/people.json`: every person, with their
    /// quotations.
    pub fn people_export(&self, analysis: &Analysis) -> u128 {
        let mut d = Digest::new();
        self.people.hash(&mut d);
        for p in &analysis.people {
            p.quotes.len().hash(&mut d);
            for &qi in &p.quotes {
                let q = &analysis.quotes[qi];
                (q.at, &q.text).hash(&mut d);
            }
        }
        d.finish128()
    }

    /// The key of `data/topics.json`: every topic, and the people and
    /// articles it names.
    pub fn topics_export(&self) -> u128 {
        self.topics
    }

    /// The key of `data/articles.json`: every article's fields but its
    /// text, and its number of sentences.
    pub fn articles_export(&self) -> u128 {
        self.meta
    }

    /// The key of the network page, which reads every person's id, name
    /// and mentions (its layout is most of its making).
    pub fn network(&self) -> u128 {
        self.people
    }

    /// The key of the sources page: every article's outlet, title, date,
    /// byline, address and file.
    pub fn sources(&self) -> u128 {
        self.meta
    }

    /// The key of article `ai`'s page.
    pub fn article(
        &self,
        corpus: &Corpus,
        analysis: &Analysis,
        ai: usize,
        lookup: &ArticleLookup,
        highlighted: bool,
    ) -> u128 {
        let make = || {
            let mut d = Digest::new();
            (ai, self.articles.get(ai)).hash(&mut d);
            lookup.digest_article(corpus, analysis, ai, highlighted, &mut d);
            d.finish128()
        };
        self.article_keys
            .get(ai)
            .map_or_else(make, |k| *k.get_or_init(make))
    }

    /// The key of person `pi`'s page.
    pub fn person(&self, analysis: &Analysis, pi: usize, lookup: &PeopleLookup) -> u128 {
        let make = || self.person_key(analysis, pi, lookup);
        self.person_keys
            .get(pi)
            .map_or_else(make, |k| *k.get_or_init(make))
    }

    fn person_key(&self, analysis: &Analysis, pi: usize, lookup: &PeopleLookup) -> u128 {
        let mut d = Digest::new();
        (self.people, pi).hash(&mut d);
        let p = &analysis.people[pi];
        p.quotes.len().hash(&mut d);
        for &qi in &p.quotes {
            let q = &analysis.quotes[qi];
            (q.at, &q.text).hash(&mut d);
        }
        let about = lookup.disagreements_of(pi);
        about.len().hash(&mut d);
        for &di in about {
            let x = &analysis.disagreements[di];
            (&x.subject, &x.id, x.kind.as_str()).hash(&mut d);
        }
        d.finish128()
    }

    /// The key of topic `ti`'s page, which also shows a sample of the
    /// sentences that mention the topic: their words are digested too.
    pub fn topic(&self, analysis: &Analysis, ti: usize) -> u128 {
        let make = || self.topic_key(analysis, ti);
        self.topic_keys
            .get(ti)
            .map_or_else(make, |k| *k.get_or_init(make))
    }

    fn topic_key(&self, analysis: &Analysis, ti: usize) -> u128 {
        let t = &analysis.topics[ti];
        let mut d = Digest::new();
        (self.topics, ti).hash(&mut d);
        for at in topic_sample(t, usize::MAX) {
            let text = analysis
                .articles
                .get(at.article)
                .and_then(|a| a.sentences.get(at.sentence))
                .map(|s| s.text.as_str());
            text.hash(&mut d);
        }
        d.finish128()
    }
}

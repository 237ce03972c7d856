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
    /// Every article's id, title and outlet: what a link to an article
    /// shows.
    links: u128,
    /// Every person and topic (the network page and the data export).
    people: u128,
    topics: u128,
    /// Every article's fields but its text, and its number of sentences.
    meta: u128,
    /// Per article: a digest of the article itself.
    articles: Vec<u128>,
    /// Per person: their own fields (names, mentions, roles, evidence).
    own: Vec<u128>,
    /// Per person: what another person's page shows of them (their id,
    /// name and number of mentions).
    who: Vec<u128>,
    /// Per person: the topics they are in, by index.
    topics_of: Vec<Vec<usize>>,
    /// The order of people that their numbers of mentions and names
    /// leave open (see [`open_order`]).
    order: u128,
    /// Per article: who is named in it (see [`PageKeys::named_in`]),
    /// made by the first person page that asks.
    named_in: Vec<OnceLock<u128>>,
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
        let own_articles = {
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
        let articles = articles.finish128();
        // Each person's own fields, and what another person's page shows
        // of them (id, name, number of mentions), each on its own: a
        // person page's key reads its own and, of the others, only what
        // it shows of them, so that a person named for the first time,
        // who renumbers the people after them, leaves the others' pages
        // to be kept. (Every person page's key digested every person,
        // and all of them were made again after such an edit.)
        let ((own, who), topics): ((Vec<u128>, Vec<u128>), u128) = rayon::join(
            || {
                analysis
                    .people
                    .par_iter()
                    .map(|p| {
                        let mut d = Digest::new();
                        (&p.id, &p.name, &p.variants, &p.mentions).hash(&mut d);
                        (&p.roles, &p.evidence, &p.description).hash(&mut d);
                        let mut w = Digest::new();
                        (&p.id, &p.name, p.mentions.len()).hash(&mut w);
                        (d.finish128(), w.finish128())
                    })
                    .unzip()
            },
            || {
                let mut d = Digest::new();
                articles.hash(&mut d);
                analysis.people.len().hash(&mut d);
                for p in &analysis.people {
                    (&p.id, &p.name).hash(&mut d);
                }
                analysis.topics.hash(&mut d);
                d.finish128()
            },
        );
        let mut topics_of: Vec<Vec<usize>> = vec![Vec::new(); analysis.people.len()];
        for (ti, t) in analysis.topics.iter().enumerate() {
            for &pi in &t.people {
                if let Some(list) = topics_of.get_mut(pi) {
                    if list.last() != Some(&ti) {
                        list.push(ti);
                    }
                }
            }
        }
        // Everything of every person but the quotations, which are
        // indexes into a list any article's edit renumbers (the data
        // export's key digests them itself).
        let people = {
            let mut d = Digest::new();
            (articles, &own).hash(&mut d);
            d.finish128()
        };
        let cells = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        PageKeys {
            links: articles,
            people,
            topics,
            meta,
            order: open_order(&analysis.people),
            own,
            who,
            topics_of,
            named_in: cells(corpus.articles.len()),
            person_keys: cells(analysis.people.len()),
            topic_keys: cells(analysis.topics.len()),
            article_keys: cells(own_articles.len()),
            articles: own_articles,
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

    /// The key of article `ai`'s record in `data/articles.json`: the
    /// article, and its number of sentences.
    pub fn article_record(&self, analysis: &Analysis, ai: usize) -> u128 {
        let mut d = Digest::new();
        let sentences = analysis.articles.get(ai).map(|a| a.sentences.len());
        (self.articles.get(ai), sentences).hash(&mut d);
        d.finish128()
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
        (self.links, self.order, self.own[pi]).hash(&mut d);
        let p = &analysis.people[pi];
        // Who appears with them: who is named in their articles (their
        // sentences are in their own fields).
        let mut last = None;
        for m in &p.mentions {
            if last != Some(m.at.article) {
                last = Some(m.at.article);
                self.named_in(m.at.article, lookup).hash(&mut d);
            }
        }
        let topics = &self.topics_of[pi];
        topics.len().hash(&mut d);
        for &ti in topics {
            let t = &analysis.topics[ti];
            (&t.id, &t.name, t.kind).hash(&mut d);
        }
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

    /// Who is named in article `ai`, as a person's page shows the people
    /// named with them: each sentence's people and the article's, each
    /// by id, name and number of mentions (which, with [`open_order`],
    /// give their order), not by index.
    fn named_in(&self, ai: usize, lookup: &PeopleLookup) -> u128 {
        let make = || {
            let (in_sentence, in_article) = lookup.named_in(ai);
            let person = |pi: usize| self.who[pi];
            let mut d = Digest::new();
            in_sentence.len().hash(&mut d);
            for &(sentence, pi) in in_sentence {
                (sentence, person(pi)).hash(&mut d);
            }
            in_article.len().hash(&mut d);
            for &pi in in_article {
                person(pi).hash(&mut d);
            }
            d.finish128()
        };
        self.named_in
            .get(ai)
            .map_or_else(make, |k| *k.get_or_init(make))
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
        self.links.hash(&mut d);
        (&t.id, &t.name, t.kind, &t.articles, &t.sentences).hash(&mut d);
        t.description.hash(&mut d);
        // The people and related topics it links to, by what the links
        // show, not by index (a new person renumbers the people).
        t.people.len().hash(&mut d);
        for &pi in &t.people {
            let p = &analysis.people[pi];
            (&p.id, &p.name).hash(&mut d);
        }
        t.related.len().hash(&mut d);
        for &r in &t.related {
            let r = &analysis.topics[r];
            (&r.id, &r.name, r.kind).hash(&mut d);
        }
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

/// What of the order of `people` their numbers of mentions and names
/// leave open. People are listed by mentions, most first, then by name,
/// and a person's page orders the people named with them by that order
/// where their counts tie: so their keys digest each one's mentions and
/// name, and this, the order of people whose mentions and names are
/// the same (or every person's, should they not be in that order).
fn open_order(people: &[crate::model::Person]) -> u128 {
    fn rank(p: &crate::model::Person) -> (std::cmp::Reverse<usize>, &str) {
        (std::cmp::Reverse(p.mentions.len()), &p.name)
    }
    let mut d = Digest::new();
    if people.windows(2).any(|w| rank(&w[0]) > rank(&w[1])) {
        for p in people {
            p.id.hash(&mut d);
        }
    } else {
        for w in people.windows(2) {
            if rank(&w[0]) == rank(&w[1]) {
                (&w[0].id, &w[1].id).hash(&mut d);
            }
        }
    }
    d.finish128()
}

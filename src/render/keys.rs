//! Keys of what person and topic pages are made from, so that a rebuild
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
//! A key must cover everything its page's model reads. Debug builds make
//! the model anyway and check that a page whose key is unchanged has an
//! unchanged model too (see `render_each_reusing`), so a test that edits
//! an input a key misses fails there.

use std::hash::Hash;

use super::pages::{topic_sample, PeopleLookup};
use crate::digest::Digest;
use crate::model::{Analysis, Corpus};

/// The keys of one build's person and topic pages.
#[derive(Debug)]
pub struct PageKeys {
    people: u128,
    topics: u128,
}

impl PageKeys {
    pub fn new(corpus: &Corpus, analysis: &Analysis) -> PageKeys {
        // What every page links to: articles by id, title and outlet.
        let mut articles = Digest::new();
        corpus.articles.len().hash(&mut articles);
        for a in &corpus.articles {
            (&a.id, &a.display_title, &a.outlet).hash(&mut articles);
        }
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
        PageKeys { people, topics }
    }

    /// The key of person `pi`'s page.
    pub fn person(&self, analysis: &Analysis, pi: usize, lookup: &PeopleLookup) -> u128 {
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

//! `print.html`: the whole dossier as one document, in reading order
//! (briefing, disagreements, people, topics, articles), for printing to a
//! briefing book.
//!
//! The sections reuse the page models of the site's own pages, so the print
//! view says exactly what the pages say. Links between them are turned into
//! links inside the document (a PDF keeps them), and the sentence anchors
//! of each article get the article's id in front, so that ids stay unique.
//!
//! Each person, topic and article is an entry rendered on its own from
//! `print-person.html`, `print-topic.html` or `print-article.html`, as each
//! disagreement card is from `card.html`: the print view changes after
//! almost any edit, its entries seldom, and a rebuild renders again only
//! the entries whose page's key (see `keys`) is new.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::cards::CardSlot;
use super::erased;
use super::fragments::Fragments;
use super::highlight::Highlighter;
use super::pages::{
    self, ArticleLookup, ArticlePage, DisagreementsPage, IndexPage, Lists, PeopleLookup,
    PersonPage, TopicPage,
};
use crate::error::Result;
use crate::model::{Analysis, Corpus};

/// A large dossier is a library, not a book: the print view holds this
/// many of each, most important first (articles in reading order), and
/// says how many the site has.
pub const PRINT_ARTICLES: usize = 200;
pub const PRINT_PEOPLE: usize = 100;
pub const PRINT_TOPICS: usize = 60;

#[derive(Debug, Serialize)]
pub struct Entry<T> {
    /// The entry's id in the document.
    pub anchor: String,
    /// The page model of the entry's own page, its lists cut to
    /// [`PRINT_LIST`] (a person in 5,000 articles is not 5,000 lines of a
    /// book).
    pub page: T,
    /// How long the lists were before they were cut, by name.
    pub totals: Totals,
}

#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub articles: usize,
    pub roles: usize,
    pub quotes: usize,
    pub quotes_shown: usize,
}

/// Lines per list in an entry.
pub const PRINT_LIST: usize = 12;
/// Quotations per person, and sentences per topic.
pub const PRINT_QUOTES: usize = 8;

/// An entry as the document holds it.
#[derive(Debug, Serialize)]
pub struct EntrySlot {
    pub anchor: String,
    /// The entry's template rendered for it, put in place as it is.
    pub html: Arc<str>,
}

#[derive(Debug, Serialize)]
pub struct PrintPage<'a> {
    pub title: String,
    /// The home page's and the disagreements page's own models, made once
    /// for the page and the print view.
    pub briefing: &'a IndexPage,
    pub disagreements: &'a DisagreementsPage<CardSlot>,
    pub people: Vec<EntrySlot>,
    pub people_total: usize,
    pub topics: Vec<EntrySlot>,
    pub topics_total: usize,
    pub articles: Vec<EntrySlot>,
    pub articles_total: usize,
}

/// What an entry is the entry of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Person,
    Topic,
    Article,
}

impl Kind {
    /// The template an entry of this kind is rendered from.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Person => "print-person.html",
            Kind::Topic => "print-topic.html",
            Kind::Article => "print-article.html",
        }
    }
}

/// How the entries are rendered, and kept between rebuilds.
pub struct Entries<'r> {
    /// Renders an entry's model (`entry` in its template).
    pub render: &'r (dyn Fn(Kind, &dyn erased::Page) -> Result<String> + Sync),
    /// The digest of what the entry of the `Kind`'s `usize`th is made
    /// from, without making it, if known: the entry is then taken from
    /// `kept` when there.
    pub digest: &'r (dyn Fn(Kind, usize) -> Option<u128> + Sync),
    pub kept: Option<&'r Fragments>,
}

/// The print view's model; `None` when `disagreements` (asked for its
/// chapter once the entries are made, since making it may take longer
/// than they do) gives none.
#[allow(clippy::too_many_arguments)]
pub fn page<'a>(
    corpus: &Corpus,
    analysis: &Analysis,
    briefing: &'a IndexPage,
    disagreements: &dyn Fn() -> Result<Option<&'a DisagreementsPage<CardSlot>>>,
    highlighter: Option<&Highlighter>,
    lookup: &ArticleLookup,
    people_lookup: &PeopleLookup,
    entries: &Entries,
) -> Result<Option<PrintPage<'a>>> {
    let round = Fragments::round(entries.kept);
    // The entry of the `i`th of its kind, with the id `anchor` in the
    // document, made by `make` (given the anchor) unless kept.
    let slot =
        |kind: Kind, i: usize, anchor: String, make: &dyn Fn(String) -> Box<dyn erased::Page>| {
            let make = || make(anchor.clone());
            let digest = (entries.digest)(kind, i);
            let html = match round.last(digest) {
                Some(html) => {
                    // Debug builds check that the digest tells every change.
                    if cfg!(debug_assertions) {
                        let fresh = (entries.render)(kind, &*make())?;
                        assert_eq!(
                            *fresh, **html,
                            "{anchor}: the entry's key is the last build's, but it is not"
                        );
                    }
                    Arc::clone(html)
                }
                None => Arc::from((entries.render)(kind, &*make())?),
            };
            round.note(digest, &html);
            Ok(EntrySlot { anchor, html })
        };
    let people = (0..analysis.people.len().min(PRINT_PEOPLE))
        .into_par_iter()
        .map(|i| {
            let anchor = format!("person-{}", analysis.people[i].id);
            slot(Kind::Person, i, anchor, &|anchor| {
                Box::new(person_entry(corpus, analysis, i, people_lookup, anchor))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let topics = (0..analysis.topics.len().min(PRINT_TOPICS))
        .into_par_iter()
        .map(|i| {
            let anchor = format!("topic-{}", analysis.topics[i].id);
            slot(Kind::Topic, i, anchor, &|anchor| {
                Box::new(topic_entry(corpus, analysis, i, anchor))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let articles = lookup.order()[..lookup.order().len().min(PRINT_ARTICLES)]
        .par_iter()
        .map(|&i| {
            let anchor = format!("article-{}", corpus.articles[i].id);
            slot(Kind::Article, i, anchor, &|anchor| {
                Box::new(article_entry(
                    corpus,
                    analysis,
                    i,
                    highlighter,
                    lookup,
                    anchor,
                ))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    round.finish();
    let Some(disagreements) = disagreements()? else {
        return Ok(None);
    };
    Ok(Some(PrintPage {
        title: corpus.config.title.clone(),
        briefing,
        disagreements,
        people,
        people_total: analysis.people.len(),
        topics,
        topics_total: analysis.topics.len(),
        articles,
        articles_total: corpus.articles.len(),
    }))
}

/// The entry of the `i`th person, with the id `anchor`.
fn person_entry(
    corpus: &Corpus,
    analysis: &Analysis,
    i: usize,
    people_lookup: &PeopleLookup,
    anchor: String,
) -> Entry<PersonPage> {
    let p = &analysis.people[i];
    let page = pages::person_with(corpus, analysis, i, people_lookup, ENTRY_LISTS);
    let articles: std::collections::BTreeSet<usize> =
        p.mentions.iter().map(|m| m.at.article).collect();
    let totals = Totals {
        articles: articles.len(),
        roles: p.roles.len(),
        quotes: p.quotes.len(),
        quotes_shown: page.quotes.iter().map(|g| g.quotes.len()).sum(),
    };
    Entry {
        anchor,
        page,
        totals,
    }
}

/// The entry of the `i`th topic, with the id `anchor`.
fn topic_entry(corpus: &Corpus, analysis: &Analysis, i: usize, anchor: String) -> Entry<TopicPage> {
    let page = pages::topic_with(corpus, analysis, i, ENTRY_LISTS);
    let totals = Totals {
        articles: analysis.topics[i].articles.len(),
        ..Totals::default()
    };
    Entry {
        anchor,
        page,
        totals,
    }
}

/// The entry of the `i`th article, with the id `anchor`.
fn article_entry(
    corpus: &Corpus,
    analysis: &Analysis,
    i: usize,
    highlighter: Option<&Highlighter>,
    lookup: &ArticleLookup,
    anchor: String,
) -> Entry<ArticlePage> {
    let mut page = pages::article(corpus, analysis, i, highlighter, lookup);
    // The body was written for `articles/ID.html`: its links climb
    // one folder, and its sentence ids are the page's own (`sN` becomes
    // `ANCHOR-sN`, where `localize_links` sends links to them).
    page.body = page
        .body
        .replace("href=\"../", "href=\"")
        .replace(" id=\"s", &format!(" id=\"{anchor}-s"));
    Entry {
        anchor,
        page,
        totals: Totals::default(),
    }
}

/// How long an entry's lists are.
const ENTRY_LISTS: Lists = Lists {
    items: PRINT_LIST,
    quotes: PRINT_QUOTES,
    network: false,
};

/// Turns the rendered document's links to the site's pages into links
/// inside it, where the document holds the target: `articles/ID.html#sN`
/// → `#article-ID-sN`, `people/ID.html` → `#person-ID`, `topics/ID.html`
/// → `#topic-ID`, `disagreements.html#CARD` → `#CARD`. Links to what the
/// document left out stay links to the site. Only `href` attributes the
/// templates wrote can match: article text is escaped, so it holds no `"`.
pub fn localize_links(html: &str, doc: &PrintPage) -> String {
    let people: std::collections::HashSet<&str> =
        doc.people.iter().map(|e| e.anchor.as_str()).collect();
    let topics: std::collections::HashSet<&str> =
        doc.topics.iter().map(|e| e.anchor.as_str()).collect();
    let articles: std::collections::HashSet<&str> =
        doc.articles.iter().map(|e| e.anchor.as_str()).collect();
    let cards: std::collections::HashSet<&str> =
        doc.disagreements.cards().map(|c| c.id.as_str()).collect();
    // The target inside the document of a link whose address (after
    // `href="`) starts `rest`, and how much of `rest` the address and its
    // closing quote take: `ARTICLES|PEOPLE|TOPICS/ID.html[#sN]"` or
    // `disagreements.html#CARD"`, with ids of `[a-z0-9-]`. (A scan for
    // `href="`, not a pattern: the document is megabytes with thousands
    // of links, and the pattern took 11 ms of a rebuild.)
    let local = |rest: &str| -> Option<(String, usize)> {
        let id_len = |s: &str| {
            s.bytes()
                .take_while(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
                .count()
        };
        if let Some(after) = rest.strip_prefix("disagreements.html#") {
            let n = id_len(after);
            let card = &after[..n];
            if n == 0 || !after[n..].starts_with('"') || !cards.contains(card) {
                return None;
            }
            return Some((card.to_string(), rest.len() - after.len() + n + 1));
        }
        let (set, prefix, after) = [
            ("articles/", &articles, "article"),
            ("people/", &people, "person"),
            ("topics/", &topics, "topic"),
        ]
        .into_iter()
        .find_map(|(folder, set, prefix)| Some((set, prefix, rest.strip_prefix(folder)?)))?;
        let n = id_len(after);
        let id = &after[..n];
        let tail = after[n..].strip_prefix(".html").filter(|_| n > 0)?;
        let (sentence, tail) = match tail.strip_prefix("#s") {
            Some(t) => {
                let digits = t.bytes().take_while(u8::is_ascii_digit).count();
                let n = Some(&t[..digits]).filter(|_| digits > 0)?;
                (Some(n), &t[digits..])
            }
            None => (None, tail),
        };
        let tail = tail.strip_prefix('"')?;
        let anchor = format!("{prefix}-{id}");
        if !set.contains(anchor.as_str()) {
            return None;
        }
        let target = match sentence {
            Some(n) => format!("{anchor}-s{n}"),
            None => anchor,
        };
        Some((target, rest.len() - tail.len()))
    };
    const HREF: &str = "href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(HREF) {
        let address = &rest[at + HREF.len()..];
        out.push_str(&rest[..at + HREF.len()]);
        rest = match local(address) {
            Some((target, taken)) => {
                out.push('#');
                out.push_str(&target);
                out.push('"');
                &address[taken..]
            }
            None => address,
        };
    }
    out.push_str(rest);
    out
}

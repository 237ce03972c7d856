//! `print.html`: the whole dossier as one document, in reading order
//! (briefing, disagreements, people, topics, articles), for printing to a
//! briefing book.
//!
//! The sections reuse the page models of the site's own pages, so the print
//! view says exactly what the pages say. Links between them are turned into
//! links inside the document (a PDF keeps them), and the sentence anchors
//! of each article get the article's id in front, so that ids stay unique.

use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;

use super::cards::CardSlot;
use super::highlight::Highlighter;
use super::pages::{
    self, ArticleLookup, ArticlePage, DisagreementsPage, IndexPage, Lists, PeopleLookup,
    PersonPage, TopicPage,
};
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

#[derive(Debug, Serialize)]
pub struct PrintPage<'a> {
    pub title: String,
    /// The home page's and the disagreements page's own models, made once
    /// for the page and the print view.
    pub briefing: &'a IndexPage,
    pub disagreements: &'a DisagreementsPage<CardSlot>,
    pub people: Vec<Entry<PersonPage>>,
    pub people_total: usize,
    pub topics: Vec<Entry<TopicPage>>,
    pub topics_total: usize,
    pub articles: Vec<Entry<ArticlePage>>,
    pub articles_total: usize,
}

pub fn page<'a>(
    corpus: &Corpus,
    analysis: &Analysis,
    briefing: &'a IndexPage,
    disagreements: &'a DisagreementsPage<CardSlot>,
    highlighter: Option<&Highlighter>,
    lookup: &ArticleLookup,
    people_lookup: &PeopleLookup,
) -> PrintPage<'a> {
    let people = (0..analysis.people.len().min(PRINT_PEOPLE))
        .into_par_iter()
        .map(|i| {
            let p = &analysis.people[i];
            let lists = Lists {
                items: PRINT_LIST,
                quotes: PRINT_QUOTES,
                network: false,
            };
            let page = pages::person_with(corpus, analysis, i, people_lookup, lists);
            let articles: std::collections::BTreeSet<usize> =
                p.mentions.iter().map(|m| m.at.article).collect();
            let totals = Totals {
                articles: articles.len(),
                roles: p.roles.len(),
                quotes: p.quotes.len(),
                quotes_shown: page.quotes.iter().map(|g| g.quotes.len()).sum(),
            };
            Entry {
                anchor: format!("person-{}", analysis.people[i].id),
                page,
                totals,
            }
        })
        .collect();
    let topics = (0..analysis.topics.len().min(PRINT_TOPICS))
        .into_par_iter()
        .map(|i| {
            let lists = Lists {
                items: PRINT_LIST,
                quotes: PRINT_QUOTES,
                network: false,
            };
            let page = pages::topic_with(corpus, analysis, i, lists);
            let totals = Totals {
                articles: analysis.topics[i].articles.len(),
                ..Totals::default()
            };
            Entry {
                anchor: format!("topic-{}", analysis.topics[i].id),
                page,
                totals,
            }
        })
        .collect();
    let articles = pages::ordered(corpus)
        .into_iter()
        .take(PRINT_ARTICLES)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|i| {
            let mut page = pages::article(corpus, analysis, i, highlighter, lookup);
            let id = &corpus.articles[i].id;
            // The body was written for `articles/ID.html`: its links climb
            // one folder, and its sentence ids are the page's own.
            page.body = page
                .body
                .replace("href=\"../", "href=\"")
                .replace(" id=\"s", &format!(" id=\"article-{id}-s"));
            Entry {
                anchor: format!("article-{id}"),
                page,
                totals: Totals::default(),
            }
        })
        .collect();
    PrintPage {
        title: corpus.config.title.clone(),
        briefing,
        disagreements,
        people,
        people_total: analysis.people.len(),
        topics,
        topics_total: analysis.topics.len(),
        articles,
        articles_total: corpus.articles.len(),
    }
}

/// Turns the rendered document's links to the site's pages into links
/// inside it, where the document holds the target: `articles/ID.html#sN`
/// → `#article-ID-sN`, `people/ID.html` → `#person-ID`, `topics/ID.html`
/// → `#topic-ID`, `disagreements.html#CARD` → `#CARD`. Links to what the
/// document left out stay links to the site. Only `href` attributes the
/// templates wrote can match: article text is escaped, so it holds no `"`.
pub fn localize_links(html: &str, doc: &PrintPage) -> String {
    static HREF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"href="(?:(articles|people|topics)/([a-z0-9-]+)\.html(?:#s([0-9]+))?|disagreements\.html#([a-z0-9-]+))""#,
        )
        .expect("valid regex")
    });
    let people: std::collections::HashSet<&str> =
        doc.people.iter().map(|e| e.anchor.as_str()).collect();
    let topics: std::collections::HashSet<&str> =
        doc.topics.iter().map(|e| e.anchor.as_str()).collect();
    let articles: std::collections::HashSet<&str> =
        doc.articles.iter().map(|e| e.anchor.as_str()).collect();
    let cards: std::collections::HashSet<&str> =
        doc.disagreements.cards().map(|c| c.id.as_str()).collect();
    HREF.replace_all(html, |c: &regex::Captures| {
        let whole = c[0].to_string();
        if let Some(card) = c.get(4) {
            return if cards.contains(card.as_str()) {
                format!("href=\"#{}\"", card.as_str())
            } else {
                whole
            };
        }
        let (kind, id) = (&c[1], &c[2]);
        let (set, prefix) = match kind {
            "articles" => (&articles, "article"),
            "people" => (&people, "person"),
            _ => (&topics, "topic"),
        };
        let anchor = format!("{prefix}-{id}");
        if !set.contains(anchor.as_str()) {
            return whole;
        }
        match c.get(3) {
            Some(n) => format!("href=\"#{anchor}-s{}\"", n.as_str()),
            None => format!("href=\"#{anchor}\""),
        }
    })
    .into_owned()
}

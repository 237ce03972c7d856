//! Page models: exactly the data each template sees.
//!
//! Everything here is derived from the corpus and analysis; nothing is
//! escaped here (Tera escapes on output), except syntax-highlighted code,
//! which the highlighter builds from escaped text.

use std::collections::BTreeMap;

use serde::Serialize;

use super::highlight::Highlighter;
use crate::model::{Analysis, Article, BlockKind, Corpus};
use crate::text::word_count;

/// Where an article's page is, relative to the site root.
pub fn article_page_path(id: &str) -> String {
    format!("articles/{id}.html")
}

/// Where a person's page is, relative to the site root.
pub fn person_page_path(id: &str) -> String {
    format!("people/{id}.html")
}

/// Where a topic's page is, relative to the site root.
pub fn topic_page_path(id: &str) -> String {
    format!("topics/{id}.html")
}

/// The prefix that leads from a page back to the site root: `""` for
/// `index.html`, `"../"` for `articles/x.html`.
pub fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Site-wide values every template gets as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    pub base_url: Option<String>,
}

impl SiteView {
    pub fn new(corpus: &Corpus) -> SiteView {
        let c = &corpus.config;
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.base_url.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: &'static str,
    /// Relative to the site root; templates prefix `root`.
    pub href: &'static str,
    pub current: bool,
}

/// The navigation bar, with the current section marked.
pub fn nav(path: &str) -> Vec<NavItem> {
    let items = [("Briefing", "index.html"), ("Sources", "sources.html")];
    items
        .iter()
        .map(|&(label, href)| NavItem {
            label,
            href,
            current: href == path || (href == "sources.html" && path.starts_with("articles/")),
        })
        .collect()
}

/// An article as lists show it.
#[derive(Debug, Serialize)]
pub struct ArticleSummary {
    pub id: String,
    pub title: String,
    /// Relative to the site root.
    pub href: String,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub date_long: Option<String>,
    pub sentences: usize,
    pub words: usize,
}

fn summary(a: &Article, analysis: &Analysis, index: usize) -> ArticleSummary {
    ArticleSummary {
        id: a.id.clone(),
        title: a.display_title.clone(),
        href: article_page_path(&a.id),
        outlet: a.outlet.clone(),
        byline: a.byline.clone(),
        date: a.date.map(|d| d.to_string()),
        date_long: a.date.map(|d| d.long()),
        sentences: analysis
            .articles
            .get(index)
            .map_or(0, |x| x.sentences.len()),
        words: a.blocks.iter().map(|b| word_count(&b.text)).sum(),
    }
}

/// Articles in reading order for lists: dated ones oldest first, then the
/// undated, each by title; the corpus order breaks ties.
fn ordered(corpus: &Corpus) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..corpus.articles.len()).collect();
    idx.sort_by(|&x, &y| {
        let (a, b) = (&corpus.articles[x], &corpus.articles[y]);
        (a.date.is_none(), a.date, &a.display_title, x).cmp(&(
            b.date.is_none(),
            b.date,
            &b.display_title,
            y,
        ))
    });
    idx
}

#[derive(Debug, Serialize)]
pub struct Counts {
    pub articles: usize,
    pub outlets: usize,
    pub sentences: usize,
    pub words: usize,
    pub dated: usize,
}

#[derive(Debug, Serialize)]
pub struct IndexPage {
    pub title: String,
    pub counts: Counts,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub articles: Vec<ArticleSummary>,
}

pub fn index(corpus: &Corpus, analysis: &Analysis) -> IndexPage {
    let articles: Vec<ArticleSummary> = ordered(corpus)
        .into_iter()
        .map(|i| summary(&corpus.articles[i], analysis, i))
        .collect();
    let mut dates: Vec<_> = corpus.articles.iter().filter_map(|a| a.date).collect();
    dates.sort_unstable();
    IndexPage {
        title: corpus.config.title.clone(),
        counts: Counts {
            articles: articles.len(),
            outlets: outlets(corpus).keys().filter(|o| !o.is_empty()).count(),
            sentences: articles.iter().map(|a| a.sentences).sum(),
            words: articles.iter().map(|a| a.words).sum(),
            dated: dates.len(),
        },
        first_date: dates.first().map(|d| d.long()),
        last_date: dates.last().map(|d| d.long()),
        articles,
    }
}

/// Article indexes by outlet name; articles with no known outlet are
/// listed under the empty name.
fn outlets(corpus: &Corpus) -> BTreeMap<String, Vec<usize>> {
    let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in ordered(corpus) {
        let outlet = corpus.articles[i].outlet.clone().unwrap_or_default();
        map.entry(outlet).or_default().push(i);
    }
    map
}

#[derive(Debug, Serialize)]
pub struct SourceRow {
    pub title: String,
    pub href: String,
    pub date: Option<String>,
    pub date_long: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    pub file: String,
}

#[derive(Debug, Serialize)]
pub struct OutletGroup {
    /// Empty when the outlet is unknown.
    pub outlet: String,
    pub articles: Vec<SourceRow>,
}

#[derive(Debug, Serialize)]
pub struct SourcesPage {
    pub title: String,
    pub outlets: Vec<OutletGroup>,
}

pub fn sources(corpus: &Corpus) -> SourcesPage {
    let mut groups: Vec<OutletGroup> = outlets(corpus)
        .into_iter()
        .map(|(outlet, idx)| OutletGroup {
            outlet,
            articles: idx
                .into_iter()
                .map(|i| {
                    let a = &corpus.articles[i];
                    SourceRow {
                        title: a.display_title.clone(),
                        href: article_page_path(&a.id),
                        date: a.date.map(|d| d.to_string()),
                        date_long: a.date.map(|d| d.long()),
                        byline: a.byline.clone(),
                        url: a.url.clone(),
                        file: a.file.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    // Unknown outlets last.
    groups.sort_by_key(|g| g.outlet.is_empty());
    SourcesPage {
        title: "Sources".into(),
        outlets: groups,
    }
}

/// A run of text: a sentence with its anchor, or the space between two.
#[derive(Debug, Serialize)]
pub struct Segment {
    pub sentence: Option<usize>,
    pub text: String,
}

/// A block as the article template draws it. Consecutive list items and
/// consecutive parts of one embedded post are grouped, so that the
/// template can write one `<ul>` or one `<blockquote>`.
#[derive(Debug, Serialize)]
pub struct BlockView {
    /// `p`, `h`, `list`, `quote`, `embed`, `caption` or `code`.
    pub kind: &'static str,
    /// Heading level on the page (article headings start at `h2`).
    pub level: u8,
    /// One entry per paragraph or list item, each a run of segments.
    pub items: Vec<Vec<Segment>>,
    /// Highlighted code, already safe HTML.
    pub code_html: Option<String>,
    pub lang: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ArticlePage {
    pub title: String,
    /// Whether the title was recovered from the text (or written by the
    /// editor) rather than made from the first sentence.
    pub has_headline: bool,
    pub id: String,
    pub file: String,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub date_long: Option<String>,
    pub url: Option<String>,
    pub dateline: Option<String>,
    pub tags: Vec<String>,
    pub credits: Vec<String>,
    pub kicker: Vec<String>,
    pub words: usize,
    pub sentence_count: usize,
    pub blocks: Vec<BlockView>,
    pub previous: Option<ArticleSummary>,
    pub next: Option<ArticleSummary>,
}

pub fn article(
    corpus: &Corpus,
    analysis: &Analysis,
    index: usize,
    highlighter: Option<&Highlighter>,
) -> ArticlePage {
    let a = &corpus.articles[index];
    let sentences = analysis
        .articles
        .get(index)
        .map(|x| x.sentences.as_slice())
        .unwrap_or_default();
    let mut blocks: Vec<BlockView> = Vec::new();
    for (b, block) in a.blocks.iter().enumerate() {
        let (kind, level) = match block.kind {
            BlockKind::Paragraph => ("p", 0),
            BlockKind::Heading { level } => ("h", (level + 1).clamp(2, 6)),
            BlockKind::ListItem => ("list", 0),
            BlockKind::Quote => ("quote", 0),
            BlockKind::Embed => ("embed", 0),
            BlockKind::Caption => ("caption", 0),
            BlockKind::Code { .. } => ("code", 0),
        };
        if let BlockKind::Code { lang } = &block.kind {
            blocks.push(BlockView {
                kind,
                level,
                items: Vec::new(),
                code_html: highlighter.map(|h| h.html(&block.text, lang.as_deref())),
                lang: lang.clone(),
            });
            continue;
        }
        let mut segments = Vec::new();
        let mut at = 0;
        for s in sentences.iter().filter(|s| s.block == b) {
            if s.start > at {
                segments.push(Segment {
                    sentence: None,
                    text: block.text[at..s.start].to_string(),
                });
            }
            segments.push(Segment {
                sentence: Some(s.index),
                text: s.text.clone(),
            });
            at = s.end;
        }
        if at < block.text.len() {
            segments.push(Segment {
                sentence: None,
                text: block.text[at..].to_string(),
            });
        }
        match blocks.last_mut() {
            Some(last) if last.kind == kind && matches!(kind, "list" | "embed") => {
                last.items.push(segments)
            }
            _ => blocks.push(BlockView {
                kind,
                level,
                items: vec![segments],
                code_html: None,
                lang: None,
            }),
        }
    }
    let order = ordered(corpus);
    let pos = order.iter().position(|&i| i == index).unwrap_or(0);
    let neighbour = |p: Option<usize>| {
        p.and_then(|p| order.get(p))
            .map(|&i| summary(&corpus.articles[i], analysis, i))
    };
    ArticlePage {
        title: a.display_title.clone(),
        has_headline: a.title.is_some(),
        id: a.id.clone(),
        file: a.file.clone(),
        outlet: a.outlet.clone(),
        byline: a.byline.clone(),
        date: a.date.map(|d| d.to_string()),
        date_long: a.date.map(|d| d.long()),
        url: a.url.clone(),
        dateline: a.dateline.clone(),
        tags: a.tags.clone(),
        credits: a.credits.clone(),
        kicker: a.kicker.clone(),
        words: a.blocks.iter().map(|b| word_count(&b.text)).sum(),
        sentence_count: sentences.len(),
        blocks,
        previous: neighbour(pos.checked_sub(1)),
        next: neighbour(Some(pos + 1)),
    }
}

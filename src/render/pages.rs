//! Page models: exactly the data each template sees.
//!
//! Everything here is derived from the corpus and analysis; nothing is
//! escaped here (Tera escapes on output), except syntax-highlighted code,
//! which the highlighter builds from escaped text.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use super::highlight::Highlighter;
use super::templates::{escape_html, escape_into};
use crate::digest::Digest;
use crate::model::{
    Analysis, Article, BlockKind, Claim, ClaimKind, Corpus, Disagreement, EditorVerdict, Sentence,
    SentenceRef, Topic, TopicKind,
};
use crate::text::shorten;

/// Where an article's page is, relative to the site root.
pub fn article_page_path(id: &str) -> String {
    // (`concat` sizes the string once: these are made for every link.)
    ["articles/", id, ".html"].concat()
}

/// The link to one sentence of an article: `articles/ID.html#sN`.
pub(super) fn sentence_href(corpus: &Corpus, at: SentenceRef) -> String {
    let id = &corpus.articles[at.article].id;
    let mut href = String::with_capacity(id.len() + 20);
    href.push_str("articles/");
    href.push_str(id);
    href.push_str(".html#s");
    let _ = write!(href, "{}", at.sentence);
    href
}

/// Where a person's page is, relative to the site root.
pub fn person_page_path(id: &str) -> String {
    ["people/", id, ".html"].concat()
}

/// Where a topic's page is, relative to the site root.
pub fn topic_page_path(id: &str) -> String {
    ["topics/", id, ".html"].concat()
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
    /// The Content-Security-Policy every page carries (`base.html`).
    pub content_security_policy: &'static str,
}

impl SiteView {
    pub fn new(corpus: &Corpus) -> SiteView {
        let c = &corpus.config;
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.base_url.clone(),
            content_security_policy: super::CONTENT_SECURITY_POLICY,
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
    let items = [
        ("Briefing", "index.html", ""),
        ("People", "people/index.html", "people/"),
        ("Topics", "topics/index.html", "topics/"),
        ("Timeline", "timeline.html", ""),
        ("Disagreements", "disagreements.html", ""),
        ("Coverage", "coverage.html", ""),
        ("Sources", "sources.html", "articles/"),
    ];
    items
        .iter()
        .map(|&(label, href, section)| NavItem {
            label,
            href,
            current: href == path || (!section.is_empty() && path.starts_with(section)),
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

fn summary(a: &Article, analysis: &Analysis, index: usize, words: usize) -> ArticleSummary {
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
        words,
    }
}

/// What every article page looks up, computed once for all of them (per
/// page it would make rendering grow with the square of the dossier): the
/// reading order (see [`ordered`]) and each article's place in it, and
/// which people's mentions and which disagreements fall in each article.
#[derive(Debug)]
pub struct ArticleLookup {
    order: Vec<usize>,
    position: Vec<usize>,
    /// Per article: (person, mention) indexes.
    mentions: Vec<Vec<(usize, usize)>>,
    /// Per article: each claim of a disagreement made in it, as the
    /// disagreement and the sentence, in order. (A card can hold hundreds
    /// of claims; each of its articles' pages read all of them.)
    disputes: Vec<Vec<(usize, usize)>>,
    /// Per article: the topics it is listed under, in order.
    topics: Vec<Vec<usize>>,
    /// Per article: its words, counted once (each page also shows its
    /// neighbours').
    words: Vec<usize>,
}

impl ArticleLookup {
    /// The articles in reading order (see [`ordered`]), sorted once for
    /// every page that lists them.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    pub fn new(corpus: &Corpus, analysis: &Analysis) -> ArticleLookup {
        let order = ordered(corpus);
        let n = order.len();
        let mut position = vec![0; n];
        for (p, &i) in order.iter().enumerate() {
            position[i] = p;
        }
        // Each list made at its size (counted first): growing them by
        // doubling was a third of the making.
        let mut counts = vec![0usize; n];
        for m in analysis.people.iter().flat_map(|p| &p.mentions) {
            if let Some(c) = counts.get_mut(m.at.article) {
                *c += 1;
            }
        }
        let mut mentions: Vec<Vec<(usize, usize)>> =
            counts.iter().map(|&c| Vec::with_capacity(c)).collect();
        for (pi, p) in analysis.people.iter().enumerate() {
            for (mi, m) in p.mentions.iter().enumerate() {
                if let Some(list) = mentions.get_mut(m.at.article) {
                    list.push((pi, mi));
                }
            }
        }
        let mut disputes: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for (di, d) in analysis.disagreements.iter().enumerate() {
            for c in &d.claims {
                if let Some(list) = disputes.get_mut(c.at.article) {
                    list.push((di, c.at.sentence));
                }
            }
        }
        let mut topics: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (ti, t) in analysis.topics.iter().enumerate() {
            for &a in &t.articles {
                if let Some(list) = topics.get_mut(a) {
                    if list.last() != Some(&ti) {
                        list.push(ti);
                    }
                }
            }
        }
        ArticleLookup {
            words: analysis.articles.iter().map(|a| a.words).collect(),
            order,
            position,
            mentions,
            disputes,
            topics,
        }
    }
}

/// Articles in reading order for lists: dated ones oldest first, then the
/// undated, each by title; the corpus order breaks ties.
pub(super) fn ordered(corpus: &Corpus) -> Vec<usize> {
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
    /// Named outlets, plus each article of an unknown outlet (two unknown
    /// outlets may be two different ones).
    pub sources: usize,
    pub outlets: usize,
    /// Disagreements the editor has not dismissed.
    pub disagreements: usize,
    pub sentences: usize,
    pub words: usize,
    pub dated: usize,
    pub people: usize,
    pub topics: usize,
}

#[derive(Debug, Serialize)]
pub struct IndexPage {
    pub title: String,
    pub counts: Counts,
    /// The most mentioned people.
    pub people: Vec<PersonSummary>,
    /// The topics most sources cover.
    pub topics: Vec<Link>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub articles: Vec<ArticleSummary>,
    /// Articles not listed here (see the sources page).
    pub more_articles: usize,
    /// The most widely dated events as a strip of SVG, already safe
    /// (empty when nothing is dated).
    pub timeline: String,
    /// The most important disagreements, for the briefing.
    pub disagreements: Vec<TopDisagreement>,
    /// Each outlet with its articles' dates, earliest first.
    pub sources: Vec<SourceDates>,
    /// Outlets not listed (see the sources page).
    pub more_sources: usize,
}

/// A disagreement as the briefing lists it: what, and who says what.
#[derive(Debug, Serialize)]
pub struct TopDisagreement {
    /// The card, relative to the root.
    pub href: String,
    pub kind: &'static str,
    pub subject: String,
    pub values: Vec<ValueView>,
}

/// An outlet and when its articles are dated.
#[derive(Debug, Serialize)]
pub struct SourceDates {
    /// The outlet, or empty when unknown.
    pub outlet: String,
    /// Its section of the sources page, relative to the root.
    pub href: String,
    pub articles: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    /// ISO forms of `first` and `last`, for `<time>`.
    pub first_iso: Option<String>,
    pub last_iso: Option<String>,
    pub undated: usize,
}

/// Disagreements and outlets the briefing lists.
const HOME_DISAGREEMENTS: usize = 5;
const HOME_SOURCES: usize = 12;

fn source_dates(corpus: &Corpus, order: &[usize]) -> Vec<SourceDates> {
    let anchors = outlet_anchors(corpus);
    let mut list: Vec<SourceDates> = outlets(corpus, order)
        .into_iter()
        .map(|(outlet, idx)| {
            let mut dates: Vec<_> = idx
                .iter()
                .filter_map(|&i| corpus.articles[i].date)
                .collect();
            dates.sort_unstable();
            SourceDates {
                href: format!(
                    "sources.html#{}",
                    anchors.get(&outlet).map_or("", |a| a.as_str())
                ),
                articles: idx.len(),
                first: dates.first().map(|d| d.long()),
                last: dates.last().map(|d| d.long()),
                first_iso: dates.first().map(|d| d.to_string()),
                last_iso: dates.last().map(|d| d.to_string()),
                undated: idx.len() - dates.len(),
                outlet,
            }
        })
        .collect();
    // Earliest first; undated outlets, then unknown ones, last.
    list.sort_by(|a, b| {
        (
            a.outlet.is_empty(),
            a.first_iso.is_none(),
            &a.first_iso,
            &a.outlet,
        )
            .cmp(&(
                b.outlet.is_empty(),
                b.first_iso.is_none(),
                &b.first_iso,
                &b.outlet,
            ))
    });
    list
}

/// The home page; `timeline` is the strip of SVG for "When it happened".
/// Word counts come from `lookup`, where they are counted once.
pub fn index(
    corpus: &Corpus,
    analysis: &Analysis,
    lookup: &ArticleLookup,
    timeline: String,
) -> IndexPage {
    // A briefing lists the first articles in reading order; the sources
    // page lists them all (a home page of 20,000 articles helps no one).
    let articles: Vec<ArticleSummary> = lookup
        .order()
        .iter()
        .take(HOME_ARTICLES)
        .map(|&i| summary(&corpus.articles[i], analysis, i, lookup.words[i]))
        .collect();
    let mut dates: Vec<_> = corpus.articles.iter().filter_map(|a| a.date).collect();
    dates.sort_unstable();
    let live = || analysis.disagreements.iter().filter(|d| !d.is_dismissed());
    let mut sources = source_dates(corpus, lookup.order());
    let outlet_count = sources.iter().filter(|s| !s.outlet.is_empty()).count();
    let more_sources = sources.len().saturating_sub(HOME_SOURCES);
    sources.truncate(HOME_SOURCES);
    let unknown = corpus
        .articles
        .iter()
        .filter(|a| a.outlet.is_none())
        .count();
    IndexPage {
        title: corpus.config.title.clone(),
        more_articles: corpus.articles.len().saturating_sub(articles.len()),
        disagreements: live()
            .take(HOME_DISAGREEMENTS)
            .map(|d| {
                let view = disagreement_view(corpus, analysis, d);
                TopDisagreement {
                    href: disagreement_href(&d.id),
                    kind: kind_label(d.kind),
                    subject: view.subject,
                    values: view.values,
                }
            })
            .collect(),
        sources,
        more_sources,
        counts: Counts {
            articles: corpus.articles.len(),
            sources: outlet_count + unknown,
            outlets: outlet_count,
            disagreements: live().count(),
            sentences: analysis.articles.iter().map(|a| a.sentences.len()).sum(),
            words: lookup.words.iter().sum(),
            dated: dates.len(),
            people: analysis.people.len(),
            topics: analysis.topics.len(),
        },
        people: (0..analysis.people.len().min(8))
            .map(|i| person_summary(analysis, i))
            .collect(),
        topics: analysis
            .topics
            .iter()
            .take(12)
            .map(|t| Link {
                label: t.name.clone(),
                href: topic_page_path(&t.id),
                note: Some(t.kind.as_str().to_string()),
            })
            .collect(),
        first_date: dates.first().map(|d| d.long()),
        last_date: dates.last().map(|d| d.long()),
        articles,
        timeline,
    }
}

/// Articles listed on the home page; the sources page lists every one.
const HOME_ARTICLES: usize = 100;

/// Article indexes by outlet name, each in `order` (reading order);
/// articles with no known outlet are listed under the empty name.
fn outlets(corpus: &Corpus, order: &[usize]) -> BTreeMap<String, Vec<usize>> {
    let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in order {
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

/// The id of each outlet's section on the sources page, by outlet name
/// (`""` for unknown outlets): a slug, made unique in name order.
pub(super) fn outlet_anchors(corpus: &Corpus) -> BTreeMap<String, String> {
    let names: BTreeSet<&str> = corpus
        .articles
        .iter()
        .map(|a| a.outlet.as_deref().unwrap_or(""))
        .collect();
    let mut taken = BTreeSet::new();
    names
        .into_iter()
        .map(|name| {
            let base = match crate::text::slugify(name, 40) {
                _ if name.is_empty() => "outlet-unknown".to_string(),
                s if s.is_empty() => "outlet".to_string(),
                s => format!("outlet-{s}"),
            };
            let mut anchor = base.clone();
            let mut n = 1;
            while !taken.insert(anchor.clone()) {
                n += 1;
                anchor = format!("{base}-{n}");
            }
            (name.to_string(), anchor)
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct OutletGroup {
    /// Empty when the outlet is unknown.
    pub outlet: String,
    /// The section's id, for links from other pages.
    pub anchor: String,
    pub articles: Vec<SourceRow>,
}

#[derive(Debug, Serialize)]
pub struct SourcesPage {
    pub title: String,
    pub outlets: Vec<OutletGroup>,
}

pub fn sources(corpus: &Corpus) -> SourcesPage {
    let anchors = outlet_anchors(corpus);
    let mut groups: Vec<OutletGroup> = outlets(corpus, &ordered(corpus))
        .into_iter()
        .map(|(outlet, idx)| OutletGroup {
            anchor: anchors.get(&outlet).cloned().unwrap_or_default(),
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
    /// The article's text as HTML, written here rather than in the template
    /// (like a Markdown page's `content` in other generators): a template
    /// walking every sentence of 10,000 articles spent more time than the
    /// whole analysis. Every sentence is a `<span class="s" id="sN">`,
    /// names link to person pages, disputed sentences carry a flag.
    pub body: String,
    pub people: Vec<Link>,
    pub topics: Vec<Link>,
    pub previous: Option<ArticleSummary>,
    pub next: Option<ArticleSummary>,
}

/// A link to another page with a short note ("4 mentions").
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Link {
    pub label: String,
    /// Relative to the site root.
    pub href: String,
    pub note: Option<String>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn article(
    corpus: &Corpus,
    analysis: &Analysis,
    index: usize,
    highlighter: Option<&Highlighter>,
    lookup: &ArticleLookup,
) -> ArticlePage {
    let (mut page, body) = article_parts(corpus, analysis, index, highlighter, lookup);
    page.body = body.html();
    page
}

impl ArticleLookup {
    /// Writes into `d` everything [`article_parts`] reads for article
    /// `index` but the article itself (see `keys`): the people named in
    /// it and where, the disagreements about its sentences, its topics,
    /// its words, its neighbours in reading order and whether code is
    /// highlighted. Kept next to `article_parts`: what one reads, the
    /// other must digest.
    pub fn digest_article(
        &self,
        corpus: &Corpus,
        analysis: &Analysis,
        index: usize,
        highlighted: bool,
        d: &mut Digest,
    ) {
        use std::hash::Hash;
        let mentions = &self.mentions[index];
        mentions.len().hash(d);
        for &(pi, mi) in mentions {
            let p = &analysis.people[pi];
            let m = &p.mentions[mi];
            (&p.id, &p.name, m.at.sentence, m.start, m.end).hash(d);
        }
        let disputes = &self.disputes[index];
        disputes.len().hash(d);
        for &(di, sentence) in disputes {
            let x = &analysis.disagreements[di];
            (
                x.is_dismissed(),
                &x.subject,
                &x.id,
                x.kind.as_str(),
                sentence,
            )
                .hash(d);
        }
        let topics = &self.topics[index];
        topics.len().hash(d);
        for &ti in topics {
            let t = &analysis.topics[ti];
            (&t.name, &t.id, t.kind.as_str()).hash(d);
        }
        (self.words[index], highlighted).hash(d);
        let pos = self.position[index];
        for n in [pos.checked_sub(1), Some(pos + 1)] {
            let Some(&i) = n.and_then(|n| self.order.get(n)) else {
                None::<()>.hash(d);
                continue;
            };
            let a = &corpus.articles[i];
            let sentences = analysis.articles.get(i).map_or(0, |x| x.sentences.len());
            Some((&a.id, &a.display_title, &a.outlet, &a.byline, a.date)).hash(d);
            (sentences, self.words[i]).hash(d);
        }
    }
}

/// An article's page without its body, and what the body is made from:
/// a rebuild can tell from the two whether the page changed without
/// writing the body, the largest part of the page.
pub fn article_parts<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    index: usize,
    highlighter: Option<&'a Highlighter>,
    lookup: &ArticleLookup,
) -> (ArticlePage, ArticleBody<'a>) {
    let a = &corpus.articles[index];
    let sentences = analysis
        .articles
        .get(index)
        .map(|x| x.sentences.as_slice())
        .unwrap_or_default();
    // Person mentions by sentence: (start, end, page).
    let mut mentions: BTreeMap<usize, Vec<(usize, usize, String)>> = BTreeMap::new();
    let mut people_here: BTreeMap<usize, usize> = BTreeMap::new();
    for &(pi, mi) in &lookup.mentions[index] {
        let (p, m) = (&analysis.people[pi], &analysis.people[pi].mentions[mi]);
        mentions
            .entry(m.at.sentence)
            .or_default()
            .push((m.start, m.end, person_page_path(&p.id)));
        *people_here.entry(pi).or_default() += 1;
    }
    // Names are linked left to right (the sort keeps the order of names
    // that start together).
    for list in mentions.values_mut() {
        list.sort_by_key(|m| m.0);
    }
    // Disputed sentences, with the cards that dispute them.
    let mut disputed: BTreeMap<usize, Vec<Link>> = BTreeMap::new();
    for &(di, sentence) in &lookup.disputes[index] {
        let d = &analysis.disagreements[di];
        if d.is_dismissed() {
            continue;
        }
        let links = disputed.entry(sentence).or_default();
        if !links.iter().any(|l| l.href.ends_with(&d.id)) {
            links.push(Link {
                label: d.subject.clone(),
                href: disagreement_href(&d.id),
                note: Some(d.kind.as_str().to_string()),
            });
        }
    }
    let order = &lookup.order;
    let pos = lookup.position[index];
    let neighbour = |p: Option<usize>| {
        p.and_then(|p| order.get(p))
            .map(|&i| summary(&corpus.articles[i], analysis, i, lookup.words[i]))
    };
    let page = ArticlePage {
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
        words: lookup.words[index],
        sentence_count: sentences.len(),
        body: String::new(),
        people: {
            let mut v: Vec<(usize, usize)> = people_here.into_iter().collect();
            v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            v.into_iter()
                .map(|(pi, n)| Link {
                    label: analysis.people[pi].name.clone(),
                    href: person_page_path(&analysis.people[pi].id),
                    note: Some(plural(n, "mention", "mentions")),
                })
                .collect()
        },
        topics: lookup.topics[index]
            .iter()
            .map(|&ti| &analysis.topics[ti])
            .map(|t| Link {
                label: t.name.clone(),
                href: topic_page_path(&t.id),
                note: Some(t.kind.as_str().to_string()),
            })
            .collect(),
        previous: neighbour(pos.checked_sub(1)),
        next: neighbour(Some(pos + 1)),
    };
    let body = ArticleBody {
        article: a,
        sentences,
        mentions,
        disputed,
        highlighter,
        root: root_for(&article_page_path(&a.id)),
    };
    (page, body)
}

/// Everything an article's body is written from: its blocks and
/// sentences, the names in them that link to people, the sentences other
/// sources dispute, the highlighter for code, and the way to the root.
pub struct ArticleBody<'a> {
    article: &'a Article,
    sentences: &'a [Sentence],
    /// Person mentions by sentence, left to right: (start, end, page).
    mentions: BTreeMap<usize, Vec<(usize, usize, String)>>,
    /// The disagreements each disputed sentence is part of.
    disputed: BTreeMap<usize, Vec<Link>>,
    highlighter: Option<&'a Highlighter>,
    root: String,
}

impl ArticleBody<'_> {
    /// A digest of everything [`html`](Self::html) reads: equal digests,
    /// equal bodies.
    pub fn digest(&self) -> u128 {
        use std::hash::Hash;
        let mut d = Digest::new();
        self.article.blocks.hash(&mut d);
        self.sentences.hash(&mut d);
        self.mentions.hash(&mut d);
        self.disputed.hash(&mut d);
        self.highlighter.is_some().hash(&mut d);
        self.root.hash(&mut d);
        d.finish128()
    }

    /// The article's text as HTML: every sentence a `<span class="s"
    /// id="sN">`, names linked to their people, disputed sentences
    /// flagged; consecutive list items in one `<ul>`, consecutive parts of
    /// an embedded post in one `<blockquote>`. Written straight into one
    /// string: it is the largest part of the page.
    pub fn html(&self) -> String {
        let blocks = &self.article.blocks;
        let size: usize = blocks.iter().map(|b| b.text.len()).sum();
        let mut out = String::with_capacity(size + size / 2 + 64);
        let root = escape_html(&self.root);
        // The sentences come in block order (see `analyze::sentences`).
        let mut sentences = self.sentences.iter().peekable();
        let grouped = |b: usize| match blocks.get(b).map(|b| &b.kind) {
            Some(BlockKind::ListItem) => Some("list"),
            Some(BlockKind::Embed) => Some("embed"),
            _ => None,
        };
        for (b, block) in blocks.iter().enumerate() {
            if let BlockKind::Code { lang } = &block.kind {
                out.push_str(r#"<pre class="code""#);
                if let Some(lang) = lang {
                    let _ = write!(out, r#" data-lang="{}""#, escape_html(lang));
                }
                // Already safe: syntect's classes around escaped text.
                let code = self
                    .highlighter
                    .map(|h| h.html(&block.text, lang.as_deref()));
                let _ = write!(
                    out,
                    "><code>{}</code></pre>",
                    code.as_deref().unwrap_or_default()
                );
                out.push('\n');
                continue;
            }
            let group = grouped(b);
            let opens = group.is_some() && (b == 0 || grouped(b - 1) != group);
            let closes = group.is_some() && grouped(b + 1) != group;
            // Article headings start at `h2`.
            const HEADINGS: [(&str, &str); 5] = [
                ("<h2>", "</h2>"),
                ("<h3>", "</h3>"),
                ("<h4>", "</h4>"),
                ("<h5>", "</h5>"),
                ("<h6>", "</h6>"),
            ];
            let (open, close) = match &block.kind {
                BlockKind::Heading { level } => {
                    HEADINGS[usize::from(level.saturating_add(1).clamp(2, 6)) - 2]
                }
                BlockKind::ListItem => {
                    if opens {
                        out.push_str("<ul>");
                    }
                    ("<li>", "</li>")
                }
                BlockKind::Quote => ("<blockquote><p>", "</p></blockquote>"),
                BlockKind::Embed => {
                    if opens {
                        out.push_str(
                            r#"<figure class="embed"><figcaption>Embedded post</figcaption><blockquote>"#,
                        );
                    }
                    ("<p>", "</p>")
                }
                BlockKind::Caption => (
                    r#"<p class="caption"><span class="caption-label">Picture:</span> "#,
                    "</p>",
                ),
                _ => ("<p>", "</p>"),
            };
            out.push_str(open);
            let mut at = 0;
            while let Some(s) = sentences.next_if(|s| s.block <= b) {
                if s.block < b {
                    continue;
                }
                if s.start > at {
                    escape_into(&mut out, block.text.get(at..s.start).unwrap_or_default());
                }
                self.sentence_html(&mut out, s, &root);
                at = s.end;
            }
            if at < block.text.len() {
                escape_into(&mut out, block.text.get(at..).unwrap_or_default());
            }
            out.push_str(close);
            if closes {
                out.push_str(match group {
                    Some("list") => "</ul>",
                    _ => "</blockquote></figure>",
                });
            }
            if group.is_none() || closes {
                out.push('\n');
            }
        }
        out
    }

    /// One sentence: its anchor, its text cut where people are named (each
    /// name a link), and a flag for each card that disputes it.
    fn sentence_html(&self, out: &mut String, s: &Sentence, root: &str) {
        let disputed = self
            .disputed
            .get(&s.index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let class = if disputed.is_empty() {
            "s"
        } else {
            "s disputed"
        };
        let _ = write!(out, r#"<span class="{class}" id="s{}">"#, s.index);
        let text = s.text.as_str();
        let mut at = 0;
        let mentions = self
            .mentions
            .get(&s.index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (start, end, href) in mentions {
            if *start < at
                || *end > text.len()
                || !text.is_char_boundary(*start)
                || !text.is_char_boundary(*end)
            {
                continue;
            }
            escape_into(out, &text[at..*start]);
            let _ = write!(out, r#"<a class="person-link" href="{root}"#);
            escape_into(out, href);
            out.push_str(r#"">"#);
            escape_into(out, &text[*start..*end]);
            out.push_str("</a>");
            at = *end;
        }
        escape_into(out, &text[at..]);
        out.push_str("</span>");
        for d in disputed {
            let label = escape_html(&d.label);
            let _ = write!(
                out,
                r#"<a class="dispute-flag" href="{root}{}" title="Disputed: {label}"><span aria-hidden="true">⚑</span><span class="visually-hidden">Disputed: {label}</span></a>"#,
                escape_html(&d.href)
            );
        }
    }
}

/// Where a sentence is: its article and the link to it.
#[derive(Debug, Serialize)]
pub struct SentenceLink {
    pub text: String,
    pub article: String,
    pub outlet: Option<String>,
    /// `articles/x.html#s12`, relative to the root.
    pub href: String,
}

fn sentence_link(corpus: &Corpus, analysis: &Analysis, at: SentenceRef) -> SentenceLink {
    let a = &corpus.articles[at.article];
    SentenceLink {
        text: analysis.articles[at.article]
            .sentences
            .get(at.sentence)
            .map(|s| s.text.clone())
            .unwrap_or_default(),
        article: a.display_title.clone(),
        outlet: a.outlet.clone(),
        href: sentence_href(corpus, at),
    }
}

pub(super) fn source_label(corpus: &Corpus, article: usize) -> String {
    let a = &corpus.articles[article];
    match &a.outlet {
        Some(o) => o.clone(),
        None => shorten(&a.display_title, 6),
    }
}

#[derive(Debug, Serialize)]
pub struct PersonSummary {
    pub name: String,
    pub href: String,
    pub mentions: usize,
    pub articles: usize,
    pub roles: Vec<String>,
    pub quotes: usize,
}

fn person_summary(analysis: &Analysis, pi: usize) -> PersonSummary {
    let p = &analysis.people[pi];
    let articles: BTreeSet<usize> = p.mentions.iter().map(|m| m.at.article).collect();
    let mut roles: Vec<String> = Vec::new();
    for r in &p.roles {
        if roles.len() < 2 && !roles.iter().any(|x| x.eq_ignore_ascii_case(&r.text)) {
            roles.push(r.text.clone());
        }
    }
    PersonSummary {
        name: p.name.clone(),
        href: person_page_path(&p.id),
        mentions: p.mentions.len(),
        articles: articles.len(),
        roles,
        quotes: p.quotes.len(),
    }
}

#[derive(Debug, Serialize)]
pub struct PeopleIndexPage {
    pub title: String,
    pub people: Vec<PersonSummary>,
}

pub fn people_index(analysis: &Analysis) -> PeopleIndexPage {
    PeopleIndexPage {
        title: "People".into(),
        people: (0..analysis.people.len())
            .map(|i| person_summary(analysis, i))
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct VariantView {
    pub text: String,
    pub sources: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct RoleView {
    pub text: String,
    pub source: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct QuoteGroup {
    pub source: String,
    pub article: String,
    pub quotes: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct PersonPage {
    pub title: String,
    pub description: Option<String>,
    pub roles_summary: Vec<String>,
    pub variants: Vec<VariantView>,
    pub roles: Vec<RoleView>,
    pub quotes: Vec<QuoteGroup>,
    pub articles: Vec<Link>,
    pub with: Vec<Link>,
    /// The people named in the same sentences, as a star of SVG (already
    /// safe; empty when there are none).
    pub network: String,
    pub topics: Vec<Link>,
    pub evidence: Vec<String>,
    pub mention_count: usize,
    pub disagreements: Vec<Link>,
}

/// Who is named where, gathered once for all person pages: each
/// sentence's and each article's people (distinct, in person order).
#[derive(Debug)]
pub struct PeopleLookup {
    /// Per article: each sentence naming people, with each of them, in
    /// sentence and then person order, once. (A map from every sentence
    /// to its list was a hundred thousand lists to make and free in every
    /// rebuild at 5,000 articles.)
    in_sentence: Vec<Vec<(usize, usize)>>,
    /// Per article: the people named in it, in order, once.
    in_article: Vec<Vec<usize>>,
    /// Per person: the disagreements (not dismissed) about them or with a
    /// claim of theirs, in the page's order. (Each person's page read
    /// every claim of every disagreement.)
    disagreements: Vec<Vec<usize>>,
}

impl PeopleLookup {
    /// The disagreements about person `pi`, in the page's order.
    pub(super) fn disagreements_of(&self, pi: usize) -> &[usize] {
        &self.disagreements[pi]
    }

    /// Who is named in article `ai`: each sentence naming people with
    /// each of them, and the people named in it, by index, in order.
    pub(super) fn named_in(&self, ai: usize) -> (&[(usize, usize)], &[usize]) {
        (
            self.in_sentence.get(ai).map_or(&[][..], Vec::as_slice),
            self.in_article.get(ai).map_or(&[][..], Vec::as_slice),
        )
    }

    /// The people named in the sentence `at`, in order, once.
    fn in_sentence(&self, at: SentenceRef) -> impl Iterator<Item = usize> + '_ {
        let named = self
            .in_sentence
            .get(at.article)
            .map_or(&[][..], Vec::as_slice);
        let from = named.partition_point(|&(s, _)| s < at.sentence);
        named[from..]
            .iter()
            .take_while(move |&&(s, _)| s == at.sentence)
            .map(|&(_, pi)| pi)
    }

    pub fn new(corpus: &Corpus, analysis: &Analysis) -> PeopleLookup {
        use rayon::prelude::*;
        let mut in_sentence: Vec<Vec<(usize, usize)>> = vec![Vec::new(); corpus.articles.len()];
        for (pi, p) in analysis.people.iter().enumerate() {
            for m in &p.mentions {
                if let Some(list) = in_sentence.get_mut(m.at.article) {
                    list.push((m.at.sentence, pi));
                }
            }
        }
        let in_article = in_sentence
            .par_iter_mut()
            .map(|named| {
                named.sort_unstable();
                named.dedup();
                let mut people: Vec<usize> = named.iter().map(|&(_, pi)| pi).collect();
                people.sort_unstable();
                people.dedup();
                people
            })
            .collect();
        let mut disagreements: Vec<Vec<usize>> = vec![Vec::new(); analysis.people.len()];
        for (di, d) in analysis.disagreements.iter().enumerate() {
            if d.is_dismissed() {
                continue;
            }
            for pi in d
                .person
                .into_iter()
                .chain(d.claims.iter().filter_map(|c| c.person))
            {
                if let Some(list) = disagreements.get_mut(pi) {
                    if list.last() != Some(&di) {
                        list.push(di);
                    }
                }
            }
        }
        PeopleLookup {
            in_sentence,
            in_article,
            disagreements,
        }
    }
}

/// How much of a person's or topic's lists a page model holds: all of
/// them for its own page, the first few for the print view (where the
/// rest would be made only to be cut).
#[derive(Debug, Clone, Copy)]
pub struct Lists {
    /// Items per list (articles, roles, topics, disagreements, people).
    pub items: usize,
    /// Quotations of a person, sentences of a topic.
    pub quotes: usize,
    /// Whether a person's network picture is drawn.
    pub network: bool,
}

impl Lists {
    pub const ALL: Lists = Lists {
        items: usize::MAX,
        quotes: usize::MAX,
        network: true,
    };
}

pub fn person(
    corpus: &Corpus,
    analysis: &Analysis,
    pi: usize,
    lookup: &PeopleLookup,
) -> PersonPage {
    person_with(corpus, analysis, pi, lookup, Lists::ALL)
}

/// [`person`], holding only `lists` of each list.
pub fn person_with(
    corpus: &Corpus,
    analysis: &Analysis,
    pi: usize,
    lookup: &PeopleLookup,
    lists: Lists,
) -> PersonPage {
    let p = &analysis.people[pi];
    let article_link = |ai: usize, note: Option<String>| Link {
        label: source_label(corpus, ai),
        href: article_page_path(&corpus.articles[ai].id),
        note,
    };
    let variants = p
        .variants
        .iter()
        .map(|v| VariantView {
            text: v.text.clone(),
            sources: v
                .articles
                .iter()
                .map(|&ai| article_link(ai, None))
                .collect(),
        })
        .collect();
    let roles = p
        .roles
        .iter()
        .take(lists.items)
        .map(|r| RoleView {
            text: r.text.clone(),
            source: source_label(corpus, r.at.article),
            href: sentence_href(corpus, r.at),
        })
        .collect();
    // Grouped by article (in article order), the first `lists.quotes`.
    let mut by_article: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &qi in &p.quotes {
        by_article
            .entry(analysis.quotes[qi].at.article)
            .or_default()
            .push(qi);
    }
    let mut left = lists.quotes;
    let quotes = by_article
        .into_iter()
        .map_while(|(ai, list)| {
            let quotes: Vec<Link> = list
                .into_iter()
                .take(left)
                .map(|qi| {
                    let q = &analysis.quotes[qi];
                    Link {
                        label: q.text.to_string(),
                        href: sentence_href(corpus, q.at),
                        note: None,
                    }
                })
                .collect();
            left -= quotes.len();
            (!quotes.is_empty()).then(|| QuoteGroup {
                source: source_label(corpus, ai),
                article: corpus.articles[ai].display_title.clone(),
                quotes,
            })
        })
        .collect();
    let mut per_article: BTreeMap<usize, usize> = BTreeMap::new();
    for m in &p.mentions {
        *per_article.entry(m.at.article).or_default() += 1;
    }
    let articles = per_article
        .iter()
        .take(lists.items)
        .map(|(&ai, &n)| article_link(ai, Some(plural(n, "mention", "mentions"))))
        .collect();
    // Who appears with them: people named in the same sentences, then in
    // the same articles.
    // Counted from this person's own sentences and articles (not by
    // comparing with everyone's mentions, which grew with the square of
    // the number of people).
    let my_sentences: BTreeSet<SentenceRef> = p.mentions.iter().map(|m| m.at).collect();
    let mut shared: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for &at in &my_sentences {
        for j in lookup.in_sentence(at) {
            shared.entry(j).or_default().0 += 1;
        }
    }
    for &a in per_article.keys() {
        for &j in lookup
            .in_article
            .get(a)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            shared.entry(j).or_default().1 += 1;
        }
    }
    let mut with: Vec<(usize, usize, usize)> = shared
        .into_iter()
        .filter(|&(j, _)| j != pi)
        .map(|(j, (s, a))| (j, s, a))
        .filter(|&(_, s, a)| s > 0 || a > 0)
        .collect();
    with.sort_by(|x, y| (y.1, y.2).cmp(&(x.1, x.2)).then(x.0.cmp(&y.0)));
    let named_with: Vec<(usize, usize)> = with
        .iter()
        .filter(|w| w.1 > 0)
        .take(12)
        .map(|&(j, n, _)| (j, n))
        .collect();
    let network = if lists.network {
        super::network::one_hop(analysis, pi, &named_with)
    } else {
        String::new()
    };
    let with = with
        .into_iter()
        .take(12.min(lists.items))
        .map(|(j, s, a)| Link {
            label: analysis.people[j].name.clone(),
            href: person_page_path(&analysis.people[j].id),
            note: Some(if s > 0 {
                format!("{} together", plural(s, "sentence", "sentences"))
            } else {
                format!("{} together", plural(a, "article", "articles"))
            }),
        })
        .collect();
    let topics = analysis
        .topics
        .iter()
        .filter(|t| t.people.contains(&pi))
        .take(lists.items)
        .map(|t| Link {
            label: t.name.clone(),
            href: topic_page_path(&t.id),
            note: Some(t.kind.as_str().to_string()),
        })
        .collect();
    PersonPage {
        title: p.name.clone(),
        description: p.description.clone(),
        roles_summary: person_summary(analysis, pi).roles,
        variants,
        roles,
        quotes,
        articles,
        with,
        network,
        topics,
        evidence: p.evidence.clone(),
        mention_count: p.mentions.len(),
        disagreements: lookup.disagreements[pi]
            .iter()
            .map(|&di| &analysis.disagreements[di])
            .take(lists.items)
            .map(|d| Link {
                label: d.subject.clone(),
                href: disagreement_href(&d.id),
                note: Some(d.kind.as_str().to_string()),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct TopicGroup {
    pub kind: &'static str,
    pub label: &'static str,
    pub topics: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct TopicsIndexPage {
    pub title: String,
    pub groups: Vec<TopicGroup>,
}

pub fn topics_index(analysis: &Analysis) -> TopicsIndexPage {
    let groups = [
        (TopicKind::Theme, "Themes"),
        (TopicKind::Place, "Places"),
        (TopicKind::Organization, "Organisations"),
    ]
    .into_iter()
    .map(|(kind, label)| TopicGroup {
        kind: kind.as_str(),
        label,
        topics: analysis
            .topics
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| Link {
                label: t.name.clone(),
                href: topic_page_path(&t.id),
                note: Some(format!(
                    "{}, {}",
                    plural(t.articles.len(), "article", "articles"),
                    plural(t.sentences.len(), "sentence", "sentences")
                )),
            })
            .collect(),
    })
    .filter(|g| !g.topics.is_empty())
    .collect();
    TopicsIndexPage {
        title: "Topics".into(),
        groups,
    }
}

#[derive(Debug, Serialize)]
pub struct TopicPage {
    pub title: String,
    pub kind: &'static str,
    pub description: Option<String>,
    pub articles: Vec<Link>,
    /// The sentences, in reading order; when there are more than
    /// [`TOPIC_SENTENCES`], a sample of that many spread over the articles
    /// (at least [`TOPIC_SENTENCES_PER_ARTICLE`] from each one sampled).
    pub sentences: Vec<SentenceLink>,
    /// How many sentences mention the topic in all.
    pub sentences_total: usize,
    pub people: Vec<Link>,
    pub related: Vec<Link>,
}

/// A topic in a large dossier is mentioned in thousands of sentences; a
/// page listing them all is megabytes that nobody reads. The page shows a
/// sample and lists every article with its count.
pub const TOPIC_SENTENCES: usize = 120;
pub const TOPIC_SENTENCES_PER_ARTICLE: usize = 2;

pub fn topic(corpus: &Corpus, analysis: &Analysis, ti: usize) -> TopicPage {
    topic_with(corpus, analysis, ti, Lists::ALL)
}

/// [`topic`], holding only `lists` of each list.
pub fn topic_with(corpus: &Corpus, analysis: &Analysis, ti: usize, lists: Lists) -> TopicPage {
    let t = &analysis.topics[ti];
    let mut per_article: BTreeMap<usize, usize> = BTreeMap::new();
    for s in &t.sentences {
        *per_article.entry(s.article).or_default() += 1;
    }
    TopicPage {
        title: t.name.clone(),
        kind: t.kind.as_str(),
        description: t.description.clone(),
        articles: t
            .articles
            .iter()
            .take(lists.items)
            .map(|&ai| Link {
                label: corpus.articles[ai].display_title.clone(),
                href: article_page_path(&corpus.articles[ai].id),
                note: Some(format!(
                    "{} · {}",
                    source_label(corpus, ai),
                    plural(
                        per_article.get(&ai).copied().unwrap_or(0),
                        "sentence",
                        "sentences"
                    )
                )),
            })
            .collect(),
        sentences: topic_sample(t, lists.quotes)
            .map(|at| sentence_link(corpus, analysis, at))
            .collect(),
        sentences_total: t.sentences.len(),
        people: t
            .people
            .iter()
            .take(15.min(lists.items))
            .map(|&p| Link {
                label: analysis.people[p].name.clone(),
                href: person_page_path(&analysis.people[p].id),
                note: None,
            })
            .collect(),
        related: t
            .related
            .iter()
            .take(lists.items)
            .map(|&r| Link {
                label: analysis.topics[r].name.clone(),
                href: topic_page_path(&analysis.topics[r].id),
                note: Some(analysis.topics[r].kind.as_str().to_string()),
            })
            .collect(),
    }
}

/// The sentences of topic `t` its page shows, at most `most`: all of
/// them when they fit; else spread over the articles they are in.
pub(super) fn topic_sample(t: &Topic, most: usize) -> impl Iterator<Item = SentenceRef> + '_ {
    let per_article = if t.sentences.len() <= TOPIC_SENTENCES {
        usize::MAX
    } else {
        let articles: BTreeSet<usize> = t.sentences.iter().map(|at| at.article).collect();
        (TOPIC_SENTENCES / articles.len().max(1)).max(TOPIC_SENTENCES_PER_ARTICLE)
    };
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    t.sentences
        .iter()
        .filter(move |at| {
            let n = taken.entry(at.article).or_default();
            *n += 1;
            *n <= per_article
        })
        .take(TOPIC_SENTENCES.min(most))
        .copied()
}

/// Where a disagreement's card is, relative to the root.
/// A large dossier has thousands of claims only one source makes; the
/// page lists this many, in reading order, and says how many there are.
pub const SINGLE_CLAIMS: usize = 200;

pub fn disagreement_href(id: &str) -> String {
    format!("disagreements.html#{id}")
}

/// A piece of text, marked when it is what differs.
#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    pub text: String,
    pub marked: bool,
}

#[derive(Debug, Serialize)]
pub struct ValueView {
    pub value: String,
    pub sources: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct ClaimView {
    pub source: String,
    pub article: String,
    /// `articles/x.html#s3`, relative to the root.
    pub href: String,
    pub value: String,
    /// The sentence, with the claim's words marked.
    pub sentence: Vec<Mark>,
    /// For quotations: the quoted words, with the words that differ from
    /// the most common wording marked.
    pub diff: Vec<Mark>,
}

#[derive(Debug, Serialize)]
pub struct DisagreementView {
    pub id: String,
    pub kind: &'static str,
    pub subject: String,
    pub why: String,
    pub values: Vec<ValueView>,
    pub claims: Vec<ClaimView>,
    pub person: Option<Link>,
    pub editor: Option<&'static str>,
    pub note: Option<String>,
}

/// The cards of one kind. `C` is what a card is: its model while the
/// page is made, then the card rendered in place (see `render::cards`).
#[derive(Debug, Serialize)]
pub struct KindGroup<C = DisagreementView> {
    pub kind: &'static str,
    pub label: &'static str,
    pub cards: Vec<C>,
}

#[derive(Debug, Serialize)]
pub struct DisagreementsPage<C = DisagreementView> {
    pub title: String,
    pub total: usize,
    pub groups: Vec<KindGroup<C>>,
    pub dismissed: Vec<C>,
    /// The first [`SINGLE_CLAIMS`] claims only one source makes (shared by
    /// the disagreements page and the print view).
    pub single: std::sync::Arc<Vec<SingleClaim>>,
    /// How many there are in all.
    pub single_total: usize,
}

impl<C> DisagreementsPage<C> {
    /// Every card, the live ones by kind and then the dismissed ones.
    pub fn cards(&self) -> impl Iterator<Item = &C> {
        self.groups
            .iter()
            .flat_map(|g| &g.cards)
            .chain(&self.dismissed)
    }

    /// The same page with `cards`, one for each of [`cards`](Self::cards)
    /// and in its order, in place of these.
    pub fn with_cards<D>(&self, cards: Vec<D>) -> DisagreementsPage<D> {
        assert_eq!(cards.len(), self.cards().count(), "one for each card");
        let mut cards = cards.into_iter();
        DisagreementsPage {
            title: self.title.clone(),
            total: self.total,
            groups: self
                .groups
                .iter()
                .map(|g| KindGroup {
                    kind: g.kind,
                    label: g.label,
                    cards: cards.by_ref().take(g.cards.len()).collect(),
                })
                .collect(),
            dismissed: cards.collect(),
            single: std::sync::Arc::clone(&self.single),
            single_total: self.single_total,
        }
    }
}

/// A checkable claim that only one source makes.
#[derive(Debug, Serialize)]
pub struct SingleClaim {
    pub kind: &'static str,
    pub value: String,
    pub source: String,
    pub href: String,
    pub sentence: Vec<Mark>,
}

fn kind_label(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::Date => "Dates and times",
        ClaimKind::Number => "Numbers",
        ClaimKind::Role => "Titles and roles",
        ClaimKind::Quote => "Quotations worded differently",
        ClaimKind::Attribution => "Words credited to different people",
        ClaimKind::Spelling => "Name spellings",
        ClaimKind::Other => "Other",
    }
}

/// A sentence cut into the claim's words and the rest.
pub(super) fn marked(text: &str, span: (usize, usize)) -> Vec<Mark> {
    let (a, b) = span;
    if a >= b
        || b > text.len()
        || !text.is_char_boundary(a)
        || !text.is_char_boundary(b)
        || (a == 0 && b == text.len())
    {
        return vec![Mark {
            text: text.to_string(),
            marked: false,
        }];
    }
    [
        (&text[..a], false),
        (&text[a..b], true),
        (&text[b..], false),
    ]
    .into_iter()
    .filter(|(t, _)| !t.is_empty())
    .map(|(t, m)| Mark {
        text: t.to_string(),
        marked: m,
    })
    .collect()
}

/// Word-level difference of `text` against `reference`: the words of
/// `text` that are not in their longest common subsequence are marked.
pub fn word_diff(text: &str, reference: &str) -> Vec<Mark> {
    let norm = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .replace('’', "'")
            .to_lowercase()
    };
    let a: Vec<&str> = text.split_whitespace().collect();
    let b: Vec<String> = reference.split_whitespace().map(norm).collect();
    let an: Vec<String> = a.iter().map(|w| norm(w)).collect();
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if an[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut words: Vec<(&str, bool)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() {
        if j < b.len() && an[i] == b[j] {
            words.push((a[i], false));
            i += 1;
            j += 1;
        } else if j < b.len() && lcs[i][j + 1] >= lcs[i + 1][j] {
            j += 1;
        } else {
            words.push((a[i], true));
            i += 1;
        }
    }
    // Runs of equal marking; the space between two runs is unmarked.
    let mut out: Vec<Mark> = Vec::new();
    for (k, (word, changed)) in words.into_iter().enumerate() {
        let continues = out.last().is_some_and(|m| m.marked == changed);
        if continues {
            let last = out.last_mut().expect("checked");
            last.text.push(' ');
            last.text.push_str(word);
            continue;
        }
        if k > 0 {
            match out.last_mut() {
                Some(last) if !last.marked => last.text.push(' '),
                _ => out.push(Mark {
                    text: " ".into(),
                    marked: false,
                }),
            }
        }
        out.push(Mark {
            text: word.to_string(),
            marked: changed,
        });
    }
    out
}

fn disagreement_view(corpus: &Corpus, analysis: &Analysis, d: &Disagreement) -> DisagreementView {
    let sentence_text = |at: SentenceRef| {
        analysis.articles[at.article]
            .sentences
            .get(at.sentence)
            .map_or("", |s| s.text.as_str())
    };
    // Each distinct value with the sources that give it.
    let mut values: Vec<ValueView> = Vec::new();
    for c in &d.claims {
        let link = Link {
            label: source_label(corpus, c.at.article),
            href: sentence_href(corpus, c.at),
            note: None,
        };
        match values
            .iter_mut()
            .find(|v| v.value.eq_ignore_ascii_case(&c.value))
        {
            Some(v) => {
                if !v.sources.iter().any(|s| s.label == link.label) {
                    v.sources.push(link);
                }
            }
            None => values.push(ValueView {
                value: c.value.to_string(),
                sources: vec![link],
            }),
        }
    }
    // For a spelling, every source that uses each form, not only the one
    // the card quotes.
    if d.kind == ClaimKind::Spelling {
        if let Some(p) = d.person.map(|p| &analysis.people[p]) {
            for v in &mut values {
                let words = v.value.to_lowercase();
                for variant in p.variants.iter().filter(|x| x.text.to_lowercase() == words) {
                    for &a in &variant.articles {
                        let label = source_label(corpus, a);
                        if !v.sources.iter().any(|s| s.label == label) {
                            v.sources.push(Link {
                                label,
                                href: article_page_path(&corpus.articles[a].id),
                                note: None,
                            });
                        }
                    }
                }
            }
        }
    }
    // The most common wording is the reference for quotation diffs.
    let reference = values
        .iter()
        .max_by_key(|v| v.sources.len())
        .map(|v| v.value.clone())
        .unwrap_or_default();
    let claims = d
        .claims
        .iter()
        .map(|c| {
            let a = &corpus.articles[c.at.article];
            ClaimView {
                source: source_label(corpus, c.at.article),
                article: a.display_title.clone(),
                href: sentence_href(corpus, c.at),
                value: c.value.to_string(),
                sentence: marked(sentence_text(c.at), c.span),
                diff: if d.kind == ClaimKind::Quote {
                    word_diff(&c.value, &reference)
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let (editor, note) = match &d.editor {
        None => (None, None),
        Some(EditorVerdict::Dismissed { reason }) => (Some("dismissed"), Some(reason.clone())),
        Some(EditorVerdict::Confirmed { note }) => (Some("confirmed"), note.clone()),
        Some(EditorVerdict::Added { note }) => (Some("added by the editor"), note.clone()),
    };
    DisagreementView {
        id: d.id.clone(),
        kind: d.kind.as_str(),
        subject: d.subject.clone(),
        why: d.why.clone(),
        values,
        claims,
        person: d.person.map(|p| Link {
            label: analysis.people[p].name.clone(),
            href: person_page_path(&analysis.people[p].id),
            note: None,
        }),
        editor,
        note,
    }
}

/// What makes two claims the same claim: the kind, and what it is about
/// and its value ignoring case (`frame|value`, lower-cased), digested
/// whole from `buf`, reused from claim to claim: a large dossier has a
/// million claims, and a streaming digest's state costs more to set up
/// than these few bytes cost to hash.
fn claim_key(buf: &mut Vec<u8>, c: &Claim) -> u128 {
    buf.clear();
    buf.push(c.kind as u8);
    push_lower(buf, &c.frame);
    buf.push(b'|');
    push_lower(buf, &c.value);
    crate::digest::of_bytes(buf)
}

/// Appends `text` lower-cased: in place when it is ASCII, as
/// `str::to_lowercase` would otherwise (which minds a final sigma).
fn push_lower(buf: &mut Vec<u8>, text: &str) {
    if text.is_ascii() {
        let start = buf.len();
        buf.extend_from_slice(text.as_bytes());
        buf[start..].make_ascii_lowercase();
    } else {
        buf.extend_from_slice(text.to_lowercase().as_bytes());
    }
}

/// Each claim's key (see [`claim_key`]) as the last build made it, with
/// the claim's kind and its frame and value: a claim whose kind, frame and
/// value are the same has the same key. A rebuild copies most claims from
/// the last analysis, strings shared, which makes them quick to compare,
/// and making every key again was a tenth of its rendering. (The
/// quotations' claims are made anew each time, and compared by their
/// words: a third of the claims, whose keys were made again.) With them,
/// which claims the last build listed as made by one source.
#[derive(Debug, Default)]
pub struct ClaimKeys(std::sync::Mutex<KeptClaims>);

#[derive(Debug, Default)]
struct KeptClaims {
    keys: Vec<KeptKey>,
    single: Option<KeptSingle>,
}

/// The claims only one source makes, as the last build picked them: the
/// same claims in the same places, with the same sentences disputed,
/// pick the same ones (most edits change neither).
#[derive(Debug)]
struct KeptSingle {
    /// A digest of the sentences the disagreements' claims are in.
    disputed: u128,
    /// The claims listed (indexes into the analysis's claims).
    listed: Vec<usize>,
    total: usize,
}

#[derive(Debug)]
struct KeptKey {
    kind: ClaimKind,
    frame: std::sync::Arc<str>,
    value: std::sync::Arc<str>,
    /// Where the claim was: a claim in the same place with the same key
    /// is, for the claims made by one source, the same claim.
    at: SentenceRef,
    key: u128,
}

impl KeptKey {
    fn of(c: &Claim, key: u128) -> KeptKey {
        KeptKey {
            kind: c.kind,
            frame: std::sync::Arc::clone(&c.frame),
            value: std::sync::Arc::clone(&c.value),
            at: c.at,
            key,
        }
    }

    fn holds(&self, c: &Claim) -> bool {
        let same = |a: &std::sync::Arc<str>, b: &std::sync::Arc<str>| {
            std::sync::Arc::ptr_eq(a, b) || a == b
        };
        self.kind == c.kind && same(&self.frame, &c.frame) && same(&self.value, &c.value)
    }
}

/// Every claim's key, taken from `memo` where the claim is the one it
/// was made for, made (in parallel) where not; this build's are left in
/// `memo`. True with them when every claim is the one the last build had
/// in its place, where it was (a rebuild after an edit that changes no
/// claim: they are then taken without looking for each).
///
/// A claim's key depends on nothing but the claim (its kind, frame and
/// value), so any kept key whose claim holds the same is the key. An edit
/// to one article changes that article's claims alone, in a few places
/// of the list (dates first, then the other kinds): the claims before
/// the first place are the last build's in the same places, and so are
/// those after the last, counted from the end (their sentences may
/// have moved). Both runs are found in parallel and keep their keys and
/// their entries in `memo`; the claims between are looked for in turn,
/// each where the last one found leads and a few places further (claims
/// before it were removed), then at its own place (the claims before it
/// were all made anew, as the roles and quotes compared every build
/// are). A claim not found leaves the place where the next is looked
/// for, as an added claim would, and is keyed again. The looking ahead
/// is bounded, for an analysis made anew throughout. (Matching every
/// claim in turn, and making every kept entry again when the number of
/// claims changed, took 11 ms of a paragraph rebuild at 5,000 articles.)
fn claim_keys(analysis: &Analysis, memo: Option<&ClaimKeys>) -> (Vec<u128>, bool) {
    use rayon::prelude::*;
    let claims = &analysis.claims;
    let Some(memo) = memo else {
        let keys = claims.par_iter().map_init(Vec::new, claim_key).collect();
        return (keys, false);
    };
    let mut kept = memo.0.lock().unwrap_or_else(|e| e.into_inner());
    let kept = &mut kept.keys;
    let (n, m) = (claims.len(), kept.len());
    let both = n.min(m);
    let before = (0..both)
        .into_par_iter()
        .position_first(|i| !(kept[i].at == claims[i].at && kept[i].holds(&claims[i])))
        .unwrap_or(both);
    if before == n && n == m {
        return (kept.iter().map(|k| k.key).collect(), true);
    }
    let after = (0..both - before)
        .into_par_iter()
        .position_first(|k| !kept[m - 1 - k].holds(&claims[n - 1 - k]))
        .unwrap_or(both - before);
    let (claims_between, kept_between) = (&claims[before..n - after], &kept[before..m - after]);
    const AHEAD: usize = 64;
    let mut budget = claims_between.len();
    let mut next = 0;
    let found: Vec<Option<u128>> = claims_between
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let window = if budget >= AHEAD { AHEAD } else { 1 };
            let ahead = kept_between.get(next..).unwrap_or_default();
            let at = ahead
                .iter()
                .take(window)
                .position(|k| k.holds(c))
                .map(|skipped| next + skipped)
                .or_else(|| kept_between.get(i).filter(|k| k.holds(c)).map(|_| i));
            match at {
                Some(j) => {
                    budget = budget.saturating_sub(j.saturating_sub(next));
                    next = j + 1;
                    Some(kept_between[j].key)
                }
                None => {
                    budget = budget.saturating_sub(window);
                    None
                }
            }
        })
        .collect();
    let made: Vec<u128> = claims_between
        .par_iter()
        .zip(found)
        .map_init(Vec::new, |buf, (c, found)| {
            found.unwrap_or_else(|| claim_key(buf, c))
        })
        .collect();
    if claims_between.len() == kept_between.len() {
        for ((k, c), &key) in kept[before..m - after]
            .iter_mut()
            .zip(claims_between)
            .zip(&made)
        {
            if !k.holds(c) {
                *k = KeptKey::of(c, key);
            }
            k.at = c.at;
        }
    } else {
        let between: Vec<KeptKey> = claims_between
            .iter()
            .zip(&made)
            .map(|(c, &key)| KeptKey::of(c, key))
            .collect();
        kept.splice(before..m - after, between);
    }
    for (k, c) in kept[n - after..].iter_mut().zip(&claims[n - after..]) {
        k.at = c.at;
    }
    (kept.iter().map(|k| k.key).collect(), false)
}

/// The claims only one source makes that are in no disagreement: the
/// first [`SINGLE_CLAIMS`] of them (indexes into the analysis's claims)
/// and how many there are; kept in `memo`, and taken from it when the
/// claims and the disputed sentences are the last build's.
fn single_claims(analysis: &Analysis, memo: Option<&ClaimKeys>) -> (Vec<usize>, usize) {
    use std::hash::Hash;
    let (keys, same) = claim_keys(analysis, memo);
    let disputed_digest = memo.map(|_| {
        let mut d = crate::digest::Digest::new();
        for dis in &analysis.disagreements {
            for c in &dis.claims {
                c.at.hash(&mut d);
            }
        }
        d.finish128()
    });
    if let Some(memo) = memo {
        let mut kept = memo.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(single) = kept
            .single
            .take()
            .filter(|s| same && Some(s.disputed) == disputed_digest)
        {
            let picked = (single.listed.clone(), single.total);
            kept.single = Some(single);
            return picked;
        }
    }
    let disputed: foldhash::HashSet<SentenceRef> = analysis
        .disagreements
        .iter()
        .flat_map(|d| d.claims.iter().map(|c| c.at))
        .collect();
    // Which articles make each claim (its kind, what it is about and its
    // value, ignoring case): one article, or more. Keyed by a digest, not
    // the text: a large dossier has a million claims.
    let mut made_by: foldhash::HashMap<u128, Option<usize>> =
        foldhash::HashMap::with_capacity_and_hasher(analysis.claims.len(), Default::default());
    for (c, &key) in analysis.claims.iter().zip(&keys) {
        made_by
            .entry(key)
            .and_modify(|one| {
                if *one != Some(c.at.article) {
                    *one = None;
                }
            })
            .or_insert(Some(c.at.article));
    }
    let mut listed = Vec::new();
    let mut total = 0;
    for (i, (c, key)) in analysis.claims.iter().zip(&keys).enumerate() {
        // `None`: more than one article makes it.
        if !matches!(
            c.kind,
            ClaimKind::Date | ClaimKind::Number | ClaimKind::Quote
        ) || made_by.get(key) == Some(&None)
            || disputed.contains(&c.at)
        {
            continue;
        }
        total += 1;
        if listed.len() < SINGLE_CLAIMS {
            listed.push(i);
        }
    }
    if let (Some(memo), Some(disputed)) = (memo, disputed_digest) {
        memo.0.lock().unwrap_or_else(|e| e.into_inner()).single = Some(KeptSingle {
            disputed,
            listed: listed.clone(),
            total,
        });
    }
    (listed, total)
}

/// The disagreements page's model; `keys` keeps the claims' keys for the
/// next build, if given.
pub fn disagreements(
    corpus: &Corpus,
    analysis: &Analysis,
    keys: Option<&ClaimKeys>,
) -> DisagreementsPage {
    use rayon::prelude::*;
    let live: Vec<&Disagreement> = analysis
        .disagreements
        .iter()
        .filter(|d| !d.is_dismissed())
        .collect();
    let kinds = [
        ClaimKind::Date,
        ClaimKind::Number,
        ClaimKind::Role,
        ClaimKind::Quote,
        ClaimKind::Attribution,
        ClaimKind::Spelling,
        ClaimKind::Other,
    ];
    // The cards (thousands in a large dossier), in parallel.
    let groups = kinds
        .into_iter()
        .map(|k| KindGroup {
            kind: k.as_str(),
            label: kind_label(k),
            cards: live
                .par_iter()
                .filter(|d| d.kind == k)
                .map(|d| disagreement_view(corpus, analysis, d))
                .collect(),
        })
        .filter(|g| !g.cards.is_empty())
        .collect();
    // Checkable claims no other source repeats.
    let (listed, single_total) = single_claims(analysis, keys);
    let mut single: Vec<SingleClaim> = Vec::with_capacity(listed.len());
    for c in listed.into_iter().map(|i| &analysis.claims[i]) {
        single.push(SingleClaim {
            kind: c.kind.as_str(),
            value: c.value.to_string(),
            source: source_label(corpus, c.at.article),
            href: sentence_href(corpus, c.at),
            sentence: marked(
                analysis.articles[c.at.article]
                    .sentences
                    .get(c.at.sentence)
                    .map_or("", |s| s.text.as_str()),
                c.span,
            ),
        });
    }
    DisagreementsPage {
        single_total,
        title: "What the sources disagree on".into(),
        total: live.len(),
        groups,
        dismissed: analysis
            .disagreements
            .iter()
            .filter(|d| d.is_dismissed())
            .map(|d| disagreement_view(corpus, analysis, d))
            .collect(),
        single: std::sync::Arc::new(single),
    }
}

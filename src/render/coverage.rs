//! The coverage page: which source names whom and what, and how often.
//!
//! A source is an outlet; articles whose outlet is unknown share one column
//! in the table but each counts as a source of its own when the page asks
//! how many sources report something (two unknown outlets may well be two
//! different ones, and claiming they are one would hide a lone report).
//!
//! Every count links to the first sentence behind it, so a reader can check
//! a cell the way they check a disagreement.

use serde::Serialize;

use super::pages::{outlet_anchors, person_page_path, sentence_href, topic_page_path, Link};
use crate::model::{Analysis, Corpus, SentenceRef};

/// Rows of the table; the lists below it cover everyone and everything.
const TABLE_PEOPLE: usize = 40;
const TABLE_TOPICS: usize = 30;
/// Columns of the table: the outlets with most articles.
const TABLE_SOURCES: usize = 20;
/// Entries of "reported by only one source".
const ONLY_ONE: usize = 60;
/// Entries per source of "what a source leaves out".
const LEFT_OUT: usize = 12;

#[derive(Debug, Serialize)]
pub struct SourceColumn {
    /// The outlet, or "Outlet unknown".
    pub label: String,
    /// Its section of the sources page, relative to the root.
    pub href: String,
    pub articles: usize,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    /// Mentions of a person, or sentences about a topic, in this source.
    pub count: usize,
    /// 0 (none) to 4 (as much as the source that says most about it).
    pub level: u8,
    /// The first sentence behind the count, relative to the root.
    pub href: Option<String>,
    /// What the count is, for screen readers: "3 mentions in Outlet".
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub label: String,
    pub href: String,
    pub cells: Vec<Cell>,
    /// How many sources name it (unknown outlets counted one by one).
    pub sources: usize,
}

#[derive(Debug, Serialize)]
pub struct OnlyOne {
    pub label: String,
    pub href: String,
    /// "person", "place", "theme" or "organization".
    pub kind: &'static str,
    pub source: String,
    /// The first sentence that names it.
    pub evidence: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct LeftOut {
    pub source: String,
    pub href: String,
    pub articles: usize,
    /// What most other sources name and this one does not; the note says
    /// how many of them name it.
    pub items: Vec<Link>,
    /// How many more it leaves out than `items` lists.
    pub more: usize,
}

#[derive(Debug, Serialize)]
pub struct CoveragePage {
    pub title: String,
    pub sources: Vec<SourceColumn>,
    /// Outlets not given a column (the table shows the largest ones).
    pub hidden_sources: usize,
    pub people: Vec<Row>,
    pub people_total: usize,
    pub topics: Vec<Row>,
    pub topics_total: usize,
    /// How many distinct sources the dossier has.
    pub source_count: usize,
    pub only_one: Vec<OnlyOne>,
    pub only_one_total: usize,
    pub left_out: Vec<LeftOut>,
}

/// Which source each article is: its column, and its identity when
/// counting sources.
struct Sources {
    columns: Vec<SourceColumn>,
    hidden: usize,
    /// Per article: the column it is counted in (`None` for outlets that
    /// got no column).
    column: Vec<Option<usize>>,
    /// Per article: a number the same for articles of one source.
    identity: Vec<usize>,
    /// Per article: the known outlet's index among `known`, if any.
    outlet: Vec<Option<usize>>,
    /// Known outlets, most articles first: (name, articles, anchor).
    known: Vec<(String, usize, String)>,
    distinct: usize,
}

fn sources(corpus: &Corpus) -> Sources {
    let anchors = outlet_anchors(corpus);
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut unknown = 0;
    for a in &corpus.articles {
        match &a.outlet {
            Some(o) => *counts.entry(o.as_str()).or_default() += 1,
            None => unknown += 1,
        }
    }
    let mut known: Vec<(String, usize, String)> = counts
        .into_iter()
        .map(|(name, n)| {
            let anchor = anchors.get(name).cloned().unwrap_or_default();
            (name.to_string(), n, anchor)
        })
        .collect();
    known.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let shown = known.len().min(TABLE_SOURCES);
    let mut columns: Vec<SourceColumn> = known[..shown]
        .iter()
        .map(|(name, n, anchor)| SourceColumn {
            label: name.clone(),
            href: format!("sources.html#{anchor}"),
            articles: *n,
        })
        .collect();
    let unknown_column = (unknown > 0).then(|| {
        columns.push(SourceColumn {
            label: "Outlet unknown".into(),
            href: format!(
                "sources.html#{}",
                anchors.get("").cloned().unwrap_or_default()
            ),
            articles: unknown,
        });
        columns.len() - 1
    });
    let index: foldhash::HashMap<&str, usize> = known
        .iter()
        .enumerate()
        .map(|(i, (name, _, _))| (name.as_str(), i))
        .collect();
    let mut column = Vec::with_capacity(corpus.articles.len());
    let mut identity = Vec::with_capacity(corpus.articles.len());
    let mut outlet = Vec::with_capacity(corpus.articles.len());
    for (ai, a) in corpus.articles.iter().enumerate() {
        match a.outlet.as_deref().and_then(|o| index.get(o)) {
            Some(&k) => {
                column.push((k < shown).then_some(k));
                identity.push(k);
                outlet.push(Some(k));
            }
            None => {
                column.push(unknown_column);
                identity.push(known.len() + ai);
                outlet.push(None);
            }
        }
    }
    Sources {
        hidden: known.len() - shown,
        distinct: known.len() + unknown,
        columns,
        column,
        identity,
        outlet,
        known,
    }
}

/// One person or topic: where it is named, in reading order.
struct Item<'a> {
    label: &'a str,
    href: String,
    kind: &'static str,
    at: Vec<SentenceRef>,
}

fn items(analysis: &Analysis) -> (Vec<Item<'_>>, Vec<Item<'_>>) {
    let people = analysis
        .people
        .iter()
        .map(|p| {
            let mut at: Vec<SentenceRef> = p.mentions.iter().map(|m| m.at).collect();
            at.sort_unstable();
            Item {
                label: &p.name,
                href: person_page_path(&p.id),
                kind: "person",
                at,
            }
        })
        .collect();
    let topics = analysis
        .topics
        .iter()
        .map(|t| Item {
            label: &t.name,
            href: topic_page_path(&t.id),
            kind: t.kind.as_str(),
            at: t.sentences.clone(),
        })
        .collect();
    (people, topics)
}

fn row(corpus: &Corpus, src: &Sources, item: &Item, unit: (&str, &str)) -> Row {
    let mut counts = vec![0usize; src.columns.len()];
    let mut first: Vec<Option<SentenceRef>> = vec![None; src.columns.len()];
    for &at in &item.at {
        if let Some(c) = src.column[at.article] {
            counts[c] += 1;
            first[c].get_or_insert(at);
        }
    }
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let cells = counts
        .iter()
        .zip(&first)
        .zip(&src.columns)
        .map(|((&count, at), column)| Cell {
            count,
            // Quarters of the row's largest count, rounded up, so any
            // mention shows.
            level: (count * 4).div_ceil(max) as u8,
            href: at.map(|at| sentence_href(corpus, at)),
            label: format!(
                "{count} {} of {} in {}",
                if count == 1 { unit.0 } else { unit.1 },
                item.label,
                column.label
            ),
        })
        .collect();
    Row {
        label: item.label.to_string(),
        href: item.href.clone(),
        cells,
        sources: distinct_sources(src, item),
    }
}

fn distinct_sources(src: &Sources, item: &Item) -> usize {
    let mut ids: Vec<usize> = item.at.iter().map(|at| src.identity[at.article]).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// The coverage page.
pub fn page(corpus: &Corpus, analysis: &Analysis) -> CoveragePage {
    let src = sources(corpus);
    let (people, topics) = items(analysis);
    let table = |items: &[Item], max: usize, unit| -> Vec<Row> {
        items
            .iter()
            .take(max)
            .map(|it| row(corpus, &src, it, unit))
            .collect()
    };
    // Lone reports: named by one source while the dossier has several.
    let mut only_one = Vec::new();
    let mut only_one_total = 0;
    if src.distinct > 1 {
        for it in people.iter().chain(&topics) {
            if it.at.is_empty() || distinct_sources(&src, it) != 1 {
                continue;
            }
            only_one_total += 1;
            if only_one.len() < ONLY_ONE {
                let first = it.at[0];
                only_one.push(OnlyOne {
                    label: it.label.to_string(),
                    href: it.href.clone(),
                    kind: it.kind,
                    source: super::pages::source_label(corpus, first.article),
                    evidence: sentence_href(corpus, first),
                    count: it.at.len(),
                });
            }
        }
    }
    CoveragePage {
        title: "Coverage".into(),
        hidden_sources: src.hidden,
        people: table(&people, TABLE_PEOPLE, ("mention", "mentions")),
        people_total: people.len(),
        topics: table(&topics, TABLE_TOPICS, ("sentence", "sentences")),
        topics_total: topics.len(),
        source_count: src.distinct,
        only_one,
        only_one_total,
        left_out: left_out(&src, &people, &topics),
        sources: src.columns,
    }
}

/// For each known outlet, what most of the other outlets name and it does
/// not. Needs three outlets at least: with two, "most others" is one.
fn left_out(src: &Sources, people: &[Item], topics: &[Item]) -> Vec<LeftOut> {
    let n = src.known.len();
    if n < 3 {
        return Vec::new();
    }
    // Which outlets name each item, as a bit per outlet in a word list.
    let words = n.div_ceil(64);
    let all: Vec<&Item> = people.iter().chain(topics).collect();
    let named: Vec<Vec<u64>> = all
        .iter()
        .map(|it| {
            let mut bits = vec![0u64; words];
            for at in &it.at {
                if let Some(k) = src.outlet[at.article] {
                    bits[k / 64] |= 1 << (k % 64);
                }
            }
            bits
        })
        .collect();
    let by: Vec<usize> = named
        .iter()
        .map(|b| b.iter().map(|w| w.count_ones() as usize).sum())
        .collect();
    // Items most outlets name first; people before topics on a tie, in
    // their own order.
    let mut order: Vec<usize> = (0..all.len()).filter(|&i| by[i] >= 2).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(by[i]));
    src.known
        .iter()
        .enumerate()
        .map(|(k, (name, articles, anchor))| {
            let missing: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&i| named[i][k / 64] & (1 << (k % 64)) == 0 && by[i] * 2 > n - 1)
                .collect();
            LeftOut {
                source: name.clone(),
                href: format!("sources.html#{anchor}"),
                articles: *articles,
                more: missing.len().saturating_sub(LEFT_OUT),
                items: missing
                    .iter()
                    .take(LEFT_OUT)
                    .map(|&i| Link {
                        label: all[i].label.to_string(),
                        href: all[i].href.clone(),
                        note: Some(format!("{} of {} others", by[i], n - 1)),
                    })
                    .collect(),
            }
        })
        .filter(|l| !l.items.is_empty())
        .collect()
}

//! The timeline: what happened when, from the dated claims.
//!
//! Every date claim the analysis pinned to a day, or to a stretch of at
//! most a month ("last week", resolved against its article's date), is an
//! event mark: claims of the same days about the same thing are one event,
//! with every sentence behind it. Events that only one source dates, and
//! those whose date a disagreement disputes, are marked so and link to the
//! card. The picture is static SVG drawn here, deterministic and without
//! script, so it works from `file://` and in print; its colours come from
//! the stylesheet's classes, so dark mode and print restyle it.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use super::fragments::Fragments;
use super::pages::{disagreement_href, marked, sentence_href, source_label, Link, Mark};
use super::templates::escape_html;
use crate::date::Date;
use crate::error::Result;
use crate::model::{Analysis, ClaimKind, Corpus, SentenceRef};

/// Longest stretch of days a claim may cover to be placed on the axis.
const MAX_DAYS: i64 = 31;
/// Events drawn and listed at most; the ones most sources date are kept.
pub const MAX_EVENTS: usize = 300;
/// Sentences listed under an event at most. An event a thousand articles
/// date would otherwise list a thousand sentences (a 26 MB page at
/// 20,000 articles); a dozen from different sources show the wording.
pub const MAX_SENTENCES: usize = 12;

/// One sentence behind an event.
#[derive(Debug, Clone, Serialize)]
pub struct EventSentence {
    pub source: String,
    pub href: String,
    pub sentence: Vec<Mark>,
}

/// Something the sources date.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// The anchor on the timeline page: `e{n}`, numbered in date order
    /// among all the dossier's events.
    pub id: String,
    /// "March 12, 2025", or "March 3, 2025 – March 9, 2025".
    pub date: String,
    /// `YYYY-MM-DD` of the first day, for `<time>`.
    pub iso: String,
    /// What happened, in the sources' words ("talks, meeting").
    pub what: String,
    /// How many different articles date it.
    pub sources: usize,
    /// Only one article dates it.
    pub single: bool,
    /// The disagreements that dispute one of its dates.
    pub disputed: Vec<Link>,
    /// The sentences listed under it: at most [`MAX_SENTENCES`], one from
    /// each source before a second from any.
    pub sentences: Vec<EventSentence>,
    /// Sentences that date it but are not listed.
    pub more: usize,
    /// Where its claims are: their sentences and words. (Not their
    /// indexes in `Analysis::claims`, which move whenever a card gains
    /// or loses a claim: the events are then the same, and kept.)
    #[serde(skip)]
    claims: Vec<Dated>,
    #[serde(skip)]
    from: i64,
    #[serde(skip)]
    to: i64,
}

/// The timeline page's model: its events as [`Event`]s, then as
/// [`EventSlot`]s once each is rendered ([`place`]).
#[derive(Debug, Serialize)]
pub struct TimelinePage<E = Event> {
    pub title: String,
    /// The picture, already safe SVG (built here from numbers and escaped
    /// text).
    pub svg: String,
    pub events: Vec<E>,
    /// Events found; more than `events.len()` when the list is cut.
    pub total: usize,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Where a claim of an event is.
#[derive(Debug, Clone, Copy)]
struct Dated {
    at: SentenceRef,
    span: (usize, usize),
}

/// The last build's events, with a digest of what they were made from,
/// kept from one rebuild to the next (`dossier serve`): grouping a large
/// dossier's date claims into events took a tenth of a rebuild, and most
/// edits change no date claim.
#[derive(Debug, Default)]
pub struct Memo(Mutex<Option<(u128, Arc<Vec<Event>>)>>);

/// The dossier's events, and (for a rebuild) the digest of what they
/// were made from.
pub struct Events {
    pub all: Arc<Vec<Event>>,
    pub digest: Option<u128>,
}

/// [`events`], taken from `memo` when what they are made from is the last
/// build's (and left in it otherwise).
pub fn events_reusing(analysis: &Analysis, memo: Option<&Memo>) -> Events {
    let Some(memo) = memo else {
        return Events {
            all: Arc::new(events(analysis)),
            digest: None,
        };
    };
    let inputs = events_inputs(analysis);
    let mut last = memo.0.lock().unwrap_or_else(|e| e.into_inner());
    let all = match &*last {
        Some((digest, events)) if *digest == inputs => Arc::clone(events),
        _ => {
            let made = Arc::new(events(analysis));
            *last = Some((inputs, Arc::clone(&made)));
            made
        }
    };
    Events {
        all,
        digest: Some(inputs),
    }
}

/// A digest of everything [`events`] reads: each dated claim's days,
/// sentence, words and frame, and each live date disagreement's id,
/// subject and sentences, in order (not where they are in the analysis's
/// lists: a figure edit that adds a claim to a card moves every later
/// claim, and no event).
fn events_inputs(analysis: &Analysis) -> u128 {
    use std::hash::Hash;
    let mut d = crate::digest::Digest::new();
    for x in &analysis.disagreements {
        if x.kind == ClaimKind::Date && !x.is_dismissed() {
            (&x.id, &x.subject, x.claims.len()).hash(&mut d);
            for c in &x.claims {
                c.at.hash(&mut d);
            }
        }
    }
    usize::MAX.hash(&mut d);
    for c in &analysis.claims {
        if let (ClaimKind::Date, Some((from, to))) = (c.kind, c.when) {
            (from.days_since_epoch(), to.days_since_epoch(), c.at, c.span).hash(&mut d);
            c.frame.hash(&mut d);
        }
    }
    d.finish128()
}

/// The events of the dossier, in date order (all of them, not cut).
pub fn events(analysis: &Analysis) -> Vec<Event> {
    // Which disagreements dispute each dated sentence.
    let mut disputes: BTreeMap<SentenceRef, Vec<usize>> = BTreeMap::new();
    for (di, d) in analysis.disagreements.iter().enumerate() {
        if d.kind != ClaimKind::Date || d.is_dismissed() {
            continue;
        }
        for c in &d.claims {
            let list = disputes.entry(c.at).or_default();
            if list.last() != Some(&di) {
                list.push(di);
            }
        }
    }
    // Claims of the same days, in claim order; then, among those, claims
    // that share a word of what they are about are one event ("community
    // meeting" and "scheduled community meeting").
    // Each day range's claims, with what they are about.
    let mut by_days: BTreeMap<(i64, i64), Vec<(Dated, &str)>> = BTreeMap::new();
    let mut seen: foldhash::HashSet<(i64, i64, SentenceRef)> = Default::default();
    for c in &analysis.claims {
        let Some((from, to)) = c.when else { continue };
        let (from, to) = (from.days_since_epoch(), to.days_since_epoch());
        if c.kind != ClaimKind::Date || to - from > MAX_DAYS || to < from {
            continue;
        }
        // The same sentence can hold a date twice ("Monday, March 3").
        if seen.insert((from, to, c.at)) {
            let dated = Dated {
                at: c.at,
                span: c.span,
            };
            by_days
                .entry((from, to))
                .or_default()
                .push((dated, &c.frame));
        }
    }
    // Each event's claims and what it is about.
    let mut grouped: Vec<((i64, i64), Vec<Dated>, String)> = Vec::new();
    for (days, claims) in by_days {
        // Union-find over the day's claims: two that share a word are one
        // event. Linear in the claims and their words.
        let mut parent: Vec<usize> = (0..claims.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut first_with: foldhash::HashMap<Cow<str>, usize> = Default::default();
        for (k, (_, frame)) in claims.iter().enumerate() {
            let mut words = event_words(frame).peekable();
            // Claims that name no event word are one event too: the same
            // days and nothing to tell them apart. Apart, each would claim
            // that only its article dates the day.
            let none = words.peek().is_none().then_some(Cow::Borrowed(""));
            for w in words.chain(none) {
                let other = *first_with.entry(w).or_insert(k);
                let (a, b) = (root(&mut parent, k), root(&mut parent, other));
                if a != b {
                    // The earlier claim stays the root, so groups keep the
                    // order of their first claim.
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for k in 0..claims.len() {
            let r = root(&mut parent, k);
            groups.entry(r).or_default().push(k);
        }
        grouped.extend(groups.into_values().map(|members| {
            let frames: Vec<&str> = members.iter().map(|&k| claims[k].1).collect();
            let what = what(&frames);
            (days, members.iter().map(|&k| claims[k].0).collect(), what)
        }));
    }
    let mut out = Vec::new();
    for (n, ((from, to), claims, what)) in grouped.into_iter().enumerate() {
        let mut articles: Vec<usize> = claims.iter().map(|x| x.at.article).collect();
        articles.sort_unstable();
        articles.dedup();
        let mut disputed: Vec<Link> = Vec::new();
        for x in &claims {
            for &di in disputes.get(&x.at).map(Vec::as_slice).unwrap_or_default() {
                let d = &analysis.disagreements[di];
                let href = disagreement_href(&d.id);
                if !disputed.iter().any(|l| l.href == href) {
                    disputed.push(Link {
                        label: d.subject.clone(),
                        href,
                        note: None,
                    });
                }
            }
        }
        let (a, b) = (Date::from_days(from), Date::from_days(to));
        out.push(Event {
            id: format!("e{n}"),
            date: if from == to {
                a.long()
            } else {
                format!("{} – {}", a.long(), b.long())
            },
            iso: a.to_string(),
            what,
            sources: articles.len(),
            single: articles.len() == 1,
            disputed,
            // Filled in by `keep`, for the events shown only: a large
            // dossier has hundreds of thousands of date claims.
            sentences: Vec::new(),
            more: 0,
            claims,
            from,
            to,
        });
    }
    out
}

/// The words of what a date claim is about (its frame), lower-cased;
/// borrowed when they already are.
fn event_words(frame: &str) -> impl Iterator<Item = Cow<'_, str>> {
    frame
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            }
        })
}

/// What an event is about: the words most of its claims use (up to four,
/// most used first), or the one claim's words.
fn what(frames: &[&str]) -> String {
    let mut counts: BTreeMap<Cow<str>, usize> = BTreeMap::new();
    for f in frames {
        for w in event_words(f) {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut words: Vec<(Cow<str>, usize)> = counts.into_iter().collect();
    if frames.len() > 1 && words.iter().any(|(_, n)| *n > 1) {
        words.retain(|(_, n)| *n > 1);
    }
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let shown: Vec<&str> = words.iter().take(4).map(|(w, _)| &**w).collect();
    if shown.is_empty() {
        "(no event word)".into()
    } else {
        shown.join(", ")
    }
}

/// At most `max` events: those most sources date (then the earliest),
/// in date order. Ids stay those of the whole list, so a shorter cut (the
/// home page's) links to the same entries as a longer one.
pub fn keep(corpus: &Corpus, analysis: &Analysis, events: &[Event], max: usize) -> Vec<Event> {
    chosen(corpus, events, max)
        .into_iter()
        .map(|(ei, shown)| {
            let mut e = events[ei].clone();
            e.more = e.claims.len() - shown.len();
            e.sentences = shown
                .into_iter()
                .map(|i| {
                    let c = e.claims[i];
                    EventSentence {
                        source: source_label(corpus, c.at.article),
                        href: sentence_href(corpus, c.at),
                        sentence: marked(sentence_text(analysis, c.at), c.span),
                    }
                })
                .collect();
            e
        })
        .collect()
}

fn sentence_text(analysis: &Analysis, at: SentenceRef) -> &str {
    analysis.articles[at.article]
        .sentences
        .get(at.sentence)
        .map_or("", |s| s.text.as_str())
}

/// The events [`keep`] keeps (their indexes in `events`, in date order),
/// each with the claims whose sentences it lists (their indexes in the
/// event's claims): chosen before any event is copied, since a large
/// dossier has thousands of events, each with its claims, and a page
/// shows a few hundred.
fn chosen(corpus: &Corpus, events: &[Event], max: usize) -> Vec<(usize, Vec<usize>)> {
    let order: Vec<usize> = if events.len() > max {
        let mut order: Vec<usize> = (0..events.len()).collect();
        order.sort_by(|&x, &y| {
            events[y]
                .sources
                .cmp(&events[x].sources)
                .then(events[x].from.cmp(&events[y].from))
                .then(x.cmp(&y))
        });
        order.truncate(max);
        order.sort_unstable();
        order
    } else {
        (0..events.len()).collect()
    };
    order
        .into_iter()
        .map(|ei| {
            let e = &events[ei];
            // One sentence from each source first, then the rest in
            // reading order, listed in reading order.
            let mut shown: Vec<usize> = Vec::new();
            let mut sources: BTreeSet<String> = BTreeSet::new();
            for (i, x) in e.claims.iter().enumerate() {
                if shown.len() >= MAX_SENTENCES {
                    break;
                }
                if sources.insert(source_label(corpus, x.at.article)) {
                    shown.push(i);
                }
            }
            for i in 0..e.claims.len() {
                if shown.len() >= MAX_SENTENCES {
                    break;
                }
                if !shown.contains(&i) {
                    shown.push(i);
                }
            }
            shown.sort_unstable();
            (ei, shown)
        })
        .collect()
}

/// A key of everything the timeline page reads, for a rebuild: the
/// events (by `digest`, that of what they were made from) and, for
/// each event the page shows, the sources, addresses and marked words
/// of the sentences it lists. An edit to an article whose sentences the
/// page does not list leaves the page as it was, without making its
/// model (a few hundred events with a dozen sentences each).
pub fn page_key(corpus: &Corpus, analysis: &Analysis, all: &[Event], digest: u128) -> u128 {
    use std::hash::Hash;
    let mut d = crate::digest::Digest::new();
    digest.hash(&mut d);
    for (ei, shown) in chosen(corpus, all, MAX_EVENTS) {
        (ei, shown.len()).hash(&mut d);
        for i in shown {
            let c = all[ei].claims[i];
            let a = &corpus.articles[c.at.article];
            (&a.id, &a.outlet, &a.display_title, c.at, c.span).hash(&mut d);
            sentence_text(analysis, c.at).hash(&mut d);
        }
    }
    d.finish128()
}

/// An event as the timeline page holds it.
#[derive(Debug, Serialize)]
pub struct EventSlot {
    pub id: String,
    /// `timeline-event.html` rendered for the event, put in place as it
    /// is.
    pub html: Arc<str>,
}

/// Renders each event of `page` on its own with `render`, in parallel,
/// except where `kept` has the event by its digest (made by `digest`;
/// `None`: not kept), and leaves this build's in `kept`. The page lists
/// a few hundred events with a dozen sentences each, a megabyte of
/// HTML; an edit to a sentence it lists changes one of them, and the
/// whole page was rendered again.
pub fn place(
    page: TimelinePage,
    render: &(dyn Fn(&Event) -> Result<String> + Sync),
    digest: &(dyn Fn(&Event) -> Option<u128> + Sync),
    kept: Option<&Fragments>,
) -> Result<TimelinePage<EventSlot>> {
    let round = Fragments::round(kept);
    let rendered: Vec<Arc<str>> = page
        .events
        .par_iter()
        .map(|event| round.piece(|| digest(event), || render(event)))
        .collect::<Result<_>>()?;
    round.finish();
    let events = page
        .events
        .into_iter()
        .zip(rendered)
        .map(|(e, html)| EventSlot { id: e.id, html })
        .collect();
    Ok(TimelinePage {
        title: page.title,
        svg: page.svg,
        events,
        total: page.total,
        first: page.first,
        last: page.last,
    })
}

/// The timeline page, from all the dossier's `events`.
pub fn page(corpus: &Corpus, analysis: &Analysis, all: &[Event]) -> TimelinePage {
    let total = all.len();
    let events = keep(corpus, analysis, all, MAX_EVENTS);
    TimelinePage {
        title: "Timeline".into(),
        svg: svg(&events, "", false),
        first: events.first().map(|e| Date::from_days(e.from).long()),
        last: events.last().map(|e| Date::from_days(e.to).long()),
        total,
        events,
    }
}

/// Events on the home page's strip; the timeline page has the rest.
const HOME_EVENTS: usize = 60;

/// The home page's strip: the events most sources date, linking to their
/// entries on the timeline page.
pub fn strip(corpus: &Corpus, analysis: &Analysis, all: &[Event]) -> String {
    svg(
        &keep(corpus, analysis, all, HOME_EVENTS),
        "timeline.html",
        true,
    )
}

/// The timeline as SVG. Each event is a dot (a bar for a stretch of days)
/// linking to its entry on the timeline page (`link_base` leads there:
/// `""` on that page, `"timeline.html"` elsewhere); dots that would touch
/// go on the next row. `compact` draws a short strip for the home page.
pub fn svg(events: &[Event], link_base: &str, compact: bool) -> String {
    const WIDTH: f64 = 960.0;
    const LEFT: f64 = 24.0;
    const RIGHT: f64 = 24.0;
    const ROW: f64 = 16.0;
    let Some(first) = events.iter().map(|e| e.from).min() else {
        return String::new();
    };
    let last = events.iter().map(|e| e.to).max().unwrap_or(first);
    let scale = Scale::new(events, LEFT, WIDTH - RIGHT);
    let x = |day: i64| scale.x(day);
    // Rows: each event goes on the first row where it does not touch the
    // one before it.
    let mut row_ends: Vec<f64> = Vec::new();
    let mut rows = Vec::with_capacity(events.len());
    let max_rows = if compact { 4 } else { 24 };
    for e in events {
        let (a, b) = (x(e.from) - 5.0, x(e.to) + 5.0);
        let row = match row_ends.iter().position(|&end| end + 2.0 < a) {
            Some(r) => r,
            None if row_ends.len() < max_rows => {
                row_ends.push(f64::MIN);
                row_ends.len() - 1
            }
            // Full: the row that ends first.
            None => row_ends
                .iter()
                .enumerate()
                .min_by(|p, q| p.1.total_cmp(q.1))
                .map_or(0, |(r, _)| r),
        };
        row_ends[row] = row_ends[row].max(b);
        rows.push(row);
    }
    let top = 12.0;
    let axis_y = top + row_ends.len().max(1) as f64 * ROW + 8.0;
    let height = axis_y + 28.0;
    let mut out = String::new();
    let title = if compact {
        "Timeline of dated events"
    } else {
        "Timeline: every dated event"
    };
    let _ = write!(
        out,
        r#"<svg class="timeline-svg{}" viewBox="0 0 {WIDTH} {height:.0}" role="group" aria-labelledby="tl-title{compact_id}"><title id="tl-title{compact_id}">{title}, {} to {}</title>"#,
        if compact { " compact" } else { "" },
        Date::from_days(first).long(),
        Date::from_days(last).long(),
        compact_id = if compact { "-compact" } else { "" },
    );
    // The axis, one stretch per cluster of events, with ticks at days,
    // weeks or month starts as each stretch allows; long empty gaps are
    // cut out and marked with a break.
    for (i, c) in scale.stretches.iter().enumerate() {
        let _ = write!(
            out,
            r#"<line class="tl-axis" x1="{:.1}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}"/>"#,
            c.x0, c.x1
        );
        if i > 0 {
            let mid = c.x0 - BREAK / 2.0;
            for dx in [-4.0, 2.0] {
                let _ = write!(
                    out,
                    r#"<line class="tl-break" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
                    mid + dx,
                    axis_y + 6.0,
                    mid + dx + 4.0,
                    axis_y - 6.0
                );
            }
        }
    }
    for (day, first_of_stretch) in scale.ticks() {
        let d = Date::from_days(day);
        // The year where a stretch of the axis begins.
        let label = if first_of_stretch {
            format!("{} {}", d.short(), d.year)
        } else {
            d.short()
        };
        let tx = x(day);
        let _ = write!(
            out,
            r#"<line class="tl-tick" x1="{tx:.1}" y1="{axis_y:.1}" x2="{tx:.1}" y2="{:.1}"/><text class="tl-label" x="{tx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            axis_y + 5.0,
            axis_y + 18.0,
            label
        );
    }
    for (e, row) in events.iter().zip(rows) {
        let y = top + row as f64 * ROW + ROW / 2.0;
        let class = match (e.disputed.is_empty(), e.single) {
            (false, _) => "tl-event disputed",
            (true, true) => "tl-event single",
            (true, false) => "tl-event",
        };
        let label = format!(
            "{}: {}; {} source{}{}",
            e.date,
            e.what,
            e.sources,
            if e.sources == 1 { "" } else { "s" },
            if e.disputed.is_empty() {
                ""
            } else {
                "; disputed"
            }
        );
        let label = escape_html(&label);
        let _ = write!(
            out,
            r##"<a href="{}#{}" aria-label="{label}"><title>{label}</title>"##,
            escape_html(link_base),
            e.id
        );
        if e.from == e.to {
            let r = 3.0 + (e.sources.min(8) as f64) * 0.6;
            let _ = write!(
                out,
                r#"<circle class="{class}" cx="{:.1}" cy="{y:.1}" r="{r:.1}"/>"#,
                x(e.from)
            );
        } else {
            let _ = write!(
                out,
                r#"<rect class="{class}" x="{:.1}" y="{:.1}" width="{:.1}" height="6" rx="3"/>"#,
                x(e.from),
                y - 3.0,
                (x(e.to) - x(e.from)).max(6.0)
            );
        }
        out.push_str("</a>");
    }
    out.push_str("</svg>");
    out
}

/// Width of a cut-out gap on the axis.
const BREAK: f64 = 28.0;

/// A stretch of the axis: days `from..=to` drawn from `x0` to `x1`.
#[derive(Debug)]
struct Stretch {
    from: i64,
    to: i64,
    x0: f64,
    x1: f64,
}

/// Days to x positions. Events far apart in time (a rewrite that moves an
/// event by a year) would squeeze all the others into a few pixels, so
/// gaps without events longer than a sixth of the whole span (and than a
/// month) are cut out: each cluster of events gets a stretch of the axis
/// in proportion to its days.
struct Scale {
    stretches: Vec<Stretch>,
}

impl Scale {
    fn new(events: &[Event], left: f64, right: f64) -> Scale {
        let mut spans: Vec<(i64, i64)> = events.iter().map(|e| (e.from, e.to)).collect();
        spans.sort_unstable();
        let whole = spans.iter().map(|s| s.1).max().unwrap_or(0) - spans.first().map_or(0, |s| s.0);
        let gap = (whole / 6).max(31);
        let mut clusters: Vec<(i64, i64)> = Vec::new();
        for (a, b) in spans {
            match clusters.last_mut() {
                Some(c) if a - c.1 <= gap => c.1 = c.1.max(b),
                _ => clusters.push((a, b)),
            }
        }
        // A day of margin either side of each cluster.
        let days: i64 = clusters.iter().map(|(a, b)| b - a + 2).sum();
        let room = right - left - BREAK * (clusters.len().saturating_sub(1)) as f64;
        let per_day = room / days.max(1) as f64;
        let mut x = left;
        let stretches = clusters
            .into_iter()
            .map(|(a, b)| {
                let x0 = x;
                let x1 = x0 + (b - a + 2) as f64 * per_day;
                x = x1 + BREAK;
                Stretch {
                    from: a - 1,
                    to: b + 1,
                    x0,
                    x1,
                }
            })
            .collect();
        Scale { stretches }
    }

    fn x(&self, day: i64) -> f64 {
        let s = self
            .stretches
            .iter()
            .find(|s| day <= s.to)
            .or(self.stretches.last());
        match s {
            Some(s) => {
                let days = (s.to - s.from).max(1) as f64;
                s.x0 + (day.clamp(s.from, s.to) - s.from) as f64 / days * (s.x1 - s.x0)
            }
            None => 0.0,
        }
    }

    /// Tick days for every stretch, as many as its width has room for,
    /// each with whether it is the stretch's first.
    fn ticks(&self) -> Vec<(i64, bool)> {
        self.stretches
            .iter()
            .flat_map(|s| {
                let room = (((s.x1 - s.x0) / 72.0).floor() as usize).max(1);
                ticks(s.from, s.to, room)
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| (d, i == 0))
            })
            .collect()
    }
}

/// Tick days between `start` and `end`: every day for two weeks, Mondays
/// for four months, month starts beyond, thinned to at most `most`.
fn ticks(start: i64, end: i64, most: usize) -> Vec<i64> {
    let span = end - start;
    let all: Vec<i64> = (start..=end)
        .filter(|&d| {
            let date = Date::from_days(d);
            if span <= 14 {
                true
            } else if span <= 120 {
                date.weekday() == 0
            } else {
                date.day == 1
            }
        })
        .collect();
    let step = all.len().div_ceil(most.max(1)).max(1);
    all.into_iter().step_by(step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_outlier_does_not_squeeze_the_rest() {
        let day = |y, m, d| Date::new(y, m, d).unwrap().days_since_epoch();
        let event = |from: i64| Event {
            id: String::new(),
            date: String::new(),
            iso: String::new(),
            what: String::new(),
            sources: 1,
            single: true,
            disputed: Vec::new(),
            sentences: Vec::new(),
            more: 0,
            claims: Vec::new(),
            from,
            to: from,
        };
        let events: Vec<Event> = [day(2024, 3, 12), day(2025, 12, 1), day(2025, 12, 2)]
            .into_iter()
            .map(event)
            .collect();
        let scale = Scale::new(&events, 0.0, 960.0);
        assert_eq!(scale.stretches.len(), 2, "the year-long gap is cut out");
        let gap = scale.x(day(2025, 12, 2)) - scale.x(day(2025, 12, 1));
        assert!(gap > 100.0, "two days apart get room: {gap}");
        let svg = svg(&events, "timeline.html", false);
        assert_eq!(svg.matches("tl-break").count(), 2, "one break mark");
        assert!(svg.contains("2024") && svg.contains("2025"));
    }

    #[test]
    fn ticks_suit_the_span() {
        let day = |y, m, d| Date::new(y, m, d).unwrap().days_since_epoch();
        assert_eq!(ticks(day(2025, 3, 1), day(2025, 3, 5), 14).len(), 5);
        let weeks = ticks(day(2025, 3, 1), day(2025, 5, 31), 14);
        assert!(weeks.iter().all(|&d| Date::from_days(d).weekday() == 0));
        let months = ticks(day(2024, 1, 1), day(2025, 12, 31), 14);
        assert!(months.len() <= 14);
        assert!(months.iter().all(|&d| Date::from_days(d).day == 1));
    }
}

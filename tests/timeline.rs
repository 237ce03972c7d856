//! The timeline page and the home page's strip, on a fixture dossier whose
//! dates are known: the wildfire (a fire that ignited on Friday,
//! September 5, a rewrite that moves it to the 6th, a community meeting on
//! Tuesday the 9th that three outlets date).

mod common;

use std::collections::BTreeSet;

use scraper::{Html, Selector};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(el: &scraper::ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_timeline_places_each_dated_event_with_its_sources_and_disputes() {
    let (_keep, public) = common::build(&common::fixture("dev/wildfire"));
    let html = std::fs::read_to_string(public.join("timeline.html")).unwrap();
    let doc = Html::parse_document(&html);

    let events = select(&doc, "ol.events > li");
    assert!(events.len() >= 10, "{} events", events.len());
    // In date order.
    let dates: Vec<String> = events
        .iter()
        .map(|e| {
            select_in(e, "time")[0]
                .value()
                .attr("datetime")
                .unwrap()
                .to_string()
        })
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);

    // Three outlets date the community meeting to the 9th: one event, not
    // three, and not marked as dated by one source only.
    let meeting = events
        .iter()
        .find(|e| text(e).contains("community, meeting"))
        .expect("the community meeting");
    assert_eq!(
        select_in(meeting, "time")[0].value().attr("datetime"),
        Some("2025-09-09")
    );
    assert!(text(meeting).contains("3 sources"), "{}", text(meeting));
    assert!(!meeting.value().classes().any(|c| c == "single"));
    assert_eq!(select_in(meeting, ".sentence-list li").len(), 3);

    // The ignition: the 5th in the original, the 6th in the rewrite; both
    // marked disputed and linked to the date disagreement's card.
    let disagreements = std::fs::read_to_string(public.join("disagreements.html")).unwrap();
    for day in ["2025-09-05", "2025-09-06"] {
        let e = events
            .iter()
            .find(|e| {
                select_in(e, "time")[0].value().attr("datetime") == Some(day)
                    && e.value().classes().any(|c| c == "disputed")
            })
            .unwrap_or_else(|| panic!("a disputed event on {day}"));
        let links = select_in(e, ".event-disputed a");
        assert!(!links.is_empty());
        for a in links {
            let href = a.value().attr("href").unwrap();
            let id = href.split('#').nth(1).unwrap();
            assert!(href.starts_with("disagreements.html#"), "{href}");
            assert!(disagreements.contains(&format!("id=\"{id}\"")), "{href}");
        }
    }
    // Every sentence behind an event links to its anchor in an article,
    // with the date's words marked.
    for e in &events {
        for li in select_in(e, ".sentence-list li") {
            let a = &select_in(&li, "a")[0];
            assert!(a.value().attr("href").unwrap().starts_with("articles/"));
            assert!(a.value().attr("href").unwrap().contains("#s"));
        }
    }

    // The picture: one link per listed event, to its entry, each with an
    // accessible name; nothing else clickable.
    let svg_links: BTreeSet<String> = select(&doc, "svg a")
        .iter()
        .map(|a| {
            assert!(a
                .value()
                .attr("aria-label")
                .is_some_and(|l| l.contains("2025")));
            a.value()
                .attr("href")
                .unwrap()
                .trim_start_matches('#')
                .to_string()
        })
        .collect();
    let ids: BTreeSet<String> = events
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(svg_links, ids);
    assert_eq!(select(&doc, "svg circle, svg rect").len(), events.len());
    assert_eq!(
        select(&doc, "svg .tl-event.disputed").len(),
        select(&doc, "ol.events > li.disputed").len()
    );

    // The home page's strip links into the timeline page's entries.
    let home = Html::parse_document(&std::fs::read_to_string(public.join("index.html")).unwrap());
    let strip = select(&home, "svg.timeline-svg a");
    assert!(!strip.is_empty());
    for a in strip {
        let href = a.value().attr("href").unwrap();
        let id = href.strip_prefix("timeline.html#").expect(href);
        assert!(ids.contains(id), "{href}");
    }
    assert!(select(&home, "nav a")
        .iter()
        .any(|a| a.value().attr("href") == Some("timeline.html")));
}

fn select_in<'a>(el: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    el.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn a_dossier_without_dated_events_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/a.txt"),
        "A quiet headline\n\nNothing here is dated. The council met and talked.\n",
    )
    .unwrap();
    let (_keep, public) = common::build(dir.path());
    let html = std::fs::read_to_string(public.join("timeline.html")).unwrap();
    assert!(html.contains("No article dates an event"));
    assert!(!html.contains("<svg"));
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(!home.contains("<svg"));
}

/// Eighteen articles from three outlets date the same reopening: the
/// entry lists twelve sentences, all three outlets among them, in reading
/// order, and says how many more there are (a story a thousand articles
/// date made a page of tens of megabytes).
#[test]
fn an_event_many_articles_date_lists_a_dozen_sentences_from_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    // The first outlet writes twelve articles, the other two three each,
    // so a list cut in reading order alone would show only the first.
    let outlets = (0..12)
        .map(|_| "Canal Gazette")
        .chain((0..3).map(|_| "Lock Keeper Weekly"))
        .chain((0..3).map(|_| "Towpath News"));
    for (i, outlet) in outlets.enumerate() {
        std::fs::write(
            content.join(format!("{i:02}.md")),
            format!(
                "# Swing bridge back in service, report {i:02}\n\n*{outlet}*\n\n2026-04-{:02}\n\n\
                 The swing bridge over the canal reopened on April 2, 2026, after repairs. \
                 Boats queued for an hour on report {i}.\n",
                i + 3
            ),
        )
        .unwrap();
    }
    let (_keep, public) = common::build(dir.path());
    let doc = Html::parse_document(&std::fs::read_to_string(public.join("timeline.html")).unwrap());
    let event = select(&doc, "ol.events > li")
        .into_iter()
        .find(|e| select_in(e, "time")[0].value().attr("datetime") == Some("2026-04-02"))
        .expect("the reopening is an event");
    assert!(text(&event).contains("18 sources"), "{}", text(&event));
    let items = select_in(&event, ".sentence-list li");
    assert_eq!(items.len(), 13);
    assert_eq!(
        text(&items[12]),
        "and 6 more sentences dating it, in the articles of these and other sources"
    );
    let sources: BTreeSet<String> = items[..12]
        .iter()
        .map(|li| text(&select_in(li, "a")[0]))
        .collect();
    assert_eq!(
        sources.into_iter().collect::<Vec<_>>(),
        ["Canal Gazette", "Lock Keeper Weekly", "Towpath News"]
    );
    // Reading order: article pages by file name.
    let hrefs: Vec<String> = items[..12]
        .iter()
        .map(|li| {
            select_in(li, "a")[0]
                .value()
                .attr("href")
                .unwrap()
                .to_string()
        })
        .collect();
    let mut sorted = hrefs.clone();
    sorted.sort();
    assert_eq!(hrefs, sorted);
}

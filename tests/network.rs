//! The people network page: every circle is a person with a page, and
//! every line joins two people some sentence names together.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use scraper::{Html, Selector};

#[test]
fn the_network_links_exactly_the_people_named_together() {
    // The sample: its people are often named together.
    let (_keep, public) = common::build(&common::repo());
    let html = std::fs::read_to_string(public.join("people/network.html")).unwrap();
    let doc = Html::parse_document(&html);
    let sel = |css: &str| Selector::parse(css).unwrap();

    // Who shares a sentence, from the data export.
    let people = common::json(&public, "people.json");
    let people = people.as_array().unwrap();
    let mut named: BTreeMap<(String, u64), BTreeSet<String>> = BTreeMap::new();
    for p in people {
        for m in p["mentions"].as_array().unwrap() {
            named
                .entry((
                    m["article"].as_str().unwrap().to_string(),
                    m["sentence"].as_u64().unwrap(),
                ))
                .or_default()
                .insert(p["name"].as_str().unwrap().to_string());
        }
    }
    let together = |a: &str, b: &str| {
        named
            .values()
            .filter(|n| n.contains(a) && n.contains(b))
            .count()
    };

    // Circles: one per person shown, each linking to that person's page.
    let nodes: Vec<_> = doc.select(&sel("svg.network-svg a")).collect();
    assert!(nodes.len() >= 5, "{} people drawn", nodes.len());
    for a in &nodes {
        let href = a.value().attr("href").unwrap();
        assert!(
            href.starts_with("../people/") && href.ends_with(".html"),
            "{href}"
        );
        assert!(
            public
                .join("people")
                .join(&href["../people/".len()..])
                .exists(),
            "{href}"
        );
        assert!(a
            .value()
            .attr("aria-label")
            .is_some_and(|l| l.contains("mention")));
    }
    // Lines: each between two people who share that many sentences.
    let lines: Vec<_> = doc.select(&sel("svg.network-svg line.nw-link")).collect();
    assert!(!lines.is_empty());
    let mut pairs_drawn = 0;
    for line in &lines {
        let title: String = line.text().collect();
        // "A and B: N sentence(s)"
        let (names, count) = title.rsplit_once(": ").unwrap();
        let (a, b) = names.split_once(" and ").unwrap();
        let n: usize = count.split(' ').next().unwrap().parse().unwrap();
        assert_eq!(together(a, b), n, "{title}");
        pairs_drawn += 1;
    }
    // And every such pair among the people shown is drawn.
    let shown: Vec<String> = nodes
        .iter()
        .map(|a| a.text().collect::<String>())
        .map(|t| {
            // The circle's <title> and label both hold the name.
            t.split(':').next().unwrap().to_string()
        })
        .collect();
    let mut expected = 0;
    for (i, a) in shown.iter().enumerate() {
        for b in &shown[i + 1..] {
            if together(a, b) > 0 {
                expected += 1;
            }
        }
    }
    assert_eq!(pairs_drawn, expected);
    // Each person page's one-hop star: the person's co-named people, each
    // with the number of sentences they share.
    let mut stars = 0;
    for p in people {
        let id = p["id"].as_str().unwrap();
        let me = p["name"].as_str().unwrap();
        let page = Html::parse_document(
            &std::fs::read_to_string(public.join(format!("people/{id}.html"))).unwrap(),
        );
        for a in page.select(&sel("svg.one-hop a")) {
            let label = a.value().attr("aria-label").unwrap();
            let (other, rest) = label.split_once(": ").unwrap();
            let n: usize = rest.split(' ').next().unwrap().parse().unwrap();
            assert_eq!(together(me, other), n, "{me}: {label}");
            assert!(n > 0);
            stars += 1;
        }
    }
    assert!(stars > 0, "no one-hop links at all");
    // Reached from the people list.
    let list = std::fs::read_to_string(public.join("people/index.html")).unwrap();
    assert!(list.contains("href=\"../people/network.html\""));
}

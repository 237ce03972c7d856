//! `print.html`: the whole dossier in one document, in reading order,
//! with links that stay inside it.

mod common;

use common::sel;

use std::collections::{BTreeMap, BTreeSet};

use scraper::Html;

#[test]
fn the_print_view_holds_everything_in_reading_order_with_links_inside_it() {
    for dossier in [
        common::repo(),
        common::fixture("dev/wildfire"),
        common::fixture("xss"),
    ] {
        let (_keep, public) = common::build(&dossier);
        let name = dossier.display();
        let html = std::fs::read_to_string(public.join("print.html")).unwrap();
        let doc = Html::parse_document(&html);

        // The parts, in reading order.
        let parts: Vec<&str> = doc
            .select(&sel("main section.print-part"))
            .map(|s| s.value().id().unwrap())
            .collect();
        let people = common::json(&public, "people.json");
        let topics = common::json(&public, "topics.json");
        let mut expected = vec!["briefing", "disagreements"];
        if !people.as_array().unwrap().is_empty() {
            expected.push("people");
        }
        if !topics.as_array().unwrap().is_empty() {
            expected.push("topics");
        }
        expected.push("articles");
        assert_eq!(parts, expected, "{name}");

        // Every article, person, topic and card, once, in the data's order
        // (articles in reading order: by date, undated last).
        let ids: Vec<&str> = doc
            .select(&sel("[id]"))
            .map(|e| e.value().id().unwrap())
            .collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "{name}: duplicate ids");
        let in_doc = |prefix: &str| -> Vec<String> {
            doc.select(&sel(&format!("article[id^='{prefix}']")))
                .map(|e| {
                    e.value()
                        .id()
                        .unwrap()
                        .trim_start_matches(prefix)
                        .to_string()
                })
                .collect()
        };
        let data_ids = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x["id"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(in_doc("person-"), data_ids(&people), "{name}");
        assert_eq!(in_doc("topic-"), data_ids(&topics), "{name}");
        let articles = common::json(&public, "articles.json");
        let mut by_date: Vec<(Option<String>, String, String)> = articles
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["date"].as_str().map(String::from),
                    a["display_title"].as_str().unwrap().to_string(),
                    a["id"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        by_date.sort_by(|a, b| (a.0.is_none(), &a.0, &a.1).cmp(&(b.0.is_none(), &b.0, &b.1)));
        let reading: Vec<String> = by_date.into_iter().map(|x| x.2).collect();
        assert_eq!(in_doc("article-"), reading, "{name}");
        let cards: BTreeSet<String> = doc
            .select(&sel("article.card"))
            .map(|e| e.value().id().unwrap().to_string())
            .collect();
        let disagreements: BTreeSet<String> =
            data_ids(&common::json(&public, "disagreements.json"))
                .into_iter()
                .collect();
        assert_eq!(cards, disagreements, "{name}");

        // Each article's sentences, with ids of their own.
        for a in articles.as_array().unwrap() {
            let id = a["id"].as_str().unwrap();
            let n = a["sentences"].as_u64().unwrap();
            let sentences = doc
                .select(&sel(&format!("article#article-{id} .s")))
                .count() as u64;
            assert_eq!(sentences, n, "{name}: {id}");
            if n > 0 {
                assert!(unique.contains(format!("article-{id}-s{}", n - 1).as_str()));
            }
        }

        // Links: to a part of the document when it holds the target, and
        // every one of those resolves; none leads to a page it holds.
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for a in doc.select(&sel("main a[href]")) {
            let href = a.value().attr("href").unwrap();
            if let Some(fragment) = href.strip_prefix('#') {
                assert!(
                    unique.contains(fragment),
                    "{name}: #{fragment} goes nowhere"
                );
                *kinds
                    .entry(fragment.split('-').next().unwrap())
                    .or_default() += 1;
            } else {
                for (page, prefix) in [
                    ("articles/", "article"),
                    ("people/", "person"),
                    ("topics/", "topic"),
                ] {
                    if let Some(rest) = href.strip_prefix(page) {
                        let id = rest.split(".html").next().unwrap();
                        assert!(
                            !unique.contains(format!("{prefix}-{id}").as_str()),
                            "{name}: {href} should stay in the document"
                        );
                    }
                }
                assert!(
                    !href.starts_with("disagreements.html#"),
                    "{name}: {href} should stay in the document"
                );
            }
        }
        if !people.as_array().unwrap().is_empty() {
            assert!(
                kinds.get("person").copied().unwrap_or(0) > 0,
                "{name}: {kinds:?}"
            );
            assert!(
                kinds.get("article").copied().unwrap_or(0) > 0,
                "{name}: {kinds:?}"
            );
        }
    }
}

/// A person in 30 articles, quoted in each, and a topic in all of them:
/// the print view cuts their lists and says how long they were.
#[test]
fn long_lists_are_cut_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    for i in 1..=30 {
        std::fs::write(
            content.join(format!("{i:02}.md")),
            format!(
                "# Lighthouse keepers vote on strike, day {i}\n\n*Coastal Gazette {i}*\n\n2026-02-{:02}\n\n\
                 Union leader Maren Solberg addressed keepers at the Grimsvik Lighthouse on day {i}. \
                 \"We will not staff the lamps without a contract, not on day {i} and not after,\" Solberg said. \
                 The Grimsvik Lighthouse has been staffed since 1902.\n",
                (i - 1) % 28 + 1
            ),
        )
        .unwrap();
    }
    let (_keep, public) = common::build(dir.path());
    let html = std::fs::read_to_string(public.join("print.html")).unwrap();
    let doc = Html::parse_document(&html);
    let person = doc
        .select(&sel("article[id='person-maren-solberg']"))
        .next()
        .expect("the union leader has an entry");
    let notes: Vec<String> = person
        .select(&sel(".note"))
        .map(|n| n.text().collect::<String>())
        .collect();
    assert!(
        notes.contains(&"12 of 30 articles.".to_string()),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"8 of 30 quotations.".to_string()),
        "{notes:?}"
    );
    assert_eq!(person.select(&sel(".quote-list li")).count(), 8);
    let topic = doc
        .select(&sel("article[id^='topic-']"))
        .find(|t| t.text().collect::<String>().contains("Grimsvik Lighthouse"))
        .expect("the lighthouse is a topic");
    let text: String = topic.text().collect();
    assert!(text.contains("; and 18 more"), "{text}");
    assert!(
        text.contains("8 of 30 sentences") || text.contains("8 of 60 sentences"),
        "{text}"
    );
}

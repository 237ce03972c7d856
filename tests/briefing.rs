//! The home page as a briefing: the story in numbers, the top
//! disagreements, the sources with their dates.

mod common;

use common::{sel, text};

use scraper::Html;

fn home(public: &std::path::Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(public.join("index.html")).unwrap())
}

#[test]
fn the_numbers_and_the_sources_with_their_dates() {
    let (_keep, public) = common::build(&common::fixture("own/coverage"));
    let doc = home(&public);
    let stats: Vec<String> = doc.select(&sel(".stats li")).map(text).collect();
    let people = common::json(&public, "people.json")
        .as_array()
        .unwrap()
        .len();
    let topics = common::json(&public, "topics.json")
        .as_array()
        .unwrap()
        .len();
    let disagreements = common::json(&public, "disagreements.json")
        .as_array()
        .unwrap()
        .len();
    assert_eq!(
        stats,
        [
            "4 sources 3 named outlets".to_string(),
            "4 articles 15 sentences".into(),
            format!("{people} people"),
            format!("{topics} topics"),
            format!(
                "{disagreements} disagreement{}",
                if disagreements == 1 { "" } else { "s" }
            ),
        ]
    );
    assert_eq!(people, 3);
    let rows: Vec<String> = doc
        .select(&sel("section[aria-labelledby='sources-heading'] tbody tr"))
        .map(text)
        .collect();
    assert_eq!(
        rows,
        [
            "Harbor Times 1 March 2, 2026",
            "Valley Courier 1 March 2, 2026",
            "Coast Herald 1 March 3, 2026",
            "Outlet unknown 1 March 4, 2026",
        ]
    );
    // Each outlet links to its section of the sources page.
    let sources = std::fs::read_to_string(public.join("sources.html")).unwrap();
    for a in doc.select(&sel("section[aria-labelledby='sources-heading'] tbody a")) {
        let anchor = a
            .value()
            .attr("href")
            .unwrap()
            .strip_prefix("sources.html#")
            .unwrap();
        assert!(sources.contains(&format!("id=\"{anchor}\"")), "{anchor}");
    }
}

#[test]
fn the_top_disagreements_are_the_first_cards_and_link_to_them() {
    let (_keep, public) = common::build(&common::fixture("dev/wildfire"));
    let doc = home(&public);
    let listed: Vec<(String, String)> = doc
        .select(&sel(".top-disagreements > li > p a"))
        .map(|a| (a.value().attr("href").unwrap().to_string(), text(a)))
        .collect();
    let data = common::json(&public, "disagreements.json");
    let first: Vec<(String, String)> = data
        .as_array()
        .unwrap()
        .iter()
        .take(5)
        .map(|d| {
            (
                format!("disagreements.html#{}", d["id"].as_str().unwrap()),
                d["subject"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(listed, first);
    let page =
        Html::parse_document(&std::fs::read_to_string(public.join("disagreements.html")).unwrap());
    for (href, _) in &listed {
        let id = href.split_once('#').unwrap().1;
        assert_eq!(
            page.select(&sel(&format!("article.card[id='{id}']")))
                .count(),
            1
        );
    }
    // Each card on the briefing names every value with its sources.
    let first_values: Vec<String> = doc
        .select(&sel(".top-disagreements > li:first-child .values li"))
        .map(text)
        .collect();
    assert_eq!(
        first_values,
        [
            "15% according to Orvale Courier-Ledger, DailyNewsHub, Cascadia Ledger",
            "30% according to Pacific Wire Service"
        ]
    );
    assert_eq!(
        text(doc.select(&sel(".stats li:last-child")).next().unwrap()),
        format!("{} disagreements", data.as_array().unwrap().len())
    );
}

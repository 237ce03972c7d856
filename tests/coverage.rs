//! The coverage page: the source × people/topics table, what only one
//! source reports, and what a source leaves out.

mod common;

use common::{sel, text};

use std::collections::BTreeMap;
use std::path::Path;

use scraper::Html;

/// A table of the page as rows of cell texts, header row first; a cell
/// with a link gives its text and `@` and its target.
fn table(doc: &Html, heading: &str) -> Vec<Vec<String>> {
    let section = doc
        .select(&sel("main section"))
        .find(|s| s.select(&sel("h2")).any(|h| text(h) == heading))
        .unwrap_or_else(|| panic!("no section {heading}"));
    section
        .select(&sel("tr"))
        .map(|tr| {
            tr.select(&sel("th, td"))
                .map(|c| match c.select(&sel("a")).next() {
                    Some(a) if c.value().name() == "td" => {
                        format!("{}@{}", text(a), a.value().attr("href").unwrap())
                    }
                    _ => text(c).replace("–none", "–"),
                })
                .collect()
        })
        .collect()
}

fn section_items(doc: &Html, id: &str, item: &str) -> Vec<String> {
    doc.select(&sel(&format!("section[aria-labelledby='{id}'] {item}")))
        .map(text)
        .collect()
}

fn page(public: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(public.join("coverage.html")).unwrap())
}

#[test]
fn a_small_dossier_gives_the_exact_table_and_lists() {
    let (_keep, public) = common::build(&common::fixture("own/coverage"));
    let doc = page(&public);
    let a = |file: &str, s: u32| {
        let id = match file {
            "harbor" => "water-main-break-floods-eastgate-district",
            "valley" => "eastgate-residents-without-water-after-main-bursts",
            "coast" => "council-questions-pipe-budget-after-eastgate-flood",
            _ => "notes-from-the-eastgate-flood",
        };
        format!("articles/{id}.html#s{s}")
    };
    let people = table(&doc, "People by source");
    assert_eq!(
        people,
        vec![
            vec![
                "Person",
                "Coast Herald 1 article",
                "Harbor Times 1 article",
                "Valley Courier 1 article",
                "Outlet unknown 1 article",
                "Sources"
            ]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
            vec![
                "Lena Fischer".to_string(),
                format!("1@{}", a("coast", 3)),
                format!("2@{}", a("harbor", 1)),
                format!("2@{}", a("valley", 1)),
                format!("1@{}", a("blog", 0)),
                "4".into(),
            ],
            vec![
                "Omar Haddad".to_string(),
                "–".into(),
                format!("2@{}", a("harbor", 3)),
                format!("2@{}", a("valley", 3)),
                "–".into(),
                "2".into(),
            ],
            vec![
                "Priya Raman".to_string(),
                format!("2@{}", a("coast", 1)),
                "–".into(),
                "–".into(),
                "–".into(),
                "1".into(),
            ],
        ]
    );
    // The shade: the row's largest count is darkest, a lone mention the
    // lightest that shows, none blank.
    let classes: Vec<String> = doc
        .select(&sel(
            "section[aria-labelledby='people-h'] tbody tr:first-child td.heat",
        ))
        .map(|td| td.value().attr("class").unwrap().to_string())
        .collect();
    assert_eq!(
        classes,
        ["heat heat-2", "heat heat-4", "heat heat-4", "heat heat-2"]
    );

    assert_eq!(
        section_items(&doc, "only-one-h", "li"),
        ["Priya Raman person · only Coast Herald (2 times)"]
    );
    let lone = doc
        .select(&sel("section[aria-labelledby='only-one-h'] li a"))
        .map(|e| e.value().attr("href").unwrap().to_string())
        .collect::<Vec<_>>();
    assert_eq!(lone, ["people/priya-raman.html".to_string(), a("coast", 1)]);

    // Two of the three outlets name the engineer; the third does not.
    assert_eq!(
        section_items(&doc, "left-out-h", "dt"),
        ["Coast Herald 1 article"]
    );
    let left_out = section_items(&doc, "left-out-h", "dd li");
    assert!(
        left_out.contains(&"Omar Haddad 2 of 2 others".to_string()),
        "{left_out:?}"
    );
    // Column heads lead to the outlet's section of the sources page.
    let sources = std::fs::read_to_string(public.join("sources.html")).unwrap();
    for a in doc.select(&sel("section[aria-labelledby='people-h'] thead a")) {
        let href = a.value().attr("href").unwrap();
        let anchor = href.strip_prefix("sources.html#").unwrap();
        assert!(sources.contains(&format!("id=\"{anchor}\"")), "{href}");
    }
}

/// Every cell of the people table equals the person's mentions in that
/// outlet's articles in the data export, and links to one of them.
fn people_cells_match_the_data(public: &Path) {
    let doc = page(public);
    let articles = common::json(public, "articles.json");
    let outlet: BTreeMap<String, String> = articles
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["outlet"].as_str().unwrap_or("Outlet unknown").to_string(),
            )
        })
        .collect();
    let people = common::json(public, "people.json");
    let rows = table(&doc, "People by source");
    let head: Vec<String> = rows[0]
        .iter()
        .map(|h| h.rsplitn(3, ' ').nth(2).unwrap_or(h).to_string())
        .collect();
    assert!(rows.len() > 2, "too few rows to check");
    for row in &rows[1..] {
        let p = people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == row[0].as_str())
            .unwrap_or_else(|| panic!("{} not in people.json", row[0]));
        let mentions = p["mentions"].as_array().unwrap();
        for (cell, source) in row[1..row.len() - 1].iter().zip(&head[1..]) {
            let here: Vec<String> = mentions
                .iter()
                .filter(|m| &outlet[m["article"].as_str().unwrap()] == source)
                .map(|m| {
                    format!(
                        "articles/{}.html#s{}",
                        m["article"].as_str().unwrap(),
                        m["sentence"]
                    )
                })
                .collect();
            if here.is_empty() {
                assert_eq!(cell, "–", "{} in {source}", row[0]);
                continue;
            }
            let (count, href) = cell.split_once('@').unwrap();
            assert_eq!(count, here.len().to_string(), "{} in {source}", row[0]);
            assert!(
                here.contains(&href.to_string()),
                "{} in {source}: {href}",
                row[0]
            );
        }
    }
}

#[test]
fn cells_count_the_mentions_in_the_data_export() {
    for dossier in [
        common::repo(),
        common::fixture("dev/wildfire"),
        common::fixture("dev/hostage"),
    ] {
        let (_keep, public) = common::build(&dossier);
        people_cells_match_the_data(&public);
    }
}

/// Two outlets name fifteen officials and the budget hearing, a third
/// names none of them: its list of what it leaves out shows the first 12
/// and says how many more. (This
/// cut once failed the whole build: a template subtracted from a list.)
#[test]
fn a_long_left_out_list_is_cut_with_a_count() {
    const NAMES: [&str; 15] = [
        "Alice Varga",
        "Brian Okafor",
        "Carla Jensen",
        "Daniel Moreau",
        "Emma Lindqvist",
        "Frank Osei",
        "Grace Nakamura",
        "Henry Dubois",
        "Irene Castellano",
        "Jacob Weller",
        "Karen Mbeki",
        "Louis Petrov",
        "Maria Santos",
        "Nathan Holm",
        "Olivia Brandt",
    ];
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    for (n, outlet) in ["Harbour Times", "Valley Courier"].iter().enumerate() {
        let mut body = String::new();
        for name in NAMES {
            let surname = name.split(' ').nth(1).unwrap();
            body.push_str(&format!(
                "Councillor {name} spoke at the budget hearing. \"The ferry budget must pass,\" {surname} said.\n\n"
            ));
        }
        std::fs::write(
            content.join(format!("{n}.md")),
            format!(
                "# Council debates ferry budget\n\n*{outlet}*\n\n2026-05-0{}\n\n{body}",
                n + 1
            ),
        )
        .unwrap();
    }
    std::fs::write(
        content.join("2.md"),
        "# Ferry budget hearing runs late\n\n*Island Post*\n\n2026-05-03\n\n\
         The hearing on the ferry budget ran past midnight. A vote is expected next week.\n",
    )
    .unwrap();
    let (_keep, public) = common::build(dir.path());
    let doc = Html::parse_document(&std::fs::read_to_string(public.join("coverage.html")).unwrap());
    assert_eq!(
        section_items(&doc, "left-out-h", "dt"),
        ["Island Post 1 article"]
    );
    let items = section_items(&doc, "left-out-h", "dd li");
    assert_eq!(items.len(), 13, "{items:?}");
    assert_eq!(items[12], "and 4 more", "{items:?}");
    assert!(
        items[..12].iter().all(|i| i.ends_with(" 2 of 2 others")),
        "{items:?}"
    );
}

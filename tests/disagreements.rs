//! "What the sources disagree on", scored against gold files with the
//! evaluation's rules: an exported disagreement hits a gold one when its
//! claims cover gold claims from at least two articles with different gold
//! values (a claim covers a gold claim when its text contains the snippet,
//! one of its alternatives, or more than half of its words). One that hits
//! a trap, or nothing, is a false positive.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn covers(text: &str, gold: &Value) -> bool {
    let mut snippets = vec![gold["text"].as_str().unwrap().to_string()];
    if let Some(alts) = gold["alts"].as_array() {
        snippets.extend(alts.iter().filter_map(|a| a.as_str().map(str::to_string)));
    }
    let have: BTreeSet<String> = words(text).into_iter().collect();
    snippets.iter().any(|s| {
        let w = words(s);
        text.contains(s.as_str())
            || (!w.is_empty() && w.iter().filter(|x| have.contains(*x)).count() * 2 > w.len())
    })
}

fn hits(d: &Value, gold: &Value, file_of: &dyn Fn(&str) -> String) -> bool {
    let covered: Vec<&Value> = gold["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| {
            d["claims"].as_array().unwrap().iter().any(|c| {
                file_of(c["article"].as_str().unwrap()) == g["article"].as_str().unwrap()
                    && covers(c["text"].as_str().unwrap(), g)
            })
        })
        .collect();
    covered.iter().any(|a| {
        covered
            .iter()
            .any(|b| a["article"] != b["article"] && a["value"] != b["value"])
    })
}

#[derive(Debug)]
struct Score {
    found: usize,
    precision: f64,
    recall: f64,
    missed_must: Vec<String>,
    traps: Vec<String>,
    reported: usize,
}

fn score(root: &Path, gold: &Path) -> Score {
    let gold: Value = serde_json::from_slice(&std::fs::read(gold).unwrap()).unwrap();
    let site = dossier::generate(root).unwrap();
    let data = |name: &str| -> Value {
        let f = site
            .files
            .iter()
            .find(|f| f.path == format!("data/{name}"))
            .unwrap();
        serde_json::from_slice(&f.bytes).unwrap()
    };
    let articles = data("articles.json");
    let file_of = |id: &str| -> String {
        articles
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["file"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let reported = data("disagreements.json");
    let reported = reported.as_array().unwrap();
    let gold_d = gold["disagreements"].as_array().unwrap();
    let traps = gold["non_disagreements"].as_array().unwrap();
    let mut found: BTreeSet<String> = BTreeSet::new();
    let mut false_positives = 0;
    let mut trapped = Vec::new();
    for d in reported {
        // The export's own rule: two articles, two values.
        let claims = d["claims"].as_array().unwrap();
        let arts: BTreeSet<&str> = claims
            .iter()
            .map(|c| c["article"].as_str().unwrap())
            .collect();
        let values: BTreeSet<String> = claims
            .iter()
            .map(|c| c["value"].as_str().unwrap().to_lowercase())
            .collect();
        assert!(arts.len() >= 2 && values.len() >= 2, "{d}");
        let h: Vec<String> = gold_d
            .iter()
            .filter(|g| hits(d, g, &file_of))
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect();
        let t: Vec<String> = traps
            .iter()
            .filter(|g| hits(d, g, &file_of))
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect();
        if !t.is_empty() {
            trapped.push(format!("{} hits {:?}", d["subject"], t));
            false_positives += 1;
        } else if h.is_empty() {
            false_positives += 1;
        }
        found.extend(h);
    }
    Score {
        found: found.len(),
        precision: if reported.is_empty() {
            1.0
        } else {
            (reported.len() - false_positives) as f64 / reported.len() as f64
        },
        recall: if gold_d.is_empty() {
            1.0
        } else {
            found.len() as f64 / gold_d.len() as f64
        },
        missed_must: gold_d
            .iter()
            .filter(|g| {
                g["must"].as_bool() == Some(true) && !found.contains(g["id"].as_str().unwrap())
            })
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect(),
        traps: trapped,
        reported: reported.len(),
    }
}

/// Holds a dossier to the bar, except for must-find items listed as known
/// gaps (kept short and honest: each is a limitation noted in the issue).
fn assert_bar(name: &str, root: &Path, gold: &Path, known_gaps: &[&str]) {
    let s = score(root, gold);
    eprintln!("{name}: {s:?}");
    assert!(s.traps.is_empty(), "{name}: traps tripped: {:?}", s.traps);
    assert!(s.precision >= 0.8, "{name}: precision {:.2}", s.precision);
    let missed: Vec<&String> = s
        .missed_must
        .iter()
        .filter(|m| !known_gaps.contains(&m.as_str()))
        .collect();
    assert!(
        missed.is_empty(),
        "{name}: must-find disagreements missed: {missed:?}"
    );
}

#[test]
fn sample_disagreements_meet_the_bar() {
    assert_bar(
        "sample",
        &common::repo(),
        &common::fixture("seeds.gold.json"),
        &[],
    );
}

#[test]
fn dev_dossiers_disagreements_meet_the_bar() {
    // Known gaps: a year attached to a named past event (wildfire d3), a
    // quotation whose second source attributes it to "the manager" only
    // (transfer d9), a quotation another source credits to someone else
    // (hostage d10).
    for (name, gaps) in [
        ("wildfire", &["d3"][..]),
        ("transfer", &["d9"][..]),
        ("ratedecision", &[][..]),
        ("hostage", &["d10"][..]),
    ] {
        let root = common::fixture(&format!("dev/{name}"));
        assert_bar(name, &root, &root.join("gold.json"), gaps);
        assert!(
            score(&root, &root.join("gold.json")).recall >= 0.9,
            "{name}: recall fell"
        );
    }
}

#[test]
fn own_dossiers_disagreements_meet_the_bar() {
    // mine d1 (14 vs 15 trapped miners): the counts sit in relative clauses
    // ("where 15 miners are sheltering") of sentences about other days.
    assert_bar(
        "mine",
        &common::fixture("own/mine"),
        &common::fixture("own/mine/gold.json"),
        &[],
    );
    assert_bar(
        "portcyber",
        &common::fixture("own/portcyber"),
        &common::fixture("own/portcyber/gold.json"),
        &[],
    );
    // Relative dates ("last week", "two weeks ago", "late March") and times
    // of day, with traps where they agree.
    assert_bar(
        "plantblast",
        &common::fixture("own/plantblast"),
        &common::fixture("own/plantblast/gold.json"),
        &[],
    );
}

#[test]
fn sources_that_agree_produce_no_disagreement() {
    let s = score(
        &common::fixture("own/control"),
        &common::fixture("own/control/gold.json"),
    );
    assert_eq!(s.reported, 0, "{s:?}");
    assert_eq!(s.found, 0);
}

#[test]
fn the_page_shows_each_card_with_its_evidence() {
    let (_tmp, public) = common::build(&common::repo());
    let page = std::fs::read_to_string(public.join("disagreements.html")).unwrap();
    let reported = common::json(&public, "disagreements.json");
    for d in reported.as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        assert!(page.contains(&format!("id=\"{id}\"")), "card {id} missing");
        // Each claim's sentence is linked on its article page.
        for c in d["claims"].as_array().unwrap() {
            let article = c["article"].as_str().unwrap();
            let href = format!("articles/{article}.html#s{}", c["sentence"]);
            assert!(page.contains(&href), "{href} not linked");
            let art =
                std::fs::read_to_string(public.join(format!("articles/{article}.html"))).unwrap();
            assert!(
                art.contains(&format!("disagreements.html#{id}")),
                "{article} does not flag {id}"
            );
        }
    }
    // Quotations get a word-level diff: the differing word is marked.
    assert!(
        page.contains("<mark>could</mark>"),
        "no word diff for the can/could quote"
    );
    // The page is linked from every page's navigation.
    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(index.contains("href=\"disagreements.html\""));
    // Person pages list the disagreements about the person.
    let trump = std::fs::read_to_string(public.join("people/donald-trump.html")).unwrap();
    assert!(trump.contains("disagreements.html#role-"));
}

#[test]
fn ids_are_stable_across_builds() {
    let a = dossier::generate(&common::repo()).unwrap();
    let b = dossier::generate(&common::repo()).unwrap();
    let ids = |s: &dossier::Site| {
        s.analysis
            .disagreements
            .iter()
            .map(|d| d.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
    assert!(!ids(&a).is_empty());
}

#[test]
fn editors_dismiss_confirm_and_add_disagreements() {
    let dir = common::copy_dossier(&common::repo());
    let site = dossier::generate(dir.path()).unwrap();
    let ds = &site.analysis.disagreements;
    let spelling = ds
        .iter()
        .find(|d| d.kind == dossier::model::ClaimKind::Spelling)
        .unwrap()
        .id
        .clone();
    let role = ds
        .iter()
        .find(|d| d.kind == dossier::model::ClaimKind::Role)
        .unwrap()
        .id
        .clone();
    std::fs::write(
        dir.path().join("content/disagreements.toml"),
        format!(
            r#"[[dismiss]]
id = "{spelling}"
reason = "Both spellings are accepted transliterations."

[[confirm]]
id = "{role}"
note = "Checked against the outlet's correction."

[[add]]
kind = "number"
subject = "How many points the plan has"
note = "Added by the desk."
claims = [
  {{ file = "000_3eb6ebc1c82cec40.txt", sentence = 4, value = "28 points" }},
  {{ file = "001_3d242797057cde70.txt", sentence = 15, value = "20 points" }},
]

[[dismiss]]
id = "no-such-card"
reason = "typo"
"#
        ),
    )
    .unwrap();
    let (_tmp, public) = common::build(dir.path());
    let json = common::json(&public, "disagreements.json");
    let list = json.as_array().unwrap();
    assert!(
        list.iter().all(|d| d["id"] != spelling.as_str()),
        "dismissed card still exported"
    );
    let confirmed = list.iter().find(|d| d["id"] == role.as_str()).unwrap();
    assert_eq!(confirmed["editor"], "confirmed");
    assert_eq!(list[0]["id"], confirmed["id"], "confirmed cards come first");
    let added = list
        .iter()
        .find(|d| d["subject"] == "How many points the plan has")
        .unwrap();
    assert_eq!(added["editor"], "added");
    assert_eq!(added["claims"].as_array().unwrap().len(), 2);
    let page = std::fs::read_to_string(public.join("disagreements.html")).unwrap();
    assert!(page.contains("Dismissed by the editor"));
    assert!(page.contains("Both spellings are accepted transliterations."));
    assert!(
        page.contains("Checked against the outlet&#39;s correction.")
            || page.contains("Checked against the outlet's correction.")
    );
    let report = dossier::check(dir.path()).unwrap();
    assert!(
        report.warnings.iter().any(|w| w.to_string().starts_with(
            "content/disagreements.toml:18: no disagreement has the id `no-such-card`"
        )),
        "{:?}",
        report.warnings
    );
}

/// `card.html` is rendered once for each card and each page that shows
/// it: an override shapes every card on the disagreements page and in the
/// print view, and sees where it is placed (and the page's own `root`).
#[test]
fn an_overridden_card_template_shapes_every_card_where_it_is_placed() {
    let dossier = common::copy_dossier(&common::fixture("dev/wildfire"));
    let root = dossier.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/card.html"),
        "<p class=\"my-card\" id=\"{{ card.id }}\">{{ card.subject }} · level {{ card_level }} · \
         {% if card_open %}open{% else %}closed{% endif %} · {{ page_path }} · \
         <a href=\"{{ root }}{{ card.claims.0.href }}\">{{ card.claims.0.source }}</a></p>",
    )
    .unwrap();
    let (_out, public) = common::build(root);
    let cards = common::json(&public, "disagreements.json");
    let cards = cards.as_array().expect("a list of cards");
    assert!(cards.len() >= 3, "the fixture has disagreements");
    let page = std::fs::read_to_string(public.join("disagreements.html")).unwrap();
    let print = std::fs::read_to_string(public.join("print.html")).unwrap();
    for card in cards {
        let id = card["id"].as_str().unwrap();
        let on_page = format!("<p class=\"my-card\" id=\"{id}\">");
        assert_eq!(page.matches(&on_page).count(), 1, "{id} on the page");
        assert_eq!(print.matches(&on_page).count(), 1, "{id} in print");
    }
    assert_eq!(
        page.matches(" · level 3 · closed · disagreements.html · ")
            .count(),
        cards.len()
    );
    assert_eq!(
        print.matches(" · level 4 · open · print.html · ").count(),
        cards.len()
    );
    // The card's links work from the page, and in print lead inside it.
    assert!(page.contains("<a href=\"articles/"), "{page}");
    assert!(print.contains("<a href=\"#article-"));
    // The built-in card is gone.
    assert!(!page.contains("class=\"card\""));
    // A card template that fails is named, for the card and the entries
    // of the print view alike.
    for name in ["card.html", "print-topic.html"] {
        let dir = common::copy_dossier(&common::fixture("dev/wildfire"));
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates").join(name),
            "{{ no.such.thing }}",
        )
        .unwrap();
        let err = dossier::build(dir.path(), None).unwrap_err().to_string();
        assert!(err.contains(&format!("templates/{name}")), "{err}");
    }
}

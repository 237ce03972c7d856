//! People found in fixture dossiers, scored against their gold files with
//! the rules of the evaluation: an exported person matches a gold person
//! when its name is one of the gold variants, or one of its full-name
//! (two-word) variants is. Two exported people matching one gold person is
//! a split; one matching two is a merge; a match with `not_people` is the
//! worst kind of false positive; bylines and credits are neither required
//! nor penalised.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

#[derive(Debug, Default)]
struct Score {
    recall: f64,
    precision: f64,
    missed: Vec<String>,
    false_people: Vec<String>,
    not_people: Vec<String>,
    splits: Vec<String>,
    merges: Vec<String>,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn score(root: &Path, gold: &Path) -> Score {
    let gold: Value = serde_json::from_slice(&std::fs::read(gold).unwrap()).unwrap();
    let site = dossier::generate(root).unwrap();
    let file = site
        .files
        .iter()
        .find(|f| f.path == "data/people.json")
        .unwrap();
    let people: Vec<Value> = serde_json::from_slice(&file.bytes).unwrap();
    let gold_people = gold["people"].as_array().unwrap();
    let not_people = strings(&gold["not_people"]);
    let optional = strings(&gold["optional_people"]);

    let mut s = Score::default();
    let mut matched: Vec<Vec<String>> = vec![Vec::new(); gold_people.len()];
    let mut counted = 0usize;
    let mut wrong = 0usize;
    for p in &people {
        let name = p["name"].as_str().unwrap().to_string();
        let variants = strings(&p["variants"]);
        let hits: Vec<usize> = gold_people
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                let gv = strings(&g["variants"]);
                gv.contains(&name)
                    || variants
                        .iter()
                        .any(|v| v.split_whitespace().count() >= 2 && gv.contains(v))
            })
            .map(|(i, _)| i)
            .collect();
        if hits.len() > 1 {
            s.merges.push(name.clone());
        }
        for &i in &hits {
            matched[i].push(name.clone());
        }
        if hits.is_empty() {
            if optional.contains(&name) || variants.iter().any(|v| optional.contains(v)) {
                continue;
            }
            wrong += 1;
            if not_people.contains(&name) {
                s.not_people.push(name);
            } else {
                s.false_people.push(name);
            }
        }
        counted += 1;
    }
    for (g, names) in gold_people.iter().zip(&matched) {
        match names.len() {
            0 => s.missed.push(g["name"].as_str().unwrap().to_string()),
            1 => {}
            _ => s.splits.push(g["name"].as_str().unwrap().to_string()),
        }
    }
    s.recall = matched.iter().filter(|m| !m.is_empty()).count() as f64 / gold_people.len() as f64;
    s.precision = if counted == 0 {
        0.0
    } else {
        (counted - wrong) as f64 / counted as f64
    };
    s
}

fn assert_bar(name: &str, root: &Path, gold: &Path) {
    let s = score(root, gold);
    eprintln!(
        "{name}: recall {:.3} precision {:.3}",
        s.recall, s.precision
    );
    assert!(
        s.recall >= 0.95,
        "{name}: recall {:.3}, missed {:?}",
        s.recall,
        s.missed
    );
    assert!(
        s.precision >= 0.95,
        "{name}: precision {:.3}, wrong {:?} {:?}",
        s.precision,
        s.false_people,
        s.not_people
    );
    assert!(s.splits.is_empty(), "{name}: split {:?}", s.splits);
    assert!(s.merges.is_empty(), "{name}: merged {:?}", s.merges);
    assert!(
        s.not_people.is_empty(),
        "{name}: not people {:?}",
        s.not_people
    );
}

#[test]
fn sample_people_meet_the_bar() {
    assert_bar(
        "sample",
        &common::repo(),
        &common::fixture("seeds.gold.json"),
    );
}

#[test]
fn dev_dossiers_people_meet_the_bar() {
    for name in ["wildfire", "transfer", "ratedecision", "hostage"] {
        let root = common::fixture(&format!("dev/{name}"));
        assert_bar(name, &root, &root.join("gold.json"));
    }
}

#[test]
fn own_dossiers_people_meet_the_bar() {
    for name in ["mine", "portcyber", "plantblast"] {
        let root = common::fixture(&format!("own/{name}"));
        assert_bar(name, &root, &root.join("gold.json"));
    }
}

/// The variants the sample's gold file merges are one person here too,
/// and shared surnames go to the right person.
#[test]
fn variants_merge_and_shared_surnames_resolve() {
    let site = dossier::generate(&common::repo()).unwrap();
    let person = |name: &str| {
        site.analysis
            .people
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} not found"))
    };
    let variants = |name: &str| -> Vec<String> {
        person(name)
            .variants
            .iter()
            .map(|v| v.text.clone())
            .collect()
    };
    assert!(variants("Yuri Ushakov").contains(&"Yury Ushakov".to_string()));
    assert!(variants("Volodymyr Zelenskyy").contains(&"Zelensky".to_string()));
    assert!(variants("Donald Trump").contains(&"Mr. Trump".to_string()));
    assert!(!person("Yuri Ushakov").evidence.is_empty());
    // Bylines and photo credits are not people in the story.
    assert!(site
        .analysis
        .people
        .iter()
        .all(|p| p.name != "Brawley Benson" && p.name != "Kristina Kormilitsyna"));

    let mine = dossier::generate(&common::fixture("own/mine")).unwrap();
    let teresa = mine
        .analysis
        .people
        .iter()
        .find(|p| p.name == "Teresa Ferreira")
        .unwrap();
    assert!(teresa.variants.iter().any(|v| v.text == "Mrs. Ferreira"));
    let port = dossier::generate(&common::fixture("own/portcyber")).unwrap();
    let tomasz = port
        .analysis
        .people
        .iter()
        .find(|p| p.name == "Tomasz Nowak")
        .unwrap();
    assert!(tomasz.variants.iter().any(|v| v.text == "Mr. Nowak"));
    assert!(!tomasz.variants.iter().any(|v| v.text == "Ms. Nowak"));
}

#[test]
fn roles_as_each_source_writes_them() {
    let site = dossier::generate(&common::repo()).unwrap();
    let roles = |name: &str| -> Vec<(String, String)> {
        let p = site
            .analysis
            .people
            .iter()
            .find(|p| p.name == name)
            .unwrap();
        p.roles
            .iter()
            .map(|r| {
                (
                    site.corpus.articles[r.at.article].file.clone(),
                    r.text.clone(),
                )
            })
            .collect()
    };
    let trump = roles("Donald Trump");
    assert!(
        trump.contains(&("004_0b54bbda81b8047f.txt".into(), "former President".into())),
        "{trump:?}"
    );
    assert!(trump.contains(&("000_3eb6ebc1c82cec40.txt".into(), "President".into())));
    let umerov = roles("Rustem Umerov");
    for (file, role) in [
        (
            "000_3eb6ebc1c82cec40.txt",
            "Ukraine’s national security adviser",
        ),
        (
            "002_ebc8d637ad8aabfe.txt",
            "the head of Ukraine's National Security and Defense Council",
        ),
        (
            "003_b06d467c50d760f6.txt",
            "a senior official and former defense minister",
        ),
        (
            "004_0b54bbda81b8047f.txt",
            "Ukraine’s secretary of national security",
        ),
    ] {
        assert!(
            umerov.contains(&(file.into(), role.into())),
            "{file}: {umerov:?}"
        );
    }
    // Every role points at a sentence that contains it.
    for p in &site.analysis.people {
        for r in &p.roles {
            let s = &site.analysis.articles[r.at.article].sentences[r.at.sentence];
            assert!(
                s.text.contains(&r.text),
                "{} / {}: {}",
                p.name,
                r.text,
                s.text
            );
        }
    }
}

#[test]
fn quotes_are_attributed_or_left_alone() {
    let site = dossier::generate(&common::repo()).unwrap();
    let a = &site.analysis;
    let speaker_of = |file: &str, words: &str| -> Option<String> {
        let art = site
            .corpus
            .articles
            .iter()
            .position(|x| x.file == file)
            .unwrap();
        let q = a
            .quotes
            .iter()
            .find(|q| q.at.article == art && q.text.contains(words))
            .unwrap_or_else(|| panic!("no quote with {words:?} in {file}"));
        // The quote's sentence holds its words.
        let s = &a.articles[art].sentences[q.at.sentence].text;
        assert!(s.contains(&q.text[..q.text.len().min(20)]), "{s}");
        q.speaker.map(|p| a.people[p].name.clone())
    };
    let who = |file: &str, words: &str| speaker_of(file, words).unwrap_or_default();
    // "“…,” he said." after a paragraph about Rubio; and its continuation.
    assert_eq!(
        who(
            "000_3eb6ebc1c82cec40.txt",
            "We don’t just want to end the war"
        ),
        "Marco Rubio"
    );
    assert_eq!(
        who("000_3eb6ebc1c82cec40.txt", "So never again will they face"),
        "Marco Rubio"
    );
    // "X, who …, said “…”" with another person named earlier in the sentence.
    assert_eq!(
        who(
            "000_3eb6ebc1c82cec40.txt",
            "I think we all have those concerns"
        ),
        "Mike Turner"
    );
    assert_eq!(
        who(
            "002_ebc8d637ad8aabfe.txt",
            "We don't want to only end the war"
        ),
        "Marco Rubio"
    );
    assert_eq!(
        who(
            "003_b06d467c50d760f6.txt",
            "good chance we could make a deal"
        ),
        "Donald Trump"
    );
    // "“…,” Rep. Don Bacon (R-Neb.) wrote": the abbreviation does not end it.
    assert_eq!(
        who(
            "002_ebc8d637ad8aabfe.txt",
            "For those who oppose the Russian invasion"
        ),
        "Don Bacon"
    );
    // "According to X, a senior aide to President Y, … “…”" is X's.
    assert_eq!(
        who("001_3d242797057cde70.txt", "constructive, very useful"),
        "Yuri Ushakov"
    );
    // "what the United States described as “very productive”" is nobody's
    // in particular: not Trump's, who is named earlier in the sentence.
    assert_eq!(
        speaker_of("003_b06d467c50d760f6.txt", "very productive"),
        None
    );
    // Every person's quotes point back at quotes with that speaker.
    for (pi, p) in a.people.iter().enumerate() {
        for &q in &p.quotes {
            assert_eq!(a.quotes[q].speaker, Some(pi));
        }
    }
}

#[test]
fn a_title_attributes_a_quote_when_the_name_is_not_repeated() {
    let site = dossier::generate(&common::fixture("dev/wildfire")).unwrap();
    let art = site
        .corpus
        .articles
        .iter()
        .position(|a| a.file == "04_dailynewshub.txt")
        .unwrap();
    let q = site
        .analysis
        .quotes
        .iter()
        .find(|q| q.at.article == art && q.text.starts_with("No family"))
        .unwrap();
    assert_eq!(
        site.analysis.people[q.speaker.unwrap()].name,
        "Teresa Alvarado-Finch"
    );
}

#[test]
fn editors_override_people_and_topics() {
    let dir = common::copy_dossier(&common::repo());
    std::fs::write(
        dir.path().join("content/entities.toml"),
        r#"
[[person]]
name = "Zelensky"
rename = "Volodymyr Zelensky"
description = "President of Ukraine"

[[person]]
name = "Holly Williams"
hide = true

[[person]]
name = "Emmanuel Macron"
merge = ["Nancy Cordes"]

[[person]]
name = "Yuri Ushakov"
split = ["Yury Ushakov"]

[[person]]
name = "Steven Cheung"
kind = "organization"

[[topic]]
name = "Energy sector"
keywords = ["energy sector"]

[[topic]]
name = "NATO"
rename = "North Atlantic Treaty Organization"
description = "The Western military alliance."

[[topic]]
name = "Bloomberg"
hide = true

[[person]]
name = "Nobody Here"
"#,
    )
    .unwrap();
    let (_tmp, public) = common::build(dir.path());
    let people = common::json(&public, "people.json");
    let people = people.as_array().unwrap();
    let find = |name: &str| people.iter().find(|p| p["name"] == name);
    let zel = find("Volodymyr Zelensky").expect("renamed");
    assert_eq!(zel["description"], "President of Ukraine");
    assert!(find("Volodymyr Zelenskyy").is_none());
    assert!(find("Holly Williams").is_none());
    assert!(find("Steven Cheung").is_none());
    let macron = find("Emmanuel Macron").unwrap();
    assert!(strings(&macron["variants"]).contains(&"Nancy Cordes".to_string()));
    assert!(find("Nancy Cordes").is_none());
    let yury = find("Yury Ushakov").expect("split off");
    assert!(strings(&yury["variants"])
        .iter()
        .all(|v| v == "Yury Ushakov"));
    let yuri = find("Yuri Ushakov").unwrap();
    assert!(!strings(&yuri["variants"]).contains(&"Yury Ushakov".to_string()));
    // Quotes still point at their speaker after the renumbering.
    assert!(yuri["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["text"].as_str().unwrap().contains("constructive")));
    let rubio = find("Marco Rubio").unwrap();
    assert!(rubio["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["text"].as_str().unwrap().contains("productive")));

    let topics = common::json(&public, "topics.json");
    let topics = topics.as_array().unwrap();
    let topic = |name: &str| topics.iter().find(|t| t["name"] == name);
    let energy = topic("Energy sector").expect("added by keyword");
    let sentences = |topic: &serde_json::Value| -> usize {
        topic["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["sentences"].as_array().unwrap().len())
            .sum()
    };
    assert_eq!(sentences(energy), 1);
    assert_eq!(
        topic("North Atlantic Treaty Organization").unwrap()["description"],
        "The Western military alliance."
    );
    assert!(topic("NATO").is_none() && topic("Bloomberg").is_none());
    assert_eq!(topic("Steven Cheung").unwrap()["kind"], "organization");

    // The pages follow, and the warning names the line.
    assert!(
        std::fs::read_to_string(public.join("people/volodymyr-zelensky.html"))
            .unwrap()
            .contains("President of Ukraine")
    );
    assert!(!public.join("people/holly-williams.html").exists());
    let report = dossier::check(dir.path()).unwrap();
    assert!(
        report.warnings.iter().any(|w| w
            .to_string()
            .starts_with("content/entities.toml:36: no person is called “Nobody Here”")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn topics_are_a_handful_of_shared_themes_places_and_organisations() {
    let roots = [
        common::repo(),
        common::fixture("dev/wildfire"),
        common::fixture("dev/transfer"),
        common::fixture("dev/ratedecision"),
        common::fixture("dev/hostage"),
    ];
    for root in roots {
        let site = dossier::generate(&root).unwrap();
        let a = &site.analysis;
        let n = a.topics.len();
        assert!((5..=40).contains(&n), "{}: {n} topics", root.display());
        let kinds: BTreeSet<_> = a.topics.iter().map(|t| t.kind).collect();
        assert!(kinds.len() >= 2, "{}: only {kinds:?}", root.display());
        let person_names: BTreeSet<String> = a
            .people
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| v.text.to_lowercase()))
            .collect();
        for t in &a.topics {
            assert!(
                !person_names.contains(&t.name.to_lowercase()),
                "{} is a person",
                t.name
            );
            assert!(t.articles.len() >= 2, "{} is in one article only", t.name);
            // Every sentence listed exists and, for names, contains the name.
            for s in &t.sentences {
                let text = &a.articles[s.article].sentences[s.sentence].text;
                if t.kind != dossier::model::TopicKind::Theme {
                    assert!(text.contains(&t.name), "{}: {text}", t.name);
                }
            }
            for &r in &t.related {
                assert_ne!(a.topics[r].id, t.id);
            }
        }
    }
    let site = dossier::generate(&common::repo()).unwrap();
    let has = |name: &str, kind: &str| {
        site.analysis
            .topics
            .iter()
            .any(|t| t.name == name && t.kind.as_str() == kind)
    };
    assert!(has("peace plan", "theme"));
    assert!(has("Moscow", "place"));
    assert!(has("NATO", "organization"));
    assert!(has("White House", "organization"));
}

/// A topic mentioned in hundreds of sentences gets a page with a sample of
/// them spread over the articles, and every article listed.
#[test]
fn a_much_mentioned_topic_shows_a_sample() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    for a in 0..6 {
        let mut text = format!("Harbour strike enters day {a}\n\n");
        for i in 0..40 {
            text.push_str(&format!(
                "Dock workers at the harbour in Rotterdam rejected offer {i} from the port authority, union leader Ann Lee said on day {a}.\n"
            ));
        }
        std::fs::write(dir.path().join(format!("content/a{a}.txt")), text).unwrap();
    }
    let (_tmp, public) = common::build(dir.path());
    let topics = common::json(&public, "topics.json");
    let harbour = topics
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "port authority")
        .expect("the port authority topic");
    // Listed by article: each article once, with its sentences.
    let by_article = harbour["sentences"].as_array().unwrap();
    let ids: std::collections::BTreeSet<&str> = by_article
        .iter()
        .map(|a| a["article"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), by_article.len(), "each article once");
    let total: usize = by_article
        .iter()
        .map(|a| a["sentences"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 240);
    let id = harbour["id"].as_str().unwrap();
    let html = std::fs::read_to_string(public.join(format!("topics/{id}.html"))).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let items = scraper::Selector::parse(".sentence-list li").unwrap();
    let shown = doc.select(&items).count();
    assert_eq!(shown, 120, "sentences shown");
    assert!(html.contains("120 of 240 sentences"), "no note");
    // Spread over the six articles: 20 from each, and each one listed.
    for a in 0..6 {
        let from = doc
            .select(&items)
            .filter(|li| li.text().any(|t| t.contains(&format!("said on day {a}."))))
            .count();
        assert_eq!(from, 20, "sentences from article {a}");
        assert!(
            html.contains(&format!("Harbour strike enters day {a}")),
            "article {a} not listed"
        );
    }
}

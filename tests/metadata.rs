//! Metadata recovery, scored against gold files: the sample dossier in
//! `content/` and the four development dossiers under `tests/fixtures/dev`
//! (a wildfire, a football transfer, a rate decision, a hostage release).

mod common;

use std::path::Path;

use serde_json::Value;

/// Compares every article's title, outlet, byline, date and url with the
/// gold file and returns the mismatches.
fn mismatches(root: &Path, gold: &Path) -> Vec<String> {
    let gold: Value = serde_json::from_slice(&std::fs::read(gold).unwrap()).unwrap();
    let site = dossier::generate(root).unwrap();
    let file = site
        .files
        .iter()
        .find(|f| f.path == "data/articles.json")
        .expect("articles.json is written");
    let articles: Vec<Value> = serde_json::from_slice(&file.bytes).unwrap();
    let mut out = Vec::new();
    for (name, want) in gold["articles"].as_object().unwrap() {
        let got = articles
            .iter()
            .find(|a| a["file"] == name.as_str())
            .unwrap_or_else(|| panic!("{name} was not loaded"));
        for field in ["title", "outlet", "byline", "date", "url"] {
            if got[field] != want[field] {
                out.push(format!(
                    "{name} {field}: got {} want {}",
                    got[field], want[field]
                ));
            }
        }
    }
    out
}

#[test]
fn sample_dossier_metadata() {
    let wrong = mismatches(&common::repo(), &common::fixture("seeds.gold.json"));
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn dev_dossiers_metadata() {
    let mut wrong = Vec::new();
    for name in ["wildfire", "transfer", "ratedecision", "hostage"] {
        let root = common::fixture(&format!("dev/{name}"));
        wrong.extend(
            mismatches(&root, &root.join("gold.json"))
                .into_iter()
                .map(|m| format!("{name}/{m}")),
        );
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn sample_text_is_cleaned_without_losing_words() {
    let site = dossier::generate(&common::repo()).unwrap();
    let by_file = |f: &str| {
        site.corpus
            .articles
            .iter()
            .find(|a| a.file == f)
            .unwrap()
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let a000 = by_file("000_3eb6ebc1c82cec40.txt");
    assert!(
        a000.starts_with("Washington — President Trump’s son-in-law"),
        "{}",
        &a000[..60]
    );
    assert!(!a000.contains('โ'));

    let a002 = by_file("002_ebc8d637ad8aabfe.txt");
    // Markdown escapes and stray tags are gone, their words kept.
    assert!(a002.contains("use $100 billion in frozen Russian assets"));
    assert!(a002.contains("initial 28-point draft that leaked"));
    assert!(!a002.contains("<u>") && !a002.contains("\\$"));
    // The photo credit is metadata, the caption stays.
    assert!(!a002.contains("Kristina Kormilitsyna"));
    assert!(a002.contains("From left: Kremlin foreign policy adviser Yury Ushakov"));
    // The embedded post keeps its words; the trailer is gone.
    assert!(a002.contains("are underway in the Kremlin"));
    assert!(!a002.contains("Original url"));
    assert!(!a002.contains("Embed:"));

    let article = site
        .corpus
        .articles
        .iter()
        .find(|a| a.file == "002_ebc8d637ad8aabfe.txt")
        .unwrap();
    assert_eq!(article.credits, vec!["Kristina Kormilitsyna / POOL / TASS"]);
    let embeds: Vec<_> = article
        .blocks
        .iter()
        .filter(|b| b.kind == dossier::model::BlockKind::Embed)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(embeds.len(), 4, "{embeds:#?}");
    assert!(embeds[3].starts_with("— The Moscow Times"));
}

#[test]
fn sample_sentences_respect_abbreviations() {
    let site = dossier::generate(&common::repo()).unwrap();
    let idx = site
        .corpus
        .articles
        .iter()
        .position(|a| a.file == "001_3d242797057cde70.txt")
        .unwrap();
    let sentences: Vec<&str> = site.analysis.articles[idx]
        .sentences
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert!(sentences.contains(
        &"U.S. Secretary of State Marco Rubio, who participated in the earlier talks, described the discussions as “another very productive session.”"
    ), "{sentences:#?}");
    assert!(sentences.contains(&"The discussions lasted approximately five hours and focused on advancing peace negotiations aimed at resolving the ongoing conflict in Ukraine."));
    // No sentence ends on an abbreviation.
    for s in &sentences {
        for abbr in ["U.S.", "Mr.", "Rep.", "Nov."] {
            assert!(!s.ends_with(abbr) || s.len() < 6, "{s}");
        }
    }
}

#[test]
fn front_matter_overrides_and_unique_slugs() {
    let site = dossier::generate(&common::fixture("override")).unwrap();
    let arts = &site.corpus.articles;
    let toml = arts
        .iter()
        .find(|a| a.file == "desk/front-toml.md")
        .unwrap();
    assert_eq!(toml.title.as_deref(), Some("Editor's own title"));
    assert_eq!(toml.outlet.as_deref(), Some("Editor Wire"));
    assert_eq!(toml.byline.as_deref(), Some("Sam Editor"));
    assert_eq!(toml.date.unwrap().to_string(), "2024-05-06");
    assert_eq!(toml.tags, vec!["harbour", "strike"]);
    // A slug that tries to leave the output folder is reduced to a name.
    assert_eq!(toml.id, "escape-attempt");
    // The heading in the text stays in the text.
    assert!(toml
        .blocks
        .iter()
        .any(|b| b.text.contains("A headline in the text")));

    let yaml = arts.iter().find(|a| a.file == "front-yaml.txt").unwrap();
    assert_eq!(yaml.date.unwrap().to_string(), "2025-12-02");
    let same = arts.iter().find(|a| a.file == "same-title.txt").unwrap();
    assert_eq!(same.title.as_deref(), Some("Same slug as another"));
    assert_eq!(yaml.id, "same-slug-as-another");
    assert_eq!(same.id, "same-slug-as-another-2");
}

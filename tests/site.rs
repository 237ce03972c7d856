//! The built site as a whole: links, determinism, safety, atomic output,
//! template overrides, errors and the command line.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};

/// `base/../x` → `x`, for resolving a relative link from a page.
fn resolve(page: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn ids(doc: &Html) -> BTreeSet<String> {
    let sel = Selector::parse("[id]").unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect()
}

/// Every internal link and asset reference of a built site, checked:
/// relative, naming a file that exists, and with an anchor that exists.
fn check_links(public: &Path) -> usize {
    let files = common::read_tree(public);
    let pages: BTreeMap<String, Html> = common::html_pages(public).into_iter().collect();
    let sel = Selector::parse("[href], [src]").unwrap();
    let mut checked = 0;
    for (page, doc) in &pages {
        for el in doc.select(&sel) {
            for attr in ["href", "src"] {
                let Some(v) = el.value().attr(attr) else {
                    continue;
                };
                assert!(!v.starts_with('/'), "{page}: root-relative link {v}");
                if v.starts_with("http://") || v.starts_with("https://") || v.starts_with("mailto:")
                {
                    continue;
                }
                assert!(!v.contains(':'), "{page}: link with a scheme {v}");
                let (path, fragment) = v.split_once('#').map_or((v, None), |(p, f)| (p, Some(f)));
                let target = if path.is_empty() {
                    page.clone()
                } else {
                    assert!(!path.ends_with('/'), "{page}: bare directory link {v}");
                    resolve(page, path).unwrap_or_else(|| panic!("{page}: {v} leaves the site"))
                };
                assert!(
                    files.contains_key(&target),
                    "{page}: {v} → {target} does not exist"
                );
                if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                    let doc = pages
                        .get(&target)
                        .unwrap_or_else(|| panic!("{page}: anchor into non-page {v}"));
                    assert!(ids(doc).contains(f), "{page}: anchor {v} not found");
                }
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn links_are_relative_and_resolve() {
    for root in [
        common::repo(),
        common::fixture("override"),
        common::fixture("dev/transfer"),
    ] {
        let (_tmp, public) = common::build(&root);
        let n = check_links(&public);
        assert!(n > 20, "only {n} links checked in {}", root.display());
    }
}

#[test]
fn sample_site_has_the_expected_pages() {
    let (_tmp, public) = common::build(&common::repo());
    let files = common::read_tree(&public);
    for f in [
        "index.html",
        "sources.html",
        "assets/style.css",
        "data/articles.json",
    ] {
        assert!(files.contains_key(f), "{f} missing");
    }
    let articles = common::json(&public, "articles.json");
    let articles = articles.as_array().unwrap();
    assert_eq!(articles.len(), 5);
    for a in articles {
        let page = a["page"].as_str().unwrap();
        let html = String::from_utf8(files[page].clone()).unwrap();
        let doc = Html::parse_document(&html);
        // Sentence anchors are numbered from 0 without gaps.
        let anchors: Vec<String> = ids(&doc)
            .into_iter()
            .filter(|i| i.starts_with('s') && i[1..].parse::<usize>().is_ok())
            .collect();
        let n = a["sentences"].as_u64().unwrap() as usize;
        assert_eq!(anchors.len(), n, "{page}");
        assert!(ids(&doc).contains(&format!("s{}", n - 1)));
    }
    let index = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(index.contains("Talks on ending the war in Ukraine"));
    assert!(index.contains("The Moscow Times"));
    assert!(index.contains("Brawley Benson"));
    // One outlet is named in the sample; each article of an unknown
    // outlet counts as a source of its own.
    assert!(index.contains(
        "<span class=\"stat-value\">5</span> <span class=\"stat-label\">sources</span></a> <span class=\"stat-note\">1 named outlet</span>"
    ));
    assert!(index.contains("December 2, 2025"));
    // The original link of 002 is shown on its page.
    let page = files
        .iter()
        .find(|(k, v)| {
            k.starts_with("articles/") && String::from_utf8_lossy(v).contains("Brawley Benson")
        })
        .unwrap();
    assert!(String::from_utf8_lossy(page.1).contains(
        "href=\"https://www.themoscowtimes.com/2025/12/02/witkoff-and-kushner-meet-with-putin-to-discuss-trumps-ukraine-peace-plan-a91303\""
    ));
}

#[test]
fn output_is_valid_html() {
    for root in [
        common::repo(),
        common::fixture("xss"),
        common::fixture("override"),
    ] {
        let (_tmp, public) = common::build(&root);
        for (page, doc) in common::html_pages(&public) {
            assert!(doc.errors.is_empty(), "{page}: {:?}", doc.errors);
            let html = fs::read_to_string(public.join(&page)).unwrap();
            assert!(html.starts_with("<!DOCTYPE html>\n<html lang="), "{page}");
        }
    }
}

#[test]
fn builds_are_byte_identical() {
    let (_a, first) = common::build(&common::repo());
    let (_b, second) = common::build(&common::repo());
    let (x, y) = (common::read_tree(&first), common::read_tree(&second));
    assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>());
    for (k, v) in &x {
        assert!(v == &y[k], "{k} differs between two builds");
    }
    // And rebuilding into the same folder gives the same bytes again.
    dossier::build(&common::repo(), Some(&first)).unwrap();
    assert_eq!(common::read_tree(&first), y);
}

#[test]
fn failed_build_keeps_previous_output() {
    let dossier_dir = common::copy_dossier(&common::repo());
    let root = dossier_dir.path();
    let public = root.join("public");
    dossier::build(root, None).unwrap();
    let before = common::read_tree(&public);
    assert!(!before.is_empty());

    fs::write(
        root.join("content/zz-broken.md"),
        "+++\ntitle = \"Broken\"\nno closing fence\n",
    )
    .unwrap();
    let err = dossier::build(root, None).unwrap_err().to_string();
    assert!(err.starts_with("content/zz-broken.md:1:"), "{err}");
    assert_eq!(
        common::read_tree(&public),
        before,
        "output changed after a failed build"
    );

    // A bad template fails the build the same way.
    fs::remove_file(root.join("content/zz-broken.md")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.title ",
    )
    .unwrap();
    let err = dossier::build(root, None).unwrap_err().to_string();
    assert!(err.contains("index.html"), "{err}");
    assert_eq!(common::read_tree(&public), before);
    // No staging folders are left behind.
    let leftovers: Vec<_> = fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn hostile_content_cannot_run_script() {
    let (_tmp, public) = common::build(&common::fixture("xss"));
    let pages = common::html_pages(&public);
    assert!(pages.len() >= 4);
    assert!(common::assert_inert(&public) > 1000);
    // The words are still there, as text.
    let attack = pages
        .iter()
        .find(|(p, _)| p.contains("harbour"))
        .map(|(p, _)| p.clone())
        .unwrap();
    let html = fs::read_to_string(public.join(&attack)).unwrap();
    assert!(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Harbour"));
    assert!(html.contains("Dock workers walked out on Monday"));
    // Template syntax in an article is text, never evaluated.
    assert!(
        html.contains("{{ config }} and"),
        "template syntax was evaluated"
    );
    assert!(html.contains("{% for x in y %}"));
    // The javascript: URL from front matter is not linked.
    assert!(!html.contains("href=\"javascript"));
}

#[test]
fn template_override_replaces_builtin() {
    let (_tmp, public) = common::build(&common::fixture("override"));
    let files = common::read_tree(&public);
    let page = String::from_utf8(files["articles/escape-attempt.html"].clone()).unwrap();
    assert!(page.contains("OVERRIDDEN ARTICLE TEMPLATE"));
    assert!(page.contains("class=\"custom-article\""));
    // Pages it does not override keep the built-in template.
    let index = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(index.contains("class=\"article-list\""));
    // base_url gives a canonical link, and only then.
    assert!(index.contains(
        "<link rel=\"canonical\" href=\"https://example.github.io/briefing/index.html\">"
    ));
    let (_t, sample) = common::build(&common::repo());
    let sample_index = fs::read_to_string(sample.join("index.html")).unwrap();
    assert!(!sample_index.contains("rel=\"canonical\""));
    assert!(!sample_index.contains("https://") || !sample_index.contains("href=\"https://example"));
}

#[test]
fn code_blocks_are_highlighted_and_escaped() {
    let dir = common::copy_dossier(&common::fixture("override"));
    fs::remove_dir_all(dir.path().join("templates")).unwrap();
    let (_tmp, public) = common::build(dir.path());
    let page = fs::read_to_string(public.join("articles/escape-attempt.html")).unwrap();
    assert!(page.contains("<pre class=\"code\" data-lang=\"rust\">"));
    assert!(page.contains("class=\"hl-"), "no highlighting classes");
    assert!(page.contains("&lt;b&gt;not html&lt;/b&gt;"));
    let css = fs::read_to_string(public.join("assets/style.css")).unwrap();
    assert!(css.contains(".hl-"));
}

#[test]
fn errors_name_file_and_line() {
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "bad-toml.md",
            b"+++\ntitle = \"x\"\ndate = \n+++\nBody.",
            "content/bad-toml.md:3:",
        ),
        (
            "bad-yaml.md",
            b"---\ntitle: x\ndate: [\n---\nBody.",
            "content/bad-yaml.md:",
        ),
        (
            "bad-date.md",
            b"---\ntitle: x\ndate: someday\n---\nBody.",
            "content/bad-date.md:3: front matter field `date`",
        ),
    ];
    for (name, bytes, want) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content")).unwrap();
        fs::write(dir.path().join("content/ok.txt"), "A fine article.\n").unwrap();
        fs::write(dir.path().join("content").join(name), bytes).unwrap();
        let err = dossier::check(dir.path()).unwrap_err().to_string();
        assert!(err.starts_with(want), "{name}: {err}");
    }
}

#[test]
fn warnings_and_skipped_files() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(content.join("sub")).unwrap();
    fs::write(
        content.join("sub/a.md"),
        "---\ntitle: A\nmood: calm\n---\nText of a.\n",
    )
    .unwrap();
    fs::write(content.join("empty.txt"), "  \n").unwrap();
    fs::write(content.join(".hidden.txt"), "Hidden.\n").unwrap();
    fs::write(content.join("b.txt~"), "Backup.\n").unwrap();
    fs::write(content.join("notes.csv"), "x,y\n").unwrap();
    let report = dossier::check(dir.path()).unwrap();
    assert_eq!(report.articles, 1);
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("content/sub/a.md:3: unknown front matter field `mood`")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("content/empty.txt: empty file")),
        "{warnings:?}"
    );
    assert_eq!(warnings.len(), 2);
}

#[test]
fn check_writes_nothing() {
    let dir = common::copy_dossier(&common::repo());
    let report = dossier::check(dir.path()).unwrap();
    assert_eq!(report.articles, 5);
    assert!(report.output.is_none());
    assert!(!dir.path().join("public").exists());
}

#[test]
fn dangerous_output_folders_are_refused() {
    let dir = common::copy_dossier(&common::repo());
    for out in [dir.path().to_path_buf(), dir.path().join("content")] {
        let err = dossier::build(dir.path(), Some(&out))
            .unwrap_err()
            .to_string();
        assert!(err.contains("refusing"), "{err}");
    }
    assert!(dir.path().join("content/000_3eb6ebc1c82cec40.txt").exists());
}

#[test]
fn command_line_build_and_failure() {
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = common::copy_dossier(&common::repo());
    let out = Command::new(bin)
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("built 5 articles, 1 named outlet, "),
        "{stdout}"
    );
    assert!(dir.path().join("public/index.html").is_file());

    fs::write(dir.path().join("content/bad.md"), "---\ntitle: [\n---\n").unwrap();
    let out = Command::new(bin)
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: content/bad.md:"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

/// `dossier check` follows every internal link and anchor: a template that
/// links to a missing page or anchor fails the check with the page named.
#[test]
fn check_reports_broken_internal_links() {
    let dir = common::copy_dossier(&common::fixture("override"));
    assert!(dossier::check(dir.path()).is_ok());
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/sources.html"),
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ root }}nowhere.html\">x</a><a href=\"{{ root }}index.html#no-such-anchor\">y</a>{% endblock content %}",
    )
    .unwrap();
    let err = dossier::check(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("sources.html: nowhere.html (no such file)"),
        "{err}"
    );
    assert!(err.contains("index.html#no-such-anchor"), "{err}");
}

/// `--timings` lists each stage and analysis step with its time, and on
/// Linux the peak memory, on stderr.
#[test]
fn timings_list_every_stage_and_the_peak_memory() {
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = common::copy_dossier(&common::repo());
    let out = Command::new(bin)
        .args(["build", "--timings", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().map(str::trim).collect();
    let at = lines
        .iter()
        .position(|l| *l == "timings:")
        .expect("a timings block");
    let names: Vec<&str> = lines[at + 1..]
        .iter()
        .take_while(|l| l.ends_with(" ms") || l.ends_with(" MB"))
        .map(|l| l.rsplitn(3, ' ').nth(2).unwrap().trim())
        .collect();
    for stage in [
        "load",
        "analyze",
        "people",
        "topics",
        "dates",
        "date conflicts",
        "number and time facts",
        "render + write",
    ] {
        assert!(names.contains(&stage), "{stage} missing from {names:?}");
    }
    if cfg!(target_os = "linux") {
        let peak = lines
            .iter()
            .find_map(|l| l.strip_prefix("peak memory"))
            .expect("the peak memory");
        let mb: f64 = peak.trim().trim_end_matches(" MB").parse().unwrap();
        assert!(mb > 1.0, "{peak}");
    }
}

/// What a build reports for its progress bar: the stages in order, each
/// analysis step once, and pages written counted up to a total known
/// before rendering starts, which is exactly the number of files made
/// (with and without the two files `base_url` adds).
#[test]
fn progress_counts_analysis_steps_and_pages_to_their_totals() {
    for root in [
        common::repo(),
        common::fixture("override"),
        common::fixture("dev/wildfire"),
    ] {
        let seen = std::sync::Mutex::new(Vec::<(String, usize, usize)>::new());
        let out = tempfile::tempdir().unwrap();
        let public = out.path().join("public");
        let report = dossier::build_with(&root, Some(&public), &|s: dossier::Step<'_>| {
            seen.lock()
                .unwrap()
                .push((s.stage.to_string(), s.done, s.total))
        })
        .unwrap();
        let seen = seen.into_inner().unwrap();
        let mut stages: Vec<&str> = seen.iter().map(|s| s.0.as_str()).collect();
        stages.dedup();
        assert_eq!(
            stages,
            [
                "reading articles",
                &format!("analysing {} articles", report.articles),
                "writing pages"
            ]
        );
        let counts = |stage: &str| -> (Vec<usize>, Vec<usize>) {
            let mut done: Vec<usize> = seen
                .iter()
                .filter(|s| s.0.starts_with(stage))
                .map(|s| s.1)
                .collect();
            done.sort_unstable();
            let totals = seen
                .iter()
                .filter(|s| s.0.starts_with(stage))
                .map(|s| s.2)
                .collect();
            (done, totals)
        };
        let (done, totals) = counts("analysing");
        assert_eq!(done, (0..=dossier::analyze::STEPS).collect::<Vec<_>>());
        assert!(totals.iter().all(|&t| t == dossier::analyze::STEPS));
        assert_eq!(
            report
                .timings
                .0
                .iter()
                .filter(|(n, _)| n.starts_with("analyze: "))
                .count(),
            dossier::analyze::STEPS
        );
        let (done, totals) = counts("writing pages");
        assert_eq!(done, (0..=report.files).collect::<Vec<_>>());
        assert!(totals.iter().all(|&t| t == report.files));
        assert_eq!(common::read_tree(&public).len(), report.files);
    }
}

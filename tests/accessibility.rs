//! Accessibility in real headless Chromium: axe-core on the main pages in
//! light and dark mode and on a 360 px phone, keyboard focus, and no
//! sideways scrolling on a phone.

mod common;

use std::path::{Path, PathBuf};

use common::browser::Browser;
use serde_json::json;

/// axe-core from npm: `.ci/run` installs it into `target/axe`
/// (`npm install --prefix target/axe axe-core@4.14.1`); `AXE_CORE` may
/// name another copy of `axe.min.js`.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join("target/axe/node_modules/axe-core/axe.min.js"));
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_some() => panic!(
            "axe-core is required (DOSSIER_REQUIRE_BROWSER is set) but {} is missing: npm install --prefix target/axe axe-core@4.14.1",
            path.display()
        ),
        Err(_) => {
            eprintln!("SKIPPED: accessibility test needs axe-core (npm install --prefix target/axe axe-core@4.14.1)");
            None
        }
    }
}

/// One browser at a time: several Chromiums on a two-core machine starve
/// each other's pages past the protocol's timeouts.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// Runs axe on the open page; returns its violations as
/// `impact rule: target…` lines.
fn axe(b: &mut Browser, source: &str) -> Vec<(String, String)> {
    if b.eval("typeof axe") != json!("object") {
        b.eval(&format!("{source}\n;0"));
    }
    let v = b.eval(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => [v.impact, v.id + ': ' + v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | ')]))",
    );
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x[0].as_str().unwrap_or("").to_string(),
                x[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The pages axe checks in a built site: the briefing, an article, the
/// most mentioned person, the disagreements and the pictures.
fn pages_of(public: &Path) -> Vec<String> {
    let first = |file: &str| {
        common::json(public, file)
            .as_array()
            .and_then(|a| a.first())
            .map(|x| x["id"].as_str().unwrap().to_string())
    };
    let mut pages: Vec<String> = [
        "index.html",
        "disagreements.html",
        "timeline.html",
        "people/network.html",
        "coverage.html",
        "print.html",
        "people/index.html",
        "topics/index.html",
        "sources.html",
        "search.html",
    ]
    .map(String::from)
    .into();
    pages.extend(first("articles.json").map(|id| format!("articles/{id}.html")));
    pages.extend(first("people.json").map(|id| format!("people/{id}.html")));
    pages.extend(first("topics.json").map(|id| format!("topics/{id}.html")));
    pages
}

#[test]
fn main_pages_pass_axe_in_light_and_dark_mode_and_on_a_phone() {
    let Some(source) = axe_source() else { return };
    let _turn = one_at_a_time();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let mut found = Vec::new();
    for dossier in [
        common::repo(),
        common::fixture("xss"),
        common::fixture("own/portcyber"),
        common::fixture("dev/wildfire"),
    ] {
        let (_tmp, public) = common::build(&dossier);
        let name = dossier.file_name().unwrap().to_string_lossy().to_string();
        for (scheme, width) in [
            ("light", 1280),
            ("dark", 1280),
            ("light", 360),
            ("dark", 360),
        ] {
            b.emulate(scheme, width);
            for page in pages_of(&public) {
                b.open(&file_url(&public.join(&page)));
                for (impact, what) in axe(&mut b, &source) {
                    found.push(format!("{name} {scheme} {width}px {page}: {impact} {what}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
}

/// What the focused element looks like: a description of it, whether a
/// focus indicator is drawn (an outline, or for a link in a picture the
/// thicker stroke the stylesheet gives its shape), and whether it is on
/// screen.
const FOCUSED: &str = r#"(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  let ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shape = e.querySelector && e.querySelector('circle');
  if (e.closest('svg') && shape) ring = parseFloat(getComputedStyle(shape).strokeWidth) >= 3;
  const seen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
  return [e.tagName.toLowerCase() + ' ' + (e.getAttribute('href') || e.id || e.textContent.slice(0, 30)), ring, seen, e.dataset.k || null];
})()"#;

#[test]
fn the_keyboard_reaches_every_control_with_a_visible_focus() {
    let _turn = one_at_a_time();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let (_tmp, public) = common::build(&common::fixture("dev/wildfire"));
    for page in pages_of(&public) {
        b.open(&file_url(&public.join(&page)));
        // The first Tab lands on the skip link, shown on screen; Enter
        // moves to the main content.
        b.press("Tab", false);
        let first = b.eval(FOCUSED);
        assert_eq!(
            first[0],
            json!("a #main"),
            "{page}: first Tab reached {first}"
        );
        assert_eq!(first[1], json!(true), "{page}: skip link has no focus ring");
        assert_eq!(
            first[2],
            json!(true),
            "{page}: skip link not shown when focused"
        );
        b.press("Enter", false);
        assert!(
            b.wait_for("location.hash === '#main'", 5),
            "{page}: skip link did nothing"
        );
        // Every control after it, in order: each one shows where the
        // focus is, and all of them are reached.
        // The controls in the main content that can be seen (a closed
        // <details> hides its links), numbered.
        let controls = b
            .eval(
                "[...document.querySelectorAll('main a[href], main summary, main input, main [tabindex]')]
                 .filter(e => e.getClientRects().length > 0)
                 .map((e, i) => e.dataset.k = i).length",
            )
            .as_u64()
            .unwrap();
        let mut reached = std::collections::BTreeSet::new();
        for _ in 0..controls.min(60) {
            b.press("Tab", false);
            let f = b.eval(FOCUSED);
            if f.is_null() {
                break;
            }
            assert_eq!(f[1], json!(true), "{page}: no visible focus on {}", f[0]);
            assert_eq!(f[2], json!(true), "{page}: focused {} is off screen", f[0]);
            if let Some(k) = f[3].as_str() {
                reached.insert(k.to_string());
            }
        }
        assert!(
            reached.len() as u64 == controls.min(60),
            "{page}: Tab reached {} of the first {} controls in the page",
            reached.len(),
            controls.min(60)
        );
    }
}

#[test]
fn pages_fit_a_360_pixel_phone_without_sideways_scrolling() {
    let _turn = one_at_a_time();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    for dossier in [
        common::repo(),
        common::fixture("own/portcyber"),
        common::fixture("xss"),
    ] {
        let (_tmp, public) = common::build(&dossier);
        b.emulate("light", 360);
        for page in pages_of(&public) {
            b.open(&file_url(&public.join(&page)));
            let width = b.eval("document.documentElement.scrollWidth");
            assert!(
                width.as_u64().unwrap() <= 360,
                "{}: {page} is {width} px wide on a 360 px phone",
                dossier.display()
            );
        }
    }
}

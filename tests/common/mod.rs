//! Helpers shared by the integration tests: building fixture dossiers into
//! temporary folders and reading the result back.
#![allow(dead_code)]

pub mod browser;

#[allow(unused_imports)]
pub use served::Served;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A CSS selector (panics on a typo in the test).
pub fn sel(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap()
}

/// An element's text with its white space collapsed.
pub fn text(e: scraper::ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The repository root (where the sample dossier lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a dossier folder (content/, templates/, dossier.toml) into a new
/// temporary folder, so a test can change it freely.
pub fn copy_dossier(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["content", "templates"] {
        let src = from.join(name);
        if src.is_dir() {
            copy_dir(&src, &dir.path().join(name));
        }
    }
    let toml = from.join("dossier.toml");
    if toml.is_file() {
        fs::copy(&toml, dir.path().join("dossier.toml")).unwrap();
    }
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Builds `root` into a fresh temporary output folder.
pub fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    dossier::build(root, Some(&public))
        .unwrap_or_else(|e| panic!("build of {} failed: {e}", root.display()));
    (out, public)
}

/// The HTML pages of a built site, parsed.
pub fn html_pages(public: &Path) -> Vec<(String, scraper::Html)> {
    read_tree(public)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            (
                p,
                scraper::Html::parse_document(&String::from_utf8(bytes).unwrap()),
            )
        })
        .collect()
}

pub fn json(public: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&fs::read(public.join("data").join(name)).unwrap()).unwrap()
}

/// The elements the site's templates produce. Anything else in a page came
/// from an article and got through as markup: a defect even when it is
/// harmless, since the next one may not be.
const ELEMENTS: &[&str] = &[
    // The timeline's SVG: shapes and text only.
    "svg",
    "line",
    "circle",
    "rect",
    "text",
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "script",
    "noscript",
    "header",
    "nav",
    "main",
    "footer",
    "div",
    "section",
    "article",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "span",
    "a",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "time",
    "code",
    "pre",
    "strong",
    "em",
    "b",
    "i",
    "mark",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "form",
    "input",
    "label",
    "button",
    "small",
    "abbr",
    "sup",
    "sub",
    "br",
    "hr",
    "details",
    "summary",
    "cite",
    "q",
    "svg",
    "g",
    "path",
    "circle",
    "line",
    "rect",
    "text",
    "tspan",
    "polyline",
    "polygon",
    "desc",
];

/// The only Content-Security-Policy a page may carry.
pub const CSP: &str = dossier::render::CONTENT_SECURITY_POLICY;

/// Whether a URL (as the browser would read the attribute) could run
/// script or load something other than a page: only relative URLs and
/// http(s) and mailto links pass.
pub fn unsafe_url(value: &str) -> bool {
    // Browsers drop white space and control characters inside schemes.
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = v.find(':');
    let path_start = v.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(c), Some(p)) if p < c => false,
        (Some(c), _) => !matches!(&v[..c], "http" | "https" | "mailto"),
        (None, _) => false,
    }
}

/// Parses every HTML page under `public` and asserts that nothing in it
/// could run script: no element outside [`ELEMENTS`], no inline script, no
/// event handler, `srcdoc`, `formaction` or `style` attribute, no meta
/// refresh, no `<base>`, no form but the site's search, no `href`, `src`
/// or `action` with an unsafe scheme, and the site's CSP on every page.
/// Returns how many elements were checked.
pub fn assert_inert(public: &Path) -> usize {
    use scraper::Selector;
    let any = Selector::parse("*").unwrap();
    let mut checked = 0;
    let pages = html_pages(public);
    assert!(!pages.is_empty(), "no pages in {}", public.display());
    for (page, doc) in &pages {
        let mut csp = 0;
        for el in doc.select(&any) {
            checked += 1;
            let v = el.value();
            let name = v.name();
            assert!(ELEMENTS.contains(&name), "{page}: <{name}> in output");
            match name {
                "script" => {
                    let src = v.attr("src").unwrap_or("");
                    assert!(
                        src.ends_with(".js") && src.contains("assets/") && !src.contains(':'),
                        "{page}: <script src={src:?}>"
                    );
                    assert!(
                        el.text().all(|t| t.trim().is_empty()),
                        "{page}: inline script"
                    );
                }
                "meta" => {
                    if let Some(equiv) = v.attr("http-equiv") {
                        assert_eq!(equiv, "Content-Security-Policy", "{page}");
                        assert_eq!(v.attr("content"), Some(CSP), "{page}: CSP changed");
                        csp += 1;
                    }
                }
                "link" => {
                    let rel = v.attr("rel").unwrap_or("");
                    assert!(
                        matches!(rel, "stylesheet" | "icon" | "canonical" | "alternate"),
                        "{page}: <link rel={rel}>"
                    );
                }
                "form" => {
                    let action = v.attr("action").unwrap_or("");
                    assert!(
                        action.ends_with("search.html") && !action.contains(':'),
                        "{page}: <form action={action}>"
                    );
                }
                _ => {}
            }
            for (attr, value) in v.attrs() {
                let attr = attr.to_ascii_lowercase();
                assert!(
                    !attr.starts_with("on")
                        && !matches!(
                            attr.as_str(),
                            "srcdoc" | "formaction" | "style" | "xlink:href"
                        ),
                    "{page}: {attr}={value:?} on <{name}>"
                );
                if matches!(attr.as_str(), "href" | "src" | "action" | "data" | "poster") {
                    assert!(!unsafe_url(value), "{page}: {attr}={value:?} on <{name}>");
                }
                assert!(
                    !value.to_ascii_lowercase().contains("javascript:")
                        || matches!(attr.as_str(), "title" | "aria-label" | "content"),
                    "{page}: {attr}={value:?} on <{name}>"
                );
            }
        }
        assert_eq!(csp, 1, "{page}: needs exactly one Content-Security-Policy");
    }
    checked
}

mod served {
    use std::path::Path;

    /// `dossier serve` on a free port, stopped when dropped.
    pub struct Served {
        pub child: std::process::Child,
        pub url: String,
    }

    impl Served {
        pub fn start(root: &Path) -> Served {
            Served::start_with(root, &[])
        }

        /// With extra arguments for `dossier serve`.
        pub fn start_with(root: &Path, args: &[&str]) -> Served {
            use std::io::BufRead;
            let port = {
                // A port that was free a moment ago; serve moves on if it is not.
                let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
                l.local_addr().unwrap().port()
            };
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["serve", "--port", &port.to_string(), "--root"])
                .arg(root)
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(stdout)
                    .lines()
                    .map_while(Result::ok)
                {
                    if let Some(i) = line.find("http://") {
                        let url = line[i..].split_whitespace().next().unwrap().to_string();
                        let _ = tx.send(url);
                    }
                }
            });
            let url = rx
                .recv_timeout(std::time::Duration::from_secs(30))
                .expect("dossier serve printed its address");
            Served { child, url }
        }
    }

    impl Drop for Served {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

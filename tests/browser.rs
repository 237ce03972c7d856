//! End-to-end tests in real headless Chromium (see `common/browser.rs`):
//! the zip opened from disk, the live-reloading server, and the site under
//! a sub-path. Screenshots go to `target/screenshots/` for a person to
//! look at.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::browser::Browser;
use common::Served;

/// One browser at a time: three Chromiums on a two-core machine starve
/// each other's pages past the protocol's timeouts.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn screenshots() -> PathBuf {
    common::repo().join("target/screenshots")
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

fn unzip(zip: &Path, into: &Path) {
    let mut archive = zip::ZipArchive::new(fs::File::open(zip).unwrap()).unwrap();
    archive.extract(into).unwrap();
}

/// The page's stylesheet loaded: style.css defines `--bg`.
fn styled(b: &mut Browser) -> bool {
    b.eval("getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() !== ''")
        == serde_json::json!(true)
}

#[test]
fn zip_opened_from_disk_navigates_styles_and_searches() {
    let _turn = one_at_a_time();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("site.zip");
    dossier::zip(&common::repo(), Some(&zip_path)).unwrap();
    let site = dossier::generate(&common::repo()).unwrap();
    let top = dossier::zip_folder_name(&common::repo(), &site.corpus);
    unzip(&zip_path, &tmp.path().join("unzipped"));
    let root = tmp.path().join("unzipped").join(&top);

    b.open(&file_url(&root.join("index.html")));
    assert!(styled(&mut b), "index.html has no styles");
    b.screenshot(&screenshots().join("index.png"));

    // Briefing → an article.
    let article = b.click_and_wait("main a[href^='articles/']");
    assert!(styled(&mut b), "{article} has no styles");
    b.screenshot(&screenshots().join("article.png"));

    // Article → people (nav) → a person.
    b.click_and_wait("nav a[href$='people/index.html']");
    let person = b.click_and_wait("main table a[href$='.html']");
    assert!(person.contains("/people/"), "{person}");
    assert!(styled(&mut b), "{person} has no styles");
    // Person → an article they appear in, by a relative link.
    b.click_and_wait("main a[href^='../articles/']");

    // → the disagreements page, and one of its cards' evidence links.
    b.click_and_wait("nav a[href$='disagreements.html']");
    assert!(styled(&mut b));
    assert!(
        b.wait_for(
            "document.querySelectorAll('main article, main .card').length > 0",
            5
        ),
        "no cards on the disagreements page"
    );
    b.screenshot(&screenshots().join("disagreements.png"));
    b.click_and_wait("main a[href*='articles/'][href*='#s']");

    // Search from the header box for a word of an article's title.
    let first = &site.corpus.articles[0];
    let word = first
        .display_title
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|w| w.chars().count())
        .unwrap()
        .to_string();
    let page = dossier::render::article_page_path(&first.id);
    b.open(&file_url(&root.join("index.html")));
    // The index is loaded by the first query, not by every page.
    assert_eq!(
        b.eval("typeof window.DOSSIER_SEARCH"),
        serde_json::json!("undefined")
    );
    b.eval(&format!(
        "(() => {{ const q = document.querySelector('form.search input[name=q]'); q.value = {}; q.dispatchEvent(new Event('input')); }})()",
        serde_json::to_string(&word[..word.len().min(5)]).unwrap()
    ));
    assert!(
        b.wait_for(
            &format!(
                "[...document.querySelectorAll('.search-results a')].some(a => a.getAttribute('href').endsWith({}))",
                serde_json::to_string(&page).unwrap()
            ),
            5
        ),
        "searching for {word:?} did not list {page}"
    );
    assert_eq!(
        b.eval("typeof window.DOSSIER_SEARCH"),
        serde_json::json!("object")
    );
    b.screenshot(&screenshots().join("search.png"));
    // Pressing Enter submits the header form to the search page (the
    // Content-Security-Policy's form-action must allow it from file://),
    // which lists it too.
    b.eval(&format!(
        "(() => {{ const q = document.querySelector('form.search input[name=q]'); q.value = {}; q.form.requestSubmit(); }})()",
        serde_json::to_string(&word.to_lowercase()).unwrap()
    ));
    assert!(
        b.wait_for(
            "document.readyState === 'complete' && location.pathname.endsWith('/search.html') && location.search.startsWith('?q=')",
            10
        ),
        "submitting the search form did not open search.html"
    );
    assert!(b.wait_for(
        &format!(
            "[...document.querySelectorAll('#search-page-results a')].some(a => a.getAttribute('href').endsWith({}))",
            serde_json::to_string(&page).unwrap()
        ),
        5
    ));

    // The Content-Security-Policy is in force from file://: script that
    // was not loaded from a file of the site does not run, and inline
    // styles are not applied, while the site's own script (search, above)
    // and stylesheet work.
    b.settle();
    assert!(b.errors.is_empty(), "browser errors: {:#?}", b.errors);
    let injected = b.eval(
        "(() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.appendChild(s); const st = document.createElement('style'); st.textContent = 'body { outline: 7px solid red }'; document.head.appendChild(st); return [window.__injected === 1, getComputedStyle(document.body).outlineStyle]; })()",
    );
    assert_eq!(
        injected,
        serde_json::json!([false, "none"]),
        "CSP did not block injected script and style"
    );
    let blocked = std::mem::take(&mut b.errors);
    assert!(
        blocked
            .iter()
            .any(|e| e.contains("Content Security Policy")),
        "the browser did not report the blocked inline script: {blocked:#?}"
    );

    b.settle();
    assert!(b.errors.is_empty(), "browser errors: {:#?}", b.errors);
}

#[test]
fn served_site_reloads_on_change_and_shows_build_errors() {
    let _turn = one_at_a_time();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let dossier = common::copy_dossier(&common::repo());
    let site = dossier::generate(dossier.path()).unwrap();
    let article = &site.corpus.articles[0];
    let page = dossier::render::article_page_path(&article.id);
    let server = Served::start(dossier.path());
    b.open(&format!("{}{page}", server.url));
    assert!(styled(&mut b));
    assert!(
        b.wait_for("typeof EventSource !== 'undefined' && document.querySelector('script[src=\"/__dossier/reload.js\"]')", 5),
        "the reload script is not on the served page"
    );
    b.eval("window.__before_reload = true");
    // Give the page's event stream a moment to connect.
    std::thread::sleep(std::time::Duration::from_millis(500));

    // An edit shows up without touching the browser.
    let file = dossier.path().join("content").join(&article.file);
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n\nThe harbour pilots quoted a zanzibarquux fee.\n");
    fs::write(&file, text).unwrap();
    assert!(
        b.wait_for(
            "!window.__before_reload && document.body.innerText.includes('zanzibarquux')",
            15
        ),
        "the page did not reload with the change"
    );

    // A broken front matter: an overlay names the file and line; the last
    // good site is still served.
    fs::write(
        dossier.path().join("content/zz_broken.md"),
        "---\ntitle: \"unclosed\ndate: 2025-01-01\n---\nBody.\n",
    )
    .unwrap();
    assert!(
        b.wait_for(
            "(() => { const o = document.getElementById('dossier-error-overlay'); return o && /zz_broken\\.md:\\d+/.test(o.innerText); })()",
            15
        ),
        "no error overlay with file and line"
    );
    b.screenshot(&screenshots().join("serve-error-overlay.png"));
    let still = b.eval(&format!(
        "fetch({}).then(r => r.text()).then(t => t.includes('zanzibarquux'))",
        serde_json::to_string(&format!("{}{page}", server.url)).unwrap()
    ));
    assert_eq!(
        still,
        serde_json::json!(true),
        "the last good build is not served"
    );

    // Fixing it removes the overlay and reloads.
    b.eval("window.__before_fix = true");
    fs::remove_file(dossier.path().join("content/zz_broken.md")).unwrap();
    assert!(
        b.wait_for(
            "!window.__before_fix && document.readyState === 'complete' && !document.getElementById('dossier-error-overlay')",
            15
        ),
        "the page did not reload without the overlay after the fix"
    );
    b.settle();
    assert!(b.errors.is_empty(), "browser errors: {:#?}", b.errors);
}

/// A plain static server (Python's) for `dir` under `/repo/`, as GitHub
/// Pages serves a project site. Stopped when dropped.
struct StaticServer {
    child: std::process::Child,
    url: String,
    _parent: tempfile::TempDir,
}

impl StaticServer {
    fn start(dir: &Path) -> StaticServer {
        let parent = tempfile::tempdir().unwrap();
        common::copy_dir(dir, &parent.path().join("repo"));
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let child = std::process::Command::new("python3")
            .args([
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                &port.to_string(),
            ])
            .current_dir(parent.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 for a plain static server");
        let url = format!("http://127.0.0.1:{port}/repo/");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "static server did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        StaticServer {
            child,
            url,
            _parent: parent,
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn site_works_under_a_sub_path() {
    let _turn = one_at_a_time();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let (_tmp, public) = common::build(&common::repo());
    let server = StaticServer::start(&public);
    let base = server.url.clone();
    // Every same-origin link, stylesheet and script on the page answers 200.
    let all_resolve =
        "Promise.all([...document.querySelectorAll('a[href], link[href], script[src]')]
        .map(e => new URL(e.getAttribute('href') || e.getAttribute('src'), location.href).href)
        .filter(u => u.startsWith(location.origin))
        .map(u => fetch(u.split('#')[0]).then(r => r.ok ? null : u)))
        .then(bad => bad.filter(Boolean))";
    for start in [
        "index.html",
        "people/index.html",
        "disagreements.html",
        "timeline.html",
    ] {
        eprintln!("opening {base}{start}");
        b.open(&format!("{base}{start}"));
        eprintln!("checking the links of {start}");
        assert!(styled(&mut b), "{start} has no styles under /repo/");
        let bad = b.eval(all_resolve);
        assert_eq!(bad, serde_json::json!([]), "{start}: broken under /repo/");
        assert!(b
            .eval("location.pathname")
            .as_str()
            .unwrap()
            .starts_with("/repo/"));
    }
    b.open(&format!("{base}index.html"));
    let article = b.click_and_wait("main a[href^='articles/']");
    assert!(article.starts_with(&base), "{article}");
    assert!(styled(&mut b));
    assert_eq!(b.eval(all_resolve), serde_json::json!([]));
    b.settle();
    assert!(b.errors.is_empty(), "browser errors: {:#?}", b.errors);
}

/// `print.html` printed to PDF by Chromium: each part and each article
/// starts a page. The PDF is kept in `target/screenshots/` to look at.
#[test]
fn the_print_view_prints_each_part_and_article_on_new_pages() {
    let _turn = one_at_a_time();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let (_tmp, public) = common::build(&common::fixture("dev/wildfire"));
    b.open(&file_url(&public.join("print.html")));
    b.call(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"media": "print"}),
    );
    let breaks = b.eval(
        "[...document.querySelectorAll('.print-part, .print-article')]
         .map(e => e.id + ' ' + getComputedStyle(e).breakBefore)",
    );
    let breaks: Vec<&str> = breaks
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let articles = common::json(&public, "articles.json")
        .as_array()
        .unwrap()
        .len();
    assert_eq!(breaks.len(), 5 + articles, "{breaks:?}");
    assert!(breaks.iter().all(|b| b.ends_with(" page")), "{breaks:?}");
    // Navigation, search and the footer are not printed.
    assert_eq!(
        b.eval("[...document.querySelectorAll('.site-header nav, form.search, .site-footer, .print-hint')].map(e => getComputedStyle(e).display)"),
        serde_json::json!(["none", "none", "none", "none"])
    );
    let pdf = b.call(
        "Page.printToPDF",
        serde_json::json!({"printBackground": true, "displayHeaderFooter": false}),
    );
    let pdf = common::browser::base64_decode(pdf["data"].as_str().unwrap());
    assert!(pdf.starts_with(b"%PDF-"));
    let pages = pdf.windows(11).filter(|w| w == b"/Type /Page").count()
        - pdf.windows(12).filter(|w| w == b"/Type /Pages").count();
    // A cover, then every part and article on pages of its own.
    assert!(pages > 5 + articles, "{pages} pages");
    std::fs::create_dir_all(screenshots()).unwrap();
    fs::write(screenshots().join("print.pdf"), &pdf).unwrap();
    b.settle();
    assert!(b.errors.is_empty(), "browser errors: {:#?}", b.errors);
}

/// The README's screenshots: the home page, the most mentioned person and
/// the disagreements page of the sample dossier, in light mode at a
/// laptop's width. They are written to `target/screenshots/readme-*.png`;
/// with `DOSSIER_UPDATE_SCREENSHOTS=1` also to `docs/screenshots/`, which
/// the README shows.
#[test]
fn readme_screenshots_come_from_a_real_build() {
    let _turn = one_at_a_time();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let (_tmp, public) = common::build(&common::repo());
    let person = common::json(&public, "people.json")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    b.emulate("light", 1200);
    let update = std::env::var_os("DOSSIER_UPDATE_SCREENSHOTS").is_some();
    for (name, page) in [
        ("home", "index.html".to_string()),
        ("person", format!("people/{person}.html")),
        ("disagreements", "disagreements.html".to_string()),
    ] {
        b.open(&file_url(&public.join(&page)));
        assert!(styled(&mut b), "{page} has no styles");
        let shot = screenshots().join(format!("readme-{name}.png"));
        b.screenshot(&shot);
        let png = fs::read(&shot).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{name}");
        // A blank page compresses to a few kilobytes; a page of text does not.
        assert!(png.len() > 40_000, "{name}: {} bytes", png.len());
        if update {
            let docs = common::repo().join("docs/screenshots");
            fs::create_dir_all(&docs).unwrap();
            fs::copy(&shot, docs.join(format!("{name}.png"))).unwrap();
        }
    }
    b.settle();
    assert!(b.errors.is_empty(), "browser errors: {:#?}", b.errors);
}

/// A site whose search index is missing says so in the search box and on
/// the search page instead of staying silent.
#[test]
fn search_says_when_its_index_cannot_be_loaded() {
    let _turn = one_at_a_time();
    let Some(mut b) = Browser::launch() else {
        return;
    };
    let (_keep, public) = common::build(&common::repo());
    fs::remove_file(public.join("assets/search-index.js")).unwrap();
    let unavailable = "[...document.querySelectorAll('LIST .search-none')].some(li => li.innerText.startsWith('Search is not available'))";
    b.open(&file_url(&public.join("index.html")));
    b.eval(
        "(() => { const q = document.querySelector('form.search input[name=q]'); q.value = 'harbour'; q.dispatchEvent(new Event('input')); })()",
    );
    assert!(
        b.wait_for(&unavailable.replace("LIST", ".search-results"), 5),
        "the search box did not say its index is missing"
    );
    b.open(&format!(
        "{}?q=harbour",
        file_url(&public.join("search.html"))
    ));
    assert!(
        b.wait_for(&unavailable.replace("LIST", "#search-page-results"), 5),
        "the search page did not say its index is missing"
    );
}

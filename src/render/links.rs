//! The site's own link check: every internal `href` and `src` must name a
//! file of the build, and every `#anchor` an `id` on that page.
//!
//! It reads the rendered files in memory, so `dossier check` can run it
//! without writing anything. Links with a scheme (`https:`, `mailto:`) are
//! the outside world's and are not followed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::model::OutputFile;

static ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\s(href|src|id)="([^"]*)""#).expect("attribute pattern"));

fn unescape(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `dir/../x` → `x`; `None` when it climbs out of the site.
fn normalise(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Every broken internal link, as "page: link (why)".
pub fn broken_links(files: &[OutputFile]) -> Vec<String> {
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(&str, String)> = Vec::new();
    let names: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&f.bytes);
        let page_ids = ids.entry(f.path.as_str()).or_default();
        for c in ATTR.captures_iter(&html) {
            let value = unescape(&c[2]);
            if &c[1] == "id" {
                page_ids.insert(value);
            } else {
                links.push((f.path.as_str(), value));
            }
        }
    }
    let mut broken = Vec::new();
    for (page, link) in links {
        let scheme = link
            .split_once(':')
            .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '#', '?']));
        // 404.html may link to the published site by absolute URL.
        if scheme || link.starts_with("//") {
            continue;
        }
        let (path, fragment) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (link.as_str(), None),
        };
        let path = path.split('?').next().unwrap_or("");
        let target = if path.is_empty() {
            Some(page.to_string())
        } else if path.starts_with('/') {
            broken.push(format!(
                "{page}: {link} (absolute path; links must be relative)"
            ));
            continue;
        } else {
            let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
            normalise(dir, path).map(|p| {
                if p.is_empty() || path.ends_with('/') {
                    format!("{p}/index.html")
                        .trim_start_matches('/')
                        .to_string()
                } else {
                    p
                }
            })
        };
        let Some(target) = target else {
            broken.push(format!("{page}: {link} (leaves the site)"));
            continue;
        };
        if !names.contains(target.as_str()) {
            broken.push(format!("{page}: {link} (no such file)"));
            continue;
        }
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            let known = ids
                .get(target.as_str())
                .is_some_and(|set| set.contains(fragment));
            if !known && target.ends_with(".html") {
                broken.push(format!("{page}: {link} (no id \"{fragment}\" on {target})"));
            }
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    #[test]
    fn finds_missing_pages_and_anchors() {
        let files = vec![
            file(
                "index.html",
                r##"<a href="articles/a.html#s1">ok</a><a href="articles/b.html">gone</a><a href="#top">top</a><a href="https://example.org/">out</a>"##,
            ),
            file(
                "articles/a.html",
                r#"<p id="s1"></p><a href="../index.html">up</a><a href="a.html#s9">bad anchor</a><a href="../../x.html">out</a>"#,
            ),
        ];
        let broken = broken_links(&files);
        assert_eq!(
            broken,
            [
                "index.html: articles/b.html (no such file)",
                "index.html: #top (no id \"top\" on index.html)",
                "articles/a.html: a.html#s9 (no id \"s9\" on articles/a.html)",
                "articles/a.html: ../../x.html (leaves the site)",
            ]
        );
    }
}

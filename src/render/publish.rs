//! Files for publishing: `.nojekyll`, and, when the dossier knows where it
//! will live (`base_url`), `sitemap.xml` and an Atom feed of the articles.
//!
//! Sitemaps and feeds need absolute URLs; without `base_url` they are left
//! out rather than written with links that cannot work.

use super::pages::article_page_path;
use super::templates::escape_html;
use crate::model::{Corpus, OutputFile};

/// `.nojekyll`: GitHub Pages must serve the files as they are.
pub fn nojekyll() -> OutputFile {
    OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    }
}

/// `sitemap.xml` for every HTML page, or nothing without `base_url`.
pub fn sitemap(corpus: &Corpus, paths: &[String]) -> Option<OutputFile> {
    let base = corpus.config.base_url.as_deref()?;
    let mut pages: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect();
    pages.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape_html(&format!("{base}{p}"))
        ));
    }
    xml.push_str("</urlset>\n");
    Some(OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    })
}

/// `atom.xml`: the articles, newest first, or nothing without `base_url`.
/// Its `updated` is the newest article's date, never the build time, so
/// that the same input gives the same feed.
pub fn feed(corpus: &Corpus) -> Option<OutputFile> {
    let base = corpus.config.base_url.as_deref()?;
    let mut articles: Vec<&crate::model::Article> = corpus.articles.iter().collect();
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    let stamp = |d: Option<crate::date::Date>| {
        d.map_or_else(
            || "1970-01-01T00:00:00Z".to_string(),
            |d| format!("{d}T00:00:00Z"),
        )
    };
    let updated = stamp(corpus.articles.iter().filter_map(|a| a.date).max());
    let e = escape_html;
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}atom.xml\"/>\n  <link href=\"{}\"/>\n  <updated>{updated}</updated>\n",
        e(&corpus.config.title),
        e(base),
        e(base),
        e(base)
    );
    for a in articles {
        let url = format!("{base}{}", article_page_path(&a.id));
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}</updated>\n    <author><name>{}</name></author>\n  </entry>\n",
            e(&a.display_title),
            e(&url),
            e(&url),
            stamp(a.date),
            e(a.byline.as_deref().or(a.outlet.as_deref()).unwrap_or("Unknown")),
        ));
    }
    xml.push_str("</feed>\n");
    Some(OutputFile {
        path: "atom.xml".into(),
        bytes: xml.into_bytes(),
    })
}

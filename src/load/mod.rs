//! Stage 1: read a dossier folder into a [`Corpus`].
//!
//! Each file is parsed on its own ([`parse_article`]): front matter, then
//! scraper damage repaired, then the header and trailer lines read for
//! metadata, then the body parsed into blocks. A second, dossier-wide pass
//! settles what one file cannot settle alone: dates that leave out the
//! year, and slugs that must be unique.

mod body;
mod discover;
mod editfile;
pub mod entities;
mod frontmatter;
mod header;
mod scrape;
pub mod verdicts;

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::config::Config;
use crate::date::{date_in_url, years_in, Date, PartialDate};
use crate::error::{Error, Result};
use crate::model::{Article, Block, BlockKind, Corpus, Warning};
use crate::text::{shorten, split_sentences, UniqueSlugs};

pub use discover::CONTENT_DIR;
pub use header::safe_url;

/// Reads the dossier at `root`: `dossier.toml` and every article under
/// `content/`.
pub fn load(root: &Path) -> Result<Corpus> {
    let mut warnings = Vec::new();
    let config = Config::load(root, &mut warnings)?;
    let content = root.join(CONTENT_DIR);
    let files = discover::article_files(&content, &mut warnings)?;
    let mut parsed = Vec::with_capacity(files.len());
    for file in files {
        let display = format!("{CONTENT_DIR}/{}", file.relative);
        let bytes = std::fs::read(&file.path).map_err(|e| Error::io(&file.path, e))?;
        match parse_article(&display, &file.relative, &bytes)? {
            Some((article, mut w)) => {
                warnings.append(&mut w);
                parsed.push(article);
            }
            None => warnings.push(Warning {
                file: display,
                line: None,
                message: "empty file, skipped".into(),
            }),
        }
    }
    if parsed.is_empty() {
        return Err(Error::File {
            file: format!("{CONTENT_DIR}/"),
            message: "no articles found; add .txt or .md files to the content folder".into(),
        });
    }
    let articles = finish(parsed);
    let entities = entities::load(&content, &mut warnings)?;
    let verdicts = verdicts::load(&content, &mut warnings)?;
    Ok(Corpus {
        config,
        articles,
        warnings,
        entities,
        verdicts,
    })
}

/// An article as one file gives it, before the dossier-wide pass.
#[derive(Debug)]
pub struct ParsedArticle {
    article: Article,
    /// A date the text gave without being sure of it.
    partial_date: Option<PartialDate>,
    /// Years the text mentions, to resolve `partial_date`.
    years: Vec<i32>,
    /// The slug the editor asked for.
    slug: Option<String>,
}

/// Parses one article file. `display` is its path for messages,
/// `relative` its path under `content/`. Returns `None` for an empty file.
pub fn parse_article(
    display: &str,
    relative: &str,
    bytes: &[u8],
) -> Result<Option<(ParsedArticle, Vec<Warning>)>> {
    let mut warnings = Vec::new();
    let text = decode(display, bytes)?;
    let text = scrape::normalize_text(&text);
    if text.trim().is_empty() {
        return Ok(None);
    }
    let split = frontmatter::split(&text).map_err(|e| Error::Content {
        file: display.to_string(),
        line: e.line,
        message: e.message,
    })?;
    for (key, line) in &split.unknown {
        warnings.push(Warning {
            file: display.to_string(),
            line: Some(*line),
            message: format!(
                "unknown front matter field `{key}` is ignored (known: {})",
                frontmatter::FIELDS.join(", ")
            ),
        });
    }
    let front = split.front;
    let repaired = scrape::repair_mojibake(split.body);
    let lines: Vec<&str> = repaired.lines().collect();
    let (trailer, end) = header::split_trailer(&lines);
    let (head, start) = header::split_header(&lines[..end]);
    let plain = !relative.to_ascii_lowercase().ends_with(".md")
        && !relative.to_ascii_lowercase().ends_with(".markdown");
    let body = body::parse(&lines[start.min(end)..end].join("\n"), plain);

    let all_text: String = body
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .chain(head.kicker.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n");
    let url = match &front.url {
        Some(u) => {
            let safe = safe_url(u);
            if safe.is_none() {
                warnings.push(Warning {
                    file: display.to_string(),
                    line: None,
                    message: format!(
                        "front matter url `{u}` is not an http(s) URL and is not linked"
                    ),
                });
            }
            safe
        }
        None => trailer.url.clone(),
    };
    let outlet = front
        .outlet
        .clone()
        .or(head.outlet.clone())
        .or_else(|| {
            url.as_deref()
                .and_then(|u| header::outlet_from_domain(u, &all_text))
        })
        .or_else(|| outlet_from_copyright(&all_text));
    let mut years = years_in(&all_text);
    years.extend(url.as_deref().map(years_in).unwrap_or_default());
    let partial_date = front.date.or(head.date);
    let date = partial_date.and_then(|d| d.certain()).or_else(|| {
        partial_date
            .is_none()
            .then(|| url.as_deref().and_then(date_in_url))
            .flatten()
    });
    let dateline = body
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .and_then(|b| header::DATELINE.captures(&b.text))
        .map(|c| c[1].trim().to_string());
    let mut blocks = body.blocks;
    // An editor's title replaces the headline, but the headline's words stay.
    if let (Some(front_title), Some(text_title)) = (&front.title, &head.title) {
        if front_title != text_title {
            blocks.insert(
                0,
                Block {
                    kind: BlockKind::Heading { level: 1 },
                    text: text_title.clone(),
                },
            );
        }
    }
    let title = front.title.clone().or(head.title.clone());
    let display_title = title
        .clone()
        .unwrap_or_else(|| fallback_title(&blocks, relative));
    let mut tags = front.tags.clone();
    for t in trailer.tags {
        if !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            tags.push(t);
        }
    }
    let article = Article {
        id: String::new(),
        file: relative.to_string(),
        title,
        display_title,
        outlet,
        byline: front.byline.clone().or(head.byline),
        date,
        url,
        dateline,
        tags,
        credits: body.credits,
        kicker: head.kicker,
        blocks,
    };
    Ok(Some((
        ParsedArticle {
            article,
            partial_date: partial_date.filter(|d| d.certain().is_none()),
            years,
            slug: front.slug,
        },
        warnings,
    )))
}

/// UTF-8 text, or an error that says where the first bad byte is.
fn decode(display: &str, bytes: &[u8]) -> Result<String> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(Error::File {
            file: display.to_string(),
            message:
                "is a binary file, not text; remove it from content/ or convert it to .txt/.md"
                    .into(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let column = at
                - bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            Err(Error::Content {
                file: display.to_string(),
                line,
                message: format!(
                    "column {column}: byte 0x{:02X} is not valid UTF-8; re-save the file as UTF-8",
                    bytes[at]
                ),
            })
        }
    }
}

/// "© 2025 Europe Today. All rights reserved." → "Europe Today".
fn outlet_from_copyright(text: &str) -> Option<String> {
    static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:©|\(c\)|Copyright)\s*(?:\d{4}\s+)?([A-Z][\p{L}\d&'’ .-]{1,60}?)\.?\s+All rights reserved").unwrap()
    });
    COPYRIGHT.captures(text).map(|c| c[1].trim().to_string())
}

/// A title for an article whose text has no headline: its first sentence,
/// shortened.
fn fallback_title(blocks: &[Block], relative: &str) -> String {
    blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .or_else(|| blocks.iter().find(|b| b.kind.is_prose()))
        .and_then(|b| {
            let first = split_sentences(&b.text).into_iter().next()?;
            // Leave the dateline out of the title.
            let s = &b.text[first];
            let s = header::DATELINE
                .captures(s)
                .and_then(|c| c.get(0))
                .map_or(s, |m| s[m.end() - 1..].trim_start());
            Some(shorten(s, 12))
        })
        .unwrap_or_else(|| {
            Path::new(relative)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| relative.to_string())
        })
}

/// The dossier-wide pass: dates without a year or with day and month in
/// doubt are read near the dossier's other dates, and every article gets
/// a unique slug.
fn finish(parsed: Vec<ParsedArticle>) -> Vec<Article> {
    let mut known: Vec<Date> = parsed.iter().filter_map(|p| p.article.date).collect();
    known.sort_unstable();
    let reference = known.get(known.len() / 2).copied();
    let mut slugs = UniqueSlugs::default();
    parsed
        .into_iter()
        .map(|p| {
            let mut a = p.article;
            if let Some(partial) = p.partial_date {
                a.date = partial.resolve(reference, &p.years);
            }
            let stem = Path::new(&a.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            a.id = slugs.next(
                &[
                    p.slug.as_deref().unwrap_or(""),
                    a.title.as_deref().unwrap_or(""),
                    &a.display_title,
                    &stem,
                ],
                "article",
            );
            a
        })
        .collect()
}

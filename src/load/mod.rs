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

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;
use regex::Regex;

use crate::config::Config;
use crate::date::{date_in_url, years_in, Date, PartialDate};
use crate::error::{Error, Result};
use crate::model::{Article, Block, BlockKind, Corpus, Warning};
use crate::text::{shorten, slugify, split_sentences, UniqueSlugs};

pub use discover::CONTENT_DIR;
pub use header::safe_url;

/// Reads the dossier at `root`: `dossier.toml` and every article under
/// `content/`.
pub fn load(root: &Path) -> Result<Corpus> {
    read(root, None, None)
}

/// What each article file gave the last time it was read, for
/// `dossier serve`: a file whose size and modification time are unchanged
/// is not read again, and one whose bytes are unchanged (saved again as
/// it was, or touched) is not parsed again. `dossier build` always reads
/// everything.
#[derive(Debug, Default)]
pub struct Cache {
    files: std::collections::HashMap<String, CachedFile>,
    /// The size limit the files were read under.
    max_bytes: u64,
    /// Whether the last reading found the same files, each giving what it
    /// gave the time before.
    unchanged: bool,
    /// The article files the last reading found, when finding them gave
    /// no warning: a reading told which files changed starts from them.
    walk: Option<Vec<discover::ArticleFile>>,
}

impl Cache {
    /// Whether the last [`load_cached`] read the same article files as the
    /// one before it, with the same bytes: its articles and their
    /// warnings are the last ones'. (The settings and the editor's files
    /// are read every time, and are not covered.)
    pub fn unchanged(&self) -> bool {
        self.unchanged
    }
}

/// A file's size and modification time.
type Stamp = (u64, Option<std::time::SystemTime>);
/// What one file gave: an article (or none, when it is skipped) and warnings.
type Parsed = (Option<ParsedArticle>, Vec<Warning>);

#[derive(Debug)]
struct CachedFile {
    stamp: Stamp,
    /// The digest of the bytes it was parsed from (none when it was too
    /// large to read).
    bytes: Option<u128>,
    /// Shared with the reading that made it, so that keeping it costs no
    /// copy.
    parsed: Arc<Parsed>,
}

/// [`load`], taking unchanged files from `cache` and leaving in it what
/// this reading found.
pub fn load_cached(root: &Path, cache: &mut Cache) -> Result<Corpus> {
    read(root, Some(cache), None)
}

/// [`load_cached`] told which paths under `content/` (relative to it)
/// changed since the last reading, as a file watcher reports them: the
/// folder is not walked again, nor the other files looked at, when the
/// changes are to plain files. Every change must be named; a path named
/// that did not change costs a look. (Walking and looking at 5,000 files
/// took 16 ms of a 200 ms rebuild.)
pub fn load_cached_after(root: &Path, cache: &mut Cache, changed: &[PathBuf]) -> Result<Corpus> {
    read(root, Some(cache), Some(changed))
}

fn read(root: &Path, mut cache: Option<&mut Cache>, changed: Option<&[PathBuf]>) -> Result<Corpus> {
    // Taken out first: a reading that fails leaves no list of files, and
    // the next one walks the folder (the changes named to this one are
    // not named again).
    let last_walk = cache.as_mut().and_then(|c| c.walk.take());
    let mut warnings = Vec::new();
    let config = Config::load(root, &mut warnings)?;
    let content = root.join(CONTENT_DIR);
    let max_bytes = config.max_article_mb.saturating_mul(1 << 20);
    // The files named as changed, when the others are known to be as the
    // cache has them.
    let from_last = match (changed, cache.as_deref()) {
        (Some(changed), Some(c)) if c.max_bytes == max_bytes => last_walk
            .as_deref()
            .and_then(|last| discover::article_files_after(&content, last, changed)),
        _ => None,
    };
    let (files, named, walked) = match from_last {
        Some((files, named)) => (files, Some(named), true),
        None => {
            let mut found = Vec::new();
            let files = discover::article_files(&content, &mut found)?;
            let quiet = found.is_empty();
            warnings.append(&mut found);
            (files, None, quiet)
        }
    };
    // Each file is read and parsed on its own, in parallel; results keep
    // the files' order, and the first error in that order is reported.
    let results: Vec<Result<Reading>> = files
        .par_iter()
        .map(|file| {
            let cached = cache
                .as_deref()
                .filter(|c| c.max_bytes == max_bytes)
                .and_then(|c| c.files.get(&file.relative));
            let again = |c: &CachedFile, stamp: Stamp| Reading {
                stamp,
                bytes: c.bytes,
                parsed: Arc::clone(&c.parsed),
                again: true,
            };
            // Not named as changed: as it was.
            if let (Some(named), Some(c)) = (&named, cached) {
                if !named.contains(&file.relative) {
                    return Ok(again(c, c.stamp));
                }
            }
            let display = format!("{CONTENT_DIR}/{}", file.relative);
            let meta = std::fs::metadata(&file.path).map_err(|e| Error::io(&file.path, e))?;
            let stamp = (meta.len(), meta.modified().ok());
            if let Some(c) = cached.filter(|c| c.stamp == stamp && stamp.1.is_some()) {
                return Ok(again(c, stamp));
            }
            if meta.len() > max_bytes {
                return Ok(Reading {
                    stamp,
                    bytes: None,
                    parsed: Arc::new(too_large(&display, meta.len(), &config)),
                    again: false,
                });
            }
            let bytes = std::fs::read(&file.path).map_err(|e| Error::io(&file.path, e))?;
            let digest = crate::digest::of_bytes(&bytes);
            if let Some(c) = cached.filter(|c| c.bytes == Some(digest)) {
                return Ok(again(c, stamp));
            }
            Ok(Reading {
                stamp,
                bytes: Some(digest),
                parsed: Arc::new(parse_article(&display, &file.relative, &bytes)?),
                again: false,
            })
        })
        .collect();
    let mut read = Vec::with_capacity(files.len());
    let mut next = Cache {
        max_bytes,
        ..Cache::default()
    };
    let mut unchanged = cache
        .as_deref()
        .is_some_and(|c| c.files.len() == files.len());
    for (file, result) in files.iter().zip(results) {
        let reading = result?;
        warnings.extend(reading.parsed.1.iter().cloned());
        // Every file read again, and as many as before: the same files.
        unchanged &= reading.again;
        if cache.is_some() {
            let entry = CachedFile {
                stamp: reading.stamp,
                bytes: reading.bytes,
                parsed: Arc::clone(&reading.parsed),
            };
            next.files.insert(file.relative.clone(), entry);
        }
        read.push(reading.parsed);
    }
    if let Some(cache) = cache {
        next.unchanged = unchanged;
        next.walk = walked.then_some(files);
        *cache = next;
    }
    // `finish` changes the articles: copied (in parallel) where the cache
    // keeps them too, moved otherwise.
    let parsed: Vec<ParsedArticle> = read
        .into_par_iter()
        .filter_map(|p| Arc::unwrap_or_clone(p).0)
        .collect();
    if parsed.is_empty() {
        return Err(no_articles());
    }
    let articles = finish(parsed, &mut warnings);
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

/// What one article file gave this time, and whether it is what it gave
/// last time (taken from the cache).
struct Reading {
    stamp: Stamp,
    bytes: Option<u128>,
    parsed: Arc<Parsed>,
    again: bool,
}

/// What a file too large to be one article gives: a warning, no article.
fn too_large(display: &str, size: u64, config: &Config) -> Parsed {
    (
        None,
        vec![Warning {
            file: display.to_string(),
            line: None,
            message: format!(
                "is {:.1} MB, more than max_article_mb = {} allows; skipped (raise max_article_mb in {} if it really is one article)",
                size as f64 / (1u64 << 20) as f64,
                config.max_article_mb,
                crate::config::CONFIG_FILE
            ),
        }],
    )
}

/// A corpus from article texts held in memory, as `(path under content/,
/// bytes)`, with the default settings and no editor's files: what `load`
/// does after reading the disk. For fuzzing and tests.
pub fn from_texts(files: &[(&str, &[u8])]) -> Result<Corpus> {
    let mut warnings = Vec::new();
    let mut parsed = Vec::new();
    for (relative, bytes) in files {
        let display = format!("{CONTENT_DIR}/{relative}");
        let (article, mut w) = parse_article(&display, relative, bytes)?;
        warnings.append(&mut w);
        parsed.extend(article);
    }
    if parsed.is_empty() {
        return Err(no_articles());
    }
    let articles = finish(parsed, &mut warnings);
    Ok(Corpus {
        config: Config::default(),
        articles,
        warnings,
        entities: Default::default(),
        verdicts: Vec::new(),
    })
}

fn no_articles() -> Error {
    Error::File {
        file: format!("{CONTENT_DIR}/"),
        message: "no articles found; add .txt or .md files to the content folder".into(),
    }
}

/// An article as one file gives it, before the dossier-wide pass.
#[derive(Debug, Clone)]
pub struct ParsedArticle {
    article: Article,
    /// A date the text gave without being sure of it.
    partial_date: Option<PartialDate>,
    /// Years the text mentions, to resolve `partial_date`.
    years: Vec<i32>,
    /// The slug the editor asked for, and the line it is on.
    slug: Option<(String, usize)>,
    /// The slug its id is made from, before it is made unique: it depends
    /// on the file alone, so a rebuild keeps it with the file's parse
    /// (making 5,000 of them took 9 ms of a rebuild's processor time).
    slug_base: String,
}

/// Parses one article file. `display` is its path for messages,
/// `relative` its path under `content/`. Returns no article, and a warning
/// that says why, for a file that is empty or not text at all.
pub fn parse_article(
    display: &str,
    relative: &str,
    bytes: &[u8],
) -> Result<(Option<ParsedArticle>, Vec<Warning>)> {
    let mut warnings = Vec::new();
    let skipped = |message: String| {
        Ok((
            None,
            vec![Warning {
                file: display.to_string(),
                line: None,
                message,
            }],
        ))
    };
    let text = match decode(bytes) {
        Decoded::Text(text) => text,
        Decoded::Windows1252 {
            text,
            line,
            column,
            byte,
        } => {
            warnings.push(Warning {
                file: display.to_string(),
                line: Some(line),
                message: format!(
                    "column {column}: byte 0x{byte:02X} is not valid UTF-8, so the file was read as Windows-1252; re-save it as UTF-8 if letters look wrong"
                ),
            });
            text
        }
        Decoded::Binary(kind) => {
            return skipped(format!(
            "is {kind}, not text; skipped (remove it from content/, or convert it to .txt or .md)"
        ))
        }
    };
    let text = scrape::normalize_text(&text);
    if text.trim().is_empty() {
        return skipped("empty file, skipped".into());
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
        blocks: Arc::new(blocks),
    };
    Ok((
        Some({
            let slug = front.slug.zip(front.slug_line);
            ParsedArticle {
                slug_base: slug_base(&article, slug.as_ref()),
                article,
                partial_date: partial_date.filter(|d| d.certain().is_none()),
                years,
                slug,
            }
        }),
        warnings,
    ))
}

/// What the bytes of a file turned out to be.
#[derive(Debug, PartialEq)]
enum Decoded {
    /// UTF-8, or UTF-16 with a byte order mark.
    Text(String),
    /// Not UTF-8: read as Windows-1252, the usual encoding of text saved
    /// on Windows or scraped from older sites. `line`, `column` and `byte`
    /// say where UTF-8 failed, for the warning.
    Windows1252 {
        text: String,
        line: usize,
        column: usize,
        byte: u8,
    },
    /// Not text; the kind of file, as far as its first bytes tell.
    Binary(&'static str),
}

/// Reads bytes as text. A file that is not UTF-8 is not refused: scraped
/// articles often come in Windows-1252, and every byte has a meaning in
/// it, so the file is read that way and the editor is told. Files with
/// NUL bytes (images, PDFs, office documents) are not text at all.
fn decode(bytes: &[u8]) -> Decoded {
    const SIGNATURES: [(&[u8], &str); 7] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a zip archive or office document"),
        (b"\xD0\xCF\x11\xE0", "an old office document"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    if let Some(text) = utf16_with_bom(bytes) {
        return Decoded::Text(text);
    }
    if let Some((_, kind)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Decoded::Binary(kind);
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Decoded::Binary("a binary file");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded::Text(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line_start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            Decoded::Windows1252 {
                text: bytes.iter().map(|&b| windows_1252(b)).collect(),
                line: bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1,
                column: std::str::from_utf8(&bytes[line_start..at])
                    .map_or(at - line_start, |s| s.chars().count())
                    + 1,
                byte: bytes[at],
            }
        }
    }
}

/// UTF-16 text as Windows editors save it ("Unicode"), recognised by its
/// byte order mark.
fn utf16_with_bom(bytes: &[u8]) -> Option<String> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|c| {
            let pair = [c[0], c.get(1).copied().unwrap_or(0)];
            if little {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        })
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// One byte of Windows-1252. Bytes 0x80–0x9F are its typographic
/// characters; the five it leaves undefined are kept as the C1 controls
/// Latin-1 gives them (and dropped later with the other controls).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
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
/// The slug an article's id starts from: the editor's, else its title's,
/// else its file name's.
fn slug_base(a: &Article, asked: Option<&(String, usize)>) -> String {
    let stem = Path::new(&a.file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let asked = asked.map(|(s, _)| s.as_str()).unwrap_or("");
    UniqueSlugs::base(
        &[
            asked,
            a.title.as_deref().unwrap_or(""),
            &a.display_title,
            &stem,
        ],
        "article",
    )
}

fn finish(parsed: Vec<ParsedArticle>, warnings: &mut Vec<Warning>) -> Vec<Article> {
    let mut known: Vec<Date> = parsed.iter().filter_map(|p| p.article.date).collect();
    known.sort_unstable();
    let reference = known.get(known.len() / 2).copied();
    let mut slugs = UniqueSlugs::default();
    // The articles whose editor asked for a slug, with what they asked.
    let mut asked = Vec::new();
    let articles: Vec<Article> = parsed
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let mut a = p.article;
            if let Some(partial) = p.partial_date {
                a.date = partial.resolve(reference, &p.years);
            }
            a.id = slugs.next_of(p.slug_base);
            if let Some(slug) = p.slug {
                asked.push((i, slug));
            }
            a
        })
        .collect();
    // Ids are unique, so the article holding the slug one asked for is
    // the one that took it before.
    let owners: foldhash::HashMap<&str, &str> = if asked.is_empty() {
        Default::default()
    } else {
        articles
            .iter()
            .map(|a| (a.id.as_str(), a.file.as_str()))
            .collect()
    };
    for (i, (asked, line)) in asked {
        let a = &articles[i];
        let plain = slugify(&asked, 60);
        let why = if plain.is_empty() {
            Some("has no letters or digits to make a file name from".to_string())
        } else if plain != asked {
            Some("is not a plain name (letters, digits and `-`)".to_string())
        } else if a.id != plain {
            Some(format!(
                "is already used by {CONTENT_DIR}/{}",
                owners
                    .get(plain.as_str())
                    .copied()
                    .unwrap_or("another article")
            ))
        } else {
            None
        };
        if let Some(why) = why {
            warnings.push(Warning {
                file: format!("{CONTENT_DIR}/{}", a.file),
                line: Some(line),
                message: format!("slug `{asked}` {why}; the page is articles/{}.html", a.id),
            });
        }
    }
    articles
}

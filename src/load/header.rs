//! Recovering an article's metadata from the text around it.
//!
//! Scraped articles carry their metadata as loose lines: an outlet's name
//! and section ("KXRV 9 News | Local"), a headline, "By NAME", a date line,
//! and at the end an "Original url:" trailer. The lines before the first
//! line of prose form the *header*; each is classified on its own, then the
//! headline is chosen among the candidates. Whatever could not be placed
//! is kept as a kicker, so that no words are lost.

use std::sync::LazyLock;

use regex::Regex;

use super::scrape::strip_tags;
use crate::date::{parse_date_line, PartialDate};

/// What the header lines said.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Header {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub date: Option<PartialDate>,
    pub kicker: Vec<String>,
}

/// What the trailing lines said.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Trailer {
    pub url: Option<String>,
    pub tags: Vec<String>,
}

/// A header line with markdown and tags removed.
#[derive(Debug)]
struct Line {
    /// `#` count for a markdown heading.
    heading: Option<usize>,
    text: String,
}

fn plain_line(raw: &str) -> Line {
    let t = raw.trim();
    let hashes = t.chars().take_while(|&c| c == '#').count();
    let (heading, t) = if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        (Some(hashes), t[hashes..].trim())
    } else {
        (None, t)
    };
    let t = strip_tags(t);
    let t = unescape_markdown(&t);
    // Emphasis markers around the whole line or its segments.
    let t = t.replace("**", "").replace("__", "");
    let t = t
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_')
        .trim()
        .to_string();
    Line { heading, text: t }
}

/// `\$` → `$`: CommonMark's backslash escapes of ASCII punctuation.
pub fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+[|·•»—–-]\s+|\s*\|\s*").unwrap());
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:posted\s+|written\s+|words\s+)?by[:\s]\s*(\S.*)$").unwrap()
});
static POSTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:posted|published|updated)?\s*:?\s*(.+?)\s+by\s+(\S.*)$").unwrap()
});
static TITLE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:title|headline)\s*:\s*(\S.*)$").unwrap());
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[.!?…。！？][”"’'\)」]*$"#).unwrap());
/// "WASHINGTON —", "PINE RIVER, Ore. (AP) —", "OSLO, Nov 6 (Wire) -".
pub static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[A-Z][\p{L}'’.-]*)(?:\s+[A-Z][\p{L}'’.-]*){0,3})(?:,\s+[A-Z][\p{L}.]*(?:\s+\d{1,2})?)?\s*(?:\([^)]{1,40}\))?\s+[—–-]\s+\S")
        .unwrap()
});

/// Words an outlet's name may contain in lower case.
const NAME_CONNECTORS: [&str; 10] = ["of", "the", "and", "&", "for", "de", "la", "du", "der", "y"];

/// Outlet names are short runs of capitalised words: "The Gulf Dispatch",
/// "KXRV 9 News", "NewsFlash24", "Levant & Gulf Review".
fn outlet_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && !SENTENCE_END.is_match(s)
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || NAME_CONNECTORS.contains(&w.to_lowercase().as_str())
        })
        && words[0]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// "THE TERRACE REPORT" → "The Terrace Report"; names in mixed case stay.
fn tidy_outlet(s: &str) -> String {
    let s = s.trim().trim_matches(|c: char| c == '*' || c == '_').trim();
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() > 3 && letters.iter().all(|c| c.is_uppercase());
    if !all_caps || s.split_whitespace().count() < 2 {
        return s.to_string();
    }
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && NAME_CONNECTORS.contains(&lower.as_str()) {
                lower
            } else {
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// "Tom Ridley, Chief Football Writer" → "Tom Ridley".
fn tidy_byline(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(|c: char| c == '*' || c == '_').trim();
    let name = s.split(',').next().unwrap_or(s).trim();
    let name = name.trim_end_matches(['.', ';', ':']).trim();
    (!name.is_empty() && name.split_whitespace().count() <= 8).then(|| name.to_string())
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A line that begins the article's prose rather than its header.
fn is_body_line(raw: &str, line: &Line, have_title: bool) -> bool {
    let raw = raw.trim_start();
    if raw.starts_with("![")
        || raw.starts_with("> ")
        || raw.starts_with("```")
        || raw.starts_with("- ")
        || raw.starts_with("* ")
        || looks_like_credit(raw)
    {
        return true;
    }
    if line.heading.is_some() {
        return false;
    }
    let n = words(&line.text);
    if n > 25 || (n > 10 && DATELINE.is_match(&line.text)) {
        return true;
    }
    let ends_sentence = SENTENCE_END.is_match(&line.text);
    // After the headline any full sentence is prose, however short ("The
    // wait is over."); before it, only a longer one, as headlines may end
    // in a question mark.
    ends_sentence && (have_title || n >= 8)
}

/// Whether a line ends with a period, as sentences do and headlines do not.
fn ends_with_period(text: &str) -> bool {
    text.trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '。'])
}

/// A photo line: "**Photo: … (Name / Agency)**", or a caption ending in a
/// bold "Name / Agency" credit.
fn looks_like_credit(raw: &str) -> bool {
    static PHOTO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^[*_]*(?:photo|photograph|image|picture|credit|pictured)s?\s*(?:credit)?\s*:",
        )
        .unwrap()
    });
    static TRAILING_BOLD_CREDIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\*\*[^*]*/[^*]*\*\*\s*$").unwrap());
    PHOTO.is_match(raw) || TRAILING_BOLD_CREDIT.is_match(raw)
}

/// Reads the header off the top of `lines`; returns it with the index of
/// the first line of prose.
pub fn split_header(lines: &[&str]) -> (Header, usize) {
    // Each non-body line, classified.
    enum Kind {
        Title,
        Heading,
        Plain,
    }
    let mut header = Header::default();
    let mut title_lines: Vec<(Kind, usize, String)> = Vec::new(); // candidates in order
    let mut outlet_candidates: Vec<(usize, String)> = Vec::new();
    let mut kicker: Vec<(usize, String)> = Vec::new();
    let mut seen = 0;
    let mut body_start = lines.len();
    let mut have_title = false;
    for (i, raw) in lines.iter().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        seen += 1;
        let line = plain_line(raw);
        // A short line that does not end like a sentence, seen before any
        // prose, is most likely the headline, even without a "Title:"
        // label: after it, a full sentence is prose.
        let have_headline = have_title
            || title_lines.iter().enumerate().any(|(n, (k, _, t))| {
                matches!(k, Kind::Plain) && (n == 0 || words(t) >= 2) && !ends_with_period(t)
            });
        if seen > 12
            || line.text.is_empty() && line.heading.is_none()
            || is_body_line(raw, &line, have_headline)
        {
            body_start = i;
            break;
        }
        if let Some(c) = TITLE_PREFIX.captures(&line.text) {
            title_lines.push((Kind::Title, i, c[1].trim().to_string()));
            have_title = true;
            continue;
        }
        if matches!(line.heading, Some(1 | 2)) {
            title_lines.push((Kind::Heading, i, line.text));
            have_title = true;
            continue;
        }
        // A line of metadata segments: "Outlet | Section | Date", "Date · By X".
        let segments: Vec<&str> = SEPARATOR
            .split(&line.text)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let mut placed_any = false;
        let mut rest: Vec<&str> = Vec::new();
        for seg in &segments {
            if let Some(c) = BYLINE.captures(seg) {
                if header.byline.is_none() {
                    header.byline = tidy_byline(&c[1]);
                }
                placed_any = true;
            } else if let Some(d) = parse_date_line(seg) {
                header.date.get_or_insert(d);
                placed_any = true;
            } else if let Some(c) = POSTED_BY
                .captures(seg)
                .filter(|c| parse_date_line(&c[1]).is_some())
            {
                header
                    .date
                    .get_or_insert(parse_date_line(&c[1]).expect("checked"));
                if header.byline.is_none() {
                    header.byline = tidy_byline(&c[2]);
                }
                placed_any = true;
            } else {
                rest.push(seg);
            }
        }
        let is_meta_line = placed_any
            || line.heading.is_some()
            || (segments.len() >= 2
                && outlet_like(segments[0])
                && segments.iter().all(|s| words(s) <= 8));
        if is_meta_line {
            let mut rest = rest.into_iter();
            if let Some(first) = rest.next() {
                if outlet_like(first) {
                    outlet_candidates.push((i, tidy_outlet(first)));
                } else {
                    kicker.push((i, first.to_string()));
                }
            }
            kicker.extend(rest.map(|s| (i, s.to_string())));
        } else {
            title_lines.push((Kind::Plain, i, line.text));
        }
    }
    if body_start == lines.len() && seen > 0 {
        // Nothing but header-like lines: the last of them is the text.
        body_start = lines
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .unwrap_or(lines.len());
        title_lines.retain(|(_, i, _)| *i < body_start);
    }

    // The headline: "Title:", else a markdown heading, else the longest
    // plain line of at least three words.
    let pick = title_lines
        .iter()
        .position(|(k, _, _)| matches!(k, Kind::Title))
        .or_else(|| {
            title_lines
                .iter()
                .position(|(k, _, _)| matches!(k, Kind::Heading))
        })
        .or_else(|| {
            // Headlines seldom end with a period; section labels ("World",
            // "Breaking news") are shorter than the headline they precede.
            let plain = |min_words: usize, period_ok: bool| {
                title_lines
                    .iter()
                    .enumerate()
                    .filter(move |(_, (k, _, t))| {
                        matches!(k, Kind::Plain)
                            && words(t) >= min_words
                            && (period_ok || !ends_with_period(t))
                    })
                    .max_by_key(|(idx, (_, _, t))| (words(t), std::cmp::Reverse(*idx)))
                    .map(|(idx, _)| idx)
            };
            // Scripts without spaces (Chinese, Japanese) make one "word".
            plain(3, false)
                .or_else(|| plain(3, true))
                .or_else(|| plain(2, false))
                .or_else(|| plain(1, false))
        });
    if let Some(p) = pick {
        header.title = Some(title_lines[p].2.clone());
    }
    for (idx, (_, i, text)) in title_lines.into_iter().enumerate() {
        if Some(idx) == pick {
            continue;
        }
        if outlet_like(&text) {
            outlet_candidates.push((i, tidy_outlet(&text)));
        } else {
            kicker.push((i, text));
        }
    }
    outlet_candidates.sort_by_key(|(i, _)| *i);
    let mut outlets = outlet_candidates.into_iter();
    header.outlet = outlets.next().map(|(_, o)| o);
    kicker.extend(outlets);
    kicker.sort_by_key(|(i, _)| *i);
    header.kicker = kicker.into_iter().map(|(_, t)| t).collect();
    (header, body_start)
}

/// Reads "Original url:" and "Tags:" trailers off the end of `lines` and
/// returns them with the number of lines that remain.
pub fn split_trailer(lines: &[&str]) -> (Trailer, usize) {
    static URL_MARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*(?:original\s+(?:url|link|article|source)|source\s+url|canonical\s+url)\s*:?\s*(.*)$").unwrap()
    });
    static TAGS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\W*(?:tags|topics|keywords)\s*:\s*(.+)$").unwrap());
    let mut trailer = Trailer::default();
    let mut end = lines.len();
    loop {
        while end > 0 && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        if end == 0 {
            break;
        }
        let last = lines[end - 1];
        if let Some(c) = TAGS
            .captures(last.trim())
            .filter(|_| trailer.tags.is_empty())
        {
            trailer.tags = c[1]
                .split([',', ';'])
                .map(|t| t.trim().trim_start_matches('#').to_string())
                .filter(|t| !t.is_empty())
                .collect();
            end -= 1;
            continue;
        }
        // "Original url:" within the last few non-empty lines, its URL on the
        // same line or broken over the following ones.
        let window_start = (0..end)
            .rev()
            .filter(|&i| !lines[i].trim().is_empty())
            .take(4)
            .last()
            .unwrap_or(end);
        let mark = (window_start..end).rev().find_map(|i| {
            URL_MARK
                .captures(lines[i].trim())
                .map(|c| (i, c[1].to_string()))
        });
        match mark {
            Some((i, first)) if trailer.url.is_none() => {
                let joined: String = std::iter::once(first.as_str())
                    .chain(lines[i + 1..end].iter().copied())
                    .flat_map(|l| l.split_whitespace())
                    .collect::<Vec<_>>()
                    .concat();
                let joined = strip_tags(&joined);
                let url = joined
                    .trim_matches(|c: char| {
                        matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | '*' | '_')
                    })
                    .to_string();
                trailer.url = safe_url(&url);
                end = i;
            }
            _ => break,
        }
    }
    (trailer, end)
}

/// The URL if it is a plain `http(s)` URL a reader can be sent to.
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let ok_scheme = lower.starts_with("https://") || lower.starts_with("http://");
    let ok_chars = url
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c));
    let has_host = url.split_once("://").is_some_and(|(_, rest)| {
        rest.split('/')
            .next()
            .is_some_and(|h| h.contains('.') || h.starts_with("localhost"))
    });
    (ok_scheme && ok_chars && has_host && url.len() <= 2048).then(|| url.to_string())
}

/// The outlet whose name spells the URL's domain: "thedailyharbor.com"
/// → "The Daily Harbor", found as a run of capitalised words in `text`.
pub fn outlet_from_domain(url: &str, text: &str) -> Option<String> {
    let host = url.split_once("://")?.1.split(['/', '?', '#']).next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| *l != "www").collect();
    let label = labels.first()?;
    if label.len() < 4 {
        return None;
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '“' | '”' | '"' | ','))
        .filter(|w| !w.is_empty())
        .collect();
    for start in 0..words.len() {
        let mut key = String::new();
        for end in start..(start + 6).min(words.len()) {
            let w = words[end].trim_matches(|c: char| !c.is_alphanumeric());
            if !w
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                break;
            }
            key.extend(
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase),
            );
            if key == *label {
                let name: Vec<&str> = words[start..=end]
                    .iter()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .collect();
                return Some(name.join(" "));
            }
            if !label.starts_with(key.as_str()) {
                break;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> (Header, usize) {
        let lines: Vec<&str> = text.lines().collect();
        split_header(&lines)
    }

    #[test]
    fn headline_byline_date() {
        let (h, start) = header("\n\nA Headline Here\n\nBy Jane Roe\n\nDecember 02, 2025\n\nThe first paragraph of the story is a sentence.\n");
        assert_eq!(h.title.as_deref(), Some("A Headline Here"));
        assert_eq!(h.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(h.date.unwrap().certain().unwrap().to_string(), "2025-12-02");
        assert_eq!(start, 8);
    }

    #[test]
    fn outlet_lines_and_sections() {
        let (h, _) = header("WXYZ 7 News | Local | Storm Coverage\nFlood 41% receded; residents allowed to return\nBy Dana Lee, reporter\nWednesday, Sept. 10\n\nRIVERTON — Crews gained ground on the flood overnight, officials said on Wednesday morning.");
        assert_eq!(h.outlet.as_deref(), Some("WXYZ 7 News"));
        assert_eq!(
            h.title.as_deref(),
            Some("Flood 41% receded; residents allowed to return")
        );
        assert_eq!(h.byline.as_deref(), Some("Dana Lee"));
        assert_eq!(h.kicker, vec!["Local", "Storm Coverage"]);
        assert_eq!(h.date.unwrap().year, None);
    }

    #[test]
    fn markdown_header() {
        let (h, _) = header("**Harbor & Coast Review** · Analysis · Wednesday 19 November 2025\n\n# How a deal was won\n\n*By Ada Kaya*\n\nGENEVA — For 439 days, the families heard almost nothing from anyone at all.");
        assert_eq!(h.outlet.as_deref(), Some("Harbor & Coast Review"));
        assert_eq!(h.title.as_deref(), Some("How a deal was won"));
        assert_eq!(h.byline.as_deref(), Some("Ada Kaya"));
        assert_eq!(h.date.unwrap().certain().unwrap().to_string(), "2025-11-19");
    }

    #[test]
    fn no_header() {
        let (h, start) = header("Washington — President Smith's envoy is meeting the premier in the capital on Tuesday, officials confirmed, as talks go on.\nMore text.");
        assert_eq!(h, Header::default());
        assert_eq!(start, 0);
    }

    #[test]
    fn all_caps_outlet_and_posted_by() {
        let (h, _) = header("THE STAND REPORT — Club fan news & opinion\n\n# Signing unveiled: what it means\n\nPosted 12/07/2025 by Sam Hill\n\nThe wait is over.\n");
        assert_eq!(h.outlet.as_deref(), Some("The Stand Report"));
        assert_eq!(h.byline.as_deref(), Some("Sam Hill"));
        assert!(h.date.unwrap().day_month_ambiguous);
    }

    #[test]
    fn trailer_url_is_repaired() {
        let lines = vec![
            "Text.",
            "",
            "Original url:",
            "",
            "https://www.example.com/2025/12/02/harbour-strike-ta lks-to-resume-a123",
        ];
        let (t, end) = split_trailer(&lines);
        assert_eq!(
            t.url.as_deref(),
            Some("https://www.example.com/2025/12/02/harbour-strike-talks-to-resume-a123")
        );
        assert_eq!(end, 1);
        let lines = vec![
            "Text.",
            "Tags: Fire, Oregon",
            "Original url: javascript:alert(1)",
        ];
        let (t, end) = split_trailer(&lines);
        assert_eq!(t.url, None);
        assert_eq!(t.tags, vec!["Fire", "Oregon"]);
        assert_eq!(end, 1);
    }

    #[test]
    fn outlet_from_url_domain() {
        assert_eq!(
            outlet_from_domain(
                "https://www.thedailyharbor.com/2025/x",
                "— The Daily Harbor (@DailyHarbor) said"
            ),
            Some("The Daily Harbor".into())
        );
        assert_eq!(
            outlet_from_domain("https://www.example.com/x", "Nothing here"),
            None
        );
    }
}

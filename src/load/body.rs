//! An article's body as blocks of clean text.
//!
//! Markdown goes through pulldown-cmark. Plain text goes through it too,
//! one line per paragraph, because scraped `.txt` files are full of
//! markdown residue (`**bold**`, `\$`, `<u>` tags) that the same parser
//! cleans up. Emphasis and links become plain text; raw HTML loses its tags
//! but keeps its words, except inside `<script>` and `<style>`.
//!
//! Two kinds of block are then recognised: photo captions, whose credit
//! is taken out (the photographer is not a person in the story), and
//! embedded social posts ("Embed:" … "— Name (@handle) date"), which keep
//! their words but are marked as not the outlet's own.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::scrape::strip_tags;
use crate::model::{Block, BlockKind};

/// The blocks of a body and the photo credits taken out of it.
#[derive(Debug, Default, PartialEq)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub credits: Vec<String>,
}

/// Parses a body. `plain` says the text is a `.txt` file, where every line
/// is a paragraph of its own.
pub fn parse(text: &str, plain: bool) -> Body {
    let source = if plain {
        // Leading spaces would make indented code blocks in markdown.
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    } else {
        text.to_string()
    };
    let mut b = Builder::default();
    for event in Parser::new_ext(&source, Options::ENABLE_STRIKETHROUGH) {
        b.event(event);
    }
    b.flush();
    let mut body = Body {
        blocks: b.blocks,
        credits: b.credits,
    };
    mark_embeds(&mut body.blocks);
    body
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    credits: Vec<String>,
    kind: Option<BlockKind>,
    buf: String,
    /// Byte ranges of `buf` in bold, to find "**Name / Agency**" credits.
    strong: Vec<(usize, usize)>,
    strong_start: Vec<usize>,
    quote_depth: usize,
    item_depth: usize,
    /// Alt text of the image being read.
    image_alt: Option<String>,
    html: Option<String>,
    /// Inside inline `<script>` or `<style>`: the closing tag to wait for.
    skip_until: Option<&'static str>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        if let Some(close) = self.skip_until {
            if matches!(&event, Event::InlineHtml(h) if h.to_ascii_lowercase().starts_with(close)) {
                self.skip_until = None;
            }
            if !matches!(event, Event::End(_)) {
                return;
            }
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => match &mut self.image_alt {
                Some(alt) => alt.push_str(&t),
                None => self.buf.push_str(&t),
            },
            Event::SoftBreak => self.buf.push(if self.quote_depth > 0 { '\n' } else { ' ' }),
            Event::HardBreak => self.buf.push('\n'),
            Event::Html(h) => {
                self.html.get_or_insert_with(String::new).push_str(&h);
            }
            Event::InlineHtml(h) => {
                let tag = h.to_ascii_lowercase();
                if tag.starts_with("<br") {
                    self.buf.push(' ');
                } else if tag.starts_with("<script") {
                    self.skip_until = Some("</script");
                } else if tag.starts_with("<style") {
                    self.skip_until = Some("</style");
                }
            }
            Event::FootnoteReference(r) => {
                self.buf.push_str(&format!("[{r}]"));
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                if self.item_depth == 0 || self.kind.is_none() {
                    self.flush();
                    self.kind = Some(self.prose_kind());
                } else if !self.buf.is_empty() {
                    self.buf.push(' ');
                }
            }
            Tag::Heading { level, .. } => {
                self.flush();
                self.kind = Some(BlockKind::Heading { level: level as u8 });
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
            }
            Tag::Item => {
                self.flush();
                self.item_depth += 1;
                self.kind = Some(BlockKind::ListItem);
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.kind = Some(BlockKind::Code { lang });
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html = Some(String::new());
            }
            Tag::Strong => self.strong_start.push(self.buf.len()),
            Tag::Image { .. } => self.image_alt = Some(String::new()),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph if self.item_depth == 0 => self.flush(),
            TagEnd::Heading(_) | TagEnd::CodeBlock => self.flush(),
            TagEnd::Item => {
                self.flush();
                self.item_depth = self.item_depth.saturating_sub(1);
                if self.item_depth > 0 {
                    self.kind = Some(BlockKind::ListItem);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    let kind = self.prose_kind();
                    self.push(kind, strip_tags(&html));
                }
            }
            TagEnd::Strong => {
                if let Some(s) = self.strong_start.pop() {
                    self.strong.push((s, self.buf.len()));
                }
            }
            TagEnd::Image => {
                if let Some(alt) = self.image_alt.take() {
                    // The picture is not fetched; its description is kept.
                    let kind = self.kind.take();
                    let text = std::mem::take(&mut self.buf);
                    let strong = std::mem::take(&mut self.strong);
                    if let Some(k) = kind.clone() {
                        self.push_prose(k, text, strong);
                    }
                    self.push(BlockKind::Caption, alt);
                    self.kind = kind;
                }
            }
            _ => {}
        }
    }

    fn prose_kind(&self) -> BlockKind {
        if self.quote_depth > 0 {
            BlockKind::Quote
        } else if self.item_depth > 0 {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        }
    }

    fn flush(&mut self) {
        if let Some(html) = self.html.take() {
            self.buf.push_str(&strip_tags(&html));
        }
        let text = std::mem::take(&mut self.buf);
        let strong = std::mem::take(&mut self.strong);
        self.strong_start.clear();
        if let Some(kind) = self.kind.take() {
            self.push_prose(kind, text, strong);
        } else if !text.trim().is_empty() {
            let kind = self.prose_kind();
            self.push_prose(kind, text, strong);
        }
    }

    fn push_prose(&mut self, kind: BlockKind, text: String, strong: Vec<(usize, usize)>) {
        if matches!(kind, BlockKind::Paragraph | BlockKind::Quote) {
            if let Some((caption, credit)) = split_credit(&text, &strong) {
                self.credits.extend(credit);
                if let Some(c) = caption {
                    self.push(BlockKind::Caption, c);
                }
                return;
            }
        }
        self.push(kind, text);
    }

    fn push(&mut self, kind: BlockKind, text: String) {
        let text = if matches!(kind, BlockKind::Code { .. }) {
            text.trim_end_matches('\n').to_string()
        } else {
            tidy(&text)
        };
        if !text.trim().is_empty() {
            self.blocks.push(Block { kind, text });
        }
    }
}

/// Collapses runs of spaces, keeping line breaks.
fn tidy(text: &str) -> String {
    // Written straight into one string: every block of the dossier
    // passes through here.
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else {
            continue;
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(first);
        for w in words {
            out.push(' ');
            out.push_str(w);
        }
    }
    out
}

/// Splits a photo line into its caption and its credit (either may be
/// missing), or `None` when the paragraph is not a photo line.
fn split_credit(text: &str, strong: &[(usize, usize)]) -> Option<(Option<String>, Option<String>)> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)^\s*(?:photo|photograph|image|picture|credit|pictured)s?\s*(?:credit)?\s*:\s*(.*?)\s*$").unwrap()
    });
    static PAREN_CREDIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(.*?)\s*\(([^()]*/[^()]*)\)\s*$").unwrap());
    let trimmed_end = text.trim_end().len();
    if let Some(c) = LABEL.captures(text) {
        let rest = c[1].trim();
        if let Some(p) = PAREN_CREDIT.captures(rest) {
            let caption = p[1].trim();
            return Some((
                (!caption.is_empty()).then(|| caption.to_string()),
                Some(p[2].trim().to_string()),
            ));
        }
        if rest.contains('/') && rest.split_whitespace().count() <= 10 {
            return Some((None, Some(rest.to_string())));
        }
        // A labelled caption with no credit in it.
        return Some(((!rest.is_empty()).then(|| rest.to_string()), None));
    }
    // A caption ending in a bold credit: "… the envoy. **Name / POOL / Agency**".
    let &(s, e) = strong.last()?;
    let credit = text.get(s..e)?.trim();
    // The bold may end in white space past the end of the trimmed text.
    if text.get(e.min(trimmed_end)..trimmed_end)?.trim().is_empty()
        && credit.contains('/')
        && credit.split_whitespace().count() <= 10
    {
        let caption = text[..s].trim();
        return Some((
            (!caption.is_empty()).then(|| caption.to_string()),
            Some(credit.to_string()),
        ));
    }
    None
}

/// Marks embedded social posts: an "Embed:" marker up to the post's
/// signature line, or a "Name @handle … 7:42 PM · date" card.
fn mark_embeds(blocks: &mut Vec<Block>) {
    static SIGNATURE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[—–-]\s*\S.*(?:\(@|@\w|\d{4})").unwrap());
    static HANDLE_LINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^.{1,80}?\s@[A-Za-z0-9_]{1,30}$").unwrap());
    static TIMESTAMP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\.?\s*·").unwrap());

    let mut i = 0;
    while i < blocks.len() {
        let text = blocks[i].text.trim();
        if let Some(rest) = text
            .strip_prefix("Embed:")
            .or_else(|| text.strip_prefix("EMBED:"))
        {
            let rest = rest.trim().to_string();
            let from = if rest.is_empty() {
                blocks.remove(i);
                i
            } else {
                blocks[i].text = rest;
                i
            };
            let end = (from..blocks.len().min(from + 10))
                .find(|&j| SIGNATURE.is_match(blocks[j].text.trim()))
                .unwrap_or(from);
            let last = end.min(blocks.len().saturating_sub(1));
            for b in blocks.iter_mut().take(last + 1).skip(from) {
                b.kind = BlockKind::Embed;
            }
            i = end + 1;
            continue;
        }
        let first_line = text.lines().next().unwrap_or("");
        if HANDLE_LINE.is_match(first_line) {
            if let Some(end) =
                (i..blocks.len().min(i + 5)).find(|&j| TIMESTAMP.is_match(&blocks[j].text))
            {
                for b in &mut blocks[i..=end] {
                    b.kind = BlockKind::Embed;
                }
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &Body) -> Vec<(&str, &str)> {
        body.blocks
            .iter()
            .map(|b| {
                let k = match b.kind {
                    BlockKind::Paragraph => "p",
                    BlockKind::Heading { .. } => "h",
                    BlockKind::ListItem => "li",
                    BlockKind::Quote => "q",
                    BlockKind::Embed => "embed",
                    BlockKind::Caption => "caption",
                    BlockKind::Code { .. } => "code",
                };
                (k, b.text.as_str())
            })
            .collect()
    }

    #[test]
    fn plain_text_cleanup() {
        let body = parse(
            "It would cost \\$100 billion.\nThe <u>12-point draft</u> leaked.\n",
            true,
        );
        assert_eq!(
            kinds(&body),
            vec![
                ("p", "It would cost $100 billion."),
                ("p", "The 12-point draft leaked.")
            ]
        );
    }

    #[test]
    fn caption_with_bold_credit() {
        let body = parse(
            "From left: A, B and C. **Kristina K / POOL / TASS**\nText.",
            true,
        );
        assert_eq!(
            kinds(&body),
            vec![("caption", "From left: A, B and C."), ("p", "Text.")]
        );
        assert_eq!(body.credits, vec!["Kristina K / POOL / TASS"]);
    }

    #[test]
    fn photo_label_lines() {
        let body = parse("![Smoke rises](https://x.example/a.jpg)\n**Photo: Ken A / Wire Service**\n\n**Photo: Gov. X speaks. (Aurelia Q / Ledger)**\n", false);
        assert_eq!(
            kinds(&body),
            vec![("caption", "Smoke rises"), ("caption", "Gov. X speaks.")]
        );
        assert_eq!(
            body.credits,
            vec!["Ken A / Wire Service", "Aurelia Q / Ledger"]
        );
    }

    #[test]
    fn embed_block() {
        let body = parse(
            "Before.\nEmbed:\nTalks are underway.\nRead more: https://t.co/x\n— The Times (@Times) December 2, 2025\nAfter.",
            true,
        );
        assert_eq!(
            kinds(&body),
            vec![
                ("p", "Before."),
                ("embed", "Talks are underway."),
                ("embed", "Read more: https://t.co/x"),
                ("embed", "— The Times (@Times) December 2, 2025"),
                ("p", "After.")
            ]
        );
    }

    #[test]
    fn social_card_without_marker() {
        let body = parse("Sheriff posted:\nCounty Sheriff @CountySheriff\nLEVEL 3 – GO NOW.\n7:42 PM · Sep 7, 2025 · 48.1K Views\nNext.", true);
        let k = kinds(&body);
        assert_eq!(k[1].0, "embed");
        assert_eq!(k[3].0, "embed");
        assert_eq!(k[4], ("p", "Next."));
    }

    #[test]
    fn markdown_structures() {
        let body = parse(
            "Kept <script>alert(1)</script>text <style>p{}</style>here.",
            true,
        );
        assert_eq!(kinds(&body), vec![("p", "Kept text here.")]);
        let body = parse("## Heading\n\n- one\n- two\n\n> quoted\n> line\n\n```rust\nfn main() {}\n```\n\n<div>kept <script>alert(1)</script>words</div>\n", false);
        assert_eq!(
            kinds(&body),
            vec![
                ("h", "Heading"),
                ("li", "one"),
                ("li", "two"),
                ("q", "quoted\nline"),
                ("code", "fn main() {}"),
                ("p", "kept words")
            ]
        );
    }
}

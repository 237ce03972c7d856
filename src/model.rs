//! The plain data that flows through the pipeline.
//!
//! `load` produces a [`Corpus`]; `analyze` reads it and produces an
//! [`Analysis`]; `render` reads both. Nothing here does any work: these are
//! values you can build by hand in a test and print with `{:?}`.

use std::sync::Arc;

use serde::Serialize;

use crate::config::Config;
use crate::date::Date;

/// Everything `load` read from a dossier folder.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub config: Config,
    /// Sorted by source path, so every later stage sees one fixed order.
    pub articles: Vec<Article>,
    /// Things worth telling the editor that did not stop the build.
    pub warnings: Vec<Warning>,
    /// The editor's corrections from `content/entities.toml`.
    pub entities: EntityEdits,
    /// The editor's verdicts from `content/disagreements.toml`.
    pub verdicts: Vec<VerdictEdit>,
}

/// One entry of `content/disagreements.toml`.
#[derive(Debug, Clone, PartialEq)]
pub enum VerdictEdit {
    /// `[[dismiss]]`: not a real disagreement; shown collapsed with the reason.
    Dismiss {
        id: String,
        reason: String,
        line: usize,
    },
    /// `[[confirm]]`: checked and real, with an optional note.
    Confirm {
        id: String,
        note: Option<String>,
        line: usize,
    },
    /// `[[add]]`: a disagreement the analysis missed.
    Add {
        kind: ClaimKind,
        subject: String,
        note: Option<String>,
        /// (file under content/, sentence index, value).
        claims: Vec<(String, usize, String)>,
        line: usize,
    },
}

/// What an editor says about people and topics in `content/entities.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityEdits {
    pub people: Vec<PersonEdit>,
    pub topics: Vec<TopicEdit>,
}

/// One `[[person]]` entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonEdit {
    /// Any name of the person (canonical or variant).
    pub name: String,
    pub rename: Option<String>,
    pub description: Option<String>,
    /// Names of other people who are this person.
    pub merge: Vec<String>,
    /// Variants that are someone else: split off into a person of their own.
    pub split: Vec<String>,
    pub hide: bool,
    /// Not a person: make it a topic of this kind.
    pub kind: Option<TopicKind>,
    /// Line of the entry in the file, for messages.
    pub line: usize,
}

/// One `[[topic]]` entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopicEdit {
    pub name: String,
    pub rename: Option<String>,
    pub description: Option<String>,
    pub hide: bool,
    pub kind: Option<TopicKind>,
    /// Phrases that carry the topic; a topic that does not exist yet is
    /// added.
    pub keywords: Vec<String>,
    pub line: usize,
}

/// One article, with its metadata recovered and its text cleaned.
#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct Article {
    /// Stable, unique, URL-safe: the page is `articles/{id}.html`.
    pub id: String,
    /// Path of the source file relative to `content/`, with `/` separators.
    pub file: String,
    /// The headline, from front matter or recovered from the text; `None`
    /// when the text has none (see [`Article::display_title`]).
    pub title: Option<String>,
    /// What the site shows as the title: the headline, or failing that the
    /// first sentence, shortened.
    pub display_title: String,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub date: Option<Date>,
    /// The link to the original, when it is an `http(s)` URL.
    pub url: Option<String>,
    /// "WASHINGTON", from a "WASHINGTON —" opening.
    pub dateline: Option<String>,
    pub tags: Vec<String>,
    /// Photo credits ("Name / Agency"): authors of pictures, not people in
    /// the story.
    pub credits: Vec<String>,
    /// Header lines the loader kept but could not place (section labels,
    /// straplines), shown above the article so that no words are lost.
    pub kicker: Vec<String>,
    /// The cleaned text, in reading order. Shared: `serve` keeps each
    /// file's parse and hands every rebuild the same text, not a copy.
    pub blocks: Arc<Vec<Block>>,
}

impl Article {
    /// A digest of every field but the text, and `text`, a digest of the
    /// text (its blocks, and whatever else the caller reads with them):
    /// a rebuild digests the text of an article whose text is the same
    /// shared one only once (`serve` hands unchanged articles the very
    /// same blocks).
    pub fn digest_with_text(&self, text: u128) -> u128 {
        use std::hash::{Hash, Hasher};
        // Every field: one added to `Article` must be added here too.
        let Article {
            id,
            file,
            title,
            display_title,
            outlet,
            byline,
            date,
            url,
            dateline,
            tags,
            credits,
            kicker,
            blocks: _,
        } = self;
        let mut d = crate::digest::Digest::new();
        (id, file, title, display_title, outlet, byline, date).hash(&mut d);
        (url, dateline, tags, credits, kicker).hash(&mut d);
        d.write_u128(text);
        d.finish128()
    }
}

/// A block of article text: a paragraph, heading, list item and so on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Plain text, already cleaned. `\n` marks a hard line break (in
    /// embedded posts and code).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum BlockKind {
    Paragraph,
    Heading {
        level: u8,
    },
    ListItem,
    /// A block quotation the article itself set apart.
    Quote,
    /// A post from a social network embedded in the article: its words are
    /// the poster's, not the outlet's.
    Embed,
    /// A picture's caption (its credit goes to [`Article::credits`]).
    Caption,
    /// Fenced code; never split into sentences.
    Code {
        lang: Option<String>,
    },
}

impl BlockKind {
    /// Whether the block holds prose that is split into sentences.
    pub fn is_prose(&self) -> bool {
        !matches!(self, BlockKind::Code { .. })
    }
}

/// A problem that did not stop the build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Path relative to the dossier root.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Wall time per named step, in the order the steps ran.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(&'static str, std::time::Duration)>);

impl Timings {
    /// Runs `f`, recording its time under `name`.
    pub fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        self.0.push((name, start.elapsed()));
        out
    }
}

/// What `analyze` found.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// One per article, in the corpus's order.
    pub articles: Vec<ArticleAnalysis>,
    /// The people in the story, most mentioned first.
    pub people: Vec<Person>,
    /// Themes, places and organisations, most covered first.
    pub topics: Vec<Topic>,
    /// Every direct quotation found, attributed or not, in reading order.
    pub quotes: Vec<Quote>,
    /// Checkable statements (dates, numbers, roles, quotes, spellings),
    /// each with the sentence it comes from.
    pub claims: Vec<Claim>,
    /// Where the sources contradict each other, most important first.
    pub disagreements: Vec<Disagreement>,
    /// Editorial instructions that could not be carried out.
    pub warnings: Vec<Warning>,
    /// How long each step took, for `--timings`; never rendered, so the
    /// output stays byte-identical.
    pub timings: Timings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    Date,
    Number,
    Role,
    Quote,
    Attribution,
    Spelling,
    Other,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Date => "date",
            ClaimKind::Number => "number",
            ClaimKind::Role => "role",
            ClaimKind::Quote => "quote",
            ClaimKind::Attribution => "attribution",
            ClaimKind::Spelling => "spelling",
            ClaimKind::Other => "other",
        }
    }
}

/// One checkable statement of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub kind: ClaimKind,
    pub at: SentenceRef,
    /// The normalised value ("2024-03-12", "4 hours", "former President").
    /// Shared, not copied: a rebuild copies every claim of the articles it
    /// kept (a million at 20,000 articles) into the new analysis.
    pub value: Arc<str>,
    /// Byte range of the claim's words in the sentence, for highlighting.
    pub span: (usize, usize),
    /// What the value is about, in a few words ("meeting", "Ana Ruiz").
    pub frame: Arc<str>,
    /// The person the claim is about, if any.
    pub person: Option<usize>,
    /// For dates: the first and last day the claim can mean, when the text
    /// pins that down ("March 12" one day, "last week" seven).
    pub when: Option<(crate::date::Date, crate::date::Date)>,
}

/// Claims from different articles about the same thing that cannot all be
/// true.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// Stable across builds of the same input (a hash of what it is about
    /// and where).
    pub id: String,
    pub kind: ClaimKind,
    /// One line: what the sources disagree about.
    pub subject: String,
    pub claims: Vec<Claim>,
    /// Why these claims were grouped and why they conflict.
    pub why: String,
    /// The person it is about, if any.
    pub person: Option<usize>,
    /// How much the conflict matters, for ordering (more sources, more weight).
    pub weight: u32,
    /// Set by the editor in `disagreements.toml`.
    pub editor: Option<EditorVerdict>,
}

impl Disagreement {
    /// Whether the editor dismissed it: shown collapsed, never counted.
    pub fn is_dismissed(&self) -> bool {
        matches!(self.editor, Some(EditorVerdict::Dismissed { .. }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorVerdict {
    Dismissed { reason: String },
    Confirmed { note: Option<String> },
    Added { note: Option<String> },
}

/// A sentence of an article: `(article index, sentence index)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SentenceRef {
    pub article: usize,
    pub sentence: usize,
}

/// A person in the story, with every name the sources use for them.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Person {
    /// Stable, URL-safe: the page is `people/{id}.html`.
    pub id: String,
    /// The most complete form that most sources use.
    pub name: String,
    pub variants: Vec<NameVariant>,
    pub mentions: Vec<Mention>,
    pub roles: Vec<Role>,
    /// Indexes into [`Analysis::quotes`].
    pub quotes: Vec<usize>,
    /// Why the variants were taken for one person, one line each.
    pub evidence: Vec<String>,
    /// A note written by the editor in `entities.toml`.
    pub description: Option<String>,
}

/// One way of writing a person's name, as written, and who wrote it so.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameVariant {
    pub text: String,
    /// Article indexes, ascending.
    pub articles: Vec<usize>,
}

/// Where a name occurs: a byte range of the sentence's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    pub at: SentenceRef,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// How an article describes a person ("former President", "a senior aide
/// to the president"), as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Role {
    pub at: SentenceRef,
    pub text: String,
}

/// A direct quotation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quote {
    /// The sentence the quotation starts in.
    pub at: SentenceRef,
    /// The quoted words, without the quotation marks.
    pub text: std::sync::Arc<str>,
    /// Index into [`Analysis::people`]; `None` when the text does not say
    /// clearly who spoke.
    pub speaker: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TopicKind {
    Theme,
    Place,
    Organization,
}

impl TopicKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TopicKind::Theme => "theme",
            TopicKind::Place => "place",
            TopicKind::Organization => "organization",
        }
    }
}

/// A theme ("peace plan"), place or organisation the articles cover.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Topic {
    /// Stable, URL-safe: the page is `topics/{id}.html`.
    pub id: String,
    pub name: String,
    pub kind: TopicKind,
    /// Article indexes, ascending.
    pub articles: Vec<usize>,
    /// The sentences that carry it, in reading order.
    pub sentences: Vec<SentenceRef>,
    /// People mentioned in those sentences, by index, most often first.
    pub people: Vec<usize>,
    /// Topics that share sentences with it, most shared first.
    pub related: Vec<usize>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleAnalysis {
    /// Shared with `dossier serve`'s analysis cache, which keeps them for
    /// the next rebuild: one copy of the dossier's text, not two.
    pub sentences: std::sync::Arc<Vec<Sentence>>,
    /// The words of the article's text (every block), counted once: the
    /// pages show them, and a rebuild takes them with the sentences.
    pub words: usize,
}

/// One sentence of an article. Its `index` is its anchor on the article
/// page (`#s{index}`) and the `sentence` field of the data export.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Sentence {
    pub index: usize,
    /// Index into [`Article::blocks`].
    pub block: usize,
    /// Byte range within that block's text.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One file of the built site: where it goes and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated, made only from fixed
    /// names and sanitized slugs (see `write::check_relative`).
    pub path: String,
    pub bytes: Vec<u8>,
}

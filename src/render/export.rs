//! The data export under `data/`: the site's findings as JSON, for reuse
//! and for scoring. The format is documented in the README.

use serde::Serialize;

use super::fragments::Fragments;
use super::pages::article_page_path;
use crate::model::{Analysis, Corpus, Disagreement, EditorVerdict, OutputFile, SentenceRef};

#[derive(Debug, Serialize)]
pub struct ArticleRecord<'a> {
    id: &'a str,
    file: &'a str,
    title: Option<&'a str>,
    display_title: &'a str,
    outlet: Option<&'a str>,
    byline: Option<&'a str>,
    date: Option<String>,
    url: Option<&'a str>,
    dateline: Option<&'a str>,
    tags: &'a [String],
    sentences: usize,
    page: String,
}

/// One file of the export, its records not yet made: a rebuild digests
/// them (see [`Records`]) and writes the file only when they changed.
/// Record `i` is made by `record(i)`, so that records can be made on
/// their own, in parallel (see [`Export::file_from`]).
pub struct Export<F> {
    pub path: &'static str,
    len: usize,
    record: F,
}

/// An export's records, made each time they are walked: serialised, they
/// are the sequence the file holds, which is what a rebuild digests.
pub struct Records<'e, F>(&'e Export<F>);

impl<F, T> Serialize for Records<'_, F>
where
    F: Fn(usize) -> T,
    T: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((0..self.0.len).map(&self.0.record))
    }
}

impl<F, T> Export<F>
where
    F: Fn(usize) -> T + Sync,
    T: Serialize,
{
    fn new(path: &'static str, len: usize, record: F) -> Self {
        Export { path, len, record }
    }

    pub fn records(&self) -> Records<'_, F> {
        Records(self)
    }

    /// The file: a JSON array with one compact record per line, as easy
    /// to diff and to read with `grep` as pretty-printed JSON, at half the
    /// size (the export of a 10,000-article dossier went from 80 to 60 MB).
    ///
    /// Records are made and written one at a time, twice: once to count
    /// the bytes, once into a buffer of exactly that size. The topics of
    /// a 20,000-article dossier are 80 MB of JSON, and a buffer grown by
    /// doubling held up to three times that while it grew.
    pub fn file(&self) -> OutputFile {
        struct Count(usize);
        impl std::io::Write for Count {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0 += buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut count = Count(0);
        for i in 0..self.len {
            serde_json::to_writer(&mut count, &(self.record)(i)).expect("plain data serializes");
        }
        self.lines(count.0, |i, bytes| {
            serde_json::to_writer(bytes, &(self.record)(i)).expect("plain data serializes");
        })
    }

    /// The file, its record lines (`size` bytes in all) written by
    /// `line(i, bytes)`: `[`, each line after a line break (and a comma
    /// from the second on), then `]`.
    fn lines(&self, size: usize, mut line: impl FnMut(usize, &mut Vec<u8>)) -> OutputFile {
        let mut bytes = Vec::with_capacity(size + 2 * self.len + 4);
        bytes.push(b'[');
        for i in 0..self.len {
            bytes.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            line(i, &mut bytes);
        }
        bytes.extend_from_slice(b"\n]\n");
        OutputFile {
            path: self.path.to_string(),
            bytes,
        }
    }

    /// [`Export::file`] for a rebuild: each record's line is kept in
    /// `kept` for the next build by `key(i)`, the key of what record `i`
    /// is made from, and only records with a new key are made (in
    /// parallel). After an edit that names someone new, making all of
    /// `people.json` again (13 MB at 5,000 articles) was the largest
    /// part of a rebuild. The lines kept are as large as the file: only
    /// `dossier serve`, which rebuilds, keeps them.
    pub fn file_from(
        &self,
        kept: &Fragments,
        key: &(dyn Fn(usize) -> Option<u128> + Sync),
    ) -> OutputFile {
        use rayon::prelude::*;
        let round = Fragments::round(Some(kept));
        let line =
            |i: usize| serde_json::to_string(&(self.record)(i)).expect("plain data serializes");
        let lines: Vec<std::sync::Arc<str>> = (0..self.len)
            .into_par_iter()
            .map(|i| {
                let piece = round.piece(|| key(i), || Ok(line(i)));
                let piece = piece.expect("making a line cannot fail");
                debug_assert_eq!(
                    &*piece,
                    line(i),
                    "{}: record {i}'s key is the last build's, but the record is not",
                    self.path
                );
                piece
            })
            .collect();
        round.finish();
        let size = lines.iter().map(|l| l.len()).sum();
        self.lines(size, |i, bytes| {
            bytes.extend_from_slice(lines[i].as_bytes())
        })
    }
}

/// `data/articles.json`: one record per article, in the corpus's order.
pub fn articles_json<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
) -> Export<impl Fn(usize) -> ArticleRecord<'a> + Sync + 'a> {
    let record = |i: usize| {
        let a = &corpus.articles[i];
        ArticleRecord {
            id: &a.id,
            file: &a.file,
            title: a.title.as_deref(),
            display_title: &a.display_title,
            outlet: a.outlet.as_deref(),
            byline: a.byline.as_deref(),
            date: a.date.map(|d| d.to_string()),
            url: a.url.as_deref(),
            dateline: a.dateline.as_deref(),
            tags: &a.tags,
            sentences: analysis.articles.get(i).map_or(0, |x| x.sentences.len()),
            page: article_page_path(&a.id),
        }
    };
    Export::new("data/articles.json", corpus.articles.len(), record)
}

#[derive(Debug, Serialize)]
struct MentionRecord<'a> {
    article: &'a str,
    text: &'a str,
    sentence: usize,
}

#[derive(Debug, Serialize)]
struct RoleRecord<'a> {
    article: &'a str,
    role: &'a str,
    sentence: usize,
}

#[derive(Debug, Serialize)]
struct QuoteRecord<'a> {
    article: &'a str,
    text: &'a str,
    sentence: usize,
}

#[derive(Debug, Serialize)]
pub struct PersonRecord<'a> {
    id: &'a str,
    name: &'a str,
    variants: Vec<&'a str>,
    page: String,
    mentions: Vec<MentionRecord<'a>>,
    roles: Vec<RoleRecord<'a>>,
    quotes: Vec<QuoteRecord<'a>>,
    evidence: &'a [String],
    description: Option<&'a str>,
}

/// `data/people.json`: every person, most mentioned first.
pub fn people_json<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
) -> Export<impl Fn(usize) -> PersonRecord<'a> + Sync + 'a> {
    let id = move |at: SentenceRef| corpus.articles[at.article].id.as_str();
    let record = move |i: usize| {
        let p = &analysis.people[i];
        PersonRecord {
            id: &p.id,
            name: &p.name,
            variants: p.variants.iter().map(|v| v.text.as_str()).collect(),
            page: super::pages::person_page_path(&p.id),
            mentions: p
                .mentions
                .iter()
                .map(|m| MentionRecord {
                    article: id(m.at),
                    text: &m.text,
                    sentence: m.at.sentence,
                })
                .collect(),
            roles: p
                .roles
                .iter()
                .map(|r| RoleRecord {
                    article: id(r.at),
                    role: &r.text,
                    sentence: r.at.sentence,
                })
                .collect(),
            quotes: p
                .quotes
                .iter()
                .map(|&q| {
                    let q = &analysis.quotes[q];
                    QuoteRecord {
                        article: id(q.at),
                        text: &q.text,
                        sentence: q.at.sentence,
                    }
                })
                .collect(),
            evidence: &p.evidence,
            description: p.description.as_deref(),
        }
    };
    Export::new("data/people.json", analysis.people.len(), record)
}

#[derive(Debug, Serialize)]
pub struct TopicRecord<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    page: String,
    articles: Vec<&'a str>,
    /// Where the topic is mentioned, by article: each article once, with
    /// its sentence indexes (a list of `{article, sentence}` pairs
    /// repeated the article's id for every sentence: 80 MB at 20,000
    /// articles).
    sentences: Vec<SentencesIn<'a>>,
    people: Vec<&'a str>,
    related: Vec<&'a str>,
    description: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct SentencesIn<'a> {
    article: &'a str,
    sentences: Vec<usize>,
}

/// `data/topics.json`: themes, places and organisations.
pub fn topics_json<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
) -> Export<impl Fn(usize) -> TopicRecord<'a> + Sync + 'a> {
    let record = |i: usize| {
        let t = &analysis.topics[i];
        TopicRecord {
            id: &t.id,
            name: &t.name,
            kind: t.kind.as_str(),
            page: super::pages::topic_page_path(&t.id),
            articles: t
                .articles
                .iter()
                .map(|&a| corpus.articles[a].id.as_str())
                .collect(),
            sentences: {
                // In reading order, so each article's sentences are together.
                let mut by_article: Vec<SentencesIn<'_>> = Vec::new();
                for s in &t.sentences {
                    let article = corpus.articles[s.article].id.as_str();
                    match by_article.last_mut() {
                        Some(last) if last.article == article => last.sentences.push(s.sentence),
                        _ => by_article.push(SentencesIn {
                            article,
                            sentences: vec![s.sentence],
                        }),
                    }
                }
                by_article
            },
            people: t
                .people
                .iter()
                .map(|&p| analysis.people[p].id.as_str())
                .collect(),
            related: t
                .related
                .iter()
                .map(|&r| analysis.topics[r].id.as_str())
                .collect(),
            description: t.description.as_deref(),
        }
    };
    Export::new("data/topics.json", analysis.topics.len(), record)
}

#[derive(Debug, Serialize)]
struct ClaimRecord<'a> {
    article: &'a str,
    value: &'a str,
    text: &'a str,
    sentence: usize,
    /// The claim's words within the sentence.
    span: &'a str,
}

#[derive(Debug, Serialize)]
pub struct DisagreementRecord<'a> {
    id: &'a str,
    kind: &'a str,
    subject: &'a str,
    claims: Vec<ClaimRecord<'a>>,
    why: &'a str,
    person: Option<&'a str>,
    editor: Option<&'a str>,
    note: Option<&'a str>,
}

/// `data/disagreements.json`: every disagreement not dismissed by the
/// editor, most important first.
pub fn disagreements_json<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
) -> Export<impl Fn(usize) -> DisagreementRecord<'a> + Sync + 'a> {
    let shown: Vec<&Disagreement> = analysis
        .disagreements
        .iter()
        .filter(|d| !d.is_dismissed())
        .collect();
    let len = shown.len();
    let record = move |i: usize| {
        let d = shown[i];
        DisagreementRecord {
            id: &d.id,
            kind: d.kind.as_str(),
            subject: &d.subject,
            claims: d
                .claims
                .iter()
                .map(|c| {
                    let text = analysis.articles[c.at.article]
                        .sentences
                        .get(c.at.sentence)
                        .map_or("", |s| s.text.as_str());
                    let span = text.get(c.span.0..c.span.1).unwrap_or(text);
                    ClaimRecord {
                        article: &corpus.articles[c.at.article].id,
                        value: &c.value,
                        text,
                        sentence: c.at.sentence,
                        span,
                    }
                })
                .collect(),
            why: &d.why,
            person: d.person.map(|p| analysis.people[p].id.as_str()),
            editor: d.editor.as_ref().map(|e| match e {
                EditorVerdict::Dismissed { .. } => "dismissed",
                EditorVerdict::Confirmed { .. } => "confirmed",
                EditorVerdict::Added { .. } => "added",
            }),
            note: d.editor.as_ref().and_then(|e| match e {
                EditorVerdict::Dismissed { reason } => Some(reason.as_str()),
                EditorVerdict::Confirmed { note } | EditorVerdict::Added { note } => {
                    note.as_deref()
                }
            }),
        }
    };
    Export::new("data/disagreements.json", len, record)
}

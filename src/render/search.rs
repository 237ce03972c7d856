//! The offline search index: `assets/search-index.js`.
//!
//! The index is a script that assigns one global, not a JSON file to fetch,
//! because browsers refuse `fetch()` from `file://` and the site has to
//! search after it is unzipped and double-clicked. To stay small it holds
//! no article text: each document keeps its title, page and a short
//! snippet, and each word (folded to lower case without accents) keeps a
//! list of the documents that contain it, delta-encoded in base 36. The
//! terms are sorted so the page can find every word starting with what the
//! reader typed by a binary search.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::pages::{article_page_path, person_page_path, topic_page_path};
use crate::digest::Digest;
use crate::model::{Analysis, Corpus, OutputFile, Sentence};
use crate::text::{shorten, shorten_words};

/// Words too short or too common to be worth an entry.
fn indexable(word: &str) -> bool {
    word.chars().count() >= 2
        && !matches!(
            word,
            "the"
                | "and"
                | "for"
                | "that"
                | "with"
                | "was"
                | "were"
                | "are"
                | "has"
                | "have"
                | "had"
                | "his"
                | "her"
                | "its"
                | "from"
                | "this"
                | "but"
                | "not"
                | "said"
                | "on"
                | "in"
                | "of"
                | "to"
                | "a"
                | "an"
                | "at"
                | "by"
                | "is"
                | "it"
                | "as"
                | "be"
                | "or"
        )
}

/// The words of a text as the index stores them: lower case, accents
/// removed, split at anything that is not a letter or digit. Words
/// already as stored (most of them) are borrowed, so that reading a
/// document allocates little.
fn search_words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.is_ascii() {
                return if w.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(w.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(w)
                };
            }
            Cow::Owned(
                w.nfkd()
                    .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                    .flat_map(char::to_lowercase)
                    .collect::<String>(),
            )
        })
        .filter(|w| indexable(w))
}

/// One searchable page.
#[derive(Debug, Serialize)]
struct Doc {
    /// "article", "person", "topic" or "disagreement".
    kind: &'static str,
    title: String,
    /// Relative to the site root.
    href: String,
    snippet: String,
}

/// The index is one object, `{docs, terms, postings}`, written in two
/// parts: the documents, and the terms with their postings (kept between
/// rebuilds while no document's words change).
#[derive(Serialize)]
struct DocsPart<'a> {
    /// `[kind, title, href, snippet]` per document: arrays, not objects, to
    /// keep the file small.
    docs: Vec<[&'a str; 4]>,
}

/// What the index is made from, kept from one rebuild to the next
/// (`dossier serve`), only the last build's.
///
/// `articles`: each article's snippet and distinct words, as the index
/// stores them, by the address of its sentences. A rebuild hands an
/// unchanged article the very same shared sentences, and one held here
/// cannot be freed, so its address cannot be given to other text: the
/// same address (and the same title, outlet, byline and date) is the
/// same document. Reading the words of every article again was a tenth
/// of a rebuild, and digesting their text to find them here 9 ms.
///
/// `texts`: the other documents' words (a person, topic or disagreement
/// is a line), by a digest of the line.
///
/// Words are joined by NULs (folding can put a space in a word, never a
/// NUL), one allocation per document, each with a digest of them.
///
/// `blocks`: the terms of each block of [`BLOCK`] documents in a row,
/// with the documents holding each: putting every word of every document
/// in one map was most of the index's time after an edit, which changes
/// one block. Keyed by a digest of the block's place and words.
///
/// `terms`: the terms and postings of the last index as written, with a
/// digest of every document's words in order: an edit that changes a
/// title or a snippet and no word writes the documents again, not them.
#[derive(Debug, Default)]
pub struct Words {
    articles: Mutex<HashMap<usize, KeptArticle>>,
    texts: Mutex<HashMap<u128, DocWords>>,
    blocks: Mutex<HashMap<u128, Arc<TermBlock>>>,
    terms: Mutex<Option<(u128, Arc<str>)>>,
}

/// A document's distinct words joined by NULs, and their digest.
#[derive(Debug, Clone)]
struct DocWords {
    words: Arc<str>,
    digest: u128,
}

impl DocWords {
    fn of(parts: Vec<&str>) -> DocWords {
        // Sorted: the same words are the same string, whatever order the
        // set holds them in.
        let mut words: Vec<Cow<'_, str>> = distinct_words(parts).into_iter().collect();
        words.sort_unstable();
        let mut joined = String::new();
        for w in words {
            if !joined.is_empty() {
                joined.push('\0');
            }
            joined.push_str(&w);
        }
        DocWords {
            digest: crate::digest::of_bytes(joined.as_bytes()),
            words: Arc::from(joined),
        }
    }
}

/// What [`Words::articles`] keeps of an article.
#[derive(Debug)]
struct KeptArticle {
    sentences: Arc<Vec<Sentence>>,
    /// A digest of the other fields the document reads.
    fields: u128,
    snippet: String,
    words: DocWords,
}

/// Documents per block of [`Words::blocks`].
const BLOCK: usize = 256;

/// A block's terms (in no order), each with the documents holding it, in
/// order.
type TermBlock = Vec<(Box<str>, Vec<u32>)>;

/// Builds the index script, taking each document's words from `memo`
/// where its text is unchanged (and leaving this build's in it). With a
/// memo, the index is not built at all when `unchanged` says a digest of
/// its documents and their words is the last build's: most edits change
/// no word the index holds.
pub fn search_index(
    corpus: &Corpus,
    analysis: &Analysis,
    memo: Option<(&Words, &dyn Fn(u128) -> bool)>,
) -> Option<OutputFile> {
    // An article's text is made when its words are read (below), not
    // here: all of them at once were a second copy of the dossier's text.
    let mut docs: Vec<(Doc, DocText)> = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(i, article)| {
            let doc = Doc {
                kind: "article",
                title: article.display_title.clone(),
                href: article_page_path(&article.id),
                snippet: String::new(),
            };
            (doc, DocText::Article(i))
        })
        .collect();
    for p in &analysis.people {
        let roles: Vec<&str> = p.roles.iter().map(|r| r.text.as_str()).collect();
        let variants: Vec<&str> = p.variants.iter().map(|v| v.text.as_str()).collect();
        let mut roles_unique: Vec<&str> = Vec::new();
        for r in &roles {
            if !roles_unique.iter().any(|x| x.eq_ignore_ascii_case(r)) {
                roles_unique.push(r);
            }
        }
        let snippet = if roles_unique.is_empty() {
            let articles: std::collections::BTreeSet<usize> =
                p.mentions.iter().map(|m| m.at.article).collect();
            format!("Named in {} article(s)", articles.len())
        } else {
            shorten(&roles_unique.join("; "), 20)
        };
        docs.push((
            Doc {
                kind: "person",
                title: p.name.clone(),
                href: person_page_path(&p.id),
                snippet,
            },
            DocText::Made(format!(
                "{} {} {}",
                p.name,
                variants.join(" "),
                roles.join(" ")
            )),
        ));
    }
    for t in &analysis.topics {
        docs.push((
            Doc {
                kind: "topic",
                title: t.name.clone(),
                href: topic_page_path(&t.id),
                snippet: format!("{} in {} article(s)", t.kind.as_str(), t.articles.len()),
            },
            DocText::Made(t.name.clone()),
        ));
    }
    for d in &analysis.disagreements {
        let values: Vec<&str> = d.claims.iter().map(|c| &*c.value).collect();
        let mut unique: Vec<&str> = Vec::new();
        for v in values {
            if !unique.contains(&v) {
                unique.push(v);
            }
        }
        docs.push((
            Doc {
                kind: "disagreement",
                title: d.subject.clone(),
                href: format!("disagreements.html#{}", d.id),
                snippet: shorten(&unique.join(" vs "), 25),
            },
            DocText::Made(format!("{} {}", d.subject, unique.join(" "))),
        ));
    }

    if let Some((memo, unchanged)) = memo {
        use std::hash::Hasher;
        let words = remembered_words(corpus, analysis, &mut docs, memo);
        // Every document's words in order, and with the documents.
        let (mut all, mut whole) = (Digest::new(), Digest::new());
        for ((doc, _), w) in docs.iter().zip(&words) {
            all.write_u128(w.digest);
            crate::digest::serialize_into(&mut whole, doc);
            whole.write_u128(w.digest);
        }
        if unchanged(whole.finish128()) {
            return None;
        }
        let words_key = all.finish128();
        let kept = memo
            .terms
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .filter(|(key, _)| *key == words_key);
        let terms = match kept {
            Some((_, terms)) => terms,
            None => {
                let words: Vec<Arc<str>> = words.into_iter().map(|w| w.words).collect();
                let blocks = remembered_blocks(&words, memo);
                // The blocks in order: each term's documents stay in order.
                let mut terms: foldhash::HashMap<&str, Vec<u32>> = Default::default();
                for block in &blocks {
                    for (term, docs) in block.iter() {
                        terms.entry(term).or_default().extend_from_slice(docs);
                    }
                }
                let mut terms: Vec<(&str, Vec<u32>)> = terms.into_iter().collect();
                terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
                Arc::from(terms_json(&terms))
            }
        };
        *memo.terms.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((words_key, Arc::clone(&terms)));
        return Some(script(&docs, &terms));
    }
    // Articles' snippets first (the outlet, the date and the first
    // words), so that the words below can be borrowed from the corpus.
    {
        use rayon::prelude::*;
        docs.par_iter_mut().for_each(|(doc, text)| {
            if let DocText::Article(i) = text {
                doc.snippet = article_snippet(corpus, analysis, *i);
            }
        });
    }
    // Each document's distinct words, found in parallel a chunk at a time;
    // the postings are filled in document order, in a hash map (millions
    // of insertions) sorted by term once at the end. Words are borrowed
    // from the text wherever they are already as stored.
    let mut terms: foldhash::HashMap<Cow<'_, str>, Vec<u32>> = Default::default();
    {
        use rayon::prelude::*;
        const CHUNK: usize = 1024;
        for (c, chunk) in docs.chunks(CHUNK).enumerate() {
            let words: Vec<foldhash::HashSet<Cow<'_, str>>> = chunk
                .par_iter()
                .map(|(_, text)| distinct_words(text_parts(corpus, analysis, text)))
                .collect();
            for (k, doc_words) in words.into_iter().enumerate() {
                let doc = u32::try_from(c * CHUNK + k).expect("fewer than 4 billion pages");
                for w in doc_words {
                    terms.entry(w).or_default().push(doc);
                }
            }
        }
    }
    let mut terms: Vec<(Cow<'_, str>, Vec<u32>)> = terms.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Some(script(&docs, &terms_json(&terms)))
}

/// Each document's distinct words (and each article's snippet, put in
/// its document), from `memo` where the document is the one they were
/// read from; `memo` is left holding exactly these.
fn remembered_words(
    corpus: &Corpus,
    analysis: &Analysis,
    docs: &mut [(Doc, DocText)],
    memo: &Words,
) -> Vec<DocWords> {
    use rayon::prelude::*;
    use std::hash::Hash;
    let articles = std::mem::take(&mut *memo.articles.lock().unwrap_or_else(|e| e.into_inner()));
    let texts = std::mem::take(&mut *memo.texts.lock().unwrap_or_else(|e| e.into_inner()));
    enum Kept {
        Article(usize, KeptArticle),
        Text(u128, DocWords),
    }
    let read: Vec<Kept> = docs
        .par_iter_mut()
        .with_max_len(64)
        .map(|(doc, text)| match text {
            DocText::Article(i) => {
                let article = &corpus.articles[*i];
                let sentences = &analysis.articles[*i].sentences;
                let mut d = Digest::new();
                (
                    &article.display_title,
                    &article.outlet,
                    &article.byline,
                    article.date,
                )
                    .hash(&mut d);
                let fields = d.finish128();
                let at = Arc::as_ptr(sentences) as usize;
                let kept = articles
                    .get(&at)
                    .filter(|k| Arc::ptr_eq(&k.sentences, sentences) && k.fields == fields);
                let (snippet, words) = match kept {
                    Some(k) => (k.snippet.clone(), k.words.clone()),
                    None => (
                        article_snippet(corpus, analysis, *i),
                        DocWords::of(text_parts(corpus, analysis, text)),
                    ),
                };
                doc.snippet.clone_from(&snippet);
                let kept = KeptArticle {
                    sentences: Arc::clone(sentences),
                    fields,
                    snippet,
                    words,
                };
                Kept::Article(at, kept)
            }
            DocText::Made(line) => {
                let key = crate::digest::of_bytes(line.as_bytes());
                let words = texts
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| DocWords::of(vec![line.as_str()]));
                Kept::Text(key, words)
            }
        })
        .collect();
    drop((articles, texts));
    let (mut articles, mut texts) = (HashMap::new(), HashMap::new());
    let words = read
        .into_iter()
        .map(|kept| match kept {
            Kept::Article(at, kept) => {
                let words = kept.words.clone();
                articles.insert(at, kept);
                words
            }
            Kept::Text(key, words) => {
                texts.insert(key, words.clone());
                words
            }
        })
        .collect();
    *memo.articles.lock().unwrap_or_else(|e| e.into_inner()) = articles;
    *memo.texts.lock().unwrap_or_else(|e| e.into_inner()) = texts;
    words
}

/// The terms of each block of [`BLOCK`] documents of `words` (each
/// document's words joined by NULs), from `memo` where the block's place
/// and words are the same (in parallel where not); `memo` is left holding
/// exactly these.
fn remembered_blocks(words: &[Arc<str>], memo: &Words) -> Vec<Arc<TermBlock>> {
    use rayon::prelude::*;
    use std::hash::Hasher;
    let previous = std::mem::take(&mut *memo.blocks.lock().unwrap_or_else(|e| e.into_inner()));
    let blocks: Vec<(u128, Arc<TermBlock>)> = words
        .par_chunks(BLOCK)
        .enumerate()
        .map(|(b, block)| {
            let first = b * BLOCK;
            let mut d = crate::digest::Digest::new();
            d.write_usize(first);
            for w in block {
                d.write(w.as_bytes());
                d.write_u8(0xff); // in no word: UTF-8 never holds it
            }
            let key = d.finish128();
            if let Some(terms) = previous.get(&key) {
                return (key, Arc::clone(terms));
            }
            let mut terms: foldhash::HashMap<&str, Vec<u32>> = Default::default();
            for (k, list) in block.iter().enumerate() {
                let doc = u32::try_from(first + k).expect("fewer than 4 billion pages");
                for w in list.split('\0').filter(|w| !w.is_empty()) {
                    terms.entry(w).or_default().push(doc);
                }
            }
            let terms: TermBlock = terms.into_iter().map(|(t, l)| (t.into(), l)).collect();
            (key, Arc::new(terms))
        })
        .collect();
    drop(previous);
    let next = blocks
        .iter()
        .map(|(key, terms)| (*key, Arc::clone(terms)))
        .collect();
    *memo.blocks.lock().unwrap_or_else(|e| e.into_inner()) = next;
    blocks.into_iter().map(|(_, terms)| terms).collect()
}

/// The terms and postings of the index, as the JSON of its object
/// holds them (`"terms":[…],"postings":[…]`, [`escaped`]): `terms`
/// sorted, each with the documents holding it, in order.
///
/// Written straight into one string, not through serde and a second pass
/// for `</`: a term made of letters and digits only (nearly all of them)
/// needs no escaping at all, and the postings are base-36 digits and dots.
/// (Serialising and escaping the whole was a third of the search index's
/// time in a rebuild.)
fn terms_json<T: AsRef<str>>(terms: &[(T, Vec<u32>)]) -> String {
    let mut out = String::with_capacity(terms.len() * 24 + 32);
    out.push_str("\"terms\":[");
    for (i, (term, _)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let term = term.as_ref();
        if term.chars().all(char::is_alphanumeric) {
            out.push('"');
            out.push_str(term);
            out.push('"');
        } else {
            out.push_str(&escaped(
                &serde_json::to_string(term).expect("a string serialises"),
            ));
        }
    }
    out.push_str("],\"postings\":[");
    for (i, (_, list)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        let mut prev = 0;
        for (k, &d) in list.iter().enumerate() {
            if k > 0 {
                out.push('.');
            }
            push_base36(&mut out, (d - prev) as usize);
            prev = d;
        }
        out.push('"');
    }
    out.push(']');
    out
}

/// JSON with `</` escaped, so that no text can close the script element
/// early.
fn escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 100);
    let mut rest = json;
    while let Some(at) = rest.find("</") {
        out.push_str(&rest[..at]);
        out.push_str("<\\/");
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// A JSON object's members, without its braces.
fn inside_braces(mut json: String) -> String {
    json.pop();
    json.remove(0);
    json
}

/// The index script of `docs`, whose terms and postings are `terms` (as
/// [`terms_json`] writes them).
fn script(docs: &[(Doc, DocText)], terms: &str) -> OutputFile {
    let part = DocsPart {
        docs: docs
            .iter()
            .map(|(d, _)| {
                [
                    d.kind,
                    d.title.as_str(),
                    d.href.as_str(),
                    d.snippet.as_str(),
                ]
            })
            .collect(),
    };
    let docs = escaped(&inside_braces(
        serde_json::to_string(&part).expect("documents serialise"),
    ));
    const START: &str = "window.DOSSIER_SEARCH = ";
    // The object `{docs, terms, postings}`, its parts escaped already (no
    // part ends inside a string, so none can end with the `<` of a `</`).
    let mut bytes = String::with_capacity(START.len() + docs.len() + terms.len() + 5);
    bytes.push_str(START);
    bytes.push('{');
    bytes.push_str(&docs);
    bytes.push(',');
    bytes.push_str(terms);
    bytes.push('}');
    bytes.push_str(";\n");
    OutputFile {
        path: "assets/search-index.js".into(),
        bytes: bytes.into_bytes(),
    }
}

fn text_parts<'a>(corpus: &'a Corpus, analysis: &'a Analysis, text: &'a DocText) -> Vec<&'a str> {
    match text {
        DocText::Made(text) => vec![text.as_str()],
        DocText::Article(i) => article_text(corpus, analysis, *i).collect(),
    }
}

/// The distinct words of a text's parts, as the index stores them.
fn distinct_words(parts: Vec<&str>) -> foldhash::HashSet<Cow<'_, str>> {
    parts.into_iter().flat_map(search_words).collect()
}

/// Where a document's searchable text comes from.
enum DocText {
    /// Article `i`: its title, outlet, byline and every sentence.
    Article(usize),
    /// Already made (people, topics, disagreements: a line each).
    Made(String),
}

/// The snippet of article `i`: the outlet, the date and the first words.
fn article_snippet(corpus: &Corpus, analysis: &Analysis, i: usize) -> String {
    let article = &corpus.articles[i];
    let mut snippet = article.outlet.clone().unwrap_or_default();
    if let Some(d) = article.date {
        if !snippet.is_empty() {
            snippet.push_str(", ");
        }
        snippet.push_str(&d.long());
    }
    if !snippet.is_empty() {
        snippet.push_str(": ");
    }
    let body = analysis.articles[i]
        .sentences
        .iter()
        .flat_map(|s| s.text.split_whitespace());
    snippet.push_str(&shorten_words(body, 30));
    snippet
}

/// The searchable text of article `i`, in parts: title, outlet, byline
/// and each sentence.
fn article_text<'a>(
    corpus: &'a Corpus,
    analysis: &'a Analysis,
    i: usize,
) -> impl Iterator<Item = &'a str> + 'a {
    let article = &corpus.articles[i];
    [
        article.display_title.as_str(),
        article.outlet.as_deref().unwrap_or(""),
        article.byline.as_deref().unwrap_or(""),
    ]
    .into_iter()
    .chain(
        analysis.articles[i]
            .sentences
            .iter()
            .map(|s| s.text.as_str()),
    )
}

/// Appends `n` in base 36 (`0-9a-z`): the postings' gaps, written
/// straight into the term's list.
fn push_base36(out: &mut String, mut n: usize) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    // Most gaps between documents are one digit: a million of them in a
    // large index.
    if n < 36 {
        out.push(char::from(DIGITS[n]));
        return;
    }
    let mut digits = [0u8; 16];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = DIGITS[n % 36];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).expect("ascii"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_filtered() {
        let w: Vec<Cow<str>> = search_words("Frédéric Müller said the OVERSEAS plan").collect();
        assert_eq!(w, ["frederic", "muller", "overseas", "plan"]);
    }

    #[test]
    fn base36_gaps() {
        let base36 = |n: usize| {
            let mut out = String::new();
            push_base36(&mut out, n);
            out
        };
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(36 * 36 * 36 - 1), "zzz");
        assert_eq!(base36(usize::MAX), "3w5e11264sgsf");
    }

    #[test]
    fn terms_are_valid_json_that_cannot_close_the_script() {
        // Folding can leave other characters than letters and digits in
        // a term ("½" is a number; its compatibility form has a slash).
        let terms = [
            ("a\"b</script>", vec![0, 3]),
            ("fe\u{2044}2", vec![1]),
            ("naïve", vec![2, 40]),
            ("plain", vec![0, 1, 2, 3]),
        ];
        let json = terms_json(&terms);
        assert!(!json.contains("</"), "{json}");
        let value: serde_json::Value = serde_json::from_str(&format!("{{{json}}}")).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "terms": ["a\"b</script>", "fe\u{2044}2", "naïve", "plain"],
                "postings": ["0.3", "1", "2.12", "0.1.1.1"],
            })
        );
    }
}

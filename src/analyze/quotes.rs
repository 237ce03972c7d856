//! Direct quotations and who said them.
//!
//! A quotation is found between quotation marks (curly or straight, mixed
//! as scrapers leave them). Its speaker is read from the words around it:
//! after it (`“…,” X said`, `“…,” said X`, `“…,” he said`) or before it
//! in the same sentence (`X said: “…”`, `X called it “…”`). A quotation
//! with no attribution that follows an attributed one in the same
//! paragraph continues it. `he`/`she` is the most recently named person.
//! When none of this applies the quotation stays unattributed: a wrong
//! speaker is worse than none.

use super::lexicon::LEXICON;
use super::people::ResolvedMention;
use super::tokens::tokenize;
use crate::model::{Article, ArticleAnalysis, BlockKind, Person, Quote, SentenceRef};

/// A quotation's place in a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// Byte offset of the opening mark.
    open: usize,
    /// Byte offset just after the closing mark (the block's end if none).
    close: usize,
    inner: (usize, usize),
    closed: bool,
}

/// Finds the quotations in a block of text. `“` always opens and `”`
/// always closes; a straight `"` opens after a space or at the start and
/// closes otherwise.
fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let opening = c == '“'
            || (c == '"'
                && prev
                    .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | ':')));
        let closing = c == '”' || c == '"';
        match open {
            None if opening => open = Some(i),
            Some(o) if closing && !(c == '"' && opening && i == o + 1) => {
                out.push(Span {
                    open: o,
                    close: i + c.len_utf8(),
                    inner: (o + text[o..].chars().next().map_or(1, char::len_utf8), i),
                    closed: true,
                });
                open = None;
            }
            _ => {}
        }
        prev = Some(c);
    }
    if let Some(o) = open {
        out.push(Span {
            open: o,
            close: text.len(),
            inner: (
                o + text[o..].chars().next().map_or(1, char::len_utf8),
                text.len(),
            ),
            closed: false,
        });
    }
    out
}

/// Verbs that attribute quoted words, beyond the plain speech verbs.
const QUOTE_VERBS: [&str; 22] = [
    "saying",
    "stating",
    "adding",
    "telling",
    "noting",
    "writing",
    "warning",
    "insisting",
    "arguing",
    "explaining",
    "called",
    "calls",
    "describing",
    "described",
    "describes",
    "characterized",
    "characterised",
    "according",
    "remarked",
    "tweeting",
    "posting",
    "pledging",
];

fn is_quote_verb(word: &str) -> bool {
    let w = word.to_lowercase();
    LEXICON.is_speech_verb(&w) || QUOTE_VERBS.contains(&w.as_str())
}

fn is_pronoun(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "he" | "she")
}

/// A mention placed in its block: byte range in the block's text.
#[derive(Debug, Clone, Copy)]
struct Placed {
    block: usize,
    start: usize,
    end: usize,
    person: usize,
}

/// What each article's quotations are read with besides the article
/// itself: the roles it gives people and the people it names, gathered
/// once for all articles (looking them up among all of the dossier's for
/// every article was quadratic).
pub struct Context<'a> {
    roles: Vec<Vec<(usize, &'a str)>>,
    mentions: Vec<Vec<&'a ResolvedMention>>,
}

impl<'a> Context<'a> {
    /// The context of each of `articles` articles, from the merged people
    /// and their mentions.
    pub fn new(articles: usize, people: &'a [Person], mentions: &'a [ResolvedMention]) -> Self {
        let mut roles: Vec<Vec<(usize, &str)>> = vec![Vec::new(); articles];
        for (pi, p) in people.iter().enumerate() {
            for r in &p.roles {
                if let Some(list) = roles.get_mut(r.at.article) {
                    list.push((pi, r.text.as_str()));
                }
            }
        }
        let mut mentions_in: Vec<Vec<&ResolvedMention>> = vec![Vec::new(); articles];
        for m in mentions {
            if let Some(list) = mentions_in.get_mut(m.mention.at.article) {
                list.push(m);
            }
        }
        Context {
            roles,
            mentions: mentions_in,
        }
    }

    /// A digest of article `ai`'s context and place: with the article
    /// unchanged, the same digest means the same quotations.
    pub fn digest(&self, ai: usize) -> u128 {
        use std::hash::Hash;
        let mut d = crate::digest::Digest::new();
        ai.hash(&mut d);
        self.roles.get(ai).hash(&mut d);
        let mentions = self.mentions.get(ai).map(Vec::as_slice).unwrap_or_default();
        mentions.len().hash(&mut d);
        for m in mentions {
            let n = &m.mention;
            (m.person, n.at, n.start, n.end, &n.text).hash(&mut d);
        }
        d.finish128()
    }

    /// The quotations of article `ai`, in order.
    pub fn quotes(&self, ai: usize, article: &Article, analysis: &ArticleAnalysis) -> Vec<Quote> {
        quotes_of(ai, article, analysis, &self.roles[ai], &self.mentions[ai])
    }
}

/// The quotations of one article, with their speakers. `roles` are the
/// (person, role as written) the article gives, `mentions` its named
/// people.
fn quotes_of(
    ai: usize,
    article: &Article,
    analysis: &ArticleAnalysis,
    roles: &[(usize, &str)],
    mentions: &[&ResolvedMention],
) -> Vec<Quote> {
    let mut quotes = Vec::new();
    {
        // Role words by person, as this article writes them, for "the
        // governor said".
        let mut titles: Vec<(usize, Vec<String>)> = Vec::new();
        for &(pi, text) in roles {
            let words = text.split_whitespace().map(role_key);
            match titles.iter_mut().find(|(p, _)| *p == pi) {
                Some((_, list)) => list.extend(words),
                None => titles.push((pi, words.collect())),
            }
        }
        titles.sort_by_key(|(pi, _)| *pi);
        titles.retain(|(_, w)| !w.is_empty());
        let placed: Vec<Placed> = mentions
            .iter()
            .map(|m| {
                let s = &analysis.sentences[m.mention.at.sentence];
                Placed {
                    block: s.block,
                    start: s.start + m.mention.start,
                    end: s.start + m.mention.end,
                    person: m.person,
                }
            })
            .collect();
        // The speaker of the last quotation of the previous block, for a
        // quotation that runs on into the next paragraph.
        let mut running: Option<(Option<usize>, bool)> = None;
        for (bi, block) in article.blocks.iter().enumerate() {
            if !block.kind.is_prose() || matches!(block.kind, BlockKind::Heading { .. }) {
                running = None;
                continue;
            }
            let text = &block.text;
            let in_block: Vec<Placed> = placed.iter().copied().filter(|p| p.block == bi).collect();
            let mut previous: Option<Option<usize>> = None;
            for (qi, span) in spans(text).into_iter().enumerate() {
                let inner = text[span.inner.0..span.inner.1]
                    .trim()
                    .trim_end_matches([',', '.', ';', ':'])
                    .trim();
                if inner.is_empty() {
                    continue;
                }
                let sentence = analysis
                    .sentences
                    .iter()
                    .filter(|s| s.block == bi)
                    .find(|s| s.end > span.inner.0)
                    .or_else(|| analysis.sentences.iter().rfind(|s| s.block == bi));
                let Some(sentence) = sentence else { continue };
                let sentence_end = analysis
                    .sentences
                    .iter()
                    .filter(|s| s.block == bi)
                    .find(|s| s.end >= span.close)
                    .map_or(text.len(), |s| s.end);
                let resolve_pronoun = |at: usize| -> Option<usize> {
                    placed
                        .iter()
                        .filter(|p| p.block < bi || (p.block == bi && p.end <= at))
                        .max_by_key(|p| (p.block, p.start))
                        .map(|p| p.person)
                };
                let resolve_title = |word: &str, at: usize| -> Option<usize> {
                    let key = role_key(word);
                    let holders: Vec<usize> = titles
                        .iter()
                        .filter(|(_, w)| w.contains(&key))
                        .map(|(p, _)| *p)
                        .collect();
                    match holders.len() {
                        0 => None,
                        1 => Some(holders[0]),
                        // Several: the one named last before this point.
                        _ => placed
                            .iter()
                            .filter(|p| {
                                holders.contains(&p.person)
                                    && (p.block < bi || (p.block == bi && p.end <= at))
                            })
                            .max_by_key(|p| (p.block, p.start))
                            .map(|p| p.person),
                    }
                };
                let mut speaker = None;
                if span.closed {
                    speaker = after_close(
                        text,
                        span.close,
                        sentence_end,
                        &in_block,
                        &resolve_pronoun,
                        &resolve_title,
                    );
                }
                if speaker.is_none() {
                    speaker =
                        before_open(text, sentence.start, span.open, &in_block, &resolve_pronoun);
                }
                // Continuing the previous quotation in this paragraph, or the
                // one that ran on from the paragraph before: only a quotation
                // that opens its own sentence continues; one inside a sentence
                // belongs to that sentence's subject.
                if speaker.is_none() && span.open <= sentence.start {
                    speaker = match previous {
                        Some(s) => s,
                        None if qi == 0 && span.open == 0 => running
                            .filter(|&(_, open_end)| open_end)
                            .and_then(|(s, _)| s),
                        None => None,
                    };
                }
                previous = Some(speaker);
                running = Some((speaker, !span.closed));
                quotes.push(Quote {
                    at: SentenceRef {
                        article: ai,
                        sentence: sentence.index,
                    },
                    text: inner.into(),
                    speaker,
                });
            }
            if previous.is_none() {
                running = None;
            }
        }
    }
    quotes
}

/// `“…,” X said`, `“…,” said X`, `“…” he said`.
fn after_close(
    text: &str,
    close: usize,
    sentence_end: usize,
    mentions: &[Placed],
    resolve_pronoun: &dyn Fn(usize) -> Option<usize>,
    resolve_title: &dyn Fn(&str, usize) -> Option<usize>,
) -> Option<usize> {
    let end = sentence_end.max(close).min(text.len());
    let window = &text[close..end];
    // The attribution follows at once; another quotation ends it.
    let window = &window[..window.find(['“', '"']).unwrap_or(window.len())];
    let toks = tokenize(window);
    // (The window ends with the sentence, so a period inside it belongs to
    // an abbreviation: "Rep. Don Bacon (R-Neb.) wrote".)
    let words: Vec<_> = toks
        .iter()
        .take_while(|t| !matches!(t.text, "!" | "?" | ";"))
        .take(16)
        .collect();
    let opens_attribution = |t: &&crate::analyze::tokens::Tok<'_>| {
        !t.word
            || is_quote_verb(t.text)
            || t.is_capitalized()
            || is_pronoun(t.text)
            || t.text.eq_ignore_ascii_case("the")
    };
    if words.first().is_some_and(|t| !opens_attribution(t)) {
        return None;
    }
    let verb = words.iter().position(|t| t.word && is_quote_verb(t.text))?;
    let verb_at = close + words[verb].start;
    // The named speaker nearest the verb, within the window.
    let named = mentions
        .iter()
        .filter(|m| m.start >= close && m.start < close + window.len())
        .min_by_key(|m| (m.start as i64 - verb_at as i64).abs());
    if let Some(m) = named {
        return Some(m.person);
    }
    let pronoun = words.iter().take(verb + 2).any(|t| is_pronoun(t.text));
    if pronoun {
        return resolve_pronoun(close);
    }
    // "“…,” the governor said.": the person this article gives that title.
    words
        .windows(2)
        .take(verb + 2)
        .find(|w| w[0].text.eq_ignore_ascii_case("the") && LEXICON.is_role(w[1].text))
        .and_then(|w| resolve_title(w[1].text, close))
}

/// A role word in a comparable form: "Gov." and "governor" alike.
fn role_key(word: &str) -> String {
    let w = word.trim_end_matches(['.', ',', '’', '\'']).to_lowercase();
    let w = w
        .strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .unwrap_or(&w)
        .to_string();
    match w.as_str() {
        "gov" => "governor".into(),
        "sen" => "senator".into(),
        "rep" => "representative".into(),
        "gen" => "general".into(),
        "prof" => "professor".into(),
        "pres" => "president".into(),
        "sgt" => "sergeant".into(),
        "lt" => "lieutenant".into(),
        "capt" => "captain".into(),
        "col" => "colonel".into(),
        _ => w,
    }
}

/// `X said: “…”`, `X told reporters, “…”`, `X called it “…”`, in the same
/// sentence before the quotation.
fn before_open(
    text: &str,
    sentence_start: usize,
    open: usize,
    mentions: &[Placed],
    resolve_pronoun: &dyn Fn(usize) -> Option<usize>,
) -> Option<usize> {
    if open <= sentence_start {
        return None;
    }
    let window = &text[sentence_start..open];
    // Not across another quotation.
    let from = window.rfind(['”', '"']).map_or(0, |i| {
        i + window[i..].chars().next().map_or(1, char::len_utf8)
    });
    let window = &window[from..];
    let base = sentence_start + from;
    let toks = tokenize(window);
    // "According to X, a senior aide to Y, …": X is the source.
    if let Some(k) = toks
        .windows(2)
        .position(|w| w[0].text.eq_ignore_ascii_case("according") && w[1].is("to"))
    {
        let after = base + toks[k + 1].end;
        if let Some(m) = mentions
            .iter()
            .filter(|m| m.start >= after && m.end <= open)
            .min_by_key(|m| m.start)
        {
            return Some(m.person);
        }
    }
    let verb = toks.iter().rposition(|t| t.word && is_quote_verb(t.text))?;
    let verb_at = base + toks[verb].start;
    let named = mentions
        .iter()
        .filter(|m| m.start >= base && m.end <= verb_at)
        .max_by_key(|m| m.start);
    if let Some(m) = named {
        // "… after what the United States described as “…”": the subject
        // just before the verb is something else.
        let subject = toks[..verb].iter().rev().find(|t| {
            !matches!(
                t.text.to_lowercase().as_str(),
                "has" | "have" | "had" | "was" | "is" | "also" | "then" | "later"
            )
        });
        let other_subject = subject.is_some_and(|t| {
            let at = base + t.start;
            t.is_capitalized() && !(at >= m.start && at < m.end) && at > m.end
        });
        if !other_subject {
            return Some(m.person);
        }
        return None;
    }
    // "according to X, … “…”" and "said X: “…”": the name after the verb.
    if let Some(m) = mentions
        .iter()
        .filter(|m| m.start > verb_at && m.end <= open)
        .min_by_key(|m| m.start)
    {
        return Some(m.person);
    }
    let pronoun = toks[..verb]
        .iter()
        .rev()
        .take(3)
        .any(|t| is_pronoun(t.text));
    pronoun.then(|| resolve_pronoun(base)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_spans_mixed_marks() {
        let t = "\"We don't just want to end the war,\" he stated. \"We also want peace.” Done.";
        let s = spans(t);
        assert_eq!(s.len(), 2);
        assert_eq!(
            &t[s[0].inner.0..s[0].inner.1],
            "We don't just want to end the war,"
        );
        assert_eq!(&t[s[1].inner.0..s[1].inner.1], "We also want peace.");
        let t = "He called it “very constructive” and added: “There are tough issues";
        let s = spans(t);
        assert_eq!(s.len(), 2);
        assert!(!s[1].closed);
    }
}

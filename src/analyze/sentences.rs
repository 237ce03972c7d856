//! An article's sentences, numbered across all its prose blocks.

use crate::model::{Article, ArticleAnalysis, BlockKind, Sentence, SentenceRef};
use crate::text::{split_sentences, word_count};

/// An article's own reading before any other: its sentences and its
/// word count.
pub fn read(article: &Article) -> ArticleAnalysis {
    ArticleAnalysis {
        sentences: std::sync::Arc::new(sentences(article)),
        words: article.blocks.iter().map(|b| word_count(&b.text)).sum(),
    }
}

/// Every sentence of the article's prose, numbered from 0 in reading order.
/// Code blocks have none.
pub fn sentences(article: &Article) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (b, block) in article.blocks.iter().enumerate() {
        if !block.kind.is_prose() {
            continue;
        }
        for range in split_sentences(&block.text) {
            out.push(Sentence {
                index: out.len(),
                block: b,
                start: range.start,
                end: range.end,
                text: block.text[range].to_string(),
            });
        }
    }
    out
}

/// Every sentence of running text in article `ai`, in reading order:
/// headings and code are left out, as no finding comes from them.
pub fn article_prose<'a>(
    article: &'a Article,
    analysis: &'a ArticleAnalysis,
    ai: usize,
) -> impl Iterator<Item = (SentenceRef, &'a Sentence)> + 'a {
    analysis
        .sentences
        .iter()
        .filter(move |s| {
            !matches!(
                article.blocks[s.block].kind,
                BlockKind::Heading { .. } | BlockKind::Code { .. }
            )
        })
        .map(move |s| {
            (
                SentenceRef {
                    article: ai,
                    sentence: s.index,
                },
                s,
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind};

    #[test]
    fn numbering_runs_across_blocks() {
        let a = Article {
            id: "a".into(),
            file: "a.txt".into(),
            title: None,
            display_title: "A".into(),
            outlet: None,
            byline: None,
            date: None,
            url: None,
            dateline: None,
            tags: vec![],
            credits: vec![],
            kicker: vec![],
            blocks: vec![
                Block {
                    kind: BlockKind::Paragraph,
                    text: "One. Two.".into(),
                },
                Block {
                    kind: BlockKind::Code { lang: None },
                    text: "x. y.".into(),
                },
                Block {
                    kind: BlockKind::Heading { level: 2 },
                    text: "Three".into(),
                },
            ]
            .into(),
        };
        let s = sentences(&a);
        assert_eq!(
            s.iter()
                .map(|s| (s.index, s.block, s.text.as_str()))
                .collect::<Vec<_>>(),
            vec![(0, 0, "One."), (1, 0, "Two."), (2, 2, "Three")]
        );
        assert_eq!(&a.blocks[0].text[s[1].start..s[1].end], "Two.");
    }
}

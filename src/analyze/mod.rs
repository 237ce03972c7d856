//! Stage 2: find what the articles say.
//!
//! For now this splits every article into sentences; the people, topics,
//! claims and disagreements found later all point back to these sentences,
//! which is what makes every finding on the site explainable.

mod sentences;

use crate::model::{Analysis, ArticleAnalysis, Corpus};

/// Analyses a loaded corpus. The result lists one [`ArticleAnalysis`] per
/// article, in the corpus's order.
pub fn analyze(corpus: &Corpus) -> Analysis {
    Analysis {
        articles: corpus
            .articles
            .iter()
            .map(|a| ArticleAnalysis {
                sentences: sentences::sentences(a),
            })
            .collect(),
    }
}

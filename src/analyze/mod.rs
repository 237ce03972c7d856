//! Stage 2: find what the articles say.
//!
//! Every article is split into sentences first; the people, topics and
//! quotes found afterwards all point back to `(article, sentence)` pairs,
//! which is what makes every finding on the site explainable.

mod disagree;
mod editorial;
mod lexicon;
pub mod names;
pub mod people;
mod quotes;
mod sentences;
mod tokens;
mod topics;

use crate::model::{Analysis, ArticleAnalysis, Corpus};

/// Analyses a loaded corpus.
pub fn analyze(corpus: &Corpus) -> Analysis {
    let articles: Vec<ArticleAnalysis> = corpus
        .articles
        .iter()
        .map(|a| ArticleAnalysis {
            sentences: sentences::sentences(a),
        })
        .collect();
    let found = people::find(corpus, &articles);
    let mut quotes = quotes::find(corpus, &articles, &found.people, &found.mentions);
    let mut people = found.people;
    let mut topics = topics::find(corpus, &articles, &people, &found.things, &found.mentions);
    let warnings = editorial::apply(
        &corpus.entities,
        &articles,
        &mut people,
        &mut topics,
        &mut quotes,
    );
    for (qi, q) in quotes.iter().enumerate() {
        if let Some(p) = q.speaker {
            people[p].quotes.push(qi);
        }
    }
    let mut disagreements = Vec::new();
    disagreements.extend(disagree::roles(&people, &articles));
    disagreements.extend(disagree::quotes(&quotes, &people, &articles));
    disagreements.extend(disagree::spellings(&people, &articles));
    disagreements.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
    let claims = disagreements
        .iter()
        .flat_map(|d| d.claims.iter().cloned())
        .collect();
    Analysis {
        articles,
        people,
        topics,
        quotes,
        claims,
        disagreements,
        warnings,
    }
}

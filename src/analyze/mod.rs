//! Stage 2: find what the articles say.
//!
//! Every article is split into sentences first; the people, topics and
//! quotes found afterwards all point back to `(article, sentence)` pairs,
//! which is what makes every finding on the site explainable.

mod claims;
mod clock;
mod compact;
mod disagree;
mod editorial;
mod lexicon;
pub mod names;
pub mod people;
mod quotes;
mod sentences;
mod tokens;
mod topics;

use crate::model::{Analysis, ArticleAnalysis, Claim, ClaimKind, Corpus, Timings};

/// Analyses a loaded corpus.
pub fn analyze(corpus: &Corpus) -> Analysis {
    let mut t = Timings::default();
    let articles: Vec<ArticleAnalysis> = t.time("analyze: sentences", || {
        use rayon::prelude::*;
        corpus
            .articles
            .par_iter()
            .map(|a| ArticleAnalysis {
                sentences: sentences::sentences(a),
            })
            .collect()
    });
    let found = t.time("analyze: people", || people::find(corpus, &articles));
    let mut quotes = t.time("analyze: quotes", || {
        quotes::find(corpus, &articles, &found.people, &found.mentions)
    });
    let mut people = found.people;
    let mut topics = t.time("analyze: topics", || {
        topics::find(corpus, &articles, &people, &found.things, &found.mentions)
    });
    let started = std::time::Instant::now();
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
    t.0.push(("analyze: editor's corrections", started.elapsed()));
    let started = std::time::Instant::now();
    let mut disagreements = Vec::new();
    disagreements.extend(disagree::roles(&people, &articles));
    disagreements.extend(disagree::quotes(&quotes, &people, &articles));
    disagreements.extend(disagree::spellings(&people, &articles));
    t.0.push(("analyze: roles, quotes, spellings", started.elapsed()));
    let started = std::time::Instant::now();
    // Words too common to say what a figure or date is about.
    let common = claims::common_words(&articles);
    t.0.push(("analyze: common words", started.elapsed()));
    let started = std::time::Instant::now();
    let (times, numbers): (Vec<_>, Vec<_>) =
        claims::number_facts(corpus, &articles, &people, &common)
            .into_iter()
            .partition(|f| f.claim.kind == ClaimKind::Date);
    t.0.push(("analyze: number and time facts", started.elapsed()));
    let started = std::time::Instant::now();
    let subject = |f: &claims::Fact| claims::number_subject(f, &people);
    disagreements.extend(claims::drop_contained(claims::conflicts(
        &numbers,
        ClaimKind::Number,
        &subject,
    )));
    disagreements.extend(claims::drop_contained(claims::conflicts(
        &times,
        ClaimKind::Date,
        &subject,
    )));
    disagreements.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
    t.0.push(("analyze: number and time conflicts", started.elapsed()));
    // Only the claims outlive the comparison: a large dossier has hundreds
    // of thousands of facts, and freeing them before the dates are read
    // keeps the peak memory down.
    let number_claims: Vec<Claim> = numbers.into_iter().chain(times).map(|f| f.claim).collect();
    // Every checkable claim, for "claims only one source makes".
    let dates = t.time("analyze: dates", || {
        claims::date_facts(corpus, &articles, &common)
    });
    t.time("analyze: date conflicts", || {
        disagreements.extend(claims::drop_contained(claims::conflicts(
            &dates,
            ClaimKind::Date,
            &claims::date_subject,
        )))
    });
    let mut warnings = warnings;
    warnings.extend(disagree::apply_verdicts(
        corpus,
        &articles,
        &mut disagreements,
    ));
    disagreements.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
    // Built by moving, in one allocation: at 20,000 articles there are
    // nearly a million claims, and growing the list by doubling while the
    // facts were still alive made the build's peak memory.
    let mut claims: Vec<Claim> = disagreements
        .iter()
        .flat_map(|d| d.claims.iter().cloned())
        .collect();
    claims.reserve_exact(number_claims.len() + dates.len() + quotes.len());
    claims.extend(number_claims);
    claims.extend(dates.into_iter().map(|f| f.claim));
    claims.extend(
        quotes
            .iter()
            .filter(|q| q.text.split_whitespace().count() >= 4)
            .map(|q| Claim {
                kind: ClaimKind::Quote,
                at: q.at,
                value: q.text.clone(),
                span: (0, 0),
                frame: q
                    .speaker
                    .map(|s| people[s].name.clone())
                    .unwrap_or_default(),
                person: q.speaker,
                when: None,
            }),
    );
    Analysis {
        articles,
        people,
        topics,
        quotes,
        claims,
        disagreements,
        warnings,
        timings: t,
    }
}

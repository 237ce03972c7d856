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

/// How many steps [`analyze_with`] reports.
pub const STEPS: usize = 11;

/// Analyses a loaded corpus.
pub fn analyze(corpus: &Corpus) -> Analysis {
    analyze_with(corpus, &|_| {})
}

/// Times the steps and reports each as it ends.
struct Steps<'a> {
    timings: Timings,
    on_step: &'a (dyn Fn(&'static str) + Sync),
}

impl<'a> Steps<'a> {
    fn new(on_step: &'a (dyn Fn(&'static str) + Sync)) -> Steps<'a> {
        Steps {
            timings: Timings::default(),
            on_step,
        }
    }
    fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let out = self.timings.time(name, f);
        (self.on_step)(name);
        out
    }
}

/// [`analyze`], calling `on_step` with the name of each of its [`STEPS`]
/// steps as it ends (from more than one thread: two chains of steps run
/// side by side), for a progress bar.
pub fn analyze_with(corpus: &Corpus, on_step: &(dyn Fn(&'static str) + Sync)) -> Analysis {
    let mut t = Steps::new(on_step);
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
    // Two branches that share nothing but the sentences run side by side,
    // so one's single-threaded merges overlap the other's parallel work:
    // people → quotes, and common words → dates → date conflicts (dates do
    // not depend on who the people are). Topics come after both: their
    // candidates and the date facts at once made the peak memory.
    let (people_branch, dates_branch) = rayon::join(
        || {
            let mut t = Steps::new(on_step);
            let found = t.time("analyze: people", || people::find(corpus, &articles));
            let quotes = t.time("analyze: quotes", || {
                quotes::find(corpus, &articles, &found.people, &found.mentions)
            });
            (found, quotes, t)
        },
        || {
            let mut t = Steps::new(on_step);
            // Words too common to say what a figure or date is about.
            let common = t.time("analyze: common words", || claims::common_words(&articles));
            let dates = t.time("analyze: dates", || {
                claims::date_facts(corpus, &articles, &common)
            });
            let conflicts = t.time("analyze: date conflicts", || {
                claims::drop_contained(claims::conflicts(
                    &dates,
                    ClaimKind::Date,
                    &claims::date_subject,
                ))
            });
            // Only the claims outlive the comparison: the facts' words
            // are freed before the figures are read.
            let dates: Vec<Claim> = dates.into_iter().map(|f| f.claim).collect();
            (common, dates, conflicts, t)
        },
    );
    let (found, mut quotes, people_timings) = people_branch;
    let (common, dates, date_conflicts, dates_timings) = dates_branch;
    t.timings.0.extend(people_timings.timings.0);
    t.timings.0.extend(dates_timings.timings.0);
    let mut people = found.people;
    let mut topics = t.time("analyze: topics", || {
        topics::find(corpus, &articles, &people, &found.things, &found.mentions)
    });
    let warnings = t.time("analyze: editor's corrections", || {
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
        warnings
    });
    let mut disagreements = t.time("analyze: roles, quotes, spellings", || {
        let mut d = disagree::roles(&people, &articles);
        d.extend(disagree::quotes(&quotes, &people, &articles));
        d.extend(disagree::spellings(&people, &articles));
        d
    });
    let (times, numbers): (Vec<_>, Vec<_>) = t.time("analyze: number and time facts", || {
        claims::number_facts(corpus, &articles, &people, &common)
            .into_iter()
            .partition(|f| f.claim.kind == ClaimKind::Date)
    });
    t.time("analyze: number and time conflicts", || {
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
    });
    // Only the claims outlive the comparison: a large dossier has hundreds
    // of thousands of facts.
    let number_claims: Vec<Claim> = numbers.into_iter().chain(times).map(|f| f.claim).collect();
    disagreements.extend(date_conflicts);
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
    claims.extend(dates);
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
        timings: t.timings,
    }
}

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
mod figure_groups;
mod lexicon;
mod lookups;
mod memo;
pub mod names;
pub mod people;
mod quotes;
mod sentences;
mod tokens;
mod topics;

use std::sync::Arc;

use crate::model::{Analysis, ArticleAnalysis, Claim, ClaimKind, Corpus, Timings};
use claims::Fact;
pub use memo::Cache;
use memo::{Readings, Reuse, Tracked};

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
    run(corpus, Reuse::none(corpus), on_step).0
}

/// [`analyze_with`] for a rebuild: each article's own readings are taken
/// from `cache` where the article and what they depend on are unchanged,
/// and this analysis's are left in it for the next (see [`Cache`]). The
/// result is the same as [`analyze`]'s.
pub fn analyze_cached(
    corpus: &Corpus,
    cache: &mut Cache,
    on_step: &(dyn Fn(&'static str) + Sync),
) -> Analysis {
    let reuse = Reuse::from(std::mem::take(cache), corpus);
    let (analysis, next) = run(corpus, reuse, on_step);
    *cache = next;
    analysis
}

/// Where some of an analysis's claims come from: a list of their own, or
/// a range of the last analysis's list, to be moved from there.
enum Claims {
    Own(Vec<Claim>),
    Kept(std::ops::Range<usize>),
}

impl Claims {
    fn len(&self) -> usize {
        match self {
            Claims::Own(list) => list.len(),
            Claims::Kept(range) => range.len(),
        }
    }

    /// Appends them to `out`, moving kept ones out of `kept`.
    fn move_into(self, out: &mut Vec<Claim>, kept: &mut [Option<Claim>]) {
        match self {
            Claims::Own(mut list) => out.append(&mut list),
            Claims::Kept(range) => out.extend(
                kept[range]
                    .iter_mut()
                    .map(|c| c.take().expect("each kept claim is moved once")),
            ),
        }
    }
}

/// One article's facts' claims: the address of the facts, those of the
/// first kind, the others.
type Part = (usize, Claims, Claims);

/// The claims of each article's facts, in order, sorted into those of
/// `first` kind and the others: moved out where no cache shares the
/// facts (so that their words are freed now); where one does, found in
/// the last analysis's list by `kept` (the same facts made the same
/// claims), else copied; in parallel (most of the time is freeing the
/// facts' words, or fetching the claims' shared words to count another
/// holder). Each article's claims are then moved into the analysis's
/// list: a rebuild at 5,000 articles copied its 290,000 claims five
/// times on their way there (25 ms).
fn claims_of(
    facts: Vec<Arc<Tracked<claims::Facts>>>,
    first: ClaimKind,
    kept: Option<&memo::ClaimsLayout>,
) -> Vec<Part> {
    use rayon::prelude::*;
    facts
        .into_par_iter()
        .with_max_len(64)
        .map(|list| {
            let at = Arc::as_ptr(&list) as usize;
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let mut put = |c: Claim| {
                if c.kind == first {
                    a.push(c)
                } else {
                    b.push(c)
                }
            };
            match Arc::try_unwrap(list) {
                Ok(list) => list.value.into_iter().for_each(|f| put(f.claim)),
                Err(shared) => {
                    if let Some((x, y)) = kept.and_then(|k| k.parts.get(&at)) {
                        return (at, Claims::Kept(x.clone()), Claims::Kept(y.clone()));
                    }
                    shared.value.iter().for_each(|f| put(f.claim.clone()))
                }
            }
            (at, Claims::Own(a), Claims::Own(b))
        })
        .collect()
}

/// The analysis, each article read through `reuse` (its own readings
/// from the last analysis where they still hold); returns what to keep for
/// the next one (nothing for a clean build).
fn run(
    corpus: &Corpus,
    mut reuse: Reuse,
    on_step: &(dyn Fn(&'static str) + Sync),
) -> (Analysis, Cache) {
    let (kept_layout, mut kept_list) = match reuse.take_claims() {
        Some((layout, list)) => (Some(layout), list),
        None => (None, Vec::new()),
    };
    let kept_claims = kept_layout.as_ref();
    let last_word_totals = reuse.take_word_totals();
    let mut t = Steps::new(on_step);
    let keep = reuse.keeps();
    let (articles, sentences): (Vec<ArticleAnalysis>, Vec<Arc<ArticleAnalysis>>) =
        t.time("analyze: sentences", || {
            let read = reuse.each(|m| &m.sentences, |ai| sentences::read(&corpus.articles[ai]));
            let articles = read.iter().map(|a| (**a).clone()).collect();
            (articles, if keep { read } else { Vec::new() })
        });
    // Two branches that share nothing but the sentences run side by side,
    // so one's single-threaded merges overlap the other's parallel work:
    // people → quotes, and common words → dates → date conflicts (dates do
    // not depend on who the people are). Topics come after both: their
    // candidates and the date facts at once made the peak memory.
    let (people_branch, dates_branch) = rayon::join(
        || {
            let mut t = Steps::new(on_step);
            let (found, names) = t.time("analyze: people", || {
                let names = reuse.each(
                    |m| &m.names,
                    |ai| people::scan_article(&corpus.articles[ai], &articles[ai], ai),
                );
                // An edit that changes no name leaves the people as
                // they were.
                let found = reuse.again_or(
                    |r| &r.people,
                    reuse.all_same(|m| &m.names, &names),
                    || people::find(&names),
                );
                // A clean build frees the names at once.
                (found, if keep { names } else { Vec::new() })
            });
            // The very finding the last analysis made (an edit that
            // changed no name): what reads only the people is as it was.
            let same_people = reuse
                .results()
                .people
                .as_ref()
                .is_some_and(|p| Arc::ptr_eq(p, &found));
            // The words of the people's names, which topics are never
            // made of, gathered while the quotations are read.
            let ((quotes, kept), topic_context) = rayon::join(
                || {
                    t.time("analyze: quotes", || {
                        let context = quotes::Context::new(
                            corpus.articles.len(),
                            &found.people,
                            &found.mentions,
                        );
                        // The same people make the same context for
                        // every article.
                        let read = reuse.each_keyed(
                            |m| &m.quotes,
                            same_people,
                            |ai| context.digest(ai),
                            |ai| context.quotes(ai, &corpus.articles[ai], &articles[ai]),
                        );
                        let quotes = read
                            .iter()
                            .flat_map(|q| q.value.iter().cloned())
                            .collect::<Vec<_>>();
                        (quotes, if keep { read } else { Vec::new() })
                    })
                },
                || topics::TopicContext::new(corpus, &found.people),
            );
            (found, same_people, quotes, t, (names, kept), topic_context)
        },
        || {
            let mut t = Steps::new(on_step);
            // Words too common to say what a figure or date is about.
            let (common, words, word_totals) = t.time("analyze: common words", || {
                let words = reuse.each(|m| &m.words, |ai| claims::word_counts(&articles[ai]));
                match reuse.word_totals(last_word_totals, &words) {
                    Some(totals) => (totals.common(), words, Some(totals)),
                    None => (claims::common_words(&words), Vec::new(), None),
                }
            });
            let dates = t.time("analyze: dates", || {
                reuse.each_tracked(
                    |m| &m.dates,
                    &reuse.common_changes(&common),
                    |ai, noted| {
                        claims::article_date_facts(
                            &corpus.articles[ai],
                            &articles[ai],
                            &common,
                            noted,
                            ai,
                        )
                    },
                )
            });
            let conflicts = t.time("analyze: date conflicts", || {
                reuse.again_or(
                    |r| &r.date_conflicts,
                    reuse.all_same(|m| &m.dates, &dates),
                    || {
                        let every = |_: &Fact| true;
                        let (found, _) = claims::conflicts(
                            &dates,
                            &every,
                            ClaimKind::Date,
                            &claims::date_subject,
                            None,
                            false,
                        );
                        claims::drop_contained(found)
                    },
                )
            });
            // Only the claims outlive the comparison: the facts' words
            // are freed before the figures are read (unless kept).
            let kept = if keep {
                dates.clone()
            } else {
                Default::default()
            };
            let dates = claims_of(dates, ClaimKind::Date, kept_claims);
            (common, dates, conflicts, t, (words, kept, word_totals))
        },
    );
    let (found, same_people, mut quotes, people_timings, (names, quote_readings), topic_context) =
        people_branch;
    let (common, dates, date_conflicts, dates_timings, (words, date_facts, word_totals)) =
        dates_branch;
    t.timings.0.extend(people_timings.timings.0);
    t.timings.0.extend(dates_timings.timings.0);
    // The people are corrected by the editor below: taken out of the
    // finding when no cache shares it, copied when one does.
    let mut found = found;
    let mut people = match Arc::get_mut(&mut found) {
        Some(f) if !keep => std::mem::take(&mut f.people),
        _ => found.people.clone(),
    };
    let (topics, topic_counts) = t.time("analyze: topics", || {
        let changes = reuse.topic_changes(&topic_context);
        let counts = reuse.each_tracked(
            |m| &m.topics,
            &changes,
            |ai, noted| {
                topics::article_counts(
                    &corpus.articles[ai],
                    &articles[ai],
                    &topic_context,
                    noted,
                    ai,
                )
            },
        );
        let kept = if keep {
            counts.clone()
        } else {
            Default::default()
        };
        // The same candidates in the same context, with the same people
        // (and so the same names of things and mentions), rank into the
        // same topics.
        let unchanged = changes.is_none() && reuse.all_same(|m| &m.topics, &counts) && same_people;
        let topics = reuse.again_or(
            |r| &r.topics,
            unchanged,
            || {
                topics::find(
                    corpus,
                    &topic_context,
                    counts,
                    &found.things,
                    &found.mentions,
                )
            },
        );
        (topics, kept)
    });
    let kept_topics = keep.then(|| Arc::clone(&topics));
    // Corrected by the editor below: moved out where no cache shares them.
    let mut topics = Arc::unwrap_or_clone(topics);
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
    // The words of the people's names, which no figure is about,
    // gathered while the people are compared.
    let ((mut disagreements, quote_pairs), number_context) = rayon::join(
        || {
            t.time("analyze: roles, quotes, spellings", || {
                // Three independent readings of the people, side by side.
                let (mut d, ((quotes, pairs), spellings)) = rayon::join(
                    || disagree::roles(&people, &articles),
                    || {
                        rayon::join(
                            || {
                                // Which quotations are one: found again only when
                                // the quotations changed.
                                let digest = keep.then(|| disagree::quotes_digest(&quotes));
                                let pairs = reuse.again_or(
                                    |r| &r.quote_pairs,
                                    digest.is_some_and(|d| {
                                        reuse
                                            .results()
                                            .quote_pairs
                                            .as_ref()
                                            .is_some_and(|p| p.0 == d)
                                    }),
                                    || (digest.unwrap_or_default(), disagree::quote_pairs(&quotes)),
                                );
                                (
                                    disagree::quotes(&quotes, &pairs.1, &people, &articles),
                                    pairs,
                                )
                            },
                            || disagree::spellings(&people, &articles),
                        )
                    },
                );
                d.extend(quotes);
                d.extend(spellings);
                (d, pairs)
            })
        },
        || claims::NumberContext::new(corpus, &people, &common),
    );
    let (number_facts, ages) = t.time("analyze: number and time facts", || {
        let facts = reuse.each_tracked(
            |m| &m.numbers,
            &reuse.number_changes(&number_context),
            |ai, noted| {
                claims::article_number_facts(
                    &corpus.articles[ai],
                    &articles[ai],
                    &number_context,
                    noted,
                    ai,
                )
            },
        );
        let ages = Tracked {
            value: claims::age_facts(&articles, &people),
            lookups: Box::default(),
        };
        (facts, Arc::new(ages))
    });
    let (number_conflicts, number_units) = t.time("analyze: number and time conflicts", || {
        // The subjects read only the names of people with an age, which
        // the age facts hold: equal facts and ages make equal conflicts,
        // and equal facts of a unit, with equal ages, the unit's cards.
        let last = reuse.results();
        let same_ages = last.ages.as_deref() == Some(&*ages);
        if same_ages && reuse.all_same(|m| &m.numbers, &number_facts) {
            if let Some(found) = &last.number_conflicts {
                return (Arc::clone(found), last.number_units.clone());
            }
        }
        let kept = last.number_units.as_deref().filter(|_| same_ages);
        let mut lists = number_facts.clone();
        lists.push(Arc::clone(&ages));
        let subject = |f: &Fact| claims::number_subject(f, &people);
        // Figures and times of day never meet: compared side by side.
        let ((numbers, number_units), (times, time_units)) = rayon::join(
            || {
                claims::conflicts(
                    &lists,
                    &|f| f.claim.kind != ClaimKind::Date,
                    ClaimKind::Number,
                    &subject,
                    kept.map(|k| &k[0]),
                    keep,
                )
            },
            || {
                claims::conflicts(
                    &lists,
                    &|f| f.claim.kind == ClaimKind::Date,
                    ClaimKind::Date,
                    &subject,
                    kept.map(|k| &k[1]),
                    keep,
                )
            },
        );
        let (numbers, times) = rayon::join(
            || claims::drop_contained(numbers),
            || claims::drop_contained(times),
        );
        (
            Arc::new([numbers, times]),
            keep.then(|| Arc::new([number_units, time_units])),
        )
    });
    // Only the claims outlive the comparison: a large dossier has hundreds
    // of thousands of facts (kept for the next analysis when rebuilding).
    let mut next = keep.then(|| Readings {
        sentences,
        names,
        words,
        dates: date_facts,
        numbers: number_facts.clone(),
        topics: topic_counts,
        quotes: quote_readings,
        common,
        word_totals,
        number_context,
        topic_context,
        results: memo::Results {
            people: Some(Arc::clone(&found)),
            topics: kept_topics,
            date_conflicts: Some(Arc::clone(&date_conflicts)),
            ages: Some(Arc::clone(&ages)),
            number_conflicts: Some(Arc::clone(&number_conflicts)),
            number_units,
            quote_pairs: Some(quote_pairs),
        },
        claims: memo::ClaimsLayout::default(),
    });
    let [numbers, times] = Arc::unwrap_or_clone(number_conflicts);
    disagreements.extend(numbers);
    disagreements.extend(times);
    let number_claims = {
        let mut all = number_facts;
        all.push(ages);
        claims_of(all, ClaimKind::Number, kept_claims)
    };
    disagreements.extend(Arc::unwrap_or_clone(date_conflicts));
    let mut warnings = warnings;
    warnings.extend(disagree::apply_verdicts(
        corpus,
        &articles,
        &mut disagreements,
    ));
    // Most important first, once every card and the editor's verdicts
    // (a confirmed card goes first) are in.
    disagreements.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
    // Built by moving, in one allocation: at 20,000 articles there are
    // nearly a million claims, and growing the list by doubling while the
    // facts were still alive made the build's peak memory. The
    // disagreements' claims, then the figures, the times of day, the
    // dates and the quotations; where each article's figures, times and
    // dates are is kept for the next analysis.
    let prefix: usize = disagreements.iter().map(|d| d.claims.len()).sum();
    let mut claims: Vec<Claim> = Vec::with_capacity(
        prefix
            + number_claims
                .iter()
                .map(|(_, a, b)| a.len() + b.len())
                .sum::<usize>()
            + dates.iter().map(|(_, a, _)| a.len()).sum::<usize>()
            + quotes.len(),
    );
    claims.extend(disagreements.iter().flat_map(|d| d.claims.iter().cloned()));
    let mut figures = Vec::with_capacity(number_claims.len());
    let mut times = Vec::with_capacity(number_claims.len());
    for (at, a, b) in number_claims {
        figures.push((at, a));
        times.push(b);
    }
    let mut layout = memo::ClaimsLayout::default();
    let mut figure_ranges = Vec::with_capacity(figures.len());
    for (at, part) in figures {
        let start = claims.len();
        part.move_into(&mut claims, &mut kept_list);
        figure_ranges.push((at, start..claims.len()));
    }
    for ((at, figures), part) in figure_ranges.into_iter().zip(times) {
        let start = claims.len();
        part.move_into(&mut claims, &mut kept_list);
        layout.parts.insert(at, (figures, start..claims.len()));
    }
    for (at, part, _) in dates {
        let start = claims.len();
        part.move_into(&mut claims, &mut kept_list);
        layout.parts.insert(at, (start..claims.len(), 0..0));
    }
    // A quotation's claim shares its words, and its speaker's name with
    // the speaker's other quotations. Those of the quotations the last
    // analysis had (the very same shared words, in the same sentence,
    // by the same speaker) are moved out of its list, in order: making
    // them again read every quotation's words and counted another holder
    // of them, 5 ms of a rebuild at 5,000 articles, on one thread.
    let nobody: Arc<str> = Arc::from("");
    let names: Vec<Arc<str>> = people.iter().map(|p| Arc::from(p.name.as_str())).collect();
    let kept_quotes = kept_layout.as_ref().map_or(0..0, |l| l.quotes.clone());
    let mut next_kept = kept_quotes.start;
    let quotes_start = claims.len();
    for q in &quotes {
        let frame = q.speaker.map_or(&nobody, |s| &names[s]);
        // The kept claims of articles before this one's are of
        // quotations no longer there.
        while next_kept < kept_quotes.end
            && kept_list[next_kept]
                .as_ref()
                .is_some_and(|c| c.at.article < q.at.article)
        {
            next_kept += 1;
        }
        // The last claim of these very words in this sentence: its
        // words made a claim then, so they make one now.
        let last = kept_list[next_kept..kept_quotes.end]
            .first()
            .and_then(Option::as_ref)
            .filter(|c| c.at == q.at && Arc::ptr_eq(&c.value, &q.text));
        match last {
            Some(c) => {
                let same = c.person == q.speaker && *c.frame == **frame;
                let at = next_kept;
                next_kept += 1;
                if same {
                    claims.push(kept_list[at].take().expect("looked at above"));
                    continue;
                }
            }
            None if q.text.split_whitespace().nth(3).is_none() => continue,
            None => {}
        }
        claims.push(Claim {
            kind: ClaimKind::Quote,
            at: q.at,
            value: Arc::clone(&q.text),
            span: (0, 0),
            frame: Arc::clone(frame),
            person: q.speaker,
            when: None,
        });
    }
    layout.quotes = quotes_start..claims.len();
    // What was not moved (the disagreements' claims, and those of the
    // articles read again) is freed on a thread of its own.
    if !kept_list.is_empty() {
        let _ = std::thread::Builder::new()
            .name("drop".into())
            .spawn(move || drop(kept_list));
    }
    layout.len = claims.len();
    if let Some(next) = &mut next {
        next.claims = layout;
    }
    let analysis = Analysis {
        articles,
        people,
        topics,
        quotes,
        claims,
        disagreements,
        warnings,
        timings: t.timings,
    };
    let cache = match next {
        Some(readings) => reuse.finish(corpus, readings),
        None => Cache::default(),
    };
    (analysis, cache)
}

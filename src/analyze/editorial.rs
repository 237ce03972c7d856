//! Applying the editor's corrections from `content/entities.toml`.
//!
//! The analysis infers; the editor decides. Every inference about people
//! and topics can be overridden: merge two people, split a wrongly merged
//! name off, rename, describe, hide, turn a "person" into a place or
//! organisation, and add topics by keyword. Instructions that match nothing
//! are reported as warnings naming the line.

use std::collections::BTreeSet;

use super::names::fold;
use super::topics::{assign_ids, link_related};
use crate::model::{
    ArticleAnalysis, EntityEdits, Person, Quote, SentenceRef, Topic, TopicKind, Warning,
};
use crate::text::UniqueSlugs;

const FILE: &str = "content/entities.toml";

fn warn(warnings: &mut Vec<Warning>, line: usize, message: String) {
    warnings.push(Warning {
        file: FILE.into(),
        line: Some(line),
        message,
    });
}

/// The person a name designates: its canonical name or any variant.
fn find_person(people: &[Option<Person>], name: &str) -> Option<usize> {
    let key = fold(name);
    people.iter().position(|p| {
        p.as_ref().is_some_and(|p| {
            fold(&p.name) == key || p.variants.iter().any(|v| fold(&v.text) == key)
        })
    })
}

fn find_topic(topics: &[Option<Topic>], name: &str) -> Option<usize> {
    let key = fold(name);
    topics
        .iter()
        .position(|t| t.as_ref().is_some_and(|t| fold(&t.name) == key))
}

/// Applies the edits. Returns warnings for edits that matched nothing.
pub fn apply(
    edits: &EntityEdits,
    sentences: &[ArticleAnalysis],
    people: &mut Vec<Person>,
    topics: &mut Vec<Topic>,
    quotes: &mut [Quote],
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if edits.people.is_empty() && edits.topics.is_empty() {
        return warnings;
    }
    let mut ps: Vec<Option<Person>> = std::mem::take(people).into_iter().map(Some).collect();
    let mut ts: Vec<Option<Topic>> = std::mem::take(topics).into_iter().map(Some).collect();
    // Quote speakers follow people through merges: old index -> new index.
    let mut speaker_of: Vec<Option<usize>> = (0..ps.len()).map(Some).collect();

    for e in &edits.people {
        let Some(pi) = find_person(&ps, &e.name) else {
            warn(
                &mut warnings,
                e.line,
                format!(
                    "no person is called “{}”; check the spelling against the People page",
                    e.name
                ),
            );
            continue;
        };
        for other in &e.merge {
            match find_person(&ps, other) {
                Some(oi) if oi != pi => {
                    let o = ps[oi].take().expect("found");
                    let p = ps[pi].as_mut().expect("found");
                    for v in o.variants {
                        match p.variants.iter_mut().find(|x| x.text == v.text) {
                            Some(x) => {
                                x.articles.extend(v.articles);
                                x.articles.sort_unstable();
                                x.articles.dedup();
                            }
                            None => p.variants.push(v),
                        }
                    }
                    p.mentions.extend(o.mentions);
                    p.roles.extend(o.roles);
                    p.evidence.push(format!(
                        "“{}” merged by the editor ({FILE}, line {})",
                        o.name, e.line
                    ));
                    for s in speaker_of.iter_mut().filter(|s| **s == Some(oi)) {
                        *s = Some(pi);
                    }
                }
                Some(_) => {}
                None => warn(
                    &mut warnings,
                    e.line,
                    format!("cannot merge “{other}”: no person has that name"),
                ),
            }
        }
        if !e.split.is_empty() {
            let p = ps[pi].as_mut().expect("found");
            let keys: BTreeSet<String> = e.split.iter().map(|s| fold(s)).collect();
            let (gone, kept): (Vec<_>, Vec<_>) = p
                .variants
                .drain(..)
                .partition(|v| keys.contains(&fold(&v.text)));
            p.variants = kept;
            if gone.is_empty() {
                warn(
                    &mut warnings,
                    e.line,
                    format!("“{}” has no variant {:?} to split off", e.name, e.split),
                );
            } else {
                let gone_text: BTreeSet<String> = gone.iter().map(|v| fold(&v.text)).collect();
                let (moved, stay): (Vec<_>, Vec<_>) = p
                    .mentions
                    .drain(..)
                    .partition(|m| gone_text.contains(&fold(&m.text)));
                p.mentions = stay;
                let name = gone
                    .iter()
                    .max_by_key(|v| (v.text.split_whitespace().count(), v.articles.len()))
                    .map(|v| v.text.clone())
                    .unwrap_or_default();
                ps.push(Some(Person {
                    id: String::new(),
                    name,
                    variants: gone,
                    mentions: moved,
                    roles: Vec::new(),
                    quotes: Vec::new(),
                    evidence: vec![format!(
                        "split off “{}” by the editor ({FILE}, line {})",
                        e.name, e.line
                    )],
                    description: None,
                }));
            }
        }
        let p = ps[pi].as_mut().expect("found");
        if let Some(r) = &e.rename {
            p.evidence
                .push(format!("named “{r}” by the editor instead of “{}”", p.name));
            p.name = r.clone();
        }
        if let Some(d) = &e.description {
            p.description = Some(d.clone());
        }
        if let Some(kind) = e.kind {
            // Not a person: a topic made of the sentences that name it.
            let p = ps[pi].take().expect("found");
            let at: BTreeSet<SentenceRef> = p.mentions.iter().map(|m| m.at).collect();
            ts.push(Some(Topic {
                id: String::new(),
                name: p.name.clone(),
                kind,
                articles: at
                    .iter()
                    .map(|s| s.article)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                sentences: at.into_iter().collect(),
                people: Vec::new(),
                related: Vec::new(),
                description: p.description.clone(),
            }));
            for s in speaker_of.iter_mut().filter(|s| **s == Some(pi)) {
                *s = None;
            }
        } else if e.hide {
            ps[pi] = None;
            for s in speaker_of.iter_mut().filter(|s| **s == Some(pi)) {
                *s = None;
            }
        }
    }

    for e in &edits.topics {
        let ti = match find_topic(&ts, &e.name) {
            Some(ti) => Some(ti),
            None if !e.keywords.is_empty() => {
                ts.push(Some(Topic {
                    id: String::new(),
                    name: e.name.clone(),
                    kind: e.kind.unwrap_or(TopicKind::Theme),
                    articles: Vec::new(),
                    sentences: Vec::new(),
                    people: Vec::new(),
                    related: Vec::new(),
                    description: None,
                }));
                Some(ts.len() - 1)
            }
            None => None,
        };
        let Some(ti) = ti else {
            warn(
                &mut warnings,
                e.line,
                format!(
                    "no topic is called “{}”; add `keywords` to create it",
                    e.name
                ),
            );
            continue;
        };
        let t = ts[ti].as_mut().expect("found");
        if !e.keywords.is_empty() {
            let mut at: BTreeSet<SentenceRef> = t.sentences.iter().copied().collect();
            let needles: Vec<String> = e.keywords.iter().map(|k| k.to_lowercase()).collect();
            for (ai, a) in sentences.iter().enumerate() {
                for s in a.sentences.iter() {
                    let lower = s.text.to_lowercase();
                    if needles.iter().any(|n| contains_phrase(&lower, n)) {
                        at.insert(SentenceRef {
                            article: ai,
                            sentence: s.index,
                        });
                    }
                }
            }
            if at.is_empty() {
                warn(
                    &mut warnings,
                    e.line,
                    format!("no sentence contains the keywords {:?}", e.keywords),
                );
            }
            t.articles = at
                .iter()
                .map(|s| s.article)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            t.sentences = at.into_iter().collect();
        }
        if let Some(r) = &e.rename {
            t.name = r.clone();
        }
        if let Some(d) = &e.description {
            t.description = Some(d.clone());
        }
        if let Some(k) = e.kind {
            t.kind = k;
        }
        if e.hide {
            ts[ti] = None;
        }
    }

    // Compact and sort, then map quote speakers from old to new places.
    let mut kept: Vec<(usize, Person)> = ps
        .into_iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (i, p)))
        .collect();
    for (_, p) in kept.iter_mut() {
        p.mentions.sort_by_key(|m| (m.at, m.start));
        p.roles.sort_by_key(|r| r.at);
    }
    kept.sort_by(|(_, a), (_, b)| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut final_index: Vec<Option<usize>> = vec![
        None;
        speaker_of.len().max(
            kept.iter().map(|(i, _)| i + 1).max().unwrap_or(0)
        )
    ];
    for (new, (old, _)) in kept.iter().enumerate() {
        final_index[*old] = Some(new);
    }
    for q in quotes.iter_mut() {
        q.speaker = q
            .speaker
            .and_then(|s| speaker_of.get(s).copied().flatten())
            .and_then(|s| final_index.get(s).copied().flatten());
    }
    *people = kept.into_iter().map(|(_, p)| p).collect();
    let mut slugs = UniqueSlugs::default();
    for p in people.iter_mut() {
        p.id = slugs.next(&[&p.name], "person");
    }
    *topics = ts.into_iter().flatten().collect();
    for t in topics.iter_mut() {
        let at: BTreeSet<SentenceRef> = t.sentences.iter().copied().collect();
        let mut counts: Vec<(usize, usize)> = people
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.mentions.iter().filter(|m| at.contains(&m.at)).count()))
            .filter(|&(_, n)| n > 0)
            .collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        t.people = counts.into_iter().map(|(i, _)| i).collect();
    }
    link_related(topics);
    assign_ids(topics);
    warnings
}

/// Whether `haystack` holds `needle` as whole words.
fn contains_phrase(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

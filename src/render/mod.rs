//! Stage 3: turn the corpus and its analysis into the files of the site.
//!
//! Rendering is pure: it reads plain data and returns [`OutputFile`]s in
//! memory; writing them is the next stage's job. Every page is described by
//! a page model (the structs in [`pages`]) that the templates read, so a
//! template override sees the same data as the built-in.
//!
//! Links are always document-relative: a page knows its depth and prefixes
//! `root` (`""` or `"../"`) to every internal link, which is what lets one
//! build work from `file://`, a local server and a GitHub Pages sub-path.

mod cards;
mod coverage;
mod export;
mod fragments;
mod highlight;
mod keys;
mod links;
mod network;
mod pages;
mod print;
mod publish;
mod search;
mod templates;
mod timeline;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::digest::Digest;
use crate::error::Result;
use crate::model::{Analysis, Corpus, OutputFile};

pub use links::broken_links;
pub use pages::{article_page_path, person_page_path, topic_page_path};
pub use templates::{escape_html, Theme};

/// What rendering keeps from one build for the next (`dossier serve`),
/// each part reused only while what it was made from is unchanged: each
/// searchable text's words, the timeline's events, the keys that
/// tell which claims other sources repeat, each article's digest, the
/// HTML of each disagreement card and each entry of the print view, and
/// each record's line of the data export.
#[derive(Debug, Default)]
pub struct Memo {
    words: search::Words,
    events: timeline::Memo,
    claim_keys: pages::ClaimKeys,
    texts: keys::TextDigests,
    cards: fragments::Fragments,
    print: fragments::Fragments,
    timeline: fragments::Fragments,
    /// The lines of `data/people.json`, `topics.json`, `articles.json`.
    people_lines: fragments::Fragments,
    topic_lines: fragments::Fragments,
    article_lines: fragments::Fragments,
}

/// The policy every page carries in a meta tag and `dossier serve` sends
/// as a header: only the site's own scripts, styles and images, no inline
/// script or style, no other origins, no `<base>`, forms only to the site.
/// `'self'` covers `file://` in browsers, so the search works from a zip.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";

/// Renders every page, the stylesheet and the data export, in memory,
/// sorted by path.
pub fn render(corpus: &Corpus, analysis: &Analysis, theme: &Theme) -> Result<Vec<OutputFile>> {
    Ok(render_reusing(corpus, analysis, theme, None)?.0)
}

/// [`render`] for a rebuild: only the files `reuse` does not already
/// have, and how many files the site has in all.
pub fn render_reusing(
    corpus: &Corpus,
    analysis: &Analysis,
    theme: &Theme,
    reuse: Option<&dyn Reuse>,
) -> Result<(Vec<OutputFile>, usize)> {
    let files = std::sync::Mutex::new(Vec::new());
    let count = render_each_reusing(
        corpus,
        analysis,
        theme,
        &|f| {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
            Ok(())
        },
        reuse,
    )?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, count))
}

/// Files the site has besides one per article, person and topic: the
/// home, search, 404, sources, people, network, timeline, print, coverage,
/// disagreements and topics pages, the stylesheet, favicon and scripts,
/// the search index, the four data files and `.nojekyll`.
const FIXED_FILES: usize = 20;

/// How many files [`render_each`] makes, known before it starts, for a
/// progress bar (a test holds it to the files actually made).
pub fn file_count(corpus: &Corpus, analysis: &Analysis) -> usize {
    let publish = if corpus.config.base_url.is_some() {
        2 // sitemap.xml and atom.xml
    } else {
        0
    };
    corpus.articles.len() + analysis.people.len() + analysis.topics.len() + FIXED_FILES + publish
}

/// Where rendered files go, one at a time and from many threads: a
/// `Vec` for [`render`], the staging folder for a build.
pub type Emit<'a> = &'a (dyn Fn(OutputFile) -> Result<()> + Sync);

/// Lets a rebuild skip pages it already has. Before rendering a page
/// from a template, [`render_each_reusing`] works out a digest of
/// everything the template will read (the theme, the page's path and
/// model, the site's settings) and asks [`Reuse::unchanged`]; a template
/// is a pure function of those, so the same digest means the same bytes.
pub trait Reuse: Sync {
    /// Whether the output already holds the page at `path` as rendered
    /// from inputs with digest `inputs`; if so it is neither rendered nor
    /// emitted (it still counts among the files made).
    fn unchanged(&self, path: &str, inputs: u128) -> bool;

    /// What the last build kept for this one, if anything: this build
    /// leaves its own there.
    fn memo(&self) -> Option<&Memo> {
        None
    }

    /// For a page reused by a key of its inputs (see [`keys`]): whether
    /// the page at `path` was last made from inputs with the digest
    /// `inputs` and is still in the output. If so, the digest of the
    /// model it was made from then, which this build keeps for the page
    /// (it is neither made nor rendered). The inputs are noted for the
    /// next build either way.
    fn unchanged_inputs(&self, _path: &str, _inputs: u128) -> Option<u128> {
        None
    }
}

/// Renders every file of the site and hands each to `emit` as soon as it
/// is ready, so that a build of 20,000 articles never holds its 400 MB of
/// pages at once. The order of calls is not fixed; the files are. Returns
/// how many files there were.
pub fn render_each(
    corpus: &Corpus,
    analysis: &Analysis,
    theme: &Theme,
    emit: Emit,
) -> Result<usize> {
    render_each_reusing(corpus, analysis, theme, emit, None)
}

/// [`render_each`] for a rebuild: pages whose inputs `reuse` says the
/// output already holds are not rendered again.
pub fn render_each_reusing(
    corpus: &Corpus,
    analysis: &Analysis,
    theme: &Theme,
    emit: Emit,
    reuse: Option<&dyn Reuse>,
) -> Result<usize> {
    let tera = theme.tera()?;
    // What every page's digest starts from: the templates it may use.
    let theme_digest = reuse.map(|_| {
        let mut d = Digest::new();
        crate::digest::serialize_into(
            &mut d,
            &(&theme.templates, &theme.style, &theme.search_script),
        );
        d
    });
    let memo = reuse.and_then(|r| r.memo());
    let site = pages::SiteView::new(corpus);
    // And the site's settings, which every page reads: digested once, not
    // per page.
    let theme_digest = theme_digest.map(|mut d| {
        crate::digest::serialize_into(&mut d, &site);
        d
    });
    let count = std::sync::atomic::AtomicUsize::new(0);
    // The sitemap lists the pages, so their paths are kept when it is made.
    let pages_made = std::sync::Mutex::new(Vec::new());
    let emit = |f: OutputFile| -> Result<()> {
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if site.base_url.is_some() {
            pages_made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(f.path.clone());
        }
        emit(f)
    };
    // What every template sees of the page at `path`.
    let context = |path: &str| {
        let mut ctx = Context::new();
        ctx.insert("site", &site);
        // GitHub Pages serves 404.html at any depth: its links must be
        // absolute when the site's address is known.
        let root = match (path, &site.base_url) {
            ("404.html", Some(base)) => base.clone(),
            _ => pages::root_for(path),
        };
        ctx.insert("root", &root);
        ctx.insert("page_path", path);
        ctx.insert("nav", &pages::nav(path));
        ctx
    };
    // Each page is rendered on its own, so the many article, person and
    // topic pages are rendered in parallel.
    let render_html = |path: &str, template: &str, page: &dyn erased::Page| -> Result<String> {
        let mut ctx = context(path);
        page.insert_into(&mut ctx);
        tera.render(template, &ctx)
            .map_err(|e| theme.template_error(&e, template))
    };
    // A disagreement card, for the page it is placed on.
    let render_card = |at: cards::Placement, card: &pages::DisagreementView| -> Result<String> {
        let mut ctx = context(at.path);
        ctx.insert("card", card);
        ctx.insert("card_level", &at.level);
        ctx.insert("card_open", &at.open);
        tera.render("card.html", &ctx)
            .map_err(|e| theme.template_error(&e, "card.html"))
    };
    // The digest of what the page at `path` is made from: the theme and
    // the site's settings, its template and path, then its model (when
    // given) and `more` (what the model leaves out, or the key of its
    // inputs). None when not rebuilding, or when the model cannot be
    // serialised (it is rendered, and fails there).
    let digest_of = |path: &str, template: &str, page: Option<&dyn erased::Page>, more: u128| {
        let mut d = theme_digest.as_ref()?.clone();
        let digested = crate::digest::serialize_into(&mut d, &(template, path))
            && page.is_none_or(|p| p.digest_into(&mut d));
        if !digested {
            return None;
        }
        std::hash::Hasher::write_u128(&mut d, more);
        Some(d.finish128())
    };
    // A page the output already holds counts as made.
    let made_before = |path: &str| {
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if site.base_url.is_some() {
            pages_made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_string());
        }
    };
    // Whether the output already holds the page at `path`, made from
    // inputs with the same digest.
    let reused = |path: &str, template: &str, page: &dyn erased::Page, more: u128| -> bool {
        let (Some(reuse), Some(inputs)) = (reuse, digest_of(path, template, Some(page), more))
        else {
            return false;
        };
        let unchanged = reuse.unchanged(path, inputs);
        if unchanged {
            made_before(path);
        }
        unchanged
    };
    let emit_page = |path: String, template: &str, page: &dyn erased::Page| -> Result<()> {
        let html = render_html(&path, template, page)?;
        emit(OutputFile {
            path,
            bytes: html.into_bytes(),
        })
    };
    let page = |path: String, template: &str, page: &dyn erased::Page| -> Result<()> {
        if reused(&path, template, page, 0) {
            return Ok(());
        }
        emit_page(path, template, page)
    };
    // Whether the page at `path` is reused by the key of its inputs (see
    // `keys`), without making its model. `model` makes the model's digest,
    // which debug builds check against the one the page was made from.
    let reused_by_key =
        |path: &str, template: &str, key: Option<u128>, model: &dyn Fn() -> Option<u128>| {
            let inputs = key.and_then(|key| digest_of(path, template, None, key));
            let Some(last) = reuse
                .zip(inputs)
                .and_then(|(reuse, inputs)| reuse.unchanged_inputs(path, inputs))
            else {
                return false;
            };
            if cfg!(debug_assertions) {
                if let Some(now) = model() {
                    assert_eq!(
                        now, last,
                        "{path}: the key of its inputs is the last build's, but its model is not: \
                         the key misses an input (see render::keys)"
                    );
                }
            }
            made_before(path);
            true
        };
    // A page reused by its key; else made, and reused or rendered like
    // any page.
    let keyed = |path: String,
                 template: &str,
                 key: Option<u128>,
                 make: &dyn Fn() -> Box<dyn erased::Page>|
     -> Result<()> {
        let model = || digest_of(&path, template, Some(&*make()), 0);
        if reused_by_key(&path, template, key, &model) {
            return Ok(());
        }
        page(path, template, &*make())
    };
    let card_digest = |at: cards::Placement, card: &pages::DisagreementView| {
        digest_of(at.path, "card.html", Some(card), at.key())
    };
    // An entry of the print view (a person, topic or article).
    let render_entry = |kind: print::Kind, entry: &dyn erased::Page| -> Result<String> {
        let mut ctx = context("print.html");
        entry.insert_as("entry", &mut ctx);
        tera.render(kind.template(), &ctx)
            .map_err(|e| theme.template_error(&e, kind.template()))
    };
    // What many pages read, made before any page, side by side.
    let (events, (highlighter, (lookup, (people_lookup, page_keys)))) = rayon::join(
        || timeline::events_reusing(analysis, memo.map(|m| &m.events)),
        || {
            rayon::join(
                || highlight::Highlighter::for_corpus(corpus),
                || {
                    rayon::join(
                        || pages::ArticleLookup::new(corpus, analysis),
                        || {
                            rayon::join(
                                || pages::PeopleLookup::new(corpus, analysis),
                                || {
                                    reuse.map(|_| {
                                        keys::PageKeys::new(
                                            corpus,
                                            analysis,
                                            memo.map(|m| &m.texts),
                                        )
                                    })
                                },
                            )
                        },
                    )
                },
            )
        },
    );
    // Whether the export file at `path` is unchanged (see `ExportCheck`).
    let export_unchanged = |path: &str, check: ExportCheck| match check {
        ExportCheck::Key(key, bytes) => {
            let model = || digest_of(path, "", Some(&()), bytes());
            reused_by_key(path, "", Some(key), &model)
        }
        // (A clean build has nothing to compare with: the file is not
        // digested.)
        ExportCheck::Bytes(bytes) => reuse.is_some() && reused(path, "", &(), bytes()),
        ExportCheck::Records(records) => reused(path, "", records, 0),
    };
    // The disagreements page's model with its cards, also a chapter of
    // the print view: made once, by whichever of the two jobs asks first.
    // (Made before any page, it kept one thread waiting for the other:
    // its bookkeeping of the claims runs on one.) When making it failed,
    // the first job to ask reports the error and the other nothing.
    type Placing =
        std::result::Result<cards::Placed, std::sync::Mutex<Option<crate::error::Error>>>;
    let placed = std::sync::OnceLock::<Placing>::new();
    let placed = || -> Result<Option<&cards::Placed>> {
        let placing = placed.get_or_init(|| {
            let model = pages::disagreements(corpus, analysis, memo.map(|m| &m.claim_keys));
            cards::place(&model, &render_card, &card_digest, memo.map(|m| &m.cards))
                .map_err(|e| std::sync::Mutex::new(Some(e)))
        });
        match placing {
            Ok(placed) => Ok(Some(placed)),
            Err(failed) => match failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
                Some(e) => Err(e),
                None => Ok(None),
            },
        }
    };
    // The home page's model is also a chapter of the print view: made
    // once, by whichever job asks first.
    let briefing = std::sync::OnceLock::new();
    let briefing = || {
        briefing.get_or_init(|| {
            pages::index(
                corpus,
                analysis,
                &lookup,
                timeline::strip(corpus, analysis, &events.all),
            )
        })
    };
    // Independent pieces of work, run in parallel, longest first (as a
    // rebuild at 5,000 articles times them): each thread takes the next
    // job when it is done with one, so the long single-threaded ones (the
    // disagreements page, the search index, the print view) start at once
    // instead of ending the build, and the many-page jobs, parallel
    // inside, are shared out at the end. The print view comes third: it
    // makes its entries first, then waits for the disagreements page's
    // model, which the first job makes. The timeline's page (a megabyte
    // rendered whenever an edit touches a sentence it shows) comes before
    // the article pages, which the threads share when they are free.
    type Job<'a> = Box<dyn Fn() -> Result<()> + Sync + 'a>;
    let jobs: Vec<Job> = vec![
        Box::new(|| {
            let Some(placed) = placed()? else {
                return Ok(());
            };
            page(
                "disagreements.html".into(),
                "disagreements.html",
                &placed.page,
            )
        }),
        Box::new(|| {
            let unchanged =
                |inputs: u128| reused("assets/search-index.js", "search-index", &(), inputs);
            let words = memo.map(|m| (&m.words, &unchanged as &dyn Fn(u128) -> bool));
            match search::search_index(corpus, analysis, words) {
                Some(file) => emit(file),
                None => Ok(()),
            }
        }),
        Box::new(|| {
            // The whole dossier in one document, its links kept inside it.
            // An entry reads what its page reads: it is kept by its
            // page's key.
            let entry_digest = |kind: print::Kind, i: usize| {
                let keys = page_keys.as_ref()?;
                let key = match kind {
                    print::Kind::Person => keys.person(analysis, i, &people_lookup),
                    print::Kind::Topic => keys.topic(analysis, i),
                    print::Kind::Article => {
                        keys.article(corpus, analysis, i, &lookup, highlighter.is_some())
                    }
                };
                digest_of("print.html", kind.template(), None, key)
            };
            let Some(doc) = print::page(
                corpus,
                analysis,
                briefing(),
                &|| Ok(placed()?.map(|p| &p.print)),
                highlighter.as_ref(),
                &lookup,
                &people_lookup,
                &print::Entries {
                    render: &render_entry,
                    digest: &entry_digest,
                    kept: memo.map(|m| &m.print),
                },
            )?
            else {
                return Ok(());
            };
            // Reused like any page when its model is the last one (an
            // edit to an article it does not hold): the links are made
            // local from the rendered page and the model alone.
            if reused("print.html", "print.html", &doc, 0) {
                return Ok(());
            }
            let html = render_html("print.html", "print.html", &doc)?;
            emit(OutputFile {
                path: "print.html".into(),
                bytes: print::localize_links(&html, &doc).into_bytes(),
            })
        }),
        Box::new(|| {
            // Kept by its key; else made with each event rendered on its
            // own (and kept by its digest), and kept or written like any
            // page.
            let path = "timeline.html";
            let key = page_keys
                .as_ref()
                .and(events.digest)
                .map(|digest| timeline::page_key(corpus, analysis, &events.all, digest));
            let render_event = |event: &timeline::Event| -> Result<String> {
                let mut ctx = context(path);
                ctx.insert("event", event);
                tera.render("timeline-event.html", &ctx)
                    .map_err(|e| theme.template_error(&e, "timeline-event.html"))
            };
            let event_digest =
                |event: &timeline::Event| digest_of(path, "timeline-event.html", Some(event), 0);
            let model = || {
                timeline::place(
                    timeline::page(corpus, analysis, &events.all),
                    &render_event,
                    &event_digest,
                    memo.map(|m| &m.timeline),
                )
            };
            let model_digest = || digest_of(path, path, Some(&model().ok()?), 0);
            if reused_by_key(path, path, key, &model_digest) {
                return Ok(());
            }
            page(path.into(), path, &model()?)
        }),
        Box::new(|| {
            corpus
                .articles
                .par_iter()
                .enumerate()
                .try_for_each(|(i, article)| {
                    let path = article_page_path(&article.id);
                    let parts =
                        || pages::article_parts(corpus, analysis, i, highlighter.as_ref(), &lookup);
                    let key = page_keys
                        .as_ref()
                        .map(|k| k.article(corpus, analysis, i, &lookup, highlighter.is_some()));
                    let model = || {
                        let (view, body) = parts();
                        digest_of(&path, "article.html", Some(&view), body.digest())
                    };
                    if reused_by_key(&path, "article.html", key, &model) {
                        return Ok(());
                    }
                    // The body, most of the page, is written only when
                    // the page is: what it is made from tells whether it
                    // changed.
                    let (mut view, body) = parts();
                    let more = if reuse.is_some() { body.digest() } else { 0 };
                    if reused(&path, "article.html", &view, more) {
                        return Ok(());
                    }
                    view.body = body.html();
                    emit_page(path, "article.html", &view)
                })
        }),
        Box::new(|| {
            analysis
                .topics
                .par_iter()
                .enumerate()
                .try_for_each(|(i, t)| {
                    keyed(
                        pages::topic_page_path(&t.id),
                        "topic.html",
                        page_keys.as_ref().map(|k| k.topic(analysis, i)),
                        &|| Box::new(pages::topic(corpus, analysis, i)),
                    )
                })
        }),
        Box::new(|| {
            analysis
                .people
                .par_iter()
                .enumerate()
                .try_for_each(|(i, p)| {
                    keyed(
                        pages::person_page_path(&p.id),
                        "person.html",
                        page_keys
                            .as_ref()
                            .map(|k| k.person(analysis, i, &people_lookup)),
                        &|| Box::new(pages::person(corpus, analysis, i, &people_lookup)),
                    )
                })
        }),
        Box::new(|| {
            // A person's record is made from part of what their page is.
            let key = |i: usize| Some(page_keys.as_ref()?.person(analysis, i, &people_lookup));
            write_export(
                export::people_json(corpus, analysis),
                page_keys.as_ref().map(|k| k.people_export(analysis)),
                memo.map(|m| (&m.people_lines, &key as _)),
                &export_unchanged,
                &emit,
            )
        }),
        Box::new(|| {
            let key = |i: usize| Some(page_keys.as_ref()?.topic(analysis, i));
            write_export(
                export::topics_json(corpus, analysis),
                page_keys.as_ref().map(keys::PageKeys::topics_export),
                memo.map(|m| (&m.topic_lines, &key as _)),
                &export_unchanged,
                &emit,
            )
        }),
        Box::new(|| {
            page("index.html".into(), "index.html", briefing())?;
            page("search.html".into(), "search.html", &())?;
            page("404.html".into(), "404.html", &())?;
            keyed(
                "sources.html".into(),
                "sources.html",
                page_keys.as_ref().map(keys::PageKeys::sources),
                &|| Box::new(pages::sources(corpus)),
            )
        }),
        Box::new(|| {
            let key = |i: usize| Some(page_keys.as_ref()?.article_record(analysis, i));
            write_export(
                export::articles_json(corpus, analysis),
                page_keys.as_ref().map(keys::PageKeys::articles_export),
                memo.map(|m| (&m.article_lines, &key as _)),
                &export_unchanged,
                &emit,
            )
        }),
        Box::new(|| {
            keyed(
                "people/network.html".into(),
                "network.html",
                page_keys.as_ref().map(keys::PageKeys::network),
                &|| Box::new(network::page(analysis)),
            )
        }),
        Box::new(|| {
            page(
                "coverage.html".into(),
                "coverage.html",
                &coverage::page(corpus, analysis),
            )
        }),
        Box::new(|| {
            write_export(
                export::disagreements_json(corpus, analysis),
                None,
                None,
                &export_unchanged,
                &emit,
            )
        }),
        Box::new(|| {
            page(
                "people/index.html".into(),
                "people.html",
                &pages::people_index(analysis),
            )
        }),
        Box::new(|| {
            page(
                "topics/index.html".into(),
                "topics.html",
                &pages::topics_index(analysis),
            )
        }),
        Box::new(|| {
            let mut style = theme.style.clone();
            if let Some(h) = &highlighter {
                style.push_str(&h.css());
            }
            emit(OutputFile {
                path: "assets/style.css".into(),
                bytes: style.into_bytes(),
            })
        }),
        Box::new(|| emit(publish::nojekyll())),
        Box::new(|| {
            emit(OutputFile {
                path: "assets/favicon.svg".into(),
                bytes: include_bytes!("../../templates/favicon.svg").to_vec(),
            })
        }),
        Box::new(|| {
            emit(OutputFile {
                path: "assets/search.js".into(),
                bytes: theme.search_script.clone().into_bytes(),
            })
        }),
    ];
    let next = std::sync::atomic::AtomicUsize::new(0);
    (0..rayon::current_num_threads().min(jobs.len()))
        .into_par_iter()
        .try_for_each(|_| loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return Ok(());
            };
            if let Err(e) = job() {
                // The others take no new job: the build has failed.
                next.store(jobs.len(), std::sync::atomic::Ordering::Relaxed);
                return Err(e);
            }
        })?;
    let paths = std::mem::take(&mut *pages_made.lock().unwrap_or_else(|e| e.into_inner()));
    if let Some(f) = publish::sitemap(corpus, &paths) {
        emit(f)?;
    }
    if let Some(f) = publish::feed(corpus) {
        emit(f)?;
    }
    // What the pages read is freed while the build goes on: tens of
    // thousands of lists.
    drop(jobs);
    crate::drop_elsewhere((lookup, people_lookup, page_keys));
    Ok(count.load(std::sync::atomic::Ordering::Relaxed))
}

/// What an export file is found unchanged by.
enum ExportCheck<'a> {
    /// The key of what its records are made from, and what makes the
    /// digest of the file's bytes (which debug builds check).
    Key(u128, &'a dyn Fn() -> u128),
    /// What makes the digest of the file's bytes.
    Bytes(&'a dyn Fn() -> u128),
    /// Its records, digested as serde sees them.
    Records(&'a dyn erased::Page),
}

/// Whether the export file at a path is the one the output holds.
type ExportUnchanged<'a> = dyn Fn(&str, ExportCheck) -> bool + 'a;

/// Emits an export file unless `unchanged` finds it so. With a `key` of
/// what its records are made from: by the key, without making them
/// (people.json took 9 ms of a rebuild's processor time to digest); when
/// the key is new, the file is made and then found unchanged by its
/// bytes (its records walked twice, to count and to write, where
/// digesting them first walked them a third time: a new key is most
/// often a new file). Without a key: by its records, digested like a
/// page's model, which is much less work than writing them as JSON.
/// (The records are borrowed, so a walk costs no copies of the text.)
fn write_export<F, T>(
    data: export::Export<F>,
    key: Option<u128>,
    lines: Option<ExportLines>,
    unchanged: &ExportUnchanged,
    emit: Emit,
) -> Result<()>
where
    F: Fn(usize) -> T + Sync,
    T: Serialize,
{
    let path = data.path;
    let make = || match lines {
        Some((kept, key)) => data.file_from(kept, key),
        None => data.file(),
    };
    let Some(key) = key else {
        if unchanged(path, ExportCheck::Records(&data.records())) {
            return Ok(());
        }
        return emit(make());
    };
    let made = std::sync::OnceLock::new();
    let file = || made.get_or_init(make);
    let bytes = || crate::digest::of_bytes(&file().bytes);
    if unchanged(path, ExportCheck::Key(key, &bytes)) {
        return Ok(());
    }
    if unchanged(path, ExportCheck::Bytes(&bytes)) {
        return Ok(());
    }
    emit(made.into_inner().expect("made above"))
}

/// An export file's lines kept from the last build, and the key of what
/// each record is made from (see [`export::Export::file_from`]).
type ExportLines<'a> = (
    &'a fragments::Fragments,
    &'a (dyn Fn(usize) -> Option<u128> + Sync),
);

/// Lets one closure render pages of different model types.
mod erased {
    use super::*;

    pub trait Page {
        fn insert_into(&self, ctx: &mut Context) {
            self.insert_as("page", ctx);
        }
        /// Inserts the model by another name (a piece of a page sees it
        /// as what it is: `entry`).
        fn insert_as(&self, name: &str, ctx: &mut Context);
        /// Writes the model, as the template will see it, into a digest;
        /// false if it cannot be written.
        fn digest_into(&self, digest: &mut Digest) -> bool;
    }

    impl<T: Serialize> Page for T {
        fn insert_as(&self, name: &str, ctx: &mut Context) {
            ctx.insert(name, self);
        }
        fn digest_into(&self, digest: &mut Digest) -> bool {
            crate::digest::serialize_into(digest, self)
        }
    }
}

//! dossier turns a folder of news articles about one story into a
//! briefing website: a clean page per article, and (as the analysis grows)
//! pages for the people and topics involved and for the points on which
//! the sources disagree.
//!
//! The work is one pipeline of plain data, each stage a module with one
//! entry point:
//!
//! ```text
//! load::load ──Corpus──▶ analyze::analyze ──Analysis──▶ render::render_each ──OutputFile…──▶ write::Staging
//! ```
//!
//! A build streams each rendered file into the staging folder, so memory
//! does not grow with the size of the site; `generate` collects the files
//! in memory instead (`render::render`).
//!
//! Every stage but the last is pure apart from reading input, so a test can
//! run the pipeline up to any point and look at the values in between. See
//! `ARCHITECTURE.md` for the map.

pub mod analyze;
pub mod config;
pub mod date;
pub mod digest;
pub mod error;
pub mod load;
pub mod model;
pub mod render;
pub mod serve;
pub mod text;
pub mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use error::{Error, Result};
use model::{Analysis, Corpus, OutputFile, Timings, Warning};

/// What a build or check produced, for the one-line summary.
#[derive(Debug, Clone)]
pub struct Report {
    pub articles: usize,
    pub outlets: usize,
    pub sentences: usize,
    pub files: usize,
    /// Files written or deleted: all of them for a build, only those
    /// whose bytes changed for a [`Rebuilder`]'s later builds.
    pub changed: usize,
    /// Pages a [`Rebuilder`] did not render again because nothing they
    /// show changed (0 for a build).
    pub reused: usize,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
    /// Time per stage, in order; analysis steps are named `analyze: …`.
    pub timings: Timings,
    /// Where the site was written; `None` for a check.
    pub output: Option<PathBuf>,
}

/// The site, fully rendered in memory.
#[derive(Debug)]
pub struct Site {
    pub corpus: Corpus,
    pub analysis: Analysis,
    pub files: Vec<OutputFile>,
    /// Time per stage (and per analysis step), for `--timings`.
    pub timings: Timings,
}

/// Runs `load → analyze → render` on the dossier at `root`, writing nothing.
pub fn generate(root: &Path) -> Result<Site> {
    generate_with(root, &|_| {})
}

/// Where a build is: the stage, and within it how much of how much is
/// done (`total` 0 when that is not counted), for a progress bar; the
/// library prints nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'a> {
    pub stage: &'a str,
    pub done: usize,
    pub total: usize,
}

/// Called as a build goes: at the start of each stage, after each
/// analysis step, and after each file is written. Called from several
/// threads at once; `done` can arrive out of order.
pub type Progress<'a> = &'a (dyn Fn(Step<'_>) + Sync);

/// Reports the start of an uncounted stage.
fn stage(progress: Progress, name: &str) {
    progress(Step {
        stage: name,
        done: 0,
        total: 0,
    });
}

/// A counted stage: reported when made, then once more per [`tick`]
/// (from any thread).
///
/// [`tick`]: Counted::tick
struct Counted<'a> {
    progress: Progress<'a>,
    stage: &'a str,
    total: usize,
    done: std::sync::atomic::AtomicUsize,
}

impl<'a> Counted<'a> {
    fn start(progress: Progress<'a>, stage: &'a str, total: usize) -> Counted<'a> {
        progress(Step {
            stage,
            done: 0,
            total,
        });
        Counted {
            progress,
            stage,
            total,
            done: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        (self.progress)(Step {
            stage: self.stage,
            done,
            total: self.total,
        });
    }
}

/// [`generate`], reporting each stage to `progress`.
pub fn generate_with(root: &Path, progress: Progress) -> Result<Site> {
    let mut timings = Timings::default();
    let (corpus, analysis) = load_and_analyze(root, progress, &mut timings)?;
    stage(progress, "rendering pages");
    let files = timings.time("render", || {
        let theme = render::Theme::load(root)?;
        render::render(&corpus, &analysis, &theme)
    })?;
    Ok(Site {
        corpus,
        analysis,
        files,
        timings,
    })
}

/// Load (through `cache` when there is one) and analysis, timed.
/// What a [`Rebuilder`] keeps between builds: each file's parse and each
/// article's own readings.
#[derive(Default)]
struct Caches {
    load: load::Cache,
    analysis: analyze::Cache,
}

fn load_and_analyze(
    root: &Path,
    progress: Progress,
    timings: &mut Timings,
) -> Result<(Corpus, Analysis)> {
    let corpus = load_stage(root, None, progress, timings)?;
    let analysis = analyze_stage(&corpus, None, progress, timings);
    Ok((corpus, analysis))
}

fn load_stage(
    root: &Path,
    cache: Option<&mut load::Cache>,
    progress: Progress,
    timings: &mut Timings,
) -> Result<Corpus> {
    stage(progress, "reading articles");
    match cache {
        Some(cache) => timings.time("load", || load::load_cached(root, cache)),
        None => timings.time("load", || load::load(root)),
    }
}

fn analyze_stage(
    corpus: &Corpus,
    cache: Option<&mut analyze::Cache>,
    progress: Progress,
    timings: &mut Timings,
) -> Analysis {
    let what = format!("analysing {} articles", corpus.articles.len());
    let steps = Counted::start(progress, &what, analyze::STEPS);
    let started = Instant::now();
    let on_step = |_: &'static str| steps.tick();
    let mut analysis = match cache {
        Some(cache) => analyze::analyze_cached(corpus, cache, &on_step),
        None => analyze::analyze_with(corpus, &on_step),
    };
    timings.0.push(("analyze", started.elapsed()));
    timings.0.append(&mut analysis.timings.0);
    analysis
}

/// `mi_option_purge_delay` in mimalloc.h (between `eager_commit_delay`,
/// 14, and `use_numa_nodes`, 16, which the bindings name).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// `mi_option_page_full_retain` in mimalloc 3's mimalloc.h (the 37th,
/// after `page_reclaim_on_free`; the bindings do not name it).
const MI_OPTION_PAGE_FULL_RETAIN: libmimalloc_sys::mi_option_t = 36;

/// What a process that calls [`tune_allocator`] will do: the allocator
/// is tuned for a single build's peak memory, or for a dev server's
/// repeated rebuilds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// One build (or zip, or check), then exit.
    Build,
    /// Serve: a first build, then a rebuild after each edit.
    Serve,
}

/// Settings for mimalloc, for a binary that makes it the global
/// allocator (the `dossier` command and the rebuild example do): call it
/// first in `main`, before any other thread starts. The library itself
/// does not choose an allocator.
///
/// For a build, memory freed by one step goes back to the system after
/// 100 ms instead of mimalloc's 10: a step that frees hundreds of
/// megabytes and the next that allocates as much again mostly reuse the
/// same pages, where a shorter delay gave them back and had the kernel
/// fault in and zero them again (a tenth of the processor time). What
/// stays unused for longer still goes back, so the peak stays under
/// 1 GiB; a longer delay came close to it. Measured on 20,000 articles
/// (peak memory, one to four runs) and 10,000 (hyperfine, 5 runs, two
/// sessions):
///
/// | delay | 20k peak | 10k time |
/// |---|---:|---:|
/// | 1 ms | 0.81 GB | 5.83 s, 6.10 s |
/// | 100 ms | 0.88–0.93 GB | 5.42 s |
/// | 300 ms | 0.91–0.99 GB | 5.46 s, 5.40 s |
/// | 1 s | 1.05 GB | |
///
/// A dev server never gives it back: every rebuild allocates again what
/// the last one freed, and memory the system has taken back must be
/// faulted in and zeroed page by page, which was a fifth of a rebuild's
/// processor time (5,000 articles, `case` edit: median 490 → 376 ms,
/// processor time 870 → 676 ms; 20,000 articles: 2.1 → 1.2 s). What it
/// keeps is what its largest rebuild used: serve's peak at 20,000
/// articles, 1.76 → 1.93 GB.
///
/// And no full pages are kept back per size class: by default each thread
/// retains two, and a build whose figures are allocated on the worker
/// threads and freed on the main thread peaked anywhere between 0.79 and
/// 1.05 GB at 20,000 articles, depending on how the work was shared; with
/// none retained it is 0.79 GB every time, at the same speed (a single
/// thread, which frees where it allocates, gives 0.78).
pub fn tune_allocator(workload: Workload) {
    let purge_delay_ms = match workload {
        Workload::Build => 100,
        Workload::Serve => -1,
    };
    // SAFETY: sets plain integer options; called before any other thread
    // exists (the caller's promise).
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, purge_delay_ms);
        libmimalloc_sys::mi_option_set(MI_OPTION_PAGE_FULL_RETAIN, 0);
    }
}

/// The default output folder of a dossier.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}

/// Builds the dossier at `root` into `output` (default `root/public`).
/// On any error the previous output is left as it was.
pub fn build(root: &Path, output: Option<&Path>) -> Result<Report> {
    build_with(root, output, &|_| {})
}

/// [`build`], reporting each stage to `progress`. Pages are written as
/// they are rendered, into a staging folder that replaces the output at
/// the end, so the whole site is never in memory at once.
pub fn build_with(root: &Path, output: Option<&Path>, progress: Progress) -> Result<Report> {
    let started = Instant::now();
    let output = output.map_or_else(|| default_output(root), Path::to_path_buf);
    write::check_output_dir(&output, root)?;
    write::recover(&output);
    let mut timings = Timings::default();
    let (corpus, analysis) = load_and_analyze(root, progress, &mut timings)?;
    let pages = Counted::start(
        progress,
        "writing pages",
        render::file_count(&corpus, &analysis),
    );
    let theme = render::Theme::load(root)?;
    let files = timings.time("render + write", || -> Result<usize> {
        let staging = write::Staging::new(&output)?;
        let files = render::render_each(&corpus, &analysis, &theme, &|f| {
            staging.write(&f)?;
            pages.tick();
            Ok(())
        })?;
        staging.finish()?;
        Ok(files)
    })?;
    let report = report(&corpus, &analysis, files, timings, started, Some(output));
    drop_elsewhere((corpus, analysis, theme));
    Ok(report)
}

/// Frees `value` on a thread of its own. What a build read and worked
/// out is hundreds of thousands of small allocations (a fifth of a second
/// to free at 10,000 articles): the command need not wait for that before
/// it exits, nor `dossier serve` before it reloads the browser. A thread
/// that cannot be started frees it here.
pub(crate) fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

/// Builds one dossier again and again, as `dossier serve` does after each
/// edit. Article files whose size and modification time are unchanged are
/// not read again, nor parsed again while their bytes are unchanged; when
/// nothing the build reads changed and the output holds what the last
/// build wrote, the build ends there; each article's readings, the dossier-wide
/// results and each page are reused only while everything they are made
/// from is unchanged (by digest or equality), and the compiled templates
/// while the template files are; only the output files whose bytes
/// changed are written (the rest are left untouched, links and all). So
/// the output is byte-identical to a clean [`build`] of the same input.
pub struct Rebuilder {
    root: PathBuf,
    output: PathBuf,
    cache: Caches,
    /// What the output holds, when this process wrote it last and the
    /// write finished; otherwise the next build replaces the whole site.
    written: Option<write::Written>,
    /// The digest of each page's inputs at the last build that finished
    /// (see `render::Reuse`).
    pages: HashMap<String, PageDigests>,
    /// What rendering keeps for the next build.
    memo: render::Memo,
    /// The theme of the last build, kept with its compiled templates
    /// while the dossier's template files stay the same.
    theme: Option<render::Theme>,
    /// What the last build that finished read besides the articles, and
    /// its report.
    last: Option<LastBuild>,
}

struct LastBuild {
    editor: Editor,
    report: Report,
}

/// What a dossier's build reads besides the articles and the templates:
/// the settings, the editor's corrections and verdicts, and the warnings
/// they gave.
#[derive(PartialEq)]
struct Editor {
    config: config::Config,
    entities: model::EntityEdits,
    verdicts: Vec<model::VerdictEdit>,
    warnings: Vec<Warning>,
}

impl Editor {
    fn of(corpus: &Corpus) -> Editor {
        Editor {
            config: corpus.config.clone(),
            entities: corpus.entities.clone(),
            verdicts: corpus.verdicts.clone(),
            warnings: corpus.warnings.clone(),
        }
    }
}

/// A [`Rebuilder`]'s `render::Reuse`: a page is unchanged when its
/// inputs are the last build's and the output still holds the file that
/// build wrote (which the update then keeps).
struct PageReuse<'a> {
    last: &'a HashMap<String, PageDigests>,
    memo: &'a render::Memo,
    update: Option<&'a write::Update>,
    now: std::sync::Mutex<HashMap<String, PageDigests>>,
    reused: std::sync::atomic::AtomicUsize,
}

/// What a page was last made from: the digest of its model, and of the
/// key of its inputs for a page reused by one (see `render::keys`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct PageDigests {
    model: Option<u128>,
    key: Option<u128>,
}

impl PageReuse<'_> {
    /// Notes what the page at `path` is made from in this build.
    fn note(&self, path: &str, set: impl FnOnce(&mut PageDigests)) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        match now.get_mut(path) {
            Some(d) => set(d),
            None => {
                let mut d = PageDigests::default();
                set(&mut d);
                now.insert(path.to_string(), d);
            }
        }
    }
}

impl<'a> PageReuse<'a> {
    fn new(
        last: &'a HashMap<String, PageDigests>,
        memo: &'a render::Memo,
        update: Option<&'a write::Update>,
    ) -> Self {
        PageReuse {
            last,
            memo,
            update,
            now: Default::default(),
            reused: Default::default(),
        }
    }

    /// Every page's inputs as of this build, and how many pages were
    /// reused.
    fn finish(self) -> (HashMap<String, PageDigests>, usize) {
        (
            self.now.into_inner().unwrap_or_else(|e| e.into_inner()),
            self.reused.into_inner(),
        )
    }
}

impl render::Reuse for PageReuse<'_> {
    fn unchanged(&self, path: &str, inputs: u128) -> bool {
        self.note(path, |d| d.model = Some(inputs));
        let reused = self.last.get(path).and_then(|d| d.model) == Some(inputs)
            && self.update.is_some_and(|u| u.keep(path));
        if reused {
            self.reused
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        reused
    }

    fn memo(&self) -> Option<&render::Memo> {
        Some(self.memo)
    }

    fn unchanged_inputs(&self, path: &str, inputs: u128) -> Option<u128> {
        let last = self.last.get(path);
        let model = last
            .filter(|d| d.key == Some(inputs))
            .and_then(|d| d.model)
            .filter(|_| self.update.is_some_and(|u| u.keep(path)));
        self.note(path, |d| {
            d.key = Some(inputs);
            d.model = model;
        });
        if model.is_some() {
            self.reused
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        model
    }
}

impl Rebuilder {
    pub fn new(root: &Path, output: &Path) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            cache: Caches::default(),
            written: None,
            pages: HashMap::new(),
            memo: Default::default(),
            theme: None,
            last: None,
        }
    }

    /// Builds, writing what changed. On an error the output is left as
    /// it was: nothing is written until every page has been rendered.
    pub fn build(&mut self) -> Result<Report> {
        self.build_inner(None)
    }

    /// [`build`](Self::build) told which files changed since the last
    /// build, as a file watcher reports them (absolute, or relative to
    /// the working folder like the dossier's root): the article folder is
    /// not walked again, nor the article files not named looked at, when
    /// every change named is to a plain file. Every change must be named.
    /// The output is the same as `build`'s.
    pub fn build_after(&mut self, changed: &[PathBuf]) -> Result<Report> {
        let content = self.root.join(load::CONTENT_DIR);
        let canonical = content.canonicalize().ok();
        // Under `content/`, relative to it; templates and settings are
        // read by every build anyway. A path elsewhere in the dossier is
        // no article; one that cannot be placed, a walk of the folder.
        let mut under = Vec::new();
        for path in changed {
            let rel = path
                .strip_prefix(&content)
                .ok()
                .or_else(|| path.strip_prefix(canonical.as_ref()?).ok());
            match rel {
                Some(rel) => under.push(rel.to_path_buf()),
                None if path.starts_with(&self.root) => {}
                None if canonical
                    .as_ref()
                    .and_then(|c| c.parent())
                    .is_some_and(|root| path.starts_with(root)) => {}
                None => return self.build_inner(None),
            }
        }
        self.build_inner(Some(&under))
    }

    fn build_inner(&mut self, changed: Option<&[PathBuf]>) -> Result<Report> {
        let started = Instant::now();
        write::check_output_dir(&self.output, &self.root)?;
        let mut timings = Timings::default();
        // Kept again only by a build that finishes, or finds nothing to do.
        let last = self.last.take();
        let corpus = timings.time("load", || match changed {
            Some(changed) => load::load_cached_after(&self.root, &mut self.cache.load, changed),
            None => load::load_cached(&self.root, &mut self.cache.load),
        })?;
        let (theme, same_theme) = match (render::Theme::load(&self.root)?, self.theme.take()) {
            (loaded, Some(last)) if last.same_source(&loaded) => (last, true),
            (loaded, _) => (loaded, false),
        };
        // Nothing changed since the last build (a file saved as it was, or
        // touched), and the output still holds what it wrote: there is
        // nothing to do.
        let editor = Editor::of(&corpus);
        if let Some(last) = last.filter(|last| {
            same_theme
                && self.cache.load.unchanged()
                && last.editor == editor
                && self
                    .written
                    .as_ref()
                    .is_some_and(|w| w.present_in(&self.output))
        }) {
            let mut report = last.report.clone();
            report.elapsed = started.elapsed();
            report.timings = timings;
            report.changed = 0;
            report.reused = report.files;
            self.theme = Some(theme);
            self.last = Some(last);
            drop_elsewhere(corpus);
            return Ok(report);
        }
        let analysis = analyze_stage(
            &corpus,
            Some(&mut self.cache.analysis),
            &|_| {},
            &mut timings,
        );
        let previous = self.written.take().filter(|_| self.output.is_dir());
        let last_pages = std::mem::take(&mut self.pages);
        let (files, changed, written, pages) = match previous {
            Some(previous) => {
                let update = write::Update::new(&self.output, previous);
                let reuse = PageReuse::new(&last_pages, &self.memo, Some(&update));
                let (files, count) = timings.time("render", || {
                    render::render_reusing(&corpus, &analysis, &theme, Some(&reuse))
                })?;
                let pages = reuse.finish();
                timings.time("write", || -> Result<_> {
                    use rayon::prelude::*;
                    files.par_iter().try_for_each(|f| update.write(f))?;
                    let (written, changed) = update.finish()?;
                    Ok((count, changed, written, pages))
                })?
            }
            None => timings.time("render + write", || -> Result<_> {
                write::recover(&self.output);
                let staging = write::Staging::new(&self.output)?;
                let digests = std::sync::Mutex::new(Vec::new());
                // Nothing to reuse, but each page's inputs are noted for
                // the next build.
                let reuse = PageReuse::new(&last_pages, &self.memo, None);
                let files = render::render_each_reusing(
                    &corpus,
                    &analysis,
                    &theme,
                    &|f| {
                        let d = write::file_digest(&f);
                        staging.write(&f)?;
                        digests.lock().unwrap_or_else(|e| e.into_inner()).push(d);
                        Ok(())
                    },
                    Some(&reuse),
                )?;
                staging.finish()?;
                let digests = digests.into_inner().unwrap_or_else(|e| e.into_inner());
                Ok((files, files, write::written_of(&digests), reuse.finish()))
            })?,
        };
        let (pages, reused) = pages;
        self.pages = pages;
        self.written = Some(written);
        let mut report = report(
            &corpus,
            &analysis,
            files,
            timings,
            started,
            Some(self.output.clone()),
        );
        report.changed = changed;
        report.reused = reused;
        self.theme = Some(theme);
        self.last = Some(LastBuild {
            editor,
            report: report.clone(),
        });
        // The next analysis moves the claims it reuses out of this list.
        let mut analysis = analysis;
        self.cache
            .analysis
            .keep_claims(std::mem::take(&mut analysis.claims));
        drop_elsewhere((corpus, analysis));
        Ok(report)
    }
}

/// The name of the zip's top folder: the dossier's title as a slug, or
/// the dossier folder's name when the title is the default.
pub fn zip_folder_name(root: &Path, corpus: &Corpus) -> String {
    let title = if corpus.config.title == config::Config::default().title {
        root.canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| corpus.config.title.clone())
    } else {
        corpus.config.title.clone()
    };
    let slug = text::slugify(&title, 60);
    if slug.is_empty() {
        "dossier".into()
    } else {
        slug
    }
}

/// Builds the dossier at `root` and packs the site into a zip at `output`
/// (default `root/NAME.zip`), with one top folder named after the dossier.
pub fn zip(root: &Path, output: Option<&Path>) -> Result<Report> {
    let started = Instant::now();
    let site = generate(root)?;
    let top = zip_folder_name(root, &site.corpus);
    let path = output.map_or_else(|| root.join(format!("{top}.zip")), Path::to_path_buf);
    write::check_zip_path(&path, root)?;
    write::write_zip(&path, &top, &site.files)?;
    Ok(site_report(&site, started, Some(path)))
}

/// Validates the dossier at `root` as a build would, without writing.
/// Also follows every internal link and anchor of the rendered site.
pub fn check(root: &Path) -> Result<Report> {
    let started = Instant::now();
    let site = generate(root)?;
    let broken = render::broken_links(&site.files);
    if !broken.is_empty() {
        return Err(Error::BrokenLinks { links: broken });
    }
    Ok(site_report(&site, started, None))
}

/// The warnings of a build as one block of text for the terminal: a
/// count, then each file once with its problems under it, in file order.
/// Repeated identical warnings are shown once. Empty when there are none.
pub fn warnings_text(warnings: &[Warning]) -> String {
    let mut sorted: Vec<&Warning> = warnings.iter().collect();
    sorted.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    sorted.dedup();
    if sorted.is_empty() {
        return String::new();
    }
    let files = {
        let mut f: Vec<&str> = sorted.iter().map(|w| w.file.as_str()).collect();
        f.dedup();
        f.len()
    };
    let plural = |n: usize, what: &str| {
        if n == 1 {
            format!("1 {what}")
        } else {
            format!("{n} {what}s")
        }
    };
    let mut out = format!(
        "{} in {}:\n",
        plural(sorted.len(), "warning"),
        plural(files, "file")
    );
    let mut current = None;
    for w in sorted {
        if current != Some(w.file.as_str()) {
            out.push_str(&format!("  {}\n", w.file));
            current = Some(w.file.as_str());
        }
        match w.line {
            Some(line) => out.push_str(&format!("    line {line}: {}\n", w.message)),
            None => out.push_str(&format!("    {}\n", w.message)),
        }
    }
    out
}

fn site_report(site: &Site, started: Instant, output: Option<PathBuf>) -> Report {
    report(
        &site.corpus,
        &site.analysis,
        site.files.len(),
        site.timings.clone(),
        started,
        output,
    )
}

fn report(
    corpus: &Corpus,
    analysis: &Analysis,
    files: usize,
    timings: Timings,
    started: Instant,
    output: Option<PathBuf>,
) -> Report {
    let mut outlets: Vec<&str> = corpus
        .articles
        .iter()
        .filter_map(|a| a.outlet.as_deref())
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    Report {
        articles: corpus.articles.len(),
        outlets: outlets.len(),
        sentences: analysis.articles.iter().map(|a| a.sentences.len()).sum(),
        files,
        changed: files,
        reused: 0,
        warnings: corpus
            .warnings
            .iter()
            .chain(&analysis.warnings)
            .cloned()
            .collect(),
        elapsed: started.elapsed(),
        timings,
        output,
    }
}

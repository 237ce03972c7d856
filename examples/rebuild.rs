//! Times what `dossier serve` does after an edit: a first build, then a
//! rebuild after one article changes, with `Rebuilder`.
//!
//! ```text
//! cargo run --release --example rebuild -- DOSSIER_DIR [OUTPUT_DIR] [--check] [--repeat N] [--edit case|figure|paragraph|resave] [--article first|last] [--walk] [--steps]
//! ```
//!
//! The article edited is the first one in file-name order (`--article
//! last`: the last one), and the edit is undone at the end, so the
//! dossier is left as it was found. (The print view holds the first 200
//! articles in reading order, so in a generated corpus the first is in
//! it and the last is not.) `--edit KIND` picks the
//! edit: `case` (the default: its first "the" becomes "The", which
//! changes no name, date or figure), `figure` (the first digit after its
//! header changes, as when a figure is corrected) or `paragraph` (a
//! paragraph naming a new person, with a figure and a day, is added
//! before its last line) or `resave` (the file is written again as it
//! was, which a rebuild finds to be no change). With
//! `--check`, a clean build of the edited dossier is made too and the
//! rebuilt output must be byte for byte the same. With `--repeat N`, N
//! more rebuilds follow (the edit undone and made again in turn, so each
//! one changes what the last built), each timed on
//! one line: a steadier number on a noisy machine, and a session a
//! profiler can read without the first build drowning it. Each rebuild
//! is told which file changed, as `dossier serve`'s watcher tells it;
//! with `--walk` it is not, and looks at every file itself. With
//! `--steps`, each rebuild's line is followed by the time of each of its
//! stages and analysis steps (as `dossier build --timings` prints them).

use std::path::PathBuf;

// The allocator and settings of `dossier serve`, so the times are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    dossier::tune_allocator(dossier::Workload::Serve);
    let (mut check, mut repeat, mut paths) = (false, 0usize, Vec::new());
    let mut edit = String::from("case");
    let mut last = false;
    let mut walk = false;
    let mut steps = false;
    let mut given = std::env::args().skip(1);
    while let Some(a) = given.next() {
        match a.as_str() {
            "--check" => check = true,
            "--walk" => walk = true,
            "--steps" => steps = true,
            "--repeat" => {
                repeat = given
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--repeat takes a number");
            }
            "--edit" => edit = given.next().expect("--edit takes a kind"),
            "--article" => {
                last = match given.next().as_deref() {
                    Some("first") => false,
                    Some("last") => true,
                    _ => panic!("--article takes first or last"),
                }
            }
            _ => paths.push(a),
        }
    }
    let mut args = paths.into_iter();
    let root = PathBuf::from(
        args.next()
            .expect("usage: rebuild DOSSIER_DIR [OUTPUT_DIR]"),
    );
    let output = args
        .next()
        .map_or_else(|| root.join("public"), PathBuf::from);
    let mut builder = dossier::Rebuilder::new(&root, &output);
    let show = |what: &str, r: &dossier::Report| {
        println!(
            "{what}: {:.0} ms, {} files, {} written",
            r.elapsed.as_secs_f64() * 1000.0,
            r.files,
            r.changed
        );
        for (name, d) in &r.timings.0 {
            println!("  {name:<36} {:8.1} ms", d.as_secs_f64() * 1000.0);
        }
    };
    let first = builder.build().expect("first build");
    show("first build", &first);
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let edited = if last { files.last() } else { files.first() }
        .expect("an article")
        .clone();
    let original = std::fs::read_to_string(&edited).expect("readable article");
    let changed = edited_text(&original, &edit);
    std::fs::write(&edited, &changed).expect("edit");
    // As `dossier serve` rebuilds: told which file changed, as its
    // watcher reports it (`--walk`: the build walks the folder and looks
    // at every file itself).
    let rebuild = |builder: &mut dossier::Rebuilder| {
        if walk {
            builder.build()
        } else {
            builder.build_after(std::slice::from_ref(&edited))
        }
    };
    let second = rebuild(&mut builder);
    let differences = check.then(|| {
        let clean = std::env::temp_dir().join(format!("dossier-clean-{}", std::process::id()));
        dossier::build(&root, Some(&clean)).expect("clean build");
        let out = differences(&output, &clean);
        std::fs::remove_dir_all(&clean).ok();
        out
    });
    std::fs::write(&edited, &original).expect("undo the edit");
    show(
        &format!("after editing {}", edited.display()),
        &second.expect("rebuild"),
    );
    let mut times = Vec::new();
    // Processor time (all threads) is the steadier measure on a shared
    // machine, where another tenant's load stretches the wall time.
    let mut cpus = Vec::new();
    for round in 0..repeat {
        // The builder last built the edited text (the file has been put
        // back since): each round changes what it built.
        let text = if round % 2 == 0 { &original } else { &changed };
        std::fs::write(&edited, text).expect("edit");
        let cpu_before = cpu_ms();
        let r = rebuild(&mut builder).expect("rebuild");
        let cpu = cpu_ms() - cpu_before;
        let part = |name: &str| {
            r.timings
                .0
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(0.0, |(_, d)| d.as_secs_f64() * 1000.0)
        };
        let total = r.elapsed.as_secs_f64() * 1000.0;
        println!(
            "rebuild {}: {total:.0} ms (load {:.0}, analyze {:.0}, render {:.0}, write {:.0}), cpu {cpu:.0} ms, {} reused",
            round + 1,
            part("load"),
            part("analyze"),
            part("render"),
            part("write"),
            r.reused
        );
        if steps {
            for (name, d) in &r.timings.0 {
                println!("  {name:<36} {:8.1} ms", d.as_secs_f64() * 1000.0);
            }
        }
        times.push(total);
        cpus.push(cpu);
    }
    std::fs::write(&edited, &original).expect("undo the edit");
    if !times.is_empty() {
        times.sort_by(f64::total_cmp);
        cpus.sort_by(f64::total_cmp);
        println!(
            "{} rebuilds: min {:.0} ms, median {:.0} ms; processor time median {:.0} ms",
            times.len(),
            times[0],
            times[times.len() / 2],
            cpus[cpus.len() / 2]
        );
    }
    if let Some(differences) = differences {
        if differences.is_empty() {
            println!("the rebuilt output is the clean build's, byte for byte");
        } else {
            println!("the rebuilt output differs from a clean build in:");
            for d in &differences {
                println!("  {d}");
            }
            std::process::exit(1);
        }
    }
}

/// `text` with the edit `kind` made to it.
fn edited_text(text: &str, kind: &str) -> String {
    let body = text.find("\n\n").expect("a header, then the text") + 2;
    match kind {
        "case" => text.replacen(" the ", " The ", 1),
        "figure" => {
            let at = body
                + text[body..]
                    .find(|c: char| c.is_ascii_digit())
                    .expect("a figure");
            let digit = if &text[at..=at] == "7" { "8" } else { "7" };
            format!("{}{digit}{}", &text[..at], &text[at + 1..])
        }
        "paragraph" => {
            let last = text.trim_end().rfind('\n').expect("more than one line");
            format!(
                "{}\n\nCouncil member Ingrid Halvorsen said on Tuesday that 40 more families had left.\n{}",
                &text[..last],
                &text[last..]
            )
        }
        // Saved again as it was: a new modification time, the same bytes.
        "resave" => text.to_string(),
        other => panic!("--edit takes case, figure, paragraph or resave, not {other}"),
    }
}

/// The files that differ between two folders (or are in only one).
fn differences(a: &std::path::Path, b: &std::path::Path) -> Vec<String> {
    let files = |root: &std::path::Path| -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).expect("inside").to_path_buf();
                (rel, std::fs::read(e.path()).expect("readable"))
            })
            .collect()
    };
    let (a, b) = (files(a), files(b));
    let mut out: Vec<String> = a
        .iter()
        .filter(|(p, bytes)| b.get(*p) != Some(*bytes))
        .map(|(p, _)| p.display().to_string())
        .collect();
    out.extend(
        b.keys()
            .filter(|p| !a.contains_key(*p))
            .map(|p| p.display().to_string()),
    );
    out
}

/// User and system time of the whole process so far, in milliseconds.
#[cfg(target_os = "linux")]
fn cpu_ms() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given and nothing else.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// Not measured elsewhere.
#[cfg(not(target_os = "linux"))]
fn cpu_ms() -> f64 {
    0.0
}

//! Times what `dossier serve` does after an edit: a first build, then a
//! rebuild after one article changes, with `Rebuilder`.
//!
//! ```text
//! cargo run --release --example rebuild -- DOSSIER_DIR [OUTPUT_DIR] [--check]
//! ```
//!
//! The article edited is the first one (its first "the" becomes "The"
//! and back again, so the dossier is left as it was found). With
//! `--check`, a clean build of the edited dossier is made too and the
//! rebuilt output must be byte for byte the same.

use std::path::PathBuf;

// The allocator and settings of `dossier serve`, so the times are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    dossier::tune_allocator();
    let check = std::env::args().any(|a| a == "--check");
    let mut args = std::env::args().skip(1).filter(|a| a != "--check");
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
    let edited = files.first().expect("an article").clone();
    let original = std::fs::read_to_string(&edited).expect("readable article");
    let changed = original.replacen(" the ", " The ", 1);
    std::fs::write(&edited, &changed).expect("edit");
    let second = builder.build();
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

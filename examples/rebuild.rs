//! Times what `dossier serve` does after an edit: a first build, then a
//! rebuild after one article changes, with `Rebuilder`.
//!
//! ```text
//! cargo run --release --example rebuild -- DOSSIER_DIR [OUTPUT_DIR]
//! ```
//!
//! The article edited is the first one (its first "the" becomes "The"
//! and back again, so the dossier is left as it was found).

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
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
    std::fs::write(&edited, &original).expect("undo the edit");
    show(
        &format!("after editing {}", edited.display()),
        &second.expect("rebuild"),
    );
}

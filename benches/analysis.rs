//! Criterion benchmarks for the analysis hot spots (see `bench/run.sh` for
//! whole builds against Hugo). Run with `cargo bench`; timings go in the
//! notes, never in tests.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every development and own fixture dossier's articles together, as one
/// corpus of a few dozen articles on different stories.
fn mixed_texts() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for group in ["dev", "own"] {
        let dir = repo().join("tests/fixtures").join(group);
        let mut dossiers: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        dossiers.sort();
        for d in dossiers {
            let mut files: Vec<PathBuf> = std::fs::read_dir(d.join("content"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
                .collect();
            files.sort();
            for f in files {
                let name = format!(
                    "{}-{}",
                    d.file_name().unwrap().to_string_lossy(),
                    f.file_name().unwrap().to_string_lossy()
                );
                out.push((name, std::fs::read(&f).unwrap()));
            }
        }
    }
    out
}

fn corpus_of(texts: &[(String, Vec<u8>)]) -> dossier::model::Corpus {
    let files: Vec<(&str, &[u8])> = texts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    dossier::load::from_texts(&files).unwrap()
}

fn benches(c: &mut Criterion) {
    let texts = mixed_texts();
    let corpus = corpus_of(&texts);
    let analysis = dossier::analyze::analyze(&corpus);

    c.bench_function("load: parse the mixed fixtures", |b| {
        b.iter(|| corpus_of(&texts))
    });
    c.bench_function("analyze: the mixed fixtures", |b| {
        b.iter(|| dossier::analyze::analyze(&corpus))
    });
    c.bench_function("render: the mixed fixtures", |b| {
        let theme = dossier::render::Theme::default();
        b.iter(|| dossier::render::render(&corpus, &analysis, &theme).unwrap())
    });
    let sample = repo();
    c.bench_function("generate: the sample dossier", |b| {
        b.iter(|| dossier::generate(Path::new(&sample)).unwrap())
    });

    let prose: String = corpus
        .articles
        .iter()
        .flat_map(|a| a.blocks.iter().map(|b| b.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    c.bench_function("text: split the fixtures' prose into sentences", |b| {
        b.iter(|| dossier::text::split_sentences(&prose).len())
    });
    let names: Vec<&str> = analysis
        .people
        .iter()
        .map(|p| p.name.rsplit(' ').next().unwrap_or(&p.name))
        .collect();
    c.bench_function("names: compare every pair of surnames", |b| {
        b.iter(|| {
            let mut close = 0;
            for x in &names {
                for y in &names {
                    close += usize::from(dossier::analyze::names::same_part(x, y, false).is_some());
                }
            }
            close
        })
    });
    c.bench_function("names: skeleton of every surname", |b| {
        b.iter(|| {
            names
                .iter()
                .map(|n| dossier::analyze::names::skeleton(n).len())
                .sum::<usize>()
        })
    });
}

criterion_group! {
    name = analysis;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(analysis);

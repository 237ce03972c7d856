//! Arbitrary bytes through loading and analysis. The input is split into
//! up to four files at each `\0\0` pair (so that the fuzzer can build
//! dossiers where articles meet: shared names, conflicting figures), named
//! alternately `.md` and `.txt` so both readers run. Any panic is a bug;
//! errors are fine, as long as they name a file.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["a.md", "b.txt", "c.md", "d.txt"];

fuzz_target!(|data: &[u8]| {
    let mut files: Vec<(&str, &[u8])> = Vec::new();
    let mut rest = data;
    while files.len() < NAMES.len() - 1 {
        match rest.windows(2).position(|w| w == [0, 0]) {
            Some(i) => {
                files.push((NAMES[files.len()], &rest[..i]));
                rest = &rest[i + 2..];
            }
            None => break,
        }
    }
    files.push((NAMES[files.len()], rest));
    match dossier::load::from_texts(&files) {
        Ok(corpus) => {
            let analysis = dossier::analyze::analyze(&corpus);
            // Everything shown must point at a sentence that exists.
            for (a, article) in analysis.articles.iter().enumerate() {
                for s in &article.sentences {
                    let block = &corpus.articles[a].blocks[s.block];
                    assert_eq!(&block.text[s.start..s.end], s.text);
                }
            }
        }
        Err(e) => assert!(e.to_string().starts_with("content/"), "{e}"),
    }
});

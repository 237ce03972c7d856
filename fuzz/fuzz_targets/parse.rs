//! One file through the loader alone (decoding, front matter, scraper
//! repairs, header and trailer, Markdown or plain body): much faster than
//! the `article` target, so it explores the parsers more deeply.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = if data.first().is_some_and(|b| b & 1 == 1) {
        "a.md"
    } else {
        "a.txt"
    };
    match dossier::load::from_texts(&[(name, data)]) {
        Ok(corpus) => {
            for block in corpus.articles[0].blocks.iter() {
                for range in dossier::text::split_sentences(&block.text) {
                    assert!(range.len() <= dossier::text::MAX_SENTENCE_BYTES);
                    let _ = &block.text[range];
                }
            }
        }
        Err(e) => assert!(e.to_string().starts_with("content/"), "{e}"),
    }
});

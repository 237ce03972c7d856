//! The editor's TOML files (`dossier.toml`, `content/entities.toml`,
//! `content/disagreements.toml`): any text gives settings or an error that
//! names the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut warnings = Vec::new();
    if let Err(e) = dossier::config::Config::parse(text, &mut warnings) {
        assert!(e.to_string().starts_with("dossier.toml:"), "{e}");
    }
    if let Err(e) = dossier::load::entities::parse(text, &mut warnings) {
        assert!(e.to_string().starts_with("content/entities.toml"), "{e}");
    }
    if let Err(e) = dossier::load::verdicts::parse(text, &mut warnings) {
        assert!(e.to_string().starts_with("content/disagreements.toml"), "{e}");
    }
});

//! Helpers shared by the integration tests: building fixture dossiers into
//! temporary folders and reading the result back.
#![allow(dead_code)]

pub mod browser;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The repository root (where the sample dossier lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a dossier folder (content/, templates/, dossier.toml) into a new
/// temporary folder, so a test can change it freely.
pub fn copy_dossier(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["content", "templates"] {
        let src = from.join(name);
        if src.is_dir() {
            copy_dir(&src, &dir.path().join(name));
        }
    }
    let toml = from.join("dossier.toml");
    if toml.is_file() {
        fs::copy(&toml, dir.path().join("dossier.toml")).unwrap();
    }
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Builds `root` into a fresh temporary output folder.
pub fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    dossier::build(root, Some(&public))
        .unwrap_or_else(|e| panic!("build of {} failed: {e}", root.display()));
    (out, public)
}

/// The HTML pages of a built site, parsed.
pub fn html_pages(public: &Path) -> Vec<(String, scraper::Html)> {
    read_tree(public)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            (
                p,
                scraper::Html::parse_document(&String::from_utf8(bytes).unwrap()),
            )
        })
        .collect()
}

pub fn json(public: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&fs::read(public.join("data").join(name)).unwrap()).unwrap()
}

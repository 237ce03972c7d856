//! Finding the article files of a dossier.
//!
//! Every `.txt`, `.md` and `.markdown` file under `content/`, in any
//! sub-folder, in a fixed order. Hidden files and editor leftovers are
//! skipped; symbolic links are followed only when they stay inside
//! `content/`, so a dossier cannot make the build read files elsewhere.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::model::Warning;

pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFile {
    pub path: PathBuf,
    /// Relative to `content/`, with `/` separators.
    pub relative: String,
    /// A symbolic link (to a file inside `content/`): an edit to the
    /// file it names changes it too.
    pub linked: bool,
}

fn is_article_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".txt") || lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Hidden files and the files editors leave behind.
fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"]
            .iter()
            .any(|ext| name.to_ascii_lowercase().ends_with(ext))
}

/// The names of a path relative to `content/`; `None` for one that
/// leaves it or is not UTF-8.
fn names_of(rel: &Path) -> Option<Vec<&str>> {
    rel.components()
        .map(|c| match c {
            std::path::Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect()
}

/// The article files under `content` after the files at `changed`
/// (relative to `content`) changed, given the files `last` found there
/// before: what [`article_files`] would find, without walking the folder
/// when the changes are plain files; and the changed paths as
/// [`ArticleFile::relative`] names them. `None` when they are not plain
/// files (a folder created or moved in, a symbolic link, a path that
/// cannot be read) and the folder must be walked again.
pub fn article_files_after(
    content: &Path,
    last: &[ArticleFile],
    changed: &[PathBuf],
) -> Option<(Vec<ArticleFile>, HashSet<String>)> {
    use std::collections::BTreeMap;
    if last.iter().any(|f| f.linked) {
        return None;
    }
    let mut files: BTreeMap<&str, ArticleFile> = last
        .iter()
        .map(|f| (f.relative.as_str(), f.clone()))
        .collect();
    let mut added = Vec::new();
    let mut removed = Vec::new();
    let mut named = HashSet::new();
    for rel in changed {
        let names = names_of(rel)?;
        named.insert(names.join("/"));
        // `content/` itself, or a path the walk skips (a hidden file or
        // one under a hidden folder, an editor's leftover).
        let (&name, folders) = names.split_last()?;
        if names.iter().any(|n| is_ignored_name(n)) {
            continue;
        }
        // The walk does not enter linked folders: only real ones count.
        let mut folder = content.to_path_buf();
        for f in folders {
            folder.push(f);
            match std::fs::symlink_metadata(&folder) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return None,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                Err(_) => return None,
            }
        }
        let relative = names.join("/");
        let path = content.join(rel);
        match std::fs::symlink_metadata(&path) {
            // Gone: the file, or a folder and everything that was in it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => removed.push(relative),
            Ok(m) if m.is_file() => {
                if is_article_name(name) {
                    added.push(ArticleFile {
                        path,
                        relative,
                        linked: false,
                    });
                }
            }
            _ => return None,
        }
    }
    for gone in &removed {
        let inside = format!("{gone}/");
        files.retain(|r, _| *r != gone && !r.starts_with(&inside));
    }
    let mut out: Vec<ArticleFile> = files.into_values().collect();
    for f in added {
        match out.binary_search_by(|x| x.relative.cmp(&f.relative)) {
            Ok(i) => out[i] = f,
            Err(i) => out.insert(i, f),
        }
    }
    Some((out, named))
}

/// The article files under `content`, sorted by their relative path.
pub fn article_files(content: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<ArticleFile>> {
    if !content.is_dir() {
        return Err(Error::File {
            file: format!("{CONTENT_DIR}/"),
            message: format!(
                "no content folder at {}; create it and put the articles (.txt or .md) in it",
                content.display()
            ),
        });
    }
    let root = content.canonicalize().map_err(|e| Error::io(content, e))?;
    let mut files = Vec::new();
    let walker = WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(content).to_path_buf();
            Error::Io {
                path,
                source: e.into(),
            }
        })?;
        let name = entry.file_name().to_string_lossy();
        let ft = entry.file_type();
        let linked_folder = ft.is_symlink() && entry.path().is_dir();
        if !is_article_name(&name) && !linked_folder {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(content)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if ft.is_symlink() {
            match entry.path().canonicalize() {
                // Links to folders are not followed: they could loop, or
                // bring in a whole tree from elsewhere.
                Ok(target) if target.is_dir() => {
                    warnings.push(Warning {
                        file: format!("{CONTENT_DIR}/{relative}"),
                        line: None,
                        message: "symbolic link to a folder is not followed; move or copy the articles into content/".into(),
                    });
                    continue;
                }
                Ok(target) if target.starts_with(&root) && target.is_file() => {}
                Ok(_) => {
                    warnings.push(Warning {
                        file: format!("{CONTENT_DIR}/{relative}"),
                        line: None,
                        message: "symbolic link to a file outside content/, skipped".into(),
                    });
                    continue;
                }
                Err(_) => {
                    warnings.push(Warning {
                        file: format!("{CONTENT_DIR}/{relative}"),
                        line: None,
                        message: "broken or looping symbolic link, skipped".into(),
                    });
                    continue;
                }
            }
        } else if !ft.is_file() {
            continue;
        }
        files.push(ArticleFile {
            path: entry.path().to_path_buf(),
            relative,
            linked: ft.is_symlink(),
        });
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(files)
}

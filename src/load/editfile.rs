//! What the editor's TOML files (`entities.toml`, `disagreements.toml`)
//! share: reading an optional file, parsing it with a message that names
//! the line, and finding the line of each `[[section]]` entry.

use std::path::Path;

use toml::Table;

use crate::config::line_of;
use crate::error::{Error, Result};

/// The text of `content/NAME`, or `None` when the editor has not written one.
pub fn read_optional(content: &Path, name: &str) -> Result<Option<String>> {
    let path = content.join(name);
    match std::fs::read_to_string(&path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Parses the TOML, or says which line of `file` is wrong.
pub fn parse_table(text: &str, file: &str) -> Result<Table> {
    text.parse().map_err(|e: toml::de::Error| Error::Content {
        file: file.to_string(),
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        message: format!("{}; fix the TOML syntax", Error::one_line(e.message())),
    })
}

/// The 1-based line of each `[[section]]` header, in order, so that the
/// n-th entry of a section can be named in messages.
pub fn header_lines(text: &str, section: &str) -> Vec<usize> {
    let header = format!("[[{section}]]");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .map(|(i, _)| i + 1)
        .collect()
}

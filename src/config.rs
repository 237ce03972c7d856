//! `dossier.toml`: the few settings a dossier has. The file is optional;
//! every field has a default so that a bare folder of articles builds.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Warning;

pub const CONFIG_FILE: &str = "dossier.toml";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// Where the site will be published (`https://user.github.io/repo/`).
    /// Only the canonical link, sitemap and feed use it; every other link
    /// stays relative.
    pub base_url: Option<String>,
    /// Article files larger than this many megabytes are skipped with a
    /// warning. A news article is a few tens of kilobytes; a file a
    /// thousand times that is a dump or a mistake, and analysing it would
    /// hold up every build.
    pub max_article_mb: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Dossier".to_string(),
            description: None,
            language: "en".to_string(),
            base_url: None,
            max_article_mb: 10,
        }
    }
}

const KNOWN_KEYS: [&str; 5] = [
    "title",
    "description",
    "language",
    "base_url",
    "max_article_mb",
];

impl Config {
    /// Reads `dossier.toml` under `root`, or the defaults when there is none.
    pub fn load(root: &Path, warnings: &mut Vec<Warning>) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::io(path, e)),
        };
        Config::parse(&text, warnings)
    }

    pub fn parse(text: &str, warnings: &mut Vec<Warning>) -> Result<Config> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| Error::Content {
            file: CONFIG_FILE.to_string(),
            line: e.span().map_or(1, |s| line_of(text, s.start)),
            message: format!("{}; fix the TOML syntax", Error::one_line(e.message())),
        })?;
        for (key, value) in &table {
            let line = || find_key_line(text, key).unwrap_or(1);
            if !KNOWN_KEYS.contains(&key.as_str()) {
                warnings.push(Warning {
                    file: CONFIG_FILE.to_string(),
                    line: find_key_line(text, key),
                    message: format!(
                        "unknown setting `{key}` is ignored (known: {})",
                        KNOWN_KEYS.join(", ")
                    ),
                });
                continue;
            }
            let wanted = match (key.as_str(), value) {
                ("max_article_mb", toml::Value::Integer(n)) if *n >= 1 => None,
                ("max_article_mb", _) => Some("a whole number of megabytes, at least 1"),
                (_, toml::Value::String(_)) => None,
                _ => Some("text in quotes"),
            };
            if let Some(wanted) = wanted {
                return Err(Error::Content {
                    file: CONFIG_FILE.to_string(),
                    line: line(),
                    message: format!("setting `{key}` has `{value}`; it must be {wanted}"),
                });
            }
        }
        let mut config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| Error::Content {
                    file: CONFIG_FILE.to_string(),
                    line: 1,
                    message: e.message().to_string(),
                })?;
        if let Some(url) = &config.base_url {
            let url = url.trim();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(Error::Content {
                    file: CONFIG_FILE.to_string(),
                    line: find_key_line(text, "base_url").unwrap_or(1),
                    message: format!("base_url `{url}` must start with https:// or http://"),
                });
            }
            // One trailing slash, so that `base_url + path` is always right.
            config.base_url = Some(format!("{}/", url.trim_end_matches('/')));
        }
        Ok(config)
    }
}

/// 1-based line number of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line on which `key` is set, for pointing an editor at it.
pub(crate) fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches(['"', '\'']);
            l.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches(['"', '\'']).trim_start();
                rest.starts_with('=') || rest.starts_with(':')
            })
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_unknown_keys() {
        let mut w = Vec::new();
        let c = Config::parse("title = \"T\"\ncolour = \"red\"\n", &mut w).unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.language, "en");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, Some(2));
    }

    #[test]
    fn syntax_error_names_line() {
        let mut w = Vec::new();
        let e = Config::parse("title = \"T\"\nlanguage = \n", &mut w).unwrap_err();
        assert!(e.to_string().starts_with("dossier.toml:2:"), "{e}");
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        let mut w = Vec::new();
        let c = Config::parse("base_url = \"https://u.github.io/repo\"", &mut w).unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://u.github.io/repo/"));
        assert!(Config::parse("base_url = \"javascript:alert(1)\"", &mut w).is_err());
    }

    #[test]
    fn wrong_types_name_their_line() {
        let mut w = Vec::new();
        let e = Config::parse("title = \"T\"\nmax_article_mb = \"big\"\n", &mut w).unwrap_err();
        assert!(e.to_string().starts_with("dossier.toml:2:"), "{e}");
        let c = Config::parse("max_article_mb = 1\n", &mut w).unwrap();
        assert_eq!(c.max_article_mb, 1);
    }
}

//! Templates: built-in defaults, overridable per dossier.
//!
//! The defaults under `templates/` in this repository are compiled into the
//! binary, so a dossier needs no template files at all. A dossier's own
//! `templates/NAME.html` replaces the built-in of the same name (and may
//! add new ones for `{% include %}`); `templates/style.css` replaces the
//! stylesheet and `templates/search.js` the search script.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use tera::Tera;

use crate::error::{Error, Result};

/// Built-in templates, by name.
const BUILTIN: [(&str, &str); 16] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("sources.html", include_str!("../../templates/sources.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("network.html", include_str!("../../templates/network.html")),
    ("print.html", include_str!("../../templates/print.html")),
    (
        "coverage.html",
        include_str!("../../templates/coverage.html"),
    ),
    (
        "disagreements.html",
        include_str!("../../templates/disagreements.html"),
    ),
];

const BUILTIN_STYLE: &str = include_str!("../../templates/style.css");
const BUILTIN_SEARCH: &str = include_str!("../../templates/search.js");

/// The templates and stylesheet a build renders with.
#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub style: String,
    /// The search box's script (`templates/search.js`).
    pub search_script: String,
    /// Names the dossier overrode, for the build summary.
    pub overridden: Vec<String>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            templates: BUILTIN
                .iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect(),
            style: BUILTIN_STYLE.to_string(),
            search_script: BUILTIN_SEARCH.to_string(),
            overridden: Vec::new(),
        }
    }
}

impl Theme {
    /// The built-in theme with the dossier's overrides from `root/templates`.
    pub fn load(root: &Path) -> Result<Theme> {
        let mut theme = Theme::default();
        let dir = root.join("templates");
        if !dir.is_dir() {
            return Ok(theme);
        }
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
            .filter_map(|e| e.ok())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.') || !path.is_file() {
                continue;
            }
            let read = || std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e));
            if name == "style.css" {
                theme.style = read()?;
                theme.overridden.push(name);
            } else if name == "search.js" {
                theme.search_script = read()?;
                theme.overridden.push(name);
            } else if name.ends_with(".html") {
                theme.templates.insert(name.clone(), read()?);
                theme.overridden.push(name);
            }
        }
        Ok(theme)
    }

    /// A Tera instance with every template parsed.
    pub(super) fn tera(&self) -> Result<Tera> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(self.templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| self.template_error(&e, "base.html"))?;
        Ok(tera)
    }
}

/// Escapes text for HTML content and quoted attribute values. Unlike
/// Tera's default it leaves `/` alone, so relative links stay readable.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// [`escape_html`], appended to `out`: the text between special
/// characters is copied a run at a time.
pub fn escape_into(out: &mut String, s: &str) {
    let mut at = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is a character boundary.
        out.push_str(&s[at..i]);
        out.push_str(entity);
        at = i + 1;
    }
    out.push_str(&s[at..]);
}

impl Theme {
    /// A Tera error as an editor can act on it: the template's file, the
    /// line and column of a syntax error, Tera's explanation on one line,
    /// and what to do. `fallback` names the template when Tera does not.
    pub(super) fn template_error(&self, e: &tera::Error, fallback: &str) -> Error {
        static LOCATION: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"-->\s*(\d+):(\d+)").unwrap());
        static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"'([^']+)'").unwrap());
        let chain = error_chain(e);
        let name = QUOTED
            .captures(&chain)
            .map_or_else(|| fallback.to_string(), |c| c[1].to_string());
        let location = LOCATION.captures(&chain);
        let line = location.as_ref().and_then(|c| c[1].parse().ok());
        let column = location.as_ref().and_then(|c| c[2].parse().ok());
        // Syntax errors end with "= expected …"; render errors are a chain
        // that starts with "Failed to render 'x':".
        let what = chain
            .lines()
            .rev()
            .find_map(|l| l.trim().strip_prefix("= "))
            .map(str::to_string)
            .unwrap_or_else(|| {
                let mut parts: Vec<&str> = chain.split(": ").collect();
                parts.retain(|p| !p.starts_with("Failed to "));
                Error::one_line(&parts.join(": "))
            });
        let advice = if self.overridden.contains(&name) {
            "fix the template, or delete it to use the built-in one".to_string()
        } else {
            format!(
                "{name} is built in, so the cause is likely one of the templates in templates/ it uses ({})",
                self.overridden.join(", ")
            )
        };
        Error::Template {
            name,
            line,
            column,
            message: format!("{what}; {advice}"),
        }
    }
}

/// Tera's message with its causes, which hold the line and column.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

//! Templates: built-in defaults, overridable per dossier.
//!
//! The defaults under `templates/` in this repository are compiled into the
//! binary, so a dossier needs no template files at all. A dossier's own
//! `templates/NAME.html` replaces the built-in of the same name (and may
//! add new ones for `{% include %}`); `templates/style.css` replaces the
//! stylesheet and `templates/search.js` the search script.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use tera::Tera;

use crate::error::{Error, Result};

/// Built-in templates, by name.
const BUILTIN: [(&str, &str); 21] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("card.html", include_str!("../../templates/card.html")),
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
    (
        "timeline-event.html",
        include_str!("../../templates/timeline-event.html"),
    ),
    ("network.html", include_str!("../../templates/network.html")),
    ("print.html", include_str!("../../templates/print.html")),
    (
        "print-person.html",
        include_str!("../../templates/print-person.html"),
    ),
    (
        "print-topic.html",
        include_str!("../../templates/print-topic.html"),
    ),
    (
        "print-article.html",
        include_str!("../../templates/print-article.html"),
    ),
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
    /// The templates compiled, once: parsing them is a fixed cost of
    /// tens of milliseconds that a rebuild with the same theme (`serve`
    /// keeps it, see [`Theme::same_source`]) need not pay again.
    compiled: OnceLock<Tera>,
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
            compiled: OnceLock::new(),
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

    /// Whether `other` was loaded from the same files: its compiled
    /// templates would be this theme's.
    pub fn same_source(&self, other: &Theme) -> bool {
        self.templates == other.templates
            && self.style == other.style
            && self.search_script == other.search_script
            && self.overridden == other.overridden
    }

    /// The templates, compiled on first use.
    pub(super) fn tera(&self) -> Result<&Tera> {
        if let Some(tera) = self.compiled.get() {
            return Ok(tera);
        }
        let tera = self.compile()?;
        Ok(self.compiled.get_or_init(|| tera))
    }

    /// A Tera instance with every template parsed.
    fn compile(&self) -> Result<Tera> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.register_function("link_list", LinkList);
        tera.register_function("marked_text", MarkedText);
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

/// `link_list(items, root)`: a list of links (`label`, `href`, optional
/// `note`) as `macros.html`'s `links` writes it, escaped as that template
/// would escape it. Every article, person and topic page has such lists,
/// one of a topic's names each of its thousands of articles, and Tera
/// walking them item by item was most of the time those pages took.
struct LinkList;

impl tera::Function for LinkList {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let arg = |name: &str| {
            args.get(name)
                .ok_or_else(|| tera::Error::msg(format!("link_list needs `{name}`")))
        };
        let root = shown(arg("root")?);
        let Some(items) = arg("items")?.as_array() else {
            return Err(tera::Error::msg("link_list: `items` is not a list"));
        };
        let mut out = String::from("<ul class=\"link-list\">");
        for item in items {
            let field = |name: &str| {
                item.get(name)
                    .ok_or_else(|| tera::Error::msg(format!("link_list: an item has no `{name}`")))
            };
            out.push_str("<li><a href=\"");
            escape_into(&mut out, &root);
            escape_into(&mut out, &shown(field("href")?));
            out.push_str("\">");
            escape_into(&mut out, &shown(field("label")?));
            out.push_str("</a>");
            if let Some(note) = item.get("note").filter(|n| truthy(n)) {
                out.push_str(" <span class=\"note\">");
                escape_into(&mut out, &shown(note));
                out.push_str("</span>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
        Ok(tera::Value::String(out))
    }

    /// What it returns is already escaped.
    fn is_safe(&self) -> bool {
        true
    }
}

/// `marked_text(items)`: text in pieces (`text`, `marked`), the marked
/// ones in `<mark>`, as `macros.html`'s `marks` writes it, escaped as that
/// template would be. The disagreements page and the print view show
/// every claim's sentence this way, thousands of them in a large dossier,
/// and a loop in the template took a fifth of rendering them. The
/// templates still call the `marks` macro, which calls this, so that an
/// override of the macro changes every marked sentence.
struct MarkedText;

impl tera::Function for MarkedText {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let Some(items) = args.get("items").and_then(|v| v.as_array()) else {
            return Err(tera::Error::msg("marked_text needs `items`, a list"));
        };
        let mut out = String::new();
        for item in items {
            let text = item
                .get("text")
                .ok_or_else(|| tera::Error::msg("marked_text: an item has no `text`"))?;
            let marked = item.get("marked").is_some_and(truthy);
            if marked {
                out.push_str("<mark>");
            }
            escape_into(&mut out, &shown(text));
            if marked {
                out.push_str("</mark>");
            }
        }
        Ok(tera::Value::String(out))
    }

    /// What it returns is already escaped.
    fn is_safe(&self) -> bool {
        true
    }
}

/// A value as Tera prints it.
fn shown(v: &tera::Value) -> std::borrow::Cow<'_, str> {
    match v {
        tera::Value::String(s) => s.as_str().into(),
        tera::Value::Null => "".into(),
        tera::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string().into(),
            (_, Some(u), _) => u.to_string().into(),
            (_, _, Some(f)) => f.to_string().into(),
            _ => n.to_string().into(),
        },
        tera::Value::Bool(b) => b.to_string().into(),
        tera::Value::Array(a) => format!(
            "[{}]",
            a.iter()
                .map(|x| shown(x).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into(),
        tera::Value::Object(_) => "[object]".into(),
    }
}

/// Whether Tera's `{% if %}` takes a value as true.
fn truthy(v: &tera::Value) -> bool {
    match v {
        tera::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i != 0,
            (_, Some(u), _) => u != 0,
            (_, _, Some(f)) => f != 0.0 && !f.is_nan(),
            _ => true,
        },
        tera::Value::Bool(b) => *b,
        tera::Value::Null => false,
        tera::Value::String(s) => !s.is_empty(),
        tera::Value::Array(a) => !a.is_empty(),
        tera::Value::Object(o) => !o.is_empty(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `link_list` writes what the Tera loop it replaced wrote, escaping
    /// included, for every kind of note.
    #[test]
    fn link_list_writes_what_the_template_loop_wrote() {
        let loop_macro = r#"<ul class="link-list">{% for l in items %}<li><a href="{{ root }}{{ l.href }}">{{ l.label }}</a>{% if l.note %} <span class="note">{{ l.note }}</span>{% endif %}</li>{% endfor %}</ul>"#;
        let mut tera = Theme::default().compile().expect("templates parse");
        tera.add_raw_templates([
            ("old.html", loop_macro),
            ("new.html", "{{ link_list(items=items, root=root) }}"),
        ])
        .expect("test templates parse");
        let items = serde_json::json!([
            {"label": "<script>alert('x')</script> & \"Co\"", "href": "people/a.html", "note": null},
            {"label": "Plain", "href": "topics/b.html?x=1&y=2", "note": "3 mentions"},
            {"label": "Empty note", "href": "c.html", "note": ""},
            {"label": 42, "href": "d.html", "note": 1.5},
            {"label": "No note", "href": "e.html"},
        ]);
        let mut ctx = tera::Context::new();
        ctx.insert("items", &items);
        ctx.insert("root", "../");
        let old = tera.render("old.html", &ctx).expect("old renders");
        let new = tera.render("new.html", &ctx).expect("new renders");
        assert_eq!(new, old);
        assert!(new.contains("&lt;script&gt;") && !new.contains("<script>"));
        ctx.insert("items", &serde_json::json!([]));
        assert_eq!(
            tera.render("new.html", &ctx).unwrap(),
            tera.render("old.html", &ctx).unwrap()
        );
    }

    /// `marked_text` writes what the Tera loop it replaced wrote.
    #[test]
    fn marked_text_writes_what_the_template_loop_wrote() {
        let loop_macro = r#"{% for x in items %}{% if x.marked %}<mark>{{ x.text }}</mark>{% else %}{{ x.text }}{% endif %}{% endfor %}"#;
        let mut tera = Theme::default().compile().expect("templates parse");
        tera.add_raw_templates([
            ("old.html", loop_macro),
            ("new.html", "{{ marked_text(items=items) }}"),
        ])
        .expect("test templates parse");
        let items = serde_json::json!([
            {"text": "Before <b>\"it\"</b> & ", "marked": false},
            {"text": "the 'figure'", "marked": true},
            {"text": 42, "marked": false},
            {"text": "", "marked": true},
            {"text": " after", "marked": null},
        ]);
        let mut ctx = tera::Context::new();
        ctx.insert("items", &items);
        let old = tera.render("old.html", &ctx).expect("old renders");
        let new = tera.render("new.html", &ctx).expect("new renders");
        assert_eq!(new, old);
        assert!(new.contains("<mark>the &#39;figure&#39;</mark>") && !new.contains("<b>"));
    }
}

//! Syntax highlighting for fenced code in markdown articles.
//!
//! Highlighting emits class names, not inline styles, so that the colours
//! live in the stylesheet (with a dark variant) and a strict
//! Content-Security-Policy can forbid inline styles. The syntax definitions
//! are loaded only for dossiers that have code at all.

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::templates::escape_html;
use crate::model::{BlockKind, Corpus};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Highlighter {
    /// A highlighter if any article has code, else `None`.
    pub fn for_corpus(corpus: &Corpus) -> Option<Highlighter> {
        let has_code = corpus.articles.iter().any(|a| {
            a.blocks
                .iter()
                .any(|b| matches!(b.kind, BlockKind::Code { .. }))
        });
        has_code.then(|| Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
        })
    }

    /// Highlighted HTML for `code`; plain escaped text when the language is
    /// unknown or highlighting fails.
    pub fn html(&self, code: &str, lang: Option<&str>) -> String {
        let syntax = lang.and_then(|l| self.syntaxes.find_syntax_by_token(l));
        let Some(syntax) = syntax else {
            return escape_html(code);
        };
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return escape_html(code);
            }
        }
        generator.finalize()
    }

    /// The colours, light and dark.
    pub fn css(&self) -> String {
        let themes = ThemeSet::load_defaults();
        let mut css = String::from("\n/* Syntax highlighting */\n");
        if let Some(light) = themes.themes.get("InspiredGitHub") {
            css.push_str(&css_for_theme_with_class_style(light, CLASS_STYLE).unwrap_or_default());
        }
        if let Some(dark) = themes.themes.get("base16-ocean.dark") {
            css.push_str("@media (prefers-color-scheme: dark) {\n");
            css.push_str(&css_for_theme_with_class_style(dark, CLASS_STYLE).unwrap_or_default());
            css.push_str("}\n");
        }
        css
    }
}

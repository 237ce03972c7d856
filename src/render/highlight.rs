//! Syntax highlighting for fenced code in markdown articles.
//!
//! Highlighting emits class names, not inline styles, so that the colours
//! live in the stylesheet (with a dark variant) and a strict
//! Content-Security-Policy can forbid inline styles. The syntax definitions
//! are loaded only for dossiers that have code at all.

use syntect::highlighting::{Color, Theme, ThemeSet};
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

    /// The colours, light and dark, each made legible on the code block's
    /// background (`--panel` in style.css): the stock themes have greens
    /// and reds below the 4.5:1 contrast that small text needs.
    pub fn css(&self) -> String {
        let themes = ThemeSet::load_defaults();
        let mut css = String::from("\n/* Syntax highlighting */\n");
        if let Some(light) = themes.themes.get("InspiredGitHub") {
            let light = legible_theme(light, PANEL_LIGHT);
            css.push_str(&css_for_theme_with_class_style(&light, CLASS_STYLE).unwrap_or_default());
        }
        if let Some(dark) = themes.themes.get("base16-ocean.dark") {
            let dark = legible_theme(dark, PANEL_DARK);
            css.push_str("@media (prefers-color-scheme: dark) {\n");
            css.push_str(&css_for_theme_with_class_style(&dark, CLASS_STYLE).unwrap_or_default());
            css.push_str("}\n");
        }
        css
    }
}

/// `--panel` of the default stylesheet, light and dark.
const PANEL_LIGHT: [u8; 3] = [0xf3, 0xf1, 0xec];
const PANEL_DARK: [u8; 3] = [0x20, 0x21, 0x26];

/// WCAG AA for normal text, with a margin for rounding.
const MIN_CONTRAST: f64 = 4.6;

/// `theme` with every foreground colour moved towards black (on a light
/// background) or white (on a dark one) until it reaches
/// [`MIN_CONTRAST`] against `background`, which it also gets.
fn legible_theme(theme: &Theme, background: [u8; 3]) -> Theme {
    let mut theme = theme.clone();
    let bg = Color {
        r: background[0],
        g: background[1],
        b: background[2],
        a: 0xff,
    };
    theme.settings.background = Some(bg);
    if let Some(fg) = theme.settings.foreground.as_mut() {
        *fg = legible(*fg, bg);
    }
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = legible(*fg, bg);
        }
        // A scope's own background would defeat the check.
        item.style.background = None;
    }
    theme
}

fn legible(fg: Color, bg: Color) -> Color {
    let target: f64 = if luminance(bg) > 0.5 { 0.0 } else { 255.0 };
    let mut c = fg;
    c.a = 0xff;
    let mut step = 0;
    while contrast(c, bg) < MIN_CONTRAST && step < 20 {
        step += 1;
        let t = f64::from(step) / 20.0;
        let mix = |x: u8| (f64::from(x) + (target - f64::from(x)) * t).round() as u8;
        c = Color {
            r: mix(fg.r),
            g: mix(fg.g),
            b: mix(fg.b),
            a: 0xff,
        };
    }
    c
}

/// Relative luminance, as WCAG defines it.
fn luminance(c: Color) -> f64 {
    let channel = |x: u8| {
        let x = f64::from(x) / 255.0;
        if x <= 0.039_28 {
            x / 12.92
        } else {
            ((x + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

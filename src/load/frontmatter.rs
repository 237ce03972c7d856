//! TOML (`+++`) and YAML (`---`) front matter.
//!
//! Both are read into one loose value first and the known fields taken
//! out by hand, so that a wrong type gets a message naming the field and
//! its line, and an unknown field is a warning rather than an error.

use serde_json::Value;

use crate::config::{find_key_line, line_of};
use crate::date::{parse_date_line, PartialDate};

/// The fields an editor may set on an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    pub slug: Option<String>,
    /// The line `slug` is on, for warnings about it.
    pub slug_line: Option<usize>,
    pub tags: Vec<String>,
}

/// The known fields; `author` is another name for `byline`, which wins
/// when both are given.
pub const FIELDS: [&str; 8] = [
    "title", "outlet", "byline", "author", "date", "url", "slug", "tags",
];

/// Front matter split off an article's text.
#[derive(Debug, Default)]
pub struct Split<'a> {
    pub front: FrontMatter,
    /// Unknown keys, with the line they are on.
    pub unknown: Vec<(String, usize)>,
    pub body: &'a str,
}

/// A front-matter problem at a 1-based line of the file.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

/// Splits front matter from `text`. Text without a `+++` or `---` first
/// line has none.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let first = text.lines().next().unwrap_or("").trim_end();
    let (fence, is_toml) = match first {
        "+++" => ("+++", true),
        "---" => ("---", false),
        _ => {
            return Ok(Split {
                body: text,
                ..Split::default()
            })
        }
    };
    let inner_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = inner_start;
    let mut close = None;
    for line in text[inner_start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((inner_end, body_start)) = close else {
        return Err(FrontMatterError {
            line: 1,
            message: format!(
                "front matter opened with `{fence}` is never closed; add a `{fence}` line after it"
            ),
        });
    };
    let inner = &text[inner_start..inner_end];
    // Line numbers inside `inner` are offset by the opening fence.
    let at = |inner_line: usize| inner_line + 1;
    let value: Value = if is_toml {
        let table: toml::Table = inner
            .parse()
            .map_err(|e: toml::de::Error| FrontMatterError {
                line: at(e.span().map_or(1, |s| line_of(inner, s.start))),
                message: format!(
                    "TOML front matter: {}",
                    crate::error::Error::one_line(e.message())
                ),
            })?;
        toml_to_json(toml::Value::Table(table))
    } else if inner.trim().is_empty() {
        Value::Object(Default::default())
    } else {
        serde_yaml::from_str(inner).map_err(|e| FrontMatterError {
            line: at(e.location().map_or(1, |l| l.line())),
            message: format!(
                "YAML front matter: {}",
                crate::error::Error::one_line(&e.to_string())
            ),
        })?
    };
    let Value::Object(map) = value else {
        return Err(FrontMatterError {
            line: 2,
            message: "front matter must be a set of `key: value` fields".into(),
        });
    };
    let line_of_key = |k: &str| at(find_key_line(inner, k).unwrap_or(1));
    let mut front = FrontMatter::default();
    let mut unknown = Vec::new();
    for (key, value) in map {
        let line = line_of_key(&key);
        let err = |what: &str| FrontMatterError {
            line,
            message: format!("front matter field `{key}` {what}"),
        };
        match key.as_str() {
            "title" | "outlet" | "byline" | "author" | "url" | "slug" => {
                let s = scalar_string(&value).ok_or_else(|| err("must be text"))?;
                let s = Some(s.trim().to_string()).filter(|s| !s.is_empty());
                match key.as_str() {
                    "title" => front.title = s,
                    "outlet" => front.outlet = s,
                    "byline" => front.byline = s,
                    "author" => front.byline = front.byline.take().or(s),
                    "url" => front.url = s,
                    _ => {
                        front.slug = s;
                        front.slug_line = Some(line);
                    }
                }
            }
            "date" => {
                let s = scalar_string(&value).ok_or_else(|| err("must be a date"))?;
                let d = parse_date_line(&s).ok_or_else(|| {
                    err(&format!(
                        "has `{s}`, which is not a date; write it as YYYY-MM-DD"
                    ))
                })?;
                front.date = Some(d);
            }
            "tags" => {
                front.tags = match &value {
                    Value::Array(items) => items
                        .iter()
                        .map(|v| scalar_string(v).ok_or_else(|| err("must be a list of text")))
                        .collect::<Result<_, _>>()?,
                    Value::String(s) => s.split(',').map(str::to_string).collect(),
                    _ => return Err(err("must be a list of text")),
                };
                front.tags = front
                    .tags
                    .iter()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect();
            }
            _ => unknown.push((key, line)),
        }
    }
    Ok(Split {
        front,
        unknown,
        body: &text[body_start..],
    })
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        // TOML has a native date type; keep what was written.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_yaml() {
        let s = split("+++\ntitle = \"A\"\ndate = 2025-12-02\ntags = [\"x\", \"y\"]\n+++\nBody\n")
            .unwrap();
        assert_eq!(s.front.title.as_deref(), Some("A"));
        assert_eq!(
            s.front.date.unwrap().certain().unwrap().to_string(),
            "2025-12-02"
        );
        assert_eq!(s.front.tags, vec!["x", "y"]);
        assert_eq!(s.body, "Body\n");

        let s = split("---\ntitle: B\noutlet: Wire\nmood: calm\n---\nText").unwrap();
        assert_eq!(s.front.outlet.as_deref(), Some("Wire"));
        assert_eq!(s.unknown, vec![("mood".to_string(), 4)]);
    }

    #[test]
    fn errors_name_the_line() {
        let e = split("---\ntitle: A\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = split("+++\ntitle = \"A\"\ndate = \"someday\"\n+++\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("not a date"));
        let e = split("---\ntitle: [1, 2\n---\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        let e = split("+++\ntags = 3\n+++\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn no_front_matter() {
        let s = split("Headline\n\nBody").unwrap();
        assert_eq!(s.body, "Headline\n\nBody");
        assert_eq!(s.front, FrontMatter::default());
    }
}

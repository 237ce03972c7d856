//! `content/entities.toml`: the editor's corrections to people and topics.
//!
//! ```toml
//! [[person]]
//! name = "Roe"                       # any name the site shows for the person
//! rename = "Jane Roe"
//! description = "Mayor of the city"
//! merge = ["J. Roe"]                 # other people who are this person
//! split = ["Janet Roe"]              # variants that are someone else
//! hide = false
//! kind = "organization"              # not a person: a topic of this kind
//!
//! [[topic]]
//! name = "port strike"               # an existing topic, or a new one
//! keywords = ["port strike", "dock walkout"]
//! rename = "The port strike"
//! description = "…"
//! kind = "theme"                     # theme, place or organization
//! hide = false
//! ```

use std::path::Path;

use toml::{Table, Value};

use super::editfile;
use crate::error::{Error, Result};
use crate::model::{EntityEdits, PersonEdit, TopicEdit, TopicKind, Warning};

pub const ENTITIES_FILE: &str = "entities.toml";

const PERSON_KEYS: [&str; 7] = [
    "name",
    "rename",
    "description",
    "merge",
    "split",
    "hide",
    "kind",
];
const TOPIC_KEYS: [&str; 6] = ["name", "rename", "description", "hide", "kind", "keywords"];

/// Reads `content/entities.toml`, if there is one.
pub fn load(content: &Path, warnings: &mut Vec<Warning>) -> Result<EntityEdits> {
    match editfile::read_optional(content, ENTITIES_FILE)? {
        Some(text) => parse(&text, warnings),
        None => Ok(EntityEdits::default()),
    }
}

pub fn parse(text: &str, warnings: &mut Vec<Warning>) -> Result<EntityEdits> {
    let file = format!("content/{ENTITIES_FILE}");
    let table: Table = editfile::parse_table(text, &file)?;
    let person_lines = editfile::header_lines(text, "person");
    let topic_lines = editfile::header_lines(text, "topic");
    let mut edits = EntityEdits::default();
    for (key, value) in &table {
        let entries = match (key.as_str(), value) {
            ("person" | "topic", Value::Array(a)) => a,
            _ => {
                warnings.push(Warning {
                    file: file.clone(),
                    line: None,
                    message: format!(
                        "unknown section `{key}` is ignored; use [[person]] or [[topic]]"
                    ),
                });
                continue;
            }
        };
        for (i, entry) in entries.iter().enumerate() {
            let lines = if key == "person" {
                &person_lines
            } else {
                &topic_lines
            };
            let line = lines.get(i).copied().unwrap_or(1);
            let err = |message: String| Error::Content {
                file: file.clone(),
                line,
                message,
            };
            let Value::Table(t) = entry else {
                return Err(err(format!("each [[{key}]] must be a table of fields")));
            };
            let known: &[&str] = if key == "person" {
                &PERSON_KEYS
            } else {
                &TOPIC_KEYS
            };
            for k in t.keys().filter(|k| !known.contains(&k.as_str())) {
                warnings.push(Warning {
                    file: file.clone(),
                    line: Some(line),
                    message: format!(
                        "unknown field `{k}` in [[{key}]] is ignored (known: {})",
                        known.join(", ")
                    ),
                });
            }
            let string = |k: &str| -> Result<Option<String>> {
                match t.get(k) {
                    None => Ok(None),
                    Some(Value::String(s)) if !s.trim().is_empty() => {
                        Ok(Some(s.trim().to_string()))
                    }
                    Some(_) => Err(err(format!("`{k}` in [[{key}]] must be non-empty text"))),
                }
            };
            let list = |k: &str| -> Result<Vec<String>> {
                match t.get(k) {
                    None => Ok(Vec::new()),
                    Some(Value::Array(a)) => a
                        .iter()
                        .map(|v| {
                            v.as_str()
                                .map(|s| s.trim().to_string())
                                .ok_or_else(|| err(format!("`{k}` must be a list of text")))
                        })
                        .collect(),
                    Some(_) => Err(err(format!("`{k}` in [[{key}]] must be a list of text"))),
                }
            };
            let hide = match t.get("hide") {
                None => false,
                Some(Value::Boolean(b)) => *b,
                Some(_) => return Err(err("`hide` must be true or false".into())),
            };
            let kind = match string("kind")?.as_deref() {
                None => None,
                Some("theme") => Some(TopicKind::Theme),
                Some("place") => Some(TopicKind::Place),
                Some("organization" | "organisation") => Some(TopicKind::Organization),
                Some(other) => {
                    return Err(err(format!(
                        "`kind` is `{other}`; use theme, place or organization"
                    )))
                }
            };
            let name = string("name")?.ok_or_else(|| err(format!("[[{key}]] needs a `name`")))?;
            if key == "person" {
                edits.people.push(PersonEdit {
                    name,
                    rename: string("rename")?,
                    description: string("description")?,
                    merge: list("merge")?,
                    split: list("split")?,
                    hide,
                    kind,
                    line,
                });
            } else {
                edits.topics.push(TopicEdit {
                    name,
                    rename: string("rename")?,
                    description: string("description")?,
                    hide,
                    kind,
                    keywords: list("keywords")?,
                    line,
                });
            }
        }
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_with_lines() {
        let mut w = Vec::new();
        let e = parse(
            "[[person]]\nname = \"A\"\nhide = true\n\n[[topic]]\nname = \"peace plan\"\nkeywords = [\"plan\"]\nkind = \"theme\"\ncolour = 1\n",
            &mut w,
        )
        .unwrap();
        assert_eq!(e.people[0].line, 1);
        assert!(e.people[0].hide);
        assert_eq!(e.topics[0].line, 5);
        assert_eq!(e.topics[0].kind, Some(TopicKind::Theme));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, Some(5));
        let err = parse("[[person]]\nname = \"A\"\nkind = \"robot\"\n", &mut w).unwrap_err();
        assert!(
            err.to_string().starts_with("content/entities.toml:1:"),
            "{err}"
        );
    }
}

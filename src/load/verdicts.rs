//! `content/disagreements.toml`: the editor's verdicts on disagreements.
//!
//! ```toml
//! [[dismiss]]
//! id = "number-3fa2…"              # the card id shown on the page
//! reason = "Different meetings: Sunday in one city, Tuesday in another."
//!
//! [[confirm]]
//! id = "date-91c0…"
//! note = "Checked with the outlet's correction."   # optional
//!
//! [[add]]
//! kind = "number"                  # date, number, role, quote, attribution, spelling, other
//! subject = "How many ships were waiting"
//! note = "Found by the desk."      # optional
//! claims = [
//!   { file = "01_harbour.txt", sentence = 4, value = "six" },
//!   { file = "03_wire.txt", sentence = 2, value = "eight" },
//! ]
//! ```

use std::path::Path;

use toml::{Table, Value};

use super::editfile;
use crate::error::{Error, Result};
use crate::model::{ClaimKind, VerdictEdit, Warning};

pub const VERDICTS_FILE: &str = "disagreements.toml";

pub fn load(content: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<VerdictEdit>> {
    match editfile::read_optional(content, VERDICTS_FILE)? {
        Some(text) => parse(&text, warnings),
        None => Ok(Vec::new()),
    }
}

pub fn parse(text: &str, warnings: &mut Vec<Warning>) -> Result<Vec<VerdictEdit>> {
    let file = format!("content/{VERDICTS_FILE}");
    let table: Table = editfile::parse_table(text, &file)?;
    let mut out = Vec::new();
    for (section, value) in &table {
        let Value::Array(entries) = value else {
            warnings.push(Warning {
                file: file.clone(),
                line: None,
                message: format!("unknown section `{section}` is ignored; use [[dismiss]], [[confirm]] or [[add]]"),
            });
            continue;
        };
        let lines = editfile::header_lines(text, section);
        for (i, entry) in entries.iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(1);
            let err = |message: String| Error::Content {
                file: file.clone(),
                line,
                message,
            };
            let Value::Table(t) = entry else {
                return Err(err(format!("each [[{section}]] must be a table of fields")));
            };
            let text_field = |k: &str| -> Option<String> {
                t.get(k)
                    .and_then(Value::as_str)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            match section.as_str() {
                "dismiss" => out.push(VerdictEdit::Dismiss {
                    id: text_field("id").ok_or_else(|| err("[[dismiss]] needs the card's `id`".into()))?,
                    reason: text_field("reason").ok_or_else(|| err("[[dismiss]] needs a `reason`".into()))?,
                    line,
                }),
                "confirm" | "note" => out.push(VerdictEdit::Confirm {
                    id: text_field("id").ok_or_else(|| err(format!("[[{section}]] needs the card's `id`")))?,
                    note: text_field("note"),
                    line,
                }),
                "add" => {
                    let kind = match text_field("kind").as_deref() {
                        Some("date") => ClaimKind::Date,
                        Some("number") => ClaimKind::Number,
                        Some("role") => ClaimKind::Role,
                        Some("quote") => ClaimKind::Quote,
                        Some("attribution") => ClaimKind::Attribution,
                        Some("spelling") => ClaimKind::Spelling,
                        Some("other") | None => ClaimKind::Other,
                        Some(k) => return Err(err(format!("`kind` is `{k}`; use date, number, role, quote, attribution, spelling or other"))),
                    };
                    let claims = t
                        .get("claims")
                        .and_then(Value::as_array)
                        .ok_or_else(|| err("[[add]] needs `claims`: a list of { file, sentence, value }".into()))?
                        .iter()
                        .map(|c| {
                            let file = c.get("file").and_then(Value::as_str);
                            let sentence = c.get("sentence").and_then(Value::as_integer);
                            let value = c.get("value").and_then(Value::as_str);
                            match (file, sentence, value) {
                                (Some(f), Some(n), Some(v)) if n >= 0 => Ok((f.to_string(), n as usize, v.to_string())),
                                _ => Err(err("each claim needs `file` (under content/), `sentence` (its number on the article page) and `value`".into())),
                            }
                        })
                        .collect::<Result<Vec<_>>>()?;
                    if claims.len() < 2 {
                        return Err(err("[[add]] needs at least two claims".into()));
                    }
                    out.push(VerdictEdit::Add {
                        kind,
                        subject: text_field("subject").ok_or_else(|| err("[[add]] needs a `subject`".into()))?,
                        note: text_field("note"),
                        claims,
                        line,
                    });
                }
                other => warnings.push(Warning {
                    file: file.clone(),
                    line: Some(line),
                    message: format!("unknown section `{other}` is ignored; use [[dismiss]], [[confirm]] or [[add]]"),
                }),
            }
        }
    }
    Ok(out)
}

//! Dates a text gives relative to the day it was written: "yesterday",
//! "last week", "three days ago", "late November".
//!
//! Each resolves to a stretch of days, not a point, because that is all the
//! text commits to: "last week" in an article dated Tuesday 2 December is
//! any day from Monday 24 to Sunday 30 November. Two sources then agree
//! when their stretches overlap, and only disagree when they cannot.
//! Weeks start on Monday; "early", "mid" and "late" a month are its first,
//! second and last thirds.

use std::sync::LazyLock;

use regex::Regex;

use super::{days_in_month, month_number, Date};

/// One relative date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relative {
    /// Byte span of the expression in the text.
    pub start: usize,
    pub end: usize,
    /// First and last day it can mean (equal for "yesterday").
    pub from: Date,
    pub to: Date,
}

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?-u:\b)(?:
        (?P<single>yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))
        |(?P<rel>last|this|next|earlier\s+this|later\s+this|(?:over\s+)?the\s+past)\s+(?P<per>week|weekend|month|year)
        |(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several|a\s+couple\s+of)\s+(?P<per2>days?|weeks?|months?|years?)\s+ago
        |(?P<part>early|mid|late|the\s+(?:start|beginning|middle|end)\s+of)[-\s]+(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)(?:,?\s+(?P<year>(?:19|20)\d{2}))?
        )(?-u:\b)",
    )
    .expect("relative date pattern")
});

/// The pattern [`relative_dates`] reads, for a caller that tests many
/// patterns in one pass.
pub(crate) fn relative_pattern() -> &'static str {
    RELATIVE.as_str()
}

fn count(word: &str) -> Option<i64> {
    let w = word.to_lowercase();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match w.as_str() {
        "a" | "an" | "one" => 1,
        "two" | "a couple of" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        // Vague counts: resolved to a band below.
        "a few" | "several" => 0,
        _ => return w.parse().ok(),
    })
}

fn month_span(year: i32, month: u32) -> (Date, Date) {
    (
        Date {
            year,
            month,
            day: 1,
        },
        Date {
            year,
            month,
            day: days_in_month(year, month),
        },
    )
}

/// The month `delta` months after `year`-`month`.
fn shift_month(year: i32, month: u32, delta: i64) -> (i32, u32) {
    let index = i64::from(year) * 12 + i64::from(month) - 1 + delta;
    (
        index.div_euclid(12) as i32,
        (index.rem_euclid(12) + 1) as u32,
    )
}

fn year_span(year: i32) -> (Date, Date) {
    (
        Date {
            year,
            month: 1,
            day: 1,
        },
        Date {
            year,
            month: 12,
            day: 31,
        },
    )
}

/// Every relative date in `text`, resolved against `reference` (the
/// article's date). Without a reference only "late November 2024", which
/// carries its own year, can be resolved. `future` says whether the text
/// looks ahead, which decides the year of a bare "early January".
pub fn relative_dates(text: &str, reference: Option<Date>, future: bool) -> Vec<Relative> {
    let mut out = Vec::new();
    for c in RELATIVE.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let span = if let Some(m) = c.name("month") {
            let month = month_number(m.as_str()).unwrap_or(1);
            let year = match (c.name("year"), reference) {
                (Some(y), _) => y.as_str().parse().ok(),
                (None, Some(r)) if future => Some(r.year + i32::from(month < r.month)),
                (None, Some(r)) => Some(r.year - i32::from(month > r.month)),
                (None, None) => None,
            };
            let Some(year) = year else { continue };
            let last = days_in_month(year, month);
            let part = c.name("part").map_or("", |p| p.as_str()).to_lowercase();
            let (first, end) =
                if part == "early" || part.contains("start") || part.contains("beginning") {
                    (1, 10)
                } else if part == "mid" || part.contains("middle") {
                    (11, 20)
                } else {
                    (21, last)
                };
            (
                Date {
                    year,
                    month,
                    day: first,
                },
                Date {
                    year,
                    month,
                    day: end,
                },
            )
        } else {
            let Some(r) = reference else { continue };
            let monday = r.plus_days(-i64::from(r.weekday()));
            if let Some(single) = c.name("single") {
                let s = single.as_str().to_lowercase();
                match s.as_str() {
                    "yesterday" => (r.plus_days(-1), r.plus_days(-1)),
                    "tomorrow" => (r.plus_days(1), r.plus_days(1)),
                    // Written late at night or read the morning after.
                    _ if s.starts_with("last") => (r.plus_days(-1), r),
                    _ => (r, r),
                }
            } else if let Some(per) = c.name("per") {
                let rel = c.name("rel").map_or("", |m| m.as_str()).to_lowercase();
                let rel = rel.split_whitespace().collect::<Vec<_>>().join(" ");
                let per = per.as_str().to_lowercase();
                match (rel.as_str(), per.as_str()) {
                    ("last", "week") => (monday.plus_days(-7), monday.plus_days(-1)),
                    ("this", "week") => (monday, monday.plus_days(6)),
                    ("earlier this", "week") => (monday, r),
                    ("later this", "week") => (r, monday.plus_days(6)),
                    ("next", "week") => (monday.plus_days(7), monday.plus_days(13)),
                    ("next", "weekend") => (monday.plus_days(12), monday.plus_days(13)),
                    ("this" | "earlier this" | "later this", "weekend") => {
                        (monday.plus_days(5), monday.plus_days(6))
                    }
                    // "last weekend", "the past weekend".
                    (_, "weekend") => (monday.plus_days(-2), monday.plus_days(-1)),
                    ("last", "month") => {
                        let (y, m) = shift_month(r.year, r.month, -1);
                        month_span(y, m)
                    }
                    ("next", "month") => {
                        let (y, m) = shift_month(r.year, r.month, 1);
                        month_span(y, m)
                    }
                    ("earlier this", "month") => (month_span(r.year, r.month).0, r),
                    ("later this", "month") => (r, month_span(r.year, r.month).1),
                    ("this", "month") => month_span(r.year, r.month),
                    ("last", "year") => year_span(r.year - 1),
                    ("next", "year") => year_span(r.year + 1),
                    ("earlier this", "year") => (year_span(r.year).0, r),
                    ("later this", "year") => (r, year_span(r.year).1),
                    ("this", "year") => year_span(r.year),
                    // "the past week": the days just gone.
                    (_, "week") => (r.plus_days(-7), r),
                    (_, "month") => (r.plus_days(-31), r),
                    _ => (r.plus_days(-366), r),
                }
            } else {
                let n = c.name("n").and_then(|m| count(m.as_str())).unwrap_or(0);
                let per = c.name("per2").map_or("", |m| m.as_str()).to_lowercase();
                let per = per.trim_end_matches('s');
                match (per, n) {
                    // "a few days ago": two to six days back.
                    ("day", 0) => (r.plus_days(-6), r.plus_days(-2)),
                    ("week", 0) => (r.plus_days(-42), r.plus_days(-14)),
                    ("month", 0) => {
                        let (y, m) = shift_month(r.year, r.month, -6);
                        (month_span(y, m).0, r)
                    }
                    ("year", 0) => (year_span(r.year - 9).0, year_span(r.year - 2).1),
                    ("day", n) if n <= 2 => (r.plus_days(-n), r.plus_days(-n)),
                    ("day", n) => (r.plus_days(-n - 1), r.plus_days(-n + 1)),
                    ("week", n) => (r.plus_days(-7 * n - 3), r.plus_days(-7 * n + 3)),
                    ("month", n) => {
                        let (y, m) = shift_month(r.year, r.month, -n);
                        month_span(y, m)
                    }
                    (_, n) => year_span(r.year - n as i32),
                }
            }
        };
        out.push(Relative {
            start: whole.start(),
            end: whole.end(),
            from: span.0,
            to: span.1,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str, reference: Date, future: bool) -> Vec<(String, String, String)> {
        relative_dates(text, Some(reference), future)
            .into_iter()
            .map(|r| {
                (
                    text[r.start..r.end].to_string(),
                    r.from.to_string(),
                    r.to.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn weeks_months_and_days() {
        // A Tuesday.
        let d = Date::new(2025, 12, 2).unwrap();
        let found = spans(
            "It leaked last week, yesterday and three days ago, not last month or late November.",
            d,
            false,
        );
        assert_eq!(
            found,
            vec![
                ("last week".into(), "2025-11-24".into(), "2025-11-30".into()),
                ("yesterday".into(), "2025-12-01".into(), "2025-12-01".into()),
                (
                    "three days ago".into(),
                    "2025-11-28".into(),
                    "2025-11-30".into()
                ),
                (
                    "last month".into(),
                    "2025-11-01".into(),
                    "2025-11-30".into()
                ),
                (
                    "late November".into(),
                    "2025-11-21".into(),
                    "2025-11-30".into()
                ),
            ]
        );
    }

    #[test]
    fn year_of_a_bare_month_follows_the_tense() {
        let d = Date::new(2025, 12, 2).unwrap();
        assert_eq!(spans("in early January", d, true)[0].1, "2026-01-01");
        assert_eq!(spans("in early January", d, false)[0].1, "2025-01-01");
        assert_eq!(spans("by mid-March 2024", d, false)[0].2, "2024-03-20");
        // Across a year boundary.
        let jan = Date::new(2026, 1, 5).unwrap();
        assert_eq!(
            spans("last month", jan, false)[0],
            (
                "last month".into(),
                "2025-12-01".into(),
                "2025-12-31".into()
            )
        );
    }

    #[test]
    fn nothing_without_a_reference_unless_the_year_is_written() {
        assert!(relative_dates("last week", None, false).is_empty());
        assert_eq!(relative_dates("late June 2023", None, false).len(), 1);
        assert!(relative_dates("the weekly meeting", None, false).is_empty());
    }
}

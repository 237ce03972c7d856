//! Calendar dates as news text writes them.
//!
//! Scraped articles date themselves in a dozen ways ("December 02, 2025",
//! "Tuesday, Dec. 2", "2025-11-06T14:05Z", "18/11/2025 09:14"). Several of
//! those leave something out: the year, or whether `12/07` is July or
//! December. [`PartialDate`] keeps what the text said, and
//! [`PartialDate::resolve`] fills the gaps from context (a weekday that has
//! to match, the years the dossier is about) instead of guessing early.

mod relative;

pub(crate) use relative::relative_pattern;
pub use relative::{relative_dates, Relative};

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Serialize, Serializer};

/// A day in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A date, if the day exists in that month and year.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The calendar day `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            year: (y + i64::from(m <= 2)) as i32,
            month: m,
            day: d,
        }
    }

    /// The day `n` days later (earlier when negative).
    pub fn plus_days(self, n: i64) -> Date {
        Date::from_days(self.days_since_epoch() + n)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as u32
    }

    /// "Dec 2": a day on a timeline's axis.
    pub fn short(self) -> String {
        let month = MONTHS[self.month as usize - 1].0;
        format!("{} {}", month.get(..3).unwrap_or(month), self.day)
    }

    /// "December 2, 2025": how the site shows a date to a reader.
    pub fn long(self) -> String {
        format!(
            "{} {}, {}",
            MONTHS[self.month as usize - 1].0,
            self.day,
            self.year
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1-based) of year `y`; 0 for no such month.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Month names with the abbreviations newsrooms use.
const MONTHS: [(&str, &[&str]); 12] = [
    ("January", &["jan"]),
    ("February", &["feb"]),
    ("March", &["mar"]),
    ("April", &["apr"]),
    ("May", &[]),
    ("June", &["jun"]),
    ("July", &["jul"]),
    ("August", &["aug"]),
    ("September", &["sep", "sept"]),
    ("October", &["oct"]),
    ("November", &["nov"]),
    ("December", &["dec"]),
];

const WEEKDAYS: [(&str, &[&str]); 7] = [
    ("monday", &["mon"]),
    ("tuesday", &["tue", "tues"]),
    ("wednesday", &["wed"]),
    ("thursday", &["thu", "thur", "thurs"]),
    ("friday", &["fri"]),
    ("saturday", &["sat"]),
    ("sunday", &["sun"]),
];

/// 1-based month for a month name or abbreviation ("Sept", "dec.").
pub fn month_number(word: &str) -> Option<u32> {
    name_position(word, &MONTHS).map(|i| i as u32 + 1)
}

/// 0-based weekday (Monday = 0) for a weekday name or abbreviation.
pub fn weekday_number(word: &str) -> Option<u32> {
    name_position(word, &WEEKDAYS).map(|i| i as u32)
}

/// Where `word` (a trailing period dropped, in any case) is in `names`,
/// by full name or abbreviation. This runs for most words of a dossier:
/// an ASCII word is compared as it is, uncopied, and any other is none of
/// the names (the one character outside ASCII that lower-cases into it,
/// the Kelvin sign, makes a "k", which no name has), nor is a word longer
/// or shorter than every name.
fn name_position(word: &str, names: &[(&str, &[&str])]) -> Option<usize> {
    let w = word.trim_end_matches('.');
    if !w.is_ascii() || !(3..=9).contains(&w.len()) {
        return None;
    }
    names.iter().position(|(full, abbrs)| {
        full.eq_ignore_ascii_case(w) || abbrs.iter().any(|a| a.eq_ignore_ascii_case(w))
    })
}

/// A date as far as the text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    /// The weekday the text named, if any; a resolved date must fall on it.
    pub weekday: Option<u32>,
    /// `12/07/2025`: day and month could be either way round.
    pub day_month_ambiguous: bool,
}

impl PartialDate {
    fn complete(d: Date) -> PartialDate {
        PartialDate {
            year: Some(d.year),
            month: d.month,
            day: d.day,
            weekday: None,
            day_month_ambiguous: false,
        }
    }

    /// The date itself, when nothing about it is in doubt.
    pub fn certain(&self) -> Option<Date> {
        if self.day_month_ambiguous {
            return None;
        }
        let d = Date::new(self.year?, self.month, self.day)?;
        match self.weekday {
            Some(w) if w != d.weekday() => None,
            _ => Some(d),
        }
    }

    /// Every reading of the text that is a real date, given the candidate
    /// years to try when the text names none.
    fn readings(&self, years: &[i32]) -> Vec<Date> {
        let mut orders = vec![(self.month, self.day)];
        if self.day_month_ambiguous && self.month != self.day {
            orders.push((self.day, self.month));
        }
        let years: Vec<i32> = match self.year {
            Some(y) => vec![y],
            None => years.to_vec(),
        };
        let mut out = Vec::new();
        for &(m, d) in &orders {
            for &y in &years {
                if let Some(date) = Date::new(y, m, d) {
                    if self.weekday.is_none_or(|w| w == date.weekday()) {
                        out.push(date);
                    }
                }
            }
        }
        out
    }

    /// The most plausible full date near `reference` (the dossier's other
    /// dates, or the years the article mentions). A named weekday must
    /// match; otherwise the reading closest to the reference wins.
    pub fn resolve(&self, reference: Option<Date>, years_mentioned: &[i32]) -> Option<Date> {
        if let Some(d) = self.certain() {
            return Some(d);
        }
        let mut years: Vec<i32> = years_mentioned.to_vec();
        if let Some(r) = reference {
            years.extend([r.year - 1, r.year, r.year + 1]);
        }
        years.sort_unstable();
        years.dedup();
        let readings = self.readings(&years);
        match reference {
            Some(r) => readings
                .into_iter()
                .min_by_key(|d| ((d.days_since_epoch() - r.days_since_epoch()).abs(), *d)),
            // Without a reference, only a reading that is the only one is safe.
            None if readings.len() == 1 => readings.into_iter().next(),
            None => None,
        }
    }
}

const MONTH_RE: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
const WEEKDAY_RE: &str =
    r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday|\.)?";

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
        .unwrap()
});
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:({WEEKDAY_RE}),?\s+)?({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$"
    ))
    .unwrap()
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:({WEEKDAY_RE}),?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE}),?(?:\s+(\d{{4}}))?$"
    ))
    .unwrap()
});
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$").unwrap());
/// What may trail a date on a date line: a time, a zone, "Updated".
static TRAILER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:UTC|GMT|BST|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT))?)$").unwrap()
});
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:posted|published|updated|last updated|date|dated)\s*(?:on)?\s*:?\s*)")
        .unwrap()
});

/// Parses text that is nothing but a date, as on a date line under a
/// headline: "December 02, 2025", "Tuesday, Dec. 2", "2025-12-02",
/// "Posted: 18/11/2025 09:14". Text with anything else in it is not a date
/// line and gives `None`.
pub fn parse_date_line(text: &str) -> Option<PartialDate> {
    let mut s = text
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_')
        .trim();
    s = PREFIX.find(s).map_or(s, |m| &s[m.end()..]).trim();
    let without_time = TRAILER.find(s).map_or(s, |m| &s[..m.start()]).trim();
    if let Some(c) = ISO.captures(s).or_else(|| ISO.captures(without_time)) {
        let d = Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        return Some(PartialDate::complete(d));
    }
    let s = without_time;
    if let Some(c) = MONTH_FIRST.captures(s) {
        return build(c.get(1), &c[2], &c[3], c.get(4));
    }
    if let Some(c) = DAY_FIRST.captures(s) {
        return build(c.get(1), &c[3], &c[2], c.get(4));
    }
    if let Some(c) = NUMERIC.captures(s) {
        let a: u32 = c[1].parse().ok()?;
        let b: u32 = c[2].parse().ok()?;
        let year: i32 = c[3].parse().ok()?;
        // 18/11/2025 can only be day-first; 11/18/2025 only month-first.
        let (day, month, ambiguous) = match (a, b) {
            (a, b) if a > 12 && b <= 12 => (a, b, false),
            (a, b) if b > 12 && a <= 12 => (b, a, false),
            (a, b) if a <= 12 && b <= 12 => (a, b, a != b),
            _ => return None,
        };
        Date::new(year, month, day)?;
        return Some(PartialDate {
            year: Some(year),
            month,
            day,
            weekday: None,
            day_month_ambiguous: ambiguous,
        });
    }
    None
}

fn build(
    weekday: Option<regex::Match<'_>>,
    month: &str,
    day: &str,
    year: Option<regex::Match<'_>>,
) -> Option<PartialDate> {
    let month = month_number(month)?;
    let day: u32 = day.parse().ok()?;
    let year: Option<i32> = match year {
        Some(y) => Some(y.as_str().parse().ok()?),
        None => None,
    };
    // Reject impossible days early (Feb 30), leap years aside.
    Date::new(year.unwrap_or(2000), month, day)?;
    Some(PartialDate {
        year,
        month,
        day,
        weekday: weekday.and_then(|w| weekday_number(w.as_str())),
        day_month_ambiguous: false,
    })
}

/// A `/YYYY/MM/DD/` run in a URL, as news sites put in their paths.
pub fn date_in_url(url: &str) -> Option<Date> {
    static URL_DATE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)").unwrap());
    let c = URL_DATE.captures(url)?;
    Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// Four-digit years (1900–2099) that a text mentions, for resolving dates
/// that leave the year out.
pub fn years_in(text: &str) -> Vec<i32> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?-u:\b)(19\d{2}|20\d{2})(?-u:\b)").unwrap());
    let mut years: Vec<i32> = YEAR
        .captures_iter(text)
        .filter_map(|c| c[1].parse().ok())
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Option<String> {
        parse_date_line(s)
            .and_then(|p| p.certain())
            .map(|d| d.to_string())
    }

    #[test]
    fn common_date_lines() {
        assert_eq!(line("December 02, 2025").as_deref(), Some("2025-12-02"));
        assert_eq!(line("2025-12-02").as_deref(), Some("2025-12-02"));
        assert_eq!(line("Dec. 2, 2025").as_deref(), Some("2025-12-02"));
        assert_eq!(line("6 November 2025").as_deref(), Some("2025-11-06"));
        assert_eq!(line("Thursday 10 July 2025").as_deref(), Some("2025-07-10"));
        assert_eq!(line("2025-11-06T14:05Z").as_deref(), Some("2025-11-06"));
        assert_eq!(line("2025-07-10 18:42 UTC").as_deref(), Some("2025-07-10"));
        assert_eq!(
            line("Posted: 18/11/2025 09:14").as_deref(),
            Some("2025-11-18")
        );
        assert_eq!(
            line("Tuesday, September 9, 2025").as_deref(),
            Some("2025-09-09")
        );
        // A weekday that contradicts the date is not trusted.
        assert_eq!(line("Monday, September 9, 2025"), None);
        assert_eq!(line("The talks lasted five hours."), None);
        assert_eq!(line("May the best side win"), None);
    }

    #[test]
    fn missing_year_is_resolved_by_weekday() {
        let p = parse_date_line("Tuesday, Dec. 2").unwrap();
        assert_eq!(p.year, None);
        let d = p.resolve(None, &[2024, 2025]).unwrap();
        assert_eq!(d.to_string(), "2025-12-02");
    }

    #[test]
    fn ambiguous_numeric_date_resolves_near_reference() {
        let p = parse_date_line("Posted 12/07/2025").unwrap();
        assert!(p.day_month_ambiguous);
        let reference = Date::new(2025, 7, 10);
        assert_eq!(p.resolve(reference, &[]).unwrap().to_string(), "2025-07-12");
        let reference = Date::new(2025, 12, 1);
        assert_eq!(p.resolve(reference, &[]).unwrap().to_string(), "2025-12-07");
    }

    #[test]
    fn weekday_arithmetic() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().weekday(), 3);
        assert_eq!(Date::new(2025, 12, 2).unwrap().weekday(), 1);
        assert_eq!(Date::new(2024, 2, 29).unwrap().weekday(), 3);
        assert!(Date::new(2025, 2, 29).is_none());
    }

    #[test]
    fn month_and_weekday_names() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("DECEMBER"), Some(12));
        assert_eq!(month_number("may"), Some(5));
        assert_eq!(weekday_number("Thurs"), Some(3));
        assert_eq!(weekday_number("Wednesday."), Some(2));
        assert_eq!(month_number("Mayo"), None);
        assert_eq!(month_number("Décembre"), None);
        assert_eq!(weekday_number("Sundays"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            date_in_url("https://x.example/2025/12/02/some-story-a1").map(|d| d.to_string()),
            Some("2025-12-02".into())
        );
        assert_eq!(date_in_url("https://x.example/story-2025"), None);
    }
}

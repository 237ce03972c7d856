//! Times of day: "2:40 a.m.", "shortly after 3 p.m.", "14:30 GMT", "noon".
//!
//! A time becomes a stretch of minutes after midnight, for the same reason
//! hedged numbers become ranges: "about 3 a.m." and "2:50 a.m." can both be
//! true, and a whole hour is often a rounded one. Times in different zones
//! are never compared (the zone is part of the unit), and deadlines ("by
//! 6 p.m.", "until 8 p.m.") are not times at which something happened.

use std::sync::LazyLock;

use regex::Regex;

/// One time of day in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClockTime {
    pub start: usize,
    pub end: usize,
    /// Earliest and latest minute after midnight the text allows.
    pub lo: f64,
    pub hi: f64,
    /// The time zone written after it, upper-case; empty for local time.
    pub zone: String,
    /// "about 03:00", "14:30 GMT".
    pub display: String,
}

static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<hedge>(?-u:\b)(?:about|around|approximately|roughly|circa|shortly\ after|just\ after|soon\ after|after|shortly\ before|just\ before|before|by|until|till|through)\s+)?
        (?:
          (?-u:\b)(?P<h12>1[0-2]|0?[1-9])(?:[:.](?P<m12>[0-5]\d))?\s*(?P<ampm>[ap])\.?\s?m(?-u:\b)\.?
         |(?-u:\b)(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?-u:\b)
         |(?-u:\b)(?P<named>noon|midday|midnight)(?-u:\b)
        )
        (?:\s+(?P<zone>local\ time|GMT|UTC|BST|CET|CEST|EET|EEST|MSK|IST|JST|KST|AEST|AEDT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|MT|PT)(?-u:\b))?",
    )
    .expect("clock pattern")
});

/// Every time of day in `text` that says when something happened.
pub(crate) fn clock_times(text: &str) -> Vec<ClockTime> {
    let mut out = Vec::new();
    for c in CLOCK.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let hedge = c
            .name("hedge")
            .map(|h| h.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
            .map(|h| h.to_lowercase());
        // A deadline or the end of a state, not a moment something happened.
        if matches!(hedge.as_deref(), Some("by" | "until" | "till" | "through")) {
            continue;
        }
        let zone = c
            .name("zone")
            .map(|z| z.as_str().to_uppercase())
            .filter(|z| z != "LOCAL TIME")
            .unwrap_or_default();
        let minute = if let Some(h) = c.name("h12") {
            let h: u32 = h.as_str().parse().unwrap_or(0);
            let m: u32 = c.name("m12").map_or(0, |m| m.as_str().parse().unwrap_or(0));
            let pm = c["ampm"].eq_ignore_ascii_case("p");
            (h % 12 + if pm { 12 } else { 0 }) * 60 + m
        } else if let Some(h) = c.name("h24") {
            // "at 9:30" with no a.m./p.m.: a clock time only when something
            // says so, else it may be a score or a ratio.
            let introduced = text[..whole.start()]
                .trim_end()
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "at" | "from" | "around" | "about"
                    )
                });
            if !(introduced || hedge.is_some() || !zone.is_empty()) {
                continue;
            }
            let h: u32 = h.as_str().parse().unwrap_or(0);
            let m: u32 = c["m24"].parse().unwrap_or(0);
            h * 60 + m
        } else {
            let named = c["named"].to_lowercase();
            // "midnight" alone is as often a figure of speech as a time.
            let introduced = hedge.is_some()
                || text[..whole.start()]
                    .trim_end()
                    .to_lowercase()
                    .ends_with(" at");
            if !introduced {
                continue;
            }
            if named == "midnight" {
                0
            } else {
                12 * 60
            }
        };
        let t = f64::from(minute);
        // A whole hour may be a rounded one.
        let slack = if minute % 60 == 0 { 15.0 } else { 0.0 };
        let (lo, hi) = match hedge.as_deref() {
            Some("about" | "around" | "approximately" | "roughly" | "circa") => {
                (t - 30.0 - slack, t + 30.0 + slack)
            }
            Some("shortly after" | "just after" | "soon after") => (t, t + 30.0 + slack),
            Some("after") => (t, t + 180.0),
            Some("shortly before" | "just before") => (t - 30.0 - slack, t),
            Some("before") => (t - 180.0, t),
            _ => (t - slack, t + slack),
        };
        let mut display = format!("{:02}:{:02}", minute / 60, minute % 60);
        if let Some(h) = &hedge {
            display = format!("{h} {display}");
        }
        if !zone.is_empty() {
            display = format!("{display} {zone}");
        }
        out.push(ClockTime {
            start: whole.start(),
            end: whole.end(),
            lo,
            hi,
            zone,
            display,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<String> {
        clock_times(text).into_iter().map(|c| c.display).collect()
    }

    #[test]
    fn twelve_and_twenty_four_hour_times() {
        assert_eq!(
            shown("The blast came at 2:40 a.m., a briefing at 10 AM and talks at 14:30 GMT."),
            ["02:40", "10:00", "14:30 GMT"]
        );
        assert_eq!(
            shown("shortly after 3 p.m. local time"),
            ["shortly after 15:00"]
        );
        assert_eq!(shown("It ended at noon."), ["12:00"]);
        assert_eq!(shown("at 12 a.m."), ["00:00"]);
    }

    #[test]
    fn deadlines_scores_and_figures_of_speech_are_not_times() {
        assert!(shown("The warning is in effect until 8 p.m. Tuesday.").is_empty());
        assert!(shown("Submit it by 6 p.m.").is_empty());
        assert!(shown("They won 2:1 at home.").is_empty());
        assert!(shown("burning the midnight oil").is_empty());
    }

    #[test]
    fn hedges_and_round_hours_make_ranges() {
        let about = &clock_times("about 3 a.m.")[0];
        assert!(about.lo <= 170.0 && about.hi >= 190.0);
        let exact = &clock_times("at 2:57 a.m.")[0];
        assert_eq!((exact.lo, exact.hi), (177.0, 177.0));
        let round = &clock_times("at 3 a.m.")[0];
        assert!(round.lo <= 177.0);
    }
}

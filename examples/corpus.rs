//! A deterministic generator of news-like dossiers for benchmarks.
//!
//! ```text
//! cargo run --release --example corpus -- N OUT [SEED]
//! ```
//!
//! writes `OUT/dossier/content/NNNNNN.txt` (N scraped-looking articles
//! for dossier) and `OUT/hugo/` (the same articles as a minimal Hugo site:
//! front matter with title, date and `tags` = the people named), so that
//! both tools are timed on identical text.
//!
//! The articles cover a pool of events in an invented country. Each has a
//! headline, an outlet line, a byline, a date line and about 600 words:
//! people from a pool of a few hundred introduced with a title and then
//! named by surname, quotations with speech verbs, figures and dates. A
//! share of the articles report an event's figure differently or reword
//! its quotation, so the analysis has disagreements to find. Nothing here
//! is read by the tool itself: it only produces input.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// SplitMix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FIRST: &[&str] = &[
    "Anna", "Marek", "Lena", "Tomas", "Irina", "Pavel", "Sofia", "Daniel", "Helena", "Victor",
    "Maria", "Jonas", "Elena", "Adrian", "Nadia", "Oskar", "Clara", "Felix", "Vera", "Lukas",
    "Mira", "Stefan", "Alina", "Roman", "Eva", "Milan", "Petra", "Igor", "Julia", "Karl", "Rosa",
    "Emil", "Dana", "Boris", "Greta", "Hugo", "Ines", "Leon", "Olga", "Simon",
];
const SURNAME_START: &[&str] = &[
    "Kov", "Bar", "Mal", "Dres", "Hal", "Vor", "Sten", "Lind", "Mar", "Tor", "Brenn", "Kal", "Fal",
    "Rost", "Grun", "Pel", "Var", "Dun", "Hess", "Lor",
];
const SURNAME_END: &[&str] = &[
    "ak", "ens", "ova", "berg", "ic", "sson", "ar", "ley", "ek", "mann", "is", "ov", "ino", "stad",
    "er",
];
const TITLES: &[&str] = &[
    "Interior Minister",
    "Finance Minister",
    "Mayor",
    "Senator",
    "police chief",
    "union leader",
    "spokeswoman",
    "spokesman",
    "Prime Minister",
    "opposition leader",
    "chief executive",
    "regional governor",
    "Health Minister",
    "fire chief",
];
const OUTLETS: &[(&str, &str)] = &[
    ("Northern Courier", "northerncourier.example"),
    ("Daily Ledger", "dailyledger.example"),
    ("Coastal Times", "coastaltimes.example"),
    ("Capital Wire", "capitalwire.example"),
    ("Valley Post", "valleypost.example"),
    ("Evening Herald", "eveningherald.example"),
];
const PLACES: &[&str] = &[
    "Varna Bay",
    "Kessel",
    "Orlova",
    "Dunmore",
    "Halvik",
    "Stenport",
    "Brava",
    "Lindau Fells",
    "Marrow Vale",
    "Tornhill",
    "Pellsgate",
    "Graystone",
];
const EVENTS: &[(&str, &str, &str)] = &[
    // (headline noun, counted noun, event verb phrase)
    (
        "bridge collapse",
        "people",
        "were injured when the bridge collapsed",
    ),
    ("port strike", "workers", "walked off the job at the port"),
    (
        "flood",
        "homes",
        "were flooded after the river burst its banks",
    ),
    (
        "factory fire",
        "firefighters",
        "fought the blaze at the factory",
    ),
    ("budget vote", "lawmakers", "voted for the emergency budget"),
    (
        "train derailment",
        "passengers",
        "were hurt when the train left the tracks",
    ),
    (
        "hospital protest",
        "nurses",
        "protested outside the hospital",
    ),
    ("power outage", "households", "lost power during the storm"),
    ("mine accident", "miners", "were trapped underground"),
    (
        "election count",
        "ballots",
        "were recounted in the disputed district",
    ),
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "said in a statement",
    "added",
    "warned",
];
const FILLER: &[&str] = &[
    "Officials said the investigation would continue through the week.",
    "Residents gathered near the site as emergency crews worked through the night.",
    "The government has promised a full review of safety rules.",
    "Local businesses said the disruption had already cost them customers.",
    "Critics said the warning signs had been ignored for years.",
    "The regional council will meet again to discuss the response.",
    "Aid groups said more help was needed in the coming days.",
    "Analysts said the political fallout could last for months.",
    "Schools in the area remained closed as a precaution.",
    "Engineers were expected to inspect the area before it reopens.",
    "The opposition called for an independent inquiry into the handling of the crisis.",
    "Insurance companies have begun assessing the damage, according to industry sources.",
];
const QUOTES: &[&str] = &[
    "We will not rest until everyone is safe",
    "This should never have happened",
    "The response has been fast and professional",
    "We need answers, and we need them now",
    "Our teams are working around the clock",
    "Every family affected will get help",
    "The warnings were there for everyone to see",
    "We are doing everything we can",
];
const REWORDS: &[(&str, &str)] = &[
    ("will not rest", "cannot rest"),
    ("should never have happened", "must never happen again"),
    ("fast and professional", "quick and professional"),
    ("need them now", "need them today"),
    ("around the clock", "day and night"),
    ("will get help", "will be helped"),
    ("for everyone to see", "for all to see"),
    ("everything we can", "all we can"),
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

struct Person {
    first: &'static str,
    surname: String,
    title: &'static str,
}

struct Event {
    kind: usize,
    place: &'static str,
    count: u32,
    /// Days since 2024-01-01.
    day: u32,
    people: [usize; 3],
    quote: usize,
}

fn date(day: u32) -> (u32, usize, u32) {
    // 2024 and 2025 only; leap year 2024.
    let mut d = day % 730;
    let mut year = 2024;
    if d >= 366 {
        d -= 366;
        year = 2025;
    }
    let lengths = [
        31,
        if year == 2024 { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while d >= lengths[month] {
        d -= lengths[month];
        month += 1;
    }
    (year, month, d + 1)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: corpus N OUT [SEED]");
        std::process::exit(2);
    }
    let n: usize = args[1].parse().expect("N is a number");
    let out = Path::new(&args[2]);
    let seed: u64 = args
        .get(3)
        .map_or(7, |s| s.parse().expect("SEED is a number"));
    let mut rng = Rng(seed);

    let people: Vec<Person> = (0..300)
        .map(|_| Person {
            first: rng.pick(FIRST),
            surname: format!("{}{}", rng.pick(SURNAME_START), rng.pick(SURNAME_END)),
            title: rng.pick(TITLES),
        })
        .collect();
    let events: Vec<Event> = (0..(n / 6).max(3))
        .map(|_| Event {
            kind: rng.below(EVENTS.len()),
            place: rng.pick(PLACES),
            count: 3 + rng.below(400) as u32,
            day: rng.below(700) as u32,
            people: [
                rng.below(people.len()),
                rng.below(people.len()),
                rng.below(people.len()),
            ],
            quote: rng.below(QUOTES.len()),
        })
        .collect();

    let dossier = out.join("dossier/content");
    let hugo = out.join("hugo");
    fs::create_dir_all(&dossier).unwrap();
    fs::create_dir_all(hugo.join("content/posts")).unwrap();
    fs::create_dir_all(hugo.join("layouts/_default")).unwrap();
    fs::write(
        hugo.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\ntitle = \"Benchmark\"\ndisableKinds = [\"RSS\", \"sitemap\"]\n[taxonomies]\n  tag = \"tags\"\n",
    )
    .unwrap();
    fs::write(
        hugo.join("layouts/_default/single.html"),
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>{{ .Date.Format \"January 2, 2006\" }}</p>{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></body></html>\n",
    )
    .unwrap();
    fs::write(
        hugo.join("layouts/_default/list.html"),
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
    )
    .unwrap();

    for i in 0..n {
        let event = &events[rng.below(events.len())];
        let (noun, counted, happened) = EVENTS[event.kind];
        let (outlet, domain) = rng.pick(OUTLETS);
        let reporter = format!(
            "{} {}",
            rng.pick(FIRST),
            people[rng.below(people.len())].surname
        );
        // Some outlets get the figure, or the day, wrong.
        let count = if rng.chance(15) {
            event.count + 1 + rng.below(20) as u32
        } else {
            event.count
        };
        let event_day = if rng.chance(8) {
            event.day + 1
        } else {
            event.day
        };
        let published = event.day + 1 + rng.below(3) as u32;
        let (py, pm, pd) = date(published);
        let (ey, em, ed) = date(event_day);
        let title = format!(
            "{} in {}: {} {} as questions grow",
            capitalise(noun),
            event.place,
            count,
            counted
        );
        let mut body = String::new();
        let mut named = Vec::new();
        let _ = writeln!(
            body,
            "{} — {count} {counted} {happened} in {} on {} {}, {}, officials said.",
            event.place.to_uppercase(),
            event.place,
            MONTHS[em],
            ed,
            ey
        );
        body.push('\n');
        let mut words = 0;
        let mut paragraph = 0;
        while words < 600 {
            let mut p = String::new();
            for _ in 0..3 {
                let s = match rng.below(6) {
                    0 | 1 => {
                        let who = &people[event.people[rng.below(3)]];
                        let full = format!("{} {}", who.first, who.surname);
                        let first_time = !named.contains(&full);
                        if first_time {
                            named.push(full.clone());
                        }
                        let quote = QUOTES[event.quote];
                        let quote = if rng.chance(20) {
                            let (from, to) = REWORDS[event.quote];
                            quote.replace(from, to)
                        } else {
                            quote.to_string()
                        };
                        let speaker = if first_time {
                            format!("{} {}", capitalise(who.title), full)
                        } else {
                            who.surname.clone()
                        };
                        format!("“{quote},” {speaker} {}.", rng.pick(VERBS))
                    }
                    2 => format!(
                        "The {noun} happened on {}, {} {} {}, and by {} at least {count} {counted} were affected.",
                        WEEKDAYS[event_day as usize % 7],
                        MONTHS[em],
                        ed,
                        ey,
                        WEEKDAYS[(event_day as usize + 1) % 7]
                    ),
                    3 => format!(
                        "About {} police officers and {} volunteers were sent to {}.",
                        10 + rng.below(90),
                        20 + rng.below(200),
                        event.place
                    ),
                    _ => rng.pick(FILLER).to_string(),
                };
                words += s.split_whitespace().count();
                p.push_str(&s);
                p.push(' ');
            }
            body.push_str(p.trim_end());
            body.push_str("\n\n");
            paragraph += 1;
            if paragraph % 4 == 0 {
                body.push_str(&format!("## What happens next in {}\n\n", event.place));
            }
        }
        let url = format!(
            "https://www.{domain}/{py}/{:02}/{:02}/{}-{}",
            pm + 1,
            pd,
            slug(noun),
            i
        );
        let text = format!(
            "{title}\n{outlet} | News\nBy {reporter}\n{} {pd}, {py}\n\n{body}Original url: {url}\n",
            MONTHS[pm]
        );
        fs::write(dossier.join(format!("{i:06}.txt")), &text).unwrap();
        let tags = named
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let front = format!(
            "+++\ntitle = \"{title}\"\ndate = {py}-{:02}-{pd:02}\ntags = [{tags}]\n+++\n\n",
            pm + 1
        );
        fs::write(
            hugo.join(format!("content/posts/{i:06}.md")),
            format!("{front}{body}"),
        )
        .unwrap();
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn slug(s: &str) -> String {
    s.replace(' ', "-")
}

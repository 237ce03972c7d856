//! Hostile and broken input: every case is a small dossier (one ordinary
//! article plus the bad part) with the exact outcome expected of it: the
//! build fails with this message and leaves the previous site as it was,
//! or it builds with exactly these warnings and these article pages. Every
//! site that builds is also checked for anything that could run script.

mod common;

use std::fs;
use std::path::Path;

use scraper::{Html, Selector};

/// The ordinary article every case dossier starts from.
const GOOD: &str = "Council approves budget\nBy Jane Roe\nMarch 3, 2024\n\nThe city council approved the budget on Monday, said Mayor Ann Lee.\n";

enum Expect {
    /// The build fails with exactly this message.
    Fails(&'static str),
    /// The build succeeds with exactly these warnings and article pages
    /// (`articles/<slug>.html`), and `check` passes on the result.
    Builds {
        warnings: &'static [&'static str],
        pages: &'static [&'static str],
        check: fn(&Path),
    },
}

struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    /// For what plain files cannot say: links, very large files.
    setup: fn(&Path),
    expect: Expect,
}

fn case(name: &'static str, files: &[(&'static str, &[u8])], expect: Expect) -> Case {
    Case {
        name,
        files: files.iter().map(|(p, b)| (*p, b.to_vec())).collect(),
        setup: |_| {},
        expect,
    }
}

fn builds(warnings: &'static [&'static str], pages: &'static [&'static str]) -> Expect {
    Expect::Builds {
        warnings,
        pages,
        check: |_| {},
    }
}

fn builds_and(
    warnings: &'static [&'static str],
    pages: &'static [&'static str],
    check: fn(&Path),
) -> Expect {
    Expect::Builds {
        warnings,
        pages,
        check,
    }
}

/// The text of the first element matching `selector` on a page.
fn text_of(public: &Path, page: &str, selector: &str) -> String {
    let html = fs::read_to_string(public.join(page)).unwrap();
    let doc = Html::parse_document(&html);
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no {selector} on {page}"))
        .text()
        .collect::<String>()
        .trim()
        .to_string()
}

fn h1(public: &Path, slug: &str) -> String {
    text_of(public, &format!("articles/{slug}.html"), "main h1")
}

/// Every case of the suite, in a fixed order.
fn cases() -> Vec<Case> {
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in
        "Ferry service resumes\n\nThe ferry sailed on Tuesday, the operator said.\n".encode_utf16()
    {
        utf16.extend(unit.to_le_bytes());
    }
    let utf16: &'static [u8] = utf16.leak();
    let one_line: &'static [u8] = {
        let words = [
            "the", "council", "said", "on", "Monday", "that", "12", "people", "Mayor", "Ann",
            "Lee", "\"we", "will\"", "approved", "budget", "in", "Paris,", "police",
        ];
        let mut text = String::from("Runaway line\n\n");
        let mut i = 0usize;
        while text.len() < 1 << 20 {
            text.push_str(words[(i * 7 + i / 3) % words.len()]);
            text.push(' ');
            i += 1;
        }
        text.push('\n');
        text.into_bytes().leak()
    };

    vec![
        // Encodings and line endings.
        case(
            "invalid UTF-8 is read as Windows-1252, with a warning",
            &[(
                "content/latin1.txt",
                b"Caf\xe9 owners protest rent rise\nBy Jos\xe9 Mart\xednez\n\nThe caf\xe9 owners marched on Friday \x96 \x93loudly\x94, they said.\n",
            )],
            builds_and(
                &["content/latin1.txt:1: column 4: byte 0xE9 is not valid UTF-8, so the file was read as Windows-1252; re-save it as UTF-8 if letters look wrong"],
                &["cafe-owners-protest-rent-rise", "council-approves-budget"],
                |public| {
                    assert_eq!(h1(public, "cafe-owners-protest-rent-rise"), "Café owners protest rent rise");
                    let body = text_of(public, "articles/cafe-owners-protest-rent-rise.html", ".article-body");
                    assert!(body.contains("Friday – “loudly”"), "{body}");
                },
            ),
        ),
        case(
            "a byte order mark is dropped",
            &[("content/bom.txt", "\u{FEFF}Harbour reopens after storm\n\nThe harbour reopened on Sunday.\n".as_bytes())],
            builds_and(&[], &["council-approves-budget", "harbour-reopens-after-storm"], |public| {
                assert_eq!(h1(public, "harbour-reopens-after-storm"), "Harbour reopens after storm");
            }),
        ),
        case(
            "UTF-16 with a byte order mark is read",
            &[("content/utf16.txt", utf16)],
            builds_and(&[], &["council-approves-budget", "ferry-service-resumes"], |public| {
                assert_eq!(h1(public, "ferry-service-resumes"), "Ferry service resumes");
            }),
        ),
        case(
            "CRLF line endings",
            &[("content/crlf.txt", b"Bridge closes for repairs\r\nBy Sam Okafor\r\nMay 2, 2024\r\n\r\nThe bridge closed on Thursday.\r\nTraffic was diverted.\r\n")],
            builds_and(&[], &["bridge-closes-for-repairs", "council-approves-budget"], |public| {
                assert_eq!(h1(public, "bridge-closes-for-repairs"), "Bridge closes for repairs");
                let byline = text_of(public, "articles/bridge-closes-for-repairs.html", ".article-meta");
                assert!(byline.contains("Sam Okafor") && byline.contains("May 2, 2024"), "{byline}");
                assert_no_carriage_returns(public);
            }),
        ),
        case(
            "lone CR line endings",
            &[("content/cr.txt", b"Bridge closes for repairs\rBy Sam Okafor\rMay 2, 2024\r\rThe bridge closed on Thursday.\rTraffic was diverted.\r")],
            builds_and(&[], &["bridge-closes-for-repairs", "council-approves-budget"], |public| {
                assert_eq!(h1(public, "bridge-closes-for-repairs"), "Bridge closes for repairs");
                let meta = text_of(public, "articles/bridge-closes-for-repairs.html", ".article-meta");
                assert!(meta.contains("Sam Okafor") && meta.contains("May 2, 2024"), "{meta}");
                assert_no_carriage_returns(public);
            }),
        ),
        case(
            "control and bidirectional override characters are dropped",
            &[("content/bidi.txt", "Mayor\u{202E}txt.exe\u{202C} wins \u{7}vote\u{0}\n\nThe mayor won the vote.\n".as_bytes())],
            // A NUL makes it binary; the same without it is text.
            builds(
                &["content/bidi.txt: is a binary file, not text; skipped (remove it from content/, or convert it to .txt or .md)"],
                &["council-approves-budget"],
            ),
        ),
        case(
            "bidirectional override characters in a title are dropped",
            &[("content/bidi.txt", "Mayor\u{202E}txt.exe\u{202C} wins \u{7}vote\n\nThe mayor won the vote.\n".as_bytes())],
            builds_and(&[], &["council-approves-budget", "mayortxt-exe-wins-vote"], |public| {
                assert_eq!(h1(public, "mayortxt-exe-wins-vote"), "Mayortxt.exe wins vote");
            }),
        ),
        // Files that are not articles.
        case(
            "an empty file and a blank one are skipped",
            &[("content/empty.txt", b""), ("content/blank.md", b"  \n\n\t\n")],
            builds(
                &[
                    "content/blank.md: empty file, skipped",
                    "content/empty.txt: empty file, skipped",
                ],
                &["council-approves-budget"],
            ),
        ),
        case(
            "a PNG renamed .txt is skipped",
            &[("content/photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")],
            builds(
                &["content/photo.txt: is a PNG image, not text; skipped (remove it from content/, or convert it to .txt or .md)"],
                &["council-approves-budget"],
            ),
        ),
        case(
            "a PDF renamed .md is skipped",
            &[("content/report.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")],
            builds(
                &["content/report.md: is a PDF document, not text; skipped (remove it from content/, or convert it to .txt or .md)"],
                &["council-approves-budget"],
            ),
        ),
        Case {
            name: "a 50 MB article is skipped",
            files: vec![],
            setup: |root| {
                let line = "The council met again on Monday and said nothing new. ".repeat(20);
                let mut text = String::from("Endless article\n\n");
                while text.len() < 50 << 20 {
                    text.push_str(&line);
                    text.push('\n');
                }
                fs::write(root.join("content/huge.txt"), text).unwrap();
            },
            expect: builds(
                &["content/huge.txt: is 50.0 MB, more than max_article_mb = 10 allows; skipped (raise max_article_mb in dossier.toml if it really is one article)"],
                &["council-approves-budget"],
            ),
        },
        case(
            "a 1 MB single line builds, cut into bounded sentences",
            &[("content/oneline.txt", one_line)],
            builds_and(&[], &["council-approves-budget", "runaway-line"], |public| {
                let html = fs::read_to_string(public.join("articles/runaway-line.html")).unwrap();
                let doc = Html::parse_document(&html);
                let sel = Selector::parse(".article-body .s").unwrap();
                let sentences: Vec<String> = doc.select(&sel).map(|s| s.text().collect()).collect();
                assert!(sentences.len() > 1000, "{} sentences", sentences.len());
                assert!(sentences.iter().all(|s| s.len() <= dossier::text::MAX_SENTENCE_BYTES));
                // Thousands of figures only this source gives: the page
                // lists the first 200 and says how many there are.
                let page = fs::read_to_string(public.join("disagreements.html")).unwrap();
                let doc = Html::parse_document(&page);
                let items = Selector::parse(".single-list li").unwrap();
                assert_eq!(doc.select(&items).count(), 200);
                assert!(page.contains("The first 200 of "), "no count");
            }),
        ),
        // Front matter.
        case(
            "unterminated YAML front matter",
            &[("content/open.md", b"---\ntitle: Storm warning\n\nThe storm arrives tonight.\n")],
            Expect::Fails("content/open.md:1: front matter opened with `---` is never closed; add a `---` line after it"),
        ),
        case(
            "unterminated TOML front matter",
            &[("content/open.md", b"+++\ntitle = \"Storm warning\"\n\nThe storm arrives tonight.\n")],
            Expect::Fails("content/open.md:1: front matter opened with `+++` is never closed; add a `+++` line after it"),
        ),
        case(
            "a front matter field of the wrong type",
            &[("content/wrong.md", b"---\noutlet: Daily Wire\ntitle: [1, 2]\n---\n\nText.\n")],
            Expect::Fails("content/wrong.md:3: front matter field `title` must be text"),
        ),
        case(
            "tags of the wrong type",
            &[("content/wrong.md", b"+++\ntitle = \"Storm\"\ntags = { a = 1 }\n+++\n\nText.\n")],
            Expect::Fails("content/wrong.md:3: front matter field `tags` must be a list of text"),
        ),
        case(
            "front matter that is not key: value",
            &[("content/list.md", b"---\n- one\n- two\n---\n\nText.\n")],
            Expect::Fails("content/list.md:2: front matter must be a set of `key: value` fields"),
        ),
        case(
            "broken YAML syntax",
            &[("content/syntax.md", b"---\ntitle: Storm\ndate: [2024-01-01\n---\n\nText.\n")],
            Expect::Fails("content/syntax.md:4: YAML front matter: did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence at line 2 column 7"),
        ),
        case(
            "an unknown front matter field is a warning",
            &[("content/extra.md", b"---\ntitle: Storm warning\nmood: grim\n---\n\nThe storm arrives tonight.\n")],
            builds(
                &["content/extra.md:3: unknown front matter field `mood` is ignored (known: title, outlet, byline, author, date, url, slug, tags)"],
                &["council-approves-budget", "storm-warning"],
            ),
        ),
        case(
            "author is another name for byline",
            &[("content/author.md", b"---\ntitle: Storm warning\nauthor: Kim Lo\n---\n\nThe storm arrives tonight.\n")],
            builds_and(&[], &["council-approves-budget", "storm-warning"], |public| {
                let meta = text_of(public, "articles/storm-warning.html", ".article-meta");
                assert!(meta.contains("Kim Lo"), "{meta}");
            }),
        ),
        case(
            "a bad date",
            &[("content/date.md", b"---\ntitle: Storm warning\ndate: 2024-13-45\n---\n\nText.\n")],
            Expect::Fails("content/date.md:3: front matter field `date` has `2024-13-45`, which is not a date; write it as YYYY-MM-DD"),
        ),
        case(
            "a javascript: URL in front matter is not linked",
            &[("content/url.md", b"---\ntitle: Storm warning\nurl: \"javascript:alert(1)\"\n---\n\nText.\n")],
            builds(
                &["content/url.md: front matter url `javascript:alert(1)` is not an http(s) URL and is not linked"],
                &["council-approves-budget", "storm-warning"],
            ),
        ),
        // Titles and slugs.
        case(
            "duplicate titles get numbered pages",
            &[
                ("content/a.txt", b"Storm warning\n\nThe storm arrives tonight.\n"),
                ("content/b.txt", b"Storm warning\n\nA storm is due tonight.\n"),
                ("content/c.txt", b"Storm warning\n\nThe storm is near.\n"),
            ],
            builds(&[], &["council-approves-budget", "storm-warning", "storm-warning-2", "storm-warning-3"]),
        ),
        case(
            "a slug that is taken",
            &[
                ("content/a.md", b"---\ntitle: Storm warning\nslug: storm\n---\n\nText.\n"),
                ("content/b.md", b"---\ntitle: Storm watch\nslug: storm\n---\n\nText.\n"),
            ],
            builds(
                &["content/b.md:3: slug `storm` is already used by content/a.md; the page is articles/storm-2.html"],
                &["council-approves-budget", "storm", "storm-2"],
            ),
        ),
        case(
            "titles that slug to nothing use the file name",
            &[
                ("content/emoji.md", "---\ntitle: \"🔥🔥🔥\"\n---\n\nText.\n".as_bytes()),
                ("content/punct.md", "---\ntitle: \"?!… — !!\"\n---\n\nText.\n".as_bytes()),
            ],
            builds_and(&[], &["council-approves-budget", "emoji", "punct"], |public| {
                assert_eq!(h1(public, "emoji"), "🔥🔥🔥");
                assert_eq!(h1(public, "punct"), "?!… — !!");
            }),
        ),
        case(
            "non-Latin titles are spelled out in the page name",
            &[
                ("content/ru.txt", "Совет утвердил бюджет\n\nТекст статьи.\n".as_bytes()),
                ("content/el.txt", "Η Βουλή ψήφισε\n\nΚείμενο.\n".as_bytes()),
                ("content/zh.txt", "市议会批准预算\n\n文本。\n".as_bytes()),
                ("content/ar.txt", "المجلس يوافق على الميزانية\n\nنص.\n".as_bytes()),
            ],
            builds_and(
                &[],
                &[
                    "council-approves-budget",
                    "e-boule-psephise",
                    "lmjls-ywfq-l-lmyzny",
                    "shi-yi-hui-pi-zhun-yu-suan",
                    "sovet-utverdil-biudzhet",
                ],
                |public| {
                    assert_eq!(h1(public, "sovet-utverdil-biudzhet"), "Совет утвердил бюджет");
                    assert_eq!(h1(public, "shi-yi-hui-pi-zhun-yu-suan"), "市议会批准预算");
                },
            ),
        ),
        case(
            "a slug that climbs out of the output",
            &[("content/s.md", b"+++\ntitle = \"Storm warning\"\nslug = \"../../x\"\n+++\n\nText.\n")],
            builds(
                &["content/s.md:3: slug `../../x` is not a plain name (letters, digits and `-`); the page is articles/x.html"],
                &["council-approves-budget", "x"],
            ),
        ),
        case(
            "a slug with nothing in it",
            &[("content/s.md", b"+++\ntitle = \"Storm warning\"\nslug = \"/../\"\n+++\n\nText.\n")],
            builds(
                &["content/s.md:3: slug `/../` has no letters or digits to make a file name from; the page is articles/storm-warning.html"],
                &["council-approves-budget", "storm-warning"],
            ),
        ),
        case(
            "a 10,000-character title",
            &[("content/long.md", format!("---\ntitle: \"{}\"\n---\n\nText.\n", "Storm ".repeat(1700)).into_bytes().leak())],
            builds(
                &[],
                &["council-approves-budget", "storm-storm-storm-storm-storm-storm-storm-storm-storm-storm"],
            ),
        ),
        case(
            "a person or topic named Index does not replace the list page",
            &[(
                "content/entities.toml",
                b"[[person]]\nname = \"Ann Lee\"\nrename = \"Index\"\n\n[[topic]]\nname = \"Index\"\nkeywords = [\"budget\"]\n",
            )],
            builds_and(&[], &["council-approves-budget"], |public| {
                assert!(public.join("people/index-2.html").is_file());
                assert!(public.join("topics/index-2.html").is_file());
                for folder in ["people", "topics"] {
                    let html = fs::read_to_string(public.join(folder).join("index.html")).unwrap();
                    assert!(html.contains(&format!("href=\"../{folder}/index-2.html\"")), "{folder}");
                }
            }),
        ),
        // Files around the articles.
        Case {
            name: "symbolic link loops are skipped with a warning",
            files: vec![],
            setup: |root| {
                let c = root.join("content");
                std::os::unix::fs::symlink("b.txt", c.join("a.txt")).unwrap();
                std::os::unix::fs::symlink("a.txt", c.join("b.txt")).unwrap();
                std::os::unix::fs::symlink(".", c.join("self")).unwrap();
                std::os::unix::fs::symlink("nowhere.txt", c.join("gone.txt")).unwrap();
            },
            expect: builds(
                &[
                    "content/a.txt: broken or looping symbolic link, skipped",
                    "content/b.txt: broken or looping symbolic link, skipped",
                    "content/gone.txt: broken or looping symbolic link, skipped",
                    "content/self: symbolic link to a folder is not followed; move or copy the articles into content/",
                ],
                &["council-approves-budget"],
            ),
        },
        Case {
            name: "symbolic links out of content/ are not read",
            files: vec![],
            setup: |root| {
                let outside = root.join("private");
                fs::create_dir_all(&outside).unwrap();
                fs::write(outside.join("secret.txt"), "Secret memo\n\nDo not publish.\n").unwrap();
                let c = root.join("content");
                std::os::unix::fs::symlink(outside.join("secret.txt"), c.join("secret.txt")).unwrap();
                std::os::unix::fs::symlink(&outside, c.join("private")).unwrap();
                std::os::unix::fs::symlink("../private/secret.txt", c.join("relative.md")).unwrap();
                // A link that stays inside content/ is an article like any other.
                fs::write(c.join("real.txt"), "Storm warning\n\nThe storm arrives tonight.\n").unwrap();
                std::os::unix::fs::symlink("real.txt", c.join("alias.txt")).unwrap();
            },
            expect: builds_and(
                &[
                    "content/private: symbolic link to a folder is not followed; move or copy the articles into content/",
                    "content/relative.md: symbolic link to a file outside content/, skipped",
                    "content/secret.txt: symbolic link to a file outside content/, skipped",
                ],
                &["council-approves-budget", "storm-warning", "storm-warning-2"],
                |public| {
                    for (path, bytes) in common::read_tree(public) {
                        assert!(
                            !String::from_utf8_lossy(&bytes).contains("Do not publish"),
                            "{path} has the secret"
                        );
                    }
                },
            ),
        },
        case(
            "hidden files and editor leftovers are ignored",
            &[
                ("content/.hidden.txt", b"Hidden\n\nHidden text.\n"),
                ("content/good.txt~", b"Backup\n\nBackup text.\n"),
                ("content/.good.txt.swp", b"b0VIM 8.2\x00\x00"),
                ("content/#good.txt#", b"Autosave\n\nAutosave text.\n"),
                ("content/notes.txt.bak", b"Bak\n\nBak text.\n"),
                ("content/.git/notes.txt", b"Git\n\nGit text.\n"),
                ("content/draft.docx", b"PK\x03\x04"),
            ],
            builds(&[], &["council-approves-budget"]),
        ),
        case(
            "template syntax in an article is text",
            &[(
                "content/tera.txt",
                b"{{ config.title }} {% raw %} storm\n\nText with {{ 7 * 7 }} and {% for x in articles %}{{ x }}{% endfor %} and {# note #} stays.\n",
            )],
            builds_and(&[], &["config-title-raw-storm", "council-approves-budget"], |public| {
                assert_eq!(h1(public, "config-title-raw-storm"), "{{ config.title }} {% raw %} storm");
                let body = text_of(public, "articles/config-title-raw-storm.html", ".article-body");
                assert_eq!(
                    body,
                    "Text with {{ 7 * 7 }} and {% for x in articles %}{{ x }}{% endfor %} and {# note #} stays."
                );
            }),
        ),
        // The editor's other files.
        case(
            "broken dossier.toml",
            &[("dossier.toml", b"title = \"Budget\"\nlanguage = \n")],
            Expect::Fails("dossier.toml:2: invalid string; expected `\"`, `'`; fix the TOML syntax"),
        ),
        case(
            "a dossier.toml setting of the wrong type",
            &[("dossier.toml", b"title = \"Budget\"\nmax_article_mb = \"lots\"\n")],
            Expect::Fails("dossier.toml:2: setting `max_article_mb` has `\"lots\"`; it must be a whole number of megabytes, at least 1"),
        ),
        case(
            "broken entities.toml",
            &[("content/entities.toml", b"[[person]]\nname = \"Ann Lee\"\nhide = maybe\n")],
            Expect::Fails("content/entities.toml:3: invalid string; expected `\"`, `'`; fix the TOML syntax"),
        ),
        case(
            "a broken template override",
            &[("templates/article.html", b"{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n")],
            Expect::Fails("templates/article.html:4:1: expected `or`, `and`, `not`, `<=`, `>=`, `<`, `>`, `==`, `!=`, `+`, `-`, `*`, `/`, `%`, a filter, or a variable end (`}}`); fix the template, or delete it to use the built-in one"),
        ),
    ]
}

fn assert_no_carriage_returns(public: &Path) {
    for (path, bytes) in common::read_tree(public) {
        assert!(!bytes.contains(&b'\r'), "{path} has a carriage return");
    }
}

/// A dossier of the ordinary article, built once into `public/`.
fn base_dossier() -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::write(dir.path().join("content/good.txt"), GOOD).unwrap();
    dossier::build(dir.path(), None).unwrap();
    let before = common::read_tree(&dir.path().join("public"));
    (dir, before)
}

/// Runs one case; returns what went differently from its expectation.
fn run(case: &Case) -> Result<(), String> {
    let (dir, before) = base_dossier();
    let root = dir.path();
    for (path, bytes) in &case.files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    (case.setup)(root);
    let public = root.join("public");
    let result = std::panic::catch_unwind(|| dossier::build(root, None))
        .map_err(|_| "the build panicked".to_string())?;
    match (&case.expect, result) {
        (Expect::Fails(message), Err(e)) => {
            if e.to_string() != *message {
                return Err(format!("error\n  got:  {e}\n  want: {message}"));
            }
            if common::read_tree(&public) != before {
                return Err("the failed build changed the previous site".into());
            }
        }
        (Expect::Fails(message), Ok(_)) => {
            return Err(format!("built, but should fail with: {message}"));
        }
        (Expect::Builds { .. }, Err(e)) => return Err(format!("failed: {e}")),
        (
            Expect::Builds {
                warnings,
                pages,
                check,
            },
            Ok(report),
        ) => {
            let got: Vec<String> = {
                let mut w: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
                w.sort();
                w
            };
            if got != *warnings {
                return Err(format!("warnings\n  got:  {got:#?}\n  want: {warnings:#?}"));
            }
            let got_pages: Vec<String> = fs::read_dir(public.join("articles"))
                .unwrap()
                .map(|e| {
                    let name = e.unwrap().file_name().to_string_lossy().into_owned();
                    name.trim_end_matches(".html").to_string()
                })
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            if got_pages != *pages {
                return Err(format!("pages\n  got:  {got_pages:?}\n  want: {pages:?}"));
            }
            std::panic::catch_unwind(|| {
                common::assert_inert(&public);
                check(&public);
            })
            .map_err(|e| {
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "check failed".into())
            })?;
            // Nothing was written beside the dossier's own folders.
            let mut top: Vec<String> = fs::read_dir(root)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| {
                    !matches!(
                        n.as_str(),
                        "content" | "templates" | "dossier.toml" | "private"
                    )
                })
                .collect();
            top.sort();
            if top != ["public"] {
                return Err(format!("unexpected files beside content/: {top:?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn every_hostile_case_has_its_exact_outcome() {
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = run(case) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    println!("hostile-input suite: {} cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases went wrong:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// A dossier big enough that a build takes a while: the sample and the
/// development fixtures together.
fn big_dossier() -> tempfile::TempDir {
    let dir = common::copy_dossier(&common::repo());
    for name in ["wildfire", "transfer", "ratedecision", "hostage"] {
        common::copy_dir(
            &common::fixture(&format!("dev/{name}/content")),
            &dir.path().join("content").join(name),
        );
    }
    dir
}

fn leftovers(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    v.sort();
    v
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let dir = big_dossier();
    let root = dir.path();
    let public = root.join("public");
    let started = std::time::Instant::now();
    dossier::build(root, None).unwrap();
    let full = started.elapsed();
    let before = common::read_tree(&public);
    fs::write(
        root.join("content/zz-new.txt"),
        "Ferry service resumes\n\nThe ferry sailed on Tuesday, the operator said.\n",
    )
    .unwrap();

    // Kill `dossier build` at moments spread over a whole build.
    let mut observed = Vec::new();
    let mut killed = 0;
    let mut killed_while_writing = 0;
    for step in 1..=12u32 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--root"])
            .arg(root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        if step % 2 == 0 {
            std::thread::sleep(full * step / 10);
        } else {
            // The moment it starts writing.
            let staging = root.join(format!(".public.staging-{}", child.id()));
            let deadline = std::time::Instant::now() + full * 20;
            while !staging.exists()
                && child.try_wait().unwrap().is_none()
                && std::time::Instant::now() < deadline
            {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
        }
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        if !finished && !leftovers(root).is_empty() {
            killed_while_writing += 1;
        }
        observed.push(common::read_tree(&public));
    }
    // A build that runs to the end gives the new site, and tidies up.
    dossier::build(root, None).unwrap();
    let after = common::read_tree(&public);
    assert_ne!(before, after);
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
    println!("{killed} builds killed, {killed_while_writing} while writing");
    assert!(killed > 0, "no build was killed before it finished");
    assert!(
        killed_while_writing > 0,
        "no build was killed while writing"
    );
    for (i, tree) in observed.iter().enumerate() {
        assert!(
            *tree == before || *tree == after,
            "after kill {i}, public/ was neither the old site nor the new one ({} files)",
            tree.len()
        );
    }
}

#[test]
fn a_build_killed_between_renames_is_repaired() {
    // Where folders cannot be exchanged in one step, a build killed after
    // moving the old site aside leaves only `.public.old-PID`. The next
    // build puts it back before doing anything else, even if it fails.
    let (dir, before) = base_dossier();
    let root = dir.path();
    fs::rename(root.join("public"), root.join(".public.old-4194303")).unwrap();
    fs::write(root.join("content/zz.md"), "---\ntitle: [\n").unwrap();
    assert!(dossier::build(root, None).is_err());
    assert_eq!(common::read_tree(&root.join("public")), before);
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
}

#[test]
fn another_running_build_keeps_its_staging_folder() {
    let (dir, _) = base_dossier();
    let root = dir.path();
    // This test process stands in for a build that is still running.
    let mine = root.join(format!(".public.staging-{}", std::process::id()));
    let parent_pid = std::os::unix::process::parent_id();
    let running = root.join(format!(".public.staging-{parent_pid}"));
    let dead = root.join(".public.staging-4194303");
    for d in [&mine, &running, &dead] {
        fs::create_dir_all(d).unwrap();
    }
    dossier::build(root, None).unwrap();
    assert!(running.exists(), "removed a running build's folder");
    assert!(!dead.exists(), "kept a dead build's folder");
}

fn run_cli(args: &[&str], home: Option<&Path>) -> (Option<i32>, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(args);
    if let Some(home) = home {
        cmd.env("HOME", home);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_codes_and_messages_from_the_command_line() {
    let (dir, before) = base_dossier();
    let root = dir.path();
    let r = root.to_str().unwrap();

    // 0, with the warnings once, grouped by file, counted.
    fs::write(root.join("content/empty.txt"), "").unwrap();
    fs::write(root.join("content/photo.txt"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    fs::write(
        root.join("content/extra.md"),
        "---\ntitle: Storm warning\nmood: grim\nsource: x\n---\n\nText.\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run_cli(&["build", "--root", r], None);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("built 2 articles"), "{stdout}");
    assert_eq!(
        stderr,
        "4 warnings in 3 files:\n  content/empty.txt\n    empty file, skipped\n  content/extra.md\n    line 3: unknown front matter field `mood` is ignored (known: title, outlet, byline, author, date, url, slug, tags)\n    line 4: unknown front matter field `source` is ignored (known: title, outlet, byline, author, date, url, slug, tags)\n  content/photo.txt\n    is a PNG image, not text; skipped (remove it from content/, or convert it to .txt or .md)\n"
    );
    let built = common::read_tree(&root.join("public"));
    assert_ne!(built, before);

    // 1: the dossier has a problem; one line naming file, line and fix.
    fs::write(
        root.join("content/bad.md"),
        "---\ntitle: x\ndate: someday\n---\n",
    )
    .unwrap();
    let (code, _, stderr) = run_cli(&["build", "--root", r], None);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: content/bad.md:3: front matter field `date` has `someday`, which is not a date; write it as YYYY-MM-DD\nthe previous build, if any, was left as it was\n"
    );
    assert_eq!(common::read_tree(&root.join("public")), built);
    fs::remove_file(root.join("content/bad.md")).unwrap();

    // 2: the command line is wrong.
    let (code, _, stderr) = run_cli(&["build", "--frobnicate"], None);
    assert_eq!(code, Some(2), "{stderr}");

    // 3: refused output folders, and nothing of them touched.
    let home = tempfile::tempdir().unwrap();
    fs::write(home.path().join("keep.txt"), "mine").unwrap();
    let h = home.path().to_str().unwrap();
    let content = root.join("content");
    for (out, why) in [
        ("/", "it is the file system root"),
        (h, "it is the home folder"),
        (
            content.to_str().unwrap(),
            "it is inside the dossier's content/ folder",
        ),
        (r, "it contains the dossier"),
    ] {
        let (code, _, stderr) =
            run_cli(&["build", "--root", r, "--output", out], Some(home.path()));
        assert_eq!(code, Some(3), "{out}: {stderr}");
        assert!(
            stderr.contains(&format!("refusing to use this as the output folder: {why}")),
            "{out}: {stderr}"
        );
    }
    assert!(home.path().join("keep.txt").is_file());
    assert!(root.join("content/good.txt").is_file());
    let (code, _, stderr) = run_cli(
        &[
            "zip",
            "--root",
            r,
            "-o",
            content.join("site.zip").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains("inside the dossier's content/ folder"),
        "{stderr}"
    );
}

/// The XSS checker itself: each way a page could run script makes it fail,
/// and a clean page passes. Without this, the XSS cases could pass by
/// checking nothing.
#[test]
fn the_script_checker_catches_each_vector() {
    let page = |body: &str| {
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"><title>t</title><script src=\"assets/search.js\" defer></script></head><body><main><p>text</p>{body}</main></body></html>",
            common::CSP
        )
    };
    let check = |html: String| {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), html).unwrap();
        std::panic::catch_unwind(|| common::assert_inert(dir.path())).is_ok()
    };
    assert!(check(page(
        "<a href=\"articles/a.html#s3\">ok</a> <a href=\"https://example.com/\">out</a>"
    )));
    let vectors = [
        "<script>alert(1)</script>",
        "<script src=\"https://evil.example/x.js\"></script>",
        "<img src=x onerror=alert(1)>",
        "<p onclick=\"alert(1)\">x</p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"x.swf\"></object>",
        "<embed src=\"x.swf\">",
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=alert(1)></svg>",
        "<svg><animate onbegin=alert(1)></animate></svg>",
        "<math><maction xlink:href=\"javascript:alert(1)\">x</maction></math>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        "<base href=\"https://evil.example/\">",
        "<form action=\"https://evil.example/\"><input name=pw></form>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<style>body{}</style>",
        "<link rel=\"import\" href=\"x.html\">",
        "<template><p>x</p></template>",
        "<details open ontoggle=alert(1)><summary>x</summary></details>",
    ];
    for v in vectors {
        assert!(!check(page(v)), "the checker let through {v}");
    }
    // A page without the policy fails too.
    assert!(!check(
        page("").replace("Content-Security-Policy", "x-other")
    ));
}

/// Every input the fuzzers crashed on (`tests/fixtures/fuzz/`), through
/// the same path as the fuzz targets, as Markdown and as plain text, and
/// on through rendering.
#[test]
fn inputs_the_fuzzers_crashed_on_now_build() {
    let dir = common::fixture("fuzz");
    let mut n = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        for name in ["a.md", "a.txt"] {
            let result = std::panic::catch_unwind(|| {
                let corpus =
                    dossier::load::from_texts(&[(name, &bytes), ("b.txt", GOOD.as_bytes())])?;
                let analysis = dossier::analyze::analyze(&corpus);
                dossier::render::render(&corpus, &analysis, &dossier::render::Theme::default())
            });
            match result {
                Err(_) => panic!("{} as {name} panicked", path.display()),
                Ok(Err(e)) => assert!(e.to_string().starts_with("content/"), "{e}"),
                Ok(Ok(_)) => {}
            }
            n += 1;
        }
    }
    assert!(n >= 2);
}

//! `dossier serve` rebuilds with `Rebuilder`: unchanged articles are not
//! parsed again and only output files whose bytes changed are written.
//! Whatever it does must end in exactly the site a clean build makes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use dossier::Rebuilder;

/// Each output file's inode: a file replaced by the rebuild gets a new one.
fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    common::read_tree(dir)
        .into_keys()
        .map(|rel| {
            let ino = fs::metadata(dir.join(&rel)).unwrap().ino();
            (rel, ino)
        })
        .collect()
}

/// How many article pages the output has.
fn article_count(output: &Path) -> usize {
    common::read_tree(output)
        .into_keys()
        .filter(|n| n.starts_with("articles/"))
        .count()
}

/// Asserts that `output` holds exactly what a clean build of `root` makes.
fn assert_same_as_clean_build(root: &Path, output: &Path) {
    let (_keep, clean) = common::build(root);
    let (got, want) = (common::read_tree(output), common::read_tree(&clean));
    let got_names: Vec<&String> = got.keys().collect();
    let want_names: Vec<&String> = want.keys().collect();
    assert_eq!(got_names, want_names, "the same files");
    for (name, bytes) in &want {
        assert!(got[name] == *bytes, "{name} differs from a clean build");
    }
}

/// A copy of fixture `name`, and a `Rebuilder` that has built it once
/// into a folder of its own, as `serve` starts: (the copy, the folder,
/// the site in it, the rebuilder).
fn built_once(
    name: &str,
) -> (
    tempfile::TempDir,
    tempfile::TempDir,
    std::path::PathBuf,
    Rebuilder,
) {
    let dossier = common::copy_dossier(&common::fixture(name));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let mut builder = Rebuilder::new(dossier.path(), &public);
    builder.build().unwrap();
    (dossier, out, public, builder)
}

#[test]
fn rebuilding_after_edits_gives_the_clean_build_and_rewrites_only_what_changed() {
    let dossier = common::copy_dossier(&common::fixture("dev/wildfire"));
    let root = dossier.path();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let mut builder = Rebuilder::new(root, &public);

    let first = builder.build().unwrap();
    assert_eq!(
        first.changed, first.files,
        "the first build writes everything"
    );
    assert_same_as_clean_build(root, &public);
    let before = inodes(&public);

    // One article's figure changes: its page, the pages that show the
    // figure and the data export change; other articles' pages do not.
    let edited = root.join("content/02_pacific_wire.md");
    let text = fs::read_to_string(&edited).unwrap();
    assert!(text.contains("As of Monday morning the fire was 30% contained."));
    fs::write(
        &edited,
        text.replace(
            "As of Monday morning the fire was 30% contained.",
            "As of Monday morning the fire was 45% contained.",
        ),
    )
    .unwrap();
    let second = builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    // Pages that show nothing of the edit are not even rendered again.
    assert!(
        second.reused * 2 > second.files,
        "{} of {} pages reused",
        second.reused,
        second.files
    );
    let after = inodes(&public);
    let rewritten: Vec<&String> = after
        .iter()
        .filter(|(name, ino)| before.get(*name) != Some(ino))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(second.changed, rewritten.len(), "{rewritten:?}");
    assert!(
        rewritten
            .iter()
            .any(|n| n.starts_with("articles/") && n.contains("oregon-wildfire")),
        "the edited article's page is rewritten: {rewritten:?}"
    );
    assert!(
        rewritten.len() < before.len() / 2,
        "most files are left alone: {} of {} rewritten: {rewritten:?}",
        rewritten.len(),
        before.len()
    );
    for untouched in ["assets/style.css", "assets/search.js", "search.html"] {
        assert_eq!(
            before[untouched], after[untouched],
            "{untouched} was rewritten"
        );
    }

    // A day changes: the timeline's events are grouped again (the claims
    // and their number stay the same, only what one of them dates moves).
    let text = fs::read_to_string(&edited).unwrap();
    let redated = text.replacen(
        "Highway 58 remained closed west of Tamsen on Monday.",
        "Highway 58 remained closed west of Tamsen on Tuesday.",
        1,
    );
    assert_ne!(redated, text);
    fs::write(&edited, &redated).unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    fs::write(&edited, &text).unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    let after = inodes(&public);

    // Nothing changed: nothing is analysed, rendered or written.
    let analysed = |r: &dossier::Report| r.timings.0.iter().any(|(n, _)| *n == "analyze");
    let third = builder.build().unwrap();
    assert_eq!(third.changed, 0);
    assert_eq!(third.reused, third.files);
    assert!(!analysed(&third));
    assert_eq!(inodes(&public), after);
    // An article saved again as it was (a new modification time, the same
    // bytes) is no change either.
    let saved = fs::read(&edited).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&edited, &saved).unwrap();
    let resaved = builder.build().unwrap();
    assert_eq!((resaved.changed, resaved.reused), (0, resaved.files));
    assert!(!analysed(&resaved));
    // A blank line added at its end changes the file but nothing it says:
    // everything is analysed and digested, nothing is rendered or written
    // again, not even the data export or the search index; only the fixed
    // files (stylesheet, icon, search script, `.nojekyll`) are made.
    fs::write(&edited, [saved.as_slice(), b"\n\n"].concat()).unwrap();
    let blank = builder.build().unwrap();
    assert!(analysed(&blank));
    assert_eq!(blank.changed, 0);
    assert_eq!(inodes(&public), after);
    assert_eq!(
        blank.files - blank.reused,
        4,
        "{} files, {} reused",
        blank.files,
        blank.reused
    );

    // A template overridden while serving: every page it makes is
    // rendered with it, though none of their data changed.
    fs::create_dir_all(root.join("templates")).unwrap();
    let builtin =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/article.html"))
            .unwrap();
    fs::write(
        root.join("templates/article.html"),
        builtin.replacen(
            "{% block content %}",
            "{% block content %}<!-- override -->",
            1,
        ),
    )
    .unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    let marked = common::read_tree(&public)
        .into_iter()
        .filter(|(n, bytes)| {
            n.starts_with("articles/")
                && String::from_utf8_lossy(bytes).contains("<!-- override -->")
        })
        .count();
    assert_eq!(marked, article_count(&public));
    // The site's title changes: every page shows it.
    fs::write(root.join("dossier.toml"), "title = \"Fire season\"\n").unwrap();
    let retitled = builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    assert_eq!(retitled.reused, 0);

    // An article goes away: its page goes too.
    let article_pages = |dir: &Path| {
        common::read_tree(dir)
            .into_keys()
            .filter(|n| n.starts_with("articles/"))
            .count()
    };
    let pages_before = article_pages(&public);
    fs::remove_file(root.join("content/04_dailynewshub.txt")).unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    assert_eq!(article_pages(&public), pages_before - 1);

    // A broken article: the build fails and the output stays as it was.
    let good = common::read_tree(&public);
    fs::write(
        root.join("content/zz_broken.md"),
        "+++\ntitle = \n+++\nText.\n",
    )
    .unwrap();
    assert!(builder.build().is_err());
    assert_eq!(common::read_tree(&public), good);
    fs::remove_file(root.join("content/zz_broken.md")).unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
}

/// `dossier serve` tells each rebuild which files its watcher saw change,
/// and the rebuild looks at those alone: files edited, added and removed,
/// a folder added or removed and named only by its own path, a path the
/// walk skips, and a change named while an earlier broken article was
/// never fixed must all give the clean build.
#[test]
fn a_rebuild_told_which_files_changed_gives_the_clean_build() {
    let (dossier, _out, public, mut builder) = built_once("dev/wildfire");
    let root = dossier.path();
    let content = root.join("content");

    // An edit, named by its absolute path.
    let edited = content.join("02_pacific_wire.md");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, text.replace("30% contained", "45% contained")).unwrap();
    builder.build_after(std::slice::from_ref(&edited)).unwrap();
    assert_same_as_clean_build(root, &public);

    // A new article, and one gone.
    let pages = article_count(&public);
    let added = content.join("06_new.md");
    fs::write(
        &added,
        "# Crews hold the line near Brookfield\n\nBy Dana Reyes\n\nFirefighters said on Tuesday that 300 homes were saved.\n",
    )
    .unwrap();
    builder.build_after(std::slice::from_ref(&added)).unwrap();
    assert_same_as_clean_build(root, &public);
    assert_eq!(article_count(&public), pages + 1);
    let removed = content.join("04_dailynewshub.txt");
    fs::remove_file(&removed).unwrap();
    builder.build_after(&[removed]).unwrap();
    assert_same_as_clean_build(root, &public);
    assert_eq!(article_count(&public), pages);

    // A folder with an article in it, named by the folder alone (a
    // watcher may not have seen inside it yet): the rebuild walks again.
    let folder = content.join("later");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("07_later.md"), fs::read(&added).unwrap()).unwrap();
    builder.build_after(std::slice::from_ref(&folder)).unwrap();
    assert_same_as_clean_build(root, &public);
    assert_eq!(article_count(&public), pages + 1);
    // The folder goes, named alone: so does everything that was in it.
    fs::remove_dir_all(&folder).unwrap();
    builder.build_after(&[folder]).unwrap();
    assert_same_as_clean_build(root, &public);
    assert_eq!(article_count(&public), pages);

    // A hidden file is no article, named or not.
    let hidden = content.join(".draft.md");
    fs::write(&hidden, fs::read(&added).unwrap()).unwrap();
    builder.build_after(&[hidden]).unwrap();
    assert_same_as_clean_build(root, &public);

    // A broken article fails the build; the next change named is another
    // file, and the broken one still fails it, until it is fixed.
    let broken = content.join("zz_broken.md");
    fs::write(&broken, "+++\ntitle = \n+++\nText.\n").unwrap();
    assert!(builder.build_after(std::slice::from_ref(&broken)).is_err());
    fs::write(&edited, text.replace("30% contained", "50% contained")).unwrap();
    assert!(builder.build_after(std::slice::from_ref(&edited)).is_err());
    fs::remove_file(&broken).unwrap();
    builder.build_after(&[broken]).unwrap();
    assert_same_as_clean_build(root, &public);
}

/// An article whose date leaves out the year takes the year of the
/// dossier's other articles: when their edits move it, the article's
/// pages and its entry in the search index (the snippet shows the date)
/// change, though its own file and text did not.
#[test]
fn an_article_dated_by_the_others_follows_their_edits() {
    let dossier = tempfile::tempdir().unwrap();
    let root = dossier.path();
    let content = root.join("content");
    fs::create_dir(&content).unwrap();
    let article = |name: &str, title: &str, byline: &str, date: &str, text: &str| {
        fs::write(
            content.join(name),
            format!("# {title}\n\nBy {byline}\n{date}\n\n{text}\n"),
        )
        .unwrap();
    };
    article(
        "a.md",
        "Flood waters rise along the river",
        "Ana Lopez | River Times",
        "March 4",
        "The river rose two meters overnight, officials said.",
    );
    let others = |year: &str| {
        article(
            "b.md",
            "Town council meets on the flood",
            "Ben Ortiz | Valley Post",
            &format!("{year}-03-01"),
            "The council met to discuss the flood response.",
        );
        article(
            "c.md",
            "Volunteers fill sandbags downtown",
            "Cara Wu | Hill Daily",
            &format!("{year}-03-02"),
            "Volunteers filled sandbags near the bridge.",
        );
    };
    let index = |public: &Path| fs::read_to_string(public.join("assets/search-index.js")).unwrap();
    others("2024");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let mut builder = Rebuilder::new(root, &public);
    builder.build().unwrap();
    assert!(index(&public).contains("River Times, March 4, 2024"));
    others("2025");
    builder
        .build_after(&[content.join("b.md"), content.join("c.md")])
        .unwrap();
    assert!(index(&public).contains("River Times, March 4, 2025"));
    assert_same_as_clean_build(root, &public);
}

/// A dossier of many short articles: enough documents that the search
/// index is made of several blocks, each kept between rebuilds on its
/// own. Edits in one block, then another, and an article added and one
/// removed (every block after them moves) must each give the clean build.
#[test]
fn the_search_index_of_a_large_dossier_follows_edits_block_by_block() {
    let dossier = tempfile::tempdir().unwrap();
    let root = dossier.path();
    let content = root.join("content");
    fs::create_dir_all(&content).unwrap();
    let text = |n: usize, word: &str| {
        format!(
            "# Harvest report {n}\n\nBy Staff Writer\n\nFarmers in district {n} brought in the {word} crop on Monday. \
             Yields were {} tonnes, the cooperative said.\n",
            100 + n
        )
    };
    let file = |n: usize| content.join(format!("report-{n:04}.md"));
    for n in 0..700 {
        fs::write(file(n), text(n, "barley")).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let mut builder = Rebuilder::new(root, &public);
    builder.build().unwrap();
    let index = || fs::read_to_string(public.join("assets/search-index.js")).unwrap();
    assert!(!index().contains("sorghum"));
    for n in [10, 600] {
        fs::write(file(n), text(n, "sorghum")).unwrap();
        builder.build().unwrap();
        assert_same_as_clean_build(root, &public);
    }
    assert!(index().contains("\"sorghum\""));
    fs::write(content.join("report-0000a.md"), text(7000, "millet")).unwrap();
    fs::remove_file(file(300)).unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    assert!(index().contains("\"millet\""));
}

/// Person and topic pages are reused by a key of what they are made
/// from, without making them (see `render::keys`): each edit here changes
/// something only those pages show, and the rebuild must still give the
/// clean build. (Debug builds also check, page by page, that a page whose
/// key is unchanged would have been made the same.)
#[test]
fn pages_kept_by_keys_follow_edits_to_what_they_show() {
    let (dossier, _out, public, mut builder) = built_once("dev/wildfire");
    let root = dossier.path();
    let edited = root.join("content/01_orvale_courier_ledger.txt");
    let original = fs::read_to_string(&edited).unwrap();
    let page = |name: &str| fs::read_to_string(public.join(name)).unwrap();
    // Each edit keeps the byte offsets of names in their sentences, and
    // the article's id, so that it changes only what it is about.
    let edits = [
        // A quotation's wording (no other source has it): the speaker's
        // page quotes it.
        (
            "a single picture off the wall",
            "a single drawing off the wall",
            Some(("people/janelle-kutscher.html", "a single drawing off")),
        ),
        // The end of a headline (its id is made from the first words):
        // pages that list the article name it.
        (
            "forcing thousands from Brindle Flats\n",
            "forcing thousands from Brindle Flats homes\n",
            Some(("people/wendell-parrish.html", "from Brindle Flats homes")),
        ),
        // A role: the person's page shows how each source describes them.
        (
            "Orvale County Fire Chief Wendell Parrish told",
            "Orvale Valley Fire Chief Wendell Parrish told",
            Some(("people/wendell-parrish.html", "Orvale Valley Fire Chief")),
        ),
        // Words of sentences topic pages show, no name or figure among them.
        (
            "pushed over Harlan Ridge overnight",
            "PUSHED over Harlan Ridge overnight",
            None,
        ),
        (
            "Its cause remains under investigation.",
            "Its cause is still under investigation.",
            None,
        ),
        // Words of a dated sentence the timeline lists, its date and what
        // it is about unchanged.
        (
            "about nine miles west of town.",
            "about nine miles west of TOWN.",
            Some(("timeline.html", "nine miles west of TOWN.")),
        ),
    ];
    let mut text = original.clone();
    for (from, to, shown) in edits {
        assert!(text.contains(from), "the fixture has {from:?}");
        text = text.replacen(from, to, 1);
        fs::write(&edited, &text).unwrap();
        builder.build().unwrap();
        assert_same_as_clean_build(root, &public);
        if let Some((name, shown)) = shown {
            assert!(page(name).contains(shown), "{name} shows {shown:?}");
        }
    }
    fs::write(&edited, &original).unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
}

#[test]
fn article_pages_follow_edits_to_other_articles() {
    // An article page shows what the analysis of the whole dossier says
    // about it: who is named in it (linked to their pages), which of its
    // sentences other sources dispute, its topics. An edit to one article
    // can change all of that on other articles' pages, whose own text is
    // unchanged.
    let (dossier, _out, public, mut builder) = built_once("dev/wildfire");
    let root = dossier.path();
    let page = |name: &str| fs::read_to_string(public.join("articles").join(name)).unwrap();
    let elsewhere = [
        "governor-declares-emergency-as-kessling-canyon-fire-tops-12.html",
        "kessling-canyon-fire-41-contained-some-harlan-ridge.html",
    ];
    let before: Vec<String> = elsewhere.iter().map(|n| page(n)).collect();
    let edited = root.join("content/01_orvale_courier_ledger.txt");
    let edit = |from: &str, to: &str| {
        let text = fs::read_to_string(&edited).unwrap();
        assert!(text.contains(from), "the fixture has {from:?}");
        fs::write(&edited, text.replacen(from, to, 1)).unwrap();
    };
    // A figure that another source disputed becomes that source's: its
    // sentence is no longer flagged there.
    let flag = "Disputed: How many residents";
    assert!(before[1].contains(flag));
    edit(
        "covering about 4,800 residents",
        "covering about 8,000 residents",
    );
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    assert!(!page(elsewhere[1]).contains(flag));
    // One source's spelling of a name becomes the other's: the person
    // takes that name (and a new page), and the spelling is no longer
    // disputed.
    edit("Janelle Kutscher", "Janelle Kutcher");
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    let [named, disputed] = elsewhere.map(page);
    assert!(named != before[0] && named.contains("people/janelle-kutcher.html"));
    assert!(!disputed.contains("How to spell"));
    // The editor renames a topic: every article under it lists the new name.
    fs::write(
        root.join("content/entities.toml"),
        "[[topic]]\nname = \"Harlan Ridge\"\nrename = \"The Harlan Ridge\"\n",
    )
    .unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    assert!(page(elsewhere[1]).contains("The Harlan Ridge"));
}

/// A person's page is kept by a key made of what it shows of other
/// people (who is named with them, by name and number of mentions), not
/// of every person: these edits change who is named with whom, and
/// renumber the people, and every page must still follow them. (Debug
/// builds also check that each page kept by its key would have been made
/// the same.)
#[test]
fn person_pages_follow_new_people_and_who_is_named_with_whom() {
    let (dossier, _out, public, mut builder) = built_once("dev/wildfire");
    let root = dossier.path();
    let page = |name: &str| fs::read_to_string(public.join("people").join(name)).unwrap();
    let content = root.join("content");
    let files = [
        "05_cascadia_ledger.md",
        "01_orvale_courier_ledger.txt",
        "02_pacific_wire.md",
    ];
    let originals = files.map(|f| fs::read_to_string(content.join(f)).unwrap());
    let mut texts = originals.clone();
    // Each paragraph goes before the article's last line.
    let mut add = |article: usize, paragraph: &str| {
        let text = &mut texts[article];
        let last = text.trim_end().rfind('\n').unwrap();
        text.insert_str(last, &format!("\n\n{paragraph}"));
        fs::write(content.join(files[article]), &*text).unwrap();
        builder.build().unwrap();
        assert_same_as_clean_build(root, &public);
    };
    // Where `b` is on `a`'s page, as a link.
    let at = |a: &str, b: &str| page(a).find(&format!("people/{b}")).expect(b);
    // Someone new, named with someone known: both pages say so.
    add(
        0,
        "Fire Chief Wendell Parrish thanked volunteer coordinator Ingrid Halvorsen on Tuesday.",
    );
    assert!(page("wendell-parrish.html").contains("people/ingrid-halvorsen.html"));
    assert!(page("ingrid-halvorsen.html").contains("people/wendell-parrish.html"));
    // Two more, named once each, with her, in two articles: on her page
    // they tie, and are listed as the people are, by name.
    add(
        0,
        "Halvorsen said teacher Priya Raman had opened the shelters.",
    );
    add(
        1,
        "Volunteer coordinator Ingrid Halvorsen said nurse Tobias Lindqvist ran the clinic.",
    );
    let ingrid = "ingrid-halvorsen.html";
    assert!(at(ingrid, "priya-raman") < at(ingrid, "tobias-lindqvist"));
    // One of them is named again in an article that does not name her:
    // more mentions move him up the list of people, and up her page.
    add(2, "Nurse Tobias Lindqvist said the clinic would stay open.");
    assert!(at(ingrid, "tobias-lindqvist") < at(ingrid, "priya-raman"));
    // All of it taken back.
    for (file, text) in files.iter().zip(&originals) {
        fs::write(content.join(file), text).unwrap();
    }
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    assert!(!public.join("people/ingrid-halvorsen.html").exists());
    assert!(!page("wendell-parrish.html").contains("ingrid-halvorsen"));
}

#[test]
fn a_rebuild_repairs_an_output_changed_behind_its_back() {
    let (dossier, _out, public, mut builder) = built_once("dev/wildfire");
    let root = dossier.path();
    // A page deleted by hand comes back even though its bytes did not
    // change; the whole output deleted is built again.
    fs::remove_file(public.join("search.html")).unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    // So does an article's page deleted while another article is edited
    // (the rebuild keeps the pages it finds in the output).
    let page = fs::read_dir(public.join("articles"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| !p.to_string_lossy().contains("oregon-wildfire"))
        .unwrap();
    fs::remove_file(&page).unwrap();
    let edited = root.join("content/02_pacific_wire.md");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, text.replace("30% contained", "35% contained")).unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
    fs::remove_dir_all(&public).unwrap();
    builder.build().unwrap();
    assert_same_as_clean_build(root, &public);
}

/// Everything an analysis found, without its timings.
fn findings(a: &dossier::model::Analysis) -> String {
    format!(
        "{:#?}",
        (
            &a.articles,
            &a.people,
            &a.topics,
            &a.quotes,
            &a.claims,
            &a.disagreements,
            &a.warnings
        )
    )
}

/// A paragraph added to the end of article `i`.
fn add_paragraph(corpus: &mut dossier::model::Corpus, i: usize, text: &str) {
    std::sync::Arc::make_mut(&mut corpus.articles[i].blocks).push(dossier::model::Block {
        kind: dossier::model::BlockKind::Paragraph,
        text: text.to_string(),
    });
}

/// The digit at byte `at` of `text` changed (to 7, or 8 if it was 7).
fn change_digit(text: &mut String, at: usize) {
    let new = if &text[at..at + 1] == "7" { "8" } else { "7" };
    text.replace_range(at..at + 1, new);
}

#[test]
fn an_analysis_reusing_the_last_ones_readings_equals_a_fresh_one() {
    use dossier::analyze::{analyze, analyze_cached, Cache};
    let mut figures_on_cards = 0;
    for name in ["dev/wildfire", "dev/hostage", "own/portcyber"] {
        let mut corpus = dossier::load::load(&common::fixture(name)).unwrap();
        let mut cache = Cache::default();
        let mut check = |corpus: &dossier::model::Corpus, what: &str| {
            let mut reused = analyze_cached(corpus, &mut cache, &|_| {});
            assert_eq!(cache.len(), corpus.articles.len(), "{name}: {what}");
            assert!(
                findings(&reused) == findings(&analyze(corpus)),
                "{name}: after {what}, the analysis that reused readings differs from a fresh one"
            );
            // Handed back as `Rebuilder` does: the next analysis moves
            // the claims it reuses out of this list.
            cache.keep_claims(std::mem::take(&mut reused.claims));
        };
        check(&corpus, "the first analysis");
        check(&corpus, "no change");
        // An edit that changes no name, date or figure: the people and
        // the conflicts are the last analysis's.
        let block = corpus.articles[0]
            .blocks
            .iter()
            .position(|b| b.text.contains(" the "))
            .expect("a \"the\"");
        let text = &mut std::sync::Arc::make_mut(&mut corpus.articles[0].blocks)[block].text;
        *text = text.replacen(" the ", " The ", 1);
        check(&corpus, "a word's case changed");
        // A byline naming a person of the text, and an outlet named like
        // another: both are then no longer people the dossier is about.
        let people = analyze(&corpus).people;
        let mut full_names = people
            .iter()
            .map(|p| p.name.clone())
            .filter(|n| n.contains(' '));
        let (author, outlet) = (full_names.next().unwrap(), full_names.next().unwrap());
        corpus.articles[2].byline = Some(author);
        check(&corpus, "a byline naming a person");
        corpus.articles[1].outlet = Some(outlet);
        check(&corpus, "an outlet named like a person");
        // An outlet named like a place or organisation: it is no longer
        // a topic (the wildfire dossier has one named in one word).
        let topics = analyze(&corpus).topics;
        let named = topics
            .iter()
            .find(|t| t.kind != dossier::model::TopicKind::Theme && !t.name.contains(' '));
        assert!(named.is_some() || name != "dev/wildfire");
        if let Some(named) = named {
            let last = corpus.articles.len() - 1;
            corpus.articles[last].outlet = Some(named.name.clone());
            check(&corpus, "an outlet named like a place");
        }
        // A figure changes in one article.
        let block = corpus.articles[1]
            .blocks
            .iter()
            .position(|b| b.text.chars().any(|c| c.is_ascii_digit()))
            .expect("a figure");
        let text = &mut std::sync::Arc::make_mut(&mut corpus.articles[1].blocks)[block].text;
        change_digit(text, text.find(|c: char| c.is_ascii_digit()).unwrap());
        check(&corpus, "a figure changed");
        // A figure on a card changes: the card follows it (the figures of
        // its unit are compared again, those of the others are not).
        let analysis = analyze(&corpus);
        let on_card = analysis
            .disagreements
            .iter()
            .filter(|d| d.kind == dossier::model::ClaimKind::Number)
            .flat_map(|d| &d.claims)
            .find(|c| c.value.starts_with(|c: char| c.is_ascii_digit()));
        if let Some(claim) = on_card {
            let s = &analysis.articles[claim.at.article].sentences[claim.at.sentence];
            let blocks = std::sync::Arc::make_mut(&mut corpus.articles[claim.at.article].blocks);
            let text = &mut blocks[s.block].text;
            assert_eq!(
                text[s.start..s.end],
                s.text,
                "{name}: a sentence is its block's text"
            );
            let digit = s.start
                + claim.span.0
                + s.text[claim.span.0..]
                    .find(|c: char| c.is_ascii_digit())
                    .unwrap();
            change_digit(text, digit);
            check(&corpus, "a figure on a card changed");
            figures_on_cards += 1;
        }
        // A theme named once more, and no name: the people are the last
        // analysis's, the topics not.
        let theme = analyze(&corpus)
            .topics
            .iter()
            .find(|t| t.kind == dossier::model::TopicKind::Theme)
            .expect("a theme")
            .name
            .to_lowercase();
        add_paragraph(
            &mut corpus,
            2,
            &format!("there was more talk of the {theme} that week."),
        );
        check(&corpus, "a theme named again");
        // A quotation by a surname alone, in an article the next step
        // leaves as it is: once another article names the person in
        // full, the speaker is that person.
        add_paragraph(
            &mut corpus,
            1,
            "\"We will not leave our homes,\" Whitfield said on the radio.",
        );
        check(&corpus, "a quotation by a surname alone");
        // A new person, whose name may now be words other articles'
        // figures and topics must leave out.
        add_paragraph(
            &mut corpus,
            0,
            "Council member Dana Whitfield said on Tuesday that 40 families had left.",
        );
        check(&corpus, "a new person");
        // A person named like a word of the top theme: that word is no
        // longer part of any article's topics, nor of what figures are
        // about.
        let word = {
            let topics = analyze(&corpus).topics;
            let theme = topics
                .iter()
                .find(|t| t.kind == dossier::model::TopicKind::Theme)
                .expect("a theme");
            let w = theme.name.split(' ').next_back().unwrap().to_lowercase();
            w[..1].to_uppercase() + &w[1..]
        };
        add_paragraph(
            &mut corpus,
            0,
            &format!(
                "Deputy mayor Ellen {word} said the report was late. {word} declined to say more."
            ),
        );
        check(&corpus, "a person named like a word");
        // One article repeats a word so often that it becomes a common
        // word, which changes every article's date and figure frames.
        for _ in 0..(corpus.articles.len() * 40) {
            add_paragraph(&mut corpus, 2, "Officials met.");
        }
        check(&corpus, "a new common word");
        // Every later article moves up one place.
        corpus.articles.remove(0);
        check(&corpus, "an article removed");
        // A copy of an article under another name, at the end.
        let mut copy = corpus.articles[0].clone();
        copy.id = format!("{}-copy", copy.id);
        copy.file = format!("zz-{}", copy.file);
        corpus.articles.push(copy);
        check(&corpus, "an article added");
    }
    assert!(figures_on_cards > 0, "no dossier had a figure on a card");
}

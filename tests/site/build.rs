//! `mieruka build` as staff run it: interrupted, run twice at once, run again after a crash.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use mieruka::write::MARKER;

use super::{build_into, copy_tree, fixture, sample_root, tree};

/// Where a build stages its pages, beside `output/` (see `write::write`).
const STAGING: &str = ".output.mieruka-new";

/// A site of `cities` copies of the basic fixture's town, every page titled `title`: big
/// enough that a debug build spends a while rendering and writing.
fn big_site(root: &Path, cities: usize, title: &str) {
    let content = root.join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join("site.yaml"), format!("title: {title}\n")).unwrap();
    let town = fixture("basic").join("content/town");
    for i in 0..cities {
        let city = content.join(format!("city-{i:03}"));
        fs::create_dir_all(&city).unwrap();
        for entry in fs::read_dir(&town).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), city.join(entry.file_name())).unwrap();
        }
    }
}

fn start_build(root: &Path, output: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting mieruka build")
}

fn run_build(root: &Path, output: &Path) {
    let status = start_build(root, output).wait().unwrap();
    assert!(status.success(), "mieruka build --root {}", root.display());
}

/// When to send SIGKILL to a running build.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// This long after it started: while it loads and renders.
    After(Duration),
    /// This long after its staging folder got its marker: while it writes the pages.
    Staged(Duration),
    /// As soon as the output is its new site: while it removes the previous one.
    Swapped,
}

#[test]
fn a_killed_build_leaves_the_complete_old_site_or_the_complete_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let roots = [dir.path().join("old"), dir.path().join("new")];
    // Different titles change every page; the extra city changes the set of files.
    big_site(&roots[0], 8, "旧サイト");
    big_site(&roots[1], 9, "新サイト");
    let output = dir.path().join("output");
    let staging = dir.path().join(STAGING);

    run_build(&roots[1], &output);
    let new = tree(&output);
    // Time the two phases of a complete build, to kill at points spread over both.
    let started = Instant::now();
    let mut child = start_build(&roots[0], &output);
    wait_until(&mut child, || marked_at(&staging).is_some());
    let rendering = started.elapsed();
    assert!(child.wait().unwrap().success());
    let writing = started.elapsed() - rendering;
    let sites = [tree(&output), new];
    assert!(sites[0] != sites[1]);

    let mut kills = vec![Kill::After(rendering / 4), Kill::After(rendering * 3 / 4)];
    // Up to 6/5 of the writing time, so the last one may find the build finished.
    kills.extend((0..=6).map(|fifths| Kill::Staged(writing * fifths / 5)));
    kills.push(Kill::Swapped);
    // Which of `sites` the output holds; each build writes the other one.
    let mut current = 0;
    let mut killed_while_writing = 0;
    for kill in kills {
        // What the previous kill left beside the output stays: this build must clear it.
        let (leftover, before) = (marked_at(&staging), marked_at(&output));
        let mut child = start_build(&roots[1 - current], &output);
        match kill {
            Kill::After(delay) => sleep(delay),
            Kill::Staged(delay) => {
                wait_until(&mut child, || {
                    marked_at(&staging).is_some_and(|at| Some(at) != leftover)
                });
                sleep(delay);
            }
            Kill::Swapped => wait_until(&mut child, || marked_at(&output) != before),
        }
        child.kill().unwrap();
        child.wait().unwrap();
        if staging.exists() {
            killed_while_writing += 1;
        }
        let now = tree(&output);
        current = sites.iter().position(|s| *s == now).unwrap_or_else(|| {
            panic!(
                "killed at {kill:?}: the output is neither the complete old site nor the new one"
            )
        });
    }
    assert!(
        killed_while_writing > 0,
        "no kill landed while the pages were being written; make the site bigger"
    );

    // A build after all that leaves nothing behind but the site and the lock file.
    current = 1 - current;
    run_build(&roots[current], &output);
    assert!(tree(&output) == sites[current]);
    let mut beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, [".output.mieruka-lock", "new", "old", "output"]);
}

/// When the marker in a folder was written, if it has one. Each build writes its own, so a
/// new time tells a build's folder from what an earlier one left.
fn marked_at(dir: &Path) -> Option<SystemTime> {
    fs::metadata(dir.join(MARKER)).ok()?.modified().ok()
}

/// Waits, at most a minute, until `ready` or the build has ended.
fn wait_until(child: &mut Child, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready() && child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the build got stuck");
        sleep(Duration::from_micros(200));
    }
}

#[test]
fn a_second_build_at_the_same_time_is_refused_and_changes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("output");
    build_into(&fixture("basic"), &output).unwrap();
    let before = tree(&output);

    let held = mieruka::write::lock(&output).unwrap();
    let error = build_into(&sample_root(), &output).expect_err("must refuse while locked");
    assert!(
        error.to_string().contains("another mieruka build"),
        "{error}"
    );
    assert!(tree(&output) == before, "output touched");

    drop(held);
    build_into(&sample_root(), &output).unwrap();
    assert!(output.join("sunagawa/index.html").exists());
}

#[test]
fn check_lists_every_problem_writes_nothing_and_sets_the_exit_status() {
    // Run from the package folder with a relative --root, as a user would type it.
    let check = |root: &Path| {
        Command::new(env!("CARGO_BIN_EXE_mieruka"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("check")
            .arg("--root")
            .arg(root.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap())
            .output()
            .unwrap()
    };
    let good = check(&fixture("basic"));
    assert_eq!(good.status.code(), Some(0), "{good:?}");
    assert!(String::from_utf8_lossy(&good.stdout).contains("no problems found"));

    let case = fixture("invalid/target-shape");
    let bad = check(&case);
    assert_eq!(bad.status.code(), Some(1), "{bad:?}");
    // The same text `build` prints: every problem, at once.
    let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
    assert!(
        expected.starts_with("error: tests/fixtures/invalid/target-shape/content/")
            && expected.contains("3 errors found")
    );
    assert_eq!(String::from_utf8_lossy(&bad.stderr), expected);
    for root in [fixture("basic"), case] {
        assert!(!root.join("output").exists(), "{}", root.display());
    }
}

/// A copy of the sample site (its content and themes) in a fresh folder: (the folder, the
/// site root inside it).
fn sample_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    for part in ["content", "themes"] {
        copy_tree(&sample_root().join(part), &root.join(part));
    }
    (dir, root)
}

/// Adds a sentence (追記の一文。) to Sunagawa's 2022 commentary in a copy of the sample site;
/// returns the file.
fn add_a_sentence(root: &Path) -> std::path::PathBuf {
    let year = root.join("content/sunagawa/2022.yaml");
    let text = fs::read_to_string(&year).unwrap();
    let from = "      実績値については、";
    assert!(text.contains(from));
    fs::write(
        &year,
        text.replacen(from, "      追記の一文。実績値については、", 1),
    )
    .unwrap();
    year
}

#[test]
fn an_incremental_build_renders_only_the_changed_city_and_writes_what_a_full_build_does() {
    use std::os::unix::fs::MetadataExt as _;
    let (dir, root) = sample_copy();
    let output = dir.path().join("output");
    let inode = |path: &str| fs::metadata(output.join(path)).unwrap().ino();
    assert_eq!(
        build_into(&root, &output).unwrap().reused,
        0,
        "a first build"
    );
    let ebetsu = inode("ebetsu/kpi/tourist-visitors/index.html");
    let sunagawa = inode("sunagawa/2022/index.html");
    assert_eq!(
        build_into(&root, &output).unwrap().reused,
        2,
        "nothing changed"
    );

    // A check of the built site takes both cities from the manifest, and finds what a check
    // reading every file finds.
    let fresh = mieruka::dry_run(&root, &mieruka::Overrides::default()).unwrap();
    let recorded = mieruka::dry_run(
        &root,
        &mieruka::Overrides {
            previous_output: Some(output.clone()),
            ..mieruka::Overrides::default()
        },
    )
    .unwrap();
    assert_eq!(recorded.reused, 2);
    assert_eq!(
        (recorded.pages, recorded.warnings),
        (fresh.pages, fresh.warnings)
    );

    // One city's year file changes: only that city is rendered again; the other's files are
    // the previous output's (its folder, moved), and the site-wide files are made again from
    // both.
    add_a_sentence(&root);
    assert_eq!(build_into(&root, &output).unwrap().reused, 1);
    assert_eq!(inode("ebetsu/kpi/tourist-visitors/index.html"), ebetsu);
    assert_ne!(inode("sunagawa/2022/index.html"), sunagawa);
    assert!(
        fs::read_to_string(output.join("sunagawa/2022/index.html"))
            .unwrap()
            .contains("追記の一文。")
    );
    let full = dir.path().join("full");
    assert_eq!(build_into(&root, &full).unwrap().reused, 0);
    assert!(
        tree(&output) == tree(&full),
        "incremental and full builds differ"
    );

    // A theme file changes: every page depends on it, so nothing is reused.
    let base = root.join("themes/default/templates/base.html");
    let mut template = fs::read_to_string(&base).unwrap();
    template.push_str("{# changed #}\n");
    fs::write(&base, template).unwrap();
    assert_eq!(build_into(&root, &output).unwrap().reused, 0);
}

#[test]
fn a_first_or_last_publication_date_changes_every_page_as_a_full_build_does() {
    // Every page links the site's feed once a fiscal-year file has a `published:` date: the
    // build assumes what the previous one found (or what a look at the files suggests), and
    // renders again, reusing nothing, when the cities it read say otherwise.
    let (dir, root) = sample_copy();
    // Into `output`, comparing published figures with `previous`'s edition record.
    let build = |output: &Path, previous: &Path| {
        mieruka::build(&mieruka::BuildOptions {
            root: root.clone(),
            output: output.to_path_buf(),
            overrides: mieruka::Overrides {
                base_url: Some("https://www.city.example.lg.jp/kpi/".into()),
                previous_output: Some(previous.to_path_buf()),
            },
        })
        .unwrap()
    };
    // A page of the city whose files do not change.
    let links_feed = |output: &Path| {
        fs::read_to_string(output.join("ebetsu/index.html"))
            .unwrap()
            .contains(r#"href="../feed.xml""#)
    };
    let output = dir.path().join("output");
    build(&output, &output);
    assert!(!links_feed(&output));

    let year = root.join("content/sunagawa/2022.yaml");
    let text = fs::read_to_string(&year).unwrap();
    let first = "fiscal_year: 2022\n";
    assert!(text.contains(first));
    for (step, (content, feed)) in [
        (
            text.replacen(first, "fiscal_year: 2022\npublished: 2023-06-30\n", 1),
            true,
        ),
        (text.clone(), false),
        // A date the look at the files misses: found when the city is read.
        (
            text.replacen(first, "fiscal_year: 2022\n\"published\": 2023-06-30\n", 1),
            true,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        fs::write(&year, content).unwrap();
        // A full build first, finding what the incremental one does in the previous output.
        let full = dir.path().join(format!("full-{step}"));
        build(&full, &output);
        assert_eq!(build(&output, &output).reused, 0, "step {step}");
        assert_eq!(links_feed(&output), feed, "step {step}");
        assert!(
            tree(&output) == tree(&full),
            "step {step}: incremental and full builds differ"
        );
    }
}

#[test]
fn an_edited_city_rendered_on_its_own_is_what_the_build_after_it_writes() {
    let (dir, root) = sample_copy();
    let output = dir.path().join("output");
    let (_, pages) = mieruka::build_keeping(&mieruka::BuildOptions {
        root: root.clone(),
        output: output.clone(),
        overrides: mieruka::Overrides::default(),
    })
    .unwrap();
    let year = add_a_sentence(&root);

    let edited = pages
        .read(std::slice::from_ref(&year))
        .expect("only a city's file changed");
    assert_eq!(edited.ids, ["sunagawa"]);
    assert_eq!(edited.folders, ["sunagawa", "en/sunagawa"]);
    build_into(&root, &output).unwrap();
    let built = tree(&output);
    // Every page and chart of the city, in both editions, rendered alone, is what the build
    // wrote; its open data, search part and feed are left to the build.
    let mut rendered = 0;
    for (path, bytes) in &built {
        let page = pages.page(&edited, path).map(|page| page.unwrap().bytes);
        let of_city = edited
            .folders
            .iter()
            .any(|folder| path.starts_with(&format!("{folder}/")));
        if of_city && (path.ends_with(".html") || path.ends_with(".svg")) {
            assert!(page.as_ref() == Some(bytes), "{path} differs");
            rendered += 1;
        } else {
            assert!(page.is_none(), "{path} is not a page of the city");
        }
    }
    assert!(rendered > 100, "{rendered} pages");
    let report = pages.page(&edited, "sunagawa/2022/index.html").unwrap();
    assert!(
        String::from_utf8(report.unwrap().bytes)
            .unwrap()
            .contains("追記の一文。")
    );

    // What the city alone does not show is left to the build.
    assert!(pages.read(&[root.join("content/site.yaml")]).is_none());
    let new = root.join("content/sunagawa/2023.yaml");
    fs::write(&new, "").unwrap();
    assert!(
        pages.read(std::slice::from_ref(&new)).is_none(),
        "a new file"
    );
    fs::remove_file(&new).unwrap();
    let gone = root.join("content/sunagawa/.2022.yaml.swp");
    assert!(pages.read(&[gone]).is_none(), "no content file changed");
    let text = fs::read_to_string(&year).unwrap();
    fs::write(&year, text.replacen("actual: 25.0", "actual: \"<b>\"", 1)).unwrap();
    assert!(
        pages.read(std::slice::from_ref(&year)).is_none(),
        "a city with an error"
    );
}

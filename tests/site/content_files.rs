//! Every file under `content/` is loaded or reported: nothing vanishes from the site silently.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use mieruka::diagnostic::Diagnostics;
use mieruka::{Overrides, check};

use super::{copy_tree, fixture};

/// A copy of the basic fixture in a fresh folder: (the folder, the site root inside it).
fn basic_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("basic"), &root);
    (dir, root)
}

/// The problems `check` reports, one string each (message and hint).
fn problems(root: &Path) -> Vec<String> {
    let error = check(root, &Overrides::default()).expect_err("must report a problem");
    let diagnostics = error
        .downcast_ref::<Diagnostics>()
        .unwrap_or_else(|| panic!("not a content problem: {error:#}"));
    // Paths are shown as typed, here under the temporary folder: compare them from the site root.
    let prefix = format!("{}/", root.display());
    diagnostics
        .0
        .iter()
        .map(|d| d.to_string().replacen(&prefix, "", 1))
        .collect()
}

fn city_count(root: &Path) -> usize {
    check(root, &Overrides::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .site
        .cities
        .len()
}

#[test]
fn symlinks_inside_the_site_are_followed() {
    let (_dir, root) = basic_copy();
    // The city folder, and a year file, as links to copies elsewhere in the site folder.
    fs::rename(root.join("content/town"), root.join("shared-town")).unwrap();
    symlink(root.join("shared-town"), root.join("content/town")).unwrap();
    fs::create_dir(root.join("data")).unwrap();
    fs::rename(
        root.join("shared-town/2022.yaml"),
        root.join("data/2022.yaml"),
    )
    .unwrap();
    symlink("../data/2022.yaml", root.join("shared-town/2022.yaml")).unwrap();
    let site = check(&root, &Overrides::default()).expect("links inside the site are followed");
    assert_eq!(site.site.cities.len(), 1);
    assert_eq!(site.site.cities[0].years, vec![2021, 2022]);
}

#[test]
fn symlinks_leading_outside_the_site_or_nowhere_are_reported() {
    let (dir, root) = basic_copy();
    let outside = dir.path().join("elsewhere");
    fs::rename(root.join("content/town"), &outside).unwrap();
    symlink(&outside, root.join("content/town")).unwrap();
    let found = problems(&root);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .starts_with("error: content/town: symbolic link leads outside the site folder, to /"),
        "{}",
        found[0]
    );

    let (_dir, root) = basic_copy();
    fs::rename(
        root.join("content/town/city.yaml"),
        dir.path().join("city.yaml"),
    )
    .unwrap();
    symlink(
        dir.path().join("city.yaml"),
        root.join("content/town/city.yaml"),
    )
    .unwrap();
    symlink("missing.yaml", root.join("content/town/2023.yaml")).unwrap();
    let found = problems(&root).join("\n");
    assert!(
        found
            .contains("error: content/town/city.yaml: symbolic link leads outside the site folder"),
        "{found}"
    );
    assert!(
        found.contains(
            "error: content/town/2023.yaml: symbolic link to something that does not exist"
        ),
        "{found}"
    );
}

#[test]
fn misnamed_and_stray_files_are_reported() {
    let (_dir, root) = basic_copy();
    let town = root.join("content/town");
    fs::write(town.join("2023.YAML"), "fiscal_year: 2023\n").unwrap();
    fs::write(town.join("2024.yml"), "fiscal_year: 2024\n").unwrap();
    fs::write(town.join("notes.txt"), "メモ").unwrap();
    fs::create_dir(town.join("old")).unwrap();
    fs::write(root.join("content/summary.xlsx"), "").unwrap();
    fs::write(root.join("content/+202.yaml"), "").unwrap();
    fs::write(town.join("+202.yaml"), "").unwrap();
    assert_eq!(
        problems(&root),
        [
            "error: content/+202.yaml: unexpected file in content/\n    hint: content/ holds site.yaml, a README.md and one folder per city",
            "error: content/summary.xlsx: unexpected file in content/, not loaded\n    hint: content/ holds site.yaml, a README.md and one folder per city; move other files out of content/ (or start the name with a dot to keep it here unread)",
            "error: content/town/+202.yaml: not a fiscal-year file\n    hint: name a city's files city.yaml, <西暦 year>.yaml (e.g. 2022.yaml for 令和4年度) and strategy-<西暦 year>.yaml for a later strategy",
            "error: content/town/2023.YAML: YAML files here end in .yaml (lower case)\n    hint: rename it to 2023.yaml",
            "error: content/town/2024.yml: YAML files here end in .yaml (lower case)\n    hint: rename it to 2024.yaml",
            "error: content/town/notes.txt: unexpected file in content/, not loaded\n    hint: name a city's files city.yaml, <西暦 year>.yaml (e.g. 2022.yaml for 令和4年度) and strategy-<西暦 year>.yaml for a later strategy; move other files out of content/ (or start the name with a dot to keep it here unread)",
            "error: content/town/old: unexpected folder in a city folder\n    hint: a city folder holds city.yaml and one <西暦>.yaml per fiscal year; move other folders out of content/",
        ]
    );
}

#[test]
fn dotfiles_and_readmes_are_ignored_as_documented() {
    let (_dir, root) = basic_copy();
    fs::write(root.join("content/README.md"), "# 説明").unwrap();
    fs::write(root.join("content/town/README.md"), "# 説明").unwrap();
    fs::write(root.join("content/.DS_Store"), "").unwrap();
    fs::create_dir(root.join("content/.git")).unwrap();
    fs::write(root.join("content/town/.2022.yaml.swp"), "").unwrap();
    fs::write(root.join("content/town/2022.yaml~"), "").unwrap();
    fs::write(root.join("content/town/#2022.yaml#"), "").unwrap();
    assert_eq!(city_count(&root), 1);
}

#[test]
fn an_unreadable_file_does_not_hide_the_other_files_problems() {
    let (_dir, root) = basic_copy();
    // Shift_JIS for "title: 実績" in site.yaml, and a broken year file beside it.
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("title: 実績公開\n");
    fs::write(root.join("content/site.yaml"), &sjis).unwrap();
    fs::write(root.join("content/town/2022.yaml"), "fiscal_year: [\n").unwrap();
    let found = problems(&root);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with("error: content/site.yaml:1:8: the file is in Shift_JIS (CP932), not UTF-8\n    hint: open it in a text editor and save it as UTF-8"), "{}", found[0]);
    assert!(
        found[1].starts_with("error: content/town/2022.yaml:"),
        "{}",
        found[1]
    );
}

#[test]
fn an_oversized_file_is_refused_with_its_size() {
    let (_dir, root) = basic_copy();
    let big = format!("title: x\ndescription: \"{}\"\n", "あ".repeat(2_000_000));
    fs::write(root.join("content/site.yaml"), big).unwrap();
    let found = problems(&root);
    assert_eq!(
        found,
        [
            "error: content/site.yaml: file is too big: 6 MB, more than the 4 MB a content file may have\n    hint: a content file holds one city or one fiscal year; check that the right file was saved here"
        ]
    );
}

#[test]
fn deep_nesting_is_refused_plainly() {
    let (_dir, root) = basic_copy();
    let deep = format!(
        "title: x\ndescription: {}1{}\n",
        "[".repeat(300),
        "]".repeat(300)
    );
    fs::write(root.join("content/site.yaml"), deep).unwrap();
    let found = problems(&root);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("nested too deeply\n    hint: content files nest a few levels"),
        "{}",
        found[0]
    );
}

#[test]
fn measures_nested_too_deeply_are_refused_at_their_line() {
    let (_dir, root) = basic_copy();
    let city = root.join("content/town/city.yaml");
    let mut text = fs::read_to_string(&city).unwrap();
    // A goal (level 3) whose measures nest 15 deep: the 15th measure is level 33.
    text.push_str("  - id: goal-deep\n    title: 深い\n");
    for level in 0..15 {
        let pad = " ".repeat(4 + 4 * level);
        text.push_str(&format!("{pad}measures:\n{pad}  - title: 施策{level}\n"));
    }
    let line = text.lines().count();
    fs::write(&city, text).unwrap();
    let found = problems(&root);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(&format!("error: content/town/city.yaml:{line}:")),
        "{}",
        found[0]
    );
    assert!(found[0].contains("nested too deeply"), "{}", found[0]);
}

#[test]
fn many_bad_values_are_each_located_up_to_a_cap() {
    let (_dir, root) = basic_copy();
    let mut year = String::from("fiscal_year: 2022\nkpis:\n");
    for i in 0..126 {
        year.push_str(&format!("  kpi-{i}:\n    actual: x{i}人\n"));
    }
    fs::write(root.join("content/town/2022.yaml"), year).unwrap();
    let found = problems(&root);
    assert_eq!(found.len(), mieruka::load::MAX_PROBLEMS_PER_FILE + 1);
    // The note about the rest comes first (it concerns the whole file, line 0).
    assert!(
        found[0].starts_with("error: content/town/2022.yaml: more than 50 problems in this file; the rest are not listed"),
        "{}",
        found[0]
    );
    for (i, message) in found.iter().skip(1).enumerate() {
        // Sorted by position, so the i-th message is the i-th KPI's figure, on its own line.
        let expected = format!(
            "error: content/town/2022.yaml:{}:5: kpis.kpi-{i}.actual: `x{i}人` is not a figure",
            4 + 2 * i
        );
        assert!(message.starts_with(&expected), "{message}");
    }
}

#[test]
fn a_rate_outside_0_to_100_percent_is_a_warning() {
    let (_dir, root) = basic_copy();
    let year = root.join("content/town/2022.yaml");
    let text = fs::read_to_string(&year).unwrap();
    // 就職率 of 250% (a count typed as a rate), and 人口増減率 of -1.2%, which a change may be.
    let text = text
        .replacen("    actual: 25.0\n", "    actual: 250\n", 1)
        .replacen(
            "kpis:\n",
            "kpis:\n  population-change:\n    actual: △1.2\n",
            1,
        );
    fs::write(&year, text).unwrap();
    // A baseline and a target typed ten times too big in city.yaml.
    let city = root.join("content/town/city.yaml");
    let text = fs::read_to_string(&city)
        .unwrap()
        .replacen(
            "{value: 36.7, as_of: 令和元年}",
            "{value: 367, as_of: 令和元年}",
            1,
        )
        .replacen("        2023: 40.0\n", "        2023: 400\n", 1);
    fs::write(&city, text).unwrap();
    let valid = check(&root, &Overrides::default()).expect("a warning does not stop the build");
    let prefix = format!("{}/", root.display());
    let warnings: Vec<String> = valid
        .warnings
        .0
        .iter()
        .map(|d| d.to_string().replacen(&prefix, "", 1))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: content/town/2022.yaml:6:5: kpis.hires.actual: 250% for 「就職率」, a rate: a share lies between 0 and 100%\n    hint: check the figure (a misplaced decimal point, a count instead of a rate); if it is right as written, the warning can stay",
            "warning: content/town/city.yaml:30:32: goals[0].measures[0].measures[0].projects[0].kpis[0].baseline.value: 367% for 「就職率」, a rate: a share lies between 0 and 100%\n    hint: check the figure (a misplaced decimal point, a count instead of a rate); if it is right as written, the warning can stay",
            "warning: content/town/city.yaml:36:25: goals[0].measures[0].measures[0].projects[0].kpis[0].target.values[2023]: 400% for 「就職率」, a rate: a share lies between 0 and 100%\n    hint: check the figure (a misplaced decimal point, a count instead of a rate); if it is right as written, the warning can stay",
        ]
    );
}

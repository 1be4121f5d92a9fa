//! Builds fixture sites and the sample site, and checks what comes out.
//!
//! `tests/fixtures/invalid/<case>/expected.txt` pins the exact diagnostics of each broken site;
//! run with `MIERUKA_BLESS=1` to rewrite them after a deliberate change, then review the diff.
//! `build` and `serve` run the real binary.

mod build;
mod serve;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use mieruka::diagnostic::Diagnostics;
use mieruka::figure::Figure;
use mieruka::model::{Actual, Counts, Site, Status};
use mieruka::{BuildOptions, Overrides, build, check};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_into(root: &Path, output: &Path) -> anyhow::Result<mieruka::BuildReport> {
    build(&BuildOptions {
        root: root.to_path_buf(),
        output: output.to_path_buf(),
        overrides: Overrides::default(),
    })
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

fn page(output: &Path, path: &str) -> String {
    fs::read_to_string(output.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load_basic() -> Site {
    check(&fixture("basic"), &Overrides::default()).expect("the basic fixture is valid")
}

#[test]
fn invalid_fixtures_report_exact_diagnostics_and_write_nothing() {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "at least five invalid fixtures");
    for case in cases {
        let error = check(&case, &Overrides::default()).expect_err("an invalid fixture must fail");
        let diagnostics = error
            .downcast_ref::<Diagnostics>()
            .unwrap_or_else(|| panic!("{}: not a content problem: {error:#}", case.display()));
        let actual = format!("{diagnostics}\n");
        let expected_path = case.join("expected.txt");
        if std::env::var_os("MIERUKA_BLESS").is_some() {
            fs::write(&expected_path, &actual).unwrap();
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with MIERUKA_BLESS=1",
                expected_path.display()
            )
        });
        assert_eq!(actual, expected, "{}", case.display());

        // The previous output stays exactly as it was.
        let out = tempfile::tempdir().unwrap();
        let output = out.path().join("output");
        build_into(&fixture("basic"), &output).unwrap();
        let before = tree(&output);
        assert!(build_into(&case, &output).is_err());
        assert_eq!(tree(&output), before, "{}: output touched", case.display());
    }
}

#[test]
fn sample_site_counts_match_the_report() {
    let site = check(&sample_root(), &Overrides::default()).expect("the sample content is valid");
    let sunagawa = site.cities.iter().find(|c| c.id == "sunagawa").unwrap();
    let counts: Vec<(usize, usize)> = sunagawa
        .goals
        .iter()
        .map(|g| {
            let c = sunagawa.goal_counts(g);
            (c.projects, c.kpis)
        })
        .collect();
    // 小計 lines and 合計 of the Sunagawa report.
    assert_eq!(counts, [(8, 7), (7, 9), (16, 15), (16, 14)]);
    assert_eq!(
        sunagawa.counts(),
        Counts {
            projects: 47,
            kpis: 45
        }
    );

    let out = tempfile::tempdir().unwrap();
    build_into(&sample_root(), out.path()).unwrap();
    let report = page(out.path(), "sunagawa/2022/index.html");
    for line in [
        "小計（事業数：8、KPI数：7）",
        "小計（事業数：7、KPI数：9）",
        "小計（事業数：16、KPI数：15）",
        "小計（事業数：16、KPI数：14）",
        "合計（事業数：47、KPI数：45）",
    ] {
        assert!(report.contains(line), "{line}");
    }
}

#[test]
fn sample_figures_are_shown_as_the_city_wrote_them() {
    let out = tempfile::tempdir().unwrap();
    build_into(&sample_root(), out.path()).unwrap();
    let tourists = page(out.path(), "sunagawa/kpi/tourist-visitors-kpi/index.html");
    assert!(
        tourists.contains(">1,168.5"),
        "thousands separator and decimal kept"
    );
    let hire = page(out.path(), "sunagawa/kpi/hs-local-hire-rate/index.html");
    assert!(
        hire.contains(">36.0<") && hire.contains(">25.0<"),
        "trailing zero kept"
    );
    let population = page(out.path(), "sunagawa/kpi/population-change-rate/index.html");
    assert!(population.contains(
        "<span aria-hidden=\"true\">△</span><span class=\"sr-only\">マイナス</span>8.38"
    ));
}

#[test]
fn basic_model_states_shapes_and_listings() {
    let site = load_basic();
    let town = &site.cities[0];
    let kpi = |id: &str| town.kpis.iter().find(|k| k.id == id).unwrap();
    let fig = |s: &str| Figure::parse(s).unwrap();

    let hires = kpi("hires");
    assert_eq!(hires.years[&2022].status, Some(Status::Provisional));
    assert_eq!(hires.years[&2021].status, Some(Status::Confirmed));
    assert_eq!(hires.target.stated(), Some(fig("40")));
    assert_eq!(hires.target.for_year(2023), Some(fig("40.0")));

    assert_eq!(
        kpi("satisfaction").years[&2022].actual,
        Actual::NotMeasurable
    );
    assert_eq!(kpi("grants").years[&2021].actual, Actual::NotApplicable);
    assert_eq!(kpi("grants").target.for_year(2021), None);
    assert_eq!(kpi("grants").target.for_year(2022), Some(fig("10.0")));

    // Parts without a stated actual sum to the KPI's value, marked as summed.
    let trainees = kpi("trainees");
    assert_eq!(trainees.years[&2021].actual, Actual::Value(fig("7")));
    assert!(trainees.years[&2021].summed);
    assert_eq!(trainees.cumulative_actual(2022), Some(fig("13")));
    assert_eq!(trainees.target.cumulative_for_year(2022), Some(fig("14")));

    // 再掲 counts in its goal's 小計 but once in the 合計; a target-less KPI is not counted.
    let counts: Vec<Counts> = town.goals.iter().map(|g| town.goal_counts(g)).collect();
    assert_eq!(
        counts,
        [
            Counts {
                projects: 3,
                kpis: 3
            },
            Counts {
                projects: 2,
                kpis: 2
            }
        ]
    );
    assert_eq!(
        town.counts(),
        Counts {
            projects: 4,
            kpis: 5
        }
    );
}

#[test]
fn kpi_page_snapshot() {
    let out = tempfile::tempdir().unwrap();
    build_into(&fixture("basic"), out.path()).unwrap();
    insta::assert_snapshot!(page(out.path(), "town/kpi/hires/index.html"));
}

#[test]
fn commentary_cannot_inject_script() {
    let out = tempfile::tempdir().unwrap();
    build_into(&fixture("basic"), out.path()).unwrap();
    for (path, bytes) in tree(out.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script"), "{path}");
    }
    assert!(
        page(out.path(), "town/kpi/hires/index.html").contains("<strong>実施できなかった</strong>")
    );
}

#[test]
fn builds_are_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    build_into(&sample_root(), &out.path().join("a")).unwrap();
    build_into(&sample_root(), &out.path().join("b")).unwrap();
    assert_eq!(tree(&out.path().join("a")), tree(&out.path().join("b")));
}

#[test]
fn rebuild_replaces_the_output_and_drops_removed_pages() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("output");
    build_into(&sample_root(), &output).unwrap();
    build_into(&fixture("basic"), &output).unwrap();
    assert!(
        !output.join("sunagawa").exists(),
        "pages of the previous content are gone"
    );
    assert!(output.join("town/kpi/hires/index.html").exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let out = tempfile::tempdir().unwrap();
    let precious = out.path().join("notes.txt");
    fs::write(&precious, "大事なメモ").unwrap();
    let error = build_into(&fixture("basic"), out.path()).expect_err("must refuse");
    assert!(error.to_string().contains("refusing to replace"), "{error}");
    assert_eq!(fs::read_to_string(&precious).unwrap(), "大事なメモ");
}

#[test]
fn links_are_relative_and_resolve() {
    let out = tempfile::tempdir().unwrap();
    build_into(&sample_root(), out.path()).unwrap();
    let files = tree(out.path());
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = Path::new(path).parent().unwrap();
        for link in html
            .split(" href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            assert!(
                !link.starts_with('/') && !link.contains("://"),
                "{path}: {link}"
            );
            let target = link.split('#').next().unwrap();
            if target.is_empty() {
                continue;
            }
            let resolved = normalize(&dir.join(target));
            assert!(files.contains_key(&resolved), "{path}: broken link {link}");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

/// `a/b/../c` → `a/c`, without touching the disk.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.iter().map(|p| p.to_str().unwrap()) {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

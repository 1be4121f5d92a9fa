//! Builds fixture sites and the sample site, and checks what comes out.
//!
//! `tests/fixtures/invalid/<case>/expected.txt` pins the exact diagnostics of each broken site;
//! run with `MIERUKA_BLESS=1` to rewrite them after a deliberate change, then review the diff.
//! `build` and `serve` run the real binary.

mod build;
mod content_files;
mod discover;
mod editions;
mod english;
mod fuzz;
mod generations;
mod glance;
mod modules;
mod output;
mod serve;
mod theme;
mod verdicts;
mod yearly;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use mieruka::diagnostic::Diagnostics;
use mieruka::figure::Figure;
use mieruka::model::Site;
use mieruka::terms::{Actual, Status};
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

/// Builds a site into `site/` inside a fresh temporary folder, so the build's lock file (beside
/// its output) is removed with the folder.
fn built(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    build_into(root, &output).unwrap();
    (dir, output)
}

fn page(output: &Path, path: &str) -> String {
    fs::read_to_string(output.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load_basic() -> Site {
    check(&fixture("basic"), &Overrides::default())
        .expect("the basic fixture is valid")
        .site
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
        // Relative to the package, as a user in this folder would type it: messages show it so.
        let typed = case
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .to_path_buf();
        let error = check(&typed, &Overrides::default()).expect_err("an invalid fixture must fail");
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
    let site = check(&sample_root(), &Overrides::default())
        .expect("the sample content is valid")
        .site;
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
    let total = sunagawa.counts();
    assert_eq!((total.projects, total.kpis), (47, 45));
    // 小中学校適正配置, JR砂川駅設備改善, 広域行政推進, 定住自立圏推進: KPIの設定が困難.
    assert_eq!(total.projects_without_kpi, 4);

    let (_dir, out) = built(&sample_root());
    let report = page(&out, "sunagawa/2022/index.html");
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
    let (_dir, out) = built(&sample_root());
    let tourists = page(&out, "sunagawa/kpi/tourist-visitors-kpi/index.html");
    assert!(
        tourists.contains(">1,168.5"),
        "thousands separator and decimal kept"
    );
    let hire = page(&out, "sunagawa/kpi/hs-local-hire-rate/index.html");
    assert!(
        hire.contains(">36.0<") && hire.contains(">25.0<"),
        "trailing zero kept"
    );
    let population = page(&out, "sunagawa/kpi/population-change-rate/index.html");
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
    let counts: Vec<(usize, usize, usize)> = town
        .goals
        .iter()
        .map(|g| town.goal_counts(g))
        .map(|c| (c.projects, c.kpis, c.projects_without_kpi))
        .collect();
    assert_eq!(counts, [(3, 3, 0), (2, 2, 1)]);
    let total = town.counts();
    assert_eq!(
        (total.projects, total.kpis, total.projects_without_kpi),
        (4, 5, 1)
    );
}

#[test]
fn kpi_page_snapshot() {
    let (_dir, out) = built(&fixture("basic"));
    insta::assert_snapshot!(page(&out, "town/kpi/hires/index.html"));
}

#[test]
fn commentary_cannot_inject_script() {
    let (_dir, out) = built(&fixture("basic"));
    for (path, bytes) in tree(&out) {
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        // The search page's own two scripts, the year table's enhancement, and nothing else.
        if path == "search/index.html" {
            text = text
                .replacen("<script src=\"index.js\"></script>", "", 1)
                .replacen("<script src=\"../assets/search.js\"></script>", "", 1);
        }
        let root = "../".repeat(path.matches('/').count());
        text = text.replacen(
            &format!("<script src=\"{root}assets/year-table.js\" defer></script>"),
            "",
            1,
        );
        assert!(!text.contains("<script"), "{path}");
    }
    assert!(page(&out, "town/kpi/hires/index.html").contains("<strong>実施できなかった</strong>"));
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
    let folder = out.path().join("documents");
    fs::create_dir(&folder).unwrap();
    let precious = folder.join("notes.txt");
    fs::write(&precious, "大事なメモ").unwrap();
    let error = build_into(&fixture("basic"), &folder).expect_err("must refuse");
    assert!(error.to_string().contains("refusing to replace"), "{error}");
    assert_eq!(fs::read_to_string(&precious).unwrap(), "大事なメモ");
}

#[test]
fn links_are_relative_and_resolve() {
    let (_dir, out) = built(&sample_root());
    let checked = check_links(&out, &[" href=\""], false);
    assert!(checked > 500, "only {checked} links checked");
}

/// Checks every link (`attrs`: ` href="`, ` src="`) of the HTML files of a built site: each
/// relative one resolves to a file; an absolute one (`://`, a site with a base URL) is allowed
/// only when `absolute_ok`, and one from the root (`/…`) never. Returns how many resolved.
fn check_links(out: &Path, attrs: &[&str], absolute_ok: bool) -> usize {
    let files = tree(out);
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = Path::new(path).parent().unwrap();
        let links = attrs
            .iter()
            .flat_map(|attr| html.split(attr).skip(1))
            .filter_map(|s| s.split('"').next());
        for link in links {
            assert!(
                !link.starts_with('/') && (absolute_ok || !link.contains("://")),
                "{path}: {link}"
            );
            let target = link.split(['#', '?']).next().unwrap();
            if target.is_empty() || link.contains("://") {
                continue;
            }
            let resolved = normalize(&dir.join(target));
            assert!(files.contains_key(&resolved), "{path}: broken link {link}");
            checked += 1;
        }
    }
    checked
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

/// Parses CSV as written by mieruka (RFC 4180 quoting), without its BOM.
/// The records of a city's `kpi-data.json`, one per KPI and fiscal year as in the CSV: each
/// year's fields with those of its KPI, goal, strategy and city.
fn json_records(json: &serde_json::Value) -> Vec<serde_json::Value> {
    assert_eq!(json["format"], 2);
    let fields =
        |v: &serde_json::Value, children: &str| -> serde_json::Map<String, serde_json::Value> {
            let mut map = v.as_object().unwrap().clone();
            map.retain(|k, _| k != children);
            map
        };
    let mut city = fields(json, "strategies");
    city.retain(|k, _| {
        !["generator", "format", "columns", "levels", "legend"].contains(&k.as_str())
    });
    let mut out = Vec::new();
    for strategy in json["strategies"].as_array().unwrap() {
        for goal in strategy["goals"].as_array().unwrap() {
            for kpi in goal["kpis"].as_array().unwrap() {
                for year in kpi["years"].as_array().unwrap() {
                    let mut record = city.clone();
                    for level in [
                        fields(strategy, "goals"),
                        fields(goal, "kpis"),
                        fields(kpi, "years"),
                        fields(year, ""),
                    ] {
                        for (k, v) in level {
                            assert!(record.insert(k.clone(), v).is_none(), "{k} at two levels");
                        }
                    }
                    out.push(serde_json::Value::Object(record));
                }
            }
        }
    }
    out
}

fn read_csv(text: &str) -> Vec<BTreeMap<String, String>> {
    let text = text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM");
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (mut row, mut field, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    let header = rows.remove(0);
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// A figure as the YAML writes it, in the CSV's plain form: no separators, `-` for △.
fn plain(yaml: &serde_yaml::Value) -> String {
    let text = match yaml {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => panic!("not a figure: {other:?}"),
    };
    text.replace(',', "").replace(['△', '▲'], "-")
}

#[test]
fn open_data_csv_agrees_with_the_yaml() {
    let (_dir, out) = built(&sample_root());
    let mut checked = 0;
    for city in ["sunagawa", "ebetsu"] {
        let csv = read_csv(&page(&out, &format!("{city}/kpi-data.csv")));
        let dir = sample_root().join("content").join(city);
        for year_file in fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            let Some(year) = year_file
                .file_stem()
                .unwrap()
                .to_str()
                .filter(|s| s.parse::<u16>().is_ok())
            else {
                continue;
            };
            let yaml: serde_yaml::Value =
                serde_yaml::from_str(&fs::read_to_string(&year_file).unwrap()).unwrap();
            for (id, entry) in yaml["kpis"].as_mapping().unwrap() {
                let id = id.as_str().unwrap();
                let row = csv
                    .iter()
                    .find(|r| r["kpi_id"] == id && r["fiscal_year"] == year)
                    .unwrap_or_else(|| panic!("{city} {year} {id}: no CSV row"));
                let expected = match (&entry["actual"], &entry["parts"]) {
                    (serde_yaml::Value::Null, serde_yaml::Value::Sequence(parts)) => {
                        let sum: i64 = parts
                            .iter()
                            .map(|p| plain(&p["value"]).parse::<i64>().unwrap())
                            .sum();
                        (sum.to_string(), "sum_of_parts")
                    }
                    (serde_yaml::Value::String(s), _) if s.starts_with("not_") => {
                        (String::new(), s.as_str())
                    }
                    (value, _) => (plain(value), "value"),
                };
                assert_eq!(
                    (row["actual"].clone(), row["actual_state"].as_str()),
                    (expected.0, expected.1),
                    "{city} {year} {id}"
                );
                let status = entry["status"].as_str().unwrap_or("");
                assert_eq!(row["status"], status, "{city} {year} {id}");
                checked += 1;
            }
        }
    }
    // 147 KPI-year entries in the sample; the bound guards against a loop that checks nothing.
    assert!(checked >= 140, "only {checked} figures checked");

    // The hard cases of evaluation, read from the site-wide file.
    let all = read_csv(&page(&out, "kpi-data.csv"));
    let row = |city: &str, kpi: &str, year: &str| {
        all.iter()
            .find(|r| r["city_id"] == city && r["kpi_id"] == kpi && r["fiscal_year"] == year)
            .unwrap_or_else(|| panic!("{city} {kpi} {year}"))
    };
    let eval = |city: &str, kpi: &str, year: &str| {
        let r = row(city, kpi, year);
        [
            &r["target"],
            &r["actual"],
            &r["achievement_rate"],
            &r["progress_to_target"],
            &r["computed_grade"],
            &r["not_graded"],
        ]
        .map(|s| s.clone())
    };
    // Neither sample report publishes grades, and neither city adopted a scheme: no grade
    // anywhere, only the arithmetic. Where actual ÷ target means nothing (a target of 0,
    // negative values) and the target is unmet, progress toward the target stands instead of a
    // 達成率, never a negative 達成率.
    // (city, KPI, fiscal year) → [target, actual, 達成率, progress to target, grade, not_graded]
    let expected = [
        (
            ("sunagawa", "hs-local-hire-rate", "2022"),
            ["37.0", "25.0", "67.6", "", "", ""],
        ),
        (
            ("sunagawa", "after-school-care-waitlist", "2022"),
            ["0", "0", "100.0", "", "", ""],
        ),
        (
            ("ebetsu", "waiting-children", "2022"),
            ["0", "61", "", "36.5", "", ""],
        ),
        (
            ("sunagawa", "population-change-rate", "2022"),
            ["-5.13", "-8.38", "", "-70.2", "", ""],
        ),
        (
            ("sunagawa", "new-facility-new-hires", "2022"),
            ["6", "0", "0.0", "", "", ""],
        ),
        (
            ("sunagawa", "kokuho-checkup-rate", "2021"),
            ["60.0", "48.3", "80.5", "", "", ""],
        ),
        (
            ("sunagawa", "kokuho-checkup-rate", "2022"),
            ["60.0", "46.7", "77.8", "", "", ""],
        ),
        (
            ("sunagawa", "farm-contract-area", "2022"),
            ["", "0", "", "", "", ""],
        ),
    ];
    for ((city, kpi, year), want) in expected {
        assert_eq!(eval(city, kpi, year), want, "{city} {kpi} {year}");
    }
    let cell = |city, kpi, year, column: &str| row(city, kpi, year)[column].clone();
    assert_eq!(
        cell(
            "sunagawa",
            "new-facility-new-hires",
            "2022",
            "stated_target"
        ),
        "15"
    );
    assert_eq!(
        cell("sunagawa", "kokuho-checkup-rate", "2022", "status"),
        "provisional"
    );
    assert_eq!(
        cell("sunagawa", "employed-persons", "2022", "actual_state"),
        "not_measurable"
    );

    // Each city's JSON carries its records (the site-wide CSV has them all; no site-wide JSON
    // repeats the cities' files), nested, each fact once, without empty fields: every record
    // of the CSV, cell for cell, once the levels are merged again.
    assert!(!out.join("kpi-data.json").exists());
    let cities: BTreeSet<&str> = all.iter().map(|r| r["city_id"].as_str()).collect();
    let json = |city: &str| -> serde_json::Value {
        serde_json::from_str(&page(&out, &format!("{city}/kpi-data.json"))).unwrap()
    };
    let columns = json("sunagawa")["columns"].clone();
    let columns: Vec<&str> = columns
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let mut records = Vec::new();
    for city in &cities {
        let csv: Vec<_> = all.iter().filter(|r| r["city_id"] == *city).collect();
        let json = json_records(&json(city));
        assert_eq!(csv.len(), json.len(), "{city}");
        for (csv, json) in csv.into_iter().zip(&json) {
            let json = json.as_object().unwrap();
            assert!(
                json.keys().all(|k| columns.contains(&k.as_str())),
                "{json:?}"
            );
            for column in &columns {
                let cell = match json.get(*column) {
                    None => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                };
                // The CSV neutralises formula-like text with a leading '.
                let csv = &csv[*column];
                let csv = csv
                    .strip_prefix('\'')
                    .filter(|_| cell.starts_with(['=', '+', '-', '@']))
                    .unwrap_or(csv);
                assert_eq!(csv, &cell, "{city}: {column} of {json:?}");
            }
        }
        records.extend(json);
    }
    assert_eq!(records.len(), all.len());
    let hire = records
        .iter()
        .find(|r| r["kpi_id"] == "hs-local-hire-rate" && r["fiscal_year"] == 2022)
        .unwrap();
    assert_eq!(hire["actual"].as_f64(), Some(25.0));
    assert!(!hire.as_object().unwrap().contains_key("computed_grade"));
    assert_eq!(
        json("sunagawa")["legend"]["actual_state"]["not_measurable"],
        "算出不可"
    );
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().map(Result::unwrap) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn qualified_figures_are_shown_as_written_and_compared_correctly() {
    let (_dir, out) = built(&fixture("qualified"));
    let visitors = page(&out, "town/kpi/visitors/index.html");
    assert!(visitors.contains("<dd>1万7187人超（令和5年度）</dd>"));
    assert!(visitors.contains("<td>1万8225人"));
    let checkup = page(&out, "town/kpi/checkup-rate/index.html");
    assert!(checkup.contains("<td>30%以上</td>"));
    assert!(checkup.contains("<td>29.5%"));
    let life = page(&out, "town/kpi/healthy-life/index.html");
    assert!(life.contains("<dd>延伸（各年度、基準値と比較）</dd>"));
    assert!(life.contains("目標「延伸」（基準値79.5年と比較）"));

    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let row = |kpi: &str, year: &str| {
        let r = csv
            .iter()
            .find(|r| r["kpi_id"] == kpi && r["fiscal_year"] == year)
            .unwrap_or_else(|| panic!("{kpi} {year}"));
        [
            "target",
            "target_as_written",
            "target_comparison",
            "actual",
            "actual_as_written",
            "computed_grade",
            "not_graded",
        ]
        .map(|c| r[c].clone())
    };
    // (KPI, year) → [target, as written, comparison, actual, as written, grade, not_graded]
    let expected = [
        // Equal to a 超 bound: not met, so not A although the ratio is 100%.
        (
            ("visitors", "2021"),
            [
                "17187",
                "1万7187人超",
                "more_than",
                "17187",
                "1万7187人",
                "B",
                "",
            ],
        ),
        (
            ("visitors", "2022"),
            [
                "17187",
                "1万7187人超",
                "more_than",
                "18225",
                "1万8225人",
                "A",
                "",
            ],
        ),
        // Equal to a 以上 bound: met.
        (
            ("checkup-rate", "2021"),
            ["30", "30%以上", "at_least", "30.0", "", "A", ""],
        ),
        // 93%超 is certainly at least 80%; 80%未満 certainly is not, but by how much is unknown.
        (
            ("satisfaction", "2021"),
            ["80", "80%以上", "at_least", "93", "93%超", "A", ""],
        ),
        (
            ("satisfaction", "2022"),
            ["80", "80%以上", "at_least", "80", "80%未満", "", "no_basis"],
        ),
        // 延伸: more than the baseline; equal is not met.
        (
            ("healthy-life", "2021"),
            ["79.5", "延伸", "more_than", "79.8", "", "A", ""],
        ),
        (
            ("healthy-life", "2022"),
            ["79.5", "延伸", "more_than", "79.5", "", "D", ""],
        ),
        (
            ("births", "2022"),
            ["120", "増加", "more_than", "118", "", "D", ""],
        ),
    ];
    for ((kpi, year), want) in expected {
        assert_eq!(row(kpi, year), want.map(String::from), "{kpi} {year}");
    }
}

#[test]
fn prefectures_and_villages_are_named_as_such() {
    let (_dir, out) = built(&fixture("prefecture"));
    let index = page(&out, "index.html");
    assert!(index.contains("<h2>掲載団体</h2>") && !index.contains("市区町村"));
    assert!(
        index.contains(">長野県</a></h3>"),
        "a prefecture has no prefecture"
    );
    assert!(index.contains(">長野県 例示村</a></h3>"));
    let kpi = page(&out, "nagano/kpi/migrants/index.html");
    assert!(kpi.contains("<span class=\"sub\">長野県 数値目標</span>"));
    let csv = read_csv(&page(&out, "kpi-data.csv"));
    let kinds: Vec<(&str, &str)> = csv
        .iter()
        .map(|r| (r["city"].as_str(), r["government_kind"].as_str()))
        .collect();
    assert!(kinds.contains(&("長野県", "prefecture")) && kinds.contains(&("例示村", "village")));

    // Municipalities only: the index keeps 市区町村.
    let (_dir, out) = built(&fixture("basic"));
    assert!(page(&out, "index.html").contains("<h2>掲載している市区町村</h2>"));
}

#[test]
fn kpis_without_a_project_add_no_project_to_the_counts() {
    let (_dir, out) = built(&fixture("no-project"));
    let report = page(&out, "town/2022/index.html");
    assert!(report.contains("小計（事業数：1、KPI数：3）"));
    assert!(report.contains("合計（事業数：1、KPI数：3）"));
    let goal = page(&out, "town/goal/goal-1/index.html");
    assert!(goal.contains("<h1><span class=\"sub\">例示町</span> 基本目標1</h1>"));
    assert!(goal.contains("href=\"../../kpi/migrants/index.html\""));
    let kpi = page(&out, "town/kpi/migrants/index.html");
    assert!(kpi.contains("<dt>施策</dt><dd>(1) 移住・定住の促進</dd>"));
    assert!(!kpi.contains("<dt>事業</dt>"));
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let migrants = csv
        .iter()
        .find(|r| r["kpi_id"] == "migrants" && r["fiscal_year"] == "2022")
        .unwrap();
    assert_eq!(
        (
            migrants["project"].as_str(),
            migrants["measure"].as_str(),
            migrants["actual"].as_str()
        ),
        ("", "(1) 移住・定住の促進", "16")
    );
    let goal_kpi = csv.iter().find(|r| r["kpi_id"] == "jobs-created").unwrap();
    assert_eq!(
        (goal_kpi["goal"].as_str(), goal_kpi["kind"].as_str()),
        ("基本目標1", "kpi")
    );
}

#[test]
fn a_report_grading_only_indicators_counts_them() {
    let (_dir, out) = built(&fixture("indicators-only"));
    let city = page(&out, "village/index.html");
    assert!(city.contains("<h2>数値目標の達成状況</h2>"));
    assert!(city.contains("令和4年度の数値目標2件の評価（自動算出）は、A（目標達成）1件"));
    assert!(!city.contains("KPI0件"));
    assert!(page(&out, "index.html").contains("<dt>数値目標数</dt><dd>2</dd>"));
    assert!(page(&out, "village/2022/index.html").contains("合計（数値目標数：2）"));
    let csv = read_csv(&page(&out, "village/kpi-data.csv"));
    let births = csv
        .iter()
        .find(|r| r["kpi_id"] == "births" && r["fiscal_year"] == "2022")
        .unwrap();
    assert_eq!(
        (births["kind"].as_str(), births["computed_grade"].as_str()),
        ("indicator", "C")
    );
    // A report with KPIs keeps counting KPIs.
    let (_dir, out) = built(&fixture("basic"));
    assert!(page(&out, "town/index.html").contains("<h2>KPIの達成状況</h2>"));
}

#[test]
fn a_pending_figure_is_shown_as_such_and_not_graded() {
    let (_dir, out) = built(&fixture("pending"));
    let kpi = page(&out, "town/kpi/satisfaction/index.html");
    assert!(kpi.contains("<span class=\"state\">— 調査中</span>"));
    assert!(
        kpi.contains("令和4年度の実績値は調査中です。"),
        "in the chart's description"
    );
    assert!(kpi.contains("町民意識調査の結果を集計中"));
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let row = csv
        .iter()
        .find(|r| r["kpi_id"] == "satisfaction" && r["fiscal_year"] == "2022")
        .unwrap();
    assert_eq!(
        (
            row["actual"].as_str(),
            row["actual_state"].as_str(),
            row["computed_grade"].as_str(),
            row["not_graded"].as_str()
        ),
        ("", "pending", "", "no_actual")
    );
    let json: serde_json::Value = serde_json::from_str(&page(&out, "town/kpi-data.json")).unwrap();
    assert_eq!(json["legend"]["actual_state"]["pending"], "調査中");
}

#[test]
fn per_kpi_facts_are_shown_and_exported() {
    let (_dir, out) = built(&fixture("kpi-facts"));
    let kpi = page(&out, "pref/kpi/life-expectancy/index.html");
    for fact in [
        "<dt>出典</dt><dd>厚生労働科学研究「健康寿命の算定」</dd>",
        "<dt>算出方法</dt><dd>日常生活に制限のない期間の平均</dd>",
        "<dt>設定根拠</dt><dd>全国上位10県の平均値を目標とする</dd>",
        "<dt>担当課</dt><dd>健康福祉部健康増進課</dd>",
        "<td>健康福祉部健康づくり推進課</td><td>令和5年12月</td><td>令和7年12月</td><td>全国16位</td>",
    ] {
        assert!(kpi.contains(fact), "{fact}");
    }
    let csv = read_csv(&page(&out, "pref/kpi-data.csv"));
    let cells = |year: &str| {
        let r = csv.iter().find(|r| r["fiscal_year"] == year).unwrap();
        [
            "source",
            "department",
            "published",
            "next_publication",
            "rank",
        ]
        .map(|c| r[c].clone())
    };
    assert_eq!(
        cells("2021"),
        [
            "厚生労働科学研究「健康寿命の算定」",
            "健康福祉部健康増進課",
            "",
            "",
            ""
        ]
        .map(String::from)
    );
    // The department named in 2022 holds from then on.
    assert_eq!(
        cells("2022"),
        [
            "厚生労働科学研究「健康寿命の算定」",
            "健康福祉部健康づくり推進課",
            "令和5年12月",
            "令和7年12月",
            "全国16位"
        ]
        .map(String::from)
    );
    assert_eq!(cells("2023")[1], "健康福祉部健康づくり推進課");
}

#[test]
fn project_budgets_are_shown_and_exported_in_thousands_of_yen() {
    let (_dir, out) = built(&fixture("budgets"));
    let goal = page(&out, "town/goal/goal-1/index.html");
    assert!(goal.contains("起業支援補助事業の予算額・決算額（単位：千円）"));
    assert!(goal.contains("<td class=\"num\">12,000</td><td class=\"num\">10,532</td>"));
    assert!(goal.contains("<td class=\"num\">15,000</td><td class=\"num\"><span aria-hidden=\"true\">—</span><span class=\"sr-only\">記載なし</span></td>"));
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let cells = |year: &str| {
        let r = csv.iter().find(|r| r["fiscal_year"] == year).unwrap();
        (r["project_budget"].clone(), r["project_spent"].clone())
    };
    assert_eq!(cells("2021"), ("12000".into(), "10532".into()));
    assert_eq!(cells("2022"), ("15000".into(), String::new()));
}

#[test]
fn named_texts_are_shown_apart_and_exported() {
    let (_dir, out) = built(&fixture("named-texts"));
    let kpi = page(&out, "town/kpi/consultations/index.html");
    assert!(kpi.contains("<p class=\"label\">取組内容</p><p>首都圏での移住相談会を<strong>年4回</strong>開催した。</p>"));
    assert!(kpi.contains("<p class=\"label\">成果と課題</p>"));
    assert!(kpi.contains("<p class=\"label\">今後の方向性</p>"));
    assert!(kpi.contains("<div class=\"named-text committee\"><p class=\"label\">推進会議での意見（担当課の記述とは別）</p><p>相談後の定着状況も把握すべきである。</p>"));
    let goal = page(&out, "town/goal/goal-1/index.html");
    assert!(goal.contains("令和4年度の推進会議での意見"));
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let r = csv.iter().find(|r| r["fiscal_year"] == "2022").unwrap();
    assert_eq!(
        ["actions", "results", "outlook", "committee_opinion"].map(|c| r[c].clone()),
        [
            "首都圏での移住相談会を**年4回**開催した。",
            "相談件数は増えたが、目標には届かなかった。",
            "オンライン相談を拡充する。",
            "相談後の定着状況も把握すべきである。"
        ]
        .map(String::from)
    );
}

#[test]
fn running_totals_show_the_cumulative_column_and_period_total() {
    let (_dir, out) = built(&fixture("running-totals"));
    let kpi = page(&out, "town/kpi/new-jobs/index.html");
    // 2022: target written 1,034 (a running total, not summed again), actual 1,050 in both columns.
    assert!(kpi.contains("<td>1,034</td>\n<td>1,050"));
    // Five columns of figures (target, actual, both running totals, 達成率), aligned right by
    // the table's class rather than by each cell's.
    assert!(kpi.contains("<table class=\"figures stack n5\""));
    assert!(kpi.contains("<td>1,034</td><td>1,050</td>"));
    assert!(kpi.contains("style=\"--l1:'目標値';--l2:'実績値';--l3:'累計目標';--l4:'累計実績';--l5:'達成率';--l6:'評価（自動算出）'\""));
    assert!(kpi.contains("<th scope=\"row\">期間の合計</th>\n<td>2,584</td>\n<td>1,050</td>"));
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let r = csv.iter().find(|r| r["fiscal_year"] == "2022").unwrap();
    assert_eq!(
        [
            "target",
            "cumulative_actual",
            "achievement_rate",
            "computed_grade"
        ]
        .map(|c| r[c].clone()),
        ["1034", "1050", "101.5", "A"].map(String::from)
    );
    // The 江別 sample's running-total KPIs show their 累計実績 and period total too.
    let (_dir, out) = built(&sample_root());
    let ebetsu = page(&out, "ebetsu/kpi/furusato-nozei-companies/index.html");
    assert!(ebetsu.contains("<th scope=\"row\">期間の合計</th>\n<td>5</td>\n<td>9</td>"));
}

#[test]
fn the_reference_period_of_an_actual_is_kept_as_written() {
    let (_dir, out) = built(&fixture("reference-period"));
    let shipments = page(&out, "town/kpi/shipments/index.html");
    assert!(shipments.contains("125 <span class=\"as-of\">（平成28年の値）</span>"));
    assert!(shipments.contains("平成29年度の実績値は125億円（平成28年の値）"));
    let tourists = page(&out, "town/kpi/tourists/index.html");
    assert!(tourists.contains("（平成27年度の値）") && tourists.contains("（H31年度の値）"));
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let as_of = |kpi: &str, year: &str| {
        csv.iter()
            .find(|r| r["kpi_id"] == kpi && r["fiscal_year"] == year)
            .map(|r| (r["actual"].clone(), r["actual_as_of"].clone()))
            .unwrap()
    };
    assert_eq!(
        as_of("shipments", "2017"),
        ("125".into(), "平成28年".into())
    );
    assert_eq!(as_of("tourists", "2019"), ("452".into(), "H31年度".into()));
    assert_eq!(as_of("tourists", "2018"), (String::new(), String::new()));
}

#[test]
fn breakdowns_keep_their_own_targets_and_are_never_summed() {
    let (_dir, out) = built(&fixture("breakdown"));
    let kpi = page(&out, "pref/kpi/healthy-life/index.html");
    assert!(kpi.contains("健康寿命の内訳（区分ごとの目標値と実績値、合計はしません）"));
    assert!(!kpi.contains("事業別"));
    assert!(kpi.contains("<th scope=\"row\">男性</th><td class=\"num\" data-label=\"基準値\">72.5</td><td class=\"num\" data-label=\"目標値\">73.5</td><td class=\"num\" data-label=\"令和3年度\"></td><td class=\"num\" data-label=\"令和4年度\">73.6</td><td class=\"num\" data-label=\"令和5年度\"></td><td class=\"num\" data-label=\"最新の達成率\">100.1%</td><td data-label=\"目標値との比較\">目標値に到達</td>"));
    assert!(kpi.contains("<td class=\"num\" data-label=\"最新の達成率\">99.7%</td><td data-label=\"目標値との比較\">目標値に未到達</td>"));
    assert!(!kpi.contains("149.4"), "男性 and 女性 are never added up");
    let csv = read_csv(&page(&out, "pref/kpi-data.csv"));
    let r = csv.iter().find(|r| r["fiscal_year"] == "2022").unwrap();
    assert_eq!(
        (r["breakdown"].as_str(), r["actual"].as_str()),
        ("男性=73.6;女性=75.8", "")
    );
    // Labelled parts are captioned 内訳別, project shares 事業別.
    let (_dir, out) = built(&fixture("basic"));
    assert!(page(&out, "town/kpi/trainees/index.html").contains("研修修了者数の事業別の実績値"));
}

/// The `<text>` contents of an SVG, in order.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split('<').next()?.trim().to_string()))
        .collect()
}

#[test]
fn breakdowns_and_reference_values_are_drawn_apart_from_the_actuals() {
    // Each sub-value is its own line with its own marker and target dashes, named on the chart
    // and in the legend; the description reads each against its own target.
    let (_dir, out) = built(&fixture("breakdown"));
    let kpi = page(&out, "pref/kpi/healthy-life/index.html");
    assert!(kpi.contains("<span>男性（× 実線、目標値は短い破線）</span><span>女性（+ 実線、目標値は短い細かい点線）</span>"));
    assert!(kpi.contains("令和4年度の内訳は、男性73.6年（目標値73.5年、目標値に到達）、女性75.8年（目標値76.0年、目標値に未到達）です。"));
    let svg = page(&out, "pref/kpi/healthy-life/pref-healthy-life.svg");
    let texts = svg_texts(&svg);
    assert!(texts.contains(&"男性".to_string()) && texts.contains(&"女性".to_string()));
    assert!(svg.contains("stroke=\"#009E73\" stroke-dasharray=\"8 4\""));
    assert!(svg.contains("stroke=\"#CC79A7\" stroke-dasharray=\"2 3\""));
    assert!(!svg.contains("149.4"), "never summed");

    // 参考値 widen the axis to their years and are hollow grey squares, not joined to actuals.
    let (_dir, out) = built(&fixture("reference-values"));
    let svg = page(&out, "town/kpi/newcomers/town-newcomers.svg");
    let texts = svg_texts(&svg);
    let years: Vec<&str> = texts
        .iter()
        .map(String::as_str)
        .filter(|t| t.starts_with('H') || t.starts_with('R'))
        .collect();
    assert_eq!(years, ["H25", "H26", "H27", "H28", "H29", "H30", "R1"]);
    assert_eq!(
        svg.split("<rect")
            .filter(|r| r
                .split('>')
                .next()
                .unwrap_or_default()
                .contains("fill=\"none\" stroke=\"#5A5A5A\""))
            .count(),
        2
    );
    assert!(
        page(&out, "town/kpi/newcomers/index.html")
            .contains("<span>参考値（□ 灰色の白抜きの四角、計画期間外）</span>")
    );
}

#[test]
fn revised_targets_keep_both_versions_and_grade_each_year_by_the_one_in_force() {
    let (_dir, out) = built(&fixture("revisions"));
    let kpi = page(&out, "town/kpi/visitors/index.html");
    assert!(kpi.contains("<dt>改訂</dt><dd><ul class=\"revisions\"><li>平成30年3月に改訂（平成30年度から適用）。改訂前の目標値：10,000人（令和元年度）（目標を前倒しで達成したため上方修正）</li></ul></dd>"));
    assert!(
        kpi.contains("平成30年度より前の年度は、平成30年3月の改訂前の目標値と比較しています。")
    );
    assert!(kpi.contains("目標値は平成30年3月に改訂され、平成30年度から適用されています（改訂前の目標値は10,000人（令和元年度））。"));
    // 2016 against the target then in force (10,000), 2018 against the revised one (13,000).
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let row = |kpi: &str, year: &str| {
        csv.iter()
            .find(|r| r["kpi_id"] == kpi && r["fiscal_year"] == year)
            .unwrap()
    };
    let r = row("visitors", "2016");
    assert_eq!(
        (
            r["target"].as_str(),
            r["achievement_rate"].as_str(),
            r["target_revised"].as_str()
        ),
        ("10000", "95.0", "平成30年3月")
    );
    let r = row("visitors", "2018");
    assert_eq!(
        (
            r["target"].as_str(),
            r["achievement_rate"].as_str(),
            r["target_revised"].as_str()
        ),
        ("13000", "90.0", "")
    );
    // Yearly figures before the revision are marked as such; the earlier name is kept.
    let events = page(&out, "town/kpi/events/index.html");
    assert!(events.contains("<td>550<span class=\"sub\">改訂前</span></td>"));
    assert!(events.contains("<td>800</td>"));
    assert!(events.contains("改訂前の目標値：700人（令和元年度）、名称：イベント参加者数"));
    assert_eq!(row("events", "2016")["achievement_rate"], "101.8");
    // The chart marks the revision, the earlier final target, and breaks the target line there.
    let svg = page(&out, "town/kpi/events/town-events.svg");
    assert!(svg_texts(&svg).contains(&"改訂".to_string()));
    assert!(svg.contains("stroke-dasharray=\"2 4\""));
    assert_eq!(
        svg.matches("stroke-dasharray=\"8 5\"").count(),
        2,
        "one target line on each side"
    );
    // The goal keeps its earlier title with the date.
    assert!(
        page(&out, "town/goal/goal-1/index.html").contains(
            "平成30年3月に名称を改訂（平成30年度から）。改訂前の名称：観光客を呼び込む。"
        )
    );
}

#[test]
fn reference_values_outside_the_period_are_shown_never_graded() {
    let (_dir, out) = built(&fixture("reference-values"));
    let kpi = page(&out, "town/kpi/newcomers/index.html");
    assert!(kpi.contains("<dt>参考値</dt><dd>平成25年 4,016人、平成26年度 4,088人（計画期間外のため評価の対象外）</dd>"));
    assert!(kpi.contains(
        "参考値は平成25年 4,016人、平成26年度 4,088人（計画期間外、評価の対象外）です。"
    ));
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    assert_eq!(
        csv.len(),
        5,
        "one record per year of the period, none for the 参考値"
    );
    assert!(
        csv.iter()
            .all(|r| r["reference"] == "平成25年=4016;平成26年度=4088")
    );
}

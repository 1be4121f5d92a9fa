//! Published editions and corrections: a year's report as published stays at its address with
//! its figures while later years are added and figures corrected; corrections are listed and
//! exported; a published figure changed without a correction is warned about.

use std::fs;
use std::path::{Path, PathBuf};

use mieruka::{BuildOptions, Overrides, build, render_site};

use super::{copy_tree, fixture, json_records, page, read_csv, tree};

const EDITION: &str = "town/2021/edition-2022-09-30/index.html";
const CURRENT: &str = "town/2021/index.html";

/// A copy of the basic fixture, whose 2021 report has `published: 2022-09-30`.
fn basic_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("basic").join("content"), &root.join("content"));
    let output = dir.path().join("output");
    (dir, root, output)
}

fn build_site(root: &Path, output: &Path) -> mieruka::BuildReport {
    build(&BuildOptions {
        root: root.to_path_buf(),
        output: output.to_path_buf(),
        overrides: Overrides::default(),
    })
    .unwrap()
}

/// What `mieruka check` prints about the content, comparing with the build in `output`.
fn check_against(root: &Path, output: &Path) -> Vec<String> {
    let overrides = Overrides {
        previous_output: Some(output.to_path_buf()),
        ..Overrides::default()
    };
    render_site(root, &overrides)
        .unwrap()
        .report
        .warnings
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// KPI `id`'s row of the year's table on a 2021 report page.
fn row_2021<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("/kpi/{id}/index.html\">"))
        .unwrap_or_else(|| panic!("a row for {id}"));
    let end = start + html[start..].find("</tr>").unwrap();
    &html[start..end]
}

fn edit(root: &Path, year: u16, from: &str, to: &str) {
    let path = root.join(format!("content/town/{year}.yaml"));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} in {}", path.display());
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edition_keeps_the_published_figures_and_the_current_page_the_corrected_ones() {
    let (_dir, root, output) = basic_copy();
    // Published 2021 with only that year written; 2022 comes later.
    let later = fs::read(root.join("content/town/2022.yaml")).unwrap();
    fs::remove_file(root.join("content/town/2022.yaml")).unwrap();
    build_site(&root, &output);
    let first = page(&output, EDITION);
    assert!(
        first.contains(
            "<time datetime=\"2022-09-30\">2022年9月30日</time>に公表された時点の内容です"
        )
    );
    assert!(
        first.contains("href=\"../index.html\""),
        "links the current figures"
    );
    assert!(row_2021(&first, "hires").contains("36.6"));
    let current = page(&output, CURRENT);
    assert!(
        current.contains("href=\"edition-2022-09-30/index.html\""),
        "links its edition"
    );
    let record: serde_json::Value = serde_json::from_str(&page(&output, "editions.json")).unwrap();
    assert_eq!(record["editions"][0]["page"], EDITION);
    assert_eq!(record["editions"][0]["figures"]["hires"]["actual"], "36.6");

    // A later year is added: the edition does not change by a byte.
    fs::write(root.join("content/town/2022.yaml"), later).unwrap();
    build_site(&root, &output);
    assert_eq!(page(&output, EDITION), first);
    assert_eq!(
        page(&output, CURRENT),
        current,
        "a fiscal year's report shows its own year only: a later year changes it neither"
    );

    // A figure is corrected with an entry: no warning; the edition keeps the old figure.
    edit(&root, 2021, "    actual: 36.6\n", "    actual: 38.1\n");
    let mut text = fs::read_to_string(root.join("content/town/2021.yaml")).unwrap();
    text.push_str(
        "corrections:\n  - kpi: hires\n    old: 36.6\n    new: 38.1\n    date: 2023-01-20\n    reason: 集計誤りのため訂正\n",
    );
    fs::write(root.join("content/town/2021.yaml"), text).unwrap();
    assert_eq!(check_against(&root, &output), Vec::<String>::new());
    let report = build_site(&root, &output);
    assert!(report.warnings.0.is_empty(), "{}", report.warnings);

    let edition = page(&output, EDITION);
    assert!(row_2021(&edition, "hires").contains("36.6"));
    assert!(!row_2021(&edition, "hires").contains("38.1"));
    let current = page(&output, CURRENT);
    assert!(row_2021(&current, "hires").contains("38.1"));
    assert!(!row_2021(&current, "hires").contains("36.6"));
    let history = "<th scope=\"row\"><time datetime=\"2023-01-20\">2023年1月20日</time></th><td>令和3年度 (2021年度)</td><td><a href=\"UP/kpi/hires/index.html\">就職率</a></td><td>実績値（%）</td><td class=\"num\">36.6</td><td class=\"num\">38.1</td><td>集計誤りのため訂正</td>";
    for (path, html) in [(EDITION, &edition), (CURRENT, &current)] {
        assert!(html.contains("<h2>訂正履歴</h2>"), "{path}");
        // From the city's folder: `../` from the report, `../../` from its edition.
        let up = vec![".."; path.matches('/').count() - 1].join("/");
        let relative = history.replace("UP", &up);
        assert!(html.contains(&relative), "{path}: {html}");
    }
    let kpi = page(&output, "town/kpi/hires/index.html");
    assert!(kpi.contains("<h2>訂正履歴</h2>"));
    assert!(kpi.contains(
        "<td class=\"num\">36.6</td><td class=\"num\">38.1</td><td>集計誤りのため訂正</td>"
    ));

    // The open data carry the latest figure and when it was corrected.
    for csv in ["town/kpi-data.csv", "town/kpi/hires/town-hires.csv"] {
        let rows = read_csv(&page(&output, csv));
        let row = rows
            .iter()
            .find(|r| r["kpi_id"] == "hires" && r["fiscal_year"] == "2021")
            .unwrap();
        assert_eq!(row["actual"], "38.1", "{csv}");
        assert_eq!(row["corrected_on"], "2023-01-20", "{csv}");
        let other = rows
            .iter()
            .find(|r| r["kpi_id"] == "hires" && r["fiscal_year"] == "2022")
            .unwrap();
        assert_eq!(other["corrected_on"], "", "{csv}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&page(&output, "town/kpi-data.json")).unwrap();
    let records = json_records(&json);
    let record = records
        .iter()
        .find(|r| r["kpi_id"] == "hires" && r["fiscal_year"] == 2021)
        .unwrap();
    assert_eq!(record["actual"].to_string(), "38.1");
    assert_eq!(record["corrected_on"], "2023-01-20");
}

#[test]
fn a_published_figure_changed_without_a_correction_is_warned_about_until_resolved() {
    let (_dir, root, output) = basic_copy();
    build_site(&root, &output);
    assert_eq!(check_against(&root, &output), Vec::<String>::new());
    // Not yet published: 2022's figures change freely.
    edit(&root, 2022, "    actual: 61\n", "    actual: 60\n");
    assert_eq!(check_against(&root, &output), Vec::<String>::new());

    edit(&root, 2021, "    actual: △7.77\n", "    actual: △7.70\n");
    let expected = vec![format!(
        "warning: {}:5:5: kpis.population-change.actual: published figure changed without a correction: the edition of 2022-09-30 shows `-7.77` (recorded by the last build), the file with its corrections undone gives `-7.70`\n    hint: if it was corrected, add under `corrections:` an entry with kpi: population-change, old: -7.77, new: (the value now), date: and reason:; otherwise write `-7.77` back",
        root.join("content/town/2021.yaml").display()
    )];
    assert_eq!(check_against(&root, &output), expected);
    // The build warns too and goes on, and the record keeps the published figure, so the
    // warning stays until the change is recorded.
    let report = build_site(&root, &output);
    assert_eq!(report.warnings.0.len(), 1);
    assert_eq!(check_against(&root, &output), expected);

    // A correction whose old value is not the published one does not explain it.
    let mut text = fs::read_to_string(root.join("content/town/2021.yaml")).unwrap();
    text.push_str("corrections:\n  - kpi: population-change\n    old: △7.71\n    new: △7.70\n    date: 2023-02-01\n    reason: 再計算\n");
    fs::write(root.join("content/town/2021.yaml"), &text).unwrap();
    assert_eq!(check_against(&root, &output).len(), 1);
    fs::write(
        root.join("content/town/2021.yaml"),
        text.replace("old: △7.71", "old: △7.77"),
    )
    .unwrap();
    assert_eq!(check_against(&root, &output), Vec::<String>::new());

    // A KPI that had no entry when published gets a figure: a change as well.
    let text = fs::read_to_string(root.join("content/town/2021.yaml")).unwrap();
    assert!(!text.contains("  farm-area:"));
    fs::write(
        root.join("content/town/2021.yaml"),
        text.replacen("kpis:\n", "kpis:\n  farm-area:\n    actual: 3\n", 1),
    )
    .unwrap();
    let warnings = check_against(&root, &output);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("kpis.farm-area.actual: published figure changed without a correction: the edition of 2022-09-30 shows (none)"),
        "{warnings:?}"
    );
    fs::write(root.join("content/town/2021.yaml"), &text).unwrap();

    // Moving `published:` would move the edition: warned about too.
    edit(
        &root,
        2021,
        "published: 2022-09-30",
        "published: 2022-10-01",
    );
    let warnings = check_against(&root, &output);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains(":2:1: published: `published:` was 2022-09-30"),
        "{warnings:?}"
    );
    assert!(tree(&output).contains_key(EDITION));
}

#[test]
fn the_sitemap_and_feed_date_the_edition_by_its_publication_and_the_report_by_its_last_correction()
{
    let (_dir, root, output) = basic_copy();
    edit(&root, 2021, "    actual: 36.6\n", "    actual: 38.1\n");
    let mut text = fs::read_to_string(root.join("content/town/2021.yaml")).unwrap();
    text.push_str(
        "corrections:\n  - kpi: hires\n    old: 36.6\n    new: 38.1\n    date: 2023-01-20\n    reason: 集計誤りのため訂正\n",
    );
    fs::write(root.join("content/town/2021.yaml"), text).unwrap();
    build(&BuildOptions {
        root,
        output: output.clone(),
        overrides: Overrides {
            base_url: Some("https://www.city.example.lg.jp/kpi/".into()),
            ..Overrides::default()
        },
    })
    .unwrap();
    let sitemap = page(&output, "sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<url><loc>https://www.city.example.lg.jp/kpi/{EDITION}</loc><lastmod>2022-09-30</lastmod></url>"
    )));
    assert!(sitemap.contains(&format!(
        "<url><loc>https://www.city.example.lg.jp/kpi/{CURRENT}</loc><lastmod>2023-01-20</lastmod></url>"
    )));
    let feed = page(&output, "town/feed.xml");
    assert!(feed.contains(
        "<published>2022-09-30T00:00:00+09:00</published>\n    <updated>2023-01-20T00:00:00+09:00</updated>"
    ));
}

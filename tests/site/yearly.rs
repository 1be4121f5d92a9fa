//! The yearly workflow: `new-year`, the fill-in workbook out and back in (xlsx and CP932 CSV),
//! and `diff`, on a copy of the sample content.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use calamine::{Reader, open_workbook_auto};
use mieruka::load::raw::YearFile;
use mieruka::{Overrides, check};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::{built, copy_tree, page, sample_root, tree};

/// A copy of the sample content in a temporary folder.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&sample_root().join("content"), &root.join("content"));
    (dir, root)
}

fn year_file(root: &Path, city: &str, year: u16) -> PathBuf {
    root.join("content").join(city).join(format!("{year}.yaml"))
}

fn notices(root: &Path) -> Vec<String> {
    let validated = check(root, &Overrides::default()).expect("content loads");
    validated
        .warnings
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The table row of fiscal year 2023 on a KPI page: from its `<th>` to `</tr>`.
fn year_row(html: &str) -> &str {
    let start = html
        .find(">令和5年度 (2023年度)</th>")
        .expect("a row for 2023");
    let end = start + html[start..].find("</tr>").unwrap();
    &html[start..end]
}

#[test]
fn new_year_writes_a_year_that_loads_warns_and_builds_once_filled() {
    let (_dir, root) = sample_copy();
    let before = notices(&root);
    assert!(before.is_empty(), "the sample is complete: {before:?}");

    let written = mieruka::scaffold::new_year(&root, 2023, None).unwrap();
    assert_eq!(
        written,
        vec![
            year_file(&root, "ebetsu", 2023),
            year_file(&root, "sunagawa", 2023)
        ]
    );
    let text = fs::read_to_string(year_file(&root, "sunagawa", 2023)).unwrap();
    assert!(text.contains(
        "  # KPI: 砂川高校からの市内企業就職率（単位: %） 目標値: 38.0%\n  hs-local-hire-rate:\n    actual:\n    commentary:\n"
    ));
    assert!(
        text.contains("  # 数値目標: 就業者数（単位: 人） 目標値: 6,300人（令和7年度の目標）\n")
    );
    let empty_actuals = text.matches("\n    actual:\n").count()
        + fs::read_to_string(year_file(&root, "ebetsu", 2023))
            .unwrap()
            .matches("\n    actual:\n")
            .count();

    // Every empty actual is one warning, located at its line; the site still builds.
    let warned = notices(&root);
    assert_eq!(warned.len(), empty_actuals);
    let line = text
        .lines()
        .position(|l| l == "  hs-local-hire-rate:")
        .unwrap()
        + 2;
    assert!(
        warned.contains(&format!(
            "warning: {}:{line}:5: kpis.hs-local-hire-rate.actual: not filled in yet: shown as 記載なし until a figure is written\n    hint: write the year's figure, or not_measurable (算出不可) / not_applicable (対象外)",
            year_file(&root, "sunagawa", 2023).display()
        )),
        "{warned:?}"
    );
    let (_out_dir, output) = built(&root);
    let kpi = page(&output, "sunagawa/kpi/hs-local-hire-rate/index.html");
    let row = year_row(&kpi);
    assert!(
        row.contains("記載なし"),
        "an unfilled figure reads 記載なし: {row}"
    );
    assert!(!row.contains(">0<") && !row.contains(">0.0<"), "{row}");
    assert!(output.join("sunagawa/2023/index.html").is_file());

    // Filled in (as an editor would), the warnings go and the figures show as written.
    for city in ["sunagawa", "ebetsu"] {
        let path = year_file(&root, city, 2023);
        let text = fs::read_to_string(&path).unwrap();
        let filled = text
            .replace(
                "  hs-local-hire-rate:\n    actual:\n    commentary:\n",
                "  hs-local-hire-rate:\n    actual: 41.0\n    commentary: 就職説明会を再開した。\n",
            )
            .replace("\n    actual:\n", "\n    actual: 12\n");
        fs::write(&path, filled).unwrap();
    }
    assert_eq!(notices(&root), Vec::<String>::new());
    let (_out_dir, output) = built(&root);
    let kpi = page(&output, "sunagawa/kpi/hs-local-hire-rate/index.html");
    assert!(year_row(&kpi).contains("<td>41.0</td>"));
    assert!(kpi.contains("就職説明会を再開した。"));
}

#[test]
fn new_year_refuses_to_overwrite_and_years_outside_the_period() {
    let (_dir, root) = sample_copy();
    let before = tree(&root);

    let error = mieruka::scaffold::new_year(&root, 2022, None).unwrap_err();
    let message = format!("{error:#}");
    assert!(message.contains("2022.yaml already exists"), "{message}");
    assert!(message.contains("never overwrites"), "{message}");

    let error = mieruka::scaffold::new_year(&root, 2026, Some("sunagawa")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "fiscal year 2026 (令和8年度) is outside 砂川市's strategy period 2021–2025 \
         (第2期砂川市まち・ひと・しごと創生総合戦略): a new strategy period needs its strategy in \
         content/sunagawa/strategy-2026.yaml first (see content/README.md)"
    );
    // 2025 is in 砂川市's period but not in 江別市's (2020–2024): nothing is written for either.
    let error = mieruka::scaffold::new_year(&root, 2025, None).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("江別市's strategy period 2020–2024")
    );
    let error = mieruka::scaffold::new_year(&root, 2023, Some("otaru")).unwrap_err();
    assert!(error.to_string().contains("no city `otaru`"));
    assert_eq!(tree(&root), before, "a refusal writes nothing");

    // One city only.
    let written = mieruka::scaffold::new_year(&root, 2023, Some("ebetsu")).unwrap();
    assert_eq!(written, vec![year_file(&root, "ebetsu", 2023)]);
    assert!(!year_file(&root, "sunagawa", 2023).exists());
}

/// A cell to write when filling the workbook in.
enum Fill {
    Text(&'static str),
    Number(f64),
    Date,
}

/// The exported sheet's cells as text, row by row.
fn read_sheet(path: &Path) -> Vec<Vec<String>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range(mieruka::sheet::SHEET).unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect()
}

/// The (row, column) of a KPI's cell under `header`, 0-based.
fn cell_of(rows: &[Vec<String>], kpi: &str, header: &str) -> (usize, usize) {
    let col = rows[0].iter().position(|h| h == header).unwrap();
    let kpi_col = rows[0].iter().position(|h| h == "kpi_id").unwrap();
    let row = rows
        .iter()
        .position(|r| r[kpi_col] == kpi)
        .unwrap_or_else(|| panic!("no row for {kpi}"));
    (row, col)
}

/// Writes `rows` as a workbook with `fills` in place of their cells, as Excel would save a
/// filled-in sheet: text cells as text, numbers as numbers, a date as a date.
fn write_filled(path: &Path, rows: &[Vec<String>], fills: &BTreeMap<(usize, usize), Fill>) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(mieruka::sheet::SHEET).unwrap();
    let date = Format::new().set_num_format("yyyy/mm/dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r32, c16) = (r as u32, c as u16);
            match fills.get(&(r, c)) {
                Some(Fill::Text(t)) => sheet.write_string(r32, c16, *t),
                Some(Fill::Number(n)) => sheet.write_number(r32, c16, *n),
                Some(Fill::Date) => sheet.write_datetime_with_format(
                    r32,
                    c16,
                    ExcelDateTime::from_ymd(2023, 4, 1).unwrap(),
                    &date,
                ),
                None if text.is_empty() => continue,
                None => sheet.write_string(r32, c16, text),
            }
            .unwrap();
        }
    }
    workbook.save(path).unwrap();
}

fn year_data(root: &Path, city: &str, year: u16) -> YearFile {
    serde_yaml::from_str(&fs::read_to_string(year_file(root, city, year)).unwrap()).unwrap()
}

#[test]
fn a_filled_workbook_comes_back_exactly_into_the_yaml_and_the_pages() {
    let (dir, root) = sample_copy();
    mieruka::scaffold::new_year(&root, 2023, Some("sunagawa")).unwrap();
    let xlsx = dir.path().join("2023.xlsx");
    let rows = mieruka::sheet::export(&root, 2023, Some("sunagawa"), &xlsx).unwrap();
    let sheet = read_sheet(&xlsx);
    assert_eq!(sheet.len(), rows + 1);
    assert_eq!(
        sheet[0][4..15],
        [
            "市町村",
            "基本目標",
            "事業",
            "KPI・数値目標",
            "単位",
            "基準値",
            "目標値",
            "実績値",
            "状態",
            "所見",
            "主な取組内容"
        ]
    );
    let (r, _) = cell_of(&sheet, "hs-local-hire-rate", "実績値");
    assert_eq!(
        sheet[r][..4],
        [
            "sunagawa",
            "2023",
            "rich-labour-environment",
            "hs-local-hire-rate"
        ]
    );
    assert_eq!(sheet[r][9..11], ["36.7%（令和元年）", "38.0%"]);

    let fills = BTreeMap::from([
        (
            cell_of(&sheet, "hs-local-hire-rate", "実績値"),
            Fill::Text("36.0"),
        ),
        (
            cell_of(&sheet, "hs-local-hire-rate", "状態"),
            Fill::Text("暫定値"),
        ),
        (
            cell_of(&sheet, "hs-local-hire-rate", "所見"),
            Fill::Text("企業説明会を再開した。\r\n\r\n今後も: 継続する。"),
        ),
        (
            cell_of(&sheet, "hs-local-hire-rate", "主な取組内容"),
            Fill::Text("企業説明会の開催\n- 職場見学"),
        ),
        // A number cell: the figure without float noise; a whole number without ".0".
        (
            cell_of(&sheet, "new-facility-new-hires", "実績値"),
            Fill::Number(0.1 + 0.2),
        ),
        (
            cell_of(&sheet, "nursing-trainees", "実績値"),
            Fill::Number(7.0),
        ),
        (
            cell_of(&sheet, "brand-team-businesses", "実績値"),
            Fill::Text("1,168.5"),
        ),
        (cell_of(&sheet, "new-farmers", "実績値"), Fill::Text("△2")),
        (
            cell_of(&sheet, "employed-persons", "実績値"),
            Fill::Text("算出不可"),
        ),
    ]);
    let filled = dir.path().join("filled.xlsx");
    write_filled(&filled, &sheet, &fills);
    let before = fs::read_to_string(year_file(&root, "sunagawa", 2023)).unwrap();
    let report = mieruka::sheet::import(&root, &filled).unwrap();
    assert_eq!(report.rows, rows);
    assert_eq!(report.files, vec![(year_file(&root, "sunagawa", 2023), 9)]);

    // The YAML holds exactly what was typed, in place: comments and order kept.
    let text = fs::read_to_string(year_file(&root, "sunagawa", 2023)).unwrap();
    assert!(text.contains(
        "  # KPI: 砂川高校からの市内企業就職率（単位: %） 目標値: 38.0%\n  hs-local-hire-rate:\n    actual: 36.0\n    commentary: |\n      企業説明会を再開した。\n\n      今後も: 継続する。\n    status: provisional\n"
    ), "{text}");
    for (kpi, line) in [
        ("new-facility-new-hires", "actual: 0.3"),
        ("nursing-trainees", "actual: 7"),
        ("brand-team-businesses", "actual: 1,168.5"),
        ("new-farmers", "actual: △2"),
        ("employed-persons", "actual: not_measurable"),
    ] {
        assert!(
            text.contains(&format!("  {kpi}:\n    {line}\n")),
            "{kpi}: {text}"
        );
    }
    let first_lines = |t: &str| t.lines().take(5).map(String::from).collect::<Vec<_>>();
    assert_eq!(first_lines(&text), first_lines(&before));
    // Only the filled-in placeholders went: every other line (comments included) is still there.
    let mut removed: BTreeMap<&str, usize> = BTreeMap::new();
    for line in before.lines() {
        *removed.entry(line).or_default() += 1;
    }
    for line in text.lines() {
        if let Some(n) = removed.get_mut(line) {
            *n = n.saturating_sub(1);
        }
    }
    removed.retain(|_, n| *n > 0);
    assert_eq!(
        removed,
        BTreeMap::from([
            ("    actual:", 6),
            ("    activities: []", 1),
            ("    commentary:", 1)
        ])
    );
    let data = year_data(&root, "sunagawa", 2023);
    assert_eq!(
        data.projects.0["rich-labour-environment"].activities,
        ["企業説明会の開催", "- 職場見学"]
    );

    // And the pages show them as typed.
    let (_out, output) = built(&root);
    let kpi = page(&output, "sunagawa/kpi/hs-local-hire-rate/index.html");
    let row = year_row(&kpi);
    assert!(row.contains("36.0") && row.contains("暫定値"), "{row}");
    assert!(kpi.contains("<p>今後も: 継続する。</p>"));
    let row = year_row(&page(
        &output,
        "sunagawa/kpi/brand-team-businesses/index.html",
    ))
    .to_string();
    assert!(row.contains("1,168.5"), "{row}");
    let year = page(&output, "sunagawa/2023/index.html");
    assert!(year.contains("- 職場見学"));

    // Importing the same workbook again changes nothing.
    let report = mieruka::sheet::import(&root, &filled).unwrap();
    assert_eq!(report.files, vec![]);
}

#[test]
fn bad_cells_are_all_located_and_nothing_changes() {
    let (dir, root) = sample_copy();
    let xlsx = dir.path().join("2022.xlsx");
    mieruka::sheet::export(&root, 2022, None, &xlsx).unwrap();
    let sheet = read_sheet(&xlsx);
    let actual = cell_of(&sheet, "hs-local-hire-rate", "実績値");
    let status = cell_of(&sheet, "hs-local-hire-rate", "状態");
    let dated = cell_of(&sheet, "nursing-trainees", "実績値");
    let fills = BTreeMap::from([
        (actual, Fill::Text("25.0人")),
        (status, Fill::Text("たぶん")),
        (dated, Fill::Date),
        // A good cell beside them must not be imported either.
        (
            cell_of(&sheet, "brand-products", "実績値"),
            Fill::Text("30"),
        ),
    ]);
    let filled = dir.path().join("filled.xlsx");
    write_filled(&filled, &sheet, &fills);
    let before = tree(&root);
    let error = mieruka::sheet::import(&root, &filled).unwrap_err();
    let text = mieruka::error_report(&error);
    let at = |(r, c): (usize, usize)| mieruka::sheet::a1(r as u32, c as u32);
    assert_eq!(at(actual), format!("L{}", actual.0 + 1));
    for expected in [
        format!(
            "filled.xlsx:{}:12: 実績入力!{}: `25.0人` is not a number",
            actual.0 + 1,
            at(actual)
        ),
        format!(
            "実績入力!{}: `たぶん` is not a status\n    hint: choose 暫定値 or 確定値",
            at(status)
        ),
        format!(
            "実績入力!{}: the cell holds a date or time, not a figure\n    hint: Excel turned",
            at(dated)
        ),
        "3 errors found; nothing was written".to_string(),
    ] {
        assert!(text.contains(&expected), "missing {expected:?} in\n{text}");
    }
    assert_eq!(tree(&root), before, "nothing changed");
}

#[test]
fn a_cp932_csv_saved_by_excel_imports() {
    let (dir, root) = sample_copy();
    mieruka::scaffold::new_year(&root, 2023, Some("sunagawa")).unwrap();
    let xlsx = dir.path().join("2023.xlsx");
    mieruka::sheet::export(&root, 2023, Some("sunagawa"), &xlsx).unwrap();
    let mut sheet = read_sheet(&xlsx);
    let (r, c) = cell_of(&sheet, "hs-local-hire-rate", "実績値");
    sheet[r][c] = "３６．０".into();
    let (r, c) = cell_of(&sheet, "hs-local-hire-rate", "所見");
    sheet[r][c] = "高校と連携し、\"市内就職\"を促した。\n次年度も継続。".into();
    let (r, c) = cell_of(&sheet, "brand-products", "実績値");
    sheet[r][c] = "30".into();
    // Departments send back their own rows; the header row is all an import needs besides.
    let kpi_col = sheet[0].iter().position(|h| h == "kpi_id").unwrap();
    let wanted = ["hs-local-hire-rate", "brand-products"];
    let mut csv = String::new();
    for row in sheet
        .iter()
        .enumerate()
        .filter(|(i, r)| *i == 0 || wanted.contains(&r[kpi_col].as_str()))
        .map(|(_, r)| r)
    {
        let cells: Vec<String> = row
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"").replace('\n', "\r\n")))
            .collect();
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&csv);
    assert!(!unmappable, "the sample's text is in CP932");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is really not UTF-8"
    );
    let path = dir.path().join("記入済み.csv");
    fs::write(&path, &bytes).unwrap();
    mieruka::sheet::import(&root, &path).unwrap();
    let text = fs::read_to_string(year_file(&root, "sunagawa", 2023)).unwrap();
    assert!(text.contains("  hs-local-hire-rate:\n    actual: ３６．０\n    commentary: |\n      高校と連携し、\"市内就職\"を促した。\n      次年度も継続。\n"), "{text}");
    assert!(text.contains("  brand-products:\n    actual: 30\n"));
    let data = year_data(&root, "sunagawa", 2023);
    assert_eq!(
        data.kpis.0["hs-local-hire-rate"]
            .actual
            .as_ref()
            .map(|a| a.actual),
        Some(mieruka::terms::Actual::Value(
            mieruka::figure::Figure::parse("36.0").unwrap()
        ))
    );

    // A bad cell in a CSV is named after the file, as Excel names its sheet.
    let (r, c) = cell_of(&sheet, "brand-products", "実績値");
    sheet[r][c] = "三十".into();
    let line: Vec<String> = sheet[r].iter().map(|t| format!("\"{t}\"")).collect();
    let body = format!(
        "{}\r\n{}\r\n",
        csv.split("\r\n").next().unwrap(),
        line.join(",")
    );
    fs::write(&path, encoding_rs::SHIFT_JIS.encode(&body).0).unwrap();
    let error = mieruka::error_report(&mieruka::sheet::import(&root, &path).unwrap_err());
    assert!(
        error.contains(&format!("記入済み!{}2: `三十` is not a number", "L")),
        "{error}"
    );
}

#[test]
fn diff_lists_new_kpis_targets_and_figures() {
    let (_dir, root) = sample_copy();
    let text = mieruka::diff::diff(&root, 2021, 2022, Some("sunagawa")).unwrap();
    assert!(
        text.starts_with("sunagawa (砂川市): 2021 → 2022\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  target   hs-local-hire-rate 砂川高校からの市内企業就職率: 36.0% → 37.0%\n"
        ),
        "{text}"
    );
    let kpi_2021 = year_data(&root, "sunagawa", 2021).kpis.0["hs-local-hire-rate"]
        .actual
        .clone()
        .unwrap();
    let mieruka::terms::Actual::Value(v) = kpi_2021.actual else {
        panic!("2021 has a figure")
    };
    assert!(
        text.contains(&format!(
            "  actual   hs-local-hire-rate 砂川高校からの市内企業就職率: {}% → 25.0%\n",
            v.display()
        )),
        "{text}"
    );
    mieruka::scaffold::new_year(&root, 2023, Some("sunagawa")).unwrap();
    let text = mieruka::diff::diff(&root, 2022, 2023, Some("sunagawa")).unwrap();
    assert!(
        text.contains(
            "  actual   hs-local-hire-rate 砂川高校からの市内企業就職率: 25.0% → 記載なし\n"
        ),
        "{text}"
    );
    let all = mieruka::diff::diff(&root, 2021, 2022, None).unwrap();
    assert!(all.contains("ebetsu (江別市): 2021 → 2022\n"));
}

#[test]
fn exports_are_byte_identical_and_importing_every_sample_year_changes_no_byte() {
    let (dir, root) = sample_copy();
    let before = tree(&root);
    for (city, year) in [
        ("ebetsu", 2020),
        ("ebetsu", 2021),
        ("ebetsu", 2022),
        ("sunagawa", 2021),
        ("sunagawa", 2022),
    ] {
        let xlsx = dir.path().join(format!("{city}-{year}.xlsx"));
        let rows = mieruka::sheet::export(&root, year, Some(city), &xlsx).unwrap();
        let again = dir.path().join("again.xlsx");
        mieruka::sheet::export(&root, year, Some(city), &again).unwrap();
        assert_eq!(
            fs::read(&xlsx).unwrap(),
            fs::read(&again).unwrap(),
            "same bytes"
        );
        let report = mieruka::sheet::import(&root, &xlsx).unwrap();
        assert_eq!((report.rows, report.files), (rows, vec![]), "{city} {year}");
    }
    assert_eq!(tree(&root), before);
}

#[test]
fn importing_a_year_without_a_file_starts_it_as_new_year_would() {
    let (dir, root) = sample_copy();
    let xlsx = dir.path().join("2024.xlsx");
    mieruka::sheet::export(&root, 2024, Some("sunagawa"), &xlsx).unwrap();
    assert!(!year_file(&root, "sunagawa", 2024).exists());
    let sheet = read_sheet(&xlsx);
    let fills = BTreeMap::from([(cell_of(&sheet, "births", "実績値"), Fill::Text("52"))]);
    let filled = dir.path().join("filled.xlsx");
    write_filled(&filled, &sheet, &fills);
    mieruka::sheet::import(&root, &filled).unwrap();

    let imported = fs::read_to_string(year_file(&root, "sunagawa", 2024)).unwrap();
    let scaffold = dir.path().join("scaffold");
    copy_tree(&sample_root().join("content"), &scaffold.join("content"));
    mieruka::scaffold::new_year(&scaffold, 2024, Some("sunagawa")).unwrap();
    let fresh = fs::read_to_string(year_file(&scaffold, "sunagawa", 2024)).unwrap();
    assert_eq!(
        imported,
        fresh.replace("  births:\n    actual:\n", "  births:\n    actual: 52\n")
    );
    assert_eq!(notices(&root).len() + 1, notices(&scaffold).len());
}

#[test]
fn copies_filled_by_different_departments_do_not_undo_each_other() {
    let (dir, root) = sample_copy();
    mieruka::scaffold::new_year(&root, 2023, Some("sunagawa")).unwrap();
    let xlsx = dir.path().join("2023.xlsx");
    mieruka::sheet::export(&root, 2023, Some("sunagawa"), &xlsx).unwrap();
    let sheet = read_sheet(&xlsx);
    let hidden: Vec<&str> = sheet[0][15..].iter().map(String::as_str).collect();
    assert_eq!(
        hidden,
        [
            "exported_actual",
            "exported_status",
            "exported_commentary",
            "exported_activities"
        ]
    );

    let copy_a = dir.path().join("商工課.xlsx");
    let copy_b = dir.path().join("健康福祉課.xlsx");
    write_filled(
        &copy_a,
        &sheet,
        &BTreeMap::from([
            (
                cell_of(&sheet, "hs-local-hire-rate", "実績値"),
                Fill::Text("36.0"),
            ),
            (
                cell_of(&sheet, "hs-local-hire-rate", "状態"),
                Fill::Text("確定値"),
            ),
        ]),
    );
    write_filled(
        &copy_b,
        &sheet,
        &BTreeMap::from([(cell_of(&sheet, "births", "実績値"), Fill::Text("48"))]),
    );
    // Meanwhile someone writes a figure into the file by hand.
    let path = year_file(&root, "sunagawa", 2023);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace(
            "  new-farmers:\n    actual:\n",
            "  new-farmers:\n    actual: 1\n",
        ),
    )
    .unwrap();

    mieruka::sheet::import(&root, &copy_a).unwrap();
    mieruka::sheet::import(&root, &copy_b).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    for kept in [
        "  hs-local-hire-rate:\n    actual: 36.0\n    commentary:\n    status: confirmed\n",
        "  births:\n    actual: 48\n",
        "  new-farmers:\n    actual: 1\n",
    ] {
        assert!(text.contains(kept), "{kept:?} in\n{text}");
    }

    // A sheet without the exported columns (a CSV made by hand) sets what it says.
    let csv = dir.path().join("hand.csv");
    fs::write(
        &csv,
        "city_id,fiscal_year,project_id,kpi_id,実績値,状態,所見,主な取組内容\n\
         sunagawa,2023,rich-labour-environment,hs-local-hire-rate,,,,\n",
    )
    .unwrap();
    mieruka::sheet::import(&root, &csv).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("  hs-local-hire-rate:\n    actual:\n    commentary:\n  #"),
        "emptied, status gone with the figure:\n{text}"
    );
}

#[test]
fn a_project_without_kpi_has_a_row_for_its_own_commentary_and_activities() {
    let (dir, root) = sample_copy();
    let xlsx = dir.path().join("2022.xlsx");
    mieruka::sheet::export(&root, 2022, Some("sunagawa"), &xlsx).unwrap();
    let sheet = read_sheet(&xlsx);
    let project_col = sheet[0].iter().position(|h| h == "project_id").unwrap();
    let r = sheet
        .iter()
        .position(|row| row[project_col] == "school-consolidation")
        .unwrap();
    let col = |h: &str| sheet[0].iter().position(|x| x == h).unwrap();
    assert_eq!(sheet[r][col("kpi_id")], "");
    assert_eq!(sheet[r][col("KPI・数値目標")], "（KPIなし）");
    let before = year_data(&root, "sunagawa", 2022).projects.0["school-consolidation"]
        .commentary
        .clone()
        .unwrap();
    assert_eq!(sheet[r][col("所見")], before.trim_end());

    let filled = dir.path().join("filled.xlsx");
    write_filled(
        &filled,
        &sheet,
        &BTreeMap::from([
            ((r, col("所見")), Fill::Text("統合準備委員会を開催した。")),
            (
                (r, col("主な取組内容")),
                Fill::Text("保護者説明会\n制服の検討"),
            ),
        ]),
    );
    mieruka::sheet::import(&root, &filled).unwrap();
    let project = &year_data(&root, "sunagawa", 2022).projects.0["school-consolidation"];
    assert_eq!(
        project.commentary.as_deref(),
        Some("統合準備委員会を開催した。\n")
    );
    assert_eq!(project.activities, ["保護者説明会", "制服の検討"]);
}

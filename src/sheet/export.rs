//! `mieruka export-sheet`: the fill-in workbook of a fiscal year.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook,
};

use super::{ACTIVITIES, COLUMNS, HIDDEN, SHEET, STATUS, column};
use crate::era::{FiscalYear, fiscal_year_label};
use crate::model::{City, KpiKind};
use crate::scaffold::{Row, baseline_text, check_period, chosen_cities, target_text, year_rows};
use crate::terms::Actual;

/// Column widths, in characters, by column; the frozen columns (市町村 to KPI) stay narrow enough
/// to leave room for the inputs on a laptop screen.
const WIDTHS: [f64; 19] = [
    12.0, 8.0, 12.0, 12.0, 8.0, 16.0, 20.0, 28.0, 8.0, 18.0, 18.0, 12.0, 10.0, 48.0, 40.0, 12.0,
    10.0, 12.0, 12.0,
];

/// Writes the fill-in workbook of `year` for every city (or `only`) to `out`, with the figures
/// and text the year's files already hold. Returns the number of rows.
pub fn export(root: &Path, year: FiscalYear, only: Option<&str>, out: &Path) -> Result<usize> {
    let site = crate::check(root, &crate::Overrides::default())
        .context("the content must be free of errors before a sheet is exported")?
        .site;
    // Each city under the strategy in force that year.
    let cities = chosen_cities(&site, only)?
        .into_iter()
        .map(|city| check_period(city, year, only.is_none()))
        .collect::<Result<Vec<_>>>()?;

    let mut workbook = Workbook::new();
    let base = Format::new()
        .set_align(FormatAlign::Top)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF));
    let header = base
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let fixed = base.clone().set_background_color(Color::RGB(0xF2F2F2));
    let input = base
        .clone()
        .set_num_format("@")
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFFFE0));
    let unused = base.clone().set_background_color(Color::RGB(0xD9D9D9));

    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    for (c, (title, width)) in COLUMNS.iter().zip(WIDTHS).enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &header)?;
        sheet.set_column_width(c as u16, width)?;
    }
    for hidden in HIDDEN {
        sheet.set_column_hidden(column(hidden))?;
    }

    let mut r: u32 = 1;
    for city in &cities {
        let mut projects_seen = HashSet::new();
        for row in year_rows(city, year) {
            let mut cells = row_cells(city, year, row, &mut projects_seen);
            // The inputs again, as exported, in the hidden columns after them.
            let exported: Vec<Cell> = cells[cells.len() - 4..]
                .iter()
                .map(|c| Cell {
                    text: c.text.clone(),
                    kind: Kind::Fixed,
                })
                .collect();
            cells.extend(exported);
            debug_assert_eq!(cells.len(), COLUMNS.len());
            for (c, cell) in cells.into_iter().enumerate() {
                let format = match cell.kind {
                    Kind::Fixed => &fixed,
                    Kind::Input => &input,
                    Kind::Unused => &unused,
                };
                sheet.write_string_with_format(r, c as u16, &cell.text, format)?;
            }
            r += 1;
        }
    }
    let last = r.saturating_sub(1).max(1);
    let status = DataValidation::new()
        .allow_list_strings(&["暫定値", "確定値"])?
        .set_error_title("状態")?
        .set_error_message("暫定値 か 確定値 を選んでください（どちらでもなければ空欄）。")?;
    sheet.add_data_validation(1, column(STATUS), last, column(STATUS), &status)?;
    sheet.autofilter(0, 0, last, column(ACTIVITIES))?;
    sheet.set_freeze_panes(1, column("KPI・数値目標") + 1)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    });

    let help = workbook.add_worksheet();
    help.set_name("記入方法")?;
    help.set_column_width(0, 100)?;
    let label = cities
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join("・");
    let lines = [
        format!("{label} {} 実績値・所見の記入用シート（mieruka export-sheet）", fiscal_year_label(year)),
        "黄色の欄（実績値・状態・所見・主な取組内容）に記入してください。灰色の欄は変更できません。".into(),
        "実績値: 報告書のとおりの数値（例: 36.0、1,168.5、△7.77）。算出できない年度は「算出不可」、対象外の年度は「対象外」。空欄は未記入です。".into(),
        "状態: 暫定値 か 確定値 を選びます。どちらでもなければ空欄のままにします。".into(),
        "所見: 増減理由及び今後の取り組み。セル内の改行（Alt+Enter）はそのまま段落になります。".into(),
        "主な取組内容: 事業ごとに、その事業の最初の行に1行に1項目ずつ書きます（Alt+Enterで改行）。".into(),
        "記入後は mieruka import-sheet で取り込みます。CSV（UTF-8 または Shift_JIS）で保存したものも取り込めます。".into(),
    ];
    for (i, line) in lines.iter().enumerate() {
        help.write_string(i as u32, 0, line)?;
    }

    // A fixed creation date (the day after the fiscal year ends) instead of the clock's, so the
    // same content always gives the same bytes.
    let created = ExcelDateTime::from_ymd(year + 1, 4, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{label} {} 実績値・所見の記入用シート",
                fiscal_year_label(year)
            ))
            .set_creation_datetime(&created),
    );
    workbook
        .save(out)
        .with_context(|| format!("writing {}", out.display()))?;
    Ok((r - 1) as usize)
}

enum Kind {
    Fixed,
    Input,
    Unused,
}

struct Cell {
    text: String,
    kind: Kind,
}

/// The cells of one row, in the order of [`COLUMNS`].
fn row_cells(
    city: &City,
    year: FiscalYear,
    row: Row,
    projects_seen: &mut HashSet<usize>,
) -> Vec<Cell> {
    let fixed = |text: String| Cell {
        text,
        kind: Kind::Fixed,
    };
    let input = |text: String| Cell {
        text,
        kind: Kind::Input,
    };
    let unused = || Cell {
        text: String::new(),
        kind: Kind::Unused,
    };
    let goal = &city.goals[row.goal];
    let project = row.project.map(|p| &city.projects[p]);
    // A project's activities are written once, on its first row.
    let first_of_project = row.project.is_some_and(|p| projects_seen.insert(p));
    let project_year = project.and_then(|p| p.years.get(&year));
    let activities = if first_of_project {
        input(project_year.map_or(String::new(), |y| y.activities.join("\n")))
    } else {
        unused()
    };
    let goal_text = goal.heading();
    let project_name = project.map_or(String::new(), |p| {
        p.name.clone().unwrap_or_else(|| "—".into())
    });
    let ids = |kpi_id: String| {
        vec![
            fixed(city.id.clone()),
            fixed(year.to_string()),
            fixed(project.map_or(String::new(), |p| p.id.clone())),
            fixed(kpi_id),
            fixed(city.name.clone()),
            fixed(goal_text.clone()),
            fixed(project_name.clone()),
        ]
    };
    let Some(k) = row.kpi else {
        // A project without a KPI row: its commentary and activities only.
        let mut cells = ids(String::new());
        cells.extend([
            fixed("（KPIなし）".into()),
            fixed(String::new()),
            fixed(String::new()),
            fixed(String::new()),
            unused(),
            unused(),
            input(trimmed(project_year.and_then(|y| y.commentary.as_deref()))),
            activities,
        ]);
        return cells;
    };
    let kpi = &city.kpis[k];
    let entry = kpi.years.get(&year);
    let actual = match entry {
        Some(e) if e.summed => String::new(),
        Some(e) => match e.actual {
            Actual::Value(v) => v.display(),
            Actual::NotMeasurable => "算出不可".into(),
            Actual::NotApplicable => "対象外".into(),
            Actual::Pending => "調査中".into(),
            Actual::NotReported => String::new(),
        },
        None => String::new(),
    };
    let name = match kpi.kind {
        KpiKind::Indicator => format!("【数値目標】{}", kpi.name),
        KpiKind::Kpi => kpi.name.clone(),
    };
    let mut cells = ids(kpi.id.clone());
    cells.extend([
        fixed(name),
        fixed(kpi.unit.clone()),
        fixed(baseline_text(kpi)),
        fixed(target_text(kpi, year)),
        input(actual),
        input(
            entry
                .and_then(|e| e.status)
                .map_or(String::new(), |s| s.ja().into()),
        ),
        input(trimmed(entry.and_then(|e| e.commentary.as_deref()))),
        activities,
    ]);
    cells
}

fn trimmed(text: Option<&str>) -> String {
    text.map_or(String::new(), |t| t.trim_end().to_string())
}

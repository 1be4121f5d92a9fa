//! Open data: every KPI and 数値目標 of every fiscal year, with its evaluation, as CSV and JSON.
//!
//! CSV is UTF-8 with a BOM and CRLF line ends, so Excel opens it as is; numbers are plain
//! (`-7.77`, `1168.5`: no △, no separators); fiscal years are 西暦; states are codes explained
//! in the JSON's `legend` and the README. The JSON holds the same records, numbers as numbers.

use crate::evaluate::{NotGraded, evaluate};
use crate::figure::Figure;
use crate::model::{City, Direction, KpiKind, Site, Status, Target, YearState};
use crate::render::Page;
use crate::render::view::goal_heading;

/// The columns of the CSV, in order; the JSON records use the same names.
pub const COLUMNS: [&str; 27] = [
    "city_id",
    "city",
    "goal_id",
    "goal",
    "project_id",
    "project",
    "kpi_id",
    "kpi",
    "kind",
    "unit",
    "direction",
    "baseline",
    "baseline_as_of",
    "target_shape",
    "stated_target",
    "fiscal_year",
    "target",
    "actual",
    "actual_state",
    "status",
    "cumulative_actual",
    "achievement_rate",
    "progress_rate",
    "grade",
    "grade_label",
    "grade_source",
    "not_graded",
];

/// The file name of the data, at the site root (all cities) and in each city's folder.
pub const FILE_STEM: &str = "kpi-data";

/// The CSV and JSON files of the site: one pair per city and one for the whole site.
pub fn pages(site: &Site) -> Vec<Page> {
    let mut all = Vec::new();
    let mut pages = Vec::new();
    for city in &site.cities {
        let records = records(city);
        pages.push(csv_page(&format!("{}/{FILE_STEM}.csv", city.id), &records));
        pages.push(json_page(
            &format!("{}/{FILE_STEM}.json", city.id),
            &records,
        ));
        all.extend(records);
    }
    pages.push(csv_page(&format!("{FILE_STEM}.csv"), &all));
    pages.push(json_page(&format!("{FILE_STEM}.json"), &all));
    pages
}

/// A cell: text, a number (written as is in CSV, as a JSON number), or empty.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(String),
    Empty,
}

type Record = Vec<Cell>;

/// One record per KPI (数値目標 included) and fiscal year of the strategy, in content order.
fn records(city: &City) -> Vec<Record> {
    let mut out = Vec::new();
    for kpi in &city.kpis {
        let goal = &city.goals[kpi.goal];
        let project = kpi.project.map(|p| &city.projects[p]);
        let baseline = kpi.baseline.as_ref();
        for year in city.strategy.years() {
            let e = evaluate(kpi, year, &city.grading);
            let state = city.year_state(kpi, year);
            let cumulative = matches!(kpi.target, Target::Cumulative { .. });
            let grade = e.grade.as_ref();
            out.push(vec![
                text(&city.id),
                text(&city.name),
                text(&goal.id),
                text(&goal_heading(goal)),
                opt_text(project.map(|p| p.id.as_str())),
                opt_text(project.and_then(|p| p.name.as_deref())),
                text(&kpi.id),
                text(&kpi.name),
                text(match kpi.kind {
                    KpiKind::Indicator => "indicator",
                    KpiKind::Kpi => "kpi",
                }),
                text(&kpi.unit),
                text(match kpi.direction {
                    Direction::Higher => "higher",
                    Direction::Lower => "lower",
                }),
                figure(baseline.and_then(|b| b.value)),
                opt_text(baseline.and_then(|b| b.as_of.as_deref())),
                text(kpi.target.shape()),
                figure(kpi.target.stated()),
                Cell::Number(year.to_string()),
                figure(e.target),
                figure(kpi.actual(year)),
                text(state.code()),
                opt_text(
                    kpi.years
                        .get(&year)
                        .and_then(|y| y.status)
                        .map(Status::code),
                ),
                figure(if cumulative { e.actual } else { None }),
                rate(e.rate),
                rate(e.progress),
                opt_text(grade.map(|g| g.symbol.as_str())),
                opt_text(grade.map(|g| g.label.as_str())),
                opt_text(grade.map(|g| {
                    if g.by_committee {
                        "committee"
                    } else {
                        "scheme"
                    }
                })),
                opt_text(if state == YearState::NotYet {
                    None
                } else {
                    e.not_graded.map(NotGraded::code)
                }),
            ]);
        }
    }
    out
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, text)
}

fn figure(f: Option<Figure>) -> Cell {
    f.map_or(Cell::Empty, |f| Cell::Number(f.plain()))
}

fn rate(r: Option<f64>) -> Cell {
    r.map_or(Cell::Empty, |r| Cell::Number(format!("{r:.1}")))
}

fn csv_page(path: &str, records: &[Record]) -> Page {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for record in records {
        let line: Vec<String> = record
            .iter()
            .map(|cell| match cell {
                Cell::Text(t) => csv_field(t),
                Cell::Number(n) => n.clone(),
                Cell::Empty => String::new(),
            })
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Page {
        path: path.to_string(),
        bytes: out.into_bytes(),
    }
}

/// Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn json_page(path: &str, records: &[Record]) -> Page {
    let mut out = String::from("{\n  \"generator\": \"mieruka\",\n  \"columns\": [");
    out.push_str(&COLUMNS.map(json_string).join(", "));
    out.push_str("],\n  \"legend\": {\n    \"actual_state\": {");
    let states: Vec<String> = YearState::ALL
        .iter()
        .map(|s| format!("{}: {}", json_string(s.code()), json_string(s.ja())))
        .collect();
    out.push_str(&states.join(", "));
    out.push_str("},\n    \"not_graded\": {");
    let reasons: Vec<String> = NotGraded::ALL
        .iter()
        .map(|r| format!("{}: {}", json_string(r.code()), json_string(r.ja())))
        .collect();
    out.push_str(&reasons.join(", "));
    out.push_str("}\n  },\n  \"records\": [");
    for (i, record) in records.iter().enumerate() {
        out.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        let fields: Vec<String> = COLUMNS
            .iter()
            .zip(record)
            .map(|(name, cell)| {
                let value = match cell {
                    Cell::Text(t) => json_string(t),
                    Cell::Number(n) => n.clone(),
                    Cell::Empty => "null".to_string(),
                };
                format!("{}: {value}", json_string(name))
            })
            .collect();
        out.push_str(&fields.join(", "));
        out.push('}');
    }
    out.push_str("\n  ]\n}\n");
    Page {
        path: path.to_string(),
        bytes: out.into_bytes(),
    }
}

/// A JSON string literal, escaped.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("砂川市"), "砂川市");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("2行\n目"), "\"2行\n目\"");
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
        assert_eq!(json_string("△7.77"), "\"△7.77\"");
    }

    #[test]
    fn csv_starts_with_a_bom_and_uses_crlf() {
        let page = csv_page(
            "x.csv",
            &[vec![
                Cell::Text("a".into()),
                Cell::Number("-7.77".into()),
                Cell::Empty,
            ]],
        );
        let text = String::from_utf8(page.bytes).unwrap();
        assert!(text.starts_with("\u{feff}city_id,city,"));
        assert!(text.ends_with("\r\na,-7.77,\r\n"));
    }
}

//! How many KPIs earned each grade, per fiscal year: a table and a chart.

use serde::Serialize;

use crate::chart::{SummaryBar, summary_svg};
use crate::era::{FiscalYear, fiscal_year_ja};
use crate::evaluate::evaluate;
use crate::model::{City, KpiIx};

/// How many KPIs earned each grade, per fiscal year with a report.
#[derive(Debug, Serialize)]
pub struct SummaryView {
    pub id: String,
    /// What is counted: KPI, or 数値目標 in a report that grades those only.
    pub subject: &'static str,
    pub rows: Vec<SummaryRow>,
    pub svg: Option<String>,
    pub description: String,
}

#[derive(Debug, Serialize)]
pub struct SummaryRow {
    pub year: FiscalYear,
    /// Per grade of the scheme, best first.
    pub counts: Vec<usize>,
    pub not_graded: usize,
    pub total: usize,
}

/// The summary of some KPIs, or `None` before the first fiscal year's report.
pub fn summary(city: &City, kpis: &[KpiIx], id: &str) -> Option<SummaryView> {
    let grades = &city.grading.grades;
    let rows: Vec<SummaryRow> = city
        .years
        .iter()
        .map(|&year| {
            let mut counts = vec![0; grades.len()];
            let mut not_graded = 0;
            for &k in kpis {
                match evaluate(&city.kpis[k], year, &city.grading).grade {
                    Some(g) => counts[g.index] += 1,
                    None => not_graded += 1,
                }
            }
            SummaryRow {
                year,
                counts,
                not_graded,
                total: kpis.len(),
            }
        })
        .collect();
    let latest = rows.last()?;
    let mut parts: Vec<String> = grades
        .iter()
        .zip(&latest.counts)
        .map(|(g, n)| format!("{}（{}）{n}件", g.symbol, g.label))
        .collect();
    parts.push(format!("評価対象外{}件", latest.not_graded));
    let description = format!(
        "{}の{}{}件の評価は、{}です。",
        fiscal_year_ja(latest.year),
        city.assessed().ja(),
        latest.total,
        parts.join("、")
    );
    let bars: Vec<SummaryBar> = rows
        .iter()
        .map(|r| SummaryBar {
            year: r.year,
            counts: r.counts.iter().copied().chain([r.not_graded]).collect(),
        })
        .collect();
    let symbols: Vec<String> = grades.iter().map(|g| g.symbol.clone()).collect();
    Some(SummaryView {
        id: id.to_string(),
        subject: city.assessed().ja(),
        svg: summary_svg(id, &bars, &symbols),
        rows,
        description,
    })
}

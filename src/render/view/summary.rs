//! How many KPIs got each verdict, per fiscal year: a table and a chart. The verdict counted is
//! the one the government marked as its headline, or a computed scheme it adopted, said so;
//! without either there is no summary, since there is nothing the government decided to count.

use serde::Serialize;

use super::verdict::{self, GradeKey, Headline};
use crate::chart::{AxisText, SummaryBar, summary_svg};
use crate::era::FiscalYear;
use crate::evaluate::{Scope, evaluate};
use crate::locale::Locale;
use crate::model::{City, KpiIx};

/// How many KPIs got each verdict, per fiscal year with a report.
#[derive(Debug, Serialize)]
pub struct SummaryView {
    pub id: String,
    /// What is counted: KPI, or 数値目標 in a report that grades those only.
    pub subject: String,
    /// Which verdict is counted: 進捗区分（担当課の評価）, 評価（自動算出）.
    pub title: String,
    pub computed: bool,
    /// Whether published counts include grades computed for years the government left open.
    pub fills_computed: bool,
    /// The computed scheme's rule in words, when the counts include computed grades.
    pub rule: Option<String>,
    /// The verdicts counted, best first.
    pub grades: Vec<GradeKey>,
    pub rows: Vec<SummaryRow>,
    pub svg: Option<String>,
    /// As plain text and as HTML (content marked as Japanese in another language's edition).
    pub description: String,
    pub description_html: String,
}

#[derive(Debug, Serialize)]
pub struct SummaryRow {
    pub year: FiscalYear,
    /// Per verdict, best first.
    pub counts: Vec<usize>,
    /// KPIs without that verdict this year.
    pub not_graded: usize,
    pub total: usize,
}

/// The summary of some KPIs, those with a target (as KPI数 counts them): `None` before the first
/// report, or when the government neither marks a headline verdict nor adopts a computed scheme.
pub fn summary(city: &City, kpis: &[KpiIx], id: &str, t: &Locale) -> Option<SummaryView> {
    let headline = Headline::of(city)?;
    let kpis: Vec<KpiIx> = kpis
        .iter()
        .copied()
        .filter(|&k| city.kpis[k].is_counted())
        .collect();
    let grades = headline.grades(city);
    let scope = Scope::of(city);
    let mut any_computed = false;
    let rows: Vec<SummaryRow> = city
        .years
        .iter()
        .map(|&year| {
            let mut counts = vec![0; grades.len()];
            let mut not_graded = 0;
            for &k in &kpis {
                let kpi = &city.kpis[k];
                let cell = headline.cell(city, kpi, year, &evaluate(kpi, year, &scope));
                match cell.as_ref().and_then(|c| Some((c.index?, c.computed))) {
                    Some((i, computed)) => {
                        counts[i] += 1;
                        any_computed |= computed;
                    }
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
    let computed = matches!(headline, Headline::Computed);
    let title = headline.title(t);
    let filled = if any_computed && !computed {
        t.text("summary.filled")
    } else {
        ""
    };
    let subject = super::assessed(city, t);
    let describe = |content: &dyn Fn(&str) -> String| {
        let mut parts: Vec<String> = grades
            .iter()
            .zip(&latest.counts)
            .map(|(g, n)| {
                t.fill(
                    "summary.count",
                    &[
                        ("symbol", &content(&g.symbol)),
                        ("label", &content(&g.label)),
                        ("count", &n.to_string()),
                    ],
                )
            })
            .collect();
        parts.push(t.fill(
            "summary.not_graded_count",
            &[("count", &latest.not_graded.to_string())],
        ));
        t.fill(
            "summary.description",
            &[
                ("year", &t.fiscal_year(latest.year)),
                ("subject", subject),
                ("total", &latest.total.to_string()),
                ("title", &content(&title)),
                ("filled", filled),
                ("counts", &parts.join(t.text("list_separator"))),
            ],
        )
    };
    let description = describe(&|text| text.to_string());
    let description_html = describe(&|text| t.content_html(text));
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
        subject: subject.to_string(),
        svg: summary_svg(
            id,
            &bars,
            &symbols,
            &AxisText {
                years: super::kpi_chart::years_shown(&city.years, t),
                negative: t.text("format.negative").to_string(),
                unit_label: String::new(),
            },
        )
        .map(super::super::compact::svg),
        title,
        computed,
        fills_computed: any_computed && !computed,
        rule: any_computed
            .then(|| verdict::computed_rule(city, t))
            .flatten(),
        grades,
        rows,
        description,
        description_html,
    })
}

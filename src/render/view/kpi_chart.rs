//! A KPI's chart: the data drawn, and the sentence that describes it.

use serde::Serialize;

use super::{percent, verdict};
use crate::chart::{AxisText, Chart, Point};
use crate::era::FiscalYear;
use crate::evaluate::{Scope, evaluate};
use crate::figure::Figure;
use crate::locale::Locale;
use crate::model::{City, Kpi};
use crate::terms::{Actual, Status};

/// A chart and the text that names and describes it. The chart itself is drawn once, into its
/// own file ([`chart_file`]), which every page showing it references.
#[derive(Debug, Serialize)]
pub struct ChartView {
    pub id: String,
    /// As plain text (for `alt` and share tags) and as HTML (content marked as Japanese in
    /// another language's edition).
    pub title: String,
    pub title_html: String,
    pub description: String,
    pub description_html: String,
    pub has_target: bool,
    pub has_baseline: bool,
    /// What the report calls its interim benchmarks, when the chart draws them.
    pub benchmark_name: Option<String>,
    /// Whether the y axis starts at zero (the legend says when it does not).
    pub zero_based: bool,
}

/// The chart of a KPI, with its title and one-sentence description, or `None` when there is
/// nothing to chart.
pub fn chart_view(city: &City, kpi: &Kpi, t: &Locale) -> Option<ChartView> {
    let chart = chart_data(city, kpi, t);
    if !chart.is_drawable() {
        return None;
    }
    let title = |name: &str| t.fill("chart.title", &[("kpi", name)]);
    Some(ChartView {
        id: format!("chart-{}", kpi.id),
        title: title(&kpi.name),
        title_html: title(&t.content_html(&kpi.name)),
        description: chart_description(city, kpi, t, &|text| text.to_string()),
        description_html: chart_description(city, kpi, t, &|text| t.content_html(text)),
        has_target: chart.has_target(),
        has_baseline: chart.baseline.is_some(),
        benchmark_name: kpi
            .benchmark
            .as_ref()
            .filter(|_| !chart.benchmarks.is_empty())
            .map(|b| b.name.clone()),
        zero_based: chart.starts_at_zero(),
    })
}

/// A KPI's chart as a standalone SVG file (for download and share previews), or `None`.
pub fn chart_file(city: &City, kpi: &Kpi, t: &Locale) -> Option<String> {
    chart_data(city, kpi, t).to_file_svg(
        &t.fill(
            "chart.file_title",
            &[("kpi", &kpi.name), ("city", &city.name)],
        ),
        &chart_description(city, kpi, t, &|text| text.to_string()),
    )
}

/// The data a KPI's chart draws: cumulative targets and actuals as running totals.
pub(super) fn chart_data(city: &City, kpi: &Kpi, t: &Locale) -> Chart {
    let years: Vec<FiscalYear> = city.strategy.years().collect();
    let cumulative = kpi.target.is_cumulative();
    let actual = kpi
        .years
        .iter()
        .filter_map(|(&year, entry)| {
            let value = if cumulative {
                kpi.cumulative_actual(year)?
            } else {
                kpi.actual(year)?
            };
            Some(Point {
                year,
                value: value.to_f64(),
                provisional: entry.status == Some(Status::Provisional),
            })
        })
        .collect();
    let target = years
        .iter()
        .filter_map(|&y| {
            let v = if cumulative {
                kpi.target.cumulative_for_year(y)
            } else {
                kpi.target.for_year(y)
            };
            v.map(|v| (y, v.to_f64()))
        })
        .collect();
    // A baseline in another unit, or a single year's count beside cumulative targets, would
    // mislead on the same axis.
    let baseline = kpi
        .baseline
        .as_ref()
        .filter(|b| b.unit.is_none() && !cumulative)
        .and_then(|b| b.value)
        .map(Figure::to_f64);
    let gaps = kpi
        .years
        .iter()
        .filter_map(|(&y, e)| match e.actual {
            Actual::NotMeasurable => Some((y, t.text("state.not_measurable").to_string())),
            Actual::NotApplicable => Some((y, t.text("state.not_applicable").to_string())),
            Actual::Pending => Some((y, t.text("state.pending").to_string())),
            Actual::Value(_) | Actual::NotReported => None,
        })
        .collect();
    let final_target = kpi
        .target
        .final_point()
        .filter(|(y, _)| city.strategy.covers(*y));
    // The latest actual and the final target, as the page shows them.
    let latest = kpi.latest_value_year().and_then(|y| {
        let value = if cumulative {
            kpi.cumulative_actual(y)?
        } else {
            kpi.actual(y)?
        };
        Some((y, value.to_f64(), t.number(&value.display())))
    });
    let value_labels = latest
        .into_iter()
        .chain(final_target.map(|(y, v)| (y, v.to_f64(), t.number(&v.display()))))
        .collect();
    Chart {
        actual,
        target,
        final_target: final_target.map(|(y, v)| (y, v.to_f64())),
        baseline,
        gaps,
        benchmarks: kpi
            .benchmark
            .iter()
            .flat_map(|b| &b.values)
            .filter(|(y, _)| city.strategy.covers(**y))
            .map(|(&y, v)| (y, v.to_f64()))
            .collect(),
        unit: kpi.unit.clone(),
        value_labels,
        text: AxisText {
            years: years_shown(&years, t),
            negative: t.text("format.negative").to_string(),
            unit_label: t.fill("chart.unit", &[("unit", &kpi.unit)]),
        },
        years,
    }
}

/// Each year's short label, for a chart's axis.
pub(super) fn years_shown(
    years: &[FiscalYear],
    t: &Locale,
) -> std::collections::BTreeMap<FiscalYear, String> {
    years.iter().map(|&y| (y, t.fiscal_year_short(y))).collect()
}

/// One sentence stating the latest actual against that year's target. `content` writes the
/// city's own words into it (as they are, or as HTML marked as Japanese).
fn chart_description(
    city: &City,
    kpi: &Kpi,
    t: &Locale,
    content: &dyn Fn(&str) -> String,
) -> String {
    let name = content(&kpi.name);
    let Some(year) = kpi.latest_value_year() else {
        return t.fill("chart.no_actual", &[("kpi", &name)]);
    };
    let e = evaluate(kpi, year, &Scope::of(city));
    let unit = content(&kpi.unit);
    let spoken = |shown: &str| t.spoken(shown);
    let what = t.text(if kpi.target.is_cumulative() {
        "chart.cumulative_actual"
    } else {
        "chart.actual"
    });
    let written = kpi.years.get(&year).and_then(|y| y.written.as_ref());
    let actual = match written {
        // As written, with its unit and bound: 93%超.
        Some(q) if !kpi.target.is_cumulative() => content(&q.written),
        _ => format!(
            "{}{unit}",
            e.actual.map_or_else(String::new, |a| spoken(&a.display()))
        ),
    };
    let provisional = if e.provisional {
        t.text("chart.provisional")
    } else {
        ""
    };
    let against = match (e.target, kpi.target_text.applicable(&kpi.target, year)) {
        (Some(target), Some(text)) if kpi.target.word().is_some() => t.fill(
            "chart.against_change",
            &[
                ("text", &content(text)),
                ("baseline", &format!("{}{unit}", spoken(&target.display()))),
            ],
        ),
        (Some(_), Some(text)) if !kpi.target.is_cumulative() => {
            t.fill("chart.against", &[("target", &content(text))])
        }
        (Some(target), _) => t.fill(
            "chart.against",
            &[("target", &format!("{}{unit}", spoken(&target.display())))],
        ),
        (None, _) => t.text("chart.no_target").to_string(),
    };
    let published_rate = kpi.years.get(&year).and_then(|y| y.published_rate);
    let mut results: Vec<String> = match (published_rate, e.rate, e.progress_to_target) {
        (Some(rate), _, _) => vec![t.fill(
            "chart.rate_published",
            &[("rate", &spoken(&rate.display()))],
        )],
        (None, Some(rate), _) => {
            vec![t.fill("chart.rate", &[("rate", &spoken(&percent(rate, t)))])]
        }
        (None, None, Some(p)) => {
            vec![t.fill("chart.progress", &[("rate", &spoken(&percent(p, t)))])]
        }
        (None, None, None) => vec![],
    };
    results.extend(verdict::spoken(city, kpi, year, &e, t, content));
    let separator = t.text("list_separator");
    let result = if results.is_empty() {
        t.text("chart.not_comparable").to_string()
    } else {
        results.join(separator)
    };
    let pending: String = kpi
        .years
        .range(year + 1..)
        .filter(|(_, e)| e.actual == Actual::Pending)
        .map(|(&y, _)| t.fill("chart.pending", &[("year", &t.fiscal_year(y))]))
        .collect();
    let reference = if kpi.reference.is_empty() {
        String::new()
    } else {
        let figures: Vec<String> = kpi
            .reference
            .iter()
            .map(|(as_of, v)| format!("{} {}{unit}", content(as_of), spoken(&v.display())))
            .collect();
        t.fill("chart.reference", &[("figures", &figures.join(separator))])
    };
    let as_of = kpi
        .years
        .get(&year)
        .and_then(|y| y.as_of.as_deref())
        .map_or_else(String::new, |p| {
            t.fill("kpi.as_of", &[("as_of", &content(p))])
        });
    let benchmarks = match &kpi.benchmark {
        Some(b) if !b.values.is_empty() => {
            let figures: Vec<String> = b
                .values
                .iter()
                .map(|(&y, v)| format!("{} {}{unit}", t.fiscal_year(y), spoken(&v.display())))
                .collect();
            t.fill(
                "chart.benchmarks",
                &[
                    ("name", &content(&b.name)),
                    ("figures", &figures.join(separator)),
                ],
            )
        }
        _ => String::new(),
    };
    let sentence = t.fill(
        "chart.description",
        &[
            ("year", &t.fiscal_year(year)),
            ("what", what),
            ("actual", &actual),
            ("as_of", &as_of),
            ("provisional", provisional),
            ("against", &against),
            ("result", &result),
        ],
    );
    format!("{sentence}{benchmarks}{pending}{reference}")
}

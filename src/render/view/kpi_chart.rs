//! A KPI's chart: the data drawn, and the sentence that describes it.

use serde::Serialize;

use super::target::{breakdown_outcome, target_view};
use super::{percent, verdict};
use crate::chart::{AxisText, Chart, Point, SERIES_MARKERS, SERIES_TARGET_LINES, Series};
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
    /// Whether it draws the KPI's own actuals (not when it has only sub-values).
    pub has_actual: bool,
    pub has_target: bool,
    pub has_baseline: bool,
    /// What the report calls its interim benchmarks, when the chart draws them.
    pub benchmark_name: Option<String>,
    /// Whether the y axis starts at zero (the legend says when it does not).
    pub zero_based: bool,
    /// Whether it draws 参考値 outside the strategy period.
    pub has_reference: bool,
    /// Sub-value lines.
    pub breakdowns: Vec<LegendLine>,
    /// Whether it marks where the target changes (a revision, or a later strategy).
    pub has_revision: bool,
}

/// A sub-value's line as the legend names it: its label, marker and target line (男性（× 実線、
/// 目標値は短い破線）), as HTML.
#[derive(Debug, Serialize)]
pub struct LegendLine {
    pub html: String,
}

/// The chart of a KPI drawing `chart` (its chart data), with its title and one-sentence
/// description, or `None` when there is nothing to chart.
pub(super) fn chart_view_of(
    chart: &Chart,
    city: &City,
    kpi: &Kpi,
    t: &Locale,
) -> Option<ChartView> {
    if !chart.is_drawable() {
        return None;
    }
    let title = |name: &str| t.fill("chart.title", &[("kpi", name)]);
    let description = chart_description(city, kpi, t, &|text| text.to_string());
    // In the content's own language, the city's words are only escaped in HTML: a sentence
    // that escaping leaves as it is reads the same in both.
    let description_html =
        match t.is_content_language() && crate::locale::escape(&description) == description {
            true => description.clone(),
            false => chart_description(city, kpi, t, &|text| t.content_html(text)),
        };
    Some(ChartView {
        id: format!("chart-{}", kpi.id),
        title: title(&kpi.name),
        title_html: title(&t.content_html(&kpi.name)),
        description,
        description_html,
        has_actual: !chart.actual.is_empty(),
        has_target: chart.has_target(),
        has_baseline: chart.baseline.is_some(),
        benchmark_name: kpi
            .benchmark
            .as_ref()
            .filter(|_| !chart.benchmarks.is_empty())
            .map(|b| b.name.clone()),
        zero_based: chart.starts_at_zero(),
        has_reference: !chart.reference.is_empty(),
        breakdowns: chart
            .breakdowns
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let label = t.content_html(&s.label);
                let marker = SERIES_MARKERS[i % SERIES_MARKERS.len()];
                let line = format!(
                    "chart.line_{}",
                    SERIES_TARGET_LINES[i % SERIES_TARGET_LINES.len()]
                );
                let line = t.text(&line);
                LegendLine {
                    html: match s.target {
                        Some(_) => t.fill(
                            "chart.legend_breakdown_target",
                            &[("label", &label), ("marker", marker), ("line", line)],
                        ),
                        None => t.fill(
                            "chart.legend_breakdown",
                            &[("label", &label), ("marker", marker)],
                        ),
                    },
                }
            })
            .collect(),
        has_revision: !chart.breaks.is_empty(),
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

/// Whether the KPI has a chart (`chart_data(city, kpi, t).is_drawable()`), without building
/// its data: some year of the chart's span, and a figure of the KPI or of a sub-value.
pub(super) fn has_chart(city: &City, kpi: &Kpi) -> bool {
    let (first, last) = chart_span(city, kpi);
    let cumulative = kpi.target.is_cumulative();
    first <= last
        && (kpi.years.keys().any(|&year| match cumulative {
            true => kpi.cumulative_actual(year).is_some(),
            false => kpi.actual(year).is_some(),
        }) || kpi.breakdown.iter().any(|def| {
            kpi.years
                .values()
                .any(|e| e.breakdown.contains_key(&def.label))
        }))
}

/// The first and last year a KPI's chart spans: the strategy's years (in force: a revision may
/// have taken over), widened to the 参考値 before or after it.
fn chart_span(city: &City, kpi: &Kpi) -> (FiscalYear, FiscalYear) {
    let first = kpi
        .reference
        .iter()
        .map(|r| r.year)
        .fold(city.strategy.from, Ord::min);
    let last = kpi
        .reference
        .iter()
        .map(|r| r.year)
        .fold(city.strategy.until, Ord::max);
    (first, last)
}

/// The data a KPI's chart draws: cumulative targets and actuals as running totals.
pub(super) fn chart_data(city: &City, kpi: &Kpi, t: &Locale) -> Chart {
    let (first, last) = chart_span(city, kpi);
    let years: Vec<FiscalYear> = (first..=last).collect();
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
    // Each year's target as it stood then (before a revision, the earlier one).
    let target = years
        .iter()
        .filter_map(|&y| {
            let (in_force, _) = kpi.target_in_force(y);
            let v = if cumulative {
                in_force.cumulative_for_year(y)
            } else {
                in_force.for_year(y)
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
        .filter(|(y, _)| city.strategy.in_force(*y));
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
            .filter(|(y, _)| city.strategy.in_force(**y))
            .map(|(&y, v)| (y, v.to_f64()))
            .collect(),
        unit: kpi.unit.clone(),
        value_labels,
        reference: kpi
            .reference
            .iter()
            .map(|r| (r.year, r.value.to_f64()))
            .collect(),
        breakdowns: kpi
            .breakdown
            .iter()
            .map(|def| Series {
                label: def.label.clone(),
                points: kpi
                    .years
                    .iter()
                    .filter_map(|(&y, e)| Some((y, e.breakdown.get(&def.label)?.to_f64())))
                    .collect(),
                // A final target that a later strategy took over from no longer applies.
                target: def
                    .target
                    .filter(|_| city.strategy.until == city.strategy.to)
                    .map(|t| (city.strategy.to, t.to_f64())),
            })
            .collect(),
        superseded_targets: kpi
            .revisions
            .iter()
            .filter_map(|r| r.before.target.as_ref()?.0.final_point())
            .filter(|(y, _)| city.strategy.in_force(*y))
            .map(|(y, v)| (y, v.to_f64()))
            .collect(),
        breaks: kpi
            .revisions
            .iter()
            .filter(|r| r.before.target.is_some())
            .map(|r| (r.from, t.text("chart.revised").to_string()))
            .collect(),
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

/// What the chart shows, in sentences: the latest actual against that year's target, then the
/// sub-values and target revisions it draws. `content` writes the city's own words into it (as
/// they are, or as HTML marked as Japanese).
fn chart_description(
    city: &City,
    kpi: &Kpi,
    t: &Locale,
    content: &dyn Fn(&str) -> String,
) -> String {
    let main = match kpi.latest_value_year() {
        Some(year) => actual_sentence(city, kpi, year, t, content),
        None if !kpi.breakdown.is_empty() => String::new(),
        None => t.fill("chart.no_actual", &[("kpi", &content(&kpi.name))]),
    };
    format!(
        "{main}{}{}",
        breakdown_sentence(kpi, t, content),
        revision_sentence(city, kpi, t, content)
    )
}

/// The latest year's sub-values, each against its own target: 令和4年度の内訳は、男性73.6年（目標値73.5年、目標値に到達）…
fn breakdown_sentence(kpi: &Kpi, t: &Locale, content: &dyn Fn(&str) -> String) -> String {
    let Some((&year, entry)) = kpi
        .years
        .iter()
        .rev()
        .find(|(_, e)| !e.breakdown.is_empty())
    else {
        return String::new();
    };
    let unit = content(&kpi.unit);
    let parts: Vec<String> = kpi
        .breakdown
        .iter()
        .filter_map(|def| {
            let value = *entry.breakdown.get(&def.label)?;
            let (_, reached) = breakdown_outcome(kpi, def, value, t);
            let against = match (def.target, reached) {
                (Some(target), Some(reached)) => t.fill(
                    "chart.breakdown_against",
                    &[
                        ("target", &format!("{}{unit}", t.spoken(&target.display()))),
                        ("reached", &reached),
                    ],
                ),
                _ => String::new(),
            };
            Some(t.fill(
                "chart.breakdown_part",
                &[
                    ("label", &content(&def.label)),
                    ("value", &format!("{}{unit}", t.spoken(&value.display()))),
                    ("against", &against),
                ],
            ))
        })
        .collect();
    t.fill(
        "chart.breakdown",
        &[
            ("year", &t.fiscal_year(year)),
            ("parts", &parts.join(t.text("list_separator"))),
        ],
    )
}

/// Each revision of the target: when, from which year, and the target before.
fn revision_sentence(
    city: &City,
    kpi: &Kpi,
    t: &Locale,
    content: &dyn Fn(&str) -> String,
) -> String {
    kpi.revisions
        .iter()
        .filter_map(|r| {
            let (target, text) = r.before.target.as_ref()?;
            let before = target_view(target, text, city, t);
            let label = t.fill("paren", &[("text", &before.label)]);
            let before = match (&before.stated_text, before.stated) {
                (Some(text), _) => format!("{}{label}", content(text)),
                (None, Some(value)) => format!(
                    "{}{}{label}",
                    t.spoken(&value.display()),
                    content(&kpi.unit)
                ),
                (None, None) => before.note.map(|n| content(&n)).unwrap_or_default(),
            };
            Some(t.fill(
                "chart.revision",
                &[
                    ("revised", &content(&r.revised)),
                    ("from", &t.fiscal_year(r.from)),
                    ("before", &before),
                ],
            ))
        })
        .collect()
}

/// The latest actual against that year's target, and how it did.
fn actual_sentence(
    city: &City,
    kpi: &Kpi,
    year: FiscalYear,
    t: &Locale,
    content: &dyn Fn(&str) -> String,
) -> String {
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
    let (in_force, in_force_text) = kpi.target_in_force(year);
    let against = match (e.target, in_force_text.applicable(in_force, year)) {
        (Some(target), Some(text)) if in_force.word().is_some() => t.fill(
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
            .map(|r| format!("{} {}{unit}", content(&r.as_of), spoken(&r.value.display())))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `has_chart` answers as the chart's data would, for every KPI of the sample and of the
    /// fixtures with sub-values, references, running totals and pending years.
    #[test]
    fn has_chart_agrees_with_the_chart_data() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let t = Locale::built_in("ja");
        let mut seen = [0, 0];
        for dir in [
            root.to_path_buf(),
            root.join("tests/fixtures/breakdown"),
            root.join("tests/fixtures/reference-values"),
            root.join("tests/fixtures/reference-period"),
            root.join("tests/fixtures/running-totals"),
            root.join("tests/fixtures/pending"),
            root.join("tests/fixtures/revisions"),
        ] {
            let site = crate::check(&dir, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e:#}", dir.display()))
                .site;
            for current in &site.cities {
                for city in current.generations() {
                    for kpi in &city.kpis {
                        seen[usize::from(has_chart(city, kpi))] += 1;
                        assert_eq!(
                            has_chart(city, kpi),
                            chart_data(city, kpi, &t).is_drawable(),
                            "{} {}",
                            city.id,
                            kpi.id
                        );
                    }
                }
            }
        }
        // KPIs with a chart and without one.
        assert!(seen[0] > 0 && seen[1] > 50, "{seen:?}");
    }
}

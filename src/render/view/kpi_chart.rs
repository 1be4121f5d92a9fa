//! A KPI's chart: the data drawn, and the sentence that describes it.

use serde::Serialize;

use super::target::{breakdown_outcome, target_view};
use super::{percent, verdict};
use crate::chart::{Chart, Point, SERIES_MARKERS, SERIES_TARGET_LINES, Series};
use crate::era::{FiscalYear, fiscal_year_ja};
use crate::evaluate::{Scope, evaluate};
use crate::figure::Figure;
use crate::model::{City, Kpi};
use crate::terms::{Actual, Status};

/// A chart and the text that names and describes it. The chart itself is drawn once, into its
/// own file ([`chart_file`]), which every page showing it references.
#[derive(Debug, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub description: String,
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
    /// Whether it marks a target revision.
    pub has_revision: bool,
}

/// A sub-value's line as the legend names it.
#[derive(Debug, Serialize)]
pub struct LegendLine {
    pub label: String,
    /// Its marker: ×, ＋ …
    pub marker: &'static str,
    /// How its target line is drawn, when it has a target: 破線, 細かい点線 …
    pub target_line: Option<&'static str>,
}

/// The chart of a KPI, with its title and one-sentence description, or `None` when there is
/// nothing to chart.
pub fn chart_view(city: &City, kpi: &Kpi) -> Option<ChartView> {
    let chart = chart_data(city, kpi);
    if !chart.is_drawable() {
        return None;
    }
    Some(ChartView {
        id: format!("chart-{}", kpi.id),
        title: format!("{}の実績値と目標値の推移", kpi.name),
        description: chart_description(city, kpi),
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
            .map(|(i, s)| LegendLine {
                label: s.label.clone(),
                marker: SERIES_MARKERS[i % SERIES_MARKERS.len()],
                target_line: s
                    .target
                    .map(|_| SERIES_TARGET_LINES[i % SERIES_TARGET_LINES.len()]),
            })
            .collect(),
        has_revision: !chart.breaks.is_empty(),
    })
}

/// A KPI's chart as a standalone SVG file (for download and share previews), or `None`.
pub fn chart_file(city: &City, kpi: &Kpi) -> Option<String> {
    chart_data(city, kpi).to_file_svg(
        &format!("{}（{}）の実績値と目標値の推移", kpi.name, city.name),
        &chart_description(city, kpi),
    )
}

/// The data a KPI's chart draws: cumulative targets and actuals as running totals.
pub(super) fn chart_data(city: &City, kpi: &Kpi) -> Chart {
    // The strategy's years (in force: a revision may have taken over), widened to the 参考値
    // before or after it.
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
            Actual::NotMeasurable => Some((y, "算出不可")),
            Actual::NotApplicable => Some((y, "対象外")),
            Actual::Pending => Some((y, "調査中")),
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
        Some((y, value.to_f64(), value.display()))
    });
    let value_labels = latest
        .into_iter()
        .chain(final_target.map(|(y, v)| (y, v.to_f64(), v.display())))
        .collect();
    Chart {
        years,
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
            .map(|r| (r.from, "改訂".to_string()))
            .collect(),
    }
}

/// What the chart shows, in sentences: the latest actual against that year's target, then the
/// sub-values and target revisions it draws.
fn chart_description(city: &City, kpi: &Kpi) -> String {
    let main = match kpi.latest_value_year() {
        Some(year) => actual_sentence(city, kpi, year),
        None if !kpi.breakdown.is_empty() => String::new(),
        None => format!("{}の実績値はまだありません。", kpi.name),
    };
    format!(
        "{main}{}{}",
        breakdown_sentence(kpi),
        revision_sentence(city, kpi)
    )
}

/// The latest year's sub-values, each against its own target: 令和4年度の内訳は、男性73.6年（目標値73.5年、目標値に到達）…
fn breakdown_sentence(kpi: &Kpi) -> String {
    let Some((&year, entry)) = kpi
        .years
        .iter()
        .rev()
        .find(|(_, e)| !e.breakdown.is_empty())
    else {
        return String::new();
    };
    let unit = &kpi.unit;
    let parts: Vec<String> = kpi
        .breakdown
        .iter()
        .filter_map(|def| {
            let value = *entry.breakdown.get(&def.label)?;
            let (_, reached) = breakdown_outcome(kpi, def, value);
            let against = match (def.target, reached) {
                (Some(t), Some(r)) => format!("（目標値{}{unit}、{r}）", spoken(&t.display())),
                _ => String::new(),
            };
            Some(format!(
                "{}{}{unit}{against}",
                def.label,
                spoken(&value.display())
            ))
        })
        .collect();
    format!(
        "{}の内訳は、{}です。",
        fiscal_year_ja(year),
        parts.join("、")
    )
}

/// Each revision of the target: when, from which year, and the target before.
fn revision_sentence(city: &City, kpi: &Kpi) -> String {
    kpi.revisions
        .iter()
        .filter_map(|r| {
            let (target, text) = r.before.target.as_ref()?;
            let before = target_view(target, text, city);
            let before = match (&before.stated_text, before.stated) {
                (Some(text), _) => format!("{text}（{}）", before.label),
                (None, Some(value)) => {
                    format!(
                        "{}{}（{}）",
                        spoken(&value.display()),
                        kpi.unit,
                        before.label
                    )
                }
                (None, None) => before.note.unwrap_or_default(),
            };
            Some(format!(
                "目標値は{}に改訂され、{}から適用されています（改訂前の目標値は{before}）。",
                r.revised,
                fiscal_year_ja(r.from)
            ))
        })
        .collect()
}

/// The latest actual against that year's target, and how it did.
fn actual_sentence(city: &City, kpi: &Kpi, year: FiscalYear) -> String {
    let e = evaluate(kpi, year, &Scope::of(city));
    let unit = &kpi.unit;
    let what = if kpi.target.is_cumulative() {
        "累計実績値"
    } else {
        "実績値"
    };
    let written = kpi.years.get(&year).and_then(|y| y.written.as_ref());
    let actual = match written {
        // As written, with its unit and bound: 93%超.
        Some(q) if !kpi.target.is_cumulative() => q.written.clone(),
        _ => format!(
            "{}{unit}",
            e.actual.map_or_else(String::new, |a| spoken(&a.display()))
        ),
    };
    let provisional = if e.provisional { "（暫定値）" } else { "" };
    let (in_force, in_force_text) = kpi.target_in_force(year);
    let against = match (e.target, in_force_text.applicable(in_force, year)) {
        (Some(t), Some(text)) if in_force.word().is_some() => {
            format!(
                "目標「{text}」（基準値{}{unit}と比較）に対して",
                spoken(&t.display())
            )
        }
        (Some(_), Some(text)) if !kpi.target.is_cumulative() => format!("目標値{text}に対して"),
        (Some(t), _) => format!("目標値{}{unit}に対して", spoken(&t.display())),
        (None, _) => "目標値は設定されておらず".to_string(),
    };
    let published_rate = kpi.years.get(&year).and_then(|y| y.published_rate);
    let mut results: Vec<String> = match (published_rate, e.rate, e.progress_to_target) {
        (Some(rate), _, _) => vec![format!("達成率（公表値）{}%", spoken(&rate.display()))],
        (None, Some(rate), _) => vec![format!("達成率{}%", spoken(&percent(rate)))],
        (None, None, Some(p)) => vec![format!(
            "基準値から目標値までの進捗率{}%",
            spoken(&percent(p))
        )],
        (None, None, None) => vec![],
    };
    results.extend(verdict::spoken(city, kpi, year, &e));
    let result = if results.is_empty() {
        "目標値との比較はできません".to_string()
    } else {
        results.join("、")
    };
    let pending: String = kpi
        .years
        .range(year + 1..)
        .filter(|(_, e)| e.actual == Actual::Pending)
        .map(|(&y, _)| format!("{}の実績値は調査中です。", fiscal_year_ja(y)))
        .collect();
    let reference = if kpi.reference.is_empty() {
        String::new()
    } else {
        let figures: Vec<String> = kpi
            .reference
            .iter()
            .map(|r| format!("{} {}{unit}", r.as_of, spoken(&r.value.display())))
            .collect();
        format!(
            "参考値は{}（計画期間外、評価の対象外）です。",
            figures.join("、")
        )
    };
    let as_of = kpi
        .years
        .get(&year)
        .and_then(|y| y.as_of.as_deref())
        .map_or_else(String::new, |p| format!("（{p}の値）"));
    let benchmarks = match &kpi.benchmark {
        Some(b) if !b.values.is_empty() => {
            let figures: Vec<String> = b
                .values
                .iter()
                .map(|(&y, v)| format!("{} {}{unit}", fiscal_year_ja(y), spoken(&v.display())))
                .collect();
            format!("{}は{}です。", b.name, figures.join("、"))
        }
        _ => String::new(),
    };
    format!(
        "{}の{what}は{actual}{as_of}{provisional}で、{against}{result}です。{benchmarks}{pending}{reference}",
        fiscal_year_ja(year)
    )
}

/// A displayed number as read aloud: マイナス instead of △.
fn spoken(shown: &str) -> String {
    match shown.strip_prefix('△') {
        Some(rest) => format!("マイナス{rest}"),
        None => shown.to_string(),
    }
}

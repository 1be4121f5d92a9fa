//! A city's strategies in sequence: where each one's pages are, what a page of an ended
//! strategy says, and a KPI's series across the strategies that carried it on.

use serde::Serialize;

use super::kpi::Commentary;
use super::kpi_chart::years_shown;
use super::{ChartView, KpiView, kpi_file, kpi_href, percent};
use crate::chart::{AxisText, Chart, Point};
use crate::era::FiscalYear;
use crate::evaluate::{Scope, evaluate};
use crate::locale::Locale;
use crate::model::{City, KpiIx};
use crate::terms::Status;

/// The overview of strategy `generation` of a city: the city's own page for the current one,
/// `<city>/strategy/<first year>/` for an earlier one (so a city's address never changes).
pub fn strategy_href(city: &City, generation: usize) -> String {
    match city.strategies.get(generation) {
        Some(strategy) if generation + 1 < city.strategies.len() => {
            format!("{}/strategy/{}/index.html", city.id, strategy.key())
        }
        _ => format!("{}/index.html", city.id),
    }
}

/// Whether KPI `kpi` of strategy `generation` has a page of its own: not when a later KPI
/// carries it on under the same id (that one's page, at the same address, shows both).
pub fn has_own_page(current: &City, generation: usize, kpi: KpiIx) -> bool {
    let Some(city) = current.generation(generation) else {
        return true;
    };
    let this = &city.kpis[kpi];
    this.continued_by.as_ref().is_none_or(|link| {
        current
            .generation(link.generation)
            .is_none_or(|next| next.kpis[link.kpi].id != this.id)
    })
}

/// The KPIs one KPI page stands for: KPI `kpi` of strategy `generation` and the earlier ones it
/// carries on under the same id, oldest first, each with its strategy's model.
pub fn same_page(current: &City, generation: usize, kpi: KpiIx) -> Vec<(&City, KpiIx)> {
    let Some(id) = current.generation(generation).map(|c| &c.kpis[kpi].id) else {
        return Vec::new();
    };
    current
        .kpi_series(generation, kpi)
        .into_iter()
        .filter(|&(g, _)| g <= generation)
        .filter_map(|(g, k)| Some((current.generation(g)?, k)))
        .filter(|(c, k)| &c.kpis[*k].id == id)
        .collect()
}

/// What a page of an ended strategy says: which strategy took over, and from when.
#[derive(Debug, Serialize)]
pub struct StrategyNotice {
    pub name: String,
    pub until: FiscalYear,
    pub successor: String,
    pub successor_from: FiscalYear,
    pub successor_href: String,
    /// Whether the successor is a revision (改訂) rather than the next period's strategy.
    pub revised: bool,
}

/// The notice on every page of a strategy a later one took over from; none for the current.
pub fn strategy_notice(city: &City) -> Option<StrategyNotice> {
    let next = city.strategies.get(city.generation + 1)?;
    Some(StrategyNotice {
        name: city.strategy.name.clone(),
        until: city.strategy.until,
        successor: next.name.clone(),
        successor_from: next.from,
        successor_href: strategy_href(city, city.generation + 1),
        revised: next.revised.is_some(),
    })
}

/// One strategy in a city's list of strategies.
#[derive(Debug, Serialize)]
pub struct StrategyItem {
    pub name: String,
    pub from: FiscalYear,
    pub to: FiscalYear,
    /// The last year in force (before `to` when a revision took over).
    pub until: FiscalYear,
    pub adopted: Option<String>,
    pub revised: Option<String>,
    pub href: String,
    pub current: bool,
    /// Whether it is the strategy of the page showing the list.
    pub this: bool,
}

/// Every strategy of a city, the current one first; empty for a city with one strategy.
pub fn strategy_list(city: &City) -> Vec<StrategyItem> {
    if city.strategies.len() < 2 {
        return Vec::new();
    }
    let last = city.strategies.len() - 1;
    city.strategies
        .iter()
        .enumerate()
        .rev()
        .map(|(g, s)| StrategyItem {
            name: s.name.clone(),
            from: s.from,
            to: s.to,
            until: s.until,
            adopted: s.adopted.clone(),
            revised: s.revised.clone(),
            href: strategy_href(city, g),
            current: g == last,
            this: g == city.generation,
        })
        .collect()
}

/// A KPI's place among the strategies: where it came from or went, and its figures across
/// every strategy that carried it on.
#[derive(Debug, Serialize)]
pub struct SeriesView {
    /// The earlier KPI this one carries on.
    pub continues: Option<SeriesLink>,
    /// The later KPI that carries this one on.
    pub continued_by: Option<SeriesLink>,
    /// Set (the strategy) when the KPI was new in a later strategy.
    pub started: Option<SeriesLink>,
    /// Set (the strategy) when the KPI ended with its strategy, carried on by none.
    pub ended: Option<SeriesLink>,
    /// Each strategy's part of the series, oldest first (more than one when carried on).
    pub periods: Vec<SeriesPeriod>,
    pub rows: Vec<SeriesRow>,
    pub unit: String,
    pub chart: Option<ChartView>,
    /// The series chart's file, from the site root.
    pub svg: String,
    /// Whether a row shows a computed grade (labelled as such).
    pub graded: bool,
    /// The commentary of the earlier strategies' KPIs this page stands for (carried on under
    /// the same id, so their page is this one), newest strategy first.
    pub earlier_commentary: Vec<EarlierCommentary>,
}

/// The commentary of one earlier strategy's KPI, every year newest first.
#[derive(Debug, Serialize)]
pub struct EarlierCommentary {
    pub strategy: String,
    pub commentary: Vec<Commentary>,
}

/// A KPI of one strategy, as linked from another's page.
#[derive(Debug, Serialize)]
pub struct SeriesLink {
    pub strategy: String,
    pub from: FiscalYear,
    pub until: FiscalYear,
    pub kpi: String,
    pub href: String,
}

/// One strategy's stretch of a series.
#[derive(Debug, Serialize)]
pub struct SeriesPeriod {
    #[serde(flatten)]
    pub link: SeriesLink,
    /// The baseline of that strategy's KPI, as plain text, and its date as written.
    pub baseline: Option<String>,
    pub baseline_as_of: Option<String>,
    /// The final target of that strategy, as plain text.
    pub final_target: Option<String>,
    pub final_year: Option<FiscalYear>,
    /// Whether it is the KPI of this page.
    pub this: bool,
}

/// One fiscal year of a series, evaluated against the targets of the strategy in force.
#[derive(Debug, Serialize)]
pub struct SeriesRow {
    pub year: FiscalYear,
    pub strategy: String,
    /// Whether the year is the first of its strategy (the table marks the change).
    pub first: bool,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub provisional: bool,
    pub rate: Option<String>,
    /// A computed grade, where that strategy's city adopted a scheme.
    pub grade: Option<String>,
}

/// The series view of KPI `kpi` of strategy `generation`, or none for a city with one strategy.
pub fn series_view(
    current: &City,
    generation: usize,
    kpi: KpiIx,
    t: &Locale,
) -> Option<SeriesView> {
    if current.strategies.len() < 2 {
        return None;
    }
    let city = current.generation(generation)?;
    let this = &city.kpis[kpi];
    let series = current.kpi_series(generation, kpi);
    let link = |g: usize, k: KpiIx| -> Option<SeriesLink> {
        let c = current.generation(g)?;
        Some(SeriesLink {
            strategy: c.strategy.name.clone(),
            from: c.strategy.from,
            until: c.strategy.until,
            kpi: c.kpis[k].name.clone(),
            href: kpi_href(c, &c.kpis[k]),
        })
    };
    let started = (generation > 0 && this.continues.is_none())
        .then(|| link(generation, kpi))
        .flatten();
    let ended = (city.is_superseded() && this.continued_by.is_none())
        .then(|| link(generation, kpi))
        .flatten();
    let mut periods = Vec::new();
    let mut rows = Vec::new();
    let mut graded = false;
    for &(g, k) in &series {
        let Some(c) = current.generation(g) else {
            continue;
        };
        let scope = Scope::of(c);
        let each = &c.kpis[k];
        let final_point = each
            .target
            .final_point()
            .filter(|(y, _)| c.strategy.in_force(*y));
        let baseline = each.baseline.as_ref();
        periods.push(SeriesPeriod {
            link: link(g, k)?,
            baseline: baseline.and_then(|b| b.value).map(|v| v.to_string()),
            baseline_as_of: baseline.and_then(|b| b.as_of.clone()),
            final_target: final_point.map(|(_, v)| v.to_string()),
            final_year: final_point.map(|(y, _)| y),
            this: (g, k) == (generation, kpi),
        });
        for year in c.strategy.years() {
            let e = evaluate(each, year, &scope);
            graded |= e.grade.is_some();
            rows.push(SeriesRow {
                year,
                strategy: c.strategy.name.clone(),
                first: year == c.strategy.from,
                target: e.target.map(|t| t.to_string()),
                actual: e.actual.map(|a| a.to_string()),
                provisional: e.provisional,
                rate: e.rate.map(|r| percent(r, t)),
                grade: e.grade.map(|g| g.symbol),
            });
        }
    }
    let chart = (series.len() > 1)
        .then(|| series_chart(current, &series, t))
        .filter(Chart::is_drawable)
        .map(|chart| ChartView {
            id: format!("series-{}", this.id),
            title: t.fill("chart.series_title", &[("kpi", &this.name)]),
            title_html: t.fill(
                "chart.series_title",
                &[("kpi", &t.content_html(&this.name))],
            ),
            description: series_description(current, &series, t, &|text| text.to_string()),
            description_html: series_description(current, &series, t, &|text| t.content_html(text)),
            has_actual: !chart.actual.is_empty(),
            has_target: chart.has_target(),
            has_baseline: false,
            benchmark_name: None,
            zero_based: chart.starts_at_zero(),
            has_reference: false,
            breakdowns: Vec::new(),
            has_revision: !chart.breaks.is_empty(),
        });
    let earlier_commentary = same_page(current, generation, kpi)
        .into_iter()
        .rev()
        .filter(|(c, _)| c.generation < generation)
        .map(|(c, k)| EarlierCommentary {
            strategy: c.strategy.name.clone(),
            commentary: KpiView::new(c, k, None, t).commentary,
        })
        .filter(|e| !e.commentary.is_empty())
        .collect();
    Some(SeriesView {
        earlier_commentary,
        continues: this
            .continues
            .as_ref()
            .and_then(|l| link(l.generation, l.kpi)),
        continued_by: this
            .continued_by
            .as_ref()
            .and_then(|l| link(l.generation, l.kpi)),
        started,
        ended,
        periods: if series.len() > 1 {
            periods
        } else {
            Vec::new()
        },
        rows: if series.len() > 1 { rows } else { Vec::new() },
        unit: this.unit.clone(),
        chart,
        svg: kpi_file(city, this, "series.svg"),
        graded,
    })
}

/// The series chart of KPI `kpi` of strategy `generation` as an SVG file, when it is carried
/// on across strategies and has a figure.
pub fn series_chart_file(
    current: &City,
    generation: usize,
    kpi: KpiIx,
    t: &Locale,
) -> Option<String> {
    let series = current.kpi_series(generation, kpi);
    if series.len() < 2 {
        return None;
    }
    let city = current.generation(generation)?;
    let name = &city.kpis[kpi].name;
    series_chart(current, &series, t).to_file_svg(
        &t.fill(
            "chart.series_file_title",
            &[("kpi", name), ("city", &city.name)],
        ),
        &series_description(current, &series, t, &|text| text.to_string()),
    )
}

/// Every strategy's years, actuals and targets in one chart; each strategy's final target is
/// labelled with its value, and a dotted line marks where the next strategy (改訂, or 新戦略 for
/// a new period) takes over, so the periods' targets read apart.
fn series_chart(current: &City, series: &[(usize, KpiIx)], t: &Locale) -> Chart {
    let mut chart = Chart::default();
    for &(g, k) in series {
        let Some(c) = current.generation(g) else {
            continue;
        };
        if !chart.years.is_empty() {
            let label = if c.strategy.revised.is_some() {
                "chart.revised"
            } else {
                "chart.new_strategy"
            };
            chart
                .breaks
                .push((c.strategy.from, t.text(label).to_string()));
        }
        let kpi = &c.kpis[k];
        let scope = Scope::of(c);
        for year in c.strategy.years() {
            chart.years.push(year);
            let e = evaluate(kpi, year, &scope);
            if let Some(actual) = e.actual {
                chart.actual.push(Point {
                    year,
                    value: actual.to_f64(),
                    provisional: kpi.years.get(&year).and_then(|y| y.status)
                        == Some(Status::Provisional),
                });
            }
            if let Some(target) = e.target {
                chart.target.push((year, target.to_f64()));
            }
        }
        if let Some((y, v)) = kpi
            .target
            .final_point()
            .filter(|(y, _)| c.strategy.in_force(*y))
        {
            chart
                .value_labels
                .push((y, v.to_f64(), t.number(&v.display())));
        }
        chart.unit = kpi.unit.clone();
    }
    chart.text = AxisText {
        years: years_shown(&chart.years, t),
        negative: t.text("format.negative").to_string(),
        unit_label: t.fill("chart.unit", &[("unit", &chart.unit)]),
    };
    chart
}

/// One sentence on the series: its span, its strategies, and its latest figure. `content`
/// writes the city's own words into it (as they are, or as HTML marked as Japanese).
fn series_description(
    current: &City,
    series: &[(usize, KpiIx)],
    t: &Locale,
    content: &dyn Fn(&str) -> String,
) -> String {
    let periods = series
        .iter()
        .filter_map(|&(g, _)| current.generation(g))
        .map(|c| {
            t.fill(
                "chart.series_period",
                &[
                    ("name", &content(&c.strategy.name)),
                    ("from", &t.fiscal_year(c.strategy.from)),
                    ("until", &t.fiscal_year(c.strategy.until)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(t.text("list_separator"));
    let latest = series.iter().rev().find_map(|&(g, k)| {
        let c = current.generation(g)?;
        let kpi = &c.kpis[k];
        let y = kpi.latest_value_year()?;
        Some((y, kpi.actual(y)?, content(&kpi.unit)))
    });
    match latest {
        Some((y, v, unit)) => t.fill(
            "chart.series_description",
            &[
                ("periods", &periods),
                ("year", &t.fiscal_year(y)),
                ("value", &format!("{}{unit}", t.spoken(&v.display()))),
            ],
        ),
        None => t.fill(
            "chart.series_description_no_actual",
            &[("periods", &periods)],
        ),
    }
}

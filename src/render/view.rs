//! View data: what the templates see, built from the model.
//!
//! Figures travel as their plain text (`-7.77`) and are formatted by the template filters, so
//! every page formats numbers the same way.

use serde::Serialize;

use crate::chart::{Chart, Point, SummaryBar, summary_svg};
use crate::era::{FiscalYear, fiscal_year_ja, parse_era_year};
use crate::evaluate::{Grade, Grading, Trend, applies_before_its_year, evaluate};
use crate::figure::Figure;
use crate::markdown;
use crate::model::raw::AccessibilityFile;
use crate::model::{
    Actual, City, Counts, Direction, Goal, Kpi, KpiIx, KpiKind, Measure, PartLabel, Project,
    Status, Target, YearState,
};

/// Where a page sits, from the site root; every link is made relative to it.
pub fn city_href(city: &City) -> String {
    format!("{}/index.html", city.id)
}

pub fn goal_href(city: &City, goal: &Goal) -> String {
    format!("{}/goal/{}/index.html", city.id, goal.id)
}

pub fn kpi_href(city: &City, kpi: &Kpi) -> String {
    format!("{}/kpi/{}/index.html", city.id, kpi.id)
}

pub fn year_href(city: &City, year: FiscalYear) -> String {
    format!("{}/{year}/index.html", city.id)
}

/// A goal's number as the city writes it, then its title.
pub fn goal_heading(goal: &Goal) -> String {
    match &goal.number {
        Some(number) => format!("{number} {}", goal.title),
        None => goal.title.clone(),
    }
}

/// A city as listed and headed.
#[derive(Debug, Serialize)]
pub struct CityView {
    pub id: String,
    pub name: String,
    pub prefecture: Option<String>,
    pub strategy: String,
    pub source: Option<String>,
    pub from: FiscalYear,
    pub to: FiscalYear,
    pub href: String,
    pub years: Vec<YearLink>,
    pub latest_year: Option<FiscalYear>,
    pub counts: Counts,
    pub grading: GradingView,
}

/// A 数値目標 at a glance: its latest figure against the baseline.
#[derive(Debug, Serialize)]
pub struct IndicatorTrend {
    pub name: String,
    pub href: String,
    pub unit: String,
    pub baseline: Option<Figure>,
    pub latest_year: Option<FiscalYear>,
    pub latest: Option<Figure>,
    /// 基準値より改善 / 基準値と同じ / 基準値より悪化, or why there is no comparison.
    pub trend: &'static str,
}

impl IndicatorTrend {
    fn new(city: &City, ix: KpiIx) -> Self {
        let kpi = &city.kpis[ix];
        let latest_year = latest_value_year(kpi);
        let trend = latest_year.and_then(|y| evaluate(kpi, y, &city.grading).trend);
        IndicatorTrend {
            name: kpi.name.clone(),
            href: kpi_href(city, kpi),
            unit: kpi.unit.clone(),
            baseline: kpi.baseline.as_ref().and_then(|b| b.value),
            latest_year,
            latest: latest_year.and_then(|y| kpi.actual(y)),
            trend: match (latest_year, trend) {
                (None, _) => "実績値なし",
                (_, None) => "基準値と比較できません",
                (_, Some(Trend::Improved)) => "基準値より改善",
                (_, Some(Trend::Held)) => "基準値と同じ",
                (_, Some(Trend::Worsened)) => "基準値より悪化",
            },
        }
    }
}

/// How many KPIs earned each grade, per fiscal year with a report.
#[derive(Debug, Serialize)]
pub struct SummaryView {
    pub id: String,
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
        "{}のKPI{}件の評価は、{}です。",
        fiscal_year_ja(latest.year),
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
        svg: summary_svg(id, &bars, &symbols),
        rows,
        description,
    })
}

/// A grading scheme for legends: its name and grades, best first.
#[derive(Debug, Serialize)]
pub struct GradingView {
    pub name: String,
    pub grades: Vec<GradeKey>,
}

#[derive(Debug, Serialize)]
pub struct GradeKey {
    pub index: usize,
    pub symbol: String,
    pub label: String,
}

impl GradingView {
    pub fn new(grading: &Grading) -> Self {
        GradingView {
            name: grading.name.clone(),
            grades: grading
                .grades
                .iter()
                .enumerate()
                .map(|(index, g)| GradeKey {
                    index,
                    symbol: g.symbol.clone(),
                    label: g.label.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct YearLink {
    pub year: FiscalYear,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct GoalLink {
    pub id: String,
    pub heading: String,
    pub indicator_trends: Vec<IndicatorTrend>,
    pub href: String,
    pub counts: Counts,
}

impl CityView {
    pub fn new(city: &City) -> Self {
        CityView {
            id: city.id.clone(),
            name: city.name.clone(),
            prefecture: city.prefecture.clone(),
            strategy: city.strategy.name.clone(),
            source: city.strategy.source.clone(),
            from: city.strategy.from,
            to: city.strategy.to,
            href: city_href(city),
            years: city
                .years
                .iter()
                .map(|&year| YearLink {
                    year,
                    href: year_href(city, year),
                })
                .collect(),
            latest_year: city.years.last().copied(),
            counts: city.counts(),
            grading: GradingView::new(&city.grading),
        }
    }
}

/// What only the city's overview page shows: goals with counts and 数値目標 trends, and the
/// summary of every KPI.
#[derive(Debug, Serialize)]
pub struct CityOverview {
    pub goals: Vec<GoalLink>,
    pub summary: Option<SummaryView>,
}

impl CityOverview {
    pub fn new(city: &City) -> Self {
        let kpis: Vec<KpiIx> = (0..city.kpis.len())
            .filter(|&k| city.kpis[k].kind == KpiKind::Kpi)
            .collect();
        CityOverview {
            goals: city
                .goals
                .iter()
                .map(|goal| GoalLink {
                    id: goal.id.clone(),
                    heading: goal_heading(goal),
                    href: goal_href(city, goal),
                    counts: city.goal_counts(goal),
                    indicator_trends: goal
                        .indicators
                        .iter()
                        .map(|&k| IndicatorTrend::new(city, k))
                        .collect(),
                })
                .collect(),
            summary: summary(city, &kpis, "summary-city"),
        }
    }
}

/// A goal with everything under it. `year` picks the commentary shown: one year's (the annual
/// report) or every year's (`None`, the goal page shows the latest under each KPI link).
#[derive(Debug, Serialize)]
pub struct GoalView {
    pub id: String,
    pub summary: Option<SummaryView>,
    pub number: Option<String>,
    pub title: String,
    /// The number as the city writes it and the title: 【基本目標1】 しごとをつくり…
    pub heading: String,
    pub href: String,
    pub counts: Counts,
    pub indicators: Vec<KpiView>,
    pub sections: Vec<SectionView>,
}

/// A measure, flattened: `depth` 0 for 施策, 1 for 具体的施策 …
#[derive(Debug, Serialize)]
pub struct SectionView {
    pub depth: usize,
    pub heading_level: usize,
    pub number: Option<String>,
    pub title: String,
    pub projects: Vec<ProjectView>,
}

#[derive(Debug, Serialize)]
pub struct ProjectView {
    pub id: String,
    /// The listing's anchor, unique on a page: a 再掲 listing is qualified by its goal.
    pub anchor: String,
    pub name: Option<String>,
    pub note: Option<String>,
    pub relisted: bool,
    pub no_kpi_reason: Option<String>,
    pub kpis: Vec<KpiView>,
    /// KPIs of another listing that also measure this project.
    pub shared_kpis: Vec<Link>,
    pub commentary: Option<String>,
    pub activities: Vec<String>,
}

/// Where the accessibility statement is.
pub const ACCESSIBILITY_HREF: &str = "accessibility/index.html";

/// The accessibility statement (アクセシビリティ方針), from site.yaml with defaults.
#[derive(Debug, Serialize)]
pub struct Statement {
    pub standard: String,
    pub level: String,
    pub policy: String,
    pub tested_on: Option<String>,
    pub method: Option<String>,
    pub results: Option<String>,
    pub contact: Option<String>,
}

impl Statement {
    pub fn new(config: &AccessibilityFile) -> Self {
        let standard = config
            .standard
            .clone()
            .unwrap_or_else(|| "JIS X 8341-3:2016".into());
        let level = config.level.clone().unwrap_or_else(|| "AA".into());
        let policy = config.policy.clone().unwrap_or_else(|| {
            format!(
                "このサイトは、高齢の方や障害のある方を含む誰もが、数値目標・KPIの実績を支障なく閲覧し利用できるよう、{standard}「高齢者・障害者等配慮設計指針－情報通信における機器，ソフトウェア及びサービス－第3部：ウェブコンテンツ」の適合レベル{level}に準拠することを目標とします。グラフには説明文とデータ表を添え、色だけで情報を伝えないようにしています。"
            )
        });
        let md = |text: &Option<String>| text.as_deref().map(markdown::to_html);
        Statement {
            policy: markdown::to_html(&policy),
            method: md(&config.method),
            results: md(&config.results),
            tested_on: config.tested_on.clone(),
            contact: config.contact.clone(),
            standard,
            level,
        }
    }
}

/// A named link from the site root.
#[derive(Debug, Serialize)]
pub struct Link {
    pub name: String,
    pub href: String,
}

impl GoalView {
    pub fn new(city: &City, goal: &Goal, year: Option<FiscalYear>) -> Self {
        let mut sections = Vec::new();
        flatten(city, &goal.id, &goal.measures, 0, year, &mut sections);
        GoalView {
            id: goal.id.clone(),
            summary: year
                .is_none()
                .then(|| summary(city, &city.goal_kpis(goal), "summary-goal"))
                .flatten(),
            number: goal.number.clone(),
            title: goal.title.clone(),
            heading: goal_heading(goal),
            href: goal_href(city, goal),
            counts: city.goal_counts(goal),
            indicators: goal
                .indicators
                .iter()
                .map(|&k| KpiView::new(city, k, year))
                .collect(),
            sections,
        }
    }
}

fn flatten(
    city: &City,
    goal_id: &str,
    measures: &[Measure],
    depth: usize,
    year: Option<FiscalYear>,
    out: &mut Vec<SectionView>,
) {
    for measure in measures {
        let projects = measure
            .entries
            .iter()
            .map(|entry| {
                let project = &city.projects[entry.project];
                let text = project_text(project, year);
                ProjectView {
                    id: project.id.clone(),
                    anchor: if entry.relisted {
                        format!("project-{}-in-{}", project.id, goal_id)
                    } else {
                        format!("project-{}", project.id)
                    },
                    name: project.name.clone(),
                    note: project.note.clone(),
                    relisted: entry.relisted,
                    no_kpi_reason: project.no_kpi_reason.clone(),
                    kpis: entry
                        .kpis
                        .iter()
                        .map(|&k| KpiView::new(city, k, year))
                        .collect(),
                    shared_kpis: if entry.relisted {
                        Vec::new()
                    } else {
                        project
                            .shared_kpis
                            .iter()
                            .map(|&k| Link {
                                name: city.kpis[k].name.clone(),
                                href: kpi_href(city, &city.kpis[k]),
                            })
                            .collect()
                    },
                    commentary: text.0,
                    activities: text.1,
                }
            })
            .collect();
        out.push(SectionView {
            depth,
            heading_level: (depth + 3).min(6),
            number: measure.number.clone(),
            title: measure.title.clone(),
            projects,
        });
        flatten(city, goal_id, &measure.measures, depth + 1, year, out);
    }
}

/// A project's commentary (as HTML) and activities for one year, or its latest year's.
fn project_text(project: &Project, year: Option<FiscalYear>) -> (Option<String>, Vec<String>) {
    let entry = match year {
        Some(y) => project.years.get(&y),
        None => project.years.values().next_back(),
    };
    entry.map_or((None, Vec::new()), |e| {
        (
            e.commentary.as_deref().map(markdown::to_html),
            e.activities.clone(),
        )
    })
}

/// A KPI or 数値目標 with its figures for every year of the strategy.
#[derive(Debug, Serialize)]
pub struct KpiView {
    pub id: String,
    pub indicator: bool,
    pub name: String,
    pub unit: String,
    pub href: String,
    pub lower_is_better: bool,
    pub note: Option<String>,
    pub baseline: Option<BaselineView>,
    pub target: TargetView,
    pub rows: Vec<YearRow>,
    /// The 5年間の合計 column: (target, actual), for cumulative and period targets.
    pub total: Option<TotalView>,
    pub parts: Vec<PartRow>,
    /// Commentary of the year asked for, or of every year (newest first) on the KPI page.
    pub commentary: Vec<Commentary>,
    pub chart: Option<ChartView>,
    /// The name of the project that declares it (none for a 数値目標).
    pub project: Option<String>,
    pub also_projects: Vec<String>,
    pub goal: Link,
}

#[derive(Debug, Serialize)]
pub struct BaselineView {
    pub value: Option<Figure>,
    pub as_of: Option<String>,
    /// 西暦 of `as_of` when it names an era year: 令和元年 → 2019.
    pub as_of_year: Option<i32>,
    pub unit: String,
}

#[derive(Debug, Serialize)]
pub struct TargetView {
    pub shape: &'static str,
    pub stated: Option<Figure>,
    /// The label after the target: 令和7年度, 各年度, 5年間の累計, 令和2年～令和7年, 以上 …
    pub label: String,
    pub cumulative: bool,
    /// The one target is compared with every year (see `evaluate`).
    pub applies_every_year: bool,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct YearRow {
    pub year: FiscalYear,
    pub target: Option<Figure>,
    /// The running target for a cumulative target with yearly portions.
    pub target_cumulative: Option<Figure>,
    pub actual: ActualView,
    pub actual_cumulative: Option<Figure>,
    /// 達成率 as shown (`67.6`), when there is one.
    pub rate: Option<String>,
    pub grade: Option<Grade>,
    /// Why there is no grade, in words.
    pub not_graded: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ActualView {
    /// The state's code (see `YearState`).
    pub state: &'static str,
    pub value: Option<Figure>,
    /// A state without a figure in words: 算出不可, 対象外, 記載なし (none for a future year).
    pub label: Option<&'static str>,
    pub status: Option<&'static str>,
    pub summed: bool,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TotalView {
    pub target: Option<Figure>,
    pub actual: Option<Figure>,
}

#[derive(Debug, Serialize)]
pub struct PartRow {
    pub label: String,
    pub values: Vec<Option<Figure>>,
}

#[derive(Debug, Serialize)]
pub struct Commentary {
    pub year: FiscalYear,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct ChartView {
    pub id: String,
    pub svg: String,
    pub title: String,
    pub description: String,
    pub has_target: bool,
    pub has_baseline: bool,
}

impl KpiView {
    /// `year`: the commentary of that year only; `None`: every year's.
    pub fn new(city: &City, ix: KpiIx, year: Option<FiscalYear>) -> Self {
        let kpi = &city.kpis[ix];
        let years: Vec<FiscalYear> = city.strategy.years().collect();
        let rows: Vec<YearRow> = years.iter().map(|&y| year_row(city, kpi, y)).collect();
        let commentary = kpi
            .years
            .iter()
            .rev()
            .filter(|(y, _)| year.is_none_or(|wanted| wanted == **y))
            .filter_map(|(&y, entry)| {
                entry.commentary.as_deref().map(|md| Commentary {
                    year: y,
                    html: markdown::to_html(md),
                })
            })
            .collect();
        let goal = &city.goals[kpi.goal];
        KpiView {
            id: kpi.id.clone(),
            indicator: kpi.kind == KpiKind::Indicator,
            name: kpi.name.clone(),
            unit: kpi.unit.clone(),
            href: kpi_href(city, kpi),
            lower_is_better: kpi.direction == Direction::Lower,
            note: kpi.note.clone(),
            baseline: kpi.baseline.as_ref().map(|b| BaselineView {
                value: b.value,
                as_of: b.as_of.clone(),
                as_of_year: b.as_of.as_deref().and_then(parse_era_year),
                unit: b.unit.clone().unwrap_or_else(|| kpi.unit.clone()),
            }),
            target: target_view(kpi, city),
            total: total_view(kpi),
            parts: part_rows(city, kpi, &years),
            rows,
            commentary,
            chart: year.is_none().then(|| chart_view(city, kpi)).flatten(),
            project: kpi.project.map(|p| project_name(&city.projects[p])),
            also_projects: kpi
                .also_projects
                .iter()
                .map(|&p| project_name(&city.projects[p]))
                .collect(),
            goal: Link {
                name: goal_heading(goal),
                href: goal_href(city, goal),
            },
        }
    }
}

fn year_row(city: &City, kpi: &Kpi, year: FiscalYear) -> YearRow {
    let entry = kpi.years.get(&year);
    let state = city.year_state(kpi, year);
    let actual = ActualView {
        state: state.code(),
        value: kpi.actual(year),
        label: match state {
            YearState::Value | YearState::SumOfParts | YearState::NotYet => None,
            other => Some(other.ja()),
        },
        status: entry.and_then(|e| e.status).map(Status::ja),
        summed: state == YearState::SumOfParts,
        note: entry.and_then(|e| e.note.clone()),
    };
    let evaluation = evaluate(kpi, year, &city.grading);
    let cumulative = matches!(
        kpi.target,
        Target::Cumulative {
            running_total: false,
            ..
        }
    );
    YearRow {
        year,
        target: kpi.target.for_year(year),
        target_cumulative: kpi.target.cumulative_for_year(year),
        actual,
        actual_cumulative: if cumulative {
            kpi.cumulative_actual(year)
        } else {
            None
        },
        rate: evaluation.rate.map(percent),
        not_graded: match (&evaluation.grade, evaluation.not_graded, state) {
            (None, Some(reason), s) if s != YearState::NotYet => Some(reason.ja()),
            _ => None,
        },
        grade: evaluation.grade,
    }
}

/// A computed percentage for display: one decimal, △ when negative (`△70.2`).
pub fn percent(value: f64) -> String {
    let text = format!("{value:.1}");
    Figure::parse(&text).map_or(text, Figure::display)
}

fn target_view(kpi: &Kpi, city: &City) -> TargetView {
    let (shape, label) = match &kpi.target {
        Target::Yearly { values, .. } => (
            "yearly",
            fiscal_year_ja(
                values
                    .keys()
                    .next_back()
                    .copied()
                    .unwrap_or(city.strategy.to),
            ),
        ),
        Target::EachYear { .. } => ("each_year", "各年度".to_string()),
        Target::Final { year, .. } => ("final", fiscal_year_ja(*year)),
        Target::Cumulative { from, to, .. } => {
            ("cumulative", format!("{}年間の累計", to - from + 1))
        }
        Target::Period { label, .. } => ("period", label.clone()),
        Target::Threshold { comparison, .. } => {
            ("threshold", format!("各年度 {}", comparison.ja()))
        }
        Target::None { .. } => ("none", String::new()),
    };
    TargetView {
        shape,
        stated: kpi.target.stated(),
        label,
        cumulative: matches!(kpi.target, Target::Cumulative { .. }),
        applies_every_year: applies_before_its_year(&kpi.target),
        note: match &kpi.target {
            Target::None { note } => Some(
                note.clone()
                    .unwrap_or_else(|| "目標値の設定なし（実績値の管理）".into()),
            ),
            _ => None,
        },
    }
}

fn total_view(kpi: &Kpi) -> Option<TotalView> {
    match &kpi.target {
        Target::Cumulative {
            total,
            running_total,
            ..
        } => Some(TotalView {
            target: Some(*total),
            actual: if *running_total {
                None
            } else {
                latest_value_year(kpi).and_then(|y| kpi.cumulative_actual(y))
            },
        }),
        Target::Period { value, .. } => Some(TotalView {
            target: Some(*value),
            actual: None,
        }),
        _ => None,
    }
}

fn latest_value_year(kpi: &Kpi) -> Option<FiscalYear> {
    kpi.years
        .iter()
        .rev()
        .find(|(_, e)| matches!(e.actual, Actual::Value(_)))
        .map(|(&y, _)| y)
}

fn part_rows(city: &City, kpi: &Kpi, years: &[FiscalYear]) -> Vec<PartRow> {
    let mut labels: Vec<String> = Vec::new();
    for entry in kpi.years.values() {
        for part in &entry.parts {
            let label = part_label(city, &part.label);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    labels
        .into_iter()
        .map(|label| PartRow {
            values: years
                .iter()
                .map(|y| {
                    kpi.years.get(y).and_then(|e| {
                        e.parts
                            .iter()
                            .find(|p| part_label(city, &p.label) == label)
                            .map(|p| p.value)
                    })
                })
                .collect(),
            label,
        })
        .collect()
}

/// A project's name, or — where the report gives none.
fn project_name(project: &Project) -> String {
    project.name.clone().unwrap_or_else(|| "—".into())
}

fn part_label(city: &City, label: &PartLabel) -> String {
    match label {
        PartLabel::Project(p) => project_name(&city.projects[*p]),
        PartLabel::Text(t) => t.clone(),
    }
}

/// The chart of a KPI, with its title and one-sentence description.
fn chart_view(city: &City, kpi: &Kpi) -> Option<ChartView> {
    let chart = chart_data(city, kpi);
    let id = format!("chart-{}", kpi.id);
    let svg = chart.to_svg(&id)?;
    Some(ChartView {
        id,
        svg,
        title: format!("{}の実績値と目標値の推移", kpi.name),
        description: chart_description(city, kpi),
        has_target: chart.has_target(),
        has_baseline: chart.baseline.is_some(),
    })
}

/// The data a KPI's chart draws: cumulative targets and actuals as running totals.
pub fn chart_data(city: &City, kpi: &Kpi) -> Chart {
    let years: Vec<FiscalYear> = city.strategy.years().collect();
    let cumulative = matches!(kpi.target, Target::Cumulative { .. });
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
    let final_target = match &kpi.target {
        Target::Yearly { values, stated } => {
            values.keys().next_back().map(|&y| (y, stated.to_f64()))
        }
        Target::EachYear { to, stated, .. } => Some((*to, stated.to_f64())),
        Target::Final { value, year } | Target::Period { value, year, .. } => {
            Some((*year, value.to_f64()))
        }
        Target::Cumulative { total, to, .. } => Some((*to, total.to_f64())),
        Target::Threshold { .. } | Target::None { .. } => None,
    };
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
            _ => None,
        })
        .collect();
    Chart {
        years,
        actual,
        target,
        final_target: final_target.filter(|(y, _)| city.strategy.covers(*y)),
        baseline,
        gaps,
    }
}

/// One sentence stating the latest actual against that year's target.
fn chart_description(city: &City, kpi: &Kpi) -> String {
    let Some(year) = latest_value_year(kpi) else {
        return format!("{}の実績値はまだありません。", kpi.name);
    };
    let e = evaluate(kpi, year, &city.grading);
    let unit = &kpi.unit;
    let what = match kpi.target {
        Target::Cumulative { .. } => "累計実績値",
        _ => "実績値",
    };
    let actual = e.actual.map_or_else(String::new, |a| spoken(&a.display()));
    let provisional = if e.provisional { "（暫定値）" } else { "" };
    let against = match e.target {
        Some(t) => format!("目標値{}{unit}に対して", spoken(&t.display())),
        None => "目標値は設定されておらず".to_string(),
    };
    let result = match (&e.grade, e.rate) {
        (Some(g), Some(rate)) => format!(
            "達成率{}%、評価は{}（{}）",
            spoken(&percent(rate)),
            g.symbol,
            g.label
        ),
        (Some(g), None) => format!("評価は{}（{}）", g.symbol, g.label),
        (None, _) => "評価の対象外".to_string(),
    };
    format!(
        "{}の{what}は{actual}{unit}{provisional}で、{against}{result}です。",
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

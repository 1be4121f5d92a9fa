//! View data: what the templates see, built from the model.
//!
//! Figures travel as their plain text (`-7.77`) and are formatted by the template filters, so
//! every page formats numbers the same way.

mod edition;
mod kpi;
mod kpi_chart;
mod lineage;
mod summary;
mod target;
mod verdict;
mod year_table;

use serde::Serialize;

use crate::era::FiscalYear;
use crate::evaluate::{Scope, evaluate};
use crate::figure::Figure;
use crate::locale::Locale;
use crate::markdown;
use crate::model::{City, Counts, Goal, Kpi, KpiIx, KpiKind, Measure, Project, Revision, Site};
use crate::terms::{Accessibility, Trend};

pub use edition::{CorrectionView, PublicationView, corrections};
pub use kpi::{Figures, KpiView};
pub use kpi_chart::{ChartView, chart_file};
pub use lineage::{
    SeriesView, StrategyItem, StrategyNotice, has_own_page, same_page, series_chart_file,
    series_view, strategy_href, strategy_list, strategy_notice,
};
pub use summary::SummaryView;
use summary::summary;
pub use year_table::YearTable;

/// Where a page sits, from the site root; every link is made relative to it. A city's overview
/// is that of its current strategy; an earlier strategy's is at `<city>/strategy/<year>/`.
pub fn city_href(city: &City) -> String {
    strategy_href(city, city.generation)
}

pub fn goal_href(city: &City, goal: &Goal) -> String {
    format!("{}/goal/{}/index.html", city.id, goal.id)
}

pub fn kpi_href(city: &City, kpi: &Kpi) -> String {
    format!("{}/kpi/{}/index.html", city.id, kpi.id)
}

/// The per-KPI download files, beside the KPI's page: `<city>/kpi/<kpi>/<city>-<kpi>.csv`
/// (made by `opendata`) and `.svg` (the chart, made by `render`).
pub fn kpi_file(city: &City, kpi: &Kpi, extension: &str) -> String {
    format!(
        "{}/kpi/{}/{}-{}.{extension}",
        city.id, kpi.id, city.id, kpi.id
    )
}

/// The Atom feed of a city (`<city>/feed.xml`), or of the whole site (`feed.xml`); made only
/// when the site has a base URL.
pub fn feed_href(city: Option<&City>) -> String {
    match city {
        Some(city) => format!("{}/feed.xml", city.id),
        None => "feed.xml".into(),
    }
}

pub fn year_href(city: &City, year: FiscalYear) -> String {
    format!("{}/{year}/index.html", city.id)
}

/// A computed percentage for display: one decimal, △ (or the language's sign) when negative
/// (`△70.2`).
fn percent(value: f64, t: &Locale) -> String {
    let text = format!("{value:.1}");
    t.number(&Figure::parse(&text).map_or(text, Figure::display))
}

/// A city as listed and headed.
#[derive(Debug, Serialize)]
pub struct CityView {
    pub id: String,
    pub name: String,
    /// 市, 町, 村, 区 or 都道府県.
    pub kind: &'static str,
    /// What the report assesses, in words: `KPI`, or `数値目標` for a report that grades
    /// those only.
    pub assessed: String,
    /// Whether the report grades its 数値目標 only.
    pub indicators_only: bool,
    pub prefecture: Option<String>,
    pub strategy: String,
    pub source: Option<String>,
    pub from: FiscalYear,
    pub to: FiscalYear,
    pub href: String,
    pub years: Vec<YearLink>,
    pub latest_year: Option<FiscalYear>,
}

/// The footer's facts, all from the content: who publishes, who to ask, the source document,
/// and when the content last changed (its own dates, so builds stay byte-identical).
#[derive(Debug, Serialize)]
pub struct FooterView {
    pub publisher: Option<String>,
    pub department: Option<String>,
    pub contact: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    /// `YYYY-MM-DD`, and as read (2023年9月29日).
    pub updated: Option<String>,
    pub updated_ja: Option<String>,
}

impl FooterView {
    /// The footer of a city's pages, or (without a city) of the site's own, which show
    /// `site_updated`: the latest date any city's content changed.
    pub fn new(site: &Site, city: Option<&City>, site_updated: Option<&str>, t: &Locale) -> Self {
        let updated = match city {
            Some(city) => city.last_updated(),
            None => site_updated,
        };
        FooterView {
            publisher: site.config.publisher.clone(),
            department: city.and_then(|c| c.department.clone()),
            contact: city
                .and_then(|c| c.contact.clone())
                .or_else(|| site.config.contact.clone()),
            source: city.and_then(|c| c.strategy.source.clone()),
            source_url: city.and_then(|c| c.strategy.source_url.clone()),
            updated: updated.map(str::to_string),
            updated_ja: updated.map(|d| t.date(d)),
        }
    }
}

/// A city on the site index: its view and its 事業数 / KPI数. The counts are left out of
/// `CityView`, which every page of the city builds, because only a few pages show them.
#[derive(Debug, Serialize)]
pub struct CityCard {
    #[serde(flatten)]
    pub city: CityView,
    pub counts: Counts,
}

impl CityCard {
    pub fn new(city: &City, t: &Locale) -> Self {
        CityCard {
            city: CityView::new(city, t),
            counts: city.counts(),
        }
    }
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
    pub trend: String,
}

impl IndicatorTrend {
    fn new(city: &City, ix: KpiIx, t: &Locale) -> Self {
        let kpi = &city.kpis[ix];
        let latest_year = kpi.latest_value_year();
        let trend = latest_year.and_then(|y| evaluate(kpi, y, &Scope::of(city)).trend);
        IndicatorTrend {
            name: kpi.name.clone(),
            href: kpi_href(city, kpi),
            unit: kpi.unit.clone(),
            baseline: kpi.baseline.as_ref().and_then(|b| b.value),
            latest_year,
            latest: latest_year.and_then(|y| kpi.actual(y)),
            trend: t
                .text(match (latest_year, trend) {
                    (None, _) => "trend.no_actual",
                    (_, None) => "trend.not_comparable",
                    (_, Some(Trend::Improved)) => "trend.improved",
                    (_, Some(Trend::Held)) => "trend.held",
                    (_, Some(Trend::Worsened)) => "trend.worsened",
                })
                .to_string(),
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
    pub fn new(city: &City, t: &Locale) -> Self {
        CityView {
            id: city.id.clone(),
            name: city.name.clone(),
            kind: city.kind.ja(),
            assessed: assessed(city, t).to_string(),
            indicators_only: city.assessed() == KpiKind::Indicator,
            prefecture: city.prefecture.clone(),
            strategy: city.strategy.name.clone(),
            source: city.strategy.source.clone(),
            from: city.strategy.from,
            to: city.strategy.to,
            href: city_href(city),
            // On the current strategy's pages, the years of every strategy of the city.
            years: city
                .generations()
                .flat_map(|c| &c.years)
                .map(|&year| YearLink {
                    year,
                    href: year_href(city, year),
                })
                .collect(),
            latest_year: city.generations().flat_map(|c| &c.years).last().copied(),
        }
    }
}

/// What only the city's overview page shows: goals with counts and 数値目標 trends, and the
/// summary of every KPI.
#[derive(Debug, Serialize)]
pub struct CityOverview {
    pub counts: Counts,
    pub goals: Vec<GoalLink>,
    pub summary: Option<SummaryView>,
    /// Whether the government publishes verdicts or adopted a computed scheme.
    pub has_verdicts: bool,
    /// The latest fiscal year at a glance.
    pub latest: Option<YearTable>,
    /// Whether any goal has a 数値目標 (else the overview leaves their columns out).
    pub has_indicators: bool,
    /// Whether the government published any verdict (`kpi-assessments` files exist).
    pub has_assessment_data: bool,
}

/// What the city's report assesses, in words: KPI or 数値目標.
fn assessed<'a>(city: &City, t: &'a Locale) -> &'a str {
    match city.assessed() {
        KpiKind::Kpi => t.text("kpi.kpi"),
        KpiKind::Indicator => t.text("kpi.indicator"),
    }
}

impl CityOverview {
    pub fn new(city: &City, t: &Locale) -> Self {
        let assessed = city.assessed();
        let kpis: Vec<KpiIx> = (0..city.kpis.len())
            .filter(|&k| city.kpis[k].kind == assessed)
            .collect();
        CityOverview {
            counts: city.counts(),
            goals: city
                .goals
                .iter()
                .map(|goal| GoalLink {
                    id: goal.id.clone(),
                    heading: goal.heading(),
                    href: goal_href(city, goal),
                    counts: city.goal_counts(goal),
                    indicator_trends: goal
                        .indicators
                        .iter()
                        .map(|&k| IndicatorTrend::new(city, k, t))
                        .collect(),
                })
                .collect(),
            summary: summary(city, &kpis, "summary-city", t),
            has_verdicts: !city.axes.is_empty() || city.grading.is_some(),
            latest: city.years.last().map(|&y| YearTable::new(city, y, t)),
            has_indicators: city.goals.iter().any(|g| !g.indicators.is_empty()),
            has_assessment_data: city
                .kpis
                .iter()
                .any(|k| k.years.values().any(|y| !y.verdicts.is_empty())),
        }
    }
}

/// A goal with everything under it. `year` picks the commentary shown: one year's (the annual
/// report) or every year's (`None`, the goal page shows the latest under each KPI link).
#[derive(Debug, Serialize)]
pub struct GoalView<K = KpiView> {
    pub id: String,
    pub summary: Option<SummaryView>,
    pub number: Option<String>,
    pub title: String,
    /// The number as the city writes it and the title: 【基本目標1】 しごとをつくり…
    pub heading: String,
    /// Earlier titles, oldest first.
    pub revisions: Vec<Revision<String>>,
    pub href: String,
    pub counts: Counts,
    pub indicators: Vec<K>,
    /// KPIs attached to the goal itself.
    pub kpis: Vec<K>,
    pub sections: Vec<SectionView<K>>,
}

/// A measure, flattened: `depth` 0 for 施策, 1 for 具体的施策 …
#[derive(Debug, Serialize)]
pub struct SectionView<K> {
    pub depth: usize,
    pub heading_level: usize,
    pub number: Option<String>,
    pub title: String,
    pub projects: Vec<ProjectView<K>>,
    /// KPIs attached to the measure itself, under no project.
    pub kpis: Vec<K>,
}

#[derive(Debug, Serialize)]
pub struct ProjectView<K> {
    pub id: String,
    /// The listing's anchor, unique on a page: a 再掲 listing is qualified by its goal.
    pub anchor: String,
    pub name: Option<String>,
    pub note: Option<String>,
    pub relisted: bool,
    pub no_kpi_reason: Option<String>,
    pub kpis: Vec<K>,
    /// KPIs of another listing that also measure this project.
    pub shared_kpis: Vec<Link>,
    pub commentary: Option<String>,
    pub activities: Vec<String>,
    /// 予算額 / 決算額 by year (千円), for the years that give either.
    pub budgets: Vec<BudgetRow>,
}

/// A project's budget and spending in one fiscal year, in 千円.
#[derive(Debug, Serialize)]
pub struct BudgetRow {
    pub year: FiscalYear,
    pub budget: Option<Figure>,
    pub spent: Option<Figure>,
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
    pub fn new(config: &Accessibility, t: &Locale) -> Self {
        let standard = config
            .standard
            .clone()
            .unwrap_or_else(|| "JIS X 8341-3:2016".into());
        let level = config.level.clone().unwrap_or_else(|| "AA".into());
        let policy = config.policy.clone().unwrap_or_else(|| {
            t.fill(
                "accessibility.default_policy",
                &[("standard", &standard), ("level", &level)],
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
    pub fn new(city: &City, goal: &Goal, year: Option<FiscalYear>, t: &Locale) -> Self {
        GoalView::listing(city, goal, year, t, &|k| KpiView::listed(city, k, year, t))
    }
}

impl<K> GoalView<K> {
    /// [`GoalView::new`] with each KPI as `kpi` gives it ([`KpiView::listed`] of the same
    /// year, or that as the templates read it), so a page can list views made from those
    /// built once for several pages.
    pub fn listing(
        city: &City,
        goal: &Goal,
        year: Option<FiscalYear>,
        t: &Locale,
        kpi: &dyn Fn(KpiIx) -> K,
    ) -> Self {
        let mut sections = Vec::new();
        flatten(city, &goal.id, &goal.measures, 0, year, kpi, &mut sections);
        GoalView {
            id: goal.id.clone(),
            summary: year
                .is_none()
                .then(|| {
                    let kpis = match city.assessed() {
                        KpiKind::Kpi => city.goal_kpis(goal),
                        KpiKind::Indicator => goal.indicators.clone(),
                    };
                    summary(city, &kpis, "summary-goal", t)
                })
                .flatten(),
            number: goal.number.clone(),
            title: goal.title.clone().unwrap_or_default(),
            heading: goal.heading(),
            revisions: goal.revisions.clone(),
            href: goal_href(city, goal),
            counts: city.goal_counts(goal),
            indicators: goal.indicators.iter().map(|&k| kpi(k)).collect(),
            kpis: goal.kpis.iter().map(|&k| kpi(k)).collect(),
            sections,
        }
    }
}

fn flatten<K>(
    city: &City,
    goal_id: &str,
    measures: &[Measure],
    depth: usize,
    year: Option<FiscalYear>,
    kpi: &dyn Fn(KpiIx) -> K,
    out: &mut Vec<SectionView<K>>,
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
                    kpis: entry.kpis.iter().map(|&k| kpi(k)).collect(),
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
                    budgets: project
                        .years
                        .iter()
                        .filter(|(_, y)| y.budget.is_some() || y.spent.is_some())
                        .map(|(&year, y)| BudgetRow {
                            year,
                            budget: y.budget,
                            spent: y.spent,
                        })
                        .collect(),
                }
            })
            .collect();
        out.push(SectionView {
            depth,
            heading_level: (depth + 3).min(6),
            number: measure.number.clone(),
            title: measure.title.clone(),
            projects,
            kpis: measure.kpis.iter().map(|&k| kpi(k)).collect(),
        });
        flatten(city, goal_id, &measure.measures, depth + 1, year, kpi, out);
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

/// The search page's list of every KPI by city and goal: the search without JavaScript.
#[derive(Debug, Serialize)]
pub struct KpiIndexCity {
    pub name: String,
    pub href: String,
    pub goals: Vec<KpiIndexGoal>,
}

#[derive(Debug, Serialize)]
pub struct KpiIndexGoal {
    pub heading: String,
    pub href: String,
    pub kpis: Vec<Link>,
}

impl KpiIndexCity {
    /// The city's goals and KPIs: the current strategy's, then each earlier one's, newest first
    /// (their goals named with their strategy).
    pub fn new(current: &City) -> Self {
        let mut goals = Vec::new();
        for city in current.generations().collect::<Vec<_>>().into_iter().rev() {
            for (g, goal) in city.goals.iter().enumerate() {
                goals.push(KpiIndexGoal {
                    heading: match city.is_superseded() {
                        true => format!("{}（{}）", goal.heading(), city.strategy.name),
                        false => goal.heading(),
                    },
                    href: goal_href(city, goal),
                    kpis: (0..city.kpis.len())
                        .filter(|&k| city.kpis[k].goal == g)
                        .filter(|&k| has_own_page(current, city.generation, k))
                        .map(|k| Link {
                            name: city.kpis[k].name.clone(),
                            href: kpi_href(city, &city.kpis[k]),
                        })
                        .collect(),
                });
            }
        }
        KpiIndexCity {
            name: current.name.clone(),
            href: city_href(current),
            goals,
        }
    }
}

/// Where the search page and its KPI index are.
pub const SEARCH_HREF: &str = "search/index.html";

/// A year's state in words (算出不可, 対象外 …).
fn state_word(state: crate::model::YearState, t: &Locale) -> String {
    t.text(&format!("state.{}", state.code())).to_string()
}

/// 暫定値 or 確定値, in words.
fn status_word(status: crate::terms::Status, t: &Locale) -> String {
    t.text(&format!("status.{}", status.code())).to_string()
}

//! The validated, immutable site model every page is rendered from.
//!
//! A city keeps its projects and KPIs in flat lists (`City::projects`, `City::kpis`); goals and
//! measures refer to them by index, so a KPI page can reach its goal and project without search.

pub mod raw;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::era::FiscalYear;
use crate::evaluate::Grading;
use crate::figure::Figure;

/// Index into `City::projects`.
pub type ProjectIx = usize;
/// Index into `City::kpis`.
pub type KpiIx = usize;

/// Everything the site shows.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// Cities ordered by id.
    pub cities: Vec<City>,
}

/// `content/site.yaml`, with the command line's overrides applied.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub language: String,
    pub base_url: String,
    pub theme: String,
    pub description: Option<String>,
    /// The site's grading scheme, used by cities that set none.
    pub grading: Grading,
    /// What the accessibility statement says.
    pub accessibility: raw::AccessibilityFile,
}

/// A municipality and its strategy.
#[derive(Debug)]
pub struct City {
    /// The folder name under `content/`.
    pub id: String,
    pub name: String,
    pub prefecture: Option<String>,
    pub strategy: Strategy,
    /// The city's own grading scheme, or the site's.
    pub grading: Grading,
    pub goals: Vec<Goal>,
    pub projects: Vec<Project>,
    /// KPIs and 数値目標 alike.
    pub kpis: Vec<Kpi>,
    /// Fiscal years that have a file, ascending.
    pub years: Vec<FiscalYear>,
}

/// 総合戦略.
#[derive(Debug)]
pub struct Strategy {
    pub name: String,
    pub from: FiscalYear,
    pub to: FiscalYear,
    pub source: Option<String>,
}

impl Strategy {
    /// The strategy's fiscal years, in order.
    pub fn years(&self) -> impl Iterator<Item = FiscalYear> + Clone + use<> {
        self.from..=self.to
    }

    /// Whether a fiscal year lies in the strategy's period.
    pub fn covers(&self, year: FiscalYear) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

/// 基本目標.
#[derive(Debug)]
pub struct Goal {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    /// 数値目標.
    pub indicators: Vec<KpiIx>,
    pub measures: Vec<Measure>,
}

/// 施策 or 具体的施策; measures nest.
#[derive(Debug)]
pub struct Measure {
    pub number: Option<String>,
    pub title: String,
    pub measures: Vec<Measure>,
    pub entries: Vec<ProjectEntry>,
}

/// A project as listed under a measure: first listing or 再掲.
#[derive(Debug)]
pub struct ProjectEntry {
    pub project: ProjectIx,
    pub relisted: bool,
    /// The KPIs shown with this listing.
    pub kpis: Vec<KpiIx>,
}

/// 事業.
#[derive(Debug)]
pub struct Project {
    pub id: String,
    pub name: Option<String>,
    pub note: Option<String>,
    pub no_kpi_reason: Option<String>,
    /// The goal of the first listing.
    pub goal: usize,
    /// KPIs declared on another project that this project is also measured by (merged cells).
    pub shared_kpis: Vec<KpiIx>,
    pub years: BTreeMap<FiscalYear, ProjectYear>,
}

/// What a project reports for one fiscal year.
#[derive(Debug, Default)]
pub struct ProjectYear {
    /// Markdown.
    pub commentary: Option<String>,
    pub activities: Vec<String>,
}

/// Whether a KPI or a 数値目標.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiKind {
    /// 数値目標 of a goal.
    Indicator,
    /// 重要業績評価指標 of a project.
    Kpi,
}

/// A KPI or a 数値目標, with its figures for every fiscal year reported.
#[derive(Debug)]
pub struct Kpi {
    pub id: String,
    pub kind: KpiKind,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<Baseline>,
    pub target: Target,
    pub note: Option<String>,
    pub goal: usize,
    /// The project that declares it (none for a 数値目標).
    pub project: Option<ProjectIx>,
    /// Further projects measured by it.
    pub also_projects: Vec<ProjectIx>,
    pub years: BTreeMap<FiscalYear, KpiYear>,
}

impl Kpi {
    /// Whether the KPI counts in the report's KPI数: one with a target to be measured against.
    pub fn is_counted(&self) -> bool {
        !matches!(self.target, Target::None { .. })
    }

    /// The figure reported for a year, if any.
    pub fn actual(&self, year: FiscalYear) -> Option<Figure> {
        match self.years.get(&year)?.actual {
            Actual::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The running total of actuals up to and including `year`, for cumulative targets; `None`
    /// when that year has no figure.
    pub fn cumulative_actual(&self, year: FiscalYear) -> Option<Figure> {
        let this_year = self.actual(year)?;
        if let Target::Cumulative {
            running_total: true,
            ..
        } = self.target
        {
            return Some(this_year);
        }
        self.years
            .range(..=year)
            .filter_map(|(_, y)| match y.actual {
                Actual::Value(v) => Some(v),
                _ => None,
            })
            .try_fold(Figure::ZERO, Figure::checked_add)
    }
}

/// Whether more or less is better.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

/// 基準値.
#[derive(Debug)]
pub struct Baseline {
    /// `None` where the report shows —.
    pub value: Option<Figure>,
    pub as_of: Option<String>,
    /// Set when the baseline is counted in another unit than the KPI.
    pub unit: Option<String>,
}

/// 目標値, by shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A target per fiscal year; `stated` is the final target as the report writes it.
    Yearly {
        values: BTreeMap<FiscalYear, Figure>,
        stated: Figure,
    },
    /// The same target every year from `from` to `to`; `stated` is the figure as the report's
    /// header writes it (60) when the year columns write it otherwise (60.0).
    EachYear {
        value: Figure,
        stated: Figure,
        from: FiscalYear,
        to: FiscalYear,
    },
    /// A final-year target only.
    Final { value: Figure, year: FiscalYear },
    /// A total over the period, with optional yearly portions.
    Cumulative {
        total: Figure,
        values: BTreeMap<FiscalYear, Figure>,
        from: FiscalYear,
        to: FiscalYear,
        /// The yearly actuals are running totals already.
        running_total: bool,
    },
    /// A value over a span of years, compared with the actual of `year`.
    Period {
        value: Figure,
        label: String,
        year: FiscalYear,
    },
    /// A bound that applies every year from `from` to `to`.
    Threshold {
        value: Figure,
        comparison: Comparison,
        from: FiscalYear,
        to: FiscalYear,
    },
    /// 実績値の管理とする: tracked, not targeted.
    None { note: Option<String> },
}

impl Target {
    /// The target figure printed in a year's column, as the report's 目標値 row shows it.
    pub fn for_year(&self, year: FiscalYear) -> Option<Figure> {
        match self {
            Target::Yearly { values, .. } | Target::Cumulative { values, .. } => {
                values.get(&year).copied()
            }
            Target::EachYear {
                value, from, to, ..
            }
            | Target::Threshold {
                value, from, to, ..
            } => (*from..=*to).contains(&year).then_some(*value),
            Target::Final { value, year: y } => (*y == year).then_some(*value),
            Target::Period { .. } | Target::None { .. } => None,
        }
    }

    /// The running target up to `year` for a cumulative target with yearly portions.
    pub fn cumulative_for_year(&self, year: FiscalYear) -> Option<Figure> {
        match self {
            Target::Cumulative { values, .. } if !values.is_empty() => values
                .range(..=year)
                .map(|(_, v)| *v)
                .try_fold(Figure::ZERO, Figure::checked_add),
            _ => None,
        }
    }

    /// The shape's code, as `shape:` in city.yaml and the open data write it.
    pub fn shape(&self) -> &'static str {
        match self {
            Target::Yearly { .. } => "yearly",
            Target::EachYear { .. } => "each_year",
            Target::Final { .. } => "final",
            Target::Cumulative { .. } => "cumulative",
            Target::Period { .. } => "period",
            Target::Threshold { .. } => "threshold",
            Target::None { .. } => "none",
        }
    }

    /// The headline target: the figure after "→" in the report.
    pub fn stated(&self) -> Option<Figure> {
        match self {
            Target::Yearly { stated, .. } => Some(*stated),
            Target::EachYear { stated, .. } => Some(*stated),
            Target::Final { value, .. }
            | Target::Period { value, .. }
            | Target::Threshold { value, .. } => Some(*value),
            Target::Cumulative { total, .. } => Some(*total),
            Target::None { .. } => None,
        }
    }
}

/// How a threshold target compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
}

impl Comparison {
    /// 以上, 超, 以下, 未満.
    pub fn ja(self) -> &'static str {
        match self {
            Comparison::AtLeast => "以上",
            Comparison::MoreThan => "超",
            Comparison::AtMost => "以下",
            Comparison::LessThan => "未満",
        }
    }
}

/// A KPI's figure for one year.
#[derive(Debug, Clone)]
pub struct KpiYear {
    pub actual: Actual,
    /// Whether the actual is the sum of `parts` rather than a figure the city wrote.
    pub summed: bool,
    pub status: Option<Status>,
    pub note: Option<String>,
    pub parts: Vec<Part>,
    /// Markdown.
    pub commentary: Option<String>,
    /// The grade the city's review committee gave, a symbol of the city's scheme.
    pub committee_grade: Option<String>,
}

/// 実績値 or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actual {
    Value(Figure),
    /// — : cannot be measured this year (e.g. census years only).
    NotMeasurable,
    /// — : does not apply this year.
    NotApplicable,
    /// The year's file has the KPI only for its commentary.
    NotReported,
}

/// What a KPI has for a fiscal year, as a code (for open data) and in words (for pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearState {
    /// A figure the city wrote.
    Value,
    /// A figure summed from the city's parts.
    SumOfParts,
    NotMeasurable,
    NotApplicable,
    /// The year's file leaves the KPI out, or gives it only commentary.
    NotReported,
    /// No file for the year yet.
    NotYet,
}

impl YearState {
    /// Every state, in the order the legend lists them.
    pub const ALL: [YearState; 6] = [
        YearState::Value,
        YearState::SumOfParts,
        YearState::NotMeasurable,
        YearState::NotApplicable,
        YearState::NotReported,
        YearState::NotYet,
    ];

    /// The code used in CSV and JSON.
    pub fn code(self) -> &'static str {
        match self {
            YearState::Value => "value",
            YearState::SumOfParts => "sum_of_parts",
            YearState::NotMeasurable => "not_measurable",
            YearState::NotApplicable => "not_applicable",
            YearState::NotReported => "not_reported",
            YearState::NotYet => "not_yet",
        }
    }

    /// The state in words.
    pub fn ja(self) -> &'static str {
        match self {
            YearState::Value => "実績値",
            YearState::SumOfParts => "内訳の合計",
            YearState::NotMeasurable => "算出不可",
            YearState::NotApplicable => "対象外",
            YearState::NotReported => "記載なし",
            YearState::NotYet => "未公表",
        }
    }
}

/// 暫定値 / 確定値.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Provisional,
    Confirmed,
}

impl Status {
    /// The code used in open data.
    pub fn code(self) -> &'static str {
        match self {
            Status::Provisional => "provisional",
            Status::Confirmed => "confirmed",
        }
    }

    /// 暫定値 or 確定値.
    pub fn ja(self) -> &'static str {
        match self {
            Status::Provisional => "暫定値",
            Status::Confirmed => "確定値",
        }
    }
}

/// A sub-value of a year's actual: one project's share, or 男/女.
#[derive(Debug, Clone)]
pub struct Part {
    pub label: PartLabel,
    pub value: Figure,
}

/// What a part is a part of.
#[derive(Debug, Clone)]
pub enum PartLabel {
    Project(ProjectIx),
    Text(String),
}

/// The 事業数 and KPI数 of a goal or a city.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub projects: usize,
    pub kpis: usize,
    /// Projects measured by no KPI at all (KPIの設定が困難なため設定しない).
    pub projects_without_kpi: usize,
}

impl City {
    /// 事業数 / KPI数 of one goal, as its 小計 line counts them: every listing, 再掲 included.
    pub fn goal_counts(&self, goal: &Goal) -> Counts {
        let mut counts = Counts::default();
        for_each_entry(&goal.measures, &mut |entry| {
            counts.projects += 1;
            counts.projects_without_kpi += usize::from(!self.has_kpi(entry.project));
            counts.kpis += entry
                .kpis
                .iter()
                .filter(|&&k| self.kpis[k].is_counted())
                .count();
        });
        counts
    }

    /// 事業数 / KPI数 of the whole city (合計): each project and KPI once.
    pub fn counts(&self) -> Counts {
        Counts {
            projects: self.projects.len(),
            projects_without_kpi: (0..self.projects.len())
                .filter(|&p| !self.has_kpi(p))
                .count(),
            kpis: self
                .kpis
                .iter()
                .filter(|k| k.kind == KpiKind::Kpi && k.is_counted())
                .count(),
        }
    }

    /// Whether any KPI measures the project, on any of its listings.
    pub fn has_kpi(&self, project: ProjectIx) -> bool {
        self.kpis
            .iter()
            .any(|k| k.project == Some(project) || k.also_projects.contains(&project))
    }

    /// What a KPI has for a fiscal year.
    pub fn year_state(&self, kpi: &Kpi, year: FiscalYear) -> YearState {
        match kpi.years.get(&year) {
            Some(entry) => match entry.actual {
                Actual::Value(_) if entry.summed => YearState::SumOfParts,
                Actual::Value(_) => YearState::Value,
                Actual::NotMeasurable => YearState::NotMeasurable,
                Actual::NotApplicable => YearState::NotApplicable,
                Actual::NotReported => YearState::NotReported,
            },
            None if self.years.contains(&year) => YearState::NotReported,
            None => YearState::NotYet,
        }
    }

    /// The KPIs (not 数値目標) listed under a goal, in order, each once.
    pub fn goal_kpis(&self, goal: &Goal) -> Vec<KpiIx> {
        let mut kpis = Vec::new();
        for_each_entry(&goal.measures, &mut |entry| {
            for &k in &entry.kpis {
                if !kpis.contains(&k) {
                    kpis.push(k);
                }
            }
        });
        kpis
    }
}

/// Visits every project listing under some measures, depth first, in order.
pub fn for_each_entry<'a>(measures: &'a [Measure], visit: &mut impl FnMut(&'a ProjectEntry)) {
    for measure in measures {
        measure.entries.iter().for_each(&mut *visit);
        for_each_entry(&measure.measures, visit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(s: &str) -> Figure {
        Figure::parse(s).unwrap()
    }

    #[test]
    fn yearly_target_per_year_and_stated() {
        let target = Target::Yearly {
            values: [(2021, fig("36.0")), (2025, fig("40.0"))].into(),
            stated: fig("40.0"),
        };
        assert_eq!(target.for_year(2021), Some(fig("36.0")));
        assert_eq!(target.for_year(2022), None);
        assert_eq!(target.stated(), Some(fig("40.0")));
    }

    #[test]
    fn each_year_and_threshold_targets_apply_within_their_years() {
        let target = Target::EachYear {
            value: fig("1"),
            stated: fig("1"),
            from: 2022,
            to: 2025,
        };
        assert_eq!(target.for_year(2021), None);
        assert_eq!(target.for_year(2022), Some(fig("1")));
        assert_eq!(target.for_year(2025), Some(fig("1")));
        let threshold = Target::Threshold {
            value: fig("30"),
            comparison: Comparison::AtLeast,
            from: 2021,
            to: 2025,
        };
        assert_eq!(threshold.for_year(2023), Some(fig("30")));
    }

    #[test]
    fn final_and_period_targets_show_once() {
        let target = Target::Final {
            value: fig("6,300"),
            year: 2025,
        };
        assert_eq!(target.for_year(2024), None);
        assert_eq!(target.for_year(2025), Some(fig("6300")));
        let period = Target::Period {
            value: fig("△5.13"),
            label: "令和2年～令和7年".into(),
            year: 2025,
        };
        assert_eq!(period.for_year(2025), None);
        assert_eq!(period.stated(), Some(fig("-5.13")));
    }

    #[test]
    fn cumulative_target_runs_up_year_by_year() {
        let target = Target::Cumulative {
            total: fig("15"),
            values: (2021..=2025).map(|y| (y, fig("3"))).collect(),
            from: 2021,
            to: 2025,
            running_total: false,
        };
        assert_eq!(target.for_year(2022), Some(fig("3")));
        assert_eq!(target.cumulative_for_year(2022), Some(fig("6")));
        assert_eq!(target.cumulative_for_year(2025), Some(fig("15")));
        assert_eq!(target.stated(), Some(fig("15")));
    }

    #[test]
    fn target_none_is_not_counted() {
        assert_eq!(Target::None { note: None }.stated(), None);
        assert_eq!(Target::None { note: None }.for_year(2022), None);
    }
}

//! A fiscal year at a glance: every KPI and 数値目標 of the year in one table, grouped by goal,
//! and what changed since the previous year.

use serde::Serialize;

use super::kpi::{YearRow, year_row};
use super::verdict::{self, Cell, Headline};
use super::{goal_href, kpi_href};
use crate::era::FiscalYear;
use crate::evaluate::{Evaluation, Scope, evaluate};
use crate::figure::Figure;
use crate::locale::Locale;
use crate::model::{City, Kpi, KpiIx, KpiKind};
use crate::terms::Direction;

/// Every KPI and 数値目標 of one fiscal year.
#[derive(Debug, Serialize)]
pub struct YearTable {
    pub year: FiscalYear,
    pub previous_year: FiscalYear,
    /// The verdict column: the headline axis (with who decided it) or 評価（自動算出）; none when
    /// the government neither publishes a headline verdict nor adopted a computed scheme.
    pub verdict: Option<String>,
    pub groups: Vec<YearGroup>,
    /// What changed since the previous fiscal year, by kind of change; empty lists left out.
    pub changes: Vec<ChangeList>,
    /// The computed scheme's rule in words, when the verdict column shows computed grades (said
    /// once here, for the KPIs whose own table the report leaves out).
    pub computed_rule: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct YearGroup {
    /// Position among the goals that have KPIs, from 0 (for the table's filter).
    pub index: usize,
    pub heading: String,
    pub href: String,
    pub lines: Vec<YearLine>,
}

/// One KPI in the year's table.
#[derive(Debug, Serialize)]
pub struct YearLine {
    pub name: String,
    pub href: String,
    pub indicator: bool,
    pub unit: String,
    pub row: YearRow,
    /// 達成率 as a number, for sorting (mieruka's, or the report's own when it prints one).
    pub rate_value: Option<f64>,
    pub verdict: Option<Cell>,
    pub change: Option<Change>,
}

/// A KPI's figure against the previous fiscal year's.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub previous_year: FiscalYear,
    pub previous: Figure,
    pub current: Figure,
    /// The difference as shown (`+5`, `△8.0`, `±0`) and its unit: the KPI's (`人`), or
    /// ポイント for a KPI in %.
    pub delta: String,
    pub delta_unit: String,
    /// 改善, 悪化 or 横ばい, by the KPI's direction.
    pub trend: String,
    /// 目標値に到達 or 目標値に未到達, when that changed since the previous year.
    pub target: Option<String>,
    /// Better (`Greater`), worse or the same, by the KPI's direction.
    #[serde(skip)]
    better: std::cmp::Ordering,
    /// Whether the target was newly reached (`true`) or newly missed.
    #[serde(skip)]
    reached: Option<bool>,
}

/// KPIs that changed the same way since the previous year.
#[derive(Debug, Serialize)]
pub struct ChangeList {
    pub title: String,
    pub items: Vec<ChangeItem>,
}

#[derive(Debug, Serialize)]
pub struct ChangeItem {
    pub name: String,
    pub href: String,
    pub unit: String,
    pub change: Change,
}

impl YearTable {
    pub fn new(city: &City, year: FiscalYear, t: &Locale) -> Self {
        let headline = Headline::of(city);
        let scope = Scope::of(city);
        let groups: Vec<YearGroup> = city
            .goals
            .iter()
            .map(|goal| {
                let mut kpis: Vec<KpiIx> = goal.indicators.clone();
                kpis.extend(city.goal_kpis(goal));
                (goal, kpis)
            })
            .filter(|(_, kpis)| !kpis.is_empty())
            .enumerate()
            .map(|(index, (goal, kpis))| YearGroup {
                index,
                heading: goal.heading(),
                href: goal_href(city, goal),
                lines: kpis
                    .into_iter()
                    .map(|ix| {
                        let kpi = &city.kpis[ix];
                        let evaluation = evaluate(kpi, year, &scope);
                        let columns = verdict::columns(city, kpi, t);
                        let row = year_row(city, kpi, year, &columns, &mut Vec::new(), t);
                        YearLine {
                            name: kpi.name.clone(),
                            href: kpi_href(city, kpi),
                            indicator: kpi.kind == KpiKind::Indicator,
                            unit: kpi.unit.clone(),
                            rate_value: kpi
                                .years
                                .get(&year)
                                .and_then(|y| y.published_rate)
                                .map(Figure::to_f64)
                                .or(evaluation.rate),
                            row,
                            verdict: headline
                                .as_ref()
                                .and_then(|h| h.cell(city, kpi, year, &evaluation)),
                            change: change(kpi, year, &scope, &evaluation, t),
                        }
                    })
                    .collect(),
            })
            .collect();
        let list = |title: &str, keep: &dyn Fn(&Change) -> bool| ChangeList {
            title: t.text(title).to_string(),
            items: groups
                .iter()
                .flat_map(|g| &g.lines)
                // A KPI listed under several goals (再掲) is one change.
                .filter({
                    let mut seen = std::collections::HashSet::new();
                    move |line| seen.insert(line.href.as_str())
                })
                .filter_map(|line| {
                    let change = line.change.as_ref().filter(|c| keep(c))?;
                    Some(ChangeItem {
                        name: line.name.clone(),
                        href: line.href.clone(),
                        unit: line.unit.clone(),
                        change: change.clone(),
                    })
                })
                .collect(),
        };
        let changes = [
            list("change.newly_reached", &|c| c.reached == Some(true)),
            list("change.newly_missed", &|c| c.reached == Some(false)),
            list("change.improved_list", &|c| {
                c.reached.is_none() && c.better == std::cmp::Ordering::Greater
            }),
            list("change.worsened_list", &|c| {
                c.reached.is_none() && c.better == std::cmp::Ordering::Less
            }),
        ]
        .into_iter()
        .filter(|l| !l.items.is_empty())
        .collect();
        let computed = groups
            .iter()
            .flat_map(|g| &g.lines)
            .any(|l| l.verdict.as_ref().is_some_and(|c| c.computed));
        YearTable {
            computed_rule: computed.then(|| verdict::computed_rule(city, t)).flatten(),
            year,
            previous_year: year.saturating_sub(1),
            verdict: headline.map(|h| h.title(t)),
            groups,
            changes,
        }
    }
}

/// The change from the previous fiscal year's figure, when both years have a plain figure.
/// `evaluation` is the KPI's in `year`; the previous year's is worked out here.
fn change(
    kpi: &Kpi,
    year: FiscalYear,
    scope: &Scope,
    evaluation: &Evaluation,
    t: &Locale,
) -> Option<Change> {
    let previous_year = year.checked_sub(1)?;
    let plain = |y: FiscalYear| {
        let entry = kpi.years.get(&y)?;
        // A figure written with a bound (93%超) has no exact difference.
        let bounded = entry.written.as_ref().is_some_and(|q| q.bound.is_some());
        entry.actual.value().filter(|_| !bounded)
    };
    let (previous, current) = (plain(previous_year)?, plain(year)?);
    let difference = current.checked_sub(previous)?;
    let better = match kpi.direction {
        Direction::Higher => current.value_cmp(previous),
        Direction::Lower => previous.value_cmp(current),
    };
    let reached = match (evaluate(kpi, previous_year, scope).met, evaluation.met) {
        (Some(false), Some(true)) => Some(true),
        (Some(true), Some(false)) => Some(false),
        _ => None,
    };
    Some(Change {
        previous_year,
        previous,
        current,
        delta: if difference.is_zero() {
            "±0".to_string()
        } else if difference.is_negative() {
            t.number(&difference.display())
        } else {
            format!("+{}", difference.display())
        },
        // A difference of percentages is in points, not in percent of the figure.
        delta_unit: if kpi.unit == "%" {
            t.text("change.points").to_string()
        } else {
            kpi.unit.clone()
        },
        trend: t
            .text(match better {
                std::cmp::Ordering::Greater => "change.improved",
                std::cmp::Ordering::Less => "change.worsened",
                std::cmp::Ordering::Equal => "change.held",
            })
            .to_string(),
        target: reached.map(|r| {
            t.text(if r { "change.reached" } else { "change.missed" })
                .to_string()
        }),
        better,
        reached,
    })
}

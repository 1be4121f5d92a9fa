//! `evaluate`: how a KPI did in a fiscal year — the target that applied, the achievement rate
//! (達成率), progress from the baseline and the grade. Pure functions over the model.
//!
//! The rules, in words (the README repeats them for staff):
//! - The target that applies: the year's value (`yearly`), the same value each year (`each_year`,
//!   `threshold`), or the running total of the yearly portions (`cumulative`). A target that names
//!   no value for the years before its own (`final`, `period`, a `cumulative` total without
//!   portions) applies to every year: the city set nothing else to measure against. `none`:
//!   tracked, never graded.
//! - 達成率: actual ÷ target when more is better, target ÷ actual when less is better. Where that
//!   ratio means nothing (a target of 0, negative values such as a population change), a met target
//!   counts as 100%, and an unmet one as its progress from the baseline toward the target.
//! - Progress (進捗率): (actual − baseline) ÷ (final target − baseline).
//!
//! Grades are computed only under a scheme the government adopted (`Scope::grading`); what a
//! government published is kept in the model as it was published and never changed here.

mod grade;

pub use grade::rule_words;

use serde::Serialize;

use crate::era::FiscalYear;
use crate::figure::Figure;
use crate::model::{City, Kpi, Target};
use crate::terms::{Comparison, Direction, Grading, Outcome, Status, Trend};

/// What evaluation needs beyond the KPI: the computed grading, if the government adopted one,
/// and the strategy period (for the pro-rata rule).
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub grading: Option<&'a Grading>,
    pub from: FiscalYear,
    pub to: FiscalYear,
}

impl<'a> Scope<'a> {
    /// A city's grading and strategy period.
    pub fn of(city: &'a City) -> Self {
        Scope {
            grading: city.grading.as_ref(),
            from: city.strategy.from,
            to: city.strategy.to,
        }
    }
}

/// How a KPI did in one fiscal year, by arithmetic on the published figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub year: FiscalYear,
    /// The target that applies this year (a running total for a cumulative target).
    pub target: Option<Figure>,
    /// The actual compared with it (a running total for a cumulative target).
    pub actual: Option<Figure>,
    pub provisional: bool,
    /// Whether the actual meets this year's target, when that is certain (an actual equal to a
    /// 超 or 未満 bound does not).
    pub met: Option<bool>,
    /// 達成率 in percent: actual ÷ target (target ÷ actual when less is better), or 100 for a met
    /// target where that ratio means nothing (a target of 0, negative values).
    pub rate: Option<f64>,
    /// Where the ratio means nothing and the target is not met: progress from the baseline
    /// toward this year's target, in percent, shown instead of a 達成率 and said to be so.
    pub progress_to_target: Option<f64>,
    /// Progress from the baseline toward the final target, in percent.
    pub progress: Option<f64>,
    pub trend: Option<Trend>,
    /// This year's interim benchmark (目安値), and the progress toward it from the baseline.
    pub benchmark: Option<Figure>,
    pub benchmark_progress: Option<f64>,
    /// The share of the pro-rata expected value reached (see `Basis::ProRata`), in percent.
    pub pro_rata: Option<f64>,
    /// The grade of the computed scheme, only when the government adopted one.
    pub grade: Option<Grade>,
    /// Why the computed scheme gave no grade.
    pub not_graded: Option<NotGraded>,
}

/// A grade computed by a scheme: always shown as computed, with the scheme's rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// Position in the scheme's list, 0 = best.
    pub index: usize,
    pub symbol: String,
    pub label: String,
    pub outcome: Outcome,
}

/// Why a KPI-year has no grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotGraded {
    /// 実績値の管理とする: the KPI has no target at all.
    NoTarget,
    /// The target does not apply in this year (e.g. a final-year target).
    NoTargetThisYear,
    /// No figure this year (not measurable, not applicable, not reported).
    NoActual,
    /// The scheme's basis cannot be computed (e.g. a trend without a baseline).
    NoBasis,
}

impl NotGraded {
    /// Every reason, in the order the legend lists them.
    pub const ALL: [NotGraded; 4] = [
        NotGraded::NoTarget,
        NotGraded::NoTargetThisYear,
        NotGraded::NoActual,
        NotGraded::NoBasis,
    ];

    /// The code used in open data.
    pub fn code(self) -> &'static str {
        match self {
            NotGraded::NoTarget => "no_target",
            NotGraded::NoTargetThisYear => "no_target_this_year",
            NotGraded::NoActual => "no_actual",
            NotGraded::NoBasis => "no_basis",
        }
    }

    /// The reason in words.
    pub fn ja(self) -> &'static str {
        match self {
            NotGraded::NoTarget => "評価対象外（目標値なし）",
            NotGraded::NoTargetThisYear => "評価対象外（この年度の目標値なし）",
            NotGraded::NoActual => "評価対象外（実績値なし）",
            NotGraded::NoBasis => "評価対象外（比較できる値なし）",
        }
    }
}

/// Evaluates a KPI in one fiscal year; grades it only under a scheme the government adopted.
pub fn evaluate(kpi: &Kpi, year: FiscalYear, scope: &Scope) -> Evaluation {
    let entry = kpi.years.get(&year);
    let baseline = comparable_baseline(kpi);
    // Before a revision, the year is measured against the target then in force.
    let (in_force, _) = kpi.target_in_force(year);
    // A target in words (増加, 延伸) is compared with the baseline.
    let target = in_force.applicable(year).or_else(|| {
        in_force
            .compares_with_baseline(year)
            .then_some(baseline)
            .flatten()
    });
    let actual = compared_actual(kpi, year);
    let comparison = in_force.comparison(kpi.direction);
    // An actual written with a bound (`93%超`) is not an exact figure: no ratio is computed.
    let actual_bound = entry.and_then(|e| e.written.as_ref()).and_then(|q| q.bound);
    let exact = actual_bound.is_none() && in_force.word().is_none();
    let met = match (actual, target) {
        (Some(a), Some(t)) => bounded_meets(a, actual_bound, t, kpi.direction, comparison),
        _ => None,
    };
    let (rate, progress_to_target) = match (actual, target) {
        (Some(a), Some(t)) if exact => rates(a, t, baseline, kpi.direction, comparison),
        _ => (None, None),
    };
    let progress = actual
        .filter(|_| exact)
        .and_then(|a| progress(a, kpi, in_force));
    // A one-year baseline says nothing about a running total.
    let trend = match (actual, baseline) {
        (Some(a), Some(b)) if !in_force.is_cumulative() && actual_bound.is_none() => {
            Some(trend(a, b, kpi.direction))
        }
        _ => None,
    };
    let benchmark = kpi
        .benchmark
        .as_ref()
        .and_then(|b| b.values.get(&year).copied());
    let benchmark_met = match (actual, benchmark) {
        (Some(a), Some(b)) => bounded_meets(a, actual_bound, b, kpi.direction, comparison),
        _ => None,
    };
    let benchmark_progress = match (actual, benchmark, baseline) {
        (Some(a), Some(m), Some(b)) if exact => share(a, b, m),
        _ => None,
    };
    let pro_rata = actual
        .filter(|_| exact)
        .and_then(|a| pro_rata(a, kpi, in_force, year, scope));
    let mut evaluation = Evaluation {
        year,
        target,
        actual,
        provisional: entry.and_then(|e| e.status) == Some(Status::Provisional),
        met,
        rate,
        progress_to_target,
        progress,
        trend,
        benchmark,
        benchmark_progress,
        pro_rata,
        grade: None,
        not_graded: None,
    };
    let Some(grading) = scope.grading else {
        return evaluation;
    };
    let graded = if !in_force.is_set() || target.is_none() || actual.is_none() {
        None
    } else if !exact {
        by_outcome(grading, met, in_force.word().is_some())
    } else {
        grade::grade_index(
            grading,
            &grade::Measures {
                rate: rate.or(progress_to_target),
                met,
                progress,
                trend,
                benchmark: benchmark_progress.zip(benchmark_met),
                pro_rata,
            },
        )
    };
    match graded {
        Some(index) => {
            let def = &grading.grades[index];
            evaluation.grade = Some(Grade {
                index,
                symbol: def.symbol.clone(),
                label: def.label.clone(),
                outcome: def.outcome,
            });
        }
        None => {
            evaluation.not_graded = Some(if !in_force.is_set() {
                NotGraded::NoTarget
            } else if actual.is_none() {
                NotGraded::NoActual
            } else if target.is_none() {
                NotGraded::NoTargetThisYear
            } else {
                NotGraded::NoBasis
            });
        }
    }
    evaluation
}

/// Whether the actual meets the target, when that is certain: an actual written with a bound
/// (`93%超`) meets a target only if every value the bound allows does, and misses it only if none
/// does.
fn bounded_meets(
    actual: Figure,
    bound: Option<Comparison>,
    target: Figure,
    direction: Direction,
    comparison: Option<Comparison>,
) -> Option<bool> {
    let Some(bound) = bound else {
        return Some(meets(actual, target, direction, comparison));
    };
    let wanted = comparison.unwrap_or(match direction {
        Direction::Higher => Comparison::AtLeast,
        Direction::Lower => Comparison::AtMost,
    });
    let order = actual.value_cmp(target);
    // The actual lies strictly above (more_than) or below (less_than) its figure, or may equal it.
    let above = matches!(bound, Comparison::AtLeast | Comparison::MoreThan);
    let strict = matches!(bound, Comparison::MoreThan | Comparison::LessThan);
    let wants_above = matches!(wanted, Comparison::AtLeast | Comparison::MoreThan);
    let wants_strict = matches!(wanted, Comparison::MoreThan | Comparison::LessThan);
    use std::cmp::Ordering::{Equal, Greater, Less};
    match (above, wants_above, order) {
        // Everything above the actual's figure is above the target.
        (true, true, Greater) => Some(true),
        (true, true, Equal) => (strict || !wants_strict).then_some(true),
        (false, false, Less) => Some(true),
        (false, false, Equal) => (strict || !wants_strict).then_some(true),
        // Everything below the actual's figure misses a target above it.
        (false, true, Less) => Some(false),
        (false, true, Equal) => (strict || wants_strict).then_some(false),
        (true, false, Greater) => Some(false),
        (true, false, Equal) => (strict || wants_strict).then_some(false),
        (true, true, Less)
        | (false, false, Greater)
        | (false, true, Greater)
        | (true, false, Less) => None,
    }
}

/// The grade by met or not alone, where no rate can be computed: the best grade that counts as
/// met, or (for a target in words, which has no degrees) the last grade.
fn by_outcome(grading: &Grading, met: Option<bool>, word: bool) -> Option<usize> {
    match met? {
        true => grading
            .grades
            .iter()
            .position(|g| g.outcome == Outcome::Met),
        false if word => grading.grades.len().checked_sub(1),
        false => None,
    }
}

/// The actual compared with the target: a running total for a cumulative target.
fn compared_actual(kpi: &Kpi, year: FiscalYear) -> Option<Figure> {
    let value = kpi.years.get(&year)?.actual.value()?;
    if kpi.target.is_cumulative() {
        return kpi.cumulative_actual(year).or(Some(value));
    }
    Some(value)
}

/// The baseline, when it measures the same thing as the actuals (same unit, not a cumulative KPI).
fn comparable_baseline(kpi: &Kpi) -> Option<Figure> {
    let baseline = kpi.baseline.as_ref()?;
    if baseline.unit.is_some() || kpi.target.is_cumulative() {
        return None;
    }
    baseline.value
}

/// 達成率 in percent, or, where the ratio means nothing and the target is not met, the progress
/// from the baseline toward the target instead (see the module documentation for the rules).
pub fn rates(
    actual: Figure,
    target: Figure,
    baseline: Option<Figure>,
    direction: Direction,
    comparison: Option<Comparison>,
) -> (Option<f64>, Option<f64>) {
    let (a, t) = (actual.to_f64(), target.to_f64());
    let ratio = match direction {
        Direction::Higher if t > 0.0 && a >= 0.0 => Some(a / t * 100.0),
        Direction::Lower if t > 0.0 && a > 0.0 => Some(t / a * 100.0),
        Direction::Lower if t >= 0.0 && a == 0.0 => Some(100.0),
        Direction::Higher | Direction::Lower => None,
    };
    match ratio {
        Some(r) => (Some(round1(r)), None),
        None if meets(actual, target, direction, comparison) => (Some(100.0), None),
        None => (None, baseline.and_then(|b| share(actual, b, target))),
    }
}

/// How far the actual has come from the baseline toward `goal`, in percent; none when the goal
/// is the baseline itself.
fn share(actual: Figure, baseline: Figure, goal: Figure) -> Option<f64> {
    let (a, b, g) = (actual.to_f64(), baseline.to_f64(), goal.to_f64());
    ((g - b).abs() > f64::EPSILON).then(|| round1((a - b) / (g - b) * 100.0))
}

/// Whether the actual meets the target: by a threshold's own comparison, otherwise at least
/// (or, when less is better, at most) the target.
pub fn meets(
    actual: Figure,
    target: Figure,
    direction: Direction,
    comparison: Option<Comparison>,
) -> bool {
    let order = actual.value_cmp(target);
    match comparison {
        Some(Comparison::AtLeast) => order.is_ge(),
        Some(Comparison::MoreThan) => order.is_gt(),
        Some(Comparison::AtMost) => order.is_le(),
        Some(Comparison::LessThan) => order.is_lt(),
        None => match direction {
            Direction::Higher => order.is_ge(),
            Direction::Lower => order.is_le(),
        },
    }
}

/// Progress from the baseline toward the final target, in percent; for a cumulative target, the
/// share of the total reached.
fn progress(actual: Figure, kpi: &Kpi, target: &Target) -> Option<f64> {
    let last = target.stated()?;
    if target.is_cumulative() {
        return (last.to_f64() > 0.0).then(|| share(actual, Figure::ZERO, last))?;
    }
    share(actual, comparable_baseline(kpi)?, last)
}

/// The share reached of the pro-rata expected value: in year n of an N-year period, the
/// baseline plus n/N of the way to the final target (from zero for a cumulative total).
fn pro_rata(
    actual: Figure,
    kpi: &Kpi,
    target: &Target,
    year: FiscalYear,
    scope: &Scope,
) -> Option<f64> {
    if !(scope.from..=scope.to).contains(&year) {
        return None;
    }
    let final_target = target.stated()?.to_f64();
    let base = if target.is_cumulative() {
        0.0
    } else {
        comparable_baseline(kpi)?.to_f64()
    };
    let n = f64::from(year - scope.from + 1);
    let total = f64::from(scope.to - scope.from + 1);
    let expected_gain = (final_target - base) * n / total;
    (expected_gain.abs() > f64::EPSILON)
        .then(|| round1((actual.to_f64() - base) / expected_gain * 100.0))
}

fn trend(actual: Figure, baseline: Figure, direction: Direction) -> Trend {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match (actual.value_cmp(baseline), direction) {
        (Equal, _) => Trend::Held,
        (Greater, Direction::Higher) | (Less, Direction::Lower) => Trend::Improved,
        (Greater, Direction::Lower) | (Less, Direction::Higher) => Trend::Worsened,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Baseline, KpiKind, KpiYear, Target};
    use crate::terms::Actual;

    fn fig(s: &str) -> Figure {
        Figure::parse(s).unwrap()
    }

    fn kpi(
        target: Target,
        direction: Direction,
        baseline: Option<&str>,
        years: &[(FiscalYear, Actual, Option<Status>)],
    ) -> Kpi {
        Kpi {
            id: "k".into(),
            kind: KpiKind::Kpi,
            name: "k".into(),
            name_en: None,
            unit: String::new(),
            direction,
            baseline: baseline.map(|b| Baseline {
                value: Some(fig(b)),
                as_of: None,
                unit: None,
            }),
            target,
            target_text: Default::default(),
            note: None,
            goal: 0,
            project: None,
            also_projects: vec![],
            facts: Default::default(),
            breakdown: vec![],
            reference: vec![],
            revisions: vec![],
            continues: None,
            continued_by: None,
            benchmark: None,
            years: years
                .iter()
                .map(|&(y, actual, status)| {
                    (
                        y,
                        KpiYear {
                            actual,
                            written: None,
                            as_of: None,
                            breakdown: Default::default(),
                            summed: false,
                            status,
                            note: None,
                            parts: vec![],
                            commentary: None,
                            verdicts: vec![],
                            published_rate: None,
                            facts: Default::default(),
                            texts: Default::default(),
                        },
                    )
                })
                .collect(),
        }
    }

    fn scope(grading: &Grading) -> Scope<'_> {
        Scope {
            grading: Some(grading),
            from: 2020,
            to: 2025,
        }
    }

    /// Evaluated under the A/B/C/D preset.
    fn graded(k: &Kpi, year: FiscalYear) -> Evaluation {
        evaluate(k, year, &scope(&Grading::preset("abcd").unwrap()))
    }

    fn value(s: &str) -> Actual {
        Actual::Value(fig(s))
    }

    fn yearly(pairs: &[(FiscalYear, &str)]) -> Target {
        let values: BTreeMap<_, _> = pairs.iter().map(|&(y, v)| (y, fig(v))).collect();
        let stated = *values.values().next_back().unwrap();
        Target::Yearly {
            values,
            stated,
            bound: None,
        }
    }

    fn symbol(e: &Evaluation) -> Option<&str> {
        e.grade.as_ref().map(|g| g.symbol.as_str())
    }

    #[test]
    fn yearly_target_higher_is_better() {
        // 砂川高校からの市内企業就職率 2022: 25.0 against 37.0.
        let k = kpi(
            yearly(&[(2021, "36.0"), (2022, "37.0"), (2025, "40.0")]),
            Direction::Higher,
            Some("36.7"),
            &[(2022, value("25.0"), None)],
        );
        let e = graded(&k, 2022);
        assert_eq!(e.target, Some(fig("37.0")));
        assert_eq!(e.rate, Some(67.6));
        assert_eq!(symbol(&e), Some("C"));
        assert_eq!(e.trend, Some(Trend::Worsened));
        // (25.0 − 36.7) ÷ (40.0 − 36.7)
        assert_eq!(e.progress, Some(-354.5));
    }

    #[test]
    fn zero_against_zero_is_met_without_dividing() {
        // 学童保育所待機児童数: 0 against 0, fewer is better.
        let k = kpi(
            Target::EachYear {
                value: fig("0"),
                stated: fig("0"),
                from: 2021,
                to: 2025,
                bound: None,
            },
            Direction::Lower,
            Some("0"),
            &[(2022, value("0"), None)],
        );
        let e = graded(&k, 2022);
        assert_eq!(e.rate, Some(100.0));
        assert_eq!(symbol(&e), Some("A"));
        assert_eq!(e.progress, None, "0→0 has no way to progress");
        assert_eq!(e.trend, Some(Trend::Held));
    }

    #[test]
    fn lower_is_better_toward_zero_grades_by_progress() {
        // 江別 待機児童数 2022: 61 against a final target of 0 from a baseline of 96.
        let k = kpi(
            Target::EachYear {
                value: fig("0"),
                stated: fig("0"),
                from: 2020,
                to: 2024,
                bound: None,
            },
            Direction::Lower,
            Some("96"),
            &[(2022, value("61"), None)],
        );
        let e = graded(&k, 2022);
        // 0 ÷ 61 means nothing: no 達成率, the progress toward the target instead.
        assert_eq!((e.rate, e.progress_to_target), (None, Some(36.5)));
        assert_eq!(e.progress, Some(36.5));
        assert_eq!(symbol(&e), Some("D"));
        assert_eq!(e.trend, Some(Trend::Improved));
        let lower_ratio = kpi(
            Target::EachYear {
                value: fig("50"),
                stated: fig("50"),
                from: 2020,
                to: 2024,
                bound: None,
            },
            Direction::Lower,
            None,
            &[(2022, value("60"), None)],
        );
        assert_eq!(graded(&lower_ratio, 2022).rate, Some(83.3));
    }

    #[test]
    fn final_target_applies_to_every_year() {
        // 江別 待機児童数: only 目標値 (R6年度) 0 is set, so 2022's 61 is measured against it.
        let k = kpi(
            Target::Final {
                value: fig("0"),
                year: 2024,
                bound: None,
            },
            Direction::Lower,
            Some("96"),
            &[(2022, value("61"), None), (2024, value("0"), None)],
        );
        let e = graded(&k, 2022);
        assert_eq!(e.target, Some(fig("0")));
        assert_eq!(
            (e.rate, e.progress_to_target, e.progress),
            (None, Some(36.5), Some(36.5))
        );
        assert_eq!(symbol(&e), Some("D"));
        assert_eq!(symbol(&graded(&k, 2024)), Some("A"));
    }

    #[test]
    fn a_revised_target_grades_each_year_by_the_target_then_in_force() {
        // 平成30年3月改訂: 10,000 → 13,000 from 平成30年度.
        let final_target = |value| Target::Final {
            value: fig(value),
            year: 2019,
            bound: None,
        };
        let mut k = kpi(
            final_target("13000"),
            Direction::Higher,
            Some("8000"),
            &[(2016, value("9500"), None), (2018, value("11700"), None)],
        );
        k.revisions = vec![crate::model::Revision {
            revised: "平成30年3月".into(),
            from: 2018,
            before: crate::model::KpiBefore {
                name: None,
                target: Some((final_target("10000"), Default::default())),
            },
            note: None,
        }];
        let before = graded(&k, 2016);
        assert_eq!(
            (before.target, before.rate),
            (Some(fig("10000")), Some(95.0))
        );
        // Progress runs toward the final target then in force: (9500 − 8000) ÷ (10000 − 8000).
        assert_eq!(before.progress, Some(75.0));
        let after = graded(&k, 2018);
        assert_eq!((after.target, after.rate), (Some(fig("13000")), Some(90.0)));
        assert_eq!(after.progress, Some(74.0));
        assert_eq!(k.revision_of_target(2017).map(|r| r.from), Some(2018));
        assert!(k.revision_of_target(2018).is_none());
    }

    #[test]
    fn period_target_with_negative_values() {
        // 人口増減率: △8.38 against △5.13 (the only target, so every year's) from △7.04.
        let target = Target::Period {
            value: fig("△5.13"),
            label: "令和2年～令和7年".into(),
            year: 2025,
        };
        let k = kpi(
            target,
            Direction::Higher,
            Some("△7.04"),
            &[(2022, value("△8.38"), None), (2025, value("△8.38"), None)],
        );
        let e = graded(&k, 2022);
        assert_eq!(e.target, Some(fig("△5.13")));
        assert_eq!(e.trend, Some(Trend::Worsened));
        assert_eq!(e.progress, Some(-70.2));
        assert_eq!(
            (e.rate, e.progress_to_target),
            (None, Some(-70.2)),
            "no ratio of negatives, and never a negative 達成率: progress instead"
        );
        assert_eq!(symbol(&e), Some("D"));
        let met = kpi(
            Target::Period {
                value: fig("△5.13"),
                label: String::new(),
                year: 2025,
            },
            Direction::Higher,
            Some("△7.04"),
            &[(2025, value("△4.00"), None)],
        );
        assert_eq!(graded(&met, 2025).rate, Some(100.0));
    }

    #[test]
    fn cumulative_target_runs_up() {
        // 施設新設等を行った企業の新規雇用者数: 0 of 3 a year, 15 in 5 years.
        let target = Target::Cumulative {
            total: fig("15"),
            values: (2021..=2025).map(|y| (y, fig("3"))).collect(),
            from: 2021,
            to: 2025,
            running_total: false,
            values_running_total: false,
        };
        let k = kpi(
            target,
            Direction::Higher,
            Some("0"),
            &[(2021, value("0"), None), (2022, value("0"), None)],
        );
        let e = graded(&k, 2022);
        assert_eq!((e.target, e.actual), (Some(fig("6")), Some(fig("0"))));
        assert_eq!((e.rate, e.progress), (Some(0.0), Some(0.0)));
        assert_eq!(symbol(&e), Some("D"));
        assert_eq!(
            e.trend, None,
            "a one-year baseline says nothing about a running total"
        );
        // Without yearly portions the total is the target of every year.
        let total_only = Target::Cumulative {
            total: fig("5"),
            values: BTreeMap::new(),
            from: 2020,
            to: 2024,
            running_total: true,
            values_running_total: false,
        };
        let k = kpi(
            total_only,
            Direction::Higher,
            None,
            &[(2022, value("9"), None)],
        );
        let e = graded(&k, 2022);
        assert_eq!((e.target, e.progress), (Some(fig("5")), Some(180.0)));
        assert_eq!(symbol(&e), Some("A"));
    }

    #[test]
    fn threshold_targets_compare_as_written() {
        let at_least = |comparison| Target::Threshold {
            value: fig("30"),
            comparison,
            from: 2021,
            to: 2025,
        };
        let met = |comparison, actual| {
            meets(
                fig(actual),
                fig("30"),
                Direction::Higher,
                at_least(comparison).comparison(Direction::Higher),
            )
        };
        assert!(met(Comparison::AtLeast, "30.0"));
        assert!(!met(Comparison::MoreThan, "30.0"));
        assert!(met(Comparison::AtMost, "30"));
        assert!(met(Comparison::LessThan, "29.9"));
        let k = kpi(
            at_least(Comparison::AtLeast),
            Direction::Higher,
            None,
            &[(2022, value("31"), None)],
        );
        assert_eq!(symbol(&graded(&k, 2022)), Some("A"));
    }

    #[test]
    fn states_without_a_value_and_kpis_without_a_target_are_not_graded() {
        let target = yearly(&[(2022, "10")]);
        for state in [
            Actual::NotMeasurable,
            Actual::NotApplicable,
            Actual::NotReported,
        ] {
            let k = kpi(
                target.clone(),
                Direction::Higher,
                None,
                &[(2022, state, None)],
            );
            let e = graded(&k, 2022);
            assert_eq!(
                (e.grade.clone(), e.not_graded),
                (None, Some(NotGraded::NoActual)),
                "{state:?}"
            );
        }
        // 農作業受託面積: tracked without a target.
        let k = kpi(
            Target::None { note: None },
            Direction::Higher,
            Some("0"),
            &[(2022, value("0"), None)],
        );
        let e = graded(&k, 2022);
        assert_eq!(e.not_graded, Some(NotGraded::NoTarget));
        assert_eq!(e.actual, Some(fig("0")));
    }

    #[test]
    fn provisional_values_are_graded_and_marked() {
        // 国保特定健診受診率: 46.7 (暫定値) against 60.0.
        let k = kpi(
            yearly(&[(2022, "60.0")]),
            Direction::Higher,
            Some("54.7"),
            &[(2022, value("46.7"), Some(Status::Provisional))],
        );
        let e = graded(&k, 2022);
        assert!(e.provisional);
        assert_eq!((e.rate, symbol(&e)), (Some(77.8), Some("C")));
    }

    #[test]
    fn every_preset_grades_the_same_kpi_its_own_way() {
        let k = kpi(
            yearly(&[(2022, "100")]),
            Direction::Higher,
            Some("90"),
            &[(2022, value("85"), None)],
        );
        let grades: Vec<(&str, String, Outcome)> = Grading::preset_names()
            .into_iter()
            .map(|name| {
                let g = evaluate(&k, 2022, &scope(&Grading::preset(name).unwrap()))
                    .grade
                    .unwrap();
                (name, g.symbol, g.outcome)
            })
            .collect();
        assert_eq!(
            grades,
            [
                ("abcd", "B".to_string(), Outcome::NearlyMet),
                ("marks", "○".to_string(), Outcome::NearlyMet),
                ("sabc", "B".to_string(), Outcome::NearlyMet),
                ("trend", "↓".to_string(), Outcome::NotMet),
            ]
        );
    }

    fn scheme(yaml: &str) -> Grading {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn without_a_scheme_nothing_is_graded() {
        let k = kpi(
            yearly(&[(2022, "100")]),
            Direction::Higher,
            None,
            &[(2022, value("50"), None)],
        );
        let none = Scope {
            grading: None,
            from: 2020,
            to: 2025,
        };
        let e = evaluate(&k, 2022, &none);
        assert_eq!((e.rate, e.met), (Some(50.0), Some(false)));
        assert_eq!((e.grade, e.not_graded), (None, None));
    }

    #[test]
    fn an_actual_equal_to_a_strict_bound_is_not_met() {
        // 93 against 93%超: the ratio is 100%, but the target is not met, so not A.
        let k = kpi(
            Target::Threshold {
                value: fig("93"),
                comparison: Comparison::MoreThan,
                from: 2020,
                to: 2025,
            },
            Direction::Higher,
            None,
            &[(2022, value("93"), None), (2023, value("93.1"), None)],
        );
        let e = graded(&k, 2022);
        assert_eq!((e.rate, e.met), (Some(100.0), Some(false)));
        assert_eq!(symbol(&e), Some("B"));
        assert_eq!(symbol(&graded(&k, 2023)), Some("A"));
    }

    #[test]
    fn pro_rata_grades_by_the_share_of_the_expected_value() {
        // 2020–2024, baseline 100, final target 200: in 2022 (year 3 of 5) 160 is expected;
        // 150 reaches 50 of the expected 60 → 83.3% → B (100% and 60% lines).
        let grading = scheme(
            "{name: 達成度, basis: pro_rata, grades: [
              {symbol: A, label: 順調, at_least: 100, outcome: met},
              {symbol: B, label: 概ね順調, at_least: 60, outcome: nearly_met},
              {symbol: C, label: 遅れ, outcome: not_met}]}",
        );
        let k = kpi(
            Target::Final {
                value: fig("200"),
                year: 2024,
                bound: None,
            },
            Direction::Higher,
            Some("100"),
            &[
                (2022, value("150"), None),
                (2023, value("180"), None),
                (2024, value("130"), None),
            ],
        );
        let period = |year| {
            evaluate(
                &k,
                year,
                &Scope {
                    grading: Some(&grading),
                    from: 2020,
                    to: 2024,
                },
            )
        };
        let e = period(2022);
        assert_eq!(e.pro_rata, Some(83.3));
        assert_eq!(symbol(&e), Some("B"));
        // 2023: 80 of the expected 80.
        assert_eq!(
            (period(2023).pro_rata, symbol(&period(2023))),
            (Some(100.0), Some("A"))
        );
        // 2024: 30 of the expected 100.
        assert_eq!(
            (period(2024).pro_rata, symbol(&period(2024))),
            (Some(30.0), Some("C"))
        );
    }

    #[test]
    fn benchmark_met_is_the_top_grade_otherwise_progress_toward_it() {
        // Baseline 1000, 目安値 1300 for 2022: 1240 has come 240 of 300 → 80.0% → B.
        let grading = scheme(
            "{name: 進捗区分, basis: benchmark, grades: [
              {symbol: A, label: 目安値を達成, at_least: 100, outcome: met},
              {symbol: B, label: 目安値の80%以上, at_least: 80, outcome: nearly_met},
              {symbol: C, label: 目安値の80%未満, outcome: not_met}]}",
        );
        let mut k = kpi(
            Target::Final {
                value: fig("1500"),
                year: 2024,
                bound: None,
            },
            Direction::Higher,
            Some("1000"),
            &[
                (2022, value("1240"), None),
                (2023, value("1400"), None),
                (2024, value("1100"), None),
            ],
        );
        k.benchmark = Some(crate::model::Benchmark {
            name: "目安値".into(),
            values: [
                (2022, fig("1300")),
                (2023, fig("1400")),
                (2024, fig("1500")),
            ]
            .into(),
        });
        let s = scope(&grading);
        let e = evaluate(&k, 2022, &s);
        assert_eq!(
            (e.benchmark, e.benchmark_progress),
            (Some(fig("1300")), Some(80.0))
        );
        assert_eq!(symbol(&e), Some("B"));
        // Met exactly: the top grade.
        assert_eq!(symbol(&evaluate(&k, 2023, &s)), Some("A"));
        // 100 of 500 → 20% → C.
        let e = evaluate(&k, 2024, &s);
        assert_eq!((e.benchmark_progress, symbol(&e)), (Some(20.0), Some("C")));
    }
}

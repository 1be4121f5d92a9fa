//! 目標値: the shapes a target takes and the rules each shape follows.
//!
//! Every rule that depends on a target's shape is a method here with an exhaustive `match`, so a
//! new shape is a compile error in each rule until it is decided (see ARCHITECTURE.md).

use std::collections::BTreeMap;

use crate::era::FiscalYear;
use crate::figure::Figure;
use crate::terms::{Comparison, Direction, Shape, Word};

/// 目標値, by shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A target per fiscal year; `stated` is the final target as the report writes it.
    Yearly {
        values: BTreeMap<FiscalYear, Figure>,
        stated: Figure,
        /// 以上/超/以下/未満 as the figures are written (`30%以上`).
        bound: Option<Comparison>,
    },
    /// The same target every year from `from` to `to`; `stated` is the figure as the report's
    /// header writes it (60) when the year columns write it otherwise (60.0).
    EachYear {
        value: Figure,
        stated: Figure,
        from: FiscalYear,
        to: FiscalYear,
        bound: Option<Comparison>,
    },
    /// A final-year target only.
    Final {
        value: Figure,
        year: FiscalYear,
        bound: Option<Comparison>,
    },
    /// A total over the period, with optional yearly portions.
    Cumulative {
        total: Figure,
        values: BTreeMap<FiscalYear, Figure>,
        from: FiscalYear,
        to: FiscalYear,
        /// The yearly actuals are running totals already.
        running_total: bool,
        /// `values` are written as running totals (517, 1,034, … 2,584), not yearly portions.
        values_running_total: bool,
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
    /// A target in words (増加, 延伸, 減少, 維持): the actual compared with the baseline every
    /// year from `from` to `to`.
    Change {
        word: Word,
        from: FiscalYear,
        to: FiscalYear,
    },
    /// 実績値の管理とする: tracked, not targeted.
    None { note: Option<String> },
}

/// A target's figures as the report writes them, where that is more than a plain figure
/// (`30%以上`, `1万7187人超`, `増加`); pages show these instead of the figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetText {
    /// `value:` as written.
    pub value: Option<String>,
    /// The headline target as written.
    pub stated: Option<String>,
    /// `values:` as written, by year.
    pub values: BTreeMap<FiscalYear, String>,
}

impl TargetText {
    /// The text of the target printed in a year's column, when written as more than a figure.
    pub fn for_year(&self, target: &Target, year: FiscalYear) -> Option<&str> {
        self.values.get(&year).map(String::as_str).or_else(|| {
            (target.for_year(year).is_some() || target.compares_with_baseline(year))
                .then_some(self.value.as_deref())
                .flatten()
        })
    }
}

impl TargetText {
    /// The text of the target a year's actual is measured against (see [`Target::applicable`]):
    /// the year's own, or the final target's where it applies to the years before it.
    pub fn applicable(&self, target: &Target, year: FiscalYear) -> Option<&str> {
        self.for_year(target, year).or_else(|| {
            (target.applies_before_its_year() && target.applicable(year).is_some())
                .then_some(self.stated.as_deref())
                .flatten()
        })
    }
}

impl Target {
    /// The shape, whose code `shape:` in city.yaml and the open data write.
    pub fn shape(&self) -> Shape {
        match self {
            Target::Yearly { .. } => Shape::Yearly,
            Target::EachYear { .. } => Shape::EachYear,
            Target::Final { .. } => Shape::Final,
            Target::Cumulative { .. } => Shape::Cumulative,
            Target::Period { .. } => Shape::Period,
            Target::Threshold { .. } => Shape::Threshold,
            Target::Change { .. } => Shape::Change,
            Target::None { .. } => Shape::None,
        }
    }

    /// Whether there is a target at all; a KPI without one (実績値の管理とする) is tracked,
    /// never graded, and not counted in KPI数.
    pub fn is_set(&self) -> bool {
        match self {
            Target::None { .. } => false,
            Target::Yearly { .. }
            | Target::EachYear { .. }
            | Target::Final { .. }
            | Target::Cumulative { .. }
            | Target::Period { .. }
            | Target::Threshold { .. }
            | Target::Change { .. } => true,
        }
    }

    /// Whether actuals are compared as running totals (累計).
    pub fn is_cumulative(&self) -> bool {
        match self {
            Target::Cumulative { .. } => true,
            Target::Yearly { .. }
            | Target::EachYear { .. }
            | Target::Final { .. }
            | Target::Period { .. }
            | Target::Threshold { .. }
            | Target::Change { .. }
            | Target::None { .. } => false,
        }
    }

    /// Whether the year files write running totals already, so they are not summed again.
    pub fn actuals_are_running_totals(&self) -> bool {
        match self {
            Target::Cumulative { running_total, .. } => *running_total,
            Target::Yearly { .. }
            | Target::EachYear { .. }
            | Target::Final { .. }
            | Target::Period { .. }
            | Target::Threshold { .. }
            | Target::Change { .. }
            | Target::None { .. } => false,
        }
    }

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
            Target::Final { value, year: y, .. } => (*y == year).then_some(*value),
            Target::Period { .. } | Target::Change { .. } | Target::None { .. } => None,
        }
    }

    /// The running target up to `year` for a cumulative target with yearly portions.
    pub fn cumulative_for_year(&self, year: FiscalYear) -> Option<Figure> {
        match self {
            Target::Cumulative {
                values,
                values_running_total: true,
                ..
            } => values.range(..=year).next_back().map(|(_, v)| *v),
            Target::Cumulative { values, .. } if !values.is_empty() => values
                .range(..=year)
                .map(|(_, v)| *v)
                .try_fold(Figure::ZERO, Figure::checked_add),
            Target::Cumulative { .. }
            | Target::Yearly { .. }
            | Target::EachYear { .. }
            | Target::Final { .. }
            | Target::Period { .. }
            | Target::Threshold { .. }
            | Target::Change { .. }
            | Target::None { .. } => None,
        }
    }

    /// The target a year's actual is measured against. A target that names no value for the
    /// years before its own (`final`, `period`, a `cumulative` total without portions) applies
    /// to every year up to its own: the city set nothing else to measure against.
    pub fn applicable(&self, year: FiscalYear) -> Option<Figure> {
        match self {
            Target::Cumulative { values, total, .. } if values.is_empty() => Some(*total),
            Target::Cumulative { .. } => self.cumulative_for_year(year),
            Target::Final {
                value, year: last, ..
            }
            | Target::Period {
                value, year: last, ..
            } => (year <= *last).then_some(*value),
            Target::Yearly { .. }
            | Target::EachYear { .. }
            | Target::Threshold { .. }
            | Target::Change { .. }
            | Target::None { .. } => self.for_year(year),
        }
    }

    /// Whether the one target is compared with years that have none of their own (see
    /// [`Target::applicable`]); the page says so under the table.
    pub fn applies_before_its_year(&self) -> bool {
        match self {
            Target::Final { .. } | Target::Period { .. } => true,
            Target::Cumulative { values, .. } => values.is_empty(),
            Target::Yearly { .. }
            | Target::EachYear { .. }
            | Target::Threshold { .. }
            | Target::Change { .. }
            | Target::None { .. } => false,
        }
    }

    /// The headline target: the figure after "→" in the report.
    pub fn stated(&self) -> Option<Figure> {
        match self {
            Target::Yearly { stated, .. } | Target::EachYear { stated, .. } => Some(*stated),
            Target::Final { value, .. }
            | Target::Period { value, .. }
            | Target::Threshold { value, .. } => Some(*value),
            Target::Cumulative { total, .. } => Some(*total),
            Target::Change { .. } | Target::None { .. } => None,
        }
    }

    /// The final target and its year, as a chart marks it; a threshold has no final point.
    pub fn final_point(&self) -> Option<(FiscalYear, Figure)> {
        match self {
            Target::Yearly { values, stated, .. } => {
                values.keys().next_back().map(|&y| (y, *stated))
            }
            Target::EachYear { to, stated, .. } => Some((*to, *stated)),
            Target::Final { value, year, .. } | Target::Period { value, year, .. } => {
                Some((*year, *value))
            }
            Target::Cumulative { total, to, .. } => Some((*to, *total)),
            Target::Threshold { .. } | Target::Change { .. } | Target::None { .. } => None,
        }
    }

    /// The comparison an actual must pass: a threshold's own or the bound its figures are
    /// written with (`30%以上`, `93%超`); otherwise (`None`) at least, or at most when less is
    /// better, the target. A target in words compares with the baseline as its word says.
    pub fn comparison(&self, direction: Direction) -> Option<Comparison> {
        match self {
            Target::Threshold { comparison, .. } => Some(*comparison),
            Target::Yearly { bound, .. }
            | Target::EachYear { bound, .. }
            | Target::Final { bound, .. } => *bound,
            Target::Change { word, .. } => Some(word.comparison(direction)),
            Target::Cumulative { .. } | Target::Period { .. } | Target::None { .. } => None,
        }
    }

    /// Whether the actual is compared with the baseline (a target in words) in `year`.
    pub fn compares_with_baseline(&self, year: FiscalYear) -> bool {
        match self {
            Target::Change { from, to, .. } => (*from..=*to).contains(&year),
            Target::Yearly { .. }
            | Target::EachYear { .. }
            | Target::Final { .. }
            | Target::Cumulative { .. }
            | Target::Period { .. }
            | Target::Threshold { .. }
            | Target::None { .. } => false,
        }
    }

    /// The word of a target in words.
    pub fn word(&self) -> Option<Word> {
        match self {
            Target::Change { word, .. } => Some(*word),
            Target::Yearly { .. }
            | Target::EachYear { .. }
            | Target::Final { .. }
            | Target::Cumulative { .. }
            | Target::Period { .. }
            | Target::Threshold { .. }
            | Target::None { .. } => None,
        }
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
            bound: None,
        };
        assert_eq!(target.for_year(2021), Some(fig("36.0")));
        assert_eq!(target.for_year(2022), None);
        assert_eq!(target.stated(), Some(fig("40.0")));
        assert_eq!(target.final_point(), Some((2025, fig("40.0"))));
    }

    #[test]
    fn each_year_and_threshold_targets_apply_within_their_years() {
        let target = Target::EachYear {
            value: fig("1"),
            stated: fig("1"),
            from: 2022,
            to: 2025,
            bound: None,
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
        assert_eq!(threshold.final_point(), None);
    }

    #[test]
    fn final_and_period_targets_show_once_and_apply_before() {
        let target = Target::Final {
            value: fig("6,300"),
            year: 2025,
            bound: None,
        };
        assert_eq!(target.for_year(2024), None);
        assert_eq!(target.for_year(2025), Some(fig("6300")));
        assert_eq!(target.applicable(2022), Some(fig("6300")));
        assert!(target.applies_before_its_year());
        let period = Target::Period {
            value: fig("△5.13"),
            label: "令和2年～令和7年".into(),
            year: 2025,
        };
        assert_eq!(period.for_year(2025), None);
        assert_eq!(period.applicable(2026), None);
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
            values_running_total: false,
        };
        assert_eq!(target.for_year(2022), Some(fig("3")));
        assert_eq!(target.cumulative_for_year(2022), Some(fig("6")));
        assert_eq!(target.applicable(2022), Some(fig("6")));
        assert_eq!(target.cumulative_for_year(2025), Some(fig("15")));
        assert_eq!(target.stated(), Some(fig("15")));
        assert!(target.is_cumulative() && !target.applies_before_its_year());
        let written_as_totals = Target::Cumulative {
            total: fig("2,584"),
            values: [(2021, fig("517")), (2022, fig("1,034"))].into(),
            from: 2021,
            to: 2025,
            running_total: true,
            values_running_total: true,
        };
        assert_eq!(
            written_as_totals.cumulative_for_year(2022),
            Some(fig("1034"))
        );
        assert_eq!(written_as_totals.applicable(2023), Some(fig("1034")));
        assert_eq!(written_as_totals.for_year(2022), Some(fig("1034")));
    }

    #[test]
    fn target_none_is_not_set() {
        let none = Target::None { note: None };
        assert!(!none.is_set());
        assert_eq!(none.stated(), None);
        assert_eq!(none.for_year(2022), None);
        assert_eq!(none.shape().code(), "none");
    }
}

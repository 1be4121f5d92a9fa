//! Targets: each shape takes the fields it needs and no others.

use std::collections::BTreeMap;

use super::{CityChecker, FileRef, child, outside_period};
use crate::era::FiscalYear;
use crate::figure::Figure;
use crate::load::raw;
use crate::model::{Strategy, Target};
use crate::terms::{Comparison, Shape};

impl CityChecker {
    /// Checks that a target carries the fields its shape needs and no others.
    pub(super) fn target(
        &mut self,
        raw: &raw::TargetFile,
        at: Vec<String>,
        strategy: &Strategy,
    ) -> Target {
        let shape_name = raw.shape.code();
        let present: [(&str, bool); 9] = [
            ("values", raw.values.is_some()),
            ("value", raw.value.is_some()),
            ("stated", raw.stated.is_some()),
            ("year", raw.year.is_some()),
            ("from", raw.from.is_some()),
            ("to", raw.to.is_some()),
            ("label", raw.label.is_some()),
            ("comparison", raw.comparison.is_some()),
            ("running_total", raw.running_total.is_some()),
        ];
        let (required, allowed): (&[&str], &[&str]) = match raw.shape {
            Shape::Yearly => (&["values"], &["stated"]),
            Shape::EachYear => (&["value"], &["stated", "from", "to"]),
            Shape::Final => (&["value"], &["year"]),
            Shape::Cumulative => (&["value"], &["values", "from", "to", "running_total"]),
            Shape::Period => (&["value", "label"], &["year"]),
            Shape::Threshold => (&["value", "comparison"], &["from", "to"]),
            Shape::None => (&[], &[]),
        };
        let mut complete = true;
        for (field, is_present) in present {
            if is_present && !required.contains(&field) && !allowed.contains(&field) {
                self.problem(
                    FileRef::City,
                    child(&at, &[&field]),
                    format!("`{field}` does not apply to a `{shape_name}` target"),
                    Some(format!(
                        "a `{shape_name}` target takes {}",
                        fields_list(required, allowed)
                    )),
                );
            }
            if !is_present && required.contains(&field) {
                complete = false;
                self.problem(
                    FileRef::City,
                    at.clone(),
                    format!("a `{shape_name}` target needs `{field}`"),
                    Some(format!(
                        "a `{shape_name}` target takes {}",
                        fields_list(required, allowed)
                    )),
                );
            }
        }
        for (field, year) in [("year", raw.year), ("from", raw.from), ("to", raw.to)] {
            if let Some(year) = year {
                self.check_year_in_period(child(&at, &[&field]), year, strategy);
            }
        }
        let values: BTreeMap<FiscalYear, _> =
            raw.values.as_ref().map(|v| v.0.clone()).unwrap_or_default();
        for &year in values.keys() {
            self.check_year_in_period(child(&at, &[&"values", &year]), year, strategy);
        }
        if !complete {
            return Target::None { note: None };
        }
        let value = raw.value.unwrap_or(Figure::ZERO);
        let (from, to) = (
            raw.from.unwrap_or(strategy.from),
            raw.to.unwrap_or(strategy.to),
        );
        match raw.shape {
            Shape::Yearly => match raw.stated.or_else(|| values.values().next_back().copied()) {
                Some(stated) => Target::Yearly { values, stated },
                None => {
                    self.problem(
                        FileRef::City,
                        child(&at, &[&"values"]),
                        "a `yearly` target needs at least one year's value",
                        Some(
                            "write `values:` with one line per fiscal year, e.g. `2022: 37.0`"
                                .into(),
                        ),
                    );
                    Target::None { note: None }
                }
            },
            Shape::EachYear => Target::EachYear {
                value,
                stated: raw.stated.unwrap_or(value),
                from,
                to,
            },
            Shape::Final => Target::Final {
                value,
                year: raw.year.unwrap_or(strategy.to),
            },
            Shape::Cumulative => Target::Cumulative {
                total: value,
                values,
                from,
                to,
                running_total: raw.running_total.unwrap_or(false),
            },
            Shape::Period => Target::Period {
                value,
                label: raw.label.clone().unwrap_or_default(),
                year: raw.year.unwrap_or(strategy.to),
            },
            Shape::Threshold => Target::Threshold {
                value,
                comparison: raw.comparison.unwrap_or(Comparison::AtLeast),
                from,
                to,
            },
            Shape::None => Target::None {
                note: raw.note.clone(),
            },
        }
    }

    pub(super) fn check_year_in_period(
        &mut self,
        at: Vec<String>,
        year: FiscalYear,
        strategy: &Strategy,
    ) {
        if !strategy.covers(year) {
            self.problem(
                FileRef::City,
                at,
                outside_period(year, strategy),
                Some("fiscal years are written in 西暦 (2022 = 令和4年度) and must lie in strategy.period".into()),
            );
        }
    }
}

fn fields_list(required: &[&str], allowed: &[&str]) -> String {
    let mut parts: Vec<String> = required.iter().map(|f| format!("`{f}`")).collect();
    parts.extend(allowed.iter().map(|f| format!("optionally `{f}`")));
    if parts.is_empty() {
        "no other fields than `note`".to_string()
    } else {
        parts.join(", ")
    }
}

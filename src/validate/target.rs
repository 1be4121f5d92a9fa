//! Targets: each shape takes the fields it needs and no others.

use std::collections::BTreeMap;

use super::{CityChecker, FileRef, child, outside_period};
use crate::era::FiscalYear;
use crate::figure::Figure;
use crate::load::raw;
use crate::model::{Strategy, Target, TargetText};
use crate::terms::{Comparison, Shape, Word, Written};

/// What a target's figures must agree with: the KPI's unit, direction and baseline.
pub(super) struct KpiFacts<'a> {
    pub unit: &'a str,
    pub direction: crate::terms::Direction,
    pub has_baseline: bool,
}

impl CityChecker {
    /// Checks that a target carries the fields its shape needs and no others.
    pub(super) fn target(
        &mut self,
        raw: &raw::TargetFile,
        at: Vec<String>,
        strategy: &Strategy,
        facts: &KpiFacts,
    ) -> (Target, TargetText) {
        let shape_name = raw.shape.code();
        let present: [(&str, bool); 10] = [
            ("values_running_total", raw.values_running_total.is_some()),
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
            Shape::Cumulative => (
                &["value"],
                &[
                    "values",
                    "from",
                    "to",
                    "running_total",
                    "values_running_total",
                ],
            ),
            Shape::Period => (&["value", "label"], &["year"]),
            Shape::Threshold if bound_of(raw.value.as_ref()).is_some() => {
                (&["value"], &["comparison", "from", "to"])
            }
            Shape::Threshold => (&["value", "comparison"], &["from", "to"]),
            Shape::Change => (&["value"], &["from", "to"]),
            Shape::None => (&[], &[]),
        };
        let mut complete = true;
        for (field, is_present) in present {
            if is_present && !required.contains(&field) && !allowed.contains(&field) {
                self.problem(
                    self.tree,
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
                    self.tree,
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
        let written: BTreeMap<FiscalYear, Written> =
            raw.values.as_ref().map(|v| v.0.clone()).unwrap_or_default();
        for &year in written.keys() {
            self.check_year_in_period(child(&at, &[&"values", &year]), year, strategy);
        }
        let mut text = TargetText::default();
        let mut bounds: Vec<(Vec<String>, Comparison)> = Vec::new();
        let mut values = BTreeMap::new();
        for (&year, w) in &written {
            let field = child(&at, &[&"values", &year]);
            if let Some((figure, qualified)) =
                self.target_figure(w, &field, raw.shape, facts, &mut bounds)
            {
                values.insert(year, figure);
                if qualified {
                    text.values.insert(year, w.text().to_string());
                }
            }
        }
        let mut value = Figure::ZERO;
        let mut word = None;
        if let Some(w) = &raw.value {
            if let Written::Word(found, _) = w {
                word = Some(*found);
            }
            if let Some((figure, qualified)) =
                self.target_figure(w, &child(&at, &[&"value"]), raw.shape, facts, &mut bounds)
            {
                value = figure;
                if qualified {
                    text.value = Some(w.text().to_string());
                }
            }
        }
        let mut stated = None;
        if let Some(w) = &raw.stated {
            if let Some((figure, qualified)) =
                self.target_figure(w, &child(&at, &[&"stated"]), raw.shape, facts, &mut bounds)
            {
                stated = Some(figure);
                if qualified {
                    text.stated = Some(w.text().to_string());
                }
            }
        } else {
            text.stated = match raw.shape {
                Shape::Yearly => written
                    .keys()
                    .next_back()
                    .and_then(|y| text.values.get(y).cloned()),
                Shape::EachYear
                | Shape::Final
                | Shape::Cumulative
                | Shape::Period
                | Shape::Threshold
                | Shape::Change
                | Shape::None => text.value.clone(),
            };
        }
        let bound = self.one_bound(&bounds, raw, &at, facts);
        if raw.shape == Shape::Change && word.is_none() && raw.value.is_some() {
            self.problem(
                self.tree,
                child(&at, &[&"value"]),
                "a `change` target is a word, not a figure",
                Some(format!(
                    "write one of {}; or use another shape for a figure",
                    words()
                )),
            );
            complete = false;
        }
        if raw.shape == Shape::Change && !facts.has_baseline {
            self.problem(
                self.tree,
                at.clone(),
                "a `change` target is compared with the baseline, and this KPI has none",
                Some("add `baseline: {value: …, as_of: …}` to the KPI".into()),
            );
        }
        if let Some(w) = word
            && let Some(sense) = w.sense()
            && sense != facts.direction
        {
            self.problem(
                self.tree,
                child(&at, &[&"value"]),
                format!(
                    "`{}` asks for {} values, but the KPI's direction is `{}`",
                    w.ja(),
                    sense.code(),
                    facts.direction.code()
                ),
                Some(format!("set `direction: {}` on the KPI", sense.code())),
            );
        }
        if !complete {
            return (Target::None { note: None }, TargetText::default());
        }
        let target = self.build_target(raw, at, strategy, values, value, stated, bound, word);
        (target, text)
    }

    /// A target's figure (without bound) and whether it is written as more than a figure; a
    /// problem for a unit other than the KPI's or a word where a figure is needed.
    fn target_figure(
        &mut self,
        written: &Written,
        at: &[String],
        shape: Shape,
        facts: &KpiFacts,
        bounds: &mut Vec<(Vec<String>, Comparison)>,
    ) -> Option<(Figure, bool)> {
        match written {
            Written::Word(..) if shape == Shape::Change => Some((Figure::ZERO, true)),
            Written::Word(word, _) => {
                self.problem(
                    self.tree,
                    at.to_vec(),
                    format!(
                        "`{}` is a target in words: it needs `shape: change`",
                        word.ja()
                    ),
                    Some(format!(
                        "write `target: {{shape: change, value: {}}}`",
                        word.ja()
                    )),
                );
                None
            }
            Written::Figure(q) => {
                self.check_unit(self.tree, at, q, facts.unit);
                if let Some(b) = q.bound {
                    bounds.push((at.to_vec(), b));
                }
                if shape == Shape::Change {
                    return Some((q.value, true));
                }
                Some((q.value, !q.is_plain()))
            }
        }
    }

    /// The one bound all of a target's figures are written with, checked against the KPI's
    /// direction and a threshold's `comparison`.
    fn one_bound(
        &mut self,
        bounds: &[(Vec<String>, Comparison)],
        raw: &raw::TargetFile,
        at: &[String],
        facts: &KpiFacts,
    ) -> Option<Comparison> {
        let (first_at, first) = bounds.first()?;
        for (field, b) in &bounds[1..] {
            if b != first {
                self.problem(
                    self.tree,
                    field.clone(),
                    format!("`{}` here, but `{}` elsewhere in the same target", b.ja(), first.ja()),
                    Some("a target compares one way: write the same 以上/超/以下/未満 on every figure".into()),
                );
            }
        }
        if first.direction() != facts.direction {
            self.problem(
                self.tree,
                first_at.clone(),
                format!(
                    "a target `{}` belongs to a KPI where {} is better, but the KPI's direction is `{}`",
                    first.ja(),
                    if first.direction() == crate::terms::Direction::Higher { "more" } else { "less" },
                    facts.direction.code()
                ),
                Some(format!("set `direction: {}` on the KPI, or check the bound", first.direction().code())),
            );
        }
        if let Some(c) = raw.comparison
            && c != *first
        {
            self.problem(
                self.tree,
                child(at, &[&"comparison"]),
                format!(
                    "`comparison: {}` disagrees with `{}` written on the value",
                    c.code(),
                    first.ja()
                ),
                Some("leave `comparison:` out: the value's 以上/超/以下/未満 says it".into()),
            );
        }
        match raw.shape {
            Shape::Cumulative | Shape::Period => {
                self.problem(
                    self.tree,
                    first_at.clone(),
                    format!("a `{}` target cannot carry `{}`", raw.shape.code(), first.ja()),
                    Some("以上/超/以下/未満 apply to `yearly`, `each_year`, `final` and `threshold` targets; write the plain figure".into()),
                );
                None
            }
            Shape::Yearly
            | Shape::EachYear
            | Shape::Final
            | Shape::Threshold
            | Shape::Change
            | Shape::None => Some(*first),
        }
    }

    /// A written unit must be the KPI's own (`30%以上` on a KPI in `%`).
    pub(super) fn check_unit(
        &mut self,
        file: FileRef,
        at: &[String],
        q: &crate::terms::Qualified,
        unit: &str,
    ) {
        if let Some(written) = &q.unit
            && written != unit
        {
            let hint = if unit.is_empty() {
                format!("add `unit: {written}` to the KPI, or write the figure without a unit")
            } else if written.starts_with('万') && written[3..] == *unit {
                format!(
                    "the KPI counts {unit}: write the figure in {unit}, e.g. 1万7187{unit} or 17,187"
                )
            } else {
                format!("the KPI counts `{unit}`: write the figure in {unit}, or without a unit")
            };
            self.problem(
                file,
                at.to_vec(),
                format!(
                    "`{}` is written in `{written}`, but the KPI's unit is `{unit}`",
                    q.written
                ),
                Some(hint),
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn build_target(
        &mut self,
        raw: &raw::TargetFile,
        at: Vec<String>,
        strategy: &Strategy,
        values: BTreeMap<FiscalYear, Figure>,
        value: Figure,
        stated: Option<Figure>,
        bound: Option<Comparison>,
        word: Option<Word>,
    ) -> Target {
        let (from, to) = (
            raw.from.unwrap_or(strategy.from),
            raw.to.unwrap_or(strategy.to),
        );
        match raw.shape {
            Shape::Yearly => match stated.or_else(|| values.values().next_back().copied()) {
                Some(stated) => Target::Yearly {
                    values,
                    stated,
                    bound,
                },
                None => {
                    self.problem(
                        self.tree,
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
                stated: stated.unwrap_or(value),
                from,
                to,
                bound,
            },
            Shape::Final => Target::Final {
                value,
                year: raw.year.unwrap_or(strategy.to),
                bound,
            },
            Shape::Cumulative => {
                let running_values = self.running_values(raw, &at, &values, value);
                Target::Cumulative {
                    total: value,
                    values,
                    from,
                    to,
                    running_total: raw.running_total.unwrap_or(false),
                    values_running_total: running_values,
                }
            }
            Shape::Period => Target::Period {
                value,
                label: raw.label.clone().unwrap_or_default(),
                year: raw.year.unwrap_or(strategy.to),
            },
            Shape::Threshold => Target::Threshold {
                value,
                comparison: bound.or(raw.comparison).unwrap_or(Comparison::AtLeast),
                from,
                to,
            },
            Shape::Change => Target::Change {
                word: word.unwrap_or(Word::Increase),
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
                self.tree,
                at,
                outside_period(year, strategy),
                Some("fiscal years are written in 西暦 (2022 = 令和4年度) and must lie in strategy.period".into()),
            );
        }
    }
}

impl CityChecker {
    /// `values_running_total: true`: the values must not fall, and the last is the total.
    fn running_values(
        &mut self,
        raw: &raw::TargetFile,
        at: &[String],
        values: &BTreeMap<FiscalYear, Figure>,
        total: Figure,
    ) -> bool {
        if raw.values_running_total != Some(true) {
            return false;
        }
        let mut previous: Option<Figure> = None;
        for (&year, &v) in values {
            if previous.is_some_and(|p| v.value_cmp(p).is_lt()) {
                self.problem(
                    self.tree,
                    child(at, &[&"values", &year]),
                    format!("running total {} is less than the year before", v.display()),
                    Some("with `values_running_total: true` each year's value is the total so far: it never falls; write yearly portions without that line".into()),
                );
            }
            previous = Some(v);
        }
        if let Some((&year, &last)) = values.iter().next_back()
            && last.value_cmp(total).is_gt()
        {
            self.problem(
                self.tree,
                child(at, &[&"values", &year]),
                format!(
                    "running total {} is more than the target's total {}",
                    last.display(),
                    total.display()
                ),
                Some("`value:` is the total over the period: check both figures".into()),
            );
        }
        true
    }
}

fn words() -> String {
    Word::ALL.map(Word::ja).join(", ")
}

/// The bound written on a target's `value:`, if any.
fn bound_of(value: Option<&Written>) -> Option<Comparison> {
    match value? {
        Written::Figure(q) => q.bound,
        Written::Word(..) => None,
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

//! The grading rules: which grade of a computed scheme a KPI-year earns, by the scheme's basis.
//!
//! One rule per `Basis`, matched exhaustively: a new basis is a compile error here until its
//! rule is written. A value of 100% or more on a target (or benchmark) the actual did not meet
//! never earns a grade that counts as met.

use crate::locale::Locale;
use crate::terms::{Basis, Grading, Outcome};

/// What the rules grade by, as `evaluate` computed it.
pub(super) struct Measures {
    /// 達成率, or progress toward this year's target where the ratio means nothing.
    pub rate: Option<f64>,
    /// Whether this year's target is met, when that is certain.
    pub met: Option<bool>,
    pub progress: Option<f64>,
    pub trend: Option<crate::terms::Trend>,
    /// Progress toward this year's benchmark, and whether it is met.
    pub benchmark: Option<(f64, bool)>,
    pub pro_rata: Option<f64>,
}

/// The index of the grade earned (0 = best), or `None` when the basis cannot be computed.
pub(super) fn grade_index(grading: &Grading, m: &Measures) -> Option<usize> {
    match grading.basis {
        Basis::Rate => by_bound(grading, m.rate?, m.met),
        Basis::Progress => by_bound(grading, m.progress?, None),
        Basis::Trend => {
            let trend = m.trend?;
            grading.grades.iter().position(|g| g.trend == Some(trend))
        }
        Basis::Benchmark => match m.benchmark? {
            (_, true) => Some(0),
            (progress, false) => by_bound(grading, progress, Some(false)),
        },
        Basis::ProRata => by_bound(grading, m.pro_rata?, None),
    }
}

/// A scheme's rule in words, as pages print it beside every computed grade:
/// 「達成率から自動算出：A 100%以上、B 80%以上、C 50%以上、D 50%未満」.
pub fn rule_words(grading: &Grading, t: &Locale) -> String {
    let what = t.text(match grading.basis {
        Basis::Rate => "rule.rate",
        Basis::Progress => "rule.progress",
        Basis::Trend => "rule.trend",
        Basis::Benchmark => "rule.benchmark",
        Basis::ProRata => "rule.pro_rata",
    });
    let mut grades = Vec::new();
    let mut previous: Option<String> = None;
    for g in &grading.grades {
        let bound = match (g.at_least, g.trend, &previous) {
            (Some(b), _, _) => t.fill("rule.at_least", &[("value", &format!("{}%", b.display()))]),
            (None, Some(trend), _) => t
                .text(match trend {
                    crate::terms::Trend::Improved => "rule.improved",
                    crate::terms::Trend::Held => "rule.held",
                    crate::terms::Trend::Worsened => "rule.worsened",
                })
                .to_string(),
            (None, None, Some(p)) => t.fill("rule.below", &[("value", p)]),
            (None, None, None) => String::new(),
        };
        previous = g.at_least.map(|b| format!("{}%", b.display()));
        grades.push(format!("{} {bound}", g.symbol).trim_end().to_string());
    }
    t.fill(
        "rule.words",
        &[
            ("basis", what),
            ("grades", &grades.join(t.text("list_separator"))),
        ],
    )
}

/// The first grade whose lower bound the value reaches. A value of 100% or more on a target
/// the actual did not meet (equal to a 超 or 未満 bound, or a ratio rounded up to 100%) earns the
/// next grade that does not count as met instead.
fn by_bound(grading: &Grading, value: f64, met: Option<bool>) -> Option<usize> {
    let index = grading.grades.iter().position(|g| {
        g.at_least
            .is_none_or(|bound| value >= bound.to_f64() - 1e-9)
    })?;
    if met != Some(false) || value < 100.0 || grading.grades[index].outcome != Outcome::Met {
        return Some(index);
    }
    (index..grading.grades.len())
        .find(|&i| grading.grades[i].outcome != Outcome::Met)
        .or(Some(index))
}

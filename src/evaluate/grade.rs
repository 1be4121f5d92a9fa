//! The grading rules: which grade of a scheme a KPI-year earns, by the scheme's basis.
//!
//! One rule per `Basis`, matched exhaustively: a new basis is a compile error here until its
//! rule is written.

use crate::terms::{Basis, Grading, Trend};

/// The index of the grade earned (0 = best), or `None` when the basis cannot be computed.
pub(super) fn grade_index(
    grading: &Grading,
    rate: Option<f64>,
    progress: Option<f64>,
    trend: Option<Trend>,
) -> Option<usize> {
    let by_bound = |value: f64| {
        grading.grades.iter().position(|g| {
            g.at_least
                .is_none_or(|bound| value >= bound.to_f64() - 1e-9)
        })
    };
    match grading.basis {
        Basis::Rate => by_bound(rate?),
        Basis::Progress => by_bound(progress?),
        Basis::Trend => {
            let trend = trend?;
            grading.grades.iter().position(|g| g.trend == Some(trend))
        }
    }
}

//! A KPI's target and a sub-value's outcome as pages and chart descriptions show them.

use serde::Serialize;

use super::percent;
use crate::evaluate::{meets, rates};
use crate::figure::Figure;
use crate::locale::Locale;
use crate::model::{BreakdownDef, City, Kpi, Target, TargetText};

#[derive(Debug, Serialize)]
pub struct TargetView {
    pub shape: &'static str,
    pub stated: Option<Figure>,
    /// The headline target as written, when more than a figure (`30%以上`, `増加`).
    pub stated_text: Option<String>,
    /// The label after the target: 令和7年度, 各年度, 5年間の累計, 令和2年～令和7年, 以上 …
    pub label: String,
    pub cumulative: bool,
    /// The one target is compared with every year (see `evaluate`).
    pub applies_every_year: bool,
    pub note: Option<String>,
}

/// A target as the page states it: its headline figure or words, and the label after it.
pub(super) fn target_view(
    target: &Target,
    text: &TargetText,
    city: &City,
    t: &Locale,
) -> TargetView {
    let label = match target {
        Target::Yearly { values, .. } => t.fiscal_year(
            values
                .keys()
                .next_back()
                .copied()
                .unwrap_or(city.strategy.to),
        ),
        Target::EachYear { .. } => t.text("target.each_year").to_string(),
        Target::Final { year, .. } => t.fiscal_year(*year),
        Target::Cumulative { from, to, .. } => t.fill(
            "target.cumulative",
            &[("years", &(to - from + 1).to_string())],
        ),
        Target::Period { label, .. } => label.clone(),
        Target::Threshold { .. } if text.stated.is_some() => t.text("target.each_year").to_string(),
        Target::Threshold { comparison, .. } => t.fill(
            "target.each_year_threshold",
            &[(
                "comparison",
                t.text(&format!("comparison.{}", comparison.code())),
            )],
        ),
        Target::Change { .. } => t.text("target.change").to_string(),
        Target::None { .. } => String::new(),
    };
    TargetView {
        shape: target.shape().code(),
        stated: target.stated(),
        stated_text: text.stated.clone(),
        label,
        cumulative: target.is_cumulative(),
        applies_every_year: target.applies_before_its_year(),
        note: match target {
            Target::None { note } => Some(
                note.clone()
                    .unwrap_or_else(|| t.text("target.none").to_string()),
            ),
            Target::Yearly { .. }
            | Target::EachYear { .. }
            | Target::Final { .. }
            | Target::Cumulative { .. }
            | Target::Period { .. }
            | Target::Threshold { .. }
            | Target::Change { .. } => None,
        },
    }
}

/// How a sub-value's figure did against its own target: 達成率 as shown, and whether it reaches
/// the target, in words (arithmetic, not a verdict).
pub(super) fn breakdown_outcome(
    kpi: &Kpi,
    def: &BreakdownDef,
    actual: Figure,
    t: &Locale,
) -> (Option<String>, Option<String>) {
    let Some(target) = def.target else {
        return (None, None);
    };
    (
        rates(actual, target, def.baseline, kpi.direction, None)
            .0
            .map(|r| percent(r, t)),
        Some(
            t.text(if meets(actual, target, kpi.direction, None) {
                "change.reached"
            } else {
                "change.missed"
            })
            .to_string(),
        ),
    )
}

//! "Not filled in yet": KPIs whose year file has an empty `actual:`.
//!
//! `mieruka new-year` writes every KPI of the year with `actual:` left empty. Such a file loads
//! (the KPI shows as 記載なし, never as 0), and each empty `actual:` is a warning, so a
//! half-filled year still previews and builds.

use crate::diagnostic::Diagnostic;
use crate::load::LoadedCity;
use crate::locate::locate;

/// A warning for every KPI entry whose `actual:` is written but left empty (and that has no
/// `parts:`).
pub(super) fn warnings(cities: &[LoadedCity]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for city in cities {
        for (_, parsed) in &city.years {
            for (id, entry) in &parsed.data.kpis.0 {
                if entry.actual.is_some() || !entry.parts.is_empty() {
                    continue;
                }
                let path = ["kpis".to_string(), id.clone(), "actual".to_string()];
                // serde reads a missing `actual` and an empty one alike; the text tells them
                // apart. A KPI given without `actual:` is 記載なし on purpose (commentary only).
                let Some((line, column)) = locate(&parsed.source.text, &path) else {
                    continue;
                };
                warnings.push(
                    Diagnostic::new(
                        &parsed.source.path,
                        line,
                        column,
                        "not filled in yet: shown as 記載なし until a figure is written",
                    )
                    .warning()
                    .field(path.join("."))
                    .hint("write the year's figure, or not_measurable (算出不可) / not_applicable (対象外)"),
                );
            }
        }
    }
    warnings
}

//! "Not filled in yet": KPIs whose year file has an empty `actual:`.
//!
//! `mieruka new-year` writes every KPI of the year with `actual:` left empty. Such a file loads
//! (the KPI shows as 記載なし, never as 0), and `check` lists each empty `actual:` as a warning so
//! a half-filled year still previews and builds.
//!
//! These notices are kept apart from the validator's errors, in this one module, until
//! `Diagnostic` carries a severity: then [`notices`] can be called from `validate` and its
//! diagnostics pushed with the warning builder into the same list as the errors.

use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
use crate::locate::locate;

/// Every KPI entry whose `actual:` is written but left empty (and that has no `parts:`), in
/// file order: city, year, then KPI id.
pub fn notices(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut notices = Vec::new();
    for city in &loaded.cities {
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
                notices.push(
                    Diagnostic::new(
                        &parsed.source.path,
                        line,
                        column,
                        "not filled in yet: shown as 記載なし until a figure is written",
                    )
                    .field(path.join("."))
                    .hint("write the year's figure, or not_measurable (算出不可) / not_applicable (対象外)"),
                );
            }
        }
    }
    notices.sort();
    notices
}

/// The notices as printed by `check` and `build`: one `warning:` line each, then a count.
pub fn report(notices: &[Diagnostic]) -> String {
    let mut text = String::new();
    for n in notices {
        text.push_str(&format!("warning: {n}\n"));
    }
    text.push_str(&format!(
        "{} KPI figure{} not filled in yet",
        notices.len(),
        if notices.len() == 1 { "" } else { "s" }
    ));
    text
}

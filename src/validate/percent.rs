//! Percentages a rate cannot take: below 0 or above 100.
//!
//! A share of a whole (就職率, 接種率, 〜と回答した割合) lies between 0 and 100 %; `120` or `-3` in
//! a year file is almost always a typo. Some % KPIs do go beyond (達成率 and 充足率 over 100,
//! 増減率 below 0), so each such figure is a warning, never an error, and KPIs whose name says
//! they measure a change or a ratio to something else are left alone.

use crate::diagnostic::Diagnostic;
use crate::figure::Figure;
use crate::load::LoadedCity;
use crate::locate::locate;
use crate::model::{City, Kpi};
use crate::terms::Actual;

/// Words in a KPI's name that allow a percentage outside 0–100.
const UNBOUNDED: &[&str] = &[
    "増減", "増加", "減少", "伸び", "変化", "成長", "上昇", "下落", "比", "達成", "充足",
];

/// Whether a KPI is a rate: its unit is a percent sign, its name says 率 or 割合, and nothing in
/// the name lets it go below 0 or above 100.
pub fn is_rate(kpi: &Kpi) -> bool {
    matches!(kpi.unit.trim(), "%" | "％")
        && (kpi.name.contains('率') || kpi.name.contains("割合"))
        && !UNBOUNDED.iter().any(|w| kpi.name.contains(w))
}

fn outside(figure: Figure) -> bool {
    let value = figure.to_f64();
    !(0.0..=100.0).contains(&value)
}

/// A warning for every actual (and sub-value) of a rate that lies outside 0–100 %, at its place
/// in the year file.
pub(super) fn warnings(cities: &[City], loaded: &[LoadedCity]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for city in cities {
        let Some(files) = loaded.iter().find(|l| l.id == city.id) else {
            continue;
        };
        for kpi in city.kpis.iter().filter(|k| is_rate(k)) {
            for (year, entry) in &kpi.years {
                let Some((_, parsed)) = files.years.iter().find(|(y, _)| y == year) else {
                    continue;
                };
                let mut figures: Vec<(Vec<String>, Figure)> = Vec::new();
                if let Actual::Value(figure) = entry.actual
                    && !entry.summed
                {
                    figures.push((vec!["actual".into()], figure));
                }
                for (label, &figure) in &entry.breakdown {
                    figures.push((vec!["breakdown".into(), label.clone()], figure));
                }
                for (field, figure) in figures.into_iter().filter(|(_, f)| outside(*f)) {
                    let path: Vec<String> = ["kpis".to_string(), kpi.id.clone()]
                        .into_iter()
                        .chain(field)
                        .collect();
                    let (line, column) = locate(&parsed.source.text, &path).unwrap_or((0, 0));
                    warnings.push(
                        Diagnostic::new(
                            &parsed.source.path,
                            line,
                            column,
                            format!(
                                "{figure}% for 「{}」, a rate: a share lies between 0 and 100%",
                                kpi.name
                            ),
                        )
                        .warning()
                        .field(path.join("."))
                        .hint("check the figure (a misplaced decimal point, a count instead of a rate); if it is right as written, the warning can stay"),
                    );
                }
            }
        }
    }
    warnings
}

//! Percentages a rate cannot take: below 0 or above 100.
//!
//! A share of a whole (就職率, 接種率, 〜と回答した割合) lies between 0 and 100 %; `120` or `-3` in
//! a year file is almost always a typo. Some % KPIs do go beyond (達成率 and 充足率 over 100,
//! 増減率 below 0), so each such figure is a warning, never an error, and KPIs whose name says
//! they measure a change or a ratio to something else are left alone.

use super::field_display;
use crate::diagnostic::Diagnostic;
use crate::figure::Figure;
use crate::load::{LoadedCity, Source, raw};
use crate::locate::locate;
use crate::model::{City, Kpi};
use crate::terms::{Actual, Written};

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

/// A warning for every figure of a rate that lies outside 0–100 %: actuals and sub-values in the
/// year files, baselines and targets in city.yaml, each at its place.
pub(super) fn warnings(cities: &[City], loaded: &[LoadedCity]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    // Each strategy of a city against its own file and its own years.
    for city in cities.iter().flat_map(City::generations) {
        let Some(files) = loaded.iter().find(|l| l.id == city.id) else {
            continue;
        };
        city_warnings(city, files, &mut warnings);
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
                    warnings.push(warning(&parsed.source, &path, figure, kpi));
                }
            }
        }
    }
    warnings
}

fn warning(source: &Source, path: &[String], figure: Figure, kpi: &Kpi) -> Diagnostic {
    let (line, column) = locate(&source.text, path).unwrap_or((0, 0));
    Diagnostic::new(
        &source.path,
        line,
        column,
        format!(
            "{figure}% for 「{}」, a rate: a share lies between 0 and 100%",
            kpi.name
        ),
    )
    .warning()
    .field(field_display(path))
    .hint("check the figure (a misplaced decimal point, a count instead of a rate); if it is right as written, the warning can stay")
}

/// A warning for every baseline and target figure of a rate outside 0–100 %, at its place in
/// city.yaml.
fn city_warnings(city: &City, files: &LoadedCity, warnings: &mut Vec<Diagnostic>) {
    // The first strategy is written in city.yaml, each later one in a strategy file.
    let (goals, source) = match city.generation.checked_sub(1) {
        None => match &files.city {
            Some(parsed) => (&parsed.data.goals, &parsed.source),
            None => return,
        },
        Some(i) => match files.strategies.get(i) {
            Some((_, parsed)) => (&parsed.data.goals, &parsed.source),
            None => return,
        },
    };
    let mut defs: Vec<(Vec<String>, &raw::KpiFile)> = Vec::new();
    for (g, goal) in goals.iter().enumerate() {
        let at = vec!["goals".to_string(), g.to_string()];
        for (list, kpis) in [("indicators", &goal.indicators), ("kpis", &goal.kpis)] {
            for (i, kpi) in kpis.iter().enumerate() {
                defs.push((child(&at, &[list, &i.to_string()]), kpi));
            }
        }
        for (m, measure) in goal.measures.iter().enumerate() {
            measure_kpis(
                measure,
                child(&at, &["measures", &m.to_string()]),
                &mut defs,
            );
        }
    }
    for (at, def) in defs {
        let Some(kpi) = city.kpis.iter().find(|k| k.id == def.id) else {
            continue;
        };
        if !is_rate(kpi) {
            continue;
        }
        let mut figures: Vec<(Vec<String>, Figure)> = Vec::new();
        if let Some(raw::BaselineFile {
            value: raw::BaselineValue::Value(figure),
            ..
        }) = &def.baseline
        {
            figures.push((child(&at, &["baseline", "value"]), *figure));
        }
        let target = &def.target;
        for (field, written) in [("value", &target.value), ("stated", &target.stated)] {
            if let Some(Written::Figure(q)) = written {
                figures.push((child(&at, &["target", field]), q.value));
            }
        }
        for (year, written) in target.values.iter().flat_map(|v| v.0.iter()) {
            if let Written::Figure(q) = written {
                figures.push((
                    child(&at, &["target", "values", &year.to_string()]),
                    q.value,
                ));
            }
        }
        for (path, figure) in figures.into_iter().filter(|(_, f)| outside(*f)) {
            warnings.push(warning(source, &path, figure, kpi));
        }
    }
}

fn measure_kpis<'a>(
    measure: &'a raw::MeasureFile,
    at: Vec<String>,
    defs: &mut Vec<(Vec<String>, &'a raw::KpiFile)>,
) {
    for (i, kpi) in measure.kpis.iter().enumerate() {
        defs.push((child(&at, &["kpis", &i.to_string()]), kpi));
    }
    for (p, project) in measure.projects.iter().enumerate() {
        for (i, kpi) in project.kpis.iter().enumerate() {
            defs.push((
                child(&at, &["projects", &p.to_string(), "kpis", &i.to_string()]),
                kpi,
            ));
        }
    }
    for (m, inner) in measure.measures.iter().enumerate() {
        measure_kpis(inner, child(&at, &["measures", &m.to_string()]), defs);
    }
}

fn child(base: &[String], parts: &[&str]) -> Vec<String> {
    base.iter()
        .cloned()
        .chain(parts.iter().map(|p| p.to_string()))
        .collect()
}

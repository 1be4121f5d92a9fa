//! Verdicts: the assessment axes a government publishes, and the grading mieruka computes when
//! the government says how (a built-in preset, or grades of its own).

use std::collections::HashSet;

use super::{FileRef, Problem, child, path};
use crate::diagnostic::Diagnostic;
use crate::evaluate::{Scope, evaluate};
use crate::figure::Figure;
use crate::load::{LoadedCity, raw};
use crate::locate::locate;
use crate::model::City;
use crate::terms::{Axis, Basis, Grading};

/// Records a problem of `file` at a field, with a hint.
fn reporter(
    problems: &mut Vec<Problem>,
    file: FileRef,
) -> impl FnMut(Vec<String>, String, &str) + '_ {
    move |field, message, hint| {
        problems.push(Problem {
            file,
            field,
            message,
            hint: Some(hint.to_string()),
        })
    }
}

/// Checks a `grading:` block: a known preset, or grades ordered from best to worst with the
/// bounds their basis needs.
pub(super) fn grading(
    raw: &raw::GradingFile,
    file: FileRef,
    problems: &mut Vec<Problem>,
) -> Option<Grading> {
    let at = path(&[&"grading"]);
    let mut problem = reporter(problems, file);
    let presets = Grading::preset_names().join(", ");
    let mut scheme = match (&raw.preset, &raw.grades) {
        (Some(name), None) => {
            let scheme = Grading::preset(name);
            if scheme.is_none() {
                problem(
                    child(&at, &[&"preset"]),
                    format!("no built-in grading scheme `{name}`"),
                    &format!("use one of {presets}, or write `grades:` of your own"),
                );
            }
            scheme
        }
        (None, Some(grades)) if !grades.is_empty() => {
            let basis = raw.basis.unwrap_or(Basis::Rate);
            let mut previous: Option<Figure> = None;
            for (i, grade) in grades.iter().enumerate() {
                let g_at = child(&at, &[&"grades", &i]);
                if grades[..i].iter().any(|g| g.symbol == grade.symbol) {
                    problem(
                        child(&g_at, &[&"symbol"]),
                        format!("grade symbol `{}` is used twice", grade.symbol),
                        "give each grade its own symbol: pages and summaries name grades by it",
                    );
                }
                let last = i + 1 == grades.len();
                for (key, text) in [("symbol", &grade.symbol), ("label", &grade.label)] {
                    if raw::is_blank(text) {
                        problem(
                            child(&g_at, &[&key]),
                            raw::BLANK_TEXT.into(),
                            "write the grade's symbol (◎, A, …) and its label in words",
                        );
                    }
                }
                match basis {
                    Basis::Trend if grade.trend.is_none() => problem(
                        g_at,
                        "a grade of a `trend` scheme needs `trend`".into(),
                        "write `trend: improved`, `held` or `worsened`",
                    ),
                    Basis::Trend => {}
                    Basis::Rate | Basis::Progress | Basis::Benchmark | Basis::ProRata => {
                        match grade.at_least {
                            None if !last => problem(
                                g_at,
                                format!("grade `{}` needs `at_least`", grade.symbol),
                                "every grade but the last names the lowest value (in %) that earns it; the last takes the rest",
                            ),
                            Some(bound) if previous.is_some_and(|p| bound.value_cmp(p).is_ge()) => {
                                problem(
                                    child(&g_at, &[&"at_least"]),
                                    format!(
                                        "grade `{}` must need less than the grade before it",
                                        grade.symbol
                                    ),
                                    "list grades from best to worst, with falling `at_least`",
                                )
                            }
                            _ => previous = grade.at_least.or(previous),
                        }
                    }
                }
            }
            Some(Grading {
                name: grades
                    .iter()
                    .map(|g| g.symbol.as_str())
                    .collect::<Vec<_>>()
                    .join("/"),
                basis,
                grades: grades.clone(),
                axis: None,
            })
        }
        _ => {
            problem(
                at,
                "`grading` needs either `preset` or `grades`".into(),
                &format!(
                    "write `preset:` with one of {presets}, or list `grades:` from best to worst"
                ),
            );
            None
        }
    }?;
    if let Some(name) = &raw.name {
        scheme.name = name.clone();
    }
    scheme.axis = raw.axis.clone();
    Some(scheme)
}

/// Checks the assessment axes: ids, unique names and values, at most one headline.
pub(super) fn axes(axes: &[Axis], file: FileRef, problems: &mut Vec<Problem>) {
    let mut ids = HashSet::new();
    let mut headline = None;
    for (i, axis) in axes.iter().enumerate() {
        let at = path(&[&"assessments", &i]);
        let mut problem = reporter(problems, file);
        if !super::is_valid_id(&axis.id) {
            problem(
                child(&at, &[&"id"]),
                format!("`{}` is not a valid axis id", axis.id),
                "axis ids are lower-case ASCII letters, digits and hyphens, e.g. progress; year files use them as keys",
            );
        }
        if !ids.insert(axis.id.as_str()) {
            problem(
                child(&at, &[&"id"]),
                format!("axis id `{}` is used twice", axis.id),
                "give each assessment axis its own id",
            );
        }
        if axis.headline && axis.grades.is_empty() {
            problem(
                child(&at, &[&"headline"]),
                format!("the headline axis `{}` lists no values", axis.id),
                "summaries count the headline's values: list them under `grades:` best first, or mark another axis `headline: true`",
            );
        }
        if axis.headline {
            match headline {
                Some(first) => problem(
                    child(&at, &[&"headline"]),
                    format!(
                        "`{}` and `{first}` are both marked as the headline",
                        axis.id
                    ),
                    "mark one axis `headline: true`: the one the summaries count",
                ),
                None => headline = Some(axis.id.as_str()),
            }
        }
        if raw::is_blank(&axis.name) {
            problem(
                child(&at, &[&"name"]),
                raw::BLANK_TEXT.into(),
                "write the axis's name as the report's column heading writes it, e.g. 進捗区分",
            );
        }
        let mut symbols = HashSet::new();
        for (j, grade) in axis.grades.iter().enumerate() {
            for (key, text) in [("symbol", &grade.symbol), ("label", &grade.label)] {
                if raw::is_blank(text) {
                    problem(
                        child(&at, &[&"grades", &j, &key]),
                        raw::BLANK_TEXT.into(),
                        "write the value as published (A, 順調, ○) and its meaning in words",
                    );
                }
            }
            if !symbols.insert(grade.symbol.as_str()) {
                problem(
                    child(&at, &[&"grades", &j, &"symbol"]),
                    format!("`{}` is listed twice on axis `{}`", grade.symbol, axis.id),
                    "list each value of the axis once",
                );
            }
        }
    }
}

/// Checks that a computed scheme names an axis the government publishes, whose values include
/// every grade the scheme can give.
pub(super) fn grading_axis(
    grading: &Grading,
    axes: &[Axis],
    file: FileRef,
    problems: &mut Vec<Problem>,
) {
    let Some(id) = &grading.axis else {
        return;
    };
    let at = path(&[&"grading", &"axis"]);
    let mut problem = |message: String, hint: String| {
        problems.push(Problem {
            file,
            field: at.clone(),
            message,
            hint: Some(hint),
        })
    };
    let Some(axis) = axes.iter().find(|a| &a.id == id) else {
        let known: Vec<&str> = axes.iter().map(|a| a.id.as_str()).collect();
        problem(
            format!("no assessment axis `{id}`"),
            if known.is_empty() {
                "list the axis under `assessments:` first, or leave `axis:` out".into()
            } else {
                format!("use one of {}", known.join(", "))
            },
        );
        return;
    };
    let missing: Vec<&str> = grading
        .grades
        .iter()
        .map(|g| g.symbol.as_str())
        .filter(|s| axis.grade(s).is_none())
        .collect();
    if !missing.is_empty() {
        problem(
            format!(
                "axis `{id}` has no value {} that the scheme can give",
                missing.join(", ")
            ),
            format!(
                "list {} under the axis's `grades:`, or compute another axis",
                missing.join(", ")
            ),
        );
    }
}

/// A warning wherever the government published a value on the axis its computed scheme fills
/// and the scheme computes another grade: the published value is what the site shows, and staff
/// review whether the figures or the grade need a second look.
pub(super) fn disagreements(city: &City, loaded: &LoadedCity) -> Vec<Diagnostic> {
    let Some(grading) = &city.grading else {
        return Vec::new();
    };
    let Some((axis_ix, axis)) = grading
        .axis
        .as_ref()
        .and_then(|id| city.axes.iter().enumerate().find(|(_, a)| &a.id == id))
    else {
        return Vec::new();
    };
    let scope = Scope::of(city);
    let mut warnings = Vec::new();
    for kpi in &city.kpis {
        for (&year, entry) in &kpi.years {
            let Some(published) = entry.verdicts.iter().find(|v| v.axis == axis_ix) else {
                continue;
            };
            let Some(computed) = evaluate(kpi, year, &scope).grade else {
                continue;
            };
            let Some((_, parsed)) = loaded.years.iter().find(|(y, _)| *y == year) else {
                continue;
            };
            if computed.symbol == published.value {
                continue;
            }
            let path = ["kpis", kpi.id.as_str(), "assessments", axis.id.as_str()].map(String::from);
            let (line, column) = locate(&parsed.source.text, &path).unwrap_or((0, 0));
            warnings.push(
                Diagnostic::new(
                    &parsed.source.path,
                    line,
                    column,
                    format!(
                        "{} `{}` as published, but the figures give `{}` by the scheme {}",
                        axis.name, published.value, computed.symbol, grading.name
                    ),
                )
                .warning()
                .field(path.join("."))
                .hint("the site shows the published value; check the figures and the grade (a deliberate judgement may stay as it is)"),
            );
        }
    }
    warnings
}

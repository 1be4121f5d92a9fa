//! Grading schemes: a built-in preset, or grades of a site's or city's own.

use super::{FileRef, Problem, child, path};
use crate::figure::Figure;
use crate::load::raw;
use crate::terms::{Basis, Grading};

/// Checks a `grading:` block: a known preset, or grades ordered from best to worst with the
/// bounds their basis needs.
pub(super) fn grading(
    raw: &raw::GradingFile,
    file: FileRef,
    problems: &mut Vec<Problem>,
) -> Option<Grading> {
    let at = path(&[&"grading"]);
    let mut problem = |field: Vec<String>, message: String, hint: &str| {
        problems.push(Problem {
            file,
            field,
            message,
            hint: Some(hint.to_string()),
        })
    };
    let presets = Grading::preset_names().join(", ");
    match (&raw.preset, &raw.grades) {
        (Some(name), None) => {
            let scheme = Grading::preset(name);
            if scheme.is_none() {
                problem(
                    child(&at, &[&"preset"]),
                    format!("no built-in grading scheme `{name}`"),
                    &format!("use one of {presets}, or write `grades:` of your own"),
                );
            }
            scheme.map(|mut g| {
                if let Some(name) = &raw.name {
                    g.name = name.clone();
                }
                g
            })
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
                        "give each grade its own symbol: a committee's grade and the site name grades by it",
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
                    Basis::Rate | Basis::Progress => match grade.at_least {
                        None if !last => problem(
                            g_at,
                            format!("grade `{}` needs `at_least`", grade.symbol),
                            "every grade but the last names the lowest rate (in %) that earns it; the last takes the rest",
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
                    },
                    Basis::Trend => {}
                }
            }
            Some(Grading {
                name: raw.name.clone().unwrap_or_else(|| {
                    grades
                        .iter()
                        .map(|g| g.symbol.as_str())
                        .collect::<Vec<_>>()
                        .join("/")
                }),
                basis,
                grades: grades.clone(),
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
    }
}

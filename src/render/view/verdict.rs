//! Verdicts on pages: what the government published on each assessment axis, with who decided
//! it, and — only where the government adopted a scheme — the grade mieruka computed, always
//! labelled as computed with its rule. Nothing here invents a verdict.

use serde::Serialize;

use crate::era::FiscalYear;
use crate::evaluate::{Evaluation, Grade, rule_words};
use crate::locale::Locale;
use crate::model::{City, Kpi, Verdict};
use crate::terms::Axis;

/// A verdict column of a KPI's table.
#[derive(Debug, Serialize)]
pub struct Column {
    /// The axis's name, or 評価（自動算出） for a computed scheme of its own.
    pub name: String,
    /// Who decided the values: 担当課, 推進会議 … ; none for a computed column.
    pub decided_by: Option<String>,
    pub computed: bool,
}

/// One cell of a verdict column.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// As published (`B`, `3`), or the computed grade's symbol.
    pub symbol: String,
    /// The value in words, when the axis lists them (screen readers skip ◎○△×).
    pub label: Option<String>,
    /// Position among the axis's values (0 = best), for styling; none when it lists none.
    pub index: Option<usize>,
    /// `C (A※1)`: the grade in brackets, and the footnote's number among the table's notes.
    pub alternative: Option<String>,
    pub footnote: Option<usize>,
    /// Who decided this value, when not the column's usual decider.
    pub decided_by: Option<String>,
    /// Computed by mieruka, not published.
    pub computed: bool,
}

/// Which columns a KPI's table has: every axis the government published a value on for this
/// KPI, the axis a computed scheme fills, and a column of its own for a scheme without an axis.
pub fn columns(city: &City, kpi: &Kpi, t: &Locale) -> Vec<(Option<usize>, Column)> {
    let grading_axis = grading_axis(city);
    let mut columns: Vec<(Option<usize>, Column)> = city
        .axes
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            Some(*i) == grading_axis && kpi.is_counted()
                || kpi
                    .years
                    .values()
                    .any(|y| y.verdicts.iter().any(|v| v.axis == *i))
        })
        .map(|(i, axis)| {
            (
                Some(i),
                Column {
                    name: axis.name.clone(),
                    decided_by: axis.decided_by.clone(),
                    computed: false,
                },
            )
        })
        .collect();
    if city.grading.is_some() && grading_axis.is_none() && kpi.is_counted() {
        columns.push((
            None,
            Column {
                name: t.text("verdict.computed_column").to_string(),
                decided_by: None,
                computed: true,
            },
        ));
    }
    columns
}

/// The cells of one year's row, column by column; footnotes are numbered into `notes`.
pub fn cells(
    city: &City,
    kpi: &Kpi,
    year: FiscalYear,
    evaluation: &Evaluation,
    columns: &[(Option<usize>, Column)],
    notes: &mut Vec<String>,
) -> Vec<Option<Cell>> {
    columns
        .iter()
        .map(|(axis, _)| match axis {
            Some(axis) => axis_cell(city, kpi, year, evaluation, *axis, notes),
            None => evaluation.grade.as_ref().map(computed),
        })
        .collect()
}

/// A KPI-year's value on one axis: as published, else (on the axis a computed scheme fills)
/// the computed grade.
fn axis_cell(
    city: &City,
    kpi: &Kpi,
    year: FiscalYear,
    evaluation: &Evaluation,
    axis: usize,
    notes: &mut Vec<String>,
) -> Option<Cell> {
    let published_value = kpi
        .years
        .get(&year)
        .and_then(|y| y.verdicts.iter().find(|v| v.axis == axis));
    match published_value {
        Some(v) => Some(published(&city.axes[axis], v, notes)),
        None if grading_axis(city) == Some(axis) => evaluation.grade.as_ref().map(|g| Cell {
            index: city.axes[axis].grade(&g.symbol).map(|(i, _)| i),
            ..computed(g)
        }),
        None => None,
    }
}

/// The computed scheme's rule in words, when the KPI's table shows a computed grade.
pub fn computed_rule(city: &City, t: &Locale) -> Option<String> {
    city.grading.as_ref().map(|g| rule_words(g, t))
}

/// One verdict of a legend or summary: its position (0 = best), symbol and words.
#[derive(Debug, Serialize)]
pub struct GradeKey {
    pub index: usize,
    pub symbol: String,
    pub label: String,
}

/// A KPI-year's verdicts as parts of a sentence, published first and each with who decided it:
/// 「進捗区分はB（概ね順調、担当課の評価）」, 「評価（自動算出）はC（未達成（50%以上））」.
pub fn spoken(
    city: &City,
    kpi: &Kpi,
    year: FiscalYear,
    evaluation: &Evaluation,
    t: &Locale,
    content: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let columns = columns(city, kpi, t);
    let cells = cells(city, kpi, year, evaluation, &columns, &mut Vec::new());
    columns
        .iter()
        .zip(cells)
        .filter_map(|((_, column), cell)| {
            let cell = cell?;
            let mut words: Vec<String> = cell.label.iter().map(|l| content(l)).collect();
            if let Some(alternative) = &cell.alternative {
                words.push(t.fill(
                    "verdict.alternative",
                    &[("alternative", &content(alternative))],
                ));
            }
            let name = if cell.computed && !column.computed {
                t.fill("verdict.computed_name", &[("name", &content(&column.name))])
            } else {
                content(&column.name)
            };
            if !cell.computed
                && let Some(who) = cell.decided_by.as_ref().or(column.decided_by.as_ref())
            {
                words.push(t.fill("verdict.verdict_of", &[("who", &content(who))]));
            }
            let words = if words.is_empty() {
                String::new()
            } else {
                t.fill("paren", &[("text", &words.join(t.text("list_separator")))])
            };
            Some(t.fill(
                "verdict.spoken",
                &[
                    ("name", &name),
                    ("symbol", &content(&cell.symbol)),
                    ("words", &words),
                ],
            ))
        })
        .collect()
}

/// The verdict summaries count: the axis marked as the headline, or the computed scheme.
pub enum Headline<'a> {
    Axis(usize, &'a Axis),
    Computed,
}

impl<'a> Headline<'a> {
    pub fn of(city: &'a City) -> Option<Headline<'a>> {
        match city.axes.iter().position(|a| a.headline) {
            Some(i) => Some(Headline::Axis(i, &city.axes[i])),
            None => city.grading.as_ref().map(|_| Headline::Computed),
        }
    }

    /// The grades counted, best first.
    pub fn grades(&self, city: &City) -> Vec<GradeKey> {
        let grades: Vec<(&String, &String)> = match self {
            Headline::Axis(_, axis) => axis.grades.iter().map(|g| (&g.symbol, &g.label)).collect(),
            Headline::Computed => city
                .grading
                .iter()
                .flat_map(|g| &g.grades)
                .map(|g| (&g.symbol, &g.label))
                .collect(),
        };
        grades
            .into_iter()
            .enumerate()
            .map(|(index, (symbol, label))| GradeKey {
                index,
                symbol: symbol.clone(),
                label: label.clone(),
            })
            .collect()
    }

    /// The verdict a KPI-year has under the headline: the published value first, else (on the
    /// axis a computed scheme fills, or for a computed headline) the computed grade.
    pub fn cell(&self, city: &City, kpi: &Kpi, year: FiscalYear, e: &Evaluation) -> Option<Cell> {
        match self {
            // A footnote belongs to the KPI's own table, not to a summary line.
            Headline::Axis(i, _) => {
                axis_cell(city, kpi, year, e, *i, &mut Vec::new()).map(|c| Cell {
                    footnote: None,
                    ..c
                })
            }
            Headline::Computed => e.grade.as_ref().map(computed),
        }
    }

    /// What the counts are of, in words: 進捗区分（担当課の評価） or 評価（自動算出）.
    pub fn title(&self, t: &Locale) -> String {
        match self {
            Headline::Axis(_, axis) => match &axis.decided_by {
                Some(who) => format!("{}{}", axis.name, t.fill("paren", &[("text", who)])),
                None => axis.name.clone(),
            },
            Headline::Computed => t.text("verdict.computed_column").to_string(),
        }
    }
}

/// The index of the axis a computed scheme fills, if any.
fn grading_axis(city: &City) -> Option<usize> {
    let id = city.grading.as_ref()?.axis.as_ref()?;
    city.axes.iter().position(|a| &a.id == id)
}

fn published(axis: &Axis, v: &Verdict, notes: &mut Vec<String>) -> Cell {
    let grade = axis.grade(&v.value);
    let footnote = v.footnote.as_ref().map(|text| {
        notes.push(text.clone());
        notes.len()
    });
    Cell {
        symbol: v.value.clone(),
        label: grade.map(|(_, g)| g.label.clone()),
        index: grade.map(|(i, _)| i),
        alternative: v.alternative.clone(),
        footnote,
        decided_by: v.decided_by.clone(),
        computed: false,
    }
}

fn computed(grade: &Grade) -> Cell {
    Cell {
        symbol: grade.symbol.clone(),
        label: Some(grade.label.clone()),
        index: Some(grade.index),
        alternative: None,
        footnote: None,
        decided_by: None,
        computed: true,
    }
}

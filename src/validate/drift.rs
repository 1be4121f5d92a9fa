//! Published figures that changed without a correction entry: the content against the edition
//! record (`editions.json`) of the previous build.
//!
//! Each published year is rebuilt as published (`City::as_published`: corrections undone) and
//! compared with what the previous build recorded for the same edition. A difference means a
//! figure changed after publication with no `corrections:` entry (or one whose `old:` is not the
//! published value). These are warnings: the build goes on, and says so each time until the
//! change is recorded or undone.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::edition::{self, Figures, Record};
use crate::load::LoadedCity;
use crate::locate::locate;
use crate::model::City;

/// The edition record of the previous build in `output`, or the warning that it cannot be
/// read (published figures are then not compared).
pub(super) fn record(output: &Path) -> (Option<Record>, Vec<Diagnostic>) {
    match edition::read(output) {
        Ok(record) => (record, Vec::new()),
        Err(error) => {
            let path = output.join(edition::RECORD);
            (
                None,
                vec![
                    Diagnostic::new(&path, 0, 0, format!("{error:#}"))
                        .warning()
                        .hint("published figures are not compared with the last build: rebuild to write the record anew"),
                ],
            )
        }
    }
}

/// Warnings for every published figure of a city that differs from the previous build's record.
pub(super) fn city_warnings(city: &City, files: &LoadedCity, record: &Record) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let now: Vec<_> = city.generations().flat_map(edition::editions).collect();
    for before in record.city(&city.id) {
        let year = before.fiscal_year;
        let Some((_, file)) = files.years.iter().find(|(y, _)| *y == year) else {
            warnings.push(
                Diagnostic::new(
                    &files.dir,
                    0,
                    0,
                    format!(
                        "the fiscal year {year} report was published on {} (edition {}), but its file {year}.yaml is gone",
                        before.published, before.page
                    ),
                )
                .warning()
                .hint("a published report stays on the site: put the year's file back"),
            );
            continue;
        };
        // A warning at a field of the year file (or the nearest place that is written).
        let warning = |path: &[&str], message: String, hint: String| {
            let path: Vec<String> = path.iter().map(|p| p.to_string()).collect();
            let (line, column) = locate(&file.source.text, &path)
                .or_else(|| locate(&file.source.text, &path[..path.len().min(2)]))
                .or_else(|| locate(&file.source.text, &["fiscal_year".to_string()]))
                .unwrap_or((0, 0));
            Diagnostic::new(&file.source.path, line, column, message)
                .warning()
                .field(path.join("."))
                .hint(hint)
        };
        let Some(current) = now.iter().find(|e| e.fiscal_year == year) else {
            warnings.push(warning(
                &["published"],
                format!(
                    "`published:` was {} when the last build made the edition {}: without it the edition is gone",
                    before.published, before.page
                ),
                "`published:` is the day the report was first published: keep it, and record later changes under `corrections:`".into(),
            ));
            continue;
        };
        if current.published != before.published {
            warnings.push(warning(
                &["published"],
                format!(
                    "`published:` was {} when the last build made the edition {}: changing it moves the edition's address",
                    before.published, before.page
                ),
                "`published:` is the day the report was first published: write it back, and record later changes under `corrections:`".into(),
            ));
            continue;
        }
        let none = Figures {
            actual: String::new(),
            status: String::new(),
        };
        // A KPI the record lacks had no figure when published: giving it one is a change too.
        let ids: std::collections::BTreeSet<&String> = before
            .figures
            .keys()
            .chain(current.figures.keys())
            .collect();
        for id in ids {
            let was = before.figures.get(id).unwrap_or(&none);
            let is = current.figures.get(id).unwrap_or(&none);
            for (field, old, new) in [
                ("actual", &was.actual, &is.actual),
                ("status", &was.status, &is.status),
            ] {
                if old == new {
                    continue;
                }
                let shown = |v: &str| {
                    if v.is_empty() {
                        "(none)".to_string()
                    } else {
                        format!("`{v}`")
                    }
                };
                warnings.push(warning(
                    &["kpis", id, field],
                    format!(
                        "published figure changed without a correction: the edition of {} shows {} (recorded by the last build), the file with its corrections undone gives {}",
                        before.published,
                        shown(old),
                        shown(new)
                    ),
                    format!(
                        "if it was corrected, add under `corrections:` an entry with kpi: {id}{}, old: {old}, new: (the value now), date: and reason:; otherwise write {} back",
                        if field == "status" { ", field: status" } else { "" },
                        shown(old)
                    ),
                ));
            }
        }
    }
    warnings
}

//! Fiscal-year files: actuals, parts, states and text, checked against the city's strategy.

use super::{CityChecker, FileRef, child, did_you_mean, path};
use crate::era::{FiscalYear, parse_era_year};
use crate::figure::Figure;
use crate::load::LoadedCity;
use crate::load::raw;
use crate::model::{KpiYear, Part, PartLabel, ProjectYear, Verdict, YearFacts, YearTexts};
use crate::terms::Actual;

/// Whether a text is a calendar date written `YYYY-MM-DD` (Gregorian, years 1900–2999).
pub(super) fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &text[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2999).contains(&y) && (1..=days).contains(&d)
}

impl CityChecker {
    /// Reads the fiscal-year files of one strategy (`owned`: which of the city's years are its)
    /// into its KPIs and projects.
    pub(super) fn years(
        &mut self,
        loaded: &LoadedCity,
        owned: impl Fn(FiscalYear) -> bool,
    ) -> Vec<FiscalYear> {
        let mut years = Vec::new();
        for (file_index, (year, parsed)) in loaded.years.iter().enumerate() {
            if !owned(*year) {
                continue;
            }
            let file = FileRef::Year(file_index);
            let data = &parsed.data;
            if data.fiscal_year != *year {
                self.problem(
                    file,
                    path(&[&"fiscal_year"]),
                    format!(
                        "fiscal_year {} does not match the file name {year}.yaml",
                        data.fiscal_year
                    ),
                    Some(
                        "a fiscal year's file is named after its 西暦 year: make the two agree"
                            .into(),
                    ),
                );
            }
            if let Some(date) = &data.published {
                if is_date(date) {
                    self.published.insert(*year, date.clone());
                } else {
                    self.problem(
                        file,
                        path(&[&"published"]),
                        format!("`{date}` is not a date"),
                        Some("write the date the figures were published as YYYY-MM-DD, e.g. 2023-09-29".into()),
                    );
                }
            }
            for (id, entry) in &data.kpis.0 {
                self.kpi_year(file, *year, id, entry);
            }
            self.corrections(file, *year, data);
            for (id, entry) in &data.projects.0 {
                let at = path(&[&"projects", id]);
                for (field, value) in [("budget", entry.budget), ("spent", entry.spent)] {
                    if value.is_some_and(|v| v.is_negative()) {
                        self.problem(
                            file,
                            child(&at, &[&field]),
                            format!("`{field}` is negative"),
                            Some("予算額 and 決算額 are amounts in 千円: write the figure without △ or -".into()),
                        );
                    }
                }
                match self.project_ids.get(id).copied() {
                    Some(p) => {
                        self.projects[p].years.insert(
                            *year,
                            ProjectYear {
                                commentary: entry.commentary.clone(),
                                activities: entry.activities.clone(),
                                budget: entry.budget,
                                spent: entry.spent,
                            },
                        );
                    }
                    None => {
                        let hint = self.unknown_project_hint(id);
                        self.problem(
                            file,
                            at,
                            format!("no project with id `{id}` in {}", self.tree_name),
                            Some(hint),
                        );
                    }
                }
            }
            years.push(*year);
        }
        years
    }

    pub(super) fn kpi_year(
        &mut self,
        file: FileRef,
        year: FiscalYear,
        id: &str,
        entry: &raw::KpiYearFile,
    ) {
        let at = path(&[&"kpis", &id]);
        let Some(&kpi) = self.kpi_ids.get(id) else {
            let hint = did_you_mean(id, self.kpi_ids.keys())
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    format!("use the `id:` of a KPI or 数値目標 in {}", self.tree_name)
                });
            self.problem(
                file,
                at,
                format!("no KPI or 数値目標 with id `{id}` in {}", self.tree_name),
                Some(hint),
            );
            return;
        };
        let mut parts = Vec::new();
        for (i, part) in entry.parts.iter().enumerate() {
            let part_at = child(&at, &[&"parts", &i]);
            let label = match (&part.project, &part.label) {
                (Some(project), None) => {
                    let k = &self.kpis[kpi];
                    match self.project_ids.get(project).copied() {
                        Some(p) if k.project == Some(p) || k.also_projects.contains(&p) => {
                            PartLabel::Project(p)
                        }
                        Some(_) => {
                            self.problem(
                                file,
                                child(&part_at, &[&"project"]),
                                format!("project `{project}` is not measured by KPI `{id}`"),
                                Some("list the project in the KPI's `also_projects:` in city.yaml, or use `label:`".into()),
                            );
                            continue;
                        }
                        None => {
                            let hint = self.unknown_project_hint(project);
                            self.problem(
                                file,
                                child(&part_at, &[&"project"]),
                                format!("no project with id `{project}`"),
                                Some(hint),
                            );
                            continue;
                        }
                    }
                }
                (None, Some(label)) => PartLabel::Text(label.clone()),
                _ => {
                    self.problem(
                        file,
                        part_at,
                        "a part needs either `project:` or `label:`",
                        Some("write `project: <project id>` for a project's share, or `label: 男` for a sub-value".into()),
                    );
                    continue;
                }
            };
            parts.push(Part {
                label,
                value: part.value,
            });
        }
        let summed_parts = parts
            .iter()
            .map(|p| p.value)
            .try_fold(Figure::ZERO, Figure::checked_add);
        if entry.actual.is_some() && !entry.parts.is_empty() {
            self.problem(
                file,
                child(&at, &[&"actual"]),
                "`actual` and `parts` together",
                Some("the KPI's figure is the sum of its parts: remove `actual:`, or remove `parts:` if the report gives only the total".into()),
            );
        }
        let written = entry.actual.as_ref().and_then(|a| a.written.clone());
        if let Some(q) = &written {
            let unit = self.kpis[kpi].unit.clone();
            self.check_unit(file, &child(&at, &[&"actual"]), q, &unit);
        }
        let (actual, summed) = match (entry.actual.as_ref(), parts.is_empty()) {
            (Some(actual), _) => (actual.actual, false),
            (None, false) => (
                summed_parts.map_or(Actual::NotReported, Actual::Value),
                true,
            ),
            (None, true) => (Actual::NotReported, false),
        };
        let verdicts = self.verdicts(file, &at, entry);
        if entry.status.is_some() && !matches!(actual, Actual::Value(_)) {
            self.problem(
                file,
                child(&at, &[&"status"]),
                "`status` needs a figure in `actual`",
                Some("provisional / confirmed describe a figure: write `actual:` too, or drop `status:`".into()),
            );
        }
        let facts = YearFacts {
            department: self.text(file, &at, "department", &entry.department),
            published: self.text(file, &at, "published", &entry.published),
            next_publication: self.text(file, &at, "next_publication", &entry.next_publication),
            rank: self.text(file, &at, "rank", &entry.rank),
        };
        let as_of = self.text(file, &at, "as_of", &entry.as_of);
        if let Some(text) = &as_of {
            self.check_as_of(file, &at, text, year);
        }
        let mut breakdown = std::collections::BTreeMap::new();
        for (label, value) in entry.breakdown.iter().flat_map(|b| &b.0) {
            let labels: Vec<String> = self.kpis[kpi]
                .breakdown
                .iter()
                .map(|d| d.label.clone())
                .collect();
            if labels.contains(label) {
                breakdown.insert(label.clone(), *value);
            } else {
                let hint = if labels.is_empty() {
                    "declare the sub-values under the KPI's `breakdown:` in city.yaml first"
                        .to_string()
                } else {
                    did_you_mean(label, labels.iter())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("use one of {}", labels.join(", ")))
                };
                self.problem(
                    file,
                    child(&at, &[&"breakdown", label]),
                    format!("KPI `{id}` has no sub-value `{label}`"),
                    Some(hint),
                );
            }
        }
        let texts = YearTexts {
            actions: self.text(file, &at, "actions", &entry.actions),
            results: self.text(file, &at, "results", &entry.results),
            outlook: self.text(file, &at, "outlook", &entry.outlook),
            committee_opinion: self.text(file, &at, "committee_opinion", &entry.committee_opinion),
        };
        self.kpis[kpi].years.insert(
            year,
            KpiYear {
                actual,
                written,
                as_of,
                breakdown,
                summed,
                status: entry.status,
                note: entry.note.clone(),
                parts,
                commentary: entry.commentary.clone(),
                verdicts,
                published_rate: entry.published_rate,
                facts,
                texts,
            },
        );
    }

    /// The values published on the city's assessment axes, each checked against its axis.
    fn verdicts(&mut self, file: FileRef, at: &[String], entry: &raw::KpiYearFile) -> Vec<Verdict> {
        let mut verdicts = Vec::new();
        for (id, raw) in &entry.assessments.0 {
            let v_at = child(at, &[&"assessments", id]);
            let Some(axis) = self.axes.iter().position(|a| &a.id == id) else {
                let hint = match did_you_mean(id, self.axes.iter().map(|a| &a.id)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if self.axes.is_empty() => "list the government's assessment axes under `assessments:` in city.yaml or site.yaml first".into(),
                    None => format!(
                        "use the id of an axis under `assessments:`: {}",
                        self.axes.iter().map(|a| a.id.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                };
                self.problem(file, v_at, format!("no assessment axis `{id}`"), Some(hint));
                continue;
            };
            let name = self.axes[axis].name.clone();
            let symbols: Vec<String> = self.axes[axis]
                .grades
                .iter()
                .map(|g| g.symbol.clone())
                .collect();
            for (field, value) in [
                ("value", Some(&raw.value)),
                ("alternative", raw.alternative.as_ref()),
            ] {
                let Some(value) = value else { continue };
                if value.trim().is_empty() {
                    self.problem(
                        file,
                        v_at.clone(),
                        format!("the {field} published on `{id}` is empty"),
                        Some("write the value as the report prints it, or leave the axis out for this year".into()),
                    );
                } else if !symbols.is_empty() && !symbols.contains(value) {
                    self.problem(
                        file,
                        v_at.clone(),
                        format!("`{value}` is not a value of {name} (`{id}`)"),
                        Some(format!(
                            "use one of {}, as listed under the axis's `grades:`",
                            symbols.join(", ")
                        )),
                    );
                }
            }
            verdicts.push(Verdict {
                axis,
                value: raw.value.clone(),
                alternative: raw.alternative.clone(),
                footnote: raw.footnote.clone(),
                decided_by: raw.decided_by.clone(),
            });
        }
        verdicts.sort_by_key(|v| v.axis);
        verdicts
    }

    /// `as_of` names one 年 or 年度 (in an era or 西暦), not later than the report can know.
    fn check_as_of(&mut self, file: FileRef, at: &[String], text: &str, year: FiscalYear) {
        let folded = text.trim();
        let fiscal = folded.ends_with("年度");
        let western = folded
            .strip_suffix("年度")
            .or_else(|| folded.strip_suffix('年'))
            .filter(|n| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<i32>().ok());
        let Some(named) = western.or_else(|| parse_era_year(folded)) else {
            self.problem(
                file,
                child(at, &[&"as_of"]),
                format!("`{text}` is not one 年 or 年度"),
                Some("write the period the figure refers to as the report does, e.g. 平成28年 (calendar year) or 平成27年度 (fiscal year)".into()),
            );
            return;
        };
        // A fiscal year's report can hold data up to its own 年度, or the calendar year that
        // ends in it.
        let latest = if fiscal {
            i32::from(year)
        } else {
            i32::from(year) + 1
        };
        if named > latest {
            self.problem(
                file,
                child(at, &[&"as_of"]),
                format!(
                    "`{text}` is after the report's year {} ({})",
                    year,
                    crate::era::fiscal_year_ja(year)
                ),
                Some("a figure goes in the file of the report that published it; `as_of` names an earlier period".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates_are_checked_on_the_calendar() {
        assert!(is_date("2023-09-29"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-9-29"));
        assert!(!is_date("2023-13-01"));
        assert!(!is_date("令和5年9月29日"));
        assert!(!is_date("2023-09-+1"));
    }
}

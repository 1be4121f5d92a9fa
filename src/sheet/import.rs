//! `mieruka import-sheet`: a filled-in sheet back into the fiscal-year files.
//!
//! Every cell is checked first; when any cannot be used, each is reported with its sheet!cell
//! address and nothing is changed. Otherwise each year file is edited in place (see
//! [`super::yaml_edit`]): only values that differ from the file are rewritten, so a figure
//! written `1168.5` in the file and shown `1,168.5` in the sheet stays as it was.
//!
//! A sheet written by `export-sheet` carries the inputs as exported in hidden columns; an input
//! left as it was exported is left alone, so the file keeps whatever it holds now (another
//! department's copy imported earlier, an edit by hand). A sheet without those columns (a CSV
//! made by hand) sets every input it has.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::table::{self, Table};
use super::yaml_edit::{Doc, Value};
use super::{
    ACTIVITIES, ACTUAL, CITY_ID, COMMENTARY, KPI_ID, PROJECT_ID, SHEET, STATUS, WAS_ACTIVITIES,
    WAS_ACTUAL, WAS_COMMENTARY, WAS_STATUS, YEAR, a1,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::era::FiscalYear;
use crate::figure::Figure;
use crate::load::raw::YearFile;
use crate::model::City;
use crate::scaffold::{year_file_text, year_path};
use crate::terms::{Actual, Status};

/// What an import changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Rows read (KPI and project rows).
    pub rows: usize,
    /// Each year file written, with the number of values changed in it.
    pub files: Vec<(PathBuf, usize)>,
}

/// 実績値 as typed.
#[derive(Debug, Clone, PartialEq)]
enum ActualIn {
    /// Left empty: not filled in yet.
    Empty,
    /// A figure, with its text exactly as typed (trimmed).
    Value(String, Figure),
    /// 算出不可 / 対象外, with the code a year file writes.
    State(Actual, &'static str),
}

/// What a KPI's row sets; `None` leaves the file's value as it is.
#[derive(Debug, Default)]
struct KpiIn {
    actual: Option<ActualIn>,
    status: Option<Option<Status>>,
    commentary: Option<Option<String>>,
}

#[derive(Debug, Default)]
struct ProjectIn {
    /// Set only from the project's own row (a project without KPI).
    commentary: Option<Option<String>>,
    /// Set from the project's first row.
    activities: Option<Vec<String>>,
}

/// What each (city, fiscal year) should hold.
type Wanted = BTreeMap<(String, FiscalYear), YearIn>;

#[derive(Debug, Default)]
struct YearIn {
    kpis: Vec<(String, KpiIn)>,
    projects: BTreeMap<String, ProjectIn>,
    project_order: Vec<String>,
}

/// Reads `file` (.xlsx or .csv) into the year files under `root/content`. Changes nothing and
/// returns every unusable cell when there is one.
pub fn import(root: &Path, file: &Path) -> Result<ImportReport> {
    let site = crate::check(root, &crate::Overrides::default())
        .context("the content must be free of errors before a sheet is imported")?
        .site;
    let table = table::read(file, SHEET)?;
    let (years, rows) = read_rows(&site.cities, &table, file).map_err(anyhow::Error::new)?;

    let mut planned = Vec::new();
    for ((city_id, year), wanted) in &years {
        let city = site
            .cities
            .iter()
            .find(|c| &c.id == city_id)
            .expect("rows name known cities");
        let path = year_path(root, city_id, *year);
        let exists = path.exists();
        let text = if exists {
            std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?
        } else {
            year_file_text(city, *year)
        };
        let (new_text, changes) =
            edit(&text, wanted).with_context(|| format!("editing {}", path.display()))?;
        if changes > 0 || !exists {
            planned.push((path, new_text, changes));
        }
    }
    let mut files = Vec::new();
    for (path, text, changes) in planned {
        write_replacing(&path, &text)?;
        files.push((path, changes));
    }
    Ok(ImportReport { rows, files })
}

fn write_replacing(path: &Path, text: &str) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.mieruka-import"));
    std::fs::write(&temp, text).with_context(|| format!("writing {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("replacing {}", path.display()))
}

/// The cells' text, checked: what each (city, year) should hold, and the number of rows.
fn read_rows(cities: &[City], table: &Table, file: &Path) -> Result<(Wanted, usize), Diagnostics> {
    let mut problems = Vec::new();
    let problem = |row: usize, col: usize, message: String, hint: &str| {
        Diagnostic::new(file, row + 1, col + 1, message)
            .field(format!("{}!{}", table.sheet, a1(row as u32, col as u32)))
            .hint(hint)
    };
    let header: Vec<String> = table
        .rows
        .first()
        .map(|r| r.iter().map(|c| c.text.trim().to_string()).collect())
        .unwrap_or_default();
    let mut col = HashMap::new();
    for name in [
        CITY_ID, YEAR, PROJECT_ID, KPI_ID, ACTUAL, STATUS, COMMENTARY, ACTIVITIES,
    ] {
        match header.iter().position(|h| h == name) {
            Some(c) => {
                col.insert(name, c);
            }
            None => problems.push(problem(
                0,
                0,
                format!("the first row has no column headed `{name}`"),
                "import a sheet written by mieruka export-sheet, with its first row and its hidden id columns kept as they are",
            )),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    // The inputs as exported, when the sheet has them (see the module doc).
    let was_col: Option<[usize; 4]> = [WAS_ACTUAL, WAS_STATUS, WAS_COMMENTARY, WAS_ACTIVITIES]
        .map(|name| header.iter().position(|h| h == name))
        .into_iter()
        .collect::<Option<Vec<usize>>>()
        .and_then(|v| v.try_into().ok());
    let was = |r: usize, i: usize| -> Option<String> {
        let c = was_col?[i];
        Some(table.cell(r, c).map_or(String::new(), |cell| {
            cell.text.replace("\r\n", "\n").replace('\r', "\n")
        }))
    };

    let mut years: Wanted = BTreeMap::new();
    let mut first_row: HashMap<(String, FiscalYear, String, &str), usize> = HashMap::new();
    let mut count = 0;
    for r in 1..table.rows.len() {
        let mut bad = false;
        let mut text = |name: &str| -> String {
            let c = col[name];
            match table.cell(r, c) {
                Some(cell) => {
                    if let Some((message, hint)) = &cell.problem {
                        problems.push(problem(r, c, message.clone(), hint));
                        bad = true;
                    }
                    cell.text.replace("\r\n", "\n").replace('\r', "\n")
                }
                None => String::new(),
            }
        };
        let [
            city_id,
            year,
            project_id,
            kpi_id,
            actual,
            status,
            commentary,
            activities,
        ] = [
            CITY_ID, YEAR, PROJECT_ID, KPI_ID, ACTUAL, STATUS, COMMENTARY, ACTIVITIES,
        ]
        .map(&mut text);
        if bad {
            continue;
        }
        let all = [
            &city_id,
            &year,
            &project_id,
            &kpi_id,
            &actual,
            &status,
            &commentary,
            &activities,
        ];
        if all.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        count += 1;
        let ids_hint = "keep the hidden id columns (A–D) as export-sheet wrote them: export the sheet again if they were changed";
        let (city_id, project_id, kpi_id) = (city_id.trim(), project_id.trim(), kpi_id.trim());
        let Some(city) = cities.iter().find(|c| c.id == city_id) else {
            problems.push(problem(
                r,
                col[CITY_ID],
                format!("no city `{city_id}` in content/"),
                ids_hint,
            ));
            continue;
        };
        // The year's KPIs and projects are those of the strategy in force that year.
        let Some((year, city)) = year.trim().parse::<FiscalYear>().ok().and_then(|y| {
            city.generations()
                .find(|c| c.strategy.in_force(y))
                .map(|c| (y, c))
        }) else {
            problems.push(problem(
                r,
                col[YEAR],
                format!(
                    "`{}` is not a fiscal year of {}'s strategy period {}",
                    year.trim(),
                    city.name,
                    crate::scaffold::periods(city)
                ),
                ids_hint,
            ));
            continue;
        };
        if !project_id.is_empty() && !city.projects.iter().any(|p| p.id == project_id) {
            problems.push(problem(
                r,
                col[PROJECT_ID],
                format!("no project `{project_id}` in {}'s city.yaml", city.id),
                ids_hint,
            ));
            continue;
        }
        if !kpi_id.is_empty() && !city.kpis.iter().any(|k| k.id == kpi_id) {
            problems.push(problem(
                r,
                col[KPI_ID],
                format!("no KPI or 数値目標 `{kpi_id}` in {}'s city.yaml", city.id),
                ids_hint,
            ));
            continue;
        }
        if project_id.is_empty() && kpi_id.is_empty() {
            problems.push(problem(
                r,
                col[KPI_ID],
                "the row names no KPI and no project".into(),
                ids_hint,
            ));
            continue;
        }
        let key = (city.id.clone(), year);
        let mut first = |kind: &'static str, id: &str| -> Option<usize> {
            let k = (city.id.clone(), year, id.to_string(), kind);
            match first_row.get(&k) {
                Some(&row) => Some(row),
                None => {
                    first_row.insert(k, r);
                    None
                }
            }
        };
        let kpi_seen = (!kpi_id.is_empty()).then(|| first("kpi", kpi_id)).flatten();
        let project_seen = (!project_id.is_empty())
            .then(|| first("project", project_id))
            .flatten();
        let own_project_row = kpi_id.is_empty() && project_seen.is_none();
        let mut ok = true;
        if let Some(earlier) = kpi_seen {
            problems.push(problem(
                r,
                col[KPI_ID],
                format!("KPI `{kpi_id}` is on row {} already", earlier + 1),
                "each KPI has one row: delete the copy",
            ));
            continue;
        }
        if kpi_id.is_empty() && project_seen.is_some() {
            problems.push(problem(
                r,
                col[PROJECT_ID],
                format!("project `{project_id}` has a row already"),
                "each project has one row of its own: delete the copy",
            ));
            continue;
        }

        // 実績値 and 状態: on KPI rows only.
        let actual_in = match actual.trim() {
            "" => ActualIn::Empty,
            "算出不可" | "not_measurable" => {
                ActualIn::State(Actual::NotMeasurable, "not_measurable")
            }
            "対象外" | "not_applicable" => {
                ActualIn::State(Actual::NotApplicable, "not_applicable")
            }
            "調査中" | "pending" => ActualIn::State(Actual::Pending, "pending"),
            typed => match Figure::parse(typed) {
                Ok(f) => ActualIn::Value(typed.to_string(), f),
                Err(e) => {
                    problems.push(problem(r, col[ACTUAL], e.0, "write the figure as the report does (36.0, 1,168.5, △7.77), or 算出不可 / 対象外; leave the cell empty while the figure is not known"));
                    ok = false;
                    ActualIn::Empty
                }
            },
        };
        let status_in = match status.trim() {
            "" => None,
            "暫定値" | "provisional" => Some(Status::Provisional),
            "確定値" | "confirmed" => Some(Status::Confirmed),
            other => {
                problems.push(problem(
                    r,
                    col[STATUS],
                    format!("`{other}` is not a status"),
                    "choose 暫定値 or 確定値 from the list, or leave the cell empty",
                ));
                ok = false;
                None
            }
        };
        if kpi_id.is_empty() {
            for (name, value) in [(ACTUAL, &actual), (STATUS, &status)] {
                if !value.trim().is_empty() {
                    problems.push(problem(
                        r,
                        col[name],
                        format!("project `{project_id}` has no KPI: this row takes no {name}"),
                        "write the figure on the KPI's row; leave this cell empty",
                    ));
                    ok = false;
                }
            }
        } else if status_in.is_some() && !matches!(actual_in, ActualIn::Value(..)) {
            problems.push(problem(
                r,
                col[STATUS],
                format!("{STATUS} needs a figure in {ACTUAL}"),
                "暫定値 / 確定値 describe a figure: write the figure too, or empty this cell",
            ));
            ok = false;
        }

        // 主な取組内容: on the project's first row only.
        let activity_lines = lines(&activities);
        if !activity_lines.is_empty() {
            match (project_id.is_empty(), project_seen) {
                (true, _) => {
                    problems.push(problem(
                        r,
                        col[ACTIVITIES],
                        "a 数値目標 has no activities".into(),
                        "write activities on a project's row; leave this cell empty",
                    ));
                    ok = false;
                }
                (false, Some(earlier)) => {
                    problems.push(problem(
                        r,
                        col[ACTIVITIES],
                        format!(
                            "project `{project_id}`'s activities go on its first row, row {}",
                            earlier + 1
                        ),
                        "move the text to that row's 主な取組内容 and empty this cell",
                    ));
                    ok = false;
                }
                _ => {}
            }
        }
        if !ok {
            continue;
        }
        // An input is taken when it differs from the exported one (or nothing was exported).
        let changed = |i: usize, now: &str, same: fn(&str, &str) -> bool| {
            was(r, i).is_none_or(|was| !same(now, &was))
        };
        let actual_changed = changed(0, &actual, |a, b| a.trim() == b.trim());
        let status_changed = changed(1, &status, |a, b| a.trim() == b.trim());
        let commentary_changed = changed(2, &commentary, |a, b| normalized(a) == normalized(b));
        let activities_changed = changed(3, &activities, |a, b| lines(a) == lines(b));
        let commentary = normalized(&commentary);
        let entry = years.entry(key).or_default();
        if !kpi_id.is_empty() {
            entry.kpis.push((
                kpi_id.to_string(),
                KpiIn {
                    actual: actual_changed.then_some(actual_in),
                    status: status_changed.then_some(status_in),
                    commentary: (commentary_changed && !own_project_row)
                        .then(|| commentary.clone()),
                },
            ));
        }
        if !project_id.is_empty() {
            if !entry.projects.contains_key(project_id) {
                entry.project_order.push(project_id.to_string());
            }
            let p = entry.projects.entry(project_id.to_string()).or_default();
            if project_seen.is_none() && activities_changed {
                p.activities = Some(activity_lines);
            }
            if own_project_row && commentary_changed {
                p.commentary = Some(commentary);
            }
        }
    }
    if problems.is_empty() {
        Ok((years, count))
    } else {
        problems.sort();
        Err(Diagnostics(problems))
    }
}

/// Activities as typed: one a line, blank lines dropped, trailing spaces trimmed.
fn lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// Commentary as typed, with Windows line ends made `\n` and trailing blank space dropped; one
/// final line break, as a `|` block keeps it. `None` when empty.
fn normalized(text: &str) -> Option<String> {
    let text = text.trim_end();
    (!text.trim().is_empty()).then(|| format!("{text}\n"))
}

fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    a.map(str::trim_end).filter(|t| !t.is_empty()) == b.map(str::trim_end).filter(|t| !t.is_empty())
}

/// Applies one year's wanted values to its file's text: the new text and how many values
/// changed. Checks the result reads back as exactly those values.
fn edit(text: &str, wanted: &YearIn) -> Result<(String, usize)> {
    let before: YearFile = serde_yaml::from_str(text)
        .context("the year file does not load: run mieruka check and fix it first")?;
    let mut doc = Doc::new(text);
    let mut changes = 0;
    let mut set = |doc: &mut Doc, section: &str, id: &str, key: &str, value: Value| -> Result<()> {
        changes += 1;
        doc.set(section, id, key, &value)
    };
    for (id, k) in &wanted.kpis {
        let old = before.kpis.0.get(id);
        let new_entry = old.is_none();
        let nothing = matches!(k.actual, None | Some(ActualIn::Empty))
            && k.status.flatten().is_none()
            && k.commentary.clone().flatten().is_none();
        if new_entry && nothing {
            // Left out of the file (記載なし) and left empty in the sheet: stays left out.
            continue;
        }
        let old_actual = old.and_then(|o| o.actual.as_ref().map(|a| a.actual));
        let has_parts = old.is_some_and(|o| !o.parts.is_empty());
        // The text to write after `actual:`, when it changes.
        let actual_text = match &k.actual {
            None => new_entry.then(String::new),
            Some(ActualIn::Empty) => {
                (new_entry || (old_actual.is_some() && !has_parts)).then(String::new)
            }
            Some(ActualIn::Value(typed, f)) => {
                (old_actual != Some(Actual::Value(*f))).then(|| typed.clone())
            }
            Some(ActualIn::State(state, code)) => {
                (old_actual != Some(*state)).then(|| code.to_string())
            }
        };
        if let Some(text) = actual_text {
            set(&mut doc, "kpis", id, "actual", Value::Inline(text))?;
        }
        // A status describes a figure: it goes when the figure does, unless the sheet says more.
        let status = match (k.status, &k.actual) {
            (None, Some(ActualIn::Empty | ActualIn::State(..))) if !has_parts => Some(None),
            (status, _) => status,
        };
        if let Some(status) = status
            && old.and_then(|o| o.status) != status
        {
            let value = match status {
                Some(s) => Value::Inline(s.code().into()),
                None => Value::Remove,
            };
            set(&mut doc, "kpis", id, "status", value)?;
        }
        let old_commentary = old.and_then(|o| o.commentary.as_deref());
        let commentary = match &k.commentary {
            None => new_entry.then(String::new),
            Some(want) => (new_entry
                || (!same_text(old_commentary, want.as_deref())
                    && (old_commentary.is_some() || want.is_some())))
            .then(|| want.clone().unwrap_or_default()),
        };
        if let Some(text) = commentary {
            set(&mut doc, "kpis", id, "commentary", Value::Text(text))?;
        }
    }
    for id in &wanted.project_order {
        let p = &wanted.projects[id];
        let old = before.projects.0.get(id);
        if let Some(commentary) = &p.commentary {
            let old_commentary = old.and_then(|o| o.commentary.as_deref());
            if !same_text(old_commentary, commentary.as_deref()) {
                set(
                    &mut doc,
                    "projects",
                    id,
                    "commentary",
                    Value::Text(commentary.clone().unwrap_or_default()),
                )?;
            }
        }
        if let Some(activities) = &p.activities {
            let old_activities = old.map(|o| o.activities.as_slice()).unwrap_or(&[]);
            if old_activities != activities.as_slice() {
                set(
                    &mut doc,
                    "projects",
                    id,
                    "activities",
                    Value::List(activities.clone()),
                )?;
            }
        }
    }
    let new_text = doc.text();
    verify(&new_text, wanted, &before)?;
    Ok((new_text, changes))
}

/// Reads the edited text back and checks it holds what the sheet said.
fn verify(text: &str, wanted: &YearIn, before: &YearFile) -> Result<()> {
    let before_has = |id: &str| before.kpis.0.contains_key(id);
    let after: YearFile = serde_yaml::from_str(text).context(
        "the edited year file would not load (this is a bug in import-sheet; nothing was written)",
    )?;
    for (id, k) in &wanted.kpis {
        let Some(entry) = after.kpis.0.get(id) else {
            if before_has(id) {
                bail!("KPI `{id}` is missing after the edit; nothing was written");
            }
            continue;
        };
        let actual_ok = match &k.actual {
            None => true,
            Some(ActualIn::Empty) => entry.actual.is_none(),
            Some(ActualIn::Value(_, f)) => {
                entry.actual.as_ref().map(|a| a.actual) == Some(Actual::Value(*f))
            }
            Some(ActualIn::State(s, _)) => entry.actual.as_ref().map(|a| a.actual) == Some(*s),
        };
        let status_ok = k.status.is_none_or(|s| entry.status == s);
        let commentary_ok = k
            .commentary
            .as_ref()
            .is_none_or(|c| same_text(entry.commentary.as_deref(), c.as_deref()));
        if !actual_ok || !status_ok || !commentary_ok {
            bail!("KPI `{id}` does not read back as imported; nothing was written");
        }
    }
    for (id, p) in &wanted.projects {
        let entry = after.projects.0.get(id);
        if let Some(activities) = &p.activities {
            let got = entry.map(|e| e.activities.as_slice()).unwrap_or(&[]);
            if got != activities.as_slice() {
                bail!(
                    "the activities of project `{id}` do not read back as imported; nothing was written"
                );
            }
        }
        if let Some(commentary) = &p.commentary
            && !same_text(
                entry.and_then(|e| e.commentary.as_deref()),
                commentary.as_deref(),
            )
        {
            bail!(
                "the commentary of project `{id}` does not read back as imported; nothing was written"
            );
        }
    }
    Ok(())
}

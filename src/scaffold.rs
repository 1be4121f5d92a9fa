//! `mieruka new-year`: the fiscal-year file of every city, ready to be filled in.
//!
//! The file lists every KPI and 数値目標 that has a target that year or is tracked without one
//! (実績値の管理), with its name, unit and the year's target as comments, and every project,
//! each with empty fields. An empty `actual:` is "not filled in yet" (a warning of `validate`).
//! [`year_rows`] is also the row order of the fill-in workbook (`mieruka export-sheet`).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::era::{FiscalYear, fiscal_year_label};
use crate::model::{City, Kpi, KpiIx, KpiKind, ProjectIx, Site, Target, for_each_entry};

/// One KPI or 数値目標 of a year, or a project that has no KPI row that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub goal: usize,
    /// The project the KPI belongs to (none for a 数値目標), or the project of a project row.
    pub project: Option<ProjectIx>,
    /// None for a project row.
    pub kpi: Option<KpiIx>,
}

/// Whether a KPI is reported in `year`: it has a target that applies then, or it is tracked
/// without a target.
pub fn tracked(kpi: &Kpi, year: FiscalYear) -> bool {
    let (target, _) = kpi.target_in_force(year);
    !target.is_set() || target.applicable(year).is_some()
}

/// A year's rows in the order of the report: per goal its 数値目標, then its projects' KPIs as
/// listed (each KPI once). A KPI is included when it is [`tracked`] that year or already has an
/// entry in the year's file; a project is given a row of its own when none of its KPIs has one.
pub fn year_rows(city: &City, year: FiscalYear) -> Vec<Row> {
    let wanted = |k: KpiIx| tracked(&city.kpis[k], year) || city.kpis[k].years.contains_key(&year);
    let mut rows = Vec::new();
    let mut seen_kpis = HashSet::new();
    let mut seen_projects = HashSet::new();
    for (g, goal) in city.goals.iter().enumerate() {
        for &k in &goal.indicators {
            if wanted(k) && seen_kpis.insert(k) {
                rows.push(Row {
                    goal: g,
                    project: None,
                    kpi: Some(k),
                });
            }
        }
        for_each_entry(&goal.measures, &mut |entry| {
            for &k in &entry.kpis {
                if wanted(k) && seen_kpis.insert(k) {
                    let project = city.kpis[k].project.unwrap_or(entry.project);
                    seen_projects.insert(project);
                    rows.push(Row {
                        goal: g,
                        project: Some(project),
                        kpi: Some(k),
                    });
                }
            }
            if !entry.relisted && seen_projects.insert(entry.project) {
                rows.push(Row {
                    goal: g,
                    project: Some(entry.project),
                    kpi: None,
                });
            }
        });
    }
    rows
}

/// The target that applies in `year` (the one in force then), in words: `38.0%`, `累計 9人`, `30%以上`,
/// `6,300人（令和7年度の目標）`, `目標値なし（実績値の管理）`.
pub fn target_text(kpi: &Kpi, year: FiscalYear) -> String {
    let (target, _) = kpi.target_in_force(year);
    if !target.is_set() {
        return "目標値なし（実績値の管理）".into();
    }
    if let Target::Change { word, .. } = target {
        return format!("{}（基準値と比較）", word.ja());
    }
    let Some(value) = target.applicable(year) else {
        return "この年度の目標値なし".into();
    };
    let figure = format!("{}{}", value.display(), kpi.unit);
    match target {
        Target::Threshold { comparison, .. } => format!("{figure}{}", comparison.ja()),
        Target::Cumulative { .. } => format!("累計 {figure}"),
        Target::Final { year: last, .. } if *last != year => {
            format!("{figure}（{}の目標）", crate::era::fiscal_year_ja(*last))
        }
        Target::Period { label, .. } => format!("{figure}（{label}）"),
        Target::Final { .. }
        | Target::Yearly { .. }
        | Target::EachYear { .. }
        | Target::None { .. } => figure,
        Target::Change { word, .. } => word.ja().to_string(),
    }
}

/// 基準値 in words: `36.7%（令和元年）`, `—` where the report shows none.
pub fn baseline_text(kpi: &Kpi) -> String {
    let Some(baseline) = &kpi.baseline else {
        return String::new();
    };
    let value = match baseline.value {
        Some(v) => format!(
            "{}{}",
            v.display(),
            baseline.unit.as_deref().unwrap_or(&kpi.unit)
        ),
        None => "—".into(),
    };
    match &baseline.as_of {
        Some(as_of) => format!("{value}（{as_of}）"),
        None => value,
    }
}

/// The text of a new fiscal-year file for `city`.
pub fn year_file_text(city: &City, year: FiscalYear) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = format!(
        "# {} {} 実績値と所見\n\
         # mieruka new-year で作成。各KPIの `actual:` に実績値、`commentary:` に所見（Markdown）を書きます。\n\
         # `actual:` が空のKPIは未記入として mieruka check が警告し、ページでは「記載なし」と表示されます。\n\
         fiscal_year: {year}\n\
         kpis:\n",
        city.name,
        fiscal_year_label(year)
    );
    let rows = year_rows(city, year);
    for row in &rows {
        let Some(k) = row.kpi else { continue };
        let kpi = &city.kpis[k];
        let kind = match kpi.kind {
            KpiKind::Indicator => "数値目標",
            KpiKind::Kpi => "KPI",
        };
        let unit = if kpi.unit.is_empty() {
            "なし"
        } else {
            &kpi.unit
        };
        out.push_str(&format!(
            "  # {kind}: {}（単位: {unit}） 目標値: {}\n  {}:\n    actual:\n    commentary:\n",
            one_line(&kpi.name),
            one_line(&target_text(kpi, year)),
            kpi.id
        ));
    }
    out.push_str("projects:\n");
    for project in &city.projects {
        let name = project.name.as_deref().map_or("—".to_string(), one_line);
        out.push_str(&format!(
            "  # {name}\n  {}:\n    commentary:\n    activities: []\n",
            project.id
        ));
    }
    out
}

/// The city ids a command applies to: `only`, or every city.
pub fn chosen_cities<'a>(site: &'a Site, only: Option<&str>) -> Result<Vec<&'a City>> {
    match only {
        None => Ok(site.cities.iter().collect()),
        Some(id) => match site.cities.iter().find(|c| c.id == id) {
            Some(city) => Ok(vec![city]),
            None => {
                let ids: Vec<&str> = site.cities.iter().map(|c| c.id.as_str()).collect();
                bail!(
                    "no city `{id}` in content/: --city takes a city folder name ({})",
                    ids.join(", ")
                )
            }
        },
    }
}

/// The city under the strategy in force in a fiscal year (its goals, KPIs and projects); a
/// year in none is refused, with the periods in the message.
pub fn check_period(city: &City, year: FiscalYear, all_cities: bool) -> Result<&City> {
    match city.generations().find(|c| c.strategy.in_force(year)) {
        Some(generation) => Ok(generation),
        None => bail!(
            "fiscal year {year} ({}) is outside {}'s strategy period {}: \
             a new strategy period needs its strategy in content/{}/strategy-{year}.yaml first (see content/README.md){}",
            crate::era::fiscal_year_ja(year),
            city.name,
            periods(city),
            city.id,
            if all_cities {
                " (or choose the cities whose period covers it with --city)"
            } else {
                ""
            }
        ),
    }
}

/// A city's strategy periods as messages name them: `2020–2024 (第2期…)`, each in force.
pub fn periods(city: &City) -> String {
    city.generations()
        .map(|c| {
            format!(
                "{}–{} ({})",
                c.strategy.from, c.strategy.until, c.strategy.name
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A city's fiscal-year file, as the user would type it: `content/sunagawa/2023.yaml` when
/// mieruka runs in the site folder, `<root>/content/…` otherwise.
pub fn year_path(root: &Path, city: &str, year: FiscalYear) -> PathBuf {
    let path = Path::new("content").join(city).join(format!("{year}.yaml"));
    if root.as_os_str().is_empty() || root == Path::new(".") {
        path
    } else {
        root.join(path)
    }
}

/// Writes `content/<city>/<year>.yaml` for every city (or `only`). Writes nothing when any city
/// refuses: a year outside its strategy period, or a file that already exists. Returns the
/// files written.
pub fn new_year(root: &Path, year: FiscalYear, only: Option<&str>) -> Result<Vec<PathBuf>> {
    let site = crate::check(root, &crate::Overrides::default())
        .context("the content must be free of errors before a new year is added")?
        .site;
    let cities = chosen_cities(&site, only)?;
    let mut planned = Vec::new();
    for city in cities {
        let city = check_period(city, year, only.is_none())?;
        let path = year_path(root, &city.id, year);
        if path.exists() {
            bail!(
                "{} already exists: new-year never overwrites a year file \
                 (edit it, or remove it first to start again)",
                path.display()
            );
        }
        planned.push((path, year_file_text(city, year)));
    }
    let mut written = Vec::new();
    for (path, text) in planned {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        file.write_all(text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

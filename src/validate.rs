//! `validate`: turn the parsed files into the model, collecting every problem.
//!
//! Problems found here are recorded with the field path they concern; only when there are any is
//! each file re-read to turn those paths into lines (see `locate`).

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::era::{FiscalYear, fiscal_year_ja};
use crate::evaluate::{Basis, GradeDef, Grading, PRESETS};
use crate::figure::Figure;
use crate::load::{Loaded, LoadedCity, Parsed, Source};
use crate::locate::locate;
use crate::model::raw::{self, BaselineValue, Shape};
use crate::model::{
    Actual, Baseline, City, Goal, Kpi, KpiIx, KpiKind, KpiYear, Measure, Part, PartLabel, Project,
    ProjectEntry, ProjectIx, ProjectYear, Site, SiteConfig, Strategy, Target,
};

/// Command-line settings that override `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
}

/// Builds the site model, or returns every problem in the content.
pub fn validate(loaded: Loaded, overrides: &Overrides) -> Result<Site, Diagnostics> {
    let mut problems = loaded.problems;
    let config = loaded.site.as_ref().map(|site| {
        let (config, site_problems) = site_config(site, overrides);
        problems.extend(
            site_problems
                .into_iter()
                .map(|p| p.into_diagnostic(Some(&site.source), &site.source.path)),
        );
        config
    });
    let site_grading = config
        .as_ref()
        .map_or_else(Grading::default_scheme, |c| c.grading.clone());
    let cities: Vec<City> = loaded
        .cities
        .iter()
        .filter_map(|city| {
            let mut checker = CityChecker {
                grading: site_grading.clone(),
                ..CityChecker::default()
            };
            let built = checker.city(city);
            problems.extend(checker.into_diagnostics(city));
            built
        })
        .collect();
    match config {
        Some(config) if problems.is_empty() => Ok(Site { config, cities }),
        _ => {
            problems.sort();
            Err(Diagnostics(problems))
        }
    }
}

/// Whether a text is a valid id: ASCII lower-case letters, digits and hyphens.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

fn site_config(site: &Parsed<raw::SiteFile>, overrides: &Overrides) -> (SiteConfig, Vec<Problem>) {
    let data = &site.data;
    let mut problems = Vec::new();
    let grading = data
        .grading
        .as_ref()
        .and_then(|g| grading(g, FileRef::Site, &mut problems))
        .unwrap_or_else(Grading::default_scheme);
    let config = SiteConfig {
        title: data.title.clone(),
        language: data.language.clone(),
        base_url: overrides
            .base_url
            .clone()
            .or_else(|| data.base_url.clone())
            .unwrap_or_else(|| "/".to_string()),
        theme: data.theme.clone().unwrap_or_else(|| "default".to_string()),
        description: data.description.clone(),
        grading,
        accessibility: data.accessibility.clone().unwrap_or_default(),
    };
    if let Some(level) = config.accessibility.level.as_deref()
        && !matches!(level, "A" | "AA" | "AAA")
    {
        problems.push(Problem {
            file: FileRef::Site,
            field: path(&[&"accessibility", &"level"]),
            message: format!("`{level}` is not a conformance level"),
            hint: Some("write A, AA or AAA (public-sector sites aim at AA)".into()),
        });
    }
    (config, problems)
}

/// Checks a `grading:` block: a known preset, or grades ordered from best to worst with the
/// bounds their basis needs.
fn grading(raw: &raw::GradingFile, file: FileRef, problems: &mut Vec<Problem>) -> Option<Grading> {
    let at = path(&[&"grading"]);
    let mut problem = |field: Vec<String>, message: String, hint: &str| {
        problems.push(Problem {
            file,
            field,
            message,
            hint: Some(hint.to_string()),
        })
    };
    let presets = PRESETS.join(", ");
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
                let last = i + 1 == grades.len();
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
                grades: grades
                    .iter()
                    .map(|g| GradeDef {
                        symbol: g.symbol.clone(),
                        label: g.label.clone(),
                        at_least: g.at_least,
                        trend: g.trend,
                        outcome: g.outcome,
                    })
                    .collect(),
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

/// Which file of a city a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileRef {
    Site,
    City,
    Year(usize),
    Folder,
}

#[derive(Debug)]
struct Problem {
    file: FileRef,
    field: Vec<String>,
    message: String,
    hint: Option<String>,
}

/// Validates one city, remembering problems by field path.
#[derive(Default)]
struct CityChecker {
    /// The scheme grades are checked against: the city's own, or the site's.
    grading: Grading,
    problems: Vec<Problem>,
    projects: Vec<Project>,
    project_ids: HashMap<String, ProjectIx>,
    kpis: Vec<Kpi>,
    kpi_ids: HashMap<String, KpiIx>,
    /// (kpi, project ids, field path) of `also_projects`.
    also: Vec<(KpiIx, Vec<String>, Vec<String>)>,
}

/// A path of field names, built as the checker descends.
fn path(parts: &[&dyn ToString]) -> Vec<String> {
    parts.iter().map(|p| p.to_string()).collect()
}

fn child(base: &[String], parts: &[&dyn ToString]) -> Vec<String> {
    let mut p = base.to_vec();
    p.extend(parts.iter().map(|p| p.to_string()));
    p
}

impl CityChecker {
    fn problem(
        &mut self,
        file: FileRef,
        field: Vec<String>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.problems.push(Problem {
            file,
            field,
            message: message.into(),
            hint,
        });
    }

    fn city(&mut self, loaded: &LoadedCity) -> Option<City> {
        if !is_valid_id(&loaded.id) {
            self.problem(
                FileRef::Folder,
                Vec::new(),
                format!("folder name `{}` is not a valid city id", loaded.id),
                Some("name the folder in lower-case ASCII letters, digits and hyphens, e.g. sunagawa".into()),
            );
        }
        // A missing or unparsable city.yaml is already a problem from `load`.
        let city_file = loaded.city.as_ref()?;
        let data = &city_file.data;
        let strategy = self.strategy(&data.strategy);
        if let Some(raw) = &data.grading {
            let mut problems = Vec::new();
            if let Some(scheme) = grading(raw, FileRef::City, &mut problems) {
                self.grading = scheme;
            }
            self.problems.extend(problems);
        }
        for (i, goal) in data.goals.iter().enumerate() {
            self.declare_projects(&goal.measures, i, &path(&[&"goals", &i]));
        }
        let goals: Vec<Goal> = data
            .goals
            .iter()
            .enumerate()
            .map(|(i, goal)| self.goal(i, goal, &strategy))
            .collect();
        self.check_unique_goal_ids(&goals);
        self.resolve_also_projects();
        let years = self.years(loaded, &strategy);
        Some(City {
            id: loaded.id.clone(),
            name: data.name.clone(),
            prefecture: data.prefecture.clone(),
            strategy,
            grading: self.grading.clone(),
            goals,
            projects: std::mem::take(&mut self.projects),
            kpis: std::mem::take(&mut self.kpis),
            years,
        })
    }

    fn strategy(&mut self, raw: &raw::StrategyFile) -> Strategy {
        let (from, to) = (raw.period.from, raw.period.to);
        if from > to || !(1989..=2100).contains(&from) || !(1989..=2100).contains(&to) {
            self.problem(
                FileRef::City,
                path(&[&"strategy", &"period"]),
                format!("period {from}–{to} is not a span of fiscal years"),
                Some("write the first and last fiscal year in 西暦, e.g. {from: 2021, to: 2025} for 令和3–7年度".into()),
            );
        }
        Strategy {
            name: raw.name.clone(),
            from,
            to: to.max(from),
            source: raw.source.clone(),
        }
    }

    fn goal(&mut self, index: usize, raw: &raw::GoalFile, strategy: &Strategy) -> Goal {
        let at = path(&[&"goals", &index]);
        self.check_id(FileRef::City, child(&at, &[&"id"]), &raw.id);
        let indicators = raw
            .indicators
            .iter()
            .enumerate()
            .map(|(i, k)| {
                self.kpi(
                    k,
                    KpiKind::Indicator,
                    index,
                    None,
                    child(&at, &[&"indicators", &i]),
                    strategy,
                )
            })
            .collect();
        let measures = raw
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| self.measure(m, index, child(&at, &[&"measures", &i]), strategy))
            .collect();
        Goal {
            id: raw.id.clone(),
            number: raw.number.clone(),
            title: raw.title.clone(),
            indicators,
            measures,
        }
    }

    fn measure(
        &mut self,
        raw: &raw::MeasureFile,
        goal: usize,
        at: Vec<String>,
        strategy: &Strategy,
    ) -> Measure {
        let measures = raw
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| self.measure(m, goal, child(&at, &[&"measures", &i]), strategy))
            .collect();
        let entries = raw
            .projects
            .iter()
            .enumerate()
            .filter_map(|(i, p)| self.project(p, goal, child(&at, &[&"projects", &i]), strategy))
            .collect();
        Measure {
            number: raw.number.clone(),
            title: raw.title.clone(),
            measures,
            entries,
        }
    }

    /// Declares every project before the goals are walked, so a 再掲 listing or `also_projects`
    /// may name a project that comes later in the file.
    fn declare_projects(&mut self, measures: &[raw::MeasureFile], goal: usize, at: &[String]) {
        for (i, measure) in measures.iter().enumerate() {
            let m_at = child(at, &[&"measures", &i]);
            for (j, raw) in measure.projects.iter().enumerate() {
                let (Some(id), None) = (&raw.id, &raw.relist) else {
                    continue;
                };
                let id_at = child(&m_at, &[&"projects", &j, &"id"]);
                self.check_id(FileRef::City, id_at.clone(), id);
                if self.project_ids.contains_key(id) {
                    self.problem(
                        FileRef::City,
                        id_at,
                        format!("project id `{id}` is used twice"),
                        Some("give each project its own id; to list a project again under another goal use `relist:`".into()),
                    );
                    continue;
                }
                self.project_ids.insert(id.clone(), self.projects.len());
                self.projects.push(Project {
                    id: id.clone(),
                    name: raw.name.clone(),
                    note: raw.note.clone(),
                    no_kpi_reason: raw.no_kpi_reason.clone(),
                    goal,
                    shared_kpis: Vec::new(),
                    years: BTreeMap::new(),
                });
            }
            self.declare_projects(&measure.measures, goal, &m_at);
        }
    }

    /// A project listing: the first one, or a 再掲 of a project declared elsewhere.
    fn project(
        &mut self,
        raw: &raw::ProjectFile,
        goal: usize,
        at: Vec<String>,
        strategy: &Strategy,
    ) -> Option<ProjectEntry> {
        let (project, relisted) = match (&raw.relist, &raw.id) {
            (Some(relisted), _) => {
                if raw.id.is_some() || raw.name.is_some() || raw.no_kpi_reason.is_some() {
                    self.problem(
                        FileRef::City,
                        child(&at, &[&"relist"]),
                        "a relisted project (再掲) takes its id and name from the original listing",
                        Some("keep `relist:` and `kpis:` only, or drop `relist:` to declare a new project".into()),
                    );
                }
                let Some(&p) = self.project_ids.get(relisted) else {
                    let hint = self.unknown_project_hint(relisted);
                    self.problem(
                        FileRef::City,
                        child(&at, &[&"relist"]),
                        format!("no project with id `{relisted}` to relist"),
                        Some(hint),
                    );
                    return None;
                };
                (p, true)
            }
            (None, Some(id)) => (*self.project_ids.get(id)?, false),
            (None, None) => {
                self.problem(
                    FileRef::City,
                    at,
                    "project without `id`",
                    Some("give every project an id (ASCII, e.g. `id: school-support`), or `relist:` an existing one".into()),
                );
                return None;
            }
        };
        let kpis = raw
            .kpis
            .iter()
            .enumerate()
            .map(|(i, k)| {
                self.kpi(
                    k,
                    KpiKind::Kpi,
                    goal,
                    Some(project),
                    child(&at, &[&"kpis", &i]),
                    strategy,
                )
            })
            .collect();
        Some(ProjectEntry {
            project,
            relisted,
            kpis,
        })
    }

    fn kpi(
        &mut self,
        raw: &raw::KpiFile,
        kind: KpiKind,
        goal: usize,
        project: Option<ProjectIx>,
        at: Vec<String>,
        strategy: &Strategy,
    ) -> KpiIx {
        self.check_id(FileRef::City, child(&at, &[&"id"]), &raw.id);
        let ix = self.kpis.len();
        if self.kpi_ids.insert(raw.id.clone(), ix).is_some() {
            self.problem(
                FileRef::City,
                child(&at, &[&"id"]),
                format!("KPI id `{}` is used twice", raw.id),
                Some(
                    "KPIs and 数値目標 share one id space within a city: give each its own id"
                        .into(),
                ),
            );
        }
        if !raw.also_projects.is_empty() {
            self.also.push((
                ix,
                raw.also_projects.clone(),
                child(&at, &[&"also_projects"]),
            ));
        }
        let target = self.target(&raw.target, child(&at, &[&"target"]), strategy);
        self.kpis.push(Kpi {
            id: raw.id.clone(),
            kind,
            name: raw.name.clone(),
            unit: raw.unit.clone().unwrap_or_default(),
            direction: raw.direction,
            baseline: raw.baseline.as_ref().map(|b| Baseline {
                value: match b.value {
                    BaselineValue::Value(v) => Some(v),
                    BaselineValue::NotAvailable => None,
                },
                as_of: b.as_of.clone(),
                unit: b.unit.clone(),
            }),
            target,
            note: raw.note.clone(),
            goal,
            project,
            also_projects: Vec::new(),
            years: BTreeMap::new(),
        });
        ix
    }

    /// Checks that a target carries the fields its shape needs and no others.
    fn target(&mut self, raw: &raw::TargetFile, at: Vec<String>, strategy: &Strategy) -> Target {
        let shape_name = format!("{:?}", raw.shape).to_lowercase();
        let present: [(&str, bool); 9] = [
            ("values", raw.values.is_some()),
            ("value", raw.value.is_some()),
            ("stated", raw.stated.is_some()),
            ("year", raw.year.is_some()),
            ("from", raw.from.is_some()),
            ("to", raw.to.is_some()),
            ("label", raw.label.is_some()),
            ("comparison", raw.comparison.is_some()),
            ("running_total", raw.running_total.is_some()),
        ];
        let (required, allowed): (&[&str], &[&str]) = match raw.shape {
            Shape::Yearly => (&["values"], &["stated"]),
            Shape::EachYear => (&["value"], &["stated", "from", "to"]),
            Shape::Final => (&["value"], &["year"]),
            Shape::Cumulative => (&["value"], &["values", "from", "to", "running_total"]),
            Shape::Period => (&["value", "label"], &["year"]),
            Shape::Threshold => (&["value", "comparison"], &["from", "to"]),
            Shape::None => (&[], &[]),
        };
        let mut complete = true;
        for (field, is_present) in present {
            if is_present && !required.contains(&field) && !allowed.contains(&field) {
                self.problem(
                    FileRef::City,
                    child(&at, &[&field]),
                    format!("`{field}` does not apply to a `{shape_name}` target"),
                    Some(format!(
                        "a `{shape_name}` target takes {}",
                        fields_list(required, allowed)
                    )),
                );
            }
            if !is_present && required.contains(&field) {
                complete = false;
                self.problem(
                    FileRef::City,
                    at.clone(),
                    format!("a `{shape_name}` target needs `{field}`"),
                    Some(format!(
                        "a `{shape_name}` target takes {}",
                        fields_list(required, allowed)
                    )),
                );
            }
        }
        for (field, year) in [("year", raw.year), ("from", raw.from), ("to", raw.to)] {
            if let Some(year) = year {
                self.check_year_in_period(child(&at, &[&field]), year, strategy);
            }
        }
        let values: BTreeMap<FiscalYear, _> =
            raw.values.as_ref().map(|v| v.0.clone()).unwrap_or_default();
        for &year in values.keys() {
            self.check_year_in_period(child(&at, &[&"values", &year]), year, strategy);
        }
        if !complete {
            return Target::None { note: None };
        }
        let value = raw.value.unwrap_or(crate::figure::Figure::ZERO);
        let (from, to) = (
            raw.from.unwrap_or(strategy.from),
            raw.to.unwrap_or(strategy.to),
        );
        match raw.shape {
            Shape::Yearly => match raw.stated.or_else(|| values.values().next_back().copied()) {
                Some(stated) => Target::Yearly { values, stated },
                None => {
                    self.problem(
                        FileRef::City,
                        child(&at, &[&"values"]),
                        "a `yearly` target needs at least one year's value",
                        Some(
                            "write `values:` with one line per fiscal year, e.g. `2022: 37.0`"
                                .into(),
                        ),
                    );
                    Target::None { note: None }
                }
            },
            Shape::EachYear => Target::EachYear {
                value,
                stated: raw.stated.unwrap_or(value),
                from,
                to,
            },
            Shape::Final => Target::Final {
                value,
                year: raw.year.unwrap_or(strategy.to),
            },
            Shape::Cumulative => Target::Cumulative {
                total: value,
                values,
                from,
                to,
                running_total: raw.running_total.unwrap_or(false),
            },
            Shape::Period => Target::Period {
                value,
                label: raw.label.clone().unwrap_or_default(),
                year: raw.year.unwrap_or(strategy.to),
            },
            Shape::Threshold => Target::Threshold {
                value,
                comparison: raw.comparison.unwrap_or(crate::model::Comparison::AtLeast),
                from,
                to,
            },
            Shape::None => Target::None {
                note: raw.note.clone(),
            },
        }
    }

    fn check_year_in_period(&mut self, at: Vec<String>, year: FiscalYear, strategy: &Strategy) {
        if !strategy.covers(year) {
            self.problem(
                FileRef::City,
                at,
                format!(
                    "fiscal year {year} ({}) is outside the strategy period {}–{}",
                    fiscal_year_ja(year),
                    strategy.from,
                    strategy.to
                ),
                Some("fiscal years are written in 西暦 (2022 = 令和4年度) and must lie in strategy.period".into()),
            );
        }
    }

    fn check_id(&mut self, file: FileRef, at: Vec<String>, id: &str) {
        if !is_valid_id(id) {
            self.problem(
                file,
                at,
                format!("`{id}` is not a valid id"),
                Some("ids are lower-case ASCII letters, digits and hyphens, e.g. hs-hire-rate; they become page addresses".into()),
            );
        }
    }

    fn check_unique_goal_ids(&mut self, goals: &[Goal]) {
        let mut seen = HashMap::new();
        for (i, goal) in goals.iter().enumerate() {
            if seen.insert(goal.id.clone(), i).is_some() {
                self.problem(
                    FileRef::City,
                    path(&[&"goals", &i, &"id"]),
                    format!("goal id `{}` is used twice", goal.id),
                    Some("give each goal its own id, e.g. goal-1, goal-2".into()),
                );
            }
        }
    }

    /// Resolves `also_projects` now that every project id is known.
    fn resolve_also_projects(&mut self) {
        for (kpi, ids, at) in std::mem::take(&mut self.also) {
            for (i, id) in ids.iter().enumerate() {
                match self.project_ids.get(id).copied() {
                    Some(p) => {
                        self.kpis[kpi].also_projects.push(p);
                        self.projects[p].shared_kpis.push(kpi);
                    }
                    None => {
                        let hint = self.unknown_project_hint(id);
                        self.problem(
                            FileRef::City,
                            child(&at, &[&i]),
                            format!("no project with id `{id}`"),
                            Some(hint),
                        );
                    }
                }
            }
        }
    }

    fn unknown_project_hint(&self, id: &str) -> String {
        did_you_mean(id, self.project_ids.keys())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| "use the `id:` of a project in city.yaml".into())
    }

    /// Reads every fiscal-year file into the KPIs and projects.
    fn years(&mut self, loaded: &LoadedCity, strategy: &Strategy) -> Vec<FiscalYear> {
        let mut years = Vec::new();
        for (file_index, (year, parsed)) in loaded.years.iter().enumerate() {
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
            if !strategy.covers(*year) {
                self.problem(
                    file,
                    path(&[&"fiscal_year"]),
                    format!(
                        "fiscal year {year} ({}) is outside the strategy period {}–{}",
                        fiscal_year_ja(*year),
                        strategy.from,
                        strategy.to
                    ),
                    Some("a new strategy period needs its own strategy.period; check the year in the file name".into()),
                );
            }
            for (id, entry) in &data.kpis.0 {
                self.kpi_year(file, *year, id, entry);
            }
            for (id, entry) in &data.projects.0 {
                let at = path(&[&"projects", id]);
                match self.project_ids.get(id).copied() {
                    Some(p) => {
                        self.projects[p].years.insert(
                            *year,
                            ProjectYear {
                                commentary: entry.commentary.clone(),
                                activities: entry.activities.clone(),
                            },
                        );
                    }
                    None => {
                        let hint = self.unknown_project_hint(id);
                        self.problem(
                            file,
                            at,
                            format!("no project with id `{id}` in city.yaml"),
                            Some(hint),
                        );
                    }
                }
            }
            years.push(*year);
        }
        years
    }

    fn kpi_year(&mut self, file: FileRef, year: FiscalYear, id: &str, entry: &raw::KpiYearFile) {
        let at = path(&[&"kpis", &id]);
        let Some(&kpi) = self.kpi_ids.get(id) else {
            let hint = did_you_mean(id, self.kpi_ids.keys())
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| "use the `id:` of a KPI or 数値目標 in city.yaml".into());
            self.problem(
                file,
                at,
                format!("no KPI or 数値目標 with id `{id}` in city.yaml"),
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
        let summed_parts = parts.iter().map(|p| p.value).try_fold(
            crate::figure::Figure::ZERO,
            crate::figure::Figure::checked_add,
        );
        let (actual, summed) = match (entry.actual, parts.is_empty()) {
            (Some(actual), _) => (actual, false),
            (None, false) => (
                summed_parts.map_or(Actual::NotReported, Actual::Value),
                true,
            ),
            (None, true) => (Actual::NotReported, false),
        };
        if let Some(symbol) = &entry.committee_grade
            && !self.grading.grades.iter().any(|g| &g.symbol == symbol)
        {
            let symbols: Vec<&str> = self
                .grading
                .grades
                .iter()
                .map(|g| g.symbol.as_str())
                .collect();
            self.problem(
                file,
                child(&at, &[&"committee_grade"]),
                format!(
                    "`{symbol}` is not a grade of the scheme {}",
                    self.grading.name
                ),
                Some(format!("use one of {}", symbols.join(", "))),
            );
        }
        if entry.status.is_some() && !matches!(actual, Actual::Value(_)) {
            self.problem(
                file,
                child(&at, &[&"status"]),
                "`status` needs a figure in `actual`",
                Some("provisional / confirmed describe a figure: write `actual:` too, or drop `status:`".into()),
            );
        }
        self.kpis[kpi].years.insert(
            year,
            KpiYear {
                actual,
                summed,
                status: entry.status,
                note: entry.note.clone(),
                parts,
                commentary: entry.commentary.clone(),
                committee_grade: entry.committee_grade.clone(),
            },
        );
    }

    /// Turns the recorded problems into diagnostics, locating each in its file.
    fn into_diagnostics(self, city: &LoadedCity) -> Vec<Diagnostic> {
        self.problems
            .into_iter()
            .map(|p| {
                let source: Option<&Source> = match p.file {
                    FileRef::City => city.city.as_ref().map(|c| &c.source),
                    FileRef::Year(i) => city.years.get(i).map(|(_, y)| &y.source),
                    FileRef::Site | FileRef::Folder => None,
                };
                p.into_diagnostic(source, &city.dir)
            })
            .collect()
    }
}

impl Problem {
    /// The problem located in its source; without one, at `fallback` (a folder).
    fn into_diagnostic(self, source: Option<&Source>, fallback: &std::path::Path) -> Diagnostic {
        let (file, (line, column)) = match source {
            Some(s) => (
                s.path.clone(),
                locate(&s.text, &self.field).unwrap_or((0, 0)),
            ),
            None => (fallback.to_path_buf(), (0, 0)),
        };
        let d = Diagnostic::new(file, line, column, self.message).field(field_display(&self.field));
        match self.hint {
            Some(h) => d.hint(h),
            None => d,
        }
    }
}

/// `goals.0.measures.1.title` → `goals[0].measures[1].title`, as serde_yaml writes paths.
fn field_display(field: &[String]) -> String {
    let mut out = String::new();
    for seg in field {
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

fn fields_list(required: &[&str], allowed: &[&str]) -> String {
    let mut parts: Vec<String> = required.iter().map(|f| format!("`{f}`")).collect();
    parts.extend(allowed.iter().map(|f| format!("optionally `{f}`")));
    if parts.is_empty() {
        "no other fields than `note`".to_string()
    } else {
        parts.join(", ")
    }
}

/// The known id closest to a mistyped one, if it is close enough to be the likely intent.
fn did_you_mean<'a>(id: &str, known: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    known
        .map(|k| (edit_distance(id, k), k))
        .filter(|(d, k)| *d <= (k.len() * 2 / 5).max(2))
        .min()
        .map(|(_, k)| k.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_ascii_words() {
        assert!(is_valid_id("goal-1"));
        assert!(is_valid_id("hs-hire-rate"));
        for bad in ["", "Goal1", "目標1", "a_b", "-a", "a-", "a b", "a/b", ".."] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn suggests_close_ids_only() {
        let known = ["hs-hire-rate".to_string(), "tourists".to_string()];
        assert_eq!(
            did_you_mean("hs-hire-rat", known.iter()),
            Some("hs-hire-rate")
        );
        assert_eq!(did_you_mean("population", known.iter()), None);
        let known = ["hs-local-hire-rate".to_string()];
        assert_eq!(
            did_you_mean("hs-hire-rat", known.iter()),
            Some("hs-local-hire-rate")
        );
    }

    #[test]
    fn field_paths_read_like_serde_paths() {
        let field: Vec<String> = ["goals", "0", "measures", "1", "title"]
            .map(String::from)
            .to_vec();
        assert_eq!(field_display(&field), "goals[0].measures[1].title");
    }
}

//! `validate`: turn the parsed files into the model, collecting every problem.
//!
//! Problems found here are recorded with the field path they concern; only when there are any is
//! each file re-read to turn those paths into lines (see `locate`).

mod correction;
mod drift;
mod generation;
mod grading;
pub mod percent;
mod structure;
mod target;
mod unfilled;
mod year;

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::era::{FiscalYear, fiscal_year_ja};
use crate::load::raw;
use crate::load::{Loaded, LoadedCity, Parsed, Source};
use crate::locate::locate;
use crate::model::{City, Goal, Kpi, KpiIx, Project, ProjectIx, Site, SiteConfig, Strategy};
use crate::terms::{Axis, GovernmentKind, Grading};

/// Command-line settings that override `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    /// The previous build's output: its edition record (`editions.json`) is what published
    /// figures are compared with. None: not compared.
    pub previous_output: Option<std::path::PathBuf>,
}

/// A valid site and the warnings about it (none stop the build).
#[derive(Debug)]
pub struct Validated {
    pub site: Site,
    pub warnings: Diagnostics,
}

/// Builds the site model, or returns every problem in the content (errors and warnings).
pub fn validate(loaded: Loaded, overrides: &Overrides) -> Result<Validated, Diagnostics> {
    let (config, mut problems) = site(loaded.site.as_ref(), overrides);
    problems.extend(loaded.problems);
    let (rules, rule_problems) = CityRules::new(config.as_ref(), overrides);
    problems.extend(rule_problems);
    let cities: Vec<City> = loaded
        .cities
        .iter()
        .filter_map(|loaded| {
            let (built, city_problems) = city(loaded, &rules);
            problems.extend(city_problems);
            built
        })
        .collect();
    problems.sort();
    let problems = Diagnostics(problems);
    match config {
        Some(config) if !problems.has_errors() => Ok(Validated {
            site: Site { config, cities },
            warnings: problems,
        }),
        _ => Err(problems),
    }
}

/// The site's configuration from `site.yaml` and the command line, and its problems (none
/// without a site file: `load` reports it missing).
pub fn site(
    site: Option<&Parsed<raw::SiteFile>>,
    overrides: &Overrides,
) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let config = site.map(|site| {
        let (config, site_problems) = site_config(site, overrides);
        if let Some(url) = &overrides.base_url
            && let Err((message, hint)) = check_base_url(url)
        {
            // Not in a file: the command line's flag is named instead.
            problems.push(Diagnostic::new("--base-url", 0, 0, message).hint(hint));
        }
        problems.extend(
            site_problems
                .into_iter()
                .map(|p| p.into_diagnostic(Some(&site.source), &site.source.path)),
        );
        config
    });
    (config, problems)
}

/// What validating one city needs of the site: its grading scheme and assessment axes (for a
/// city that sets none), and the previous build's edition record (published figures are
/// compared with it).
#[derive(Debug, Default, Clone)]
pub struct CityRules {
    pub grading: Option<Grading>,
    pub axes: Vec<Axis>,
    pub previous: Option<crate::edition::Record>,
}

impl CityRules {
    /// The site's rules, and the warning of a previous edition record that cannot be read.
    pub fn new(config: Option<&SiteConfig>, overrides: &Overrides) -> (CityRules, Vec<Diagnostic>) {
        let (previous, problems) = match &overrides.previous_output {
            Some(output) => drift::record(output),
            None => (None, Vec::new()),
        };
        let rules = CityRules {
            grading: config.and_then(|c| c.grading.clone()),
            axes: config.map(|c| c.axes.clone()).unwrap_or_default(),
            previous,
        };
        (rules, problems)
    }
}

/// One city's model, or `None` when it has errors, and every problem of its files (errors and
/// warnings, unsorted).
pub fn city(city: &LoadedCity, rules: &CityRules) -> (Option<City>, Vec<Diagnostic>) {
    let mut checker = CityChecker {
        grading: rules.grading.clone(),
        axes: rules.axes.clone(),
        ..CityChecker::default()
    };
    let built = checker.city(city);
    let mut problems = checker.into_diagnostics(city);
    if let Some(built) = &built {
        for generation in built.generations() {
            problems.extend(grading::disagreements(generation, city));
        }
    }
    problems.extend(unfilled::warnings(std::slice::from_ref(city)));
    if let (Some(built), Some(record)) = (&built, &rules.previous) {
        problems.extend(drift::city_warnings(built, city, record));
    }
    if let Some(built) = &built {
        problems.extend(percent::warnings(
            std::slice::from_ref(built),
            std::slice::from_ref(city),
        ));
    }
    (built, problems)
}

/// Top-level folders of the built site that are not cities: a city folder of the same name
/// would overwrite their pages (or they its).
pub const RESERVED_CITY_IDS: &[&str] = &["accessibility", "assets", "search"];

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

/// Whether a base URL is an absolute http(s) address of a folder: scheme, host, a path ending in
/// `/`, nothing else (no query, fragment, spaces or quotes). Returns the message and hint if not.
pub fn check_base_url(url: &str) -> Result<(), (String, String)> {
    let hint = "write the full address the site is published at, ending in /, e.g. \
                https://www.city.example.lg.jp/kpi/ (leave base_url out to build without sitemap, \
                feeds and share tags)"
        .to_string();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Err((
            format!("base URL `{url}` is not an absolute http:// or https:// address"),
            hint,
        ));
    };
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') || host.contains('@') {
        return Err((format!("base URL `{url}` names no host"), hint));
    }
    if let Some(bad) = url
        .chars()
        .find(|c| !c.is_ascii_graphic() || matches!(c, '?' | '#' | '"' | '<' | '>' | '\\' | '`'))
    {
        return Err((
            format!("base URL `{url}` contains {bad:?}, which an address of a folder cannot hold"),
            hint,
        ));
    }
    if !url.ends_with('/') {
        return Err((
            format!("base URL `{url}` does not end in /"),
            format!("add the final slash: {url}/ (the site is a folder; pages are found under it)"),
        ));
    }
    Ok(())
}

fn site_config(site: &Parsed<raw::SiteFile>, overrides: &Overrides) -> (SiteConfig, Vec<Problem>) {
    let data = &site.data;
    let mut problems = Vec::new();
    let grading = data
        .grading
        .as_ref()
        .and_then(|g| grading::grading(g, FileRef::Site, &mut problems));
    let axes = data.assessments.clone().unwrap_or_default();
    grading::axes(&axes, FileRef::Site, &mut problems);
    if let Some(grading) = &grading {
        grading::grading_axis(grading, &axes, FileRef::Site, &mut problems);
    }
    // `languages: [ja, en]`, or the one `language` (Japanese unless it says otherwise).
    let languages = match (&data.languages, &data.language) {
        (Some(list), _) if !list.is_empty() => list.clone(),
        (_, Some(one)) => vec![one.clone()],
        _ => vec![raw::default_language()],
    };
    let config = SiteConfig {
        title: data.title.clone(),
        title_en: data.title_en.clone(),
        language: languages[0].clone(),
        languages: languages.clone(),
        base_url: overrides
            .base_url
            .clone()
            .or_else(|| data.base_url.clone())
            .filter(|url| check_base_url(url).is_ok()),
        theme: data.theme.clone().unwrap_or_else(|| "default".to_string()),
        description: data.description.clone(),
        description_en: data.description_en.clone(),
        publisher: data.publisher.clone(),
        contact: data.contact.clone(),
        grading,
        axes,
        accessibility: data.accessibility.clone().unwrap_or_default(),
    };
    problems.extend(language_problems(data));
    if overrides.base_url.is_none()
        && let Some(url) = &data.base_url
        && let Err((message, hint)) = check_base_url(url)
    {
        problems.push(Problem {
            file: FileRef::Site,
            field: path(&[&"base_url"]),
            message,
            hint: Some(hint),
        });
    }
    if let Some(theme) = data.theme.as_deref()
        && !is_theme_name(theme)
    {
        problems.push(Problem {
            file: FileRef::Site,
            field: path(&[&"theme"]),
            message: format!("`{theme}` is not a theme name"),
            hint: Some("write the name of a folder under themes/ in the site folder (letters, digits, - and _), or default".into()),
        });
    }
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

/// What is wrong with `language` / `languages`: tags that are not language tags, a language
/// listed twice, or both fields disagreeing on the first edition.
fn language_problems(data: &raw::SiteFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    let problem = |field: Vec<String>, message: String, hint: &str| Problem {
        file: FileRef::Site,
        field,
        message,
        hint: Some(hint.into()),
    };
    if let Some(tag) = &data.language
        && !is_language_tag(tag)
    {
        problems.push(problem(
            path(&[&"language"]),
            format!("`{tag}` is not a language tag"),
            "write a BCP 47 tag such as ja (Japanese) or en; it becomes every page's lang",
        ));
    }
    let Some(list) = &data.languages else {
        return problems;
    };
    if list.is_empty() {
        problems.push(problem(
            path(&[&"languages"]),
            "`languages` lists no language".into(),
            "list the site's languages, the first built at the site root: languages: [ja, en]",
        ));
    }
    let mut seen = Vec::new();
    for (i, tag) in list.iter().enumerate() {
        let folded = tag.to_ascii_lowercase();
        if !is_language_tag(tag) {
            problems.push(problem(
                path(&[&"languages", &i]),
                format!("`{tag}` is not a language tag"),
                "write BCP 47 tags such as ja (Japanese) or en: languages: [ja, en]",
            ));
        } else if seen.contains(&folded) {
            problems.push(problem(
                path(&[&"languages", &i]),
                format!("`{tag}` is listed twice"),
                "list each language once; the first is built at the site root, the others in a folder each (en/)",
            ));
        }
        seen.push(folded);
    }
    if let (Some(one), Some(first)) = (&data.language, list.first())
        && !one.eq_ignore_ascii_case(first)
    {
        problems.push(problem(
            path(&[&"language"]),
            format!("`language: {one}` but `languages` starts with `{first}`"),
            "keep only `languages:` (its first language is the site root's), or make them agree",
        ));
    }
    problems
}

/// A BCP 47 language tag in its usual shape: a primary language of 2–3 letters, then subtags of
/// 1–8 letters or digits (`ja`, `ja-JP`, `en-Latn-GB`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary_ok = subtags
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A theme is a folder directly under `themes/`: a plain name, never a path.
pub fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        && !name.contains("..")
}

/// Which file of a city a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum FileRef {
    Site,
    #[default]
    City,
    Year(usize),
    /// `strategy-<year>.yaml`, by its index in `LoadedCity::strategies`.
    Strategy(usize),
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
    /// The computed grading: the city's own, or the site's.
    grading: Option<Grading>,
    /// The assessment axes published values are checked against: the city's own, or the site's.
    axes: Vec<Axis>,
    problems: Vec<Problem>,
    projects: Vec<Project>,
    project_ids: HashMap<String, ProjectIx>,
    kpis: Vec<Kpi>,
    kpi_ids: HashMap<String, KpiIx>,
    /// Fiscal year → the date its figures were published (`published:`).
    published: BTreeMap<FiscalYear, String>,
    /// `corrections:` of the year files, by year and date.
    corrections: Vec<crate::model::Correction>,
    /// (kpi, project ids, field path) of `also_projects`.
    also: Vec<(KpiIx, Vec<String>, Vec<String>)>,
    /// The file the strategy being checked is written in (city.yaml or a strategy file), and
    /// its name for messages.
    tree: FileRef,
    tree_name: String,
    /// Each strategy's KPI ids, oldest first, once checked.
    generation_ids: Vec<HashMap<String, KpiIx>>,
    /// `continues:` of each KPI of the strategy being checked.
    continues: Vec<Continues>,
    /// The same, of each strategy checked, oldest first.
    generation_continues: Vec<Vec<Continues>>,
}

/// (KPI, `continues:` as written, its field path).
type Continues = (KpiIx, Option<String>, Vec<String>);

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

    /// A text field as written; an empty one is a problem (it would show as a blank fact).
    fn text(
        &mut self,
        file: FileRef,
        at: &[String],
        field: &str,
        value: &Option<String>,
    ) -> Option<String> {
        let text = value.as_deref()?.trim();
        if text.is_empty() {
            self.problem(
                file,
                child(at, &[&field]),
                format!("`{field}` is empty"),
                Some(format!(
                    "write the {field} as the report gives it, or leave the line out"
                )),
            );
            return None;
        }
        Some(text.to_string())
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
        if RESERVED_CITY_IDS.contains(&loaded.id.as_str()) {
            self.problem(
                FileRef::Folder,
                Vec::new(),
                format!(
                    "folder name `{}` is reserved for the site's own pages at {}/",
                    loaded.id, loaded.id
                ),
                Some(format!(
                    "rename the folder, e.g. to {}-city; the names {} are taken",
                    loaded.id,
                    RESERVED_CITY_IDS.join(", ")
                )),
            );
        }
        // A missing or unparsable city.yaml is already a problem from `load`.
        let city_file = loaded.city.as_ref()?;
        let data = &city_file.data;
        let problems_before = self.problems.len();
        let docs = generation::documents(loaded);
        let strategies = self.strategies(&docs);
        let period_ok = self.problems.len() == problems_before;
        let kind = self.government_kind(data);
        self.verdict_rules(data);
        self.check_years_in_force(loaded, &strategies);
        let mut generations = Vec::new();
        for (g, doc) in docs.iter().enumerate() {
            self.tree = doc.file;
            self.tree_name = generation::file_name(doc);
            let owner = |year| generation::owner(&strategies, year) == g;
            let (goals, years) = self.generation(loaded, doc.goals, &strategies[g], owner);
            generations.push(City {
                id: loaded.id.clone(),
                name: data.name.clone(),
                name_en: data.name_en.clone(),
                kind,
                prefecture: data.prefecture.clone(),
                department: data.department.clone(),
                contact: data.contact.clone(),
                strategy: strategies[g].clone(),
                strategies: strategies.clone(),
                generation: g,
                earlier: Vec::new(),
                grading: self.grading.clone(),
                axes: self.axes.clone(),
                goals,
                projects: std::mem::take(&mut self.projects),
                kpis: std::mem::take(&mut self.kpis),
                years,
                published: std::mem::take(&mut self.published),
                corrections: std::mem::take(&mut self.corrections),
            });
            self.generation_ids.push(std::mem::take(&mut self.kpi_ids));
            self.generation_continues
                .push(std::mem::take(&mut self.continues));
        }
        self.tree = FileRef::City;
        self.link_generations(&docs, &mut generations);
        if !period_ok {
            // Every year is "outside" a period that is not one: the period is the problem.
            self.problems
                .retain(|p| !p.message.contains(OUTSIDE_PERIOD));
        }
        let mut current = generations.pop()?;
        current.earlier = generations;
        Some(current)
    }

    /// One strategy's goals, projects and KPIs (left in the checker) and fiscal years.
    fn generation(
        &mut self,
        loaded: &LoadedCity,
        goals: &[raw::GoalFile],
        strategy: &Strategy,
        owned: impl Fn(FiscalYear) -> bool,
    ) -> (Vec<Goal>, Vec<FiscalYear>) {
        self.project_ids.clear();
        for (i, goal) in goals.iter().enumerate() {
            self.declare_projects(&goal.measures, i, &path(&[&"goals", &i]));
        }
        let goals: Vec<Goal> = goals
            .iter()
            .enumerate()
            .map(|(i, goal)| self.goal(i, goal, strategy))
            .collect();
        self.check_unique_goal_ids(&goals);
        self.resolve_also_projects();
        let years = self.years(loaded, owned);
        (goals, years)
    }

    /// The city's own axes and computed grading, where it sets them instead of the site's.
    fn verdict_rules(&mut self, data: &raw::CityFile) {
        let mut problems = Vec::new();
        if let Some(axes) = &data.assessments {
            grading::axes(axes, FileRef::City, &mut problems);
            self.axes = axes.clone();
        }
        if let Some(raw) = &data.grading {
            self.grading = grading::grading(raw, FileRef::City, &mut problems);
        }
        // The site's scheme was checked against the site's axes; check what the city changed.
        if (data.grading.is_some() || data.assessments.is_some())
            && let Some(scheme) = &self.grading
        {
            grading::grading_axis(scheme, &self.axes, FileRef::City, &mut problems);
        }
        self.problems.extend(problems);
    }

    /// `kind:`, or the kind the name ends with; a prefecture lies in no prefecture.
    fn government_kind(&mut self, data: &raw::CityFile) -> GovernmentKind {
        let kind = data.kind.or_else(|| GovernmentKind::from_name(&data.name));
        if kind.is_none() {
            self.problem(
                FileRef::City,
                path(&[&"name"]),
                format!(
                    "cannot tell from `{}` whether this is a 市, 町, 村, 区 or 都道府県",
                    data.name
                ),
                Some("add `kind:` with one of city, town, village, ward, prefecture".into()),
            );
        }
        let kind = kind.unwrap_or(GovernmentKind::City);
        if kind == GovernmentKind::Prefecture && data.prefecture.is_some() {
            self.problem(
                FileRef::City,
                path(&[&"prefecture"]),
                format!("`{}` is a prefecture: it takes no `prefecture:`", data.name),
                Some(
                    "remove the `prefecture:` line (it names the prefecture a 市町村 lies in)"
                        .into(),
                ),
            );
        }
        kind
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
            .unwrap_or_else(|| format!("use the `id:` of a project in {}", self.tree_name))
    }

    /// Turns the recorded problems into diagnostics, locating each in its file.
    fn into_diagnostics(self, city: &LoadedCity) -> Vec<Diagnostic> {
        self.problems
            .into_iter()
            .map(|p| {
                let source: Option<&Source> = match p.file {
                    FileRef::City => city.city.as_ref().map(|c| &c.source),
                    FileRef::Year(i) => city.years.get(i).map(|(_, y)| &y.source),
                    FileRef::Strategy(i) => city.strategies.get(i).map(|(_, s)| &s.source),
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
        // A field that cannot be found in the file (0) gets no position rather than a wrong one.
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

/// What every message about a year outside the strategy's period says.
const OUTSIDE_PERIOD: &str = "is outside the strategy period";

/// The message for a fiscal year outside the strategy's period.
fn outside_period(year: FiscalYear, strategy: &Strategy) -> String {
    format!(
        "fiscal year {year} ({}) {OUTSIDE_PERIOD} {}–{}",
        fiscal_year_ja(year),
        strategy.from,
        strategy.to
    )
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

/// The known id closest to a mistyped one, if it is close enough to be the likely intent.
fn did_you_mean<'a>(id: &str, known: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    known
        .map(|k| (crate::load::edit_distance(id, k), k))
        .filter(|(d, k)| *d <= (k.len() * 2 / 5).max(2))
        .min()
        .map(|(_, k)| k.as_str())
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
    fn settings_are_checked() {
        for good in ["ja", "en", "ja-JP", "en-Latn-GB", "zh-Hant"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "j", "japanese", "ja_JP", "ja-", "日本語", "ja JP"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
        for good in ["default", "city-2024", "my_theme"] {
            assert!(is_theme_name(good), "{good}");
        }
        for bad in ["", "..", "../x", "/etc", "a/b", ".hidden", "a\\b"] {
            assert!(!is_theme_name(bad), "{bad}");
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

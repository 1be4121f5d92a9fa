//! `load`: walk `content/`, read and parse every YAML file (in parallel).
//!
//! Reading is the only disk input of a build. A file that does not parse becomes a diagnostic;
//! the rest still load, so one run lists every problem.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

pub mod raw;

use crate::diagnostic::Diagnostic;
use crate::era::FiscalYear;
use raw::{CityFile, SiteFile, YearFile};

/// A content file's text, kept so later problems can be located in it.
#[derive(Debug)]
pub struct Source {
    /// The path as shown in messages: as the user would type it (see `shown`).
    pub path: PathBuf,
    pub text: String,
}

/// A parsed file with its source.
#[derive(Debug)]
pub struct Parsed<T> {
    pub source: Source,
    pub data: T,
}

/// Everything under `content/` that parsed, plus the problems of what did not.
#[derive(Debug, Default)]
pub struct Loaded {
    pub site: Option<Parsed<SiteFile>>,
    pub cities: Vec<LoadedCity>,
    pub problems: Vec<Diagnostic>,
}

/// One city folder.
#[derive(Debug)]
pub struct LoadedCity {
    /// The folder name.
    pub id: String,
    /// The folder as shown in messages.
    pub dir: PathBuf,
    pub city: Option<Parsed<CityFile>>,
    /// Fiscal-year files that parsed, by the year in their file name, ascending.
    pub years: Vec<(FiscalYear, Parsed<YearFile>)>,
}

/// The file name of a site's configuration, under `content/`.
pub const SITE_FILE: &str = "site.yaml";
/// The file name of a city's strategy, in its folder.
pub const CITY_FILE: &str = "city.yaml";

/// Reads `root/content`. I/O failures are errors; content problems are collected in
/// `Loaded::problems`.
pub fn load(root: &Path) -> Result<Loaded> {
    let listing = listing(root)?;
    let (site, mut problems) = listing.load_site()?;
    let cities: Vec<(LoadedCity, Vec<Diagnostic>)> = (0..listing.cities.len())
        .into_par_iter()
        .map(|i| listing.load_city(i))
        .collect::<Result<_>>()?;
    let mut loaded = Loaded {
        site,
        ..Loaded::default()
    };
    for (city, city_problems) in cities {
        problems.extend(city_problems);
        loaded.cities.push(city);
    }
    loaded.problems = problems;
    Ok(loaded)
}

/// The files under `content/`, by city, before any is read: what a build walks one city at a
/// time, so that only one city's files and model are in memory at once.
#[derive(Debug)]
pub struct Listing {
    root: PathBuf,
    content: PathBuf,
    site: Option<File>,
    /// Files that are no content file (each is a problem).
    strays: Vec<File>,
    /// City folders, sorted by id.
    cities: Vec<CityFiles>,
}

#[derive(Debug)]
struct CityFiles {
    id: String,
    dir: PathBuf,
    files: Vec<File>,
}

/// Lists `root/content` without reading any file.
pub fn listing(root: &Path) -> Result<Listing> {
    let content = root.join("content");
    if !content.is_dir() {
        anyhow::bail!(
            "no content folder at {}: run mieruka in a site folder or pass --root",
            content.display()
        );
    }
    let mut city_dirs: Vec<(String, PathBuf)> = city_folders(root, &content)?;
    city_dirs.sort();
    let mut listing = Listing {
        root: root.to_path_buf(),
        content: content.clone(),
        site: None,
        strays: Vec::new(),
        cities: city_dirs
            .into_iter()
            .map(|(id, dir)| CityFiles {
                id,
                dir,
                files: Vec::new(),
            })
            .collect(),
    };
    for file in content_files(root, &content)? {
        match (&file.kind, &file.city) {
            (Kind::Site, _) => listing.site = Some(file),
            (Kind::Stray(_), _) | (_, None) => listing.strays.push(file),
            (Kind::City | Kind::Year(_), Some(id)) => {
                match listing.cities.binary_search_by(|c| c.id.as_str().cmp(id)) {
                    Ok(i) => listing.cities[i].files.push(file),
                    Err(_) => listing.strays.push(file),
                }
            }
        }
    }
    Ok(listing)
}

impl Listing {
    /// How many city folders there are.
    pub fn city_count(&self) -> usize {
        self.cities.len()
    }

    /// Reads and parses `site.yaml`; the problems are those of the site file and of every file
    /// that is no content file.
    pub fn load_site(&self) -> Result<(Option<Parsed<SiteFile>>, Vec<Diagnostic>)> {
        let mut problems = Vec::new();
        let mut site = None;
        for file in self.site.iter().chain(&self.strays) {
            let source = Source {
                path: file.shown.clone(),
                text: read(file)?,
            };
            match &file.kind {
                Kind::Site => match parse(source) {
                    Ok(parsed) => site = Some(parsed),
                    Err(d) => problems.push(d),
                },
                Kind::Stray((message, hint)) => problems
                    .push(Diagnostic::new(&source.path, 0, 0, message.clone()).hint(hint.clone())),
                Kind::City | Kind::Year(_) => problems.push(
                    Diagnostic::new(&source.path, 0, 0, "unexpected file in content/")
                        .hint("content/ holds site.yaml and one folder per city"),
                ),
            }
        }
        if site.is_none() && !problems.iter().any(|d| d.path.ends_with(SITE_FILE)) {
            problems.push(
                Diagnostic::new(
                    shown(&self.root, &self.content.join(SITE_FILE)),
                    0,
                    0,
                    "missing site file",
                )
                .hint("create content/site.yaml with at least `title:` (see content/README.md)"),
            );
        }
        Ok((site, problems))
    }

    /// Reads and parses city `index` (in id order): its files that parsed, and the problems of
    /// those that did not.
    pub fn load_city(&self, index: usize) -> Result<(LoadedCity, Vec<Diagnostic>)> {
        let listed = &self.cities[index];
        let mut city = LoadedCity {
            id: listed.id.clone(),
            dir: listed.dir.clone(),
            city: None,
            years: Vec::new(),
        };
        let mut problems = Vec::new();
        for file in &listed.files {
            let source = Source {
                path: file.shown.clone(),
                text: read(file)?,
            };
            match &file.kind {
                Kind::City => match parse(source) {
                    Ok(parsed) => city.city = Some(parsed),
                    Err(d) => problems.push(d),
                },
                Kind::Year(year) => match parse(source) {
                    Ok(parsed) => city.years.push((*year, parsed)),
                    Err(d) => problems.push(d),
                },
                Kind::Site | Kind::Stray(_) => unreachable!("only city files are listed by city"),
            }
        }
        city.years.sort_by_key(|(year, _)| *year);
        if !self.content.join(&city.id).join(CITY_FILE).is_file() {
            problems.push(
                Diagnostic::new(&city.dir, 0, 0, "city folder without city.yaml").hint(
                    "add city.yaml describing the city and its strategy (see content/README.md)",
                ),
            );
        }
        Ok((city, problems))
    }
}

fn read(file: &File) -> Result<String> {
    std::fs::read_to_string(&file.full).with_context(|| format!("reading {}", file.full.display()))
}

/// Parses one YAML file, turning serde's error into a positioned diagnostic with a hint.
pub fn parse<T: DeserializeOwned>(source: Source) -> Result<Parsed<T>, Diagnostic> {
    match serde_yaml::from_str(&source.text) {
        Ok(data) => Ok(Parsed { source, data }),
        Err(e) => Err(yaml_diagnostic(&source.path, &e)),
    }
}

#[derive(Debug, Clone)]
enum Kind {
    Site,
    City,
    Year(FiscalYear),
    /// A YAML file mieruka does not know: (message, hint).
    Stray((String, String)),
}

#[derive(Debug, Clone)]
struct File {
    full: PathBuf,
    shown: PathBuf,
    city: Option<String>,
    kind: Kind,
}

/// Every YAML file under `content/`, classified, in sorted order.
fn content_files(root: &Path, content: &Path) -> Result<Vec<File>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(content)
        .min_depth(1)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.with_context(|| format!("reading {}", content.display()))?;
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !entry.file_type().is_file() || !matches!(ext, "yaml" | "yml") {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let city = (entry.depth() == 2).then(|| dir_name(path.parent().unwrap_or(content)));
        let kind = match (entry.depth(), stem, ext) {
            (_, _, "yml") => Kind::Stray((
                "YAML files here end in .yaml".into(),
                format!("rename it to {stem}.yaml"),
            )),
            (1, "site", _) => Kind::Site,
            (2, "city", _) => Kind::City,
            (2, year, _) if year.len() == 4 && year.parse::<FiscalYear>().is_ok() => {
                Kind::Year(year.parse().unwrap_or_default())
            }
            (2, _, _) => Kind::Stray((
                "not a fiscal-year file".into(),
                "name a city's files city.yaml and <西暦 year>.yaml, e.g. 2022.yaml for 令和4年度"
                    .into(),
            )),
            _ => Kind::Stray((
                "unexpected file in content/".into(),
                "content/ holds site.yaml and one folder per city".into(),
            )),
        };
        files.push(File {
            full: path.to_path_buf(),
            shown: shown(root, path),
            city,
            kind,
        });
    }
    Ok(files)
}

fn city_folders(root: &Path, content: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut dirs = Vec::new();
    for entry in
        std::fs::read_dir(content).with_context(|| format!("reading {}", content.display()))?
    {
        let entry = entry.with_context(|| format!("reading {}", content.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() && !name.starts_with('.') {
            dirs.push((name, shown(root, &entry.path())));
        }
    }
    Ok(dirs)
}

fn dir_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `path` as shown in messages: as the user would type it from where mieruka was started, that
/// is the `--root` they gave (left out when it is the current folder) and the path under it.
fn shown(root: &Path, path: &Path) -> PathBuf {
    let under = path.strip_prefix(root).unwrap_or(path);
    if root.as_os_str().is_empty() || root == Path::new(".") {
        under.to_path_buf()
    } else {
        root.join(under)
    }
}

/// A serde_yaml error as a diagnostic: its position, field path and a hint on the fix.
fn yaml_diagnostic(path: &Path, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let message = without_position(&error.to_string())
        .replace("expected u16", "expected a fiscal year in 西暦, e.g. 2022");
    // serde_yaml prefixes the message with the field path: `goals[0].title: invalid type…`.
    let (field, message) = match message.split_once(": ") {
        Some((field, rest)) if !field.contains(' ') => (field.to_string(), rest.to_string()),
        _ => (String::new(), message),
    };
    let hint = yaml_hint(&message);
    let d = Diagnostic::new(path, line, column, message).field(field);
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}

/// serde_yaml's message without its ` at line N column M`, which the diagnostic shows up front.
fn without_position(message: &str) -> String {
    let Some(at) = message.find(" at line ") else {
        return message.to_string();
    };
    let rest = &message[at + " at line ".len()..];
    let skip = rest
        .find(" column ")
        .map(|c| c + " column ".len())
        .map(|c| {
            c + rest[c..]
                .find(|ch: char| !ch.is_ascii_digit())
                .unwrap_or(rest.len() - c)
        });
    match skip {
        Some(end) => format!("{}{}", &message[..at], &rest[end..]),
        None => message[..at].to_string(),
    }
}

fn yaml_hint(message: &str) -> Option<String> {
    if let Some(close) = closest_expected(message) {
        return Some(format!("did you mean `{close}`?"));
    }
    let hint = if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
            "inside { … } a comma separates entries, so 14,000 was split: write the figure on its own line or without the comma".to_string()
        } else {
            "check the spelling against the fields listed in content/README.md".to_string()
        }
    } else if message.starts_with("missing field") {
        "add the field; content/README.md shows each file's required fields".to_string()
    } else if message.starts_with("duplicate") {
        "each key may appear once: merge or remove the repeated one".to_string()
    } else if message.starts_with("unknown variant") {
        "use one of the values listed".to_string()
    } else if message.starts_with("invalid type") {
        "check the indentation and the kind of value this field takes (content/README.md)"
            .to_string()
    } else if message.contains("did not find expected") || message.contains("found character") {
        "check the indentation, and quote text that contains `: ` or starts with a symbol such as % or *"
            .to_string()
    } else {
        return None;
    };
    Some(hint)
}

/// For `unknown field `kpi`, expected one of `kpis`, …` (or an unknown variant): the expected
/// name within two edits of the one written, if there is one.
fn closest_expected(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (written, expected) = rest.split_once('`')?;
    let expected = expected.split_once("expected")?.1;
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|name| (edit_distance(written, name), name))
        .filter(|&(d, name)| d > 0 && d <= 2 && d < name.chars().count())
        .min()
        .map(|(_, name)| name.to_string())
}

/// The Levenshtein distance between two texts, in characters: how close a typo is to a name.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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

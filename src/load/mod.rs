//! `load`: walk `content/`, read and parse every YAML file (in parallel).
//!
//! Reading is the only disk input of a build. A file that does not parse becomes a diagnostic;
//! the rest still load, so one run lists every problem.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::de::DeserializeOwned;

pub mod lint;
pub mod raw;

use crate::diagnostic::Diagnostic;
use crate::era::FiscalYear;
use raw::{CityFile, Nested, SiteFile, StrategyDocFile, YearFile};

/// A content file's text, kept so later problems can be located in it.
#[derive(Debug)]
pub struct Source {
    /// The path as shown in messages: as the user would type it (see `as_typed`).
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
    /// Later strategies (`strategy-<year>.yaml`) that parsed, by the year in their file name,
    /// ascending.
    pub strategies: Vec<(FiscalYear, Parsed<StrategyDocFile>)>,
}

/// The file name of a site's configuration, under `content/`.
pub const SITE_FILE: &str = "site.yaml";
/// The file name of a city's strategy, in its folder.
pub const CITY_FILE: &str = "city.yaml";
/// A later strategy's file is this prefix, the fiscal year it comes in force, and `.yaml`.
pub const STRATEGY_FILE_PREFIX: &str = "strategy-";

/// Four ASCII digits: a 西暦 year in a file name.
fn is_year_digits(text: &str) -> bool {
    text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Reads `root/content`. I/O failures are errors; content problems are collected in
/// `Loaded::problems`.
pub fn load(root: &Path) -> Result<Loaded> {
    let listing = listing(root)?;
    let (site, mut problems) = listing.load_site();
    let cities: Vec<(LoadedCity, Vec<Diagnostic>)> = (0..listing.city_count())
        .into_par_iter()
        .map(|i| listing.load_city(i))
        .collect();
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
/// time, so that only a few cities' files and models are in memory at once.
#[derive(Debug)]
pub struct Listing {
    root: PathBuf,
    content: PathBuf,
    site: Option<File>,
    /// Entries that are neither loaded nor ignored (each is a problem).
    problems: Vec<Diagnostic>,
    /// City folders, in id order.
    cities: Vec<CityFiles>,
}

#[derive(Debug)]
struct CityFiles {
    id: String,
    /// The folder as shown in messages.
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
    let entries = list_content(root, &content)?;
    let mut listing = Listing {
        root: root.to_path_buf(),
        content,
        site: None,
        problems: entries.problems,
        cities: entries
            .cities
            .into_iter()
            .map(|(id, dir, _)| CityFiles {
                id,
                dir,
                files: Vec::new(),
            })
            .collect(),
    };
    listing.cities.sort_by(|a, b| a.id.cmp(&b.id));
    for file in entries.files {
        match &file.city {
            None => listing.site = Some(file),
            Some(id) => match listing.cities.binary_search_by(|c| c.id.as_str().cmp(id)) {
                Ok(i) => listing.cities[i].files.push(file),
                Err(_) => unreachable!("city files are listed under their city"),
            },
        }
    }
    Ok(listing)
}

impl Listing {
    /// How many city folders there are.
    pub fn city_count(&self) -> usize {
        self.cities.len()
    }

    /// City `index`'s id (its folder's name).
    pub fn city_id(&self, index: usize) -> &str {
        &self.cities[index].id
    }

    /// City `index`'s content files, each as shown in messages and as opened, in load order.
    pub fn city_files(&self, index: usize) -> impl Iterator<Item = (&Path, &Path)> {
        self.cities[index]
            .files
            .iter()
            .map(|f| (f.shown.as_path(), f.full.as_path()))
    }

    /// Reads and parses `site.yaml`; the problems are those of the site file and of every entry
    /// of `content/` that is not loaded.
    pub fn load_site(&self) -> (Option<Parsed<SiteFile>>, Vec<Diagnostic>) {
        let mut problems = self.problems.clone();
        let mut site = None;
        if let Some(file) = &self.site {
            match read_text(&file.full, &file.shown)
                .map_err(|d| vec![d])
                .and_then(|text| {
                    parse(Source {
                        path: file.shown.clone(),
                        text,
                    })
                }) {
                Ok(parsed) => site = Some(parsed),
                Err(d) => problems.extend(d),
            }
        }
        if site.is_none() && !problems.iter().any(|d| d.path.ends_with(SITE_FILE)) {
            problems.push(
                Diagnostic::new(
                    as_typed(&self.root, &self.content.join(SITE_FILE)),
                    0,
                    0,
                    "missing site file",
                )
                .hint("create content/site.yaml with at least `title:` (see content/README.md)"),
            );
        }
        (site, problems)
    }

    /// Whether a fiscal-year file of any city may have a `published:` date: one has a line
    /// starting with it. A guess, made without parsing (see `Checked::site_feed`).
    pub fn may_publish(&self) -> bool {
        (self.cities.par_iter())
            .flat_map_iter(|city| &city.files)
            .filter(|file| matches!(file.kind, Kind::Year(_)))
            .any(|file| {
                std::fs::read_to_string(&file.full).is_ok_and(|text| {
                    text.starts_with("published:") || text.contains("\npublished:")
                })
            })
    }

    /// Reads and parses city `index` (in id order): its files that parsed, and the problems of
    /// those that did not.
    pub fn load_city(&self, index: usize) -> (LoadedCity, Vec<Diagnostic>) {
        let listed = &self.cities[index];
        let mut city = LoadedCity {
            id: listed.id.clone(),
            dir: listed.dir.clone(),
            city: None,
            years: Vec::new(),
            strategies: Vec::new(),
        };
        let mut problems = Vec::new();
        let mut has_city_file = false;
        for file in &listed.files {
            has_city_file |= matches!(file.kind, Kind::City);
            let text = match read_text(&file.full, &file.shown) {
                Ok(text) => text,
                Err(d) => {
                    problems.push(d);
                    continue;
                }
            };
            let source = Source {
                path: file.shown.clone(),
                text,
            };
            match &file.kind {
                Kind::City => match parse(source) {
                    Ok(parsed) => city.city = Some(parsed),
                    Err(d) => problems.extend(d),
                },
                Kind::Year(year) => match parse(source) {
                    Ok(parsed) => city.years.push((*year, parsed)),
                    Err(d) => problems.extend(d),
                },
                Kind::Strategy(year) => match parse(source) {
                    Ok(parsed) => city.strategies.push((*year, parsed)),
                    Err(d) => problems.extend(d),
                },
                Kind::Site => unreachable!("only city files are listed by city"),
            }
        }
        city.years.sort_by_key(|(year, _)| *year);
        city.strategies.sort_by_key(|(year, _)| *year);
        if !has_city_file {
            problems.push(
                Diagnostic::new(&city.dir, 0, 0, "city folder without city.yaml").hint(
                    "add city.yaml describing the city and its strategy (see content/README.md)",
                ),
            );
        }
        (city, problems)
    }
}

/// The largest content file read: a year's figures take a few kilobytes, a city's strategy
/// some tens.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a content file as UTF-8 text. Anything else is a problem naming the file: unreadable,
/// too big, or in another encoding (Shift_JIS from an older editor, UTF-16 from Notepad).
fn read_text(full: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let unreadable = |e: std::io::Error| {
        Diagnostic::new(shown, 0, 0, format!("cannot be read: {e}"))
            .hint("check the file's permissions, or copy the file again")
    };
    let size = std::fs::metadata(full).map_err(unreadable)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            shown,
            0,
            0,
            format!(
                "file is too big: {} MB, more than the {} MB a content file may have",
                size.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / 1024 / 1024
            ),
        )
        .hint("a content file holds one city or one fiscal year; check that the right file was saved here"));
    }
    let bytes = std::fs::read(full).map_err(unreadable)?;
    decode(shown, bytes)
}

/// UTF-8 text (a leading BOM dropped), or a problem naming the encoding the file is in.
pub fn decode(shown: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let save_as = "open it in a text editor and save it as UTF-8 (メモ帳: 名前を付けて保存 → 文字コード「UTF-8」; VS Code: 右下の文字コード → Save with Encoding → UTF-8)";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::new(shown, 0, 0, "the file is in UTF-16, not UTF-8").hint(save_as));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => {
            let bytes = e.into_bytes();
            let (_, _, sjis_errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
            let (_, _, euc_errors) = encoding_rs::EUC_JP.decode(&bytes);
            let valid_up_to = std::str::from_utf8(&bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            // The first byte that is not UTF-8: its line, and its column in characters.
            let before = String::from_utf8_lossy(&bytes[..valid_up_to]);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let message = if !sjis_errors {
                "the file is in Shift_JIS (CP932), not UTF-8".to_string()
            } else if !euc_errors {
                "the file is in EUC-JP, not UTF-8".to_string()
            } else {
                "the file is not UTF-8 text".to_string()
            };
            Err(Diagnostic::new(shown, line, column, message).hint(save_as))
        }
    }
}

/// At most this many problems are listed per file; fixing them shows the rest.
pub const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Parses one YAML file. A file that does not parse gives every problem in it, each located
/// with a hint: first the mistakes YAML reports badly (see `lint`), else each value that does not
/// fit, one after another.
pub fn parse<T: DeserializeOwned + Nested>(source: Source) -> Result<Parsed<T>, Vec<Diagnostic>> {
    let lints = lint::lint(&source.path, &source.text);
    if !lints.is_empty() {
        return Err(lints);
    }
    // A file that parses nests no deeper than its type, but for measures within measures:
    // only then, or when it does not parse, is its nesting measured (a second reading).
    let parsed = serde_yaml::from_str::<T>(&source.text);
    if parsed
        .as_ref()
        .map_or(true, |data| data.measure_depth() >= lint::DEEP_MEASURES)
        && let Some(deep) = lint::too_deep(&source.path, &source.text)
    {
        return Err(vec![deep]);
    }
    match parsed {
        Ok(data) => Ok(Parsed { source, data }),
        Err(e) => Err(every_error::<T>(&source, e)),
    }
}

/// The first error and those after it: the entry at fault is blanked out (lines kept, so later
/// positions stay right) and the file parsed again, until it parses, the next error is a syntax
/// error, or it is a consequence of the blanking (a required field now missing).
fn every_error<T: DeserializeOwned>(source: &Source, first: serde_yaml::Error) -> Vec<Diagnostic> {
    let mut found = vec![yaml_diagnostic(&source.path, &source.text, &first)];
    let mut text = source.text.clone();
    let mut error = first;
    while let (Some(at), true) = (error.location(), value_error(&found[found.len() - 1])) {
        blank_entry(&mut text, at.line());
        let next = match serde_yaml::from_str::<T>(&text) {
            Ok(_) => break,
            Err(next) => next,
        };
        let d = yaml_diagnostic(&source.path, &source.text, &next);
        let follow_on = d.message.starts_with("missing field")
            || d.message.starts_with("invalid type: unit value")
            || !value_error(&d)
            || next.location().map(|l| l.line()) == Some(at.line());
        if follow_on {
            break;
        }
        // Items blanked out of a list shift the indices after them: name the list only.
        let field = d.field.split('[').next().unwrap_or_default().to_string();
        let d = d.field(field);
        if found.len() == MAX_PROBLEMS_PER_FILE {
            found.push(
                Diagnostic::new(&source.path, 0, 0, format!("more than {MAX_PROBLEMS_PER_FILE} problems in this file; the rest are not listed"))
                    .hint("fix the ones listed and run again"),
            );
            break;
        }
        found.push(d);
        error = next;
    }
    found
}

/// Whether a diagnostic is about a value (a wrong figure, type or key), after which the rest of
/// the file can still be read; YAML syntax errors end the reading.
fn value_error(d: &Diagnostic) -> bool {
    !d.field.is_empty()
        || [
            "invalid type",
            "invalid value",
            "unknown field",
            "unknown variant",
            "duplicate",
        ]
        .iter()
        .any(|p| d.message.starts_with(p))
}

/// Blanks line `line` (1-based) and the more indented lines under it: the entry that starts
/// there, with everything it holds.
fn blank_entry(text: &mut String, line: usize) {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut lines: Vec<&str> = text.split('\n').collect();
    let Some(start) = line.checked_sub(1).filter(|&i| i < lines.len()) else {
        return;
    };
    let own = indent(lines[start]);
    lines[start] = "";
    for l in lines.iter_mut().skip(start + 1) {
        if !l.trim().is_empty() && indent(l) <= own {
            break;
        }
        *l = "";
    }
    *text = lines.join("\n");
}

#[derive(Debug, Clone)]
enum Kind {
    Site,
    City,
    Year(FiscalYear),
    /// `strategy-<year>.yaml`: a later strategy, in force from that fiscal year.
    Strategy(FiscalYear),
}

#[derive(Debug, Clone)]
struct File {
    full: PathBuf,
    shown: PathBuf,
    city: Option<String>,
    kind: Kind,
}

/// What `content/` holds: the files to load, the city folders, and what is not loaded.
#[derive(Debug, Default)]
struct Entries {
    files: Vec<File>,
    /// (id, folder as shown in messages, folder on disk).
    cities: Vec<(String, PathBuf, PathBuf)>,
    /// Entries that are neither loaded nor ignored: each one is reported, never skipped.
    problems: Vec<Diagnostic>,
}

/// Whether an entry is left alone on purpose: dotfiles (`.git`, `.DS_Store`), a `README.md`,
/// and editors' backup files (`2022.yaml~`, `#2022.yaml#`). content/README.md documents these.
fn ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.eq_ignore_ascii_case("README.md")
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// What an entry of `content/` is, after following a symbolic link that stays in the site.
enum Entry {
    File,
    Dir,
    Other,
}

/// Classifies `path`, following a symbolic link only when its target lies inside the site
/// folder or the folder content/ leads to (`root_real`, canonical). A link leading outside or nowhere is a problem: its content
/// would otherwise vanish from the site without a word.
fn entry_kind(root: &Path, root_real: &[PathBuf], path: &Path) -> Result<Entry, Diagnostic> {
    let shown = as_typed(root, path);
    let meta = std::fs::symlink_metadata(path).map_err(|e| {
        Diagnostic::new(&shown, 0, 0, format!("cannot be read: {e}"))
            .hint("check the file's permissions")
    })?;
    let meta = if meta.file_type().is_symlink() {
        let target = std::fs::canonicalize(path).map_err(|_| {
            Diagnostic::new(&shown, 0, 0, "symbolic link to something that does not exist")
                .hint("point the link at an existing file inside the site folder, or replace it with the file itself")
        })?;
        if !root_real.iter().any(|inside| target.starts_with(inside)) {
            return Err(Diagnostic::new(
                &shown,
                0,
                0,
                format!(
                    "symbolic link leads outside the site folder, to {}",
                    target.display()
                ),
            )
            .hint("copy the file into content/ instead of linking to it: only links that stay inside the site folder are followed"));
        }
        std::fs::metadata(&target).map_err(|e| {
            Diagnostic::new(&shown, 0, 0, format!("cannot be read: {e}"))
                .hint("check the file's permissions")
        })?
    } else {
        meta
    };
    Ok(if meta.is_file() {
        Entry::File
    } else if meta.is_dir() {
        Entry::Dir
    } else {
        Entry::Other
    })
}

/// The entries of a folder, sorted by name, or a problem saying why it cannot be listed.
fn sorted_entries(root: &Path, dir: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let read = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::new(as_typed(root, dir), 0, 0, format!("cannot be read: {e}"))
            .hint("check the folder's permissions")
    })?;
    let mut entries: Vec<(String, PathBuf)> = read
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

/// Every entry under `content/`, each loaded, ignored by the documented rules, or reported.
fn list_content(root: &Path, content: &Path) -> Result<Entries> {
    // Links are followed inside the site folder; when content/ is itself a link, inside the
    // folder it leads to as well.
    let root_real = std::fs::canonicalize(root)
        .with_context(|| format!("reading the site folder {}", root.display()))?;
    let content_real =
        std::fs::canonicalize(content).with_context(|| format!("reading {}", content.display()))?;
    let root_real = [root_real, content_real];
    let mut listing = Entries::default();
    let top = sorted_entries(root, content).map_err(|d| anyhow::anyhow!("{d}"))?;
    for (name, path) in top {
        if ignored(&name) {
            continue;
        }
        let shown = as_typed(root, &path);
        match entry_kind(root, &root_real, &path) {
            Err(d) => listing.problems.push(d),
            Ok(Entry::Dir) => {
                listing
                    .cities
                    .push((name.clone(), shown.clone(), path.clone()));
                list_city(root, &root_real, &name, &path, &mut listing);
            }
            Ok(Entry::File) if name == SITE_FILE => listing.files.push(File {
                full: path,
                shown,
                city: None,
                kind: Kind::Site,
            }),
            Ok(Entry::File) => listing.problems.push(stray_file(
                &shown,
                &name,
                "unexpected file in content/",
                "content/ holds site.yaml, a README.md and one folder per city",
            )),
            Ok(Entry::Other) => listing.problems.push(not_a_file(&shown)),
        }
    }
    Ok(listing)
}

fn list_city(root: &Path, root_real: &[PathBuf], id: &str, dir: &Path, listing: &mut Entries) {
    let entries = match sorted_entries(root, dir) {
        Ok(e) => e,
        Err(d) => return listing.problems.push(d),
    };
    for (name, path) in entries {
        if ignored(&name) {
            continue;
        }
        let shown = as_typed(root, &path);
        let kind = match entry_kind(root, root_real, &path) {
            Err(d) => {
                listing.problems.push(d);
                continue;
            }
            Ok(Entry::Dir) => {
                listing.problems.push(
                    Diagnostic::new(&shown, 0, 0, "unexpected folder in a city folder").hint(
                        "a city folder holds city.yaml and one <西暦>.yaml per fiscal year; move other folders out of content/",
                    ),
                );
                continue;
            }
            Ok(Entry::Other) => {
                listing.problems.push(not_a_file(&shown));
                continue;
            }
            Ok(Entry::File) => match name.strip_suffix(".yaml") {
                Some("city") => Kind::City,
                Some(year) if is_year_digits(year) => Kind::Year(year.parse().unwrap_or_default()),
                Some(stem)
                    if stem
                        .strip_prefix(STRATEGY_FILE_PREFIX)
                        .is_some_and(is_year_digits) =>
                {
                    Kind::Strategy(
                        stem[STRATEGY_FILE_PREFIX.len()..]
                            .parse()
                            .unwrap_or_default(),
                    )
                }
                _ => {
                    listing.problems.push(stray_file(
                        &shown,
                        &name,
                        "not a fiscal-year file",
                        "name a city's files city.yaml, <西暦 year>.yaml (e.g. 2022.yaml for 令和4年度) and strategy-<西暦 year>.yaml for a later strategy",
                    ));
                    continue;
                }
            },
        };
        listing.files.push(File {
            full: path,
            shown,
            city: Some(id.to_string()),
            kind,
        });
    }
}

/// A file mieruka does not load: what it would have to be called to be loaded.
fn stray_file(shown: &Path, name: &str, message: &str, hint: &str) -> Diagnostic {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, ext),
        None => (name, ""),
    };
    if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") {
        if ext != "yaml" {
            return Diagnostic::new(shown, 0, 0, "YAML files here end in .yaml (lower case)")
                .hint(format!("rename it to {stem}.yaml"));
        }
        return Diagnostic::new(shown, 0, 0, message).hint(hint);
    }
    Diagnostic::new(shown, 0, 0, "unexpected file in content/, not loaded").hint(format!(
        "{hint}; move other files out of content/ (or start the name with a dot to keep it here unread)"
    ))
}

fn not_a_file(shown: &Path) -> Diagnostic {
    Diagnostic::new(shown, 0, 0, "not a regular file or folder")
        .hint("content/ holds only YAML files and city folders")
}

/// `path` as shown in messages: as the user would type it from where mieruka was started, that
/// is the `--root` they gave (left out when it is the current folder) and the path under it.
fn as_typed(root: &Path, path: &Path) -> PathBuf {
    let under = path.strip_prefix(root).unwrap_or(path);
    if root.as_os_str().is_empty() || root == Path::new(".") {
        under.to_path_buf()
    } else {
        root.join(under)
    }
}

/// A serde_yaml error as a diagnostic: its position, field path and a hint on the fix.
fn yaml_diagnostic(path: &Path, text: &str, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let message = without_position(&error.to_string())
        .replace("expected u16", "expected a fiscal year in 西暦, e.g. 2022");
    // serde_yaml prefixes the message with the field path: `goals[0].title: invalid type…`.
    let (field, message) = match message.split_once(": ") {
        Some((field, rest)) if !field.contains(' ') => (field.to_string(), rest.to_string()),
        _ => (String::new(), message),
    };
    // A custom error (blank text, a year, a figure) names the enclosing mapping; the key at its
    // position is the field.
    let field = match key_at(text, line, column) {
        Some(key)
            if line > 0
                && (message.starts_with('`') || message.starts_with(raw::BLANK_TEXT))
                && !field.ends_with(&key) =>
        {
            if field.is_empty() {
                key
            } else {
                format!("{field}.{key}")
            }
        }
        _ => field,
    };
    let (line, column, message) = plain_words(text, line, column, message);
    let hint = yaml_hint(&message);
    let d = Diagnostic::new(path, line, column, message).field(field);
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}

/// Rewords YAML's messages that a clerk cannot act on, and moves them to the place to fix.
fn plain_words(text: &str, line: usize, column: usize, message: String) -> (usize, usize, String) {
    if let Some((_, at)) = message.split_once("while scanning a quoted scalar at line ") {
        // Where the quote opened, not the end of the file where YAML gave up.
        let mut numbers = at
            .split(" column ")
            .map(|n| n.trim().parse::<usize>().unwrap_or(0));
        let (l, c) = (
            numbers.next().unwrap_or(line),
            numbers.next().unwrap_or(column),
        );
        let quote = text
            .lines()
            .nth(l.saturating_sub(1))
            .and_then(|t| t.chars().nth(c.saturating_sub(1)))
            .filter(|q| matches!(q, '"' | '\''))
            .unwrap_or('"');
        return (
            l,
            c,
            format!("the quote {quote} opened here is never closed"),
        );
    }
    if message.starts_with("mapping values are not allowed") {
        return (
            line,
            column,
            "a colon and space `: ` inside a text: YAML reads it as the start of a new key".into(),
        );
    }
    if message.contains("more than one document") {
        return (
            line,
            column,
            "more than one YAML document (a second `---` line)".into(),
        );
    }
    if message.starts_with("recursion limit exceeded") {
        return (line, column, "nested too deeply".into());
    }
    if let Some(key) = message
        .strip_prefix("duplicate key `")
        .or_else(|| message.strip_prefix("duplicate field `"))
        .and_then(|rest| rest.split('`').next())
        && let Some((l, c)) = second_key(text, line, key)
    {
        return (l, c, message);
    }
    (line, column, shorten_echo(&message))
}

/// The second `key:` at the indentation of line `from` (1-based) in the mapping starting there.
fn second_key(text: &str, from: usize, key: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let start = from.checked_sub(1)?;
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let own = indent(lines.get(start)?);
    let mut seen = 0;
    for (i, l) in lines.iter().enumerate().skip(start) {
        let content = l.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if indent(l) < own {
            break;
        }
        let is_key = indent(l) == own
            && [
                format!("{key}:"),
                format!("\"{key}\":"),
                format!("'{key}':"),
            ]
            .iter()
            .any(|k| content.starts_with(k.as_str()));
        if is_key {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, own + 1));
            }
        }
    }
    None
}

/// Cuts a long text that a message quotes (`invalid type: string "…"`) to its start.
fn shorten_echo(message: &str) -> String {
    const KEEP: usize = 40;
    let Some((head, rest)) = message.split_once("string \"") else {
        return message.to_string();
    };
    let Some((quoted, tail)) = rest.rsplit_once('"') else {
        return message.to_string();
    };
    if quoted.chars().count() <= KEEP {
        return message.to_string();
    }
    let start: String = quoted.chars().take(KEEP).collect();
    format!(
        "{head}string \"{start}…\" ({} characters){tail}",
        quoted.chars().count()
    )
}

/// The mapping key written at (line, column), 1-based: `name` for `name: ~`.
fn key_at(text: &str, line: usize, column: usize) -> Option<String> {
    let line = text.lines().nth(line - 1)?;
    let rest: String = line.chars().skip(column.saturating_sub(1)).collect();
    let (key, _) = rest.split_once(':')?;
    let key = key.trim().trim_start_matches("- ").trim();
    let word = key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (!key.is_empty() && word).then(|| key.to_string())
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
    } else if message.starts_with(raw::BLANK_TEXT) {
        "write the text as the report gives it; `~` and `null` mean \"nothing\" in YAML".to_string()
    } else if message.starts_with("missing field") {
        "add the field; content/README.md shows each file's required fields".to_string()
    } else if message.starts_with("duplicate") {
        "each key may appear once: merge or remove the repeated one".to_string()
    } else if message.starts_with("unknown variant") {
        "use one of the values listed".to_string()
    } else if message.starts_with("invalid type") {
        "check the indentation and the kind of value this field takes (content/README.md)"
            .to_string()
    } else if message.starts_with("the quote") {
        "end the text with the same quote mark, or remove the opening one (text needs no quotes unless it contains `: ` or starts with a symbol)".to_string()
    } else if message.starts_with("a colon and space") {
        "put the whole text in quotes, e.g. note: \"理由: 不明\", or write the colon full-width `：`".to_string()
    } else if message.starts_with("more than one YAML document") {
        "a content file holds one document: delete the `---` line, or move what follows into a file of its own".to_string()
    } else if message.starts_with("nested too deeply") {
        "content files nest a few levels (goals → measures → projects → KPIs); check the indentation and the brackets".to_string()
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

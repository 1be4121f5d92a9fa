//! The build manifest: what each city's files were made from and what the site-wide files took
//! from it, so the next build can reuse every city whose inputs did not change without reading
//! its content again (an incremental build).
//!
//! It is a text file in the output, `.mieruka-manifest`: a first line with the key of what every
//! page depends on (the mieruka binary, `site.yaml` and the command-line overrides, the theme)
//! and whether the site has an Atom feed, then a line per city: its fingerprint (the names and
//! bytes of its content files), its id and its
//! [`CitySummary`] as JSON. A build whose key and feed match, for a city whose fingerprint
//! matches, moves that city's folders from the previous output into the new one and takes its
//! summary from here; the site-wide files are made again from every city's summary. So an
//! incremental build writes the same bytes as a full one.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The manifest's file name, at the output's root.
pub const FILE: &str = ".mieruka-manifest";
/// The first word of the file, with its format: a manifest of another format is not read.
const HEADER: &str = "mieruka-manifest 2";

/// What a build made, city by city: the file's text, with where each city's line is. The
/// cities' summaries are decoded only for the cities reused, and never copied.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The key of the inputs every page depends on.
    pub key: u64,
    /// Whether the site had an Atom feed, which every page links.
    pub site_feed: bool,
    text: String,
    /// By city id: its fingerprint and where its summary's JSON is in `text`.
    cities: BTreeMap<String, (u64, Range<usize>)>,
}

/// What the site-wide files and the build's report take from one city: everything a reused
/// city contributes without its content being read.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitySummary {
    /// Its problems (warnings: a city with an error is never built).
    pub warnings: Vec<Diagnostic>,
    /// The folders, from the output's root, that hold every file made from the city alone.
    pub folders: Vec<String>,
    /// Its HTML pages and their dates, for the sitemap.
    pub html: Vec<(String, Option<String>)>,
    /// Per edition, in the order of the site's languages.
    pub editions_done: Vec<EditionSummary>,
    /// Its entries in the site's search index.
    pub search: crate::search::CityEntries,
    /// Whether a fiscal-year file has `published:` (the site's feed has an entry).
    pub published: bool,
    /// Its newest `published:` date.
    pub newest: Option<String>,
    /// Fiscal-year files without `published:`.
    pub undated: usize,
    /// `City::last_updated`, for the footer of the site's own pages.
    pub updated: Option<String>,
    /// Its editions for the edition record.
    pub editions: Vec<crate::edition::Edition>,
}

/// What one edition's site-wide pages show of a city, in that edition's language, as the
/// templates read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditionSummary {
    /// Its card on the index page ([`crate::render::view::CityCard`]).
    pub card: crate::render::Kept,
    /// Its goals and KPIs on the search page ([`crate::render::view::KpiIndexCity`]).
    pub kpi_index: crate::render::Kept,
    pub feed: Vec<crate::feed::Entry>,
}

impl Manifest {
    /// A manifest without cities yet, for a build with `key` and the site's feed or not.
    pub fn new(key: u64, site_feed: bool) -> Manifest {
        Manifest {
            key,
            site_feed,
            text: format!("{HEADER} key {key:016x} feed {}\n", u8::from(site_feed)),
            cities: BTreeMap::new(),
        }
    }

    /// The manifest in `output`, if there is one that reads back; anything else means no file
    /// can be reused (a first build, an older mieruka, a damaged file).
    pub fn read(output: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(output.join(FILE)).ok()?;
        Manifest::parse(text)
    }

    fn parse(text: String) -> Option<Manifest> {
        let (head, _) = text.split_once('\n')?;
        let mut words = head.strip_prefix(HEADER)?.split_whitespace();
        let key = match (words.next()?, words.next()?) {
            ("key", key) => u64::from_str_radix(key, 16).ok()?,
            _ => return None,
        };
        let site_feed = match (words.next()?, words.next()?) {
            ("feed", feed) => feed == "1",
            _ => return None,
        };
        let mut cities = BTreeMap::new();
        let mut at = head.len() + 1;
        for line in text[at..].lines() {
            let (fingerprint, rest) = line.split_once(' ')?;
            let (id, summary) = rest.split_once('\t')?;
            let fingerprint = u64::from_str_radix(fingerprint, 16).ok()?;
            let start = at + line.len() - summary.len();
            cities.insert(id.to_string(), (fingerprint, start..at + line.len()));
            at += line.len() + 1;
        }
        Some(Manifest {
            key,
            site_feed,
            text,
            cities,
        })
    }

    /// City `id`'s summary as JSON, when its fingerprint is `fingerprint`.
    pub fn summary_of(&self, id: &str, fingerprint: u64) -> Option<&str> {
        let (recorded, range) = self.cities.get(id)?;
        (*recorded == fingerprint).then(|| &self.text[range.clone()])
    }

    /// Adds city `id`'s line: its fingerprint and its summary as JSON (which holds no line
    /// break).
    pub fn push(&mut self, id: &str, fingerprint: u64, summary: &str) {
        self.text.push_str(&format!("{fingerprint:016x} {id}\t"));
        let start = self.text.len();
        self.text.push_str(summary);
        self.cities
            .insert(id.to_string(), (fingerprint, start..self.text.len()));
        self.text.push('\n');
    }

    /// The file's text: the header line, then one line per city.
    pub fn into_text(self) -> String {
        self.text
    }
}

/// A stable hash of files' names (as given) and bytes, in the order given.
pub fn hash_files<'a>(files: impl IntoIterator<Item = (&'a Path, &'a Path)>) -> Result<u64> {
    let mut hasher = DefaultHasher::new();
    for (shown, full) in files {
        shown.hash(&mut hasher);
        let bytes = std::fs::read(full).with_context(|| format!("reading {}", full.display()))?;
        bytes.hash(&mut hasher);
    }
    Ok(hasher.finish())
}

/// The key of what every page depends on besides its city: the running mieruka binary (its
/// version, path, size and modification time, so a new or rebuilt binary renders everything
/// again), the folder of the theme, and `parts` (site.yaml's bytes, the base URL …).
pub fn key(theme_dir: &Path, parts: &[&[u8]]) -> Result<u64> {
    let mut hasher = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    let exe = std::env::current_exe().context("finding the running mieruka binary")?;
    let meta = std::fs::metadata(&exe).with_context(|| format!("reading {}", exe.display()))?;
    (&exe, meta.len(), meta.modified().ok()).hash(&mut hasher);
    let mut theme: Vec<_> = walkdir::WalkDir::new(theme_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    theme.sort();
    hash_files(theme.iter().map(|p| (p.as_path(), p.as_path())))?.hash(&mut hasher);
    parts.hash(&mut hasher);
    Ok(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_reads_back_and_damage_reads_as_none() {
        let mut manifest = Manifest::new(0xfeed, true);
        let summary = CitySummary {
            folders: vec!["town".into()],
            html: vec![("town/index.html".into(), Some("2024-09-30".into()))],
            ..CitySummary::default()
        };
        manifest.push("town", 42, &serde_json::to_string(&summary).unwrap());
        manifest.push("village", 7, "{}");
        let text = manifest.clone().into_text();
        assert!(
            text.starts_with(
                "mieruka-manifest 2 key 000000000000feed feed 1\n000000000000002a town\t{"
            ),
            "{text}"
        );
        let read = Manifest::parse(text).unwrap();
        assert_eq!(read, manifest);
        let back: CitySummary = serde_json::from_str(read.summary_of("town", 42).unwrap()).unwrap();
        assert_eq!(back, summary);
        assert_eq!(read.summary_of("village", 7), Some("{}"));
        assert_eq!(read.summary_of("town", 43), None);
        for damaged in [
            "mieruka-manifest 2 key zz feed 1\n",
            "key 1\n",
            "mieruka-manifest 2 key 1 feed 0\nno-tab-here\n",
        ] {
            assert_eq!(Manifest::parse(damaged.into()), None);
        }
    }
}

//! The build manifest: what each city's files were made from, so the next build can reuse the
//! files of every city whose inputs did not change (an incremental build).
//!
//! It is a small text file in the output, `.mieruka-manifest`: a first line with the key of what
//! every page depends on (the mieruka binary, `site.yaml` and the command-line overrides, the
//! theme, and whether the site has an Atom feed), then per city its fingerprint (the names and
//! bytes of its content files) and the files its pages and data were written to. A build whose
//! key matches, for a city whose fingerprint matches, links that city's files from the previous
//! output into the new one instead of rendering them again; everything site-wide is made again
//! from every city's model. So an incremental build writes the same bytes as a full one.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use anyhow::{Context, Result};

/// The manifest's file name, at the output's root.
pub const FILE: &str = ".mieruka-manifest";

/// What a previous build made, city by city.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The key of the inputs every page depends on.
    pub key: u64,
    /// By city id.
    pub cities: BTreeMap<String, CityEntry>,
}

/// One city's inputs and outputs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CityEntry {
    pub fingerprint: u64,
    /// The files made from the city alone, from the output's root, in the order written.
    pub files: Vec<String>,
}

impl Manifest {
    /// The manifest in `output`, if there is one that reads back; anything else means no file
    /// can be reused (a first build, an older mieruka, a damaged file).
    pub fn read(output: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(output.join(FILE)).ok()?;
        Manifest::parse(&text)
    }

    fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        let key = u64::from_str_radix(lines.next()?.strip_prefix("key ")?, 16).ok()?;
        let mut manifest = Manifest {
            key,
            cities: BTreeMap::new(),
        };
        let mut current: Option<&mut CityEntry> = None;
        for line in lines {
            if let Some(rest) = line.strip_prefix("city ") {
                let (fingerprint, id) = rest.split_once(' ')?;
                let entry = CityEntry {
                    fingerprint: u64::from_str_radix(fingerprint, 16).ok()?,
                    files: Vec::new(),
                };
                current = Some(manifest.cities.entry(id.to_string()).or_insert(entry));
            } else {
                current
                    .as_mut()?
                    .files
                    .push(line.strip_prefix("  ")?.to_string());
            }
        }
        Some(manifest)
    }

    /// The file's text: one line per city and one per file (paths never hold a line break).
    pub fn text(&self) -> String {
        let mut out = format!("key {:016x}\n", self.key);
        for (id, city) in &self.cities {
            out.push_str(&format!("city {:016x} {id}\n", city.fingerprint));
            for file in &city.files {
                out.push_str("  ");
                out.push_str(file);
                out.push('\n');
            }
        }
        out
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
/// again), the folder of the theme, and `parts` (site.yaml's bytes, the base URL, the site's
/// feed …).
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
        let mut manifest = Manifest {
            key: 0xfeed,
            ..Manifest::default()
        };
        manifest.cities.insert(
            "town".into(),
            CityEntry {
                fingerprint: 42,
                files: vec!["town/index.html".into(), "town/kpi/a/index.html".into()],
            },
        );
        manifest
            .cities
            .insert("village".into(), CityEntry::default());
        let text = manifest.text();
        assert!(
            text.starts_with(
                "key 000000000000feed\ncity 000000000000002a town\n  town/index.html\n"
            )
        );
        assert_eq!(Manifest::parse(&text), Some(manifest));
        assert_eq!(Manifest::parse("key zz\n"), None);
        assert_eq!(Manifest::parse("key 1\n  orphan/file\n"), None);
    }
}

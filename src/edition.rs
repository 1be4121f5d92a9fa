//! The edition record, `editions.json`: every published edition's address and figures as
//! published, written into the output and read back from the previous build's.
//!
//! An edition's page is rebuilt from the content every build (`model::edition`); this record is
//! what lets `check` and `build` notice when a published figure changed without a correction
//! entry. Once an edition's figure is recorded it stays recorded: a later build keeps the
//! previous record's figure where the content now differs, so the warning repeats until the
//! change gets its `corrections:` entry (or the figure is written back).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::era::FiscalYear;
use crate::model::edition::actual_text;
use crate::model::{City, Site};
use crate::output::Page;

/// The record's path in the output.
pub const RECORD: &str = "editions.json";
/// The record's format; a record of another format is ignored.
const FORMAT: u32 = 1;

/// Every published edition of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub format: u32,
    pub editions: Vec<Edition>,
}

/// One city's report of one fiscal year, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edition {
    pub city: String,
    pub fiscal_year: FiscalYear,
    /// `published:`, `YYYY-MM-DD`.
    pub published: String,
    /// The edition's page, relative to the site root.
    pub page: String,
    /// KPI id → its figure as published.
    pub figures: BTreeMap<String, Figures>,
}

/// A KPI's figure in an edition: the actual as written (`36.0`, `-7.77`, `93%超`,
/// `not_measurable`; empty for none) and its status code (empty for none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub actual: String,
    pub status: String,
}

/// The page of a fiscal year's edition: `<city>/<year>/edition-<published>/index.html`. It
/// depends on nothing but the city's id, the year and its `published:` date, so it never moves.
pub fn href(city: &City, year: FiscalYear, published: &str) -> String {
    format!("{}/{year}/edition-{published}/index.html", city.id)
}

/// The editions of a city's published years, with their figures from the content.
pub fn editions(city: &City) -> Vec<Edition> {
    city.published
        .iter()
        .map(|(&year, published)| {
            let frozen = city.as_published(year);
            let figures = frozen
                .kpis
                .iter()
                .filter_map(|kpi| {
                    let entry = kpi.years.get(&year)?;
                    let figures = Figures {
                        actual: actual_text(entry.actual, entry.written.as_ref()),
                        status: entry
                            .status
                            .map(|s| s.code().to_string())
                            .unwrap_or_default(),
                    };
                    Some((kpi.id.clone(), figures))
                })
                .collect();
            Edition {
                city: city.id.clone(),
                fiscal_year: year,
                published: published.clone(),
                page: href(city, year, published),
                figures,
            }
        })
        .collect()
}

/// `editions.json`, when the site has a published year: the content's editions, each figure
/// that `previous` recorded for the same edition kept as recorded.
pub fn page(site: &Site, previous: Option<&Record>) -> Result<Option<Page>> {
    record_page(
        site.cities
            .iter()
            .flat_map(|city| city_editions(city, previous))
            .collect(),
    )
}

/// A city's editions from the content, each figure that `previous` recorded for the same
/// edition kept as recorded: its part of `editions.json`.
pub fn city_editions(city: &City, previous: Option<&Record>) -> Vec<Edition> {
    let mut editions = editions(city);
    for edition in &mut editions {
        if let Some(before) = previous.and_then(|p| p.find(edition)) {
            for (id, figures) in &before.figures {
                edition.figures.insert(id.clone(), figures.clone());
            }
        }
    }
    editions
}

/// `editions.json` holding `editions` (every city's, in order), or `None` when there is none.
pub fn record_page(editions: Vec<Edition>) -> Result<Option<Page>> {
    if editions.is_empty() {
        return Ok(None);
    }
    let record = Record {
        format: FORMAT,
        editions,
    };
    let mut bytes = serde_json::to_vec_pretty(&record)?;
    bytes.push(b'\n');
    Ok(Some(Page {
        path: RECORD.into(),
        bytes,
    }))
}

/// The record of a previous build in `output`, if it holds one of this format.
pub fn read(output: &Path) -> Result<Option<Record>> {
    let path = output.join(RECORD);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let record: Record =
        serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))?;
    Ok((record.format == FORMAT).then_some(record))
}

impl Record {
    /// The recorded edition of the same city, year and publication date.
    pub fn find(&self, edition: &Edition) -> Option<&Edition> {
        self.editions.iter().find(|e| {
            e.city == edition.city
                && e.fiscal_year == edition.fiscal_year
                && e.published == edition.published
        })
    }
}

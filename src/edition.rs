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
use crate::output::{Collect, Page, Sink};

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
    let sink = Collect::default();
    let mut record = RecordWriter::default();
    for city in &site.cities {
        record.add(&sink, &city_editions(city, previous))?;
    }
    record.finish(&sink)?;
    Ok(sink.into_pages().pop())
}

/// A city's editions from the content, each figure that `previous` recorded for the same
/// edition kept as recorded: its part of `editions.json`.
pub fn city_editions(city: &City, previous: Option<&Record>) -> Vec<Edition> {
    let mut editions: Vec<Edition> = city.generations().flat_map(editions).collect();
    for edition in &mut editions {
        if let Some(before) = previous.and_then(|p| p.find(edition)) {
            for (id, figures) in &before.figures {
                edition.figures.insert(id.clone(), figures.clone());
            }
        }
    }
    editions
}

/// `editions.json` made city by city into a sink, as `serde_json::to_vec_pretty` writes the
/// whole [`Record`]: made only when some city has an edition.
#[derive(Debug, Default)]
pub struct RecordWriter {
    started: bool,
}

impl RecordWriter {
    /// Adds a city's editions (cities in order).
    pub fn add(&mut self, sink: &dyn Sink, editions: &[Edition]) -> Result<()> {
        for edition in editions {
            let mut text = if self.started {
                ",\n".to_string()
            } else {
                self.started = true;
                sink.put(Page {
                    path: RECORD.into(),
                    bytes: format!("{{\n  \"format\": {FORMAT},\n  \"editions\": [\n").into_bytes(),
                })?;
                String::new()
            };
            // An edition two levels down: each of its lines indented by four spaces (its
            // strings hold no line break).
            let json = serde_json::to_string_pretty(edition)?;
            for (i, line) in json.lines().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                text.push_str("    ");
                text.push_str(line);
            }
            sink.append(RECORD, text.as_bytes())?;
        }
        Ok(())
    }

    /// Ends the record, when it was begun.
    pub fn finish(self, sink: &dyn Sink) -> Result<()> {
        if self.started {
            sink.append(RECORD, b"\n  ]\n}\n")?;
        }
        Ok(())
    }
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
    let mut record = record;
    // By city (stably), for `Record::city`.
    record.editions.sort_by(|a, b| a.city.cmp(&b.city));
    Ok((record.format == FORMAT).then_some(record))
}

impl Record {
    /// The recorded edition of the same city, year and publication date.
    pub fn find(&self, edition: &Edition) -> Option<&Edition> {
        self.city(&edition.city)
            .iter()
            .find(|e| e.fiscal_year == edition.fiscal_year && e.published == edition.published)
    }

    /// The recorded editions of city `id` (the record sorted by city, as `read` leaves it).
    pub fn city(&self, id: &str) -> &[Edition] {
        let start = self.editions.partition_point(|e| e.city.as_str() < id);
        let end = start + self.editions[start..].partition_point(|e| e.city == id);
        &self.editions[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition(city: &str, year: FiscalYear, kpis: &[(&str, &str)]) -> Edition {
        Edition {
            city: city.into(),
            fiscal_year: year,
            published: format!("{}-09-30", year + 1),
            page: format!("{city}/{year}/edition-{}-09-30/index.html", year + 1),
            figures: kpis
                .iter()
                .map(|(id, actual)| {
                    let figures = Figures {
                        actual: actual.to_string(),
                        status: String::new(),
                    };
                    (id.to_string(), figures)
                })
                .collect(),
        }
    }

    #[test]
    fn the_record_made_city_by_city_is_the_whole_record_pretty_printed() {
        let cities = [
            vec![edition("a", 2022, &[("x", "1.5"), ("y", "「93%超」")])],
            vec![],
            vec![edition("b", 2021, &[]), edition("b", 2022, &[("z", "")])],
        ];
        let sink = Collect::default();
        let mut writer = RecordWriter::default();
        for editions in &cities {
            writer.add(&sink, editions).unwrap();
        }
        writer.finish(&sink).unwrap();
        let streamed = sink.into_pages().pop().unwrap().bytes;
        let record = Record {
            format: FORMAT,
            editions: cities.concat(),
        };
        let mut whole = serde_json::to_vec_pretty(&record).unwrap();
        whole.push(b'\n');
        assert_eq!(String::from_utf8(streamed), String::from_utf8(whole));
        let sink = Collect::default();
        RecordWriter::default().finish(&sink).unwrap();
        assert!(sink.into_pages().is_empty(), "no edition, no record");
    }

    #[test]
    fn a_city_s_recorded_editions_are_found_in_a_record_read_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let record = Record {
            format: FORMAT,
            editions: vec![
                edition("b", 2022, &[]),
                edition("a", 2022, &[]),
                edition("b", 2021, &[]),
            ],
        };
        std::fs::write(
            dir.path().join(RECORD),
            serde_json::to_vec(&record).unwrap(),
        )
        .unwrap();
        let read = read(dir.path()).unwrap().unwrap();
        let years: Vec<FiscalYear> = read.city("b").iter().map(|e| e.fiscal_year).collect();
        assert_eq!(years, [2022, 2021]);
        assert_eq!(read.city("a").len(), 1);
        assert!(read.city("c").is_empty());
        assert!(read.find(&edition("b", 2021, &[])).is_some());
        assert!(read.find(&edition("a", 2021, &[])).is_none());
    }
}

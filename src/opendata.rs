//! Open data: every KPI and 数値目標 of every fiscal year, with its evaluation, as CSV and JSON.
//!
//! One record type, [`Record`], whose field names are the columns of both files. CSV is UTF-8 with
//! a BOM and CRLF line ends, so Excel opens it as is; numbers are plain (`-7.77`, `1168.5`: no △,
//! no separators) and keep the precision the city wrote; fiscal years are 西暦; states are codes
//! explained in the JSON's `legend` and the README. Text cells that a spreadsheet would take for a
//! formula are neutralised in the CSV only. The JSON holds the same records, numbers as numbers,
//! nested (city → strategies → goals → KPIs → years, each fact once) and leaving out empty
//! fields. Each city has both; the whole site has one CSV of every city (the JSON would repeat
//! the cities' files byte for byte).
//!
//! What a government published on its assessment axes is in a second pair of files,
//! `kpi-assessments.csv` / `.json`, one [`AssessmentRecord`] per KPI, year and axis (a long format,
//! since each government has axes of its own). `kpi-data` carries only mieruka's arithmetic and,
//! where the government adopted a scheme, the grade computed by it (`computed_grade`).

use std::borrow::Cow;
use std::path::Path;
use std::sync::LazyLock;

use anyhow::{Context, Result};
use serde::{Serialize, Serializer};
use serde_json::{Number, Value};

use crate::evaluate::{NotGraded, Scope, evaluate};
use crate::figure::Figure;
use crate::model::{City, KpiKind, KpiLink, Site, YearState, measure_of};
use crate::output::{Collect, Page, Sink};
use crate::render::view::{has_own_page, kpi_file, same_page};

/// The file name of the data, at the site root (all cities) and in each city's folder.
pub const FILE_STEM: &str = "kpi-data";

/// The file name of the published assessments, beside the data.
pub const ASSESSMENTS_STEM: &str = "kpi-assessments";

/// The file name of the KPIs of each strategy, beside the data, for cities with several.
pub const STRATEGIES_STEM: &str = "kpi-strategies";

/// One KPI (数値目標 included) in one fiscal year of the strategy. The field names are the
/// columns, in order; the README documents each.
#[derive(Debug, Default, Serialize)]
pub struct Record {
    pub city_id: Option<String>,
    pub city: Option<String>,
    pub government_kind: Option<&'static str>,
    /// The strategy the fiscal year belongs to (総合戦略's name).
    pub strategy: Option<String>,
    pub goal_id: Option<String>,
    pub goal: Option<String>,
    pub project_id: Option<String>,
    pub project: Option<String>,
    pub measure: Option<String>,
    pub kpi_id: Option<String>,
    pub kpi: Option<String>,
    pub kind: Option<&'static str>,
    pub unit: Option<String>,
    pub direction: Option<&'static str>,
    pub baseline: Option<Number>,
    pub baseline_as_of: Option<String>,
    pub target_shape: Option<&'static str>,
    pub stated_target: Option<Number>,
    pub fiscal_year: Option<Number>,
    pub target: Option<Number>,
    pub target_as_written: Option<String>,
    pub target_comparison: Option<&'static str>,
    /// When the target this year was measured against was revised later (平成30年3月).
    pub target_revised: Option<String>,
    pub actual: Option<Number>,
    pub actual_as_written: Option<String>,
    pub actual_as_of: Option<String>,
    pub breakdown: Option<String>,
    pub reference: Option<String>,
    pub actual_state: Option<&'static str>,
    pub status: Option<&'static str>,
    /// The date of the latest correction (訂正) of this figure after publication.
    pub corrected_on: Option<String>,
    pub cumulative_actual: Option<Number>,
    pub achievement_rate: Option<Number>,
    pub published_achievement_rate: Option<Number>,
    pub progress_to_target: Option<Number>,
    pub progress_rate: Option<Number>,
    pub benchmark: Option<Number>,
    pub computed_grade: Option<String>,
    pub computed_grade_label: Option<String>,
    pub not_graded: Option<&'static str>,
    pub source: Option<String>,
    pub method: Option<String>,
    pub rationale: Option<String>,
    pub department: Option<String>,
    pub published: Option<String>,
    pub next_publication: Option<String>,
    pub rank: Option<String>,
    pub actions: Option<String>,
    pub results: Option<String>,
    pub outlook: Option<String>,
    pub committee_opinion: Option<String>,
    pub project_budget: Option<Number>,
    pub project_spent: Option<Number>,
}

/// One KPI of one strategy, for a city with several (`kpi-strategies.csv` / `.json`). A
/// strategy is named by the fiscal year it came in force (`strategy_from`); a figure in
/// `kpi-data` belongs to the strategy whose years `strategy_from`–`in_force_to` hold its
/// `fiscal_year`.
#[derive(Debug, Default, Serialize)]
pub struct StrategyRecord {
    pub city_id: Option<String>,
    pub strategy_from: Option<Number>,
    pub strategy: Option<String>,
    /// The last year of the strategy's period as written.
    pub period_to: Option<Number>,
    /// The last year it was in force (earlier when a revision took over).
    pub in_force_to: Option<Number>,
    pub adopted: Option<String>,
    pub revised: Option<String>,
    pub kpi_id: Option<String>,
    pub kpi: Option<String>,
    /// The KPI of an earlier strategy this one carries on, and that strategy's `strategy_from`.
    pub continues: Option<String>,
    pub continues_strategy: Option<Number>,
    /// The KPI of a later strategy that carries this one on.
    pub continued_by: Option<String>,
    pub continued_by_strategy: Option<Number>,
}

/// One value a government published on one of its assessment axes (long format: one record
/// per KPI, fiscal year and axis), in `kpi-assessments.csv` / `.json`.
#[derive(Debug, Default, Serialize)]
pub struct AssessmentRecord {
    pub city_id: Option<String>,
    pub kpi_id: Option<String>,
    pub kpi: Option<String>,
    pub fiscal_year: Option<Number>,
    pub axis_id: Option<String>,
    pub axis: Option<String>,
    pub value: Option<String>,
    pub value_label: Option<String>,
    pub alternative: Option<String>,
    pub footnote: Option<String>,
    pub decided_by: Option<String>,
}

/// The CSV and JSON files of the site: one pair of data and one of published assessments per
/// city, the data and assessment CSVs of the whole site, and one CSV per KPI (the data's columns, that KPI's rows),
/// beside its page.
pub fn pages(site: &Site) -> Result<Vec<Page>> {
    let sink = Collect::default();
    let mut all = SiteData::new()?;
    for city in &site.cities {
        let data = city_data(city)?;
        all.add(&sink, &data)?;
        for page in data.pages {
            sink.put(page)?;
        }
    }
    all.finish(&sink)?;
    Ok(sink.into_pages())
}

/// A city's open data: its files, and its part of the site-wide files.
#[derive(Default)]
pub struct CityData {
    /// The city's data and assessment files, and each KPI's CSV.
    pub pages: Vec<Page>,
    pub data: Part,
    pub assessments: Part,
    /// Its part of `kpi-strategies` (none for a city with one strategy).
    pub strategies: Part,
}

/// A city's rows of a site-wide pair of files.
#[derive(Default)]
pub struct Part {
    /// The CSV rows, without the header.
    pub csv_rows: Vec<u8>,
    /// The JSON records, each after `,` and a line break.
    pub json_records: String,
}

/// A city's files and its part of the site-wide files.
pub fn city_data(city: &City) -> Result<CityData> {
    let mut pages = Vec::new();
    let assessments: Vec<AssessmentRecord> =
        city.generations().flat_map(assessment_records).collect();
    let stem = format!("{}/{FILE_STEM}", city.id);
    // Strategy by strategy, KPI by KPI, one record per fiscal year, and their CSV rows, made
    // once for the city's file and each KPI's.
    let nested: Vec<Vec<Vec<Record>>> = city
        .generations()
        .map(|g| (0..g.kpis.len()).map(|ix| kpi_records(g, ix)).collect())
        .collect();
    let rows: Vec<Vec<Vec<u8>>> = nested
        .iter()
        .map(|kpis| {
            kpis.iter()
                .map(|records| csv_rows(records, &format!("{stem}.csv")))
                .collect()
        })
        .collect::<Result<_>>()?;
    let strategies = strategy_records(city);
    let assessments = optional_pair(&mut pages, city, ASSESSMENTS_STEM, &assessments)?;
    let position = |c: &City| {
        city.generations()
            .position(|g| g.generation == c.generation)
    };
    for generation in city.generations() {
        for (ix, kpi) in generation.kpis.iter().enumerate() {
            if !has_own_page(city, generation.generation, ix) {
                continue;
            }
            // A KPI carried on under the same id has one page, and one file of all its years.
            let mut bytes = csv_head::<Record>();
            for (c, k) in same_page(city, generation.generation, ix) {
                let rows = position(c).map(|g| &rows[g][k]);
                bytes.extend_from_slice(rows.context("a strategy of the city")?);
            }
            let path = kpi_file(generation, kpi, "csv");
            pages.push(Page { path, bytes });
        }
    }
    let data = Part {
        csv_rows: rows.concat().concat(),
        json_records: String::new(),
    };
    pages.push(data.csv_page::<Record>(format!("{stem}.csv"))?);
    pages.push(Page {
        path: format!("{stem}.json"),
        bytes: data_json(&nested)?.into_bytes(),
    });
    drop(nested);
    let strategies = optional_pair(&mut pages, city, STRATEGIES_STEM, &strategies)?;
    Ok(CityData {
        pages,
        data,
        assessments,
        strategies,
    })
}

/// A city's pair of files `<city>/<stem>.csv` and `.json` (no legend), made only when there is
/// a record, and its part of the site-wide pair.
fn optional_pair<T: Table>(
    pages: &mut Vec<Page>,
    city: &City,
    stem: &str,
    records: &[T],
) -> Result<Part> {
    if records.is_empty() {
        return Ok(Part::default());
    }
    let stem = format!("{}/{stem}", city.id);
    let part = Part {
        csv_rows: csv_rows(records, &format!("{stem}.csv"))?,
        json_records: json_records(records)?,
    };
    pages.push(part.csv_page::<T>(format!("{stem}.csv"))?);
    pages.push(part.json_page::<T>(format!("{stem}.json"))?);
    Ok(part)
}

/// Each KPI of each strategy of a city with more than one, and the KPIs it carries on or is
/// carried on by: how a figure of `kpi-data` (by `kpi_id` and `fiscal_year`) belongs to a
/// strategy, and how one indicator runs across strategies.
pub fn strategy_records(city: &City) -> Vec<StrategyRecord> {
    let mut out = Vec::new();
    if city.strategies.len() < 2 {
        return out;
    }
    let link = |l: &Option<KpiLink>| -> (Option<String>, Option<Number>) {
        match l
            .as_ref()
            .and_then(|l| Some((city.generation(l.generation)?, l.kpi)))
        {
            Some((c, k)) => (text(&c.kpis[k].id), Some(c.strategy.from.into())),
            None => (None, None),
        }
    };
    for generation in city.generations() {
        let s = &generation.strategy;
        for kpi in &generation.kpis {
            let (continues, continues_strategy) = link(&kpi.continues);
            let (continued_by, continued_by_strategy) = link(&kpi.continued_by);
            out.push(StrategyRecord {
                city_id: text(&city.id),
                strategy_from: Some(s.from.into()),
                strategy: text(&s.name),
                period_to: Some(s.to.into()),
                in_force_to: Some(s.until.into()),
                adopted: s.adopted.clone(),
                revised: s.revised.clone(),
                kpi_id: text(&kpi.id),
                kpi: text(&kpi.name),
                continues,
                continues_strategy,
                continued_by,
                continued_by_strategy,
            });
        }
    }
    out
}

/// A reused city's part of the site-wide files, read back from its own CSV files in the previous
/// output `dir` (each is the header, then exactly these rows; a file not there has none).
pub fn reused_parts(dir: &Path, id: &str) -> Result<CityData> {
    fn part<T: Table>(dir: &Path, id: &str, stem: &str) -> Result<Part> {
        let path = dir.join(id).join(format!("{stem}.csv"));
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Part::default()),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let head = &T::head().csv;
        let rows = bytes.strip_prefix(head.as_slice()).with_context(|| {
            format!(
                "{} does not start with the header mieruka writes",
                path.display()
            )
        })?;
        Ok(Part {
            csv_rows: rows.to_vec(),
            json_records: String::new(),
        })
    }
    Ok(CityData {
        pages: Vec::new(),
        data: part::<Record>(dir, id, FILE_STEM)?,
        assessments: part::<AssessmentRecord>(dir, id, ASSESSMENTS_STEM)?,
        strategies: part::<StrategyRecord>(dir, id, STRATEGIES_STEM)?,
    })
}

impl Part {
    fn csv_page<T: Table>(&self, path: String) -> Result<Page> {
        let mut bytes = csv_head::<T>();
        bytes.extend_from_slice(&self.csv_rows);
        Ok(Page { path, bytes })
    }

    fn json_page<T: Table>(&self, path: String) -> Result<Page> {
        let mut out = json_head::<T>();
        out.push_str(first_record(&self.json_records));
        out.push_str(JSON_END);
        Ok(Page {
            path,
            bytes: out.into_bytes(),
        })
    }
}

/// Records written after `,`: the first one's comma dropped.
fn first_record(records: &str) -> &str {
    records.strip_prefix(',').unwrap_or(records)
}

/// The site-wide data and assessment CSVs, made city by city into a sink: each file's start,
/// then each city's part in order ([`SiteData::add`]), then the end ([`SiteData::finish`]).
pub struct SiteData {
    data: Stream,
    assessments: Stream,
    strategies: Stream,
}

/// One site-wide file being appended to: the CSV only, since the JSON of every city is the
/// same records as the cities' own JSON files (a JSON reader fetches those).
struct Stream {
    csv: Page,
    /// Whether the files are made even without a record.
    always: bool,
    /// Whether the files' beginnings are in the sink.
    started: bool,
}

impl Stream {
    fn new<T: Table>(stem: &str, always: bool) -> Result<Stream> {
        Ok(Stream {
            csv: Page {
                path: format!("{stem}.csv"),
                bytes: csv_head::<T>(),
            },
            always,
            started: false,
        })
    }

    fn start(&mut self, sink: &dyn Sink) -> Result<()> {
        if !self.started {
            self.started = true;
            sink.put(self.csv.clone())?;
        }
        Ok(())
    }

    fn add(&mut self, sink: &dyn Sink, part: &Part) -> Result<()> {
        if part.csv_rows.is_empty() {
            return Ok(());
        }
        self.start(sink)?;
        sink.append(&self.csv.path, &part.csv_rows)
    }

    fn finish(&mut self, sink: &dyn Sink) -> Result<()> {
        if self.always {
            self.start(sink)?;
        }
        Ok(())
    }
}

impl SiteData {
    pub fn new() -> Result<SiteData> {
        Ok(SiteData {
            data: Stream::new::<Record>(FILE_STEM, true)?,
            assessments: Stream::new::<AssessmentRecord>(ASSESSMENTS_STEM, false)?,
            strategies: Stream::new::<StrategyRecord>(STRATEGIES_STEM, false)?,
        })
    }

    /// Adds a city's rows at the ends of the site-wide files in `sink`.
    pub fn add(&mut self, sink: &dyn Sink, city: &CityData) -> Result<()> {
        self.data.add(sink, &city.data)?;
        self.assessments.add(sink, &city.assessments)?;
        self.strategies.add(sink, &city.strategies)
    }

    /// Ends the files (the assessment files exist only when some city published assessments).
    pub fn finish(mut self, sink: &dyn Sink) -> Result<()> {
        self.data.finish(sink)?;
        self.assessments.finish(sink)?;
        self.strategies.finish(sink)
    }
}

/// Every value the city published on its assessment axes, KPI by KPI, year by year, axis by axis.
pub fn assessment_records(city: &City) -> Vec<AssessmentRecord> {
    let mut out = Vec::new();
    for kpi in &city.kpis {
        for (&year, entry) in &kpi.years {
            for v in &entry.verdicts {
                let axis = &city.axes[v.axis];
                out.push(AssessmentRecord {
                    city_id: text(&city.id),
                    kpi_id: text(&kpi.id),
                    kpi: text(&kpi.name),
                    fiscal_year: Some(Number::from(year)),
                    axis_id: text(&axis.id),
                    axis: text(&axis.name),
                    value: text(&v.value),
                    value_label: axis.grade(&v.value).map(|(_, g)| g.label.clone()),
                    alternative: v.alternative.clone(),
                    footnote: v.footnote.clone(),
                    decided_by: v.decided_by.clone().or_else(|| axis.decided_by.clone()),
                });
            }
        }
    }
    out
}

/// One KPI's records: one per fiscal year of the strategy.
pub fn kpi_records(city: &City, ix: usize) -> Vec<Record> {
    let scope = Scope::of(city);
    let mut out = Vec::new();
    {
        let kpi = &city.kpis[ix];
        let goal = &city.goals[kpi.goal];
        let project = kpi.project.map(|p| &city.projects[p]);
        let baseline = kpi.baseline.as_ref();
        for year in city.strategy.years() {
            let e = evaluate(kpi, year, &scope);
            let (in_force, in_force_text) = kpi.target_in_force(year);
            let state = city.year_state(kpi, year);
            let grade = e.grade.as_ref();
            let year_facts = kpi.years.get(&year).map(|y| &y.facts);
            let year_texts = kpi.years.get(&year).map(|y| &y.texts);
            let project_year = project.and_then(|p| p.years.get(&year));
            out.push(Record {
                city_id: text(&city.id),
                city: text(&city.name),
                government_kind: Some(city.kind.code()),
                strategy: text(&city.strategy.name),
                goal_id: text(&goal.id),
                goal: text(&goal.heading()),
                project_id: project.and_then(|p| text(&p.id)),
                project: project.and_then(|p| p.name.as_deref()).and_then(text),
                measure: measure_of(&goal.measures, ix).map(|m| match &m.number {
                    Some(number) => format!("{number} {}", m.title),
                    None => m.title.clone(),
                }),
                kpi_id: text(&kpi.id),
                kpi: text(&kpi.name),
                kind: Some(match kpi.kind {
                    KpiKind::Indicator => "indicator",
                    KpiKind::Kpi => "kpi",
                }),
                unit: text(&kpi.unit),
                direction: Some(kpi.direction.code()),
                baseline: figure(baseline.and_then(|b| b.value)),
                baseline_as_of: baseline.and_then(|b| b.as_of.as_deref()).and_then(text),
                target_shape: Some(in_force.shape().code()),
                stated_target: figure(in_force.stated()),
                fiscal_year: Some(year.into()),
                target: figure(e.target),
                target_as_written: in_force_text.applicable(in_force, year).map(str::to_string),
                target_comparison: e
                    .target
                    .and(in_force.comparison(kpi.direction))
                    .map(|c| c.code()),
                target_revised: kpi.revision_of_target(year).map(|r| r.revised.clone()),
                actual: figure(kpi.actual(year)),
                actual_as_written: kpi
                    .years
                    .get(&year)
                    .and_then(|y| y.written.as_ref())
                    .map(|q| q.written.clone()),
                actual_as_of: kpi.years.get(&year).and_then(|y| y.as_of.clone()),
                reference: (!kpi.reference.is_empty()).then(|| {
                    kpi.reference
                        .iter()
                        .map(|r| format!("{}={}", r.as_of, r.value.plain()))
                        .collect::<Vec<_>>()
                        .join(";")
                }),
                breakdown: kpi
                    .years
                    .get(&year)
                    .filter(|y| !y.breakdown.is_empty())
                    .map(|y| {
                        // In the KPI's order: 男性=72.9;女性=75.6.
                        kpi.breakdown
                            .iter()
                            .filter_map(|d| {
                                y.breakdown
                                    .get(&d.label)
                                    .map(|v| format!("{}={}", d.label, v.plain()))
                            })
                            .collect::<Vec<_>>()
                            .join(";")
                    }),
                actual_state: Some(state.code()),
                status: kpi
                    .years
                    .get(&year)
                    .and_then(|y| y.status)
                    .map(|s| s.code()),
                corrected_on: city.corrected_on(ix, year).map(str::to_string),
                cumulative_actual: figure(e.actual.filter(|_| kpi.target.is_cumulative())),
                achievement_rate: rate(e.rate),
                published_achievement_rate: figure(
                    kpi.years.get(&year).and_then(|y| y.published_rate),
                ),
                progress_to_target: rate(e.progress_to_target),
                progress_rate: rate(e.progress),
                benchmark: figure(e.benchmark),
                computed_grade: grade.map(|g| g.symbol.clone()),
                computed_grade_label: grade.map(|g| g.label.clone()),
                not_graded: match state {
                    YearState::NotYet => None,
                    YearState::Value
                    | YearState::SumOfParts
                    | YearState::NotMeasurable
                    | YearState::NotApplicable
                    | YearState::NotReported
                    | YearState::Pending => e.not_graded.map(NotGraded::code),
                },
                source: kpi.facts.source.clone(),
                method: kpi.facts.method.clone(),
                rationale: kpi.facts.rationale.clone(),
                department: kpi.department(year).map(str::to_string),
                published: year_facts.and_then(|f| f.published.clone()),
                next_publication: year_facts.and_then(|f| f.next_publication.clone()),
                rank: year_facts.and_then(|f| f.rank.clone()),
                actions: year_texts.and_then(|t| t.actions.clone()),
                results: year_texts.and_then(|t| t.results.clone()),
                outlook: year_texts.and_then(|t| t.outlook.clone()),
                committee_opinion: year_texts.and_then(|t| t.committee_opinion.clone()),
                project_budget: figure(project_year.and_then(|y| y.budget)),
                project_spent: figure(project_year.and_then(|y| y.spent)),
            });
        }
    }
    out
}

/// Text as a cell: empty text is no value.
fn text(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// A figure as a number with the precision the city wrote (`36.0` stays `36.0`).
fn figure(f: Option<Figure>) -> Option<Number> {
    f.map(|f| number(&f.plain()))
}

/// A computed percentage, to one decimal.
fn rate(r: Option<f64>) -> Option<Number> {
    r.map(|r| number(&format!("{r:.1}")))
}

fn number(text: &str) -> Number {
    // Exact: serde_json keeps the text of an arbitrary-precision number as it is.
    text.parse()
        .expect("a figure's plain text is a JSON number")
}

/// A record type of the open data: its field names are its columns, and its files begin with
/// them, made once.
trait Table: Serialize + Default {
    fn head() -> &'static Head;
}

macro_rules! table {
    ($($record:ty),*) => {$(
        impl Table for $record {
            fn head() -> &'static Head {
                static HEAD: LazyLock<Head> = LazyLock::new(|| Head::of(&<$record>::default()));
                &HEAD
            }
        }
    )*};
}

table!(Record, StrategyRecord, AssessmentRecord);

/// A record type's columns and its files' beginnings.
struct Head {
    columns: Vec<&'static str>,
    /// The byte-order mark and the CSV header line.
    csv: Vec<u8>,
    /// The columns as a JSON array.
    json: String,
}

impl Head {
    fn of(record: &impl Serialize) -> Head {
        let mut row = Row::default();
        row.fill(record)
            .expect("a record serializes as a struct of text and numbers");
        let columns: Vec<&'static str> = row.cells().map(|(name, _)| name).collect();
        // Field names are Rust identifiers: no header cell needs quoting.
        let csv = format!("\u{feff}{}\r\n", columns.join(",")).into_bytes();
        let json = to_json(&columns).expect("names serialize as JSON");
        Head { columns, csv, json }
    }
}

/// One cell of a record: no value, text, or a number as written.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(&'a str),
}

/// One record's cells, read through its `Serialize` (so its field names are the columns); the
/// buffers are reused from record to record.
#[derive(Default)]
struct Row {
    /// The text of every cell, one after another.
    text: String,
    /// Each field's name, what its cell holds and where its text is.
    cells: Vec<(&'static str, Kind, usize, usize)>,
}

#[derive(Clone, Copy)]
enum Kind {
    Empty,
    Text,
    Number,
}

impl Row {
    /// Reads `record`'s cells in place of the previous record's.
    fn fill(&mut self, record: &impl Serialize) -> Result<()> {
        self.text.clear();
        self.cells.clear();
        record.serialize(Cells {
            row: self,
            field: None,
            number: false,
        })?;
        Ok(())
    }

    fn cells(&self) -> impl Iterator<Item = (&'static str, Cell<'_>)> {
        self.cells.iter().map(|&(name, kind, start, end)| {
            let text = &self.text[start..end];
            let cell = match kind {
                Kind::Empty => Cell::Empty,
                Kind::Text => Cell::Text(text),
                Kind::Number => Cell::Number(text),
            };
            (name, cell)
        })
    }
}

/// Serializes a record's fields into a [`Row`]: a struct (the record) of options of text (`&str`,
/// `String`), integers and [`Number`]s; anything else is an error.
struct Cells<'r> {
    row: &'r mut Row,
    /// The field being read; none at the record itself.
    field: Option<&'static str>,
    /// Whether the field's text is a number's.
    number: bool,
}

/// With serde_json's `arbitrary_precision`, a [`Number`] serializes as a struct of this name with
/// one field of the same name: its text as written.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl Cells<'_> {
    fn push(self, kind: Kind, text: &str) -> Result<(), serde_json::Error> {
        let Some(name) = self.field else {
            return Err(not_a_cell("a value outside a record"));
        };
        let start = self.row.text.len();
        self.row.text.push_str(text);
        self.row
            .cells
            .push((name, kind, start, self.row.text.len()));
        Ok(())
    }
}

fn not_a_cell(what: &str) -> serde_json::Error {
    serde::ser::Error::custom(format!(
        "open data records hold text and numbers, not {what}"
    ))
}

/// Integers are numbers, written as Rust writes them.
macro_rules! integers {
    ($($method:ident($arg:ty);)*) => {$(
        fn $method(self, v: $arg) -> Result<(), serde_json::Error> {
            self.push(Kind::Number, &v.to_string())
        }
    )*};
}

macro_rules! not_cells {
    ($($method:ident($($arg:ty),*) $what:literal;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<(), serde_json::Error> {
            Err(not_a_cell($what))
        }
    )*};
}

impl Serializer for Cells<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTuple = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeMap = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = serde::ser::Impossible<(), serde_json::Error>;

    fn serialize_str(self, v: &str) -> Result<(), serde_json::Error> {
        let kind = if self.number {
            Kind::Number
        } else {
            Kind::Text
        };
        self.push(kind, v)
    }

    fn serialize_none(self) -> Result<(), serde_json::Error> {
        self.push(Kind::Empty, "")
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }

    integers! {
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Self, serde_json::Error> {
        match (self.field, self.number) {
            // The record.
            (None, false) => Ok(self),
            // A field's number: its text comes next.
            (Some(_), false) if name == NUMBER_TOKEN => Ok(Cells {
                number: true,
                ..self
            }),
            _ => Err(not_a_cell("a struct inside a field")),
        }
    }

    not_cells! {
        serialize_bool(bool) "true or false";
        serialize_f32(f32) "a float (its written precision is lost)";
        serialize_f64(f64) "a float (its written precision is lost)";
        serialize_char(char) "a char";
        serialize_bytes(&[u8]) "bytes";
        serialize_unit() "a unit";
        serialize_unit_struct(&'static str) "a unit struct";
        serialize_unit_variant(&'static str, u32, &'static str) "an enum";
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), serde_json::Error> {
        Err(not_a_cell("an enum"))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, serde_json::Error> {
        Err(not_a_cell("a list"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
        Err(not_a_cell("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
        Err(not_a_cell("a tuple"))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(not_a_cell("an enum"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, serde_json::Error> {
        Err(not_a_cell("a map"))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(not_a_cell("an enum"))
    }
}

impl serde::ser::SerializeStruct for Cells<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(Cells {
            row: self.row,
            // A record's field is named by its key; a number's one field is its text.
            field: if self.number { self.field } else { Some(key) },
            number: self.number,
        })
    }

    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

#[cfg(test)]
fn csv_page<T: Table>(path: String, records: &[T]) -> Result<Page> {
    let mut bytes = csv_head::<T>();
    bytes.extend(csv_rows(records, &path)?);
    Ok(Page { path, bytes })
}

/// The byte-order mark and the header line.
fn csv_head<T: Table>() -> Vec<u8> {
    T::head().csv.clone()
}

/// The rows of `records`, for the file at `path`.
fn csv_rows<T: Serialize>(records: &[T], path: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut row = Row::default();
        for record in records {
            row.fill(record)?;
            for (_, cell) in row.cells() {
                writer.write_field(csv_cell(cell).as_bytes())?;
            }
            writer.write_record(None::<&[u8]>)?;
        }
        writer.flush().with_context(|| format!("writing {path}"))?;
    }
    Ok(out)
}

/// A cell as the CSV writes it: numbers as written, text made safe for spreadsheets.
fn csv_cell(cell: Cell<'_>) -> Cow<'_, str> {
    match cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(text) => neutralise_formula(text),
        Cell::Number(number) => Cow::Borrowed(number),
    }
}

/// Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return
/// first) gets a leading `'`, as OWASP recommends for CSV injection; numbers are never text here.
fn neutralise_formula(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A flat JSON file: the columns, and one record per line.
#[cfg(test)]
fn json_page<T: Table>(path: String, records: &[T]) -> Result<Page> {
    let part = Part {
        csv_rows: Vec::new(),
        json_records: json_records(records)?,
    };
    part.json_page::<T>(path)
}

/// What ends the JSON file, after the last record.
const JSON_END: &str = "\n  ]\n}\n";

/// A flat JSON file (assessments, strategies) up to the opening of its records.
fn json_head<T: Table>() -> String {
    format!(
        "{{\n  \"generator\": \"mieruka\",\n  \"columns\": {},\n  \"records\": [",
        T::head().json
    )
}

/// Records, each after `,` and a line break (the first one's comma is dropped by the caller),
/// without their empty fields: most fields of most records are empty, and `columns` names them
/// all.
fn json_records<T: Serialize>(records: &[T]) -> Result<String> {
    let mut out = Vec::new();
    let mut row = Row::default();
    for record in records {
        row.fill(record)?;
        out.extend_from_slice(b",\n    {");
        let mut first = true;
        for (name, cell) in row.cells().filter(|(_, cell)| *cell != Cell::Empty) {
            if !first {
                out.extend_from_slice(b", ");
            }
            first = false;
            json_field(&mut out, name, cell)?;
        }
        out.push(b'}');
    }
    Ok(String::from_utf8(out)?)
}

/// A cell that is not empty as a JSON object's field (`"name": value`), as [`to_json`] writes
/// it: text escaped, numbers as written.
fn json_field(out: &mut Vec<u8>, name: &str, cell: Cell<'_>) -> Result<()> {
    serde_json::to_writer(&mut *out, name)?;
    out.extend_from_slice(b": ");
    match cell {
        Cell::Empty => out.extend_from_slice(b"null"),
        Cell::Text(text) => serde_json::to_writer(&mut *out, text)?,
        Cell::Number(number) => out.extend_from_slice(number.as_bytes()),
    }
    Ok(())
}

/// The version of the layout of `kpi-data.json`: 2 is nested (city → strategies → goals → KPIs
/// → years, each fact at the one level where it is the same for everything below); 1 was one
/// flat record per KPI and fiscal year, like the CSV.
pub const DATA_JSON_FORMAT: u32 = 2;

/// The columns `kpi-data.json` gives once per city, strategy, goal and KPI (in its `levels`);
/// every other column is a fiscal year's.
const LEVELS: [(&str, &[&str]); 4] = [
    ("city", &["city_id", "city", "government_kind"]),
    ("strategy", &["strategy"]),
    ("goal", &["goal_id", "goal"]),
    (
        "kpi",
        &[
            "project_id",
            "project",
            "measure",
            "kpi_id",
            "kpi",
            "kind",
            "unit",
            "direction",
            "baseline",
            "baseline_as_of",
            "reference",
            "source",
            "method",
            "rationale",
        ],
    ),
];

/// The level of each column of [`Record`], by position: an index into [`LEVELS`], or 4 for a
/// fiscal year's.
static RECORD_LEVELS: LazyLock<Vec<usize>> = LazyLock::new(|| {
    Record::head()
        .columns
        .iter()
        .map(|name| {
            LEVELS
                .iter()
                .position(|(_, names)| names.contains(name))
                .unwrap_or(4)
        })
        .collect()
});

/// A record's fields without its empty ones, split by level (city, strategy, goal, KPI, year)
/// into `levels` as JSON object fields: the city's one to a line (the file's top level), the
/// others `, ` apart.
fn split(row: &Row, levels: &mut [Vec<u8>; 5]) -> Result<()> {
    for level in levels.iter_mut() {
        level.clear();
    }
    for ((name, cell), &level) in row.cells().zip(RECORD_LEVELS.iter()) {
        if cell == Cell::Empty {
            continue;
        }
        let out = &mut levels[level];
        if !out.is_empty() {
            out.extend_from_slice(if level == 0 { b",\n  " } else { b", " });
        }
        json_field(out, name, cell)?;
    }
    Ok(())
}

/// A city's `kpi-data.json`: the columns and the level of each, the legend of the codes, then
/// the city's facts and its strategies, goals, KPIs and years, each fact once (a year's whole
/// record is the fields of the year and of everything it is inside).
fn data_json(strategies: &[Vec<Vec<Record>>]) -> Result<String> {
    let mut out = DATA_JSON_HEAD.as_bytes().to_vec();
    // Each level's facts (its fields as JSON) are the same for every record below it, or the
    // nesting would lose one.
    let mut row = Row::default();
    let mut fields: [Vec<u8>; 5] = Default::default();
    let mut city: Option<Vec<u8>> = None;
    let mut body = Vec::new();
    for (s, kpis) in strategies.iter().enumerate() {
        let mut strategy: Option<Vec<u8>> = None;
        // Goal by goal (consecutive KPIs of one goal), each KPI's line and its years' lines.
        let mut goals: Vec<(Vec<u8>, Vec<Vec<u8>>)> = Vec::new();
        for records in kpis {
            let mut kpi: Option<Vec<u8>> = None;
            let mut goal: Option<Vec<u8>> = None;
            let mut years = Vec::new();
            for record in records {
                row.fill(record)?;
                split(&row, &mut fields)?;
                let [c, st, g, k, y] = &fields;
                same(&mut city, c, "city")?;
                same(&mut strategy, st, "strategy")?;
                same(&mut goal, g, "goal")?;
                same(&mut kpi, k, "KPI")?;
                years.extend_from_slice(if years.is_empty() {
                    b"\n          {"
                } else {
                    b",\n          {"
                });
                years.extend_from_slice(y);
                years.push(b'}');
            }
            let (Some(kpi), Some(goal)) = (kpi, goal) else {
                continue;
            };
            let mut line = open_object(&kpi);
            line.extend_from_slice(b"\"years\": [");
            line.extend_from_slice(&years);
            line.extend_from_slice(b"\n        ]}");
            match goals.last_mut() {
                Some((last, lines)) if *last == goal => lines.push(line),
                _ => goals.push((goal, vec![line])),
            }
        }
        body.extend_from_slice(if s == 0 { b"\n    " } else { b",\n    " });
        body.extend_from_slice(&open_object(&strategy.unwrap_or_default()));
        body.extend_from_slice(b"\"goals\": [");
        for (i, (goal, lines)) in goals.iter().enumerate() {
            body.extend_from_slice(if i == 0 { b"\n      " } else { b",\n      " });
            body.extend_from_slice(&open_object(goal));
            body.extend_from_slice(b"\"kpis\": [\n        ");
            body.extend_from_slice(&lines.join(&b",\n        "[..]));
            body.extend_from_slice(b"\n      ]}");
        }
        body.extend_from_slice(b"\n    ]}");
    }
    if let Some(city) = city.filter(|c| !c.is_empty()) {
        out.extend_from_slice(b",\n  ");
        out.extend_from_slice(&city);
    }
    out.extend_from_slice(b",\n  \"strategies\": [");
    out.extend_from_slice(&body);
    out.extend_from_slice(b"\n  ]\n}\n");
    Ok(String::from_utf8(out)?)
}

/// The beginning of every `kpi-data.json`: the columns and the level of each, and the legend of
/// the codes.
static DATA_JSON_HEAD: LazyLock<String> = LazyLock::new(|| {
    let mut out = format!(
        "{{\n  \"generator\": \"mieruka\",\n  \"format\": {DATA_JSON_FORMAT},\n  \"columns\": {}",
        Record::head().json
    );
    let levels: serde_json::Map<String, Value> = LEVELS
        .iter()
        .map(|&(level, names)| (level.to_string(), Value::from(names.to_vec())))
        .collect();
    let actual_state = Codes(YearState::ALL.map(|s| (s.code(), s.ja())).to_vec());
    let not_graded = Codes(NotGraded::ALL.map(|r| (r.code(), r.ja())).to_vec());
    let codes = "codes and names serialize as JSON";
    out.push_str(",\n  \"levels\": ");
    out.push_str(&to_json(&levels).expect(codes));
    out.push_str(",\n  \"legend\": {\n    \"actual_state\": ");
    out.push_str(&to_json(&actual_state).expect(codes));
    out.push_str(",\n    \"not_graded\": ");
    out.push_str(&to_json(&not_graded).expect(codes));
    out.push_str("\n  }");
    out
});

/// Keeps the first record's facts of a level, and checks every later record has the same.
fn same(kept: &mut Option<Vec<u8>>, fields: &[u8], level: &str) -> Result<()> {
    match kept {
        None => *kept = Some(fields.to_vec()),
        Some(kept) => anyhow::ensure!(
            kept.as_slice() == fields,
            "kpi-data.json: two records of one {level} differ in the {level}'s columns (a bug)"
        ),
    }
    Ok(())
}

/// An object's fields (as [`split`] writes them) left open for one more field: `{"a": 1, `
/// (or `{` when empty).
fn open_object(fields: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(fields.len() + 3);
    out.push(b'{');
    out.extend_from_slice(fields);
    if !fields.is_empty() {
        out.extend_from_slice(b", ");
    }
    out
}

/// Codes and their words, in the order the legend lists them.
struct Codes(Vec<(&'static str, &'static str)>);

impl Serialize for Codes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().copied())
    }
}

/// One value as compact JSON with a space after `:` and `,`, one record to a line.
fn to_json<T: Serialize>(value: &T) -> Result<String> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Spaced);
    value.serialize(&mut serializer)?;
    Ok(String::from_utf8(out)?)
}

/// serde_json's compact format with `": "` and `", "` between entries.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        Record {
            city_id: Some("town".into()),
            city: Some("=HYPERLINK(\"http://x\")".into()),
            goal: Some("a,b \"c\"".into()),
            project: Some("-2+3".into()),
            kpi: Some("@SUM(A1)".into()),
            unit: Some("\tx".into()),
            baseline: Some(number("-7.77")),
            stated_target: Some(number("36.0")),
            fiscal_year: Some(2022.into()),
            ..Record::default()
        }
    }

    #[test]
    fn csv_has_bom_crlf_header_from_the_record_type_and_exact_numbers() {
        let page = csv_page("x.csv".into(), &[sample()]).unwrap();
        let text = String::from_utf8(page.bytes).unwrap();
        let mut lines = text.split("\r\n");
        let header = lines.next().unwrap();
        assert!(header.starts_with("\u{feff}city_id,city,government_kind,strategy,goal_id,goal,"));
        assert!(header.ends_with(
            ",not_graded,source,method,rationale,department,published,next_publication,rank,actions,results,outlook,committee_opinion,project_budget,project_spent"
        ));
        assert_eq!(header.split(',').count(), 53);
        let row = lines.next().unwrap();
        assert_eq!(
            row,
            "town,\"'=HYPERLINK(\"\"http://x\"\")\",,,,\"a,b \"\"c\"\"\",,'-2+3,,,'@SUM(A1),,'\tx,,-7.77,,,36.0,2022,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
        );
        assert_eq!(lines.next(), Some(""), "every line ends with CRLF");
    }

    #[test]
    fn json_keeps_text_as_written_and_numbers_exact() {
        let page = json_page("x.json".into(), &[sample()]).unwrap();
        let text = String::from_utf8(page.bytes).unwrap();
        assert!(text.contains("\"city\": \"=HYPERLINK(\\\"http://x\\\")\""));
        assert!(text.contains("\"project\": \"-2+3\""));
        assert!(text.contains("\"baseline\": -7.77, "));
        assert!(text.contains("\"stated_target\": 36.0, "));
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["records"][0]["fiscal_year"], 2022);
        assert_eq!(parsed["columns"].as_array().unwrap().len(), 53);
    }

    /// A record with every kind of cell: text needing CSV quoting, JSON escapes or
    /// neutralising, a code, exact numbers (`36.0`, `1168.50`, integers) and empty fields.
    fn every_kind() -> Record {
        Record {
            government_kind: Some("town"),
            strategy: Some("\r=1".into()),
            goal_id: Some("+1".into()),
            measure: Some("改行\nと\u{1}と\\と/".into()),
            kind: Some("kpi"),
            actual: Some(number("1168.50")),
            target: Some(number("-0.0")),
            project_budget: Some(Number::from(12_345_678_901_u64)),
            ..sample()
        }
    }

    #[test]
    fn cells_are_what_serde_json_makes_of_the_record() {
        // What the files held when each record went through serde_json's `Value`.
        let records = [every_kind(), Record::default(), sample()];
        let mut expected_csv = Vec::new();
        let mut expected_json = String::new();
        {
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut expected_csv);
            for record in &records {
                let Value::Object(mut fields) = serde_json::to_value(record).unwrap() else {
                    panic!("a record serializes as an object")
                };
                writer
                    .write_record(fields.values().map(|value| match value {
                        Value::Null => String::new(),
                        Value::String(text) => neutralise_formula(text).into_owned(),
                        other => other.to_string(),
                    }))
                    .unwrap();
                fields.retain(|_, v| !v.is_null());
                expected_json.push_str(",\n    ");
                expected_json.push_str(&to_json(&fields).unwrap());
            }
        }
        assert_eq!(
            String::from_utf8(csv_rows(&records, "x.csv").unwrap()).unwrap(),
            String::from_utf8(expected_csv).unwrap()
        );
        assert_eq!(json_records(&records).unwrap(), expected_json);
        let columns = match serde_json::to_value(Record::default()).unwrap() {
            Value::Object(fields) => fields.keys().cloned().collect::<Vec<_>>(),
            _ => panic!("a record serializes as an object"),
        };
        assert_eq!(Record::head().columns, columns);
        assert_eq!(Record::head().json, to_json(&columns).unwrap());
    }

    #[test]
    fn a_row_holds_each_field_by_name_empty_text_or_number_as_written() {
        let mut row = Row::default();
        row.fill(&every_kind()).unwrap();
        let cells: Vec<_> = row.cells().collect();
        assert_eq!(cells.len(), 53);
        assert_eq!(cells[0], ("city_id", Cell::Text("town")));
        assert_eq!(cells[2], ("government_kind", Cell::Text("town")));
        assert_eq!(cells[4], ("goal_id", Cell::Text("+1")));
        assert_eq!(cells[6], ("project_id", Cell::Empty));
        assert_eq!(cells[14], ("baseline", Cell::Number("-7.77")));
        assert_eq!(cells[17], ("stated_target", Cell::Number("36.0")));
        assert_eq!(cells[18], ("fiscal_year", Cell::Number("2022")));
        assert_eq!(cells[19], ("target", Cell::Number("-0.0")));
        assert_eq!(cells[23], ("actual", Cell::Number("1168.50")));
        assert_eq!(cells[51], ("project_budget", Cell::Number("12345678901")));
        // Filled again, a row holds only the new record's cells.
        row.fill(&Record::default()).unwrap();
        assert!(row.cells().all(|(_, cell)| cell == Cell::Empty));
        assert_eq!(row.cells().count(), 53);
    }

    #[test]
    fn integers_are_numbers_and_a_float_is_an_error() {
        #[derive(Serialize)]
        struct Other {
            count: Option<u32>,
            share: Option<f64>,
        }
        let mut row = Row::default();
        row.fill(&Other {
            count: Some(7),
            share: None,
        })
        .unwrap();
        let cells: Vec<_> = row.cells().collect();
        assert_eq!(
            cells,
            [("count", Cell::Number("7")), ("share", Cell::Empty)]
        );
        let e = row
            .fill(&Other {
                count: None,
                share: Some(0.1),
            })
            .unwrap_err();
        assert!(e.to_string().contains("not a float"), "{e}");
    }

    #[test]
    fn the_data_json_gives_each_fact_once_at_its_level_as_written() {
        let second = Record {
            fiscal_year: Some(2023.into()),
            actual: Some(number("1168.50")),
            ..sample()
        };
        let text = data_json(&[vec![vec![sample(), second]]]).unwrap();
        assert_eq!(text.matches("HYPERLINK").count(), 1, "{text}");
        assert_eq!(text.matches("\"baseline\": -7.77").count(), 1, "{text}");
        assert!(text.contains("\"stated_target\": 36.0, \"fiscal_year\": 2022}"));
        assert!(text.contains("\"actual\": 1168.50}"), "{text}");
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["format"], 2);
        assert_eq!(parsed["city"], "=HYPERLINK(\"http://x\")");
        let goal = &parsed["strategies"][0]["goals"][0];
        assert_eq!(goal["goal"], "a,b \"c\"");
        assert_eq!(goal["kpis"][0]["kpi"], "@SUM(A1)");
        assert_eq!(goal["kpis"][0]["years"][1]["fiscal_year"], 2023);
        assert_eq!(parsed["legend"]["actual_state"]["not_yet"], "未公表");
    }
}

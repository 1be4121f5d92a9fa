//! Site search without a server: an index of character bigrams built at build time, read by
//! `assets/search.js` on the search page (`search/index.html`).
//!
//! Japanese has no spaces between words, so text is cut into runs of letters and digits and each
//! run into overlapping pairs of characters (`砂川高校` → `砂川`, `川高`, `高校`); a query matches a
//! page holding every pair of every word of it. Full-width ASCII is folded to ASCII and Latin
//! letters to lower case, here and in the script alike. Words of one character are not searched.
//!
//! The index is a script (`search/index.js`, setting `window.MIERUKA_SEARCH`), not JSON, so the
//! search works from `file://`, where a page cannot fetch a file.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::model::{City, Measure, Site};
use crate::output::{Page, Sink};
use crate::render::view::{city_href, goal_href, has_own_page, kpi_href};

pub const INDEX_PATH: &str = "search/index.js";

/// What kind of page a result is; results of equal score list KPIs first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Kpi = 0,
    Goal = 1,
    City = 2,
}

/// One page in the index: its title, path from the root, and a line of context.
struct Doc {
    title: String,
    href: String,
    context: String,
    kind: Kind,
    body: String,
}

/// The index as it is built, city by city, in bounded memory: the pages' list and, whenever
/// the posting lists in memory grow past [`SPILL_POSTINGS`], the posting lists so far go to
/// files of their own ("runs", in bigram order) in a scratch folder; [`Index::write`] merges
/// them. The file is the same, byte for byte, as the whole index serialised at once:
/// `{"docs":[[title,href,context,kind],…],"title":{bigram:[page,…],…},"body":{…}}`.
pub struct Index {
    /// Pages added so far.
    docs: u32,
    /// The pages' list as JSON, each entry after a comma.
    docs_json: Spool,
    /// Bigram → pages whose title holds it.
    title: Postings,
    /// Bigram → pages whose text holds it (title excluded).
    body: Postings,
    scratch: Option<Scratch>,
    /// When to spill: postings per map, bytes of the pages' list.
    limits: (usize, usize),
}

/// Posting lists in memory, and the runs already written.
#[derive(Default)]
struct Postings {
    lists: BTreeMap<String, Vec<u32>>,
    count: usize,
    runs: Vec<PathBuf>,
}

/// Text kept in memory up to a size, then in a scratch file.
#[derive(Default)]
struct Spool {
    text: String,
    file: Option<(PathBuf, std::fs::File)>,
}

/// A folder of the index's runs, removed when the index is dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// How many postings the index holds in memory before it writes them to a run.
pub const SPILL_POSTINGS: usize = 1 << 20;
/// How much of the pages' list is held in memory before it goes to a file.
const SPILL_BYTES: usize = 4 << 20;

impl Default for Index {
    fn default() -> Self {
        Index::new()
    }
}

impl Index {
    pub fn new() -> Index {
        Index {
            docs: 0,
            docs_json: Spool::default(),
            title: Postings::default(),
            body: Postings::default(),
            scratch: None,
            limits: (SPILL_POSTINGS, SPILL_BYTES),
        }
    }

    /// An index that spills as soon as it holds `postings` postings or `bytes` of pages' list
    /// (for tests of the merge).
    pub fn with_limits(postings: usize, bytes: usize) -> Index {
        Index {
            limits: (postings, bytes),
            ..Index::new()
        }
    }

    /// Adds a city's KPI, goal and city pages (cities come in order).
    pub fn add(&mut self, city: &City) -> Result<()> {
        self.add_docs(city_docs(city))
    }

    /// Adds pages that [`city_docs`] made.
    pub fn add_docs(&mut self, docs: CityDocs) -> Result<()> {
        for doc in docs.0 {
            let i = self.docs;
            self.docs += 1;
            for gram in bigrams(&doc.title) {
                self.title.push(gram, i);
            }
            for gram in bigrams(&doc.body) {
                self.body.push(gram, i);
            }
            let entry = (doc.title, doc.href, doc.context, doc.kind as u8);
            self.docs_json.text.push(',');
            self.docs_json
                .text
                .push_str(&serde_json::to_string(&entry)?);
        }
        if self.docs_json.text.len() > self.limits.1 {
            let dir = scratch(&mut self.scratch)?;
            self.docs_json.spill(&dir.join("docs"))?;
        }
        for (name, postings) in [("title", &mut self.title), ("body", &mut self.body)] {
            if postings.count > self.limits.0 {
                let dir = scratch(&mut self.scratch)?;
                postings.spill(&dir.join(format!("{name}-{}", postings.runs.len())))?;
            }
        }
        Ok(())
    }

    /// Writes `search/index.js` into `sink`, a piece at a time.
    pub fn write(mut self, sink: &dyn Sink) -> Result<()> {
        let mut out = Out {
            sink,
            buffer: b"window.MIERUKA_SEARCH = {\"docs\":[".to_vec(),
        };
        let docs = std::mem::take(&mut self.docs_json);
        // Every entry follows a comma; the first one's is dropped.
        let mut first = true;
        if let Some((path, file)) = docs.file {
            drop(file);
            let mut file = std::fs::File::open(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let mut chunk = vec![0; 1 << 20];
            loop {
                let n = file
                    .read(&mut chunk)
                    .with_context(|| format!("reading {}", path.display()))?;
                if n == 0 {
                    break;
                }
                let mut piece = &chunk[..n];
                if first {
                    piece = &piece[1..];
                    first = false;
                }
                out.push_bytes(piece)?;
            }
        }
        let rest = if first {
            docs.text.strip_prefix(',').unwrap_or(&docs.text)
        } else {
            &docs.text
        };
        out.push(rest)?;
        out.push("],\"title\":")?;
        self.title.write(&mut out)?;
        out.push(",\"body\":")?;
        self.body.write(&mut out)?;
        out.push("};\n")?;
        out.flush()
    }

    /// The whole file in memory.
    pub fn page(self) -> Result<Page> {
        let pages = crate::output::Collect::default();
        self.write(&pages)?;
        pages
            .into_pages()
            .pop()
            .context("the search index wrote nothing")
    }
}

impl Spool {
    fn spill(&mut self, path: &Path) -> Result<()> {
        if self.file.is_none() {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            self.file = Some((path.to_path_buf(), file));
        }
        if let Some((path, file)) = &mut self.file {
            file.write_all(self.text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
        }
        self.text.clear();
        Ok(())
    }
}

impl Postings {
    fn push(&mut self, gram: String, doc: u32) {
        let list = self.lists.entry(gram).or_default();
        if list.last() != Some(&doc) {
            list.push(doc);
            self.count += 1;
        }
    }

    /// Writes the lists in memory as a run: `bigram<TAB>page,page,…` a line, in bigram order
    /// (bigrams are letters and digits only).
    fn spill(&mut self, path: &Path) -> Result<()> {
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut file = BufWriter::new(file);
        for (gram, list) in std::mem::take(&mut self.lists) {
            let ids: Vec<String> = list.iter().map(u32::to_string).collect();
            writeln!(file, "{gram}\t{}", ids.join(","))
                .with_context(|| format!("writing {}", path.display()))?;
        }
        file.flush()
            .with_context(|| format!("writing {}", path.display()))?;
        self.runs.push(path.to_path_buf());
        self.count = 0;
        Ok(())
    }

    /// The JSON object of every list: the runs and the lists in memory merged by bigram. Runs
    /// hold earlier pages than later runs and memory, so lists join in that order.
    fn write(&mut self, out: &mut Out) -> Result<()> {
        let mut sources: Vec<Source> = Vec::new();
        for path in &self.runs {
            let file =
                std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
            let mut source = Source::Run(BufReader::new(file).lines(), None);
            source.advance()?;
            sources.push(source);
        }
        let mut memory = Source::Memory(std::mem::take(&mut self.lists).into_iter(), None);
        memory.advance()?;
        sources.push(memory);
        out.push("{")?;
        let mut first = true;
        while let Some(gram) = sources
            .iter()
            .filter_map(Source::gram)
            .min()
            .map(str::to_string)
        {
            out.push(if first { "" } else { "," })?;
            first = false;
            out.push(&serde_json::to_string(&gram)?)?;
            out.push(":[")?;
            let mut first_id = true;
            for source in &mut sources {
                if source.gram() == Some(gram.as_str()) {
                    let ids = source.ids();
                    if !ids.is_empty() {
                        out.push(if first_id { "" } else { "," })?;
                        out.push(&ids)?;
                        first_id = false;
                    }
                    source.advance()?;
                }
            }
            out.push("]")?;
        }
        out.push("}")
    }
}

/// One sorted source of posting lists while they merge: its current bigram and pages.
enum Source {
    Run(
        std::io::Lines<BufReader<std::fs::File>>,
        Option<(String, String)>,
    ),
    Memory(
        std::collections::btree_map::IntoIter<String, Vec<u32>>,
        Option<(String, String)>,
    ),
}

impl Source {
    fn current(&self) -> &Option<(String, String)> {
        match self {
            Source::Run(_, current) | Source::Memory(_, current) => current,
        }
    }

    fn gram(&self) -> Option<&str> {
        self.current().as_ref().map(|(gram, _)| gram.as_str())
    }

    /// The current list's pages, comma-separated.
    fn ids(&self) -> String {
        self.current()
            .as_ref()
            .map(|(_, ids)| ids.clone())
            .unwrap_or_default()
    }

    fn advance(&mut self) -> Result<()> {
        match self {
            Source::Run(lines, current) => {
                *current = match lines.next() {
                    None => None,
                    Some(line) => {
                        let line = line.context("reading a search index run")?;
                        let (gram, ids) = line
                            .split_once('\t')
                            .context("a search index run line without a tab")?;
                        Some((gram.to_string(), ids.to_string()))
                    }
                };
            }
            Source::Memory(lists, current) => {
                *current = lists.next().map(|(gram, list)| {
                    let ids: Vec<String> = list.iter().map(u32::to_string).collect();
                    (gram, ids.join(","))
                });
            }
        }
        Ok(())
    }
}

/// The index file as it is written: text gathered and handed to the sink in pieces.
struct Out<'a> {
    sink: &'a dyn Sink,
    buffer: Vec<u8>,
}

impl Out<'_> {
    fn push(&mut self, text: &str) -> Result<()> {
        self.push_bytes(text.as_bytes())
    }

    fn push_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() > 1 << 20 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.sink.append(INDEX_PATH, &self.buffer)?;
        self.buffer.clear();
        Ok(())
    }
}

/// The index's scratch folder, made when first needed.
fn scratch(scratch: &mut Option<Scratch>) -> Result<PathBuf> {
    if let Some(Scratch(dir)) = scratch {
        return Ok(dir.clone());
    }
    let dir = scratch_dir()?;
    *scratch = Some(Scratch(dir.clone()));
    Ok(dir)
}

/// A new scratch folder for the index's runs, in the system's temporary folder.
fn scratch_dir() -> Result<PathBuf> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "mieruka-search-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// `search/index.js`: the index of every KPI, goal and city page.
pub fn page(site: &Site) -> Result<Page> {
    let mut index = Index::new();
    for city in &site.cities {
        index.add(city)?;
    }
    index.page()
}

/// A city's pages as the index takes them: made with the city's model, added later in order.
pub struct CityDocs(Vec<Doc>);

/// A city's KPI, goal and city pages, to add to the index.
pub fn city_docs(city: &City) -> CityDocs {
    CityDocs(city.generations().flat_map(|g| docs(city, g)).collect())
}

/// The docs of one strategy of `current` (a city with several has pages for each).
fn docs(current: &City, city: &City) -> Vec<Doc> {
    let mut docs = Vec::new();
    for (k, kpi) in city.kpis.iter().enumerate() {
        if !has_own_page(current, city.generation, k) {
            continue;
        }
        let goal = &city.goals[kpi.goal];
        let mut body = vec![kpi.unit.clone(), goal.heading()];
        body.extend(kpi.note.clone());
        if let Some(p) = kpi.project {
            body.extend(city.projects[p].name.clone());
        }
        for year in kpi.years.values() {
            body.extend(year.note.clone());
            body.extend(year.commentary.clone());
        }
        docs.push(Doc {
            title: kpi.name.clone(),
            href: kpi_href(city, kpi),
            context: format!("{}・{}", city.name, goal.heading()),
            kind: Kind::Kpi,
            body: body.join("\n"),
        });
    }
    for goal in &city.goals {
        let mut body = Vec::new();
        measure_text(city, &goal.measures, &mut body);
        docs.push(Doc {
            title: goal.heading(),
            href: goal_href(city, goal),
            context: city.name.clone(),
            kind: Kind::Goal,
            body: body.join("\n"),
        });
    }
    docs.push(Doc {
        title: city.name.clone(),
        href: city_href(city),
        context: city.strategy.name.clone(),
        kind: Kind::City,
        body: [
            city.prefecture.clone().unwrap_or_default(),
            city.strategy.name.clone(),
        ]
        .join("\n"),
    });
    docs
}

/// A goal's measures and projects: titles, names, notes, commentary and activities.
fn measure_text(city: &City, measures: &[Measure], out: &mut Vec<String>) {
    for measure in measures {
        out.push(measure.title.clone());
        for entry in &measure.entries {
            let project = &city.projects[entry.project];
            out.extend(project.name.clone());
            out.extend(project.note.clone());
            out.extend(project.no_kpi_reason.clone());
            for year in project.years.values() {
                out.extend(year.commentary.clone());
                out.extend(year.activities.iter().cloned());
            }
        }
        measure_text(city, &measure.measures, out);
    }
}

/// Full-width ASCII to ASCII, Latin letters to lower case (as `search.js` does).
fn normalise(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The distinct bigrams of a text's runs of letters and digits, in order of first appearance.
pub fn bigrams(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let chars: Vec<char> = text.chars().map(normalise).collect();
    for run in chars.split(|c| !c.is_alphanumeric()) {
        for pair in run.windows(2) {
            let gram: String = pair.iter().collect();
            if seen.insert(gram.clone()) {
                out.push(gram);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::bigrams;

    #[test]
    fn text_is_cut_into_bigrams_of_letter_runs_with_ascii_folded() {
        assert_eq!(
            bigrams("砂川高校、ＫＰＩ"),
            ["砂川", "川高", "高校", "kp", "pi"]
        );
        assert_eq!(bigrams("市 A"), Vec::<String>::new());
        assert_eq!(bigrams("ああああ"), ["ああ"]);
    }
}

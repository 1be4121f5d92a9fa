//! Site search without a server: indexes of character bigrams built at build time, read by
//! `assets/search.js` on the search page (`search/index.html`).
//!
//! Japanese has no spaces between words, so text is cut into runs of letters and digits and each
//! run into overlapping pairs of characters (`砂川高校` → `砂川`, `川高`, `高校`); a query matches a
//! page holding every pair of every word of it. Full-width ASCII is folded to ASCII and Latin
//! letters to lower case, here and in the script alike. Words of one character are not searched.
//!
//! The index comes in two parts, so a site of every government in the country stays searchable
//! from a phone and a build that changes one city rewrites only that city's part:
//! - `search/index.js`, the site's: every KPI, goal and city page (title, address, context) and
//!   the bigrams of their titles, with each city's range of pages and the address of its part;
//! - `<city>/search.js`, each city's: the bigrams of its pages' text (units, notes, commentary,
//!   projects), numbered within the city, in the city's folder with its pages.
//!
//! The script answers from the titles at once and reads the cities' parts as it goes (all of
//! them first when the site has few cities, so its results are final when shown).
//!
//! Both are scripts setting a global (`window.MIERUKA_SEARCH`, `window.MIERUKA_TEXT[path]`), not
//! JSON, so the search works from `file://`, where a page cannot fetch a file.

use std::collections::HashMap;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::model::{City, Measure, Site};
use crate::output::Page;
use crate::render::view::{city_href, goal_href, has_own_page, kpi_href};

pub const INDEX_PATH: &str = "search/index.js";
/// A city's part of the index, in its folder.
const PART_FILE: &str = "search.js";

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

/// A city's pages as the site's index lists them: `[title, href, context, kind]` each, and the
/// address of the city's part. Small, so an incremental build keeps it for cities it reuses.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityEntries {
    pub part: String,
    pub pages: Vec<(String, String, String, u8)>,
}

/// A city's part of the index (`<city>/search.js`) and its entries in the site's index.
pub fn city_index(city: &City) -> Result<(Page, CityEntries)> {
    let docs: Vec<Doc> = city.generations().flat_map(|g| docs(city, g)).collect();
    let mut body = Postings::default();
    for (i, doc) in docs.iter().enumerate() {
        for gram in pairs(&doc.body) {
            body.push(gram, i as u32);
        }
    }
    let part = format!(
        "{}{PART_FILE}",
        city_href(city).trim_end_matches("index.html")
    );
    let page = Page {
        bytes: format!(
            "(window.MIERUKA_TEXT = window.MIERUKA_TEXT || {{}})[{}] = {};\n",
            serde_json::to_string(&part)?,
            body.json()?
        )
        .into_bytes(),
        path: part.clone(),
    };
    let pages = docs
        .into_iter()
        .map(|d| (d.title, d.href, d.context, d.kind as u8))
        .collect();
    Ok((page, CityEntries { part, pages }))
}

/// The site's index as it is built, city by city (cities come in order): every page's entry
/// and the bigrams of the titles. Titles are short, so it stays small even for the whole country.
#[derive(Default)]
pub struct Index {
    /// `[part, first page, pages]` per city.
    cities: Vec<(String, u32, u32)>,
    /// The pages' list as JSON, each entry after a comma.
    docs: String,
    count: u32,
    title: Postings,
}

/// Bigram → pages holding it, in page order. A bigram is kept as its two characters in one
/// number (the first in the high half), which sorts as the two-character string does (UTF-8
/// keeps the characters' order), without a string per occurrence.
#[derive(Default)]
struct Postings(HashMap<u64, Vec<u32>, std::hash::BuildHasherDefault<GramHasher>>);

/// A hash of a bigram's number: a multiplication folded onto itself, much cheaper than the
/// default hasher's, which guards against keys chosen to collide (the index is sorted before it
/// is written, so the order of the table never shows).
#[derive(Default)]
struct GramHasher(u64);

impl std::hash::Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let x = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 32);
    }
}

impl Postings {
    /// Notes that page `doc` holds `gram`; pages come in order, so a page is listed once.
    fn push(&mut self, gram: [char; 2], doc: u32) {
        let key = (u64::from(gram[0]) << 32) | u64::from(gram[1]);
        let list = self.0.entry(key).or_default();
        if list.last() != Some(&doc) {
            list.push(doc);
        }
    }

    /// As a JSON object, bigrams in order.
    fn json(&self) -> Result<String> {
        let mut grams: Vec<(&u64, &Vec<u32>)> = self.0.iter().collect();
        grams.sort_unstable_by_key(|(key, _)| **key);
        let text = |key: u64| -> String {
            [(key >> 32) as u32, key as u32]
                .into_iter()
                .filter_map(char::from_u32)
                .collect()
        };
        let mut out = String::from("{");
        for (i, (key, docs)) in grams.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(&text(*key))?);
            out.push(':');
            out.push_str(&serde_json::to_string(docs)?);
        }
        out.push('}');
        Ok(out)
    }
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// Adds a city's pages, as [`city_index`] listed them.
    pub fn add(&mut self, city: &CityEntries) -> Result<()> {
        let first = self.count;
        for entry in &city.pages {
            for gram in pairs(&entry.0) {
                self.title.push(gram, self.count);
            }
            self.docs.push(',');
            self.docs.push_str(&serde_json::to_string(entry)?);
            self.count += 1;
        }
        self.cities
            .push((city.part.clone(), first, self.count - first));
        Ok(())
    }

    /// `search/index.js`.
    pub fn page(self) -> Result<Page> {
        let bytes = format!(
            "window.MIERUKA_SEARCH = {{\"cities\":{},\"docs\":[{}],\"title\":{}}};\n",
            serde_json::to_string(&self.cities)?,
            self.docs.strip_prefix(',').unwrap_or_default(),
            self.title.json()?
        );
        Ok(Page {
            path: INDEX_PATH.into(),
            bytes: bytes.into_bytes(),
        })
    }
}

/// The site's index and every city's part of it.
pub fn pages(site: &Site) -> Result<Vec<Page>> {
    let mut index = Index::new();
    let mut pages = Vec::new();
    for city in &site.cities {
        let (part, entries) = city_index(city)?;
        index.add(&entries)?;
        pages.push(part);
    }
    pages.push(index.page()?);
    Ok(pages)
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

/// The bigrams of a text's runs of letters and digits, in order, repeats included.
fn pairs(text: &str) -> impl Iterator<Item = [char; 2]> + '_ {
    let mut previous: Option<char> = None;
    text.chars().map(normalise).filter_map(move |c| {
        if !c.is_alphanumeric() {
            previous = None;
            return None;
        }
        previous.replace(c).map(|p| [p, c])
    })
}

/// The distinct bigrams of a text's runs of letters and digits, in order of first appearance.
pub fn bigrams(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for pair in pairs(text) {
        let gram: String = pair.iter().collect();
        if !out.contains(&gram) {
            out.push(gram);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Postings, bigrams, pairs};

    /// The postings as JSON, bigrams in the order of their text (ASCII, kana, kanji, full-width,
    /// characters beyond the first plane), as a map of strings would write them.
    #[test]
    fn postings_are_written_in_the_order_of_their_text() {
        let pages = ["ab 砂川", "高校 ab", "ｚｚ 𠮷野家", "Ab b1 川高"];
        let mut postings = Postings::default();
        let mut strings: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
        for (i, page) in pages.iter().enumerate() {
            for gram in pairs(page) {
                postings.push(gram, i as u32);
                let list = strings.entry(gram.iter().collect()).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        assert_eq!(
            postings.json().unwrap(),
            serde_json::to_string(&strings).unwrap()
        );
        assert_eq!(strings.len(), 8);
    }

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

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

use serde::Serialize;

use crate::model::{City, Measure, Site};
use crate::output::Page;
use crate::render::view::{city_href, goal_href, kpi_href};

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

/// The index as it is built, city by city.
#[derive(Serialize, Default)]
pub struct Index {
    /// [title, href, context, kind] per page.
    docs: Vec<(String, String, String, u8)>,
    /// Bigram → pages whose title holds it.
    title: BTreeMap<String, Vec<usize>>,
    /// Bigram → pages whose text holds it (title excluded).
    body: BTreeMap<String, Vec<usize>>,
}

impl Index {
    /// Adds a city's KPI, goal and city pages (cities come in order).
    pub fn add(&mut self, city: &City) {
        self.add_docs(city_docs(city));
    }

    /// Adds pages that [`city_docs`] made.
    pub fn add_docs(&mut self, docs: CityDocs) {
        for doc in docs.0 {
            let i = self.docs.len();
            for gram in bigrams(&doc.title) {
                push(self.title.entry(gram).or_default(), i);
            }
            for gram in bigrams(&doc.body) {
                push(self.body.entry(gram).or_default(), i);
            }
            self.docs
                .push((doc.title, doc.href, doc.context, doc.kind as u8));
        }
    }

    /// `search/index.js`.
    pub fn page(&self) -> serde_json::Result<Page> {
        let json = serde_json::to_string(self)?;
        Ok(Page {
            path: INDEX_PATH.into(),
            bytes: format!("window.MIERUKA_SEARCH = {json};\n").into_bytes(),
        })
    }
}

/// `search/index.js`: the index of every KPI, goal and city page.
pub fn page(site: &Site) -> serde_json::Result<Page> {
    let mut index = Index::default();
    for city in &site.cities {
        index.add(city);
    }
    index.page()
}

/// Adds a page to a posting list once (pages come in order).
fn push(list: &mut Vec<usize>, doc: usize) {
    if list.last() != Some(&doc) {
        list.push(doc);
    }
}

/// A city's pages as the index takes them: made with the city's model, added later in order.
pub struct CityDocs(Vec<Doc>);

/// A city's KPI, goal and city pages, to add to the index.
pub fn city_docs(city: &City) -> CityDocs {
    CityDocs(docs(city))
}

fn docs(city: &City) -> Vec<Doc> {
    let mut docs = Vec::new();
    for kpi in &city.kpis {
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

//! `sitemap.xml` (the sitemaps.org protocol 0.9): every HTML page's absolute address.
//!
//! `lastmod` comes from the content, never from a clock: a page of one fiscal year has that
//! year's `published:` date; any other page of a city the newest `published:` date of the city's
//! fiscal-year files; the site's index the newest of all. A page with no such date (or the
//! accessibility statement, which no report changes) has no `lastmod`.

use crate::chart::xml_escape;
use crate::era::FiscalYear;
use crate::model::{City, Site};
use crate::output::Page;

pub const PATH: &str = "sitemap.xml";

/// The sitemap of the HTML pages `paths` (relative to the root) of the site at `base`.
pub fn page(site: &Site, base: &str, paths: &[&str]) -> Page {
    let entries = paths
        .iter()
        .map(|path| (path.to_string(), lastmod(site, path).map(str::to_string)))
        .collect();
    page_of(base, entries)
}

/// The sitemap of the HTML pages (path relative to the root, `lastmod`) of the site at `base`.
pub fn page_of(base: &str, mut entries: Vec<(String, Option<String>)>) -> Page {
    entries.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(&format!("{base}{path}")));
        xml.push_str("</loc>");
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Page {
        path: PATH.into(),
        bytes: xml.into_bytes(),
    }
}

/// The date a page last changed, as far as the content says.
pub fn lastmod<'a>(site: &'a Site, path: &str) -> Option<&'a str> {
    let mut parts = path.split('/');
    let first = parts.next()?;
    if path == "index.html" {
        return site
            .cities
            .iter()
            .flat_map(City::generations)
            .filter_map(|c| c.published.values().max())
            .max()
            .map(String::as_str);
    }
    let current = site.cities.iter().find(|c| c.id == first)?;
    let year: Option<FiscalYear> = parts.next().and_then(|p| p.parse().ok());
    // A year's pages belong to the strategy in force that year.
    let city = year
        .and_then(|y| current.generations().find(|c| c.years.contains(&y)))
        .unwrap_or(current);
    match (year, parts.next()) {
        // The current report changes with each correction.
        (Some(year), Some("index.html")) => {
            let published = city.published.get(&year).map(String::as_str);
            city.corrections_in(year)
                .map(|c| c.date.as_str())
                .chain(published)
                .max()
        }
        // An edition never changes after the day it was published.
        (Some(year), Some(edition)) if edition.starts_with("edition-") => {
            city.published.get(&year).map(String::as_str)
        }
        _ => current
            .generations()
            .filter_map(|c| c.published.values().max())
            .max()
            .map(String::as_str),
    }
}

//! Atom feeds (RFC 4287): one per city and one for the whole site, one entry per published
//! fiscal-year report, newest first.
//!
//! Atom needs a date for every entry and feed, and a build has no clock: an entry's date is the
//! fiscal-year file's `published:` (`YYYY-MM-DD`, taken as midnight in Japan, `+09:00`). A
//! fiscal-year file without one is not in the feeds, and a feed with no entry is not made (pages
//! link a feed only when it has an entry). Ids are the entries' page addresses, which never change.

use crate::chart::xml_escape;
use crate::era::FiscalYear;
use crate::locale::Locale;
use crate::model::City;
use crate::output::Page;
use crate::render::view::{city_href, feed_href, year_href};

/// One fiscal-year report in a feed, with what its entry says of the city.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    city_id: String,
    city_name: String,
    /// The year page's path.
    href: String,
    year: FiscalYear,
    date: String,
    /// The latest correction's date (訂正), or the publication's.
    updated: String,
    /// KPIs of the city, and those the year's file reports.
    kpis: usize,
    reported: usize,
}

/// A city's feed, when it has an entry, and its entries for the site's feed. `base` is the
/// address of the edition (the base URL, or its `en/` folder), whose language `t` is.
pub fn city_feed(city: &City, base: &str, t: &Locale) -> (Option<Page>, Vec<Entry>) {
    let entries = entries(city);
    let page = feed(
        base,
        &feed_href(Some(city)),
        &t.fill(
            "feed.city_title",
            &[("city", &city.name), ("strategy", &city.strategy.name)],
        ),
        &city_href(city),
        &city.name,
        &entries,
        t,
    );
    (page, entries)
}

/// The site's feed (titled `title`) of every city's entries, when there is one.
pub fn site_feed(title: &str, base: &str, mut all: Vec<Entry>, t: &Locale) -> Option<Page> {
    all.sort_by(|a, b| (&b.date, &a.city_id, b.year).cmp(&(&a.date, &b.city_id, a.year)));
    feed(base, &feed_href(None), title, "index.html", title, &all, t)
}

/// A city's published reports (under every strategy), newest first.
fn entries(current: &City) -> Vec<Entry> {
    let mut entries: Vec<Entry> = current
        .generations()
        .flat_map(|city| city.published.iter().map(move |p| (city, p)))
        .filter(|(city, (year, _))| city.years.contains(year))
        .map(|(city, (&year, date))| Entry {
            city_id: city.id.clone(),
            city_name: city.name.clone(),
            href: year_href(city, year),
            year,
            date: date.clone(),
            updated: city
                .corrections_in(year)
                .map(|c| c.date.as_str())
                .chain([date.as_str()])
                .max()
                .unwrap_or(date)
                .to_string(),
            kpis: city.kpis.len(),
            reported: city
                .kpis
                .iter()
                .filter(|k| k.years.contains_key(&year))
                .count(),
        })
        .collect();
    entries.sort_by(|a, b| (&b.date, b.year).cmp(&(&a.date, a.year)));
    entries
}

/// A date as an RFC 3339 timestamp: midnight in Japan.
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00+09:00")
}

fn feed(
    base: &str,
    path: &str,
    title: &str,
    home: &str,
    author: &str,
    entries: &[Entry],
    t: &Locale,
) -> Option<Page> {
    let updated = entries.iter().map(|e| e.updated.as_str()).max()?;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&t.tag)
    ));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    xml.push_str(&format!(
        "  <id>{}</id>\n",
        xml_escape(&format!("{base}{path}"))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&format!("{base}{path}"))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&format!("{base}{home}"))
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", timestamp(updated)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(author)
    ));
    xml.push_str("  <generator>mieruka</generator>\n");
    for entry in entries {
        let url = format!("{base}{}", entry.href);
        let year = t.fiscal_year(entry.year);
        let reported = entry.reported;
        xml.push_str("  <entry>\n");
        xml.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&t.fill(
                "feed.entry_title",
                &[("city", &entry.city_name), ("year", &year)]
            ))
        ));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        xml.push_str(&format!(
            "    <published>{}</published>\n    <updated>{}</updated>\n",
            timestamp(&entry.date),
            timestamp(&entry.updated)
        ));
        xml.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml_escape(&entry.city_name)
        ));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&t.fill(
                "feed.summary",
                &[
                    ("city", &entry.city_name),
                    ("year", &year),
                    ("kpis", &entry.kpis.to_string()),
                    ("reported", &reported.to_string()),
                ]
            ))
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(Page {
        path: path.to_string(),
        bytes: xml.into_bytes(),
    })
}

//! mieruka (見える化): a static-site generator for Japanese municipalities' KPI reports.
//!
//! A build is four steps: [`load`] the content files, [`validate`] them into the [`model`],
//! [`render`] every page and [`opendata`] the data files, and [`write`](mod@write) them out.

pub mod chart;
pub mod diagnostic;
pub mod diff;
pub mod edition;
pub mod era;
pub mod evaluate;
pub mod feed;
pub mod figure;
pub mod load;
pub mod locate;
pub mod markdown;
pub mod model;
pub mod opendata;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sheet;
pub mod sitemap;
pub mod terms;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};

use anyhow::Result;

use diagnostic::Diagnostics;
pub use validate::{Overrides, Validated};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder, holding `content/` (and optionally `themes/`).
    pub root: PathBuf,
    /// Where the site goes; replaced as a whole.
    pub output: PathBuf,
    pub overrides: Overrides,
}

/// What a build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub cities: usize,
    pub pages: usize,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    /// What the build left out and why (e.g. no base URL: no sitemap), said once each.
    pub notes: Vec<String>,
}

/// Loads and validates the content: the site model and its warnings, or every problem in it.
pub fn check(root: &Path, overrides: &Overrides) -> Result<Validated> {
    let loaded = load::load(root)?;
    Ok(validate::validate(loaded, overrides)?)
}

/// Builds the site: load → validate → render pages and open data → write. Nothing is written
/// unless every file rendered.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let output = write::resolve_output(&options.root, &options.output)?;
    // The output about to be replaced holds the record of the editions published so far.
    let mut overrides = options.overrides.clone();
    overrides
        .previous_output
        .get_or_insert_with(|| output.clone());
    let rendered = render_site(&options.root, &overrides)?;
    if rendered.report.cities == 0 && output.join(write::MARKER).exists() {
        anyhow::bail!(
            "content/ has no city folders: refusing to replace the published site in {} with one without any city; add the city folders back (see content/README.md)",
            options.output.display()
        );
    }
    write::write(&output, &rendered.pages)?;
    Ok(rendered.report)
}

/// A site rendered in memory: what `build` writes, `mieruka check` discards and `serve` serves.
pub struct Rendered {
    pub report: BuildReport,
    pub pages: Vec<output::Page>,
}

/// Loads, validates and renders the site, writing nothing: every step of a build but the last.
pub fn render_site(root: &Path, overrides: &Overrides) -> Result<Rendered> {
    let Validated { site, warnings } = check(root, overrides)?;
    let theme = render::Theme::load(root, &site.config.theme)?;
    let mut pages = render::render(&site, &theme)?;
    pages.extend(opendata::pages(&site)?);
    pages.push(search::page(&site)?);
    // An unreadable record was a warning in `check`; the new one is then made from the content.
    let previous = overrides
        .previous_output
        .as_deref()
        .and_then(|output| edition::read(output).ok().flatten());
    pages.extend(edition::page(&site, previous.as_ref())?);
    let html = pages.iter().filter(|p| p.path.ends_with(".html")).count();
    let mut notes = Vec::new();
    match site.config.base_url.as_deref() {
        Some(base) => {
            let paths: Vec<&str> = pages
                .iter()
                .map(|p| p.path.as_str())
                .filter(|p| p.ends_with(".html"))
                .collect();
            let sitemap = sitemap::page(&site, base, &paths);
            let feeds = feed::pages(&site, base);
            pages.push(sitemap);
            pages.extend(feeds);
            let undated: usize = site
                .cities
                .iter()
                .map(|c| c.years.len() - c.published.len())
                .sum();
            if undated > 0 {
                notes.push(format!(
                    "{undated} fiscal-year file(s) have no `published:` date and are left out of \
                     the Atom feeds (an entry needs a date)"
                ));
            }
        }
        None => notes.push(
            "no base URL (`base_url` in content/site.yaml or --base-url): sitemap.xml, Atom \
             feeds, canonical links and share (Open Graph) tags are not made"
                .into(),
        ),
    }
    let report = BuildReport {
        cities: site.cities.len(),
        pages: html,
        warnings,
        notes,
    };
    Ok(Rendered { report, pages })
}

/// How every command reports a failure: the error, then what caused it. `serve` shows this
/// same text in the terminal and on its error page. Problems in the content carry their own
/// `error:` or `warning:` on each line.
pub fn error_report(error: &anyhow::Error) -> String {
    if let Some(problems) = error.downcast_ref::<Diagnostics>() {
        return problems.to_string();
    }
    let mut text = format!("error: {error}");
    for cause in error.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    text
}

//! mieruka (見える化): a static-site generator for Japanese municipalities' KPI reports.
//!
//! A build is four steps: [`load`] the content files, [`validate`] them into the [`model`],
//! [`render`] every page, and [`write`] the pages out.

pub mod chart;
pub mod diagnostic;
pub mod diff;
pub mod era;
pub mod evaluate;
pub mod figure;
pub mod load;
pub mod locate;
pub mod markdown;
pub mod model;
pub mod opendata;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod sheet;
pub mod unfilled;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};

use anyhow::Result;

use model::Site;
pub use validate::Overrides;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildReport {
    pub cities: usize,
    pub pages: usize,
}

/// Loads and validates the content: the site model, or every problem in it.
pub fn check(root: &Path, overrides: &Overrides) -> Result<Site> {
    Ok(check_with_notices(root, overrides)?.0)
}

/// [`check`], plus the KPI figures not filled in yet (warnings, see [`unfilled`]).
pub fn check_with_notices(
    root: &Path,
    overrides: &Overrides,
) -> Result<(Site, Vec<diagnostic::Diagnostic>)> {
    let loaded = load::load(root)?;
    let notices = unfilled::notices(&loaded);
    Ok((validate::validate(loaded, overrides)?, notices))
}

/// Builds the site: load → validate → render → write. Nothing is written unless every page
/// rendered.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    Ok(build_with_notices(options)?.0)
}

/// [`build`], plus the warnings of the content (KPI figures not filled in yet).
pub fn build_with_notices(
    options: &BuildOptions,
) -> Result<(BuildReport, Vec<diagnostic::Diagnostic>)> {
    let rendered = render_site(&options.root, &options.overrides)?;
    write::write(&options.output, &rendered.pages)?;
    Ok((rendered.report, rendered.notices))
}

/// A site rendered in memory: what `build` writes, `mieruka check` discards and `serve` serves.
pub struct Rendered {
    pub report: BuildReport,
    pub pages: Vec<render::Page>,
    /// Warnings that do not stop the build: KPI figures not filled in yet.
    pub notices: Vec<diagnostic::Diagnostic>,
}

/// Loads, validates and renders the site, writing nothing: every step of a build but the last.
pub fn render_site(root: &Path, overrides: &Overrides) -> Result<Rendered> {
    let (site, notices) = check_with_notices(root, overrides)?;
    let theme = render::Theme::load(root, &site.config.theme)?;
    let pages = render::render(&site, &theme)?;
    let report = BuildReport {
        cities: site.cities.len(),
        pages: pages.iter().filter(|p| p.path.ends_with(".html")).count(),
    };
    Ok(Rendered {
        report,
        pages,
        notices,
    })
}

/// How every command reports a failure: the error, then what caused it. `serve` shows this
/// same text in the terminal and on its error page.
pub fn error_report(error: &anyhow::Error) -> String {
    let mut text = format!("error: {error}");
    for cause in error.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    text
}

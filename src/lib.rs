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
pub mod locale;
pub mod locate;
pub mod manifest;
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

use anyhow::{Context as _, Result};

use diagnostic::Diagnostics;
use output::Sink as _;
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
    /// Cities whose files were reused from the previous output, unchanged since it was built.
    pub reused: usize,
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

/// Builds the site: load → validate → render pages and open data → write. Every city is
/// validated before anything is written, and nothing replaces the output unless every file
/// rendered. Cities are then loaded, rendered and written one by one, so memory holds a few
/// cities at a time, never the whole site. A city whose content files, and everything else
/// its pages depend on, are unchanged since the previous build (its [`manifest`]) is not
/// rendered again: its files are linked from the previous output into the new one.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let output = write::resolve_output(&options.root, &options.output)?;
    // The output about to be replaced holds the record of the editions published so far.
    let mut overrides = options.overrides.clone();
    overrides
        .previous_output
        .get_or_insert_with(|| output.clone());
    let mut checked = Checked::new(&options.root, &overrides)?;
    checked.incremental = Some(Incremental::new(
        &options.root,
        &output,
        &checked,
        &overrides,
    )?);
    if checked.listing.city_count() == 0 && output.join(write::MARKER).exists() {
        anyhow::bail!(
            "content/ has no city folders: refusing to replace the published site in {} with one without any city; add the city folders back (see content/README.md)",
            options.output.display()
        );
    }
    let staged = write::Staged::begin(&output)?;
    let report = checked.render(&staged)?;
    staged.finish()?;
    Ok(report)
}

/// A site rendered in memory: what `serve` serves.
pub struct Rendered {
    pub report: BuildReport,
    pub pages: Vec<output::Page>,
}

/// Loads, validates and renders the site, writing nothing: every step of a build but the last.
pub fn render_site(root: &Path, overrides: &Overrides) -> Result<Rendered> {
    let pages = output::Collect::default();
    let report = Checked::new(root, overrides)?.render(&pages)?;
    Ok(Rendered {
        report,
        pages: pages.into_pages(),
    })
}

/// Every step of a build but writing, keeping nothing: what `mieruka check` runs, in the
/// memory of a build.
pub fn dry_run(root: &Path, overrides: &Overrides) -> Result<BuildReport> {
    Checked::new(root, overrides)?.render(&output::Discard)
}

/// A site whose every city validated, before any is rendered: its listing, configuration,
/// theme and warnings, and the little the pages of one city need to know of the others.
struct Checked {
    listing: load::Listing,
    config: model::SiteConfig,
    /// The theme in each edition's language, the site root's first.
    themes: Vec<render::Theme>,
    warnings: Diagnostics,
    /// Whether any city has a dated fiscal-year file (the site's Atom feed has an entry).
    site_feed: bool,
    /// What a city is validated against again when it is rendered (no previous record: its
    /// warnings are already in `warnings`).
    rules: validate::CityRules,
    /// The previous build's edition record, whose figures the new record keeps.
    previous: Option<edition::Record>,
    /// For a build into an output folder: what can be reused from the previous output.
    incremental: Option<Incremental>,
}

/// What an incremental build knows of the previous output.
struct Incremental {
    /// The key of this build's inputs besides the cities' ([`manifest::key`]).
    key: u64,
    /// The previous output folder.
    dir: PathBuf,
    /// Its manifest, when its key is this build's: the cities whose files may be reused.
    previous: Option<manifest::Manifest>,
}

impl Incremental {
    fn new(
        root: &Path,
        output: &Path,
        checked: &Checked,
        overrides: &Overrides,
    ) -> Result<Incremental> {
        let site_file =
            std::fs::read(root.join("content").join(load::SITE_FILE)).unwrap_or_default();
        // The previous output's edition record is compared with, not shown: pages do not
        // depend on where it is.
        let base_url = overrides.base_url.as_deref().unwrap_or_default();
        let feed = [u8::from(checked.site_feed)];
        let key = manifest::key(
            &root.join("themes").join(&checked.config.theme),
            &[&site_file, base_url.as_bytes(), &feed],
        )?;
        Ok(Incremental {
            key,
            dir: output.to_path_buf(),
            previous: manifest::Manifest::read(output).filter(|m| m.key == key),
        })
    }

    /// The files of city `id` in the previous output, when its fingerprint is `fingerprint`.
    fn reusable(&self, id: &str, fingerprint: u64) -> Option<&[String]> {
        let city = self.previous.as_ref()?.cities.get(id)?;
        (city.fingerprint == fingerprint).then_some(city.files.as_slice())
    }
}

/// A sink that notes the paths of the files put into it: the files of one city.
struct Recording<'a> {
    sink: &'a dyn output::Sink,
    paths: std::sync::Mutex<Vec<String>>,
}

impl output::Sink for Recording<'_> {
    fn put(&self, page: output::Page) -> Result<()> {
        self.paths.lock().unwrap().push(page.path.clone());
        self.sink.put(page)
    }

    fn append(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.sink.append(path, bytes)
    }

    fn link(&self, path: &str, from: &Path) -> Result<()> {
        self.paths.lock().unwrap().push(path.to_string());
        self.sink.link(path, from)
    }
}

/// What rendering one city leaves for the site-wide files.
struct CityDone {
    html: Vec<(String, Option<String>)>,
    data: opendata::CityData,
    /// Per edition, in the order of the themes.
    editions_done: Vec<EditionDone>,
    docs: search::CityDocs,
    published: bool,
    newest: Option<String>,
    undated: usize,
    /// `City::last_updated`, for the footer of the site's own pages.
    updated: Option<String>,
    editions: Vec<edition::Edition>,
    /// The city's id, content fingerprint and files, for the manifest (incremental builds).
    manifest: Option<(String, manifest::CityEntry)>,
    reused: bool,
}

/// What one edition's site-wide pages need of a city, in that edition's language.
struct EditionDone {
    card: render::view::CityCard,
    kpi_index: render::view::KpiIndexCity,
    feed: Vec<feed::Entry>,
}

impl Checked {
    /// Loads and validates every city, one at a time (in parallel), keeping only their
    /// problems: all of them are reported, or none when the site is valid.
    fn new(root: &Path, overrides: &Overrides) -> Result<Checked> {
        use rayon::prelude::*;
        let listing = load::listing(root)?;
        let (site_file, mut problems) = listing.load_site();
        let (config, site_problems) = validate::site(site_file.as_ref(), overrides);
        problems.extend(site_problems);
        let (mut rules, rule_problems) = validate::CityRules::new(config.as_ref(), overrides);
        problems.extend(rule_problems);
        let cities: Vec<(Vec<diagnostic::Diagnostic>, bool)> = (0..listing.city_count())
            .into_par_iter()
            .map(|i| {
                let (loaded, mut city_problems) = listing.load_city(i);
                let (city, more) = validate::city(&loaded, &rules);
                city_problems.extend(more);
                let published =
                    city.is_some_and(|c| c.generations().any(|g| !g.published.is_empty()));
                (city_problems, published)
            })
            .collect();
        let mut site_feed = false;
        for (city_problems, published) in cities {
            problems.extend(city_problems);
            site_feed |= published;
        }
        problems.sort();
        let problems = Diagnostics(problems);
        let config = match config {
            Some(config) if !problems.has_errors() => config,
            _ => return Err(problems.into()),
        };
        let themes = render::Theme::editions(root, &config.theme, &config.languages)?;
        Ok(Checked {
            listing,
            config,
            themes,
            warnings: problems,
            site_feed,
            previous: rules.previous.take(),
            rules,
            incremental: None,
        })
    }

    /// Renders every file into `sink`: a few cities at a time, each loaded again, rendered,
    /// handed over and dropped; then the site-wide pages from what the cities left.
    fn render(self, sink: &dyn output::Sink) -> Result<BuildReport> {
        use rayon::prelude::*;
        let base = self.config.base_url.as_deref();
        let mut wides: Vec<render::SiteWide> = self
            .themes
            .iter()
            .map(|_| render::SiteWide {
                site_feed: self.site_feed,
                ..render::SiteWide::default()
            })
            .collect();
        let mut index = search::Index::default();
        let mut data = opendata::SiteData::new()?;
        let mut html: Vec<(String, Option<String>)> = Vec::new();
        let mut entries: Vec<Vec<feed::Entry>> = self.themes.iter().map(|_| Vec::new()).collect();
        let mut editions = edition::RecordWriter::default();
        let mut newest: Option<String> = None;
        let mut undated = 0;
        let mut reused = 0;
        let mut manifest = manifest::Manifest {
            key: self.incremental.as_ref().map_or(0, |i| i.key),
            ..manifest::Manifest::default()
        };
        // Enough cities at once to keep every thread busy, few enough to bound memory.
        let batch = rayon::current_num_threads() * 4;
        let all: Vec<usize> = (0..self.listing.city_count()).collect();
        for cities in all.chunks(batch) {
            let done: Vec<CityDone> = cities
                .par_iter()
                .map(|&i| self.city(i, sink))
                .collect::<Result<_>>()?;
            for city in done {
                data.add(sink, &city.data)?;
                for (e, done) in city.editions_done.into_iter().enumerate() {
                    let wide = &mut wides[e];
                    wide.updated = wide.updated.take().max(city.updated.clone());
                    wide.cards.push(done.card);
                    wide.index.push(done.kpi_index);
                    wide.site_feed |= city.published;
                    entries[e].extend(done.feed);
                }
                index.add_docs(city.docs)?;
                html.extend(city.html);
                newest = newest.max(city.newest);
                undated += city.undated;
                editions.add(sink, &city.editions)?;
                reused += usize::from(city.reused);
                if let Some((id, entry)) = city.manifest {
                    manifest.cities.insert(id, entry);
                }
            }
        }
        if self.incremental.is_some() {
            sink.put(output::Page {
                path: manifest::FILE.into(),
                bytes: manifest.text().into_bytes(),
            })?;
        }
        data.finish(sink)?;
        editions.finish(sink)?;
        for ((theme, wide), entries) in self.themes.iter().zip(&wides).zip(entries) {
            let site = model::Site {
                config: self.config.in_language(&theme.locale().tag),
                cities: Vec::new(),
            };
            let prefix = theme.prefix();
            for mut page in render::site_pages(&site, theme, wide)? {
                if page.path.ends_with(".html") {
                    let lastmod = (page.path == "index.html")
                        .then(|| newest.clone())
                        .flatten();
                    html.push((format!("{prefix}{}", page.path), lastmod));
                }
                page.path = format!("{prefix}{}", page.path);
                sink.put(page)?;
            }
            if let Some(base) = base {
                let base = format!("{base}{prefix}");
                if let Some(page) =
                    feed::site_feed(&site.config.title, &base, entries, theme.locale())
                {
                    sink.put(output::Page {
                        path: format!("{prefix}{}", page.path),
                        ..page
                    })?;
                }
            }
        }
        index.write(sink)?;
        let pages = html.len();
        let mut notes = Vec::new();
        match base {
            Some(base) => {
                sink.put(sitemap::page_of(base, html))?;
                if undated > 0 {
                    notes.push(format!(
                        "{undated} fiscal-year file(s) have no `published:` date and are left out \
                         of the Atom feeds (an entry needs a date)"
                    ));
                }
            }
            None => notes.push(
                "no base URL (`base_url` in content/site.yaml or --base-url): sitemap.xml, Atom \
                 feeds, canonical links and share (Open Graph) tags are not made"
                    .into(),
            ),
        }
        Ok(BuildReport {
            cities: wides[0].cards.len(),
            pages,
            reused,
            warnings: self.warnings,
            notes,
        })
    }

    /// Loads city `i` again, renders its pages and open data into `sink` (or links them from
    /// the previous output when nothing they depend on changed), and returns what the
    /// site-wide files need of it.
    fn city(&self, i: usize, sink: &dyn output::Sink) -> Result<CityDone> {
        let id = self.listing.city_id(i);
        let fingerprint = match &self.incremental {
            Some(_) => Some(manifest::hash_files(self.listing.city_files(i))?),
            None => None,
        };
        let reusable = self
            .incremental
            .as_ref()
            .zip(fingerprint)
            .and_then(|(inc, fp)| Some((inc, inc.reusable(id, fp)?)));
        let recording = Recording {
            sink,
            paths: Default::default(),
        };
        let mut done = match reusable {
            Some((inc, files)) => {
                for file in files {
                    recording.link(file, &inc.dir.join(file)).with_context(|| {
                        format!(
                            "reusing {file} of the previous output, which its manifest lists; if the output was changed by hand, remove {} to build every city again",
                            inc.dir.join(manifest::FILE).display()
                        )
                    })?;
                }
                self.city_summary(i, &recording, Some(files))?
            }
            None => self.city_summary(i, &recording, None)?,
        };
        done.reused = reusable.is_some();
        done.manifest = fingerprint.map(|fingerprint| {
            let files = recording.paths.into_inner().unwrap();
            (id.to_string(), manifest::CityEntry { fingerprint, files })
        });
        Ok(done)
    }

    /// Loads city `i` again and returns what the site-wide files need of it, rendering its
    /// pages and open data into `sink` unless they are `reused` (these files are there already).
    fn city_summary(
        &self,
        i: usize,
        sink: &dyn output::Sink,
        reused: Option<&[String]>,
    ) -> Result<CityDone> {
        let (loaded, _) = self.listing.load_city(i);
        let (city, _) = validate::city(&loaded, &self.rules);
        drop(loaded);
        let city = city.context("a city that validated no longer does (was it edited?)")?;
        let site = model::Site {
            config: self.config.clone(),
            cities: vec![city],
        };
        let city = &site.cities[0];
        let mut html = Vec::new();
        let editions_done = self
            .themes
            .iter()
            .map(|theme| self.city_edition(&site, theme, sink, &mut html, reused.is_none()))
            .collect::<Result<_>>()?;
        let data = match reused {
            // Only the summaries: the pages are there already.
            Some(files) => {
                html = files
                    .iter()
                    .filter(|path| path.ends_with(".html"))
                    .map(|path| {
                        // An edition's page dates from its path in the edition.
                        let bare = self
                            .themes
                            .iter()
                            .map(|theme| theme.prefix())
                            .filter(|prefix| !prefix.is_empty())
                            .find_map(|prefix| path.strip_prefix(prefix))
                            .unwrap_or(path);
                        let lastmod = sitemap::lastmod(&site, bare).map(str::to_string);
                        (path.clone(), lastmod)
                    })
                    .collect();
                opendata::city_parts(city)?
            }
            None => {
                let mut data = opendata::city_data(city)?;
                for page in std::mem::take(&mut data.pages) {
                    sink.put(page)?;
                }
                data
            }
        };
        Ok(CityDone {
            html,
            editions_done,
            docs: search::city_docs(city),
            published: city.generations().any(|c| !c.published.is_empty()),
            newest: city
                .generations()
                .filter_map(|c| c.published.values().max())
                .max()
                .cloned(),
            undated: city
                .generations()
                .map(|c| c.years.len() - c.published.len())
                .sum(),
            updated: city.last_updated().map(str::to_string),
            editions: edition::city_editions(city, self.previous.as_ref()),
            data,
            manifest: None,
            reused: false,
        })
    }
}

impl Checked {
    /// Renders the pages of `site`'s one city in `theme`'s edition into `sink` (in the
    /// edition's folder), listing its HTML pages in `html`; with `render` false (its files are
    /// reused from the previous output), only what the site-wide files need of it.
    fn city_edition(
        &self,
        site: &model::Site,
        theme: &render::Theme,
        sink: &dyn output::Sink,
        html: &mut Vec<(String, Option<String>)>,
        render: bool,
    ) -> Result<EditionDone> {
        let tag = &theme.locale().tag;
        let translated = site.cities[0].in_language(tag).map(|city| model::Site {
            config: self.config.in_language(tag),
            cities: vec![city],
        });
        let site = translated.as_ref().unwrap_or(site);
        let city = &site.cities[0];
        let prefix = theme.prefix();
        let pages = if render {
            render::city_pages(site, theme, self.site_feed)?
        } else {
            Vec::new()
        };
        for mut page in pages {
            if page.path.ends_with(".html") {
                let lastmod = sitemap::lastmod(site, &page.path).map(str::to_string);
                html.push((format!("{prefix}{}", page.path), lastmod));
            }
            page.path = format!("{prefix}{}", page.path);
            sink.put(page)?;
        }
        let mut feed = Vec::new();
        if let Some(base) = self.config.base_url.as_deref() {
            let (page, entries) = feed::city_feed(city, &format!("{base}{prefix}"), theme.locale());
            if let Some(page) = page.filter(|_| render) {
                sink.put(output::Page {
                    path: format!("{prefix}{}", page.path),
                    ..page
                })?;
            }
            feed = entries;
        }
        Ok(EditionDone {
            card: render::view::CityCard::new(city, theme.locale()),
            kpi_index: render::view::KpiIndexCity::new(city),
            feed,
        })
    }
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

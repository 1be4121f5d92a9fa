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

/// Builds the site: load → validate → render pages and open data → write, city by city:
/// each is read, checked, rendered and written into a staging folder in one go, so memory
/// holds a few cities at a time, never the whole site. Nothing replaces the output unless
/// every city is valid and every file rendered (after a city with an error the others are
/// only checked, so that every problem is reported at once). A city whose content files, and
/// everything else its pages depend on, are unchanged since the previous build (its
/// [`manifest`]) is neither read nor rendered again: its folders are moved from the previous
/// output into the new one.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_keeping(options).map(|(report, _)| report)
}

/// [`build`], keeping what renders a city's pages again on their own afterwards: the preview
/// shows an edited city from that before the whole site is built again.
pub fn build_keeping(options: &BuildOptions) -> Result<(BuildReport, CityPages)> {
    let output = write::resolve_output(&options.root, &options.output)?;
    // The output about to be replaced holds the record of the editions published so far.
    let mut overrides = options.overrides.clone();
    overrides
        .previous_output
        .get_or_insert_with(|| output.clone());
    let mut checked = Checked::new(&options.root, &overrides, Some((&output, Reuse::Move)))?;
    if checked.listing.city_count() == 0 && output.join(write::MARKER).exists() {
        anyhow::bail!(
            "content/ has no city folders: refusing to replace the published site in {} with one without any city; add the city folders back (see content/README.md)",
            options.output.display()
        );
    }
    let (report, reused, staged) = checked.render_into(|| write::Staged::begin(&output))?;
    staged.finish_reusing(&reused)?;
    // The previous manifest is no longer needed, and the largest part.
    checked.incremental = None;
    Ok((report, CityPages { checked }))
}

/// What renders the pages of one city again without the rest of the site, as the last build
/// would: its listing, configuration, theme and rules. See [`build_keeping`].
pub struct CityPages {
    checked: Checked,
}

impl CityPages {
    /// The cities whose content files are among `changed` (paths as the site folder given to
    /// the build was joined with), read and checked again on their own: what [`CityPages::page`]
    /// renders. `None` when that is not the whole of the change: a changed path that is no
    /// city's listed file (a new or deleted file, `site.yaml`, the theme), or a city with a
    /// problem; only a build shows those. A changed path that no longer exists and was no
    /// content file (an editor's temporary file) is no change.
    pub fn read(&self, changed: &[PathBuf]) -> Option<EditedCities> {
        let listing = &self.checked.listing;
        let mut cities = Vec::new();
        for path in changed {
            let city = (0..listing.city_count())
                .find(|&i| listing.city_files(i).any(|(_, full)| full == path));
            match city {
                Some(i) if !cities.contains(&i) => cities.push(i),
                Some(_) => {}
                None if path.exists() => return None,
                None => {}
            }
        }
        if cities.is_empty() {
            return None;
        }
        let mut edited = EditedCities::default();
        for i in cities {
            let city = check_city(listing, &self.checked.rules, i).0?;
            edited.ids.push(listing.city_id(i).to_owned());
            edited
                .folders
                .extend(self.checked.folders(listing.city_id(i)));
            edited.sites.push(model::Site {
                config: self.checked.config.clone(),
                cities: vec![city],
            });
        }
        Some(edited)
    }

    /// The file at `path` in the site, a page or a KPI's chart of one of the `edited` cities,
    /// rendered alone, as the build renders it. `None` when it is no such file (their open
    /// data, search parts and feeds come with the build).
    pub fn page(&self, edited: &EditedCities, path: &str) -> Option<Result<output::Page>> {
        let checked = &self.checked;
        // The edition whose folder the path is in: `en/` before the root's.
        let theme = checked
            .themes
            .iter()
            .filter(|theme| path.starts_with(theme.prefix()))
            .max_by_key(|theme| theme.prefix().len())?;
        let in_edition = &path[theme.prefix().len()..];
        let id = in_edition.split('/').next()?;
        let site = edited.sites.iter().find(|site| site.cities[0].id == id)?;
        let translated = checked.edition_site(site, theme);
        let site = translated.as_ref().unwrap_or(site);
        let page = render::city_page(site, theme, checked.site_feed, in_edition)?;
        Some(page.map(|page| output::Page {
            path: path.to_owned(),
            ..page
        }))
    }
}

/// Cities read and checked on their own ([`CityPages::read`]).
#[derive(Default)]
pub struct EditedCities {
    pub ids: Vec<String>,
    /// Their folders in the site, one in each edition.
    pub folders: Vec<String>,
    /// Each city as a site of its own.
    sites: Vec<model::Site>,
}

/// A site rendered in memory (for tests of a whole site's files).
pub struct Rendered {
    pub report: BuildReport,
    pub pages: Vec<output::Page>,
}

/// Loads, validates and renders the site, writing nothing: every step of a build but the last.
pub fn render_site(root: &Path, overrides: &Overrides) -> Result<Rendered> {
    let (report, _, pages) =
        Checked::new(root, overrides, None)?.render_into(|| Ok(output::Collect::default()))?;
    Ok(Rendered {
        report,
        pages: pages.into_pages(),
    })
}

/// Every step of a build but writing, keeping nothing: what `mieruka check` runs, in the
/// memory of a build. A city unchanged since the build of `overrides.previous_output` is taken
/// from that build's manifest (its problems as found then), not read again.
pub fn dry_run(root: &Path, overrides: &Overrides) -> Result<BuildReport> {
    let output = overrides.previous_output.as_deref();
    let (report, _, _) = Checked::new(root, overrides, output.map(|o| (o, Reuse::Count)))?
        .render_into(|| Ok(output::Discard))?;
    Ok(report)
}

/// What becomes of the files of a city unchanged since the previous build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reuse {
    /// A build: they are moved into the new output.
    Move,
    /// A check: they are only counted.
    Count,
}

/// A site whose configuration and theme are valid, before its cities are read: its listing,
/// configuration, theme and site-wide warnings, and the little the pages of one city need to
/// know of the others. [`Checked::render`] reads, checks and renders each city in one go.
struct Checked {
    listing: load::Listing,
    config: model::SiteConfig,
    /// The theme in each edition's language, the site root's first.
    themes: Vec<render::Theme>,
    /// The problems of the site file and of what in `content/` is not loaded (warnings).
    warnings: Diagnostics,
    /// Whether every page links the site's Atom feed: the site has a base URL, and a city a
    /// dated fiscal-year file. Assumed before the cities are read (as the previous build found,
    /// or from a look at the fiscal-year files), and known once [`Checked::render`] has read
    /// them all; it renders again when the assumption was wrong.
    site_feed: bool,
    /// What each city is validated against, with the previous build's edition record, whose
    /// figures the new record keeps.
    rules: validate::CityRules,
    /// For a build into an output folder (or a check of one): what it can reuse.
    incremental: Option<Incremental>,
}

/// What an incremental build knows of the previous output.
struct Incremental {
    /// The key of this build's inputs besides the cities' ([`manifest::key`]).
    key: u64,
    /// The previous output folder.
    dir: PathBuf,
    /// Its manifest, when its key is this build's: the cities that may be reused.
    previous: Option<manifest::Manifest>,
    /// Each city's fingerprint (none when its files cannot be read: it is loaded, and the
    /// problem reported).
    fingerprints: Vec<Option<u64>>,
    reuse: Reuse,
}

impl Incremental {
    /// The previous output's manifest, when it was made from the same site file, theme and
    /// mieruka as this build, and the fingerprint of each city of `listing`.
    fn new(
        root: &Path,
        output: &Path,
        listing: &load::Listing,
        config: &model::SiteConfig,
        overrides: &Overrides,
        reuse: Reuse,
    ) -> Result<Incremental> {
        use rayon::prelude::*;
        let site_file =
            std::fs::read(root.join("content").join(load::SITE_FILE)).unwrap_or_default();
        // The previous output's edition record is compared with, not shown: pages do not
        // depend on where it is.
        let base_url = overrides.base_url.as_deref().unwrap_or_default();
        let key = manifest::key(
            &root.join("themes").join(&config.theme),
            &[&site_file, base_url.as_bytes()],
        )?;
        Ok(Incremental {
            key,
            dir: output.to_path_buf(),
            previous: manifest::Manifest::read(output).filter(|m| m.key == key),
            fingerprints: (0..listing.city_count())
                .into_par_iter()
                // Its files alone: its entries in the edition record, which it is checked
                // against, are the ones its previous build wrote (a reused city's are copied).
                .map(|i| manifest::hash_files(listing.city_files(i)).ok())
                .collect(),
            reuse,
        })
    }

    /// City `id`'s summary in the previous manifest, when its fingerprint is this build's.
    fn summary(&self, i: usize, id: &str) -> Option<&str> {
        self.previous
            .as_ref()?
            .summary_of(id, self.fingerprints.get(i).copied().flatten()?)
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
}

/// What one city leaves for the site-wide files.
struct CityDone {
    summary: manifest::CitySummary,
    /// Its rows of the site-wide open data.
    data: opendata::CityData,
    /// Its line in the new manifest: its fingerprint and summary as JSON (none for a city that
    /// cannot be reused).
    manifest: Option<(u64, String)>,
    /// Whether its files are the previous output's.
    reused: bool,
}

impl Checked {
    /// Loads and validates the site file and the theme. With `output`, the previous build in
    /// that folder is what an incremental build reuses. When the site file has an error, every
    /// city is checked too (none rendered), so that all problems are reported at once.
    fn new(root: &Path, overrides: &Overrides, output: Option<(&Path, Reuse)>) -> Result<Checked> {
        use rayon::prelude::*;
        let listing = load::listing(root)?;
        let (site_file, mut problems) = listing.load_site();
        let (config, site_problems) = validate::site(site_file.as_ref(), overrides);
        problems.extend(site_problems);
        let (rules, rule_problems) = validate::CityRules::new(config.as_ref(), overrides);
        problems.extend(rule_problems);
        let config = match config {
            Some(config) if !problems.iter().any(diagnostic::Diagnostic::is_error) => config,
            _ => {
                let cities: Vec<_> = (0..listing.city_count())
                    .into_par_iter()
                    .map(|i| check_city(&listing, &rules, i).1)
                    .collect();
                problems.extend(cities.into_iter().flatten());
                problems.sort();
                return Err(Diagnostics(problems).into());
            }
        };
        let themes = render::Theme::editions(root, &config.theme, &config.languages)?;
        let incremental = match output {
            Some((output, reuse)) => Some(Incremental::new(
                root, output, &listing, &config, overrides, reuse,
            )?),
            None => None,
        };
        let previous = incremental.as_ref().and_then(|inc| inc.previous.as_ref());
        let site_feed = config.base_url.is_some()
            && previous.map_or_else(|| listing.may_publish(), |m| m.site_feed);
        problems.sort();
        Ok(Checked {
            listing,
            config,
            themes,
            warnings: Diagnostics(problems),
            site_feed,
            rules,
            incremental,
        })
    }

    /// [`Checked::render`] into a sink from `sink`, and again into a new one when the site's
    /// feed turned out otherwise than assumed: what it returns, and the sink.
    fn render_into<S: output::Sink>(
        &mut self,
        mut sink: impl FnMut() -> Result<S>,
    ) -> Result<(BuildReport, Vec<String>, S)> {
        for _ in 0..2 {
            let into = sink()?;
            if let Some((report, reused)) = self.render(&into)? {
                return Ok((report, reused, into));
            }
        }
        anyhow::bail!(
            "the content changed while it was built (a fiscal-year file's `published:` date came or went): build again"
        )
    }

    /// Renders every file into `sink`: a few cities at a time, each read, checked, rendered,
    /// handed over and dropped (or, unchanged, taken from the previous manifest); then the
    /// site-wide pages from what the cities left. Also the folders of the previous output that
    /// the new one takes as they are. Every problem of every city when any has an error (the
    /// cities after it are only checked); `None` when the site's feed turned out otherwise than
    /// [`Checked::site_feed`] assumed, which it now says: every page must be rendered again.
    fn render(&mut self, sink: &dyn output::Sink) -> Result<Option<(BuildReport, Vec<String>)>> {
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
        let mut index = search::Index::new();
        let mut data = opendata::SiteData::new()?;
        let mut html: Vec<(String, Option<String>)> = Vec::new();
        let mut entries: Vec<Vec<feed::Entry>> = self.themes.iter().map(|_| Vec::new()).collect();
        let mut editions = edition::RecordWriter::default();
        let mut newest: Option<String> = None;
        let mut undated = 0;
        let mut reused = Vec::new();
        let mut reused_cities = 0;
        let mut manifest = manifest::Manifest::new(
            self.incremental.as_ref().map_or(0, |i| i.key),
            self.site_feed,
        );
        // Enough cities at once to keep every thread busy, few enough to bound memory.
        let batch = rayon::current_num_threads() * 4;
        let all: Vec<usize> = (0..self.listing.city_count()).collect();
        let mut cities = 0;
        let mut problems = self.warnings.0.clone();
        let mut failed = false;
        let mut published = false;
        for chunk in all.chunks(batch) {
            let done: Vec<Result<CityDone, _>> = chunk
                .par_iter()
                .map(|&i| self.city(i, sink, !failed))
                .collect::<Result<_>>()?;
            for (&i, city) in chunk.iter().zip(done) {
                let city = match city {
                    Ok(city) => city,
                    Err(city_problems) => {
                        failed |= city_problems.iter().any(diagnostic::Diagnostic::is_error);
                        problems.extend(city_problems);
                        continue;
                    }
                };
                problems.extend(city.summary.warnings.iter().cloned());
                let summary = city.summary;
                published |= summary.published;
                data.add(sink, &city.data)?;
                for (e, done) in summary.editions_done.into_iter().enumerate() {
                    let wide = &mut wides[e];
                    wide.updated = wide.updated.take().max(summary.updated.clone());
                    wide.cards.push(done.card);
                    wide.index.push(done.kpi_index);
                    entries[e].extend(done.feed);
                }
                index.add(&summary.search)?;
                html.extend(summary.html);
                newest = newest.max(summary.newest);
                undated += summary.undated;
                editions.add(sink, &summary.editions)?;
                if city.reused {
                    reused.extend(summary.folders);
                    reused_cities += 1;
                }
                if let Some((fingerprint, json)) = city.manifest {
                    manifest.push(self.listing.city_id(i), fingerprint, &json);
                }
                cities += 1;
            }
        }
        problems.sort();
        let problems = Diagnostics(problems);
        if failed {
            return Err(problems.into());
        }
        let site_feed = self.config.base_url.is_some() && published;
        if site_feed != self.site_feed {
            self.site_feed = site_feed;
            if let Some(inc) = &mut self.incremental {
                inc.previous = None;
            }
            return Ok(None);
        }
        if self.incremental.is_some() {
            sink.put(output::Page {
                path: manifest::FILE.into(),
                bytes: manifest.into_text().into_bytes(),
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
        sink.put(index.page()?)?;
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
        let report = BuildReport {
            cities,
            pages,
            reused: reused_cities,
            warnings: problems,
            notes,
        };
        Ok(Some((report, reused)))
    }

    /// City `i`'s summary and open-data rows: taken from the previous build when nothing it
    /// depends on changed, or made by reading and checking it and, with `render`, rendering
    /// its pages into `sink`. Its problems instead when it has an error or is not rendered.
    fn city(
        &self,
        i: usize,
        sink: &dyn output::Sink,
        render: bool,
    ) -> Result<Result<CityDone, Vec<diagnostic::Diagnostic>>> {
        let id = self.listing.city_id(i);
        let recorded = self.incremental.as_ref().and_then(|inc| {
            let json = inc.summary(i, id)?;
            let summary: manifest::CitySummary = serde_json::from_str(json).ok()?;
            Some((inc, summary, (inc.fingerprints[i]?, json.to_string())))
        });
        if let Some((inc, summary, line)) = recorded {
            let data = match inc.reuse {
                Reuse::Move => opendata::reused_parts(&inc.dir, id)?,
                Reuse::Count => opendata::CityData::default(),
            };
            return Ok(Ok(CityDone {
                manifest: Some(line),
                summary,
                data,
                reused: true,
            }));
        }
        let (city, problems) = check_city(&self.listing, &self.rules, i);
        let Some(city) = city.filter(|_| render) else {
            return Ok(Err(problems));
        };
        let recording = Recording {
            sink,
            paths: Default::default(),
        };
        let (mut summary, data) = self.render_city(city, problems, &recording)?;
        // Reusable later if every file it made is in its own folders, which move as a whole.
        let folders = self.folders(id);
        let contained = (recording.paths.into_inner().unwrap().iter())
            .all(|path| output::in_folders(path, &folders));
        summary.folders = folders;
        let fingerprint = self
            .incremental
            .as_ref()
            .and_then(|inc| inc.fingerprints[i])
            .filter(|_| contained);
        let manifest = match fingerprint {
            Some(fingerprint) => Some((fingerprint, serde_json::to_string(&summary)?)),
            None => None,
        };
        Ok(Ok(CityDone {
            summary,
            data,
            manifest,
            reused: false,
        }))
    }

    /// City `id`'s folders in the site: one in each edition.
    fn folders(&self, id: &str) -> Vec<String> {
        self.themes
            .iter()
            .map(|theme| format!("{}{id}", theme.prefix()))
            .collect()
    }

    /// Renders `city`'s pages, search part and open data into `sink`, and returns what the
    /// site-wide files need of it (with its `warnings`).
    fn render_city(
        &self,
        city: model::City,
        warnings: Vec<diagnostic::Diagnostic>,
        sink: &dyn output::Sink,
    ) -> Result<(manifest::CitySummary, opendata::CityData)> {
        let site = model::Site {
            config: self.config.clone(),
            cities: vec![city],
        };
        let city = &site.cities[0];
        let mut html = Vec::new();
        let editions_done = self
            .themes
            .iter()
            .map(|theme| self.city_edition(&site, theme, sink, &mut html))
            .collect::<Result<_>>()?;
        let mut data = opendata::city_data(city)?;
        for page in std::mem::take(&mut data.pages) {
            sink.put(page)?;
        }
        let (part, search) = search::city_index(city)?;
        sink.put(part)?;
        let summary = manifest::CitySummary {
            warnings,
            folders: Vec::new(),
            html,
            editions_done,
            search,
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
            editions: edition::city_editions(city, self.rules.previous.as_ref()),
        };
        Ok((summary, data))
    }

    /// `site`'s one city as `theme`'s edition shows it, when that is not as the content has it
    /// (in a language other than the content's).
    fn edition_site(&self, site: &model::Site, theme: &render::Theme) -> Option<model::Site> {
        let tag = &theme.locale().tag;
        site.cities[0].in_language(tag).map(|city| model::Site {
            config: self.config.in_language(tag),
            cities: vec![city],
        })
    }

    /// Renders the pages of `site`'s one city in `theme`'s edition into `sink` (in the
    /// edition's folder), listing its HTML pages in `html`, and returns what the edition's
    /// site-wide pages show of it.
    fn city_edition(
        &self,
        site: &model::Site,
        theme: &render::Theme,
        sink: &dyn output::Sink,
        html: &mut Vec<(String, Option<String>)>,
    ) -> Result<manifest::EditionSummary> {
        let translated = self.edition_site(site, theme);
        let site = translated.as_ref().unwrap_or(site);
        let city = &site.cities[0];
        let prefix = theme.prefix();
        for mut page in render::city_pages(site, theme, self.site_feed)? {
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
            if let Some(page) = page {
                sink.put(output::Page {
                    path: format!("{prefix}{}", page.path),
                    ..page
                })?;
            }
            feed = entries;
        }
        Ok(manifest::EditionSummary {
            card: render::Kept::of(&render::view::CityCard::new(city, theme.locale()))?,
            kpi_index: render::Kept::of(&render::view::KpiIndexCity::new(city))?,
            feed,
        })
    }
}

/// City `i` of `listing` read and checked: its model, none when it has an error, and all its
/// problems.
fn check_city(
    listing: &load::Listing,
    rules: &validate::CityRules,
    i: usize,
) -> (Option<model::City>, Vec<diagnostic::Diagnostic>) {
    let (loaded, mut problems) = listing.load_city(i);
    let (city, more) = validate::city(&loaded, rules);
    problems.extend(more);
    let city = city.filter(|_| !problems.iter().any(diagnostic::Diagnostic::is_error));
    (city, problems)
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

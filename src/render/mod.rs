//! `render`: every page of the site, each from the model alone, in parallel.
//!
//! No page reads another page's output, so pages can be rendered in any order and a later
//! incremental build can render any subset.

mod compact;
pub mod view;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;
use serde::Serialize;
use tera::value::Key;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::era::FiscalYear;
use crate::figure::Figure;
use crate::locale::Locale;
use crate::model::{City, KpiIx, Site};
use crate::output::Page;
use view::{
    CityCard, CityOverview, CityView, GoalView, KpiView, PublicationView, YearTable, city_href,
    goal_href, kpi_href, year_href,
};

/// The templates, static files and interface text of a theme in one language: one edition
/// of the site.
pub struct Theme {
    tera: Tera,
    assets: Vec<(String, Vec<u8>)>,
    locale: Arc<Locale>,
    /// Where this edition's pages go under the site root: empty, or `en/`.
    prefix: String,
    /// The site's other editions, for the language links of every page.
    alternates: Vec<Edition>,
}

/// An edition of the site in one language, as other editions link to it.
#[derive(Debug, Clone, Serialize)]
pub struct Edition {
    /// The language tag (`en`).
    pub lang: String,
    /// The language's name in itself (`English`, `日本語`).
    pub name: String,
    /// Where its pages go under the site root: empty, or `en/`.
    pub prefix: String,
}

/// Embeds files of the default theme's `templates/` folder by name.
macro_rules! default_templates {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme, built into the binary so a site with only `content/` builds.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &default_templates!(
    "base.html",
    "index.html",
    "city.html",
    "goal.html",
    "kpi.html",
    "year.html",
    "project.html",
    "chart.html",
    "summary.html",
    "accessibility.html",
    "search.html",
    "kpi_table.html",
    "year_table.html",
    "kpi_summary.html",
    "kpi_figures.html",
    "target.html",
    "corrections.html",
    "strategies.html",
    "strategy_notice.html",
    "kpi_series.html",
);
const DEFAULT_ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "year-table.js",
        include_str!("../../themes/default/static/year-table.js"),
    ),
];
const DEFAULT_PREFIX: &str = "mieruka-default/";

impl Theme {
    /// Loads theme `name` in language `language`: templates, static files and locale files in
    /// `root/themes/<name>/` override the built-in default theme's, file by file (locale files
    /// key by key).
    pub fn load(root: &Path, name: &str, language: &str) -> Result<Theme> {
        let dir = root.join("themes").join(name);
        if name != "default" && !dir.is_dir() {
            bail!(
                "theme `{name}` not found: expected a folder {}",
                dir.display()
            );
        }
        let locale = Arc::new(Locale::load(&dir, language)?);
        let mut tera = Tera::default();
        // Tera 2 checks filter names as it parses, so filters come first.
        register_filters(&mut tera, &locale);
        tera.set_escape_fn(crate::locale::escape_html);
        tera.global_context().insert("t", locale.tree());
        tera.set_fallback_prefixes([DEFAULT_PREFIX])?;
        tera.add_raw_templates(
            DEFAULT_TEMPLATES
                .iter()
                .map(|(n, t)| (format!("{DEFAULT_PREFIX}{n}"), *t)),
        )
        .context("parsing the built-in theme")?;
        let mut assets: Vec<(String, Vec<u8>)> = DEFAULT_ASSETS
            .iter()
            .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
            .collect();
        // Every template first, then one check of includes and inheritance: a template may use
        // one whose name sorts after its own.
        let mut templates: Vec<(std::path::PathBuf, String)> = Vec::new();
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
        {
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(&dir) else {
                continue;
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let rel_text = rel.to_string_lossy().replace('\\', "/");
            if let Some(name) = rel_text.strip_prefix("templates/") {
                templates.push((path.to_path_buf(), name.to_string()));
            } else if let Some(name) = rel_text.strip_prefix("static/") {
                let bytes =
                    std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                assets.retain(|(n, _)| n != name);
                assets.push((name.to_string(), bytes));
            }
        }
        tera.add_template_files(templates.iter().map(|(path, name)| (path, Some(name))))
            .with_context(|| format!("parsing the templates of {}", dir.display()))?;
        assets.sort();
        Ok(Theme {
            tera,
            assets,
            locale,
            prefix: String::new(),
            alternates: Vec::new(),
        })
    }

    /// Loads the theme once per edition: the first language at the site root, every other
    /// under a folder named after it (`en/`), each page linking to the others.
    pub fn editions(root: &Path, name: &str, languages: &[String]) -> Result<Vec<Theme>> {
        let mut themes = languages
            .iter()
            .enumerate()
            .map(|(i, lang)| {
                let mut theme = Theme::load(root, name, lang)?;
                if i > 0 {
                    theme.prefix = format!("{}/", lang.to_ascii_lowercase());
                }
                Ok(theme)
            })
            .collect::<Result<Vec<Theme>>>()?;
        let all: Vec<Edition> = themes.iter().map(Theme::edition).collect();
        for theme in &mut themes {
            theme.alternates = all
                .iter()
                .filter(|e| e.prefix != theme.prefix)
                .cloned()
                .collect();
        }
        Ok(themes)
    }

    /// This edition's interface text.
    pub fn locale(&self) -> &Locale {
        &self.locale
    }

    /// Where this edition's pages go under the site root: empty, or `en/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn edition(&self) -> Edition {
        Edition {
            lang: self.locale.tag.clone(),
            name: self.locale.text("language_name").to_string(),
            prefix: self.prefix.clone(),
        }
    }
}

/// Renders every page of the site and copies the theme's assets.
pub fn render(site: &Site, theme: &Theme) -> Result<Vec<Page>> {
    let wide = SiteWide::new(site, &theme.locale)?;
    let mut pages = site_pages(site, theme, &wide)?;
    pages.extend(city_pages(site, theme, wide.site_feed)?);
    // A safety net behind the reserved ids: two files at one path would silently lose one.
    let mut paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    paths.sort_unstable();
    if let Some(w) = paths.windows(2).find(|w| w[0] == w[1]) {
        bail!(
            "two files of the site would be written at {}: rename the city folder or theme file that produces it",
            w[0]
        );
    }
    Ok(pages)
}

/// What the site-wide pages need of every city, and every page of whether the site has a feed:
/// small, so a build can hold it while it has only one city's model in memory.
#[derive(Debug, Default)]
pub struct SiteWide {
    /// The cities on the index page, in order ([`CityCard`]s as the templates read them, so an
    /// incremental build can keep them for the cities it reuses).
    pub cards: Vec<Kept>,
    /// Every city's goals and KPIs, for the KPI list of the search page ([`view::KpiIndexCity`]).
    pub index: Vec<Kept>,
    /// Whether the site's Atom feed has an entry (some fiscal-year file has `published:`).
    pub site_feed: bool,
    /// The latest date any city's content changed (`City::last_updated`), for the footer of
    /// the site's own pages.
    pub updated: Option<String>,
}

impl SiteWide {
    /// Of every city of `site`, in language `t`.
    pub fn new(site: &Site, t: &Locale) -> Result<SiteWide> {
        let mut wide = SiteWide::default();
        for city in &site.cities {
            wide.add(city, t)?;
        }
        Ok(wide)
    }

    /// Adds a city (cities come in order).
    pub fn add(&mut self, city: &City, t: &Locale) -> Result<()> {
        self.cards.push(Kept::of(&CityCard::new(city, t))?);
        self.index.push(Kept::of(&view::KpiIndexCity::new(city))?);
        self.site_feed |= !city.published.is_empty();
        self.updated = self
            .updated
            .take()
            .max(city.last_updated().map(str::to_string));
        Ok(())
    }
}

/// A view as the templates read it, kept as JSON text: what an incremental build keeps of a city
/// it does not render again (in its manifest) and gives the site-wide templates as if it were the
/// view itself. Text, not a tree of values: a build of every government in the country reads,
/// holds and drops one string per city and page kind, not a value per field.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct Kept(Box<serde_json::value::RawValue>);

impl Kept {
    pub fn of(view: &impl Serialize) -> Result<Kept> {
        Ok(Kept(serde_json::value::to_raw_value(view)?))
    }

    /// The value of the view's field `name`, when it is a string.
    pub fn text(&self, name: &str) -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(self.0.get()).ok()?;
        value.get(name)?.as_str().map(str::to_string)
    }

    /// A city card's number of KPIs.
    fn kpi_count(&self) -> Option<u64> {
        let value: serde_json::Value = serde_json::from_str(self.0.get()).ok()?;
        value.get("counts")?.get("kpis")?.as_u64()
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Serialize for Kept {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value: serde_json::Value =
            serde_json::from_str(self.0.get()).map_err(serde::ser::Error::custom)?;
        Plain(&value).serialize(serializer)
    }
}

/// A JSON value with its numbers as numbers (serde_json's exact numbers would reach a template
/// as maps).
struct Plain<'a>(&'a serde_json::Value);

impl Serialize for Plain<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde_json::Value;
        match self.0 {
            Value::Null => serializer.serialize_none(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => serializer.serialize_u64(u),
                (_, Some(i), _) => serializer.serialize_i64(i),
                (_, _, Some(f)) => serializer.serialize_f64(f),
                _ => serializer.serialize_str(&n.to_string()),
            },
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => serializer.collect_seq(items.iter().map(Plain)),
            Value::Object(map) => serializer.collect_map(map.iter().map(|(k, v)| (k, Plain(v)))),
        }
    }
}

/// The pages of the whole site (index, accessibility statement, search) and the theme's assets;
/// `site` gives the configuration only, `wide` what the pages show of the cities.
pub fn site_pages(site: &Site, theme: &Theme, wide: &SiteWide) -> Result<Vec<Page>> {
    let mut pages: Vec<Page> = [Job::Index, Job::Accessibility, Job::Search]
        .par_iter()
        .map(|job| job.render(site, theme, wide, &Shared::default()))
        .collect::<Result<_>>()?;
    // Every edition uses the first one's assets.
    if theme.prefix.is_empty() {
        pages.extend(theme.assets.iter().map(|(name, bytes)| Page {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
        }));
    }
    Ok(pages)
}

/// Every page of the cities of `site`, and each KPI's chart file; `site_feed` says whether the
/// whole site has an Atom feed for the pages to link.
pub fn city_pages(site: &Site, theme: &Theme, site_feed: bool) -> Result<Vec<Page>> {
    let wide = SiteWide {
        site_feed,
        ..SiteWide::default()
    };
    let shared = Shared::of(site);
    let mut pages: Vec<Page> = city_jobs(site)
        .par_iter()
        .map(|job| job.render(site, theme, &wide, &shared))
        .collect::<Result<_>>()?;
    pages.extend(chart_files(site, theme, None));
    Ok(pages)
}

/// The page of `site`'s cities at `path`, or the chart file there, rendered alone: what
/// [`city_pages`] puts there. `None` when none of theirs is there.
pub fn city_page(site: &Site, theme: &Theme, site_feed: bool, path: &str) -> Option<Result<Page>> {
    let wide = SiteWide {
        site_feed,
        ..SiteWide::default()
    };
    match city_jobs(site)
        .into_iter()
        .find(|job| job.path(site) == path)
    {
        Some(job) => Some(job.render(site, theme, &wide, &Shared::of(site))),
        None => chart_files(site, theme, Some(path)).pop().map(Ok),
    }
}

/// The pages of every strategy of `site`'s cities, earlier ones at their own addresses (see
/// `view::city_href`).
fn city_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (c, current) in site.cities.iter().enumerate() {
        for city in current.generations() {
            let g = city.generation;
            jobs.push(Job::City(c, g));
            jobs.extend((0..city.goals.len()).map(|i| Job::Goal(c, g, i)));
            jobs.extend(
                (0..city.kpis.len())
                    .filter(|&k| view::has_own_page(current, g, k))
                    .map(|k| Job::Kpi(c, g, k)),
            );
            jobs.extend(city.years.iter().map(|&y| Job::Year(c, g, y)));
            jobs.extend(city.published.keys().map(|&y| Job::Edition(c, g, y)));
        }
    }
    jobs
}

/// Each KPI's chart as a file of its own, for download and share previews; with `only`, the
/// one at that path, if any.
fn chart_files(site: &Site, theme: &Theme, only: Option<&str>) -> Vec<Page> {
    let mut files = Vec::new();
    let wanted = |path: &String| only.is_none_or(|only| only == path);
    for current in &site.cities {
        for city in current.generations() {
            for (k, kpi) in city.kpis.iter().enumerate() {
                if !view::has_own_page(current, city.generation, k) {
                    continue;
                }
                let path = view::kpi_file(city, kpi, "svg");
                if wanted(&path)
                    && let Some(svg) = view::chart_file(city, kpi, &theme.locale)
                {
                    files.push(Page {
                        path,
                        bytes: compact::svg(svg).into_bytes(),
                    });
                }
                let path = view::kpi_file(city, kpi, "series.svg");
                if wanted(&path)
                    && let Some(svg) =
                        view::series_chart_file(current, city.generation, k, &theme.locale)
                {
                    files.push(Page {
                        path,
                        bytes: compact::svg(svg).into_bytes(),
                    });
                }
            }
        }
    }
    files
}

/// What several pages of a city's strategy show, each built when a page first asks for it and
/// then shared by the others, by city and strategy (as [`Job`] names them).
#[derive(Default)]
struct Shared(HashMap<(usize, usize), SharedCity>);

#[derive(Default)]
struct SharedCity {
    /// The city as its pages head it ([`CityView`]), as the templates read it.
    city: OnceLock<Value>,
    /// Each KPI as its own page shows it: the goal page and the fiscal-year reports list it
    /// made from that, and the page's share tags use its chart.
    kpis: Vec<OnceLock<SharedKpi>>,
}

/// A KPI as its own page shows it ([`KpiView::new`] without a year), and as the templates read
/// that: what the pages that list it show is made of the same values, the strings not copied.
struct SharedKpi {
    view: KpiView,
    value: Value,
}

impl SharedKpi {
    fn new(city: &City, k: KpiIx, t: &Locale) -> SharedKpi {
        let view = KpiView::new(city, k, None, t);
        let value = Value::from_serializable(&view);
        SharedKpi { view, value }
    }

    /// As the goal page lists it ([`KpiView::listed`] without a year): the table of every
    /// year left to its own page, and the latest year's commentary only.
    fn goal_listing(&self) -> Value {
        let empty = || Value::from(Vec::<Value>::new());
        let latest = self.commentary().first().cloned();
        self.with([
            (Key::Str("rows"), empty()),
            (Key::Str("footnotes"), empty()),
            (Key::Str("commentary"), Value::from(Vec::from_iter(latest))),
        ])
    }

    /// As fiscal year `year`'s report lists it ([`KpiView::listed`] of `year`): the year's
    /// figures and commentary, no chart.
    fn year_listing(&self, city: &City, k: KpiIx, year: FiscalYear, t: &Locale) -> Value {
        let figures = Value::from_serializable(&view::Figures::listed(city, k, year, t));
        let commentary: Vec<Value> = (self.view.commentary.iter())
            .zip(self.commentary())
            .filter(|(c, _)| c.year == year)
            .map(|(_, value)| value.clone())
            .collect();
        let figures = figures.as_map().into_iter().flatten();
        self.with(
            (figures.map(|(key, value)| (key.clone(), value.clone()))).chain([
                (Key::Str("commentary"), Value::from(commentary)),
                (Key::Str("chart"), Value::none()),
            ]),
        )
    }

    /// The commentary of every year, as the templates read it.
    fn commentary(&self) -> &[Value] {
        let value = self
            .value
            .as_map()
            .and_then(|m| m.get(&Key::Str("commentary")));
        value.and_then(Value::as_array).unwrap_or_default()
    }

    /// The view with `fields` instead of its fields of those names.
    fn with(&self, fields: impl IntoIterator<Item = (Key<'static>, Value)>) -> Value {
        let mut map = self.value.as_map().cloned().unwrap_or_default();
        map.extend(fields);
        Value::from(map)
    }
}

impl Shared {
    /// Room for the views of every city and strategy of `site`, none built yet.
    fn of(site: &Site) -> Shared {
        let mut shared = HashMap::new();
        for (c, current) in site.cities.iter().enumerate() {
            for city in current.generations() {
                let kpis = (0..city.kpis.len()).map(|_| OnceLock::new()).collect();
                let room = SharedCity {
                    city: OnceLock::new(),
                    kpis,
                };
                shared.insert((c, city.generation), room);
            }
        }
        Shared(shared)
    }

    /// City `c` under strategy `g` as its pages head it.
    fn city(&self, site: &Site, (c, g): (usize, usize), t: &Locale) -> Value {
        (self.room(c, g).city)
            .get_or_init(|| Value::from_serializable(&CityView::new(generation(site, c, g), t)))
            .clone()
    }

    /// KPI `k` of city `c` under strategy `g`, as its own page shows it.
    fn kpi(&self, site: &Site, (c, g): (usize, usize), k: KpiIx, t: &Locale) -> &SharedKpi {
        self.room(c, g).kpis[k].get_or_init(|| SharedKpi::new(generation(site, c, g), k, t))
    }

    /// City `c`'s room under strategy `g`: a city's pages are rendered with their site's
    /// [`Shared::of`].
    fn room(&self, c: usize, g: usize) -> &SharedCity {
        self.0.get(&(c, g)).expect("a room for every city")
    }
}

/// The most KPIs the search page lists one by one for readers without JavaScript (about
/// 200 KB of links); a site with more lists its governments instead.
const KPI_LIST_LIMIT: u64 = 2_000;

/// One page to render. A city's pages name the city and which of its strategies (an index
/// into `City::strategies`).
#[derive(Debug, Clone, Copy)]
enum Job {
    Index,
    Accessibility,
    Search,
    City(usize, usize),
    Goal(usize, usize, usize),
    Kpi(usize, usize, usize),
    Year(usize, usize, FiscalYear),
    /// A fiscal year's report as published (`published:`), later corrections undone.
    Edition(usize, usize, FiscalYear),
}

/// What every page's template sees besides its own data.
#[derive(Serialize)]
struct Common<'a> {
    site: SiteView<'a>,
    /// The way back to this edition's root from this page (`../../`), for relative links.
    root: String,
    /// The way back to the site root, where the files every edition shares are (style sheet,
    /// open data, search index, feeds); the same as `root` in the first edition.
    site_root: String,
    /// This page in the site's other editions (language links).
    alternates: Vec<Alternate>,
    path: &'a str,
    title: String,
    breadcrumbs: Vec<Crumb>,
    /// This page's absolute address (base URL and path), when the site has a base URL.
    url: Option<String>,
    /// What a shared link to this page shows, when the site has a base URL.
    share: Option<Share>,
    /// Atom feeds that concern this page (relative to the root), when the site has a base URL.
    feeds: Vec<Crumb>,
    footer: view::FooterView,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    language: &'a str,
    description: Option<&'a str>,
    base_url: Option<&'a str>,
}

/// Open Graph / Twitter card data: a description and, on KPI pages, the chart as an image.
#[derive(Serialize)]
struct Share {
    description: Option<String>,
    /// Absolute address of the image.
    image: Option<String>,
    image_alt: Option<String>,
}

/// This page in another edition.
#[derive(Serialize)]
struct Alternate {
    lang: String,
    /// The language's name in itself.
    name: String,
    href: String,
}

#[derive(Serialize)]
struct Crumb {
    name: String,
    href: String,
}

impl Job {
    fn render(self, site: &Site, theme: &Theme, wide: &SiteWide, shared: &Shared) -> Result<Page> {
        let path = self.path(site);
        let (template, title, crumbs, mut data) = self.data(site, wide, shared, &theme.locale);
        let t = &theme.locale;
        let base_url = site.config.base_url.as_deref();
        let city = self.city().map(|(c, g)| generation(site, c, g));
        data.insert("strategy_notice", &city.and_then(view::strategy_notice));
        let share =
            base_url.map(|base| self.share(site, shared, &format!("{base}{}", theme.prefix), t));
        // A feed is made only when it has an entry: a fiscal-year file with `published:`.
        let feeds = match base_url {
            None => Vec::new(),
            Some(_) => city
                .filter(|city| !city.published.is_empty())
                .map(|city| Crumb {
                    name: t.fill("feed.city_link", &[("city", &city.name)]),
                    href: view::feed_href(Some(city)),
                })
                .into_iter()
                .chain(wide.site_feed.then(|| Crumb {
                    name: t.fill("feed.site_link", &[("site", &site.config.title)]),
                    href: view::feed_href(None),
                }))
                .collect(),
        };
        let root = "../".repeat(path.matches('/').count());
        let site_root = format!("{root}{}", "../".repeat(theme.prefix.matches('/').count()));
        let alternates = theme
            .alternates
            .iter()
            .map(|e| Alternate {
                lang: e.lang.clone(),
                name: e.name.clone(),
                href: format!("{site_root}{}{path}", e.prefix),
            })
            .collect();
        let common = Common {
            site: SiteView {
                title: &site.config.title,
                language: &t.tag,
                description: site.config.description.as_deref(),
                base_url,
            },
            root,
            site_root,
            alternates,
            path: &path,
            title,
            breadcrumbs: crumbs,
            url: base_url.map(|base| format!("{base}{}{path}", theme.prefix)),
            share,
            feeds,
            footer: view::FooterView::new(site, city, wide.updated.as_deref(), t),
        };
        let mut context = Context::from_serialize(&common)?;
        context.extend(data);
        let html = theme
            .tera
            .render(template, &context)
            .with_context(|| format!("rendering {path} with template {template}"))?;
        let bytes = compact::links(compact::html(html), &common.root, &path).into_bytes();
        Ok(Page { path, bytes })
    }

    /// The city and strategy the page belongs to, if any.
    fn city(self) -> Option<(usize, usize)> {
        match self {
            Job::Index | Job::Accessibility | Job::Search => None,
            Job::City(c, g)
            | Job::Goal(c, g, _)
            | Job::Kpi(c, g, _)
            | Job::Year(c, g, _)
            | Job::Edition(c, g, _) => Some((c, g)),
        }
    }

    /// What a shared link shows: the site's description, or on a KPI page the sentence that
    /// describes its chart, and the chart file as the image.
    fn share(self, site: &Site, shared: &Shared, base: &str, t: &Locale) -> Share {
        let description = site.config.description.clone();
        match self {
            Job::Kpi(c, g, k) => {
                let city = generation(site, c, g);
                let kpi = &city.kpis[k];
                match &shared.kpi(site, (c, g), k, t).view.chart {
                    Some(chart) => Share {
                        description: Some(chart.description.clone()),
                        image: Some(format!("{base}{}", view::kpi_file(city, kpi, "svg"))),
                        image_alt: Some(chart.title.clone()),
                    },
                    None => Share {
                        description: Some(t.fill(
                            "chart.share_description",
                            &[("kpi", &kpi.name), ("city", &city.name)],
                        )),
                        image: None,
                        image_alt: None,
                    },
                }
            }
            Job::Index
            | Job::Accessibility
            | Job::Search
            | Job::City(..)
            | Job::Goal(..)
            | Job::Year(..)
            | Job::Edition(..) => Share {
                description,
                image: None,
                image_alt: None,
            },
        }
    }

    /// Where the page goes.
    fn path(self, site: &Site) -> String {
        match self {
            Job::Index => "index.html".into(),
            Job::Accessibility => view::ACCESSIBILITY_HREF.into(),
            Job::Search => view::SEARCH_HREF.into(),
            Job::City(c, g) => city_href(generation(site, c, g)),
            Job::Goal(c, g, i) => {
                let city = generation(site, c, g);
                goal_href(city, &city.goals[i])
            }
            Job::Kpi(c, g, k) => {
                let city = generation(site, c, g);
                kpi_href(city, &city.kpis[k])
            }
            Job::Year(c, g, year) => year_href(generation(site, c, g), year),
            Job::Edition(c, g, year) => {
                let city = generation(site, c, g);
                let published = city.published.get(&year).map_or("", String::as_str);
                crate::edition::href(city, year, published)
            }
        }
    }

    /// The page's template, title, breadcrumbs (after the site root) and own data.
    fn data(
        self,
        site: &Site,
        wide: &SiteWide,
        shared: &Shared,
        t: &Locale,
    ) -> (&'static str, String, Vec<Crumb>, Context) {
        let mut context = Context::new();
        let city_crumb = |city: &City| Crumb {
            // An earlier strategy's pages lead back to that strategy's overview.
            name: match city.is_superseded() {
                true => format!("{}（{}）", city.name, city.strategy.name),
                false => city.name.clone(),
            },
            href: city_href(city),
        };
        match self {
            Job::Index => {
                context.insert("cities", &wide.cards);
                // 市区町村 names municipalities only; with a prefecture listed, 掲載団体.
                context.insert(
                    "lists_prefecture",
                    &wide.cards.iter().any(|c| {
                        c.text("kind").as_deref()
                            == Some(crate::terms::GovernmentKind::Prefecture.ja())
                    }),
                );
                ("index.html", site.config.title.clone(), vec![], context)
            }
            Job::Accessibility => {
                context.insert(
                    "statement",
                    &view::Statement::new(&site.config.accessibility, t),
                );
                let title = t.text("accessibility.title").to_string();
                let crumbs = vec![Crumb {
                    name: title.clone(),
                    href: view::ACCESSIBILITY_HREF.into(),
                }];
                ("accessibility.html", title, crumbs, context)
            }
            Job::Search => {
                // Every KPI without JavaScript, unless there are so many that the page would be
                // megabytes (a national site): then the governments, whose pages lead to theirs.
                let kpis: u64 = wide.cards.iter().filter_map(Kept::kpi_count).sum();
                match kpis <= KPI_LIST_LIMIT {
                    true => context.insert("cities", &wide.index),
                    false => {
                        context.insert("cities", &wide.cards);
                        context.insert("by_government", &true);
                    }
                }
                let title = t.text("search.title").to_string();
                let crumbs = vec![Crumb {
                    name: title.clone(),
                    href: view::SEARCH_HREF.into(),
                }];
                ("search.html", title, crumbs, context)
            }
            Job::City(c, g) => {
                let city = generation(site, c, g);
                context.insert_value("city", shared.city(site, (c, g), t));
                context.insert("overview", &CityOverview::new(city, t));
                context.insert("strategies", &view::strategy_list(city));
                (
                    "city.html",
                    format!("{} {}", city.name, city.strategy.name),
                    vec![city_crumb(city)],
                    context,
                )
            }
            Job::Goal(c, g, i) => {
                let city = generation(site, c, g);
                let goal = &city.goals[i];
                let view = GoalView::listing(city, goal, None, t, &|k| {
                    shared.kpi(site, (c, g), k, t).goal_listing()
                });
                let title = goal.heading();
                context.insert_value("city", shared.city(site, (c, g), t));
                context.insert("goal", &view);
                let crumbs = vec![
                    city_crumb(city),
                    Crumb {
                        name: title.clone(),
                        href: goal_href(city, goal),
                    },
                ];
                (
                    "goal.html",
                    t.fill("site.page_title", &[("page", &title), ("city", &city.name)]),
                    crumbs,
                    context,
                )
            }
            Job::Kpi(c, g, k) => {
                let city = generation(site, c, g);
                let kpi = &city.kpis[k];
                let goal = &city.goals[kpi.goal];
                context.insert_value("city", shared.city(site, (c, g), t));
                context.insert_value("kpi", shared.kpi(site, (c, g), k, t).value.clone());
                context.insert("series", &view::series_view(&site.cities[c], g, k, t));
                // The page stands for the earlier KPIs carried on under its id too.
                let corrections: Vec<view::CorrectionView> = view::same_page(&site.cities[c], g, k)
                    .into_iter()
                    .flat_map(|(each, k)| view::corrections(each, each.corrections_of(k), t))
                    .collect();
                context.insert("corrections", &corrections);
                let crumbs = vec![
                    city_crumb(city),
                    Crumb {
                        name: goal.heading(),
                        href: goal_href(city, goal),
                    },
                    Crumb {
                        name: kpi.name.clone(),
                        href: kpi_href(city, kpi),
                    },
                ];
                (
                    "kpi.html",
                    t.fill(
                        "site.page_title",
                        &[("page", &kpi.name), ("city", &city.name)],
                    ),
                    crumbs,
                    context,
                )
            }
            Job::Year(c, g, year) => {
                let city = generation(site, c, g);
                let kpi = |k| {
                    shared
                        .kpi(site, (c, g), k, t)
                        .year_listing(city, k, year, t)
                };
                let goals: Vec<GoalView<Value>> = city
                    .goals
                    .iter()
                    .map(|goal| GoalView::listing(city, goal, Some(year), t, &kpi))
                    .collect();
                context.insert_value("city", shared.city(site, (c, g), t));
                context.insert("year", &year);
                context.insert("goals", &goals);
                context.insert("table", &YearTable::new(city, year, t));
                context.insert("counts", &city.counts());
                context.insert("publication", &PublicationView::new(city, year, t));
                let title = t.fill("year.report", &[("year", &t.fiscal_year(year))]);
                let crumbs = vec![
                    city_crumb(city),
                    Crumb {
                        name: title.clone(),
                        href: year_href(city, year),
                    },
                ];
                (
                    "year.html",
                    t.fill("site.page_title", &[("page", &title), ("city", &city.name)]),
                    crumbs,
                    context,
                )
            }
            Job::Edition(c, g, year) => {
                let current = generation(site, c, g);
                // The report as it stood: later years left out, corrections undone.
                let city = current.as_published(year);
                let goals: Vec<GoalView> = city
                    .goals
                    .iter()
                    .map(|g| GoalView::new(&city, g, Some(year), t))
                    .collect();
                let publication = PublicationView::new(current, year, t);
                let date_ja = publication
                    .as_ref()
                    .map(|p| p.date_ja.clone())
                    .unwrap_or_default();
                let href = publication
                    .as_ref()
                    .map(|p| p.edition_href.clone())
                    .unwrap_or_default();
                // The frozen city, so even the list of years does not grow with later ones.
                context.insert("city", &CityView::new(&city, t));
                context.insert("year", &year);
                context.insert("goals", &goals);
                context.insert("table", &YearTable::new(&city, year, t));
                context.insert("counts", &city.counts());
                context.insert("publication", &publication);
                context.insert("edition", &true);
                let report = t.fill("year.report", &[("year", &t.fiscal_year(year))]);
                let edition = t.fill("year.edition", &[("date", &date_ja)]);
                let title = format!("{report}{}", t.fill("paren", &[("text", &edition)]));
                let crumbs = vec![
                    city_crumb(current),
                    Crumb {
                        name: report,
                        href: year_href(current, year),
                    },
                    Crumb {
                        name: edition,
                        href: href.clone(),
                    },
                ];
                (
                    "year.html",
                    t.fill(
                        "site.page_title",
                        &[("page", &title), ("city", &current.name)],
                    ),
                    crumbs,
                    context,
                )
            }
        }
    }
}

/// City `c` under its strategy `g`.
fn generation(site: &Site, c: usize, g: usize) -> &City {
    let city = &site.cities[c];
    city.generation(g).unwrap_or(city)
}

/// Our filters, in the edition's language: figures and fiscal years, the same on every page;
/// `fill` for interface text with `{placeholders}`; `content` and `content_block` for text
/// the city wrote, marked as Japanese in an edition of another language; `column_labels` for a
/// table's column names in the phone layout.
fn register_filters(tera: &mut Tera, locale: &Arc<Locale>) {
    tera.register_filter("column_labels", |labels: &Value, _: Kwargs, _: &State| {
        Value::safe_string(&column_labels(labels))
    });
    let l = Arc::clone(locale);
    tera.register_filter("figure", move |value: &Value, _: Kwargs, _: &State| {
        figure_html(value, &l)
    });
    let l = Arc::clone(locale);
    tera.register_filter("fy", move |year: i64, _: Kwargs, _: &State| {
        l.fiscal_year_label(year_arg(year))
    });
    let l = Arc::clone(locale);
    tera.register_filter("fy_ja", move |year: i64, _: Kwargs, _: &State| {
        l.fiscal_year(year_arg(year))
    });
    let l = Arc::clone(locale);
    tera.register_filter("fy_short", move |year: i64, _: Kwargs, _: &State| {
        l.fiscal_year_short(year_arg(year))
    });
    let l = Arc::clone(locale);
    tera.register_filter("fill", move |text: &str, kwargs: Kwargs, _: &State| {
        fill_html(text, &kwargs, &l)
    });
    let l = Arc::clone(locale);
    tera.register_filter(
        "content",
        move |value: &Value, _: Kwargs, _: &State| match value.as_str() {
            Some(text) if !l.is_content_language() => Value::safe_string(&l.content_html(text)),
            _ => value.clone(),
        },
    );
    let l = Arc::clone(locale);
    tera.register_filter(
        "content_block",
        move |value: &Value, _: Kwargs, _: &State| {
            let html = value.as_str().unwrap_or_default();
            if l.is_content_language() || html.is_empty() {
                Value::safe_string(html)
            } else {
                Value::safe_string(&format!(
                    "<div lang=\"{}\">{html}</div>",
                    crate::locale::CONTENT_LANGUAGE
                ))
            }
        },
    );
}

/// Interface text (HTML, from the locale file) with its `{placeholders}` filled: HTML as is,
/// anything else escaped and, if it is Japanese content in another language's edition, marked.
fn fill_html(text: &str, kwargs: &Kwargs, locale: &Locale) -> Value {
    let values: Vec<(String, String)> = kwargs
        .iter()
        .map(|(key, value)| {
            let shown = if value.is_none() || value.is_undefined() {
                String::new()
            } else if let Some(text) = value.as_str() {
                if value.is_safe() {
                    text.to_string()
                } else {
                    locale.content_html(text)
                }
            } else {
                crate::locale::escape(&value.to_string())
            };
            (key.to_string(), shown)
        })
        .collect();
    let args: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Value::safe_string(&crate::locale::fill(text, &args))
}

fn year_arg(year: i64) -> FiscalYear {
    FiscalYear::try_from(year).unwrap_or_default()
}

/// A table's column names as the custom properties `--l1`, `--l2`, … of its `style`
/// attribute (`--l1:'目標値';--l2:'実績値'`), which `style.css` shows before the cells of each
/// column when the table is laid out as cards on a phone: stated once a table instead of on
/// every cell. Each item is a name, a list of names, or none for a column the table leaves out.
/// The names are escaped for a CSS string, then for the HTML attribute.
fn column_labels(labels: &Value) -> String {
    let mut names: Vec<String> = Vec::new();
    for item in labels.as_array().unwrap_or_default() {
        match item.as_array() {
            Some(list) => names.extend(list.iter().map(label_text)),
            None if item.is_none() || item.is_undefined() => {}
            None => names.push(label_text(item)),
        }
    }
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(&format!("--l{}:'", i + 1));
        for c in name.chars() {
            match c {
                '\\' | '\'' => {
                    out.push('\\');
                    out.push(c);
                }
                '\n' | '\r' | '\t' => out.push(' '),
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
        out.push('\'');
    }
    out
}

/// A column name as text (a number, such as a year, as written).
fn label_text(value: &Value) -> String {
    value
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| value.to_string())
}

/// A figure for display: separators, and the sign for negatives (△) with its spoken form for
/// screen readers. `none` (no figure) renders as nothing; the template says why.
pub fn figure_html(value: &Value, locale: &Locale) -> Value {
    let Some(text) = value.as_str() else {
        return Value::safe_string("");
    };
    let Ok(figure) = Figure::parse(text) else {
        return Value::normal_string(text);
    };
    let shown = figure.display();
    let html = match shown.strip_prefix('△') {
        Some(rest) => format!(
            "<span class=\"neg\"><span aria-hidden=\"true\">{}</span><span class=\"sr-only\">{}</span>{rest}</span>",
            locale.text("format.negative"),
            locale.text("format.negative_spoken"),
        ),
        None => shown,
    };
    Value::safe_string(&html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_labels_number_the_columns_shown_and_escape_names() {
        let labels = Value::from_serializable(&serde_json::json!([
            "目標値",
            null,
            "it's \\ <b>\"x\"</b>\n",
            ["達成度", "評価"]
        ]));
        assert_eq!(
            column_labels(&labels),
            "--l1:'目標値';--l2:'it\\'s \\\\ &lt;b&gt;&quot;x&quot;&lt;/b&gt; ';--l3:'達成度';--l4:'評価'"
        );
    }

    #[test]
    fn figure_filter_formats_and_speaks_negatives() {
        let ja = Locale::built_in("ja");
        assert_eq!(
            figure_html(&Value::from("1168.5"), &ja).as_str(),
            Some("1,168.5")
        );
        assert_eq!(
            figure_html(&Value::from("-7.77"), &ja).as_str(),
            Some(
                "<span class=\"neg\"><span aria-hidden=\"true\">△</span><span class=\"sr-only\">マイナス</span>7.77</span>"
            )
        );
        assert_eq!(
            figure_html(&Value::from("-7.77"), &Locale::built_in("en")).as_str(),
            Some(
                "<span class=\"neg\"><span aria-hidden=\"true\">−</span><span class=\"sr-only\">minus </span>7.77</span>"
            )
        );
        assert_eq!(figure_html(&Value::none(), &ja).as_str(), Some(""));
    }

    /// The listings made from a KPI page's view are the views built for the listing itself,
    /// for every KPI and fiscal year of the sample and of every fixture.
    #[test]
    fn listings_from_the_kpi_page_view_are_the_listed_views() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let t = Locale::built_in("ja");
        let fixtures = std::fs::read_dir(root.join("tests/fixtures")).unwrap();
        let mut dirs: Vec<std::path::PathBuf> = fixtures
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("content").is_dir())
            .collect();
        dirs.push(root.to_path_buf());
        let mut compared = [0, 0];
        for dir in dirs {
            let site = crate::check(&dir, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e:#}", dir.display()))
                .site;
            for current in &site.cities {
                for city in current.generations() {
                    for k in 0..city.kpis.len() {
                        let own = SharedKpi::new(city, k, &t);
                        let what = format!("{} {} {}", dir.display(), city.id, city.kpis[k].id);
                        let listed = KpiView::listed(city, k, None, &t);
                        assert_eq!(
                            own.goal_listing(),
                            Value::from_serializable(&listed),
                            "{what}"
                        );
                        compared[0] += 1;
                        for year in city.strategy.years() {
                            let listed = KpiView::listed(city, k, Some(year), &t);
                            let from_own = own.year_listing(city, k, year, &t);
                            assert_eq!(
                                from_own,
                                Value::from_serializable(&listed),
                                "{what} {year}"
                            );
                            compared[1] += usize::from(!listed.commentary.is_empty());
                        }
                    }
                }
            }
        }
        // KPIs, and KPI-years with commentary.
        assert!(compared[0] > 100 && compared[1] > 50, "{compared:?}");
    }

    #[test]
    fn theme_templates_may_include_templates_named_after_them() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("themes/own/templates");
        std::fs::create_dir_all(&templates).unwrap();
        let base = include_str!("../../themes/default/templates/base.html").replacen(
            "{% block content %}",
            "{% include \"zz-partial.html\" %}{% block content %}",
            1,
        );
        assert_ne!(
            base,
            include_str!("../../themes/default/templates/base.html")
        );
        std::fs::write(templates.join("base.html"), base).unwrap();
        std::fs::write(templates.join("zz-partial.html"), "<p>独自の部品</p>").unwrap();
        let theme =
            Theme::load(dir.path(), "own", "ja").expect("includes resolve after all are read");
        let partial = theme
            .tera
            .render("zz-partial.html", &Context::new())
            .unwrap();
        assert_eq!(partial, "<p>独自の部品</p>");
    }
}

//! `render`: every page of the site, each from the model alone, in parallel.
//!
//! No page reads another page's output, so pages can be rendered in any order and a later
//! incremental build can render any subset.

mod compact;
pub mod view;

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::era::{FiscalYear, fiscal_year_ja, fiscal_year_label, fiscal_year_short};
use crate::figure::Figure;
use crate::model::{City, Site};
use crate::output::Page;
use view::{
    CityCard, CityOverview, CityView, GoalView, KpiView, PublicationView, YearTable, city_href,
    goal_href, kpi_href, year_href,
};

/// The templates and static files of a theme.
pub struct Theme {
    tera: Tera,
    assets: Vec<(String, Vec<u8>)>,
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
    "corrections.html",
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
    /// Loads theme `name`: templates and static files in `root/themes/<name>/` override the
    /// built-in default theme's, file by file.
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let dir = root.join("themes").join(name);
        if name != "default" && !dir.is_dir() {
            bail!(
                "theme `{name}` not found: expected a folder {}",
                dir.display()
            );
        }
        let mut tera = Tera::default();
        // Tera 2 checks filter names as it parses, so filters come first.
        register_filters(&mut tera);
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
        Ok(Theme { tera, assets })
    }
}

/// Renders every page of the site and copies the theme's assets.
pub fn render(site: &Site, theme: &Theme) -> Result<Vec<Page>> {
    let wide = SiteWide::new(site);
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
    /// The cities on the index page, in order.
    pub cards: Vec<CityCard>,
    /// Every city's goals and KPIs, for the KPI list of the search page.
    pub index: Vec<view::KpiIndexCity>,
    /// Whether the site's Atom feed has an entry (some fiscal-year file has `published:`).
    pub site_feed: bool,
    /// The latest date any city's content changed (`City::last_updated`), for the footer of
    /// the site's own pages.
    pub updated: Option<String>,
}

impl SiteWide {
    /// Of every city of `site`.
    pub fn new(site: &Site) -> SiteWide {
        let mut wide = SiteWide::default();
        for city in &site.cities {
            wide.add(city);
        }
        wide
    }

    /// Adds a city (cities come in order).
    pub fn add(&mut self, city: &City) {
        self.cards.push(CityCard::new(city));
        self.index.push(view::KpiIndexCity::new(city));
        self.site_feed |= !city.published.is_empty();
        self.updated = self
            .updated
            .take()
            .max(city.last_updated().map(str::to_string));
    }
}

/// The pages of the whole site (index, accessibility statement, search) and the theme's assets;
/// `site` gives the configuration only, `wide` what the pages show of the cities.
pub fn site_pages(site: &Site, theme: &Theme, wide: &SiteWide) -> Result<Vec<Page>> {
    let mut pages: Vec<Page> = [Job::Index, Job::Accessibility, Job::Search]
        .par_iter()
        .map(|job| job.render(site, theme, wide))
        .collect::<Result<_>>()?;
    pages.extend(theme.assets.iter().map(|(name, bytes)| Page {
        path: format!("assets/{name}"),
        bytes: bytes.clone(),
    }));
    Ok(pages)
}

/// Every page of the cities of `site`, and each KPI's chart file; `site_feed` says whether the
/// whole site has an Atom feed for the pages to link.
pub fn city_pages(site: &Site, theme: &Theme, site_feed: bool) -> Result<Vec<Page>> {
    let wide = SiteWide {
        site_feed,
        ..SiteWide::default()
    };
    let mut jobs = Vec::new();
    for (c, city) in site.cities.iter().enumerate() {
        jobs.push(Job::City(c));
        jobs.extend((0..city.goals.len()).map(|g| Job::Goal(c, g)));
        jobs.extend((0..city.kpis.len()).map(|k| Job::Kpi(c, k)));
        jobs.extend(city.years.iter().map(|&y| Job::Year(c, y)));
        jobs.extend(city.published.keys().map(|&y| Job::Edition(c, y)));
    }
    let mut pages: Vec<Page> = jobs
        .par_iter()
        .map(|job| job.render(site, theme, &wide))
        .collect::<Result<_>>()?;
    // Each KPI's chart as a file of its own, for download and share previews.
    for city in &site.cities {
        for kpi in &city.kpis {
            if let Some(svg) = view::chart_file(city, kpi) {
                pages.push(Page {
                    path: view::kpi_file(city, kpi, "svg"),
                    bytes: compact::svg(svg).into_bytes(),
                });
            }
        }
    }
    Ok(pages)
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Index,
    Accessibility,
    Search,
    City(usize),
    Goal(usize, usize),
    Kpi(usize, usize),
    Year(usize, FiscalYear),
    /// A fiscal year's report as published (`published:`), later corrections undone.
    Edition(usize, FiscalYear),
}

/// What every page's template sees besides its own data.
#[derive(Serialize)]
struct Common<'a> {
    site: SiteView<'a>,
    /// The way back to the site root from this page (`../../`), for relative links.
    root: String,
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

#[derive(Serialize)]
struct Crumb {
    name: String,
    href: String,
}

impl Job {
    fn render(self, site: &Site, theme: &Theme, wide: &SiteWide) -> Result<Page> {
        let (path, template, title, crumbs, data) = self.data(site, wide);
        let base_url = site.config.base_url.as_deref();
        let city = self.city().map(|c| &site.cities[c]);
        let share = base_url.map(|base| self.share(site, base));
        // A feed is made only when it has an entry: a fiscal-year file with `published:`.
        let feeds = match base_url {
            None => Vec::new(),
            Some(_) => city
                .filter(|city| !city.published.is_empty())
                .map(|city| Crumb {
                    name: format!("{}の実績報告（Atom）", city.name),
                    href: view::feed_href(Some(city)),
                })
                .into_iter()
                .chain(wide.site_feed.then(|| Crumb {
                    name: format!("{}（Atom）", site.config.title),
                    href: view::feed_href(None),
                }))
                .collect(),
        };
        let common = Common {
            site: SiteView {
                title: &site.config.title,
                language: &site.config.language,
                description: site.config.description.as_deref(),
                base_url,
            },
            root: "../".repeat(path.matches('/').count()),
            path: &path,
            title,
            breadcrumbs: crumbs,
            url: base_url.map(|base| format!("{base}{path}")),
            share,
            feeds,
            footer: view::FooterView::new(site, city, wide.updated.as_deref()),
        };
        let mut context = Context::from_serialize(&common)?;
        context.extend(data);
        let html = theme
            .tera
            .render(template, &context)
            .with_context(|| format!("rendering {path} with template {template}"))?;
        Ok(Page {
            path,
            bytes: compact::html(html).into_bytes(),
        })
    }

    /// The city the page belongs to, if any.
    fn city(self) -> Option<usize> {
        match self {
            Job::Index | Job::Accessibility | Job::Search => None,
            Job::City(c)
            | Job::Goal(c, _)
            | Job::Kpi(c, _)
            | Job::Year(c, _)
            | Job::Edition(c, _) => Some(c),
        }
    }

    /// What a shared link shows: the site's description, or on a KPI page the sentence that
    /// describes its chart, and the chart file as the image.
    fn share(self, site: &Site, base: &str) -> Share {
        let description = site.config.description.clone();
        match self {
            Job::Kpi(c, k) => {
                let city = &site.cities[c];
                let kpi = &city.kpis[k];
                match view::chart_view(city, kpi) {
                    Some(chart) => Share {
                        description: Some(chart.description),
                        image: Some(format!("{base}{}", view::kpi_file(city, kpi, "svg"))),
                        image_alt: Some(chart.title),
                    },
                    None => Share {
                        description: Some(format!("{}（{}）の目標値と実績値", kpi.name, city.name)),
                        image: None,
                        image_alt: None,
                    },
                }
            }
            Job::Index
            | Job::Accessibility
            | Job::Search
            | Job::City(_)
            | Job::Goal(..)
            | Job::Year(..)
            | Job::Edition(..) => Share {
                description,
                image: None,
                image_alt: None,
            },
        }
    }

    /// The page's path, template, title, breadcrumbs (after the site root) and own data.
    fn data(
        self,
        site: &Site,
        wide: &SiteWide,
    ) -> (String, &'static str, String, Vec<Crumb>, Context) {
        let mut context = Context::new();
        let city_crumb = |city: &City| Crumb {
            name: city.name.clone(),
            href: city_href(city),
        };
        match self {
            Job::Index => {
                context.insert("cities", &wide.cards);
                // 市区町村 names municipalities only; with a prefecture listed, 掲載団体.
                context.insert(
                    "lists_prefecture",
                    &wide
                        .cards
                        .iter()
                        .any(|c| c.city.kind == crate::terms::GovernmentKind::Prefecture.ja()),
                );
                (
                    "index.html".into(),
                    "index.html",
                    site.config.title.clone(),
                    vec![],
                    context,
                )
            }
            Job::Accessibility => {
                context.insert(
                    "statement",
                    &view::Statement::new(&site.config.accessibility),
                );
                let title = "アクセシビリティ方針".to_string();
                let crumbs = vec![Crumb {
                    name: title.clone(),
                    href: view::ACCESSIBILITY_HREF.into(),
                }];
                (
                    view::ACCESSIBILITY_HREF.into(),
                    "accessibility.html",
                    title,
                    crumbs,
                    context,
                )
            }
            Job::Search => {
                context.insert("cities", &wide.index);
                let title = "指標一覧・サイト内検索".to_string();
                let crumbs = vec![Crumb {
                    name: title.clone(),
                    href: view::SEARCH_HREF.into(),
                }];
                (
                    view::SEARCH_HREF.into(),
                    "search.html",
                    title,
                    crumbs,
                    context,
                )
            }
            Job::City(c) => {
                let city = &site.cities[c];
                context.insert("city", &CityView::new(city));
                context.insert("overview", &CityOverview::new(city));
                (
                    city_href(city),
                    "city.html",
                    format!("{} {}", city.name, city.strategy.name),
                    vec![city_crumb(city)],
                    context,
                )
            }
            Job::Goal(c, g) => {
                let city = &site.cities[c];
                let goal = &city.goals[g];
                let view = GoalView::new(city, goal, None);
                let title = goal.heading();
                context.insert("city", &CityView::new(city));
                context.insert("goal", &view);
                let crumbs = vec![
                    city_crumb(city),
                    Crumb {
                        name: title.clone(),
                        href: goal_href(city, goal),
                    },
                ];
                (
                    goal_href(city, goal),
                    "goal.html",
                    format!("{title}｜{}", city.name),
                    crumbs,
                    context,
                )
            }
            Job::Kpi(c, k) => {
                let city = &site.cities[c];
                let kpi = &city.kpis[k];
                let goal = &city.goals[kpi.goal];
                context.insert("city", &CityView::new(city));
                context.insert("kpi", &KpiView::new(city, k, None));
                context.insert(
                    "corrections",
                    &view::corrections(city, city.corrections_of(k)),
                );
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
                    kpi_href(city, kpi),
                    "kpi.html",
                    format!("{}｜{}", kpi.name, city.name),
                    crumbs,
                    context,
                )
            }
            Job::Year(c, year) => {
                let city = &site.cities[c];
                let goals: Vec<GoalView> = city
                    .goals
                    .iter()
                    .map(|g| GoalView::new(city, g, Some(year)))
                    .collect();
                context.insert("city", &CityView::new(city));
                context.insert("year", &year);
                context.insert("goals", &goals);
                context.insert("table", &YearTable::new(city, year));
                context.insert("counts", &city.counts());
                context.insert("publication", &PublicationView::new(city, year));
                let title = format!("{} 実績報告", fiscal_year_ja(year));
                let crumbs = vec![
                    city_crumb(city),
                    Crumb {
                        name: title.clone(),
                        href: year_href(city, year),
                    },
                ];
                (
                    year_href(city, year),
                    "year.html",
                    format!("{title}｜{}", city.name),
                    crumbs,
                    context,
                )
            }
            Job::Edition(c, year) => {
                let current = &site.cities[c];
                // The report as it stood: later years left out, corrections undone.
                let city = current.as_published(year);
                let goals: Vec<GoalView> = city
                    .goals
                    .iter()
                    .map(|g| GoalView::new(&city, g, Some(year)))
                    .collect();
                let publication = PublicationView::new(current, year);
                let date_ja = publication
                    .as_ref()
                    .map(|p| p.date_ja.clone())
                    .unwrap_or_default();
                let href = publication
                    .as_ref()
                    .map(|p| p.edition_href.clone())
                    .unwrap_or_default();
                // The frozen city, so even the list of years does not grow with later ones.
                context.insert("city", &CityView::new(&city));
                context.insert("year", &year);
                context.insert("goals", &goals);
                context.insert("table", &YearTable::new(&city, year));
                context.insert("counts", &city.counts());
                context.insert("publication", &publication);
                context.insert("edition", &true);
                let report = format!("{} 実績報告", fiscal_year_ja(year));
                let title = format!("{report}（{date_ja}公表版）");
                let crumbs = vec![
                    city_crumb(current),
                    Crumb {
                        name: report,
                        href: year_href(current, year),
                    },
                    Crumb {
                        name: format!("{date_ja}公表版"),
                        href: href.clone(),
                    },
                ];
                (
                    href,
                    "year.html",
                    format!("{title}｜{}", current.name),
                    crumbs,
                    context,
                )
            }
        }
    }
}

/// Our formatting filters: figures and fiscal years, the same on every page.
fn register_filters(tera: &mut Tera) {
    tera.register_filter("figure", |value: &Value, _: Kwargs, _: &State| {
        figure_html(value)
    });
    tera.register_filter("fy", |year: i64, _: Kwargs, _: &State| {
        fiscal_year_label(year_arg(year))
    });
    tera.register_filter("fy_ja", |year: i64, _: Kwargs, _: &State| {
        fiscal_year_ja(year_arg(year))
    });
    tera.register_filter("fy_short", |year: i64, _: Kwargs, _: &State| {
        fiscal_year_short(year_arg(year))
    });
}

fn year_arg(year: i64) -> FiscalYear {
    FiscalYear::try_from(year).unwrap_or_default()
}

/// A figure for display: separators, and △ with its spoken form for screen readers. `none`
/// (no figure) renders as nothing; the template says why.
pub fn figure_html(value: &Value) -> Value {
    let Some(text) = value.as_str() else {
        return Value::safe_string("");
    };
    let Ok(figure) = Figure::parse(text) else {
        return Value::normal_string(text);
    };
    let shown = figure.display();
    let html = match shown.strip_prefix('△') {
        Some(rest) => format!(
            "<span class=\"neg\"><span aria-hidden=\"true\">△</span><span class=\"sr-only\">マイナス</span>{rest}</span>"
        ),
        None => shown,
    };
    Value::safe_string(&html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_filter_formats_and_speaks_negatives() {
        assert_eq!(
            figure_html(&Value::from("1168.5")).as_str(),
            Some("1,168.5")
        );
        assert_eq!(
            figure_html(&Value::from("-7.77")).as_str(),
            Some(
                "<span class=\"neg\"><span aria-hidden=\"true\">△</span><span class=\"sr-only\">マイナス</span>7.77</span>"
            )
        );
        assert_eq!(figure_html(&Value::none()).as_str(), Some(""));
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
        let theme = Theme::load(dir.path(), "own").expect("includes resolve after all are read");
        let partial = theme
            .tera
            .render("zz-partial.html", &Context::new())
            .unwrap();
        assert_eq!(partial, "<p>独自の部品</p>");
    }
}

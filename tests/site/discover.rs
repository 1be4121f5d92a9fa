//! What needs the base URL (sitemap, canonical and share tags, Atom feeds) and the per-KPI
//! downloads, on the sample site and the basic fixture. The XML checks run `xmllint`
//! (libxml2-utils), which CI installs.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{build_into, fixture, page, sample_root, tree};
use mieruka::{BuildOptions, Overrides, build};

const BASE: &str = "https://www.city.example.lg.jp/kpi/";

fn build_with_base(root: &Path, base: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    build(&BuildOptions {
        root: root.to_path_buf(),
        output: output.clone(),
        overrides: Overrides {
            base_url: base.map(str::to_string),
            ..Overrides::default()
        },
    })
    .unwrap();
    (dir, output)
}

fn xmllint(args: &[&str]) -> (bool, String) {
    let out = Command::new("xmllint")
        .args(args)
        .output()
        .expect("xmllint runs (apt install libxml2-utils)");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn html_paths(output: &Path) -> Vec<String> {
    tree(output)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn sitemap_lists_every_page_and_passes_the_sitemaps_schema() {
    let (_dir, out) = build_with_base(&sample_root(), Some(BASE));
    let schema = sample_root().join("tests/schemas/sitemap.xsd");
    let sitemap = out.join("sitemap.xml");
    let (ok, text) = xmllint(&[
        "--noout",
        "--schema",
        schema.to_str().unwrap(),
        sitemap.to_str().unwrap(),
    ]);
    assert!(ok, "{text}");
    let xml = fs::read_to_string(&sitemap).unwrap();
    let locs: Vec<&str> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    let expected: Vec<String> = html_paths(&out)
        .iter()
        .map(|p| format!("{BASE}{p}"))
        .collect();
    assert_eq!(locs, expected);
    // The sample's fiscal-year files carry no `published:` date: no lastmod is invented.
    assert!(!xml.contains("<lastmod>"));

    // The schema is not a formality: a relative loc fails it.
    let broken = out.join("broken-sitemap.xml");
    fs::write(&broken, xml.replacen(BASE, "/kpi/", 1)).unwrap();
    let (ok, _) = xmllint(&[
        "--noout",
        "--schema",
        schema.to_str().unwrap(),
        broken.to_str().unwrap(),
    ]);
    assert!(!ok, "a relative <loc> must fail the schema");
}

#[test]
fn every_page_has_its_canonical_address_and_share_tags() {
    let (_dir, out) = build_with_base(&sample_root(), Some(BASE));
    for path in html_paths(&out) {
        let html = page(&out, &path);
        let url = format!("{BASE}{path}");
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
            "{path}: canonical"
        );
        assert!(
            html.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")),
            "{path}"
        );
        assert!(
            html.contains("<meta property=\"og:title\" content=\""),
            "{path}"
        );
        assert!(html.contains("<meta name=\"twitter:card\""), "{path}");
    }
    // A KPI page shares its chart, a file of its own that exists.
    let kpi = page(&out, "sunagawa/kpi/hs-local-hire-rate/index.html");
    let image = format!("{BASE}sunagawa/kpi/hs-local-hire-rate/sunagawa-hs-local-hire-rate.svg");
    assert!(kpi.contains(&format!("<meta property=\"og:image\" content=\"{image}\">")));
    assert!(kpi.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert!(out.join(image.strip_prefix(BASE).unwrap()).is_file());
}

#[test]
fn without_a_base_url_pages_are_the_same_but_for_the_head_tags_and_nothing_absolute_is_made() {
    let (_a, with) = build_with_base(&sample_root(), Some(BASE));
    let (_b, without) = build_with_base(&sample_root(), None);
    let with_tree = tree(&with);
    let without_tree = tree(&without);
    assert!(!without_tree.contains_key("sitemap.xml"));
    assert!(with_tree.contains_key("sitemap.xml"));
    for (path, bytes) in &without_tree {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("https://www.city.example.lg.jp"), "{path}");
        assert!(!text.contains("rel=\"canonical\""), "{path}");
        if path.ends_with(".html") {
            // Stripping the head tags that need the base URL gives the page built without it.
            let stripped: String = String::from_utf8_lossy(&with_tree[path])
                .split_inclusive('\n')
                .filter(|l| {
                    !(l.starts_with("<link rel=\"canonical\"")
                        || l.starts_with("<meta property=\"og:")
                        || l.starts_with("<meta name=\"twitter:"))
                })
                .collect();
            assert_eq!(stripped, text, "{path}");
        }
    }
}

#[test]
fn feeds_are_valid_atom_with_one_entry_per_published_report() {
    // The basic fixture dates 2021.yaml (published: 2022-09-30) and not 2022.yaml.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_into(&fixture("basic"), &out).unwrap();
    let base = "https://www.town.example.lg.jp/kpi/";
    for feed in ["town/feed.xml", "feed.xml"] {
        let file = out.join(feed);
        let file = file.to_str().unwrap();
        let (ok, text) = xmllint(&["--noout", file]);
        assert!(ok, "{feed}: not well-formed: {text}");
        // RFC 4287 §4.1.1, §4.1.2: the feed and every entry have exactly one atom:id,
        // atom:title and atom:updated; the feed has an author (or every entry has);
        // an entry without content has a link rel="alternate".
        let atom = "namespace-uri()='http://www.w3.org/2005/Atom'";
        let count = |xpath: &str| {
            let (ok, text) = xmllint(&["--xpath", xpath, file]);
            assert!(ok, "{feed}: {xpath}: {text}");
            text.trim().to_string()
        };
        assert_eq!(
            count(&format!("count(/*[local-name()='feed' and {atom}])")),
            "1"
        );
        for element in ["id", "title", "updated", "author"] {
            assert_eq!(
                count(&format!("count(/*/*[local-name()='{element}' and {atom}])")),
                "1",
                "{feed}: feed/{element}"
            );
        }
        assert_eq!(
            count("count(/*/*[local-name()='entry'])"),
            "1",
            "{feed}: entries"
        );
        for element in ["id", "title", "updated"] {
            assert_eq!(
                count(&format!(
                    "count(/*/*[local-name()='entry'][count(*[local-name()='{element}']) != 1])"
                )),
                "0",
                "{feed}: entry/{element}"
            );
        }
        assert_eq!(
            count(
                "count(/*/*[local-name()='entry'][not(*[local-name()='link'][@rel='alternate'])])"
            ),
            "0"
        );
        let xml = fs::read_to_string(file).unwrap();
        // Ids are absolute IRIs; dates are RFC 3339.
        assert!(xml.contains(&format!("<id>{base}{feed}</id>")), "{feed}");
        assert!(xml.contains(&format!("<id>{base}town/2021/index.html</id>")));
        assert!(xml.contains("<updated>2022-09-30T00:00:00+09:00</updated>"));
        assert!(
            !xml.contains("town/2022/index.html"),
            "an undated year has no entry"
        );
    }
    // The pages link the feeds that exist, and the sitemap dates pages from `published:`.
    let city = page(&out, "town/index.html");
    assert!(city.contains("type=\"application/atom+xml\""));
    assert!(city.contains("href=\"feed.xml\""));
    let sitemap = page(&out, "sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<loc>{base}town/2021/index.html</loc><lastmod>2022-09-30</lastmod>"
    )));
    assert!(sitemap.contains(&format!("<loc>{base}town/2022/index.html</loc></url>")));
}

#[test]
fn each_kpi_offers_its_own_csv_with_the_city_csvs_columns_and_rows() {
    let (_dir, out) = build_with_base(&sample_root(), None);
    let city_csv = page(&out, "sunagawa/kpi-data.csv");
    let mut city_lines = city_csv.split("\r\n");
    let header = city_lines.next().unwrap();
    let kpi_id_column = header
        .trim_start_matches('\u{feff}')
        .split(',')
        .position(|c| c == "kpi_id")
        .unwrap();
    let site = mieruka::check(&sample_root(), &Overrides::default())
        .unwrap()
        .site;
    let city = site.cities.iter().find(|c| c.id == "sunagawa").unwrap();
    for kpi in &city.kpis {
        let dir = format!("sunagawa/kpi/{}", kpi.id);
        let csv = page(&out, &format!("{dir}/sunagawa-{}.csv", kpi.id));
        let mut lines = csv.split("\r\n");
        assert_eq!(lines.next(), Some(header), "{}: same columns, BOM", kpi.id);
        let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
        let expected: Vec<&str> = city_csv
            .split("\r\n")
            .skip(1)
            .filter(|l| l.split(',').nth(kpi_id_column) == Some(kpi.id.as_str()))
            .collect();
        assert_eq!(rows, expected, "{}", kpi.id);
        assert_eq!(rows.len(), city.strategy.years().count());
        let html = page(&out, &format!("{dir}/index.html"));
        assert!(
            html.contains(&format!("href=\"sunagawa-{}.csv\"", kpi.id))
                || html.contains(&format!("href=\"../../../{dir}/sunagawa-{}.csv\"", kpi.id)),
            "{}: linked",
            kpi.id
        );
        let svg = out.join(format!("{dir}/sunagawa-{}.svg", kpi.id));
        if svg.exists() {
            let text = fs::read_to_string(&svg).unwrap();
            assert!(text.starts_with("<?xml"));
            assert!(text.contains("<title id=\"title\">"));
            let (ok, msg) = xmllint(&["--noout", svg.to_str().unwrap()]);
            assert!(ok, "{msg}");
            assert!(
                html.contains(&format!("sunagawa-{}.svg\"", kpi.id)),
                "{}: svg linked",
                kpi.id
            );
        }
    }
}

#[test]
fn a_base_url_on_the_command_line_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    for bad in [
        "/kpi/",
        "https://x.example.jp/kpi",
        "https:///kpi/",
        "https://x.example.jp/k pi/",
    ] {
        let error = build(&BuildOptions {
            root: sample_root(),
            output: dir.path().join("site"),
            overrides: Overrides {
                base_url: Some(bad.into()),
                ..Overrides::default()
            },
        })
        .expect_err(bad);
        let text = mieruka::error_report(&error);
        assert!(text.starts_with("error: --base-url: base URL"), "{text}");
        assert!(text.contains("hint: "), "{text}");
    }
}

/// A script of the index: the JSON it assigns to `prefix`.
fn index_json(script: &str, prefix: &str) -> serde_json::Value {
    let json = script
        .strip_prefix(prefix)
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("the index is one assignment");
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_search_index_covers_every_kpi_goal_and_city_page_and_finds_commentary() {
    let (_dir, out) = build_with_base(&sample_root(), None);
    let index = index_json(&page(&out, "search/index.js"), "window.MIERUKA_SEARCH = ");
    let docs = index["docs"].as_array().unwrap();
    let hrefs: Vec<&str> = docs.iter().map(|d| d[1].as_str().unwrap()).collect();
    let pages: Vec<String> = html_paths(&out)
        .into_iter()
        .filter(|p| p.contains("/kpi/") || p.contains("/goal/") || p.matches('/').count() == 1)
        .filter(|p| !p.starts_with("accessibility/") && !p.starts_with("search/"))
        // The English edition (en/) has the same pages; the one index links the first's.
        .filter(|p| !p.starts_with("en/"))
        .collect();
    let mut sorted = hrefs.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, pages, "one entry per KPI, goal and city page");
    // Each city's part lists its own pages' text, numbered from its first page in the site's.
    let cities = index["cities"].as_array().unwrap();
    assert_eq!(
        cities
            .iter()
            .map(|c| c[0].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["ebetsu/search.js", "sunagawa/search.js"]
    );
    let (first, count) = (
        cities[1][1].as_u64().unwrap(),
        cities[1][2].as_u64().unwrap(),
    );
    assert_eq!(first, cities[0][2].as_u64().unwrap());
    assert_eq!(first + count, docs.len() as u64);
    assert!(hrefs[first as usize].starts_with("sunagawa/"));
    // A word only in one KPI's commentary is in that KPI's text postings, for each of its
    // bigrams, in its city's part and in no other.
    let kpi = hrefs
        .iter()
        .position(|h| *h == "sunagawa/kpi/nursing-trainees/index.html")
        .unwrap();
    let prefix =
        |part: &str| format!("(window.MIERUKA_TEXT = window.MIERUKA_TEXT || {{}})[\"{part}\"] = ");
    let text = index_json(
        &page(&out, "sunagawa/search.js"),
        &prefix("sunagawa/search.js"),
    );
    let other = index_json(&page(&out, "ebetsu/search.js"), &prefix("ebetsu/search.js"));
    let local = kpi as u64 - first;
    for gram in mieruka::search::bigrams("実務者研修") {
        let list = text[&gram].as_array().unwrap();
        assert!(list.iter().any(|d| d == local), "{gram}");
    }
    assert!(other.get("務者").is_none());
    // The search page is linked from every page, and lists every KPI without JavaScript.
    let search = page(&out, "search/index.html");
    for href in hrefs.iter().filter(|h| h.contains("/kpi/")) {
        assert!(search.contains(&format!("href=\"../{href}\"")), "{href}");
    }
}

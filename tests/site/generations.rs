//! A city through several strategies (`tests/fixtures/generations`, illustrative data): the
//! 第2期 strategy, its mid-period revision, and the next period's strategy in one folder.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use super::{built, check_links, copy_tree, fixture, json_records, page, read_csv, tree};
use mieruka::{Overrides, check};

/// The text of a page's `<main>`, tags removed, for reading what it says.
fn main_text(html: &str) -> String {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let mut out = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every page path of a built site (HTML only).
fn html_pages(out: &Path) -> BTreeSet<String> {
    tree(out)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn each_year_belongs_to_the_strategy_in_force() {
    let site = check(&fixture("generations"), &Overrides::default())
        .expect("the generations fixture is valid")
        .site;
    let city = &site.cities[0];
    assert_eq!(city.strategy.name, "第3期江別市総合戦略");
    let spans: Vec<(u16, u16, u16, Vec<u16>)> = city
        .generations()
        .map(|c| {
            (
                c.strategy.from,
                c.strategy.to,
                c.strategy.until,
                c.years.clone(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            // The revision took over in 2023: the 第2期 strategy was in force until 2022.
            (2020, 2024, 2022, vec![2020, 2021, 2022]),
            (2023, 2024, 2024, vec![2023, 2024]),
            (2025, 2029, 2029, vec![2025]),
        ]
    );
    // One indicator through three strategies under one id; another under a new id.
    let series: Vec<(usize, String)> = city
        .kpi_series(2, 0)
        .into_iter()
        .map(|(g, k)| (g, city.generation(g).unwrap().kpis[k].id.clone()))
        .collect();
    assert_eq!(
        series,
        [
            (0, "net-migration".to_string()),
            (1, "net-migration".to_string()),
            (2, "net-migration".to_string())
        ]
    );
}

#[test]
fn a_continuing_kpi_shows_every_strategys_targets() {
    let (_dir, out) = built(&fixture("generations"));
    let text = main_text(&page(&out, "ebetsu/kpi/net-migration/index.html"));
    assert!(text.contains("総合戦略をまたいだ推移"), "{text}");
    // Each strategy's targets in the series table: 第2期 (150–170), the revision (190, 210), 第3期 (300).
    for (strategy, target, actual) in [
        ("第2期江別市まち・ひと・しごと創生総合戦略", "150", "140"),
        ("江別市デジタル田園都市国家構想総合戦略", "190", "185"),
        ("第3期江別市総合戦略", "300", "231"),
    ] {
        let row = format!("{strategy} {target} {actual}");
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains(&row), "no row `{row}` in {text}");
    }
    // The commentary of the earlier strategies' years stays on the page that stands for them.
    assert!(text.contains("第2期江別市まち・ひと・しごと創生総合戦略での各年度の所見"));
    assert!(text.contains("子育て世帯の転入超過が続いた。"), "{text}");
    assert!(text.contains("基準値 120人（令和元年）"), "{text}");
    assert!(
        text.contains("転出者数の集計誤り"),
        "the 第2期 correction: {text}"
    );
    // Each period's final target is named with its strategy.
    assert!(text.contains("最終目標 210人（令和6年度）"), "{text}");
    assert!(text.contains("最終目標 300人（令和11年度）"), "{text}");
    // Graded against the strategy in force: 185 of 190 in 2023, not of 2023's 第2期 target 180.
    assert!(text.contains("97.4%"), "{text}");
    assert!(!text.contains("102.8%"), "{text}");
    // The chart across the strategies is a file of its own, drawn with every period's years.
    let svg = page(
        &out,
        "ebetsu/kpi/net-migration/ebetsu-net-migration.series.svg",
    );
    for year in ["R2", "R5", "R7"] {
        assert!(svg.contains(year), "{year} missing from the series chart");
    }
    // Where each later strategy takes over, a dotted line marks it and the target line breaks:
    // the revision of 2023 and the new period of 2025.
    assert!(
        svg.contains(">改訂</text>") && svg.contains(">新戦略</text>"),
        "{svg}"
    );
    assert_eq!(
        svg.matches("stroke-dasharray=\"8 5\"").count(),
        3,
        "one target line a strategy"
    );
    assert!(text.contains("戦略の切り替わり（縦の点線：改訂または新戦略）"));
    // The open data of the KPI runs across the strategies under its one id.
    let csv = read_csv(&page(
        &out,
        "ebetsu/kpi/net-migration/ebetsu-net-migration.csv",
    ));
    let years: Vec<&str> = csv.iter().map(|r| r["fiscal_year"].as_str()).collect();
    assert_eq!(years.first(), Some(&"2020"));
    assert_eq!(years.last(), Some(&"2029"));
    assert_eq!(years.len(), 10);
}

#[test]
fn kpis_that_end_start_or_are_renamed_say_when() {
    let (_dir, out) = built(&fixture("generations"));
    // Dropped in the revision: its page stays, says it ended, and that its strategy did.
    let ended = main_text(&page(&out, "ebetsu/kpi/event-visitors/index.html"));
    assert!(
        ended
            .contains("この指標は第2期江別市まち・ひと・しごと創生総合戦略の令和4年度までで終了し"),
        "{ended}"
    );
    assert!(ended.contains("このページは終了した第2期江別市まち・ひと・しごと創生総合戦略"));
    // New in the revision, carried on in the 第3期 under another id.
    let new = main_text(&page(&out, "ebetsu/kpi/online-procedures/index.html"));
    assert!(
        new.contains(
            "この指標は江別市デジタル田園都市国家構想総合戦略で令和5年度から新たに設定されました。"
        ),
        "{new}"
    );
    assert!(new.contains("この指標は令和7年度から第3期江別市総合戦略のオンラインで申請できる手続の割合に引き継がれました。"), "{new}");
    // A KPI carried on under a new id links back.
    let renamed = main_text(&page(&out, "ebetsu/kpi/new-firms-2023/index.html"));
    assert!(
        renamed.contains("この指標は第2期江別市まち・ひと・しごと創生総合戦略の新規立地企業数（累計）（令和4年度まで）を引き継いでいます。"),
        "{renamed}"
    );
    // The current strategy's pages carry no notice of an ended strategy.
    let current = main_text(&page(&out, "ebetsu/kpi/online-share/index.html"));
    assert!(!current.contains("このページは終了した"), "{current}");
}

#[test]
fn the_overview_lists_the_strategies_current_first() {
    let (_dir, out) = built(&fixture("generations"));
    let text = main_text(&page(&out, "ebetsu/index.html"));
    let at = |name: &str| {
        text.find(name)
            .unwrap_or_else(|| panic!("{name} not in {text}"))
    };
    assert!(text.contains("総合戦略の経過"));
    assert!(at("第3期江別市総合戦略") < at("江別市デジタル田園都市国家構想総合戦略"));
    assert!(
        at("江別市デジタル田園都市国家構想総合戦略")
            < at("第2期江別市まち・ひと・しごと創生総合戦略")
    );
    assert!(text.contains("2023-03-24改訂"), "{text}");
    // Every strategy's years are listed on the city's page; the search page lists every KPI.
    for year in ["令和2年度 (2020年度)の実績", "令和7年度 (2025年度)の実績"] {
        assert!(text.contains(year), "{year} not in {text}");
    }
    let search = page(&out, "search/index.html");
    assert!(search.contains("ebetsu/kpi/event-visitors/index.html"));
    assert!(search.contains("基本目標1 江別で働く（第2期江別市まち・ひと・しごと創生総合戦略）"));
    // The ended strategy's overview has its own address and links to its successor.
    let old = page(&out, "ebetsu/strategy/2020/index.html");
    assert!(old.contains("href=\"../2023/index.html\""));
    assert!(
        main_text(&old).contains("改訂後の江別市デジタル田園都市国家構想総合戦略（令和5年度から）")
    );
    let revision = page(&out, "ebetsu/strategy/2023/index.html");
    assert!(revision.contains("href=\"../../index.html\""));
}

#[test]
fn adding_a_strategy_keeps_every_address_of_the_first() {
    // The city as it stood before the revision: city.yaml and the 第2期 years only.
    let before_root = tempfile::tempdir().unwrap();
    copy_tree(&fixture("generations"), before_root.path());
    let city = before_root.path().join("content/ebetsu");
    for name in [
        "strategy-2023.yaml",
        "strategy-2025.yaml",
        "2023.yaml",
        "2024.yaml",
        "2025.yaml",
    ] {
        fs::remove_file(city.join(name)).unwrap();
    }
    let (_b, before) = built(before_root.path());
    let (_a, after) = built(&fixture("generations"));
    let (before, after) = (html_pages(&before), html_pages(&after));
    let lost: Vec<&String> = before.difference(&after).collect();
    assert!(
        lost.is_empty(),
        "pages gone after adding strategies: {lost:?}"
    );
    // The first strategy's KPI and goal pages, its years and editions, all still there.
    for path in [
        "ebetsu/index.html",
        "ebetsu/goal/goal-1/index.html",
        "ebetsu/kpi/new-firms/index.html",
        "ebetsu/kpi/event-visitors/index.html",
        "ebetsu/kpi/net-migration/index.html",
        "ebetsu/2020/index.html",
        "ebetsu/2022/edition-2023-09-29/index.html",
    ] {
        assert!(before.contains(path) && after.contains(path), "{path}");
    }
    assert!(after.len() > before.len());
}

#[test]
fn open_data_names_each_kpis_strategy_and_what_it_continues() {
    let (_dir, out) = built(&fixture("generations"));
    // Each year's record names the strategy it belongs to.
    let data = read_csv(&page(&out, "ebetsu/kpi-data.csv"));
    let strategy = |year: &str| {
        data.iter()
            .find(|r| r["kpi_id"] == "net-migration" && r["fiscal_year"] == year)
            .map(|r| r["strategy"].clone())
            .unwrap()
    };
    assert_eq!(
        strategy("2022"),
        "第2期江別市まち・ひと・しごと創生総合戦略"
    );
    assert_eq!(strategy("2023"), "江別市デジタル田園都市国家構想総合戦略");
    assert_eq!(strategy("2025"), "第3期江別市総合戦略");
    // The JSON nests the same records under each of the three strategies.
    let json: serde_json::Value =
        serde_json::from_str(&page(&out, "ebetsu/kpi-data.json")).unwrap();
    assert_eq!(json["strategies"].as_array().unwrap().len(), 3);
    let records = json_records(&json);
    assert_eq!(records.len(), data.len());
    for (json, csv) in records.iter().zip(&data) {
        assert_eq!(json["strategy"], csv["strategy"].as_str());
        assert_eq!(json["kpi_id"], csv["kpi_id"].as_str());
        assert_eq!(json["fiscal_year"].to_string(), csv["fiscal_year"]);
    }
    let rows = read_csv(&page(&out, "ebetsu/kpi-strategies.csv"));
    let row = |id: &str, from: &str| {
        rows.iter()
            .find(|r| r["kpi_id"] == id && r["strategy_from"] == from)
            .unwrap_or_else(|| panic!("no row for {id} in {from}"))
    };
    assert_eq!(row("new-firms-2023", "2023")["continues"], "new-firms");
    assert_eq!(row("new-firms-2023", "2023")["continues_strategy"], "2020");
    assert_eq!(row("new-firms", "2020")["continued_by"], "new-firms-2023");
    assert_eq!(row("new-firms", "2020")["in_force_to"], "2022");
    assert_eq!(row("event-visitors", "2020")["continued_by"], "");
    assert_eq!(
        row("online-share", "2025")["continues"],
        "online-procedures"
    );
    // The site-wide file too; the data of every strategy's years is in kpi-data.
    assert!(out.join("kpi-strategies.csv").exists());
    let data = read_csv(&page(&out, "ebetsu/kpi-data.csv"));
    assert!(
        data.iter()
            .any(|r| r["kpi_id"] == "event-visitors" && r["fiscal_year"] == "2022")
    );
    // A city with one strategy has no such file.
    let (_d, basic) = built(&fixture("basic"));
    assert!(!basic.join("kpi-strategies.csv").exists());
}

#[test]
fn every_relative_link_and_image_resolves() {
    let (_dir, out) = built(&fixture("generations"));
    let checked = check_links(&out, &[" href=\"", " src=\""], true);
    assert!(checked > 200, "only {checked} links checked");
}

#[test]
fn new_year_writes_the_kpis_of_the_strategy_in_force() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("generations"), dir.path());
    let root = dir.path();
    fs::remove_file(root.join("content/ebetsu/2025.yaml")).unwrap();
    let written = mieruka::scaffold::new_year(root, 2026, Some("ebetsu")).unwrap();
    let text = fs::read_to_string(&written[0]).unwrap();
    // The 第3期 strategy's KPIs, none of the revision's that ended with it.
    assert!(text.contains("online-share:"), "{text}");
    assert!(text.contains("net-migration:"), "{text}");
    assert!(!text.contains("online-procedures:"), "{text}");
    assert!(!text.contains("new-firms"), "{text}");
    // A year before the first strategy names every period.
    let error = mieruka::scaffold::new_year(root, 2019, Some("ebetsu")).unwrap_err();
    assert!(
        error.to_string().contains(
            "2020–2022 (第2期江別市まち・ひと・しごと創生総合戦略), 2023–2024 (江別市デジタル田園都市国家構想総合戦略), 2025–2029 (第3期江別市総合戦略)"
        ),
        "{error}"
    );
    // Two years of different strategies are not compared figure by figure.
    let error = mieruka::diff::diff(root, 2022, 2023, Some("ebetsu")).unwrap_err();
    assert!(
        error.to_string().contains("belong to different strategies"),
        "{error}"
    );
    assert!(mieruka::diff::diff(root, 2023, 2024, Some("ebetsu")).is_ok());
}

#[test]
fn warnings_about_a_later_strategy_point_into_its_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("generations"), dir.path());
    let file = dir.path().join("content/ebetsu/strategy-2025.yaml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("value: 90}", "value: 190}")).unwrap();
    let warnings: Vec<String> = check(dir.path(), &Overrides::default())
        .expect("a rate over 100 % is a warning only")
        .warnings
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("strategy-2025.yaml:") && w.contains("190")),
        "{warnings:#?}"
    );
    // city.yaml's KPIs are checked against the first strategy, not the current one.
    assert!(
        !warnings.iter().any(|w| w.contains("city.yaml")),
        "{warnings:#?}"
    );
}

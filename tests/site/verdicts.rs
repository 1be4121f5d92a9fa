//! Verdicts as the government published them (issue 9): assessment axes with who decided them,
//! computed grades only under a scheme the government adopted and always labelled as computed,
//! and no grade anywhere when there is neither.

use std::fs;

use mieruka::{Overrides, check};

use super::{built, copy_tree, fixture, page, read_csv, sample_root, tree};

#[test]
fn without_a_scheme_or_published_verdicts_no_page_or_file_states_a_grade() {
    for root in [fixture("basic"), sample_root()] {
        let (_dir, out) = built(&root);
        for (path, bytes) in tree(&out) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("class=\"grade"), "{path} shows a grade");
            if path.ends_with(".html") {
                assert!(!text.contains("評価対象外"), "{path} speaks of grading");
            }
            assert!(!text.contains("自動算出"), "{path}");
        }
        let csv = read_csv(&page(&out, "kpi-data.csv"));
        assert!(
            csv.iter()
                .all(|r| r["computed_grade"].is_empty() && r["not_graded"].is_empty())
        );
        assert!(!out.join("kpi-assessments.csv").exists());
    }
    let (_dir, out) = built(&fixture("basic"));
    let city = page(&out, "town/index.html");
    assert!(!city.contains("summary-city"), "no grade summary");
    assert!(
        city.contains("試験町の報告書は、指標ごとの評価（A・B・Cなどの判定）を公表していないため")
    );
}

#[test]
fn a_computed_scheme_is_labelled_as_computed_with_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("basic"), &root);
    let site_yaml = root.join("content/site.yaml");
    fs::write(
        &site_yaml,
        fs::read_to_string(&site_yaml).unwrap() + "grading: {preset: marks}\n",
    )
    .unwrap();
    let (_out_dir, out) = built(&root);
    let hires = page(&out, "town/kpi/hires/index.html");
    assert!(hires.contains(
        "<th scope=\"col\">評価（自動算出）<span class=\"sub\">本サイトが算出</span></th>"
    ));
    assert!(hires.contains(
        "<span class=\"grade grade-2\">△</span> やや遅れ（50%以上） <span class=\"badge\">自動算出</span>"
    ));
    let rule = "試験町が公表した評価ではありません（達成率から自動算出：◎ 100%以上、○ 80%以上、△ 50%以上、× 50%未満）";
    assert!(hires.contains(rule));
    // The annual report states the rule once, under its table of every KPI, not again under
    // each KPI's table.
    let report = page(&out, "town/2022/index.html");
    assert!(report.contains("<span class=\"badge\">自動算出</span>"));
    assert_eq!(report.matches(rule).count(), 1, "{report}");
    assert!(
        hires.contains("評価（自動算出）は△（やや遅れ（50%以上））"),
        "in the chart's description"
    );
    let city = page(&out, "town/index.html");
    assert!(city.contains("年度別の評価（自動算出）の件数"));
    assert!(city.contains("本サイトが算出した評価のものです（達成率から自動算出："));
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let row = csv
        .iter()
        .find(|r| r["kpi_id"] == "hires" && r["fiscal_year"] == "2022")
        .unwrap();
    assert_eq!(
        (
            row["computed_grade"].as_str(),
            row["computed_grade_label"].as_str()
        ),
        ("△", "やや遅れ（50%以上）")
    );

    // A city's own scheme wins over the site's.
    let city_yaml = root.join("content/town/city.yaml");
    let own = "grading:\n  name: 独自基準\n  grades:\n    - {symbol: 良, label: 良好, at_least: 60, outcome: met}\n    - {symbol: 否, label: 要改善, outcome: not_met}\n";
    fs::write(
        &city_yaml,
        fs::read_to_string(&city_yaml).unwrap().replacen(
            "strategy:",
            &format!("{own}strategy:"),
            1,
        ),
    )
    .unwrap();
    let (_out_dir, out) = built(&root);
    let csv = read_csv(&page(&out, "town/kpi-data.csv"));
    let row = csv
        .iter()
        .find(|r| r["kpi_id"] == "hires" && r["fiscal_year"] == "2022")
        .unwrap();
    assert_eq!(row["computed_grade"], "良");
}

#[test]
fn published_verdicts_are_shown_on_every_axis_with_who_decided_them() {
    let (_dir, out) = built(&fixture("assessed"));
    let visitors = page(&out, "pref/kpi/visitors/index.html");
    for heading in [
        "進捗区分<span class=\"sub\">担当課（自己評価）による</span>",
        "改善・悪化<span class=\"sub\">推進会議による</span>",
        "評価<span class=\"sub\">有識者会議による</span>",
    ] {
        assert!(visitors.contains(heading), "{heading}");
    }
    // Symbols with their words; a value whose legend the report does not give, as written.
    assert!(visitors.contains("<span class=\"grade grade-0\">A</span> 順調</td>"));
    assert!(visitors.contains("<span class=\"grade grade-0\">○</span> 改善</td>"));
    assert!(visitors.contains("<span class=\"grade\">3</span></td>"));
    // The published 達成率 is shown, mieruka's beside it where it differs.
    assert!(visitors.contains(
        "129.0%<span class=\"sub\">公表値</span><span class=\"sub\">（算出値 129.1%）</span>"
    ));
    assert!(!visitors.contains("自動算出"), "nothing is computed");
    // An alternative grade with its footnote, and a value decided by someone else.
    let lodging = page(&out, "pref/kpi/lodging/index.html");
    assert!(lodging.contains(
        "<span class=\"grade grade-2\">C</span> 遅れ（A<a href=\"#fn-lodging-1\">※1</a>）"
    ));
    assert!(lodging.contains(
        "<p class=\"note\" id=\"fn-lodging-1\">※1 感染症による休業要請の影響を除けばA相当</p>"
    ));
    assert!(lodging.contains(
        "<span class=\"grade grade-2\">×</span> 悪化 <span class=\"badge\">担当課の評価</span>"
    ));
    assert!(lodging.contains("進捗区分はC（遅れ、括弧書きでA、担当課（自己評価）の評価）"));
    // A 数値目標's own axis, on its page and the fiscal-year page too (the goal page links to
    // the table on its page).
    for path in ["pref/kpi/employment/index.html", "pref/2022/index.html"] {
        let html = page(&out, path);
        assert!(
            html.contains("進展状況<span class=\"sub\">県による</span>"),
            "{path}"
        );
        assert!(
            html.contains("<span class=\"grade grade-1\">進展せず</span> 進展しなかった"),
            "{path}"
        );
    }

    // The overview counts the headline axis, and states one KPI count.
    let city = page(&out, "pref/index.html");
    assert!(city.contains("年度別の進捗区分（担当課（自己評価））の件数"));
    assert!(city.contains("令和4年度のKPI2件の進捗区分（担当課（自己評価））は、A（順調）1件、B（概ね順調）0件、C（遅れ）1件、評価なし0件です。"));
    assert!(
        city.contains("<td class=\"num\">2</td></tr>"),
        "KPI数 2 in the goals table"
    );
    assert!(!city.contains("KPI3件"));

    // Open data: the arithmetic in kpi-data, the published values in kpi-assessments.
    let data = read_csv(&page(&out, "pref/kpi-data.csv"));
    let row = data
        .iter()
        .find(|r| r["kpi_id"] == "visitors" && r["fiscal_year"] == "2022")
        .unwrap();
    assert_eq!(
        [
            &row["achievement_rate"],
            &row["published_achievement_rate"],
            &row["computed_grade"]
        ],
        ["129.1", "129.0", ""]
    );
    let assessments = read_csv(&page(&out, "pref/kpi-assessments.csv"));
    let cells: Vec<[&str; 7]> = assessments
        .iter()
        .filter(|r| r["kpi_id"] == "lodging" && r["fiscal_year"] == "2022")
        .map(|r| {
            [
                r["axis_id"].as_str(),
                r["axis"].as_str(),
                r["value"].as_str(),
                r["value_label"].as_str(),
                r["alternative"].as_str(),
                r["footnote"].as_str(),
                r["decided_by"].as_str(),
            ]
        })
        .collect();
    assert_eq!(
        cells,
        [
            [
                "progress",
                "進捗区分",
                "C",
                "遅れ",
                "A",
                "感染症による休業要請の影響を除けばA相当",
                "担当課（自己評価）"
            ],
            ["change", "改善・悪化", "×", "悪化", "", "", "担当課"],
        ]
    );
    assert_eq!(assessments.len(), 9);
    let site = read_csv(&page(&out, "kpi-assessments.csv"));
    assert_eq!(site.len(), assessments.len());
}

#[test]
fn a_scheme_fills_only_the_years_left_open_and_check_warns_where_it_disagrees() {
    let root = fixture("computed");
    let (_dir, out) = built(&root);
    let movers = page(&out, "city/kpi/movers/index.html");
    assert!(movers.contains("--l3:'達成率';--l4:'達成度'\">"));
    // 2022: nothing published, so the pro-rata rule's B, labelled as computed.
    assert!(movers.contains("<td><span class=\"grade grade-1\">B</span> 概ね順調 <span class=\"badge\">自動算出</span></td>"));
    // 2023: the city published B; the rule gives A; the published value is shown.
    assert!(movers.contains("<td><span class=\"grade grade-1\">B</span> 概ね順調</td>"));
    assert!(movers.contains("期間按分の期待値（基準値から最終目標値までを年数で按分した値）に対する到達率から自動算出：A 100%以上、B 60%以上、C 60%未満"));
    let visitors = page(&out, "city/kpi/visitors/index.html");
    assert!(visitors.contains("<th scope=\"col\">目安値</th>"));
    assert!(
        visitors.contains("<table class=\"figures stack n4\""),
        "a fourth column of figures"
    );
    // The 目安値 in the chart too: hollow diamonds (a shape of their own), named in the legend
    // and read out in the description.
    assert!(visitors.contains("<span>目安値（◇ 白抜きのひし形）</span>"));
    assert!(visitors.contains("目安値は令和4年度 1,300千人、令和5年度 1,400千人です。"));
    let svg = page(&out, "city/kpi/visitors/city-visitors.svg");
    assert_eq!(svg.matches("<polygon fill=\"#FFFFFF\"").count(), 2);
    assert!(visitors.contains("<td>1,300</td>"));
    assert!(visitors.contains("style=\"--l1:'目標値';--l2:'目安値';--l3:'実績値'"));
    let city = page(&out, "city/index.html");
    assert!(
        city.contains(
            "公表されていない年度は、試験市が定めた基準で本サイトが算出した評価を含みます"
        )
    );

    let validated = check(&root, &Overrides::default()).unwrap();
    let warnings = validated.warnings.to_string();
    assert!(
        warnings.contains("2023.yaml:7:19: kpis.movers.assessments.achievement: 達成度 `B` as published, but the figures give `A` by the scheme 達成度（期間按分）"),
        "{warnings}"
    );
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
}

//! What a resident sees at a glance (issue 12): the year in one table, what changed since the
//! previous year, a fiscal year's page scoped to that year, words instead of codes, and a footer
//! from the content.

use super::{built, fixture, page, sample_root, tree};

#[test]
fn a_fiscal_years_page_shows_that_year_only() {
    let (_dir, out) = built(&sample_root());
    let fy2021 = page(&out, "sunagawa/2021/index.html");
    // 砂川高校からの市内企業就職率: 36.6 in 令和3年度, 25.0 in 令和4年度.
    assert!(fy2021.contains("<td>36.6"));
    assert!(!fy2021.contains("<td>25.0"));
    assert!(
        !fy2021.contains("<th scope=\"row\">令和4年度"),
        "no 令和4年度 row"
    );
    let fy2022 = page(&out, "sunagawa/2022/index.html");
    assert!(fy2022.contains("<td>25.0"));
    assert!(
        !fy2022.contains("<th scope=\"row\">令和3年度"),
        "earlier years are in their own reports and on the KPI pages, not repeated"
    );
    assert!(fy2022.contains("href=\"../kpi/hs-local-hire-rate/index.html\""));
    // A KPI whose row in the year's table says it all has no table of its own in the details;
    // one with more to say (就業者数: a note on why its figure is 算出不可) keeps that year's row.
    let details = |id: &str| {
        let start = fy2022
            .find(&format!("<section class=\"kpi\" id=\"kpi-{id}\">"))
            .unwrap_or_else(|| panic!("{id}"));
        &fy2022[start..start + fy2022[start..].find("</section>").unwrap()]
    };
    assert!(!details("hs-local-hire-rate").contains("<table"));
    assert!(details("employed-persons").contains("<th scope=\"row\">令和4年度"));
}

#[test]
fn the_year_table_lists_every_kpi_and_what_changed_since_the_previous_year() {
    let (_dir, out) = built(&sample_root());
    let year = page(&out, "sunagawa/2022/index.html");
    assert!(year.contains(
        "<caption id=\"yt-2022\">令和4年度の全指標（目標値・実績値・前年度からの変化）</caption>"
    ));
    // One row per KPI and 数値目標 under each goal, with target, actual, 達成率 and the change.
    assert!(year.contains("<td>37.0%</td>\n<td>25.0%</td>\n<td>67.6%</td>"));
    assert!(year.contains("<table class=\"figures year-table stack n3\""));
    assert!(
        year.contains("<td>△11.6ポイント（悪化） <span class=\"badge\">目標値に未到達</span></td>")
    );
    // On a phone each cell shows its column's name, which the table states once, in order.
    assert!(year.contains(
        "stack n3\" style=\"--l1:'目標値';--l2:'実績値';--l3:'達成率';--l4:'前年度からの変化'\""
    ));
    let section = |title: &str| {
        let start = year
            .find(&format!("<h4>{title}</h4>"))
            .unwrap_or_else(|| panic!("{title}"));
        let end = year[start..].find("</ul>").unwrap() + start;
        year[start..end].to_string()
    };
    let missed = section("新たに目標値に届かなかった指標");
    assert!(missed.contains("砂川高校からの市内企業就職率</a>：36.6% → 25.0%（△11.6ポイント）"));
    let improved = section("前年度より改善した指標");
    assert!(improved.contains("観光入込客数</a>：902.9千人 → 1,168.5千人（+265.6千人）"));
    // The 数値目標 and the KPI of that name are two indicators, each listed once.
    assert_eq!(improved.matches("tourist-visitors/index.html").count(), 1);
    assert_eq!(
        improved.matches("tourist-visitors-kpi/index.html").count(),
        1
    );
    assert!(
        section("新たに目標値に到達した指標")
            .contains("レクリエーション活動等の利用者数</a>：143人 → 612人（+469人）")
    );
    assert!(section("前年度より悪化した指標").contains("新規就農者数</a>：2人 → 0人（△2人）"));
    // The city overview shows the latest year's table.
    let city = page(&out, "sunagawa/index.html");
    assert!(city.contains("<h2>最新年度（令和4年度）の全指標</h2>"));
    assert!(city.contains("<caption id=\"yt-2022\">"));
    // The first year has nothing to compare with.
    assert!(!page(&out, "ebetsu/2020/index.html").contains("からの変化</h3>"));
}

#[test]
fn pages_speak_in_words_and_leave_out_what_a_report_does_not_have() {
    let (_dir, out) = built(&sample_root());
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for code in [
            "not_measurable",
            "not_applicable",
            "not_reported",
            "sum_of_parts",
            "not_yet",
        ] {
            assert!(!text.contains(code), "{path} shows the code {code}");
        }
    }
    // 江別市's report has no commentary and no 数値目標: its pages say nothing about either.
    for (path, bytes) in tree(&out) {
        if path.starts_with("ebetsu/kpi/") && path.ends_with(".html") {
            assert!(!String::from_utf8_lossy(&bytes).contains("所見"), "{path}");
        }
    }
    assert!(!page(&out, "ebetsu/index.html").contains("<th scope=\"col\">数値目標</th>"));
    assert!(page(&out, "sunagawa/index.html").contains("<th scope=\"col\">数値目標</th>"));
}

#[test]
fn the_footer_names_the_publisher_department_contact_source_and_last_update() {
    let (_dir, out) = built(&fixture("computed"));
    let kpi = page(&out, "city/kpi/movers/index.html");
    assert!(kpi.contains("<p>算出した評価（発行：試験県 地域振興課）</p>"));
    assert!(
        kpi.contains("<p>担当：試験市 企画政策課　問い合わせ先：電話 000-111-2222（内線 123）</p>")
    );
    assert!(kpi.contains("<p>出典：<a href=\"https://www.city.example.lg.jp/kikaku/kensho.pdf\">試験市総合戦略 令和5年度 効果検証報告書</a></p>"));
    // From the content's own dates, never the clock: the latest `published:`.
    assert!(kpi.contains("<p>最終更新：<time datetime=\"2024-09-30\">2024年9月30日</time></p>"));
    // The site's own pages: the site's contact and the latest date of any city.
    let index = page(&out, "index.html");
    assert!(index.contains("<p>問い合わせ先：電話 000-000-0000</p>"));
    assert!(index.contains("datetime=\"2024-09-30\""));
    assert!(!index.contains("担当："));
}

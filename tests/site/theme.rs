//! A site's own theme overrides the built-in one file by file, and extends its blocks.

use std::fs;

use super::{built, copy_tree, page, sample_root, tree};

#[test]
fn a_site_theme_overrides_one_template_extends_a_block_and_replaces_a_static_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&sample_root().join("content"), &root.join("content"));
    let site_yaml = root.join("content/site.yaml");
    let yaml = fs::read_to_string(&site_yaml).unwrap();
    fs::write(&site_yaml, yaml.replace("theme: default", "theme: civic")).unwrap();
    let theme = root.join("themes/civic");
    fs::create_dir_all(theme.join("templates")).unwrap();
    fs::create_dir_all(theme.join("static")).unwrap();
    // Extend the built-in base: a block added, the rest inherited.
    fs::write(
        theme.join("templates/base.html"),
        r#"{% extends "mieruka-default/base.html" %}
{% block footer %}<p class="civic">{{ site.title }}（砂川市・江別市）</p>{{ super() }}{% endblock footer %}"#,
    )
    .unwrap();
    // Replace one include wholesale: every page that includes it uses this one.
    fs::write(
        theme.join("templates/kpi_summary.html"),
        r#"<p class="civic-target">目標：{% if kpi.target.stated %}{{ kpi.target.stated | figure }}{{ kpi.unit }}{% else %}なし{% endif %}</p>"#,
    )
    .unwrap();
    fs::write(theme.join("static/style.css"), "body { color: #000; }\n").unwrap();

    let (_out_dir, themed) = built(&root);
    let (_default_dir, plain) = built(&sample_root());

    let kpi = page(&themed, "sunagawa/kpi/hs-local-hire-rate/index.html");
    assert!(kpi.contains("<p class=\"civic\">地方創生KPI 実績公開（砂川市・江別市）</p>"));
    assert!(
        kpi.contains("アクセシビリティ方針</a>"),
        "super() keeps the built-in footer"
    );
    assert!(kpi.contains("<p class=\"civic-target\">目標：40.0%</p>"));
    assert!(
        !kpi.contains("kpi-facts"),
        "the built-in include is replaced"
    );
    assert_eq!(page(&themed, "assets/style.css"), "body { color: #000; }\n");

    // Everything the theme does not touch is as the built-in theme renders it.
    let (themed, plain) = (tree(&themed), tree(&plain));
    assert_eq!(
        themed.keys().collect::<Vec<_>>(),
        plain.keys().collect::<Vec<_>>()
    );
    let same = |path: &str| themed[path] == plain[path];
    assert!(same("kpi-data.csv") && same("sunagawa/kpi-data.json"));
    assert!(!same("index.html"), "the footer is on every page");
}

#[test]
fn a_build_that_fails_while_rendering_leaves_the_previous_output_and_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&sample_root().join("content"), &root.join("content"));
    let output = dir.path().join("output");
    mieruka::build(&mieruka::BuildOptions {
        root: root.clone(),
        output: output.clone(),
        overrides: Default::default(),
    })
    .unwrap();
    let before = tree(&output);
    // A theme whose year page fails for one city only: the other city's pages are written into
    // the staging folder before (or while) it fails.
    let site_yaml = root.join("content/site.yaml");
    let yaml = fs::read_to_string(&site_yaml).unwrap();
    fs::write(&site_yaml, yaml.replace("theme: default", "theme: broken")).unwrap();
    let templates = root.join("themes/broken/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("year.html"),
        r#"{% extends "mieruka-default/year.html" %}{% block content %}{% if city.id == "sunagawa" %}{{ no_such_value.field }}{% endif %}{{ super() }}{% endblock content %}"#,
    )
    .unwrap();
    let error = mieruka::build(&mieruka::BuildOptions {
        root,
        output: output.clone(),
        overrides: Default::default(),
    })
    .unwrap_err();
    let message = format!("{error:#}");
    assert!(
        message.contains("rendering sunagawa/") && message.contains("with template year.html"),
        "the error names the page and template: {message}"
    );
    assert!(tree(&output) == before, "the previous output is unchanged");
    assert!(!dir.path().join(".output.mieruka-new").exists());
}

#[test]
fn the_search_page_lists_every_kpi_or_on_a_national_site_the_governments() {
    use mieruka::render::{SiteWide, Theme, site_pages};
    let site = mieruka::check(&sample_root(), &mieruka::Overrides::default())
        .unwrap()
        .site;
    let theme = Theme::load(&sample_root(), "default", "ja").unwrap();
    let search = |wide: &SiteWide| {
        let pages = site_pages(&site, &theme, wide).unwrap();
        let page = pages.iter().find(|p| p.path == "search/index.html");
        String::from_utf8(page.unwrap().bytes.clone()).unwrap()
    };
    let mut wide = SiteWide::new(&site, theme.locale()).unwrap();
    let kpi = &site.cities[0].kpis[0];
    let listed = search(&wide);
    assert!(listed.contains("すべての数値目標・KPI") && listed.contains(&kpi.name));
    // The same cities 40 times over (61 KPIs each time): more than a page should list.
    let (cards, index) = (wide.cards.clone(), wide.index.clone());
    for _ in 1..40 {
        wide.cards.extend(cards.iter().cloned());
        wide.index.extend(index.iter().cloned());
    }
    let national = search(&wide);
    assert!(national.contains("団体ごとの数値目標・KPI"), "{national}");
    assert!(!national.contains(&kpi.name));
    assert_eq!(
        national
            .matches("<a href=\"../ebetsu/index.html\">")
            .count(),
        40
    );
}

//! The English edition (`languages: [ja, en]`): the same pages under en/, every interface word
//! in English, content marked as Japanese where it stays Japanese.

use std::path::Path;

use super::*;

/// Japanese text outside elements marked `lang="ja"` on an HTML page: body text (not scripts or
/// styles) and `aria-label`s, the words a reader or screen reader meets. `<title>` and `alt`
/// hold content in plain text, where no `lang` can mark it, and are left out.
fn unmarked_japanese(html: &str) -> Vec<String> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let is_japanese = |s: &str| s.chars().any(mieruka::locale::is_japanese);
    // Open elements: (name, whether they or an ancestor is lang="ja", whether text is skipped).
    let mut open: Vec<(String, bool, bool)> = Vec::new();
    let mut found = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let (text, tag) = match rest.find('<') {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        let (ja, skipped) = open.last().map_or((false, true), |o| (o.1, o.2));
        if !ja && !skipped && is_japanese(text) {
            found.push(text.trim().to_string());
        }
        let Some(tag) = tag else { break };
        let end = tag.find('>').expect("tags close");
        let inner = &tag[1..end];
        rest = &tag[end + 1..];
        if let Some(name) = inner.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = open.iter().rposition(|o| o.0 == name) {
                open.truncate(at);
            }
            continue;
        }
        if inner.starts_with('!') {
            continue;
        }
        let name: String = inner
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let attr = |key: &str| {
            let start = inner.find(&format!(" {key}=\""))? + key.len() + 3;
            Some(&inner[start..start + inner[start..].find('"')?])
        };
        let own_ja = match attr("lang") {
            Some(lang) => lang.starts_with("ja"),
            None => ja,
        };
        if let Some(label) = attr("aria-label")
            && !own_ja
            && is_japanese(label)
        {
            found.push(format!("aria-label={label}"));
        }
        if !VOID.contains(&name.as_str()) {
            let skip = matches!(name.as_str(), "script" | "style" | "title" | "head")
                || (skipped && name != "body");
            open.push((name, own_ja, skip));
        }
    }
    found
}

fn html_under(out: &Path, folder: &str) -> Vec<String> {
    tree(out)
        .into_keys()
        .filter(|p| p.ends_with(".html") && p.starts_with(folder))
        .collect()
}

#[test]
fn the_english_edition_has_every_page_and_no_japanese_interface_text() {
    let (_dir, out) = built(&sample_root());
    let english = html_under(&out, "en/");
    let japanese: Vec<String> = html_under(&out, "")
        .into_iter()
        .filter(|p| !p.starts_with("en/"))
        .collect();
    let stripped: Vec<&str> = english.iter().map(|p| &p["en/".len()..]).collect();
    assert_eq!(stripped, japanese, "the same pages in both editions");
    let mut problems = Vec::new();
    for path in &english {
        let html = page(&out, path);
        assert!(html.contains("<html lang=\"en\">"), "{path}");
        problems.extend(
            unmarked_japanese(&html)
                .into_iter()
                .map(|t| format!("{path}: {t}")),
        );
    }
    assert!(
        problems.is_empty(),
        "{} Japanese texts outside lang=\"ja\":\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The scan finds interface text: the Japanese edition is full of it, once its page is
    // no longer marked Japanese as a whole.
    let top = page(&out, "sunagawa/index.html");
    assert!(unmarked_japanese(&top).is_empty());
    let unmarked = top.replacen("<html lang=\"ja\">", "<html lang=\"en\">", 1);
    assert!(unmarked_japanese(&unmarked).len() > 20);
    // Hiding one Japanese word of the interface in an English page is caught.
    let kpi = page(&out, "en/sunagawa/kpi/births/index.html");
    let planted = kpi.replacen(
        "<h2 id=\"figures\">Targets and actuals",
        "<h2 id=\"figures\">目標値 Targets and actuals",
        1,
    );
    assert_ne!(planted, kpi);
    assert_eq!(
        unmarked_japanese(&planted),
        ["目標値 Targets and actuals by fiscal year"]
    );
}

#[test]
fn the_english_edition_uses_english_names_years_and_numbers() {
    let (_dir, out) = built(&sample_root());
    let city = page(&out, "en/sunagawa/index.html");
    assert!(city.contains("<title>Sunagawa City"), "name_en");
    assert!(city.contains("FY2021 – FY2025"), "fiscal years");
    assert!(!city.contains("令和"));
    // An untranslated KPI name stays as written, marked Japanese.
    let year = page(&out, "en/sunagawa/2022/index.html");
    assert!(year.contains("<span lang=\"ja\">研修終了者数</span>"));
    assert!(year.contains("Employed persons"), "name_en of a KPI");
    // The Japanese edition keeps the Japanese names and links to the English page.
    let ja = page(&out, "sunagawa/index.html");
    assert!(ja.contains("<title>砂川市"));
    assert!(!ja.contains("Sunagawa City"));
    assert!(ja.contains(
        "<a class=\"language\" href=\"../en/sunagawa/index.html\" hreflang=\"en\" lang=\"en\">English</a>"
    ));
    // Shared files are not copied: the English pages use the site's.
    assert!(city.contains("href=\"../../assets/style.css\""));
    assert!(!out.join("en/assets").exists() && !out.join("en/kpi-data.csv").exists());
}

#[test]
fn languages_must_be_tags_listed_once_and_agree_with_language() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("content")).unwrap();
    for (site, expected) in [
        (
            "title: t\nlanguages: [ja, ja]\n",
            "languages[1]: `ja` is listed twice",
        ),
        (
            "title: t\nlanguage: ja\nlanguages: [en, ja]\n",
            "language: `language: ja` but `languages` starts with `en`",
        ),
        (
            "title: t\nlanguages: [ja, 英語]\n",
            "`英語` is not a language tag",
        ),
    ] {
        fs::write(root.join("content/site.yaml"), site).unwrap();
        let error = check(root, &Overrides::default()).map(|_| ()).unwrap_err();
        let text = mieruka::error_report(&error);
        assert!(text.contains(expected), "{site}: {text}");
    }
    fs::write(
        root.join("content/site.yaml"),
        "title: t\nlanguages: [ja, fr]\n",
    )
    .unwrap();
    let error = build_into(root, &root.join("out")).unwrap_err();
    let text = mieruka::error_report(&error);
    assert!(
        text.contains("no interface text for language `fr`") && text.contains("fr.yaml"),
        "{text}"
    );
}

/// Every fixture site (published editions, corrections, verdicts, computed grades, breakdowns
/// …) built with an English edition: no Japanese interface text in it either.
#[test]
fn every_fixture_in_english_has_no_japanese_interface_text() {
    let fixtures = fs::read_dir(sample_root().join("tests/fixtures")).unwrap();
    let mut names: Vec<String> = fixtures
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "invalid")
        .collect();
    names.sort();
    assert!(names.len() > 10, "{names:?}");
    let mut problems = Vec::new();
    for name in &names {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&fixture(name).join("content"), &root.join("content"));
        let site_file = root.join("content/site.yaml");
        let site: String = fs::read_to_string(&site_file)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("language:"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(&site_file, format!("{site}languages: [ja, en]\n")).unwrap();
        if name == "basic" {
            // A correction after publication: the 訂正履歴 and the edition's notes.
            let year = root.join("content/town/2021.yaml");
            let text = fs::read_to_string(&year)
                .unwrap()
                .replace("    actual: 36.6\n", "    actual: 38.1\n");
            fs::write(
                &year,
                format!("{text}corrections:\n  - kpi: hires\n    old: 36.6\n    new: 38.1\n    date: 2023-01-20\n    reason: 集計誤りのため訂正\n"),
            )
            .unwrap();
        }
        let out = dir.path().join("out");
        build_into(&root, &out).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        for path in html_under(&out, "en/") {
            problems.extend(
                unmarked_japanese(&page(&out, &path))
                    .into_iter()
                    .map(|t| format!("{name}/{path}: {t}")),
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

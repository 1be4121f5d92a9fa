//! Commentary: Markdown to safe HTML.
//!
//! Parsed with comrak and its CJK-friendly emphasis extension: plain CommonMark does not see
//! `**「重要」**` or `**理由。**次に` as emphasis, because Japanese punctuation sits where it
//! expects a space.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use comrak::nodes::NodeValue;
use comrak::{Arena, Options, format_html, parse_document};

/// Texts already rendered: a KPI's commentary shows on its page, its goal's page and its
/// year's report, and is rendered once. Cleared when it holds more than [`CACHE_TEXTS`], so it
/// never grows with the site (a build renders a few cities at a time).
static CACHE: LazyLock<Mutex<HashMap<String, String>>> = LazyLock::new(Default::default);
const CACHE_TEXTS: usize = 4_096;

/// Renders staff-written Markdown to HTML with anything that could run script removed.
///
/// Headings are shifted below the page's own (which go down to `<h3>`): `#` becomes `<h4>`, `##`
/// `<h5>`, anything deeper `<h6>`, so a commentary's heading never competes with the page's.
pub fn to_html(markdown: &str) -> String {
    let cache = || CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(html) = cache().get(markdown) {
        return html.clone();
    }
    let html = render(markdown);
    let mut cache = cache();
    if cache.len() >= CACHE_TEXTS {
        cache.clear();
    }
    cache.insert(markdown.to_string(), html.clone());
    html
}

fn render(markdown: &str) -> String {
    if let Some(html) = plain(markdown) {
        return html;
    }
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &OPTIONS);
    for node in root.descendants() {
        if let NodeValue::Heading(heading) = &mut node.data_mut().value {
            heading.level = match heading.level {
                1 => 4,
                2 => 5,
                _ => 6,
            };
        }
    }
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    // Writing to a String cannot fail.
    let _ = format_html(root, &OPTIONS, &mut raw);
    SANITIZER.clean(&raw).to_string()
}

/// Text of paragraphs only, in characters that mean nothing to Markdown or HTML (letters,
/// digits, Japanese punctuation, `,` and `%`; no spaces, which could indent or break a line),
/// as the parser and sanitizer would render it: each run of lines a `<p>`. Most commentary is
/// such text, and needs neither. `None` for anything else.
fn plain(markdown: &str) -> Option<String> {
    let inert = |c: char| {
        c == '\n'
            || c.is_ascii_alphanumeric()
            || matches!(c, ',' | '%')
            || (!c.is_ascii() && !c.is_whitespace() && !c.is_control() && c != '\u{feff}')
    };
    if !markdown.chars().all(inert) {
        return None;
    }
    let mut html = String::with_capacity(markdown.len() + 16);
    let mut open = false;
    for line in markdown.split('\n') {
        match (line.is_empty(), open) {
            (true, true) => {
                html.push_str("</p>\n");
                open = false;
            }
            (true, false) => {}
            (false, true) => {
                html.push('\n');
                html.push_str(line);
            }
            (false, false) => {
                html.push_str("<p>");
                html.push_str(line);
                open = true;
            }
        }
    }
    if open {
        html.push_str("</p>\n");
    }
    Some(html)
}

static OPTIONS: LazyLock<Options<'static>> = LazyLock::new(|| {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.cjk_friendly_emphasis = true;
    // Raw HTML goes to the sanitizer, which keeps harmless markup and drops the rest.
    options.render.r#unsafe = true;
    options
});

/// Built once: ammonia's builder holds its tag and attribute tables.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["h1", "h2", "h3", "img"])
        .link_rel(Some("noopener noreferrer"));
    builder
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The same as parsing and sanitizing, for plain text and for text that only looks plain.
    #[test]
    fn plain_text_renders_as_the_parser_would() {
        let parsed = |markdown: &str| {
            let arena = Arena::new();
            let root = parse_document(&arena, markdown, &OPTIONS);
            let mut raw = String::new();
            let _ = format_html(root, &OPTIONS, &mut raw);
            SANITIZER.clean(&raw).to_string()
        };
        let plain_texts = [
            "",
            "\n",
            "令和3年度の実績値は6,727人であった。",
            "一行目。\n二行目、100%。\n\n\n二段落目。\n",
            "\n\n先頭と末尾の空行。\n\n",
            "1\n2021\nABC123",
            "「満足」（87％）※注",
        ];
        for text in plain_texts {
            assert_eq!(
                plain(text).as_deref(),
                Some(parsed(text).as_str()),
                "{text:?}"
            );
        }
        for text in [
            "1. 項目",
            "  字下げ",
            "末尾の空白  \n次",
            "**強調**",
            "a & b",
            "<b>x</b>",
            "見出し\n===",
            "\u{feff}BOM",
            "改行\r\n",
            "ノーブレーク\u{a0}スペース",
            "全角\u{3000}スペース",
            "https://example.jp",
        ] {
            assert_eq!(plain(text), None, "{text:?}");
        }
        // Every commentary of the sample renders the same either way.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::check(root, &Default::default()).unwrap().site;
        let mut fast = 0;
        for city in &site.cities {
            let texts = city
                .kpis
                .iter()
                .flat_map(|k| k.years.values())
                .filter_map(|y| y.commentary.as_deref())
                .chain(
                    city.projects
                        .iter()
                        .flat_map(|p| p.years.values())
                        .filter_map(|y| y.commentary.as_deref()),
                );
            for text in texts {
                if let Some(html) = plain(text) {
                    fast += 1;
                    assert_eq!(html, parsed(text), "{text:?}");
                }
            }
        }
        assert!(fast > 10, "{fast} plain texts in the sample");
    }

    #[test]
    fn headings_are_shifted_below_the_page_headings() {
        assert_eq!(
            to_html("# 概要\n\n## 詳細\n\n#### 補足"),
            "<h4>概要</h4>\n<h5>詳細</h5>\n<h6>補足</h6>\n"
        );
    }

    #[test]
    fn paragraphs_and_lists() {
        assert_eq!(
            to_html("一文目。\n\n二文目。"),
            "<p>一文目。</p>\n<p>二文目。</p>\n"
        );
        assert!(to_html("- 項目\n- 項目2").contains("<li>項目2</li>"));
    }

    #[test]
    fn script_and_handlers_are_removed() {
        let html = to_html(
            "<script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>",
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
        assert!(!html.contains("onclick"));
    }

    #[test]
    fn text_that_looks_like_markup_is_kept_as_text() {
        assert_eq!(to_html("(一社)オアリパ"), "<p>(一社)オアリパ</p>\n");
        assert_eq!(to_html("a < b & c"), "<p>a &lt; b &amp; c</p>\n");
    }

    #[test]
    fn emphasis_next_to_japanese_punctuation() {
        assert_eq!(
            to_html("これは**「重要」**です。"),
            "<p>これは<strong>「重要」</strong>です。</p>\n"
        );
        assert_eq!(
            to_html("**実施できなかった。**次年度に"),
            "<p><strong>実施できなかった。</strong>次年度に</p>\n"
        );
        assert_eq!(
            to_html("*（仮称）*の施設"),
            "<p><em>（仮称）</em>の施設</p>\n"
        );
    }

    #[test]
    fn headings_sit_below_the_page_headings() {
        assert_eq!(
            to_html("# 概要\n## 詳細\n### 補足\n#### 注"),
            "<h4>概要</h4>\n<h5>詳細</h5>\n<h6>補足</h6>\n<h6>注</h6>\n"
        );
        // Headings typed as HTML cannot climb above them either.
        assert_eq!(to_html("<h1>大見出し</h1>"), "大見出し\n");
    }
}

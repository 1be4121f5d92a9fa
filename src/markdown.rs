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

//! Commentary: Markdown to safe HTML.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// Texts already rendered: a KPI's commentary shows on its page, its goal's page and its
/// year's report, and is rendered once. Cleared when it holds more than [`CACHE_TEXTS`], so it
/// never grows with the site (a build renders a few cities at a time).
static CACHE: LazyLock<Mutex<HashMap<String, String>>> = LazyLock::new(Default::default);
const CACHE_TEXTS: usize = 4_096;

/// The sanitiser, built once.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(sanitizer);

/// Renders staff-written Markdown to HTML with anything that could run script removed.
///
/// Headings are shifted down so a commentary's `#` never competes with the page's own headings
/// (h1–h3): `#` becomes `<h4>`, `##` `<h5>`, and deeper ones `<h6>`.
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
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shifted(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(level))),
        other => other,
    });
    html::push_html(&mut raw, events);
    SANITIZER.clean(&raw).to_string()
}

fn shifted(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H4,
        HeadingLevel::H2 => HeadingLevel::H5,
        HeadingLevel::H3 | HeadingLevel::H4 | HeadingLevel::H5 | HeadingLevel::H6 => {
            HeadingLevel::H6
        }
    }
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["h1", "h2", "h3", "img"])
        .link_rel(Some("noopener noreferrer"));
    builder
}

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
}

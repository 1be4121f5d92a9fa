//! Commentary: Markdown to safe HTML.

use pulldown_cmark::{Options, Parser, html};

/// Renders staff-written Markdown to HTML with anything that could run script removed.
///
/// Headings are shifted down so a commentary's `#` never competes with the page's own headings.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    sanitizer().clean(&raw).to_string()
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

//! Smaller files that render the same: the template's indentation and blank lines left out of
//! HTML, and a chart's repeated presentation attributes stated once in its SVG.
//!
//! At national scale the output is about 100,000 pages and as many charts, so what every page or
//! chart repeats is a large part of the site's bytes (issue 11).

/// The page without each line's leading spaces and without blank lines. A page with
/// preformatted text (`<pre>`, `<textarea>`), where spaces show, is left as it is.
pub fn html(page: String) -> String {
    if page.contains("<pre") || page.contains("<textarea") {
        return page;
    }
    let mut out = String::with_capacity(page.len());
    for line in page.lines() {
        let line = line.trim_start_matches([' ', '\t']);
        if !line.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The chart without what its elements repeat: `opacity="1"` (the default), the line breaks
/// around each label's text, and the labels' common font and colour, which a group around the
/// drawing gives them instead (SVG inherits both; the dark-mode style selects `text` by name).
pub fn svg(chart: String) -> String {
    let chart = chart.replace(" opacity=\"1\"", "");
    let Some(font) = common_font(&chart) else {
        return chart;
    };
    let (Some(body), Some(end)) = (body_start(&chart), chart.rfind("</svg>")) else {
        return chart;
    };
    let mut out = String::with_capacity(chart.len());
    out.push_str(&chart[..body]);
    out.push_str(&format!("<g{font}>\n"));
    let mut rest = &chart[body..end];
    while let Some(at) = rest.find("<text ") {
        out.push_str(&rest[..at]);
        let Some(close) = rest[at..].find('>').map(|c| at + c + 1) else {
            break;
        };
        let tag = rest[at..close]
            .replacen(&font, "", 1)
            .replacen(" fill=\"#000000\"", "", 1);
        out.push_str(&tag);
        rest = &rest[close..];
        let Some(text_end) = rest.find("</text>") else {
            continue;
        };
        out.push_str(rest[..text_end].trim_matches('\n'));
        rest = &rest[text_end..];
    }
    out.push_str(rest);
    out.push_str("</g>\n");
    out.push_str(&chart[end..]);
    out
}

/// The first label's ` font-family="…" font-size="…"`, which every label of a chart shares.
fn common_font(chart: &str) -> Option<String> {
    let text = &chart[chart.find("<text ")?..];
    let tag = &text[..text.find('>')?];
    let family = tag.find(" font-family=\"")?;
    let size_end = family + tag[family..].find(" font-size=\"")? + " font-size=\"".len();
    let size_end = size_end + tag[size_end..].find('"')? + 1;
    Some(tag[family..size_end].to_string())
}

/// Where the drawing starts: after the opening `<svg …>` tag and the `<title>`, `<desc>` and
/// `<style>` that follow it.
fn body_start(chart: &str) -> Option<usize> {
    let mut at = chart.find("<svg")?;
    at += chart[at..].find(">\n")? + 2;
    for element in ["title", "desc", "style"] {
        let rest = &chart[at..];
        if rest.starts_with(&format!("<{element}")) {
            let close = format!("</{element}>\n");
            at += rest.find(&close)? + close.len();
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_loses_indentation_and_blank_lines_but_not_preformatted_text() {
        let page = "<ul>\n  <li>a</li>\n\n    \n  <li>b c</li>\n</ul>\n".to_string();
        assert_eq!(html(page), "<ul>\n<li>a</li>\n<li>b c</li>\n</ul>\n");
        let pre = "<pre>\n  code\n\n</pre>\n".to_string();
        assert_eq!(html(pre.clone()), pre);
    }

    #[test]
    fn svg_states_the_common_font_once_and_keeps_other_sizes() {
        let chart = concat!(
            "<svg viewBox=\"0 0 10 10\">\n<title id=\"title\">t</title>\n<desc id=\"desc\">d</desc>\n",
            "<style>text { fill: #fff; }</style>\n",
            "<rect x=\"0\" opacity=\"1\" fill=\"#FFFFFF\"/>\n",
            "<text x=\"1\" font-family=\"sans-serif\" font-size=\"17.7\" opacity=\"1\" fill=\"#000000\">\nR3\n</text>\n",
            "<text x=\"2\" font-family=\"sans-serif\" font-size=\"12\" opacity=\"1\" fill=\"#000000\">\n45\n</text>\n",
            "</svg>\n"
        );
        assert_eq!(
            svg(chart.to_string()),
            concat!(
                "<svg viewBox=\"0 0 10 10\">\n<title id=\"title\">t</title>\n<desc id=\"desc\">d</desc>\n",
                "<style>text { fill: #fff; }</style>\n",
                "<g font-family=\"sans-serif\" font-size=\"17.7\">\n",
                "<rect x=\"0\" fill=\"#FFFFFF\"/>\n",
                "<text x=\"1\">R3</text>\n",
                "<text x=\"2\" font-family=\"sans-serif\" font-size=\"12\">45</text>\n",
                "</g>\n</svg>\n"
            )
        );
    }
}

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
        let indent = line
            .bytes()
            .take_while(|&b| b == b' ' || b == b'\t')
            .count();
        if indent < line.len() {
            out.push_str(&line[indent..]);
            out.push('\n');
        }
    }
    out
}

/// The page's links into its own folders, shortened to the same address: on
/// `sunagawa/2022/index.html` (`root` `../../`), `="../../sunagawa/kpi/x/index.html"` becomes
/// `="../kpi/x/index.html"`, and a link into the page's own folder loses the whole way round. Only
/// attribute values (`="` then the way to the root) change; other links keep `root`.
pub fn links(page: String, root: &str, path: &str) -> String {
    let folders: Vec<&str> = path.split('/').collect();
    let folders = &folders[..folders.len() - 1];
    // Each way into the page's folders after `="`, deepest first, and its short form: one pass
    // over the page does what replacing each in turn over the whole page would.
    let ways: Vec<(String, String)> = (1..=folders.len())
        .rev()
        .map(|depth| {
            (
                format!("{root}{}/", folders[..depth].join("/")),
                "../".repeat(folders.len() - depth),
            )
        })
        .collect();
    // Every way starts with the shallowest, so only a value that does can change.
    let Some((shallowest, _)) = ways.last() else {
        return page;
    };
    let shallowest = format!("=\"{shallowest}");
    if !page.contains(&shallowest) {
        return page;
    }
    let mut out = String::with_capacity(page.len());
    let mut copied = 0;
    for (at, _) in page.match_indices(&shallowest) {
        let start = at + 2;
        if start < copied {
            continue;
        }
        // The value as the ways so far left it: `head`, then the page from `from`.
        let mut head = String::new();
        let mut from = start;
        let mut changed = false;
        for (long, short) in &ways {
            let matched = match long.strip_prefix(head.as_str()) {
                Some(more) => page[from..].starts_with(more),
                None => head.starts_with(long.as_str()),
            };
            if !matched {
                continue;
            }
            if long.len() >= head.len() {
                from += long.len() - head.len();
                head = short.clone();
            } else {
                head = format!("{short}{}", &head[long.len()..]);
            }
            changed = true;
        }
        if changed {
            out.push_str(&page[copied..start]);
            out.push_str(&head);
            copied = from;
        }
    }
    out.push_str(&page[copied..]);
    out
}

/// The chart without what its elements repeat: `opacity="1"` and `stroke="none"` (the
/// defaults), `text-anchor="start"` (the default), the line breaks around each label's text, and
/// the labels' most common font and colour, which a group around the drawing gives them instead
/// (SVG inherits both; the dark-mode style selects `text` by name). Lines and polylines drawn
/// one after another in the same solid stroke become one `<path>` (`strokes`), and labels that
/// follow each other with the same anchor share a group that sets it (`anchors`).
pub fn svg(chart: String) -> String {
    let mut chart = chart;
    for default in [
        " opacity=\"1\"",
        " stroke=\"none\" stroke-width=\"1\"",
        " stroke=\"none\"",
        " text-anchor=\"start\"",
    ] {
        if chart.contains(default) {
            chart = chart.replace(default, "");
        }
    }
    anchors(&strokes(&labels(chart)))
}

/// The labels' text on their own line, and their most common font and colour stated once on a
/// group around the drawing.
fn labels(chart: String) -> String {
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

/// Runs of solid lines and polylines (one element a line, as plotters writes them) of the same
/// stroke as one `<path>` each, one subpath per element, so they paint the same. Labels between
/// axis lines (black, 1 px: the axes and their ticks, which labels sit beside, never on) follow
/// the path; any other element ends the run, so nothing changes what it is drawn over.
fn strokes(chart: &str) -> String {
    const AXIS: &str = " stroke=\"#000000\" stroke-width=\"1\"";
    let mut out = String::with_capacity(chart.len());
    let mut run: Option<(String, String)> = None;
    let mut labels = String::new();
    let flush = |out: &mut String, run: &mut Option<(String, String)>, labels: &mut String| {
        if let Some((stroke, d)) = run.take() {
            let stroke = stroke.replace(" stroke-width=\"1\"", "");
            out.push_str(&format!("<path fill=\"none\"{stroke} d=\"{d}\"/>\n"));
        }
        out.push_str(labels);
        labels.clear();
    };
    for line in chart.split_inclusive('\n') {
        if let Some((stroke, d)) = stroke_path(line) {
            match &mut run {
                Some((current, path)) if *current == stroke => path.push_str(&d),
                _ => {
                    flush(&mut out, &mut run, &mut labels);
                    run = Some((stroke, d));
                }
            }
        } else if line.starts_with("<text ") && run.as_ref().is_some_and(|(s, _)| s == AXIS) {
            labels.push_str(line);
        } else {
            flush(&mut out, &mut run, &mut labels);
            out.push_str(line);
        }
    }
    flush(&mut out, &mut run, &mut labels);
    out
}

/// A solid `<line>` or `<polyline>` as its stroke attributes and path data
/// (`M86 251H91`), or `None` for any other element.
fn stroke_path(line: &str) -> Option<(String, String)> {
    let line = line.trim_end();
    let (stroke, points) = if let Some(rest) = line.strip_prefix("<polyline fill=\"none\"") {
        let (stroke, rest) = rest.split_once(" points=\"")?;
        let points: Vec<(&str, &str)> = rest
            .strip_suffix("\"/>")?
            .split_whitespace()
            .map(|p| p.split_once(','))
            .collect::<Option<_>>()?;
        (stroke, points)
    } else {
        let rest = line.strip_prefix("<line")?;
        let (stroke, rest) = rest.split_once(" x1=\"")?;
        let (x1, rest) = rest.split_once("\" y1=\"")?;
        let (y1, rest) = rest.split_once("\" x2=\"")?;
        let (x2, rest) = rest.split_once("\" y2=\"")?;
        let y2 = rest.strip_suffix("\"/>")?;
        (stroke, vec![(x1, y1), (x2, y2)])
    };
    let plain = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
    };
    let solid = stroke.starts_with(" stroke=\"#")
        && !stroke.contains("dasharray")
        && !stroke.contains("opacity")
        && stroke.matches('=').count() == 2;
    if !solid || points.is_empty() || !points.iter().all(|(x, y)| plain(x) && plain(y)) {
        return None;
    }
    let (mut px, mut py) = points[0];
    let mut d = String::with_capacity(line.len());
    for part in ["M", px, " ", py] {
        d.push_str(part);
    }
    for &(x, y) in &points[1..] {
        let parts = match (x == px, y == py) {
            (_, true) => ["H", x, "", ""],
            (true, false) => ["V", y, "", ""],
            (false, false) => ["L", x, " ", y],
        };
        for part in parts {
            d.push_str(part);
        }
        (px, py) = (x, y);
    }
    Some((stroke.to_string(), d))
}

/// Labels that follow each other with the same `text-anchor` in a group that sets it once.
fn anchors(chart: &str) -> String {
    let mut out = String::with_capacity(chart.len());
    let lines: Vec<&str> = chart.split_inclusive('\n').collect();
    let anchors: Vec<Option<&str>> = lines.iter().map(|line| text_anchor(line)).collect();
    let mut i = 0;
    while i < lines.len() {
        let Some(a) = anchors[i] else {
            out.push_str(lines[i]);
            i += 1;
            continue;
        };
        let n = anchors[i..].iter().take_while(|b| **b == Some(a)).count();
        if n < 2 {
            out.push_str(lines[i]);
        } else {
            out.push_str("<g");
            out.push_str(a);
            out.push_str(">\n");
            for line in &lines[i..i + n] {
                out.push_str(&line.replacen(a, "", 1));
            }
            out.push_str("</g>\n");
        }
        i += n;
    }
    out
}

/// A label's ` text-anchor="…"`, or `None` for any other line.
fn text_anchor(line: &str) -> Option<&str> {
    if !line.starts_with("<text ") {
        return None;
    }
    const ATTRIBUTE: &str = " text-anchor=\"";
    let at = line.find(ATTRIBUTE)?;
    let end = at + ATTRIBUTE.len() + line[at + ATTRIBUTE.len()..].find('"')? + 1;
    Some(&line[at..end])
}

/// The most common ` font-family="…" font-size="…"` of the chart's labels.
fn common_font(chart: &str) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut rest = chart;
    while let Some(at) = rest.find("<text ") {
        rest = &rest[at..];
        let tag = &rest[..rest.find('>')?];
        if let Some(font) = label_font(tag) {
            match counts.iter_mut().find(|(f, _)| *f == font) {
                Some((_, n)) => *n += 1,
                None => counts.push((font, 1)),
            }
        }
        rest = &rest[tag.len()..];
    }
    // The first of the most common, so ties go the same way every time.
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(f, _)| f)
}

/// A label tag's ` font-family="…" font-size="…"`.
fn label_font(tag: &str) -> Option<String> {
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

    #[test]
    fn svg_draws_runs_of_one_stroke_as_one_path_and_groups_anchors() {
        let chart = concat!(
            "<svg viewBox=\"0 0 10 10\">\n",
            "<line stroke=\"#DCDCDC\" stroke-width=\"1\" x1=\"9\" y1=\"5\" x2=\"40\" y2=\"5\"/>\n",
            "<line stroke=\"#DCDCDC\" stroke-width=\"1\" x1=\"9\" y1=\"8\" x2=\"40\" y2=\"8\"/>\n",
            "<polyline fill=\"none\" opacity=\"1\" stroke=\"#000000\" stroke-width=\"1\" points=\"8,1 8,9 \"/>\n",
            "<text x=\"6\" text-anchor=\"end\" font-family=\"a\" font-size=\"1\">\n0\n</text>\n",
            "<polyline fill=\"none\" stroke=\"#000000\" stroke-width=\"1\" points=\"7,5 8,5 \"/>\n",
            "<text x=\"6\" text-anchor=\"end\" font-family=\"a\" font-size=\"1\">\n1\n</text>\n",
            "<polyline fill=\"none\" stroke=\"#5A5A5A\" stroke-dasharray=\"2 6\" stroke-width=\"2\" points=\"1,2 3,4 \"/>\n",
            "<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"3\" points=\"1,2 3,4 5,4 \"/>\n",
            "<circle cx=\"1\" cy=\"2\" r=\"6\" fill=\"#0072B2\" stroke=\"none\" stroke-width=\"1\"/>\n",
            "<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"3\" points=\"7,2 9,2 \"/>\n",
            "<text x=\"1\" text-anchor=\"start\" font-family=\"a\" font-size=\"1\">\n2\n</text>\n",
            "</svg>\n"
        );
        assert_eq!(
            svg(chart.to_string()),
            concat!(
                "<svg viewBox=\"0 0 10 10\">\n<g font-family=\"a\" font-size=\"1\">\n",
                "<path fill=\"none\" stroke=\"#DCDCDC\" d=\"M9 5H40M9 8H40\"/>\n",
                "<path fill=\"none\" stroke=\"#000000\" d=\"M8 1V9M7 5H8\"/>\n",
                "<g text-anchor=\"end\">\n<text x=\"6\">0</text>\n<text x=\"6\">1</text>\n</g>\n",
                "<polyline fill=\"none\" stroke=\"#5A5A5A\" stroke-dasharray=\"2 6\" stroke-width=\"2\" points=\"1,2 3,4 \"/>\n",
                "<path fill=\"none\" stroke=\"#0072B2\" stroke-width=\"3\" d=\"M1 2L3 4H5\"/>\n",
                "<circle cx=\"1\" cy=\"2\" r=\"6\" fill=\"#0072B2\"/>\n",
                "<path fill=\"none\" stroke=\"#0072B2\" stroke-width=\"3\" d=\"M7 2H9\"/>\n",
                "<text x=\"1\">2</text>\n",
                "</g>\n</svg>\n"
            )
        );
    }

    #[test]
    fn links_into_the_pages_own_folders_are_shortened_to_the_same_address() {
        let page = concat!(
            "<a href=\"../../../index.html\">top</a>",
            "<a href=\"../../../city/index.html\">city</a>",
            "<a href=\"../../../city/goal/goal-1/index.html\">goal</a>",
            "<a href=\"../../../city/kpi/x/index.html#figures\">self</a>",
            "<img src=\"../../../city/kpi/x/city-x.svg\">",
            "<a href=\"../../../city/kpi/y/index.html\">other</a>",
            "<a href=\"../../../other/kpi/x/index.html\">other city</a>",
            "<link href=\"../../../../city/kpi/x/index.html\">",
            "<p>../../../city/kpi/</p>",
        );
        assert_eq!(
            links(page.to_string(), "../../../", "city/kpi/x/index.html"),
            concat!(
                "<a href=\"../../../index.html\">top</a>",
                "<a href=\"../../index.html\">city</a>",
                "<a href=\"../../goal/goal-1/index.html\">goal</a>",
                "<a href=\"index.html#figures\">self</a>",
                "<img src=\"city-x.svg\">",
                "<a href=\"../y/index.html\">other</a>",
                "<a href=\"../../../other/kpi/x/index.html\">other city</a>",
                "<link href=\"../../../../city/kpi/x/index.html\">",
                "<p>../../../city/kpi/</p>",
            )
        );
        // The site's top page has no folder of its own.
        assert_eq!(links(page.to_string(), "", "index.html"), page);
    }

    /// One pass does what replacing each way in turn, deepest first, did: also where a shortened
    /// link starts with another way in.
    #[test]
    fn links_in_one_pass_as_replacing_each_way_in_turn() {
        fn in_turn(mut page: String, root: &str, path: &str) -> String {
            let folders: Vec<&str> = path.split('/').collect();
            let folders = &folders[..folders.len() - 1];
            for depth in (1..=folders.len()).rev() {
                let long = format!("=\"{root}{}/", folders[..depth].join("/"));
                let short = format!("=\"{}", "../".repeat(folders.len() - depth));
                page = page.replace(&long, &short);
            }
            page
        }
        let page = concat!(
            "<a href=\"../../a/b/../../a/x.html\">",
            "<a href=\"../../a/b/../../a/b/y.html\">",
            "<a href=\"../../a/b/../a/z.html\">",
            "<a href=\"../../a/\">",
            "<a href=\"../../a\">",
            "<a href=\"../../a/b/\">",
            "<a title=\"=\"../../a/b/c\">",
            "=\"../../a/b/",
        );
        for (root, path) in [
            ("../../", "a/b/index.html"),
            ("../../", "a/index.html"),
            ("../../../", "a/b/c/index.html"),
            ("../", "a/index.html"),
        ] {
            assert_eq!(
                links(page.to_string(), root, path),
                in_turn(page.to_string(), root, path),
                "{root} {path}"
            );
        }
    }
}

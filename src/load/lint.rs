//! Mistakes that YAML reports badly, found in a content file's text before it is parsed.
//!
//! A tab or a full-width space in the indentation, a full-width colon after a key, a second
//! `---`, invisible and control characters: YAML either stops with a message about tokens, or
//! quietly reads something else (`　　actual` as a key with spaces in it). Each is reported here
//! at its line and column, in plain words, every one in the file.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Every such mistake in `text`, in order.
pub fn lint(path: &Path, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // The indentation of the line that opened a block scalar (`commentary: |`), while inside it.
    let mut block: Option<usize> = None;
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || indent > parent {
                characters(path, number, line, &mut found);
                continue;
            }
            block = None;
        }
        characters(path, number, line, &mut found);
        if let Some(problem) = indentation(path, number, line) {
            found.push(problem);
            continue;
        }
        let content = line.trim();
        if content == "---" || content.starts_with("--- ") {
            if seen_content {
                found.push(
                    Diagnostic::new(path, number, 1, "a second YAML document starts here (`---`)")
                        .hint("a content file holds one document: delete this line, or move what follows into a file of its own"),
                );
            }
            continue;
        }
        if !content.is_empty() && !content.starts_with('#') && !content.starts_with('%') {
            seen_content = true;
        }
        if let Some(problem) = full_width_colon(path, number, line) {
            found.push(problem);
        }
        if opens_block_scalar(content) {
            block = Some(indent);
        }
    }
    found
}

/// How deep mappings and lists may nest. The deepest content (a target's yearly values under a
/// KPI of a project of a measure of a measure of a goal) takes about a dozen levels.
pub const MAX_DEPTH: usize = 32;

/// How many measures within measures a file that parsed may hold before its nesting is
/// measured: with fewer, the deepest content stays under [`MAX_DEPTH`] (the n-th measure is at
/// level 3 + 2n, and a KPI of a project under it reaches at most nine levels further: 26 at
/// seven measures).
pub const DEEP_MEASURES: usize = 8;

/// Where the nesting first goes deeper than [`MAX_DEPTH`], if it does. A YAML syntax error
/// ends the scan quietly: parsing reports it properly.
pub fn too_deep(path: &Path, text: &str) -> Option<Diagnostic> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    let deep = |line: usize, column: usize| {
        Some(
            Diagnostic::new(path, line, column, "nested too deeply")
                .hint(format!("content files nest a few levels (goals → measures → projects → KPIs), at most {MAX_DEPTH}; check the indentation and the brackets")),
        )
    };
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // The scanner's own limit (255 open brackets) can strike before the events come.
            Err(e) if e.info().contains("recursion limit") => {
                return deep(e.marker().line(), e.marker().col() + 1);
            }
            Err(_) => return None,
        };
        match event {
            Event::StreamEnd => return None,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return deep(mark.line(), mark.col() + 1);
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
}

/// A tab or a full-width space among the leading blanks.
fn indentation(path: &Path, number: usize, line: &str) -> Option<Diagnostic> {
    for (column, c) in line.chars().enumerate() {
        let column = column + 1;
        match c {
            ' ' => {}
            '\t' => {
                return Some(
                    Diagnostic::new(path, number, column, "a tab in the indentation").hint(
                        "YAML indents with spaces only: replace the tab with spaces (two per level)",
                    ),
                );
            }
            '\u{3000}' => {
                return Some(
                    Diagnostic::new(
                        path,
                        number,
                        column,
                        "a full-width space (U+3000) in the indentation",
                    )
                    .hint("indent with half-width spaces (半角スペース): turn the IME off while indenting"),
                );
            }
            _ => return None,
        }
    }
    None
}

/// `actual： 25.0`: a key followed by a full-width colon, which YAML reads as plain text.
fn full_width_colon(path: &Path, number: usize, line: &str) -> Option<Diagnostic> {
    let content = line.trim_start();
    let content = content.strip_prefix("- ").unwrap_or(content).trim_start();
    let (key, _) = content.split_once('：')?;
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let column = line.chars().take_while(|&c| c != '：').count() + 1;
    Some(
        Diagnostic::new(
            path,
            number,
            column,
            format!("a full-width colon `：` after `{key}`"),
        )
        .hint(format!(
            "write a half-width colon and a space: `{key}: …` (turn the IME off)"
        )),
    )
}

/// Whether a line ends in a block scalar's indicator: `commentary: |`, `- >-`.
fn opens_block_scalar(content: &str) -> bool {
    let content = content.split(" #").next().unwrap_or(content).trim_end();
    let last = content.rsplit([' ', '\t']).next().unwrap_or(content);
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
        && (content.len() == last.len()
            || content.ends_with(&format!(": {last}"))
            || content.ends_with(&format!("- {last}")))
}

/// Control characters and characters that show as nothing.
fn characters(path: &Path, number: usize, line: &str, found: &mut Vec<Diagnostic>) {
    if !may_hold_unwanted(line) {
        return;
    }
    for (column, c) in line.chars().enumerate() {
        let column = column + 1;
        if c != '\t' && (c.is_control()) {
            found.push(
                Diagnostic::new(
                    path,
                    number,
                    column,
                    format!("a control character U+{:04X}", u32::from(c)),
                )
                .hint("delete it: it was probably pasted from another program and cannot be seen"),
            );
        } else if let Some(name) = invisible(c) {
            found.push(
                Diagnostic::new(
                    path,
                    number,
                    column,
                    format!("an invisible character U+{:04X} ({name})", u32::from(c)),
                )
                .hint("delete it: most editors do not show it (it often comes with text pasted from a web page or a PDF)"),
            );
        }
    }
}

/// Whether the line has a byte that starts a control or invisible character (ASCII controls
/// but tab; `C2` for U+0080–U+00BF; `E2 80`, `E2 81` for U+2000–U+207F; `EF BB` for U+FEC0–
/// U+FEFF): most lines have none, and need no look at each character.
fn may_hold_unwanted(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        0x00..=0x08 | 0x0A..=0x1F | 0x7F | 0xC2 => true,
        0xE2 => matches!(bytes.get(i + 1), Some(0x80 | 0x81)),
        0xEF => bytes.get(i + 1) == Some(&0xBB),
        _ => false,
    })
}

fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}'..='\u{202E}' => "BIDIRECTIONAL FORMATTING",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}'..='\u{2069}' => "BIDIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        lint(Path::new("f.yaml"), text)
            .iter()
            .map(|d| {
                let (line, column) = d.position.unwrap_or_default();
                format!("{line}:{column}: {}", d.message)
            })
            .collect()
    }

    /// The quick look misses no character the full one reports.
    #[test]
    fn every_unwanted_character_is_seen_by_the_quick_look() {
        let mut unwanted = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if (c != '\t' && c.is_control()) || invisible(c).is_some() {
                unwanted += 1;
                assert!(
                    may_hold_unwanted(&format!("あ{c}い")),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
        assert!(unwanted > 60, "{unwanted}");
        assert!(!may_hold_unwanted(
            "令和3年度の実績値は6,727人（暫定値）。\tタブ"
        ));
    }

    #[test]
    fn block_scalars_keep_their_text() {
        // Japanese paragraphs start with a full-width space; tabs and colons are text here.
        let text = "kpis:\n  a:\n    commentary: |\n      　段落。\n      \tタブ：も可\n\n      ---\n    actual: 1\n";
        assert_eq!(messages(text), Vec::<String>::new());
    }

    #[test]
    fn each_mistake_at_its_line_and_column() {
        let text = "a: 1\n\tb: 2\n　　c: 3\nd： 4\n- e：5\nf: x\u{200B}y\ng: \u{1}\n---\nh: 1\n";
        assert_eq!(
            messages(text),
            [
                "2:1: a tab in the indentation",
                "3:1: a full-width space (U+3000) in the indentation",
                "4:2: a full-width colon `：` after `d`",
                "5:4: a full-width colon `：` after `e`",
                "6:5: an invisible character U+200B (ZERO WIDTH SPACE)",
                "7:4: a control character U+0001",
                "8:1: a second YAML document starts here (`---`)",
            ]
        );
    }

    #[test]
    fn a_leading_document_marker_is_fine() {
        assert_eq!(messages("# comment\n---\na: 1\n"), Vec::<String>::new());
    }
}
#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn nesting_deeper_than_the_limit_is_found() {
        let deep = format!("a: {}1{}\n", "[".repeat(40), "]".repeat(40));
        let d = too_deep(Path::new("f.yaml"), &deep).expect("too deep");
        assert_eq!(
            (d.position, d.message.as_str()),
            (Some((1, 35)), "nested too deeply")
        );
        let fine = format!("a: {}1{}\n", "[".repeat(20), "]".repeat(20));
        assert!(too_deep(Path::new("f.yaml"), &fine).is_none());
    }
}

//! Edits a fiscal-year file's text in place, so its comments, order and layout stay as they are:
//! only the lines of the values that change are replaced, and entries or keys that are missing
//! are added at the end of their section or entry.
//!
//! The file is read as lines of block-style YAML, as content/README.md writes it: top-level
//! `kpis:` and `projects:`, entries indented under them, keys indented under each entry. A value
//! spans its key's line and every following line indented deeper (or blank), such as a `|` block.

use anyhow::{Result, bail};

/// A value to write under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Written on the key's line: `actual: 36.0`; empty for `actual:`.
    Inline(String),
    /// Markdown text as a literal block (`|`), or quoted when a block cannot hold it exactly.
    Text(String),
    /// A list of text, one item per line (`[]` when empty).
    List(Vec<String>),
    /// Remove the key.
    Remove,
}

/// A fiscal-year file's lines, being edited.
pub struct Doc {
    lines: Vec<String>,
    /// The file's line end, kept: `\r\n` when it was written on Windows.
    newline: &'static str,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Whether `line` (at `at` spaces) is the key `key`, and what follows its colon.
fn key_rest<'a>(line: &'a str, at: usize, key: &str) -> Option<&'a str> {
    if indent(line) != at {
        return None;
    }
    let rest = line[at..].strip_prefix(key)?.strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(rest)
}

/// What follows a key's colon, without a trailing comment: empty when the value is on the next
/// lines.
fn inline_value(rest: &str) -> &str {
    let rest = rest.trim();
    if rest.starts_with('#') {
        return "";
    }
    match rest.find(" #") {
        Some(at) => rest[..at].trim_end(),
        None => rest,
    }
}

/// The comment after a key's value, with its `#`; empty when there is none.
fn trailing_comment(rest: &str) -> &str {
    let rest = rest.trim();
    if rest.starts_with('#') {
        return rest;
    }
    rest.find(" #").map_or("", |at| rest[at..].trim())
}

impl Doc {
    pub fn new(text: &str) -> Doc {
        Doc {
            lines: text.lines().map(str::to_string).collect(),
            newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
        }
    }

    pub fn text(&self) -> String {
        let mut text = self.lines.join(self.newline);
        text.push_str(self.newline);
        text
    }

    /// The end (exclusive) of the block that starts at `start` with indent `at`: the next line
    /// that is not blank and is indented no deeper.
    fn block_end(&self, start: usize, at: usize) -> usize {
        (start + 1..self.lines.len())
            .find(|&i| !is_blank(&self.lines[i]) && indent(&self.lines[i]) <= at)
            .unwrap_or(self.lines.len())
    }

    /// `end` moved back over trailing blank lines (and, with `comments`, comment lines), never
    /// before `floor`.
    fn trim_back(&self, floor: usize, mut end: usize, comments: bool) -> usize {
        while end > floor
            && (is_blank(&self.lines[end - 1]) || (comments && is_comment(&self.lines[end - 1])))
        {
            end -= 1;
        }
        end
    }

    /// The indent of the first content line in `from..to`, or `default`.
    fn child_indent(&self, from: usize, to: usize, default: usize) -> usize {
        (from..to)
            .map(|i| &self.lines[i])
            .find(|l| !is_blank(l) && !is_comment(l))
            .map_or(default, |l| indent(l))
    }

    /// Sets `section.id.key` to `value`, adding the section, the entry or the key when missing.
    pub fn set(&mut self, section: &str, id: &str, key: &str, value: &Value) -> Result<()> {
        let s =
            match (0..self.lines.len()).find(|&i| key_rest(&self.lines[i], 0, section).is_some()) {
                Some(s) => s,
                None => {
                    let end = self.trim_back(0, self.lines.len(), false);
                    self.lines.insert(end, format!("{section}:"));
                    end
                }
            };
        let rest = key_rest(&self.lines[s], 0, section)
            .unwrap_or("")
            .to_string();
        match inline_value(&rest) {
            "" => {}
            "{}" | "~" | "null" => self.lines[s] = format!("{section}:"),
            other => bail!(
                "line {}: `{section}: {other}` is written on one line; write its entries one per line \
                 (as content/README.md shows) and import again",
                s + 1
            ),
        }
        let section_end = (s + 1..self.lines.len())
            .find(|&i| {
                let l = &self.lines[i];
                !is_blank(l) && !is_comment(l) && indent(l) == 0
            })
            .unwrap_or(self.lines.len());
        let entry_at = self.child_indent(s + 1, section_end, 2).max(1);
        let key_default = entry_at + 2;
        let Some(e) =
            (s + 1..section_end).find(|&i| key_rest(&self.lines[i], entry_at, id).is_some())
        else {
            // A new entry, at the end of the section (before comments that open the next one).
            let at = self.trim_back(s + 1, section_end, true);
            let mut lines = vec![format!("{}{id}:", " ".repeat(entry_at))];
            lines.extend(render(key, value, key_default));
            self.lines.splice(at..at, lines);
            return Ok(());
        };
        let rest = key_rest(&self.lines[e], entry_at, id)
            .unwrap_or("")
            .to_string();
        match inline_value(&rest) {
            "" => {}
            "{}" | "~" | "null" => {
                let comment = trailing_comment(&rest);
                self.lines[e] = format!("{}{id}:", " ".repeat(entry_at));
                if !comment.is_empty() {
                    self.lines[e].push_str(&format!(" {comment}"));
                }
            }
            other => bail!(
                "line {}: the entry `{id}: {other}` is written on one line; write its fields one per \
                 line (as content/README.md shows) and import again",
                e + 1
            ),
        }
        let entry_end = self.block_end(e, entry_at);
        let key_at = self.child_indent(e + 1, entry_end, key_default);
        let found = (e + 1..entry_end).find(|&i| key_rest(&self.lines[i], key_at, key).is_some());
        match found {
            Some(k) => {
                let end = self.trim_back(k + 1, self.block_end(k, key_at), false);
                let new = if *value == Value::Remove {
                    Vec::new()
                } else {
                    render(key, value, key_at)
                };
                self.lines.splice(k..end, new);
            }
            None if *value == Value::Remove => {}
            None => {
                let at = self.trim_back(e + 1, entry_end, true);
                self.lines.splice(at..at, render(key, value, key_at));
            }
        }
        Ok(())
    }
}

/// The lines of `key: value` at `at` spaces.
fn render(key: &str, value: &Value, at: usize) -> Vec<String> {
    let pad = " ".repeat(at);
    let deeper = " ".repeat(at + 2);
    match value {
        Value::Inline(text) if text.is_empty() => vec![format!("{pad}{key}:")],
        Value::Inline(text) => vec![format!("{pad}{key}: {text}")],
        Value::Text(text) if text.is_empty() => vec![format!("{pad}{key}:")],
        Value::Text(text) if fits_block(text) => {
            let mut lines = vec![format!("{pad}{key}: |")];
            lines.extend(text.trim_end_matches('\n').split('\n').map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("{deeper}{l}")
                }
            }));
            lines
        }
        Value::Text(text) => vec![format!("{pad}{key}: {}", quoted(text))],
        Value::List(items) if items.is_empty() => vec![format!("{pad}{key}: []")],
        Value::List(items) => {
            let mut lines = vec![format!("{pad}{key}:")];
            lines.extend(items.iter().map(|i| format!("{deeper}- {}", scalar(i))));
            lines
        }
        Value::Remove => Vec::new(),
    }
}

/// Whether a literal block `|` gives back exactly `text`: one final line break, no leading
/// space on the first line, no whitespace-only lines and no control characters.
fn fits_block(text: &str) -> bool {
    let body = text.strip_suffix('\n').unwrap_or(text);
    !body.is_empty()
        && text.ends_with('\n')
        && !body.ends_with('\n')
        && !body.starts_with([' ', '\t'])
        && !body
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        && body
            .split('\n')
            .all(|l| l.is_empty() || !l.trim().is_empty())
        && !body
            .split('\n')
            .any(|l| l.ends_with([' ', '\t']) && l.trim().is_empty())
}

/// A one-line text as a plain scalar where YAML reads it back as the same text (text with a
/// Japanese character and nothing YAML treats specially), else double-quoted.
pub fn scalar(text: &str) -> String {
    let special_start = text.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ', '\t',
    ]);
    let plain = !text.is_empty()
        && !special_start
        && !text.is_ascii()
        && !text.ends_with([' ', '\t', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.chars().any(char::is_control);
    if plain {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// A YAML double-quoted scalar.
pub fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# header comment
fiscal_year: 2023
kpis:
  # 就業者数（単位: 人）
  employed-persons:
    actual:
    commentary:
  # 就職率
  hs-rate:
    actual: 25.0
    commentary: |
      前の所見。

      二段落目。
projects:
  # 事業
  school:
    commentary:
    activities: []
";

    #[test]
    fn replaces_values_in_place_and_keeps_comments() {
        let mut doc = Doc::new(FILE);
        doc.set(
            "kpis",
            "employed-persons",
            "actual",
            &Value::Inline("6,120".into()),
        )
        .unwrap();
        doc.set(
            "kpis",
            "hs-rate",
            "commentary",
            &Value::Text("新しい所見。\n".into()),
        )
        .unwrap();
        doc.set(
            "kpis",
            "hs-rate",
            "status",
            &Value::Inline("provisional".into()),
        )
        .unwrap();
        doc.set(
            "projects",
            "school",
            "activities",
            &Value::List(vec!["説明会の開催".into(), "- 箇条".into()]),
        )
        .unwrap();
        doc.set("kpis", "new-kpi", "actual", &Value::Inline("3".into()))
            .unwrap();
        assert_eq!(
            doc.text(),
            "\
# header comment
fiscal_year: 2023
kpis:
  # 就業者数（単位: 人）
  employed-persons:
    actual: 6,120
    commentary:
  # 就職率
  hs-rate:
    actual: 25.0
    commentary: |
      新しい所見。
    status: provisional
  new-kpi:
    actual: 3
projects:
  # 事業
  school:
    commentary:
    activities:
      - 説明会の開催
      - \"- 箇条\"
"
        );
    }

    #[test]
    fn removes_keys_and_adds_missing_sections() {
        let mut doc =
            Doc::new("fiscal_year: 2023\nkpis:\n  a:\n    actual: 1\n    status: confirmed\n");
        doc.set("kpis", "a", "status", &Value::Remove).unwrap();
        doc.set("projects", "p", "activities", &Value::List(vec![]))
            .unwrap();
        assert_eq!(
            doc.text(),
            "fiscal_year: 2023\nkpis:\n  a:\n    actual: 1\nprojects:\n  p:\n    activities: []\n"
        );
    }

    #[test]
    fn windows_line_ends_are_kept() {
        let mut doc = Doc::new("fiscal_year: 2023\r\nkpis:\r\n  a:\r\n    actual:\r\n");
        doc.set("kpis", "a", "actual", &Value::Inline("5".into()))
            .unwrap();
        assert_eq!(
            doc.text(),
            "fiscal_year: 2023\r\nkpis:\r\n  a:\r\n    actual: 5\r\n"
        );
    }

    #[test]
    fn text_that_a_block_cannot_hold_is_quoted() {
        assert!(fits_block("一行\n\n二行\n"));
        assert!(!fits_block(" 字下げ\n"));
        assert!(!fits_block("末尾なし"));
        assert_eq!(
            render("c", &Value::Text(" 字下げ".into()), 4),
            ["    c: \" 字下げ\""]
        );
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("説明会: 3回"), "\"説明会: 3回\"");
        assert_eq!(scalar("説明会の開催"), "説明会の開催");
    }
}

//! Finds where a field sits in a YAML file, for problems found after parsing.
//!
//! serde gives positions only for its own errors; a problem such as "no KPI with this id" is found
//! later, on the parsed data. This module re-reads the source (only when there is a problem) and
//! maps a field path such as `goals.0.measures.1.title` to its line and column.

use yaml_rust2::parser::{Event, Parser};

/// The 1-based (line, column) of the field at `path` in `source`: of the key for a mapping entry,
/// of the item for a sequence entry. `None` if the path is not in the file.
pub fn locate(source: &str, path: &[String]) -> Option<(usize, usize)> {
    if path.is_empty() {
        return Some((1, 1));
    }
    let mut parser = Parser::new_from_str(source);
    let mut stack: Vec<Frame> = Vec::new();
    // The path from the root down to the node about to start, one segment per open frame.
    let mut current: Vec<String> = Vec::new();
    loop {
        let (event, mark) = parser.next_token().ok()?;
        let position = (mark.line(), mark.col() + 1);
        match event {
            Event::StreamEnd => return None,
            Event::Scalar(ref text, ..)
                if matches!(stack.last(), Some(Frame::Map { key: None })) =>
            {
                if let Some(Frame::Map { key }) = stack.last_mut() {
                    *key = Some(text.clone());
                }
                current.push(text.clone());
                if current == path {
                    return Some(position);
                }
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                end_value(&mut stack, &mut current);
                continue;
            }
            _ => {}
        }
        // A value starts: a scalar, an alias, or a collection.
        if let Some(Frame::Seq { index }) = stack.last() {
            current.push(index.to_string());
            if current == path {
                // A block mapping's start is marked after its first key: point at that key.
                return match event {
                    Event::MappingStart(..) => match parser.next_token().ok()? {
                        (Event::Scalar(..), key) => Some((key.line(), key.col() + 1)),
                        _ => Some(position),
                    },
                    _ => Some(position),
                };
            }
        }
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { key: None }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { index: 0 }),
            Event::Scalar(..) | Event::Alias(..) => end_value(&mut stack, &mut current),
            _ => {}
        }
    }
}

enum Frame {
    Map { key: Option<String> },
    Seq { index: usize },
}

/// Closes the value just read: a mapping waits for its next key, a sequence moves on.
fn end_value(stack: &mut [Frame], current: &mut Vec<String>) {
    match stack.last_mut() {
        Some(Frame::Map { key }) => {
            *key = None;
            current.pop();
        }
        Some(Frame::Seq { index }) => {
            *index += 1;
            current.pop();
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str, path: &str) -> Option<(usize, usize)> {
        let path: Vec<String> = path.split('.').map(String::from).collect();
        locate(source, &path)
    }

    const DOC: &str = "\
name: 砂川市
goals:
  - id: goal-1
    measures:
      - title: a
      - title: b
        projects: [{id: p1}, {id: p2}]
  - id: goal-2
kpis:
  hs-rate:
    actual: 25.0
";

    #[test]
    fn finds_keys_and_items() {
        assert_eq!(at(DOC, "name"), Some((1, 1)));
        assert_eq!(at(DOC, "goals.0"), Some((3, 5)));
        assert_eq!(at(DOC, "goals.0.measures.1.title"), Some((6, 9)));
        assert_eq!(at(DOC, "goals.0.measures.1.projects.1.id"), Some((7, 31)));
        assert_eq!(at(DOC, "goals.1.id"), Some((8, 5)));
        assert_eq!(at(DOC, "kpis.hs-rate.actual"), Some((11, 5)));
    }

    #[test]
    fn missing_paths_are_none() {
        assert_eq!(at(DOC, "goals.2"), None);
        assert_eq!(at(DOC, "kpis.other"), None);
    }
}

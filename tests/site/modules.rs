//! The modules of `src/` depend on each other one way only.
//!
//! Reads every source file's `use` declarations and `crate::`/`super::`/`self::` paths (test
//! modules left out), resolves each to the module it names, and records an edge between the two
//! sibling modules that contain the user and the used (`render::view::kpi` → `render::view::
//! kpi_chart`; `opendata` → `render`). A module may use its own ancestors and descendants: a
//! folder module is one unit with its files. Every group of siblings must be free of cycles.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type ModPath = Vec<String>;

#[test]
fn src_modules_have_no_dependency_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = module_files(&src);
    let edges = sibling_edges(&files);
    assert!(
        edges.len() > 20,
        "the scan finds the crate's dependencies: {edges:?}"
    );
    let cycles = cycles(&edges);
    assert!(
        cycles.is_empty(),
        "dependency cycles between modules: {cycles:#?}"
    );
}

#[test]
fn the_scan_finds_a_cycle_between_siblings_but_not_with_a_parent() {
    let files: BTreeMap<ModPath, String> = [
        ("", "mod a; mod b; mod c;"),
        ("a", "use crate::b::Thing;\nfn f() { super::c::g(); }"),
        ("b", "use super::a::{x, y::z};"),
        ("c", "mod d; use d::Inner;"),
        ("c::d", "use super::Outer; use crate::c::Other;"),
    ]
    .into_iter()
    .map(|(path, text)| (split(path), text.to_string()))
    .collect();
    let edges = sibling_edges(&files);
    assert_eq!(
        cycles(&edges),
        [vec![split("a"), split("b")]],
        "a ↔ b is a cycle; c ↔ c::d is a module and its part"
    );
    assert!(edges.contains(&(split("a"), split("c"))));
}

fn split(path: &str) -> ModPath {
    path.split("::")
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Every `.rs` file under `src/` by module path (`lib.rs` and `main.rs` are the root), without
/// its `#[cfg(test)]` module.
fn module_files(src: &Path) -> BTreeMap<ModPath, String> {
    walkdir::WalkDir::new(src)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter(|e| e.file_name() != "main.rs")
        .map(|e| {
            let rel = e.path().strip_prefix(src).unwrap().with_extension("");
            let mut path: ModPath = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
                path.pop();
            }
            let text = fs::read_to_string(e.path()).unwrap();
            let code = match text.find("#[cfg(test)]") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            (path, code)
        })
        .collect()
}

/// Edges between sibling modules, from each file's references.
fn sibling_edges(files: &BTreeMap<ModPath, String>) -> BTreeSet<(ModPath, ModPath)> {
    let modules: BTreeSet<&ModPath> = files.keys().collect();
    let mut edges = BTreeSet::new();
    for (user, code) in files {
        for reference in references(&strip_comments(code)) {
            let Some(target) = resolve(user, &reference, &modules) else {
                continue;
            };
            let common = user.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common < user.len() && common < target.len() {
                edges.insert((user[..=common].to_vec(), target[..=common].to_vec()));
            }
        }
    }
    edges
}

/// The module a path names: the longest prefix that is a module, from the root (`crate::`),
/// the parent (`super::`), this module (`self::`) or a child module named first.
fn resolve(user: &ModPath, path: &[String], modules: &BTreeSet<&ModPath>) -> Option<ModPath> {
    let (mut base, rest) = match path.first()?.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (user.clone(), &path[1..]),
        "super" => {
            let mut base = user.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => (user.clone(), path),
    };
    let start = base.len();
    for segment in rest {
        base.push(segment.clone());
        if !modules.contains(&base) {
            base.pop();
            break;
        }
    }
    // A bare name that is no child module is an external crate or a local item.
    (base.len() > start || matches!(path[0].as_str(), "crate" | "self" | "super")).then_some(base)
}

/// Every path a file names: each leaf of its `use` trees, and inline `crate::`/`super::`/
/// `self::` paths.
fn references(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "use ") {
        let after = &rest[at + 4..];
        let end = after.find(';').unwrap_or(after.len());
        expand(&after[..end], &mut Vec::new(), &mut out);
        rest = &after[end..];
    }
    let bytes = code.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start).map(|i| i + from) {
            from = at + start.len();
            if at > 0
                && (bytes[at - 1].is_ascii_alphanumeric()
                    || bytes[at - 1] == b'_'
                    || bytes[at - 1] == b':')
            {
                continue;
            }
            let len = code[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(code.len() - at);
            out.push(split(code[at..at + len].trim_end_matches(':')));
        }
    }
    out
}

/// The leaves of a use tree such as `crate::model::{City, raw::{A, B}}`.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let mut path = prefix.clone();
        path.extend(split(tree.split(" as ").next().unwrap_or("").trim()));
        out.push(path);
        return;
    };
    let head = split(tree[..open].trim().trim_end_matches("::"));
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let depth = prefix.len();
    prefix.extend(head);
    let mut level = 0;
    let mut item = String::new();
    for c in inner.chars().chain([',']) {
        match c {
            '{' => level += 1,
            '}' => level -= 1,
            ',' if level == 0 => {
                if !item.trim().is_empty() {
                    expand(&item, prefix, out);
                }
                item.clear();
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    prefix.truncate(depth);
}

/// `use ` at the start of a statement (not inside a word such as `reuse `).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find(word).map(|i| i + from) {
        let before = text[..at].chars().next_back();
        if before.is_none_or(|c| c.is_whitespace() || c == ';' || c == '{' || c == '}') {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The code without `//` comments (doc comments mention paths in prose).
fn strip_comments(code: &str) -> String {
    code.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each cycle in the graph once, as its modules in order from the smallest.
fn cycles(edges: &BTreeSet<(ModPath, ModPath)>) -> Vec<Vec<ModPath>> {
    let mut graph: BTreeMap<&ModPath, Vec<&ModPath>> = BTreeMap::new();
    for (a, b) in edges {
        graph.entry(a).or_default().push(b);
    }
    let mut found = BTreeSet::new();
    for &start in graph.keys() {
        let mut stack = vec![(start, vec![start])];
        while let Some((node, trail)) = stack.pop() {
            for &next in graph.get(node).into_iter().flatten() {
                if next == start {
                    let mut cycle: Vec<ModPath> = trail.iter().map(|m| (*m).clone()).collect();
                    let min = (0..cycle.len()).min_by_key(|&i| &cycle[i]).unwrap_or(0);
                    cycle.rotate_left(min);
                    found.insert(cycle);
                } else if next > start && !trail.contains(&next) {
                    let mut trail = trail.clone();
                    trail.push(next);
                    stack.push((next, trail));
                }
            }
        }
    }
    found.into_iter().collect()
}

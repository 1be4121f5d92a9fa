//! A national-scale build runs in bounded memory: a build's peak memory does not grow with the
//! number of governments (cities are loaded, rendered and written a few at a time), and two
//! builds of the same content write the same bytes.
//!
//! Its own test binary, so that the children whose peak memory it reads (`getrusage` of the
//! waited-for children) are only the builds it starts.

use std::fs;
use std::path::Path;
use std::process::Command;

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

/// The largest peak resident set size (KiB) of the children waited for so far.
fn children_peak_kib() -> i64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    usage.ru_maxrss
}

fn build(root: &Path, output: &Path) {
    let run = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output)
        .arg("--base-url")
        .arg("https://example.org/kpi/")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Every file under `dir`, by path, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(dir).unwrap().display().to_string();
            (path, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn html_pages(dir: &Path) -> usize {
    tree(dir)
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count()
}

#[test]
fn peak_memory_does_not_grow_with_the_governments_and_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (small, large) = (15, 60);
    for n in [small, large] {
        synth::generate(n, 11, &dir.path().join(format!("site-{n}")), None).unwrap();
    }
    // The smaller site first: the children's peak is then the larger one's, unless the smaller
    // site's was higher (no growth at all).
    let out_small = dir.path().join("out-small");
    build(&dir.path().join(format!("site-{small}")), &out_small);
    let peak_small = children_peak_kib();
    let out_large = dir.path().join("out-large");
    build(&dir.path().join(format!("site-{large}")), &out_large);
    let peak_large = children_peak_kib();
    let (pages_small, pages_large) = (html_pages(&out_small), html_pages(&out_large));
    assert!(
        pages_large > pages_small * 3,
        "the larger site is about four times the smaller: {pages_large} against {pages_small} pages"
    );
    assert!(
        peak_large as f64 <= peak_small as f64 * 1.5,
        "peak memory grew with the number of governments: {peak_small} KiB for {small} \
         governments ({pages_small} pages), {peak_large} KiB for {large} ({pages_large} pages)"
    );
    eprintln!(
        "peak RSS: {peak_small} KiB for {small} governments ({pages_small} pages), \
         {peak_large} KiB for {large} ({pages_large} pages)"
    );

    // The same content, built again, gives the same bytes.
    let again = dir.path().join("out-again");
    build(&dir.path().join(format!("site-{small}")), &again);
    let (first, second) = (tree(&out_small), tree(&again));
    assert_eq!(first.len(), second.len());
    for ((path_a, bytes_a), (path_b, bytes_b)) in first.iter().zip(&second) {
        assert_eq!(path_a, path_b);
        assert!(bytes_a == bytes_b, "{path_a} differs between two builds");
    }
}

//! `--output` as staff spell it: through a link, with `./`, in a folder that does not exist yet,
//! inside `content/` by mistake, or over an old site with read-only files.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use super::{build_into, copy_tree, fixture, sample_root, tree};

/// Every entry under `dir` (files and folders), by relative path.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            e.path().strip_prefix(dir).unwrap().display().to_string()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn an_output_symlink_is_followed_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("public");
    let link = dir.path().join("output");
    fs::create_dir(&real).unwrap();
    symlink("public", &link).unwrap();
    build_into(&fixture("basic"), &link).unwrap();
    build_into(&sample_root(), &link).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert!(
        real.join("sunagawa/index.html").is_file(),
        "the real folder has the new site"
    );
    assert!(
        !real.join("town").exists(),
        "and nothing of the previous one"
    );
    // One lock, beside the real folder, whichever spelling was used.
    let locks: Vec<String> = names(dir.path())
        .into_iter()
        .filter(|n| n.ends_with("mieruka-lock"))
        .collect();
    assert_eq!(locks, [".public.mieruka-lock"]);
}

#[test]
fn dot_spellings_and_missing_parents_work() {
    let dir = tempfile::tempdir().unwrap();
    build_into(&fixture("basic"), &dir.path().join("out/./")).unwrap();
    assert!(dir.path().join("out/town/index.html").is_file());
    let nested = dir.path().join("a/b/site");
    build_into(&fixture("basic"), &nested).unwrap();
    assert!(
        nested.join("town/index.html").is_file(),
        "missing parents are created"
    );
}

#[test]
fn a_refused_output_writes_nothing_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("basic"), &root);
    let before = names(dir.path());
    for output in ["content/output", "content/town/../out", "content", "."] {
        let error = build_into(&root, &root.join(output))
            .expect_err(output)
            .to_string();
        assert!(
            error.contains("inside the content folder")
                || error.contains("holds the content folder"),
            "{output}: {error}"
        );
    }
    let documents = dir.path().join("documents");
    fs::create_dir(&documents).unwrap();
    fs::write(documents.join("memo.txt"), "大事").unwrap();
    let error = build_into(&root, &documents).expect_err("not mieruka's folder");
    assert!(error.to_string().contains("refusing to replace"), "{error}");
    fs::remove_dir_all(&documents).unwrap();
    assert_eq!(names(dir.path()), before, "no lock file, no folder left");
}

/// Runs `chattr` on `path`; false when the file system or the sandbox does not allow it.
fn chattr(flag: &str, path: &Path) -> bool {
    Command::new("chattr")
        .arg(flag)
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_read_only_old_site_does_not_fail_this_build_or_later_ones() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("output");
    build_into(&fixture("basic"), &output).unwrap();
    let stuck = output.join("town/index.html");
    // An immutable file stops even root from deleting it (a read-only upload folder).
    if !chattr("+i", &stuck) {
        eprintln!("skipped: chattr +i is not available here, so a file cannot be made undeletable");
        return;
    }
    let result = build_into(&sample_root(), &output);
    let second = build_into(&sample_root(), &output);
    let third = build_into(&fixture("basic"), &output);
    // Release the file before asserting, so the temporary folder can be removed.
    for entry in walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().ends_with("town/index.html") {
            chattr("-i", entry.path());
        }
    }
    result.expect("the new site is live, so the build succeeded");
    second.expect("a later build works around the leftover");
    third.expect("and so does the one after");
    let fresh = tempfile::tempdir().unwrap();
    build_into(&fixture("basic"), &fresh.path().join("site")).unwrap();
    assert_eq!(
        tree(&output),
        tree(&fresh.path().join("site")),
        "the output is exactly the last build's site"
    );
}

#[test]
fn content_without_cities_does_not_replace_a_published_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("basic"), &root);
    let output = dir.path().join("output");
    build_into(&root, &output).unwrap();
    let published = tree(&output);
    fs::remove_dir_all(root.join("content/town")).unwrap();
    let error = build_into(&root, &output).expect_err("an empty site must not replace it");
    assert!(error.to_string().contains("has no city folders"), "{error}");
    assert_eq!(tree(&output), published);
}

//! `write`: put the rendered pages on disk, all or nothing.
//!
//! Pages go into a staging folder beside the output; only when every file is written is the
//! staging folder swapped in, in one atomic step where the system allows. A build that fails or
//! is killed leaves the previous output as it was; the next build clears what it left behind.
//! A lock file beside the output keeps two builds from writing the same output at once.

use std::fs::{self, File, TryLockError};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::output::{Page, Sink};

/// The file that marks a folder as mieruka's output, so a build never replaces anything else.
pub const MARKER: &str = ".mieruka-output";

/// Resolves `--output` once, before anything is written: the real folder it names, with a
/// symbolic link followed and `.`/trailing slashes dropped, so every spelling of one folder takes
/// the same lock and the swap replaces the real folder, never the link. Refuses an output inside
/// `content/` (or holding it) and a folder mieruka did not make, writing nothing.
pub fn resolve_output(root: &Path, output: &Path) -> Result<PathBuf> {
    let typed = output.display().to_string();
    let absolute =
        std::path::absolute(output).with_context(|| format!("resolving --output {typed}"))?;
    let real = match fs::symlink_metadata(&absolute) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(&absolute).with_context(|| {
            format!("--output {typed} is a symbolic link to something that does not exist; point it at a folder or choose another --output")
        })?,
        _ => {
            let name = absolute
                .file_name()
                .filter(|_| !absolute.ends_with(".."))
                .with_context(|| {
                    format!("--output {typed} has no folder name; choose another --output")
                })?;
            let parent = absolute.parent().unwrap_or(Path::new("/"));
            real_parent(parent)
                .with_context(|| format!("resolving --output {typed}"))?
                .join(name)
        }
    };
    if let Ok(content) = fs::canonicalize(root.join("content")) {
        if real.starts_with(&content) {
            bail!(
                "--output {typed} is inside the content folder {}: the site would be read back as content; choose a folder outside content/, e.g. output",
                content.display()
            );
        }
        if content.starts_with(&real) {
            bail!(
                "--output {typed} holds the content folder {}: building would replace the content; choose a folder of its own, e.g. output",
                content.display()
            );
        }
    }
    check_replaceable(&real)?;
    Ok(real)
}

/// The canonical form of `dir`, which may not exist yet: its nearest existing ancestor resolved,
/// the rest appended as written.
fn real_parent(dir: &Path) -> Result<PathBuf> {
    let mut missing = Vec::new();
    let mut existing = dir;
    while fs::symlink_metadata(existing).is_err() {
        missing.push(
            existing
                .file_name()
                .with_context(|| format!("{} cannot be resolved", dir.display()))?,
        );
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    let mut real =
        fs::canonicalize(existing).with_context(|| format!("resolving {}", existing.display()))?;
    real.extend(missing.iter().rev());
    Ok(real)
}

/// Writes `pages` as the new content of `output` (as given by [`resolve_output`]), replacing
/// what was there. A missing parent folder is created.
pub fn write(output: &Path, pages: &[Page]) -> Result<()> {
    let staged = Staged::begin(output)?;
    for page in pages {
        staged.put(page.clone())?;
    }
    staged.finish()
}

/// A build's output while it is made: files go into the staging folder as soon as they are
/// rendered (from any thread), and [`Staged::finish`] swaps the complete folder in. Dropped
/// unfinished (a failed build), the staging folder is removed and the output left as it was.
#[derive(Debug)]
pub struct Staged {
    _lock: Lock,
    output: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
    finished: bool,
}

impl Staged {
    /// Locks `output` and starts an empty staging folder beside it.
    /// A missing parent folder is created.
    pub fn begin(output: &Path) -> Result<Staged> {
        check_replaceable(output)?;
        if let Some(parent) = output.parent() {
            fs::create_dir_all(parent).with_context(|| {
                format!("creating the folder {} for the output", parent.display())
            })?;
        }
        let lock = lock(output)?;
        recover(output, &sibling(output, "new")?, &sibling(output, "old")?)?;
        check_replaceable(output)?;
        let staging = free_sibling(output, "new")?;
        let previous = free_sibling(output, "old")?;
        fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;
        fs::write(
            staging.join(MARKER),
            "This folder is written by `mieruka build`; it is replaced on every build.\n",
        )
        .with_context(|| format!("writing the marker in {}", staging.display()))?;
        Ok(Staged {
            _lock: lock,
            output: output.to_path_buf(),
            staging,
            previous,
            finished: false,
        })
    }

    /// Swaps the staged folder in as the output.
    pub fn finish(self) -> Result<()> {
        self.finish_reusing(&[])
    }

    /// Moves `folders` (paths from the root, e.g. a city's folder unchanged since the previous
    /// build) from the previous output into the staged one, then swaps the staged folder in as
    /// the output: a rename each, however many files they hold. Until the swap, a journal
    /// beside the output names them, so a build killed in between has them moved back
    /// (see `recover`); a failed move or swap moves them back at once.
    pub fn finish_reusing(mut self, folders: &[String]) -> Result<()> {
        self.finished = true;
        let journal = sibling(&self.output, "moved")?;
        if folders.is_empty() {
            return swap_in(&self.staging, &self.output, &self.previous);
        }
        // The staging folder first, then the folders.
        let text = format!("{}\n{}\n", self.staging.display(), folders.join("\n"));
        fs::write(&journal, text).with_context(|| format!("writing {}", journal.display()))?;
        let mut moved = Vec::new();
        let mut result = folders.iter().try_for_each(|folder| {
            let (from, to) = (self.output.join(folder), self.staging.join(folder));
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            fs::rename(&from, &to).with_context(|| {
                format!(
                    "moving {} into the new output; if the output was changed by hand, remove {} to build every city again",
                    from.display(),
                    self.output.join(crate::manifest::FILE).display()
                )
            })?;
            moved.push(folder.as_str());
            Ok(())
        });
        if result.is_ok() {
            result = swap_in(&self.staging, &self.output, &self.previous);
        }
        // The journal goes once nothing is left to move back (else the next build does it).
        if result.is_ok() || move_back(&moved, &self.staging, &self.output) {
            let _ = fs::remove_file(&journal);
        }
        result
    }

    /// Opens the file at site path `page` with `options`, creating its folder when it is not
    /// there yet (tried only then: most files go into a folder made for an earlier one).
    fn open(
        &self,
        page: &str,
        options: &fs::OpenOptions,
    ) -> Result<(PathBuf, std::io::Result<File>)> {
        let path = self.staging.join(page);
        let mut opened = options.open(&path);
        if let (Err(e), Some(dir)) = (&opened, path.parent())
            && e.kind() == std::io::ErrorKind::NotFound
        {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            opened = options.open(&path);
        }
        Ok((path, opened))
    }
}

impl Sink for Staged {
    fn put(&self, page: Page) -> Result<()> {
        let (path, opened) = self.open(&page.path, File::options().write(true).create_new(true))?;
        // A safety net behind the reserved ids: two files at one path would silently lose one.
        let mut file = match opened {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
                "two files of the site would be written at {}: rename the city folder or theme file that produces it",
                page.path
            ),
            opened => opened.with_context(|| format!("writing {}", path.display()))?,
        };
        file.write_all(&page.bytes)
            .with_context(|| format!("writing {}", path.display()))
    }

    fn append(&self, page: &str, bytes: &[u8]) -> Result<()> {
        let (path, opened) = self.open(page, File::options().create(true).append(true))?;
        opened
            .and_then(|mut file| file.write_all(bytes))
            .with_context(|| format!("writing {}", path.display()))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.finished && self.staging.exists() {
            // Best effort: the next build clears it in any case (`recover`).
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// `sibling(output, what)`, or when an earlier build left that one behind and it could not be
/// removed (a read-only file in it), the first free `…-what-2`, `…-what-3`, ….
fn free_sibling(output: &Path, what: &str) -> Result<PathBuf> {
    let first = sibling(output, what)?;
    if fs::symlink_metadata(&first).is_err() {
        return Ok(first);
    }
    (2..1000)
        .map(|n| sibling(output, &format!("{what}-{n}")))
        .find(|p| {
            p.as_ref()
                .map_or(true, |p| fs::symlink_metadata(p).is_err())
        })
        .unwrap_or_else(|| {
            bail!(
                "too many leftovers beside {}; remove them",
                output.display()
            )
        })
}

/// Removes a leftover of this or an earlier build. The site itself is already in place, so a
/// leftover that cannot be removed (a read-only file in the old site) is a warning, not a failed
/// build: the next build works around it.
fn remove_leftover(dir: &Path) {
    if let Err(error) = fs::remove_dir_all(dir) {
        eprintln!(
            "warning: could not remove {}, left from a previous site: {error}\n    hint: the new site is in place; remove that folder by hand when you can (check for read-only files in it)",
            dir.display()
        );
    }
}

/// Holds the output's lock file locked; the lock is released when this is dropped, or by the
/// system when the process dies, so a killed build never leaves a stale lock.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Locks `output` for one build, or fails at once if another build holds it: waiting would
/// only write the same site twice, and a clear message beats a silent hang.
///
/// The lock file (`.<output>.mieruka-lock` beside the output) stays in place between builds;
/// deleting it while another build has it open would let a third build lock a new file.
pub fn lock(output: &Path) -> Result<Lock> {
    let path = sibling(output, "lock")?;
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock { _file: file }),
        Err(TryLockError::WouldBlock) => bail!(
            "another mieruka build is writing {} right now; wait for it to finish and run this one again",
            output.display()
        ),
        Err(TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("locking {}", path.display()))
        }
    }
}

/// Clears what a killed build left beside the output. The output itself is always a complete
/// site (or absent on a first build), so leftovers are removed, except in one case: a build
/// killed between the two renames of [`swap_in`]'s fallback leaves no output and the previous
/// site moved aside, which is moved back.
fn recover(output: &Path, staging: &Path, previous: &Path) -> Result<()> {
    if previous.exists() && !output.exists() {
        fs::rename(previous, output).with_context(|| {
            format!("restoring {} from {}", output.display(), previous.display())
        })?;
    }
    // Folders a killed build had moved out of the output and not yet swapped in with the rest.
    let journal = sibling(output, "moved")?;
    if let Ok(text) = fs::read_to_string(&journal) {
        let mut lines = text.lines();
        let moved_to = PathBuf::from(lines.next().unwrap_or_default());
        if move_back(&lines.collect::<Vec<_>>(), &moved_to, output) {
            fs::remove_file(&journal).with_context(|| format!("removing {}", journal.display()))?;
        }
    }
    for leftover in leftovers(output, staging, previous) {
        remove_leftover(&leftover);
    }
    Ok(())
}

/// Moves each of `folders` in `staging` back into `output`, where the output does not have it
/// (a build that moved it did not swap its staging folder in); whether all are back. A folder
/// that cannot be moved back stays where it is, and is said so.
fn move_back(folders: &[&str], staging: &Path, output: &Path) -> bool {
    let mut all = true;
    for folder in folders {
        let (from, to) = (staging.join(folder), output.join(folder));
        if !from.exists() || to.exists() {
            continue;
        }
        if let Err(error) = fs::rename(&from, &to) {
            all = false;
            eprintln!(
                "warning: could not move {} back to {}: {error}\n    hint: the next build tries again",
                from.display(),
                to.display()
            );
        }
    }
    all
}

/// The staging and previous-site folders earlier builds left beside `output`, numbered ones too.
fn leftovers(output: &Path, staging: &Path, previous: &Path) -> Vec<PathBuf> {
    let prefixes: Vec<String> = [staging, previous]
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    let Some(parent) = output.parent() else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            prefixes.iter().any(|p| {
                name == *p
                    || name
                        .strip_prefix(p.as_str())
                        .and_then(|rest| rest.strip_prefix('-'))
                        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
            })
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Puts the complete `staging` folder in place of `output`, then removes the previous site.
fn swap_in(staging: &Path, output: &Path, previous: &Path) -> Result<()> {
    if output.exists() && exchange(staging, output)? {
        // The previous site now sits in the staging folder.
        remove_leftover(staging);
        return Ok(());
    }
    // No atomic exchange here: two renames, which `recover` can undo if killed in between.
    if output.exists() {
        fs::rename(output, previous)
            .with_context(|| format!("moving {} aside", output.display()))?;
    }
    fs::rename(staging, output)
        .with_context(|| format!("moving the new site to {}", output.display()))?;
    if previous.exists() {
        remove_leftover(previous);
    }
    Ok(())
}

/// Swaps two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`), so there is no moment
/// without an output folder. `false` when the file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(errno) => Err(std::io::Error::from(errno))
            .with_context(|| format!("swapping {} into {}", a.display(), b.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<bool> {
    Ok(false)
}

/// Refuses an output folder that holds files mieruka did not write (`--output .` or a typo).
fn check_replaceable(output: &Path) -> Result<()> {
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        bail!(
            "{} exists and is not a folder; choose another --output",
            output.display()
        );
    }
    let empty = fs::read_dir(output)
        .with_context(|| format!("reading {}", output.display()))?
        .next()
        .is_none();
    if !empty && !output.join(MARKER).exists() {
        bail!(
            "refusing to replace {}: it was not made by mieruka (no {MARKER} file); choose an empty or new --output folder",
            output.display()
        );
    }
    Ok(())
}

/// `output/` → `.output.mieruka-new/` beside it: same file system, so the swap is a rename.
fn sibling(output: &Path, what: &str) -> Result<PathBuf> {
    let name = output.file_name().with_context(|| {
        format!(
            "{} has no folder name; choose another --output",
            output.display()
        )
    })?;
    Ok(output.with_file_name(format!(".{}.mieruka-{what}", name.to_string_lossy())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding one file with `text`.
    fn site(dir: &Path, text: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("index.html"), text).unwrap();
    }

    /// The output, staging and previous-site folders of an output `output` in `dir`.
    fn beside(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
        (
            dir.join("output"),
            dir.join(".output.mieruka-new"),
            dir.join(".output.mieruka-old"),
        )
    }

    fn index(dir: &Path) -> String {
        fs::read_to_string(dir.join("index.html")).unwrap()
    }

    #[test]
    fn recover_moves_back_a_site_moved_aside_between_two_renames() {
        let dir = tempfile::tempdir().unwrap();
        let (output, staging, previous) = beside(dir.path());
        site(&previous, "old");
        site(&staging, "half-written");
        recover(&output, &staging, &previous).unwrap();
        assert_eq!(index(&output), "old");
        assert!(!staging.exists() && !previous.exists());
    }

    #[test]
    fn recover_moves_back_the_folders_a_killed_build_had_moved_out_of_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let (output, staging, previous) = beside(dir.path());
        site(&output, "old");
        site(&output.join("town"), "town");
        fs::write(output.join(MARKER), "").unwrap();
        // A build killed after moving the city folder into its staging folder, before the swap:
        // the journal is there.
        site(&staging, "new");
        fs::write(
            sibling(&output, "moved").unwrap(),
            format!("{}\ntown\n", staging.display()),
        )
        .unwrap();
        fs::rename(output.join("town"), staging.join("town")).unwrap();
        recover(&output, &staging, &previous).unwrap();
        assert_eq!(index(&output), "old");
        assert_eq!(index(&output.join("town")), "town");
        assert!(!staging.exists() && !sibling(&output, "moved").unwrap().exists());

        // A finished build moves the folder in and leaves no journal.
        let staged = Staged::begin(&output).unwrap();
        staged
            .put(Page {
                path: "index.html".into(),
                bytes: b"new".to_vec(),
            })
            .unwrap();
        staged.finish_reusing(&["town".to_string()]).unwrap();
        assert_eq!(index(&output), "new");
        assert_eq!(index(&output.join("town")), "town");
        assert!(!sibling(&output, "moved").unwrap().exists());
    }

    #[test]
    fn recover_keeps_a_swapped_in_site_and_drops_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let (output, staging, previous) = beside(dir.path());
        site(&output, "new");
        site(&previous, "old");
        site(&staging, "old, after an exchange");
        recover(&output, &staging, &previous).unwrap();
        assert_eq!(index(&output), "new");
        assert!(!staging.exists() && !previous.exists());
    }
}

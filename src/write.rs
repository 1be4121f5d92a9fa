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

/// Writes `pages` as the new content of `output`, replacing what was there.
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
    pub fn begin(output: &Path) -> Result<Staged> {
        let lock = lock(output)?;
        let staging = sibling(output, "new")?;
        let previous = sibling(output, "old")?;
        recover(output, &staging, &previous)?;
        check_replaceable(output)?;
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
    pub fn finish(mut self) -> Result<()> {
        self.finished = true;
        swap_in(&self.staging, &self.output, &self.previous)
    }

    fn path(&self, page: &str) -> Result<PathBuf> {
        let path = self.staging.join(page);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        Ok(path)
    }
}

impl Sink for Staged {
    fn put(&self, page: Page) -> Result<()> {
        let path = self.path(&page.path)?;
        fs::write(&path, &page.bytes).with_context(|| format!("writing {}", path.display()))
    }

    fn append(&self, page: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(page)?;
        File::options()
            .create(true)
            .append(true)
            .open(&path)
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
    if previous.exists() {
        if output.exists() {
            remove(previous)?;
        } else {
            fs::rename(previous, output).with_context(|| {
                format!("restoring {} from {}", output.display(), previous.display())
            })?;
        }
    }
    if staging.exists() {
        remove(staging)?;
    }
    Ok(())
}

/// Puts the complete `staging` folder in place of `output`, then removes the previous site.
fn swap_in(staging: &Path, output: &Path, previous: &Path) -> Result<()> {
    if output.exists() && exchange(staging, output)? {
        // The previous site now sits in the staging folder.
        return remove(staging);
    }
    // No atomic exchange here: two renames, which `recover` can undo if killed in between.
    if output.exists() {
        fs::rename(output, previous)
            .with_context(|| format!("moving {} aside", output.display()))?;
    }
    fs::rename(staging, output)
        .with_context(|| format!("moving the new site to {}", output.display()))?;
    if previous.exists() {
        remove(previous)?;
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

fn remove(dir: &Path) -> Result<()> {
    fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))
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

    fn index(dir: &Path) -> String {
        fs::read_to_string(dir.join("index.html")).unwrap()
    }

    #[test]
    fn recover_moves_back_a_site_moved_aside_between_two_renames() {
        let dir = tempfile::tempdir().unwrap();
        let (output, staging, previous) = (
            dir.path().join("output"),
            dir.path().join(".output.mieruka-new"),
            dir.path().join(".output.mieruka-old"),
        );
        site(&previous, "old");
        site(&staging, "half-written");
        recover(&output, &staging, &previous).unwrap();
        assert_eq!(index(&output), "old");
        assert!(!staging.exists() && !previous.exists());
    }

    #[test]
    fn recover_keeps_a_swapped_in_site_and_drops_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let (output, staging, previous) = (
            dir.path().join("output"),
            dir.path().join(".output.mieruka-new"),
            dir.path().join(".output.mieruka-old"),
        );
        site(&output, "new");
        site(&previous, "old");
        site(&staging, "old, after an exchange");
        recover(&output, &staging, &previous).unwrap();
        assert_eq!(index(&output), "new");
        assert!(!staging.exists() && !previous.exists());
    }
}

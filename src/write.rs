//! `write`: put the rendered pages on disk, all or nothing.
//!
//! Pages go into a staging folder beside the output; only when every file is written is the
//! old output swapped out for it. A failed build leaves the previous output as it was.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::render::Page;

/// The file that marks a folder as mieruka's output, so a build never replaces anything else.
pub const MARKER: &str = ".mieruka-output";

/// Writes `pages` as the new content of `output`, replacing what was there.
pub fn write(output: &Path, pages: &[Page]) -> Result<()> {
    check_replaceable(output)?;
    let staging = sibling(output, "new")?;
    let previous = sibling(output, "old")?;
    for stale in [&staging, &previous] {
        if stale.exists() {
            fs::remove_dir_all(stale).with_context(|| format!("removing {}", stale.display()))?;
        }
    }
    fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;
    for page in pages {
        let path = staging.join(&page.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&path, &page.bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    fs::write(
        staging.join(MARKER),
        "This folder is written by `mieruka build`; it is replaced on every build.\n",
    )
    .with_context(|| format!("writing the marker in {}", staging.display()))?;
    if output.exists() {
        fs::rename(output, &previous)
            .with_context(|| format!("moving {} aside", output.display()))?;
    }
    fs::rename(&staging, output)
        .with_context(|| format!("moving the new site to {}", output.display()))?;
    if previous.exists() {
        fs::remove_dir_all(&previous)
            .with_context(|| format!("removing {}", previous.display()))?;
    }
    Ok(())
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

//! What the output stages produce: files by path. `render` (pages and assets) and `opendata`
//! (CSV and JSON) each make them from the evaluated model; `write` puts them on disk (a build,
//! and `serve`'s preview folder).

/// One output file — a page, a stylesheet or a data file: its path under the output folder and
/// its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where a build puts its files as they are made, so the whole site is never held in memory:
/// `write::Staged` writes them to disk, `mieruka check` drops them, tests keep them.
pub trait Sink: Sync {
    /// Adds a file; a second file at the same path is an error.
    fn put(&self, page: Page) -> anyhow::Result<()>;
    /// Adds `bytes` at the end of the file at `path`, creating it when missing: the site-wide
    /// files that are made city by city.
    fn append(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()>;
}

/// Whether `path`, a path in the site, is one of `folders` or inside one.
pub fn in_folders(path: &str, folders: &[String]) -> bool {
    folders.iter().any(|folder| {
        path.strip_prefix(folder.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// A sink that keeps nothing: every file is made (so every error shows) and dropped.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: Page) -> anyhow::Result<()> {
        Ok(())
    }
    fn append(&self, _: &str, _: &[u8]) -> anyhow::Result<()> {
        Ok(())
    }
}

/// A sink that keeps every file in memory, in the order they were first made.
#[derive(Default)]
pub struct Collect {
    /// The files, and where each path is among them.
    pages: std::sync::Mutex<(Vec<Page>, std::collections::HashMap<String, usize>)>,
}

impl Collect {
    pub fn into_pages(self) -> Vec<Page> {
        self.pages.into_inner().unwrap_or_else(|e| e.into_inner()).0
    }

    fn with(&self, path: &str, change: impl FnOnce(Option<&mut Page>) -> Option<Page>) {
        let mut guard = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let (pages, index) = &mut *guard;
        let found = index.get(path).copied();
        if let Some(new) = change(found.map(|i| &mut pages[i])) {
            index.insert(new.path.clone(), pages.len());
            pages.push(new);
        }
    }
}

impl Sink for Collect {
    fn put(&self, page: Page) -> anyhow::Result<()> {
        let path = page.path.clone();
        let mut twice = false;
        self.with(&path, |old| match old {
            Some(_) => {
                twice = true;
                None
            }
            None => Some(page),
        });
        if twice {
            // A safety net behind the reserved ids: two files at one path would lose one.
            anyhow::bail!(
                "two files of the site would be written at {path}: rename the city folder or theme file that produces it"
            );
        }
        Ok(())
    }
    fn append(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.with(path, |old| match old {
            Some(old) => {
                old.bytes.extend_from_slice(bytes);
                None
            }
            None => Some(Page {
                path: path.to_string(),
                bytes: bytes.to_vec(),
            }),
        });
        Ok(())
    }
}

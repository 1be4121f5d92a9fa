//! What the output stages produce: files by path. `render` (pages and assets) and `opendata`
//! (CSV and JSON) each make them from the evaluated model; `write` puts them on disk and `serve`
//! keeps them in memory.

/// One output file — a page, a stylesheet or a data file: its path under the output folder and
/// its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

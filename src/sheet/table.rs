//! Reading a filled-in sheet as text cells: xlsx (and xls, ods) through calamine, CSV in UTF-8
//! (with or without a BOM) or CP932 / Shift_JIS.

use std::path::Path;

use anyhow::{Context, Result, bail};
use calamine::{Data, Reader, open_workbook_auto};

/// One cell as text, or why its value cannot be used.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    /// (message, hint) when the cell holds something that is not text or a number.
    pub problem: Option<(String, String)>,
}

/// A sheet's cells by absolute position: `rows[r][c]` is the cell at row r, column c (0-based
/// from A1).
#[derive(Debug, Default)]
pub struct Table {
    /// The sheet's name in messages: the worksheet's, or the CSV file's name without extension,
    /// as Excel names the sheet of a CSV it opens.
    pub sheet: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row)?.get(col)
    }
}

/// Reads `path` by its extension.
pub fn read(path: &Path, preferred_sheet: &str) -> Result<Table> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" => read_csv(path),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path, preferred_sheet),
        _ => bail!(
            "{}: import-sheet reads .xlsx workbooks and .csv files",
            path.display()
        ),
    }
}

fn read_workbook(path: &Path, preferred_sheet: &str) -> Result<Table> {
    let mut workbook =
        open_workbook_auto(path).with_context(|| format!("opening {}", path.display()))?;
    let names = workbook.sheet_names();
    let Some(sheet) = names
        .iter()
        .find(|n| n.as_str() == preferred_sheet)
        .or_else(|| names.first())
        .cloned()
    else {
        bail!("{}: the workbook has no sheet", path.display());
    };
    let range = workbook
        .worksheet_range(&sheet)
        .with_context(|| format!("reading sheet {sheet} of {}", path.display()))?;
    let mut table = Table {
        sheet,
        rows: Vec::new(),
    };
    let Some((row0, col0)) = range.start() else {
        return Ok(table);
    };
    for (r, c, data) in range.cells() {
        let (row, col) = (row0 as usize + r, col0 as usize + c);
        if table.rows.len() <= row {
            table.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut table.rows[row];
        if cells.len() <= col {
            cells.resize_with(col + 1, Cell::default);
        }
        cells[col] = cell(data);
    }
    Ok(table)
}

fn cell(data: &Data) -> Cell {
    let problem = |message: &str, hint: &str| Cell {
        text: String::new(),
        problem: Some((message.to_string(), hint.to_string())),
    };
    match data {
        Data::Empty => Cell::default(),
        Data::String(s) => Cell {
            text: s.clone(),
            problem: None,
        },
        Data::Int(i) => Cell {
            text: i.to_string(),
            problem: None,
        },
        Data::Float(f) => Cell {
            text: number_text(*f),
            problem: None,
        },
        Data::Bool(b) => problem(
            &format!(
                "the cell holds {}, not text or a number",
                b.to_string().to_uppercase()
            ),
            "type the figure or text again into the cell",
        ),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => problem(
            "the cell holds a date or time, not a figure",
            "Excel turned what was typed into a date: set the cell's format to 文字列 (text) and type the figure again",
        ),
        Data::Error(e) => problem(
            &format!("the cell shows the error {e}"),
            "replace the formula's result with the figure itself",
        ),
    }
}

/// A number stored in a cell, as text: rounded to the 15 significant digits Excel shows (so a
/// sum such as 0.1 + 0.2 gives `0.3`, not `0.30000000000000004`) and written in its shortest
/// form, without trailing zeros: the cell stores `36.0` as the number 36, so it comes back as
/// `36`. A figure whose decimals matter (36.0) is typed into a text cell, as the exported
/// workbook's input columns are.
pub fn number_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded: f64 = format!("{value:.14e}").parse().unwrap_or(value);
    let text = format!("{rounded}");
    if text == "-0" { "0".into() } else { text }
}

fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = decode(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table {
        sheet: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        rows: Vec::new(),
    };
    for (i, record) in reader.records().enumerate() {
        let record =
            record.with_context(|| format!("{}: reading CSV row {}", path.display(), i + 1))?;
        table.rows.push(
            record
                .iter()
                .map(|field| Cell {
                    text: field.to_string(),
                    problem: None,
                })
                .collect(),
        );
    }
    Ok(table)
}

/// CSV bytes as text: UTF-8 (a BOM is dropped), or else CP932 (Shift_JIS as Windows and
/// Japanese Excel write it; encoding_rs's Shift_JIS is that superset).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::SHIFT_JIS
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lose_float_noise_and_trailing_zeros() {
        assert_eq!(number_text(36.0), "36");
        assert_eq!(number_text(36.5), "36.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(-7.77), "-7.77");
        assert_eq!(number_text(1168.5), "1168.5");
        assert_eq!(number_text(123456789.0), "123456789");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(1.0 / 3.0), "0.333333333333333");
    }

    #[test]
    fn csv_bytes_in_every_encoding_excel_writes() {
        let text = "実績値,所見\r\n36.0,△7.77\r\n";
        let (cp932, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
        assert!(!bad);
        assert_eq!(decode(&cp932), text);
        assert_eq!(decode(text.as_bytes()), text);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&with_bom), text);
    }
}

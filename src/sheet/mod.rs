//! The fill-in workbook: `mieruka export-sheet` writes it, departments fill it in Excel,
//! `mieruka import-sheet` reads it (or a CSV saved from it) back into the year files.
//!
//! One sheet, 実績入力, with one row per KPI or 数値目標 (and per project without a KPI row)
//! and a city column, so that the sheet saved as CSV still holds everything an import needs.
//! The first four columns hold the ids (city, fiscal year, project, KPI): hidden and locked, as
//! is every column staff should not change; the sheet is protected without a password. The last
//! four, hidden too, repeat the inputs as exported: an import changes only the inputs that differ
//! from them, so copies filled in by different departments can be imported one after another
//! without one undoing the other.

mod export;
mod import;
mod table;
mod yaml_edit;

pub use export::export;
pub use import::{ImportReport, import};
pub use table::number_text;

/// The sheet's name, in the workbook and in messages.
pub const SHEET: &str = "実績入力";

/// The header of every column, in order; import finds columns by these headers.
pub const COLUMNS: [&str; 19] = [
    CITY_ID,
    YEAR,
    PROJECT_ID,
    KPI_ID,
    "市町村",
    "基本目標",
    "事業",
    "KPI・数値目標",
    "単位",
    "基準値",
    "目標値",
    ACTUAL,
    STATUS,
    COMMENTARY,
    ACTIVITIES,
    WAS_ACTUAL,
    WAS_STATUS,
    WAS_COMMENTARY,
    WAS_ACTIVITIES,
];

pub const CITY_ID: &str = "city_id";
pub const YEAR: &str = "fiscal_year";
pub const PROJECT_ID: &str = "project_id";
pub const KPI_ID: &str = "kpi_id";
pub const ACTUAL: &str = "実績値";
pub const STATUS: &str = "状態";
pub const COMMENTARY: &str = "所見";
pub const ACTIVITIES: &str = "主な取組内容";
/// The inputs as exported (hidden).
pub const WAS_ACTUAL: &str = "exported_actual";
pub const WAS_STATUS: &str = "exported_status";
pub const WAS_COMMENTARY: &str = "exported_commentary";
pub const WAS_ACTIVITIES: &str = "exported_activities";
/// The columns that are hidden in the workbook.
pub const HIDDEN: [&str; 8] = [
    CITY_ID,
    YEAR,
    PROJECT_ID,
    KPI_ID,
    WAS_ACTUAL,
    WAS_STATUS,
    WAS_COMMENTARY,
    WAS_ACTIVITIES,
];

/// The column index of a header.
pub(crate) fn column(header: &str) -> u16 {
    COLUMNS.iter().position(|h| *h == header).unwrap_or(0) as u16
}

/// `(0, 0)` → `A1`: a cell address as Excel shows it.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_addresses() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(4, 11), "L5");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1, 701), "ZZ2");
        assert_eq!(a1(1, 702), "AAA2");
    }
}

//! What the pages show of a published report: its edition and its corrections (訂正履歴).

use serde::Serialize;

use crate::era::FiscalYear;
use crate::model::{City, Correction};

use super::{kpi_href, year_href};

/// A fiscal year's publication, on its current report page and on its edition.
#[derive(Debug, Serialize)]
pub struct PublicationView {
    /// `YYYY-MM-DD`, for `<time datetime>`.
    pub date: String,
    /// 2023年9月30日.
    pub date_ja: String,
    /// The edition's page.
    pub edition_href: String,
    /// The report with the current figures.
    pub current_href: String,
    /// Corrections made since, oldest first.
    pub corrections: Vec<CorrectionView>,
}

/// One row of a 訂正履歴.
#[derive(Debug, Serialize)]
pub struct CorrectionView {
    pub date: String,
    pub date_ja: String,
    pub year: FiscalYear,
    pub kpi: String,
    pub kpi_href: String,
    /// 実績値 (with the unit) or 状態.
    pub field: String,
    /// The values for the `figure` filter: a figure's plain text, or words.
    pub old: String,
    pub new: String,
    pub reason: String,
}

impl PublicationView {
    /// The publication of `year`, if its file has `published:`.
    pub fn new(city: &City, year: FiscalYear) -> Option<PublicationView> {
        let date = city.published.get(&year)?;
        Some(PublicationView {
            date: date.clone(),
            date_ja: date_ja(date),
            edition_href: crate::edition::href(city, year, date),
            current_href: year_href(city, year),
            corrections: corrections(city, city.corrections_in(year)),
        })
    }
}

/// The rows of a 訂正履歴, in the order given.
pub fn corrections<'a>(
    city: &City,
    list: impl Iterator<Item = &'a Correction>,
) -> Vec<CorrectionView> {
    list.map(|c| {
        let kpi = &city.kpis[c.kpi];
        CorrectionView {
            date: c.date.clone(),
            date_ja: date_ja(&c.date),
            year: c.year,
            kpi: kpi.name.clone(),
            kpi_href: kpi_href(city, kpi),
            field: match c.new {
                crate::model::CorrectionValue::Actual { .. } => {
                    format!("{}（{}）", c.new.field_ja(), kpi.unit)
                }
                crate::model::CorrectionValue::Status(_) => c.new.field_ja().to_string(),
            },
            old: c.old.shown(),
            new: c.new.shown(),
            reason: c.reason.clone(),
        }
    })
    .collect()
}

/// `2023-09-30` as 2023年9月30日 (validated dates only; anything else as given).
pub fn date_ja(date: &str) -> String {
    let mut parts = date.split('-').map(|p| p.parse::<u32>());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) => format!("{y}年{m}月{d}日"),
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::date_ja;

    #[test]
    fn dates_read_the_japanese_way() {
        assert_eq!(date_ja("2023-09-30"), "2023年9月30日");
        assert_eq!(date_ja("2024-01-05"), "2024年1月5日");
    }
}

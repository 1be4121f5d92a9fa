//! What the pages show of a published report: its edition and its corrections (訂正履歴).

use serde::Serialize;

use crate::era::FiscalYear;
use crate::locale::Locale;
use crate::model::{City, Correction, CorrectionValue};
use crate::terms::Actual;

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
    /// 実績値 (with the unit) or 状態, as HTML (the unit marked as Japanese in another
    /// language's edition).
    pub field_html: String,
    /// The values for the `figure` filter: a figure's plain text, or words.
    pub old: String,
    pub new: String,
    pub reason: String,
}

impl PublicationView {
    /// The publication of `year`, if its file has `published:`.
    pub fn new(city: &City, year: FiscalYear, t: &Locale) -> Option<PublicationView> {
        let date = city.published.get(&year)?;
        Some(PublicationView {
            date: date.clone(),
            date_ja: t.date(date),
            edition_href: crate::edition::href(city, year, date),
            current_href: year_href(city, year),
            corrections: corrections(city, city.corrections_in(year), t),
        })
    }
}

/// The rows of a 訂正履歴, in the order given.
pub fn corrections<'a>(
    city: &City,
    list: impl Iterator<Item = &'a Correction>,
    t: &Locale,
) -> Vec<CorrectionView> {
    list.map(|c| {
        let kpi = &city.kpis[c.kpi];
        CorrectionView {
            date: c.date.clone(),
            date_ja: t.date(&c.date),
            year: c.year,
            kpi: kpi.name.clone(),
            kpi_href: kpi_href(city, kpi),
            field_html: match c.new {
                CorrectionValue::Actual { .. } => t.fill(
                    "corrections.field_actual",
                    &[("unit", &t.content_html(&kpi.unit))],
                ),
                CorrectionValue::Status(_) => t.text("corrections.field_status").to_string(),
            },
            old: shown(&c.old, t),
            new: shown(&c.new, t),
            reason: c.reason.clone(),
        }
    })
    .collect()
}

/// A corrected value for a page: the figure's plain text (the `figure` filter formats it), a
/// qualified figure as written, or a state in words.
fn shown(value: &CorrectionValue, t: &Locale) -> String {
    let key = match value {
        CorrectionValue::Actual {
            actual: Actual::Value(_),
            ..
        }
        | CorrectionValue::Actual {
            written: Some(_), ..
        } => return value.shown(),
        CorrectionValue::Actual { actual, .. } => match actual {
            Actual::NotMeasurable => "state.not_measurable",
            Actual::NotApplicable => "state.not_applicable",
            Actual::Pending => "state.pending",
            Actual::NotReported | Actual::Value(_) => "state.not_reported",
        },
        CorrectionValue::Status(Some(status)) => return super::status_word(*status, t),
        CorrectionValue::Status(None) => "state.none",
    };
    t.text(key).to_string()
}

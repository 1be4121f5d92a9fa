//! Published editions and corrections (訂正).
//!
//! A fiscal year's report is published on the date its file's `published:` gives. Figures changed
//! after that are recorded as [`Correction`]s in the same file; the year's edition is the report
//! as it stood on that date: later fiscal years left out and every correction undone. It is
//! derived from the content each build, so its address and its figures stay the same while
//! later years are added and figures corrected.

use crate::era::FiscalYear;
use crate::terms::{Actual, Qualified, Status};

use super::{City, KpiIx, KpiYear};

/// A figure (or its status) of a published fiscal year, changed after publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub year: FiscalYear,
    pub kpi: KpiIx,
    pub old: CorrectionValue,
    pub new: CorrectionValue,
    /// `YYYY-MM-DD`, not before the year's `published:`.
    pub date: String,
    pub reason: String,
}

/// What a correction changed: the actual (as written) or its 暫定値 / 確定値 status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorrectionValue {
    Actual {
        actual: Actual,
        written: Option<Qualified>,
    },
    Status(Option<Status>),
}

impl CorrectionValue {
    /// The value a year's entry holds for the same field as `self`.
    pub fn current(&self, entry: &KpiYear) -> CorrectionValue {
        match self {
            CorrectionValue::Actual { .. } => CorrectionValue::Actual {
                actual: entry.actual,
                written: entry.written.clone(),
            },
            CorrectionValue::Status(_) => CorrectionValue::Status(entry.status),
        }
    }

    /// Whether two values are the same figure as shown (`1,168.5` and `1168.5` are; `36` and
    /// `36.0` are not, since the page shows them differently).
    pub fn same(&self, other: &CorrectionValue) -> bool {
        self.text() == other.text()
    }

    /// The value as plain text, for messages, records and open data: `36.0`, `-7.77`, `93%超`,
    /// `not_measurable`, `provisional`; empty when there is none.
    pub fn text(&self) -> String {
        match self {
            CorrectionValue::Actual { actual, written } => actual_text(*actual, written.as_ref()),
            CorrectionValue::Status(status) => {
                status.map(|s| s.code().to_string()).unwrap_or_default()
            }
        }
    }

    /// The value for a page: the figure's plain text (the `figure` filter formats it), a
    /// qualified figure as written, or a state in words.
    pub fn shown(&self) -> String {
        match self {
            CorrectionValue::Actual { actual, written } => match (actual, written) {
                (_, Some(q)) => q.to_string(),
                (Actual::Value(v), None) => v.plain(),
                (Actual::NotMeasurable, None) => "算出不可".into(),
                (Actual::NotApplicable, None) => "対象外".into(),
                (Actual::Pending, None) => "調査中".into(),
                (Actual::NotReported, None) => "記載なし".into(),
            },
            CorrectionValue::Status(Some(status)) => status.ja().into(),
            CorrectionValue::Status(None) => "なし".into(),
        }
    }

    /// Writes the value into a year's entry.
    fn apply(&self, entry: &mut KpiYear) {
        match self {
            CorrectionValue::Actual { actual, written } => {
                entry.actual = *actual;
                entry.written = written.clone();
                entry.summed = false;
            }
            CorrectionValue::Status(status) => entry.status = *status,
        }
    }
}

/// An actual as plain text: the qualified figure as written, the figure's plain digits, or the
/// state's code; empty when the year's file gives none.
pub fn actual_text(actual: Actual, written: Option<&Qualified>) -> String {
    match (actual, written) {
        (_, Some(q)) => q.to_string(),
        (Actual::Value(v), None) => v.plain(),
        (Actual::NotMeasurable, None) => "not_measurable".into(),
        (Actual::NotApplicable, None) => "not_applicable".into(),
        (Actual::Pending, None) => "pending".into(),
        (Actual::NotReported, None) => String::new(),
    }
}

impl City {
    /// The corrections of one KPI, by fiscal year and date.
    pub fn corrections_of(&self, kpi: KpiIx) -> impl Iterator<Item = &Correction> {
        self.corrections.iter().filter(move |c| c.kpi == kpi)
    }

    /// The corrections of one fiscal year, by date.
    pub fn corrections_in(&self, year: FiscalYear) -> impl Iterator<Item = &Correction> {
        self.corrections.iter().filter(move |c| c.year == year)
    }

    /// The latest correction date of a KPI's figure in a year, if it was corrected.
    pub fn corrected_on(&self, kpi: KpiIx, year: FiscalYear) -> Option<&str> {
        self.corrections
            .iter()
            .filter(|c| c.kpi == kpi && c.year == year)
            .map(|c| c.date.as_str())
            .max()
    }

    /// The city as its report of `year` stood when published: later fiscal years left out and
    /// that year's corrections undone (the corrections themselves are kept, to be listed).
    pub fn as_published(&self, year: FiscalYear) -> City {
        let mut city = self.clone();
        city.years.retain(|&y| y <= year);
        city.published.retain(|&y, _| y <= year);
        for kpi in &mut city.kpis {
            kpi.years.retain(|&y, _| y <= year);
        }
        for project in &mut city.projects {
            project.years.retain(|&y, _| y <= year);
        }
        city.corrections.retain(|c| c.year == year);
        // Newest first, so each entry goes back to the value before its first correction.
        for correction in city.corrections.iter().rev() {
            if let Some(entry) = city.kpis[correction.kpi].years.get_mut(&year) {
                correction.old.apply(entry);
            }
        }
        city
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::Figure;

    fn value(text: &str) -> CorrectionValue {
        CorrectionValue::Actual {
            actual: Actual::Value(Figure::parse(text).unwrap()),
            written: None,
        }
    }

    #[test]
    fn values_compare_as_shown() {
        assert!(value("1168.5").same(&value("1,168.5")));
        assert!(!value("36").same(&value("36.0")));
        assert_eq!(value("△7.77").text(), "-7.77");
        assert_eq!(value("36.0").shown(), "36.0");
        assert_eq!(
            CorrectionValue::Status(Some(Status::Provisional)).shown(),
            "暫定値"
        );
    }
}

//! `corrections:` in a fiscal-year file: figures changed after the report was published.
//!
//! Each entry names a KPI of the file, the field (`actual` or `status`), the value as published
//! (`old`), the value now (`new`), the date and the reason. The entries of one figure chain:
//! ordered by date, each `old` is the previous `new`, and the latest `new` is what the file's
//! `kpis:` holds now. So the published value can be rebuilt by undoing them (`model::edition`).

use super::year::is_date;
use super::{CityChecker, FileRef, child, did_you_mean, path};
use crate::era::FiscalYear;
use crate::load::raw::{self, ActualFile};
use crate::model::{Correction, CorrectionValue};
use crate::terms::{Actual, Status};

impl CityChecker {
    /// Checks a year file's `corrections:` against its `published:` and `kpis:`, recording them.
    pub(super) fn corrections(&mut self, file: FileRef, year: FiscalYear, data: &raw::YearFile) {
        if data.corrections.is_empty() {
            return;
        }
        let published = self.published.get(&year).cloned();
        if data.published.is_none() {
            self.problem(
                file,
                path(&[&"corrections"]),
                "`corrections:` records changes after publication, but this file has no `published:`",
                Some("add `published: YYYY-MM-DD`, the day the report was first published; before publication, change the figures directly and leave `corrections:` out".into()),
            );
        }
        let mut checked: Vec<(usize, Correction)> = Vec::new();
        for (i, entry) in data.corrections.iter().enumerate() {
            if let Some(correction) = self.correction(file, year, i, entry, published.as_deref()) {
                checked.push((i, correction));
            }
        }
        // One chain per figure (KPI and field), in date order; the sort is stable, so entries of
        // one day keep the file's order.
        checked.sort_by(|(_, a), (_, b)| a.date.cmp(&b.date));
        let mut chains: Vec<Vec<&(usize, Correction)>> = Vec::new();
        for item in &checked {
            let key = |c: &Correction| (c.kpi, matches!(c.new, CorrectionValue::Status(_)));
            match chains
                .iter_mut()
                .find(|chain| key(&chain[0].1) == key(&item.1))
            {
                Some(chain) => chain.push(item),
                None => chains.push(vec![item]),
            }
        }
        for chain in &chains {
            self.check_chain(file, year, chain);
        }
        self.corrections
            .extend(checked.into_iter().map(|(_, correction)| correction));
    }

    fn correction(
        &mut self,
        file: FileRef,
        year: FiscalYear,
        i: usize,
        entry: &raw::CorrectionFile,
        published: Option<&str>,
    ) -> Option<Correction> {
        let at = path(&[&"corrections", &i]);
        let problems = self.problems.len();
        let kpi = match self.kpi_ids.get(&entry.kpi).copied() {
            Some(kpi) if self.kpis[kpi].years.contains_key(&year) => Some(kpi),
            Some(_) => {
                self.problem(
                    file,
                    child(&at, &[&"kpi"]),
                    format!("KPI `{}` has no entry under `kpis:` in this file", entry.kpi),
                    Some("a correction changes a figure this file holds: write the corrected figure under `kpis:` too".into()),
                );
                None
            }
            None => {
                let hint = did_you_mean(&entry.kpi, self.kpi_ids.keys())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        format!("use the `id:` of a KPI or 数値目標 in {}", self.tree_name)
                    });
                self.problem(
                    file,
                    child(&at, &[&"kpi"]),
                    format!(
                        "no KPI or 数値目標 with id `{}` in {}",
                        entry.kpi, self.tree_name
                    ),
                    Some(hint),
                );
                None
            }
        };
        let field = entry.field.as_deref().unwrap_or("actual");
        let parse: fn(Option<&str>) -> Result<CorrectionValue, String> = match field {
            "actual" => parse_actual,
            "status" => parse_status,
            other => {
                self.problem(
                    file,
                    child(&at, &[&"field"]),
                    format!("`{other}` is not a field a correction can change"),
                    Some("use `actual` (the figure; the default) or `status` (provisional / confirmed)".into()),
                );
                return None;
            }
        };
        let mut value = |name: &str, text: &Option<String>| match parse(text.as_deref()) {
            Ok(value) => Some(value),
            Err(message) => {
                self.problem(
                    file,
                    child(&at, &[&name]),
                    format!("`{name}`: {message}"),
                    Some(format!(
                        "write the {field} as the year file writes it; leave `{name}:` empty for none"
                    )),
                );
                None
            }
        };
        let old = value("old", &entry.old);
        let new = value("new", &entry.new);
        if let (Some(old), Some(new)) = (&old, &new)
            && old.same(new)
        {
            self.problem(
                file,
                at.clone(),
                format!("`old` and `new` are the same value `{}`", old.text()),
                Some("a correction records a change: `old:` is the value as published, `new:` the corrected one".into()),
            );
        }
        if !is_date(&entry.date) {
            self.problem(
                file,
                child(&at, &[&"date"]),
                format!("`{}` is not a date", entry.date),
                Some(
                    "write the day the correction was made public as YYYY-MM-DD, e.g. 2024-01-15"
                        .into(),
                ),
            );
        } else if let Some(published) = published
            && entry.date.as_str() < published
        {
            self.problem(
                file,
                child(&at, &[&"date"]),
                format!(
                    "the correction is dated {}, before the report was published ({published})",
                    entry.date
                ),
                Some("a figure changed before publication needs no correction: change it under `kpis:` and remove this entry; or fix the date".into()),
            );
        }
        if entry.reason.trim().is_empty() {
            self.problem(
                file,
                child(&at, &[&"reason"]),
                "`reason` is empty",
                Some("say why the figure changed, e.g. 集計誤りのため訂正".into()),
            );
        }
        if self.problems.len() > problems {
            return None;
        }
        Some(Correction {
            year,
            kpi: kpi?,
            old: old?,
            new: new?,
            date: entry.date.clone(),
            reason: entry.reason.trim().to_string(),
        })
    }

    /// Corrections of one figure, in date order: each `old` is the previous `new`, and the last
    /// `new` is the figure the file holds now.
    fn check_chain(&mut self, file: FileRef, year: FiscalYear, chain: &[&(usize, Correction)]) {
        for pair in chain.windows(2) {
            let ((j, before), (i, after)) = (pair[0], pair[1]);
            if !after.old.same(&before.new) {
                self.problem(
                    file,
                    path(&[&"corrections", i, &"old"]),
                    format!(
                        "`old` is `{}`, but the earlier correction (corrections[{j}], {}) changed the value to `{}`",
                        after.old.text(),
                        before.date,
                        before.new.text()
                    ),
                    Some("corrections of one figure follow each other: each `old:` is the previous correction's `new:`".into()),
                );
            }
        }
        let Some((i, last)) = chain.last().copied() else {
            return;
        };
        let kpi = &self.kpis[last.kpi];
        let Some(entry) = kpi.years.get(&year) else {
            return;
        };
        let now = last.new.current(entry);
        if !last.new.same(&now) {
            let field = match last.new {
                CorrectionValue::Actual { .. } => "actual",
                CorrectionValue::Status(_) => "status",
            };
            let id = kpi.id.clone();
            self.problem(
                file,
                path(&[&"corrections", i, &"new"]),
                format!(
                    "`new` is `{}`, but `kpis.{id}.{field}` holds `{}`",
                    last.new.text(),
                    now.text()
                ),
                Some(format!("the latest correction's `new:` is the value the file now gives: make it and `kpis.{id}.{field}` agree")),
            );
        }
    }
}

fn parse_actual(text: Option<&str>) -> Result<CorrectionValue, String> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(CorrectionValue::Actual {
            actual: Actual::NotReported,
            written: None,
        });
    };
    let parsed = ActualFile::parse(text)?;
    Ok(CorrectionValue::Actual {
        actual: parsed.actual,
        written: parsed.written,
    })
}

fn parse_status(text: Option<&str>) -> Result<CorrectionValue, String> {
    match text.map(str::trim).unwrap_or_default() {
        "" => Ok(CorrectionValue::Status(None)),
        "provisional" => Ok(CorrectionValue::Status(Some(Status::Provisional))),
        "confirmed" => Ok(CorrectionValue::Status(Some(Status::Confirmed))),
        other => Err(format!(
            "`{other}` is not a status: use provisional or confirmed"
        )),
    }
}

//! A city's strategies in sequence: their periods, which strategy each fiscal year belongs to,
//! and the KPIs a later strategy carries on from an earlier one.

use super::year::is_date;
use super::{CityChecker, FileRef, OUTSIDE_PERIOD, did_you_mean, outside_period, path};
use crate::era::{FiscalYear, fiscal_year_ja};
use crate::load::{CITY_FILE, LoadedCity, STRATEGY_FILE_PREFIX, raw};
use crate::model::{City, KpiLink, Strategy};

/// One strategy as written: in city.yaml (the first) or in a `strategy-<year>.yaml`.
pub(super) struct Document<'a> {
    pub file: FileRef,
    pub strategy: &'a raw::StrategyFile,
    pub goals: &'a [raw::GoalFile],
    /// The year in a strategy file's name.
    pub file_year: Option<FiscalYear>,
}

/// The name of the file a strategy is written in, for messages.
pub(super) fn file_name(doc: &Document) -> String {
    match doc.file_year {
        Some(year) => format!("{STRATEGY_FILE_PREFIX}{year}.yaml"),
        None => CITY_FILE.to_string(),
    }
}

/// city.yaml's strategy, then the strategy files by the year in their names.
pub(super) fn documents(loaded: &LoadedCity) -> Vec<Document<'_>> {
    let first = loaded.city.iter().map(|c| Document {
        file: FileRef::City,
        strategy: &c.data.strategy,
        goals: &c.data.goals,
        file_year: None,
    });
    let later = loaded
        .strategies
        .iter()
        .enumerate()
        .map(|(i, (year, parsed))| Document {
            file: FileRef::Strategy(i),
            strategy: &parsed.data.strategy,
            goals: &parsed.data.goals,
            file_year: Some(*year),
        });
    first.chain(later).collect()
}

/// The strategy a fiscal year's file belongs to: the one in force that year; for a year in
/// none (an error), the last one begun by then, so its figures are still checked.
pub(super) fn owner(strategies: &[Strategy], year: FiscalYear) -> usize {
    strategies
        .iter()
        .position(|s| s.in_force(year))
        .or_else(|| strategies.iter().rposition(|s| s.from <= year))
        .unwrap_or(0)
}

impl CityChecker {
    /// Every strategy, checked, with the years each is in force; periods that overlap are a
    /// problem unless the later strategy is a revision (`revised:`) of the earlier.
    pub(super) fn strategies(&mut self, docs: &[Document]) -> Vec<Strategy> {
        let mut strategies: Vec<Strategy> = docs.iter().map(|d| self.strategy(d)).collect();
        for i in 1..strategies.len() {
            let (before, this) = (&strategies[i - 1], &strategies[i]);
            let revision = this.revised.is_some() && this.from > before.from;
            if this.from <= before.to && !revision {
                let message = format!(
                    "period {}–{} of {} overlaps {}–{} of {}",
                    this.from, this.to, this.name, before.from, before.to, before.name
                );
                let hint = format!(
                    "strategies follow one another: start this one in {} or later; if it revises {} from {}, add `revised:` with the date of the revision (YYYY-MM-DD)",
                    before.to + 1,
                    before.name,
                    this.from
                );
                self.problem(
                    docs[i].file,
                    path(&[&"strategy", &"period"]),
                    message,
                    Some(hint),
                );
            }
            let until = (this.from - 1).max(strategies[i - 1].from);
            strategies[i - 1].until = strategies[i - 1].until.min(until);
        }
        strategies
    }

    fn strategy(&mut self, doc: &Document) -> Strategy {
        let raw = doc.strategy;
        let (from, to) = (raw.period.from, raw.period.to);
        if from > to || !(1989..=2100).contains(&from) || !(1989..=2100).contains(&to) {
            self.problem(
                doc.file,
                path(&[&"strategy", &"period"]),
                format!("period {from}–{to} is not a span of fiscal years"),
                Some("write the first and last fiscal year in 西暦, e.g. {from: 2021, to: 2025} for 令和3–7年度".into()),
            );
        }
        if let Some(year) = doc.file_year
            && year != from
        {
            self.problem(
                doc.file,
                path(&[&"strategy", &"period", &"from"]),
                format!(
                    "the strategy comes in force in {from}, but its file is named {STRATEGY_FILE_PREFIX}{year}.yaml"
                ),
                Some(format!(
                    "a later strategy's file is named after the first fiscal year it is in force: rename the file {STRATEGY_FILE_PREFIX}{from}.yaml, or correct period.from"
                )),
            );
        }
        if let Some(url) = &raw.source_url
            && !((url.starts_with("https://") || url.starts_with("http://"))
                && url.len() > "https://".len()
                && !url.contains(char::is_whitespace))
        {
            self.problem(
                doc.file,
                path(&[&"strategy", &"source_url"]),
                format!("`{url}` is not an absolute http(s) address"),
                Some("write the full address of the published document, e.g. https://www.city.example.lg.jp/kikaku/senryaku.pdf".into()),
            );
        }
        for (field, date) in [("adopted", &raw.adopted), ("revised", &raw.revised)] {
            if let Some(date) = date
                && !is_date(date)
            {
                self.problem(
                    doc.file,
                    path(&[&"strategy", &field]),
                    format!("`{date}` is not a date"),
                    Some("write the date as YYYY-MM-DD, e.g. 2023-03-28".into()),
                );
            }
        }
        let to = to.max(from);
        Strategy {
            name: raw.name.clone(),
            name_en: raw.name_en.clone(),
            from,
            to,
            source: raw.source.clone(),
            source_url: raw.source_url.clone(),
            adopted: raw.adopted.clone(),
            revised: raw.revised.clone(),
            until: to,
        }
    }

    /// A fiscal-year file in no strategy's years is a problem naming every period.
    pub(super) fn check_years_in_force(&mut self, loaded: &LoadedCity, strategies: &[Strategy]) {
        for (i, (year, _)) in loaded.years.iter().enumerate() {
            if strategies.iter().any(|s| s.in_force(*year)) {
                continue;
            }
            let (message, hint) = match strategies {
                [only] => (
                    outside_period(*year, only),
                    "a new strategy period needs its own file strategy-<first year>.yaml beside city.yaml (see content/README.md); check the year in the file name",
                ),
                _ => (
                    format!(
                        "fiscal year {year} ({}) {OUTSIDE_PERIOD}s {}",
                        fiscal_year_ja(*year),
                        strategies
                            .iter()
                            .map(|s| format!("{}–{} ({})", s.from, s.until, s.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    "a fiscal year's file belongs to the strategy in force that year: add strategy-<first year>.yaml for a new period (see content/README.md), or check the year in the file name",
                ),
            };
            self.problem(
                FileRef::Year(i),
                path(&[&"fiscal_year"]),
                message,
                Some(hint.into()),
            );
        }
    }

    /// What ties the strategies together: goal ids kept apart (each goal has its own page), and
    /// each KPI linked to the earlier one it carries on.
    pub(super) fn link_generations(&mut self, docs: &[Document], generations: &mut [City]) {
        for g in 1..generations.len() {
            for (i, goal) in generations[g].goals.iter().enumerate() {
                if let Some(earlier) = generations[..g]
                    .iter()
                    .rev()
                    .find(|c| c.goals.iter().any(|e| e.id == goal.id))
                {
                    let message = format!(
                        "goal id `{}` is a goal of {} too",
                        goal.id, earlier.strategy.name
                    );
                    let hint = format!(
                        "each strategy's goals have pages of their own: give this one a new id, e.g. {}-{} (the earlier goal's page keeps its address)",
                        goal.id, generations[g].strategy.from
                    );
                    self.problem(
                        docs[g].file,
                        path(&[&"goals", &i, &"id"]),
                        message,
                        Some(hint),
                    );
                }
            }
        }
        let continues = std::mem::take(&mut self.generation_continues);
        for (g, entries) in continues.iter().enumerate() {
            for (kpi, written, at) in entries {
                self.link_kpi(docs[g].file, generations, g, *kpi, written.as_deref(), at);
            }
        }
    }

    /// Links KPI `kpi` of strategy `g` to the earlier KPI it carries on: the one `continues:`
    /// names, or else one with its own id.
    fn link_kpi(
        &mut self,
        file: FileRef,
        generations: &mut [City],
        g: usize,
        kpi: usize,
        written: Option<&str>,
        at: &[String],
    ) {
        let id = generations[g].kpis[kpi].id.clone();
        let find = |ids: &[std::collections::HashMap<String, usize>], wanted: &str| {
            (0..g)
                .rev()
                .find_map(|h| ids[h].get(wanted).map(|&k| (h, k)))
        };
        let found = find(&self.generation_ids, written.unwrap_or(&id));
        if let Some(wanted) = written
            && wanted != id
            && let Some((h, _)) = find(&self.generation_ids, &id)
        {
            let mut id_at = at.to_vec();
            id_at.pop();
            id_at.push("id".into());
            self.problem(
                file,
                id_at,
                format!(
                    "KPI id `{id}` is a KPI of {} too, which this one does not carry on",
                    generations[h].strategy.name
                ),
                Some(format!(
                    "an earlier KPI's id is kept only by the KPI that carries it on (its page keeps the address): give this one a new id, or write `continues: {id}`"
                )),
            );
        }
        let Some((h, k)) = found else {
            if let Some(wanted) = written {
                let known = self.generation_ids[..g].iter().flat_map(|ids| ids.keys());
                let hint = match did_you_mean(wanted, known) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None if g == 0 => {
                        "the first strategy carries on no earlier KPI: remove `continues:`".into()
                    }
                    None => "write the id of a KPI or 数値目標 of an earlier strategy".into(),
                };
                self.problem(
                    file,
                    at.to_vec(),
                    format!("no KPI or 数値目標 with id `{wanted}` in an earlier strategy"),
                    Some(hint),
                );
            }
            return;
        };
        if let Some(other) = &generations[h].kpis[k].continued_by {
            let other_id = generations[other.generation].kpis[other.kpi].id.clone();
            self.problem(
                file,
                at.to_vec(),
                format!(
                    "`{}` of {} is already carried on by `{other_id}`",
                    generations[h].kpis[k].id, generations[h].strategy.name
                ),
                Some("a KPI carries on one earlier KPI, and is carried on by one later KPI: give the other a `continues:` of its own or none".into()),
            );
            return;
        }
        generations[h].kpis[k].continued_by = Some(KpiLink { generation: g, kpi });
        generations[g].kpis[kpi].continues = Some(KpiLink {
            generation: h,
            kpi: k,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strategy(from: FiscalYear, to: FiscalYear, until: FiscalYear) -> Strategy {
        Strategy {
            name: format!("{from}–{to}"),
            name_en: None,
            from,
            to,
            source: None,
            source_url: None,
            adopted: None,
            revised: None,
            until,
        }
    }

    #[test]
    fn a_year_belongs_to_the_strategy_in_force() {
        // 2020–2024, revised from 2023; then 2026–2030 after a gap year.
        let strategies = [
            strategy(2020, 2024, 2022),
            strategy(2023, 2024, 2024),
            strategy(2026, 2030, 2030),
        ];
        let owners: Vec<usize> = (2019..=2031).map(|y| owner(&strategies, y)).collect();
        // Years in none (2019, 2025, 2031: errors) go to the last strategy begun by then.
        assert_eq!(owners, [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
        assert!(!strategies[0].in_force(2023));
        assert!(
            strategies[0].covers(2023),
            "its period as written still holds 2023"
        );
    }
}

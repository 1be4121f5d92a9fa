//! `mieruka diff`: what changed in the content from one fiscal year to another, for staff
//! checking a new year against the last: KPIs new or gone, targets changed, figures changed.

use std::path::Path;

use anyhow::{Context, Result};

use crate::era::FiscalYear;
use crate::model::{City, Kpi, YearState};
use crate::scaffold::{check_period, chosen_cities, target_text, tracked};
use crate::terms::Actual;

/// The changes from `from` to `to` for every city (or `only`), as lines for the terminal.
pub fn diff(root: &Path, from: FiscalYear, to: FiscalYear, only: Option<&str>) -> Result<String> {
    let site = crate::check(root, &crate::Overrides::default())
        .context("the content must be free of errors to compare years")?
        .site;
    let mut out = String::new();
    for city in chosen_cities(&site, only)? {
        let before = check_period(city, from, only.is_none())?;
        let after = check_period(city, to, only.is_none())?;
        if before.generation != after.generation {
            anyhow::bail!(
                "{from} and {to} belong to different strategies of {} ({} and {}): diff compares two years of one strategy; see each KPI's page for its series across strategies",
                city.name,
                before.strategy.name,
                after.strategy.name
            );
        }
        out.push_str(&city_diff(after, from, to));
    }
    Ok(out)
}

/// Whether a KPI belongs to a year: it has a target or is tracked then, or the year's file has it.
fn reported(kpi: &Kpi, year: FiscalYear) -> bool {
    tracked(kpi, year) || kpi.years.contains_key(&year)
}

/// A year's figure in words: `25.0% (暫定値)`, `算出不可`, `記載なし`, `未公表`.
fn figure_text(city: &City, kpi: &Kpi, year: FiscalYear) -> String {
    match (city.year_state(kpi, year), kpi.years.get(&year)) {
        (YearState::Value | YearState::SumOfParts, Some(entry)) => {
            let Actual::Value(v) = entry.actual else {
                return String::new();
            };
            let mut text = format!("{}{}", v.display(), kpi.unit);
            if entry.summed {
                text.push_str(" (内訳の合計)");
            }
            if let Some(status) = entry.status {
                text.push_str(&format!(" ({})", status.ja()));
            }
            text
        }
        (state, _) => state.ja().to_string(),
    }
}

fn city_diff(city: &City, from: FiscalYear, to: FiscalYear) -> String {
    let has_file = |y: FiscalYear| {
        if city.years.contains(&y) {
            String::new()
        } else {
            format!(" (no {y}.yaml yet)")
        }
    };
    let mut lines = Vec::new();
    for kpi in &city.kpis {
        let name = format!("{} {}", kpi.id, kpi.name);
        match (reported(kpi, from), reported(kpi, to)) {
            (false, false) => continue,
            (false, true) => {
                lines.push(format!(
                    "  new      {name}: target {}",
                    target_text(kpi, to)
                ));
                continue;
            }
            (true, false) => {
                lines.push(format!("  removed  {name}: not reported in {to}"));
                continue;
            }
            (true, true) => {}
        }
        let (ta, tb) = (
            kpi.target_in_force(from).0.applicable(from),
            kpi.target_in_force(to).0.applicable(to),
        );
        if ta != tb {
            lines.push(format!(
                "  target   {name}: {} → {}",
                target_text(kpi, from),
                target_text(kpi, to)
            ));
        }
        let (fa, fb) = (figure_text(city, kpi, from), figure_text(city, kpi, to));
        if fa != fb {
            lines.push(format!("  actual   {name}: {fa} → {fb}"));
        }
    }
    let mut out = format!(
        "{} ({}): {from}{} → {to}{}\n",
        city.id,
        city.name,
        has_file(from),
        has_file(to)
    );
    let n = lines.len();
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&match n {
        0 => "  no changes\n".to_string(),
        1 => "  1 change\n".to_string(),
        n => format!("  {n} changes\n"),
    });
    out
}

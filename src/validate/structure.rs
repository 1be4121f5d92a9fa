//! The strategy's tree: goals, measures, projects (first listings and 再掲) and KPIs.

use std::collections::BTreeMap;

use super::{CityChecker, child, path};
use crate::era::{FiscalYear, fiscal_year_ja};
use crate::load::raw;
use crate::load::raw::BaselineValue;
use crate::model::{
    Baseline, Benchmark, BreakdownDef, Goal, Kpi, KpiBefore, KpiFacts, KpiIx, KpiKind, Measure,
    Project, ProjectEntry, ProjectIx, Reference, Revision, Strategy, Target,
};

/// How a target counts, for messages.
fn counting(target: &Target) -> &'static str {
    if target.is_cumulative() {
        "cumulative"
    } else {
        "not cumulative"
    }
}

impl CityChecker {
    pub(super) fn goal(&mut self, index: usize, raw: &raw::GoalFile, strategy: &Strategy) -> Goal {
        let at = path(&[&"goals", &index]);
        self.check_id(self.tree, child(&at, &[&"id"]), &raw.id);
        let indicators = raw
            .indicators
            .iter()
            .enumerate()
            .map(|(i, k)| {
                self.kpi(
                    k,
                    KpiKind::Indicator,
                    index,
                    None,
                    child(&at, &[&"indicators", &i]),
                    strategy,
                )
            })
            .collect();
        let kpis = raw
            .kpis
            .iter()
            .enumerate()
            .map(|(i, k)| {
                self.kpi(
                    k,
                    KpiKind::Kpi,
                    index,
                    None,
                    child(&at, &[&"kpis", &i]),
                    strategy,
                )
            })
            .collect();
        let measures = raw
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| self.measure(m, index, child(&at, &[&"measures", &i]), strategy))
            .collect();
        if raw.number.is_none() && raw.title.is_none() {
            self.problem(
                self.tree,
                at.clone(),
                format!("goal `{}` has neither `number` nor `title`", raw.id),
                Some("write the goal's label as the report prints it, e.g. `number: 基本目標1`, and its `title` if it has one".into()),
            );
        }
        let revisions = self.revisions(&raw.revisions, &at, strategy, |_, before, _| {
            before.title.trim().to_string()
        });
        if !revisions.is_empty() && raw.title.is_none() {
            self.problem(
                self.tree,
                child(&at, &[&"revisions"]),
                format!("goal `{}` has earlier titles but no `title`", raw.id),
                Some("write the goal's current title as `title:`".into()),
            );
        }
        Goal {
            id: raw.id.clone(),
            number: raw.number.clone(),
            title: raw.title.clone(),
            title_en: raw.title_en.clone(),
            indicators,
            kpis,
            measures,
            revisions,
        }
    }

    /// Revisions during the strategy period: each from a year after the period's first, oldest
    /// first; `before` checks and converts what applied before.
    fn revisions<R, B>(
        &mut self,
        raws: &[raw::RevisionFile<R>],
        at: &[String],
        strategy: &Strategy,
        mut before: impl FnMut(&mut Self, &R, Vec<String>) -> B,
    ) -> Vec<Revision<B>> {
        let mut previous: Option<FiscalYear> = None;
        let mut revisions = Vec::new();
        for (i, raw) in raws.iter().enumerate() {
            let at = child(at, &[&"revisions", &i]);
            if !strategy.covers(raw.from) || raw.from == strategy.from {
                self.problem(
                    self.tree,
                    child(&at, &[&"from"]),
                    format!(
                        "a revision from {} ({}) is not within the strategy period after its first year ({}–{})",
                        raw.from,
                        fiscal_year_ja(raw.from),
                        strategy.from + 1,
                        strategy.to
                    ),
                    Some("`from` is the first fiscal year measured against the revised version; what applied from the period's start is not a revision".into()),
                );
            } else if let Some(previous) = previous.filter(|&p| raw.from <= p) {
                self.problem(
                    self.tree,
                    child(&at, &[&"from"]),
                    format!(
                        "revisions are listed oldest first, but `from: {}` does not come after the previous revision's {previous}",
                        raw.from
                    ),
                    Some("list the revisions in the order they were made".into()),
                );
            }
            previous = Some(raw.from);
            revisions.push(Revision {
                revised: raw.revised.trim().to_string(),
                from: raw.from,
                before: before(self, &raw.before, child(&at, &[&"before"])),
                note: self.text(self.tree, &at, "note", &raw.note),
            });
        }
        revisions
    }

    pub(super) fn measure(
        &mut self,
        raw: &raw::MeasureFile,
        goal: usize,
        at: Vec<String>,
        strategy: &Strategy,
    ) -> Measure {
        let measures = raw
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| self.measure(m, goal, child(&at, &[&"measures", &i]), strategy))
            .collect();
        let entries = raw
            .projects
            .iter()
            .enumerate()
            .filter_map(|(i, p)| self.project(p, goal, child(&at, &[&"projects", &i]), strategy))
            .collect();
        let kpis = raw
            .kpis
            .iter()
            .enumerate()
            .map(|(i, k)| {
                self.kpi(
                    k,
                    KpiKind::Kpi,
                    goal,
                    None,
                    child(&at, &[&"kpis", &i]),
                    strategy,
                )
            })
            .collect();
        Measure {
            number: raw.number.clone(),
            title: raw.title.clone(),
            title_en: raw.title_en.clone(),
            measures,
            entries,
            kpis,
        }
    }

    /// Declares every project before the goals are walked, so a 再掲 listing or `also_projects`
    /// may name a project that comes later in the file.
    pub(super) fn declare_projects(
        &mut self,
        measures: &[raw::MeasureFile],
        goal: usize,
        at: &[String],
    ) {
        for (i, measure) in measures.iter().enumerate() {
            let m_at = child(at, &[&"measures", &i]);
            for (j, raw) in measure.projects.iter().enumerate() {
                let (Some(id), None) = (&raw.id, &raw.relist) else {
                    continue;
                };
                let id_at = child(&m_at, &[&"projects", &j, &"id"]);
                self.check_id(self.tree, id_at.clone(), id);
                if self.project_ids.contains_key(id) {
                    self.problem(
                        self.tree,
                        id_at,
                        format!("project id `{id}` is used twice"),
                        Some("give each project its own id; to list a project again under another goal use `relist:`".into()),
                    );
                    continue;
                }
                self.project_ids.insert(id.clone(), self.projects.len());
                self.projects.push(Project {
                    id: id.clone(),
                    name: raw.name.clone(),
                    name_en: raw.name_en.clone(),
                    note: raw.note.clone(),
                    no_kpi_reason: raw.no_kpi_reason.clone(),
                    goal,
                    shared_kpis: Vec::new(),
                    years: BTreeMap::new(),
                });
            }
            self.declare_projects(&measure.measures, goal, &m_at);
        }
    }

    /// A project listing: the first one, or a 再掲 of a project declared elsewhere.
    pub(super) fn project(
        &mut self,
        raw: &raw::ProjectFile,
        goal: usize,
        at: Vec<String>,
        strategy: &Strategy,
    ) -> Option<ProjectEntry> {
        let (project, relisted) = match (&raw.relist, &raw.id) {
            (Some(relisted), _) => {
                if raw.id.is_some() || raw.name.is_some() || raw.no_kpi_reason.is_some() {
                    self.problem(
                        self.tree,
                        child(&at, &[&"relist"]),
                        "a relisted project (再掲) takes its id and name from the original listing",
                        Some("keep `relist:` and `kpis:` only, or drop `relist:` to declare a new project".into()),
                    );
                }
                let Some(&p) = self.project_ids.get(relisted) else {
                    let hint = self.unknown_project_hint(relisted);
                    self.problem(
                        self.tree,
                        child(&at, &[&"relist"]),
                        format!("no project with id `{relisted}` to relist"),
                        Some(hint),
                    );
                    return None;
                };
                (p, true)
            }
            (None, Some(id)) => (*self.project_ids.get(id)?, false),
            (None, None) => {
                self.problem(
                    self.tree,
                    at,
                    "project without `id`",
                    Some("give every project an id (ASCII, e.g. `id: school-support`), or `relist:` an existing one".into()),
                );
                return None;
            }
        };
        let kpis = raw
            .kpis
            .iter()
            .enumerate()
            .map(|(i, k)| {
                self.kpi(
                    k,
                    KpiKind::Kpi,
                    goal,
                    Some(project),
                    child(&at, &[&"kpis", &i]),
                    strategy,
                )
            })
            .collect();
        Some(ProjectEntry {
            project,
            relisted,
            kpis,
        })
    }

    pub(super) fn kpi(
        &mut self,
        raw: &raw::KpiFile,
        kind: KpiKind,
        goal: usize,
        project: Option<ProjectIx>,
        at: Vec<String>,
        strategy: &Strategy,
    ) -> KpiIx {
        self.check_id(self.tree, child(&at, &[&"id"]), &raw.id);
        let ix = self.kpis.len();
        if self.kpi_ids.insert(raw.id.clone(), ix).is_some() {
            self.problem(
                self.tree,
                child(&at, &[&"id"]),
                format!("KPI id `{}` is used twice", raw.id),
                Some(
                    "KPIs and 数値目標 share one id space within a city: give each its own id"
                        .into(),
                ),
            );
        }
        self.continues
            .push((ix, raw.continues.clone(), child(&at, &[&"continues"])));
        if !raw.also_projects.is_empty() {
            self.also.push((
                ix,
                raw.also_projects.clone(),
                child(&at, &[&"also_projects"]),
            ));
        }
        let unit = raw.unit.clone().unwrap_or_default();
        let facts = super::target::KpiFacts {
            unit: &unit,
            direction: raw.direction,
            has_baseline: raw
                .baseline
                .as_ref()
                .is_some_and(|b| matches!(b.value, BaselineValue::Value(_))),
        };
        let (target, target_text) =
            self.target(&raw.target, child(&at, &[&"target"]), strategy, &facts);
        let revisions = self.revisions(&raw.revisions, &at, strategy, |this, before, at| {
            if before.target.is_none() && before.name.is_none() {
                this.problem(
                    this.tree,
                    at.clone(),
                    "a revision must say what applied before it".to_string(),
                    Some("write the earlier `target:`, the earlier `name:`, or both".into()),
                );
            }
            let earlier = before.target.as_ref().map(|t| {
                let at = child(&at, &[&"target"]);
                let earlier = this.target(t, at.clone(), strategy, &facts);
                if earlier.0.is_cumulative() != target.is_cumulative() {
                    this.problem(
                        this.tree,
                        child(&at, &[&"shape"]),
                        format!(
                            "the earlier target is {} and the current one is {}",
                            counting(&earlier.0),
                            counting(&target)
                        ),
                        Some("a revision changes a target's figures; a KPI that changes between yearly and cumulative counting is a new KPI".into()),
                    );
                }
                earlier
            });
            KpiBefore {
                name: this.text(this.tree, &at, "name", &before.name),
                target: earlier,
            }
        });
        let mut breakdown: Vec<BreakdownDef> = Vec::new();
        for (i, b) in raw.breakdown.iter().enumerate() {
            if breakdown.iter().any(|d| d.label == b.label) {
                self.problem(
                    self.tree,
                    child(&at, &[&"breakdown", &i, &"label"]),
                    format!("breakdown label `{}` is used twice", b.label),
                    Some("give each sub-value its own label, e.g. 男性, 女性".into()),
                );
            }
            breakdown.push(BreakdownDef {
                label: b.label.clone(),
                baseline: b.baseline,
                target: b.target,
            });
        }
        let mut reference = Vec::new();
        for (i, r) in raw.reference.iter().enumerate() {
            match crate::era::parse_era_year(&r.as_of) {
                Some(y) if strategy.covers(y as u16) => self.problem(
                    self.tree,
                    child(&at, &[&"reference", &i, &"as_of"]),
                    format!(
                        "`{}` lies in the strategy period: it is an actual, not a 参考値",
                        r.as_of
                    ),
                    Some("write it as `actual:` in that year's file".into()),
                ),
                Some(y) => reference.push(Reference {
                    as_of: r.as_of.trim().to_string(),
                    year: y as FiscalYear,
                    value: r.value,
                }),
                None => self.problem(
                    self.tree,
                    child(&at, &[&"reference", &i, &"as_of"]),
                    format!("`{}` is not one 年 or 年度", r.as_of),
                    Some("write the period as the report does, e.g. 平成25年 or 平成26年度".into()),
                ),
            }
        }
        let benchmark = raw.benchmark.as_ref().map(|b| {
            for &year in b.values.0.keys() {
                let year_at = child(&at, &[&"benchmark", &"values", &year]);
                self.check_year_in_period(year_at, year, strategy);
            }
            Benchmark {
                name: b.name.clone().unwrap_or_else(|| "目安値".into()),
                values: b.values.0.clone(),
            }
        });
        let facts = KpiFacts {
            source: self.text(self.tree, &at, "source", &raw.source),
            method: self.text(self.tree, &at, "method", &raw.method),
            rationale: self.text(self.tree, &at, "rationale", &raw.rationale),
            department: self.text(self.tree, &at, "department", &raw.department),
        };
        self.kpis.push(Kpi {
            id: raw.id.clone(),
            kind,
            name: raw.name.clone(),
            name_en: raw.name_en.clone(),
            unit: raw.unit.clone().unwrap_or_default(),
            direction: raw.direction,
            baseline: raw.baseline.as_ref().map(|b| Baseline {
                value: match b.value {
                    BaselineValue::Value(v) => Some(v),
                    BaselineValue::NotAvailable => None,
                },
                as_of: b.as_of.clone(),
                unit: b.unit.clone(),
            }),
            target,
            target_text,
            note: raw.note.clone(),
            goal,
            project,
            also_projects: Vec::new(),
            benchmark,
            years: BTreeMap::new(),
            facts,
            breakdown,
            reference,
            revisions,
            continues: None,
            continued_by: None,
        });
        ix
    }
}

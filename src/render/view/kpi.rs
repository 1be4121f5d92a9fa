//! A KPI or 数値目標 with its figures, evaluation and commentary for every fiscal year.

use serde::Serialize;

use super::kpi_chart::{ChartView, chart_data, chart_view_of, has_chart};
use super::target::{TargetView, breakdown_outcome, target_view};
use super::verdict;
use super::{Link, goal_href, kpi_file, kpi_href, percent};
use crate::era::{FiscalYear, parse_era_year};
use crate::evaluate::{Scope, evaluate};
use crate::figure::Figure;
use crate::locale::Locale;
use crate::markdown;
use crate::model::{
    City, Kpi, KpiIx, KpiKind, PartLabel, Project, Reference, Target, YearState, measure_of,
};
use crate::terms::Direction;

/// A KPI or 数値目標 with its figures for every year of the strategy.
#[derive(Debug, Serialize)]
pub struct KpiView {
    pub id: String,
    pub indicator: bool,
    pub name: String,
    pub unit: String,
    pub href: String,
    pub lower_is_better: bool,
    pub note: Option<String>,
    pub baseline: Option<BaselineView>,
    pub target: TargetView,
    /// Revisions of the target or name during the period, oldest first.
    pub revisions: Vec<RevisionView>,
    pub rows: Vec<YearRow>,
    /// The verdict columns: published axes (with who decided), and a computed one.
    pub columns: Vec<verdict::Column>,
    /// Footnotes of published verdicts (`C (A※1)`), numbered from 1.
    pub footnotes: Vec<String>,
    /// The computed scheme's rule in words, when a computed grade is shown.
    pub computed_rule: Option<String>,
    /// What the report calls its interim benchmarks (目安値), when the KPI has them.
    pub benchmark_name: Option<String>,
    /// Whether any year's 達成率 is the report's own figure.
    pub has_published_rate: bool,
    /// Whether any year shows progress toward the target instead of a 達成率.
    pub has_progress_to_target: bool,
    /// The 5年間の合計 column: (target, actual), for cumulative and period targets.
    pub total: Option<TotalView>,
    pub parts: Vec<PartRow>,
    /// Sub-values (男性 / 女性) with their own baseline and target; never summed.
    pub breakdown: Vec<BreakdownRow>,
    /// Whether the parts are projects' shares (事業別) rather than labelled sub-values (内訳別).
    pub parts_by_project: bool,
    /// 参考値 outside the strategy period: {as_of, value}; never graded.
    pub reference: Vec<Reference>,
    /// Commentary of the year asked for, or of every year (newest first) on the KPI page.
    pub commentary: Vec<Commentary>,
    pub chart: Option<ChartView>,
    /// This KPI's own files, from the site root: `csv`, and `svg` (its chart) when it has one.
    pub downloads: Downloads,
    /// The name of the project that declares it (none for a 数値目標).
    pub project: Option<String>,
    /// The measure it is attached to directly, when it belongs to no project.
    pub measure: Option<String>,
    pub also_projects: Vec<String>,
    pub goal: Link,
    /// 出典, 算出方法, 設定根拠, 担当課 (as the KPI states them).
    pub facts: FactsView,
    /// Whether any year names its 担当課, 公表日, next publication or rank.
    pub has_year_facts: bool,
}

#[derive(Debug, Serialize)]
pub struct FactsView {
    pub source: Option<String>,
    pub method: Option<String>,
    pub rationale: Option<String>,
    pub department: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Downloads {
    pub csv: String,
    pub svg: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct BaselineView {
    pub value: Option<Figure>,
    pub as_of: Option<String>,
    /// 西暦 of `as_of` when it names an era year: 令和元年 → 2019.
    pub as_of_year: Option<i32>,
    pub unit: String,
}

/// What a KPI was before a revision (平成30年3月改訂).
#[derive(Debug, Serialize)]
pub struct RevisionView {
    /// When, as written.
    pub revised: String,
    /// The first fiscal year measured against the revised version.
    pub from: FiscalYear,
    /// The target before, when it changed.
    pub target: Option<TargetView>,
    /// The name before, when it changed.
    pub name: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct YearRow {
    pub year: FiscalYear,
    /// The target in force that year (see [`Kpi::target_in_force`]).
    pub target: Option<Figure>,
    /// The year's target as written, when more than a figure.
    pub target_text: Option<String>,
    /// Whether the year's target is one later revised.
    pub target_superseded: bool,
    /// The running target for a cumulative target with yearly portions.
    pub target_cumulative: Option<Figure>,
    pub actual: ActualView,
    pub actual_cumulative: Option<Figure>,
    /// This year's interim benchmark (目安値).
    pub benchmark: Option<Figure>,
    /// 達成率 as shown (`67.6`): the report's own figure when it prints one, else computed.
    pub rate: Option<String>,
    /// Whether `rate` is the report's figure.
    pub rate_published: bool,
    /// mieruka's figure beside a published one that differs, for checking.
    pub rate_computed: Option<String>,
    /// Where a ratio means nothing (a target of 0, negative values) and the target is unmet:
    /// progress from the baseline toward the target, shown instead and said to be so.
    pub progress_to_target: Option<String>,
    /// One cell per verdict column.
    pub verdicts: Vec<Option<verdict::Cell>>,
    /// Why the computed scheme gave no grade, in words (only where a scheme is adopted).
    pub not_graded: Option<String>,
    /// 担当課 in this year (the latest named, or the KPI's).
    pub department: Option<String>,
    pub published: Option<String>,
    pub next_publication: Option<String>,
    pub rank: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ActualView {
    /// The state's code (see `YearState`).
    pub state: &'static str,
    pub value: Option<Figure>,
    /// The figure as written, when more than a figure (`93%超`, `1万8225人`).
    pub text: Option<String>,
    /// The period the figure refers to, as written (平成28年), when not the report's year.
    pub as_of: Option<String>,
    /// A state without a figure in words: 算出不可, 対象外, 記載なし (none for a future year).
    pub label: Option<String>,
    pub status: Option<String>,
    pub summed: bool,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TotalView {
    pub target: Option<Figure>,
    pub actual: Option<Figure>,
}

#[derive(Debug, Serialize)]
pub struct PartRow {
    pub label: String,
    pub values: Vec<Option<Figure>>,
}

/// One sub-value of a KPI across the strategy's years, with how its latest figure did.
#[derive(Debug, Serialize)]
pub struct BreakdownRow {
    pub label: String,
    pub baseline: Option<Figure>,
    pub target: Option<Figure>,
    pub values: Vec<Option<Figure>>,
    /// 達成率 of the latest figure against the sub-value's target, as shown.
    pub rate: Option<String>,
    /// Whether the latest figure reaches the target, in words (arithmetic, not a verdict).
    pub verdict: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Commentary {
    pub year: FiscalYear,
    /// 所見, or empty.
    pub html: String,
    /// 取組内容, 成果と課題, 今後の方向性, 推進会議での意見, as given.
    pub sections: Vec<TextSection>,
}

/// A named text of a year's report.
#[derive(Debug, Serialize)]
pub struct TextSection {
    pub label: String,
    pub html: String,
    /// The committee's words (推進会議での意見), not the department's.
    pub committee: bool,
}

impl KpiView {
    /// A KPI as a goal page (`year` `None`) or a year's report lists it: a goal page shows the
    /// chart and the latest year's commentary, and links to the KPI page for the table of every
    /// year instead of repeating it; a year's report shows the year's row, or only the link when
    /// the year's table above says it all.
    pub fn listed(city: &City, ix: KpiIx, year: Option<FiscalYear>, t: &Locale) -> Self {
        let figures = match year {
            None => {
                let mut figures = Figures::of(city, &city.kpis[ix], None, t);
                figures.rows.clear();
                figures.footnotes.clear();
                figures
            }
            Some(year) => Figures::listed(city, ix, year, t),
        };
        // A goal page shows the latest year's commentary only: the others are not rendered.
        KpiView::build(city, ix, year, year.map_or(1, |_| usize::MAX), figures, t)
    }

    /// `year`: the commentary of that year only; `None`: every year's.
    pub fn new(city: &City, ix: KpiIx, year: Option<FiscalYear>, t: &Locale) -> Self {
        let figures = Figures::of(city, &city.kpis[ix], year, t);
        KpiView::build(city, ix, year, usize::MAX, figures, t)
    }

    /// [`KpiView::new`] with the commentary of the `commentaries` latest years at most.
    fn build(
        city: &City,
        ix: KpiIx,
        year: Option<FiscalYear>,
        commentaries: usize,
        figures: Figures,
        t: &Locale,
    ) -> Self {
        let kpi = &city.kpis[ix];
        let commentary = kpi
            .years
            .iter()
            .rev()
            .filter(|(y, _)| year.is_none_or(|wanted| wanted == **y))
            .filter_map(|(&y, entry)| {
                let sections: Vec<TextSection> = entry
                    .texts
                    .named()
                    .into_iter()
                    .map(|(field, md)| TextSection {
                        label: t.text(&format!("texts.{field}")).to_string(),
                        html: markdown::to_html(md),
                        committee: field == "committee_opinion",
                    })
                    .collect();
                if entry.commentary.is_none() && sections.is_empty() {
                    return None;
                }
                Some(Commentary {
                    year: y,
                    html: entry
                        .commentary
                        .as_deref()
                        .map(markdown::to_html)
                        .unwrap_or_default(),
                    sections,
                })
            })
            .take(commentaries)
            .collect();
        let goal = &city.goals[kpi.goal];
        // The chart's data is built only for a page that shows the chart.
        let (chart, has_chart) = match year {
            None => {
                let chart = chart_view_of(&chart_data(city, kpi, t), city, kpi, t);
                let drawn = chart.is_some();
                (chart, drawn)
            }
            Some(_) => (None, has_chart(city, kpi)),
        };
        KpiView {
            id: kpi.id.clone(),
            indicator: kpi.kind == KpiKind::Indicator,
            name: kpi.name.clone(),
            unit: kpi.unit.clone(),
            href: kpi_href(city, kpi),
            lower_is_better: kpi.direction == Direction::Lower,
            note: kpi.note.clone(),
            baseline: kpi.baseline.as_ref().map(|b| BaselineView {
                value: b.value,
                as_of: b.as_of.clone(),
                as_of_year: b.as_of.as_deref().and_then(parse_era_year),
                unit: b.unit.clone().unwrap_or_else(|| kpi.unit.clone()),
            }),
            target: target_view(&kpi.target, &kpi.target_text, city, t),
            revisions: kpi
                .revisions
                .iter()
                .map(|r| RevisionView {
                    revised: r.revised.clone(),
                    from: r.from,
                    target: r
                        .before
                        .target
                        .as_ref()
                        .map(|(target, text)| target_view(target, text, city, t)),
                    name: r.before.name.clone(),
                    note: r.note.clone(),
                })
                .collect(),
            total: figures.total,
            parts: figures.parts,
            breakdown: figures.breakdown,
            reference: kpi.reference.clone(),
            parts_by_project: kpi
                .years
                .values()
                .flat_map(|y| &y.parts)
                .all(|p| matches!(p.label, PartLabel::Project(_))),
            has_published_rate: figures.has_published_rate,
            has_progress_to_target: figures.has_progress_to_target,
            computed_rule: figures.computed_rule,
            benchmark_name: kpi.benchmark.as_ref().map(|b| b.name.clone()),
            columns: figures.columns,
            footnotes: figures.footnotes,
            rows: figures.rows,
            commentary,
            chart,
            downloads: Downloads {
                csv: kpi_file(city, kpi, "csv"),
                svg: has_chart.then(|| kpi_file(city, kpi, "svg")),
            },
            project: kpi.project.map(|p| project_name(&city.projects[p])),
            measure: measure_of(&goal.measures, ix).map(|m| match &m.number {
                Some(number) => format!("{number} {}", m.title),
                None => m.title.clone(),
            }),
            also_projects: kpi
                .also_projects
                .iter()
                .map(|&p| project_name(&city.projects[p]))
                .collect(),
            goal: Link {
                name: goal.heading(),
                href: goal_href(city, goal),
            },
            facts: FactsView {
                source: kpi.facts.source.clone(),
                method: kpi.facts.method.clone(),
                rationale: kpi.facts.rationale.clone(),
                department: kpi.facts.department.clone(),
            },
            has_year_facts: kpi.years.values().any(|y| y.facts != Default::default()),
        }
    }
}

/// What a KPI's view shows of the fiscal years it covers: its fields of these names. The rest
/// of the view is the same whatever years it covers, but for its commentary and chart.
#[derive(Debug, Serialize)]
pub struct Figures {
    rows: Vec<YearRow>,
    footnotes: Vec<String>,
    columns: Vec<verdict::Column>,
    has_published_rate: bool,
    has_progress_to_target: bool,
    computed_rule: Option<String>,
    total: Option<TotalView>,
    parts: Vec<PartRow>,
    breakdown: Vec<BreakdownRow>,
}

impl Figures {
    /// Of fiscal year `year`, as its report lists KPI `ix` ([`KpiView::listed`]): its row,
    /// or none when the year's table above says it all.
    pub fn listed(city: &City, ix: KpiIx, year: FiscalYear, t: &Locale) -> Figures {
        let kpi = &city.kpis[ix];
        let mut figures = Figures::of(city, kpi, Some(year), t);
        if figures.in_year_table(city, kpi, t) {
            figures.rows.clear();
        }
        figures
    }

    /// Whether the year's table at the top of a year's report already shows all that this
    /// KPI's one-row table would: target, actual, 達成率, and its one verdict column when that
    /// is the table's headline verdict (shown there without brackets, footnotes or deciders),
    /// so the report's details need not repeat it.
    fn in_year_table(&self, city: &City, kpi: &Kpi, t: &Locale) -> bool {
        let [row] = self.rows.as_slice() else {
            return false;
        };
        let columns = verdict::columns(city, kpi, t);
        let headline_only = match (columns.as_slice(), verdict::Headline::of(city)) {
            ([], _) => true,
            ([(Some(axis), _)], Some(verdict::Headline::Axis(headline, _))) => *axis == headline,
            ([(None, _)], Some(verdict::Headline::Computed)) => true,
            _ => false,
        };
        headline_only
            && row
                .verdicts
                .iter()
                .flatten()
                .all(|c| c.alternative.is_none() && c.decided_by.is_none())
            && self.footnotes.is_empty()
            && kpi.benchmark.is_none()
            && !kpi.target.is_cumulative()
            && self.total.is_none()
            && self.breakdown.is_empty()
            && self.parts.is_empty()
            && !self.has_published_rate
            && !self.has_progress_to_target
            && row.actual.as_of.is_none()
            && row.actual.note.is_none()
            && !row.actual.summed
    }

    /// Of every year of the strategy, or of `year` only.
    fn of(city: &City, kpi: &Kpi, year: Option<FiscalYear>, t: &Locale) -> Figures {
        // A year's report shows that year only (its row, parts and sub-values): the earlier years
        // are in their own reports and all of them on the KPI page, which the KPI's name links to.
        let years: Vec<FiscalYear> = city
            .strategy
            .years()
            .filter(|&y| year.is_none_or(|wanted| y == wanted))
            .collect();
        let columns = verdict::columns(city, kpi, t);
        let mut footnotes = Vec::new();
        let rows: Vec<YearRow> = years
            .iter()
            .map(|&y| year_row(city, kpi, y, &columns, &mut footnotes, t))
            .collect();
        let shows_computed = rows
            .iter()
            .any(|r| r.verdicts.iter().flatten().any(|c| c.computed));
        Figures {
            has_published_rate: rows.iter().any(|r| r.rate_published),
            has_progress_to_target: rows.iter().any(|r| r.progress_to_target.is_some()),
            computed_rule: shows_computed
                .then(|| verdict::computed_rule(city, t))
                .flatten(),
            columns: columns.into_iter().map(|(_, c)| c).collect(),
            footnotes,
            rows,
            total: total_view(kpi, year),
            parts: part_rows(city, kpi, &years),
            breakdown: breakdown_rows(kpi, &years, t),
        }
    }
}

pub(super) fn year_row(
    city: &City,
    kpi: &Kpi,
    year: FiscalYear,
    columns: &[(Option<usize>, verdict::Column)],
    footnotes: &mut Vec<String>,
    t: &Locale,
) -> YearRow {
    let entry = kpi.years.get(&year);
    let state = city.year_state(kpi, year);
    let actual = ActualView {
        state: state.code(),
        value: kpi.actual(year),
        text: entry
            .and_then(|e| e.written.as_ref())
            .map(|q| q.written.clone()),
        as_of: entry.and_then(|e| e.as_of.clone()),
        label: match state {
            YearState::Value | YearState::SumOfParts | YearState::NotYet => None,
            // A year that gives only sub-values has them in the 内訳 table.
            YearState::NotReported if entry.is_some_and(|e| !e.breakdown.is_empty()) => {
                Some(t.text("state.see_breakdown").to_string())
            }
            other => Some(super::state_word(other, t)),
        },
        status: entry
            .and_then(|e| e.status)
            .map(|s| super::status_word(s, t)),
        summed: state == YearState::SumOfParts,
        note: entry.and_then(|e| e.note.clone()),
    };
    let evaluation = evaluate(kpi, year, &Scope::of(city));
    let published_rate = entry.and_then(|e| e.published_rate);
    let computed_rate = evaluation.rate.map(|r| percent(r, t));
    let cumulative = kpi.target.is_cumulative();
    let (target, target_text) = kpi.target_in_force(year);
    YearRow {
        year,
        target: target.for_year(year),
        target_text: target_text.for_year(target, year).map(str::to_string),
        target_superseded: kpi.revision_of_target(year).is_some()
            && target.for_year(year).is_some(),
        target_cumulative: target.cumulative_for_year(year),
        actual,
        actual_cumulative: if cumulative {
            kpi.cumulative_actual(year)
        } else {
            None
        },
        benchmark: evaluation.benchmark,
        rate_published: published_rate.is_some(),
        rate_computed: computed_rate
            .clone()
            .filter(|c| published_rate.is_some_and(|p| &p.display() != c)),
        rate: published_rate
            .map(|r| t.number(&r.display()))
            .or(computed_rate),
        progress_to_target: evaluation.progress_to_target.map(|p| percent(p, t)),
        verdicts: verdict::cells(city, kpi, year, &evaluation, columns, footnotes),
        not_graded: match (&evaluation.grade, evaluation.not_graded, state) {
            (None, Some(reason), s) if s != YearState::NotYet => {
                Some(t.text(&format!("not_graded.{}", reason.code())).to_string())
            }
            _ => None,
        },
        department: kpi.department(year).map(str::to_string),
        published: entry.and_then(|e| e.facts.published.clone()),
        next_publication: entry.and_then(|e| e.facts.next_publication.clone()),
        rank: entry.and_then(|e| e.facts.rank.clone()),
    }
}

/// The period's total: the latest running total (up to `until`, on a fiscal year's page).
fn total_view(kpi: &Kpi, until: Option<FiscalYear>) -> Option<TotalView> {
    match &kpi.target {
        // The latest running total, whether the year files write running totals or portions.
        Target::Cumulative { total, .. } => Some(TotalView {
            target: Some(*total),
            actual: kpi
                .years
                .iter()
                .rev()
                .filter(|(y, e)| until.is_none_or(|u| **y <= u) && e.actual.value().is_some())
                .find_map(|(&y, _)| kpi.cumulative_actual(y)),
        }),
        Target::Period { value, .. } => Some(TotalView {
            target: Some(*value),
            actual: None,
        }),
        Target::Yearly { .. }
        | Target::EachYear { .. }
        | Target::Final { .. }
        | Target::Threshold { .. }
        | Target::Change { .. }
        | Target::None { .. } => None,
    }
}

fn breakdown_rows(kpi: &Kpi, years: &[FiscalYear], t: &Locale) -> Vec<BreakdownRow> {
    kpi.breakdown
        .iter()
        .map(|def| {
            let latest = years.iter().rev().find_map(|y| {
                kpi.years
                    .get(y)
                    .and_then(|e| e.breakdown.get(&def.label).copied())
            });
            let (rate, verdict) = latest
                .map(|a| breakdown_outcome(kpi, def, a, t))
                .unwrap_or_default();
            BreakdownRow {
                label: def.label.clone(),
                baseline: def.baseline,
                target: def.target,
                values: years
                    .iter()
                    .map(|y| {
                        kpi.years
                            .get(y)
                            .and_then(|e| e.breakdown.get(&def.label).copied())
                    })
                    .collect(),
                rate,
                verdict,
            }
        })
        .collect()
}

fn part_rows(city: &City, kpi: &Kpi, years: &[FiscalYear]) -> Vec<PartRow> {
    let mut labels: Vec<String> = Vec::new();
    for entry in kpi.years.values() {
        for part in &entry.parts {
            let label = part_label(city, &part.label);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    labels
        .into_iter()
        .map(|label| PartRow {
            values: years
                .iter()
                .map(|y| {
                    kpi.years.get(y).and_then(|e| {
                        e.parts
                            .iter()
                            .find(|p| part_label(city, &p.label) == label)
                            .map(|p| p.value)
                    })
                })
                .collect(),
            label,
        })
        .collect()
}

/// A project's name, or — where the report gives none.
pub(super) fn project_name(project: &Project) -> String {
    project.name.clone().unwrap_or_else(|| "—".into())
}

fn part_label(city: &City, label: &PartLabel) -> String {
    match label {
        PartLabel::Project(p) => project_name(&city.projects[*p]),
        PartLabel::Text(t) => t.clone(),
    }
}

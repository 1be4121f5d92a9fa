//! The validated, immutable site model every page is rendered from.
//!
//! A city keeps its projects and KPIs in flat lists (`City::projects`, `City::kpis`); goals and
//! measures refer to them by index, so a KPI page can reach its goal and project without search.

pub mod edition;
mod target;

use std::collections::BTreeMap;

use crate::era::FiscalYear;
use crate::figure::Figure;
use crate::terms::{
    Accessibility, Actual, Axis, Direction, GovernmentKind, Grading, Qualified, Status,
};
pub use edition::{Correction, CorrectionValue};
pub use target::{Target, TargetText};

/// Index into `City::projects`.
pub type ProjectIx = usize;
/// Index into `City::kpis`.
pub type KpiIx = usize;

/// Everything the site shows.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// Cities ordered by id.
    pub cities: Vec<City>,
}

/// `content/site.yaml`, with the command line's overrides applied.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub title_en: Option<String>,
    /// The first edition's language (at the site root).
    pub language: String,
    /// Every edition's language, `language` first; the others are built in a folder each.
    pub languages: Vec<String>,
    /// The absolute address the site is published at, ending in `/` (validated); without it,
    /// nothing that needs an absolute address (sitemap, feeds, canonical and share tags) is made.
    pub base_url: Option<String>,
    pub theme: String,
    pub description: Option<String>,
    pub description_en: Option<String>,
    /// 発行: who publishes the site.
    pub publisher: Option<String>,
    /// 問い合わせ先, unless a city names its own.
    pub contact: Option<String>,
    /// The site's computed grading, used by cities that set none; none: no computed grades.
    pub grading: Option<Grading>,
    /// The site's assessment axes, used by cities that list none.
    pub axes: Vec<Axis>,
    /// What the accessibility statement says.
    pub accessibility: Accessibility,
}

/// A municipality and its strategy.
#[derive(Debug, Clone)]
pub struct City {
    /// The folder name under `content/`.
    pub id: String,
    pub name: String,
    /// Names and titles in English (`name_en:`), for the English edition.
    pub name_en: Option<String>,
    /// 市, 町, 村, 区 or 都道府県.
    pub kind: GovernmentKind,
    /// The prefecture a municipality lies in; none for a prefecture.
    pub prefecture: Option<String>,
    /// 担当部署 and 問い合わせ先, as written.
    pub department: Option<String>,
    pub contact: Option<String>,
    /// The strategy this model is of: the current one, or (in `earlier`) one before it.
    pub strategy: Strategy,
    /// Every strategy of the city, oldest first (one for most cities); `strategy` is the one at
    /// `generation`.
    pub strategies: Vec<Strategy>,
    /// The index of `strategy` in `strategies`.
    pub generation: usize,
    /// The city under each earlier strategy, oldest first (same id, own goals, KPIs and years);
    /// empty in those models themselves.
    pub earlier: Vec<City>,
    /// The grading mieruka computes: the city's own scheme, or the site's; none when the
    /// government publishes its own verdicts only, or none at all.
    pub grading: Option<Grading>,
    /// The assessment axes the government publishes (its own, or the site's).
    pub axes: Vec<Axis>,
    pub goals: Vec<Goal>,
    pub projects: Vec<Project>,
    /// KPIs and 数値目標 alike.
    pub kpis: Vec<Kpi>,
    /// Fiscal years that have a file, ascending.
    pub years: Vec<FiscalYear>,
    /// Fiscal year → the date its figures were published (`YYYY-MM-DD`), where the file says.
    pub published: BTreeMap<FiscalYear, String>,
    /// 訂正: figures changed after publication, by fiscal year, then date (see [`edition`]).
    pub corrections: Vec<Correction>,
}

/// 総合戦略.
#[derive(Debug, Clone)]
pub struct Strategy {
    pub name: String,
    pub name_en: Option<String>,
    pub from: FiscalYear,
    pub to: FiscalYear,
    pub source: Option<String>,
    /// Where the source document is published.
    pub source_url: Option<String>,
    /// 策定日 and 改訂日 (`YYYY-MM-DD`), as written.
    pub adopted: Option<String>,
    pub revised: Option<String>,
    /// The last fiscal year the strategy is in force: `to`, or the year before its successor
    /// (a revision may take over in the middle of the period).
    pub until: FiscalYear,
}

impl Strategy {
    /// Whether the strategy is in force in a fiscal year (its years up to a successor's).
    pub fn in_force(&self, year: FiscalYear) -> bool {
        (self.from..=self.until).contains(&year)
    }

    /// The strategy's part of addresses (`strategy/2020/`): the fiscal year it came in force.
    pub fn key(&self) -> String {
        self.from.to_string()
    }

    /// The fiscal years the strategy is in force, in order: its period, or the part of it
    /// before a revision took over.
    pub fn years(&self) -> impl Iterator<Item = FiscalYear> + Clone + use<> {
        self.from..=self.until
    }

    /// Whether a fiscal year lies in the strategy's period.
    pub fn covers(&self, year: FiscalYear) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

/// 基本目標.
#[derive(Debug, Clone)]
pub struct Goal {
    pub id: String,
    pub number: Option<String>,
    /// Some reports number their goals only.
    pub title: Option<String>,
    pub title_en: Option<String>,
    /// 数値目標.
    pub indicators: Vec<KpiIx>,
    /// KPIs attached to the goal itself, under no measure or project.
    pub kpis: Vec<KpiIx>,
    pub measures: Vec<Measure>,
    /// Earlier titles (a goal renamed during the period), oldest first.
    pub revisions: Vec<Revision<String>>,
}

impl Goal {
    /// The goal's number as the city writes it, then its title: 【基本目標1】 しごとをつくり…
    pub fn heading(&self) -> String {
        match (&self.number, &self.title) {
            (Some(number), Some(title)) => format!("{number} {title}"),
            (Some(text), None) | (None, Some(text)) => text.clone(),
            (None, None) => self.id.clone(),
        }
    }
}

/// 施策 or 具体的施策; measures nest.
#[derive(Debug, Clone)]
pub struct Measure {
    pub number: Option<String>,
    pub title: String,
    pub title_en: Option<String>,
    pub measures: Vec<Measure>,
    pub entries: Vec<ProjectEntry>,
    /// KPIs attached to the measure itself, under no project (not counted as a 事業).
    pub kpis: Vec<KpiIx>,
}

/// A project as listed under a measure: first listing or 再掲.
#[derive(Debug, Clone)]
pub struct ProjectEntry {
    pub project: ProjectIx,
    pub relisted: bool,
    /// The KPIs shown with this listing.
    pub kpis: Vec<KpiIx>,
}

/// 事業.
#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub name: Option<String>,
    pub name_en: Option<String>,
    pub note: Option<String>,
    pub no_kpi_reason: Option<String>,
    /// The goal of the first listing.
    pub goal: usize,
    /// KPIs declared on another project that this project is also measured by (merged cells).
    pub shared_kpis: Vec<KpiIx>,
    pub years: BTreeMap<FiscalYear, ProjectYear>,
}

/// What a project reports for one fiscal year.
#[derive(Debug, Clone, Default)]
pub struct ProjectYear {
    /// Markdown.
    pub commentary: Option<String>,
    pub activities: Vec<String>,
    /// 予算額, in 千円.
    pub budget: Option<Figure>,
    /// 決算額 (執行額), in 千円.
    pub spent: Option<Figure>,
}

/// Whether a KPI or a 数値目標.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiKind {
    /// 数値目標 of a goal.
    Indicator,
    /// 重要業績評価指標 of a project.
    Kpi,
}

/// A KPI or a 数値目標, with its figures for every fiscal year reported.
#[derive(Debug, Clone)]
pub struct Kpi {
    pub id: String,
    pub kind: KpiKind,
    pub name: String,
    pub name_en: Option<String>,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<Baseline>,
    pub target: Target,
    /// The target as written where that is more than plain figures (`30%以上`).
    pub target_text: TargetText,
    pub note: Option<String>,
    pub goal: usize,
    /// The project that declares it (none for a 数値目標).
    pub project: Option<ProjectIx>,
    /// Further projects measured by it.
    pub also_projects: Vec<ProjectIx>,
    /// Interim benchmarks (目安値) toward the target.
    pub benchmark: Option<Benchmark>,
    pub years: BTreeMap<FiscalYear, KpiYear>,
    /// 出典, 算出方法, 設定根拠, 担当課.
    pub facts: KpiFacts,
    /// Sub-values (男性 / 女性), each with its own baseline and target; never summed.
    pub breakdown: Vec<BreakdownDef>,
    /// 参考値 outside the strategy period; never graded.
    pub reference: Vec<Reference>,
    /// Revisions of the target or name during the strategy period, oldest first.
    pub revisions: Vec<Revision<KpiBefore>>,
    /// The KPI of the previous strategy this one carries on (`continues:`, or the same id).
    pub continues: Option<KpiLink>,
    /// The KPI of a later strategy that carries this one on.
    pub continued_by: Option<KpiLink>,
}

/// A figure outside the strategy period (参考 平成25年 4,016).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reference {
    /// The period as written: 平成25年, 平成26年度.
    pub as_of: String,
    /// The year it names, for placing it on a time axis.
    pub year: FiscalYear,
    pub value: Figure,
}

/// A change made to a goal or KPI during the strategy period (平成30年3月改訂), keeping what it
/// was before.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Revision<B> {
    /// When it was revised, as written: 平成30年3月.
    pub revised: String,
    /// The first fiscal year the revised version applies to.
    pub from: FiscalYear,
    /// What applied before.
    pub before: B,
    pub note: Option<String>,
}

/// A KPI as it was before a revision: the parts that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiBefore {
    pub name: Option<String>,
    pub target: Option<(Target, TargetText)>,
}

/// A KPI of another strategy of the same city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiLink {
    /// Index into `City::strategies`.
    pub generation: usize,
    pub kpi: KpiIx,
}

/// One sub-value of a KPI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakdownDef {
    pub label: String,
    pub baseline: Option<Figure>,
    pub target: Option<Figure>,
}

/// What a report says about a KPI besides its figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KpiFacts {
    /// 出典.
    pub source: Option<String>,
    /// 算出方法.
    pub method: Option<String>,
    /// 設定根拠.
    pub rationale: Option<String>,
    /// 担当課.
    pub department: Option<String>,
}

/// What a year's report says about a KPI's figure besides the figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearFacts {
    /// 担当課 this year, when it changed.
    pub department: Option<String>,
    /// 公表日 of the figure, as written.
    pub published: Option<String>,
    /// When the next figure is due, as written.
    pub next_publication: Option<String>,
    /// 全国16位, as written.
    pub rank: Option<String>,
}

/// The named texts of a year's report on a KPI, in Markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearTexts {
    /// 取組内容.
    pub actions: Option<String>,
    /// 成果と課題.
    pub results: Option<String>,
    /// 今後の方向性 / 今後の達成見込み.
    pub outlook: Option<String>,
    /// 推進会議での意見 (the committee's, not the department's).
    pub committee_opinion: Option<String>,
}

impl YearTexts {
    /// Each text with its field name (`actions`: 取組内容, `results`: 成果と課題, `outlook`:
    /// 今後の方向性, `committee_opinion`: 推進会議での意見), in the order reports print them.
    pub fn named(&self) -> Vec<(&'static str, &str)> {
        [
            ("actions", &self.actions),
            ("results", &self.results),
            ("outlook", &self.outlook),
            ("committee_opinion", &self.committee_opinion),
        ]
        .into_iter()
        .filter_map(|(label, text)| text.as_deref().map(|t| (label, t)))
        .collect()
    }
}

impl KpiKind {
    /// KPI or 数値目標, as pages name them.
    pub fn ja(self) -> &'static str {
        match self {
            KpiKind::Indicator => "数値目標",
            KpiKind::Kpi => "KPI",
        }
    }
}

/// Interim benchmarks (目安値, 期待値, 中間目標): values toward the target for some years.
#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    /// As the report calls them: 目安値, 期待値, 中間目標.
    pub name: String,
    pub values: BTreeMap<FiscalYear, Figure>,
}

/// A value the government published on one of its assessment axes for a KPI and year.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Index into `City::axes`.
    pub axis: usize,
    /// As written: `B`, `順調`, `3`.
    pub value: String,
    /// A grade in brackets beside it: `C (A※1)`.
    pub alternative: Option<String>,
    pub footnote: Option<String>,
    /// Who decided it, when not the axis's usual decider.
    pub decided_by: Option<String>,
}

impl Kpi {
    /// The target a fiscal year is measured against, as written: the one in force that year
    /// (before a revision, the earlier target).
    pub fn target_in_force(&self, year: FiscalYear) -> (&Target, &TargetText) {
        self.revision_of_target(year)
            .and_then(|r| r.before.target.as_ref())
            .map_or((&self.target, &self.target_text), |(t, text)| (t, text))
    }

    /// The revision that replaced a fiscal year's target, when it was revised after that year.
    pub fn revision_of_target(&self, year: FiscalYear) -> Option<&Revision<KpiBefore>> {
        self.revisions
            .iter()
            .find(|r| year < r.from && r.before.target.is_some())
    }

    /// The 担当課 in a fiscal year: that year's, else the latest earlier year's, else the KPI's.
    pub fn department(&self, year: FiscalYear) -> Option<&str> {
        self.years
            .range(..=year)
            .rev()
            .find_map(|(_, y)| y.facts.department.as_deref())
            .or(self.facts.department.as_deref())
    }

    /// Whether the KPI counts in the report's KPI数: one with a target to be measured against.
    pub fn is_counted(&self) -> bool {
        self.target.is_set()
    }

    /// The figure reported for a year, if any.
    pub fn actual(&self, year: FiscalYear) -> Option<Figure> {
        self.years.get(&year)?.actual.value()
    }

    /// The latest fiscal year with a figure.
    pub fn latest_value_year(&self) -> Option<FiscalYear> {
        self.years
            .iter()
            .rev()
            .find(|(_, e)| e.actual.value().is_some())
            .map(|(&y, _)| y)
    }

    /// The running total of actuals up to and including `year`, for cumulative targets; `None`
    /// when that year has no figure.
    pub fn cumulative_actual(&self, year: FiscalYear) -> Option<Figure> {
        let this_year = self.actual(year)?;
        if self.target.actuals_are_running_totals() {
            return Some(this_year);
        }
        self.years
            .range(..=year)
            .filter_map(|(_, y)| y.actual.value())
            .try_fold(Figure::ZERO, Figure::checked_add)
    }
}

/// 基準値.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// `None` where the report shows —.
    pub value: Option<Figure>,
    pub as_of: Option<String>,
    /// Set when the baseline is counted in another unit than the KPI.
    pub unit: Option<String>,
}

/// A KPI's figure for one year.
#[derive(Debug, Clone)]
pub struct KpiYear {
    pub actual: Actual,
    /// The actual as written, when more than a plain figure (`93%超`, `1万8225人`).
    pub written: Option<Qualified>,
    /// The period the figure refers to, as written (平成28年, 平成31年度), when the report
    /// publishes data of another period than its own year.
    pub as_of: Option<String>,
    /// Sub-values by label (see `Kpi::breakdown`).
    pub breakdown: BTreeMap<String, Figure>,
    /// Whether the actual is the sum of `parts` rather than a figure the city wrote.
    pub summed: bool,
    pub status: Option<Status>,
    pub note: Option<String>,
    pub parts: Vec<Part>,
    /// Markdown.
    pub commentary: Option<String>,
    /// What the government published on each of its assessment axes, in axis order.
    pub verdicts: Vec<Verdict>,
    /// 達成率 as the report prints it.
    pub published_rate: Option<Figure>,
    pub facts: YearFacts,
    pub texts: YearTexts,
}

/// What a KPI has for a fiscal year, as a code (for open data) and in words (for pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearState {
    /// A figure the city wrote.
    Value,
    /// A figure summed from the city's parts.
    SumOfParts,
    NotMeasurable,
    NotApplicable,
    /// The year's file leaves the KPI out, or gives it only commentary.
    NotReported,
    /// 調査中: the figure is still being surveyed.
    Pending,
    /// No file for the year yet.
    NotYet,
}

impl YearState {
    /// Every state, in the order the legend lists them.
    pub const ALL: [YearState; 7] = [
        YearState::Value,
        YearState::SumOfParts,
        YearState::NotMeasurable,
        YearState::NotApplicable,
        YearState::NotReported,
        YearState::Pending,
        YearState::NotYet,
    ];

    /// The code used in CSV and JSON.
    pub fn code(self) -> &'static str {
        match self {
            YearState::Value => "value",
            YearState::SumOfParts => "sum_of_parts",
            YearState::NotMeasurable => "not_measurable",
            YearState::NotApplicable => "not_applicable",
            YearState::NotReported => "not_reported",
            YearState::Pending => "pending",
            YearState::NotYet => "not_yet",
        }
    }

    /// The state in words.
    pub fn ja(self) -> &'static str {
        match self {
            YearState::Value => "実績値",
            YearState::SumOfParts => "内訳の合計",
            YearState::NotMeasurable => "算出不可",
            YearState::NotApplicable => "対象外",
            YearState::NotReported => "記載なし",
            YearState::Pending => "調査中",
            YearState::NotYet => "未公表",
        }
    }
}

/// A sub-value of a year's actual: one project's share, or 男/女.
#[derive(Debug, Clone)]
pub struct Part {
    pub label: PartLabel,
    pub value: Figure,
}

/// What a part is a part of.
#[derive(Debug, Clone)]
pub enum PartLabel {
    Project(ProjectIx),
    Text(String),
}

/// The 事業数 and KPI数 of a goal or a city.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub projects: usize,
    pub kpis: usize,
    /// Projects measured by no KPI at all (KPIの設定が困難なため設定しない).
    pub projects_without_kpi: usize,
    /// 数値目標 with a target.
    pub indicators: usize,
}

/// Whether an edition in language `tag` shows the content's English names (`name_en:` …):
/// English is the one language the content may give names in besides its own.
pub fn uses_english_names(tag: &str) -> bool {
    tag.split('-')
        .next()
        .is_some_and(|primary| primary.eq_ignore_ascii_case("en"))
}

impl SiteConfig {
    /// The configuration as an edition in language `tag` shows it: the English title and
    /// description when the edition is English and they are given.
    pub fn in_language(&self, tag: &str) -> SiteConfig {
        let mut config = self.clone();
        if uses_english_names(tag) {
            english(&mut config.title, &self.title_en);
            if self.description_en.is_some() {
                config.description = self.description_en.clone();
            }
        }
        config
    }
}

/// `text` replaced by its English form, when there is one.
fn english(text: &mut String, en: &Option<String>) {
    if let Some(en) = en {
        *text = en.clone();
    }
}

/// Measures with their English titles, where given.
fn measures_in_english(measures: &mut [Measure]) {
    for measure in measures {
        english(&mut measure.title, &measure.title_en.clone());
        measures_in_english(&mut measure.measures);
    }
}

impl City {
    /// The city under strategy `generation` (of `strategies`), when this model holds it: the
    /// current model holds every one, an earlier one only itself.
    pub fn generation(&self, generation: usize) -> Option<&City> {
        if generation == self.generation {
            Some(self)
        } else {
            self.earlier.get(generation)
        }
    }

    /// Whether a later strategy took over from this one.
    pub fn is_superseded(&self) -> bool {
        self.generation + 1 < self.strategies.len()
    }

    /// The models of every strategy, oldest first (on the current model; an earlier one gives
    /// only itself).
    pub fn generations(&self) -> impl Iterator<Item = &City> {
        self.earlier.iter().chain(std::iter::once(self))
    }

    /// The chain of KPIs that one indicator is across strategies, oldest first: (generation,
    /// KPI). Needs the current model to reach the others.
    pub fn kpi_series(&self, generation: usize, kpi: KpiIx) -> Vec<(usize, KpiIx)> {
        let mut series = vec![(generation, kpi)];
        let at = |g: usize, k: KpiIx| self.generation(g).map(|c| &c.kpis[k]);
        while let Some(link) = at(series[0].0, series[0].1).and_then(|k| k.continues.clone()) {
            series.insert(0, (link.generation, link.kpi));
        }
        while let Some(link) = at(series[series.len() - 1].0, series[series.len() - 1].1)
            .and_then(|k| k.continued_by.clone())
        {
            series.push((link.generation, link.kpi));
        }
        series
    }

    /// The city as an edition in language `tag` shows it, when that differs from the content:
    /// in English, the names and titles the content gives in English (`name_en:`,
    /// `title_en:`) in place of the Japanese ones; everything else as written.
    pub fn in_language(&self, tag: &str) -> Option<City> {
        if !uses_english_names(tag) {
            return None;
        }
        let mut city = self.clone();
        english(&mut city.name, &self.name_en);
        english(&mut city.strategy.name, &self.strategy.name_en);
        for goal in &mut city.goals {
            if goal.title_en.is_some() {
                goal.title = goal.title_en.clone();
            }
            measures_in_english(&mut goal.measures);
        }
        for kpi in &mut city.kpis {
            english(&mut kpi.name, &kpi.name_en.clone());
        }
        for project in &mut city.projects {
            if project.name_en.is_some() {
                project.name = project.name_en.clone();
            }
        }
        // The earlier strategies' pages are part of the same edition.
        for earlier in &mut city.earlier {
            if let Some(translated) = earlier.in_language(tag) {
                *earlier = translated;
            }
        }
        Some(city)
    }

    /// 事業数 / KPI数 of one goal, as its 小計 line counts them: every listing, 再掲 included,
    /// and the KPIs attached to the goal or a measure directly (which add no 事業).
    pub fn goal_counts(&self, goal: &Goal) -> Counts {
        let mut counts = Counts::default();
        let counted = |ks: &[KpiIx]| ks.iter().filter(|&&k| self.kpis[k].is_counted()).count();
        counts.kpis += counted(&goal.kpis);
        counts.indicators = counted(&goal.indicators);
        for_each_measure(&goal.measures, &mut |m| counts.kpis += counted(&m.kpis));
        for_each_entry(&goal.measures, &mut |entry| {
            counts.projects += 1;
            counts.projects_without_kpi += usize::from(!self.has_kpi(entry.project));
            counts.kpis += entry
                .kpis
                .iter()
                .filter(|&&k| self.kpis[k].is_counted())
                .count();
        });
        counts
    }

    /// 事業数 / KPI数 of the whole city (合計): each project and KPI once.
    pub fn counts(&self) -> Counts {
        Counts {
            projects: self.projects.len(),
            projects_without_kpi: (0..self.projects.len())
                .filter(|&p| !self.has_kpi(p))
                .count(),
            kpis: self
                .kpis
                .iter()
                .filter(|k| k.kind == KpiKind::Kpi && k.is_counted())
                .count(),
            indicators: self
                .kpis
                .iter()
                .filter(|k| k.kind == KpiKind::Indicator && k.is_counted())
                .count(),
        }
    }

    /// What the report assesses: its KPIs, or its 数値目標 when it sets no KPI with a target
    /// (a report that grades 数値目標 only).
    pub fn assessed(&self) -> KpiKind {
        let counts = self.counts();
        if counts.kpis == 0 && counts.indicators > 0 {
            KpiKind::Indicator
        } else {
            KpiKind::Kpi
        }
    }

    /// When the city's content last changed, by its own dates: the latest `published:` or
    /// correction (`YYYY-MM-DD`), never the build's clock.
    pub fn last_updated(&self) -> Option<&str> {
        self.generations()
            .flat_map(|c| {
                c.published
                    .values()
                    .chain(c.corrections.iter().map(|c| &c.date))
            })
            .max()
            .map(String::as_str)
    }

    /// Whether any KPI measures the project, on any of its listings.
    pub fn has_kpi(&self, project: ProjectIx) -> bool {
        self.kpis
            .iter()
            .any(|k| k.project == Some(project) || k.also_projects.contains(&project))
    }

    /// What a KPI has for a fiscal year.
    pub fn year_state(&self, kpi: &Kpi, year: FiscalYear) -> YearState {
        match kpi.years.get(&year) {
            Some(entry) => match entry.actual {
                Actual::Value(_) if entry.summed => YearState::SumOfParts,
                Actual::Value(_) => YearState::Value,
                Actual::NotMeasurable => YearState::NotMeasurable,
                Actual::NotApplicable => YearState::NotApplicable,
                Actual::NotReported => YearState::NotReported,
                Actual::Pending => YearState::Pending,
            },
            None if self.years.contains(&year) => YearState::NotReported,
            None => YearState::NotYet,
        }
    }

    /// The KPIs (not 数値目標) listed under a goal, in order, each once.
    pub fn goal_kpis(&self, goal: &Goal) -> Vec<KpiIx> {
        let mut kpis = goal.kpis.clone();
        for_each_measure(&goal.measures, &mut |m| kpis.extend(&m.kpis));
        for_each_entry(&goal.measures, &mut |entry| {
            for &k in &entry.kpis {
                if !kpis.contains(&k) {
                    kpis.push(k);
                }
            }
        });
        kpis
    }
}

/// Visits every measure, depth first, in order.
pub fn for_each_measure<'a>(measures: &'a [Measure], visit: &mut impl FnMut(&'a Measure)) {
    for measure in measures {
        visit(measure);
        for_each_measure(&measure.measures, visit);
    }
}

/// The measure a KPI is attached to directly (under no project), with its parents' numbers.
pub fn measure_of(measures: &[Measure], kpi: KpiIx) -> Option<&Measure> {
    let mut found = None;
    for_each_measure(measures, &mut |m| {
        if found.is_none() && m.kpis.contains(&kpi) {
            found = Some(m);
        }
    });
    found
}

/// Visits every project listing under some measures, depth first, in order.
pub fn for_each_entry<'a>(measures: &'a [Measure], visit: &mut impl FnMut(&'a ProjectEntry)) {
    for measure in measures {
        measure.entries.iter().for_each(&mut *visit);
        for_each_entry(&measure.measures, visit);
    }
}

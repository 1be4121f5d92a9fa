//! The content files as written: serde types that mirror the YAML one to one.
//!
//! Everything here is what staff typed, checked only for shape (fields, types). `validate` turns
//! it into the model, where ids are resolved and targets are typed. These types depend only on the
//! shared vocabulary (`terms`), figures and fiscal years, never on the model or anything above.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use crate::era::FiscalYear;
use crate::figure::Figure;
use crate::terms::{
    Accessibility, Actual, Axis, Basis, Comparison, Direction, GovernmentKind, GradeDef, Qualified,
    Shape, Status, Written,
};

/// `content/site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    #[serde(deserialize_with = "required_text")]
    pub title: String,
    /// The title in English, for the English edition.
    pub title_en: Option<String>,
    /// The language of the site (its only edition); `languages` lists several instead.
    pub language: Option<String>,
    /// The site's editions: the first at the site root, every other in a folder of its own
    /// (`en/`), with the same content.
    pub languages: Option<Vec<String>>,
    pub base_url: Option<String>,
    pub theme: Option<String>,
    pub description: Option<String>,
    pub description_en: Option<String>,
    /// Who publishes the site (発行), shown in every page's footer.
    pub publisher: Option<String>,
    /// Where readers ask (問い合わせ先), unless a city names its own.
    pub contact: Option<String>,
    pub grading: Option<GradingFile>,
    /// Assessment axes every government publishes, unless its city.yaml lists its own.
    pub assessments: Option<Vec<Axis>>,
    pub accessibility: Option<Accessibility>,
}

/// `content/<city>/city.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityFile {
    #[serde(deserialize_with = "required_text")]
    pub name: String,
    /// The name in English, for the English edition.
    pub name_en: Option<String>,
    pub kind: Option<GovernmentKind>,
    pub prefecture: Option<String>,
    /// 担当部署, shown in the footer of the city's pages.
    pub department: Option<String>,
    /// 問い合わせ先 (telephone, mail, form) as written.
    pub contact: Option<String>,
    pub grading: Option<GradingFile>,
    pub assessments: Option<Vec<Axis>>,
    pub strategy: StrategyFile,
    #[serde(default)]
    pub goals: Vec<GoalFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyFile {
    #[serde(deserialize_with = "required_text")]
    pub name: String,
    pub name_en: Option<String>,
    pub period: PeriodFile,
    pub source: Option<String>,
    /// Where the source document is published (an absolute http(s) address).
    pub source_url: Option<String>,
    /// 策定日: when the strategy was adopted, `YYYY-MM-DD`.
    pub adopted: Option<String>,
    /// 改訂日: when this strategy revised the one in force before it, `YYYY-MM-DD`; a revision
    /// takes over from its first year, in the middle of its predecessor's period.
    pub revised: Option<String>,
}

/// `content/<city>/strategy-<year>.yaml`: a later strategy of the city (or a revision), in force
/// from `<year>`, with its own goals. The same two sections as in city.yaml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyDocFile {
    pub strategy: StrategyFile,
    #[serde(default)]
    pub goals: Vec<GoalFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodFile {
    #[serde(deserialize_with = "fiscal_year")]
    pub from: FiscalYear,
    #[serde(deserialize_with = "fiscal_year")]
    pub to: FiscalYear,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalFile {
    pub id: String,
    pub number: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub title: Option<String>,
    pub title_en: Option<String>,
    #[serde(default)]
    pub indicators: Vec<KpiFile>,
    /// KPIs attached to the goal itself, under no measure or project.
    #[serde(default)]
    pub kpis: Vec<KpiFile>,
    #[serde(default)]
    pub measures: Vec<MeasureFile>,
    /// Earlier titles (renamed during the period), oldest first.
    #[serde(default)]
    pub revisions: Vec<RevisionFile<GoalBeforeFile>>,
}

/// A revision during the strategy period: when, from which fiscal year, and what applied before.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionFile<B> {
    /// When it was revised, as written: 平成30年3月.
    #[serde(deserialize_with = "required_text")]
    pub revised: String,
    /// The first fiscal year the revised version applies to.
    #[serde(deserialize_with = "fiscal_year")]
    pub from: FiscalYear,
    pub before: B,
    pub note: Option<String>,
}

/// What a KPI was before a revision: its target, its name, or both.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiBeforeFile {
    pub target: Option<TargetFile>,
    pub name: Option<String>,
}

/// A goal's title before a revision.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalBeforeFile {
    #[serde(deserialize_with = "required_text")]
    pub title: String,
}

/// How deep a parsed file nests measures within measures: the one way a content file that
/// parses can nest deeper than its type (see `lint::DEEP_MEASURES`).
pub trait Nested {
    fn measure_depth(&self) -> usize {
        0
    }
}

impl Nested for SiteFile {}

impl Nested for YearFile {}

impl Nested for CityFile {
    fn measure_depth(&self) -> usize {
        goals_depth(&self.goals)
    }
}

impl Nested for StrategyDocFile {
    fn measure_depth(&self) -> usize {
        goals_depth(&self.goals)
    }
}

fn goals_depth(goals: &[GoalFile]) -> usize {
    goals
        .iter()
        .map(|g| measures_depth(&g.measures))
        .max()
        .unwrap_or(0)
}

fn measures_depth(measures: &[MeasureFile]) -> usize {
    (measures.iter())
        .map(|m| 1 + measures_depth(&m.measures))
        .max()
        .unwrap_or(0)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureFile {
    pub number: Option<String>,
    #[serde(deserialize_with = "required_text")]
    pub title: String,
    pub title_en: Option<String>,
    #[serde(default)]
    pub measures: Vec<MeasureFile>,
    #[serde(default)]
    pub projects: Vec<ProjectFile>,
    /// KPIs attached to the measure itself, under no project.
    #[serde(default)]
    pub kpis: Vec<KpiFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    pub id: Option<String>,
    pub name: Option<String>,
    pub name_en: Option<String>,
    pub note: Option<String>,
    pub relist: Option<String>,
    pub no_kpi_reason: Option<String>,
    #[serde(default)]
    pub kpis: Vec<KpiFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiFile {
    pub id: String,
    #[serde(deserialize_with = "required_text")]
    pub name: String,
    pub name_en: Option<String>,
    pub unit: Option<String>,
    #[serde(default)]
    pub direction: Direction,
    pub baseline: Option<BaselineFile>,
    pub target: TargetFile,
    pub note: Option<String>,
    #[serde(default)]
    pub also_projects: Vec<String>,
    /// 出典: where the figure comes from.
    pub source: Option<String>,
    /// 算出方法.
    pub method: Option<String>,
    /// 設定根拠: why this target.
    pub rationale: Option<String>,
    /// 担当課 (a year file may name another for its year).
    pub department: Option<String>,
    /// Sub-values (男性 / 女性), each with its own baseline and target; never summed.
    #[serde(default)]
    pub breakdown: Vec<BreakdownFile>,
    /// 参考値: figures outside the strategy period, shown but never graded.
    #[serde(default)]
    pub reference: Vec<ReferenceFile>,
    /// Revisions of the target or name during the period (平成30年3月改訂), oldest first.
    #[serde(default)]
    pub revisions: Vec<RevisionFile<KpiBeforeFile>>,
    pub benchmark: Option<BenchmarkFile>,
    /// The id of the KPI of an earlier strategy that this one carries on (same indicator, new
    /// targets); a KPI with the id of an earlier one carries it on without saying so.
    pub continues: Option<String>,
}

/// Interim benchmarks (目安値, 期待値, 中間目標): values toward the target for some years.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkFile {
    /// As the report calls them; 目安値 when left out.
    pub name: Option<String>,
    pub values: UniqueMap<FiscalYear, Figure>,
}

/// A figure outside the strategy period, as written (参考 平成25年 4,016).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceFile {
    /// The period as written: 平成25年, 平成26年度.
    #[serde(deserialize_with = "required_text")]
    pub as_of: String,
    pub value: Figure,
}

/// One sub-value of a KPI as city.yaml declares it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakdownFile {
    #[serde(deserialize_with = "required_text")]
    pub label: String,
    pub baseline: Option<Figure>,
    pub target: Option<Figure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    pub value: BaselineValue,
    pub as_of: Option<String>,
    pub unit: Option<String>,
}

/// A baseline figure, or `not_available` where the report shows —.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineValue {
    Value(Figure),
    NotAvailable,
}

/// A target as written: one flat mapping whose `shape` says which other fields apply. Kept flat
/// (not a serde-tagged enum) so that serde reports every error with its line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    pub shape: Shape,
    #[serde(default, deserialize_with = "year_map")]
    pub values: Option<UniqueMap<FiscalYear, Written>>,
    pub value: Option<Written>,
    pub stated: Option<Written>,
    #[serde(default, deserialize_with = "optional_fiscal_year")]
    pub year: Option<FiscalYear>,
    #[serde(default, deserialize_with = "optional_fiscal_year")]
    pub from: Option<FiscalYear>,
    #[serde(default, deserialize_with = "optional_fiscal_year")]
    pub to: Option<FiscalYear>,
    pub label: Option<String>,
    pub comparison: Option<Comparison>,
    pub running_total: Option<bool>,
    pub values_running_total: Option<bool>,
    pub note: Option<String>,
}

/// `content/<city>/<year>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearFile {
    #[serde(deserialize_with = "fiscal_year")]
    pub fiscal_year: FiscalYear,
    /// The date the city first published this year's report, `YYYY-MM-DD`: its edition.
    pub published: Option<String>,
    #[serde(default)]
    pub kpis: UniqueMap<String, KpiYearFile>,
    #[serde(default)]
    pub projects: UniqueMap<String, ProjectYearFile>,
    /// 訂正: figures changed after `published:`, oldest first or in any order.
    #[serde(default)]
    pub corrections: Vec<CorrectionFile>,
}

/// One entry of `corrections:`: a figure of this year changed after publication.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionFile {
    /// The KPI or 数値目標 id.
    pub kpi: String,
    /// `actual` (the default) or `status`.
    pub field: Option<String>,
    /// The value before the correction, as written then; empty = none.
    pub old: Option<String>,
    /// The value after it (what `kpis.<id>.<field>` holds now, for the latest); empty = none.
    pub new: Option<String>,
    /// When the correction was made public, `YYYY-MM-DD`.
    pub date: String,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiYearFile {
    pub actual: Option<ActualFile>,
    /// The period the figure refers to, as written (平成27年度, 平成28年), when not the report's year.
    pub as_of: Option<String>,
    /// Sub-values by the labels of the KPI's `breakdown:`.
    pub breakdown: Option<UniqueMap<String, Figure>>,
    pub status: Option<Status>,
    pub note: Option<String>,
    #[serde(default)]
    pub parts: Vec<PartFile>,
    pub commentary: Option<String>,
    /// The published value of each assessment axis, by axis id.
    #[serde(default)]
    pub assessments: UniqueMap<String, VerdictFile>,
    /// 達成率 as the report prints it (it may round differently from mieruka).
    pub published_rate: Option<Figure>,
    /// 担当課 this year, when it changed.
    pub department: Option<String>,
    /// When the figure was published, as written (令和5年6月).
    pub published: Option<String>,
    /// When the next figure is due, as written.
    pub next_publication: Option<String>,
    /// A national or prefectural rank, as written (全国16位).
    pub rank: Option<String>,
    /// 取組内容, in Markdown.
    pub actions: Option<String>,
    /// 成果と課題, in Markdown.
    pub results: Option<String>,
    /// 今後の方向性 / 今後の達成見込み, in Markdown.
    pub outlook: Option<String>,
    /// 推進会議での意見: the committee's words, kept apart from the department's, in Markdown.
    pub committee_opinion: Option<String>,
}

/// `actual:` as written: a figure (qualified or plain) or a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualFile {
    pub actual: Actual,
    /// The figure as written, when it is more than a plain figure (`93%超`, `1万8225人`).
    pub written: Option<Qualified>,
}

impl<'de> Deserialize<'de> for ActualFile {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ActualFile::parse(&text).map_err(de::Error::custom)
    }
}

impl ActualFile {
    /// `actual:` as written: a figure (qualified or plain) or a state; the message says why not.
    pub fn parse(text: &str) -> Result<ActualFile, String> {
        let state = match text.trim() {
            "not_measurable" => Some(Actual::NotMeasurable),
            "not_applicable" => Some(Actual::NotApplicable),
            "pending" => Some(Actual::Pending),
            _ => None,
        };
        if let Some(actual) = state {
            return Ok(ActualFile {
                actual,
                written: None,
            });
        }
        let qualified = Qualified::parse(text).map_err(|e| {
            let typed = text.trim();
            let state = ["not_measurable", "not_applicable", "pending"]
                .into_iter()
                .find(|s| super::edit_distance(typed, s) <= 2);
            match state {
                Some(s) => format!("`{typed}` is not a state: did you mean `{s}`?"),
                None => format!("{e}, or not_measurable / not_applicable / pending"),
            }
        })?;
        Ok(ActualFile {
            actual: Actual::Value(qualified.value),
            written: (!qualified.is_plain()).then_some(qualified),
        })
    }
}

/// A published value of an axis: the symbol as written (`B`, `順調`, `3`), or a mapping with
/// an alternative grade, a footnote or another decider.
#[derive(Debug, Default)]
pub struct VerdictFile {
    pub value: String,
    /// The grade in brackets: `C (A※1)` is `{value: C, alternative: A, footnote: …}`.
    pub alternative: Option<String>,
    pub footnote: Option<String>,
    /// Who decided this value, when not the axis's usual decider.
    pub decided_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerdictMap {
    value: Scalar,
    alternative: Option<Scalar>,
    footnote: Option<String>,
    decided_by: Option<String>,
}

/// A symbol written as text or as a number (`評価: 3`), kept as written.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_yaml hands a plain scalar over as its text, numbers included.
        String::deserialize(deserializer).map(Scalar)
    }
}

impl<'de> Deserialize<'de> for VerdictFile {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VerdictVisitor;

        impl<'de> Visitor<'de> for VerdictVisitor {
            type Value = VerdictFile;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value such as `B`, or `{value: C, alternative: A, footnote: …}`")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<VerdictFile, E> {
                Ok(VerdictFile {
                    value: text.to_string(),
                    ..VerdictFile::default()
                })
            }

            fn visit_u64<E: de::Error>(self, n: u64) -> Result<VerdictFile, E> {
                self.visit_str(&n.to_string())
            }

            fn visit_i64<E: de::Error>(self, n: i64) -> Result<VerdictFile, E> {
                self.visit_str(&n.to_string())
            }

            fn visit_f64<E: de::Error>(self, n: f64) -> Result<VerdictFile, E> {
                self.visit_str(&n.to_string())
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<VerdictFile, A::Error> {
                let m = VerdictMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(VerdictFile {
                    value: m.value.0,
                    alternative: m.alternative.map(|a| a.0),
                    footnote: m.footnote,
                    decided_by: m.decided_by,
                })
            }
        }

        deserializer.deserialize_any(VerdictVisitor)
    }
}

/// `grading:` in site.yaml or city.yaml: a built-in scheme, or grades of one's own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingFile {
    pub preset: Option<String>,
    pub name: Option<String>,
    pub basis: Option<Basis>,
    pub grades: Option<Vec<GradeDef>>,
    /// The published axis the scheme computes (see `terms::Grading::axis`).
    pub axis: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartFile {
    pub project: Option<String>,
    pub label: Option<String>,
    pub value: Figure,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectYearFile {
    pub commentary: Option<String>,
    #[serde(default)]
    pub activities: Vec<String>,
    /// 予算額, in 千円.
    pub budget: Option<Figure>,
    /// 決算額 (執行額), in 千円.
    pub spent: Option<Figure>,
}

/// A mapping that rejects a repeated key (serde_yaml keeps the last one silently), in file order
/// of keys sorted for determinism.
#[derive(Debug)]
pub struct UniqueMap<K, V>(pub BTreeMap<K, V>);

impl<K, V> Default for UniqueMap<K, V> {
    fn default() -> Self {
        UniqueMap(BTreeMap::new())
    }
}

impl<'de, K, V> Deserialize<'de> for UniqueMap<K, V>
where
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UniqueVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K, V> Visitor<'de> for UniqueVisitor<K, V>
        where
            K: Deserialize<'de> + Ord + fmt::Display,
            V: Deserialize<'de>,
        {
            type Value = UniqueMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = BTreeMap::new();
                while let Some(key) = access.next_key::<K>()? {
                    if map.contains_key(&key) {
                        return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
                    }
                    let value = access.next_value()?;
                    map.insert(key, value);
                }
                Ok(UniqueMap(map))
            }
        }

        deserializer.deserialize_map(UniqueVisitor(PhantomData))
    }
}

impl<'de> Deserialize<'de> for BaselineValue {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.trim() {
            "not_available" => Ok(BaselineValue::NotAvailable),
            other => Figure::parse(other)
                .map(BaselineValue::Value)
                .map_err(|e| de::Error::custom(format_args!("{e}, or not_available"))),
        }
    }
}

/// Text a page cannot do without (a name, a title): present and not blank. YAML reads `name:`
/// as empty and `name: ~` or `name: null` as null, which would be published as "", "~" or "null".
fn required_text<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
    if is_blank(&text) {
        return Err(de::Error::custom(BLANK_TEXT));
    }
    Ok(text)
}

/// Whether required text is blank, or a YAML null written as text.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty() || matches!(text, "~" | "null" | "Null" | "NULL")
}

/// The message for blank required text; `load` adds the hint.
pub const BLANK_TEXT: &str = "required text is empty or null";

/// Text that may be left out, but when written is not blank (a goal's title).
fn optional_text<'de, D: de::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    required_text(deserializer).map(Some)
}

/// A fiscal year as written: four digits of 西暦. YAML would also read `0x7E6`, `+2022` or
/// `2_022` as 2022; a clerk never means those, so they are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Year(pub FiscalYear);

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_yaml hands a plain scalar over as its text, so `0x7E6` arrives as written.
        let text = String::deserialize(deserializer)?;
        let digits = text.trim();
        if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return digits.parse().map(Year).map_err(de::Error::custom);
        }
        Err(de::Error::custom(
            match crate::era::parse_era_year(digits) {
                Some(year) => format!("`{digits}` is not a fiscal year in 西暦: write {year}"),
                None => format!(
                    "`{digits}` is not a fiscal year: write the 西暦 year in four digits, e.g. 2022"
                ),
            },
        ))
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

fn fiscal_year<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<FiscalYear, D::Error> {
    Year::deserialize(deserializer).map(|y| y.0)
}

fn optional_fiscal_year<'de, D: de::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<FiscalYear>, D::Error> {
    Option::<Year>::deserialize(deserializer).map(|y| y.map(|y| y.0))
}

fn year_map<'de, D: de::Deserializer<'de>, V: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<UniqueMap<FiscalYear, V>>, D::Error> {
    let map = Option::<UniqueMap<Year, V>>::deserialize(deserializer)?;
    Ok(map.map(|m| UniqueMap(m.0.into_iter().map(|(y, f)| (y.0, f)).collect())))
}

/// The language of a site that names none.
pub fn default_language() -> String {
    "ja".to_string()
}

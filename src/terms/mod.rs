//! `terms`: the vocabulary that content files and the model share — directions, comparisons,
//! statuses, actual states, target shapes and grading schemes — as plain data with their codes.
//!
//! It depends only on `figure`, so the raw file types of `load` and the validated `model` can
//! both use it without depending on each other or on anything above them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;
use serde::de::{self, Deserializer};

use crate::figure::Figure;

mod qualified;
pub use qualified::{Qualified, Word, Written};

/// Whether more or less is better.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

impl Direction {
    /// The code used in open data.
    pub fn code(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }
}

/// How a threshold target compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
}

impl Comparison {
    /// The code, as `comparison:` in city.yaml and the open data write it.
    pub fn code(self) -> &'static str {
        match self {
            Comparison::AtLeast => "at_least",
            Comparison::MoreThan => "more_than",
            Comparison::AtMost => "at_most",
            Comparison::LessThan => "less_than",
        }
    }

    /// The direction a bound belongs to: 以上/超 for more-is-better, 以下/未満 for less.
    pub fn direction(self) -> Direction {
        match self {
            Comparison::AtLeast | Comparison::MoreThan => Direction::Higher,
            Comparison::AtMost | Comparison::LessThan => Direction::Lower,
        }
    }

    /// 以上, 超, 以下, 未満.
    pub fn ja(self) -> &'static str {
        match self {
            Comparison::AtLeast => "以上",
            Comparison::MoreThan => "超",
            Comparison::AtMost => "以下",
            Comparison::LessThan => "未満",
        }
    }
}

/// 暫定値 / 確定値.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Provisional,
    Confirmed,
}

impl Status {
    /// The code used in open data.
    pub fn code(self) -> &'static str {
        match self {
            Status::Provisional => "provisional",
            Status::Confirmed => "confirmed",
        }
    }

    /// 暫定値 or 確定値.
    pub fn ja(self) -> &'static str {
        match self {
            Status::Provisional => "暫定値",
            Status::Confirmed => "確定値",
        }
    }
}

/// 実績値 or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actual {
    Value(Figure),
    /// — : cannot be measured this year (e.g. census years only).
    NotMeasurable,
    /// — : does not apply this year.
    NotApplicable,
    /// The year's file has the KPI only for its commentary.
    NotReported,
    /// 調査中: the figure is still being surveyed and will be published later.
    Pending,
}

impl Actual {
    /// The figure, when there is one.
    pub fn value(self) -> Option<Figure> {
        match self {
            Actual::Value(v) => Some(v),
            Actual::NotMeasurable
            | Actual::NotApplicable
            | Actual::NotReported
            | Actual::Pending => None,
        }
    }
}

impl<'de> Deserialize<'de> for Actual {
    /// A figure, `not_measurable` or `not_applicable`, as a year file writes `actual:`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.trim() {
            "not_measurable" => Ok(Actual::NotMeasurable),
            "not_applicable" => Ok(Actual::NotApplicable),
            "pending" => Ok(Actual::Pending),
            other => Figure::parse(other).map(Actual::Value).map_err(|e| {
                de::Error::custom(format_args!(
                    "{e}, or not_measurable / not_applicable / pending"
                ))
            }),
        }
    }
}

/// The shapes a target can take (see `content/README.md`); the model's `Target` has one variant
/// per shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    Yearly,
    EachYear,
    Final,
    Cumulative,
    Period,
    Threshold,
    /// A target in words compared with the baseline: 増加, 延伸, 減少, 維持 …
    Change,
    None,
}

impl Shape {
    /// The code, as `shape:` in city.yaml and the open data write it.
    pub fn code(self) -> &'static str {
        match self {
            Shape::Yearly => "yearly",
            Shape::EachYear => "each_year",
            Shape::Final => "final",
            Shape::Cumulative => "cumulative",
            Shape::Period => "period",
            Shape::Threshold => "threshold",
            Shape::Change => "change",
            Shape::None => "none",
        }
    }
}

/// An assessment axis (評価の軸) a government publishes for its KPIs: 進捗区分, 達成度,
/// 改善・悪化, 有効性, 総合評価 … Each fiscal-year file records the value it was given per KPI.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    /// The key in year files (`assessments: {progress: A}`).
    pub id: String,
    /// The column heading as the report writes it: 進捗区分, 総合評価.
    pub name: String,
    /// Who decided the values: 担当課（自己評価）, 県, 推進会議 … A value may name another.
    pub decided_by: Option<String>,
    /// The axis the summaries count (at most one per government).
    #[serde(default)]
    pub headline: bool,
    /// The values and their words, best first. Without them any value is shown as written (a
    /// numeric 評価 whose legend the report does not give).
    #[serde(default)]
    pub grades: Vec<AxisGrade>,
}

/// One value of an axis: its symbol, its words, and whether it counts as met in summaries.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AxisGrade {
    pub symbol: String,
    pub label: String,
    pub outcome: Option<Outcome>,
}

impl Axis {
    /// The grade a published value names, if the axis lists its values.
    pub fn grade(&self, symbol: &str) -> Option<(usize, &AxisGrade)> {
        self.grades
            .iter()
            .enumerate()
            .find(|(_, g)| g.symbol == symbol)
    }
}

/// A grading scheme mieruka computes, when the government says how: grades from best to worst,
/// each with the lowest value (or the trend) it takes under the scheme's rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grading {
    /// Shown with the grades, e.g. `A/B/C/D（達成率）`.
    pub name: String,
    pub basis: Basis,
    pub grades: Vec<GradeDef>,
    /// The published axis this scheme computes: a value the government published on it wins,
    /// and a computed grade only fills the years it left open.
    #[serde(default)]
    pub axis: Option<String>,
}

/// The rule a scheme grades by; `evaluate::grade` holds each rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 達成率 against the year's target.
    Rate,
    /// Progress from the baseline toward the final target.
    Progress,
    /// Better, equal or worse than the baseline.
    Trend,
    /// Met this year's interim benchmark (目安値) ⇒ the top grade; otherwise progress from the
    /// baseline toward this year's benchmark.
    Benchmark,
    /// In year n of an N-year period the expected value is the baseline plus n/N of the way to the
    /// final target; graded by the share of that reached.
    ProRata,
}

/// One grade of a scheme, as written under `grades:` and as the model keeps it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeDef {
    pub symbol: String,
    /// The grade in words, always shown beside the symbol (screen readers skip ◎○△×).
    pub label: String,
    /// The lowest rate in percent that earns it (rate and progress bases); `None` on the last.
    pub at_least: Option<Figure>,
    /// The trend that earns it (trend basis).
    pub trend: Option<Trend>,
    pub outcome: Outcome,
}

/// Whether a grade counts as met, nearly met or not met in summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    NearlyMet,
    NotMet,
}

/// A value against the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improved,
    Held,
    Worsened,
}

/// What kind of local government publishes the report (`kind:` in city.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GovernmentKind {
    /// 市
    City,
    /// 町
    Town,
    /// 村
    Village,
    /// 特別区 (東京23区)
    Ward,
    /// 都道府県
    Prefecture,
}

impl GovernmentKind {
    /// The code, as `kind:` in city.yaml and the open data write it.
    pub fn code(self) -> &'static str {
        match self {
            GovernmentKind::City => "city",
            GovernmentKind::Town => "town",
            GovernmentKind::Village => "village",
            GovernmentKind::Ward => "ward",
            GovernmentKind::Prefecture => "prefecture",
        }
    }

    /// 市, 町, 村, 区 or 都道府県.
    pub fn ja(self) -> &'static str {
        match self {
            GovernmentKind::City => "市",
            GovernmentKind::Town => "町",
            GovernmentKind::Village => "村",
            GovernmentKind::Ward => "区",
            GovernmentKind::Prefecture => "都道府県",
        }
    }

    /// The kind a name ends with: 砂川市 → city, 長野県 / 東京都 / 北海道 / 大阪府 → prefecture.
    pub fn from_name(name: &str) -> Option<GovernmentKind> {
        match name.trim().chars().next_back()? {
            '市' => Some(GovernmentKind::City),
            '町' => Some(GovernmentKind::Town),
            '村' => Some(GovernmentKind::Village),
            '区' => Some(GovernmentKind::Ward),
            '都' | '道' | '府' | '県' => Some(GovernmentKind::Prefecture),
            _ => None,
        }
    }
}

/// `accessibility:` in site.yaml: what the accessibility statement (アクセシビリティ方針) says.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// The standard aimed at; default JIS X 8341-3:2016.
    pub standard: Option<String>,
    /// A, AA or AAA; default AA.
    pub level: Option<String>,
    /// The policy in Markdown; a default text when left out.
    pub policy: Option<String>,
    /// When the site was last tested, as written (2026年11月22日).
    pub tested_on: Option<String>,
    /// What was tested and how, in Markdown.
    pub method: Option<String>,
    /// The results, in Markdown.
    pub results: Option<String>,
    /// Where to send feedback.
    pub contact: Option<String>,
}

/// The built-in schemes, read once from `presets.yaml` (data, not code).
static PRESETS: LazyLock<BTreeMap<String, Grading>> = LazyLock::new(|| {
    serde_yaml::from_str(include_str!("presets.yaml")).expect("presets.yaml is a valid scheme list")
});

impl Grading {
    /// A built-in scheme by name.
    pub fn preset(name: &str) -> Option<Grading> {
        PRESETS.get(name).cloned()
    }

    /// The names of the built-in schemes, for hints.
    pub fn preset_names() -> Vec<&'static str> {
        PRESETS.keys().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn government_kind_from_the_name() {
        assert_eq!(
            GovernmentKind::from_name("砂川市"),
            Some(GovernmentKind::City)
        );
        assert_eq!(
            GovernmentKind::from_name("北海道"),
            Some(GovernmentKind::Prefecture)
        );
        assert_eq!(
            GovernmentKind::from_name("長野県"),
            Some(GovernmentKind::Prefecture)
        );
        assert_eq!(
            GovernmentKind::from_name("下川町"),
            Some(GovernmentKind::Town)
        );
        assert_eq!(
            GovernmentKind::from_name("世田谷区"),
            Some(GovernmentKind::Ward)
        );
        assert_eq!(GovernmentKind::from_name("ニセコ"), None);
    }

    #[test]
    fn presets_are_read_from_data() {
        assert_eq!(Grading::preset_names(), ["abcd", "marks", "sabc", "trend"]);
        let abcd = Grading::preset("abcd").unwrap();
        assert_eq!(abcd.name, "A/B/C/D（達成率）");
        assert_eq!(abcd.grades[1].at_least, Some(Figure::parse("80").unwrap()));
        assert_eq!(abcd.grades[3].at_least, None);
        assert_eq!(Grading::preset("trend").unwrap().basis, Basis::Trend);
        assert!(Grading::preset("nope").is_none());
    }
}

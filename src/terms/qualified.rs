//! Figures qualified as reports write them: with a unit, a bound or 万 (`30%以上`, `1万7187人超`,
//! `1万8225人`), and targets stated in words (`増加`, `延伸`).
//!
//! The figure itself stays an exact [`Figure`]; the text is kept as written so pages show it
//! unchanged. Anything whose meaning is not certain (`約30%`, `30～40%`, `30%以上以下`) is refused.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::{Comparison, Direction};
use crate::figure::{Figure, FigureError, fold_width};

/// A figure with what the report writes around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qualified {
    pub value: Figure,
    /// The unit as written between the figure and its bound (`%`, `人`), if any.
    pub unit: Option<String>,
    /// 以上, 超, 以下, 未満 (以内 is read as 以下).
    pub bound: Option<Comparison>,
    /// The text as written, trimmed: what pages show.
    pub written: String,
}

impl Qualified {
    /// Whether it is a plain figure (`36.0`, `1,168.5`): no unit, bound or 万.
    pub fn is_plain(&self) -> bool {
        self.unit.is_none() && self.bound.is_none() && Figure::parse(&self.written).is_ok()
    }
}

/// A target stated in words, compared with the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// 増加
    Increase,
    /// 延伸 (e.g. 健康寿命の延伸)
    Extend,
    /// 向上
    Improve,
    /// 減少
    Decrease,
    /// 短縮
    Shorten,
    /// 低下
    Reduce,
    /// 維持
    Maintain,
}

impl Word {
    /// Every word, in the order hints list them.
    pub const ALL: [Word; 7] = [
        Word::Increase,
        Word::Extend,
        Word::Improve,
        Word::Decrease,
        Word::Shorten,
        Word::Reduce,
        Word::Maintain,
    ];

    /// The word as reports write it.
    pub fn ja(self) -> &'static str {
        match self {
            Word::Increase => "増加",
            Word::Extend => "延伸",
            Word::Improve => "向上",
            Word::Decrease => "減少",
            Word::Shorten => "短縮",
            Word::Reduce => "低下",
            Word::Maintain => "維持",
        }
    }

    /// The direction the word asks for; `None` for 維持 (either way, as the KPI's direction says).
    pub fn sense(self) -> Option<Direction> {
        match self {
            Word::Increase | Word::Extend | Word::Improve => Some(Direction::Higher),
            Word::Decrease | Word::Shorten | Word::Reduce => Some(Direction::Lower),
            Word::Maintain => None,
        }
    }

    /// How the actual must compare with the baseline for a KPI of `direction`.
    pub fn comparison(self, direction: Direction) -> Comparison {
        match (self.sense(), direction) {
            (Some(Direction::Higher), _) => Comparison::MoreThan,
            (Some(Direction::Lower), _) => Comparison::LessThan,
            (None, Direction::Higher) => Comparison::AtLeast,
            (None, Direction::Lower) => Comparison::AtMost,
        }
    }

    fn parse(text: &str) -> Option<Word> {
        Word::ALL.into_iter().find(|w| w.ja() == text)
    }
}

/// A target figure as written: a (qualified) figure, or a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Figure(Qualified),
    Word(Word, String),
}

impl Written {
    /// The text as written.
    pub fn text(&self) -> &str {
        match self {
            Written::Figure(q) => &q.written,
            Written::Word(_, text) => text,
        }
    }

    /// Parses a target's figure: a qualified figure or one of the words.
    pub fn parse(text: &str) -> Result<Written, FigureError> {
        let trimmed = text.trim();
        if let Some(word) = Word::parse(trimmed) {
            return Ok(Written::Word(word, trimmed.to_string()));
        }
        Qualified::parse(text).map(Written::Figure).map_err(|e| {
            if starts_with_number(trimmed) || !e.0.contains("is not a figure") {
                e
            } else {
                FigureError(format!(
                    "{e}; a target in words is one of {}",
                    Word::ALL.map(Word::ja).join(", ")
                ))
            }
        })
    }
}

const BOUNDS: [(&str, Comparison); 5] = [
    ("以上", Comparison::AtLeast),
    ("以下", Comparison::AtMost),
    ("以内", Comparison::AtMost),
    ("未満", Comparison::LessThan),
    ("超", Comparison::MoreThan),
];

/// Words that make a figure approximate or a range: never a target or an actual to grade by.
const VAGUE: [&str; 11] = [
    "約",
    "程度",
    "前後",
    "概ね",
    "およそ",
    "～",
    "〜",
    "~",
    "から",
    "まで",
    "ほど",
];

fn starts_with_number(text: &str) -> bool {
    text.chars()
        .next()
        .map(fold_width)
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '△' | '▲' | '-' | '−' | '+'))
}

impl Qualified {
    /// Parses `30%以上`, `1万7187人超`, `1万8225人`, `93%超`, `36.0` (a plain figure).
    pub fn parse(text: &str) -> Result<Qualified, FigureError> {
        let written = text.trim().to_string();
        let hint = "write a figure with an optional unit and 以上/超/以下/未満, e.g. 30%以上, 1万7187人超, 1万8225人";
        if let Some(vague) = VAGUE.iter().find(|v| written.contains(**v)) {
            return Err(FigureError(format!(
                "`{written}` is not an exact figure (`{vague}`): write the one figure the report compares with, and put the rest in `note:`"
            )));
        }
        let folded: String = written.chars().map(fold_width).collect();
        let (body, bound) = match BOUNDS.iter().find(|(w, _)| folded.ends_with(w)) {
            Some((word, comparison)) => (&folded[..folded.len() - word.len()], Some(*comparison)),
            None => (folded.as_str(), None),
        };
        if BOUNDS.iter().any(|(w, _)| body.contains(w)) {
            return Err(FigureError(format!(
                "`{written}` has more than one bound: write one of 以上, 超, 以下, 未満 once, at the end"
            )));
        }
        let number_end = body
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit() || c == ',' || c == '.' || (i == 0 && "△▲-−+".contains(c)))
            })
            .map_or(body.len(), |(i, _)| i);
        let (number, mut rest) = body.split_at(number_end);
        if number.is_empty() {
            return Err(FigureError(format!("`{written}` is not a figure: {hint}")));
        }
        let mut digits = number.to_string();
        // 1万7187 = 17187; 万 before the unit (3万人) is part of the unit.
        if let Some(after) = rest.strip_prefix('万') {
            let low_end = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            if low_end > 0 {
                let low = &after[..low_end];
                if low.len() > 4 || number.contains('.') {
                    return Err(FigureError(format!(
                        "`{written}` is not a figure in 万: write it in digits, e.g. 17,187"
                    )));
                }
                digits = format!("{}{low:0>4}", number.replace(',', ""));
                rest = &after[low_end..];
            }
        }
        let value = Figure::parse(&digits).map_err(|e| {
            if e.0.contains("decimals") || e.0.contains("too large") {
                e
            } else {
                FigureError(format!("`{written}` is not a figure: {hint}"))
            }
        })?;
        let unit = rest.trim();
        if unit.chars().any(|c| c.is_ascii_digit()) {
            return Err(FigureError(format!(
                "`{written}` has more than one figure: write the one figure the report compares with, and put the rest in `note:`"
            )));
        }
        Ok(Qualified {
            value,
            unit: (!unit.is_empty()).then(|| unit.to_string()),
            bound,
            written,
        })
    }
}

impl fmt::Display for Qualified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Written::parse(&text).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Qualified {
        Qualified::parse(s).unwrap()
    }

    #[test]
    fn reads_units_bounds_and_man() {
        let a = q("30%以上");
        assert_eq!(
            (a.value, a.unit.as_deref(), a.bound),
            (
                Figure::parse("30").unwrap(),
                Some("%"),
                Some(Comparison::AtLeast)
            )
        );
        let b = q("1万7187人超");
        assert_eq!(b.value.plain(), "17187");
        assert_eq!(
            (b.unit.as_deref(), b.bound),
            (Some("人"), Some(Comparison::MoreThan))
        );
        assert_eq!(b.written, "1万7187人超");
        assert_eq!(q("1万800人").value.plain(), "10800");
        let c = q("1万8225人");
        assert_eq!((c.value.plain(), c.bound), ("18225".to_string(), None));
        assert_eq!(q("93%超").bound, Some(Comparison::MoreThan));
        assert_eq!(q("10分以内").bound, Some(Comparison::AtMost));
        assert_eq!(q("５０％未満").value.plain(), "50");
        let d = q("3万人");
        assert_eq!(
            (d.value.plain(), d.unit.as_deref()),
            ("3".to_string(), Some("万人"))
        );
        assert!(q("1,168.5").is_plain() && !q("30%").is_plain());
    }

    #[test]
    fn refuses_what_is_ambiguous() {
        for s in [
            "約30%",
            "30～40%",
            "30%以上以下",
            "30%程度",
            "以上",
            "1.5万7千人",
            "人口30",
            "1万23456人",
            "30%以上の2倍",
        ] {
            assert!(Qualified::parse(s).is_err(), "{s}");
        }
        assert!(Written::parse("増加傾向").unwrap_err().0.contains("延伸"));
    }

    #[test]
    fn words_compare_with_the_baseline() {
        assert_eq!(
            Written::parse("延伸").unwrap(),
            Written::Word(Word::Extend, "延伸".into())
        );
        assert_eq!(
            Word::Increase.comparison(Direction::Higher),
            Comparison::MoreThan
        );
        assert_eq!(
            Word::Decrease.comparison(Direction::Lower),
            Comparison::LessThan
        );
        assert_eq!(
            Word::Maintain.comparison(Direction::Lower),
            Comparison::AtMost
        );
    }
}

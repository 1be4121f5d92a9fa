//! Figures exactly as a city writes them.
//!
//! A figure is an exact decimal (`mantissa × 10^-scale`), so `36.0` keeps its one decimal and
//! `1,168.5` is never rounded through a float on its way to the page.

use std::cmp::Ordering;
use std::fmt;

/// An exact decimal number with the precision it was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Figure {
    mantissa: i64,
    scale: u8,
}

/// Why a text is not a figure; the message names the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureError(pub String);

impl fmt::Display for FigureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Figure {
    /// Zero with no decimals.
    pub const ZERO: Figure = Figure {
        mantissa: 0,
        scale: 0,
    };

    /// Parses a figure as staff type it: `36.0`, `1,168.5`, `△7.77`, `▲3`, `-0.5`, full-width
    /// digits from a Japanese IME.
    pub fn parse(text: &str) -> Result<Figure, FigureError> {
        let folded: String = text.trim().chars().map(fold_width).collect();
        if folded.is_empty() {
            return Err(FigureError("empty figure: write a number".into()));
        }
        let (negative, body) = match folded.chars().next() {
            Some(c @ ('△' | '▲' | '-' | '−')) => (true, &folded[c.len_utf8()..]),
            Some('+') => (false, &folded[1..]),
            _ => (false, folded.as_str()),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let digits = integer_digits(int_part).ok_or_else(|| not_a_number(text))?;
        let frac = frac_part.unwrap_or("");
        if frac_part.is_some() && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
            return Err(not_a_number(text));
        }
        if frac.len() > 6 {
            return Err(FigureError(format!(
                "`{text}` has more than 6 decimals: round it as the report does"
            )));
        }
        let mut mantissa: i64 = 0;
        for b in digits.bytes().chain(frac.bytes()) {
            mantissa = mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add(i64::from(b - b'0')))
                .ok_or_else(|| FigureError(format!("`{text}` is too large")))?;
        }
        Ok(Figure {
            mantissa: if negative { -mantissa } else { mantissa },
            scale: frac.len() as u8,
        })
    }

    /// Number of decimals as written (`36.0` → 1).
    pub fn scale(self) -> u8 {
        self.scale
    }

    /// Whether the figure is below zero.
    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// Whether the figure is exactly zero (`0`, `0.0`).
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The figure as a float, for drawing only; never for display.
    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(i32::from(self.scale))
    }

    /// The exact sum, with the larger of the two precisions (`7 + 6.5 = 13.5`).
    pub fn checked_add(self, other: Figure) -> Option<Figure> {
        let scale = self.scale.max(other.scale);
        let a = self.rescaled(scale)?;
        let b = other.rescaled(scale)?;
        Some(Figure {
            mantissa: a.checked_add(b)?,
            scale,
        })
    }

    /// The exact difference, with the larger of the two precisions (`48 − 56 = −8`).
    pub fn checked_sub(self, other: Figure) -> Option<Figure> {
        self.checked_add(Figure {
            mantissa: other.mantissa.checked_neg()?,
            scale: other.scale,
        })
    }

    /// Plain machine text: `-7.77`, `1168.5` (no separators, no △), as CSV and JSON want it.
    pub fn plain(self) -> String {
        let (int, frac) = self.split_digits();
        let sign = if self.is_negative() { "-" } else { "" };
        match frac {
            Some(frac) => format!("{sign}{int}.{frac}"),
            None => format!("{sign}{int}"),
        }
    }

    /// Display text the Japanese way: thousands separators and △ for negatives (`△1,234.5`).
    pub fn display(self) -> String {
        let (int, frac) = self.split_digits();
        let mut out = String::new();
        if self.is_negative() {
            out.push('△');
        }
        out.push_str(&group_thousands(&int));
        if let Some(frac) = frac {
            out.push('.');
            out.push_str(&frac);
        }
        out
    }

    fn rescaled(self, scale: u8) -> Option<i64> {
        self.mantissa
            .checked_mul(10i64.checked_pow(u32::from(scale - self.scale))?)
    }

    fn split_digits(self) -> (String, Option<String>) {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        if scale == 0 {
            return (digits, None);
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        (int.to_string(), Some(frac.to_string()))
    }
}

impl Figure {
    /// Compares values only: `100` and `100.0` are equal here (not under `Ord`, which also orders
    /// by precision to stay consistent with `Eq`).
    pub fn value_cmp(self, other: Figure) -> Ordering {
        let scale = self.scale.max(other.scale);
        let a = i128::from(self.mantissa) * 10i128.pow(u32::from(scale - self.scale));
        let b = i128::from(other.mantissa) * 10i128.pow(u32::from(scale - other.scale));
        a.cmp(&b)
    }
}

impl PartialOrd for Figure {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Figure {
    /// Compares values exactly (`36.0 == 36` in value, but ordering ties break by scale so the
    /// order stays total and consistent with `Eq`).
    fn cmp(&self, other: &Self) -> Ordering {
        self.value_cmp(*other).then(self.scale.cmp(&other.scale))
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl<'de> serde::Deserialize<'de> for Figure {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_yaml hands a plain scalar such as `36.0` over as its text, which keeps precision.
        let text = String::deserialize(deserializer)?;
        Figure::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.plain())
    }
}

/// Folds full-width digits and marks typed with a Japanese IME to ASCII.
pub fn fold_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        '－' | 'ー' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// The digits of an integer part, allowing thousands separators only in their right places.
fn integer_digits(part: &str) -> Option<String> {
    if part.is_empty() || part.starts_with(',') || part.ends_with(',') {
        return None;
    }
    let groups: Vec<&str> = part.split(',').collect();
    let well_grouped =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !well_grouped || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(groups.concat())
}

fn group_thousands(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn not_a_number(text: &str) -> FigureError {
    FigureError(format!(
        "`{text}` is not a number: write digits such as 36.0, 1,168.5 or △7.77 (the unit goes in `unit:`)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(s: &str) -> Figure {
        Figure::parse(s).unwrap()
    }

    #[test]
    fn keeps_precision_as_written() {
        assert_eq!(fig("36.0").display(), "36.0");
        assert_eq!(fig("36").display(), "36");
        assert_eq!(fig("0.50").display(), "0.50");
        assert_eq!(fig("0.05").plain(), "0.05");
    }

    #[test]
    fn groups_thousands_and_accepts_written_separators() {
        assert_eq!(fig("1168.5").display(), "1,168.5");
        assert_eq!(fig("1,168.5"), fig("1168.5"));
        assert_eq!(fig("21866").display(), "21,866");
        assert_eq!(fig("1234567").display(), "1,234,567");
        assert_eq!(fig("100").display(), "100");
    }

    #[test]
    fn negatives_in_every_written_form_display_with_triangle() {
        for s in ["△7.77", "▲7.77", "-7.77", "−7.77", "－7.77"] {
            assert_eq!(fig(s).display(), "△7.77", "{s}");
            assert_eq!(fig(s).plain(), "-7.77", "{s}");
        }
    }

    #[test]
    fn folds_full_width_digits() {
        assert_eq!(fig("３６．０"), fig("36.0"));
    }

    #[test]
    fn rejects_what_is_not_a_figure() {
        for s in [
            "",
            "36.0%",
            "1,16",
            "12,34,567",
            "abc",
            "1.",
            ".5",
            "1.2.3",
            "—",
        ] {
            assert!(Figure::parse(s).is_err(), "{s} should fail");
        }
        assert!(Figure::parse("36.0%").unwrap_err().0.contains("unit"));
    }

    #[test]
    fn sums_exactly_with_the_wider_precision() {
        let sum = fig("7").checked_add(fig("6.5")).unwrap();
        assert_eq!(sum.display(), "13.5");
        assert_eq!(fig("0.1").checked_add(fig("0.2")).unwrap().plain(), "0.3");
        assert_eq!(
            fig("48").checked_sub(fig("56.0")).unwrap().display(),
            "△8.0"
        );
        assert_eq!(
            fig("△7.04").checked_sub(fig("△8.38")).unwrap().plain(),
            "1.34"
        );
    }

    #[test]
    fn orders_by_value() {
        assert!(fig("△8.38") < fig("△5.13"));
        assert!(fig("36.0") < fig("36.6"));
        assert_eq!(fig("36.0").cmp(&fig("36.0")), Ordering::Equal);
        assert_eq!(fig("100").value_cmp(fig("100.0")), Ordering::Equal);
        assert_eq!(fig("100.0").value_cmp(fig("99.95")), Ordering::Greater);
        assert!((fig("1,168.5").to_f64() - 1168.5).abs() < 1e-9);
    }
}

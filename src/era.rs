//! Japanese eras and fiscal years: 2022 ⇄ 令和4年度.

/// The eras a report may use, newest first: (name, first Gregorian year).
const ERAS: [(&str, i32); 3] = [("令和", 2019), ("平成", 1989), ("昭和", 1926)];

/// A fiscal year (April–March), named by the Gregorian year it starts in.
pub type FiscalYear = u16;

/// `2022` → `令和4年度`; `2019` → `令和元年度`.
pub fn fiscal_year_ja(year: FiscalYear) -> String {
    format!("{}度", era_year(i32::from(year)))
}

/// `2022` → `令和4年度 (2022年度)`, the form every page uses.
pub fn fiscal_year_label(year: FiscalYear) -> String {
    format!("{} ({year}年度)", fiscal_year_ja(year))
}

/// `2022` → `R4`, for narrow table headers and chart axes.
pub fn fiscal_year_short(year: FiscalYear) -> String {
    let (name, first) = era_of(i32::from(year));
    format!("{}{}", era_initial(name), i32::from(year) - first + 1)
}

/// The Gregorian year an era year such as `令和元年`, `平成27年度` or `R4年度` names. Anything
/// else, a period such as `平成27年～令和2年` included, is `None`.
pub fn parse_era_year(text: &str) -> Option<i32> {
    let text = text.trim();
    let (first, rest) = ERAS.iter().find_map(|&(name, first)| {
        text.strip_prefix(name)
            .or_else(|| text.strip_prefix(era_initial(name)))
            .map(|rest| (first, rest))
    })?;
    let rest = rest.trim_start();
    let (n, tail) = if let Some(tail) = rest.strip_prefix('元') {
        (1, tail)
    } else {
        let end = rest
            .char_indices()
            .find(|(_, c)| !c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        (rest[..end].parse::<i32>().ok()?, &rest[end..])
    };
    (n >= 1 && matches!(tail, "年" | "年度")).then_some(first + n - 1)
}

/// `2019` → `令和元年`.
pub fn era_year_name(year: FiscalYear) -> String {
    era_year(i32::from(year))
}

fn era_year(year: i32) -> String {
    let (name, first) = era_of(year);
    match year - first + 1 {
        1 => format!("{name}元年"),
        n => format!("{name}{n}年"),
    }
}

fn era_of(year: i32) -> (&'static str, i32) {
    ERAS.iter()
        .copied()
        .find(|&(_, first)| year >= first)
        .unwrap_or(ERAS[ERAS.len() - 1])
}

fn era_initial(name: &str) -> &'static str {
    match name {
        "令和" => "R",
        "平成" => "H",
        _ => "S",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_in_japanese() {
        assert_eq!(fiscal_year_ja(2022), "令和4年度");
        assert_eq!(fiscal_year_ja(2019), "令和元年度");
        assert_eq!(fiscal_year_ja(2018), "平成30年度");
        assert_eq!(fiscal_year_ja(1989), "平成元年度");
        assert_eq!(fiscal_year_ja(1988), "昭和63年度");
        assert_eq!(fiscal_year_label(2022), "令和4年度 (2022年度)");
        assert_eq!(fiscal_year_short(2021), "R3");
        assert_eq!(fiscal_year_short(2015), "H27");
    }

    #[test]
    fn era_text_to_gregorian() {
        assert_eq!(parse_era_year("令和元年"), Some(2019));
        assert_eq!(parse_era_year("令和元年度"), Some(2019));
        assert_eq!(parse_era_year("平成27年"), Some(2015));
        assert_eq!(parse_era_year("R6年度"), Some(2024));
        assert_eq!(parse_era_year("平成27年～令和2年"), None);
        assert_eq!(parse_era_year("平成元年"), Some(1989));
        assert_eq!(parse_era_year("第1期6年間"), None);
        assert_eq!(parse_era_year("令和"), None);
        assert_eq!(parse_era_year("令和0年"), None);
    }

    #[test]
    fn round_trips_every_year_of_the_eras() {
        for year in 1926..=2060 {
            assert_eq!(parse_era_year(&fiscal_year_ja(year as u16)), Some(year));
        }
    }
}

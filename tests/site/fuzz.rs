//! Arbitrary input to the loader, validator and renderer: problems are reported, nothing panics.
//!
//! Bounded so it runs in seconds: `PROPTEST_CASES=5000 cargo test --test site fuzz` searches
//! longer.

use std::path::{Path, PathBuf};

use mieruka::load::raw::{CityFile, SiteFile, YearFile};
use mieruka::load::{Loaded, LoadedCity, Source, decode, parse};
use mieruka::render::{Theme, render};
use mieruka::{Overrides, validate::validate};
use proptest::prelude::*;
use serde_yaml::Value;

use super::fixture;

fn source(path: &str, text: String) -> Source {
    Source {
        path: PathBuf::from(path),
        text,
    }
}

/// Loads three texts as a site of one city, validates it and, when valid, renders every page.
fn run(site: String, city: String, year: String) {
    let mut loaded = Loaded::default();
    let site = parse::<SiteFile>(source("content/site.yaml", site));
    let city = parse::<CityFile>(source("content/town/city.yaml", city));
    let year = parse::<YearFile>(source("content/town/2022.yaml", year));
    let mut town = LoadedCity {
        id: "town".into(),
        dir: PathBuf::from("content/town"),
        city: None,
        years: Vec::new(),
        strategies: Vec::new(),
    };
    match site {
        Ok(s) => loaded.site = Some(s),
        Err(d) => loaded.problems.extend(d),
    }
    match city {
        Ok(c) => town.city = Some(c),
        Err(d) => loaded.problems.extend(d),
    }
    match year {
        Ok(y) => town.years.push((2022, y)),
        Err(d) => loaded.problems.extend(d),
    }
    loaded.cities.push(town);
    if let Ok(valid) = validate(loaded, &Overrides::default()) {
        let theme = Theme::load(Path::new("/nonexistent"), "default", "ja").unwrap();
        render(&valid.site, &theme).expect("a valid site renders");
        mieruka::opendata::pages(&valid.site).expect("a valid site's open data is written");
        mieruka::search::pages(&valid.site).expect("a valid site's search index is written");
    }
}

fn basic(name: &str) -> String {
    std::fs::read_to_string(fixture("basic").join("content").join(name)).unwrap()
}

/// Scalars that have broken parsers before: blanks, nulls, YAML's other number spellings,
/// figures in every notation, huge and tiny numbers, ids of every kind.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_map(|n| Value::Number(n.into())),
        prop::sample::select(vec![
            "",
            "~",
            "null",
            "0x7E6",
            "+2022",
            "2022",
            "1989",
            "2100",
            "65535",
            "-1",
            "△7.77",
            "▲0",
            "1,168.5",
            "１２３",
            "36.0",
            "1e400",
            "0.000000001",
            "99999999999999999999",
            "not_measurable",
            "not_applicable",
            "not_available",
            "yearly",
            "each_year",
            "final",
            "cumulative",
            "period",
            "threshold",
            "none",
            "at_least",
            "less_than",
            "higher",
            "lower",
            "provisional",
            "A",
            "◎",
            "goal-1",
            "hires",
            "training",
            "town",
            "..",
            "<script>",
            "**「重要」**",
            "# 見出し",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        "[ -~あ△]{0,12}".prop_map(Value::String),
    ]
}

/// Keys the content files use, and a few they do not.
fn key() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            "title",
            "name",
            "id",
            "fiscal_year",
            "kpis",
            "projects",
            "actual",
            "parts",
            "project",
            "label",
            "value",
            "values",
            "target",
            "shape",
            "stated",
            "year",
            "from",
            "to",
            "period",
            "strategy",
            "goals",
            "measures",
            "indicators",
            "baseline",
            "as_of",
            "unit",
            "direction",
            "comparison",
            "running_total",
            "relist",
            "also_projects",
            "status",
            "committee_grade",
            "commentary",
            "grading",
            "grades",
            "preset",
            "basis",
            "symbol",
            "at_least",
            "outcome",
            "trend",
            "hires",
            "2021",
            "2022",
            "language",
            "base_url",
            "theme",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        any::<u16>().prop_map(|n| Value::Number(n.into())),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Sequence),
            prop::collection::vec((key(), inner), 0..5)
                .prop_map(|entries| Value::Mapping(entries.into_iter().collect())),
        ]
    })
}

/// Every node of `value` in pre-order, counted; `replace` swaps node `target` for `with`.
fn replace(value: &mut Value, target: &mut usize, with: &Value) -> bool {
    if *target == 0 {
        *value = with.clone();
        return true;
    }
    *target -= 1;
    match value {
        Value::Sequence(items) => items.iter_mut().any(|v| replace(v, target, with)),
        Value::Mapping(map) => map.iter_mut().any(|(_, v)| replace(v, target, with)),
        _ => false,
    }
}

fn mutated(file: &str, at: usize, with: &Value) -> String {
    let mut value: Value = serde_yaml::from_str(&basic(file)).unwrap();
    let mut target = at;
    replace(&mut value, &mut target, with);
    serde_yaml::to_string(&value).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = decode(Path::new("content/town/2022.yaml"), bytes) {
            run(basic("site.yaml"), basic("town/city.yaml"), text.clone());
            run(text.clone(), basic("town/city.yaml"), basic("town/2022.yaml"));
            run(basic("site.yaml"), text, basic("town/2022.yaml"));
        }
    }

    #[test]
    fn arbitrary_yaml_values_never_panic(value in value()) {
        let text = serde_yaml::to_string(&value).unwrap();
        run(text.clone(), text.clone(), text);
    }

    #[test]
    fn any_part_of_a_valid_site_replaced_never_panics(
        city_at in 0usize..400,
        year_at in 0usize..120,
        with in value(),
        which in 0u8..3,
    ) {
        let (city, year) = match which {
            0 => (mutated("town/city.yaml", city_at, &with), basic("town/2022.yaml")),
            1 => (basic("town/city.yaml"), mutated("town/2022.yaml", year_at, &with)),
            _ => (
                mutated("town/city.yaml", city_at, &with),
                mutated("town/2022.yaml", year_at, &with),
            ),
        };
        run(basic("site.yaml"), city, year);
    }
}

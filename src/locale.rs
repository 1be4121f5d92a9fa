//! Interface text: one YAML file per language (`locales/ja.yaml`, `locales/en.yaml`), so a
//! third language is a new file, not a change to the code or the templates.
//!
//! Templates read the file as the `t` map (`{{ t.kpi.baseline }}`); the view code asks for a
//! key ([`Locale::text`]) or fills one's `{placeholders}` ([`Locale::fill`]). Fiscal years, dates
//! and negative numbers are written by formats in the same file, so English shows FY2022 where
//! Japanese shows 令和4年度.
//!
//! Content is Japanese, as the city wrote it. In an edition of another language, content that
//! is Japanese text is marked `lang="ja"` ([`Locale::content_html`]): correct for screen readers,
//! and what tells content from interface text in the tests.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::era::{self, FiscalYear};

/// The language the content is written in.
pub const CONTENT_LANGUAGE: &str = "ja";

/// The built-in locale files, by language.
const BUILT_IN: &[(&str, &str)] = &[
    ("ja", include_str!("../themes/default/locales/ja.yaml")),
    ("en", include_str!("../themes/default/locales/en.yaml")),
];

/// The interface text of one language.
#[derive(Debug, Clone)]
pub struct Locale {
    /// The language tag as configured (`en`, `en-GB`): every page's `lang`.
    pub tag: String,
    /// Every text by its dotted key (`kpi.baseline`).
    texts: BTreeMap<String, String>,
    /// The same texts as nested maps, for the templates.
    tree: serde_yaml::Value,
}

impl Locale {
    /// The locale of language `tag`: the theme's `locales/<file>.yaml` over the built-in file of
    /// that language, where `<file>` is the tag (`en-gb`) or its primary language (`en`). A
    /// language with no built-in file needs every key the built-in Japanese file has.
    pub fn load(theme_dir: &Path, tag: &str) -> Result<Locale> {
        let lower = tag.to_ascii_lowercase();
        let primary = lower.split('-').next().unwrap_or_default().to_string();
        let candidates = [lower.clone(), primary];
        let own = candidates.iter().find_map(|name| {
            let path = theme_dir.join("locales").join(format!("{name}.yaml"));
            path.is_file().then_some(path)
        });
        let built_in = candidates
            .iter()
            .find_map(|name| BUILT_IN.iter().find(|(n, _)| n == name).map(|(_, t)| *t));
        let mut texts = BTreeMap::new();
        if let Some(text) = built_in {
            flatten(&parse(text, "the built-in locale")?, "", &mut texts);
        }
        if let Some(path) = &own {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            flatten(&parse(&text, &path.display().to_string())?, "", &mut texts);
        }
        let Some(source) = own
            .map(|p| p.display().to_string())
            .or(built_in.map(|_| "the built-in locale".to_string()))
        else {
            bail!(
                "no interface text for language `{tag}`: add {} (copy the built-in en.yaml or ja.yaml of the default theme and translate it; see themes/README.md)",
                theme_dir
                    .join("locales")
                    .join(format!("{}.yaml", candidates[1]))
                    .display()
            );
        };
        let mut reference = BTreeMap::new();
        flatten(
            &parse(BUILT_IN[0].1, "the built-in locale")?,
            "",
            &mut reference,
        );
        if let Some(key) = reference.keys().find(|k| !texts.contains_key(*k)) {
            bail!(
                "{source}: no text for `{key}` (a locale needs every key of the built-in ja.yaml; see themes/README.md)"
            );
        }
        Ok(Locale {
            tag: tag.to_string(),
            tree: unflatten(&texts),
            texts,
        })
    }

    /// The built-in locale of `tag`, for tests and tools.
    pub fn built_in(tag: &str) -> Locale {
        Locale::load(Path::new("/nonexistent"), tag).expect("built-in locale")
    }

    /// The text of `key`. Every key the code uses is in the built-in Japanese file, and every
    /// locale has every key of that file (checked when it loads).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        // A key the code asks for and ja.yaml lacks is a bug: tests (debug builds) stop on it.
        debug_assert!(self.texts.contains_key(key), "no locale text `{key}`");
        self.texts.get(key).map_or(key, String::as_str)
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// The texts as nested maps, the templates' `t`.
    pub fn tree(&self) -> &serde_yaml::Value {
        &self.tree
    }

    /// Whether this is the content's own language (nothing to mark as Japanese).
    pub fn is_content_language(&self) -> bool {
        self.tag.split('-').next() == Some(CONTENT_LANGUAGE)
    }

    /// Content as HTML: escaped, and in an edition of another language, Japanese text marked
    /// `lang="ja"`.
    pub fn content_html(&self, text: &str) -> String {
        let escaped = escape(text);
        if self.is_content_language() || !text.chars().any(is_japanese) {
            escaped
        } else {
            format!("<span lang=\"{CONTENT_LANGUAGE}\">{escaped}</span>")
        }
    }

    /// A fiscal year as pages name it: 令和4年度 / FY2022.
    pub fn fiscal_year(&self, year: FiscalYear) -> String {
        self.fill_year("format.fiscal_year", year)
    }

    /// A fiscal year in full: 令和4年度 (2022年度) / FY2022.
    pub fn fiscal_year_label(&self, year: FiscalYear) -> String {
        self.fill_year("format.fiscal_year_label", year)
    }

    /// A fiscal year for narrow table headers and chart axes: R4 / FY22.
    pub fn fiscal_year_short(&self, year: FiscalYear) -> String {
        self.fill_year("format.fiscal_year_short", year)
    }

    /// `2023-09-30` as 2023年9月30日 / 30 September 2023 (validated dates only; anything else
    /// as given).
    pub fn date(&self, date: &str) -> String {
        let mut parts = date.split('-').map(|p| p.parse::<usize>());
        match (parts.next(), parts.next(), parts.next()) {
            (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) => {
                let month_name = self
                    .text("format.months")
                    .split(',')
                    .nth(m.wrapping_sub(1))
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                self.fill(
                    "format.date",
                    &[
                        ("year", &y.to_string()),
                        ("month", &m.to_string()),
                        ("month_name", &month_name),
                        ("day", &d.to_string()),
                    ],
                )
            }
            _ => date.to_string(),
        }
    }

    /// The format `key` filled with `year`: `{era}` (令和4年), `{era_short}` (R4), `{year}`
    /// (2022) and `{yy}` (22).
    fn fill_year(&self, key: &str, year: FiscalYear) -> String {
        self.fill(
            key,
            &[
                ("era", &era::era_year_name(year)),
                ("era_short", &era::fiscal_year_short(year)),
                ("year", &year.to_string()),
                ("yy", &format!("{:02}", year % 100)),
            ],
        )
    }

    /// A number as displayed (`△7.77`, `1,168.5`) in this language's sign for negatives.
    pub fn number(&self, shown: &str) -> String {
        match shown.strip_prefix('△') {
            Some(rest) => format!("{}{rest}", self.text("format.negative")),
            None => shown.to_string(),
        }
    }

    /// A displayed number as read aloud: マイナス7.77 / minus 7.77.
    pub fn spoken(&self, shown: &str) -> String {
        let negative = self.text("format.negative");
        match shown.strip_prefix('△').or_else(|| {
            shown
                .strip_prefix(negative)
                .filter(|_| !negative.is_empty())
        }) {
            Some(rest) => format!("{}{rest}", self.text("format.negative_spoken")),
            None => shown.to_string(),
        }
    }
}

/// `text` with each `{name}` replaced by its value.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').and_then(|end| {
            let name = &after[..end];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (end, *v))
        }) {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `c` is written only in Japanese text: kanji, kana, and full-width forms.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// HTML-escaped as the templates escape.
pub fn escape(text: &str) -> String {
    let mut buf = Vec::with_capacity(text.len());
    escape_html(text, &mut buf).expect("writing to memory");
    String::from_utf8(buf).expect("escaping keeps UTF-8")
}

/// What Tera's own `escape_html` writes (`&`, `<`, `>`, `"` and `'` as references), written a
/// run of plain text at a time instead of a byte at a time: the templates' escape function.
pub fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut plain = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let reference: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(reference)?;
        plain = i + 1;
    }
    out.write_all(&bytes[plain..])
}

fn parse(text: &str, source: &str) -> Result<serde_yaml::Value> {
    serde_yaml::from_str(text).with_context(|| format!("reading {source}"))
}

fn flatten(value: &serde_yaml::Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                let key = k.as_str().unwrap_or_default();
                let key = if prefix.is_empty() {
                    key.to_string()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(v, &key, out);
            }
        }
        serde_yaml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        serde_yaml::Value::Number(n) => {
            out.insert(prefix.to_string(), n.to_string());
        }
        serde_yaml::Value::Bool(b) => {
            out.insert(prefix.to_string(), b.to_string());
        }
        _ => {}
    }
}

fn unflatten(texts: &BTreeMap<String, String>) -> serde_yaml::Value {
    let mut root = serde_yaml::Mapping::new();
    for (key, text) in texts {
        let mut map = &mut root;
        let mut parts = key.split('.').peekable();
        while let Some(part) = parts.next() {
            let k = serde_yaml::Value::String(part.to_string());
            if parts.peek().is_none() {
                map.insert(k, serde_yaml::Value::String(text.clone()));
                break;
            }
            let entry = map
                .entry(k)
                .or_insert_with(|| serde_yaml::Value::Mapping(Default::default()));
            let serde_yaml::Value::Mapping(inner) = entry else {
                break;
            };
            map = inner;
        }
    }
    serde_yaml::Value::Mapping(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_writes_what_tera_writes() {
        for text in [
            "",
            "plain",
            "a & b < c > d \"e\" 'f'",
            "&&<<>>",
            "末尾&",
            "&先頭",
            "日本語の「引用」と'single'",
        ] {
            let mut ours = Vec::new();
            escape_html(text, &mut ours).unwrap();
            let mut theirs = Vec::new();
            tera::escape_html(text, &mut theirs).unwrap();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn fills_placeholders_and_leaves_unknown_ones() {
        assert_eq!(fill("{a}の{b}", &[("a", "市"), ("b", "KPI")]), "市のKPI");
        assert_eq!(fill("{x} {a}", &[("a", "1")]), "{x} 1");
    }

    #[test]
    fn years_dates_and_numbers_per_language() {
        let ja = Locale::built_in("ja");
        let en = Locale::built_in("en");
        assert_eq!(ja.fiscal_year(2019), "令和元年度");
        assert_eq!(ja.fiscal_year_label(2022), "令和4年度 (2022年度)");
        assert_eq!(ja.fiscal_year_short(2022), "R4");
        assert_eq!(en.fiscal_year(2022), "FY2022");
        assert_eq!(en.fiscal_year_short(2022), "FY22");
        assert_eq!(ja.date("2024-01-05"), "2024年1月5日");
        assert_eq!(en.date("2024-01-05"), "5 January 2024");
        assert_eq!(ja.number("△7.77"), "△7.77");
        assert_eq!(en.number("△7.77"), "−7.77");
        assert_eq!(en.spoken("△7.77"), "minus 7.77");
    }

    #[test]
    fn every_language_has_every_key() {
        let ja = Locale::built_in("ja");
        let en = Locale::built_in("en");
        let own: BTreeMap<String, String> = {
            let mut m = BTreeMap::new();
            flatten(&parse(BUILT_IN[1].1, "en").unwrap(), "", &mut m);
            m
        };
        for key in ja.texts.keys() {
            assert!(own.contains_key(key), "en.yaml lacks {key}");
        }
        assert_eq!(en.texts.len(), ja.texts.len());
    }

    #[test]
    fn japanese_content_is_marked_in_other_languages() {
        let ja = Locale::built_in("ja");
        let en = Locale::built_in("en");
        assert_eq!(ja.content_html("砂川市 & <b>"), "砂川市 &amp; &lt;b&gt;");
        assert_eq!(en.content_html("砂川市"), "<span lang=\"ja\">砂川市</span>");
        assert_eq!(en.content_html("Sunagawa"), "Sunagawa");
    }

    #[test]
    fn a_new_language_needs_every_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales")).unwrap();
        std::fs::write(
            dir.path().join("locales/fr.yaml"),
            "site:\n  top: Accueil\n",
        )
        .unwrap();
        let err = Locale::load(dir.path(), "fr").unwrap_err().to_string();
        assert!(err.contains("fr.yaml: no text for"), "{err}");
        let err = Locale::load(dir.path(), "de").unwrap_err().to_string();
        assert!(err.contains("no interface text for language `de`"), "{err}");
    }
}

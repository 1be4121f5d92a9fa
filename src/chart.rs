//! Charts: a KPI's actuals against its targets over the fiscal years, as an SVG string.
//!
//! Pure: data in, SVG text out. Titles and legends live in the page's HTML (`<figcaption>`),
//! because plotters cannot measure Japanese text; the SVG carries only short labels placed
//! without measuring (the unit, a few values, the state of a year without a figure). Series
//! differ by marker and line style as well as by colour (Okabe–Ito palette). The SVG carries its
//! own dark-mode colours, so it reads the same inline or as an image file. Its text is large for
//! a 480-unit-wide drawing, so that on a 375 px phone it is still at least 12 CSS px.

use plotters::prelude::*;

use crate::era::{FiscalYear, fiscal_year_short};

/// What one chart shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chart {
    /// The fiscal years along the x axis, ascending.
    pub years: Vec<FiscalYear>,
    /// Years with a figure.
    pub actual: Vec<Point>,
    /// The target line (running totals for a cumulative target).
    pub target: Vec<(FiscalYear, f64)>,
    /// The final target, marked on its own.
    pub final_target: Option<(FiscalYear, f64)>,
    /// Interim benchmarks (目安値), drawn as hollow diamonds: a different shape from the target's
    /// squares, so they are told apart without colour.
    pub benchmarks: Vec<(FiscalYear, f64)>,
    pub baseline: Option<f64>,
    /// Years reported without a figure, with the short text shown in their place.
    pub gaps: Vec<(FiscalYear, String)>,
    /// The unit of the y axis as written (`人`, `%`), or empty.
    pub unit: String,
    /// Values written beside their points: the latest actual and the final target, as shown
    /// on the page (`25.0`, `1,168.5`).
    pub value_labels: Vec<(FiscalYear, f64, String)>,
    /// 参考値 outside the strategy period: grey hollow squares, not joined to the actuals.
    pub reference: Vec<(FiscalYear, f64)>,
    /// Sub-values (男性 / 女性): a line each, with its own marker, named at its last point.
    pub breakdowns: Vec<Series>,
    /// Final targets as they stood before a revision: hollow triangles.
    pub superseded_targets: Vec<(FiscalYear, f64)>,
    /// Where the targets change: the first year measured against a revised target, or the first
    /// of a new strategy; a dotted line before each, with its short label (改訂, 第3期). The
    /// target line breaks there.
    pub breaks: Vec<(FiscalYear, String)>,
    /// The axes' words and signs in the page's language.
    pub text: AxisText,
}

/// What a chart's axes write, in the page's language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AxisText {
    /// Each fiscal year's short label (`R4`, `FY22`); a year missing here reads `R4`.
    pub years: std::collections::BTreeMap<FiscalYear, String>,
    /// The sign of negative numbers (`△`, `−`); empty: `△`.
    pub negative: String,
    /// The y axis's unit label (`（%）`, `(%)`); empty: the unit in full-width brackets.
    pub unit_label: String,
}

/// A sub-value's line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(FiscalYear, f64)>,
    /// Its target, drawn as a short dashed line across that year.
    pub target: Option<(FiscalYear, f64)>,
}

/// The markers of sub-value lines, in order, as the legend names them; colour is never the only
/// difference between two lines.
pub const SERIES_MARKERS: [&str; 4] = ["×", "+", "◆", "▼"];
/// The dashes of sub-value targets, in the same order, and their names (`chart.line_<name>` in
/// the locale files).
const SERIES_TARGET_DASHES: [&str; 4] = ["8 4", "2 3", "12 3 3 3", "4 8"];
pub const SERIES_TARGET_LINES: [&str; 4] = ["dashed", "dotted", "dash_dot", "long_dashed"];
/// Okabe–Ito colours of sub-value lines, in the order of `SERIES_MARKERS`.
const SERIES_COLOURS: [RGBColor; 4] = [
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
];

/// One actual.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub year: FiscalYear,
    pub value: f64,
    /// Drawn as a hollow marker: 暫定値.
    pub provisional: bool,
}

/// Colours from the Okabe–Ito palette, distinguishable with every common colour-vision deficiency.
pub const ACTUAL_COLOUR: RGBColor = RGBColor(0, 114, 178);
pub const TARGET_COLOUR: RGBColor = RGBColor(213, 94, 0);
pub const BASELINE_COLOUR: RGBColor = RGBColor(90, 90, 90);

const WIDTH: u32 = 480;
const HEIGHT: u32 = 300;
const FONT: u32 = 22;

/// Dark-mode colours for what plotters writes in black on white (CSS outranks the SVG's
/// presentation attributes); the series keep their Okabe–Ito colours, which read on both.
const DARK_MODE: &str = "<style>@media (prefers-color-scheme: dark) { [fill=\"#FFFFFF\"] { fill: #1e2227; } text { fill: #ececec; } [stroke=\"#000000\"] { stroke: #c2c2c2; } [stroke=\"#DCDCDC\"] { stroke: #3a4048; } }</style>";

/// Dashed lines: the colour they are drawn in (used by nothing else), the colour they are
/// shown in, and their dashes.
type Dashed = (RGBColor, RGBColor, &'static str);
const BASELINE_DASHED: Dashed = (RGBColor(90, 90, 91), BASELINE_COLOUR, "2 6");
const TARGET_DASHED: Dashed = (RGBColor(213, 94, 1), TARGET_COLOUR, "8 5");
/// The revision mark: a dotted vertical line.
const REVISION_DASHED: Dashed = (RGBColor(0, 0, 1), RGBColor(0, 0, 0), "2 4");

/// Sub-value `i`'s target line: in its colour, with dashes of its own.
fn series_target_dashed(i: usize) -> Dashed {
    let RGBColor(r, g, b) = SERIES_COLOURS[i % SERIES_COLOURS.len()];
    (
        RGBColor(r, g, b ^ 1),
        RGBColor(r, g, b),
        SERIES_TARGET_DASHES[i % SERIES_TARGET_DASHES.len()],
    )
}

/// A colour as plotters writes it in SVG: `#D55E00`.
fn hex(RGBColor(r, g, b): RGBColor) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

impl Chart {
    /// Whether the chart draws a target line or marker (for the legend).
    pub fn has_target(&self) -> bool {
        !self.target.is_empty() || self.final_target.is_some()
    }

    /// Whether the y axis starts at zero (when it does not, the page says so).
    pub fn starts_at_zero(&self) -> bool {
        self.value_range().0 == 0.0
    }

    /// Whether there is anything to draw: at least one actual figure, of the KPI or of a
    /// sub-value.
    pub fn is_drawable(&self) -> bool {
        !self.years.is_empty()
            && (!self.actual.is_empty() || self.breakdowns.iter().any(|s| !s.points.is_empty()))
    }

    /// The chart as an SVG document with `id` on its root, or `None` when there is nothing to chart.
    pub fn to_svg(&self, id: &str) -> Option<String> {
        if !self.is_drawable() {
            return None;
        }
        let mut svg = String::new();
        self.draw(&mut svg).ok()?;
        // plotters writes a bare <svg>; give it an id and class for the page and its styles.
        Some(with_dark_mode(&accessible(&svg, id)))
    }

    /// The chart as a standalone SVG file: an XML declaration, and its title and description in
    /// `<title>` and `<desc>` (the page's `<figcaption>` is not there to name it).
    pub fn to_file_svg(&self, title: &str, description: &str) -> Option<String> {
        if !self.is_drawable() {
            return None;
        }
        let mut svg = String::new();
        self.draw(&mut svg).ok()?;
        let open_end = svg.find('>')?;
        let (open, rest) = svg.split_at(open_end);
        let open = open.replacen(
            "<svg ",
            "<svg role=\"img\" aria-labelledby=\"title desc\" ",
            1,
        );
        Some(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{open}>\n<title id=\"title\">{}</title>\n<desc id=\"desc\">{}</desc>\n{DARK_MODE}{}",
            xml_escape(title),
            xml_escape(description),
            &rest[1..]
        ))
    }

    fn draw(&self, out: &mut String) -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let (low, high) = self.value_range();
        let n = self.years.len() as f64;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_top(40)
            .x_label_area_size(36)
            .y_label_area_size(80)
            .build_cartesian_2d(-0.5..n - 0.5, low..high)?;
        let font = || ("sans-serif", FONT).into_font().color(&BLACK);
        if !self.unit.is_empty() {
            let label = if self.text.unit_label.is_empty() {
                format!("（{}）", self.unit)
            } else {
                self.text.unit_label.clone()
            };
            root.draw(&Text::new(label, (8, 8), font()))?;
        }
        let years = self.years.clone();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(years.len())
            .x_label_formatter(&|x| year_label(&years, *x, &self.text))
            .y_labels(6)
            .y_label_formatter(&|y| axis_number(*y, &self.text))
            .label_style(font())
            .y_max_light_lines(0)
            .bold_line_style(RGBColor(220, 220, 220))
            .axis_style(BLACK.stroke_width(1))
            .draw()?;

        // Dashed lines are drawn solid in a marker colour and given their dashes afterwards
        // (`dashed`): one element each, where plotters' dashed series writes one per dash.
        if let Some(base) = self.baseline {
            chart.draw_series(LineSeries::new(
                [(-0.5, base), (n - 0.5, base)],
                BASELINE_DASHED.0.stroke_width(2),
            ))?;
        }
        let x = |year: FiscalYear| self.years.iter().position(|&y| y == year).unwrap_or(0) as f64;
        let target: Vec<(f64, f64)> = self.target.iter().map(|&(y, v)| (x(y), v)).collect();
        // A revised target is a new line, not a slope from the old figures to the new.
        let revised_between = |a: &(FiscalYear, f64), b: &(FiscalYear, f64)| {
            self.breaks.iter().any(|&(r, _)| a.0 < r && r <= b.0)
        };
        for run in self.target.chunk_by(|a, b| !revised_between(a, b)) {
            if run.len() > 1 {
                chart.draw_series(LineSeries::new(
                    run.iter().map(|&(y, v)| (x(y), v)),
                    TARGET_DASHED.0.stroke_width(2),
                ))?;
            }
        }
        chart.draw_series(target.iter().map(|&(x, y)| {
            EmptyElement::at((x, y)) + Rectangle::new([(-5, -5), (5, 5)], TARGET_COLOUR.filled())
        }))?;
        chart.draw_series(self.benchmarks.iter().map(|&(year, value)| {
            EmptyElement::at((x(year), value))
                + Polygon::new(vec![(0, -8), (8, 0), (0, 8), (-8, 0)], WHITE.filled())
                + PathElement::new(
                    vec![(0, -8), (8, 0), (0, 8), (-8, 0), (0, -8)],
                    TARGET_COLOUR.stroke_width(2),
                )
        }))?;
        if let Some((year, value)) = self.final_target {
            chart.draw_series(std::iter::once(TriangleMarker::new(
                (x(year), value),
                9,
                TARGET_COLOUR.filled(),
            )))?;
        }
        chart.draw_series(self.superseded_targets.iter().map(|&(year, value)| {
            EmptyElement::at((x(year), value))
                + Polygon::new(vec![(0, -9), (8, 5), (-8, 5)], WHITE.filled())
                + PathElement::new(
                    vec![(0, -9), (8, 5), (-8, 5), (0, -9)],
                    TARGET_COLOUR.stroke_width(2),
                )
        }))?;
        for (year, label) in &self.breaks {
            let at = x(*year) - 0.5;
            chart.draw_series(LineSeries::new(
                [(at, low), (at, high)],
                REVISION_DASHED.0.stroke_width(1),
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                label.clone(),
                (at + 0.04, high - (high - low) * 0.02),
                font(),
            )))?;
        }
        chart.draw_series(self.reference.iter().map(|&(year, value)| {
            EmptyElement::at((x(year), value))
                + Rectangle::new([(-6, -6), (6, 6)], WHITE.filled())
                + Rectangle::new([(-6, -6), (6, 6)], BASELINE_COLOUR.stroke_width(2))
        }))?;
        for (i, series) in self.breakdowns.iter().enumerate() {
            let colour = SERIES_COLOURS[i % SERIES_COLOURS.len()];
            let points: Vec<(f64, f64)> = series.points.iter().map(|&(y, v)| (x(y), v)).collect();
            for run in points.chunk_by(|a, b| b.0 - a.0 == 1.0) {
                chart.draw_series(LineSeries::new(run.iter().copied(), colour.stroke_width(2)))?;
            }
            // The marker of line `i`, as `SERIES_MARKERS` names it.
            let stroke = colour.stroke_width(3);
            match i % SERIES_MARKERS.len() {
                0 => chart.draw_series(points.iter().map(|&at| {
                    EmptyElement::at(at)
                        + PathElement::new(vec![(-6, -6), (6, 6)], stroke)
                        + PathElement::new(vec![(-6, 6), (6, -6)], stroke)
                }))?,
                1 => chart.draw_series(points.iter().map(|&at| {
                    EmptyElement::at(at)
                        + PathElement::new(vec![(-7, 0), (7, 0)], stroke)
                        + PathElement::new(vec![(0, -7), (0, 7)], stroke)
                }))?,
                2 => chart.draw_series(points.iter().map(|&at| {
                    EmptyElement::at(at)
                        + Polygon::new(vec![(0, -8), (8, 0), (0, 8), (-8, 0)], colour.filled())
                }))?,
                _ => chart.draw_series(points.iter().map(|&at| {
                    EmptyElement::at(at)
                        + Polygon::new(vec![(-8, -5), (8, -5), (0, 9)], colour.filled())
                }))?,
            };
            if let Some((year, value)) = series.target {
                chart.draw_series(LineSeries::new(
                    [(x(year) - 0.35, value), (x(year) + 0.35, value)],
                    series_target_dashed(i).0.stroke_width(2),
                ))?;
            }
            if let Some(&(at, value)) = points.last() {
                let shift = 0.05 * series.label.chars().count() as f64;
                chart.draw_series(std::iter::once(Text::new(
                    series.label.clone(),
                    (at - shift, value + (high - low) * 0.1),
                    font(),
                )))?;
            }
        }
        let actual: Vec<(f64, f64)> = self.actual.iter().map(|p| (x(p.year), p.value)).collect();
        // A year without a figure between two with one is a gap in the line, not a straight
        // line across it: one line per run of consecutive years.
        for run in actual.chunk_by(|a, b| b.0 - a.0 == 1.0) {
            chart.draw_series(LineSeries::new(
                run.iter().copied(),
                ACTUAL_COLOUR.stroke_width(3),
            ))?;
        }
        chart.draw_series(self.actual.iter().map(|p| {
            let style = if p.provisional {
                WHITE.filled()
            } else {
                ACTUAL_COLOUR.filled()
            };
            Circle::new((x(p.year), p.value), 6, style)
        }))?;
        chart.draw_series(
            self.actual
                .iter()
                .filter(|p| p.provisional)
                .map(|p| Circle::new((x(p.year), p.value), 6, ACTUAL_COLOUR.stroke_width(2))),
        )?;
        chart.draw_series(self.gaps.iter().map(|(year, text)| {
            Text::new(
                text.clone(),
                (x(*year) - 0.3, low + (high - low) * 0.08),
                font(),
            )
        }))?;
        // The values a reader looks for first, above their points.
        chart.draw_series(self.value_labels.iter().map(|(year, value, text)| {
            let shift = 0.05 * text.chars().count() as f64;
            Text::new(
                text.clone(),
                (x(*year) - shift, *value + (high - low) * 0.12),
                font(),
            )
        }))?;
        if low > 0.0 {
            // The axis does not start at zero: a break mark at its foot, and the page says so.
            chart.draw_series(std::iter::once(Text::new(
                "≈",
                (-0.62, low + (high - low) * 0.02),
                font(),
            )))?;
        }
        root.present()?;
        drop(chart);
        drop(root);
        let dashed = [BASELINE_DASHED, TARGET_DASHED, REVISION_DASHED]
            .into_iter()
            .chain((0..self.breakdowns.len()).map(series_target_dashed));
        for (marker, colour, dashes) in dashed {
            let solid = format!("stroke=\"{}\"", hex(marker));
            if out.contains(&solid) {
                *out = out.replace(
                    &solid,
                    &format!("stroke=\"{}\" stroke-dasharray=\"{dashes}\"", hex(colour)),
                );
            }
        }
        Ok(())
    }

    /// The y range: every value shown, with head room for the value labels. It starts at zero
    /// unless the values lie far from it (7,612 against 8,137 would look flat), and a chart of
    /// zeros gets 0–1, not a range of hundredths.
    fn value_range(&self) -> (f64, f64) {
        let values = self
            .actual
            .iter()
            .map(|p| p.value)
            .chain(self.target.iter().map(|t| t.1))
            .chain(self.final_target.map(|t| t.1))
            .chain(self.benchmarks.iter().map(|b| b.1))
            .chain(self.reference.iter().map(|r| r.1))
            .chain(self.superseded_targets.iter().map(|t| t.1))
            .chain(
                self.breakdowns
                    .iter()
                    .flat_map(|s| s.points.iter().chain(&s.target).map(|p| p.1)),
            )
            .chain(self.baseline);
        let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if !min.is_finite() {
            return (0.0, 1.0);
        }
        if max == min {
            let pad = if max == 0.0 { 1.0 } else { max.abs() * 0.25 };
            return if max >= 0.0 {
                (0.0, max + pad)
            } else {
                (min - pad, pad)
            };
        }
        let span = max - min;
        let low = if min >= 0.0 && min < 0.5 * max {
            0.0
        } else if min >= 0.0 {
            (min - span * 0.2).max(0.0)
        } else {
            min - span * 0.15
        };
        let high = if max > 0.0 {
            max + (max - low) * 0.2
        } else {
            (max + span * 0.2).max(0.0)
        };
        (low, high)
    }
}

/// Gives plotters' bare `<svg>` the page's id, class and accessible name and description (the
/// `{id}-title` and `{id}-desc` elements of the figure caption).
/// Text for XML content or a quoted attribute.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The dark-mode style, first inside the `<svg>`.
fn with_dark_mode(svg: &str) -> String {
    match svg.find('>') {
        Some(end) => format!("{}\n{DARK_MODE}{}", &svg[..=end], &svg[end + 1..]),
        None => svg.to_string(),
    }
}

fn accessible(svg: &str, id: &str) -> String {
    svg.replacen(
        "<svg ",
        &format!("<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" "),
        1,
    )
}

/// The label of a fiscal-year category on an axis (`R4`), blank between categories.
fn year_label(years: &[FiscalYear], value: f64, text: &AxisText) -> String {
    let i = value.round();
    if (value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < years.len() {
        let year = years[i as usize];
        text.years
            .get(&year)
            .cloned()
            .unwrap_or_else(|| fiscal_year_short(year))
    } else {
        String::new()
    }
}

/// A y-axis label: separators, △ for negatives, no more decimals than the step needs.
fn axis_number(y: f64, axis: &AxisText) -> String {
    let rounded = (y * 100.0).round() / 100.0;
    let text = if (rounded - rounded.round()).abs() < 1e-9 {
        format!("{}", rounded.round() as i64)
    } else {
        format!("{rounded:.2}").trim_end_matches('0').to_string()
    };
    let shown = crate::figure::Figure::parse(&text).map_or(text, |f| f.display());
    match shown.strip_prefix('△') {
        Some(rest) if !axis.negative.is_empty() => format!("{}{rest}", axis.negative),
        _ => shown,
    }
}

/// One fiscal year's grade counts for a summary chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryBar {
    pub year: FiscalYear,
    /// Counts per grade (best first), then the count of KPIs without a grade.
    pub counts: Vec<usize>,
}

/// Fill colours of grades, best first (Okabe–Ito tints); the last is for "not graded".
pub const GRADE_COLOURS: [RGBColor; 5] = [
    RGBColor(86, 180, 233),
    RGBColor(166, 220, 239),
    RGBColor(230, 159, 0),
    RGBColor(240, 184, 160),
    RGBColor(204, 121, 167),
];
pub const NOT_GRADED_COLOUR: RGBColor = RGBColor(200, 200, 200);

/// A stacked bar per fiscal year of how many KPIs earned each grade. Each segment carries its
/// symbol and count as text, so colour is never the only cue. `None` without any year.
pub fn summary_svg(
    id: &str,
    bars: &[SummaryBar],
    symbols: &[String],
    text: &AxisText,
) -> Option<String> {
    let total = bars.iter().map(|b| b.counts.iter().sum::<usize>()).max()?;
    let height = 48 + 44 * bars.len() as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..total.max(1) as f64, -0.5..bars.len() as f64 - 0.5)
            .ok()?;
        let years: Vec<FiscalYear> = bars.iter().map(|b| b.year).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(bars.len())
            .y_label_formatter(&|y| year_label(&years, *y, text))
            .x_labels(6)
            .x_label_formatter(&|x| {
                if x.fract() == 0.0 {
                    format!("{x}")
                } else {
                    String::new()
                }
            })
            .label_style(("sans-serif", 18).into_font().color(&BLACK))
            .max_light_lines(0)
            .bold_line_style(RGBColor(220, 220, 220))
            .axis_style(BLACK.stroke_width(1))
            .draw()
            .ok()?;
        for (row, bar) in bars.iter().enumerate() {
            let y = row as f64;
            let mut start = 0.0;
            for (i, &count) in bar.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
                let end = start + count as f64;
                let is_grade = i < symbols.len();
                let colour = if is_grade {
                    GRADE_COLOURS[i % GRADE_COLOURS.len()]
                } else {
                    NOT_GRADED_COLOUR
                };
                let label = if is_grade {
                    format!("{} {count}", symbols[i])
                } else {
                    format!("− {count}")
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(start, y - 0.32), (end, y + 0.32)],
                        colour.filled(),
                    )))
                    .ok()?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        label,
                        (start + 0.1, y + 0.12),
                        ("sans-serif", 16).into_font().color(&BLACK),
                    )))
                    .ok()?;
                start = end;
            }
        }
        root.present().ok()?;
    }
    Some(accessible(&svg, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Chart {
        Chart {
            years: (2021..=2025).collect(),
            actual: vec![
                Point {
                    year: 2021,
                    value: 36.6,
                    provisional: false,
                },
                Point {
                    year: 2022,
                    value: 25.0,
                    provisional: true,
                },
            ],
            target: (2021..=2025)
                .map(|y| (y, 36.0 + f64::from(y - 2021)))
                .collect(),
            final_target: Some((2025, 40.0)),
            benchmarks: vec![],
            baseline: Some(36.7),
            gaps: vec![],
            unit: "%".into(),
            value_labels: vec![(2022, 25.0, "25.0".into()), (2025, 40.0, "40".into())],
            ..Chart::default()
        }
    }

    #[test]
    fn nothing_to_chart_without_actuals() {
        let chart = Chart {
            actual: vec![],
            ..sample()
        };
        assert_eq!(chart.to_svg("c"), None);
    }

    #[test]
    fn svg_is_accessible_and_labelled_by_fiscal_year() {
        let svg = sample().to_svg("chart-x").unwrap();
        assert!(svg.starts_with("<svg id=\"chart-x\" class=\"chart\" role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"chart-x-title chart-x-desc\""));
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| Some(t.split_once('>')?.1.split('<').next()?.trim()))
            .collect();
        // The unit, the y axis (from 25: the values lie far from zero), the years, the latest
        // actual and the final target, and the break mark of an axis that does not start at 0.
        assert_eq!(
            texts,
            [
                "（%）", "25", "30", "35", "40", "R3", "R4", "R5", "R6", "R7", "25.0", "40", "≈"
            ]
        );
    }

    #[test]
    fn a_missing_middle_year_is_a_gap_in_the_line() {
        let point = |year, value| Point {
            year,
            value,
            provisional: false,
        };
        let lines = |actual: Vec<Point>| {
            let svg = Chart { actual, ..sample() }.to_svg("c").unwrap();
            svg.split("<polyline")
                .skip(1)
                .filter(|p| p.contains("stroke=\"#0072B2\""))
                .map(|p| {
                    p.split("points=\"")
                        .nth(1)
                        .unwrap()
                        .split('"')
                        .next()
                        .unwrap()
                        .split_whitespace()
                        .count()
                })
                .collect::<Vec<usize>>()
        };
        // 2021, 2022, 2024, 2025: two lines of two points each, none across 2023.
        assert_eq!(
            lines(vec![
                point(2021, 30.0),
                point(2022, 31.0),
                point(2024, 33.0),
                point(2025, 34.0)
            ]),
            [2, 2]
        );
        assert_eq!(
            lines(vec![
                point(2021, 30.0),
                point(2022, 31.0),
                point(2023, 32.0)
            ]),
            [3]
        );
    }

    #[test]
    fn the_y_axis_fits_the_data() {
        // Confirmed actuals of 2021 and 2022, nothing else.
        let two_years = |first: f64, second: f64| Chart {
            years: vec![2021, 2022],
            actual: [(2021, first), (2022, second)]
                .map(|(year, value)| Point {
                    year,
                    value,
                    provisional: false,
                })
                .to_vec(),
            ..Chart::default()
        };
        // 7,612 against 8,137: far from zero, so the axis does not start there.
        let far = two_years(7612.0, 8137.0);
        assert!(!far.starts_at_zero());
        let (low, high) = far.value_range();
        assert!(
            low > 7000.0 && low < 7612.0 && high > 8137.0,
            "{low}–{high}"
        );
        // All zeros: 0 to 1, not a range of hundredths.
        assert_eq!(two_years(0.0, 0.0).value_range(), (0.0, 1.0));
        // Near zero relative to the largest value: from zero.
        assert!(two_years(3.0, 40.0).starts_at_zero());
        // The SVG says its unit and carries its dark-mode colours.
        let svg = sample().to_svg("c").unwrap();
        assert!(svg.contains("（%）"));
        assert!(svg.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn chart_snapshot() {
        insta::assert_snapshot!(sample().to_svg("chart-hs-local-hire-rate").unwrap());
    }

    #[test]
    fn summary_bars_label_each_segment() {
        let bars = [SummaryBar {
            year: 2022,
            counts: vec![3, 0, 2, 1, 4],
        }];
        let symbols: Vec<String> = ["A", "B", "C", "D"].map(String::from).to_vec();
        let svg = summary_svg("s", &bars, &symbols, &AxisText::default()).unwrap();
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| Some(t.split_once('>')?.1.split('<').next()?.trim()))
            .filter(|t| t.contains(' '))
            .collect();
        assert_eq!(texts, ["A 3", "C 2", "D 1", "− 4"]);
        assert_eq!(summary_svg("s", &[], &symbols, &AxisText::default()), None);
    }

    #[test]
    fn negative_values_stay_in_range() {
        let chart = Chart {
            years: vec![2021, 2022],
            actual: vec![Point {
                year: 2021,
                value: -7.77,
                provisional: false,
            }],
            ..Chart::default()
        };
        let (low, high) = chart.value_range();
        assert!(low < -7.77 && high > 0.0);
        let plain = AxisText::default();
        assert_eq!(axis_number(-7.5, &plain), "△7.5");
        assert_eq!(axis_number(1500.0, &plain), "1,500");
        let english = AxisText {
            negative: "−".into(),
            ..AxisText::default()
        };
        assert_eq!(axis_number(-7.5, &english), "−7.5");
    }
}

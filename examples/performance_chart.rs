//! Draws the growth chart of `benches/performance.sh`: query latency and index size against the
//! number of documents, both axes logarithmic, read from the `growth.json` the script's report
//! writes (one row per collection). Trouvaille's series are solid lines; the anchors' (Xapian,
//! SQLite FTS5) on the same corpora are dashed, so that our growth is read against theirs.
//!
//! ```sh
//! cargo run --release --example performance_chart -- \
//!     --growth /tmp/trouvaille-performance/growth.json --out benches/performance.svg
//! ```
//!
//! Text is written as SVG `<text>` elements, so no font is needed to draw the chart; widths of
//! text are estimated.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Deserialize;

#[path = "common/chart.rs"]
mod chart;
use chart::{
    label_font, legend_row_centre, titled_canvas, Scale, TickedAxis, LABEL_FONT_SIZE,
    LEGEND_ROW_HEIGHT, MARGIN, TITLE_HEIGHT,
};

/// Size of the chart in pixels.
const WIDTH: u32 = 1000;
const HEIGHT: u32 = 560;
/// Height of a panel's caption, in pixels.
const CAPTION_HEIGHT: u32 = 30;
/// Estimated width of one character of a label in pixels: plotters without a font library has
/// no text metrics, and the legend is laid out from this.
const LABEL_CHARACTER_WIDTH: f64 = 0.55 * LABEL_FONT_SIZE / 1.24;
/// How far the axes reach beyond the extreme values, as a factor: room for the markers.
const AXIS_PADDING: f64 = 1.6;

/// Tableau 10 colours: one per measured quantity, the same for Trouvaille (solid) and the
/// anchor measuring the same thing (dashed).
const BLUE: RGBColor = RGBColor(31, 119, 180);
const ORANGE: RGBColor = RGBColor(255, 127, 14);
const RED: RGBColor = RGBColor(214, 39, 40);
const GREEN: RGBColor = RGBColor(44, 160, 44);
const PURPLE: RGBColor = RGBColor(148, 103, 189);

/// Draws latency and index size against the number of documents from `growth.json`.
#[derive(Parser)]
struct Arguments {
    /// The growth table of `benches/performance_report.py` (`growth.json` in the work
    /// directory of `benches/performance.sh`).
    #[arg(long, default_value = "/tmp/trouvaille-performance/growth.json")]
    growth: PathBuf,
    /// The SVG file to write.
    #[arg(long, default_value = "benches/performance.svg")]
    out: PathBuf,
    /// The chart's title.
    #[arg(long, default_value = "Trouvaille: growth with the number of documents")]
    title: String,
}

/// One collection's row of the growth table; a figure not measured is null.
#[derive(Deserialize)]
struct GrowthRow {
    collection: String,
    documents: u64,
    index_bytes: Option<f64>,
    plain_p50_ms: Option<f64>,
    faceted_p50_ms: Option<f64>,
    faceted_p99_ms: Option<f64>,
    xapian_index_bytes: Option<f64>,
    xapian_plain_p50_ms: Option<f64>,
    xapian_faceted_p50_ms: Option<f64>,
    fts5_index_bytes: Option<f64>,
}

/// One line of a panel: its points (documents, value) where the value was measured.
struct Series {
    label: &'static str,
    colour: RGBColor,
    dashed: bool,
    points: Vec<(f64, f64)>,
}

impl Series {
    fn new(
        label: &'static str,
        colour: RGBColor,
        dashed: bool,
        rows: &[GrowthRow],
        value: impl Fn(&GrowthRow) -> Option<f64>,
    ) -> Series {
        let points = rows
            .iter()
            .filter_map(|row| value(row).map(|value| (row.documents as f64, value)))
            .filter(|&(_, value)| value > 0.0)
            .collect();
        Series { label, colour, dashed, points }
    }

    /// Estimated width in pixels of its legend entry: the swatch, the text, and the space
    /// before the next entry.
    fn legend_width(&self) -> u32 {
        (34.0 + self.label.chars().count() as f64 * LABEL_CHARACTER_WIDTH + 20.0) as u32
    }
}

fn main() -> ExitCode {
    match run(Arguments::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("performance_chart: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(arguments: Arguments) -> anyhow::Result<()> {
    let path = &arguments.growth;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading {} (run benches/performance.sh)", path.display()))?;
    let mut rows: Vec<GrowthRow> = serde_json::from_str(&text)
        .with_context(|| format!("{} is not the growth table of performance.sh", path.display()))?;
    anyhow::ensure!(!rows.is_empty(), "{} holds no collection", path.display());
    rows.sort_by_key(|row| row.documents);
    draw(&arguments.out, &arguments.title, &rows)
        .with_context(|| format!("drawing {}", arguments.out.display()))?;
    let collections: Vec<&str> = rows.iter().map(|row| row.collection.as_str()).collect();
    println!("wrote {} ({})", arguments.out.display(), collections.join(", "));
    Ok(())
}

/// A logarithmic axis holding every value, padded by [`AXIS_PADDING`] both ways, with 1-2-5
/// ticks (or the values themselves when the range is too narrow for two of those).
fn logarithmic_axis_around(values: impl Iterator<Item = f64>) -> TickedAxis {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let range = match (values.first(), values.last()) {
        (Some(low), Some(high)) => low / AXIS_PADDING..high * AXIS_PADDING,
        _ => 1.0..10.0,
    };
    let mut ticks = Vec::new();
    let mut power = 10_f64.powf(range.start.log10().floor());
    while power <= range.end {
        for step in [1.0, 2.0, 5.0] {
            let tick = power * step;
            if range.contains(&tick) {
                ticks.push(tick);
            }
        }
        power *= 10.0;
    }
    // A narrow range (one collection) may hold a single 1-2-5 tick, which says little: the
    // values themselves are the ticks then.
    if ticks.len() < 2 && !values.is_empty() {
        ticks = values;
    }
    TickedAxis { range, ticks, scale: Scale::Logarithmic }
}

/// `5k`, `100k`, `1M`: document counts as people say them.
fn count_label(value: &f64) -> String {
    let value = *value;
    let (scaled, suffix) = if value >= 1e6 {
        (value / 1e6, "M")
    } else if value >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    format!("{}{suffix}", short_number(scaled))
}

/// Up to three significant digits, without trailing zeros: `0.05`, `1.5`, `20`, `500`.
fn short_number(value: f64) -> String {
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else if value >= 1.0 {
        2
    } else {
        (2.0 - value.log10().floor()).min(6.0) as usize
    };
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn draw(out: &Path, title: &str, rows: &[GrowthRow]) -> anyhow::Result<()> {
    let latency = [
        Series::new("Trouvaille top 10, p50", BLUE, false, rows, |row| row.plain_p50_ms),
        Series::new("Trouvaille faceted, p50", ORANGE, false, rows, |row| row.faceted_p50_ms),
        Series::new("Trouvaille faceted, p99", RED, false, rows, |row| row.faceted_p99_ms),
        Series::new("Xapian top 10, p50", BLUE, true, rows, |row| row.xapian_plain_p50_ms),
        Series::new("Xapian faceted, p50", ORANGE, true, rows, |row| row.xapian_faceted_p50_ms),
    ];
    let size = [
        Series::new("Trouvaille index", GREEN, false, rows, |row| to_megabytes(row.index_bytes)),
        Series::new("Xapian index", GREEN, true, rows, |row| to_megabytes(row.xapian_index_bytes)),
        Series::new("FTS5 index", PURPLE, true, rows, |row| to_megabytes(row.fts5_index_bytes)),
    ];
    let legend_layout = legend_layout(&[measured(&latency), measured(&size)]);
    let legend_rows = legend_layout.iter().map(|(row, _, _)| row + 1).max().unwrap_or(0);
    let header_height = MARGIN + TITLE_HEIGHT + legend_rows * LEGEND_ROW_HEIGHT + 8;

    let root = titled_canvas(out, (WIDTH, HEIGHT), title)?;
    let label_font = label_font();
    for (row, x, series) in legend_layout {
        let left = (MARGIN + x) as i32;
        let middle = legend_row_centre(row);
        draw_swatch(&root, series, vec![(left, middle), (left + 28, middle)])?;
        root.draw(&Text::new(
            series.label.to_string(),
            (left + 34, middle),
            label_font.color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }

    let (_, panels) = root.split_vertically(header_height);
    let (left, right) = panels.split_horizontally(WIDTH / 2);
    let documents = || logarithmic_axis_around(rows.iter().map(|row| row.documents as f64));
    panel(&left, "Query latency, in-process (ms)", documents(), &latency, &|value| {
        format!("{} ms", short_number(*value))
    })?;
    panel(&right, "Index size on disk (MB)", documents(), &size, &|value| {
        format!("{} MB", short_number(*value))
    })?;
    root.present()?;
    Ok(())
}

/// A panel's series that have points, for the legend.
fn measured(panel: &[Series]) -> Vec<&Series> {
    panel.iter().filter(|series| !series.points.is_empty()).collect()
}

fn to_megabytes(bytes: Option<f64>) -> Option<f64> {
    bytes.map(|bytes| bytes / 1e6)
}

/// The legend's entries laid out above their panels, in rows that fit a panel's width:
/// `(row, x offset, series)`.
fn legend_layout<'a>(panels: &[Vec<&'a Series>]) -> Vec<(u32, u32, &'a Series)> {
    let panel_width = WIDTH / panels.len() as u32;
    let available = panel_width - 2 * MARGIN;
    let mut placed = Vec::new();
    for (index, entries) in panels.iter().enumerate() {
        let left = index as u32 * panel_width;
        let (mut row, mut x) = (0, 0);
        for entry in entries {
            if x > 0 && x + entry.legend_width() > available {
                row += 1;
                x = 0;
            }
            placed.push((row, left + x, *entry));
            x += entry.legend_width();
        }
    }
    placed
}

/// A series' swatch in the legend: its line between two pixel points.
fn draw_swatch(
    area: &DrawingArea<SVGBackend, Shift>,
    series: &Series,
    points: Vec<(i32, i32)>,
) -> anyhow::Result<()> {
    if series.dashed {
        area.draw(&DashedPathElement::new(points, 7, 4, series.colour.stroke_width(2)))?;
    } else {
        area.draw(&PathElement::new(points, series.colour.stroke_width(3)))?;
    }
    Ok(())
}

/// One panel: the series against the number of documents, a caption above, both axes
/// logarithmic, each point marked (a collection may have one point only: no line).
fn panel(
    area: &DrawingArea<SVGBackend, Shift>,
    caption: &str,
    x_axis: TickedAxis,
    series: &[Series],
    y_label: &dyn Fn(&f64) -> String,
) -> anyhow::Result<()> {
    let label_font = label_font();
    let y_axis =
        logarithmic_axis_around(series.iter().flat_map(|series| series.points.iter()).map(|p| p.1));
    let mut chart = ChartBuilder::on(area)
        .margin(MARGIN)
        .caption(caption, label_font.clone().style(FontStyle::Bold))
        .x_label_area_size(CAPTION_HEIGHT + 20)
        .y_label_area_size(80)
        .build_cartesian_2d(x_axis, y_axis)?;
    chart
        .configure_mesh()
        .bold_line_style(BLACK.mix(0.12))
        .x_label_formatter(&count_label)
        .y_label_formatter(y_label)
        .x_desc("documents")
        .label_style(label_font.clone())
        .axis_desc_style(label_font)
        .draw()?;
    for series in series.iter().filter(|series| !series.points.is_empty()) {
        if series.dashed {
            chart.draw_series(std::iter::once(DashedPathElement::new(
                series.points.clone(),
                7,
                4,
                series.colour.stroke_width(2),
            )))?;
        } else {
            chart.draw_series(std::iter::once(PathElement::new(
                series.points.clone(),
                series.colour.stroke_width(3),
            )))?;
        }
        let marker_style =
            if series.dashed { series.colour.stroke_width(2) } else { series.colour.filled() };
        chart
            .draw_series(series.points.iter().map(|&point| Circle::new(point, 4, marker_style)))?;
    }
    Ok(())
}

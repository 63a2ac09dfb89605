//! Draws the relevance chart of `benches/relevance.sh`: the nDCG@10 of every search configuration,
//! one bar per dataset, read from the output of `trouvaille eval --json`, with other engines'
//! figures as dashed reference lines so that our numbers are read against theirs.
//!
//! ```sh
//! cargo run --release --example relevance_chart -- --out benches/relevance.svg \
//!     --anchor "Lucene FrenchAnalyzer + folding, OR (frdocs)=0.776" \
//!     frdocs=/tmp/trouvaille-relevance/frdocs.json seed=/tmp/trouvaille-relevance/seed.json
//! ```
//!
//! Configurations come in the order of the first file (its first one is the baseline of
//! `trouvaille eval`), then those only the later files hold. Text is written as SVG `<text>`
//! elements, so no font is needed to draw the chart; widths of text are estimated.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use anyhow::Context;
use clap::Parser;
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

/// Width of the chart in pixels; the height follows from the number of bars.
const WIDTH: u32 = 900;
/// Height of one bar in pixels.
const BAR_HEIGHT: u32 = 16;
/// Space between two configurations' groups of bars, in pixels.
const GROUP_GAP: u32 = 14;
/// Height left under the bars for the x axis, its labels and its description.
const X_AXIS_HEIGHT: u32 = 52;
/// Estimated width of one character of a label in pixels: plotters without a font library has
/// no text metrics, and the legend and the left axis are laid out from this.
const LABEL_CHARACTER_WIDTH: f64 = 0.6 * LABEL_FONT_SIZE / 1.24;
/// The right end of the x axis: room past 1.0 for the value label of a perfect score.
const X_AXIS_END: f64 = 1.1;

/// Bar colours, one per dataset in the order given (Tableau 10's first: the blue and the orange
/// of two datasets stay apart for the common colour vision deficiencies).
const DATASET_COLOURS: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
];
/// Reference line colours, apart from the bars' ones.
const ANCHOR_COLOURS: [RGBColor; 4] =
    [RGBColor(214, 39, 40), RGBColor(60, 60, 60), RGBColor(140, 86, 75), RGBColor(23, 190, 207)];

/// Draws nDCG@10 per search configuration from `trouvaille eval --json` outputs.
#[derive(Parser)]
struct Arguments {
    /// The SVG file to write.
    #[arg(long, default_value = "benches/relevance.svg")]
    out: PathBuf,
    /// A dashed reference line at VALUE (an nDCG@10), named LABEL in the legend: another
    /// engine's figure on the same queries (repeatable).
    #[arg(long = "anchor", value_name = "LABEL=VALUE")]
    anchors: Vec<Anchor>,
    /// The chart's title.
    #[arg(long, default_value = "Trouvaille: nDCG@10 per search configuration (dev queries)")]
    title: String,
    /// One dataset's output of `trouvaille eval --json`, named LABEL in the legend (one bar
    /// colour each).
    #[arg(value_name = "LABEL=PATH", required = true)]
    datasets: Vec<DatasetArgument>,
}

/// `LABEL=PATH` on the command line.
#[derive(Clone)]
struct DatasetArgument {
    label: String,
    path: PathBuf,
}

impl FromStr for DatasetArgument {
    type Err = String;

    /// Splits at the first `=`, since a path may hold one and a label seldom does.
    fn from_str(argument: &str) -> Result<Self, Self::Err> {
        match argument.split_once('=') {
            Some((label, path)) if !label.is_empty() && !path.is_empty() => {
                Ok(DatasetArgument { label: label.to_string(), path: PathBuf::from(path) })
            }
            _ => {
                Err(format!("expected LABEL=PATH (e.g. frdocs=/tmp/frdocs.json), got {argument:?}"))
            }
        }
    }
}

/// A reference value from elsewhere, `LABEL=VALUE` on the command line.
#[derive(Clone)]
struct Anchor {
    label: String,
    value: f64,
}

impl FromStr for Anchor {
    type Err = String;

    /// Splits at the last `=`, since a label may hold one and a number does not.
    fn from_str(argument: &str) -> Result<Self, Self::Err> {
        let form = "LABEL=VALUE with VALUE from 0 to 1 (e.g. \"Lucene=0.776\")";
        let expected = || format!("expected {form}, got {argument:?}");
        let (label, value) = argument.rsplit_once('=').ok_or_else(expected)?;
        let value: f64 = value.trim().parse().map_err(|_| expected())?;
        if label.is_empty() || !(0.0..=1.0).contains(&value) {
            return Err(expected());
        }
        Ok(Anchor { label: label.to_string(), value })
    }
}

/// The part of the output of `trouvaille eval --json` that the chart shows.
#[derive(Deserialize)]
struct EvaluationReport {
    configs: Vec<ConfigurationResult>,
}

#[derive(Deserialize)]
struct ConfigurationResult {
    name: String,
    mean: MeanMetrics,
}

#[derive(Deserialize)]
struct MeanMetrics {
    ndcg_at_10: f64,
}

/// One dataset's nDCG@10 by configuration name, and its configurations in the file's order.
struct Dataset {
    label: String,
    configurations: Vec<String>,
    ndcg_at_10: HashMap<String, f64>,
}

impl Dataset {
    fn read(argument: &DatasetArgument) -> anyhow::Result<Dataset> {
        let path = &argument.path;
        let text = std::fs::read_to_string(path).with_context(|| {
            format!("reading {} (dataset {:?})", path.display(), argument.label)
        })?;
        let report: EvaluationReport = serde_json::from_str(&text).with_context(|| {
            format!("{} is not the output of `trouvaille eval --json`", path.display())
        })?;
        anyhow::ensure!(
            !report.configs.is_empty(),
            "{} holds no configuration's results",
            path.display()
        );
        Ok(Dataset {
            label: argument.label.clone(),
            configurations: report.configs.iter().map(|result| result.name.clone()).collect(),
            ndcg_at_10: report
                .configs
                .into_iter()
                .map(|result| (result.name, result.mean.ndcg_at_10))
                .collect(),
        })
    }
}

fn main() -> ExitCode {
    match run(Arguments::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("relevance_chart: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(arguments: Arguments) -> anyhow::Result<()> {
    let datasets =
        arguments.datasets.iter().map(Dataset::read).collect::<anyhow::Result<Vec<_>>>()?;
    draw(&arguments.out, &arguments.title, &datasets, &arguments.anchors)
        .with_context(|| format!("drawing {}", arguments.out.display()))?;
    println!("wrote {}", arguments.out.display());
    Ok(())
}

/// The configurations of the first dataset in its order, then those only later ones hold.
fn configuration_order(datasets: &[Dataset]) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    for dataset in datasets {
        for name in &dataset.configurations {
            if !order.contains(name) {
                order.push(name.clone());
            }
        }
    }
    order
}

/// One entry of the legend: a dataset's bar colour or a reference line.
struct LegendEntry {
    label: String,
    colour: RGBColor,
    is_line: bool,
}

impl LegendEntry {
    /// Estimated width in pixels: the swatch, the text, and the space before the next entry.
    fn width(&self) -> u32 {
        (30.0 + self.label.chars().count() as f64 * LABEL_CHARACTER_WIDTH + 28.0) as u32
    }
}

/// The legend's entries laid out in rows that fit the width: `(row, x offset, entry)`.
fn legend_layout(entries: &[LegendEntry]) -> Vec<(u32, u32, &LegendEntry)> {
    let available = WIDTH - 2 * MARGIN;
    let (mut row, mut x) = (0, 0);
    let mut placed = Vec::new();
    for entry in entries {
        if x > 0 && x + entry.width() > available {
            row += 1;
            x = 0;
        }
        placed.push((row, x, entry));
        x += entry.width();
    }
    placed
}

fn draw(out: &Path, title: &str, datasets: &[Dataset], anchors: &[Anchor]) -> anyhow::Result<()> {
    let configurations = configuration_order(datasets);
    let legend_entries: Vec<LegendEntry> = datasets
        .iter()
        .zip(DATASET_COLOURS.iter().cycle())
        .map(|(dataset, colour)| LegendEntry {
            label: dataset.label.clone(),
            colour: *colour,
            is_line: false,
        })
        .chain(anchors.iter().zip(ANCHOR_COLOURS.iter().cycle()).map(|(anchor, colour)| {
            LegendEntry {
                label: format!("{}: {:.3}", anchor.label, anchor.value),
                colour: *colour,
                is_line: true,
            }
        }))
        .collect();
    let legend = legend_layout(&legend_entries);
    let legend_rows = legend.last().map_or(0, |(row, _, _)| row + 1);
    let header_height = MARGIN + TITLE_HEIGHT + legend_rows * LEGEND_ROW_HEIGHT + 8;
    let group_height = datasets.len() as u32 * BAR_HEIGHT + GROUP_GAP;
    let height =
        header_height + configurations.len() as u32 * group_height + X_AXIS_HEIGHT + MARGIN;

    let root = titled_canvas(out, (WIDTH, height), title)?;
    let label_font = label_font();
    for (row, x, entry) in legend {
        let left = (MARGIN + x) as i32;
        let middle = legend_row_centre(row);
        if entry.is_line {
            root.draw(&DashedPathElement::new(
                vec![(left, middle), (left + 24, middle)],
                6,
                3,
                entry.colour.stroke_width(2),
            ))?;
        } else {
            root.draw(&Rectangle::new(
                [(left + 4, middle - 7), (left + 20, middle + 7)],
                entry.colour.filled(),
            ))?;
        }
        root.draw(&Text::new(
            entry.label.clone(),
            (left + 30, middle),
            label_font.color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }

    let (_, chart_area) = root.split_vertically(header_height);
    let longest_name = configurations.iter().map(|name| name.chars().count()).max().unwrap_or(0);
    let name_area_width = (longest_name as f64 * LABEL_CHARACTER_WIDTH) as u32 + 20;
    // Configuration i (from the top) occupies y from n − i − 1 to n − i: plotters' y goes up.
    let group_count = configurations.len() as f64;
    let group_top = |index: usize| group_count - index as f64;
    let centres: Vec<f64> = (0..configurations.len()).map(|index| group_top(index) - 0.5).collect();
    let ticks: Vec<f64> = (0..=10).map(|tenth| f64::from(tenth) / 10.0).collect();
    let mut chart = ChartBuilder::on(&chart_area)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .x_label_area_size(X_AXIS_HEIGHT)
        .y_label_area_size(name_area_width)
        .build_cartesian_2d(
            TickedAxis { range: 0.0..X_AXIS_END, ticks, scale: Scale::Linear },
            TickedAxis { range: 0.0..group_count, ticks: centres, scale: Scale::Linear },
        )?;
    let name_of_centre = |centre: &f64| {
        let index = (group_count - centre).floor() as usize;
        configurations.get(index).cloned().unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(BLACK.mix(0.12))
        .x_label_formatter(&|value| format!("{value:.1}"))
        .y_label_formatter(&name_of_centre)
        .x_desc("nDCG@10 (mean over the judged queries)")
        .label_style(label_font.clone())
        .axis_desc_style(label_font.clone())
        .draw()?;

    // Reference lines first: bars and value labels are drawn over them.
    for (anchor, colour) in anchors.iter().zip(ANCHOR_COLOURS.iter().cycle()) {
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(anchor.value, 0.0), (anchor.value, group_count)],
            6,
            3,
            colour.stroke_width(2),
        )))?;
    }
    let bar_share = f64::from(BAR_HEIGHT) / f64::from(group_height);
    let gap_share = f64::from(GROUP_GAP) / f64::from(group_height);
    for (dataset_index, (dataset, colour)) in
        datasets.iter().zip(DATASET_COLOURS.iter().cycle()).enumerate()
    {
        for (index, name) in configurations.iter().enumerate() {
            let top = group_top(index) - gap_share / 2.0 - dataset_index as f64 * bar_share;
            let bottom = top - bar_share;
            let middle = (top + bottom) / 2.0;
            let value_style = label_font.color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center));
            let Some(&value) = dataset.ndcg_at_10.get(name) else {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((0.0, middle))
                        + Text::new("not evaluated", (4, 0), value_style.color(&BLACK.mix(0.5))),
                ))?;
                continue;
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, bottom), (value, top)],
                colour.filled(),
            )))?;
            let label = format!("{value:.3}");
            let label_width = (label.len() as f64 * LABEL_CHARACTER_WIDTH) as i32;
            let half_bar = (BAR_HEIGHT / 2) as i32;
            // The white ground keeps the label readable where a reference line crosses it.
            chart.draw_series(std::iter::once(
                EmptyElement::at((value, middle))
                    + Rectangle::new([(2, -half_bar), (label_width + 8, half_bar)], WHITE.filled())
                    + Text::new(label, (4, 0), value_style),
            ))?;
        }
    }
    root.present()?;
    Ok(())
}

//! What the charts of `examples/` share: one house style (sizes, fonts, a title band) and an
//! axis whose ticks the chart chooses, linear or logarithmic. Each chart uses part of it.
#![allow(dead_code)]

use std::ops::Range;
use std::path::Path;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Height of the title band, in pixels.
pub const TITLE_HEIGHT: u32 = 46;
/// Height of one row of the legend, in pixels.
pub const LEGEND_ROW_HEIGHT: u32 = 24;
/// Space around the chart, in pixels.
pub const MARGIN: u32 = 16;
/// Font size of labels as plotters counts it (the SVG gets this divided by 1.24).
pub const LABEL_FONT_SIZE: f64 = 17.0;
/// Font size of the title as plotters counts it.
pub const TITLE_FONT_SIZE: f64 = 25.0;

/// The font of labels, legends and axis descriptions.
pub fn label_font() -> FontDesc<'static> {
    ("sans-serif", LABEL_FONT_SIZE).into_font()
}

/// A white SVG canvas of `size` with `title` centred in its title band.
pub fn titled_canvas<'a>(
    out: &'a Path,
    size: (u32, u32),
    title: &str,
) -> anyhow::Result<DrawingArea<SVGBackend<'a>, Shift>> {
    let root = SVGBackend::new(out, size).into_drawing_area();
    root.fill(&WHITE)?;
    let title_font = ("sans-serif", TITLE_FONT_SIZE).into_font().style(FontStyle::Bold);
    root.draw(&Text::new(
        title.to_string(),
        ((size.0 / 2) as i32, (MARGIN + TITLE_HEIGHT / 2) as i32),
        title_font.color(&BLACK).pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    Ok(root)
}

/// The vertical centre of legend row `row`, under the title band.
pub fn legend_row_centre(row: u32) -> i32 {
    (MARGIN + TITLE_HEIGHT + row * LEGEND_ROW_HEIGHT + LEGEND_ROW_HEIGHT / 2) as i32
}

/// How values are laid along an axis.
#[derive(Clone, Copy)]
pub enum Scale {
    /// In proportion to their difference.
    Linear,
    /// In proportion to their ratio (a million beside five thousand).
    Logarithmic,
}

/// An axis with its ticks where the chart puts them. (Plotters' `with_key_points` would do,
/// but loses the number formatting its mesh needs.)
pub struct TickedAxis {
    /// The values the axis spans.
    pub range: Range<f64>,
    /// Where its ticks and labels go.
    pub ticks: Vec<f64>,
    /// How values are laid along it.
    pub scale: Scale,
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let position = |value: f64| match self.scale {
            Scale::Linear => value,
            Scale::Logarithmic => value.ln(),
        };
        let (low, high) = (position(self.range.start), position(self.range.end));
        let share = (position(*value) - low) / (high - low);
        limit.0 + (share * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

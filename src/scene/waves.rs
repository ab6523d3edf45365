//! Figures of change between survey waves.
//!
//! [`build_panels`] draws small multiples: one panel per wave, side by side, every panel on
//! the same positions (computed once on the ties of all waves, or [`crate::layout::anchored`]), so
//! that a person sits at the same spot in each and change is what moves the eye. A panel
//! draws its own wave's ties and node styles (an isolate ring appears only in the waves in
//! which the person had no tie) and compares its ties with the previous panel's: ties in
//! both are *kept* (grey), new ones *gained* (blue, wider) and the previous panel's ties
//! that are gone are drawn *lost* (vermillion, dashed, faint), so the difference reads in
//! greyscale print too. Title, caption and one legend serve all panels.
//!
//! [`transition`] gives the same classes as data, for animating from one wave to another
//! on the workbench canvas (see [`TieClass::opacity_at`]).
//!
//! Ties are compared as drawn: one line per pair of nodes (see [`super::tie_pairs`]), so a
//! directed tie whose direction changed counts as kept (its arrowheads change).

use std::collections::BTreeMap;

use super::build::{
    self, CAPTION, Domains, HEADING, MARGIN, Panel, Row, Swatch, draw_legend,
    draw_title_and_caption, legend_columns, legend_width, row_heights,
};
use super::change::{TieChange, TieClass};
use super::view::View;
use super::{Anchor, NodeMetrics, Scene, SceneError, Shape, Stroke, metrics_input, palette, text};
use crate::layout::{Layout, Point, Rect};
use crate::model::{NodeId, Study};
use crate::privacy::Pseudonyms;
use crate::waves;

/// The study as it was in `wave`, as [`crate::waves::wave_view`] gives it: every node in
/// the same order (so positions and node indices carry over), only that wave's ties (a tie
/// without a wave is in none), and attributes measured per wave (`NAME@WAVE`) under their
/// plain name with that wave's values.
pub fn wave_study(study: &Study, wave: &str) -> Result<Study, SceneError> {
    // The one place that decides what a wave holds: the waves module's view of it, so that
    // a figure shows a wave as the workbench does.
    waves::wave_view(study, wave).map_err(|_| unknown_wave(study, wave))
}

fn unknown_wave(study: &Study, wave: &str) -> SceneError {
    let known = waves::wave_names(study);
    SceneError::UnknownWave {
        name: wave.to_string(),
        known: if known.is_empty() {
            "none: the network has no wave column".to_string()
        } else {
            known.join(", ")
        },
    }
}

/// The waves a comma-separated list names (`all` for every wave of the study, in the
/// study's order), checked against the study; an unknown name is an error that lists the
/// known ones.
pub fn parse_waves(study: &Study, spec: &str) -> Result<Vec<String>, SceneError> {
    let known = waves::wave_names(study);
    if spec.trim().eq_ignore_ascii_case("all") {
        if known.is_empty() {
            return Err(unknown_wave(study, "all"));
        }
        return Ok(known);
    }
    let names: Vec<String> = spec
        .split(',')
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    if names.is_empty() {
        return Err(unknown_wave(study, spec.trim()));
    }
    for w in &names {
        if !known.contains(w) {
            return Err(unknown_wave(study, w));
        }
    }
    Ok(names)
}

/// Tied pairs (smaller index first), sorted.
fn pairs(study: &Study) -> Vec<(usize, usize)> {
    build::tie_pairs(study).iter().map(|p| (p.a, p.b)).collect()
}

/// How the drawn ties changed from `before` to `after` (two studies with the same nodes),
/// sorted by pair.
pub fn changes(before: &Study, after: &Study) -> Vec<TieChange> {
    let (a, b) = (pairs(before), pairs(after));
    let mut out: Vec<TieChange> = Vec::with_capacity(a.len().max(b.len()));
    let change = |(s, t): (usize, usize), class| TieChange {
        source: NodeId(s as u32),
        target: NodeId(t as u32),
        class,
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                out.push(change(x, TieClass::Kept));
                i += 1;
                j += 1;
            }
            (Some(&x), Some(&y)) if x < y => {
                out.push(change(x, TieClass::Lost));
                i += 1;
            }
            (Some(&x), None) => {
                out.push(change(x, TieClass::Lost));
                i += 1;
            }
            (_, Some(&y)) => {
                out.push(change(y, TieClass::Gained));
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// The drawn ties of waves `wave_a` and `wave_b` of `study`, each classed kept, gained or
/// lost, sorted by pair: the data of an animated transition.
///
/// To animate from `wave_a` (`t = 0`) to `wave_b` (`t = 1`), draw every change's line
/// with its normal style times [`TieClass::opacity_at`]`(t)`: kept ties stay, gained ties
/// fade in and lost ties fade out. Node styles can switch at `t = 0.5`.
pub fn transition(study: &Study, wave_a: &str, wave_b: &str) -> Result<Vec<TieChange>, SceneError> {
    Ok(changes(
        &wave_study(study, wave_a)?,
        &wave_study(study, wave_b)?,
    ))
}

/// What one panel of a [`WaveFigure`] shows, for tests and for callers that add to it.
#[derive(Debug, Clone, PartialEq)]
pub struct WavePanel {
    /// The wave's name, the panel's heading.
    pub wave: String,
    /// The panel's area on the page, heading included.
    pub frame: Rect,
    /// The area its network is fitted into.
    pub plot: Rect,
    /// Each node's centre on the page, in node order (hidden nodes too).
    pub centres: Vec<Point>,
    /// The panel's drawn ties and, from the second panel on, the previous panel's lost
    /// ones, classed against the previous panel (every tie of the first panel is kept),
    /// sorted by pair.
    pub ties: Vec<TieChange>,
    /// People and places with no tie in this wave.
    pub isolates: Vec<NodeId>,
}

/// A small-multiples figure: the scene and what each panel holds.
#[derive(Debug, Clone, PartialEq)]
pub struct WaveFigure {
    /// The figure to render.
    pub scene: Scene,
    /// One per wave, in the order asked for.
    pub panels: Vec<WavePanel>,
}

/// Where the shared legend goes: the panels' area, the legend's top-right corner, its
/// greatest height (longer legends wrap into more columns), its column width, and whether
/// it sits below the panels.
struct LegendPlace {
    area: Rect,
    at: Point,
    max_h: f32,
    col: f32,
    /// Its height at most.
    h: f32,
    below: bool,
}

/// The line of counts under a panel's heading: "11 ties (4 gained, 3 lost) · 1 isolate".
fn count_line(ties: &[TieChange], isolates: usize, compared: bool) -> String {
    let count = |c: TieClass| ties.iter().filter(|t| t.class == c).count();
    let tied = ties.len() - count(TieClass::Lost);
    let mut line = format!("{tied} {}", if tied == 1 { "tie" } else { "ties" });
    if compared {
        line.push_str(&format!(
            " ({} gained, {} lost)",
            count(TieClass::Gained),
            count(TieClass::Lost)
        ));
    }
    line.push_str(&format!(
        " \u{b7} {isolates} {}",
        if isolates == 1 { "isolate" } else { "isolates" }
    ));
    line
}

/// One panel drawn into its cell, before it joins the page.
struct DrawnPanel {
    scene: Scene,
    legend: Vec<Row>,
    centres: Vec<Point>,
    frame: Rect,
    plot: Rect,
}

/// Drawn pairs (smaller index first) and their class.
type Classes = BTreeMap<(usize, usize), TieClass>;

/// Tied pairs of the later wave with their class, and the pairs lost, from `changes`.
fn split_changes(changes: &[TieChange]) -> (Classes, Vec<(usize, usize)>) {
    let pair = |c: &TieChange| (c.source.index(), c.target.index());
    let classes = changes
        .iter()
        .filter(|c| c.class != TieClass::Lost)
        .map(|c| (pair(c), c.class))
        .collect();
    let lost = changes
        .iter()
        .filter(|c| c.class == TieClass::Lost)
        .map(pair)
        .collect();
    (classes, lost)
}

/// Panel grid for `k` panels: columns and rows (1×2 for two, 1×3 for three, 2×2 for four,
/// then as square as possible).
pub fn grid(k: usize) -> (usize, usize) {
    match k {
        0 | 1 => (1, 1),
        2 | 3 => (k, 1),
        _ => {
            let cols = (k as f64).sqrt().ceil() as usize;
            (cols, k.div_ceil(cols))
        }
    }
}

/// The counts sentence of a waves figure's automatic caption: "n = 12 nodes; 2 waves
/// (baseline, interim), each panel showing that wave's ties", with what the filters show.
/// (Tie counts differ by wave, so each panel's heading carries its own.)
pub fn counts_sentence(study: &Study, view: &View, waves: &[String]) -> String {
    format!(
        "n = {}; {} {} ({}), each panel showing that wave's ties{}{}",
        build::node_counts(study),
        waves.len(),
        if waves.len() == 1 { "wave" } else { "waves" },
        waves.join(", "),
        if study.directed { " (directed)" } else { "" },
        build::filters_phrase(view)
    )
}

/// Text of a legend row without its count: "Isolate (no ties) (3)" -> "Isolate (no ties)".
fn without_count(s: &str) -> &str {
    if let Some(open) = s.rfind(" (")
        && let Some(inner) = s[open + 2..].strip_suffix(')')
        && !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_digit())
    {
        return &s[..open];
    }
    s
}

/// One legend for all panels: rows in the order they first appear, counts kept where every
/// panel has the same one and dropped where they differ (the panels' own lines say how
/// many isolates each wave has).
fn merge_legends(per_panel: &[Vec<Row>]) -> Vec<Row> {
    let key = |r: &Row| without_count(&r.text).to_string();
    let mut merged: Vec<Row> = Vec::new();
    for rows in per_panel {
        let mut at = 0usize;
        for r in rows {
            match merged.iter().position(|m| key(m) == key(r)) {
                Some(p) => at = p + 1,
                None => {
                    merged.insert(at, r.clone());
                    at += 1;
                }
            }
        }
    }
    for m in &mut merged {
        let k = key(m);
        let same = per_panel
            .iter()
            .all(|rows| rows.iter().any(|r| r.text == m.text));
        if !same {
            m.text = k;
        }
    }
    merged
}

/// The legend rows explaining tie classes.
fn tie_class_rows(u: f32, first: &str) -> Vec<Row> {
    vec![
        Row {
            swatch: Swatch::Heading,
            text: "Ties vs previous wave".into(),
        },
        Row {
            swatch: Swatch::Line(Stroke::solid(palette::TIE_KEPT, 0.8 * u)),
            text: format!("Kept (all ties in {first})"),
        },
        Row {
            swatch: Swatch::Line(build::gained_stroke(u)),
            text: "Gained".into(),
        },
        Row {
            swatch: Swatch::Line(build::lost_stroke(u)),
            text: "Lost (dashed)".into(),
        },
    ]
}

/// Draws one panel per wave of `waves` side by side (see the module docs), with the
/// view's title, caption, filters, colours, highlights and anonymising. `layouts` holds one
/// layout shared by every panel (computed on the whole study), or one per wave in order
/// ([`crate::layout::anchored`]); a missing one reuses the last. Metrics (degree, isolates, ...)
/// are computed per wave; numeric colour and size scales span all panels so they mean the
/// same in each; labels rank people over all waves together, so each panel names the same
/// people (where their label fits). Callouts are drawn in the last panel.
pub fn build_panels(
    study: &Study,
    layouts: &[Layout],
    view: &View,
    waves: &[String],
) -> Result<WaveFigure, SceneError> {
    build_panels_blended(study, layouts, view, waves, None)
}

/// What a frame of an animation between two waves adds to the one-panel figure of one of
/// them (see [`transition_scene`]).
struct Blend {
    /// Both waves: they set the shared box and the colour and size scales, so that nothing
    /// moves or changes colour from frame to frame.
    pool: Vec<Study>,
    /// The panel's wave with the ties of the other wave that it lacks added, drawn in its
    /// place; `None` draws the wave as it is.
    drawn: Option<Study>,
    /// Opacity multipliers of the ties that change, by pair (smaller index first).
    opacity: BTreeMap<(usize, usize), f32>,
}

/// One frame of the animated transition from wave `wave_a` (`t = 0`) to `wave_b`
/// (`t = 1`) on `layout`'s positions: a one-panel waves figure in which kept ties stay,
/// ties gained fade in and ties lost fade out ([`TieClass::opacity_at`]). The panel's
/// heading, counts and node styles are those of `wave_a` until `t = 0.5` and of `wave_b`
/// from then on. At `t = 0` and `t = 1` the frame is exactly that wave's figure, drawn
/// on the box and colour scales of both waves (so people stay in place throughout).
pub fn transition_scene(
    study: &Study,
    layout: &Layout,
    view: &View,
    wave_a: &str,
    wave_b: &str,
    t: f32,
) -> Result<Scene, SceneError> {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let first = t < 0.5;
    let (base, other) = if first {
        (wave_a, wave_b)
    } else {
        (wave_b, wave_a)
    };
    let pool = vec![wave_study(study, wave_a)?, wave_study(study, wave_b)?];
    let changes = changes(&pool[0], &pool[1]);
    let opacity: BTreeMap<(usize, usize), f32> = changes
        .iter()
        .filter(|c| c.class != TieClass::Kept)
        .map(|c| ((c.source.index(), c.target.index()), c.class.opacity_at(t)))
        .collect();
    // The other wave's ties that the base wave lacks, fading, except at the very ends
    // where they are invisible and the frame is the base wave's figure unchanged.
    let drawn = if t > 0.0 && t < 1.0 {
        let missing = if first {
            TieClass::Gained
        } else {
            TieClass::Lost
        };
        let pairs: std::collections::BTreeSet<(usize, usize)> = changes
            .iter()
            .filter(|c| c.class == missing)
            .map(|c| (c.source.index(), c.target.index()))
            .collect();
        let mut drawn = wave_study(study, base)?;
        for tie in wave_study(study, other)?.ties() {
            let (a, b) = (tie.source.index(), tie.target.index());
            if pairs.contains(&(a.min(b), a.max(b))) {
                // Both ends exist (the same nodes in every wave), so this cannot fail.
                let _ = drawn.add_tie(*tie);
            }
        }
        Some(drawn)
    } else {
        None
    };
    let blend = Blend {
        pool,
        drawn,
        opacity,
    };
    build_panels_blended(
        study,
        std::slice::from_ref(layout),
        view,
        &[base.to_string()],
        Some(&blend),
    )
    .map(|f| f.scene)
}

fn build_panels_blended(
    study: &Study,
    layouts: &[Layout],
    view: &View,
    waves: &[String],
    blend: Option<&Blend>,
) -> Result<WaveFigure, SceneError> {
    if waves.is_empty() {
        return Err(unknown_wave(study, ""));
    }
    let studies: Vec<Study> = waves
        .iter()
        .map(|w| wave_study(study, w))
        .collect::<Result<_, _>>()?;
    let empty = Layout::default();
    let layout_of = |k: usize| layouts.get(k).or_else(|| layouts.last()).unwrap_or(&empty);
    let full = view.needs_full_metrics();
    // Labels go to the same people in every panel: ranked over all waves together.
    let union_metrics = metrics_input::compute(study, full);
    let metrics: Vec<_> = studies
        .iter()
        .map(|s| metrics_input::compute(s, full))
        .collect();

    let pool: &[Study] = blend.map_or(&[], |b| &b.pool);
    let (domains, bbox) = shared_domains_and_box(&studies, &metrics, pool, full, view, &layout_of)?;

    // Page furniture, as for a single figure: title on top, caption below, legend right.
    let (width, height) = view.canvas.size();
    let u = view.canvas.unit();
    let margin = MARGIN * u;
    let names = Pseudonyms::new(study);
    let scrub = |s: &str| names.shown_text(s, view.anonymise).into_owned();
    let title = view.title.as_deref().map(&scrub);
    let caption = scrub(&view.caption.clone().unwrap_or_else(|| {
        format!(
            "{}. {}",
            counts_sentence(study, view, waves),
            if layouts.len() > 1 {
                "Each wave laid out from the previous one's positions."
            } else {
                "Positions shared by all panels."
            }
        )
    }));
    let build::Furniture {
        content_w,
        top,
        title_lines,
        caption_lines,
        caption_h,
        bottom,
    } = build::furniture(title.as_deref(), &caption, width, height, margin, u);

    // Panel headings: the wave's name, then a line of counts.
    let head_size = HEADING * 1.3 * u;
    let count_size = CAPTION * u;
    let head_h_of = |count_lines: usize| {
        head_size * 1.3 + count_size * (0.3 + 1.2 * count_lines as f32) + 4.0 * u
    };
    let gap = 14.0 * u;

    // The panels' legend rows come first (without drawing); the legend's size then fixes the
    // panel area and the panels are drawn.
    let cells = |area: Rect, head_h: f32| panel_cells(waves.len(), gap, area, head_h);
    // Each panel's ties against the previous panel's (the first panel's are all kept).
    let steps: Vec<Vec<TieChange>> = (0..studies.len())
        .map(|k| match k.checked_sub(1) {
            None => changes(&studies[0], &studies[0]),
            Some(prev) => changes(&studies[prev], &studies[k]),
        })
        .collect();
    let draw =
        |area: Rect, head_h: f32, legend_only: bool| -> Result<Vec<DrawnPanel>, SceneError> {
            let mut out = Vec::with_capacity(waves.len());
            for (k, (frame, plot)) in cells(area, head_h).into_iter().enumerate() {
                let (classes, lost) = split_changes(&steps[k]);
                let panel = Panel {
                    plot,
                    bbox,
                    domains: &domains,
                    classes: &classes,
                    lost: &lost,
                    callouts: k + 1 == waves.len(),
                    label_metrics: &union_metrics,
                    legend_only,
                    tie_opacity: blend.map(|b| &b.opacity),
                };
                let drawn = blend.and_then(|b| b.drawn.as_ref()).unwrap_or(&studies[k]);
                let (scene, legend, centres) =
                    build::build_inner(drawn, layout_of(k), &metrics[k], view, Some(&panel))?;
                out.push(DrawnPanel {
                    scene,
                    legend,
                    centres,
                    frame,
                    plot,
                });
            }
            Ok(out)
        };
    let full_area = Rect {
        min: Point::new(margin, top),
        max: Point::new(width - margin, bottom),
    };
    let legend: Vec<Row> = if view.legend {
        let provisional = draw(full_area, head_h_of(1), true)?;
        let per_panel: Vec<Vec<Row>> = provisional.into_iter().map(|p| p.legend).collect();
        let mut rows = merge_legends(&per_panel);
        if waves.len() > 1 {
            rows.extend(tie_class_rows(u, &waves[0]));
        }
        rows
    } else {
        Vec::new()
    };

    let page = PageGeometry {
        width,
        margin,
        top,
        bottom,
        content_w,
        gap,
        u,
    };
    let scale_in = |area: Rect| {
        cells(area, head_h_of(1)).first().map_or(0.0, |(_, plot)| {
            (plot.width() / bbox.width().max(1e-3)).min(plot.height() / bbox.height().max(1e-3))
        })
    };
    let mut place = place_legend(&legend, full_area, &page, &scale_in);
    let mut area = place.area;

    // Count lines, wrapped onto as many lines as a narrow panel needs (never cut off).
    let cell_w = cells(area, head_h_of(1))
        .first()
        .map_or(content_w, |(f, _)| f.width());
    let count_lines = count_lines_of(&steps, &metrics, count_size, cell_w);
    let most_lines = count_lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let head_h = head_h_of(most_lines);

    // Panels as tall as the network needs (a wide network in narrow panels would float in
    // empty space), the legend and caption close under them, and the whole figure centred
    // on the page.
    if let Some((_, plot)) = cells(area, head_h).first() {
        let (bw, bh) = (bbox.width().max(1e-3), bbox.height().max(1e-3));
        let need = bh * (plot.width() / bw).min(plot.height() / bh) + 1.0 * u;
        let rows = grid(waves.len()).1 as f32;
        area.max.y -= (plot.height() - need).max(0.0) * rows;
    }
    let (shift, content_bottom) =
        centre_on_page(&mut area, &mut place, legend.is_empty(), bottom, gap);
    let caption_top = (content_bottom + shift + 6.0 * u).min(height - margin - caption_h);
    let drawn = draw(area, head_h, false)?;

    let heads = Heads {
        waves,
        steps: &steps,
        metrics: &metrics,
        count_lines: &count_lines,
        head_size,
        count_size,
    };
    let (mut shapes, panels, labels_dropped, base) = heads.draw(drawn, bbox, u);

    if !legend.is_empty() {
        draw_legend(
            &mut shapes,
            &legend,
            place.at.x,
            place.at.y,
            place.col,
            place.max_h,
            base,
            u,
        );
    }
    draw_title_and_caption(
        &mut shapes,
        &title_lines,
        &caption_lines,
        margin,
        shift + margin,
        caption_top,
        u,
    );
    Ok(WaveFigure {
        scene: Scene {
            canvas: view.canvas,
            width,
            height,
            title,
            shapes,
            labels_dropped,
        },
        panels,
    })
}

/// The frame and plot area of each of `n` panels laid out in a grid in `area`, `gap` apart,
/// with `head_h` above each plot for its heading.
fn panel_cells(n: usize, gap: f32, area: Rect, head_h: f32) -> Vec<(Rect, Rect)> {
    let (cols, rows) = grid(n);
    let cw = (area.width() - gap * (cols as f32 - 1.0)) / cols as f32;
    let ch = (area.height() - gap * (rows as f32 - 1.0)) / rows as f32;
    (0..n)
        .map(|k| {
            let (c, r) = ((k % cols) as f32, (k / cols) as f32);
            let min = Point::new(area.min.x + c * (cw + gap), area.min.y + r * (ch + gap));
            let frame = Rect {
                min,
                max: Point::new(min.x + cw, min.y + ch),
            };
            let plot = Rect {
                min: Point::new(min.x, min.y + head_h),
                max: frame.max,
            };
            (frame, plot)
        })
        .collect()
}

/// Each panel's line of counts, wrapped onto as many lines as a panel `cell_w` wide needs.
fn count_lines_of(
    steps: &[Vec<TieChange>],
    metrics: &[NodeMetrics],
    count_size: f32,
    cell_w: f32,
) -> Vec<Vec<String>> {
    (0..steps.len())
        .map(|k| {
            let line = count_line(&steps[k], metrics[k].isolates.len(), k > 0);
            text::wrap(&line, count_size, false, cell_w)
        })
        .collect()
}

/// Puts a legend below the panels right under them, and moves panels and legend down to
/// centre them between title and caption (`bottom` is the caption's top); returns the
/// shift and where the content ends before it.
fn centre_on_page(
    area: &mut Rect,
    place: &mut LegendPlace,
    no_legend: bool,
    bottom: f32,
    gap: f32,
) -> (f32, f32) {
    if place.below {
        place.at.y = area.max.y + gap;
    }
    let content_bottom = if no_legend {
        area.max.y
    } else {
        area.max.y.max(place.at.y + place.h)
    };
    let shift = ((bottom - content_bottom) * 0.5).max(0.0);
    area.min.y += shift;
    area.max.y += shift;
    place.at.y += shift;
    (shift, content_bottom)
}

/// The panels' headings (the wave's name, a rule, the line of counts) with the panels'
/// networks under them.
struct Heads<'a> {
    waves: &'a [String],
    steps: &'a [Vec<TieChange>],
    metrics: &'a [NodeMetrics],
    count_lines: &'a [Vec<String>],
    head_size: f32,
    count_size: f32,
}

impl Heads<'_> {
    /// The shapes of every panel with its heading, what each panel holds, the labels left
    /// out, and the node scale the panels share.
    fn draw(
        &self,
        drawn: Vec<DrawnPanel>,
        bbox: Rect,
        u: f32,
    ) -> (Vec<Shape>, Vec<WavePanel>, usize, f32) {
        let mut shapes: Vec<Shape> = Vec::new();
        let mut panels: Vec<WavePanel> = Vec::with_capacity(self.waves.len());
        let mut labels_dropped = 0;
        // Every panel has the same plot size and box, so the same node scale.
        let base = drawn.first().map_or(3.0 * u, |d| {
            let plot = d.plot;
            let (bw, bh) = (bbox.width().max(1e-3), bbox.height().max(1e-3));
            build::node_base((plot.width() / bw).min(plot.height() / bh).max(1e-6), u)
        });
        for (k, d) in drawn.into_iter().enumerate() {
            let DrawnPanel {
                scene,
                centres,
                frame,
                plot,
                ..
            } = d;
            labels_dropped += scene.labels_dropped;
            let m = &self.metrics[k];
            let ties = &self.steps[k];
            // A thin rule separates the heading from the network.
            shapes.push(Shape::Line {
                from: Point::new(frame.min.x, plot.min.y - 2.0 * u),
                to: Point::new(frame.max.x, plot.min.y - 2.0 * u),
                stroke: Stroke::solid(palette::FRAME, 0.5 * u),
                opacity: 1.0,
            });
            shapes.push(Shape::Text {
                at: Point::new(frame.min.x, frame.min.y + self.head_size),
                text: build::fit_text(&self.waves[k], self.head_size, true, frame.width()),
                size: self.head_size,
                bold: true,
                anchor: Anchor::Start,
                color: palette::TEXT,
            });
            for (j, l) in self.count_lines[k].iter().enumerate() {
                shapes.push(Shape::Text {
                    at: Point::new(
                        frame.min.x,
                        frame.min.y
                            + self.head_size * 1.3
                            + self.count_size * (1.2 + 1.2 * j as f32),
                    ),
                    text: l.clone(),
                    size: self.count_size,
                    bold: false,
                    anchor: Anchor::Start,
                    color: palette::MUTED,
                });
            }
            shapes.extend(scene.shapes);
            panels.push(WavePanel {
                wave: self.waves[k].clone(),
                frame,
                plot,
                centres,
                ties: ties.clone(),
                isolates: m.isolates.clone(),
            });
        }
        (shapes, panels, labels_dropped, base)
    }
}

/// Colour and size rules take their classes from the values of all panels (and of both
/// waves of an animation, `pool`); one box around what any panel draws, so positions line
/// up across panels.
fn shared_domains_and_box<'a>(
    studies: &[Study],
    metrics: &[NodeMetrics],
    pool: &[Study],
    full: bool,
    view: &View,
    layout_of: &dyn Fn(usize) -> &'a Layout,
) -> Result<(Domains, Rect), SceneError> {
    // Colour and size rules take their classes from the values of all panels (and of
    // both waves of an animation).
    let pool_metrics: Vec<_> = pool
        .iter()
        .map(|s| metrics_input::compute(s, full))
        .collect();
    let mut domains = Domains::default();
    let pairs: Vec<(&Study, &NodeMetrics)> = studies
        .iter()
        .zip(metrics)
        .chain(pool.iter().zip(&pool_metrics))
        .collect();
    for name in [&view.color_by, &view.size_by].into_iter().flatten() {
        domains.pool(&pairs, name);
    }

    // One box around what any panel draws, so positions line up across panels.
    let mut bbox: Option<Rect> = None;
    let boxed = studies
        .iter()
        .zip(metrics)
        .enumerate()
        .chain(pool.iter().zip(&pool_metrics).map(|p| (0, p)));
    for (k, (s, m)) in boxed {
        if let Some(b) = build::drawn_box(s, layout_of(k), m, view, Some(&domains))? {
            bbox = Some(match bbox {
                None => b,
                Some(a) => Rect {
                    min: Point::new(a.min.x.min(b.min.x), a.min.y.min(b.min.y)),
                    max: Point::new(a.max.x.max(b.max.x), a.max.y.max(b.max.y)),
                },
            });
        }
    }
    Ok((domains, bbox.unwrap_or_default()))
}

/// The page around the panels: its width, margin, the top and bottom of the area between
/// title and caption, the width inside the margins, the gap between panels, and the unit.
struct PageGeometry {
    width: f32,
    margin: f32,
    top: f32,
    bottom: f32,
    content_w: f32,
    gap: f32,
    u: f32,
}

/// Where the shared legend goes: right of the panels, or below them in columns when that
/// leaves the networks clearly more room (narrow panels of a wide network). `scale_in`
/// gives the node scale the panels would have in an area.
fn place_legend(
    legend: &[Row],
    full_area: Rect,
    page: &PageGeometry,
    scale_in: &dyn Fn(Rect) -> f32,
) -> LegendPlace {
    let PageGeometry {
        width,
        margin,
        top,
        bottom,
        content_w,
        gap,
        u,
    } = *page;
    // The legend goes right of the panels, or below them in columns when that leaves the
    // networks more room (narrow panels of a wide network).
    let legend_col = legend_width(legend, u, width * 0.28);
    let heights = row_heights(legend, u, 6.0 * u, legend_col);
    let mut place = LegendPlace {
        area: full_area,
        at: Point::new(width - margin, top),
        max_h: bottom - top,
        col: legend_col,
        h: 0.0,
        below: false,
    };
    if !legend.is_empty() {
        let (cols, h) = legend_columns(legend, &heights, u, bottom - top);
        place.h = h;
        let w = legend_col * cols.len().max(1) as f32;
        place.area.max.x -= w + gap;
        let beside = scale_in(place.area);
        // Below, columns may be wider, and the shortest legend among the roomiest layouts
        // wins.
        let col_below = legend_width(legend, u, width * 0.4);
        let heights = row_heights(legend, u, 6.0 * u, col_below);
        let total: f32 = heights.iter().sum();
        let tallest = heights.iter().copied().fold(0.0f32, f32::max);
        let mut below: Option<(f32, f32, LegendPlace)> = None;
        let (row_h, _, pad) = build::legend_metrics(u);
        for c in 1..=4 {
            // The lowest legend of at most `c` columns (headings stay with their rows).
            let mut max_h = total / c as f32 + 2.0 * pad;
            let (mut cols, mut h) = legend_columns(legend, &heights, u, max_h);
            while cols.len() > c && max_h < total + tallest + 2.0 * pad {
                max_h += row_h * 0.5;
                (cols, h) = legend_columns(legend, &heights, u, max_h);
            }
            // Each column should start a section, so none is split across columns.
            let whole = cols.iter().all(|r| {
                legend
                    .get(r.start)
                    .is_some_and(|row| matches!(row.swatch, Swatch::Heading))
            });
            if !whole || col_below * cols.len() as f32 > content_w || h > (bottom - top) * 0.4 {
                continue;
            }
            let area = Rect {
                min: full_area.min,
                max: Point::new(full_area.max.x, bottom - h - gap),
            };
            let scale = scale_in(area);
            if below
                .as_ref()
                .is_none_or(|(s, bh, _)| scale > s * 1.01 || (scale > s * 0.99 && h < *bh))
            {
                below = Some((
                    scale,
                    h,
                    LegendPlace {
                        area,
                        at: Point::new(margin + col_below * cols.len() as f32, bottom - h),
                        max_h,
                        col: col_below,
                        h,
                        below: true,
                    },
                ));
            }
        }
        // Below only when clearly better: a legend beside the figure is the habit.
        if let Some((scale, _, p)) = below
            && scale > beside * 1.1
        {
            place = p;
        }
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opacity_rule() {
        assert_eq!(TieClass::Kept.opacity_at(0.3), 1.0);
        assert_eq!(TieClass::Gained.opacity_at(0.0), 0.0);
        assert_eq!(TieClass::Gained.opacity_at(1.0), 1.0);
        assert_eq!(TieClass::Lost.opacity_at(0.0), 1.0);
        assert_eq!(TieClass::Lost.opacity_at(1.0), 0.0);
        assert!((TieClass::Gained.opacity_at(0.5) - 0.5).abs() < 1e-6);
        assert_eq!(TieClass::Gained.opacity_at(7.0), 1.0);
        assert_eq!(TieClass::Lost.opacity_at(f32::NAN), 1.0);
    }

    #[test]
    fn counts_come_off_legend_rows() {
        assert_eq!(without_count("Isolate (no ties) (3)"), "Isolate (no ties)");
        assert_eq!(without_count("Isolate (no ties)"), "Isolate (no ties)");
        assert_eq!(without_count("Women (12)"), "Women");
        assert_eq!(without_count("()"), "()");
    }

    #[test]
    fn grids() {
        assert_eq!(grid(2), (2, 1));
        assert_eq!(grid(3), (3, 1));
        assert_eq!(grid(4), (2, 2));
        assert_eq!(grid(5), (3, 2));
    }
}

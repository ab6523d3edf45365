//! The reference painter: the sociogram drawn straight onto egui's painter from the
//! scene's node styles, ties in one mesh. The live canvas is an egui_graphs `GraphView`
//! ([`super::sociogram`]) drawing the same marks; this painter stays so that
//! `cargo bench --bench canvas` can hold the canvas to its frame time.

use eframe::egui::{self, Mesh, Pos2, Rect, Shape, Stroke, Vec2};

use super::marks::{
    add_arrowhead, add_dashed_line, add_line, legend_size, mark_shape, paint_labels, paint_legend,
};
use super::theme;
use crate::layout::Point;
use crate::scene::{TieClass, Vis, palette};
use crate::session::Session;

/// Maps layout units to the screen.
#[derive(Debug, Clone, Copy)]
struct Transform {
    rect: Rect,
    zoom: f32,
    centre: Point,
}

impl Transform {
    fn to_screen(self, p: Point) -> Pos2 {
        self.rect.center()
            + Vec2::new(
                (p.x - self.centre.x) * self.zoom,
                (p.y - self.centre.y) * self.zoom,
            )
    }
}

/// Paints one frame of the sociogram: ties in one mesh, then nodes, rings, labels and the
/// colour legend, with egui's painter alone. The canvas drew this way before it became an
/// egui_graphs `GraphView`; `benches/canvas.rs` keeps it as the reference the live canvas
/// is measured against, and exported figures follow the same rules.
#[allow(clippy::too_many_arguments)]
pub fn paint_frame(
    painter: &egui::Painter,
    rect: Rect,
    session: &Session,
    positions: &[Point],
    dragging: Option<(usize, Point)>,
    zoom: f32,
    centre: Point,
    node_scale: f32,
    ego: &[bool],
) {
    paint_frame_styled(
        painter,
        rect,
        session,
        positions,
        dragging,
        zoom,
        centre,
        node_scale,
        ego,
        &theme::CanvasStyle::WORKBENCH,
        None,
    );
}

/// [`paint_frame`] with another label size, colours and line widths: presentation mode
/// draws the same sociogram, larger.
#[allow(clippy::too_many_arguments)]
fn paint_frame_styled(
    painter: &egui::Painter,
    rect: Rect,
    session: &Session,
    positions: &[Point],
    dragging: Option<(usize, Point)>,
    zoom: f32,
    centre: Point,
    node_scale: f32,
    ego: &[bool],
    style: &theme::CanvasStyle,
    legend_frame: Option<Rect>,
) {
    let t = Transform { rect, zoom, centre };
    painter.rect_filled(rect, 0.0, theme::PAPER);
    let Some(styles) = session.styles() else {
        return;
    };
    let pos = |i: usize| -> Pos2 {
        match dragging {
            Some((d, p)) if d == i => t.to_screen(p),
            _ => t.to_screen(positions.get(i).copied().unwrap_or_default()),
        }
    };
    let has_ego = ego.iter().any(|&e| e);
    let faded = |i: usize| {
        // Outside a shown ego network everything fades; inside it nothing does.
        if has_ego {
            !ego[i]
        } else {
            styles.nodes.get(i).is_none_or(|s| s.vis == Vis::Faded)
        }
    };
    let hidden = |i: usize| styles.nodes.get(i).is_none_or(|s| s.vis == Vis::Hidden);

    // Ties: a quad per tie in one mesh.
    // Sized up front: growing a 20,000-tie mesh would copy it several times a frame.
    let mut mesh = Mesh::default();
    mesh.vertices.reserve(session.tie_pairs().len() * 4);
    mesh.indices.reserve(session.tie_pairs().len() * 6);
    let visible_ties = session
        .tie_pairs()
        .iter()
        .filter(|p| !hidden(p.a) && !hidden(p.b) && !faded(p.a) && !faded(p.b))
        .count();
    let tie = theme::color_alpha(
        palette::TIE,
        (crate::scene::tie_opacity(visible_ties) * style.tie_alpha).min(1.0),
    );
    let tie_faded = theme::color_alpha(palette::FADED, theme::FADED_ALPHA);
    let ink = theme::color(palette::INK);
    let clip = rect.expand(10.0);
    let view = session.view();
    let (wlo, whi) = session.tie_weight_range();
    let by_weight = view.width_by_weight && whi > wlo;
    // Where a tie meets a node: its edge, outside any rings, so arrowheads stay visible.
    let reach = |i: usize| {
        styles.nodes.get(i).map_or(0.0, |s| {
            s.radius * node_scale + s.rings.len() as f32 * 2.4 + 1.0
        })
    };
    // After a switch between waves: gained ties fade in (and stay blue and wider), lost
    // ties fade out to a faint dashed line, as in the exported wave figure.
    let change = session.wave_change();
    let t = change.map_or(1.0, |c| {
        c.started.elapsed().as_secs_f32() / theme::WAVE_TRANSITION
    });
    let gained_color = |alpha: f32| theme::color_alpha(palette::TIE_GAINED, alpha);
    if let Some(c) = change {
        let alpha = TieClass::Lost.opacity_at(t).max(theme::LOST_TIE_ALPHA);
        let color = theme::color_alpha(palette::TIE_LOST, alpha);
        for pair in &c.lost {
            if hidden(pair.a) || hidden(pair.b) {
                continue;
            }
            add_dashed_line(&mut mesh, pos(pair.a), pos(pair.b), style.tie_width, color);
        }
    }
    for (k, pair) in session.tie_pairs().iter().enumerate() {
        let (a, b) = (pair.a, pair.b);
        if hidden(a) || hidden(b) {
            continue;
        }
        let gained = change.is_some_and(|c| c.gained.get(k).copied().unwrap_or(false));
        let (pa, pb) = (pos(a), pos(b));
        if !clip.intersects(Rect::from_two_pos(pa, pb)) {
            continue;
        }
        let is_bridge = styles.bridges.binary_search(&(a, b)).is_ok();
        let base = if by_weight {
            // The figure's 0.35 to 2.25 units of width, on the canvas's scale.
            style.tie_width * (0.35 + 1.9 * ((pair.weight - wlo) / (whi - wlo)) as f32) / 0.6
        } else {
            style.tie_width
        };
        let (color, width) = if faded(a) || faded(b) {
            (tie_faded, style.tie_width * 0.7)
        } else if is_bridge || has_ego {
            (ink, base.max(style.tie_width * 1.6))
        } else if gained {
            (
                gained_color(TieClass::Gained.opacity_at(t)),
                base.max(style.tie_width * 1.5),
            )
        } else {
            (tie, base)
        };
        add_line(&mut mesh, pa, pb, width, color);
        if !pair.undirected {
            if pair.forward {
                add_arrowhead(&mut mesh, pa, pb, reach(b), width, color);
            }
            if pair.backward {
                add_arrowhead(&mut mesh, pb, pa, reach(a), width, color);
            }
        }
    }
    painter.add(Shape::mesh(mesh));

    // Nodes: faded first, then larger under smaller, as in the figure.
    let mut order: Vec<usize> = (0..styles.nodes.len()).filter(|&i| !hidden(i)).collect();
    order.sort_by(|&a, &b| {
        faded(b)
            .cmp(&faded(a))
            .then(styles.nodes[b].radius.total_cmp(&styles.nodes[a].radius))
            .then(a.cmp(&b))
    });
    let selected = session.selection().map(|s| s.index());
    for &i in &order {
        let s = &styles.nodes[i];
        let c = pos(i);
        if !clip.contains(c) {
            continue;
        }
        let r = s.radius * node_scale;
        let f = faded(i);
        let fill = if f {
            theme::color_alpha(palette::FADED, 0.8)
        } else {
            theme::color(s.fill)
        };
        let outline = Stroke::new(style.node_outline, theme::color(s.outline));
        painter.add(mark_shape(s.mark, c, r, Some(fill), outline));
        if !f {
            for (k, ring) in s.rings.iter().enumerate() {
                let rr = r + 2.0 + k as f32 * 2.4;
                painter.add(mark_shape(
                    s.mark,
                    c,
                    rr,
                    None,
                    Stroke::new(ring.width.max(1.0), theme::color(ring.color)),
                ));
            }
        }
        if Some(i) == selected {
            painter.circle_stroke(
                c,
                r + 5.0,
                Stroke::new(style.selected_width, theme::SELECTED),
            );
        }
    }

    paint_labels(
        painter, rect, styles, &order, &pos, &faded, selected, node_scale, style,
    );

    if let Some(size) = legend_size(painter, styles, style) {
        // Without a place chosen with the other overlays, the top right corner.
        let g = style.legend_size / theme::LABEL_SIZE;
        let frame = legend_frame.unwrap_or_else(|| {
            Rect::from_min_size(
                rect.right_top() + Vec2::new(-size.x - 10.0 * g, 10.0 * g),
                size,
            )
        });
        paint_legend(painter, frame, styles, style);
    }
}

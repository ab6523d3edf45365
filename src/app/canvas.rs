//! The sociogram canvas, drawn with egui's painter from the scene's node styles (the same
//! rules as exported figures). Ties go into one mesh, so 20,000 of them cost one shape.
//!
//! Why the painter and not egui_graphs: `cargo bench --bench canvas` (headless, CPU only,
//! 1440x900, 5,000 nodes / 20,000 ties on a settled layout, two-core machine) measured one
//! frame built and tessellated at 12.8 ms with this painter (14.2 ms including rebuilding
//! the node styles, 13.3 ms for the whole widget with hit-testing), against 20.7 ms for
//! egui_graphs 0.32's `GraphView` drawing the same graph with its layout switched off:
//! over the 16 ms frame budget before Kith's styles, rings and labels are even added.
//! egui_graphs keeps a widget per node and edge; the painter only draws.

use eframe::egui::{self, Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Vec2, epaint};

use super::theme;
use crate::layout::Point;
use crate::model::NodeId;
use crate::scene::{Mark, NodeStyles, TieClass, Vis, palette};
use crate::session::{Camera, Command, Session};

/// Zoom and pan of the canvas, and a drag in progress.
#[derive(Debug, Clone)]
pub struct Canvas {
    /// Screen points per layout unit.
    zoom: f32,
    /// The layout point at the centre of the canvas.
    centre: Point,
    /// Fit the network into the canvas on the next frame.
    fit: bool,
    /// Keep fitting while the layout moves, until the user zooms or pans.
    follow: bool,
    /// The zoom at the last fit, so nodes grow a little when zooming in.
    fitted_zoom: f32,
    dragging: Option<(usize, Point)>,
    pending_centre: Option<usize>,
    /// The shorter side of the canvas at the last frame, in points.
    side: f32,
    /// Where the overlays (names badge, legend, wave key) went in the last frame.
    overlays: Vec<(&'static str, Rect)>,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            zoom: 1.0,
            centre: Point::default(),
            fit: true,
            follow: true,
            fitted_zoom: 1.0,
            dragging: None,
            pending_centre: None,
            overlays: Vec::new(),
            side: 600.0,
        }
    }
}

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

    fn to_layout(self, s: Pos2) -> Point {
        let d = s - self.rect.center();
        Point::new(
            self.centre.x + d.x / self.zoom,
            self.centre.y + d.y / self.zoom,
        )
    }
}

impl Canvas {
    /// Fits the network to the view on the next frame and follows the layout.
    pub fn fit_next(&mut self) {
        self.fit = true;
        self.follow = true;
    }

    /// The layout moved: refit if following it.
    pub fn layout_moved(&mut self) {
        if self.follow {
            self.fit = true;
        }
    }

    /// Where the canvas looks now, to save with a view.
    pub fn camera(&self) -> Camera {
        Camera {
            center: self.centre,
            zoom: self.zoom / self.side.max(1.0),
        }
    }

    /// Looks where a saved view looked, or fits everything for `None`.
    pub fn set_camera(&mut self, camera: Option<Camera>) {
        match camera {
            Some(c) if c.zoom.is_finite() && c.zoom > 0.0 => {
                self.centre = c.center;
                self.zoom = c.zoom * self.side.max(1.0);
                self.fit = false;
                self.follow = false;
            }
            _ => self.fit_next(),
        }
    }

    /// Centres node `i` on the next frame.
    pub fn centre_on(&mut self, i: usize) {
        self.pending_centre = Some(i);
    }

    /// Draws the canvas and turns clicks and drags into commands.
    pub fn ui(&mut self, ui: &mut egui::Ui, session: &Session, commands: &mut Vec<Command>) {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let side = rect.width().min(rect.height()).max(1.0);
        if (side - self.side).abs() > 0.5 {
            // Keep the framing when the window (or the panels around it) change size.
            let ratio = side / self.side.max(1.0);
            self.zoom *= ratio;
            self.fitted_zoom *= ratio;
            self.side = side;
        }
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::WidgetType::Other, true, "Sociogram canvas")
        });
        let positions = session.positions();
        let styles = session.styles();
        if let Some(i) = self.pending_centre.take()
            && let Some(p) = positions.get(i)
        {
            self.centre = *p;
            self.follow = false;
            self.fit = false;
        }
        if self.fit {
            self.fit_to(rect, positions, styles);
        }
        let t = Transform {
            rect,
            zoom: self.zoom,
            centre: self.centre,
        };
        let node_scale = theme::NODE_RADIUS * (self.zoom / self.fitted_zoom).sqrt().clamp(0.7, 4.0);

        // Zoom about the pointer.
        if response.hovered() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y + i.zoom_delta().ln() * 200.0);
            if scroll.abs() > 0.0 {
                let factor = (scroll / 300.0).exp();
                if let Some(pointer) = response.hover_pos() {
                    let before = t.to_layout(pointer);
                    self.zoom = (self.zoom * factor).clamp(1e-4, 1e4);
                    let d = pointer - rect.center();
                    self.centre =
                        Point::new(before.x - d.x / self.zoom, before.y - d.y / self.zoom);
                }
                self.follow = false;
                self.fit = false;
            }
        }

        let hit = |pos: Pos2| -> Option<usize> {
            let styles = styles?;
            let mut best: Option<(usize, f32)> = None;
            for (i, p) in positions.iter().enumerate() {
                let Some(s) = styles.nodes.get(i) else {
                    continue;
                };
                if s.vis == Vis::Hidden {
                    continue;
                }
                let d = t.to_screen(*p).distance(pos);
                let r = s.radius * node_scale + 3.0;
                if d <= r && best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((i, d));
                }
            }
            best.map(|(i, _)| i)
        };

        if response.drag_started()
            && let Some(i) = response.interact_pointer_pos().and_then(hit)
        {
            self.dragging = positions.get(i).map(|p| (i, *p));
        }
        if response.dragged() {
            let delta = response.drag_delta();
            match &mut self.dragging {
                Some((_, p)) => {
                    p.x += delta.x / self.zoom;
                    p.y += delta.y / self.zoom;
                }
                None => {
                    self.centre.x -= delta.x / self.zoom;
                    self.centre.y -= delta.y / self.zoom;
                    self.follow = false;
                    self.fit = false;
                }
            }
        }
        if response.drag_stopped()
            && let Some((i, to)) = self.dragging.take()
        {
            commands.push(Command::MoveNode {
                node: NodeId(i as u32),
                to,
                pinned: true,
            });
        }
        if response.clicked() {
            let sel = response.interact_pointer_pos().and_then(hit);
            commands.push(Command::Select(sel.map(|i| NodeId(i as u32))));
        }
        if response.double_clicked()
            && let Some(i) = response.interact_pointer_pos().and_then(hit)
            && session.is_pinned(i)
        {
            // Double-clicking a pinned node lets the layout move it again.
            if let Some(p) = positions.get(i) {
                commands.push(Command::MoveNode {
                    node: NodeId(i as u32),
                    to: *p,
                    pinned: false,
                });
            }
        }

        let ego = session.ego_nodes();
        let painter = ui.painter_at(rect);
        let style = theme::CanvasStyle::WORKBENCH;
        // The corners' furniture is placed together, so that none covers another.
        let badge = badge_galley(&painter, session.view().anonymise);
        let legend_size = styles.and_then(|s| legend_size(&painter, s, &style));
        let key = session.wave_change().map(wave_key_rows);
        let key_size = key.as_ref().map(|rows| wave_key_size(&painter, rows));
        let placed = place_overlays(rect, badge.0.size(), legend_size, key_size);
        paint_frame_styled(
            &painter,
            rect,
            session,
            positions,
            self.dragging,
            t.zoom,
            t.centre,
            node_scale,
            &ego,
            &style,
            placed.legend,
        );
        callouts(&painter, session, positions, t, &style);
        names_badge(&painter, placed.badge, badge);
        if let (Some(rows), Some(frame)) = (key, placed.wave_key) {
            wave_key(&painter, frame, &rows);
        }
        self.overlays = [
            ("names badge", Some(placed.badge)),
            ("legend", placed.legend),
            ("wave key", placed.wave_key),
        ]
        .into_iter()
        .filter_map(|(name, r)| r.map(|r| (name, r)))
        .collect();
        if let Some(pos) = response.hover_pos()
            && self.dragging.is_none()
            && let Some(i) = hit(pos)
            && let Some(node) = session.study().nodes().get(i)
        {
            let name = session.shown_name(i);
            response.clone().on_hover_text_at_pointer(format!(
                "{name} ({}) — click to inspect, drag to move and pin{}",
                node.kind.name(),
                if session.is_pinned(i) {
                    "; double-click to unpin"
                } else {
                    ""
                }
            ));
        }
    }

    /// Where the names badge, the legend and the wave key were drawn in the last frame.
    pub fn overlays(&self) -> &[(&'static str, Rect)] {
        &self.overlays
    }

    fn fit_to(&mut self, rect: Rect, positions: &[Point], styles: Option<&NodeStyles>) {
        let Some((lo, hi)) = shown_bounds(positions, styles) else {
            return;
        };
        let (w, h) = ((hi.x - lo.x).max(1e-3), (hi.y - lo.y).max(1e-3));
        let margin = 40.0;
        self.zoom = ((rect.width() - 2.0 * margin).max(10.0) / w)
            .min((rect.height() - 2.0 * margin).max(10.0) / h)
            .clamp(1e-4, 1e3);
        self.fitted_zoom = self.zoom;
        self.centre = Point::new((lo.x + hi.x) * 0.5, (lo.y + hi.y) * 0.5);
        self.fit = false;
    }
}

/// The corners of the box around the nodes not hidden, in layout units, or `None` when
/// every node is hidden.
pub(super) fn shown_bounds(
    positions: &[Point],
    styles: Option<&NodeStyles>,
) -> Option<(Point, Point)> {
    let mut lo = Point::new(f32::MAX, f32::MAX);
    let mut hi = Point::new(f32::MIN, f32::MIN);
    for (i, p) in positions.iter().enumerate() {
        if styles.is_some_and(|s| s.nodes.get(i).is_some_and(|n| n.vis == Vis::Hidden)) {
            continue;
        }
        lo.x = lo.x.min(p.x);
        lo.y = lo.y.min(p.y);
        hi.x = hi.x.max(p.x);
        hi.y = hi.y.max(p.y);
    }
    (lo.x <= hi.x).then_some((lo, hi))
}

/// Paints one frame of the sociogram: ties in one mesh, then nodes, rings, labels and the
/// colour legend. Public so the frame benchmark measures exactly what the window draws.
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
pub(super) fn paint_frame_styled(
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
    let tie = theme::colour_alpha(
        palette::TIE,
        (crate::scene::tie_opacity(visible_ties) * style.tie_alpha).min(1.0),
    );
    let tie_faded = theme::colour_alpha(palette::FADED, theme::FADED_ALPHA);
    let ink = theme::colour(palette::INK);
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
    let gained_colour = |alpha: f32| theme::colour_alpha(palette::TIE_GAINED, alpha);
    if let Some(c) = change {
        let alpha = TieClass::Lost.opacity_at(t).max(theme::LOST_TIE_ALPHA);
        let colour = theme::colour_alpha(palette::TIE_LOST, alpha);
        for pair in &c.lost {
            if hidden(pair.a) || hidden(pair.b) {
                continue;
            }
            add_dashed_line(&mut mesh, pos(pair.a), pos(pair.b), style.tie_width, colour);
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
        let (colour, width) = if faded(a) || faded(b) {
            (tie_faded, style.tie_width * 0.7)
        } else if is_bridge || has_ego {
            (ink, base.max(style.tie_width * 1.6))
        } else if gained {
            (
                gained_colour(TieClass::Gained.opacity_at(t)),
                base.max(style.tie_width * 1.5),
            )
        } else {
            (tie, base)
        };
        add_line(&mut mesh, pa, pb, width, colour);
        if !pair.undirected {
            if pair.forward {
                add_arrowhead(&mut mesh, pa, pb, reach(b), width, colour);
            }
            if pair.backward {
                add_arrowhead(&mut mesh, pb, pa, reach(a), width, colour);
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
            theme::colour_alpha(palette::FADED, 0.8)
        } else {
            theme::colour(s.fill)
        };
        let outline = Stroke::new(style.node_outline, theme::colour(s.outline));
        mark(painter, s.mark, c, r, Some(fill), outline);
        if !f {
            for (k, ring) in s.rings.iter().enumerate() {
                let rr = r + 2.0 + k as f32 * 2.4;
                mark(
                    painter,
                    s.mark,
                    c,
                    rr,
                    None,
                    Stroke::new(ring.width.max(1.0), theme::colour(ring.color)),
                );
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

    // Labels: those the label rule picks, placed as in exported figures: each tries spots
    // around its node and takes the first that covers neither a node nor another label;
    // the selection goes first, then highlighted and larger nodes. A label with no free
    // spot is left out (the selection's is drawn at its node's right all the same), so the
    // dense centre stays readable.
    let font = egui::FontId::proportional(style.label_size);
    let mut wanted: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| styles.nodes[i].label.is_some() && (!faded(i) || Some(i) == selected))
        .filter(|&i| rect.contains(pos(i)))
        .collect();
    wanted.sort_by(|&a, &b| {
        let (sa, sb) = (&styles.nodes[a], &styles.nodes[b]);
        (Some(b) == selected)
            .cmp(&(Some(a) == selected))
            .then(sb.rings.len().cmp(&sa.rings.len()))
            .then(sb.radius.total_cmp(&sa.radius))
            .then(a.cmp(&b))
    });
    let point = |p: Pos2| Point::new(p.x, p.y);
    let reach_of = |i: usize| {
        let s = &styles.nodes[i];
        s.radius * node_scale
            + if s.rings.is_empty() {
                1.0
            } else {
                2.0 + 2.4 * s.rings.len() as f32
            }
    };
    let mut occupied = crate::scene::Occupancy::new(style.label_size * 2.0);
    for &i in &order {
        if clip.contains(pos(i)) {
            occupied.add_disc(point(pos(i)), reach_of(i));
        }
    }
    let bounds = crate::layout::Rect {
        min: point(rect.min),
        max: point(rect.max),
    };
    let mut drawn: Vec<(usize, Rect)> = Vec::new();
    for i in wanted {
        let s = &styles.nodes[i];
        let Some(text) = &s.label else { continue };
        let galley = painter.layout_no_wrap(text.clone(), font.clone(), style.label);
        let size = galley.size() + Vec2::splat(2.0 * style.label_pad);
        let spot = crate::scene::place_label(
            &occupied,
            &bounds,
            point(pos(i)),
            reach_of(i),
            size.x,
            size.y,
            3.0,
        );
        let r = match spot {
            Some(p) => {
                if p.leader {
                    let to = Rect::from_min_max(
                        Pos2::new(p.rect.min.x, p.rect.min.y),
                        Pos2::new(p.rect.max.x, p.rect.max.y),
                    );
                    let from = pos(i);
                    let end = to.center() + (from - to.center()).normalized() * 2.0;
                    let c = from + (end - from).normalized() * reach_of(i);
                    painter.line_segment([c, to.clamp(end)], Stroke::new(1.0, style.label));
                }
                Rect::from_min_max(
                    Pos2::new(p.rect.min.x, p.rect.min.y),
                    Pos2::new(p.rect.max.x, p.rect.max.y),
                )
            }
            None if Some(i) == selected => egui::Align2::LEFT_CENTER
                .anchor_size(pos(i) + Vec2::new(reach_of(i) + 3.0, 0.0), size),
            None => continue,
        };
        occupied.add_rect(crate::layout::Rect {
            min: point(r.min),
            max: point(r.max),
        });
        painter.rect_filled(r, 2.0, style.label_halo);
        painter.galley(r.min + Vec2::splat(style.label_pad), galley, style.label);
        drawn.push((i, r));
    }
    // Kept for the window tests, which check that no two labels overlap.
    painter
        .ctx()
        .data_mut(|d| d.insert_temp(egui::Id::new(LABELS_DRAWN), drawn));

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

/// The egui temporary data key under which the canvas keeps the label boxes it drew in
/// the last frame, in screen points (node index, box).
pub const LABELS_DRAWN: &str = "kith labels drawn";

/// Where the canvas overlays go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Overlays {
    /// The names badge, top right.
    pub badge: Rect,
    /// The colour legend, right, under the badge.
    pub legend: Option<Rect>,
    /// The key to gained and lost ties, bottom left.
    pub wave_key: Option<Rect>,
}

/// Places the names badge in the top right corner, the legend under it and the wave key
/// bottom left; when the canvas is too small for the key beside the legend, the key moves
/// right of the legend's column or, failing that, to the bottom of the column under the
/// legend, so no overlay ever covers another.
pub(super) fn place_overlays(
    rect: Rect,
    badge: Vec2,
    legend: Option<Vec2>,
    wave_key: Option<Vec2>,
) -> Overlays {
    const MARGIN: f32 = 8.0;
    const GAP: f32 = 6.0;
    let badge_rect = Rect::from_min_size(
        Pos2::new(rect.right() - MARGIN - badge.x - 12.0, rect.top() + MARGIN),
        badge + Vec2::new(12.0, 6.0),
    );
    let legend_rect = legend.map(|size| {
        Rect::from_min_size(
            Pos2::new(rect.right() - MARGIN - size.x, badge_rect.bottom() + GAP),
            size,
        )
    });
    let key_rect = wave_key.map(|size| {
        let bottom_left = Rect::from_min_size(
            Pos2::new(rect.left() + MARGIN, rect.bottom() - MARGIN - size.y),
            size,
        );
        match legend_rect {
            Some(l) if l.intersects(bottom_left.expand(GAP * 0.5)) => {
                // Under the legend, right-aligned with it.
                Rect::from_min_size(
                    Pos2::new(
                        rect.right() - MARGIN - size.x,
                        (l.bottom() + GAP).max(rect.bottom() - MARGIN - size.y),
                    ),
                    size,
                )
            }
            _ => bottom_left,
        }
    });
    Overlays {
        badge: badge_rect,
        legend: legend_rect,
        wave_key: key_rect,
    }
}

/// [`callouts`] for presentation mode, where the canvas fills `rect` at `zoom` around
/// `centre`.
#[allow(clippy::too_many_arguments)]
pub(super) fn paint_callouts(
    painter: &egui::Painter,
    rect: Rect,
    session: &Session,
    positions: &[Point],
    zoom: f32,
    centre: Point,
    style: &theme::CanvasStyle,
) {
    callouts(
        painter,
        session,
        positions,
        Transform { rect, zoom, centre },
        style,
    );
}

/// The notes pointing at nodes, as exported figures draw them: text in a box beside the
/// node with a leader line, sized with the labels of `style`.
fn callouts(
    painter: &egui::Painter,
    session: &Session,
    positions: &[Point],
    t: Transform,
    style: &theme::CanvasStyle,
) {
    if session.view().callouts.is_empty() {
        return;
    }
    let g = style.label_size / theme::LABEL_SIZE;
    let study = session.study();
    for c in &session.view().callouts {
        let Some(id) = study.find(&c.node) else {
            continue;
        };
        let Some(p) = positions.get(id.index()) else {
            continue;
        };
        let at = t.to_screen(*p);
        let text = session.shown_text(&c.text).into_owned();
        let anchor = at + Vec2::new(28.0, -28.0) * g;
        painter.line_segment([at, anchor], Stroke::new(g, theme::CALLOUT_LINE));
        let galley = painter.layout_no_wrap(
            text,
            egui::FontId::proportional(style.label_size),
            style.label,
        );
        let r = Rect::from_min_size(anchor + Vec2::new(0.0, -galley.size().y), galley.size())
            .expand(3.0 * g);
        painter.rect(
            r,
            2.0 * g,
            theme::LEGEND_FILL,
            Stroke::new(g, theme::CALLOUT_LINE),
            egui::StrokeKind::Outside,
        );
        painter.galley(r.min + Vec2::splat(3.0 * g), galley, style.label);
    }
}

/// Explains the tie colours after a switch between waves, in the lower left corner.
/// The wave key's rows: colour, dashed or not, and text.
fn wave_key_rows(change: &crate::session::WaveChange) -> Vec<(Color32, bool, String)> {
    vec![
        (
            theme::colour(palette::TIE_GAINED),
            false,
            format!("gained since {}", change.from),
        ),
        (
            theme::colour(palette::TIE_LOST),
            true,
            format!("lost since {}", change.from),
        ),
        (theme::colour(palette::TIE), false, "kept".to_string()),
    ]
}

/// The size of the wave key's frame.
fn wave_key_size(painter: &egui::Painter, rows: &[(Color32, bool, String)]) -> Vec2 {
    let font = egui::FontId::proportional(theme::LABEL_SIZE);
    let row = theme::LABEL_SIZE * 1.5;
    let width = rows
        .iter()
        .map(|(_, _, t)| {
            painter
                .layout_no_wrap(t.clone(), font.clone(), theme::LABEL)
                .size()
                .x
        })
        .fold(0.0f32, f32::max)
        + 44.0;
    Vec2::new(width, row * rows.len() as f32 + 6.0)
}

/// Draws the key to gained, lost and kept ties in `frame`.
fn wave_key(painter: &egui::Painter, frame: Rect, rows: &[(Color32, bool, String)]) {
    let font = egui::FontId::proportional(theme::LABEL_SIZE);
    let row = theme::LABEL_SIZE * 1.5;
    painter.rect(
        frame,
        2.0,
        theme::LEGEND_FILL,
        Stroke::new(1.0, theme::LEGEND_STROKE),
        egui::StrokeKind::Inside,
    );
    let mut mesh = Mesh::default();
    for (k, (colour, dashed, text)) in rows.iter().enumerate() {
        let y = frame.top() + 3.0 + row * (k as f32 + 0.5);
        let (a, b) = (
            Pos2::new(frame.left() + 6.0, y),
            Pos2::new(frame.left() + 32.0, y),
        );
        if *dashed {
            add_dashed_line(&mut mesh, a, b, 1.5, *colour);
        } else {
            add_line(&mut mesh, a, b, 2.0, *colour);
        }
        painter.text(
            Pos2::new(frame.left() + 38.0, y),
            egui::Align2::LEFT_CENTER,
            text,
            font.clone(),
            theme::LABEL,
        );
    }
    painter.add(Shape::mesh(mesh));
}

/// The names badge's text and colour: whether real names are showing, so nobody projects
/// them by mistake.
fn badge_galley(
    painter: &egui::Painter,
    anonymise: bool,
) -> (std::sync::Arc<egui::Galley>, Color32) {
    let (text, fill) = if anonymise {
        ("Names hidden", theme::NAMES_HIDDEN)
    } else {
        ("NAMES VISIBLE", theme::NAMES_VISIBLE)
    };
    let galley = painter.layout_no_wrap(
        text.to_string(),
        egui::FontId::proportional(theme::LABEL_SIZE),
        Color32::WHITE,
    );
    (galley, fill)
}

/// Draws the names badge in `r`.
fn names_badge(
    painter: &egui::Painter,
    r: Rect,
    (galley, fill): (std::sync::Arc<egui::Galley>, Color32),
) {
    painter.rect_filled(r, 4.0, fill);
    painter.galley(r.min + Vec2::new(6.0, 3.0), galley, Color32::WHITE);
}

/// The size of the colour legend's frame, if there is a legend.
fn legend_size(
    painter: &egui::Painter,
    styles: &NodeStyles,
    style: &theme::CanvasStyle,
) -> Option<Vec2> {
    if styles.legend.is_empty() {
        return None;
    }
    let size = style.legend_size;
    let font = egui::FontId::proportional(size);
    let row = size * 1.5;
    // Swatches and padding grow with the text, so a large legend keeps its proportions.
    let g = size / theme::LABEL_SIZE;
    let width = styles
        .legend
        .iter()
        .map(|(_, t)| {
            painter
                .layout_no_wrap(t.clone(), font.clone(), style.label)
                .size()
                .x
        })
        .fold(0.0f32, f32::max)
        + 36.0 * g;
    let height = row * styles.legend.len() as f32 + 12.0 * g;
    Some(Vec2::new(width, height))
}

/// Draws the colour legend in `frame`.
fn paint_legend(
    painter: &egui::Painter,
    frame: Rect,
    styles: &NodeStyles,
    style: &theme::CanvasStyle,
) {
    let size = style.legend_size;
    let font = egui::FontId::proportional(size);
    let row = size * 1.5;
    let g = size / theme::LABEL_SIZE;
    painter.rect(
        frame,
        4.0,
        theme::LEGEND_FILL,
        Stroke::new(1.0, theme::LEGEND_STROKE),
        egui::StrokeKind::Inside,
    );
    for (k, (c, text)) in styles.legend.iter().enumerate() {
        let y = frame.top() + 6.0 * g + row * (k as f32 + 0.5);
        let x = frame.left() + 10.0 * g;
        match c {
            Some(c) => {
                painter.circle_filled(Pos2::new(x + 5.0 * g, y), 5.0 * g, theme::colour(*c));
                painter.text(
                    Pos2::new(x + 16.0 * g, y),
                    egui::Align2::LEFT_CENTER,
                    text,
                    font.clone(),
                    style.label,
                );
            }
            None => {
                painter.text(
                    Pos2::new(x, y),
                    egui::Align2::LEFT_CENTER,
                    text,
                    egui::FontId::proportional(size + g),
                    style.label,
                );
            }
        }
    }
}

fn add_dashed_line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.5 {
        return;
    }
    let (dash, gap) = ((width * 4.0).max(4.0), (width * 3.0).max(3.0));
    let step = d / len;
    let mut at = 0.0;
    while at < len {
        let end = (at + dash).min(len);
        add_line(mesh, a + step * at, a + step * end, width, colour);
        at = end + gap;
    }
}

fn add_line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.5 {
        return;
    }
    let n = Vec2::new(-d.y, d.x) / len * (width * 0.5);
    let i = mesh.vertices.len() as u32;
    for p in [a + n, a - n, b - n, b + n] {
        mesh.vertices.push(epaint::Vertex {
            pos: p,
            uv: epaint::WHITE_UV,
            color: colour,
        });
    }
    mesh.indices
        .extend_from_slice(&[i, i + 1, i + 2, i, i + 2, i + 3]);
}

/// Adds an arrowhead on the line from `from` to `to`, its tip `inset` short of `to`.
fn add_arrowhead(mesh: &mut Mesh, from: Pos2, to: Pos2, inset: f32, width: f32, colour: Color32) {
    let d = to - from;
    let len = d.length();
    let head = theme::ARROW_HEAD + width * 1.2;
    if len < inset + head * 2.0 {
        return;
    }
    let u = d / len;
    let n = Vec2::new(-u.y, u.x);
    let tip = to - u * inset;
    let back = tip - u * head * 1.5;
    let i = mesh.vertices.len() as u32;
    for p in [tip, back + n * head * 0.6, back - n * head * 0.6] {
        mesh.vertices.push(epaint::Vertex {
            pos: p,
            uv: epaint::WHITE_UV,
            color: colour,
        });
    }
    mesh.indices.extend_from_slice(&[i, i + 1, i + 2]);
}

/// Draws a node mark.
fn mark(painter: &egui::Painter, m: Mark, c: Pos2, r: f32, fill: Option<Color32>, stroke: Stroke) {
    match m {
        Mark::Circle => match fill {
            Some(f) => {
                painter.circle(c, r, f, stroke);
            }
            None => {
                painter.circle_stroke(c, r, stroke);
            }
        },
        Mark::Square | Mark::Diamond => {
            let k = if m == Mark::Square { 0.88 } else { 1.2 };
            let pts: Vec<Pos2> = if m == Mark::Square {
                vec![
                    c + Vec2::new(-r * k, -r * k),
                    c + Vec2::new(r * k, -r * k),
                    c + Vec2::new(r * k, r * k),
                    c + Vec2::new(-r * k, r * k),
                ]
            } else {
                vec![
                    c + Vec2::new(0.0, -r * k),
                    c + Vec2::new(r * k, 0.0),
                    c + Vec2::new(0.0, r * k),
                    c + Vec2::new(-r * k, 0.0),
                ]
            };
            painter.add(Shape::convex_polygon(
                pts,
                fill.unwrap_or(Color32::TRANSPARENT),
                stroke,
            ));
        }
    }
}

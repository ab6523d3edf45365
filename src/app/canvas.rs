//! The sociogram canvas: an egui_graphs `GraphView` over the study ([`super::sociogram`]
//! draws Kith's marks and ties), with the corners' furniture (names badge, legend, wave
//! key) and callouts around it. egui_graphs supplies hover, clicks, dragging, zoom, pan
//! and fitting; this widget turns its events into session [`Command`]s, so a drag is one
//! undoable `MoveNode` and saved views keep their camera.

use eframe::egui::{self, Color32, Mesh, Pos2, Rect, Shape, Stroke, Vec2};
use egui_graphs::{GraphChange, MetadataFrame, SettingsInteraction, SettingsNavigation};

use super::marks::{add_dashed_line, add_line, legend_size};
use super::sociogram::{Drawing, Placed, SocioView, Sociogram};
use super::theme;
use crate::layout::Point;
use crate::model::NodeId;
use crate::scene::{NodeStyles, Vis, palette};
use crate::session::{Camera, Command, Session};

/// The key under which egui_graphs keeps the workbench canvas's zoom and pan.
const VIEW_ID: &str = "kith canvas";

/// Room left around the network when it is fitted, as a share of its size.
const FIT_PADDING: f32 = 0.12;

/// Zoom and pan of the canvas, and a drag in progress.
#[derive(Debug, Clone)]
pub struct SociogramCanvas {
    /// The study as egui_graphs draws it.
    sociogram: Sociogram,
    /// Fit the network into the canvas on the next frame.
    fit: bool,
    /// Keep fitting while the layout moves, until the user zooms or pans.
    follow: bool,
    /// The zoom at the last fit, so nodes grow a little when zooming in.
    fitted_zoom: f32,
    /// The node being dragged, and whether the pointer has moved it yet.
    dragging: Option<(usize, bool)>,
    pending_centre: Option<usize>,
    /// A saved view's camera to look through; held for egui_graphs' first frame, which
    /// fits whatever it is told.
    pending_camera: Option<Camera>,
    /// The shorter side of the canvas at the last frame, in points.
    side: f32,
    /// Where the canvas looked in the last frame.
    placed: Option<Placed>,
    /// Frames shown so far (egui_graphs fits the first one by itself).
    frames: u64,
    /// Where the overlays (names badge, legend, wave key) went in the last frame.
    overlays: Vec<(&'static str, Rect)>,
}

impl Default for SociogramCanvas {
    fn default() -> Self {
        SociogramCanvas {
            sociogram: Sociogram::default(),
            fit: true,
            follow: true,
            fitted_zoom: 1.0,
            dragging: None,
            pending_centre: None,
            pending_camera: None,
            side: 600.0,
            placed: None,
            frames: 0,
            overlays: Vec::new(),
        }
    }
}

impl SociogramCanvas {
    /// Fits the network to the view on the next frame and follows the layout.
    pub fn fit_next(&mut self) {
        self.fit = true;
        self.follow = true;
        self.pending_camera = None;
    }

    /// The layout moved: refit if following it.
    pub fn layout_moved(&mut self) {
        if self.follow {
            self.fit = true;
        }
    }

    /// Where the canvas looks now, to save with a view.
    pub fn camera(&self) -> Camera {
        match self.placed {
            Some(p) => Camera {
                center: p.centre(),
                zoom: p.zoom / self.side.max(1.0),
            },
            None => Camera {
                center: Point::default(),
                zoom: 1.0 / self.side.max(1.0),
            },
        }
    }

    /// Looks where a saved view looked, or fits everything for `None`.
    pub fn set_camera(&mut self, camera: Option<Camera>) {
        match camera {
            Some(c) if c.zoom.is_finite() && c.zoom > 0.0 => {
                self.pending_camera = Some(c);
                self.follow = false;
            }
            _ => self.fit_next(),
        }
    }

    /// Centres node `i` on the next frame.
    pub fn centre_on(&mut self, i: usize) {
        self.pending_centre = Some(i);
    }

    /// Where node `i` was drawn in the last frame, in screen points.
    pub fn screen_pos(&self, i: usize) -> Option<Pos2> {
        let placed = self.placed?;
        Some(placed.to_screen(self.sociogram.location(i)?))
    }

    /// Draws the canvas and turns egui_graphs' events into commands.
    pub fn ui(&mut self, ui: &mut egui::Ui, session: &Session, commands: &mut Vec<Command>) {
        let rect = ui.available_rect_before_wrap();
        let side = rect.width().min(rect.height()).max(1.0);
        self.navigate(ui, rect, side, session);

        let style = theme::CanvasStyle::WORKBENCH;
        self.sociogram.sync(session, &style);
        let styles = session.styles();
        // The corners' furniture is placed together, so that none covers another.
        let painter = ui.painter_at(rect);
        let badge = badge_galley(&painter, session.view().anonymise);
        let legend_size = styles.and_then(|s| legend_size(&painter, s, &style));
        let key = session.wave_change().map(wave_key_rows);
        let key_size = key.as_ref().map(|rows| wave_key_size(&painter, rows));
        let placed = place_overlays(rect, badge.0.size(), legend_size, key_size);

        let zoom = MetadataFrame::new(Some(VIEW_ID.to_string())).load(ui).zoom;
        let node_scale =
            theme::NODE_RADIUS * (zoom / self.fitted_zoom.max(1e-9)).sqrt().clamp(0.7, 4.0);
        // egui_graphs fits in the frames it is asked to; never under a node being dragged.
        let fit = self.fit && self.follow && self.dragging.is_none();
        self.fit = false;
        let view = SocioView::new()
            .with_interactions(
                &SettingsInteraction::new()
                    .with_dragging_enabled(true)
                    .with_hover_enabled(true)
                    .with_node_clicking_enabled(true),
            )
            .with_navigations(
                &SettingsNavigation::new()
                    .with_zoom_and_pan_enabled(true)
                    .with_fit_to_screen_enabled(fit)
                    .with_fit_to_screen_padding(FIT_PADDING),
            );
        let (graph_response, drawn) = self.sociogram.show(
            ui,
            session,
            view,
            &Drawing {
                id: VIEW_ID,
                node_scale,
                style: &style,
                legend_frame: placed.legend,
                hit_slack: 3.0,
            },
        );
        self.frames += 1;
        if fit {
            self.fitted_zoom = drawn.zoom;
        }
        self.placed = Some(drawn);
        let response = graph_response.response;
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::WidgetType::Other, true, "Sociogram canvas")
        });
        self.commands_from(&graph_response.changes, &response, session, commands);

        let painter = ui.painter_at(drawn.rect);
        let at = |i: usize| self.screen_pos(i);
        callouts(&painter, session, &at, &style);
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
        if self.dragging.is_none()
            && let Some(i) = self.sociogram.graph().hovered_node().map(|n| n.index())
            && let Some(node) = session.study().nodes().get(i)
        {
            let name = session.shown_name(i);
            response.on_hover_text_at_pointer(format!(
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

    /// Moves egui_graphs' camera before it draws: a saved view's camera, a node to centre,
    /// the framing kept when the canvas changes size, and zooming with the plain mouse
    /// wheel (egui_graphs zooms with Ctrl and the wheel, or a pinch, only).
    fn navigate(&mut self, ui: &mut egui::Ui, rect: Rect, side: f32, session: &Session) {
        let mut meta = MetadataFrame::new(Some(VIEW_ID.to_string())).load(ui);
        let half = rect.size() * 0.5;
        let look_at = |meta: &mut MetadataFrame, centre: Point, zoom: f32| {
            meta.zoom = zoom;
            meta.pan = half - Vec2::new(centre.x, centre.y) * zoom;
        };
        if (side - self.side).abs() > 0.5 {
            // Keep the framing when the window (or the panels around it) change size.
            let ratio = side / self.side.max(1.0);
            if let Some(p) = self.placed {
                look_at(&mut meta, p.centre(), p.zoom * ratio);
            }
            self.fitted_zoom *= ratio;
            self.side = side;
        }
        if let Some(c) = self.pending_camera {
            look_at(&mut meta, c.center, c.zoom * side);
            if self.frames > 0 {
                self.pending_camera = None;
            }
        }
        if let Some(i) = self.pending_centre.take()
            && let Some(p) = session.positions().get(i)
        {
            let zoom = meta.zoom;
            look_at(&mut meta, *p, zoom);
            self.follow = false;
        }
        if let Some(pointer) = ui.ctx().pointer_hover_pos()
            && rect.contains(pointer)
            && ui.ctx().dragged_id().is_none()
        {
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            if scroll.abs() > 0.0 {
                let factor = (scroll / 300.0).exp();
                let local = pointer - rect.min;
                let under = (local - meta.pan) / meta.zoom;
                meta.zoom = (meta.zoom * factor).clamp(1e-4, 1e4);
                meta.pan = local - under * meta.zoom;
            }
            if scroll.abs() > 0.0 || pinch != 1.0 {
                self.follow = false;
            }
        }
        meta.save(ui);
    }

    /// Turns egui_graphs' events of this frame into session commands: a click selects (the
    /// background clears the selection), a finished drag moves and pins the node, a double
    /// click on a pinned node lets the layout move it again.
    fn commands_from(
        &mut self,
        changes: &[GraphChange<u32>],
        response: &egui::Response,
        session: &Session,
        commands: &mut Vec<Command>,
    ) {
        let mut clicked_node = false;
        for change in changes {
            match change {
                GraphChange::NodeDragStarted { node } => {
                    self.dragging = Some((node.index(), false));
                }
                GraphChange::NodeMoved { node, .. } => {
                    // egui_graphs snaps a pressed node to the pointer; only a real drag
                    // (past egui's threshold) moves it.
                    if let Some((i, moved)) = &mut self.dragging
                        && *i == node.index()
                        && response.dragged()
                    {
                        *moved = true;
                    }
                }
                GraphChange::NodeDragEnded { node } => {
                    if let Some((i, true)) = self.dragging.take()
                        && i == node.index()
                        && let Some(to) = self.sociogram.location(i)
                    {
                        commands.push(Command::MoveNode {
                            node: NodeId(i as u32),
                            to,
                            pinned: true,
                        });
                    }
                    self.dragging = None;
                }
                GraphChange::NodeClicked { node } => {
                    clicked_node = true;
                    commands.push(Command::Select(Some(NodeId(node.index() as u32))));
                }
                GraphChange::NodeDoubleClicked { node } => {
                    clicked_node = true;
                    let i = node.index();
                    if session.is_pinned(i)
                        && let Some(p) = session.positions().get(i)
                    {
                        // Double-clicking a pinned node lets the layout move it again.
                        commands.push(Command::MoveNode {
                            node: NodeId(i as u32),
                            to: *p,
                            pinned: false,
                        });
                    }
                }
                GraphChange::Panned { .. } | GraphChange::Zoomed { .. }
                    if response.dragged() && self.dragging.is_none() =>
                {
                    // The user pans: stop following the layout.
                    self.follow = false;
                }
                _ => {}
            }
        }
        if response.clicked() && !clicked_node {
            commands.push(Command::Select(None));
        }
    }

    /// Where the names badge, the legend and the wave key were drawn in the last frame.
    pub fn overlays(&self) -> &[(&'static str, Rect)] {
        &self.overlays
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
    let at = |i: usize| {
        positions
            .get(i)
            .map(|p| rect.center() + Vec2::new((p.x - centre.x) * zoom, (p.y - centre.y) * zoom))
    };
    callouts(painter, session, &at, style);
}

/// The notes pointing at nodes, as exported figures draw them: text in a box beside the
/// node with a leader line, sized with the labels of `style`.
fn callouts(
    painter: &egui::Painter,
    session: &Session,
    at: &dyn Fn(usize) -> Option<Pos2>,
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
        let Some(at) = at(id.index()) else {
            continue;
        };
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
            theme::color(palette::TIE_GAINED),
            false,
            format!("gained since {}", change.from),
        ),
        (
            theme::color(palette::TIE_LOST),
            true,
            format!("lost since {}", change.from),
        ),
        (theme::color(palette::TIE), false, "kept".to_string()),
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
    for (k, (color, dashed, text)) in rows.iter().enumerate() {
        let y = frame.top() + 3.0 + row * (k as f32 + 0.5);
        let (a, b) = (
            Pos2::new(frame.left() + 6.0, y),
            Pos2::new(frame.left() + 32.0, y),
        );
        if *dashed {
            add_dashed_line(&mut mesh, a, b, 1.5, *color);
        } else {
            add_line(&mut mesh, a, b, 2.0, *color);
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

//! Presentation mode: the sociogram played back to residents in a community hall. Full
//! screen, no panels, labels readable from the back of the room, black on white, and names
//! hidden unless the analyst chose otherwise, with the state always shown on screen.
//!
//! The arrow keys, a presentation clicker (Page Down / Page Up) and Space step through the
//! saved views with a short fade; clicking a person shows a large card about them; Esc closes
//! the card, then leaves. Leaving puts back what entering changed (full screen, the
//! anonymise switch, the view), so the workbench is as the analyst left it.
//!
//! Like every panel this only reads the [`Session`] and pushes [`Command`]s; the workbench
//! applies them once a frame.

use std::collections::BTreeSet;

use eframe::egui::{self, Key, Modifiers, Pos2, Rect, Vec2};

use egui_graphs::{GraphChange, SettingsInteraction, SettingsNavigation};

use super::sociogram::{Drawing, SocioView, Sociogram};
use super::theme::{self, CanvasStyle};
use crate::analysis::BrokerRule;
use crate::analysis::broker::ISOLATE_EXPLANATION;
use crate::layout::Point;
use crate::model::{NodeId, NodeKind, Study};
use crate::scene::View;
use crate::session::{Camera, Command, Session};
use crate::survey::scales::ScaleKind;

/// What the card says about a cut point.
const CUT_POINT_EXPLANATION: &str =
    "A cut point: without them, part of the network falls apart into pieces.";

/// How many neighbours the card names before it says "and N more".
const CARD_NEIGHBOURS: usize = 12;

/// Presentation mode's state: whether it is on, what to put back on leaving, the step
/// through the saved views, the camera and the person card.
#[derive(Debug, Default)]
pub struct Presentation {
    active: bool,
    /// Asked to start, waiting for a file being opened (or the import wizard) to finish.
    asked: bool,
    /// The analyst chose to show names in presentations (off by default).
    names_visible: bool,
    /// What entering changed, to put back on leaving.
    before: Option<Before>,
    /// The saved view on screen, if any.
    shown: Option<usize>,
    /// A step between saved views in progress.
    transition: Option<Transition>,
    /// A camera move in progress: where it started and when.
    camera_move: Option<(Cam, f64)>,
    /// The camera the saved view on screen asks for (`None`: fit everything).
    camera: Option<Camera>,
    /// Where the canvas looked in the last frame (for hit-testing and tests).
    last: Option<Frame>,
    /// The person whose card is open.
    card: Option<usize>,
    /// The study as egui_graphs draws it, in presentation mode's style.
    sociogram: Sociogram,
}

/// The key under which egui_graphs keeps presentation mode's zoom and pan.
const VIEW_ID: &str = "kith presentation";

/// The state entering found, put back on leaving.
#[derive(Debug, Clone)]
struct Before {
    view: View,
    relations: Option<BTreeSet<String>>,
    waves: Option<BTreeSet<String>>,
    /// Whether the window was full screen already, and when full screen was asked for
    /// (known after the first frame).
    fullscreen: Option<(bool, f64)>,
    /// The window's place and size before it was stretched over the monitor by hand.
    stretched: Option<Rect>,
}

/// A step to another saved view: the view is applied halfway, when the screen is blank.
#[derive(Debug, Clone, Copy)]
struct Transition {
    target: usize,
    start: f64,
    applied: bool,
}

/// Screen points per layout unit and the layout point at the centre.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cam {
    centre: Point,
    zoom: f32,
}

/// The canvas as drawn in the last frame.
#[derive(Debug, Clone, Copy)]
struct Frame {
    rect: Rect,
    cam: Cam,
    node_scale: f32,
}

impl Frame {
    fn to_screen(self, p: Point) -> Pos2 {
        self.rect.center()
            + Vec2::new(
                (p.x - self.cam.centre.x) * self.cam.zoom,
                (p.y - self.cam.centre.y) * self.cam.zoom,
            )
    }
}

impl Presentation {
    /// Whether presentation mode is on.
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// Whether the analyst chose to show names in presentations.
    pub fn names_visible(&self) -> bool {
        self.names_visible
    }

    /// Chooses whether presentations show names (the toolbar's switch).
    pub fn set_names_visible(&mut self, visible: bool) {
        self.names_visible = visible;
    }

    /// The node whose card is open.
    pub fn card(&self) -> Option<usize> {
        self.card
    }

    /// Opens the card of node `i` (tests; a click does the same).
    pub fn show_card(&mut self, i: usize) {
        self.card = Some(i);
    }

    /// Where node `i` was drawn in the last frame, to click it (tests).
    pub fn screen_pos(&self, session: &Session, i: usize) -> Option<Pos2> {
        let f = self.last?;
        session.positions().get(i).map(|p| f.to_screen(*p))
    }

    /// The toolbar's "Present" button and the switch for names; returns true when the
    /// button was pressed.
    pub fn toolbar_ui(&mut self, ui: &mut egui::Ui) -> bool {
        let present = ui
            .button("▶ Present")
            .on_hover_text(
                "Show the sociogram full screen for a workshop (F11): large labels, names \
                 hidden, arrow keys or a clicker step through the saved views, Esc leaves",
            )
            .clicked();
        ui.checkbox(&mut self.names_visible, "Names in presentation")
            .on_hover_text(
                "Show real names in presentation mode. Off: names are hidden (P001, …) while \
                 presenting and come back when you leave",
            );
        present
    }

    /// Asks for presentation mode; it starts with [`Presentation::start_if_asked`], once
    /// the study to show is open.
    pub fn ask(&mut self) {
        self.asked = true;
    }

    /// Turns presentation mode on if asked to: hides names unless the analyst chose to show
    /// them, and remembers what to put back on leaving. The workbench calls this when no
    /// file is being opened, so `kith --present FILE` presents FILE, not the sample.
    pub fn start_if_asked(&mut self, session: &Session, commands: &mut Vec<Command>) {
        if !std::mem::take(&mut self.asked) || self.active {
            return;
        }
        self.active = true;
        self.before = Some(Before {
            view: session.view().clone(),
            relations: session.relations().cloned(),
            waves: session.waves().cloned(),
            fullscreen: None,
            stretched: None,
        });
        if !self.names_visible && !session.view().anonymise {
            commands.push(Command::Anonymise(true));
        }
        self.shown = session.current_saved_view();
        self.camera = self
            .shown
            .and_then(|i| session.saved_views().get(i))
            .and_then(|v| v.camera);
        self.transition = None;
        self.camera_move = None;
        self.card = None;
        self.last = None;
    }

    /// Turns presentation mode off and puts back the window, the names and the view as they
    /// were before.
    fn leave(&mut self, ctx: &egui::Context, session: &Session, commands: &mut Vec<Command>) {
        self.active = false;
        self.card = None;
        self.transition = None;
        self.camera_move = None;
        let Some(before) = self.before.take() else {
            return;
        };
        if before.fullscreen.is_none_or(|(already, _)| !already) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
        if let Some(r) = before.stretched {
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(r.size()));
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(r.min));
        }
        if session.view() != &before.view
            || session.relations() != before.relations.as_ref()
            || session.waves() != before.waves.as_ref()
        {
            commands.push(Command::SetViewState {
                view: Box::new(before.view),
                relations: before.relations,
                waves: before.waves,
            });
        }
    }

    /// Draws the whole window in presentation mode and turns keys and clicks into steps,
    /// cards and commands.
    pub fn ui(&mut self, ui: &mut egui::Ui, session: &Session, commands: &mut Vec<Command>) {
        let ctx = ui.ctx().clone();
        let now = ctx.input(|i| i.time);
        if let Some(b) = &mut self.before {
            full_screen(&ctx, b, now);
        }
        if self.keys_ui(&ctx, session, commands, now) {
            return;
        }
        let veil = self.advance(session, commands, now);

        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(theme::PRESENT_PAPER))
            .show(ui, |ui| {
                let rect = ui.available_rect_before_wrap();
                let frame = self.frame_for(rect, session, now);
                self.last = Some(frame);
                let style = CanvasStyle::presentation(rect.height());
                self.sociogram.sync(session, &style);
                // egui_graphs looks where presentation mode's camera is this frame.
                let mut meta = egui_graphs::MetadataFrame::new(Some(VIEW_ID.to_string())).load(ui);
                meta.zoom = frame.cam.zoom;
                meta.pan = rect.size() * 0.5
                    - Vec2::new(frame.cam.centre.x, frame.cam.centre.y) * frame.cam.zoom;
                meta.save(ui);
                let view = SocioView::new()
                    .with_interactions(&SettingsInteraction::new().with_node_clicking_enabled(true))
                    .with_navigations(
                        &SettingsNavigation::new()
                            .with_fit_to_screen_enabled(false)
                            .with_zoom_and_pan_enabled(false),
                    );
                let (shown, _) = self.sociogram.show(
                    ui,
                    session,
                    view,
                    &Drawing {
                        id: VIEW_ID,
                        node_scale: frame.node_scale,
                        style: &style,
                        legend_frame: None,
                        // Generous: a shaky hand on a projector remote still finds the person.
                        hit_slack: 8.0,
                    },
                );
                let response = shown.response;
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::Other, true, "Presentation")
                });
                let painter = ui.painter_at(rect);
                super::canvas::paint_callouts(
                    &painter,
                    rect,
                    session,
                    session.positions(),
                    frame.cam.zoom,
                    frame.cam.centre,
                    &style,
                );
                if let Some(i) = self.card
                    && let Some(p) = session.positions().get(i)
                {
                    let r = session
                        .styles()
                        .and_then(|s| s.nodes.get(i))
                        .map_or(1.0, |s| s.radius)
                        * frame.node_scale;
                    painter.circle_stroke(
                        frame.to_screen(*p),
                        r + style.selected_width * 2.0,
                        egui::Stroke::new(style.selected_width, theme::SELECTED),
                    );
                }
                if veil > 0.0 {
                    painter.rect_filled(rect, 0.0, theme::PRESENT_PAPER.gamma_multiply(veil));
                }
                if response.clicked() {
                    self.card = shown.changes.iter().find_map(|c| match c {
                        GraphChange::NodeClicked { node } => Some(node.index()),
                        _ => None,
                    });
                }
            });

        let height = ctx.content_rect().height();
        let style = theme::presentation_style(&ctx.global_style(), height);
        self.overlays_ui(&ctx, session, &style, height);
        if let Some(i) = self.card {
            // The card goes on the side away from the person, so it does not hide them.
            let left = self
                .screen_pos(session, i)
                .zip(self.last)
                .is_some_and(|(p, f)| p.x > f.rect.center().x);
            card_ui(&ctx, session, i, &style, height, left);
        }
        if self.transition.is_some()
            || self.camera_move.is_some()
            || !session.layout().settled() && !session.layout().paused()
        {
            ctx.request_repaint();
        }
    }

    /// Handles the keys; returns true when presentation mode was left.
    fn keys_ui(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        commands: &mut Vec<Command>,
        now: f64,
    ) -> bool {
        let pressed = |keys: &[Key]| {
            ctx.input_mut(|i| {
                // Every key is consumed, not just the first pressed.
                let mut any = false;
                for k in keys {
                    any |= i.consume_key(Modifiers::NONE, *k);
                }
                any
            })
        };
        if pressed(&[Key::Escape]) {
            if self.card.is_some() {
                self.card = None;
            } else {
                self.leave(ctx, session, commands);
                return true;
            }
        }
        if pressed(&[Key::F11]) {
            self.leave(ctx, session, commands);
            return true;
        }
        let next = pressed(&[Key::ArrowRight, Key::ArrowDown, Key::PageDown, Key::Space]);
        let back = pressed(&[Key::ArrowLeft, Key::ArrowUp, Key::PageUp]);
        let first = pressed(&[Key::Home]);
        let last = pressed(&[Key::End]);
        let n = session.saved_views().len();
        if n == 0 {
            return false;
        }
        // Where a step starts: the view a running step goes to, else the one on screen.
        let from = self.transition.map(|t| t.target).or(self.shown);
        let target = if next {
            Some(from.map_or(0, |i| (i + 1).min(n - 1)))
        } else if back {
            Some(from.map_or(n - 1, |i| i.saturating_sub(1)))
        } else if first {
            Some(0)
        } else if last {
            Some(n - 1)
        } else {
            None
        };
        if let Some(target) = target
            && Some(target) != from
        {
            self.card = None;
            self.transition = match self.transition {
                // Not yet applied: the screen is still fading out, so only aim elsewhere.
                Some(t) if !t.applied => Some(Transition { target, ..t }),
                _ => Some(Transition {
                    target,
                    start: now,
                    applied: false,
                }),
            };
        }
        false
    }

    /// Moves the step and the camera on; returns how much of the screen the fade covers
    /// (0 to 1).
    fn advance(&mut self, session: &Session, commands: &mut Vec<Command>, now: f64) -> f32 {
        let mut veil = 0.0;
        if let Some(t) = &mut self.transition {
            let total = f64::from(theme::PRESENT_TRANSITION);
            let half = total / 2.0;
            let e = now - t.start;
            if !t.applied && e >= half {
                t.applied = true;
                commands.push(Command::ApplyView(t.target));
                self.shown = Some(t.target);
                let camera = session.saved_views().get(t.target).and_then(|v| v.camera);
                if camera != self.camera {
                    if let Some(f) = self.last {
                        self.camera_move = Some((f.cam, now));
                    }
                    self.camera = camera;
                }
            }
            veil = if e < half {
                e / half
            } else {
                1.0 - (e - half) / half
            }
            .clamp(0.0, 1.0) as f32;
            if e >= total {
                self.transition = None;
            }
        }
        if let Some((_, start)) = self.camera_move
            && now - start >= f64::from(theme::PRESENT_CAMERA_TIME)
        {
            self.camera_move = None;
        }
        veil
    }

    /// Where the canvas looks this frame: the saved view's camera (or everything fitted),
    /// on its way there from the last one during a move.
    fn frame_for(&self, rect: Rect, session: &Session, now: f64) -> Frame {
        let side = rect.width().min(rect.height()).max(1.0);
        // Room at the edges for the badges, the step indicator and the legend.
        let fitted = fit(
            rect.shrink2(Vec2::new(rect.width() * 0.06, rect.height() * 0.1)),
            session,
        );
        let target = match self.camera {
            Some(c) if c.zoom.is_finite() && c.zoom > 0.0 => Cam {
                centre: c.center,
                zoom: c.zoom * side,
            },
            _ => fitted,
        };
        let cam = match self.camera_move {
            Some((from, start)) => {
                let t =
                    ((now - start) / f64::from(theme::PRESENT_CAMERA_TIME)).clamp(0.0, 1.0) as f32;
                let s = t * t * (3.0 - 2.0 * t);
                Cam {
                    centre: Point::new(
                        from.centre.x + (target.centre.x - from.centre.x) * s,
                        from.centre.y + (target.centre.y - from.centre.y) * s,
                    ),
                    // Zoom moves evenly in scale, not in units, so it does not lurch.
                    zoom: from.zoom * (target.zoom / from.zoom.max(1e-6)).powf(s),
                }
            }
            None => target,
        };
        let grow = (cam.zoom / fitted.zoom.max(1e-6)).sqrt().clamp(0.7, 4.0);
        Frame {
            rect,
            cam,
            node_scale: rect.height() * theme::PRESENT_NODE_PER_HEIGHT * grow,
        }
    }

    /// The badges over the canvas: names hidden or visible (top left), the step through
    /// the saved views (bottom left), the keys (bottom right) and the title (top centre).
    fn overlays_ui(
        &self,
        ctx: &egui::Context,
        session: &Session,
        style: &egui::Style,
        height: f32,
    ) {
        let margin = height * theme::PRESENT_MARGIN_PER_HEIGHT;
        let text = height * theme::PRESENT_TEXT_PER_HEIGHT;
        // The colours of the workbench canvas's badge, so the signal is the same in both.
        let (names, fill) = if session.names_hidden() {
            ("Names hidden", theme::NAMES_HIDDEN)
        } else {
            ("NAMES VISIBLE", theme::NAMES_VISIBLE)
        };
        badge(
            ctx,
            "present-names",
            egui::Align2::LEFT_TOP,
            Vec2::splat(margin),
            style,
            fill,
            egui::RichText::new(names)
                .size(text)
                .strong()
                .color(theme::PRESENT_BADGE_TEXT),
        );
        let views = session.saved_views();
        let step = if views.is_empty() {
            "No saved views: press Esc, save views in the Views panel".to_string()
        } else {
            let on_screen = self.transition.map(|t| t.target).or(self.shown);
            match on_screen.and_then(|i| views.get(i).map(|v| (i, v))) {
                Some((i, v)) => format!(
                    "{} / {} · {}",
                    i + 1,
                    views.len(),
                    session.shown_text(&v.name)
                ),
                None => format!(
                    "Current view · Page Down shows the first of {} saved view{}",
                    views.len(),
                    if views.len() == 1 { "" } else { "s" }
                ),
            }
        };
        badge(
            ctx,
            "present-step",
            egui::Align2::LEFT_BOTTOM,
            Vec2::new(margin, -margin),
            style,
            theme::PRESENT_BADGE,
            egui::RichText::new(step)
                .size(text)
                .color(theme::PRESENT_BADGE_TEXT),
        );
        badge(
            ctx,
            "present-keys",
            egui::Align2::RIGHT_BOTTOM,
            Vec2::new(-margin, -margin),
            style,
            theme::PRESENT_PAPER,
            egui::RichText::new(
                "Page Down or Right: next · Page Up or Left: back · click a person · Esc leaves",
            )
            .size(text * 0.7)
            .color(theme::PRESENT_WEAK),
        );
        if let Some(title) = session.view().title.as_deref().filter(|t| !t.is_empty()) {
            let title = session.shown_text(title).into_owned();
            badge(
                ctx,
                "present-title",
                egui::Align2::CENTER_TOP,
                Vec2::new(0.0, margin),
                style,
                theme::PRESENT_PAPER,
                egui::RichText::new(title)
                    .size(text * 1.2)
                    .strong()
                    .color(theme::PRESENT_INK),
            );
        }
    }
}

/// Asks for full screen on the first frame; when the window manager has not made the
/// window cover the monitor half a second later (a bare X server, a kiosk), stretches it
/// over the monitor by hand, remembering where it was.
fn full_screen(ctx: &egui::Context, before: &mut Before, now: f64) {
    let (fullscreen, monitor, inner, outer) = ctx.input(|i| {
        let v = i.viewport();
        (v.fullscreen, v.monitor_size, v.inner_rect, v.outer_rect)
    });
    let Some((already, asked)) = before.fullscreen else {
        let already = fullscreen.unwrap_or(false);
        before.fullscreen = Some((already, now));
        if !already {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        }
        return;
    };
    if already || before.stretched.is_some() {
        return;
    }
    if now - asked < 0.5 {
        // A still picture asks for no frames: make sure there is one to check in.
        ctx.request_repaint_after(std::time::Duration::from_millis(600));
        return;
    }
    if let (Some(monitor), Some(inner)) = (monitor, inner)
        && (inner.width() < monitor.x - 1.0 || inner.height() < monitor.y - 1.0)
    {
        before.stretched = Some(Rect::from_min_size(
            outer.unwrap_or(inner).min,
            inner.size(),
        ));
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(Pos2::ZERO));
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(monitor));
    }
}

/// One line of text on a filled badge, anchored to a corner of the screen.
fn badge(
    ctx: &egui::Context,
    id: &str,
    align: egui::Align2,
    offset: Vec2,
    style: &egui::Style,
    fill: egui::Color32,
    text: egui::RichText,
) {
    egui::Area::new(egui::Id::new(id))
        .order(egui::Order::Foreground)
        .anchor(align, offset)
        .interactable(false)
        .show(ctx, |ui| {
            ui.set_style(style.clone());
            let pad = text_size(style) * 0.4;
            egui::Frame::new()
                .fill(fill)
                .corner_radius(theme::PRESENT_CORNER)
                .inner_margin(egui::Margin::symmetric(
                    (pad * 1.5) as i8,
                    pad.min(100.0) as i8,
                ))
                .show(ui, |ui| {
                    ui.add(egui::Label::new(text).extend());
                });
        });
}

/// The body text size of a style.
fn text_size(style: &egui::Style) -> f32 {
    style
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(theme::LABEL_SIZE, |f| f.size)
}

/// The camera that fits every node shown into `rect`.
fn fit(rect: Rect, session: &Session) -> Cam {
    let Some((lo, hi)) = super::canvas::shown_bounds(session.positions(), session.styles()) else {
        return Cam {
            centre: Point::default(),
            zoom: 1.0,
        };
    };
    let (w, h) = ((hi.x - lo.x).max(1e-3), (hi.y - lo.y).max(1e-3));
    Cam {
        centre: Point::new((lo.x + hi.x) * 0.5, (lo.y + hi.y) * 0.5),
        zoom: (rect.width().max(10.0) / w)
            .min(rect.height().max(10.0) / h)
            .clamp(1e-4, 1e3),
    }
}

/// The large card about node `i`: name (a pseudonym when names are hidden), kind,
/// connections, key attributes and flags with what they mean; on the `left` of the screen
/// or the right.
fn card_ui(
    ctx: &egui::Context,
    session: &Session,
    i: usize,
    style: &egui::Style,
    height: f32,
    left: bool,
) {
    let Some(card) = Card::new(session, i) else {
        return;
    };
    let width = ctx.content_rect().width() * theme::PRESENT_CARD_WIDTH;
    let margin = height * theme::PRESENT_MARGIN_PER_HEIGHT;
    let body = text_size(style);
    egui::Area::new(egui::Id::new("present-card"))
        .order(egui::Order::Foreground)
        .anchor(
            if left {
                egui::Align2::LEFT_CENTER
            } else {
                egui::Align2::RIGHT_CENTER
            },
            Vec2::new(if left { margin * 2.0 } else { -margin * 2.0 }, 0.0),
        )
        .show(ctx, |ui| {
            ui.set_style(style.clone());
            egui::Frame::new()
                .fill(theme::PRESENT_PAPER)
                .stroke(egui::Stroke::new(
                    theme::PRESENT_CARD_STROKE,
                    theme::PRESENT_INK,
                ))
                .corner_radius(theme::PRESENT_CORNER)
                .inner_margin(egui::Margin::same((body * 0.9).min(100.0) as i8))
                .show(ui, |ui| {
                    ui.set_width(width);
                    ui.heading(&card.name);
                    ui.label(&card.kind);
                    ui.add_space(body * 0.3);
                    ui.label(egui::RichText::new(&card.connections).strong());
                    if !card.neighbours.is_empty() {
                        ui.label(&card.neighbours);
                    }
                    if !card.attributes.is_empty() {
                        ui.add_space(body * 0.3);
                        egui::Grid::new("present-card-attributes")
                            .num_columns(2)
                            .spacing(Vec2::new(body, body * 0.2))
                            .show(ui, |ui| {
                                for (k, v) in &card.attributes {
                                    ui.label(egui::RichText::new(k).color(theme::PRESENT_WEAK));
                                    ui.label(egui::RichText::new(v).strong());
                                    ui.end_row();
                                }
                            });
                    }
                    for (flag, why) in &card.flags {
                        ui.add_space(body * 0.3);
                        ui.label(
                            egui::RichText::new(flag)
                                .strong()
                                .color(theme::PRESENT_FLAG),
                        );
                        ui.label(
                            egui::RichText::new(why)
                                .size(body * 0.8)
                                .color(theme::PRESENT_WEAK),
                        );
                    }
                    ui.add_space(body * 0.3);
                    ui.label(
                        egui::RichText::new("Click elsewhere or press Esc to close")
                            .size(body * 0.7)
                            .color(theme::PRESENT_WEAK),
                    );
                });
        });
}

/// What the card says, every name already replaced by a pseudonym when names are hidden.
#[derive(Debug, Clone, PartialEq)]
struct Card {
    name: String,
    kind: String,
    connections: String,
    neighbours: String,
    attributes: Vec<(String, String)>,
    flags: Vec<(String, String)>,
}

impl Card {
    fn new(session: &Session, i: usize) -> Option<Card> {
        let study = session.study();
        let node = study.nodes().get(i)?;
        let display = |k: usize| session.shown_name(k).to_string();
        let scrub = |s: &str| session.shown_text(s).into_owned();

        let (neighbours, named, named_by) = neighbours(study, i);
        let people = neighbours
            .iter()
            .filter(|&&k| study.nodes().get(k).is_some_and(|n| n.kind.is_person()))
            .count();
        let places = neighbours.len() - people;
        let mut connections = match neighbours.len() {
            0 => "No connections in this view".to_string(),
            1 => "1 connection".to_string(),
            n => format!("{n} connections"),
        };
        if places > 0 && people > 0 {
            connections.push_str(&format!(
                " ({people} {}, {places} place{} or group{})",
                if people == 1 { "person" } else { "people" },
                if places == 1 { "" } else { "s" },
                if places == 1 { "" } else { "s" },
            ));
        }
        if named + named_by > 0 && study.ties().iter().any(|t| t.directed) {
            connections.push_str(&format!(" · names {named}, named by {named_by}"));
        }
        let mut shown: Vec<String> = neighbours
            .iter()
            .take(CARD_NEIGHBOURS)
            .map(|&k| display(k))
            .collect();
        if neighbours.len() > CARD_NEIGHBOURS {
            shown.push(format!("and {} more", neighbours.len() - CARD_NEIGHBOURS));
        }
        let neighbours = if shown.is_empty() {
            String::new()
        } else {
            format!("Connected to {}", shown.join(", "))
        };

        let mut flags = Vec::new();
        let m = session.node_metrics();
        let id = NodeId(i as u32);
        if m.isolates.contains(&id) {
            flags.push(("Isolate".to_string(), ISOLATE_EXPLANATION.to_string()));
        }
        if m.brokers.contains(&id) {
            flags.push(("Broker".to_string(), BrokerRule::default().explanation()));
        }
        if m.cut_points.contains(&id) && !m.brokers.contains(&id) {
            flags.push(("Cut point".to_string(), CUT_POINT_EXPLANATION.to_string()));
        }

        Some(Card {
            name: display(i),
            kind: kind_name(node.kind).to_string(),
            connections,
            neighbours,
            attributes: key_attributes(study, i, &|name| session.shows_column(name))
                .into_iter()
                .map(|(k, v)| (k, scrub(&v)))
                .collect(),
            flags,
        })
    }
}

/// A kind as residents would say it.
fn kind_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Respondent => "Took part in the survey",
        NodeKind::Alter => "Named by someone who took part",
        NodeKind::Place => "A place",
        NodeKind::Group => "A group or organisation",
    }
}

/// The neighbours of node `i` in node order, and how many it names and is named by.
fn neighbours(study: &Study, i: usize) -> (Vec<usize>, usize, usize) {
    let mut set = BTreeSet::new();
    let mut named = BTreeSet::new();
    let mut named_by = BTreeSet::new();
    for t in study.ties() {
        let (a, b) = (t.source.index(), t.target.index());
        if a == b {
            continue;
        }
        if a == i {
            set.insert(b);
            if t.directed {
                named.insert(b);
            }
        } else if b == i {
            set.insert(a);
            if t.directed {
                named_by.insert(a);
            }
        }
    }
    (set.into_iter().collect(), named.len(), named_by.len())
}

/// The attributes worth a resident's attention: everything but the items of a scale
/// (`wemwbs_1` … `wemwbs_14`, shown as one score instead) and the columns `shows` refuses
/// (with names hidden, those that identify people: see [`crate::privacy`]).
fn key_attributes(study: &Study, i: usize, shows: &dyn Fn(&str) -> bool) -> Vec<(String, String)> {
    let attrs = study.node_attributes();
    let names: BTreeSet<&str> = attrs.iter().map(|a| a.name()).collect();
    let item_of_scale = |name: &str| -> bool {
        name.rsplit_once('_').is_some_and(|(base, n)| {
            !base.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
                && (names.contains(format!("{base}_1").as_str())
                    && names.contains(format!("{base}_2").as_str()))
        })
    };
    let mut out = Vec::new();
    for a in attrs {
        let name = a.name();
        if item_of_scale(name) || !shows(name) {
            continue;
        }
        if let Some(v) = a.value(i) {
            let text = v.to_string();
            if name == "wemwbs" {
                out.push(("Wellbeing (WEMWBS)".to_string(), format!("{text} of 70")));
            } else if !text.trim().is_empty() {
                out.push((pretty(name), text));
            }
        }
    }
    // WEMWBS from its items, when the study has them and not the total itself.
    if !names.contains("wemwbs") && names.contains("wemwbs_14") {
        let items: Vec<Option<f64>> = (1..=14)
            .map(|k| {
                study
                    .node_attribute(&format!("wemwbs_{k}"))
                    .and_then(|a| a.value(i))
                    .and_then(|v| v.as_number())
            })
            .collect();
        if let Some(score) = ScaleKind::Wemwbs.score(&items) {
            out.push(("Wellbeing (WEMWBS)".to_string(), format!("{score} of 70")));
        }
    }
    out
}

/// `employment_status` as "Employment status".
fn pretty(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_from_the_back_of_a_hall() {
        // Capitals are about 0.7 of the font size: at least 24 pixels on a 1080-line screen.
        assert!(CanvasStyle::presentation(1080.0).label_size * 0.7 >= 24.0);
        assert!(CanvasStyle::presentation(2160.0).label_size > 70.0);
        assert!(CanvasStyle::presentation(400.0).label_size >= theme::PRESENT_LABEL_MIN);
    }

    #[test]
    fn attribute_names_read_as_words() {
        assert_eq!(pretty("employment_status"), "Employment status");
        assert_eq!(pretty(""), "");
    }

    #[test]
    fn scale_items_make_one_score_and_names_never_show() {
        let study = crate::sample::bundled();
        let hidden = crate::privacy::identifying_node_columns(&study);
        let keys = key_attributes(&study, 0, &|c| !hidden.contains(c));
        assert!(keys.iter().all(|(k, _)| !k.starts_with("Wemwbs ")));
        assert!(keys.iter().any(|(k, _)| k == "Wellbeing (WEMWBS)"));
        assert!(keys.iter().any(|(k, _)| k == "Employment status"));
    }
}

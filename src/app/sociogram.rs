//! The live sociogram as an egui_graphs graph: Kith's node and tie drawing as egui_graphs
//! [`DisplayNode`] / [`DisplayEdge`] implementations, and a [`Feed`] layout through which
//! the session's ForceAtlas2 worker moves the nodes (egui_graphs' own force layout stays
//! off: it would run O(n²) on the UI thread).
//!
//! Why the displays hand their shapes to a frame batch instead of returning them:
//! egui_graphs draws in index order, one `Vec<Shape>` per element, while the exported
//! figure (and so the canvas) draws all ties in one mesh under the nodes, faded nodes
//! under shown ones and larger under smaller. With 20,000 ties a shape per tie costs more
//! than the whole painter frame (`cargo bench --bench canvas`), so each tie adds its quad
//! (and arrowheads) to the frame's one mesh, and each node its marks with its rank in the
//! figure's order; [`Sociogram::show`] paints the batch once egui_graphs has laid out,
//! hit-tested and walked the graph. `DrawContext` carries no user data, hence the
//! thread-local batch, set for exactly the duration of `GraphView::show`.
//!
//! egui_graphs clones both end nodes of every edge every frame, so a node's display is
//! four words (place, index, hit radius); its look lives in one shared table.

use std::cell::RefCell;
use std::sync::Arc;

use eframe::egui::{self, Color32, Mesh, Pos2, Rect, Shape, Stroke, Vec2};
use egui_graphs::{
    DisplayEdge, DisplayNode, DrawContext, EdgeProps, GraphView, GraphViewResponse, Node, NodeProps,
};
use petgraph::Undirected;
use petgraph::stable_graph::{NodeIndex, StableGraph};

use super::marks::{
    add_arrowhead, add_dashed_line, add_line, legend_size, mark_shape, paint_labels, paint_legend,
};
use super::theme::{self, CanvasStyle};
use crate::layout::Point;
use crate::scene::{Mark, TieClass, Vis, palette};
use crate::session::Session;

/// The egui_graphs graph of the canvas: node `i` is Kith's node `i` (hidden nodes are
/// removed, which leaves everyone else's index as it was); an edge carries the index of
/// its pair in [`Session::tie_pairs`].
pub(super) type SocioGraph = egui_graphs::Graph<(), u32, Undirected, u32, NodeShape, TieShape>;

/// The view type of the canvas: Kith's layout feed, nothing of egui_graphs' own layouts.
pub(super) type SocioView = GraphView<FeedState, Feed>;

/// A node as egui_graphs keeps it: where it is, which node it is and how far from its
/// centre a pointer still hits it (graph units). Small on purpose: see the module docs.
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeShape {
    pos: Pos2,
    index: u32,
    hit: f32,
}

impl From<NodeProps<()>> for NodeShape {
    fn from(props: NodeProps<()>) -> Self {
        NodeShape {
            pos: props.location(),
            index: 0,
            hit: 0.0,
        }
    }
}

impl DisplayNode<(), u32, Undirected, u32> for NodeShape {
    fn closest_boundary_point(&self, dir: Vec2) -> Pos2 {
        self.pos + dir.normalized() * self.hit
    }

    fn shapes(&mut self, ctx: &DrawContext) -> Vec<Shape> {
        BATCH.with_borrow_mut(|b| {
            if let Some(b) = b {
                b.node(self, ctx);
            }
        });
        Vec::new()
    }

    fn update(&mut self, state: &NodeProps<()>) {
        self.pos = state.location();
    }

    fn is_inside(&self, pos: Pos2) -> bool {
        self.pos.distance_sq(pos) <= self.hit * self.hit
    }
}

/// How a tie is drawn, from the scene's rules: see [`Frame::colours`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum TieKind {
    /// An ordinary tie.
    #[default]
    Plain,
    /// A tie to a faded node.
    Faded,
    /// A bridge, or a tie inside the ego network shown.
    Strong,
    /// New since the wave shown before.
    Gained,
}

/// A tie as egui_graphs keeps it: its kind, width and arrowheads, set when the view
/// changes, not every frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct TieShape {
    kind: TieKind,
    width: f32,
    forward: bool,
    backward: bool,
}

impl From<EdgeProps<u32>> for TieShape {
    fn from(_: EdgeProps<u32>) -> Self {
        TieShape::default()
    }
}

impl DisplayEdge<(), u32, Undirected, u32, NodeShape> for TieShape {
    fn shapes(
        &mut self,
        start: &Node<(), u32, Undirected, u32, NodeShape>,
        end: &Node<(), u32, Undirected, u32, NodeShape>,
        ctx: &DrawContext,
    ) -> Vec<Shape> {
        BATCH.with_borrow_mut(|b| {
            if let Some(b) = b {
                b.tie(self, start.display(), end.display(), ctx);
            }
        });
        Vec::new()
    }

    fn update(&mut self, _: &EdgeProps<u32>) {}

    fn is_inside(
        &self,
        _: &Node<(), u32, Undirected, u32, NodeShape>,
        _: &Node<(), u32, Undirected, u32, NodeShape>,
        _: Pos2,
    ) -> bool {
        // Ties are not clicked on the canvas: a click goes to the node or the background.
        false
    }
}

/// The layout state egui_graphs loads each frame: the positions the session's layout
/// worker reached. Not saved with the window's state (positions live in the project).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct FeedState {
    #[serde(skip)]
    positions: Arc<Vec<Point>>,
}

impl egui_graphs::LayoutState for FeedState {}

/// egui_graphs' layout step: puts every node where Kith's ForceAtlas2 worker has it,
/// except the node the user is dragging, which egui_graphs moves with the pointer.
#[derive(Debug, Default)]
pub struct Feed {
    state: FeedState,
}

impl egui_graphs::Layout<FeedState> for Feed {
    fn from_state(state: FeedState) -> impl egui_graphs::Layout<FeedState> {
        Feed { state }
    }

    fn next<N, E, Ty, Ix, Dn, De>(
        &mut self,
        g: &mut egui_graphs::Graph<N, E, Ty, Ix, Dn, De>,
        _: &egui::Ui,
    ) where
        N: Clone,
        E: Clone,
        Ty: petgraph::EdgeType,
        Ix: petgraph::stable_graph::IndexType,
        Dn: DisplayNode<N, E, Ty, Ix>,
        De: DisplayEdge<N, E, Ty, Ix, Dn>,
    {
        let positions = &self.state.positions;
        for node in g.g_mut().node_weights_mut() {
            if node.dragged() {
                continue;
            }
            if let Some(p) = positions.get(node.id().index()) {
                node.set_location(Pos2::new(p.x, p.y));
            }
        }
    }

    fn state(&self) -> FeedState {
        self.state.clone()
    }
}

/// How one node looks in the current view: the scene's style, faded or not, selected or
/// not, and its place in the drawing order.
#[derive(Debug, Clone)]
struct NodeLook {
    fill: Color32,
    outline: Color32,
    mark: Mark,
    radius: f32,
    /// Highlight rings from the inside out: colour and width (none when faded).
    rings: Vec<(Color32, f32)>,
    /// How many rings the style has, faded or not: ties stop outside them.
    ring_count: usize,
    faded: bool,
    selected: bool,
    /// Drawn after every node of lower rank.
    rank: u32,
}

/// What every display of a frame shares.
#[derive(Debug, Clone)]
struct Frame {
    node_scale: f32,
    clip: Rect,
    /// Tie colours by [`TieKind`]: plain, faded, strong, gained.
    colors: [Color32; 4],
    style: CanvasStyle,
}

/// One frame's drawing, filled by the displays during `GraphView::show`.
#[derive(Debug)]
struct Batch {
    frame: Frame,
    looks: Arc<[NodeLook]>,
    ties: Mesh,
    nodes: Vec<(u32, Shape)>,
}

thread_local! {
    /// The batch of the frame being drawn; `None` outside [`Sociogram::show`].
    static BATCH: RefCell<Option<Batch>> = const { RefCell::new(None) };
}

impl Batch {
    /// Where a tie ending at node `i` stops: outside its mark and rings, so arrowheads
    /// stay visible.
    fn reach(&self, i: u32) -> f32 {
        self.looks.get(i as usize).map_or(0.0, |l| {
            l.radius * self.frame.node_scale + l.ring_count as f32 * 2.4 + 1.0
        })
    }

    fn node(&mut self, n: &NodeShape, ctx: &DrawContext) {
        let Some(look) = self.looks.get(n.index as usize) else {
            return;
        };
        let c = ctx.meta.canvas_to_screen_pos(n.pos);
        if !self.frame.clip.contains(c) {
            return;
        }
        let style = &self.frame.style;
        let r = look.radius * self.frame.node_scale;
        let outline = Stroke::new(style.node_outline, look.outline);
        self.nodes.push((
            look.rank,
            mark_shape(look.mark, c, r, Some(look.fill), outline),
        ));
        for (k, (color, width)) in look.rings.iter().enumerate() {
            let rr = r + 2.0 + k as f32 * 2.4;
            let ring = Stroke::new(width.max(1.0), *color);
            self.nodes
                .push((look.rank, mark_shape(look.mark, c, rr, None, ring)));
        }
        if look.selected {
            let ring = Stroke::new(style.selected_width, theme::SELECTED);
            self.nodes
                .push((look.rank, Shape::circle_stroke(c, r + 5.0, ring)));
        }
    }

    fn tie(&mut self, t: &TieShape, a: &NodeShape, b: &NodeShape, ctx: &DrawContext) {
        let (pa, pb) = (
            ctx.meta.canvas_to_screen_pos(a.pos),
            ctx.meta.canvas_to_screen_pos(b.pos),
        );
        if !self.frame.clip.intersects(Rect::from_two_pos(pa, pb)) {
            return;
        }
        let color = self.frame.colors[t.kind as usize];
        add_line(&mut self.ties, pa, pb, t.width, color);
        if t.forward {
            let inset = self.reach(b.index);
            add_arrowhead(&mut self.ties, pa, pb, inset, t.width, color);
        }
        if t.backward {
            let inset = self.reach(a.index);
            add_arrowhead(&mut self.ties, pb, pa, inset, t.width, color);
        }
    }
}

/// The study as an egui_graphs graph, with the looks of the current view; rebuilt when
/// the study or the filters change, restyled when the view changes.
#[derive(Debug, Clone, Default)]
pub(super) struct Sociogram {
    graph: SocioGraph,
    /// What the graph was built from: the tie pairs and which nodes the filters hide.
    built: Option<Built>,
    /// The session revision and canvas style the looks were made for.
    styled: Option<(u64, CanvasStyle)>,
    looks: Arc<[NodeLook]>,
    /// The nodes drawn, in drawing order.
    order: Vec<usize>,
    /// The colour of ordinary ties, whose opacity depends on how many are shown.
    tie_color: Color32,
}

/// The tie pairs (node index pairs) and the hidden nodes a graph was built from.
type Built = (Vec<(usize, usize)>, Vec<bool>);

/// How to draw a frame of the sociogram.
#[derive(Debug, Clone, Copy)]
pub(super) struct Drawing<'a> {
    /// The key under which egui_graphs keeps this view's zoom and pan.
    pub id: &'a str,
    /// Screen points per unit of node radius.
    pub node_scale: f32,
    /// Label size, colours and line widths.
    pub style: &'a CanvasStyle,
    /// Where the colour legend goes (`None`: the top right corner).
    pub legend_frame: Option<Rect>,
    /// How far outside its mark and rings a pointer still hits a node, in points.
    pub hit_slack: f32,
}

/// Where the sociogram put things in a frame.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    /// The canvas.
    pub rect: Rect,
    /// Screen points per layout unit.
    pub zoom: f32,
    /// Where layout point (0, 0) is on the screen.
    pub origin: Pos2,
}

impl Placed {
    /// The screen point of a layout point.
    pub fn to_screen(self, p: Point) -> Pos2 {
        self.origin + Vec2::new(p.x, p.y) * self.zoom
    }

    /// The layout point at the centre of the canvas.
    pub fn centre(self) -> Point {
        let d = (self.rect.center() - self.origin) / self.zoom.max(1e-9);
        Point::new(d.x, d.y)
    }
}

impl Sociogram {
    /// The egui_graphs graph.
    pub fn graph(&self) -> &SocioGraph {
        &self.graph
    }

    /// Where node `i` is in graph units now (where the user dragged it, during a drag).
    pub fn location(&self, i: usize) -> Option<Point> {
        let p = self.graph.node(NodeIndex::new(i))?.location();
        Some(Point::new(p.x, p.y))
    }

    /// Brings the graph and the looks up to date with the session.
    pub fn sync(&mut self, session: &Session, style: &CanvasStyle) {
        let key = (session.revision(), *style);
        if self.styled.as_ref() == Some(&key) {
            return;
        }
        self.styled = Some(key);
        let Some(styles) = session.styles() else {
            self.graph = SocioGraph::new();
            self.built = None;
            self.looks = Arc::from(Vec::new());
            self.order.clear();
            return;
        };
        let hidden: Vec<bool> = styles.nodes.iter().map(|s| s.vis == Vis::Hidden).collect();
        let pairs: Vec<(usize, usize)> = session.tie_pairs().iter().map(|p| (p.a, p.b)).collect();
        let built = (pairs, hidden);
        if self.built.as_ref() != Some(&built) {
            self.graph = build(session, &built.1);
            self.built = Some(built);
        }
        self.restyle(session, style);
    }

    /// Sets the looks of nodes and ties for the view: O(nodes + ties), on view changes.
    fn restyle(&mut self, session: &Session, style: &CanvasStyle) {
        let Some(styles) = session.styles() else {
            return;
        };
        let ego = session.ego_nodes();
        let has_ego = ego.iter().any(|&e| e);
        let faded = |i: usize| {
            // Outside a shown ego network everything fades; inside it nothing does.
            if has_ego {
                !ego.get(i).copied().unwrap_or(false)
            } else {
                styles.nodes.get(i).is_none_or(|s| s.vis == Vis::Faded)
            }
        };
        let hidden = |i: usize| styles.nodes.get(i).is_none_or(|s| s.vis == Vis::Hidden);
        let selected = session.selection().map(|s| s.index());

        // Faded first, then larger under smaller, as in the figure.
        let mut order: Vec<usize> = (0..styles.nodes.len()).filter(|&i| !hidden(i)).collect();
        order.sort_by(|&a, &b| {
            faded(b)
                .cmp(&faded(a))
                .then(styles.nodes[b].radius.total_cmp(&styles.nodes[a].radius))
                .then(a.cmp(&b))
        });
        let mut looks: Vec<NodeLook> = styles
            .nodes
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let f = faded(i);
                NodeLook {
                    fill: if f {
                        theme::color_alpha(palette::FADED, 0.8)
                    } else {
                        theme::color(s.fill)
                    },
                    outline: theme::color(s.outline),
                    mark: s.mark,
                    radius: s.radius,
                    rings: if f {
                        Vec::new()
                    } else {
                        s.rings
                            .iter()
                            .map(|r| (theme::color(r.color), r.width))
                            .collect()
                    },
                    ring_count: s.rings.len(),
                    faded: f,
                    selected: Some(i) == selected,
                    rank: u32::MAX,
                }
            })
            .collect();
        for (rank, &i) in order.iter().enumerate() {
            looks[i].rank = rank as u32;
        }

        let pairs = session.tie_pairs();
        let visible_ties = pairs
            .iter()
            .filter(|p| !hidden(p.a) && !hidden(p.b) && !faded(p.a) && !faded(p.b))
            .count();
        self.tie_color = theme::color_alpha(
            palette::TIE,
            (crate::scene::tie_opacity(visible_ties) * style.tie_alpha).min(1.0),
        );
        let (wlo, whi) = session.tie_weight_range();
        let by_weight = session.view().width_by_weight && whi > wlo;
        let change = session.wave_change();
        let edges: Vec<_> = self.graph.g().edge_indices().collect();
        for e in edges {
            let Some(edge) = self.graph.edge_mut(e) else {
                continue;
            };
            let k = *edge.payload() as usize;
            let Some(pair) = pairs.get(k) else {
                continue;
            };
            let (a, b) = (pair.a, pair.b);
            let is_bridge = styles.bridges.binary_search(&(a, b)).is_ok();
            let gained = change.is_some_and(|c| c.gained.get(k).copied().unwrap_or(false));
            let base = if by_weight {
                // The figure's 0.35 to 2.25 units of width, on the canvas's scale.
                style.tie_width * (0.35 + 1.9 * ((pair.weight - wlo) / (whi - wlo)) as f32) / 0.6
            } else {
                style.tie_width
            };
            let (kind, width) = if faded(a) || faded(b) {
                (TieKind::Faded, style.tie_width * 0.7)
            } else if is_bridge || has_ego {
                (TieKind::Strong, base.max(style.tie_width * 1.6))
            } else if gained {
                (TieKind::Gained, base.max(style.tie_width * 1.5))
            } else {
                (TieKind::Plain, base)
            };
            *edge.display_mut() = TieShape {
                kind,
                width,
                forward: !pair.undirected && pair.forward,
                backward: !pair.undirected && pair.backward,
            };
        }
        self.looks = Arc::from(looks);
        self.order = order;
    }

    /// Sets how far from each node's centre a pointer hits it, in graph units, for the
    /// zoom and node size of this frame.
    fn set_hit_radii(&mut self, zoom: f32, node_scale: f32, slack: f32) {
        let zoom = zoom.max(1e-9);
        let looks = Arc::clone(&self.looks);
        for node in self.graph.g_mut().node_weights_mut() {
            let d = node.display_mut();
            let r = looks
                .get(d.index as usize)
                .map_or(1.0, |l| l.radius * node_scale + l.ring_count as f32 * 2.4);
            d.hit = (r + slack) / zoom;
        }
    }

    /// Shows the graph with `view` and paints the frame: ties, nodes, labels and the colour
    /// legend, as `drawing` asks.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        view: SocioView,
        drawing: &Drawing,
    ) -> (GraphViewResponse<u32>, Placed) {
        let Drawing {
            id,
            node_scale,
            style,
            legend_frame,
            hit_slack,
        } = *drawing;
        let zoom = egui_graphs::MetadataFrame::new(Some(id.to_string()))
            .load(ui)
            .zoom;
        self.set_hit_radii(zoom, node_scale, hit_slack);
        egui_graphs::set_layout_state(
            ui,
            FeedState {
                positions: Arc::new(session.positions().to_vec()),
            },
            Some(id.to_string()),
        );
        let clip = ui.available_rect_before_wrap().expand(10.0);
        let change = session.wave_change();
        let t = change.map_or(1.0, |c| {
            c.started.elapsed().as_secs_f32() / theme::WAVE_TRANSITION
        });
        let frame = Frame {
            node_scale,
            clip,
            colors: [
                self.tie_color,
                theme::color_alpha(palette::FADED, theme::FADED_ALPHA),
                theme::color(palette::INK),
                theme::color_alpha(palette::TIE_GAINED, TieClass::Gained.opacity_at(t)),
            ],
            style: *style,
        };
        let ties = session.tie_pairs().len();
        BATCH.set(Some(Batch {
            frame,
            looks: Arc::clone(&self.looks),
            ties: Mesh {
                indices: Vec::with_capacity(ties * 6),
                vertices: Vec::with_capacity(ties * 4),
                ..Default::default()
            },
            nodes: Vec::with_capacity(self.order.len() * 2),
        }));
        let response = view.with_id(Some(id.to_string())).show(ui, &mut self.graph);
        let batch = BATCH.take();

        let rect = response.response.rect;
        let meta = egui_graphs::MetadataFrame::new(Some(id.to_string())).load(ui);
        let placed = Placed {
            rect,
            zoom: meta.zoom,
            origin: rect.min + meta.pan,
        };
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, theme::PAPER);
        let Some(mut batch) = batch else {
            return (response, placed);
        };
        if let Some(c) = change {
            // Lost ties are not in the graph: drawn faint and dashed, fading out.
            let alpha = TieClass::Lost.opacity_at(t).max(theme::LOST_TIE_ALPHA);
            let color = theme::color_alpha(palette::TIE_LOST, alpha);
            let mut lost = Mesh::default();
            for pair in &c.lost {
                let (Some(a), Some(b)) = (self.location(pair.a), self.location(pair.b)) else {
                    continue;
                };
                let (pa, pb) = (placed.to_screen(a), placed.to_screen(b));
                add_dashed_line(&mut lost, pa, pb, style.tie_width, color);
            }
            painter.add(Shape::mesh(lost));
        }
        painter.add(Shape::mesh(std::mem::take(&mut batch.ties)));
        // Stable: a node's rings stay over its mark.
        batch.nodes.sort_by_key(|(rank, _)| *rank);
        painter.extend(batch.nodes.drain(..).map(|(_, s)| s));

        let Some(styles) = session.styles() else {
            return (response, placed);
        };
        let looks = &self.looks;
        let pos = |i: usize| self.location(i).map_or(Pos2::ZERO, |p| placed.to_screen(p));
        let faded = |i: usize| looks.get(i).is_none_or(|l| l.faded);
        paint_labels(
            &painter,
            rect,
            styles,
            &self.order,
            &pos,
            &faded,
            session.selection().map(|s| s.index()),
            node_scale,
            style,
        );
        if let Some(size) = legend_size(&painter, styles, style) {
            // Without a place chosen with the other overlays, the top right corner.
            let g = style.legend_size / theme::LABEL_SIZE;
            let frame = legend_frame.unwrap_or_else(|| {
                Rect::from_min_size(
                    rect.right_top() + Vec2::new(-size.x - 10.0 * g, 10.0 * g),
                    size,
                )
            });
            paint_legend(&painter, frame, styles, style);
        }
        (response, placed)
    }
}

/// The egui_graphs graph of the session's study: every node at its index, one edge per
/// tie pair between nodes the filters show, then the hidden nodes removed (a stable graph
/// keeps everyone else's index).
fn build(session: &Session, hidden: &[bool]) -> SocioGraph {
    let n = hidden.len();
    let pairs = session.tie_pairs();
    let mut pet: StableGraph<(), u32, Undirected, u32> = StableGraph::with_capacity(n, pairs.len());
    for _ in 0..n {
        pet.add_node(());
    }
    for (k, p) in pairs.iter().enumerate() {
        let shown = |i: usize| !hidden.get(i).copied().unwrap_or(true);
        if p.a < n && p.b < n && shown(p.a) && shown(p.b) {
            pet.add_edge(NodeIndex::new(p.a), NodeIndex::new(p.b), k as u32);
        }
    }
    let positions = session.positions();
    let mut graph: SocioGraph = egui_graphs::to_graph_custom(
        &pet,
        |node: &mut Node<(), u32, Undirected, u32, NodeShape>| {
            let i = node.id().index();
            if let Some(p) = positions.get(i) {
                node.set_location(Pos2::new(p.x, p.y));
            }
            node.display_mut().index = i as u32;
        },
        |_| {},
    );
    for (i, _) in hidden.iter().enumerate().filter(|(_, h)| **h) {
        graph.remove_node(NodeIndex::new(i));
    }
    graph
}

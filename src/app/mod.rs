//! The workbench window (egui). UI code only: it reads a [`Study`] through the library and
//! draws it; everything it shows is computed outside this module.

mod theme;

use std::path::PathBuf;

use eframe::egui;
use egui_graphs::{
    Graph, GraphView, Layout, LayoutState, SettingsInteraction, SettingsNavigation, SettingsStyle,
};
use petgraph::stable_graph::StableGraph;

use crate::layout::{self, Kind};
use crate::model::Study;

/// Opens the workbench window on `file`, or on the bundled sample study.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let (study, source, error) = match &file {
        Some(path) => match crate::io::read_path(path, &crate::io::ReadOptions::default()) {
            Ok(s) => (s, crate::io::display_name(path), None),
            Err(e) => (
                crate::sample::bundled(),
                "sample study".to_string(),
                Some(e.to_string()),
            ),
        },
        None => (crate::sample::bundled(), "sample study".to_string(), None),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Kith")
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Kith",
        options,
        Box::new(move |_cc| Ok(Box::new(Workbench::new(study, source, error)))),
    )
    .map_err(|e| anyhow::anyhow!("the window could not be opened: {e}"))
}

/// The open study and its drawing.
struct Workbench {
    study: Study,
    source: String,
    error: Option<String>,
    graph: Graph<(), (), petgraph::Directed>,
}

impl Workbench {
    fn new(study: Study, source: String, error: Option<String>) -> Self {
        let graph = to_graph(&study);
        Workbench {
            study,
            source,
            error,
            graph,
        }
    }

    fn summary_ui(&self, ui: &mut egui::Ui) {
        let (_, components) = self.study.components();
        ui.horizontal(|ui| {
            ui.strong(&self.source);
            ui.separator();
            ui.label(format!(
                "{} nodes · {} ties · {} · {} isolates · {} components",
                self.study.node_count(),
                self.study.tie_count(),
                if self.study.directed {
                    "directed"
                } else {
                    "undirected"
                },
                self.study.isolates().len(),
                components
            ));
        });
        if let Some(e) = &self.error {
            ui.colored_label(theme::ERROR, format!("Could not open the file: {e}"));
        }
    }
}

impl eframe::App for Workbench {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("summary").show(ui, |ui| self.summary_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| {
            GraphView::<FixedState, Fixed>::new()
                .with_interactions(&SettingsInteraction::new().with_dragging_enabled(true))
                .with_navigations(
                    &SettingsNavigation::new()
                        .with_zoom_and_pan_enabled(true)
                        .with_fit_to_screen_enabled(true),
                )
                .with_styles(&SettingsStyle::new().with_labels_always(false))
                .show(ui, &mut self.graph);
        });
    }
}

/// Builds the drawable graph with positions from Kith's ForceAtlas2 layout, coloured by
/// node kind.
fn to_graph(study: &Study) -> Graph<(), (), petgraph::Directed> {
    let mut g: StableGraph<(), ()> = StableGraph::new();
    let idx: Vec<_> = study.nodes().iter().map(|_| g.add_node(())).collect();
    for t in study.ties() {
        g.add_edge(idx[t.source.index()], idx[t.target.index()], ());
    }
    let mut graph = Graph::from(&g);
    let radii = vec![NODE_RADIUS; study.node_count()];
    let points =
        layout::compute(study, &Kind::ForceAtlas2 { iterations: 600 }, &radii, 1).positions;
    for (i, n) in study.nodes().iter().enumerate() {
        if let Some(node) = graph.node_mut(idx[i]) {
            if let Some(p) = points.get(i) {
                node.set_location(egui::pos2(p.x, p.y));
            }
            node.set_label(n.label.clone());
            node.set_color(theme::kind_colour(n.kind));
        }
    }
    graph
}

/// Node radius in layout units, as egui_graphs draws nodes by default.
const NODE_RADIUS: f32 = 5.0;

/// Layout state for positions that Kith computes: nothing to remember.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
struct FixedState;

impl LayoutState for FixedState {}

/// A layout that leaves positions as Kith's layout engine set them.
#[derive(Debug, Default)]
struct Fixed;

impl Layout<FixedState> for Fixed {
    fn from_state(_state: FixedState) -> impl Layout<FixedState> {
        Fixed
    }

    fn next<N, E, Ty, Ix, Dn, De>(&mut self, _g: &mut Graph<N, E, Ty, Ix, Dn, De>, _ui: &egui::Ui)
    where
        N: Clone,
        E: Clone,
        Ty: petgraph::EdgeType,
        Ix: petgraph::stable_graph::IndexType,
        Dn: egui_graphs::DisplayNode<N, E, Ty, Ix>,
        De: egui_graphs::DisplayEdge<N, E, Ty, Ix, Dn>,
    {
    }

    fn state(&self) -> FixedState {
        FixedState
    }
}

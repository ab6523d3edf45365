//! The Metrics table: every node metric, sortable by any column, searchable, linked to the
//! canvas selection, exportable as CSV.

use eframe::egui;

use super::{FileDialog, theme};
use crate::model::NodeId;
use crate::session::{Command, Session};

/// Sort column and search text of the table.
#[derive(Debug, Default)]
pub struct MetricsPanel {
    sort: usize,
    descending: bool,
    filter: String,
    message: Option<String>,
}

const COLUMNS: [&str; 11] = [
    "degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "PageRank",
    "constraint",
    "effective size",
    "community",
    "broker",
    "isolate",
    "cliques",
];

impl MetricsPanel {
    /// The column the table is sorted by (0 is the name), and whether descending.
    pub fn sorting(&self) -> (usize, bool) {
        (self.sort, self.descending)
    }

    /// Draws the table; returns a node to centre when a row was clicked.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        commands: &mut Vec<Command>,
        dialog: &mut dyn FileDialog,
    ) -> Option<usize> {
        let Some(m) = session.full_metrics() else {
            ui.label("Computing metrics…");
            return None;
        };
        let n = &m.nodes;
        let names = session.shown_names();
        let value = |col: usize, i: usize| -> f64 {
            match col {
                1 => n.degree[i] as f64,
                2 => n.betweenness[i],
                3 => n.closeness[i],
                4 => n.eigenvector[i],
                5 => n.pagerank[i],
                6 => n.constraint[i].unwrap_or(f64::NAN),
                7 => n.effective_size[i].unwrap_or(f64::NAN),
                8 => n.community[i] as f64,
                9 => f64::from(u8::from(n.broker[i])),
                10 => f64::from(u8::from(n.isolate[i])),
                _ => n.cliques.as_ref().map_or(f64::NAN, |c| c[i] as f64),
            }
        };
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("Search names")
                    .desired_width(180.0),
            )
            .on_hover_text("Show only people whose name contains this");
            if ui
                .button("Export CSV…")
                .on_hover_text(
                    "Save every node metric as a CSV file, with the columns of kith metrics",
                )
                .clicked()
                && let Some(path) = dialog.save_file("metrics.csv", &["csv"])
            {
                // The table `kith metrics` writes; with names hidden, of the anonymised
                // study (same nodes in the same order, pseudonyms for ids and labels).
                let out = if session.names_hidden() {
                    crate::analysis::table::node_table(
                        &crate::privacy::anonymise(session.study()).study,
                        m,
                    )
                } else {
                    crate::analysis::table::node_table(session.study(), m)
                };
                self.message = Some(match crate::io::save_atomic(&path, out.as_bytes()) {
                    Ok(()) => format!("Saved {}", path.display()),
                    Err(e) => format!("Could not save {}: {e}", path.display()),
                });
            }
            if let Some(msg) = &self.message {
                ui.label(msg);
            }
        });
        let q = self.filter.trim().to_lowercase();
        let mut rows: Vec<usize> = (0..names.len())
            .filter(|&i| q.is_empty() || names[i].to_lowercase().contains(&q))
            .collect();
        let sort = self.sort;
        rows.sort_by(|&a, &b| {
            let o = if sort == 0 {
                names[a].to_lowercase().cmp(&names[b].to_lowercase())
            } else {
                value(sort, a).total_cmp(&value(sort, b))
            };
            o.then(a.cmp(&b))
        });
        if self.descending {
            rows.reverse();
        }
        ui.horizontal(|ui| {
            for (c, title) in std::iter::once("name").chain(COLUMNS).enumerate() {
                let arrow = if c == self.sort {
                    if self.descending { " ⏷" } else { " ⏶" }
                } else {
                    ""
                };
                let w = if c == 0 {
                    theme::NAME_COLUMN_WIDTH
                } else {
                    theme::COLUMN_WIDTH
                };
                if ui
                    .add_sized(
                        [w, theme::ROW_HEIGHT],
                        egui::Button::new(format!("{title}{arrow}")),
                    )
                    .on_hover_text(format!("Sort by {title}"))
                    .clicked()
                {
                    if self.sort == c {
                        self.descending = !self.descending;
                    } else {
                        self.sort = c;
                        self.descending = c != 0;
                    }
                }
            }
        });
        let mut centre = None;
        egui::ScrollArea::vertical().auto_shrink(false).show_rows(
            ui,
            theme::ROW_HEIGHT,
            rows.len(),
            |ui, range| {
                for &i in &rows[range] {
                    ui.horizontal(|ui| {
                        let selected = session.selection().map(|s| s.index()) == Some(i);
                        if ui
                            .add_sized(
                                [theme::NAME_COLUMN_WIDTH, theme::ROW_HEIGHT],
                                egui::Button::selectable(selected, &names[i]),
                            )
                            .on_hover_text("Select and centre this person")
                            .clicked()
                        {
                            commands.push(Command::Select(Some(NodeId(i as u32))));
                            centre = Some(i);
                        }
                        for c in 1..=COLUMNS.len() {
                            let v = value(c, i);
                            let text = if v.is_nan() {
                                "—".to_string()
                            } else if c >= 8 || c == 1 {
                                format!("{v}")
                            } else {
                                format!("{v:.3}")
                            };
                            ui.add_sized(
                                [theme::COLUMN_WIDTH, theme::ROW_HEIGHT],
                                egui::Label::new(text),
                            );
                        }
                    });
                }
            },
        );
        centre
    }
}

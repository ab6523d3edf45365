//! The Metrics table: every node metric, sortable by any column, searchable, linked to the
//! canvas selection, exportable as CSV, Excel or Parquet. The rows come from the node
//! table `kith metrics` writes (a polars DataFrame), which the panel keeps until the
//! metrics or the shown names change; sorting and searching are done on that DataFrame.

use eframe::egui;
use polars::prelude::{BooleanChunked, Column, DataFrame, PolarsResult};
use polars::prelude::{NewChunkedArray, SortMultipleOptions};

use super::panel::{Panel, PanelContext};
use super::theme;
use crate::analysis::table::{ExtraColumns, node_frame};
use crate::io::table::{TableFormat, write_table};
use crate::model::NodeId;
use crate::session::{Command, Session};

/// Sort column and search text of the table.
#[derive(Debug, Default)]
pub struct MetricsPanel {
    sort: usize,
    descending: bool,
    filter: String,
    message: Option<String>,
    table: Option<Table>,
}

/// The shown columns: their titles and the node-table columns they show.
const COLUMNS: [(&str, &str); 11] = [
    ("degree", "degree"),
    ("betweenness", "betweenness"),
    ("closeness", "closeness"),
    ("eigenvector", "eigenvector"),
    ("PageRank", "pagerank"),
    ("constraint", "constraint"),
    ("effective size", "effective_size"),
    ("community", "community"),
    ("broker", "broker"),
    ("isolate", "isolate"),
    ("cliques", "cliques"),
];

/// The node table as the panel keeps it, with the row order last asked for.
#[derive(Debug)]
struct Table {
    /// The metrics and names it was built from.
    generation: u64,
    hidden: bool,
    names: Vec<String>,
    /// The node table `kith metrics` writes (of the anonymised study while names are
    /// hidden: pseudonyms for ids and labels); what "Export table…" saves.
    frame: DataFrame,
    /// `frame` with the row number and the shown name in lower case, to sort and search.
    view: DataFrame,
    /// Every shown column's values as numbers (flags as 0 and 1), for drawing.
    values: Vec<Vec<Option<f64>>>,
    /// The rows in the order shown, for the sort and search they were made with.
    order: Vec<usize>,
    order_for: Option<(usize, bool, String)>,
}

impl Table {
    fn build(session: &Session, names: Vec<String>) -> PolarsResult<Option<Table>> {
        let Some(m) = session.full_metrics() else {
            return Ok(None);
        };
        let frame = if session.names_hidden() {
            node_frame(
                &crate::privacy::anonymise(session.study()).study,
                m,
                &ExtraColumns::default(),
            )?
        } else {
            node_frame(session.study(), m, &ExtraColumns::default())?
        };
        let n = frame.height();
        let row: Vec<u32> = (0..n)
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        let lower: Vec<String> = names.iter().map(|s| s.to_lowercase()).collect();
        let mut view = frame.select(COLUMNS.map(|(_, c)| c))?;
        view.hstack_mut(&[
            Column::new("row".into(), row),
            Column::new("name".into(), lower),
        ])?;
        let values = COLUMNS
            .iter()
            .map(|(_, c)| {
                let s = frame.column(c)?.as_materialized_series();
                let f = s.cast(&polars::prelude::DataType::Float64)?;
                Ok(f.f64()?.iter().collect())
            })
            .collect::<PolarsResult<_>>()?;
        Ok(Some(Table {
            generation: session.metrics_generation(),
            hidden: session.names_hidden(),
            names,
            frame,
            view,
            values,
            order: Vec::new(),
            order_for: None,
        }))
    }

    /// The rows whose shown name contains `query` (already in lower case), sorted by
    /// column `sort` (0 is the name), missing values last, ties in study order.
    fn order(&mut self, sort: usize, descending: bool, query: &str) -> PolarsResult<&[usize]> {
        let key = (sort, descending, query.to_string());
        if self.order_for.as_ref() != Some(&key) {
            let names = self.view.column("name")?.as_materialized_series().str()?;
            let mask: Vec<bool> = names
                .iter()
                .map(|n| query.is_empty() || n.is_some_and(|n| n.contains(query)))
                .collect();
            let by = match sort {
                0 => "name",
                c => COLUMNS.get(c - 1).map_or("name", |(_, col)| col),
            };
            let sorted = self
                .view
                .filter(&BooleanChunked::from_slice("mask".into(), &mask))?
                .sort(
                    [by],
                    SortMultipleOptions::default()
                        .with_order_descending(descending)
                        .with_nulls_last(true)
                        .with_maintain_order(true),
                )?;
            self.order = sorted
                .column("row")?
                .as_materialized_series()
                .u32()?
                .iter()
                .flatten()
                .map(|r| r as usize)
                .collect();
            self.order_for = Some(key);
        }
        Ok(&self.order)
    }
}

/// The formats "Export table…" offers, as file-dialog filters.
fn table_filters() -> Vec<(&'static str, &'static [&'static str])> {
    TableFormat::ALL
        .iter()
        .map(|f| {
            let ext: &'static [&'static str] = match f {
                TableFormat::Csv => &["csv"],
                TableFormat::Excel => &["xlsx"],
                TableFormat::Parquet => &["parquet"],
            };
            (f.name(), ext)
        })
        .collect()
}

impl MetricsPanel {
    /// The column the table is sorted by (0 is the name), and whether descending.
    pub fn sorting(&self) -> (usize, bool) {
        (self.sort, self.descending)
    }
}

impl Panel for MetricsPanel {
    fn title(&self) -> &'static str {
        "Metrics"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let (session, commands, dialog) = (cx.session, &mut *cx.commands, &mut *cx.dialog);
        if session.full_metrics().is_none() {
            ui.label("Computing metrics…");
            return;
        }
        let names = session.shown_names();
        let stale = self.table.as_ref().is_none_or(|t| {
            t.generation != session.metrics_generation()
                || t.hidden != session.names_hidden()
                || t.names != names
        });
        if stale {
            self.table = match Table::build(session, names) {
                Ok(t) => t,
                Err(e) => {
                    ui.label(format!("The table could not be built: {e}"));
                    return;
                }
            };
        }
        let Some(table) = self.table.as_mut() else {
            ui.label("Computing metrics…");
            return;
        };
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("Search names")
                    .desired_width(180.0),
            )
            .on_hover_text("Show only people whose name contains this");
            if ui
                .button("Export table…")
                .on_hover_text(
                    "Save every node metric with the columns of kith metrics, as CSV, Excel \
                     (.xlsx) or Parquet (.parquet): the file name's extension picks the format",
                )
                .clicked()
                && let Some(path) = dialog.save_file_filtered("metrics.csv", &table_filters())
            {
                // The table `kith metrics` writes; with names hidden, of the anonymised
                // study (same nodes in the same order, pseudonyms for ids and labels).
                self.message = Some(match write_table(&table.frame, &path, "metrics") {
                    Ok(()) => format!(
                        "Saved {} ({})",
                        path.display(),
                        TableFormat::of_path(&path).name()
                    ),
                    Err(e) => format!("Could not save {}: {e}", path.display()),
                });
            }
            if let Some(msg) = &self.message {
                ui.label(msg);
            }
        });
        let q = self.filter.trim().to_lowercase();
        let rows = match table.order(self.sort, self.descending, &q) {
            Ok(rows) => rows.to_vec(),
            Err(e) => {
                ui.label(format!("The table could not be sorted: {e}"));
                return;
            }
        };
        ui.horizontal(|ui| {
            let titles = std::iter::once("name").chain(COLUMNS.map(|(title, _)| title));
            for (c, title) in titles.enumerate() {
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
                                egui::Button::selectable(selected, &table.names[i]),
                            )
                            .on_hover_text("Select and centre this person")
                            .clicked()
                        {
                            commands.push(Command::Select(Some(NodeId(i as u32))));
                            centre = Some(i);
                        }
                        for (c, values) in table.values.iter().enumerate() {
                            let text = match values.get(i).copied().flatten() {
                                Some(v) if !v.is_nan() => {
                                    // Counts, communities and flags as whole numbers.
                                    if c >= 7 || c == 0 {
                                        format!("{v}")
                                    } else {
                                        format!("{v:.3}")
                                    }
                                }
                                _ => "—".to_string(),
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
        if centre.is_some() {
            cx.show = centre;
        }
    }
}

//! The Change panel: what changed between two waves (whole network, who left isolation and
//! who became isolated, ties gained and lost, each person's change, change by group),
//! computed off the window's thread.

use std::path::PathBuf;

use eframe::egui;

use super::panel::{Panel, PanelContext};
use super::{FileDialog, theme};
use crate::model::AttrType;
use crate::session::{Command, ExportError, Job, Session};
use crate::waves::{self, Change, CompareOptions, WaveError};

/// Why the waves could not be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChangeError {
    /// The comparison refused the waves or the grouping.
    #[error(transparent)]
    Waves(#[from] WaveError),
    /// The comparison's thread ended without a result.
    #[error("comparison stopped")]
    Stopped,
}

/// The waves compared, the grouping attribute, and the comparison (or the job making it).
#[derive(Default)]
pub struct ChangePanel {
    a: Option<String>,
    b: Option<String>,
    by: Option<String>,
    /// Base-study edit count and choices the result was made for.
    made_for: Option<(u64, String, String, Option<String>)>,
    result: Option<Result<Change, ChangeError>>,
    job: Option<Job<Result<Change, ChangeError>>>,
    /// The animated GIF being made and written, off the window's thread.
    animation: Option<Job<Result<PathBuf, ExportError>>>,
    saved: Option<String>,
    /// The waves side by side, as a picture, and what it was drawn for.
    side_by_side: Option<(u64, Vec<String>, Result<egui::TextureHandle, ExportError>)>,
    show_side_by_side: bool,
}

fn number(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.2}")
        }
    })
}

fn signed(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| {
        if v.fract() == 0.0 {
            format!("{v:+.0}")
        } else {
            format!("{v:+.2}")
        }
    })
}

impl ChangePanel {
    /// The waves from the first chosen to the second, in that order.
    fn shown_waves(&self, names: &[String]) -> Option<Vec<String>> {
        let ia = names.iter().position(|n| Some(n) == self.a.as_ref())?;
        let ib = names.iter().position(|n| Some(n) == self.b.as_ref())?;
        Some(if ia <= ib {
            names[ia..=ib].to_vec()
        } else {
            names[ib..=ia].iter().rev().cloned().collect()
        })
    }

    /// The window with the waves side by side, drawn by the figure renderer.
    fn side_by_side_ui(&mut self, ctx: &egui::Context, session: &Session, names: &[String]) {
        if !self.show_side_by_side {
            return;
        }
        let Some(waves) = self.shown_waves(names) else {
            return;
        };
        // Drawn again when the document changes or the layout has moved and come to rest:
        // drawing a figure every frame of a running layout would stall the window.
        let layout = session.layout();
        let resting = layout.settled() || layout.paused();
        let key = session.revision() ^ (layout.iterations() as u64) << 32;
        if self
            .side_by_side
            .as_ref()
            .is_none_or(|(k, w, _)| *w != waves || *k != key && resting)
        {
            let image = session
                .waves_scene(&waves)
                .map_err(ExportError::from)
                .and_then(|scene| {
                    let (w, _) = crate::render::pixel_size(&scene, 72.0);
                    let dpi = 72.0 * theme::SIDE_BY_SIDE_WIDTH / w.max(1) as f32;
                    let raster = crate::render::raster(&scene, dpi)?;
                    Ok(super::export_dialog::raster_image(&raster))
                });
            let texture = image.map(|img| {
                ctx.load_texture("waves_side_by_side", img, egui::TextureOptions::LINEAR)
            });
            self.side_by_side = Some((key, waves, texture));
        }
        let mut open = true;
        egui::Window::new("Waves side by side")
            .open(&mut open)
            .default_width(theme::SIDE_BY_SIDE_WIDTH + 20.0)
            .show(ctx, |ui| match &self.side_by_side {
                Some((_, _, Ok(tex))) => {
                    ui.add(egui::Image::new(tex).max_width(theme::SIDE_BY_SIDE_WIDTH));
                }
                Some((_, _, Err(e))) => {
                    ui.colored_label(theme::ERROR, e.to_string());
                }
                None => {}
            });
        if !open {
            self.show_side_by_side = false;
        }
    }

    /// The comparison shown, once computed (tests).
    pub fn change(&self) -> Option<&Change> {
        self.result.as_ref().and_then(|r| r.as_ref().ok())
    }

    /// Whether the waves side by side were drawn without an error (tests).
    pub fn side_by_side_drawn(&self) -> bool {
        matches!(&self.side_by_side, Some((_, _, Ok(_))))
    }

    /// Why the comparison failed, if it did.
    pub fn error(&self) -> Option<&ChangeError> {
        self.result.as_ref().and_then(|r| r.as_ref().err())
    }

    /// Blocks until a running comparison finishes (tests).
    pub fn finish(&mut self) {
        if let Some(job) = self.job.take() {
            self.result = job.wait();
        }
    }

    /// Whether an animation is being made.
    pub fn animating(&self) -> bool {
        self.animation.is_some()
    }

    /// Takes the animation's outcome once its job has ended.
    fn poll_animation(&mut self) {
        let Some(out) = self.animation.as_ref().and_then(Job::poll) else {
            return;
        };
        self.animation = None;
        self.saved = Some(match out {
            Ok(Ok(path)) => format!("Saved {}", path.display()),
            Ok(Err(e)) => e.to_string(),
            Err(()) => "The animation stopped before it was written.".into(),
        });
    }

    /// The Save animation button, or the progress of the animation being made with Cancel.
    fn animation_ui(&mut self, ui: &mut egui::Ui, session: &Session, dialog: &mut dyn FileDialog) {
        self.poll_animation();
        if let Some(job) = &self.animation {
            ui.add(
                egui::ProgressBar::new(job.progress.fraction())
                    .desired_width(160.0)
                    .show_percentage(),
            )
            .on_hover_text("Making the animated GIF");
            if ui
                .button("Cancel")
                .on_hover_text("Stop making the animation; nothing is written")
                .clicked()
            {
                job.progress.cancel();
            }
            ui.ctx().request_repaint();
            return;
        }
        if ui
            .button("Save animation…")
            .on_hover_text(
                "An animated GIF of the change from the first wave chosen to the second: \
                 ties fading in and out, everyone in place, two seconds, for slides and \
                 newsletters",
            )
            .clicked()
            && let (Some(a), Some(b)) = (&self.a, &self.b)
            && let Some(path) = dialog.save_file("waves.gif", &["gif"])
        {
            let work = session.export_animation_work(a, b, path);
            self.saved = None;
            match Job::spawn("kith-animation", "Saving the animation", work) {
                Ok(job) => self.animation = Some(job),
                Err(e) => self.saved = Some(format!("The animation could not be started: {e}")),
            }
        }
    }

    fn change_ui(ui: &mut egui::Ui, session: &Session, c: &Change) -> Option<usize> {
        let mut centre = None;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.strong("Whole network");
                egui::Grid::new("change_network")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.label("");
                        ui.strong(&c.wave_a);
                        ui.strong(&c.wave_b);
                        ui.end_row();
                        let (x, y) = (&c.network_a, &c.network_b);
                        let rows: [(&str, String, String); 6] = [
                            ("ties", x.ties.to_string(), y.ties.to_string()),
                            (
                                "density",
                                format!("{:.4}", x.density),
                                format!("{:.4}", y.density),
                            ),
                            (
                                "isolated respondents",
                                x.isolated_respondents.to_string(),
                                y.isolated_respondents.to_string(),
                            ),
                            (
                                "isolates (share)",
                                format!("{} ({:.0}%)", x.isolates, 100.0 * x.isolate_share),
                                format!("{} ({:.0}%)", y.isolates, 100.0 * y.isolate_share),
                            ),
                            (
                                "components",
                                x.components.to_string(),
                                y.components.to_string(),
                            ),
                            (
                                "mean degree",
                                format!("{:.2}", x.mean_degree),
                                format!("{:.2}", y.mean_degree),
                            ),
                        ];
                        for (k, va, vb) in rows {
                            ui.label(k);
                            ui.label(va);
                            ui.label(vb);
                            ui.end_row();
                        }
                    });
                ui.label(format!(
                    "Ties: {} gained, {} lost, {} kept",
                    c.tie_counts.gained, c.tie_counts.lost, c.tie_counts.kept
                ));
            });
            ui.separator();
            for (title, list) in [
                ("Left isolation", &c.left_isolation),
                ("Became isolated", &c.became_isolated),
            ] {
                ui.vertical(|ui| {
                    ui.strong(format!("{title} ({})", list.len()));
                    egui::ScrollArea::vertical()
                        .id_salt(title)
                        .max_height(150.0)
                        .show(ui, |ui| {
                            for p in list {
                                let Some(node) = session.study().find(&p.id) else {
                                    continue;
                                };
                                if ui
                                    .link(session.shown_name(node.index()))
                                    .on_hover_text("Show this person on the canvas")
                                    .clicked()
                                {
                                    centre = Some(node.index());
                                }
                            }
                        });
                });
                ui.separator();
            }
            if let Some(g) = &c.groups {
                ui.vertical(|ui| {
                    ui.strong(format!("Change by {}", g.attribute));
                    egui::Grid::new("change_groups")
                        .striped(true)
                        .show(ui, |ui| {
                            for h in [
                                "group",
                                "n",
                                "Δ degree",
                                "left isolation",
                                "became isolated",
                            ] {
                                ui.strong(h);
                            }
                            for s in &g.scores {
                                ui.strong(format!("Δ {s}"));
                            }
                            ui.end_row();
                            for r in &g.groups {
                                ui.label(if r.small {
                                    format!("{} (small)", r.group)
                                } else {
                                    r.group.clone()
                                });
                                ui.label(r.n.to_string());
                                ui.label(format!("{:+.2}", r.mean_degree_change));
                                ui.label(format!("{} of {}", r.left_isolation, r.isolated_a));
                                ui.label(r.became_isolated.to_string());
                                for v in &r.mean_score_change {
                                    ui.label(signed(*v));
                                }
                                ui.end_row();
                            }
                        });
                    if let Some(p) = g.degree_test.welch_p.or(g.degree_test.anova_p) {
                        ui.label(format!("Difference in degree change: p = {p:.3}"));
                    }
                });
            }
        });
        ui.separator();
        let mut people: Vec<&crate::waves::compare::PersonChange> = c.people.iter().collect();
        people.sort_by(|x, y| {
            let d = |p: &crate::waves::compare::PersonChange| p.degree.delta.unwrap_or(0.0).abs();
            d(y).total_cmp(&d(x)).then(x.label.cmp(&y.label))
        });
        let cell = |ui: &mut egui::Ui, w: f32, text: String| {
            ui.add_sized([w, theme::ROW_HEIGHT], egui::Label::new(text));
        };
        ui.horizontal(|ui| {
            cell(ui, theme::NAME_COLUMN_WIDTH, "person".into());
            for t in [
                "degree",
                "Δ degree",
                "Δ betweenness",
                "Δ constraint",
                "isolation",
            ] {
                cell(ui, theme::COLUMN_WIDTH, t.into());
            }
            for s in &c.scores {
                cell(ui, theme::COLUMN_WIDTH, format!("Δ {s}"));
            }
        });
        egui::ScrollArea::vertical()
            .id_salt("change_people")
            .max_height(theme::CHANGE_TABLE_HEIGHT)
            .show_rows(ui, theme::ROW_HEIGHT, people.len(), |ui, range| {
                for p in &people[range] {
                    ui.horizontal(|ui| {
                        if ui
                            .add_sized(
                                [theme::NAME_COLUMN_WIDTH, theme::ROW_HEIGHT],
                                egui::Button::new(session.shown_name(p.node.index())),
                            )
                            .on_hover_text("Show this person on the canvas")
                            .clicked()
                        {
                            centre = Some(p.node.index());
                        }
                        let w = theme::COLUMN_WIDTH;
                        cell(
                            ui,
                            w,
                            format!("{} → {}", number(p.degree.a), number(p.degree.b)),
                        );
                        cell(ui, w, signed(p.degree.delta));
                        cell(ui, w, signed(p.betweenness.delta));
                        cell(ui, w, signed(p.constraint.delta));
                        cell(
                            ui,
                            w,
                            p.isolation
                                .map_or(p.presence.name(), |i| i.name())
                                .to_string(),
                        );
                        for m in &p.scores {
                            cell(ui, w, signed(m.delta));
                        }
                    });
                }
            });
        centre
    }
}

impl Panel for ChangePanel {
    fn title(&self) -> &'static str {
        "Change"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let (session, dialog) = (cx.session, &mut *cx.dialog);
        let study = session.base_study();
        let names = waves::wave_names(study);
        if names.len() < 2 {
            ui.label(
                "This study has one wave. Import a later survey with File ▸ Import survey \
                 wave… to see what changed.",
            );
            return;
        }
        if self.a.as_ref().is_none_or(|a| !names.contains(a)) {
            self.a = names.first().cloned();
        }
        if self.b.as_ref().is_none_or(|b| !names.contains(b)) {
            self.b = names.last().cloned();
        }
        let groups: Vec<String> = study
            .node_attributes()
            .iter()
            .filter(|a| a.ty() == AttrType::Categorical && !a.name().contains(waves::SEPARATOR))
            .map(|a| a.name().to_string())
            .collect();
        ui.horizontal(|ui| {
            ui.label("From");
            egui::ComboBox::from_id_salt("change_a")
                .selected_text(self.a.clone().unwrap_or_default())
                .show_ui(ui, |ui| {
                    for n in &names {
                        ui.selectable_value(&mut self.a, Some(n.clone()), n);
                    }
                });
            ui.label("to");
            egui::ComboBox::from_id_salt("change_b")
                .selected_text(self.b.clone().unwrap_or_default())
                .show_ui(ui, |ui| {
                    for n in &names {
                        ui.selectable_value(&mut self.b, Some(n.clone()), n);
                    }
                });
            ui.separator();
            ui.label("Change by group of");
            egui::ComboBox::from_id_salt("change_by")
                .selected_text(self.by.clone().unwrap_or_else(|| "—".into()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.by, None, "—");
                    for n in &groups {
                        ui.selectable_value(&mut self.by, Some(n.clone()), n);
                    }
                })
                .response
                .on_hover_text("Compare the change of the groups of this attribute");
            if let Some(Ok(change)) = &self.result
                && ui
                    .button("Save change table…")
                    .on_hover_text("Save one row per person as CSV")
                    .clicked()
                && let Some(path) = dialog.save_file("change.csv", &["csv"])
            {
                let mut change = change.clone();
                if session.names_hidden() {
                    for p in &mut change.people {
                        let name = session.shown_name(p.node.index()).to_string();
                        p.id = name.clone();
                        p.label = name;
                    }
                }
                self.saved = Some(match crate::io::save_atomic(&path, &change.people_csv()) {
                    Ok(()) => format!("Saved {}", path.display()),
                    Err(e) => format!("{}: {e}", path.display()),
                });
            }
            if ui
                .selectable_label(self.show_side_by_side, "Side by side")
                .on_hover_text("Show the waves chosen side by side, everyone in their place")
                .clicked()
            {
                self.show_side_by_side = !self.show_side_by_side;
            }
            if ui
                .button("Figure of the waves…")
                .on_hover_text(
                    "One panel per wave from the first to the second chosen, everyone in their \
                     place, ties kept, gained and lost, one legend (PDF, PNG, SVG, TIFF, JPEG or WebP)",
                )
                .clicked()
            {
                let (ia, ib) = (
                    self.a
                        .as_ref()
                        .and_then(|a| names.iter().position(|n| n == a)),
                    self.b
                        .as_ref()
                        .and_then(|b| names.iter().position(|n| n == b)),
                );
                if let (Some(ia), Some(ib)) = (ia, ib) {
                    let shown: Vec<String> = if ia <= ib {
                        names[ia..=ib].to_vec()
                    } else {
                        names[ib..=ia].iter().rev().cloned().collect()
                    };
                    let ext = session.export_settings().format.extension();
                    if let Some(path) =
                        dialog.save_file(&format!("waves.{ext}"), &super::figure_extensions())
                    {
                        self.saved = Some(match session.export_waves(&shown, &path) {
                            Ok(()) => format!("Saved {}", path.display()),
                            Err(e) => e.to_string(),
                        });
                    }
                }
            }
            self.animation_ui(ui, session, dialog);
            if let Some(s) = &self.saved {
                ui.label(s);
            }
        });
        self.side_by_side_ui(ui.ctx(), session, &names);
        let (a, b) = (
            self.a.clone().unwrap_or_default(),
            self.b.clone().unwrap_or_default(),
        );
        let wanted = (session.edit_count(), a.clone(), b.clone(), self.by.clone());
        if self.made_for.as_ref() != Some(&wanted) {
            self.made_for = Some(wanted);
            let study = study.clone();
            let options = CompareOptions {
                by: self.by.clone(),
                ..CompareOptions::default()
            };
            self.result = None;
            self.job = Job::spawn("kith-change", "Comparing waves", move |_| {
                waves::compare(&study, &a, &b, &options).map_err(ChangeError::from)
            })
            .ok();
        }
        if let Some(job) = &self.job {
            match job.poll() {
                Some(r) => {
                    self.result = Some(r.unwrap_or(Err(ChangeError::Stopped)));
                    self.job = None;
                }
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Comparing the waves…");
                    });
                    ui.ctx().request_repaint();
                    return;
                }
            }
        }
        let chosen = match &self.result {
            Some(Ok(change)) => {
                // Scrolls inside the panel rather than growing it over the canvas.
                egui::ScrollArea::vertical()
                    .id_salt("change")
                    .auto_shrink(false)
                    .show(ui, |ui| Self::change_ui(ui, session, change))
                    .inner
            }
            Some(Err(e)) => {
                ui.colored_label(theme::ERROR, e.to_string());
                None
            }
            None => None,
        };
        // A person picked in a list is selected and shown on the canvas.
        if let Some(i) = chosen {
            cx.commands
                .push(Command::Select(Some(crate::model::NodeId(i as u32))));
            cx.show = Some(i);
        }
    }
}

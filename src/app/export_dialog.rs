//! The export dialog: format, page or pixel size, DPI, title, caption, legend on/off, anonymise,
//! with a preview rendered by the same renderer as the file, so the file looks like the canvas.

use eframe::egui;

use super::{FileDialog, theme};
use crate::layout::Layout;
use crate::render::{self, FigureFormat};
use crate::scene::{self, Canvas, View};
use crate::session::project::{ExportFormat, ExportSettings};
use crate::session::{Command, ExportError, Job, Progress, Session};

/// The dialog's settings.
pub struct ExportDialog {
    format: FigureFormat,
    page: usize,
    width_px: u32,
    height_px: u32,
    dpi: f32,
    title: String,
    caption: String,
    anonymise: bool,
    legend: bool,
    preview: Option<(u64, egui::TextureHandle)>,
    message: Option<String>,
    /// The figure being copied to the clipboard, if any.
    copying: Option<FigureCopy>,
    /// The last file written (tests look for it).
    pub written: Option<std::path::PathBuf>,
    /// Edits to send to the document after an export: the settings, title, caption,
    /// legend and names, so the project draws the same figure again.
    pub commands: Vec<Command>,
    settings: ExportSettings,
}

const PAGES: [(&str, Canvas); 3] = [
    ("A4 landscape", Canvas::A4),
    ("A5 landscape", Canvas::A5),
    (
        "Screen image",
        Canvas::Pixels {
            width: 1600,
            height: 1000,
        },
    ),
];

impl ExportDialog {
    /// A dialog starting from the view's title and caption and the project's last export
    /// settings.
    pub fn new(view: &View, settings: &ExportSettings) -> Self {
        let (page, width_px, height_px) = match settings.canvas {
            Canvas::Pixels { width, height } => (2, width, height),
            c => (
                PAGES.iter().position(|(_, p)| *p == c).unwrap_or(0),
                1600,
                1000,
            ),
        };
        ExportDialog {
            format: settings.format.render_format(),
            page,
            width_px,
            height_px,
            dpi: settings.dpi,
            title: view.title.clone().unwrap_or_default(),
            caption: view.caption.clone().unwrap_or_default(),
            anonymise: view.anonymise,
            legend: view.legend,
            preview: None,
            message: None,
            copying: None,
            written: None,
            commands: Vec::new(),
            settings: settings.clone(),
        }
    }

    /// The edits that make the project draw what was just exported.
    fn remember(&mut self, session: &Session, path: &std::path::Path) {
        let v = self.view(session);
        let settings = ExportSettings {
            format: ExportFormat::of(self.format),
            canvas: v.canvas,
            dpi: self.dpi,
            directory: path.parent().map(std::path::Path::to_path_buf),
            file_name: path.file_name().map(|f| f.to_string_lossy().into_owned()),
        };
        if &settings != session.export_settings() {
            self.commands
                .push(Command::SetExport(Box::new(settings.clone())));
        }
        self.settings = settings;
        let now = session.view();
        if (&v.title, &v.caption) != (&now.title, &now.caption) {
            self.commands.push(Command::TitleCaption {
                title: v.title.clone(),
                caption: v.caption.clone(),
            });
        }
        if v.legend != now.legend {
            self.commands.push(Command::Legend(v.legend));
        }
        if v.anonymise != now.anonymise {
            self.commands.push(Command::Anonymise(v.anonymise));
        }
    }

    fn view(&self, session: &Session) -> View {
        let mut v = session.view().for_export();
        v.canvas = match PAGES[self.page].1 {
            Canvas::Pixels { .. } => Canvas::Pixels {
                width: self.width_px,
                height: self.height_px,
            },
            c => c,
        };
        v.title = (!self.title.trim().is_empty()).then(|| self.title.clone());
        v.caption = (!self.caption.trim().is_empty()).then(|| self.caption.clone());
        v.anonymise = self.anonymise;
        v.legend = self.legend;
        // The figure is what the canvas shows: with someone selected, their ego network
        // in focus and the rest faded, as far as the Inspector's steps reach.
        if let Some(node) = session.selection().and_then(|s| session.study().node(s)) {
            v.highlights.push(scene::Highlight::Ego(node.id.clone()));
            v.ego_steps = session.ego_steps();
        }
        v
    }

    /// What the figure holds besides the network, in one sentence, so nobody is surprised
    /// by what the file shows.
    fn included(&self, session: &Session) -> String {
        let v = self.view(session);
        let mut parts: Vec<String> = Vec::new();
        if let Some(r) = session.relations() {
            let names: Vec<&str> = r.iter().map(String::as_str).collect();
            parts.push(format!("the ties of {}", names.join(", ")));
        }
        if let Some(w) = session.wave() {
            parts.push(format!("wave {w}"));
        }
        if let Some(sel) = session.selection() {
            let steps = session.ego_steps();
            parts.push(format!(
                "the ego network of {} ({steps} step{}), the rest faded",
                session.shown_name(sel.index()),
                if steps == 1 { "" } else { "s" }
            ));
        }
        if !v.filters.is_empty() {
            let how = match v.filter_mode {
                scene::FilterMode::Hide => "hiding",
                scene::FilterMode::Fade => "fading",
            };
            parts.push(format!(
                "{} filter{} {how} people",
                v.filters.len(),
                if v.filters.len() == 1 { "" } else { "s" }
            ));
        }
        let rings: Vec<&str> = v
            .highlights
            .iter()
            .filter_map(|h| match h {
                scene::Highlight::Isolates => Some("isolates"),
                scene::Highlight::Brokers => Some("brokers"),
                scene::Highlight::CutPoints => Some("cut points"),
                scene::Highlight::Bridges => Some("bridges"),
                scene::Highlight::Ego(_) => None,
            })
            .collect();
        if !rings.is_empty() {
            parts.push(format!("{} marked", rings.join(" and ")));
        }
        if !v.callouts.is_empty() {
            parts.push(format!(
                "{} note{}",
                v.callouts.len(),
                if v.callouts.len() == 1 { "" } else { "s" }
            ));
        }
        if parts.is_empty() {
            "The figure shows the canvas as it is: the whole network.".to_string()
        } else {
            format!(
                "The figure shows the canvas as it is: {}.",
                parts.join("; ")
            )
        }
    }

    fn scene(&self, session: &Session) -> Result<scene::Scene, scene::SceneError> {
        let layout = Layout {
            positions: session.positions().to_vec(),
            groups: Vec::new(),
        };
        scene::build(
            session.study(),
            &layout,
            session.node_metrics(),
            &self.view(session),
        )
    }

    /// Writes the figure to `path`.
    pub fn export_to(
        &mut self,
        session: &Session,
        path: &std::path::Path,
    ) -> Result<(), ExportError> {
        let scene = self.scene(session)?;
        render::write(&scene, self.format, self.dpi, path)?;
        self.written = Some(path.to_path_buf());
        self.remember(session, path);
        Ok(())
    }

    /// Starts putting the figure on the clipboard at the chosen size: the figure is drawn
    /// now, its pixels made off the window's thread ([`FigureCopy::poll`] copies them).
    pub fn copy_figure(&self, session: &Session) -> Result<FigureCopy, CopyError> {
        let scene = self.scene(session)?;
        let dpi = self.dpi;
        let job = Job::spawn("kith-copy", "Copying the figure", move |_: &Progress| {
            render::raster(&scene, dpi).map(|raster| raster_image(&raster))
        })?;
        Ok(FigureCopy { job })
    }

    /// Draws the dialog; returns false when it is closed.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        dialog: &mut dyn FileDialog,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Export figure")
            .open(&mut open)
            .collapsible(false)
            .default_width(theme::PREVIEW_WIDTH + 40.0)
            .show(ctx, |ui| {
                egui::Grid::new("export").num_columns(2).show(ui, |ui| {
                    ui.label("Format");
                    ui.horizontal(|ui| {
                        for f in FigureFormat::ALL {
                            ui.selectable_value(&mut self.format, f, f.name())
                                .on_hover_text(format_hint(f));
                        }
                    });
                    ui.end_row();
                    ui.label("Size");
                    egui::ComboBox::from_id_salt("page")
                        .selected_text(PAGES[self.page].0)
                        .show_ui(ui, |ui| {
                            for (k, (name, _)) in PAGES.iter().enumerate() {
                                ui.selectable_value(&mut self.page, k, *name);
                            }
                        })
                        .response
                        .on_hover_text("A printed page or a screen image");
                    ui.end_row();
                    if matches!(PAGES[self.page].1, Canvas::Pixels { .. }) {
                        ui.label("Pixels");
                        ui.horizontal(|ui| {
                            ui.add(egui::DragValue::new(&mut self.width_px).range(200..=8000))
                                .on_hover_text("Width in pixels");
                            ui.label("×");
                            ui.add(egui::DragValue::new(&mut self.height_px).range(200..=8000))
                                .on_hover_text("Height in pixels");
                        });
                        ui.end_row();
                    }
                    ui.label("DPI");
                    ui.add(egui::Slider::new(&mut self.dpi, 72.0..=600.0))
                        .on_hover_text(
                            "Resolution of a PNG, TIFF, JPEG or WebP of a printed page \
                             (journals ask for 300 or 600)",
                        );
                    ui.end_row();
                    ui.label("Title");
                    ui.text_edit_singleline(&mut self.title)
                        .on_hover_text("Title above the figure");
                    ui.end_row();
                    ui.label("Caption");
                    ui.text_edit_singleline(&mut self.caption)
                        .on_hover_text("Caption below the figure; empty for the counts");
                    ui.end_row();
                    ui.label("");
                    ui.checkbox(&mut self.anonymise, "Hide names")
                        .on_hover_text("Replace names with pseudonyms in the figure");
                    ui.end_row();
                    if self.anonymise {
                        ui.label("");
                        let (note, why) = names_hidden_note(session);
                        ui.scope(|ui| {
                            ui.set_max_width(NOTE_WIDTH);
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(note).size(theme::NOTE_SIZE).weak(),
                                )
                                .wrap(),
                            )
                            .on_hover_text(why);
                        });
                        ui.end_row();
                    }
                    ui.label("");
                    ui.checkbox(&mut self.legend, "Legend").on_hover_text(
                        "Explain colours, sizes, marks and highlights beside the network",
                    );
                    ui.end_row();
                });
                ui.label(egui::RichText::new(self.included(session)).size(theme::NOTE_SIZE));
                self.preview_ui(ui, session);
                ui.horizontal(|ui| {
                    if ui
                        .button("Export…")
                        .on_hover_text("Choose where to save the figure")
                        .clicked()
                    {
                        let ext = self.format.extension();
                        let name = self
                            .settings
                            .file_name
                            .as_deref()
                            .and_then(|f| f.rsplit_once('.').map(|(stem, _)| stem))
                            .map_or(format!("sociogram.{ext}"), |stem| format!("{stem}.{ext}"));
                        if let Some(path) = dialog.save_file(&name, &[ext]) {
                            self.message = Some(match self.export_to(session, &path) {
                                Ok(()) => format!("Saved {}", path.display()),
                                Err(e) => e.to_string(),
                            });
                        }
                    }
                    if ui
                        .button("Copy figure")
                        .on_hover_text(
                            "Put the figure on the clipboard at the chosen size, to paste \
                             into slides (Ctrl+Shift+C)",
                        )
                        .clicked()
                        && self.copying.is_none()
                    {
                        match self.copy_figure(session) {
                            Ok(copy) => {
                                self.copying = Some(copy);
                                self.message = None;
                            }
                            Err(e) => self.message = Some(e.to_string()),
                        }
                    }
                    if ui
                        .button("Close")
                        .on_hover_text("Close this dialog")
                        .clicked()
                    {
                        close = true;
                    }
                });
                if let Some(copy) = &self.copying {
                    if let Some(m) = copy.poll(ctx) {
                        self.message = Some(m);
                        self.copying = None;
                    } else {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("Copying the figure…");
                            if ui.button("Cancel").clicked() {
                                self.copying = None;
                            }
                        });
                        ctx.request_repaint();
                    }
                }
                if let Some(m) = &self.message {
                    ui.label(m);
                }
            });
        open && !close
    }

    /// What the preview is drawn from: the document's revision, the selection and its ego
    /// steps, and every setting of the dialog (a changed letter of the title included), so
    /// any change draws it again.
    fn preview_key(&self, session: &Session) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        session.revision().hash(&mut h);
        session.selection().map(|s| s.index()).hash(&mut h);
        session.ego_steps().hash(&mut h);
        (self.format as u8).hash(&mut h);
        self.page.hash(&mut h);
        (self.width_px, self.height_px).hash(&mut h);
        self.dpi.to_bits().hash(&mut h);
        self.title.hash(&mut h);
        self.caption.hash(&mut h);
        (self.anonymise, self.legend).hash(&mut h);
        h.finish()
    }

    fn preview_ui(&mut self, ui: &mut egui::Ui, session: &Session) {
        let key = self.preview_key(session);
        if self.preview.as_ref().is_none_or(|(k, _)| *k != key) {
            let image = self.scene(session).ok().and_then(|s| {
                let (w, _) = render::pixel_size(&s, 72.0);
                let dpi = 72.0 * theme::PREVIEW_WIDTH / w.max(1) as f32;
                render::raster(&s, dpi).ok().map(|r| raster_image(&r))
            });
            if let Some(img) = image {
                let tex =
                    ui.ctx()
                        .load_texture("export_preview", img, egui::TextureOptions::LINEAR);
                self.preview = Some((key, tex));
            }
        }
        if let Some((_, tex)) = &self.preview {
            ui.add(egui::Image::new(tex).max_width(theme::PREVIEW_WIDTH));
        }
    }
}

/// A figure's pixels as an egui image (previews, the clipboard).
pub(super) fn raster_image(raster: &render::Raster) -> egui::ColorImage {
    egui::ColorImage::from_rgb([raster.width as usize, raster.height as usize], &raster.rgb)
}

/// What each format is for, in the format buttons' tooltips.
fn format_hint(format: FigureFormat) -> &'static str {
    match format {
        FigureFormat::Png => "Save as PNG: sharp pixels for documents and the web, with the DPI",
        FigureFormat::Svg => "Save as SVG: lines and text that stay sharp at any size, and edit",
        FigureFormat::Pdf => "Save as PDF: a page for print, text kept as text",
        FigureFormat::Tiff => {
            "Save as TIFF (LZW): what journals such as PLOS ask for, with the DPI"
        }
        FigureFormat::Jpeg => "Save as JPEG (quality 92): small files for e-mail and newsletters",
        FigureFormat::Webp => "Save as WebP (lossless): small sharp files for the web",
    }
}

/// How wide the note under "Hide names" may grow before it wraps.
const NOTE_WIDTH: f32 = 420.0;

/// What a figure with names hidden leaves out, in words for the dialog: pseudonyms for
/// people and the identifying columns that are never drawn; and, for its tooltip, why each
/// column counts as identifying.
fn names_hidden_note(session: &Session) -> (String, String) {
    let removed: Vec<crate::privacy::Verdict> = crate::privacy::classify(session.study())
        .into_iter()
        .filter(|v| !v.tie && v.identifying.is_some())
        .collect();
    let mut note = "People appear as P001, P002, …; names in the title, caption and notes \
                    are replaced."
        .to_string();
    if !removed.is_empty() {
        let names: Vec<&str> = removed.iter().map(|v| v.column.as_str()).collect();
        note.push_str(&format!(
            " Columns that identify people are never drawn: {}.",
            names.join(", ")
        ));
    }
    let why: Vec<String> = removed.iter().map(|v| v.describe()).collect();
    let why = if why.is_empty() {
        "No column of this study identifies people.".to_string()
    } else {
        why.join("\n")
    };
    (note, why)
}

/// Why Copy figure could not start.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The view names something the study lacks.
    #[error("The figure could not be copied: {0}")]
    Scene(#[from] scene::SceneError),
    /// The thread that makes the pixels could not be started.
    #[error("The figure could not be copied: {0}")]
    Start(#[from] std::io::Error),
}

/// The figure's pixels being made for the clipboard on a thread of their own. Dropping it
/// cancels the copy: the pixels made are thrown away.
pub struct FigureCopy {
    job: Job<Result<egui::ColorImage, render::RenderError>>,
}

impl FigureCopy {
    /// Once the pixels are made: puts them on the clipboard and says what happened.
    pub fn poll(&self, ctx: &egui::Context) -> Option<String> {
        Some(match self.job.poll()? {
            Ok(Ok(image)) => {
                let [w, h] = image.size;
                // egui hands the image to the window's clipboard, which keeps serving it
                // after this frame (on X11 the copying program must stay alive for that).
                ctx.copy_image(image);
                format!("Copied the figure ({w} × {h} pixels) to the clipboard")
            }
            Ok(Err(e)) => format!("The figure could not be copied: {e}"),
            Err(()) => "The figure could not be copied: its drawing stopped".to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_refreshes_the_preview() {
        let session =
            Session::new(crate::sample::bundled(), crate::session::Source::default()).unwrap();
        let mut d = ExportDialog::new(session.view(), session.export_settings());
        d.title = "Ann".into();
        let before = d.preview_key(&session);
        assert_eq!(
            before,
            d.preview_key(&session),
            "the same settings, the same key"
        );
        let changes: [&dyn Fn(&mut ExportDialog); 7] = [
            &|d| d.title = "Bob".into(),
            &|d| d.caption = "n = 150".into(),
            &|d| d.page = 1,
            &|d| d.width_px = 1200,
            &|d| d.dpi = 300.0,
            &|d| d.format = FigureFormat::Svg,
            &|d| d.legend = !d.legend,
        ];
        for change in changes {
            let mut e = ExportDialog::new(session.view(), session.export_settings());
            e.title = "Ann".into();
            change(&mut e);
            assert_ne!(e.preview_key(&session), before);
        }
    }
}

//! The workbench window (egui). UI code only: panels read the [`Session`] and push
//! [`Command`]s, which [`Workbench`] applies once a frame; everything shown is computed by
//! the library.

mod canvas;
mod change;
mod data;
mod export_dialog;
mod filter;
mod flags;
mod groups;
mod import_wizard;
mod inspector;
mod marks;
mod metrics;
mod models;
mod painter;
mod panel;
mod presentation;
mod review_window;
mod search;
mod sociogram;
mod style;
mod theme;
mod views;
mod wave_import;
mod workbench;

use std::path::{Path, PathBuf};

use eframe::egui;

pub use canvas::SociogramCanvas;
pub use marks::LABELS_DRAWN;
pub use models::{ModelsError, ModelsPanel, Shown};
pub use painter::paint_frame;
pub use presentation::Presentation;
pub use wave_import::WaveImportOutcome as WaveOutcome;
pub use workbench::{Opened, Workbench, WorkbenchSettings};

use crate::session::{Session, Source};

/// The native file dialog, behind a trait so that tests can fake it.
pub trait FileDialog {
    /// Asks for a file to open.
    fn open_file(&mut self) -> Option<PathBuf>;
    /// Asks where to save a file, suggesting `name` and offering `extensions`.
    fn save_file(&mut self, name: &str, extensions: &[&str]) -> Option<PathBuf>;
    /// Asks where to save a file, suggesting `name` and offering one filter per format
    /// (its name and extensions); the chosen name's extension decides the format.
    fn save_file_filtered(&mut self, name: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf> {
        let all: Vec<&str> = filters
            .iter()
            .flat_map(|(_, e)| e.iter().copied())
            .collect();
        self.save_file(name, &all)
    }
}

/// The desktop's own file dialog (through the XDG portal on Linux).
#[derive(Debug, Default)]
pub struct NativeDialog;

impl FileDialog for NativeDialog {
    fn open_file(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open a survey or network file")
            .add_filter(
                "Surveys and networks",
                &[
                    "csv", "tsv", "txt", "xlsx", "xls", "ods", "graphml", "gexf", "net", "paj",
                    "dl",
                ],
            )
            .add_filter("All files", &["*"])
            .pick_file()
    }

    fn save_file(&mut self, name: &str, extensions: &[&str]) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_file_name(name)
            .add_filter("Figure", extensions)
            .save_file()
    }

    fn save_file_filtered(&mut self, name: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf> {
        filters
            .iter()
            .fold(
                rfd::FileDialog::new().set_file_name(name),
                |d, (title, ext)| d.add_filter(*title, ext),
            )
            .save_file()
    }
}

/// Opens the workbench window on `file`, or on the bundled sample study, coloured by
/// `colour_by` when given (an unknown name shows the usual style message in the window),
/// in presentation mode when `present`.
pub fn run(file: Option<PathBuf>, color_by: Option<String>, present: bool) -> anyhow::Result<()> {
    let mut session = Session::new(crate::sample::bundled(), sample_source())
        .map_err(|e| anyhow::anyhow!("the layout thread could not start: {e}"))?;
    if color_by.is_some() {
        session.apply(crate::session::Command::ColorBy(color_by));
    }
    let options = eframe::NativeOptions {
        viewport: with_icon(
            egui::ViewportBuilder::default()
                .with_title("Kith")
                .with_app_id(APP_ID)
                .with_inner_size([1440.0, 900.0])
                .with_drag_and_drop(true),
        ),
        ..Default::default()
    };
    eframe::run_native(
        "Kith",
        options,
        Box::new(move |cc| {
            let settings: WorkbenchSettings = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            let mut wb = Workbench::new(session, Box::new(NativeDialog), settings)
                .with_recovery(crate::session::project::RecoveryDir::user());
            if let Some(path) = &file {
                wb.open_path(path);
            }
            if present {
                wb.present();
            }
            Ok(Box::new(wb))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not be opened: {e}"))
}

/// Where the bundled sample comes from.
pub fn sample_source() -> Source {
    Source {
        name: crate::sample::SOURCE_NAME.into(),
        path: None,
        recipe: None,
    }
}

/// A short name for a path, for titles and lists: the file name, as a long temporary or
/// network path would push the rest of a title out of the window.
/// The extensions of every figure format, for the save dialog's filter.
fn figure_extensions() -> Vec<&'static str> {
    crate::render::FigureFormat::ALL
        .iter()
        .map(|f| f.extension())
        .collect()
}

fn short(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| crate::io::display_name(path))
}

/// The application id: the desktop entry's name, so desktops match the window to its menu
/// entry and icon.
const APP_ID: &str = "org.kith.Kith";

/// Gives the window the Kith icon; a window without one is still usable, so a decoding
/// failure only leaves the default icon.
fn with_icon(viewport: egui::ViewportBuilder) -> egui::ViewportBuilder {
    let png = include_bytes!("../../assets/icons/hicolor/256x256/apps/kith.png");
    match eframe::icon_data::from_png_bytes(png) {
        Ok(icon) => viewport.with_icon(icon),
        Err(_) => viewport,
    }
}

//! What the window tests share: a file dialog that answers with set paths.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use egui_kittest::Harness;
use kith::app::{FileDialog, Workbench, WorkbenchSettings};
use kith::session::Session;

/// File-dialog filters: each format's name and extensions.
pub type Filters = Vec<(String, Vec<String>)>;

/// A file dialog that answers with set paths.
#[derive(Clone, Default)]
pub struct FakeDialog {
    /// What "Open" answers.
    pub open: Arc<Mutex<Option<PathBuf>>>,
    /// What "Save" answers.
    pub save: Arc<Mutex<Option<PathBuf>>>,
    /// The filters the last filtered "Save" offered: each format's name and extensions.
    pub filters: Arc<Mutex<Filters>>,
}

impl FileDialog for FakeDialog {
    fn open_file(&mut self) -> Option<PathBuf> {
        self.open.lock().unwrap().clone()
    }
    fn save_file(&mut self, _name: &str, _ext: &[&str]) -> Option<PathBuf> {
        self.save.lock().unwrap().clone()
    }
    fn save_file_filtered(&mut self, _name: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf> {
        *self.filters.lock().unwrap() = filters
            .iter()
            .map(|(n, e)| (n.to_string(), e.iter().map(|e| e.to_string()).collect()))
            .collect();
        self.save.lock().unwrap().clone()
    }
}

/// A 1400 x 900 window on `study`, its layout settled and its metrics computed.
pub fn window(
    study: kith::model::Study,
    source: kith::session::Source,
    dialog: FakeDialog,
) -> Harness<'static, Workbench> {
    window_sized(study, source, dialog, [1400.0, 900.0])
}

/// [`window`] of `size`.
pub fn window_sized(
    study: kith::model::Study,
    source: kith::session::Source,
    dialog: FakeDialog,
    size: [f32; 2],
) -> Harness<'static, Workbench> {
    let session = Session::new(study, source).unwrap();
    let wb = Workbench::new(session, Box::new(dialog), WorkbenchSettings::default());
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, wb: &mut Workbench| wb.ui(ui), wb);
    h.state_mut().session_mut().settle();
    h.run_steps(3);
    h
}

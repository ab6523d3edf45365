//! What the window tests share: a file dialog that answers with set paths.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use kith::app::FileDialog;

/// A file dialog that answers with set paths.
#[derive(Clone, Default)]
pub struct FakeDialog {
    /// What "Open" answers.
    pub open: Arc<Mutex<Option<PathBuf>>>,
    /// What "Save" answers.
    pub save: Arc<Mutex<Option<PathBuf>>>,
}

impl FileDialog for FakeDialog {
    fn open_file(&mut self) -> Option<PathBuf> {
        self.open.lock().unwrap().clone()
    }
    fn save_file(&mut self, _name: &str, _ext: &[&str]) -> Option<PathBuf> {
        self.save.lock().unwrap().clone()
    }
}

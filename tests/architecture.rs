//! The layering rule: only the workbench (`src/app/`) may know about egui, so that the
//! model, readers, analysis, layout, scene and renderers stay testable without a window.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_app_module_mentions_egui() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "source files not found");
    let app = src.join("app");
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(&app) && !f.ends_with("main.rs"))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            text.contains("egui") || text.contains("eframe")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "egui outside src/app: {offenders:?}");
}
